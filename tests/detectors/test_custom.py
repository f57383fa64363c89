"""User-declared detectors: patterns, validators, context words, deny-lists."""

from __future__ import annotations

import pytest
import re2

from detectors.base import score
from detectors.custom import CustomPatternDetector, deny_list_detector, iban, luhn
from tests.detectors.fieldkit import evidence, field


def test_pattern_with_context_words_required() -> None:
    det = CustomPatternDetector(
        name="employee_id",
        category="user.unique_id",
        pattern=r"EMP-\d{6}",
        context=("employee", "staff"),
        requires_context=True,
    )
    values = [f"EMP-{100000 + i}" for i in range(20)]
    ev = evidence(det, field("staff_ref", values))
    assert ev is not None and ev.category == "user.unique_id" and score(ev) >= 0.9
    assert evidence(det, field("ticket", values)) is None  # no context word in the name


def test_validator_runs_on_candidates() -> None:
    det = CustomPatternDetector(
        name="iban", category="user.financial.bank_account",
        pattern=r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?", validator="iban",
    )  # fmt: skip
    good = ["DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432"] * 5
    bad = ["DE00 3704 0044 0532 0130 00"] * 10
    assert evidence(det, field("account", good)).matches == 10
    assert evidence(det, field("account", bad)) is None
    assert luhn("4111 1111 1111 1111") and not luhn("4111 1111 1111 1112")
    assert iban("DE89370400440532013000") and not iban("DE8937040044053201300X")


def test_bad_declarations_are_refused() -> None:
    with pytest.raises(re2.error):
        CustomPatternDetector(name="x", category="user", pattern=r"(?<=a)b")  # look-behind
    with pytest.raises(ValueError, match="unknown validator"):
        CustomPatternDetector(name="x", category="user", pattern="a", validator="crc")


def test_deny_list_counts_listed_words_only() -> None:
    det = deny_list_detector("vip_names", "user.name", ["Ada Lovelace", "Grace Hopper"])
    values = ["call ada lovelace today", "Grace Hopper's order", "nothing", "Adam Lovelaces"]
    ev = evidence(det, field("notes", values))
    assert ev is not None and ev.matches == 2

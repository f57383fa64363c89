"""Card security codes: named fields, or a bare `code` beside a card number."""

from __future__ import annotations

import pytest

from detectors.base import score
from detectors.card_security_code import CardSecurityCodeDetector
from tests.detectors.fieldkit import evidence, field

DETECTOR = CardSecurityCodeDetector()
CODES = [f"{(i * 37) % 1000:03d}" for i in range(40)]


@pytest.mark.parametrize("name", ["cvv", "card_cvc", "security_code", "payment.cvv2"])
def test_fields_named_for_the_code(name: str) -> None:
    ev = evidence(DETECTOR, field(name, CODES))
    assert ev is not None and ev.category == "user.financial.credit_card" and score(ev) >= 0.9
    assert all("*" in e and not any(c.isdigit() for c in e) for e in ev.examples)


def test_bare_code_beside_a_card_number() -> None:
    beside_card = field("code", CODES, context=("id", "ccn", "code", "customer_id"))
    assert evidence(DETECTOR, beside_card) is not None
    assert evidence(DETECTOR, field("code", CODES, context=("id", "code", "label"))) is None


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("status_code", ["200", "404", "500"] * 10),  # HTTP status
        ("otp_code", CODES),  # one-time passwords
        ("area_code", CODES),
        ("cvv", ["yes", "no"] * 10),
        ("zip", CODES),
    ],
)
def test_other_codes(name: str, values: list[str]) -> None:
    assert evidence(DETECTOR, field(name, values)) is None


def test_cardholder_name_and_expiry_beside_a_card_number() -> None:
    from detectors.card_security_code import CardholderDataDetector

    det = CardholderDataDetector()
    siblings = ("id", "ccn", "name", "exp_date", "customer_id")
    for name, values in [("name", ["Example Card 1", "J DOE"]), ("exp_date", ["12/27", "01/29"])]:
        (ev,) = det.detect(field(name, values, context=siblings))
        assert ev.category == "user.financial.credit_card" and ev.examples == ()
        assert score(ev) == 1.0
    assert det.detect(field("name", ["Widget"], context=("id", "name", "price"))) == []
    assert det.detect(field("nickname", ["x"], context=siblings)) == []

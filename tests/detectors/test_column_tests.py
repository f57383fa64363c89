"""Tests run on distinct values give exactly what the plain whole-column tests give."""

from __future__ import annotations

from dataclasses import replace

import pyarrow as pa
import pyarrow.compute as pc

from detectors.column_tests import encode_if_repetitive, row_mask
from detectors.credit_card import CreditCardDetector
from detectors.phone import PhoneNumberDetector
from tests.detectors.fieldkit import evidence, field, with_check_digit


def test_only_repetitive_columns_are_encoded() -> None:
    assert encode_if_repetitive(pa.array(["Paris", "Lyon", "Nice"] * 1000)) is not None
    assert encode_if_repetitive(pa.array([f"id-{i}" for i in range(3000)])) is None
    assert encode_if_repetitive(pa.array(["Paris", "Lyon"] * 10)) is None  # too few to pay


def test_row_mask_on_distinct_values_equals_the_plain_test() -> None:
    values = pa.array([f"user{i % 40}@example.org" if i % 3 else "n/a" for i in range(5000)])
    encoded = encode_if_repetitive(values)
    assert encoded is not None

    def test(v: pa.Array) -> pa.Array:
        return pc.match_substring_regex(v, r"\d@")

    assert row_mask(values, encoded, test).equals(test(values))


def test_a_repetitive_field_gets_the_same_evidence_as_values_tested_one_by_one() -> None:
    values = [f"+1 415-555-{i % 50:04d}" if i % 4 else "call back later" for i in range(4000)]
    f = field("contact", values)
    assert f.encoded is not None
    plain = field("contact", values)
    plain.__dict__["encoded"] = None  # the cached property, forced to the unencoded path
    assert evidence(PhoneNumberDetector(), f) == evidence(PhoneNumberDetector(), plain)



def test_counts_past_the_validation_cap_are_estimated_from_an_even_spread() -> None:
    # Sorted data: the first half fails the Luhn check, the second passes. A sample from the
    # head of the batch would say none are card numbers.
    good = [with_check_digit(f"4{i:014d}") for i in range(1000, 4000)]
    bad = [g[:-1] + str((int(g[-1]) + 1) % 10) for g in good]
    values = field("card_number", bad + good)
    ev = evidence(CreditCardDetector(), replace(values, max_validated=100))
    assert ev is not None and ev.estimated
    assert 2700 <= ev.matches <= 3300
    exact = evidence(CreditCardDetector(), replace(values, max_validated=len(values.values)))
    assert exact is not None and not exact.estimated and exact.matches == 3000

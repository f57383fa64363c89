"""The whole-column shortcuts give exactly what the plain pyarrow computations give."""

from __future__ import annotations

from dataclasses import replace

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given, settings
from hypothesis import strategies as st

from detectors.column_tests import (
    char_counts,
    digit_counts,
    encode_if_repetitive,
    holds_any,
    holds_literal,
    row_mask,
)
from detectors.credit_card import CreditCardDetector
from detectors.phone import PhoneNumberDetector
from tests.detectors.fieldkit import evidence, field, with_check_digit

TEXT = st.text(alphabet="ab@.:-= é\u00e9x1", max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXT, max_size=60), st.sampled_from(["@", ".", ":", "=", "é", "ab"]),
       st.integers(0, 10))  # fmt: skip
def test_holds_literal_equals_match_substring(values: list[str], literal: str, skip: int) -> None:
    # Sliced arrays too: their offsets do not start at zero.
    arr = pa.array(values, pa.string()).slice(min(skip, len(values)))
    assert holds_literal(arr, literal).equals(pc.match_substring(arr, literal))


def test_holds_literal_both_ways_on_a_large_column() -> None:
    rare = pa.array(["plain text"] * 5000 + ["a@b"] + ["x"] * 5000)
    common = pa.array([f"u{i}@example.org" for i in range(10_000)])
    for arr in (rare, common, rare.slice(3), common.slice(7)):
        for literal in ("@", ".", "z"):
            assert holds_literal(arr, literal).equals(pc.match_substring(arr, literal))
    assert holds_any(rare, ["z", "@"]).to_pylist().count(True) == 1


@settings(max_examples=100, deadline=None)
@given(st.lists(TEXT, max_size=40), st.lists(st.sampled_from(["@", "ab", "x1", "é", ".*", "a|b"]),
       min_size=1, max_size=4))  # fmt: skip
def test_holds_any_equals_one_pass_per_literal(values: list[str], literals: list[str]) -> None:
    arr = pa.array(values, pa.string())
    expected = [any(lit in v for lit in literals) for v in values]
    assert holds_any(arr, literals).to_pylist() == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="0123456789a٣ é", max_size=10), max_size=40), st.integers(0, 5))
def test_digit_counts_equal_what_re2_counts(values: list[str], skip: int) -> None:
    arr = pa.array(values, pa.string()).slice(min(skip, len(values)))
    expected = pc.count_substring_regex(arr, r"\d").to_pylist()
    assert digit_counts(arr).tolist() == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="ab:-. \t9é", max_size=10), max_size=30),
       st.sampled_from([":-", " \t", ".", "a9"]))  # fmt: skip
def test_char_counts_equal_counting_in_python(values: list[str], chars: str) -> None:
    arr = pa.array(values, pa.string())
    assert char_counts(arr, chars).tolist() == [sum(v.count(c) for c in chars) for v in values]


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

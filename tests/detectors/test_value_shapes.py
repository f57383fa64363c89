"""The one-pass shape of values: the C pass, the numpy pass and plain Python agree, and no
detector's needs ever turn away a value its pattern matches."""

from __future__ import annotations

import re
import struct

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detectors import value_shapes
from detectors.base import Detector, MultiPatternDetector, PatternDetector, match_anywhere
from detectors.registry import default_registry
from detectors.value_shapes import (
    DIGIT_SEPARATORS,
    FEATURES,
    HEX_SEPARATORS,
    WHITESPACE,
    Needs,
    ValueShapes,
    measure,
    measure_numpy,
)

TEXT = st.text(alphabet="09aFgZ@.:-=/ ()+\t\n_é€x", max_size=24)


def expected_features(value: str) -> list[int]:
    """Every feature, counted the plain way."""
    digit_stretches = re.findall(rf"[0-9{re.escape(DIGIT_SEPARATORS)}]+", value)
    hex_stretches = re.findall(rf"[0-9a-fA-F{re.escape(HEX_SEPARATORS)}]+", value)
    return [
        sum(c.isascii() and c.isdigit() for c in value),
        sum(c in "abcdefABCDEF" for c in value),
        sum(c in WHITESPACE for c in value),
        value.count("."),
        value.count(":"),
        value.count("-"),
        max((sum(c.isdigit() for c in s) for s in digit_stretches), default=0),
        max((sum(c not in HEX_SEPARATORS for c in s) for s in hex_stretches), default=0),
        max((len(s) for s in re.findall("[0-9a-fA-F]+", value)), default=0),
    ]


def numpy_shapes(arr: pa.Array) -> ValueShapes:
    arr = pc.fill_null(arr, "") if arr.null_count else arr
    offsets = np.frombuffer(
        arr.buffers()[1], np.int32, count=len(arr) + 1, offset=arr.offset * 4
    ).astype(np.int64)
    return measure_numpy(offsets, np.frombuffer(arr.buffers()[2], np.uint8))


def test_the_compiled_pass_is_built() -> None:
    # `make` builds it; a build without a compiler falls back to numpy, correct but slower.
    assert value_shapes._compiled is not None, "detectors/_value_shapes.c was not compiled"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(TEXT, st.none()), max_size=40), st.integers(0, 6))
def test_the_c_pass_counts_what_python_counts(values: list[str | None], skip: int) -> None:
    # Sliced arrays too (offsets not starting at zero), and nulls, which measure as empty.
    arr = pa.array(values, pa.string()).slice(min(skip, len(values)))
    shapes = measure(arr)
    expected = [expected_features(v or "") for v in arr.to_pylist()]
    assert shapes.counts.T.tolist() == expected
    assert np.array_equal(
        shapes.counts, measure(pa.array(arr.to_pylist(), pa.large_string())).counts
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=40), st.integers(0, 6))
def test_the_numpy_pass_gives_the_c_answers(values: list[str], skip: int) -> None:
    arr = pa.array(values, pa.string()).slice(min(skip, len(values) - 1))
    c, plain = measure(arr), numpy_shapes(arr)
    assert np.array_equal(c.charset, plain.charset)
    assert np.array_equal(c.counts, plain.counts)


def test_long_values_do_not_overflow_a_count() -> None:
    # Counts travel in 16-bit lanes inside the pass: a value past 65,535 bytes must carry.
    long = "1." * 70_000 + "x" + "9" * 5
    shapes = measure(pa.array([long, "ab"]))
    assert shapes.counts.T.tolist() == [expected_features(long), expected_features("ab")]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(TEXT, min_size=1, max_size=30), st.sampled_from(["@", "GET", "born", "né", "=", "a b"])
)
def test_a_literal_in_a_value_is_never_ruled_out(values: list[str], literal: str) -> None:
    held = measure(pa.array(values)).holding_any((literal,))
    for value, kept in zip(values, held, strict=True):
        if literal.lower() in value.lower():
            assert kept, value
    # One character with a bit of its own is tested exactly.
    if literal in ("@", "="):
        assert held.tolist() == [literal in v for v in values]


def test_counts_of_classes_not_counted_in_the_pass_fall_back() -> None:
    values = pa.array(["a;b;c", "x"])
    assert measure(values).count_of(";") is None
    assert Needs(counts=((";", 2),)).mask(measure(values), values).tolist() == [True, False]


# Fragments that, glued in any order, make values near every detector's patterns: numbers
# in every grouping, hex identifiers, addresses, request lines and birth dates, and the
# letters and separators around them.
FRAGMENTS = (
    "212", "555", "0100", "4111", "1111", "1234567", "35209900", "176148", "1", "07",
    "1985", "03/02/1985", "2 March 85", "123-45-6789", "10.0.0.1", "::1", "fe80::1",
    "3c:22:fb:10:5e:7a", "3c22.fb10.5e7a", "123e4567-e89b-12d3-a456-426614174000",
    "8f14e45fceea167a", "9774d56d682e549c", "Baker", "GA1.2.123456789.1234567890",
    "sid=abc", "?q=shoes", "GET /cart", "Hauptstraße 5", "12 rue de Rivoli", "Apt 4",
    "POST", "born", "DOB:", "née le", "Main Street", "221B", "Baker St", "imei", "IMEI:",
    "user@example.org", "Mozilla/5.0", " ", "-", ".", ":", "(", ")", "+", "/", "x", "ext",
    "\t", "é", "a", "F",
)  # fmt: skip
GLUED = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=7).map("".join)


def declared_patterns() -> list[tuple[str, str, Needs]]:
    """(where, pattern, needs) of every pattern a built-in detector filters a column with."""
    found = []
    detectors = list(default_registry())
    # Detectors made of others (street lines: in text, in a named field) hold them as fields.
    detectors += [d for top in detectors for d in vars(top).values() if isinstance(d, Detector)]
    for detector in detectors:
        if isinstance(detector, PatternDetector):
            found.append((detector.name, detector.pattern, detector.needs))
        if isinstance(detector, MultiPatternDetector):
            found += [(f"{detector.name}:{k.label}", k.pattern, k.needs) for k in detector.kinds]
    from detectors.date_of_birth import _TEXT_NEEDS, DATE_IN_TEXT

    found.append(("date_of_birth:in_text", DATE_IN_TEXT, _TEXT_NEEDS))
    return [p for p in found if not p[2].is_empty]


@pytest.mark.parametrize(
    ("where", "pattern", "needs"), declared_patterns(), ids=lambda p: str(p)[:30]
)
def test_needs_never_turn_away_a_value_the_pattern_matches(
    where: str, pattern: str, needs: Needs
) -> None:
    @settings(max_examples=150, deadline=None)
    @given(st.lists(GLUED, min_size=1, max_size=20))
    def check(values: list[str]) -> None:
        arr = pa.array(values)
        matched = pc.match_substring_regex(arr, pattern).to_pylist()
        kept = needs.mask(measure(arr), arr).tolist()
        missed = [v for v, m, k in zip(values, matched, kept, strict=True) if m and not k]
        assert not missed, f"{where}: needs turn away {missed}"

    check()


def test_every_feature_has_a_name() -> None:
    assert measure(pa.array(["a"])).counts.shape == (len(FEATURES), 1)


def test_each_character_class_has_a_bit_of_its_own() -> None:
    classes = [*"abcdefghijklmnopqrstuvwxyz0123456789", *value_shapes._OWN_BITS, " ", "~", "é"]
    bits = [int(value_shapes.charset_of(c)) for c in classes]
    assert all(b and b & (b - 1) == 0 for b in bits)  # one bit each
    assert len(set(bits)) == len(classes)
    assert value_shapes.charset_of("\t") == value_shapes.charset_of(" ")
    assert value_shapes.charset_of("A") == value_shapes.charset_of("a")


@pytest.mark.parametrize(
    ("where", "pattern", "needs"), declared_patterns(), ids=lambda p: str(p)[:30]
)
def test_a_few_values_searched_one_by_one_match_as_pyarrow_matches_them(
    where: str, pattern: str, needs: Needs
) -> None:
    # Below FEW_VALUES the pattern runs through a cached re2 object instead of pyarrow.
    @settings(max_examples=60, deadline=None)
    @given(st.lists(GLUED, min_size=1, max_size=20))
    def check(values: list[str]) -> None:
        arr = pa.array(values)
        expected = pc.match_substring_regex(arr, pattern).to_pylist()
        assert match_anywhere(arr, pattern).tolist() == expected, where

    check()


@pytest.mark.parametrize(
    ("n", "first", "width"),
    [(1, 2**61, 4), (2**62, 0, 4), (0, 2**63 - 1, 4), (-1, 0, 4), (1, -1, 4), (5, 0, 4), (1, 0, 3)],
)
def test_offsets_that_do_not_cover_the_values_are_refused_not_read(
    n: int, first: int, width: int
) -> None:
    offsets = struct.pack("<2i", 0, 1)
    with pytest.raises(ValueError):
        value_shapes._compiled.measure(offsets, b"A", n, first, width)
    misaligned = memoryview(b"x" + struct.pack("<2i", 0, 2))[1:]
    with pytest.raises(ValueError):
        value_shapes._compiled.measure(misaligned, b"ab", 1, 0, 4)

"""Whole-column tests on Arrow string arrays, made cheap where the data allows.

Two shortcuts keep a ``--full`` scan near the cost of reading the data:

- a single-byte literal (``@``, ``=``, ``:``) is looked for in the array's data buffer with
  numpy, which answers "in no value" or "in these few values" far faster than testing every
  value; where the byte is common, ``pyarrow.compute`` (which stops at the first hit in each
  value) is used instead;
- a column whose values repeat (names, cities, versions, templated messages) is dictionary
  encoded once, and a test runs on its distinct values only, its answer spread back to the
  rows with ``take``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

#: Values of a column below which dictionary encoding does not pay for itself.
MIN_ROWS_TO_ENCODE = 1_000
#: Rows probed to guess whether a column repeats before encoding all of it.
PROBE_ROWS = 2_048
#: Encode only when the distinct values are at most this share of the rows ...
MAX_DISTINCT_SHARE = 0.25
#: ... and do not try when nearly every probed value is distinct (keys, emails, IDs).
MAX_PROBE_DISTINCT_SHARE = 0.9
#: The numpy path maps each byte hit to its row; past this share of rows with a hit, letting
#: pyarrow test each value is cheaper.
MAX_HIT_SHARE = 0.25


def holds_literal(values: pa.Array, literal: str) -> pa.Array:
    """Boolean mask of the ``values`` holding ``literal`` as a substring."""
    if len(literal.encode()) != 1 or not pa.types.is_string(values.type) or values.null_count:
        return pc.match_substring(values, literal)
    offsets = np.frombuffer(
        values.buffers()[1], np.int32, count=len(values) + 1, offset=values.offset * 4
    )
    data = np.frombuffer(values.buffers()[2], np.uint8)[offsets[0] : offsets[-1]]
    hits = data == ord(literal)
    found = int(np.count_nonzero(hits))
    if found > MAX_HIT_SHARE * len(values):
        return pc.match_substring(values, literal)
    mask = np.zeros(len(values), bool)
    if found:
        rows = np.searchsorted(offsets, np.flatnonzero(hits) + offsets[0], "right") - 1
        mask[rows] = True
    return pa.array(mask)


def with_digits(counts: Sequence[CharCount], min_digits: int) -> tuple[CharCount, ...]:
    """``counts`` plus a requirement of ``min_digits`` ASCII digits (when above zero)."""
    return tuple(counts) + (((DIGITS, min_digits),) if min_digits else ())


def passes_counts(values: pa.Array, counts: Sequence[CharCount]) -> np.ndarray:
    """Boolean mask (numpy) of the values holding at least ``n`` of ``chars`` for every
    ``(chars, n)`` in ``counts``."""
    keep = np.ones(len(values), bool)
    for chars, n in counts:
        keep &= char_counts(values, chars) >= n
    return keep


def holds_any(values: pa.Array, literals: Sequence[str]) -> pa.Array:
    """Boolean mask of the values holding at least one of ``literals`` (the cheap filter
    before a regex). Longer literals are looked for in one pass of an alternation, not one
    pass each."""
    single = [lit for lit in literals if len(lit.encode()) == 1]
    longer = [lit for lit in literals if len(lit.encode()) != 1]
    masks = [holds_literal(values, lit) for lit in single]
    if len(longer) == 1:
        masks.append(pc.match_substring(values, longer[0]))
    elif longer:
        masks.append(pc.match_substring_regex(values, "|".join(map(re.escape, longer))))
    keep = masks[0]
    for mask in masks[1:]:
        keep = pc.or_(keep, mask)
    return keep


DIGITS = "0123456789"
#: What RE2's ``\\s`` matches.
WHITESPACE = " \t\n\r\f"
#: A requirement on a value before a pattern is tried: at least ``n`` of the ASCII ``chars``.
CharCount = tuple[str, int]


@lru_cache(maxsize=64)
def _byte_table(chars: str) -> np.ndarray:
    table = np.zeros(256, np.uint8)
    table[[ord(c) for c in chars]] = 1
    return table


def digit_counts(values: pa.Array) -> np.ndarray:
    """ASCII digits in each value (what RE2's ``\\d`` matches), counted on the data buffer."""
    return char_counts(values, DIGITS)


def char_counts(values: pa.Array, chars: str) -> np.ndarray:
    """How many of the ASCII ``chars`` each value holds, counted on the data buffer."""
    if not pa.types.is_string(values.type) or values.null_count:
        pattern = "|".join(re.escape(c) for c in chars)
        counts = pc.count_substring_regex(values, pattern)
        return counts.to_numpy(zero_copy_only=False).astype(np.int32)
    offsets = np.frombuffer(
        values.buffers()[1], np.int32, count=len(values) + 1, offset=values.offset * 4
    )
    starts = offsets[:-1] - offsets[0]
    if offsets[-1] == offsets[0]:
        return np.zeros(len(values), np.int32)
    data = np.frombuffer(values.buffers()[2], np.uint8)[offsets[0] : offsets[-1]]
    # A zero after the last byte keeps every start a valid index for reduceat, which sums
    # each value's bytes but gives an empty value its neighbour's first byte: zeroed after.
    hits = np.append(_byte_table(chars)[data], np.uint8(0))
    counts = np.add.reduceat(hits, starts, dtype=np.int32)
    counts[offsets[1:] == offsets[:-1]] = 0
    return counts


def encode_if_repetitive(values: pa.Array) -> pa.DictionaryArray | None:
    """``values`` dictionary encoded when they repeat enough to make testing distinct values
    pay, else None. A probe of the first rows decides before the whole column is hashed."""
    n = len(values)
    if n < MIN_ROWS_TO_ENCODE:
        return None
    probe = values.slice(0, PROBE_ROWS)
    if pc.count_distinct(probe).as_py() > MAX_PROBE_DISTINCT_SHARE * len(probe):
        return None
    encoded = values.dictionary_encode()
    if len(encoded.dictionary) > MAX_DISTINCT_SHARE * n:
        return None
    return encoded


def row_mask(
    values: pa.Array, encoded: pa.DictionaryArray | None, test: Callable[[pa.Array], pa.Array]
) -> pa.Array:
    """``test`` (a whole-column boolean function) over ``values``, run on the distinct values
    of ``encoded`` when the column was encoded."""
    if encoded is None:
        return test(values)
    return test(encoded.dictionary).take(encoded.indices)

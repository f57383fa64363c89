"""Whole-column tests on Arrow string arrays, run once per distinct value where values repeat.

A column whose values repeat (names, cities, versions, templated messages) is dictionary
encoded once, and a test runs on its distinct values only, its answer spread back to the rows
with ``take``. (What each value could hold at all is measured in one pass by
:mod:`detectors.value_shapes`.)
"""

from __future__ import annotations

from collections.abc import Callable

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

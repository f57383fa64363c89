"""Turn rows fetched from a DB-API cursor into Arrow record batches.

Arrow infers each column's type from its values. Where it cannot (a SQLite column holding
both numbers and text, integers beyond 64 bits, UUIDs, network addresses), the values become
strings. Bytes stay binary so that detectors skip them: they are never decoded as text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pyarrow as pa

_ARROW_FAILURES = (
    pa.ArrowInvalid,
    pa.ArrowTypeError,
    pa.ArrowNotImplementedError,
    OverflowError,
    TypeError,
    ValueError,
)


def rows_to_batch(names: Sequence[str], rows: Sequence[Sequence[Any]]) -> pa.RecordBatch:
    """One record batch of ``rows`` (tuples in the order of ``names``)."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    arrays = [column_array(values) for values in columns]
    return pa.RecordBatch.from_arrays(arrays, names=list(names))


def column_array(values: Sequence[Any]) -> pa.Array:
    """An Arrow array of one column's values: the inferred type where Arrow has one (nested
    dicts and lists become structs and lists), else strings; bytes stay binary."""
    values = [bytes(v) if isinstance(v, (bytearray, memoryview)) else v for v in values]
    try:
        array = pa.array(values)
    except _ARROW_FAILURES:
        array = None
    if array is not None and not isinstance(array.type, pa.BaseExtensionType):
        return array
    if all(v is None or isinstance(v, bytes) for v in values):
        return pa.array(values, pa.binary())
    # A column mixing bytes and other values: the text is kept, the bytes left out unread.
    return pa.array([None if v is None or isinstance(v, bytes) else _text(v) for v in values])


def _text(value: Any) -> str:
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, default=str, ensure_ascii=False)
    return str(value)

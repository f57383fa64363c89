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


def rows_to_batch(
    names: Sequence[str], rows: Sequence[Sequence[Any]], json_columns: frozenset[str] = frozenset()
) -> pa.RecordBatch:
    """One record batch of ``rows`` (tuples in the order of ``names``).

    JSON that arrives as text is parsed, so that the fields inside become dotted paths:
    columns named in ``json_columns`` (typed JSON in the catalog; MySQL sends it as text) and
    text columns every value of which is a JSON object or array (MariaDB's JSON is LONGTEXT,
    and many schemas keep JSON in TEXT columns)."""
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
    arrays = [
        column_array(
            _parsed_json(values) if name in json_columns or _json_text(values) else values
        )
        for name, values in zip(names, columns, strict=True)
    ]
    return pa.RecordBatch.from_arrays(arrays, names=list(names))


def _json_text(values: Sequence[Any]) -> bool:
    """Whether every non-null value is text that opens a JSON object or array."""
    seen = False
    for v in values:
        if v is None:
            continue
        if not isinstance(v, str) or v[:1] not in ("{", "["):
            return False
        seen = True
    return seen


def _parsed_json(values: Sequence[Any]) -> Sequence[Any]:
    """``values`` with JSON text parsed; unchanged when any value is not JSON text."""
    try:
        return [json.loads(v) if isinstance(v, (str, bytes)) else v for v in values]
    except ValueError:
        return values


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
    if any(isinstance(v, dict) for v in values):
        # JSON documents whose shapes or leaf types differ from row to row (a zip code as
        # a number here and text there): flattened to dotted paths of text, so the fields
        # inside are still fields rather than one blob.
        try:
            return pa.array([None if v is None else _flattened(v) for v in values])
        except _ARROW_FAILURES:
            pass
    if all(v is None or isinstance(v, bytes) for v in values):
        return pa.array(values, pa.binary())
    # A column mixing bytes and other values: the text is kept, the bytes left out unread.
    return pa.array([None if v is None or isinstance(v, bytes) else _text(v) for v in values])


def _flattened(value: Any, prefix: str = "") -> dict[str, Any]:
    """A JSON value as ``{"dotted.path": text or [text, ...]}``; lists of objects give one
    list per path inside them, a value that is no object sits under ``value``."""
    if not isinstance(value, dict):
        return {prefix or "value": _leaf(value)}
    out: dict[str, Any] = {}
    for key, item in value.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(item, dict):
            out.update(_flattened(item, path))
        elif isinstance(item, list) and any(isinstance(i, dict) for i in item):
            for element in item:
                if isinstance(element, dict):
                    for sub, leaf in _flattened(element, path).items():
                        out.setdefault(sub, []).extend(leaf if isinstance(leaf, list) else [leaf])
        else:
            out[path] = _leaf(item)
    return out


def _leaf(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        return [None if v is None else _text(v) for v in value]
    return _text(value)


def _text(value: Any) -> str:
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, default=str, ensure_ascii=False)
    return str(value)

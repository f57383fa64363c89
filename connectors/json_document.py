"""JSON documents: one object or array pretty-printed over many lines, read whole.

Which rows a document holds:

- an array: one row per item; an item that is not an object is a row with one field,
  ``value``;
- an object with a single key holding an array (``{"data": [...]}``, ``{"records": [...]}``):
  one row per item, under that key, so that fields keep the paths they would have had read
  as one row (``data.email``);
- any other object: one row (an OpenRTB bid request, a settings file);
- objects one after another (what ``jq .`` prints): one row each.

Nested objects become struct columns (dotted paths downstream). pyarrow parses the document
in one call; where it refuses (a field that is a number in one row and text in the next)
the document is parsed in Python and every leaf becomes text, as the JSON-lines reader does.
A document is held in memory to be parsed, so it may be at most 256 MB; JSON lines, which
are streamed, have no such limit.
"""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pajson

from connectors.base import SkippableLocationError
from connectors.json_nesting import nested_deeper_than
from connectors.jsonl import text_batch
from connectors.text_stream import Utf8RepairStream, open_decompressed, read_error

#: The largest document read; a bigger one is skipped with a hint to convert it.
MAX_DOCUMENT_BYTES = 256 << 20
#: Rows per record batch.
BATCH_ROWS = 65_536
#: The field that holds array items that are not objects.
VALUE_FIELD = "value"

_TOO_BIG_HINT = (
    "convert it to JSON lines, one object per line, which piiscan streams whatever their "
    "size: e.g. `jq -c '.[]' FILE > FILE.jsonl` for an array, "
    "`jq -c '.data[]' FILE > FILE.jsonl` for {\"data\": [...]}"
)
_INVALID_HINT = (
    "it may be cut short or hand-edited: check it with `python -m json.tool FILE`, or leave "
    "it out of the scan"
)
_WRAP_KEY = "rows"
_JSON_SPACE = b" \t\r\n"


def read_json_document(path: Path, sample_rows: int | None = None) -> Iterator[pa.RecordBatch]:
    """Record batches of a JSON document (gzip or bz2 looked through). With ``sample_rows``
    set, about that many rows spread evenly through the document. Raises
    :class:`SkippableLocationError` for a document too big or not valid JSON."""
    data = _read_bounded(path)
    batch = _arrow_rows(data)
    if batch is None:
        batch = _python_rows(data)
    if batch is None:
        return
    batch = _spread_sample(batch, sample_rows)
    for start in range(0, batch.num_rows, BATCH_ROWS):
        yield batch.slice(start, BATCH_ROWS)


def _read_bounded(path: Path) -> bytes:
    """The document's bytes, decompressed, BOM dropped and invalid UTF-8 replaced."""
    too_big = SkippableLocationError(
        f"the JSON document is over {MAX_DOCUMENT_BYTES >> 20} MB, too big to be read whole",
        hint=_TOO_BIG_HINT,
    )
    try:
        if path.stat().st_size > MAX_DOCUMENT_BYTES and _is_plain(path):
            raise too_big  # known without reading it
        with io.BufferedReader(Utf8RepairStream(open_decompressed(path))) as stream:
            data = stream.read(MAX_DOCUMENT_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise read_error(exc) from exc
    if len(data) > MAX_DOCUMENT_BYTES:
        raise too_big
    return data


def _is_plain(path: Path) -> bool:
    """True when ``path`` is not compressed (its size on disk is the document's size)."""
    with open_decompressed(path) as stream:
        return isinstance(stream, io.BufferedReader)


def _arrow_rows(data: bytes) -> pa.RecordBatch | None:
    """The document's rows parsed by pyarrow, typed; None where pyarrow cannot parse it."""
    body = data.lstrip(_JSON_SPACE)
    if nested_deeper_than(body):
        return None  # pyarrow would crash the process: the Python parse says what it is
    is_array = body.startswith(b"[")
    if is_array:
        # pyarrow reads objects, not arrays: wrap the array into one object's field.
        body = b'{"' + _WRAP_KEY.encode() + b'":' + body + b"}"
    try:
        table = pajson.read_json(
            pa.BufferReader(body),
            read_options=pajson.ReadOptions(block_size=max(1 << 20, len(body) + 1)),
            parse_options=pajson.ParseOptions(newlines_in_values=True),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None  # conflicting types, or not valid JSON: the Python parse says which
    if is_array:
        return _items_as_rows(table.column(0).combine_chunks(), None)
    if table.num_rows == 1 and table.num_columns == 1 and _is_list(table.schema.types[0]):
        return _items_as_rows(table.column(0).combine_chunks(), table.column_names[0])
    return table.combine_chunks().to_batches()[0] if table.num_rows else None


def _is_list(t: pa.DataType) -> bool:
    return pa.types.is_list(t) or pa.types.is_large_list(t)


def _items_as_rows(lists: pa.Array, key: str | None) -> pa.RecordBatch:
    """One row per item of the single list in ``lists``: under ``key`` when the items came
    from ``{key: [...]}``, else the item's fields (objects) or ``value`` (anything else)."""
    items = pc.list_flatten(lists)
    if key is not None:
        return pa.RecordBatch.from_arrays([items], names=[key])
    if pa.types.is_struct(items.type):
        return pa.RecordBatch.from_struct_array(items)
    return pa.RecordBatch.from_arrays([items], names=[VALUE_FIELD])


def _python_rows(data: bytes) -> pa.RecordBatch | None:
    """The document's rows parsed in Python, every leaf as text."""
    try:
        values = _json_values(data.decode("utf-8"))
        batch = text_batch(_rows_of(values))
    except json.JSONDecodeError as exc:
        raise SkippableLocationError(
            f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
            hint=_INVALID_HINT,
        ) from exc
    except RecursionError as exc:
        raise SkippableLocationError(
            "the JSON document is nested too deeply to be read", hint=_INVALID_HINT
        ) from exc
    return batch


def _json_values(text: str) -> list[Any]:
    """Every JSON value in ``text``, one after another, whitespace between them."""
    decoder = json.JSONDecoder()
    values: list[Any] = []
    pos = 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        if pos == len(text):
            return values
        value, pos = decoder.raw_decode(text, pos)
        values.append(value)


def _rows_of(values: list[Any]) -> list[dict[str, Any]]:
    """The rows the top-level ``values`` stand for, by the rules in the module docstring."""
    if len(values) == 1:
        (value,) = values
        if isinstance(value, list):
            return [_as_object(item) for item in value]
        if isinstance(value, dict) and len(value) == 1:
            ((key, items),) = value.items()
            if isinstance(items, list):
                return [{key: item} for item in items]
    return [_as_object(value) for value in values]


def _as_object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {VALUE_FIELD: value}


def _spread_sample(batch: pa.RecordBatch, sample_rows: int | None) -> pa.RecordBatch:
    """About ``sample_rows`` rows of ``batch`` spread evenly through it, first row included."""
    rows = batch.num_rows
    if sample_rows is None or rows <= sample_rows:
        return batch
    n = max(0, sample_rows)
    return batch.take(pa.array([i * rows // n for i in range(n)], pa.int64()))

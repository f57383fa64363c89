"""JSON lines: one object per line; nested objects become struct columns.

Each batch of lines is parsed by pyarrow in one call. Where pyarrow refuses it (a field that is
a number on one line and text on the next, or a line that is not a JSON object), that batch is
parsed line by line in Python instead: nested fields are flattened to dotted names, every leaf
becomes text, and lines that are not JSON objects are skipped and counted.
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pajson

from connectors.json_nesting import nested_deeper_than
from connectors.text_stream import iter_lines, read_error

log = logging.getLogger(__name__)

_MAX_BLOCK = (1 << 31) - 1  # pyarrow's JSON block size is a 32-bit integer
Leaf = str | None | list[str | None]


def read_jsonl(path: Path, sample_rows: int | None = None) -> Iterator[pa.RecordBatch]:
    """Record batches of a JSON-lines file (gzip or bz2 looked through)."""
    bad = 0
    try:
        for lines in iter_lines(path, sample_rows):
            batches, dropped = parse_lines(lines)
            bad += dropped
            yield from batches
    except (OSError, EOFError, zlib.error) as exc:
        raise read_error(exc) from exc
    finally:
        if bad:
            log.warning("%s: skipped %d lines that are not JSON objects", path, bad)


def parse_lines(lines: pa.StringArray) -> tuple[list[pa.RecordBatch], int]:
    """(record batches, number of lines skipped) for an array of JSON lines."""
    if not len(lines):
        return [], 0
    one_list = pa.ListArray.from_arrays(pa.array([0, len(lines)], pa.int32()), lines)
    buffer = pc.binary_join(one_list, "\n")[0].as_buffer()
    if buffer.size < _MAX_BLOCK - 1 and not nested_deeper_than(memoryview(buffer)):
        try:
            table = pajson.read_json(
                pa.BufferReader(buffer),
                read_options=pajson.ReadOptions(block_size=max(1 << 20, buffer.size + 1)),
            )
            if table.num_rows == len(lines):
                return [b for b in table.to_batches() if b.num_rows], 0
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
            pass  # conflicting types or a bad line: parse this batch line by line
    return _parse_each(lines)


def _parse_each(lines: pa.StringArray) -> tuple[list[pa.RecordBatch], int]:
    records: list[dict[str, Leaf]] = []
    bad = 0
    for text in lines.to_pylist():
        try:
            value = json.loads(text)
            if not isinstance(value, dict):
                bad += 1
                continue
            # Flattened here, so that an object json could read just under the recursion
            # limit but flattening cannot is one line left out, not a failed read.
            records.append(_flatten(value, ""))
        except (ValueError, RecursionError):
            bad += 1
    batch = _records_batch(records)
    return ([batch] if batch is not None else []), bad


def text_batch(objects: list[dict[str, Any]]) -> pa.RecordBatch | None:
    """One record batch of parsed JSON objects whose types pyarrow cannot reconcile: nested
    fields flattened to dotted names and every leaf as text (lists of text where the object
    holds a list). None when ``objects`` is empty."""
    return _records_batch([_flatten(value, "") for value in objects])


def _records_batch(records: list[dict[str, Leaf]]) -> pa.RecordBatch | None:
    """:func:`text_batch` of objects already flattened."""
    if not records:
        return None
    names = list(dict.fromkeys(k for record in records for k in record))
    arrays = []
    for name in names:
        values = [record.get(name) for record in records]
        if any(isinstance(v, list) for v in values):
            lists = [v if isinstance(v, list) or v is None else [v] for v in values]
            arrays.append(pa.array(lists, pa.list_(pa.string())))
        else:
            arrays.append(pa.array(values, pa.string()))
    return pa.RecordBatch.from_arrays(arrays, names=names)


def _flatten(obj: dict[str, Any], prefix: str) -> dict[str, Leaf]:
    """Leaves of ``obj`` under dotted names, as text; lists of objects gather each field's
    values into one list, the way detectors see exploded struct lists."""
    out: dict[str, Leaf] = {}
    for key, value in obj.items():
        name = f"{prefix}{_encodable(key)}"
        if isinstance(value, dict):
            out.update(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            gathered: dict[str, list[str | None]] = {}
            _gather(value, name, gathered)
            out.update(gathered)
        else:
            out[name] = _scalar(value)
    return out


def _gather(items: list[Any], name: str, out: dict[str, list[str | None]]) -> None:
    for item in items:
        if isinstance(item, dict):
            for key, leaf in _flatten(item, f"{name}.").items():
                out.setdefault(key, []).extend(leaf if isinstance(leaf, list) else [leaf])
        elif isinstance(item, list):
            _gather(item, name, out)
        else:
            out.setdefault(name, []).append(_scalar(item))


def _scalar(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return _encodable(value)
    return json.dumps(value)


def _encodable(text: str) -> str:
    """``text`` as valid UTF-8: JSON may escape half of a surrogate pair (an emoji cut in
    two, ``"\\ud83d"``), which no Arrow string can hold; it becomes U+FFFD."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    return text

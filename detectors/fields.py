"""Turn Arrow record batches into :class:`FieldData`: nested fields flattened to dotted paths,
lists exploded, values cast to strings once for every detector to share."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from detectors.base import FieldData
from detectors.field_names import join_path, safe_segment

#: Types no detector reads: they cannot hold a category as text. Binary is never decoded.
_SKIPPED = (pa.types.is_boolean, pa.types.is_floating, pa.types.is_null)


def is_binary(t: pa.DataType) -> bool:
    return (
        pa.types.is_binary(t)
        or pa.types.is_large_binary(t)
        or pa.types.is_fixed_size_binary(t)
        or (hasattr(pa.types, "is_binary_view") and pa.types.is_binary_view(t))
    )


def flatten(name: str, arr: pa.Array) -> Iterator[tuple[str, pa.Array]]:
    """Yield (dotted path, leaf array) for every leaf of a possibly nested array."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    t = arr.type
    if pa.types.is_dictionary(t):
        arr = arr.dictionary_decode()
        t = arr.type
    if pa.types.is_struct(t):
        for i in range(t.num_fields):
            child = arr.field(i)
            if arr.null_count:
                child = pc.if_else(arr.is_valid(), child, pa.nulls(len(child), child.type))
            key = t.field(i).name
            path = join_path(name, key)
            if not path.endswith(f".{key}"):
                # The key itself is a value (an email used as a key): judge the keys too,
                # as a field of their own, once per row that holds one.
                yield f"{path}.<key>", pa.array([key] * (len(child) - child.null_count))
            yield from flatten(path, child)
    elif pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t):
        yield from flatten(name, pc.list_flatten(arr))
    elif pa.types.is_map(t):
        # list_flatten has no map kernel, and MapArray.keys ignores a slice: read the map as
        # the list of (key, value) structs it is stored as.
        entries = pc.list_flatten(arr.cast(pa.list_(pa.struct([t.key_field, t.item_field]))))
        yield from flatten(f"{name}.key", entries.field(0))
        yield from flatten(f"{name}.value", entries.field(1))
    else:
        yield name, arr


def as_strings(arr: pa.Array) -> pa.Array | None:
    """Non-empty values of ``arr`` as a stripped string array; None when not text-like."""
    t = arr.type
    if any(check(t) for check in _SKIPPED) or is_binary(t):
        return None
    if pa.types.is_timestamp(t) and t.tz == "UTC":
        arr = _utc_as_text(arr)
    elif not (pa.types.is_string(t) or pa.types.is_large_string(t)):
        try:
            arr = pc.cast(arr, pa.string())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
    elif pa.types.is_large_string(t):
        arr = pc.cast(arr, pa.string())
    arr = arr.drop_null()
    if _may_need_trimming(arr):
        arr = pc.utf8_trim_whitespace(arr)
    if _may_hold_empty(arr):
        arr = arr.filter(pc.not_equal(arr, ""))
    return arr


def _utc_as_text(arr: pa.Array) -> pa.Array:
    """UTC timestamps as the text a cast gives (``2023-10-10 13:55:36Z``), 25 times sooner:
    Arrow formats a time zone's timestamps one by one, naive ones in bulk."""
    naive = pc.cast(arr, pa.timestamp(arr.type.unit))
    return pc.binary_join_element_wise(pc.cast(naive, pa.string()), "Z", "")


def _edges(arr: pa.Array) -> tuple[np.ndarray, np.ndarray] | None:
    """The first and last byte of every value of a string array without nulls; None when
    it holds an empty value."""
    offsets = np.frombuffer(arr.buffers()[1], np.int32, count=len(arr) + 1, offset=arr.offset * 4)
    if len(arr) == 0:
        return np.zeros(0, np.uint8), np.zeros(0, np.uint8)
    if (np.diff(offsets) == 0).any():
        return None
    data = np.frombuffer(arr.buffers()[2], np.uint8)
    return data[offsets[:-1]], data[offsets[1:] - 1]


#: ASCII whitespace, and every byte that can begin or end a non-ASCII character (some of
#: which are spaces: U+00A0, U+2003, U+3000).
_MAY_BE_SPACE = np.zeros(256, bool)
_MAY_BE_SPACE[[ord(c) for c in " \t\n\r\v\f\x1c\x1d\x1e\x1f"]] = True
_MAY_BE_SPACE[0x80:] = True


def _may_need_trimming(arr: pa.Array) -> bool:
    """Whether a value could start or end with whitespace: trimming copies the column, so
    it is done only then (an ASCII edge byte answers for certain; others are trimmed)."""
    edges = _edges(arr)
    if edges is None:
        return True
    first, last = edges
    return bool(_MAY_BE_SPACE[first].any() or _MAY_BE_SPACE[last].any())


def _may_hold_empty(arr: pa.Array) -> bool:
    offsets = np.frombuffer(arr.buffers()[1], np.int32, count=len(arr) + 1, offset=arr.offset * 4)
    return bool((np.diff(offsets) == 0).any())


def leaves(batch: pa.RecordBatch | pa.Table) -> list[tuple[str, pa.Array]]:
    """(safe dotted path, leaf array) for every leaf of every column."""
    out = []
    for name, col in zip(batch.schema.names, batch.columns, strict=True):
        safe = safe_segment(name)
        if safe != name:
            out.append((f"{safe}.<key>", pa.array([name] * (len(col) - col.null_count))))
        out.extend(flatten(safe, col))
    return out


def fields_from_batch(batch: pa.RecordBatch | pa.Table) -> list[FieldData]:
    """The detector view of every text-like leaf field of a batch. Binary fields are left
    out; :func:`binary_fields` names them so the scan can say so. Leaves whose paths are the
    same once value-like keys are replaced (``<email>.ip``) are judged as one field."""
    found = leaves(batch)
    names = tuple(dict.fromkeys(p for p, _ in found))
    grouped: dict[str, list[tuple[pa.Array, pa.Array]]] = {}
    for path, leaf in found:
        values = as_strings(leaf)
        if values is not None:
            grouped.setdefault(path, []).append((leaf, values))
    return [
        FieldData(
            name=path,
            arrow_type=str(parts[0][0].type),
            values=parts[0][1] if len(parts) == 1 else pa.concat_arrays([v for _, v in parts]),
            scanned=sum(len(leaf) for leaf, _ in parts),
            context=names,
        )
        for path, parts in grouped.items()
    ]


def binary_fields(batch: pa.RecordBatch | pa.Table) -> list[str]:
    """Dotted paths of binary leaves, which are skipped and never decoded as text."""
    return list(dict.fromkeys(path for path, leaf in leaves(batch) if is_binary(leaf.type)))

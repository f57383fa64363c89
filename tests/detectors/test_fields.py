"""Arrow batches become detector fields: nested paths, lists, casts, binary left out."""

from __future__ import annotations

import pyarrow as pa

from detectors.fields import binary_fields, fields_from_batch


def test_nested_fields_are_dotted_paths_and_lists_exploded() -> None:
    batch = pa.table(
        {
            "id": [1, 2, None],
            "user": [{"email": "a@x.io", "tags": ["p", "q"]}, None, {"email": " ", "tags": []}],
            "score": [1.5, 2.5, 3.5],
            "blob": [b"\x00", b"\x01", b"\x02"],
        }
    )
    fields = {f.name: f for f in fields_from_batch(batch)}
    assert set(fields) == {"id", "user.email", "user.tags"}
    assert fields["id"].values.to_pylist() == ["1", "2"] and fields["id"].scanned == 3
    assert fields["user.email"].values.to_pylist() == ["a@x.io"]
    assert fields["user.tags"].values.to_pylist() == ["p", "q"]
    assert binary_fields(batch) == ["blob"]


def test_dictionary_columns_are_decoded() -> None:
    arr = pa.array(["a", "b", "a"]).dictionary_encode()
    (f,) = fields_from_batch(pa.table({"c": arr}))
    assert f.values.to_pylist() == ["a", "b", "a"]

from __future__ import annotations

import gzip
import json
import logging
from pathlib import Path

import pyarrow as pa
import pytest

from connectors.jsonl import read_jsonl
from detectors.fields import fields_from_batch


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _field_values(path: Path, sample_rows: int | None = None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for batch in read_jsonl(path, sample_rows):
        for field in fields_from_batch(batch):
            out.setdefault(field.name, []).extend(field.values.to_pylist())
    return out


def test_nested_objects_become_dotted_fields(tmp_path: Path) -> None:
    text = (
        '{"id": 1, "user": {"email": "a@x.org", "address": {"zip": "01234"}}, '
        '"devices": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}]}\n'
        '{"id": 2, "user": {"email": "b@x.org", "address": {"zip": "00501"}}, "devices": []}\n'
    )
    batches = list(read_jsonl(_write(tmp_path, "e.jsonl", text.encode())))
    assert pa.types.is_struct(batches[0].schema.field("user").type)
    fields = _field_values(tmp_path / "e.jsonl")
    assert fields["user.email"] == ["a@x.org", "b@x.org"]
    assert fields["user.address.zip"] == ["01234", "00501"]
    assert fields["devices.ip"] == ["10.0.0.1", "10.0.0.2"]


def test_conflicting_types_fall_back_to_text_with_the_same_paths(tmp_path: Path) -> None:
    text = (
        '{"user": {"id": 7, "email": "a@x.org"}, "tags": [{"k": 1}]}\n'
        '{"user": {"id": "seven", "email": "b@x.org"}, "tags": [{"k": "x"}]}\n'
    )
    fields = _field_values(_write(tmp_path, "e.jsonl", text.encode()))
    assert fields["user.email"] == ["a@x.org", "b@x.org"]
    assert fields["user.id"] == ["7", "seven"]
    assert fields["tags.k"] == ["1", "x"]


def test_bad_lines_are_skipped_and_counted(tmp_path: Path, caplog) -> None:
    text = '{"email": "a@x.org"}\nnot json at all\n[1, 2]\n{"email": "b@x.org"}\n'
    with caplog.at_level(logging.WARNING, logger="connectors.jsonl"):
        fields = _field_values(_write(tmp_path, "e.jsonl", text.encode()))
    assert fields["email"] == ["a@x.org", "b@x.org"]
    assert "skipped 2 lines" in caplog.text
    assert "not json at all" not in caplog.text


def test_gzip_and_invalid_utf8(tmp_path: Path) -> None:
    data = gzip.compress(b'{"name": "M\xfcller"}\n{"name": "Ann"}\n')
    fields = _field_values(_write(tmp_path, "e.jsonl.gz", data))
    assert fields["name"] == ["M\ufffdller", "Ann"]


@pytest.mark.parametrize("sample_rows", [1, 10])
def test_sample_rows_bounds_lines(tmp_path: Path, sample_rows: int) -> None:
    text = "".join(f'{{"i": {i}}}\n' for i in range(1_000))
    path = _write(tmp_path, "e.jsonl", text.encode())
    assert sum(b.num_rows for b in read_jsonl(path, sample_rows)) == sample_rows


def test_half_a_surrogate_pair_spoils_one_value_not_the_file(tmp_path: Path) -> None:
    lines = [json.dumps({"email": f"u{i}@example.com", "comment": "ok"}) for i in range(50)]
    lines.append('{"email": "x@example.com", "comment": "great \\ud83d", "\\udc00k": 1}')
    path = tmp_path / "reviews.jsonl"
    path.write_text("\n".join(lines) + "\n")
    batches = list(read_jsonl(path))
    comments = [c for b in batches for c in b.column("comment").to_pylist()]
    assert len(comments) == 51 and comments[-1].startswith("great \ufffd")

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pytest

import connectors.json_document as json_document
from connectors.base import SkippableLocationError
from connectors.json_document import read_json_document
from detectors.fields import fields_from_batch

BID_REQUEST = {
    "id": "80ce30c53c16e6ede735f123ef6e3236",
    "imp": [{"id": "1", "banner": {"w": 300, "h": 250}}],
    "device": {
        "ua": "Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X)",
        "ip": "203.0.113.9",
        "ifa": "8846d6fa-1000-8bce-aaf3-22908dfcb221",
        "geo": {"lat": 42.36, "lon": -71.05, "country": "USA"},
    },
    "user": {"id": "a0af45c77890045d", "yob": 1990, "gender": "F"},
}


def _write(tmp_path: Path, name: str, value: object, *, opener=open) -> Path:
    path = tmp_path / name
    with opener(path, "wb") as f:
        f.write(json.dumps(value, indent=2).encode())
    return path


def _fields(path: Path, sample_rows: int | None = None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for batch in read_json_document(path, sample_rows):
        for field in fields_from_batch(batch):
            out.setdefault(field.name, []).extend(field.values.to_pylist())
    return out


def _rows(path: Path, sample_rows: int | None = None) -> int:
    return sum(b.num_rows for b in read_json_document(path, sample_rows))


def test_pretty_printed_object_is_one_row_of_struct_columns(tmp_path: Path) -> None:
    path = _write(tmp_path, "bid.json", BID_REQUEST)
    batches = list(read_json_document(path))
    assert sum(b.num_rows for b in batches) == 1
    assert pa.types.is_struct(batches[0].schema.field("device").type)
    fields = _fields(path)
    assert fields["device.ip"] == ["203.0.113.9"]
    assert fields["device.ifa"] == ["8846d6fa-1000-8bce-aaf3-22908dfcb221"]
    assert fields["user.yob"] == ["1990"]
    assert fields["user.gender"] == ["F"]
    assert fields["imp.banner.w"] == ["300"]


def test_array_items_are_rows_and_other_items_are_values(tmp_path: Path) -> None:
    people = [{"email": f"u{i}@x.org", "address": {"zip": f"{i:05d}"}} for i in range(3)]
    path = _write(tmp_path, "people.json", people)
    assert _rows(path) == 3
    assert _fields(path)["address.zip"] == ["00000", "00001", "00002"]
    emails = _write(tmp_path, "emails.json", ["a@x.org", "b@x.org"])
    assert _fields(emails) == {"value": ["a@x.org", "b@x.org"]}
    mixed = _write(tmp_path, "mixed.json", [{"email": "a@x.org"}, "b@x.org", 7])
    assert _rows(mixed) == 3
    assert _fields(mixed) == {"email": ["a@x.org"], "value": ["b@x.org", "7"]}


def test_single_key_array_gives_rows_with_the_key_as_prefix(tmp_path: Path) -> None:
    records = [{"email": f"u{i}@x.org", "ip": f"10.0.0.{i}"} for i in range(4)]
    wrapped = _write(tmp_path, "export.json", {"records": records})
    assert _rows(wrapped) == 4
    # The same paths as when the array is read as one row beside other keys.
    beside = _write(tmp_path, "page.json", {"records": records, "next": None})
    assert _rows(beside) == 1
    assert _fields(wrapped) == _fields(beside)
    assert _fields(wrapped)["records.email"] == [r["email"] for r in records]


def test_objects_one_after_another_are_rows(tmp_path: Path) -> None:
    path = tmp_path / "jq.json"
    text = "".join(
        json.dumps({"user": {"email": f"u{i}@x.org"}}, indent=2) + "\n" for i in range(3)
    )
    path.write_text(text)
    assert _fields(path)["user.email"] == ["u0@x.org", "u1@x.org", "u2@x.org"]


def test_conflicting_types_fall_back_to_text_with_the_same_paths(tmp_path: Path) -> None:
    rows = [{"user": {"id": 7, "email": "a@x.org"}}, {"user": {"id": "seven", "email": "b@x.org"}}]
    fields = _fields(_write(tmp_path, "a.json", rows))
    assert fields == {"user.id": ["7", "seven"], "user.email": ["a@x.org", "b@x.org"]}
    wrapped = _fields(_write(tmp_path, "b.json", {"data": rows}))
    assert wrapped == {"data.user.id": ["7", "seven"], "data.user.email": ["a@x.org", "b@x.org"]}


def test_sample_rows_are_spread_through_the_document(tmp_path: Path) -> None:
    path = _write(tmp_path, "many.json", [{"i": i} for i in range(1_000)])
    sampled = [i for b in read_json_document(path, 10) for i in b.column("i").to_pylist()]
    assert sampled == list(range(0, 1_000, 100))
    assert _rows(path, 5_000) == 1_000
    conflicting = _write(
        tmp_path, "mixed.json", [{"i": i if i % 2 else str(i)} for i in range(100)]
    )
    assert _rows(conflicting, 10) == 10


def test_gzip_bom_and_invalid_utf8(tmp_path: Path) -> None:
    path = _write(tmp_path, "bid.json.gz", BID_REQUEST, opener=gzip.open)
    assert _fields(path)["device.ip"] == ["203.0.113.9"]
    raw = tmp_path / "latin.json"
    raw.write_bytes(b'\xef\xbb\xbf[\n  {"name": "M\xfcller"}\n]\n')
    assert _fields(raw) == {"name": ["M\ufffdller"]}


def test_invalid_json_is_skippable_without_its_values(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_text('[\n  {"email": "secret@x.org"},\n  {"email": "other@x.org"')
    with pytest.raises(SkippableLocationError, match="not valid JSON") as err:
        list(read_json_document(path))
    assert "line 3" in err.value.message
    assert "x.org" not in str(err.value)
    assert err.value.hint


@pytest.mark.parametrize("compressed", [False, True])
def test_document_over_the_limit_is_skippable_with_a_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compressed: bool
) -> None:
    monkeypatch.setattr(json_document, "MAX_DOCUMENT_BYTES", 1_000)
    rows = [{"email": f"u{i}@x.org"} for i in range(100)]
    opener = gzip.open if compressed else open
    path = _write(tmp_path, "big.json" + (".gz" if compressed else ""), rows, opener=opener)
    assert path.stat().st_size < 1_000 or not compressed
    with pytest.raises(SkippableLocationError, match="too big") as err:
        list(read_json_document(path))
    assert "JSON lines" in err.value.hint
    small = _write(tmp_path, "small.json", rows[:3])
    assert _rows(small) == 3

from __future__ import annotations

import bz2
import gzip
from pathlib import Path

import pyarrow as pa
import pytest

from connectors.base import SkippableLocationError
from connectors.csv_file import BLOCK_BYTES, read_csv


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _rows(path: Path, delimiter: str = ",", sample_rows: int | None = None) -> list[dict]:
    return [r for b in read_csv(path, sample_rows, delimiter) for r in b.to_pylist()]


def test_every_column_is_text_so_leading_zeros_survive(tmp_path: Path) -> None:
    path = _write(tmp_path, "p.csv", b"zip,phone,n\n01234,0044207946,7\n00501,0800,8\n")
    batches = list(read_csv(path, None, ","))
    assert all(t == pa.string() for b in batches for t in b.schema.types)
    assert _rows(path) == [
        {"zip": "01234", "phone": "0044207946", "n": "7"},
        {"zip": "00501", "phone": "0800", "n": "8"},
    ]


def test_bom_is_dropped_from_the_first_name(tmp_path: Path) -> None:
    path = _write(tmp_path, "p.csv", "\ufeffemail;zip\na@x.org;01234\n".encode())
    assert _rows(path, ";") == [{"email": "a@x.org", "zip": "01234"}]


def test_invalid_utf8_is_replaced_not_fatal(tmp_path: Path) -> None:
    path = _write(tmp_path, "p.csv", b"name,city\nM\xfcller,K\xf6ln\nAnn,Oslo\n")
    rows = _rows(path)
    assert rows[0] == {"name": "M\ufffdller", "city": "K\ufffdln"}
    assert rows[1] == {"name": "Ann", "city": "Oslo"}


def test_rows_with_wrong_field_count_are_skipped(tmp_path: Path) -> None:
    path = _write(tmp_path, "p.csv", b"a,b\n1,2\n3,4,5\n6\n7,8\n")
    assert _rows(path) == [{"a": "1", "b": "2"}, {"a": "7", "b": "8"}]


def test_quoted_values_with_newlines_and_delimiters(tmp_path: Path) -> None:
    path = _write(tmp_path, "p.csv", b'name,address\n"Doe, Jane","1 Main St\nSpringfield"\n')
    assert _rows(path) == [{"name": "Doe, Jane", "address": "1 Main St\nSpringfield"}]


def test_tab_delimited(tmp_path: Path) -> None:
    path = _write(tmp_path, "p.tsv", b"name\temail\nAnn\tann@x.org\n")
    assert _rows(path, "\t") == [{"name": "Ann", "email": "ann@x.org"}]


@pytest.mark.parametrize("compress", [gzip.compress, bz2.compress])
def test_compressed_read_transparently(tmp_path: Path, compress) -> None:
    path = _write(tmp_path, "p.csv.z", compress(b"id,email\n1,a@x.org\n2,b@x.org\n"))
    assert [r["email"] for r in _rows(path)] == ["a@x.org", "b@x.org"]


def test_sample_rows_stops_early(tmp_path: Path) -> None:
    text = "id,email\n" + "".join(f"{i},u{i}@x.org\n" for i in range(100_000))
    path = _write(tmp_path, "big.csv", text.encode())
    assert len(_rows(path, sample_rows=25)) == 25


def test_empty_and_header_only_files_give_no_rows(tmp_path: Path) -> None:
    assert _rows(_write(tmp_path, "empty.csv", b"")) == []
    assert _rows(_write(tmp_path, "header.csv", b"a,b\n")) == []


def test_blank_and_duplicate_names_are_made_unique(tmp_path: Path) -> None:
    path = _write(tmp_path, "p.csv", b",email,email\n0,a@x.org,b@x.org\n")
    assert _rows(path) == [{"column_1": "0", "email": "a@x.org", "email_2": "b@x.org"}]


def test_truncated_gzip_is_skippable(tmp_path: Path) -> None:
    data = gzip.compress(("id,email\n" + "1,a@x.org\n" * 50_000).encode())
    path = _write(tmp_path, "cut.csv.gz", data[: len(data) // 2])
    with pytest.raises(SkippableLocationError, match="truncated or damaged"):
        _rows(path)


def test_a_field_bigger_than_a_block_is_read_with_the_rows_around_it(tmp_path: Path) -> None:
    rows = ["id,email,note", *(f"{i},user{i}@example.com,short" for i in range(40))]
    rows.append('40,big@example.com,"' + "x" * (3 * BLOCK_BYTES) + '"')
    rows += [f"{i},user{i}@example.com,short" for i in range(41, 80)]
    path = tmp_path / "pasted.csv"
    path.write_text("\n".join(rows) + "\n")
    emails = [e for b in read_csv(path) for e in b.column("email").to_pylist()]
    assert emails == [f"user{i}@example.com" for i in range(40)] + ["big@example.com"] + [
        f"user{i}@example.com" for i in range(41, 80)
    ]
    assert sum(b.num_rows for b in read_csv(path, sample_rows=50)) == 50

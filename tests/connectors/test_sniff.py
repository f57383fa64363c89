from __future__ import annotations

import bz2
import gzip
import sqlite3
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from connectors.sniff import sniff, sniff_format

ACCESS = (
    '203.0.113.9 - - [10/Oct/2023:13:55:36 +0000] "GET /a,b,c HTTP/1.1" 200 512 "-" '
    '"Mozilla/5.0 (X11; Linux x86_64, rv:109.0)"\n'
)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_parquet_by_magic_whatever_the_name(tmp_path: Path) -> None:
    path = tmp_path / "export.dat"
    pq.write_table(pa.table({"a": [1]}), path)
    assert sniff_format(path) == "parquet"


def test_truncated_parquet_is_still_parquet(tmp_path: Path) -> None:
    whole = tmp_path / "whole.parquet"
    pq.write_table(pa.table({"a": list(range(1000))}), whole)
    cut = _write(tmp_path, "cut.parquet", whole.read_bytes()[:300])
    assert sniff_format(cut) == "parquet"


def test_text_starting_with_par1_is_not_parquet(tmp_path: Path) -> None:
    assert sniff_format(_write(tmp_path, "notes.txt", b"PAR1 is a code name\n")) == "log"


def test_sqlite_by_magic(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    sqlite3.connect(path).execute("CREATE TABLE t (a)").connection.close()
    assert sniff_format(path) == "sqlite"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_delimiters(tmp_path: Path, delimiter: str) -> None:
    rows = [["name", "city", "phone"], ["Ann", "Oslo", "+47 2212 3456"], ["Bob", "Bergen", "55"]]
    text = "".join(delimiter.join(r) + "\n" for r in rows)
    found = sniff(_write(tmp_path, "x.txt", text.encode()))
    assert (found.format, found.delimiter) == ("csv", delimiter)


def test_csv_with_bom_and_decimal_commas_picks_semicolon(tmp_path: Path) -> None:
    text = "\ufeffname;amount;zip\nAnn;1,5;01234\nBob;2,25;00501\n"
    found = sniff(_write(tmp_path, "x.csv", text.encode()))
    assert (found.format, found.delimiter) == ("csv", ";")


def test_csv_with_quoted_delimiters(tmp_path: Path) -> None:
    text = 'name,address\n"Doe, Jane","1 Main St, Springfield"\n"Roe, Rick","2 Elm"\n'
    assert sniff_format(_write(tmp_path, "x.csv", text.encode())) == "csv"


def test_access_log_with_commas_is_log_not_csv(tmp_path: Path) -> None:
    assert sniff_format(_write(tmp_path, "access.csv", (ACCESS * 20).encode())) == "log"


def test_syslog_is_log(tmp_path: Path) -> None:
    line = "Jun 14 15:16:01 combo sshd[19939]: check pass, user unknown, tty=ssh\n"
    assert sniff_format(_write(tmp_path, "messages", (line * 20).encode())) == "log"


def test_pipe_separated_log_without_header_is_log(tmp_path: Path) -> None:
    lines = "".join(f"20171223-22:15:{i:02d}:606|Step_LSC|30002312|onStep {i}\n" for i in range(20))
    assert sniff_format(_write(tmp_path, "health.log", lines.encode())) == "log"


def test_numeric_first_row_is_not_a_header(tmp_path: Path) -> None:
    lines = "".join(f"{i},{i * 2},{i * 3}\n" for i in range(20))
    assert sniff_format(_write(tmp_path, "numbers.csv", lines.encode())) == "log"


def test_jsonl(tmp_path: Path) -> None:
    lines = "".join(f'{{"id": {i}, "user": {{"email": "u{i}@x.org"}}}}\n' for i in range(20))
    assert sniff_format(_write(tmp_path, "events", lines.encode())) == "jsonl"


def test_json_array_is_not_jsonl(tmp_path: Path) -> None:
    assert sniff_format(_write(tmp_path, "a.json", b'[{"a": 1},\n {"a": 2}]\n')) == "log"


def test_binary_is_none(tmp_path: Path) -> None:
    assert sniff_format(_write(tmp_path, "image.log", bytes(range(256)) * 40)) is None


def test_latin1_text_is_still_text(tmp_path: Path) -> None:
    data = "".join(f"Müller {i} wohnt in Köln Straße {i}\n" for i in range(10)).encode("latin-1")
    assert sniff_format(_write(tmp_path, "old.log", data)) == "log"


def test_same_line_repeated_is_not_csv(tmp_path: Path) -> None:
    data = "Müller wohnt in Köln, Straße 5\n".encode() * 10
    assert sniff_format(_write(tmp_path, "old.log", data)) == "log"


def test_empty_file_is_text(tmp_path: Path) -> None:
    assert sniff_format(_write(tmp_path, "empty.log", b"")) == "log"


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.log.gz", "started worker 3\nstopped worker 3\n", "log"),
        ("a.csv.gz", "id,email\n1,a@example.com\n2,b@example.com\n", "csv"),
        ("a.jsonl.gz", '{"a": 1}\n{"a": 2}\n', "jsonl"),
    ],
)
def test_gzip_inner_content_decides(tmp_path: Path, name: str, text: str, expected: str) -> None:
    found = sniff(_write(tmp_path, name, gzip.compress(text.encode())))
    assert (found.format, found.compression) == (expected, "gzip")


def test_bz2_is_looked_through(tmp_path: Path) -> None:
    found = sniff(_write(tmp_path, "a.csv.bz2", bz2.compress(b"id,email\n1,a@example.com\n")))
    assert (found.format, found.compression) == ("csv", "bz2")


def test_truncated_gzip_is_judged_by_what_decompresses(tmp_path: Path) -> None:
    data = gzip.compress(b"user logged in from 10.0.0.1\n" * 5000)
    assert sniff_format(_write(tmp_path, "cut.log.gz", data[: len(data) // 2])) == "log"


def test_gzipped_binary_is_none(tmp_path: Path) -> None:
    data = gzip.compress(bytes(range(256)) * 40)
    assert sniff_format(_write(tmp_path, "blob.gz", data)) is None


def test_big_file_sniffed_from_its_head(tmp_path: Path) -> None:
    text = "id,email\n" + "".join(f"{i},u{i}@example.com\n" for i in range(200_000))
    assert sniff(_write(tmp_path, "big.csv", text.encode())).delimiter == ","

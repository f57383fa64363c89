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


@pytest.mark.parametrize("name", ["cut.parquet", "cut.PARQ", "cut.pq"])
def test_text_after_par1_in_a_file_named_parquet_is_damaged_parquet(
    tmp_path: Path, name: str
) -> None:
    assert sniff_format(_write(tmp_path, name, b"PAR1garbagegarbage")) == "parquet"


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


def test_json_array_is_a_json_document_not_jsonl(tmp_path: Path) -> None:
    assert sniff_format(_write(tmp_path, "a.json", b'[{"a": 1},\n {"a": 2}]\n')) == "json"


PRETTY_REQUEST = (
    b'{\n  "id": "80ce30c53c16e6ede735f123ef6e3236",\n  "device": {\n    "ip": "203.0.113.9",\n'
    b'    "ifa": "8846d6fa-1000-8bce-aaf3-22908dfcb221"\n  },\n  "user": {\n    "yob": 1990,\n'
    b'    "gender": "F"\n  }\n}\n'
)


@pytest.mark.parametrize(
    "data",
    [
        PRETTY_REQUEST,
        b"\xef\xbb\xbf \n" + PRETTY_REQUEST,  # BOM and blank lines before it
        PRETTY_REQUEST * 3,  # objects one after another, as `jq .` prints them
        b'[\n  {"email": "a@x.org"},\n  {"email": "b@x.org"}\n]',
        b'{\n  "records": [\n    {"email": "a@x.org"}\n  ]\n}\n',
        b"[]\n",
    ],
)
def test_pretty_printed_json_documents(tmp_path: Path, data: bytes) -> None:
    assert sniff_format(_write(tmp_path, "doc.json", data)) == "json"


def test_big_json_document_is_judged_by_its_head(tmp_path: Path) -> None:
    items = ",\n".join(f'  {{"id": {i}, "email": "u{i}@example.com"}}' for i in range(20_000))
    data = ("[\n" + items + "\n]\n").encode()
    assert len(data) > 64 * 1024
    assert sniff_format(_write(tmp_path, "big.json", data)) == "json"
    # Cut inside a string by the sniffing limit, minified on one line.
    one_line = ('{"note": "' + "x" * 70_000 + '"}').encode()
    assert sniff_format(_write(tmp_path, "long.json", one_line)) == "json"


def test_gzipped_json_document(tmp_path: Path) -> None:
    found = sniff(_write(tmp_path, "doc.json.gz", gzip.compress(PRETTY_REQUEST)))
    assert (found.format, found.compression) == ("json", "gzip")


@pytest.mark.parametrize(
    "data",
    [
        b"[INFO] worker started\n[INFO] worker stopped\n",
        b"[2023-10-10 13:55:01] login ok for ann\n" * 3_000,  # bigger than the sniffed head
        b"[1, 2]\n[3, 4]\n",  # arrays one after another are not one document
        b'{\n  "a": 1\n}\ngarbage after it\n',
        b"{{ template }}\n",
        b'{\n  "a": 1,\n  "b": oops\n}\n',
    ],
)
def test_text_starting_with_brackets_is_not_json(tmp_path: Path, data: bytes) -> None:
    assert sniff_format(_write(tmp_path, "app.log", data)) == "log"


def test_jsonl_stays_jsonl_next_to_json_documents(tmp_path: Path) -> None:
    data = b'{"email": "a@x.org"}\n{"email": "b@x.org"}\n'
    assert sniff_format(_write(tmp_path, "doc.json", data)) == "jsonl"


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


@pytest.mark.parametrize(
    "data", [b'[{"a": 1, "b": "x"}, {"a": 2, "b": "y"}', b'{"a": "x", "b": [1, 2']
)
def test_a_json_document_cut_short_is_json_not_csv(tmp_path: Path, data: bytes) -> None:
    # Read whole and good up to its end: the JSON reader reports it truncated, rather than a
    # CSV reader tripping over its commas.
    assert sniff(_write(tmp_path, "cut.json", data)).format == "json"


def test_a_log_truncated_in_place_is_text_after_its_nul_run(tmp_path: Path) -> None:
    # logrotate's copytruncate: the writer goes on at its old offset, the gap reads as NULs.
    line = '10.0.0.1 - - [10/Oct/2024:13:55:36 +0000] "GET / HTTP/1.1" 200 5\n'
    padded = _write(tmp_path, "app.log", b"\x00" * 20_000 + line.encode() * 50)
    assert sniff_format(padded) == "log"
    # NUL bytes among the text, not before it, still mean binary.
    mixed = _write(tmp_path, "data.log", (line.encode() + b"\x00\x01\x02") * 50)
    assert sniff_format(mixed) is None

"""Parsers take anything a file can hold. Any lines are recognised as some log format and
parsed into one row each, the C pass agreeing with the RE2 patterns it follows on any text;
any bytes, under any data file's name, are read into record batches or skipped with a
:class:`ConnectorError` that shows nothing of the file, never another exception."""

from __future__ import annotations

import bz2
import contextlib
import csv
import gzip
import io
import json
import sys
import tempfile
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.base import ConnectorError
from connectors.files import FileSystemConnector
from connectors.log_formats import (
    ACCESS_LOG_FIELDS,
    LINE,
    AccessLog,
    KeyValueLog,
    LogFormat,
    MixedLog,
    PlainLines,
    recognise,
)
from connectors.sniff import PARQUET_MAGIC, SQLITE_MAGIC
from connectors.text_stream import BZ2_MAGIC, GZIP_MAGIC, UTF8_BOM

# -- log lines ------------------------------------------------------------------------------

#: Text of one field of a line: anything but the characters that end it.
PART = st.text(st.characters(exclude_characters=' "\\[]\n', exclude_categories=("Cs",)))
ACCESS_LINE = st.builds(
    lambda addr, user, time, request, status, size, referer, agent: (
        f'{addr} - {user} [{time}] "{request}" {status} {size} "{referer}" "{agent}"'
    ),
    PART,
    PART,
    PART,
    st.text(),
    st.sampled_from(["200", "404", "20", "abc", "99999999999999999999"]),
    st.sampled_from(["-", "0", "512", "", "99999999999999999999999"]),
    st.text(),
    st.text(),
)
KEY = st.from_regex(r"[A-Za-z_][A-Za-z0-9_.\-]{0,8}", fullmatch=True)
PAIR = st.builds(
    lambda key, value, quoted: f'{key}="{value}"' if quoted else f"{key}={value}",
    st.one_of(KEY, st.sampled_from(["line", "status", "request", "a", "msg"])),
    st.text(max_size=12),
    st.booleans(),
)
KEY_VALUE_LINE = st.lists(st.one_of(PAIR, st.text(max_size=6)), min_size=1, max_size=8).map(
    " ".join
)
LOG_LINE = st.one_of(st.text(), ACCESS_LINE, KEY_VALUE_LINE)
#: Files keep one format, or two (a web server and its application writing to one log).
LOG_LINES = st.one_of(
    st.lists(LOG_LINE, max_size=30),
    st.lists(ACCESS_LINE, min_size=1, max_size=20),
    st.lists(KEY_VALUE_LINE, min_size=1, max_size=20),
    st.builds(
        lambda access, pairs: access + pairs,
        st.lists(ACCESS_LINE, min_size=2, max_size=10),
        st.lists(KEY_VALUE_LINE, min_size=2, max_size=10),
    ),
)


@settings(max_examples=150, deadline=None)
@given(LOG_LINES)
def test_any_lines_are_recognised_and_parsed_a_row_each(lines: list[str]) -> None:
    arr = pa.array(lines, pa.string())
    log_format = recognise(arr)
    assert isinstance(log_format, LogFormat)
    batch = log_format.parse(arr)
    assert isinstance(batch, pa.RecordBatch)
    assert batch.num_rows == len(lines)
    assert len(set(batch.schema.names)) == len(batch.schema.names)
    assert LINE in batch.schema.names
    if isinstance(log_format, PlainLines):
        assert batch.column(LINE).to_pylist() == lines
    if isinstance(log_format, (AccessLog, MixedLog)):
        assert set(ACCESS_LOG_FIELDS) <= set(batch.schema.names)


@settings(max_examples=150, deadline=None)
@given(LOG_LINES, st.integers(0, 3))
def test_the_compiled_pass_splits_any_text_as_the_patterns_do(lines: list[str], skip: int) -> None:
    # test_log_lines glues the hard pieces from a small alphabet; here the text is any
    # unicode (NULs, newlines, multi-byte characters) and the keys those that recognise finds.
    arr = pa.array(lines or [""], pa.string()).slice(min(skip, max(0, len(lines) - 1)))
    access = AccessLog()
    assert access.parse(arr).to_pylist() == access.parse_with_re2(arr).to_pylist()
    found = recognise(arr)
    keys = found.rest if isinstance(found, MixedLog) else found
    if isinstance(keys, KeyValueLog):
        assert keys.parse(arr).to_pylist() == keys.parse_with_re2(arr).to_pylist()


# -- files ------------------------------------------------------------------------------------

#: Written into text content: no error may ever show it.
CANARY = "canary-7f3a9c"
SUFFIXES = (".csv", ".jsonl", ".json", ".log", ".parquet", ".gz", ".db")
MAGIC = st.sampled_from(
    [b"", GZIP_MAGIC, BZ2_MAGIC + b"9", PARQUET_MAGIC, SQLITE_MAGIC, UTF8_BOM, b"{", b"[", b'"']
)
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)
JSON_LINES = st.lists(
    st.one_of(
        st.dictionaries(st.text(max_size=6), JSON_VALUE, max_size=4).map(json.dumps),
        JSON_VALUE.map(json.dumps),
        st.text(max_size=20),
    ),
    min_size=1,
    max_size=12,
).map(lambda lines: "\n".join([*lines, json.dumps({"secret": CANARY})]))
#: Rows glued with the characters CSV quoting turns on, ragged or not.
CSV_TEXT = st.lists(
    st.lists(
        st.one_of(st.text(max_size=8), st.sampled_from(['"', '""', ",", ";", "\t", "\r"])),
        max_size=5,
    ),
    min_size=1,
    max_size=10,
).map(lambda rows: "\n".join([",".join(r) for r in rows] + [f"{CANARY},{CANARY}"]))


def csv_text(rows: list[list[str]], delimiter: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows([*rows, [CANARY] * len(rows[0])])
    return out.getvalue()


#: Well-formed CSV (as the csv module writes it) of any text, so that it is read as CSV.
CSV_WRITTEN = st.integers(2, 4).flatmap(
    lambda width: st.builds(
        csv_text,
        st.lists(
            st.lists(st.text(max_size=8), min_size=width, max_size=width), min_size=2, max_size=8
        ),
        st.sampled_from([",", ";", "\t", "|"]),
    )
)
#: A pretty-printed JSON document: an array of rows, or rows under one key.
JSON_DOCUMENT = st.builds(
    lambda rows, wrapped: json.dumps({"data": rows} if wrapped else rows, indent=2),
    st.lists(JSON_VALUE, min_size=1, max_size=6).map(lambda rows: [*rows, {"secret": CANARY}]),
    st.booleans(),
)
TEXT = st.one_of(
    st.text(),
    JSON_LINES,
    JSON_DOCUMENT,
    CSV_TEXT,
    CSV_WRITTEN,
    st.lists(LOG_LINE, max_size=10).map("\n".join),
)
CONTENT = st.one_of(
    st.binary(max_size=600),
    st.builds(lambda magic, rest: magic + rest, MAGIC, st.binary(max_size=600)),
    TEXT.map(str.encode),
    # Compressed text, whole or cut short.
    st.builds(
        lambda text, compress, cut: compress(text.encode())[: cut or None],
        TEXT,
        st.sampled_from([gzip.compress, bz2.compress]),
        st.integers(0, 80),
    ),
    # Compressed bytes that are no text at all.
    st.binary(max_size=400).map(gzip.compress),
    # A Parquet file's magic at both ends, with anything between.
    st.binary(max_size=300).map(lambda body: PARQUET_MAGIC + body + PARQUET_MAGIC),
)


def read_everything(path: Path, sample_rows: int | None) -> int:
    """Rows read from every location found at ``path``; a :class:`ConnectorError` from
    discovering or reading passes through, carrying no text of the file."""
    rows = 0
    with FileSystemConnector(str(path)) as connector:
        for location in list(connector.discover()):
            try:
                for batch in connector.read(location, sample_rows):
                    assert isinstance(batch, pa.RecordBatch)
                    rows += batch.num_rows
            except ConnectorError as exc:
                assert CANARY not in str(exc) and CANARY not in exc.hint
    return rows


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=CONTENT, suffix=st.sampled_from(SUFFIXES), sample_rows=st.sampled_from([None, 3]))
def test_any_bytes_read_as_batches_or_skip_with_a_connector_error(
    tmp_path: Path, content: bytes, suffix: str, sample_rows: int | None
) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    path = folder / f"data{suffix}"
    path.write_bytes(content)
    try:
        read_everything(path, sample_rows)
    except ConnectorError as exc:
        assert CANARY not in str(exc)
    # Reading never writes: the file is as it was.
    assert path.read_bytes() == content


def nested(depth: int, leaf: str = "1") -> str:
    """A JSON object ``depth`` levels deep, each level an object holding a list."""
    return '{"a":[' * depth + leaf + "]}" * depth


DEEP = [50, 400, 600, 990, 5_000]


@pytest.mark.parametrize("depth", DEEP)
@pytest.mark.parametrize(
    ("suffix", "content"),
    [
        (".jsonl", lambda depth: (nested(depth) + "\n") * 3),
        (".jsonl", lambda depth: '{"a": 1}\n{"a": "x"}\n' + nested(depth) + "\n"),
        (".jsonl", lambda depth: '{"a":' * depth + "1" + "}" * depth + "\n"),
        (".jsonl", lambda depth: '{"a": 1}\n' + "[" * depth + "\n"),
        (".json", lambda depth: "[" + nested(depth) + ', {"a": "x"}, {"a": 2}]'),
        # Deep past the bytes the format is sniffed on.
        (".json", lambda depth: '[{"a": "' + "x" * 70_000 + '"}, ' + nested(depth) + "]"),
    ],
    ids=["lines", "mixed-lines", "objects", "arrays", "document", "document-past-sniff"],
)
def test_deeply_nested_json_is_read_or_skipped(
    tmp_path: Path, suffix: str, content, depth: int
) -> None:
    # Python's json module recurses: nesting past the interpreter's limit must be a
    # skipped location or a line left out, never a RecursionError.
    path = tmp_path / f"deep{suffix}"
    path.write_text(content(depth))
    for sample_rows in (None, 2):
        with contextlib.suppress(ConnectorError):
            read_everything(path, sample_rows)


def test_json_lines_nested_to_the_edge_of_the_recursion_limit_are_read_or_skipped(
    tmp_path: Path,
) -> None:
    # Just under the limit, the json module reads a line that flattening it, a frame or two
    # deeper, cannot: every depth around the edge is tried, wherever the stack stands.
    edge = sys.getrecursionlimit()
    for depth in range(edge - 240, edge + 4, 2):
        path = tmp_path / f"edge{depth}.jsonl"
        path.write_text('{"a": 1}\n{"a": "x"}\n' + '{"a":' * depth + "1" + "}" * depth + "\n")
        with contextlib.suppress(ConnectorError):
            read_everything(path, None)

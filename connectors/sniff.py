"""Tell a file's format from its first bytes, not from its name.

At most ~64 KB is read (after decompression for gzip and bz2, whose inner content decides).
Formats: ``parquet``, ``sqlite``, ``jsonl``, ``json`` (one JSON document, or a few objects one
after another, pretty-printed over many lines), ``csv``, ``log`` (any other text), or None for
binary content.

The name is looked at in one case only: a file that starts with Parquet's magic but holds
text after it is Parquet (a damaged one) when it is named ``.parquet``, ``.parq`` or ``.pq``,
and text otherwise.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import zlib
from dataclasses import dataclass
from pathlib import Path

import re2

from connectors.text_stream import UTF8_BOM, compression_of

SNIFF_BYTES = 64 * 1024
PARQUET_MAGIC = b"PAR1"
PARQUET_SUFFIXES = frozenset({".parquet", ".parq", ".pq"})
SQLITE_MAGIC = b"SQLite format 3\x00"
CSV_DELIMITERS = (",", ";", "\t", "|")
#: Lines looked at to decide between JSON lines, CSV and log.
SNIFF_LINES = 50
#: Share of lines that must agree for a format to be recognised.
AGREEMENT = 0.9

# Sampled lines are data, so these run through RE2 (linear time), never Python ``re``.
_ACCESS_LOG = re2.compile(r'^\S+ \S+ \S+ \[[^\]]+\] "[^"]*" \d{3} ')
_SYSLOG = re2.compile(r"^(?:<\d+>)?[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S")
_HEADER_CELL = re2.compile(r"^[^\d\s][^\r\n]{0,99}$")
_NUMBER = re2.compile(r"^[-+]?[\d.,]+$")
#: Whitespace between JSON tokens.
_JSON_SPACE = " \t\r\n"
#: A number or literal cut by the sniffing limit is at most this long.
_LONGEST_CUT_TOKEN = 32
#: Control bytes that do not occur in text (tab, newlines, form feed and escape do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\f\x1b") + b"\x7f"


@dataclass(frozen=True)
class Sniffed:
    """What the first bytes of a file say about it."""

    format: str | None  # None: binary content that is neither Parquet nor SQLite
    compression: str | None = None  # "gzip" or "bz2" when the file is compressed
    delimiter: str | None = None  # for CSV


def sniff_format(path: str | Path) -> str | None:
    """The format of the file at ``path`` by content: ``"parquet"``, ``"sqlite"``,
    ``"jsonl"``, ``"csv"``, ``"log"`` or None for binary content. Raises OSError when the
    file cannot be read."""
    return sniff(path).format


def sniff(path: str | Path) -> Sniffed:
    """Like :func:`sniff_format`, also saying whether the file is compressed and, for CSV,
    which delimiter it uses."""
    path = Path(path)
    with open(path, "rb") as f:
        head = f.read(SNIFF_BYTES)
        if head.startswith(PARQUET_MAGIC):
            f.seek(0, io.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - len(PARQUET_MAGIC)))
            tail = f.read()
            # A file that starts like Parquet but is not text, or is named like Parquet, is a
            # truncated or damaged Parquet file: call it Parquet so that the reader says so.
            named_parquet = path.suffix.lower() in PARQUET_SUFFIXES
            if tail == PARQUET_MAGIC or named_parquet or _text_of(head) is None:
                return Sniffed("parquet")
    if head.startswith(SQLITE_MAGIC):
        return Sniffed("sqlite")
    compression = compression_of(head)
    if compression:
        inner = _decompressed_head(path, compression)
        if inner.startswith((PARQUET_MAGIC, SQLITE_MAGIC)):
            return Sniffed(None, compression)  # cannot be read without unpacking it first
        inner_format, delimiter = _text_format(inner, complete=len(inner) < SNIFF_BYTES)
        return Sniffed(inner_format, compression, delimiter)
    text_format, delimiter = _text_format(head, complete=len(head) < SNIFF_BYTES)
    return Sniffed(text_format, None, delimiter)


def _decompressed_head(path: Path, compression: str) -> bytes:
    opener = gzip.open if compression == "gzip" else bz2.open
    out = b""
    try:
        with opener(path, "rb") as f:
            while len(out) < SNIFF_BYTES:
                chunk = f.read(SNIFF_BYTES - len(out))
                if not chunk:
                    break
                out += chunk
    except (EOFError, OSError, zlib.error):
        pass  # a truncated archive: judge by what could be read; the reader reports it
    return out


def _text_of(data: bytes) -> str | None:
    """``data`` decoded as text, or None when it looks binary: NUL bytes, or mostly bytes that
    are neither valid UTF-8 nor ordinary text characters."""
    # A log truncated in place while its writer kept its offset (logrotate's copytruncate)
    # starts with a run of NUL bytes: the text after it decides.
    data = data.lstrip(b"\x00") if data.startswith(b"\x00") else data
    if b"\x00" in data:
        return None
    text = data.decode("utf-8", errors="replace")
    if not text:
        return text
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    bad = text.count("\ufffd") + controls
    return None if bad > len(text) * 0.1 else text


def _text_format(data: bytes, *, complete: bool) -> tuple[str | None, str | None]:
    """(format, csv delimiter) of the first bytes of a text file."""
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    text = _text_of(data)
    if text is None:
        return None, None
    head = text
    lines = text.split("\n")
    if not complete and len(lines) > 1:
        lines = lines[:-1]  # the last line was cut by the read limit
        text = text[: text.rfind("\n") + 1]
    lines = [line.rstrip("\r") for line in lines if line.strip()][:SNIFF_LINES]
    if not lines:
        return "log", None
    if _is_jsonl(lines):
        return "jsonl", None
    if _is_json_document(head, complete=complete):
        return "json", None
    if _share(lines, lambda s: bool(_ACCESS_LOG.search(s) or _SYSLOG.search(s))) >= 0.5:
        return "log", None
    delimiter = _csv_delimiter(text)
    if delimiter is not None:
        return "csv", delimiter
    return "log", None


def _share(lines: list[str], test: object) -> float:
    return sum(1 for line in lines if test(line)) / len(lines)  # type: ignore[operator]


def _is_jsonl(lines: list[str]) -> bool:
    def is_object(line: str) -> bool:
        stripped = line.strip()
        if not stripped.startswith("{"):
            return False
        try:
            return isinstance(json.loads(stripped), dict)
        except (ValueError, RecursionError):  # nested past the json module's limit
            return False

    if not is_object(lines[0]):
        return False
    good = sum(1 for line in lines if is_object(line))
    # A stray bad line in a short sample does not make the file something else.
    return good / len(lines) >= AGREEMENT or (good >= 2 and len(lines) - good <= 1)


def _is_json_document(text: str, *, complete: bool) -> bool:
    """True when ``text`` (the whole file, or its head when not ``complete``) is one JSON
    object or array, or JSON objects one after another, as pretty-printers write them."""
    if not text.lstrip().startswith(("{", "[")):
        return False
    decoder = json.JSONDecoder()
    pos, values, arrays = 0, 0, 0
    while True:
        while pos < len(text) and text[pos] in _JSON_SPACE:
            pos += 1
        if pos == len(text):
            break
        try:
            value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            # Good JSON up to where the text ends: read up to the sniffing limit, a document
            # is cut short; read whole, the file itself is, and the JSON reader says so
            # (rather than a CSV reader tripping over its commas).
            return _cut_short(text, exc) and (arrays == 0 or complete)
        except RecursionError:
            return False
        if isinstance(value, list):
            arrays += 1
        elif not isinstance(value, dict):
            return False
        values += 1
    # An array is read as the document's rows: a second value after it is not JSON.
    return values > 0 and (arrays == 0 or values == 1)


def _cut_short(text: str, exc: json.JSONDecodeError) -> bool:
    """True when decoding failed only because ``text`` ends mid-document: at its end, inside
    a string running to its end, or inside a number or literal (``tr``, ``12.``)."""
    rest = text[exc.pos :].rstrip()
    return (
        not rest
        or exc.msg.startswith("Unterminated string")
        or (len(rest) <= _LONGEST_CUT_TOKEN and not any(c in _JSON_SPACE for c in rest))
    )


def _csv_delimiter(text: str) -> str | None:
    """The delimiter among , ; tab | that splits the sample into a header and rows with one
    consistent field count (the most fields wins), or None when there is none."""
    best: tuple[int, str] | None = None
    for delimiter in CSV_DELIMITERS:
        rows = _rows(text, delimiter)
        if not rows or not _looks_like_header(rows[0]) or rows[0] in rows[1:]:
            continue  # a "header" repeated below it is a line like the others
        width = len(rows[0])
        if width < 2:
            continue
        if _share(rows, lambda row, w=width: len(row) == w) < AGREEMENT:  # type: ignore[misc]
            continue
        if best is None or width > best[0]:
            best = (width, delimiter)
    return best[1] if best else None


def _rows(text: str, delimiter: str) -> list[list[str]]:
    try:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        return [row for _, row in zip(range(SNIFF_LINES), reader, strict=False) if row]
    except csv.Error:
        return []


def _looks_like_header(row: list[str]) -> bool:
    """Column names: distinct, short, none a number or a timestamp; one may be empty (the
    index column pandas writes)."""
    cells = [cell.strip() for cell in row]
    named = [c for c in cells if c]
    if len(set(cells)) != len(cells) or len(cells) - len(named) > 1:
        return False
    return all(_HEADER_CELL.search(c) and not _NUMBER.search(c) for c in named)

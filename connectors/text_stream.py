"""Read text files as streams of UTF-8: gzip and bz2 looked through, a byte-order mark dropped,
invalid UTF-8 replaced rather than fatal, lines split by pyarrow rather than per line in Python.

Shared by the CSV, JSON-lines and log readers. Files are only ever opened for reading.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import math
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.compute as pc

from connectors.base import SkippableLocationError

GZIP_MAGIC = b"\x1f\x8b"
BZ2_MAGIC = b"BZh"
UTF8_BOM = codecs.BOM_UTF8

#: Bytes read from the file at a time; lines are split out of each block in one pass.
BLOCK_BYTES = 4 << 20
#: A "line" longer than this is cut, so that a file without newlines cannot fill memory.
MAX_LINE_BYTES = 64 << 20
#: Lines per batch when reading a whole file.
BATCH_LINES = 65_536
#: How many evenly spaced byte ranges a sample of a big uncompressed file is drawn from.
SAMPLE_RANGES = 8


def compression_of(head: bytes) -> str | None:
    """``"gzip"`` or ``"bz2"`` when ``head`` (the file's first bytes) starts with that magic."""
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(BZ2_MAGIC) and len(head) >= 4 and head[3:4].isdigit():
        return "bz2"
    return None


def open_decompressed(path: Path) -> BinaryIO:
    """Open ``path`` read-only, decompressing gzip or bz2 by content, not by extension."""
    raw = open(path, "rb")  # noqa: SIM115 -- handed to the caller, who closes it
    try:
        kind = compression_of(raw.read(4))
        raw.seek(0)
    except BaseException:
        raw.close()
        raise
    if kind == "gzip":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    if kind == "bz2":
        return bz2.BZ2File(raw, mode="rb")  # type: ignore[return-value]
    return raw


class Utf8RepairStream(io.RawIOBase):
    """A read-only byte stream that passes valid UTF-8 through unchanged, drops a leading BOM
    and replaces invalid sequences with U+FFFD, so that pyarrow readers never fail on them."""

    def __init__(self, raw: BinaryIO, chunk_bytes: int = 1 << 20):
        super().__init__()
        self._raw = raw
        self._chunk = chunk_bytes
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
        self._pending = b""
        self._offset = 0  # into _pending: slicing it on every small read would copy it over
        self._eof = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while self._offset >= len(self._pending) and not self._eof:
            data = self._raw.read(self._chunk)
            self._eof = not data
            self._pending = self._decoder.decode(data, final=self._eof).encode("utf-8")
            self._offset = 0
        n = min(len(buffer), len(self._pending) - self._offset)
        buffer[:n] = memoryview(self._pending)[self._offset : self._offset + n]
        self._offset += n
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


def lines_from_bytes(block: bytes) -> pa.StringArray:
    """The non-empty lines of ``block`` (complete lines of text) as one string array, ``\\r``
    stripped, invalid UTF-8 replaced."""
    if not block:
        return pa.array([], pa.string())
    try:
        text = pa.array([block], pa.binary()).cast(pa.string())
    except pa.ArrowInvalid:
        text = pa.array([block.decode("utf-8", errors="replace")], pa.string())
    lines = pc.list_flatten(pc.split_pattern(text, "\n"))
    lines = pc.utf8_rtrim(lines, characters="\r")
    return lines.filter(pc.not_equal(lines, ""))


def _blocks(stream: BinaryIO, stop: int | None = None) -> Iterator[bytes]:
    """Blocks of whole lines from ``stream``; with ``stop`` (a byte offset of an uncompressed
    file), the last block ends with the line that crosses ``stop``."""
    carry = b""
    while True:
        size = BLOCK_BYTES
        if stop is not None:
            left = stop - stream.tell()
            if left < 0:
                return  # skipping the first partial line already ran past the range
            if left == 0:
                # Finish the line that straddles the end of the range; the next range
                # skips exactly that partial line.
                tail = stream.readline(MAX_LINE_BYTES)
                if carry or tail:
                    yield carry + tail
                return
            size = min(size, left)
        data = stream.read(size)
        if len(data) < size:  # the end of the file: its last line needs no newline
            if carry or data:
                yield carry + data
            return
        data = carry + data
        cut = data.rfind(b"\n")
        if cut < 0 and len(data) < MAX_LINE_BYTES:
            carry = data
            continue
        if cut < 0:
            cut = len(data) - 1
        yield data[: cut + 1]
        carry = data[cut + 1 :]


def _strip_bom(blocks: Iterator[bytes]) -> Iterator[bytes]:
    first = True
    for block in blocks:
        if first and block.startswith(UTF8_BOM):
            block = block[len(UTF8_BOM) :]
        first = False
        yield block


def _take(arrays: Iterator[pa.StringArray], limit: int | None) -> Iterator[pa.StringArray]:
    """Re-slice ``arrays`` into arrays of at most BATCH_LINES lines, ``limit`` lines in all."""
    left = math.inf if limit is None else limit
    for lines in arrays:
        for start in range(0, len(lines), BATCH_LINES):
            if left <= 0:
                return
            part = lines.slice(start, int(min(BATCH_LINES, left)))
            left -= len(part)
            yield part
        if left <= 0:
            return


def iter_lines(path: Path, sample_rows: int | None = None) -> Iterator[pa.StringArray]:
    """Yield the non-empty lines of a text file in arrays of at most 65,536 lines.

    With ``sample_rows`` set, about that many lines: from several evenly spaced byte ranges
    of a big uncompressed file (the same ranges every time), from the head otherwise.
    """
    size = path.stat().st_size
    with open_decompressed(path) as stream:
        compressed = not isinstance(stream, io.BufferedReader)
        small = size <= SAMPLE_RANGES * BLOCK_BYTES // 8
        if sample_rows is None or compressed or small:
            arrays = (lines_from_bytes(b) for b in _strip_bom(_blocks(stream)))
            yield from _take(arrays, sample_rows)
            return
        yield from _take(_spread_sample(stream, size, sample_rows), sample_rows)


def _spread_sample(stream: BinaryIO, size: int, sample_rows: int) -> Iterator[pa.StringArray]:
    """Up to ``sample_rows`` lines drawn from SAMPLE_RANGES evenly spaced byte ranges."""
    starts = [size * i // SAMPLE_RANGES for i in range(SAMPLE_RANGES)]
    for i, start in enumerate(starts):
        quota = sample_rows * (i + 1) // SAMPLE_RANGES - sample_rows * i // SAMPLE_RANGES
        stop = starts[i + 1] if i + 1 < len(starts) else size
        stream.seek(start)
        if start:
            stream.readline(MAX_LINE_BYTES)  # a partial line: the previous range took it
        blocks = _blocks(stream, stop)
        if not start:
            blocks = _strip_bom(blocks)
        yield from _take((lines_from_bytes(b) for b in blocks), quota)


def read_error(exc: BaseException) -> SkippableLocationError:
    """A :class:`SkippableLocationError` saying in plain words why a file could not be read
    (no value from the file is ever part of the message)."""
    if isinstance(exc, PermissionError):
        return SkippableLocationError(
            "permission denied: piiscan may not read this file",
            hint="grant the scanning user read access, or leave the path out of the scan",
        )
    if isinstance(exc, FileNotFoundError):
        return SkippableLocationError(
            "the file disappeared while the scan was running",
            hint="scan again once whatever moves or rotates it is done",
        )
    if isinstance(exc, IsADirectoryError):
        return SkippableLocationError(
            "a directory was found where a file was expected",
            hint="give the directory itself as the source",
        )
    if isinstance(exc, (EOFError, zlib.error, gzip.BadGzipFile)) or (
        isinstance(exc, OSError) and exc.errno is None
    ):
        return SkippableLocationError(
            f"the compressed file is truncated or damaged ({type(exc).__name__})",
            hint="it may have been cut short in a copy or still be being written: copy it again",
        )
    return SkippableLocationError(
        f"the file cannot be read ({type(exc).__name__})",
        hint="check the disk or network share it lives on",
    )

"""Location fingerprints: digests that change when a location's data may have changed, read
without reading the data (a stat and a few KB of a file).

A fingerprint is a sha256 hex digest of its components, never the components themselves, so
nothing read from a store (a file's bytes, the newest ``updated_at``) is kept by whoever
stores it. Components are encoded as canonical JSON, so the digest is the same in every
process (no ``hash()``, whose strings are salted per process).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from connectors.parquet import PARQUET_MAGIC, dataset_files

#: Bumped whenever what goes into a fingerprint changes, so that old ones no longer match.
FINGERPRINT_VERSION = "v1"
#: Bytes hashed at each end of a file that is not Parquet.
BLOCK_BYTES = 64 * 1024
#: SQLite's database header: its change counter, page count and schema cookie.
SQLITE_HEADER_BYTES = 100
_CHUNK_BYTES = 1 << 20
#: A Parquet file ends with the footer's length (4 bytes, little-endian) and the magic.
_PARQUET_TAIL_BYTES = 8


@dataclass(frozen=True)
class FileMarks:
    """What says a file changed: its size, its modification time in nanoseconds and a digest
    of its Parquet footer (``footer:...``) or of its first and last blocks (``blocks:...``)."""

    size: int
    mtime_ns: int
    content: str


def digest(*components: Any) -> str:
    """The sha256 hex digest of :data:`FINGERPRINT_VERSION` and ``components``: numbers,
    strings, None, dates and times, decimals, bytes, dataclasses and sequences or mappings
    of them."""
    encoded = json.dumps(
        [FINGERPRINT_VERSION, *components],
        default=_plain,
        separators=(",", ":"),
        sort_keys=True,
        ensure_ascii=True,
    )
    return hashlib.sha256(encoded.encode("ascii")).hexdigest()


def _plain(value: Any) -> Any:
    """A JSON-encodable stand-in for ``value``, the same in every process."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            # The session's time zone decides how a driver renders an aware timestamp.
            value = value.astimezone(dt.UTC)
        return ["datetime", value.isoformat()]
    if isinstance(value, dt.date | dt.time | dt.timedelta):
        return [type(value).__name__, str(value)]
    if isinstance(value, Decimal):
        return ["decimal", str(value)]
    if isinstance(value, bytes | bytearray | memoryview):
        return ["bytes", hashlib.sha256(bytes(value)).hexdigest()]
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    return [type(value).__name__, str(value)]


def file_marks(path: Path, *, parquet: bool) -> FileMarks:
    """The :class:`FileMarks` of the regular file at ``path``; its Parquet footer is hashed
    when ``parquet`` and it has a well-formed one. Raises :class:`OSError`."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        # A pipe put in its place would block the open below.
        raise IsADirectoryError(f"not a regular file: {path}")
    with open(path, "rb") as f:
        st = os.fstat(f.fileno())
        footer = _parquet_footer_digest(f, st.st_size) if parquet else None
        content = footer or _blocks_digest(f, st.st_size)
    return FileMarks(st.st_size, st.st_mtime_ns, content)


def dataset_marks(directory: Path) -> list[tuple[str, FileMarks]]:
    """(path relative to ``directory``, marks) of every data file of a partitioned Parquet
    dataset, in path order. Raises :class:`OSError`, also when ``directory`` is gone."""
    os.listdir(directory)  # a folder that is gone would otherwise look like an empty dataset
    return [
        (f.relative_to(directory).as_posix(), file_marks(f, parquet=True))
        for f in dataset_files(directory)
    ]


def sqlite_file_marks(path: Path) -> dict[str, Any]:
    """Size and modification time of a SQLite database file and of its write-ahead log when
    it has one (a write in WAL mode reaches the log, not the file), and a digest of the
    database header. Raises :class:`OSError`."""
    st = os.stat(path)
    with open(path, "rb") as f:
        header = f.read(SQLITE_HEADER_BYTES)
    marks: dict[str, Any] = {
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "header": hashlib.sha256(header).hexdigest(),
    }
    try:
        wal = os.stat(f"{path}-wal")
    except FileNotFoundError:
        return marks
    return {**marks, "wal_size": wal.st_size, "wal_mtime_ns": wal.st_mtime_ns}


def _parquet_footer_digest(f: IO[bytes], size: int) -> str | None:
    """The digest of a Parquet file's footer (schema, row groups, column statistics); None
    when the file does not end like Parquet (truncated, encrypted footer)."""
    if size < len(PARQUET_MAGIC) + _PARQUET_TAIL_BYTES:
        return None
    f.seek(size - _PARQUET_TAIL_BYTES)
    tail = f.read(_PARQUET_TAIL_BYTES)
    if len(tail) != _PARQUET_TAIL_BYTES or tail[4:] != PARQUET_MAGIC:
        return None
    remaining = int.from_bytes(tail[:4], "little")
    if remaining + len(PARQUET_MAGIC) + _PARQUET_TAIL_BYTES > size:
        return None
    f.seek(size - _PARQUET_TAIL_BYTES - remaining)
    hashed = hashlib.sha256(tail)
    while remaining:
        chunk = f.read(min(_CHUNK_BYTES, remaining))
        if not chunk:
            return None  # cut short while being read
        hashed.update(chunk)
        remaining -= len(chunk)
    return "footer:" + hashed.hexdigest()


def _blocks_digest(f: IO[bytes], size: int) -> str:
    """The digest of a file's first and last :data:`BLOCK_BYTES` (all of a small file)."""
    f.seek(0)
    hashed = hashlib.sha256(f.read(BLOCK_BYTES))
    if size > BLOCK_BYTES:
        f.seek(max(BLOCK_BYTES, size - BLOCK_BYTES))
        hashed.update(f.read(BLOCK_BYTES))
    return "blocks:" + hashed.hexdigest()

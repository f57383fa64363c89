"""Files, directories and globs: every file found is sniffed by content and read by the reader
for its format. SQLite files found among them are read as databases, one location per table.

Location names are paths as built from the source string the user gave (``ws`` →
``ws/logs/access.log``); the file's real path, size and modification time are metadata.
"""

from __future__ import annotations

import logging
import os
import stat
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa

from connectors.base import Connector, FatalSourceError, Location, SkippableLocationError
from connectors.csv_file import read_csv
from connectors.fingerprint import dataset_marks, digest, file_marks
from connectors.globbing import expand, has_magic
from connectors.json_document import read_json_document
from connectors.jsonl import read_jsonl
from connectors.logs import read_log
from connectors.parquet import dataset_files, is_partitioned_dataset, read_parquet
from connectors.sniff import sniff
from connectors.sqlalchemy_db import SqliteFileConnector
from connectors.text_stream import read_error

log = logging.getLogger(__name__)

FileReader = Callable[[Path, int | None, Mapping[str, Any]], Iterator[pa.RecordBatch]]

#: One reader per sniffed format; a new file format is one module plus one line here.
FILE_READERS: dict[str, FileReader] = {
    "parquet": lambda path, n, meta: read_parquet(path, n),
    "csv": lambda path, n, meta: read_csv(path, n, meta.get("delimiter") or ","),
    "jsonl": lambda path, n, meta: read_jsonl(path, n),
    "json": lambda path, n, meta: read_json_document(path, n),
    "log": lambda path, n, meta: read_log(path, n),
}

#: Names that promise readable data: a binary file named like this is reported, not ignored.
DATA_SUFFIXES = frozenset(
    {".log", ".txt", ".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".gz", ".bz2"}
    | {".parquet", ".parq", ".pq", ".db", ".sqlite", ".sqlite3"}
)
BINARY = "binary"
UNREADABLE = "unreadable"
_BINARY_HINT = (
    "piiscan reads text, CSV, JSON, JSON lines, Parquet and SQLite; convert the file or leave "
    "it out"
)


class FileSystemConnector(Connector):
    """A file, a directory (walked recursively in name order, hidden folders left out,
    symlink loops followed once) or a glob such as ``exports/*.parquet`` or ``logs/**/*.gz``."""

    format = "file"

    def __init__(self, source: str, display_source: str | None = None):
        super().__init__(source, display_source)
        self._databases: dict[Path, SqliteFileConnector] = {}

    # -- discovery ---------------------------------------------------------------------

    def discover(self) -> Iterator[Location]:
        # Folders entered and files listed, by device and inode: each is listed once however
        # many links or overlapping glob matches lead to it.
        visited: set[tuple[int, int]] = set()
        for display, path, explicit in self._targets():
            if path.is_dir():
                yield from self._walk(display, path, visited)
            else:
                yield from self._discover_file(display, path, visited, explicit=explicit)

    def _targets(self) -> list[tuple[str, Path, bool]]:
        """(name to show, path, named explicitly) for what the source points at."""
        expanded = os.path.expanduser(self.source)
        if os.path.exists(expanded):
            return [(self.source, Path(expanded), True)]
        if has_magic(self.source):
            matches = expand(expanded)
            if not matches:
                raise FatalSourceError(
                    f"no file matches {self.source}",
                    hint="check the pattern; quote it so that the shell does not expand it",
                )
            return [(_as_typed(self.source, m), Path(m), False) for m in matches]
        raise missing_path_error(self.source)

    def _walk(
        self, display: str, directory: Path, visited: set[tuple[int, int]]
    ) -> Iterator[Location]:
        try:
            st = directory.stat()
        except OSError:
            return
        if (st.st_dev, st.st_ino) in visited:
            return  # a symlink back into a folder already walked
        visited.add((st.st_dev, st.st_ino))
        if is_partitioned_dataset(directory):
            yield self._dataset_location(display, directory)
            return
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            yield self.location(display, "file", format=UNREADABLE, path=str(directory))
            return
        for entry in entries:
            child = os.path.join(display, entry.name)
            try:
                is_dir = entry.is_dir()
            except OSError:
                continue
            if is_dir:
                if not entry.name.startswith("."):
                    yield from self._walk(child, Path(entry.path), visited)
            else:
                yield from self._discover_file(child, Path(entry.path), visited, explicit=False)

    def _discover_file(
        self, display: str, path: Path, visited: set[tuple[int, int]], *, explicit: bool
    ) -> Iterator[Location]:
        try:
            st = path.stat()
        except OSError:
            return  # a broken symlink, or gone since the folder was listed
        if not stat.S_ISREG(st.st_mode):
            # Pipes, sockets and devices would block or never end: found in a folder they
            # are passed over, named on the command line they are an error.
            if explicit:
                yield self.location(
                    display,
                    "file",
                    path=str(path),
                    error="not a regular file (a pipe, socket or device): not read",
                    hint="give the file it stands for, or copy the data to a file first",
                )
            return
        if (st.st_dev, st.st_ino) in visited:
            return  # already listed under another name (a link, an overlapping glob)
        visited.add((st.st_dev, st.st_ino))
        meta: dict[str, Any] = {"path": str(path), "size": st.st_size, "mtime": st.st_mtime}
        try:
            sniffed = sniff(path)
        except OSError:
            # Unreadable (permissions): listed so that reading it reports why it was skipped.
            yield self.location(display, "file", format=UNREADABLE, **meta)
            return
        if sniffed.format == "sqlite":
            yield from self._database_locations(display, path, meta)
        elif sniffed.format is not None:
            yield self.location(
                display,
                "file",
                format=sniffed.format,
                compression=sniffed.compression,
                delimiter=sniffed.delimiter,
                **meta,
            )
        elif explicit or DATA_SUFFIXES.intersection(s.lower() for s in path.suffixes):
            yield self.location(display, "file", format=BINARY, **meta)

    def _dataset_location(self, display: str, directory: Path) -> Location:
        files = dataset_files(directory)
        stats = [f.stat() for f in files]
        return self.location(
            display,
            "file",
            format="parquet",
            path=str(directory),
            partitioned=True,
            files=len(files),
            size=sum(s.st_size for s in stats),
            mtime=max((s.st_mtime for s in stats), default=None),
        )

    def _database_locations(
        self, display: str, path: Path, meta: dict[str, Any]
    ) -> Iterator[Location]:
        try:
            tables = list(self._database(path).discover())
        except FatalSourceError as exc:
            yield self.location(
                display, "file", format="sqlite", error=exc.message, hint=exc.hint, **meta
            )
            return
        for table in tables:
            yield self.location(
                f"{display}:{table.name}", "table", format="sqlite", **meta, **table.metadata
            )

    def _database(self, path: Path) -> SqliteFileConnector:
        if path not in self._databases:
            self._databases[path] = SqliteFileConnector(path)
        return self._databases[path]

    # -- reading -----------------------------------------------------------------------

    def read(self, location: Location, sample_rows: int | None = None) -> Iterator[pa.RecordBatch]:
        try:
            yield from self._read(location, sample_rows)
        except SkippableLocationError as exc:
            exc.location = location.name
            raise
        except (pa.ArrowException, OSError, EOFError, zlib.error, ValueError) as exc:
            error = read_error(exc)
            error.location = location.name
            raise error from exc

    def _read(self, location: Location, sample_rows: int | None) -> Iterator[pa.RecordBatch]:
        meta = location.metadata
        path = Path(meta.get("path") or location.name)
        if "error" in meta:
            raise SkippableLocationError(str(meta["error"]), hint=str(meta.get("hint", "")))
        fmt = location.format
        if fmt == UNREADABLE:
            fmt = _sniff_again(path)
        if fmt == BINARY:
            raise SkippableLocationError(
                f"binary content, not text: {location.name}", hint=_BINARY_HINT
            )
        if fmt == "sqlite":
            table = meta.get("table")
            if not table:
                raise SkippableLocationError(
                    "a SQLite file, not one of its tables",
                    hint="scan the file itself to read its tables",
                )
            yield from self._database(path).read(
                Location(location.source, table, "table", "sqlite", metadata=meta), sample_rows
            )
            return
        if path.is_dir():
            os.listdir(path)  # PermissionError here says more than a failed scan would
        else:
            with open(path, "rb"):
                pass
        reader = FILE_READERS.get(fmt)
        if reader is None:
            raise SkippableLocationError(
                f"no reader for files of format {fmt!r}", hint=_BINARY_HINT
            )
        yield from reader(path, sample_rows, meta)

    # -- fingerprints ------------------------------------------------------------------

    def fingerprint(self, location: Location) -> str | None:
        """Files: a digest of the size, the modification time and the Parquet footer (or
        the first and last 64 KiB) of the file, or of every data file of a partitioned
        dataset. SQLite tables: as :meth:`SqlAlchemyConnector.fingerprint`. None for
        locations that are errors (unreadable, binary), which are always read again."""
        meta = location.metadata
        if "error" in meta or location.format in (UNREADABLE, BINARY):
            return None
        path = Path(meta.get("path") or location.name)
        if location.format == "sqlite":
            table = meta.get("table")
            if not table:
                return None
            return self._database(path).fingerprint(
                Location(location.source, table, "table", "sqlite", metadata=meta)
            )
        try:
            if meta.get("partitioned"):
                marks: object = dataset_marks(path)
            else:
                marks = file_marks(path, parquet=location.format == "parquet")
        except OSError:
            return None  # gone or unreadable since it was found: reading it will say so
        return digest(location.kind, location.format, marks)

    def close(self) -> None:
        for database in self._databases.values():
            database.close()
        self._databases.clear()


def _as_typed(source: str, path: str) -> str:
    """``path`` (a match of the pattern ``source`` after ``~`` was expanded) spelled with the
    ``~`` or ``~user`` the user typed, so that names read as the source does."""
    if not source.startswith("~"):
        return path
    tilde = source.split(os.sep, 1)[0]
    home = os.path.expanduser(tilde)
    if home != tilde and (path == home or path.startswith(home.rstrip(os.sep) + os.sep)):
        return tilde + path[len(home.rstrip(os.sep)) :]
    return path


def missing_path_error(source: str) -> FatalSourceError:
    """The error for a path that does not exist (``source`` as the user typed it)."""
    return FatalSourceError(
        f"no such file or directory: {source}",
        hint=(
            "check the path, a relative one starting from the current folder; quote a glob "
            "such as 'logs/**/*.gz' so that the shell does not expand it"
        ),
    )


def _sniff_again(path: Path) -> str:
    """The format of a file that could not be read when it was found (permissions may have
    changed since); raises the reason it still cannot be read."""
    if path.is_dir():
        os.listdir(path)
        if is_partitioned_dataset(path):
            return "parquet"
        raise SkippableLocationError(
            "the folder could not be listed when the scan started",
            hint="scan it again now that it can be read",
        )
    found = sniff(path).format
    return found if found is not None else BINARY

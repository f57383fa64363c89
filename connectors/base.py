"""The connector contract: locations, record batches, and typed errors."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa


@dataclass(frozen=True)
class Location:
    """One readable unit inside a source: a table or a file.

    ``name`` is what reports show: ``schema.table`` (``table`` where the dialect has no
    schemas) for databases, the file's path for files. ``metadata`` carries what later stages
    may need (primary keys, sizes, modification times, the detected file format); it takes no
    part in equality so that a moved or touched file is still the same location.
    """

    source: str
    name: str
    kind: str  # "table" or "file"
    format: str  # "sqlite", "postgresql", "parquet", "csv", "jsonl", "log", ...
    metadata: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)


class ConnectorError(Exception):
    """A source or location could not be read.

    The message says what happened; ``hint`` says what the user can do about it. Neither
    ever contains a value read from the store or a password.
    """

    def __init__(self, message: str, *, hint: str = "", location: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.location = location

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class SkippableLocationError(ConnectorError):
    """This location cannot be read; the scan carries on with the others."""


class FatalSourceError(ConnectorError):
    """The whole source cannot be read (cannot connect, does not exist)."""


class LoginRefusedError(FatalSourceError):
    """The server refused the login (wrong user or password): a configuration problem that
    the scan reports and that a scheduler should treat as one (exit 2), not as a flaky
    source."""


class Connector(ABC):
    """Base class for connectors.

    Subclasses implement :meth:`discover` and :meth:`read`. A connector opens its source
    read-only and never writes to it. ``read`` yields record batches; with ``sample_rows`` set
    it reads at most about that many rows, pushing the sampling down to the source where the
    source allows it (row groups, SQL sampling, byte ranges) rather than reading the head.
    """

    #: Short name of the format this connector reads, e.g. ``"parquet"``.
    format: str = ""

    def __init__(self, source: str, display_source: str | None = None):
        self.source = source
        self.display_source = display_source or source

    def location(self, name: str, kind: str, **metadata: Any) -> Location:
        """Build a :class:`Location` of this connector's source."""
        return Location(
            source=self.display_source,
            name=name,
            kind=kind,
            format=metadata.pop("format", self.format),
            metadata=metadata,
        )

    @abstractmethod
    def discover(self) -> Iterator[Location]:
        """List the locations of the source. Raises :class:`FatalSourceError`."""

    @abstractmethod
    def read(self, location: Location, sample_rows: int | None) -> Iterator[pa.RecordBatch]:
        """Yield record batches of ``location``. Raises :class:`SkippableLocationError`."""

    def fingerprint(self, location: Location) -> str | None:
        """A digest that changes when ``location``'s data or schema may have changed, read
        cheaply (a stat, a few KB of a file, one or two catalog queries; never the data);
        None when this connector cannot tell, and the location is then always read.

        ``location`` comes from this scan's :meth:`discover`. The digest is a sha256 hex
        string of its components (see :mod:`connectors.fingerprint`), the same in every
        process, so nothing read from the store is kept. Never writes to the store, and never
        raises for an I/O or database problem: it returns None and the read that follows
        reports the problem.
        """
        return None

    def close(self) -> None:  # noqa: B027 - most connectors hold nothing to release
        """Release connections and handles. Safe to call twice."""

    def __enter__(self) -> Connector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

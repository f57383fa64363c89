"""Which locations and fields a scan reads: ``--include`` / ``--exclude`` glob patterns.

A pattern is matched, case-insensitively, against a field's full name, ``LOCATION.FIELD``
(``public.customers.email``, ``exports/users.parquet.address.city``), and against the
location's name alone (``public.customers``, ``exports/*.csv``): a pattern that names a
location takes in, or leaves out, all its fields. Exclusions win over inclusions; without
inclusions everything not excluded is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase

from connectors.base import Location


@dataclass(frozen=True)
class Selection:
    """Glob patterns (``*``, ``?``, ``[...]``) that narrow a scan."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @classmethod
    def of(cls, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> Selection:
        return cls(tuple(p.lower() for p in include), tuple(p.lower() for p in exclude))

    @property
    def narrows(self) -> bool:
        return bool(self.include or self.exclude)

    def wants_location(self, location: str) -> bool:
        """Whether any field of ``location`` may be read: the location is not excluded as a
        whole (whether an inclusion names one of its fields is known only from the fields)."""
        return not _matches(location.lower(), self.exclude)

    def wants_field(self, location: str, field: str) -> bool:
        """Whether the field ``field`` of ``location`` is read."""
        loc = location.lower()
        full = f"{loc}.{field.lower()}"
        if _matches(loc, self.exclude) or _matches(full, self.exclude):
            return False
        return not self.include or _matches(loc, self.include) or _matches(full, self.include)

    def narrow(self, loc: Location) -> Location | None:
        """``loc`` as the scan reads it: None when it is left out; for a table whose columns
        the catalog lists, only the columns read (so they alone are selected). A column is
        kept when an inclusion may name a field inside it (``*.events.payload.email``); a
        table whose columns are unknown is kept when an inclusion may name it or a field of
        it. A file's fields are only known once it is read, so they are filtered then."""
        if not self.wants_location(loc.name):
            return None
        if not self.include:
            return self._without_excluded(loc)
        columns = loc.metadata.get("columns")
        if not columns:
            keep = loc.kind != "table" or any(_may_hold(loc.name, p) for p in self.include)
            return loc if keep else None
        kept = tuple(c for c in columns if self._keeps_column(loc.name, c["name"]))
        if not kept:
            return None
        return replace(loc, metadata={**loc.metadata, "columns": kept})

    def _without_excluded(self, loc: Location) -> Location | None:
        columns = loc.metadata.get("columns")
        if not self.exclude or not columns:
            return loc
        kept = tuple(c for c in columns if self.wants_field(loc.name, c["name"]))
        return replace(loc, metadata={**loc.metadata, "columns": kept}) if kept else None

    def _keeps_column(self, location: str, column: str) -> bool:
        if self.wants_field(location, column):
            return True
        path = f"{location}.{column}".lower()
        return not _matches(path, self.exclude) and any(_may_hold(path, p) for p in self.include)

    def unmatched(self, read_fields: Sequence[tuple[str, str]]) -> list[str]:
        """The inclusions that no location or field of ``read_fields`` ((location, field)
        pairs) matched: most likely typing mistakes."""
        return [
            p
            for p in self.include
            if not any(
                _matches(loc.lower(), (p,)) or _matches(f"{loc}.{f}".lower(), (p,))
                for loc, f in read_fields
            )
        ]


def _matches(name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatchcase(name, p) for p in patterns)


def _may_hold(name: str, pattern: str) -> bool:
    """Whether something inside ``name`` (a field of a location, a path inside a column)
    may match ``pattern``: ``name`` matches the pattern cut after one of its dots, keeping
    two parts at least (``*.jb`` of ``*.jb.people.email`` matches ``public.types.jb``;
    a bare ``*`` would match anything)."""
    if fnmatchcase(name, pattern):
        return True
    parts = pattern.split(".")
    return any(fnmatchcase(name, ".".join(parts[:i])) for i in range(2, len(parts)))

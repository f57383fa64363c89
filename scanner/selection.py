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
        kept when an inclusion names a field inside it (``public.events.payload.email``)."""
        if not self.wants_location(loc.name):
            return None
        columns = loc.metadata.get("columns")
        if not self.narrows or not columns:
            return loc
        kept = tuple(c for c in columns if self._keeps_column(loc.name, c["name"]))
        if not kept:
            return None
        return replace(loc, metadata={**loc.metadata, "columns": kept})

    def _keeps_column(self, location: str, column: str) -> bool:
        if self.wants_field(location, column):
            return True
        inside = f"{location}.{column}.".lower()
        return not _matches(f"{location}.{column}".lower(), self.exclude) and any(
            p.startswith(inside) for p in self.include
        )


def _matches(name: str, patterns: Sequence[str]) -> bool:
    return any(fnmatchcase(name, p) for p in patterns)

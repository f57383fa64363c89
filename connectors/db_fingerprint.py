"""The parts of a database table's fingerprint that come from the table itself: its columns
and the newest value of its updated-at column, when it has one."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

#: Column names taken for "when this row last changed", most telling first (case-insensitive).
UPDATED_AT_NAMES = (
    "updated_at",
    "modified_at",
    "last_modified",
    "last_updated",
    "updated",
    "modified",
    "changed_at",
    "mtime",
)
#: Type names (the first word, as the catalog spells them) of dates, times and timestamps.
TEMPORAL_TYPES = frozenset(
    {"DATE", "TIME", "TIMETZ", "TIMESTAMP", "TIMESTAMPTZ", "DATETIME", "DATETIME2"}
    | {"DATETIMEOFFSET", "SMALLDATETIME"}
)


def column_signature(columns: Iterable[Mapping[str, Any]]) -> tuple[tuple[str, str], ...]:
    """(name, type) of each column, in table order: the table's schema as it was discovered."""
    return tuple((str(c.get("name", "")), str(c.get("type", ""))) for c in columns)


def updated_at_column(columns: Iterable[Mapping[str, Any]]) -> str | None:
    """The name of the column that says when a row last changed: one named as in
    :data:`UPDATED_AT_NAMES` with a date, time or timestamp type; None when there is none."""
    found: dict[str, str] = {}
    for column in columns:
        name = str(column.get("name", ""))
        if name.lower() in UPDATED_AT_NAMES and _is_temporal(str(column.get("type", ""))):
            found.setdefault(name.lower(), name)
    return next((found[n] for n in UPDATED_AT_NAMES if n in found), None)


def newest_update(conn: Connection, schema: str | None, table: str, column: str) -> Any:
    """``max(column)`` of the table: one aggregate, answered from an index where the column
    has one. Raises what the database raises."""
    tbl = sa.table(table, sa.column(column), schema=schema)  # SQLAlchemy quotes both names
    return conn.execute(sa.select(sa.func.max(tbl.c[column]))).scalar()


def _is_temporal(type_name: str) -> bool:
    first = re.split(r"[\s(]", type_name.strip().upper(), maxsplit=1)[0]
    return first in TEMPORAL_TYPES

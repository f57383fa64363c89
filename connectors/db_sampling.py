"""Sampling pushed down to the database: about ``n`` rows without reading the table.

SQLite: a random sample by rowid when the table has rowids and more than ``n`` rows.
PostgreSQL: TABLESAMPLE when the catalog estimate is large, else LIMIT. Others: LIMIT.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

#: PostgreSQL: sample with TABLESAMPLE once the estimate exceeds this many times the sample.
TABLESAMPLE_FACTOR = 10
#: PostgreSQL: above this many rows, sample whole pages (SYSTEM) rather than rows (BERNOULLI).
SYSTEM_SAMPLE_ROWS = 1_000_000


def sampled_select(
    conn: Connection,
    tbl: sa.TableClause,
    names: Sequence[str],
    metadata: Mapping[str, Any],
    n: int,
) -> sa.Select[Any]:
    """A SELECT of about ``n`` rows of ``tbl`` (whose location metadata is ``metadata``)."""
    stmt = sa.select(*tbl.c)
    object_type = metadata.get("object_type", "table")
    if conn.dialect.name == "sqlite" and object_type == "table":
        return _sqlite_sample(conn, tbl, stmt, names, n)
    estimate = metadata.get("row_estimate") or 0
    sampleable = object_type in ("table", "materialized view")
    if conn.dialect.name == "postgresql" and sampleable and estimate > TABLESAMPLE_FACTOR * n:
        return postgres_sample(tbl, n, estimate)
    return stmt.limit(n)


def postgres_sample(tbl: sa.TableClause, n: int, estimate: float) -> sa.Select[Any]:
    """About ``n`` rows of a big PostgreSQL table by TABLESAMPLE: whole pages (SYSTEM) for very
    big tables, single rows (BERNOULLI) otherwise; oversampled, then cut to ``n``."""
    method = sa.func.system if estimate >= SYSTEM_SAMPLE_ROWS else sa.func.bernoulli
    percent = min(100.0, round(300.0 * n / estimate, 6))
    sampled = sa.tablesample(tbl, method(percent))
    return sa.select(*sampled.c).limit(n)


def _sqlite_sample(
    conn: Connection, tbl: sa.TableClause, stmt: sa.Select[Any], names: Sequence[str], n: int
) -> sa.Select[Any]:
    """A random sample of ``n`` rows by rowid when the table has rowids and more than ``n``
    rows; the whole (small) table or its head otherwise."""
    lowered = {name.lower() for name in names}
    alias = next((a for a in ("rowid", "_rowid_", "oid") if a not in lowered), None)
    if alias is None:
        return stmt.limit(n)
    rowid = sa.literal_column(alias)
    try:
        more = sa.select(sa.literal_column("1")).select_from(tbl).limit(n + 1).subquery()
        if conn.execute(sa.select(sa.func.count()).select_from(more)).scalar_one() <= n:
            return stmt
        conn.execute(sa.select(rowid).select_from(tbl).limit(1))  # fails WITHOUT ROWID
    except SQLAlchemyError:
        return stmt.limit(n)
    picked = sa.select(rowid).select_from(tbl).order_by(sa.func.random()).limit(n)
    return stmt.where(rowid.in_(picked))

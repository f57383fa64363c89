"""Sampling pushed down to the database: about ``n`` rows without reading the table.

- SQLite: a random sample by rowid when the table has rowids and more than ``n`` rows.
- PostgreSQL: TABLESAMPLE (REPEATABLE) when the catalog estimate is large, else a random
  order.
- MySQL/MariaDB: a keyed sample when the table has an integer primary key (runs of keys from
  evenly spread starting points, each an index range scan), else a seeded random filter
  (large tables) or a seeded random order (small ones). Never the first ``n`` rows.
- Views (whose size is unknown and which a random order would evaluate whole) and other
  dialects: LIMIT.

Samples are seeded by the table's name, so two scans of unchanged data see the same rows.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import SQLAlchemyError

#: PostgreSQL: sample with TABLESAMPLE once the estimate exceeds this many times the sample.
TABLESAMPLE_FACTOR = 10
#: PostgreSQL: above this many rows, sample whole pages (SYSTEM) rather than rows (BERNOULLI).
SYSTEM_SAMPLE_ROWS = 1_000_000
#: MySQL keyed samples: runs of consecutive keys read from this many starting points.
KEYED_RUNS = 8
#: ... unless the key range is this many times wider than the table's estimated rows.
MAX_KEY_SPREAD = 4
#: Random samples draw this many times the rows wanted (the estimate may be off), then keep
#: the wanted number in random order.
OVERSAMPLE = 1.5


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
    seed = table_seed(tbl)
    dialect = conn.dialect.name
    if not sampleable:
        # A view's size is unknown and ordering it costs all of it: its first rows.
        return stmt.limit(n)
    if dialect == "postgresql":
        # random() below is repeatable once seeded.
        conn.execute(sa.select(sa.func.setseed(seed / 2**32)))
        if estimate > TABLESAMPLE_FACTOR * n:
            return postgres_sample(tbl, n, estimate, seed)
        # Small: a random order costs a sort of a few rows.
        return stmt.order_by(sa.func.random()).limit(n)
    if dialect in ("mysql", "mariadb"):
        return mysql_sample(conn, tbl, stmt, metadata, n, seed)
    return stmt.limit(n)


def table_seed(tbl: sa.TableClause) -> int:
    """A seed fixed by the table's schema and name."""
    return zlib.crc32(f"{tbl.schema}.{tbl.name}".encode())


def postgres_sample(
    tbl: sa.TableClause, n: int, estimate: float, seed: int | None = None
) -> sa.Select[Any]:
    """About ``n`` rows of a big PostgreSQL table by TABLESAMPLE: whole pages (SYSTEM) for very
    big tables, single rows (BERNOULLI) otherwise; oversampled, then ``n`` of the sampled rows
    taken in random order (cutting them in table order would favour the table's head)."""
    method = sa.func.system if estimate >= SYSTEM_SAMPLE_ROWS else sa.func.bernoulli
    percent = min(100.0, round(OVERSAMPLE * 100.0 * n / estimate, 6))
    repeatable = None if seed is None else sa.literal_column(str(seed))
    sampled = sa.tablesample(tbl, method(percent), seed=repeatable)
    return sa.select(*sampled.c).order_by(sa.func.random()).limit(n)


def mysql_sample(
    conn: Connection,
    tbl: sa.TableClause,
    stmt: sa.Select[Any],
    metadata: Mapping[str, Any],
    n: int,
    seed: int,
) -> sa.Select[Any]:
    """About ``n`` rows of a MySQL/MariaDB table, never its head: a small table in a seeded
    random order; a big one by runs of keys, or by a seeded random filter where the table
    has no integer key or its keys are too sparse for runs to find rows."""
    estimate = metadata.get("row_estimate") or 0
    if estimate <= TABLESAMPLE_FACTOR * n:
        return stmt.order_by(sa.func.rand(seed)).limit(n)
    key = _integer_key(metadata)
    if key is not None:
        keyed = _keyed_sample(conn, tbl, key, n, seed, estimate)
        if keyed is not None:
            return keyed
    # One pass over the table keeping rows at random, then a sort of those few only.
    # InnoDB's row estimates may be off by half: draw more.
    kept = stmt.where(sa.func.rand(seed) < min(1.0, 2 * OVERSAMPLE * n / estimate))
    return kept.order_by(sa.func.rand(seed + 1)).limit(n)


def _integer_key(metadata: Mapping[str, Any]) -> str | None:
    """The table's single-column integer primary key, if it has one."""
    primary = tuple(metadata.get("primary_key") or ())
    if len(primary) != 1:
        return None
    types = {c["name"]: c.get("type", "").upper() for c in metadata.get("columns") or ()}
    return primary[0] if "INT" in types.get(primary[0], "") else None


def _keyed_sample(
    conn: Connection, tbl: sa.TableClause, key: str, n: int, seed: int, estimate: float
) -> sa.Select[Any] | None:
    """Runs of consecutive keys from ``KEYED_RUNS`` starting points spread over the key range
    (each an index range scan); None when the range cannot be read or is much wider than the
    table (sparse keys, or an outlier such as 2^31-1, would leave the runs empty)."""
    column = sa.column(key)
    try:
        low, high = conn.execute(
            sa.select(sa.func.min(column), sa.func.max(column)).select_from(tbl)
        ).one()
    except SQLAlchemyError:
        return None
    if low is None or high is None:
        return None
    low, high = int(low), int(high)
    if high - low + 1 > MAX_KEY_SPREAD * estimate:
        return None
    per_run = -(-n // KEYED_RUNS)
    span = (high - low + 1) / KEYED_RUNS
    runs = []
    # Each run starts at a seeded offset inside its own stretch of the key range, early
    # enough that (dense keys) it ends before the next stretch begins.
    room = max(1, int(span) - per_run + 1)
    for i in range(KEYED_RUNS):
        # The first run starts at the lowest key, so the table's head is never left out.
        offset = zlib.crc32(f"{seed}:{i}".encode()) % room if i else 0
        start = low + int(i * span) + offset
        run = sa.select(*tbl.c).where(sa.column(key) >= start).order_by(sa.column(key))
        runs.append(run.limit(per_run))
    return sa.select(*sa.union(*runs).subquery().c).limit(n)


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

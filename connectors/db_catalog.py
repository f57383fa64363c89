"""What a database's catalog says about its tables: readable schemas, tables and views,
columns and types, keys, the row estimates the catalog already keeps, and the marks that move
when a table's rows change."""

from __future__ import annotations

import contextlib
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Inspector
from sqlalchemy.engine.reflection import ObjectKind
from sqlalchemy.exc import SQLAlchemyError

SYSTEM_SCHEMAS = frozenset(
    {"information_schema", "pg_catalog", "pg_toast", "mysql", "performance_schema", "sys"}
)


def readable_schemas(inspector: Inspector, conn: Connection) -> list[str | None]:
    """Schemas holding user tables that the login may use; ``[None]`` for SQLite, whose
    tables are named without one. On MySQL/MariaDB, where a database is a schema, a URL that
    names a database scans that one only; without one, every database the login may read."""
    if conn.dialect.name == "sqlite":
        return [None]
    if conn.dialect.name in ("mysql", "mariadb") and conn.engine.url.database:
        return [conn.engine.url.database]
    names = [
        s
        for s in inspector.get_schema_names()
        if s.lower() not in SYSTEM_SCHEMAS and not s.startswith(("pg_temp_", "pg_toast"))
    ]
    if conn.dialect.name == "postgresql":
        usable = set(
            conn.execute(
                sa.text(
                    "SELECT nspname FROM pg_catalog.pg_namespace "
                    "WHERE has_schema_privilege(nspname, 'USAGE')"
                )
            ).scalars()
        )
        names = [s for s in names if s in usable]
    return sorted(names)


def describe_schema(
    inspector: Inspector, conn: Connection, schema: str | None
) -> dict[str, dict[str, Any]]:
    """Location metadata for every table, view and materialized view of ``schema``, by name."""
    kinds: dict[str, str] = {}
    for name in inspector.get_table_names(schema=schema):
        kinds[name] = "table"
    for name in inspector.get_view_names(schema=schema):
        kinds[name] = "view"
    try:
        for name in inspector.get_materialized_view_names(schema=schema):
            kinds[name] = "materialized view"
    except NotImplementedError:
        pass
    kinds = {n: k for n, k in kinds.items() if not n.startswith("sqlite_")}
    for name in _partitions(conn, schema):
        # Read through its partitioned parent: scanning both would read every row twice
        # and report each finding once per partition.
        kinds.pop(name, None)
    columns = _columns_by_table(inspector, schema, kinds)
    keys = _keys_by_table(inspector, schema, [n for n, k in kinds.items() if k == "table"])
    estimates = _row_estimates(conn, schema)
    described = {}
    for name in sorted(kinds):
        primary_key, foreign_keys = keys.get(name, ((), ()))
        described[name] = {
            "schema": schema,
            "table": name,
            "object_type": kinds[name],
            "columns": columns.get(name, ()),
            "primary_key": primary_key,
            "foreign_keys": foreign_keys,
            "row_estimate": estimates.get(name),
        }
    return described


def _partitions(conn: Connection, schema: str | None) -> list[str]:
    """PostgreSQL: the tables of ``schema`` that are partitions of another table."""
    if conn.dialect.name != "postgresql" or schema is None:
        return []
    query = sa.text(
        "SELECT c.relname FROM pg_catalog.pg_class c "
        "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = :schema AND c.relispartition"
    )
    try:
        with conn.begin_nested():
            return list(conn.execute(query, {"schema": schema}).scalars())
    except SQLAlchemyError:
        return []


def column_names(inspector: Inspector, schema: str | None, table: str) -> list[str]:
    """The column names of one table, from the catalog."""
    try:
        return [c["name"] for c in inspector.get_columns(table, schema=schema)]
    except SQLAlchemyError:
        listed = _listed_columns(inspector, schema, table)
        if not listed:
            raise
        return [c["name"] for c in listed]


def _listed_columns(inspector: Inspector, schema: str | None, table: str) -> list[dict[str, Any]]:
    """A table's columns from information_schema, which SELECT on the table is enough to
    read: MySQL's own reflection of a view asks for SHOW VIEW as well."""
    if schema is None:
        return []
    query = sa.text(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = :schema AND table_name = :table ORDER BY ordinal_position"
    )
    conn = inspector.bind
    if not isinstance(conn, Connection):
        return []
    try:
        # In a savepoint: on PostgreSQL a failed query would abort the whole transaction.
        with conn.begin_nested():
            rows = conn.execute(query, {"schema": schema, "table": table}).all()
    except SQLAlchemyError:
        return []
    return [{"name": str(name), "type": str(kind).upper()} for name, kind in rows]


def _type_name(column: Any) -> str:
    try:
        return str(column["type"])
    except Exception:  # some dialect types cannot render without a dialect
        return type(column["type"]).__name__


def _columns_by_table(
    inspector: Inspector, schema: str | None, kinds: dict[str, str]
) -> dict[str, tuple[dict[str, str], ...]]:
    """Column names and types per table, in one catalog query where the dialect allows,
    else table by table so that one broken view does not hide the others' columns."""
    try:
        multi = inspector.get_multi_columns(schema=schema, kind=ObjectKind.ANY)
        found = {name: cols for (_, name), cols in multi.items()}
    except (SQLAlchemyError, NotImplementedError):
        found = {}
        for name in kinds:
            try:
                found[name] = inspector.get_columns(name, schema=schema)
            except SQLAlchemyError:
                listed = _listed_columns(inspector, schema, name)
                if listed:
                    found[name] = listed
                # else reading it will say what is wrong
    return {
        name: tuple({"name": c["name"], "type": _type_name(c)} for c in cols)
        for name, cols in found.items()
    }


def _keys_by_table(
    inspector: Inspector, schema: str | None, tables: list[str]
) -> dict[str, tuple[tuple[str, ...], tuple[dict[str, Any], ...]]]:
    """(primary key columns, foreign keys) per table, in one catalog query where the dialect
    allows, else table by table."""
    try:
        pks = {n: pk for (_, n), pk in inspector.get_multi_pk_constraint(schema=schema).items()}
        fks = {n: fk for (_, n), fk in inspector.get_multi_foreign_keys(schema=schema).items()}
    except (SQLAlchemyError, NotImplementedError):
        pks, fks = {}, {}
        for name in tables:
            try:
                pks[name] = inspector.get_pk_constraint(name, schema=schema)
                fks[name] = inspector.get_foreign_keys(name, schema=schema)
            except SQLAlchemyError:
                continue  # reading it will say what is wrong
    return {
        name: (
            tuple((pks.get(name) or {}).get("constrained_columns") or ()),
            tuple(
                {
                    "columns": tuple(fk["constrained_columns"]),
                    "referred_schema": fk.get("referred_schema"),
                    "referred_table": fk["referred_table"],
                    "referred_columns": tuple(fk["referred_columns"]),
                }
                for fk in fks.get(name) or ()
            ),
        )
        for name in tables
    }


def _row_estimates(conn: Connection, schema: str | None) -> dict[str, int]:
    """Row counts the catalog already holds (no table is counted): PostgreSQL's reltuples
    (or, for a table never analysed, the live rows its statistics count), MySQL/MariaDB's
    table_rows. Empty for other databases."""
    if schema is None:
        return {}
    if conn.dialect.name == "postgresql":
        # A partitioned parent holds no rows itself: its estimate is its leaves'.
        query = sa.text(
            "SELECT c.relname, CASE WHEN c.relkind = 'p' THEN "
            "(SELECT sum(CASE WHEN t.reltuples >= 0 THEN t.reltuples "
            "ELSE coalesce(ts.n_live_tup, 0) END) "
            "FROM pg_catalog.pg_partition_tree(c.oid) pt "
            "JOIN pg_catalog.pg_class t ON t.oid = pt.relid "
            "LEFT JOIN pg_catalog.pg_stat_user_tables ts ON ts.relid = t.oid WHERE pt.isleaf) "
            "WHEN c.reltuples >= 0 THEN c.reltuples ELSE s.n_live_tup END "
            "FROM pg_catalog.pg_class c "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "LEFT JOIN pg_catalog.pg_stat_user_tables s ON s.relid = c.oid "
            "WHERE n.nspname = :schema AND c.relkind IN ('r', 'p', 'm', 'f')"
        )
    elif conn.dialect.name in ("mysql", "mariadb"):
        query = sa.text(
            "SELECT table_name, table_rows FROM information_schema.tables "
            "WHERE table_schema = :schema"
        )
    else:
        return {}
    try:
        # In a savepoint: on PostgreSQL a failed query would abort the whole transaction.
        with conn.begin_nested():
            rows = conn.execute(query, {"schema": schema}).all()
    except SQLAlchemyError:
        return {}
    return {str(name): int(count) for name, count in rows if count is not None and count >= 0}


#: Relation kinds whose data no catalog counter follows (views, foreign tables).
_UNTRACKED_KINDS = frozenset({"v", "f"})


def change_marks(conn: Connection, schema: str | None, table: str) -> tuple[Any, ...] | None:
    """What the catalog keeps about one table that moves when its rows do, read in one
    query; None for a view (whose rows no counter follows), a table that is gone, and
    dialects without such counters.

    PostgreSQL: per leaf partition (the table itself when it is not partitioned), its file
    node (new on TRUNCATE, VACUUM FULL, REFRESH MATERIALIZED VIEW), reltuples, and
    pg_stat_user_tables' live rows and cumulative inserted, updated and deleted rows, which
    move on every committed write, ANALYZE or not; None on a standby (a read replica, whose
    counters do not see the primary's writes) or with ``track_counts`` off. MySQL/MariaDB:
    information_schema.tables' CREATE_TIME, UPDATE_TIME, TABLE_ROWS and DATA_LENGTH.
    """
    if schema is None:
        return None
    if conn.dialect.name == "postgresql":
        # A standby's statistics never count the primary's writes, and with track_counts
        # off nobody counts: either way the counters cannot tell a changed table.
        untracked = conn.execute(
            sa.text(
                "SELECT pg_catalog.pg_is_in_recovery() OR NOT current_setting('track_counts')::bool"
            )
        ).scalar()
        if untracked:
            return None
        query = sa.text(
            "WITH target AS (SELECT c.oid, c.relkind FROM pg_catalog.pg_class c "
            "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = :schema AND c.relname = :table), "
            "leaves AS (SELECT pt.relid AS oid FROM target "
            "CROSS JOIN LATERAL pg_catalog.pg_partition_tree(target.oid) pt "
            "WHERE target.relkind = 'p' AND pt.isleaf "
            "UNION ALL SELECT oid FROM target WHERE relkind <> 'p') "
            "SELECT t.relkind::text, l.oid::bigint, c.relfilenode::bigint, c.reltuples, "
            "s.n_live_tup, s.n_tup_ins, s.n_tup_upd, s.n_tup_del "
            "FROM target t LEFT JOIN leaves l ON true "
            "LEFT JOIN pg_catalog.pg_class c ON c.oid = l.oid "
            "LEFT JOIN pg_catalog.pg_stat_user_tables s ON s.relid = l.oid "
            "ORDER BY l.oid"
        )
        rows = conn.execute(query, {"schema": schema, "table": table}).all()
        if not rows or rows[0][0] in _UNTRACKED_KINDS:
            return None
        return tuple(tuple(row) for row in rows)
    if conn.dialect.name in ("mysql", "mariadb"):
        if not getattr(conn.dialect, "is_mariadb", False):
            _fresh_mysql_statistics(conn)
        query = sa.text(
            "SELECT table_type, create_time, update_time, table_rows, data_length "
            "FROM information_schema.tables WHERE table_schema = :schema AND table_name = :table"
        )
        row = conn.execute(query, {"schema": schema, "table": table}).first()
        if row is None or str(row[0]).upper() == "VIEW":
            return None
        return tuple(row)
    return None


def _fresh_mysql_statistics(conn: Connection) -> None:
    """MySQL 8 answers information_schema.tables from a cache of up to a day old; this
    session asks for current figures. Older servers have no such cache (nor the setting)."""
    with contextlib.suppress(SQLAlchemyError):
        conn.exec_driver_sql("SET SESSION information_schema_stats_expiry = 0")

"""The real PostgreSQL and MariaDB servers of the development and CI machines, and throwaway
databases on them for one test module.

``.ci/run`` starts the servers when they are down; DEVELOPERS.md says how to start them by
hand. A test that needs a server that cannot be reached is skipped with the reason.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest
import sqlalchemy as sa

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
MARIADB_ADMIN = "mysql+pymysql://root@127.0.0.1:3306/test"


def _reachable(url: str) -> str | None:
    """None when ``url`` connects, else why not."""
    engine = sa.create_engine(url, connect_args={"connect_timeout": 3}, poolclass=sa.NullPool)
    try:
        with engine.connect():
            return None
    except sa.exc.SQLAlchemyError as exc:
        return f"{url.split('://')[0]} server not reachable: {type(exc.orig or exc).__name__}"
    finally:
        engine.dispose()


@contextmanager
def _throwaway(admin_url: str, create: str, drop: str, url: str) -> Iterator[str]:
    """Run ``create`` (for a database named by ``{name}``) on the server at ``admin_url``,
    yield ``url`` for it, run ``drop``; skip the test when the server cannot be reached."""
    why = _reachable(admin_url)
    if why:
        pytest.skip(why)
    name = f"piiscan_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with admin.connect() as conn:
        conn.execute(sa.text(create.format(name=name)))
    try:
        yield url.format(name=name)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(drop.format(name=name)))
        admin.dispose()


def postgres_database() -> AbstractContextManager[str]:
    """A new, empty PostgreSQL database (dropped afterwards); yields its admin URL."""
    return _throwaway(
        PG_ADMIN,
        'CREATE DATABASE "{name}"',
        'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        "postgresql+psycopg://postgres@127.0.0.1:5432/{name}",
    )


def mariadb_database() -> AbstractContextManager[str]:
    """A new, empty MariaDB database (dropped afterwards); yields its root URL."""
    return _throwaway(
        MARIADB_ADMIN,
        "CREATE DATABASE `{name}` CHARACTER SET utf8mb4",
        "DROP DATABASE IF EXISTS `{name}`",
        "mysql+pymysql://root@127.0.0.1:3306/{name}?charset=utf8mb4",
    )


def execute(url: str, *statements: str, params: list[dict] | None = None) -> None:
    """Run ``statements`` on ``url`` in one transaction (the last one with ``params``)."""
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    try:
        with engine.begin() as conn:
            for i, statement in enumerate(statements):
                last = i == len(statements) - 1
                conn.execute(sa.text(statement), params if last and params else {})
    finally:
        engine.dispose()


def query(url: str, statement: str) -> list[tuple]:
    """The rows of one query on ``url``."""
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text(statement))]
    finally:
        engine.dispose()

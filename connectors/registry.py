"""Choose the connector for a source string: a database URL, a SQLite file, or files."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from connectors.base import Connector, FatalSourceError
from connectors.db_drivers import dialect_names, installed_drivers
from connectors.files import FileSystemConnector, missing_path_error
from connectors.globbing import has_magic
from connectors.sniff import SQLITE_MAGIC
from connectors.source_url import has_dialect, is_database_url, redact_source, url_backend
from connectors.sqlalchemy_db import DatabaseOptions, SqlAlchemyConnector, SqliteFileConnector

_EXAMPLES = (
    "give a file, folder or glob (./exports, 'logs/**/*.gz', app.db) or a database URL "
    "(postgresql://user@host/db, sqlite:///app.db)"
)
#: Schemes people write for a dialect SQLAlchemy spells otherwise.
_DIALECT_SPELLINGS = {"postgres": "postgresql", "pg": "postgresql", "sqlite3": "sqlite"}


@dataclass(frozen=True)
class ConnectorRoute:
    """One way to open a source: ``accepts`` says whether it applies, ``build`` opens it."""

    name: str
    accepts: Callable[[str], bool]
    build: Callable[[str], Connector]


class ConnectorRegistry:
    """Routes tried in order; the first that accepts a source opens it."""

    def __init__(self, routes: list[ConnectorRoute] | None = None):
        self._routes: list[ConnectorRoute] = list(routes or [])

    def register(self, route: ConnectorRoute) -> None:
        """Add ``route`` after those already registered."""
        self._routes.append(route)

    @property
    def routes(self) -> tuple[ConnectorRoute, ...]:
        return tuple(self._routes)

    def open(self, source: str) -> Connector:
        """The connector for ``source``. Raises :class:`FatalSourceError` when no route
        accepts it."""
        for route in self._routes:
            if route.accepts(source):
                return route.build(source)
        raise unroutable_source_error(source)


def unroutable_source_error(source: str) -> FatalSourceError:
    """Why no connector opens ``source``: a URL whose dialect is unknown or that does not
    parse, a path that does not exist, or something that is neither."""
    shown = redact_source(source)
    backend = url_backend(source)
    if backend is not None:
        if has_dialect(backend):
            return FatalSourceError(
                f"not a valid database URL: {shown}",
                hint="write it as dialect+driver://user:password@host:port/database",
            )
        return FatalSourceError(
            f"no SQLAlchemy dialect for {backend!r}: {shown}", hint=_dialect_hint(backend)
        )
    if looks_like_path(source):
        return missing_path_error(source)
    return FatalSourceError(f"not a path or a database URL: {shown}", hint=_EXAMPLES)


def _dialect_hint(backend: str) -> str:
    drivers = ", ".join(installed_drivers()) or "none"
    hint = (
        f"a database URL starts with a dialect: {', '.join(dialect_names())}; "
        f"drivers installed: {drivers}; files are given as paths, not URLs"
    )
    if backend.lower() in _DIALECT_SPELLINGS:
        hint = f"write {_DIALECT_SPELLINGS[backend.lower()]}:// instead; " + hint
    return hint


def looks_like_path(source: str) -> bool:
    """True when ``source`` is written like a path: it holds a separator or a file extension,
    or starts with ``.`` or ``~``."""
    return (
        "/" in source
        or os.sep in source
        or source.startswith((".", "~"))
        or bool(os.path.splitext(source)[1])
    )


def is_sqlite_file(source: str) -> bool:
    """True when ``source`` is a path to a file that starts with SQLite's magic header."""
    path = os.path.expanduser(source)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False  # opening a pipe would wait for a writer that never comes
        with open(path, "rb") as f:
            return f.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def is_path_or_glob(source: str) -> bool:
    """True when ``source`` names an existing file or folder, or is a glob pattern."""
    return os.path.exists(os.path.expanduser(source)) or has_magic(source)


def open_database(source: str, options: DatabaseOptions | None = None) -> SqlAlchemyConnector:
    """A connector for a database URL."""
    return SqlAlchemyConnector(source, options=options)


def open_sqlite_file(source: str, options: DatabaseOptions | None = None) -> SqliteFileConnector:
    """A connector for a SQLite file given as a path (``~`` expanded, shown as given)."""
    return SqliteFileConnector(os.path.expanduser(source), display_source=source, options=options)


def default_connectors(database: DatabaseOptions | None = None) -> ConnectorRegistry:
    """The registry with every built-in connector; ``database`` says how databases are read."""
    return ConnectorRegistry(
        [
            ConnectorRoute("database", is_database_url, partial(open_database, options=database)),
            ConnectorRoute(
                "sqlite-file", is_sqlite_file, partial(open_sqlite_file, options=database)
            ),
            ConnectorRoute("files", is_path_or_glob, FileSystemConnector),
        ]
    )

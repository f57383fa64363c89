"""Databases through SQLAlchemy: every readable schema, its tables and views, read in chunks.

Connections are read-only where the driver allows saying so (SQLite opens the file with
``mode=ro``; PostgreSQL and MySQL sessions default to read-only transactions), and only
SELECTs are issued. Sampling is pushed down to the database.
"""

from __future__ import annotations

import configparser
import logging
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import pyarrow as pa
import re2
import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import (
    ArgumentError,
    NoSuchModuleError,
    OperationalError,
    ProgrammingError,
    SQLAlchemyError,
)
from sqlalchemy.pool import NullPool

from connectors.base import (
    Connector,
    ConnectorError,
    FatalSourceError,
    Location,
    LoginRefusedError,
    SkippableLocationError,
)
from connectors.db_catalog import change_marks, column_names, describe_schema, readable_schemas
from connectors.db_errors import describe_read_failure, is_login_refused
from connectors.db_fingerprint import column_signature, newest_update, updated_at_column
from connectors.db_rows import rows_to_batch
from connectors.db_sampling import sampled_select
from connectors.fingerprint import digest, sqlite_file_marks
from connectors.postgres_temporal import read_unrepresentable_times_as_null
from connectors.source_url import (
    UnsetVariableError,
    expand_environment,
    raw_at_in_password,
    redact_source,
    scrub_password,
)

log = logging.getLogger(__name__)

#: Rows fetched per round trip, and so per record batch.
FETCH_ROWS = 50_000
#: Seconds one statement may run before the server cancels it (``--statement-timeout``).
DEFAULT_STATEMENT_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class DatabaseOptions:
    """How database sources are read. ``statement_timeout_s``: seconds one statement may run
    on the server (PostgreSQL ``statement_timeout``, MariaDB ``max_statement_time``, MySQL
    ``max_execution_time``); 0 or None leaves the server's own limit."""

    statement_timeout_s: float | None = DEFAULT_STATEMENT_TIMEOUT_S


_CONNECT_HINT = (
    "check that the server is running and reachable, that the database exists, and that the "
    "login and password are right"
)
#: Besides the server's refusals (SQLAlchemyError): bad driver options in the URL (a missing
#: ssl_ca file, an unknown charset), which drivers raise as they please.
_QUOTED_LITERAL = re2.compile(r"'(?:[^']|'')*'?")
_CONNECT_FAILURES = (SQLAlchemyError, OSError, ValueError, LookupError, AttributeError, TypeError)
_SQLITE_HINT = "check that the SQLite file exists and that piiscan may read it"
_DAMAGED_SQLITE_HINT = (
    "it may be truncated or damaged, or still being written: copy it again, or leave it out "
    "of the scan"
)
_DRIVER_HINT = (
    "install the database driver into piiscan's environment, e.g. `pip install psycopg` for "
    "PostgreSQL or `pip install pymysql` for MySQL/MariaDB"
)


def sqlite_read_only_url(url: URL) -> URL:
    """``url`` rewritten so that SQLite opens the file read-only (``mode=ro`` URI) and can
    neither write it nor create it. In-memory URLs are returned unchanged."""
    database = url.database or ""
    if database in ("", ":memory:"):
        return url
    query = dict(url.query)
    if not (database.startswith("file:") and query.get("uri") == "true"):
        database = "file:" + quote(str(Path(database).resolve()))
    query.update(mode="ro", uri="true")
    path = sqlite_database_path(url.set(database=database, query=query))
    if path is not None and _idle_wal_database(path):
        # Even read-only, SQLite creates the -shm and -wal files of a WAL database that no
        # one has open, beside the data. Nobody writes it now (those files would exist), so
        # it is safe to tell SQLite it cannot change: it then creates nothing.
        query["immutable"] = "1"
    return url.set(database=database, query=query)


def _idle_wal_database(path: Path) -> bool:
    """A database in WAL mode (header bytes 18-19 are 2) without -wal or -shm beside it."""
    try:
        with open(path, "rb") as f:
            header = f.read(20)
    except OSError:
        return False
    wal_mode = len(header) == 20 and header[18] == 2 and header[19] == 2
    siblings = (path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))
    return wal_mode and not any(p.exists() for p in siblings)


def sqlite_database_path(url: URL) -> Path | None:
    """The file a SQLite URL opens (plain or ``file:`` URI form); None for in-memory ones."""
    database = url.database or ""
    if database in ("", ":memory:") or url.query.get("mode") == "memory":
        return None
    if database.startswith("file:") and url.query.get("uri") == "true":
        database = unquote(urlsplit(database).path)
    return Path(database) if database and database != ":memory:" else None


def sqlite_file_url(path: str | Path) -> URL:
    """A read-only SQLAlchemy URL for the SQLite file at ``path``."""
    return sqlite_read_only_url(URL.create("sqlite", database=str(path)))


def client_option(path: Path, name: str) -> str | None:
    """An option of the ``[client]`` section of a MySQL option file, read as the mysql client
    reads it: quotes around the value taken off, ``#`` comments after it ignored."""
    parser = configparser.ConfigParser(
        allow_no_value=True, inline_comment_prefixes=("#", ";"), strict=False, interpolation=None
    )
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError):
        return None
    value = parser.get("client", name, fallback=None)
    if value is None:
        return None
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return value


class SqlAlchemyConnector(Connector):
    """Any database SQLAlchemy has a dialect and a driver for.

    Locations are ``schema.table`` (``table`` for SQLite), one per table, view and
    materialized view; their metadata holds columns and types, the primary key, foreign keys
    and, where the catalog has one, a row estimate.
    """

    def __init__(
        self,
        source_url: str | URL,
        display_source: str | None = None,
        options: DatabaseOptions | None = None,
    ):
        self.options = options or DatabaseOptions()
        given = (
            source_url
            if isinstance(source_url, str)
            else source_url.render_as_string(hide_password=False)
        )
        redacted = redact_source(given)
        try:
            url_text = expand_environment(given)
        except UnsetVariableError as exc:
            raise FatalSourceError(
                f"cannot open {redacted}: {exc} (the URL refers to it as ${{{exc.name}}})",
                hint=f"export {exc.name} in the scan's environment, or write the value in",
            ) from exc
        if raw_at_in_password(url_text):
            raise FatalSourceError(
                f"cannot open {redacted}: the password holds an '@', which ends it early",
                hint="write each '@' in a password as %40 (URL-encoded)",
            )
        # ``source`` is shown to users, so it is the redacted URL; the real one stays private.
        super().__init__(redacted, display_source or redacted)
        self._url_text = url_text
        self._engine_: Engine | None = None
        try:
            url = make_url(url_text)
        except ArgumentError as exc:
            raise FatalSourceError(
                f"not a valid database URL: {redacted}",
                hint="write it as dialect+driver://user:password@host:port/database",
            ) from exc
        if url.get_backend_name() == "sqlite":
            url = sqlite_read_only_url(url)
        self._url = url
        self.format = url.get_backend_name()

    # -- connections -------------------------------------------------------------------

    def _engine(self) -> Engine:
        if self._engine_ is None:
            try:
                engine = sa.create_engine(
                    self._url, connect_args=self._connect_args(), poolclass=NullPool
                )
                if engine.dialect.name in ("mysql", "mariadb"):
                    sa.event.listen(engine, "connect", self._limit_mysql_session)
                elif engine.dialect.name == "postgresql":
                    sa.event.listen(engine, "begin", self._begin_postgres)
                    if engine.dialect.driver == "psycopg":
                        sa.event.listen(engine, "connect", _lenient_times)
                self._engine_ = engine
            except (NoSuchModuleError, ImportError) as exc:
                raise FatalSourceError(
                    f"no database driver installed for {self.display_source}", hint=_DRIVER_HINT
                ) from exc
            except (ArgumentError, SQLAlchemyError, TypeError, ValueError) as exc:
                raise FatalSourceError(
                    f"cannot use the database URL {self.display_source}: "
                    f"{self._reason(exc, detailed=True)}",
                    hint="check the URL's options",
                ) from exc
            self.format = self._engine_.dialect.name
        return self._engine_

    def _connect_args(self) -> dict[str, Any]:
        """Read-only sessions and a connect timeout, for the drivers known to take them."""
        try:
            driver = self._url.get_driver_name()
        except (NoSuchModuleError, ImportError):
            return {}  # the engine creation right after says what is missing
        query = self._url.query
        args: dict[str, Any] = {}
        if driver in ("psycopg", "psycopg2"):
            args["connect_timeout"] = 10
            # Added to the URL's own options (a pgbouncer setup may need some), never
            # replaced by them; each transaction also starts READ ONLY (see _begin).
            ours = "-c default_transaction_read_only=on"
            if self._timeout_ms:
                ours += f" -c statement_timeout={self._timeout_ms}"
            given = query.get("options")
            args["options"] = f"{given} {ours}" if isinstance(given, str) and given else ours
        elif driver in ("pymysql", "mysqldb"):
            args["connect_timeout"] = 10
            if self._url.password is None:
                # As the mysql client does: the password from the [client] section of the
                # user's option file when the URL holds none.
                password = client_option(Path("~/.my.cnf").expanduser(), "password")
                if password is not None:
                    args["password"] = password
        return {k: v for k, v in args.items() if k not in query or k == "options"}

    @property
    def _timeout_ms(self) -> int:
        seconds = self.options.statement_timeout_s or 0
        return max(1, round(seconds * 1000)) if seconds > 0 else 0

    def _begin_postgres(self, conn: Connection) -> None:
        """Every transaction read-only and time-limited, whatever the session's settings
        (the URL's options, a connection pooler that drops startup parameters). Sent on the
        driver's own cursor: the connection's options may ask for a server-side one."""
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute("SET TRANSACTION READ ONLY")
            if self._timeout_ms:
                cursor.execute(f"SET LOCAL statement_timeout = {self._timeout_ms}")
        finally:
            cursor.close()

    def _limit_mysql_session(self, dbapi_connection: Any, _record: Any) -> None:
        """A new MySQL/MariaDB session: read-only, after any init_command of the URL, and
        the per-statement time limit in the server's own words for it (MariaDB:
        max_statement_time in seconds; MySQL: max_execution_time in milliseconds)."""
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SET SESSION TRANSACTION READ ONLY")
            if self._timeout_ms:
                cursor.execute(self._mysql_timeout_statement(cursor, self._timeout_ms))
        finally:
            cursor.close()

    @staticmethod
    def _mysql_timeout_statement(cursor: Any, timeout_ms: int) -> str:
        cursor.execute("SELECT VERSION()")
        if "mariadb" in str(cursor.fetchone()[0]).lower():
            return f"SET SESSION max_statement_time = {timeout_ms / 1000:.3f}"
        return f"SET SESSION max_execution_time = {timeout_ms}"

    def _lift_mysql_timeout(self, conn: Connection) -> None:
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(self._mysql_timeout_statement(cursor, 0))
        finally:
            cursor.close()

    def _connect(self) -> Connection:
        engine = self._engine()
        try:
            return engine.connect()
        except _CONNECT_FAILURES as exc:
            if is_login_refused(exc):
                raise LoginRefusedError(
                    f"cannot connect to {self.display_source}: the server refused the login "
                    f"({self._reason(exc, detailed=True)})",
                    hint="check the user and the password: ${NAME} in the URL, ~/.pgpass or "
                    "PGPASSFILE for PostgreSQL, the [client] section of ~/.my.cnf for "
                    "MySQL/MariaDB",
                ) from exc
            hint = _SQLITE_HINT if engine.dialect.name == "sqlite" else _CONNECT_HINT
            raise FatalSourceError(
                f"cannot connect to {self.display_source}: {self._reason(exc, detailed=True)}",
                hint=hint,
            ) from exc

    def _reason(self, exc: BaseException, *, detailed: bool) -> str:
        """Words for a database error, free of the password. Only errors about the schema or
        the connection are quoted; others (data errors) may quote values, so only their kind
        is given."""
        orig = getattr(exc, "orig", None) or exc
        text = str(orig).strip()
        if not detailed or not text:
            return type(orig).__name__
        # A quoted literal can come from the data or from a view's SQL holding a value
        # ('ceo@corp.example' in a WHERE): never shown.
        first = _QUOTED_LITERAL.sub("'...'", text.splitlines()[0][:300])
        return scrub_password(first, self._url_text)

    def close(self) -> None:
        if self._engine_ is not None:
            self._engine_.dispose()
            self._engine_ = None

    # -- discovery ---------------------------------------------------------------------

    def discover(self) -> Iterator[Location]:
        # SQLAlchemy warns on stderr about column types it does not know (PostGIS geometry);
        # a cron job would mail them. They become notes of the scan instead.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", sa.exc.SAWarning)
            locations = self._discover()
        for warning in dict.fromkeys(str(w.message) for w in caught):
            log.warning("%s", warning)
        yield from locations

    def _discover(self) -> list[Location]:
        with self._connect() as conn:
            try:
                inspector = sa.inspect(conn)
                schemas = readable_schemas(inspector, conn)
            except SQLAlchemyError as exc:
                raise FatalSourceError(
                    f"cannot list the schemas of {self.display_source}: "
                    f"{self._reason(exc, detailed=True)}",
                    hint="check that the login may read the database's catalog",
                ) from exc
            locations: list[Location] = []
            failures: list[tuple[str | None, str]] = []
            for schema in schemas:
                try:
                    locations += [
                        self.location(
                            name if schema is None else f"{schema}.{name}",
                            "table",
                            format=conn.dialect.name,
                            **metadata,
                        )
                        for name, metadata in describe_schema(inspector, conn, schema).items()
                    ]
                except SQLAlchemyError as exc:
                    failures.append((schema, self._reason(exc, detailed=True)))
            if failures and len(failures) == len(schemas):
                raise self._catalog_error(conn.dialect.name, failures[-1][1])
            # Some schemas could be listed: the scan goes on, saying which could not.
            for schema, reason in failures:
                log.warning("skipping schema %s of %s: %s", schema, self.display_source, reason)
        # Returned once the connection is closed, so that none is held while batches are read.
        return locations

    def _catalog_error(self, dialect: str, reason: str) -> FatalSourceError:
        """The error for a database none of whose schemas could be listed."""
        if dialect == "sqlite":
            # SQLite has one schema and reads no catalog it may be refused: the file is bad.
            return FatalSourceError(
                f"not a readable SQLite database ({reason})", hint=_DAMAGED_SQLITE_HINT
            )
        return FatalSourceError(
            f"cannot list the tables of {self.display_source}: {reason}",
            hint="check that it is a database and that the login may read its catalog",
        )

    # -- reading -----------------------------------------------------------------------

    def read(self, location: Location, sample_rows: int | None = None) -> Iterator[pa.RecordBatch]:
        schema = location.metadata.get("schema")
        table = location.metadata.get("table") or location.name
        engine = self._engine()
        errors = _database_errors(engine)
        try:
            with self._connect() as conn:
                names = [c["name"] for c in location.metadata.get("columns") or ()]
                names = names or column_names(sa.inspect(conn), schema, table)
                if not names:
                    return
                stmt = self._select(conn, location, table, schema, names, sample_rows)
                mysql = conn.dialect.name in ("mysql", "mariadb")
                if sample_rows is None and mysql and self._timeout_ms:
                    # MySQL counts the client's reading of a streamed result as the
                    # statement's time: a --full read of a big table would always be cut.
                    self._lift_mysql_timeout(conn)
                result = conn.execution_options(
                    stream_results=True, max_row_buffer=FETCH_ROWS
                ).execute(stmt)
                keys = list(result.keys())
                json_columns = frozenset(
                    c["name"]
                    for c in location.metadata.get("columns") or ()
                    if "JSON" in str(c.get("type", "")).upper()
                )
                while rows := result.fetchmany(FETCH_ROWS):
                    yield rows_to_batch(keys, rows, json_columns)
        except FatalSourceError as exc:
            raise SkippableLocationError(
                exc.message, hint=exc.hint, location=location.name
            ) from exc
        except errors as exc:
            if engine.dialect.name == "sqlite":
                # SQLite's messages name files and tables, never values (it runs no user code).
                detailed = isinstance(exc, (OperationalError, ProgrammingError))
                reason = self._reason(exc, detailed=detailed)
                hint = "check that the table still exists and that the file is readable"
            else:
                failure = describe_read_failure(
                    exc, engine.dialect.name, self.options.statement_timeout_s
                )
                reason, hint = failure.reason, failure.hint
            raise SkippableLocationError(
                f"could not read {location.name}: {reason}", hint=hint, location=location.name
            ) from exc

    # -- fingerprints ------------------------------------------------------------------

    def fingerprint(self, location: Location) -> str | None:
        """A digest of the table's columns and types, the newest value of its updated-at
        column (see :func:`updated_at_column`) when it has one, and what says its rows
        changed: for SQLite the database file's size, modification time and header (and its
        write-ahead log's), for PostgreSQL and MySQL/MariaDB the catalog's row estimate and
        change counters (:func:`change_marks`). None for views on a server, for dialects
        without such counters, and whenever the database cannot be asked."""
        metadata = location.metadata
        schema = metadata.get("schema")
        table = metadata.get("table") or location.name
        columns = metadata.get("columns") or ()
        changed_column = updated_at_column(columns)
        try:
            engine = self._engine()
        except FatalSourceError:
            return None
        dialect = engine.dialect.name
        if dialect not in ("sqlite", "postgresql", "mysql", "mariadb"):
            return None  # no cheap sign of change: always read
        marks: Any = None
        newest: Any = None
        try:
            if dialect == "sqlite":
                path = sqlite_database_path(self._url)
                if path is None:
                    return None
                # Any write to the database moves these, so a connection is opened only
                # when there is an updated-at column to ask about.
                marks = sqlite_file_marks(path)
            if dialect != "sqlite" or changed_column is not None:
                with self._connect() as conn:
                    if dialect != "sqlite":
                        marks = change_marks(conn, schema, table)
                        if marks is None:
                            return None
                    if changed_column is not None:
                        newest = newest_update(conn, schema, table, changed_column)
        except (ConnectorError, OSError, *_database_errors(engine)):
            # The read that follows reports the problem, with its hint.
            return None
        return digest(
            location.kind,
            location.format,
            schema,
            table,
            column_signature(columns),
            marks,
            changed_column,
            newest,
        )

    def _select(
        self,
        conn: Connection,
        location: Location,
        table: str,
        schema: str | None,
        names: Sequence[str],
        sample_rows: int | None,
    ) -> sa.Select[Any]:
        # Lightweight table and column constructs: SQLAlchemy quotes every identifier.
        tbl = sa.table(table, *(sa.column(n) for n in names), schema=schema)
        if sample_rows is None:
            return sa.select(*tbl.c)
        return sampled_select(conn, tbl, names, location.metadata, max(1, int(sample_rows)))


def _lenient_times(dbapi_connection: Any, _record: Any) -> None:
    read_unrepresentable_times_as_null(dbapi_connection)


def _database_errors(engine: Engine) -> tuple[type[BaseException], ...]:
    """What a query through ``engine`` may raise: SQLAlchemy's errors and the driver's own
    DB-API errors."""
    errors: tuple[type[BaseException], ...] = (SQLAlchemyError,)
    dbapi_error = getattr(engine.dialect.loaded_dbapi, "Error", None)
    if isinstance(dbapi_error, type) and issubclass(dbapi_error, Exception):
        errors += (dbapi_error,)
    return errors


class SqliteFileConnector(SqlAlchemyConnector):
    """A SQLite file given as a plain path, opened read-only; locations are its table names."""

    def __init__(
        self,
        path: str | Path,
        display_source: str | None = None,
        options: DatabaseOptions | None = None,
    ):
        super().__init__(sqlite_file_url(path), display_source or str(path), options)

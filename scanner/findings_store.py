"""The findings store: every scan with its findings, errors and one fingerprint per location.

A SQLAlchemy database (a SQLite file by default, PostgreSQL works the same) that scheduled
scans write to and ``piiscan history`` / ``diff`` read. It holds what reports hold (masked
examples, never a raw value or a password) plus, per location, the scored verdicts of its last
read, so that a later scan finding the location unchanged can carry them over instead of
reading it again, and a killed scan loses only the location it was reading.

The schema is versioned (table ``piiscan_schema``); opening an older store upgrades it in
place through :data:`MIGRATIONS`, and a store written by a newer piiscan is refused rather
than damaged.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Engine,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    inspect,
    select,
    update,
)
from sqlalchemy import text as sa_text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from connectors.source_url import UnsetVariableError, expand_environment, redact_source
from scanner.errors import PiiscanError
from scanner.model import (
    DetectorSignal,
    FieldVerdict,
    Finding,
    LocationRead,
    Retention,
    ScanError,
    ScanInfo,
    ScanResult,
    ScanState,
    ScanSummary,
    count_by_status,
)

#: The schema this piiscan writes; :data:`MIGRATIONS` brings older stores up to it.
SCHEMA_VERSION = 2
#: Environment variable naming the default store (a URL or a path).
STORE_ENV = "PIISCAN_STORE"
#: Seconds a SQLite store waits for another scan's write to finish before giving up.
SQLITE_BUSY_TIMEOUT_S = 30

metadata = MetaData()

schema_version = Table("piiscan_schema", metadata, Column("version", Integer, nullable=False))

scans = Table(
    "piiscan_scans",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("started_at", String(32), nullable=False),
    Column("finished_at", String(32)),
    # When the store took the scan, to the microsecond: orders scans started in one second.
    Column("recorded_at", String(32), nullable=False),
    Column("state", String(16), nullable=False),
    Column("tool_version", String(64), nullable=False),
    Column("policy", Text, nullable=False),
    Column("datamap", Text),
    Column("sources", Text, nullable=False),  # JSON list, passwords redacted
    Column("full_scan", Boolean, nullable=False),
    # --full-rescan: carries over nothing but what an interrupted rescan finished.
    Column("full_rescan", Boolean, nullable=False, default=False),
    Column("sample_rows", Integer),
    Column("settings_digest", String(64), nullable=False),
    Column("locations_scanned", Integer, nullable=False, default=0),
    Column("locations_reused", Integer, nullable=False, default=0),
    # Who runs it, so a later scan on the same host can tell a killed scan from a live one.
    Column("host", String(255), nullable=False),
    Column("pid", Integer, nullable=False),
)

location_reads = Table(
    "piiscan_location_reads",
    metadata,
    Column("scan_id", String(36), nullable=False),
    Column("source", Text, nullable=False),
    Column("location", Text, nullable=False),
    Column("fingerprint", String(64)),
    Column("outcome", String(16), nullable=False),  # read | reused | error
    Column("reused_from", String(36)),
    Column("rows_read", Integer, nullable=False, default=0),
    Column("payload", Text),  # the LocationRead as JSON (masked examples only)
    Column("finished_at", String(32), nullable=False),
    Index("ix_piiscan_location_reads_lookup", "source", "location", "fingerprint"),
    Index("ix_piiscan_location_reads_scan", "scan_id"),
)

findings = Table(
    "piiscan_findings",
    metadata,
    Column("scan_id", String(36), nullable=False),
    Column("source", Text, nullable=False),
    Column("location", Text, nullable=False),
    Column("field", Text, nullable=False),
    Column("category", String(255), nullable=False),
    Column("status", String(32), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("matches", Integer, nullable=False),
    Column("scanned", Integer, nullable=False),
    Column("estimated", Boolean, nullable=False),
    Column("reused", Boolean, nullable=False),
    Column("purposes", Text, nullable=False),  # JSON list
    Column("retention", Text),  # JSON object
    Column("detectors", Text, nullable=False),  # JSON list
    Column("examples", Text, nullable=False),  # JSON list, masked
    Index("ix_piiscan_findings_scan", "scan_id"),
)

errors = Table(
    "piiscan_errors",
    metadata,
    Column("scan_id", String(36), nullable=False),
    Column("source", Text, nullable=False),
    Column("location", Text),
    Column("error", Text, nullable=False),
    Index("ix_piiscan_errors_scan", "scan_id"),
)


#: ``MIGRATIONS[n]`` brings a store at version ``n - 1`` to version ``n`` (a new store is
#: created at :data:`SCHEMA_VERSION` from the tables above instead). They run in one
#: transaction with the version bump, DDL included (on SQLite too, see
#: :func:`_transactional_sqlite`), so an upgrade happens whole or not at all.
def _add_full_rescan(conn: Connection) -> None:
    """Version 2: scans say whether they were --full-rescan runs (which resume only from an
    interrupted rescan)."""
    conn.execute(
        sa_text("ALTER TABLE piiscan_scans ADD COLUMN full_rescan BOOLEAN NOT NULL DEFAULT FALSE")
    )


MIGRATIONS: dict[int, Callable[[Connection], None]] = {2: _add_full_rescan}


class StoreError(PiiscanError):
    """The findings store cannot be opened or used. ``hint`` says what to do."""

    def __init__(self, message: str, *, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


def default_store_url() -> str:
    """``$PIISCAN_STORE`` when set, else ``findings.db`` in the platform's user data
    directory (``~/.local/share/piiscan`` on Linux)."""
    configured = os.environ.get(STORE_ENV)
    if configured:
        return store_url(configured)
    from platformdirs import user_data_dir

    return store_url(Path(user_data_dir("piiscan", appauthor=False)) / "findings.db")


def _expanded(url: str) -> str:
    """``url`` with its ``${NAME}`` references filled from the environment (a password, a
    folder); :class:`StoreError` naming a variable that is not set."""
    try:
        return expand_environment(url)
    except UnsetVariableError as exc:
        raise StoreError(
            f"the findings store {redact_source(url)}: {exc}",
            hint=f"export {exc.name} before the scan",
        ) from exc


def store_url(url_or_path: str | Path) -> str:
    """A SQLAlchemy URL for ``url_or_path``: URLs as they are, a plain path as a SQLite file
    (absolute, so that a scan started elsewhere finds the same store)."""
    text = str(url_or_path)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


class FindingsStore:
    """An open findings store. Create it with :meth:`open`; close it when done."""

    def __init__(self, engine: Engine, shown: str):
        self._engine = engine
        #: The store's URL with any password hidden, for messages.
        self.shown = shown

    @classmethod
    def open(cls, url: str | Path | None = None, *, create: bool = True) -> FindingsStore:
        """Open (creating or upgrading it when needed) the store at ``url``: a SQLAlchemy
        URL or a path to a SQLite file, ``${NAME}`` read from the environment; None for
        :func:`default_store_url`. With ``create``
        false (commands that only read it), a SQLite store that does not exist is an error
        rather than a new empty file. Raises :class:`StoreError`."""
        if url is not None:
            url = _expanded(str(url))
        text = store_url(url) if url is not None else default_store_url()
        shown = redact_source(text)
        try:
            parsed = make_url(text)
        except ArgumentError as exc:
            raise StoreError(
                f"the findings store URL {shown} is not a SQLAlchemy URL",
                hint="give a URL like sqlite:///path/findings.db or postgresql+psycopg://..."
                " or a plain file path",
            ) from exc
        sqlite = parsed.get_backend_name() == "sqlite"
        if sqlite and parsed.database and not create and not Path(parsed.database).exists():
            raise StoreError(
                f"no findings store at {shown}",
                hint="no scan has been recorded there: check --store (or the config's store:), "
                "or run piiscan scan first",
            )
        if sqlite and parsed.database:
            folder = Path(parsed.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the folder of the findings store {shown} "
                    f"({type(exc).__name__})",
                    hint="choose a writable place with --store, or --no-store",
                ) from exc
        try:
            if sqlite:
                engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
                _transactional_sqlite(engine)
            else:
                engine = create_engine(parsed)
        except (ArgumentError, NoSuchModuleError, ImportError) as exc:
            raise StoreError(
                f"no driver for the findings store {shown} ({type(exc).__name__})",
                hint="use sqlite:///, postgresql+psycopg:// or mysql+pymysql://",
            ) from exc
        store = cls(engine, shown)
        try:
            store._migrate()
        except SQLAlchemyError as exc:
            engine.dispose()
            raise StoreError(
                f"cannot open the findings store {shown} ({type(exc).__name__})",
                hint="check that it is reachable and writable by this login, or choose "
                "another with --store",
            ) from exc
        except StoreError:
            engine.dispose()
            raise
        return store

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> FindingsStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ----------------------------------------------------------------------

    def schema_version(self) -> int:
        """The version of the schema the store holds (0 for an empty database)."""
        with self._engine.connect() as conn:
            return _version(conn)

    def _migrate(self) -> None:
        with self._engine.begin() as conn:
            current = _version(conn)
            if current > SCHEMA_VERSION:
                raise StoreError(
                    f"the findings store {self.shown} was written by a newer piiscan "
                    f"(schema {current}; this one knows up to {SCHEMA_VERSION})",
                    hint="upgrade piiscan; the store was left as it is",
                )
            if current == SCHEMA_VERSION:
                return
            if current == 0:
                metadata.create_all(conn)
                conn.execute(schema_version.insert().values(version=SCHEMA_VERSION))
                return
            for version in range(current + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[version](conn)
            conn.execute(update(schema_version).values(version=SCHEMA_VERSION))

    # -- writing ---------------------------------------------------------------------

    def begin(
        self, info: ScanInfo, settings_digest: str, *, full_rescan: bool = False
    ) -> ScanRecorder:
        """Record the start of a scan (state running) and return what records its
        locations as they finish. Marks this host's scans whose process is gone as
        interrupted. Raises :class:`StoreError` when the store cannot be written (before
        anything is read, so the caller can scan without it)."""
        try:
            self._mark_interrupted()
            recorded_at = self._insert_scan(info, settings_digest, full_rescan)
        except SQLAlchemyError as exc:
            raise StoreError(
                f"cannot write to the findings store {self.shown} ({type(exc).__name__})",
                hint="check that it is writable by this user (or this login), or choose another "
                "with --store, or --no-store",
            ) from exc
        return ScanRecorder(
            self,
            info.id,
            settings_digest,
            sources=info.sources,
            full_rescan=full_rescan,
            recorded_at=recorded_at,
        )

    def _insert_scan(self, info: ScanInfo, settings_digest: str, full_rescan: bool) -> str:
        recorded_at = _now()
        with self._engine.begin() as conn:
            conn.execute(
                scans.insert().values(
                    id=info.id,
                    started_at=info.started_at,
                    finished_at=None,
                    recorded_at=recorded_at,
                    state=ScanState.RUNNING,
                    tool_version=info.tool_version,
                    policy=info.policy,
                    datamap=info.datamap,
                    sources=json.dumps(list(info.sources)),
                    full_scan=info.full,
                    full_rescan=full_rescan,
                    sample_rows=info.sample_rows,
                    settings_digest=settings_digest,
                    locations_scanned=0,
                    locations_reused=0,
                    host=socket.gethostname(),
                    pid=os.getpid(),
                )
            )
        return recorded_at

    def _mark_interrupted(self) -> None:
        with self._engine.begin() as conn:
            _interrupt(conn, scans.c.host == socket.gethostname())

    # -- reading ---------------------------------------------------------------------

    def history(self, limit: int | None = None) -> list[ScanSummary]:
        """Recorded scans, newest first."""
        with self._engine.connect() as conn:
            query = select(scans).order_by(scans.c.recorded_at.desc())
            if limit is not None:
                query = query.limit(limit)
            rows = conn.execute(query).mappings().all()
            return [self._summary(conn, row) for row in rows]

    def summary(self, scan_id: str) -> ScanSummary:
        """One scan's summary; :class:`StoreError` when the store has no such scan."""
        with self._engine.connect() as conn:
            row = conn.execute(select(scans).where(scans.c.id == scan_id)).mappings().first()
            if row is None:
                raise StoreError(f"no scan {scan_id} in {self.shown}")
            return self._summary(conn, row)

    def resolve(self, ref: str) -> str:
        """The full id of the scan ``ref`` names: an id or a unique prefix of one (as
        ``piiscan history`` shows them)."""
        with self._engine.connect() as conn:
            ids = (
                conn.execute(select(scans.c.id).where(scans.c.id.startswith(ref, autoescape=True)))
                .scalars()
                .all()
            )
        if len(ids) == 1:
            return ids[0]
        if not ids:
            raise StoreError(
                f"no scan with id {ref!r} in {self.shown}",
                hint="`piiscan history` lists the scans and their ids",
            )
        raise StoreError(f"{len(ids)} scans have ids starting {ref!r}", hint="give more of the id")

    def latest_finished(self, count: int, *, sources: Sequence[str] | None = None) -> list[str]:
        """Ids of the ``count`` most recent finished scans, newest first; with ``sources``,
        only scans of exactly those sources (as recorded: passwords redacted), so that a
        store shared by several scheduled jobs compares each with its own previous run."""
        query = select(scans.c.id).where(scans.c.state == ScanState.FINISHED)
        if sources is not None:
            query = query.where(scans.c.sources == json.dumps(list(sources)))
        with self._engine.connect() as conn:
            return list(
                conn.execute(query.order_by(scans.c.recorded_at.desc()).limit(count)).scalars()
            )

    def findings(self, scan_id: str) -> list[Finding]:
        """The findings a scan reported (reused ones included)."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(findings).where(findings.c.scan_id == scan_id)).mappings()
            return [_finding_from(row) for row in rows]

    def errors(self, scan_id: str) -> list[ScanError]:
        """The sources and locations a scan could not read."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(errors).where(errors.c.scan_id == scan_id)).mappings()
            return [ScanError(r["source"], r["location"], r["error"]) for r in rows]

    def fingerprints(self, scan_id: str) -> dict[tuple[str, str], str | None]:
        """(source, location) -> fingerprint for every location a scan finished."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(
                    location_reads.c.source,
                    location_reads.c.location,
                    location_reads.c.fingerprint,
                ).where(location_reads.c.scan_id == scan_id)
            ).all()
        return {(source, location): fp for source, location, fp in rows}

    def _summary(self, conn: Connection, row: Any) -> ScanSummary:
        scan_id = row["id"]
        statuses = conn.execute(
            select(findings.c.status, func.count())
            .where(findings.c.scan_id == scan_id)
            .group_by(findings.c.status)
        ).all()
        counts = count_by_status([])
        counts.update({status: n for status, n in statuses})
        error_count = conn.execute(
            select(func.count()).select_from(errors).where(errors.c.scan_id == scan_id)
        ).scalar_one()
        scanned, reused = row["locations_scanned"], row["locations_reused"]
        if row["state"] != ScanState.FINISHED:
            # Counted at the end; an unfinished scan's progress is in its location rows.
            outcomes = conn.execute(
                select(location_reads.c.outcome, func.count())
                .where(location_reads.c.scan_id == scan_id)
                .group_by(location_reads.c.outcome)
            ).all()
            done = dict(outcomes)
            scanned = done.get("read", 0) + done.get("reused", 0)
            reused = done.get("reused", 0)
            error_count = done.get("error", 0)
        return ScanSummary(
            id=scan_id,
            started_at=row["started_at"],
            finished_at=row["finished_at"],
            state=row["state"],
            sources=tuple(json.loads(row["sources"])),
            full=bool(row["full_scan"]),
            locations_scanned=scanned,
            locations_reused=reused,
            errors=error_count,
            counts=counts,
        )

    def own_files(self) -> frozenset[Path]:
        """The files of a SQLite store (the database, its WAL and shared-memory files), which
        a scan of the folder holding them leaves out; empty for a server store."""
        url = self._engine.url
        if url.get_backend_name() != "sqlite" or not url.database:
            return frozenset()
        database = Path(url.database).resolve()
        return frozenset(database.with_name(database.name + x) for x in ("", "-wal", "-shm"))

    # -- used by ScanRecorder -------------------------------------------------------

    @property
    def engine(self) -> Engine:
        return self._engine


class ScanRecorder:
    """Records one running scan: each location as it finishes (so a killed scan loses only
    the location it was reading), then the findings and errors when the scan ends."""

    def __init__(
        self,
        store: FindingsStore,
        scan_id: str,
        settings_digest: str,
        *,
        sources: Sequence[str] = (),
        full_rescan: bool = False,
        recorded_at: str = "",
    ):
        self.store = store
        self.scan_id = scan_id
        self._digest = settings_digest
        self._sources = json.dumps(list(sources))
        self._full_rescan = full_rescan
        self._recorded_at = recorded_at
        #: Why the store stopped taking this scan (a lost server, a full disk), or None. A
        #: failing store never stops the scan: its report is still written, and the next
        #: scan reads what this one could not record.
        self.problem: str | None = None

    def _write(self, work: Callable[[Connection], object]) -> None:
        if self.problem is not None:
            return
        try:
            with self.store.engine.begin() as conn:
                work(conn)
        except SQLAlchemyError as exc:
            self.problem = f"{type(exc).__name__} writing to {self.store.shown}"

    def reusable(
        self, source: str, location: str, fingerprint: str | None
    ) -> tuple[LocationRead, str] | None:
        """The read of an earlier scan (run with the same detection settings) that found
        ``location`` with this ``fingerprint``, and that scan's id; None when there is none
        or the location cannot be fingerprinted. A full rescan takes only what an
        interrupted full rescan of the same sources read since their last finished scan:
        killed and run again, it goes on where it stopped."""
        if fingerprint is None or self.problem is not None:
            return None
        try:
            row = self._earlier_read(source, location, fingerprint)
        except SQLAlchemyError:
            return None  # the location is read instead; the write that follows will say why
        if row is None or row.payload is None:
            return None
        return _read_from(json.loads(row.payload)), row.reused_from or row.scan_id

    def _earlier_read(self, source: str, location: str, fingerprint: str) -> Any:
        query = (
            select(
                location_reads.c.payload,
                location_reads.c.scan_id,
                location_reads.c.reused_from,
            )
            .join(scans, scans.c.id == location_reads.c.scan_id)
            .where(
                location_reads.c.source == source,
                location_reads.c.location == location,
                location_reads.c.fingerprint == fingerprint,
                location_reads.c.outcome.in_(("read", "reused")),
                location_reads.c.scan_id != self.scan_id,
                scans.c.settings_digest == self._digest,
            )
        )
        with self.store.engine.connect() as conn:
            if self._full_rescan:
                last_finished = conn.execute(
                    select(func.max(scans.c.recorded_at)).where(
                        scans.c.state == ScanState.FINISHED,
                        scans.c.sources == self._sources,
                        scans.c.settings_digest == self._digest,
                    )
                ).scalar()
                query = query.where(
                    scans.c.full_rescan.is_(True),
                    scans.c.state != ScanState.FINISHED,
                    scans.c.sources == self._sources,
                    scans.c.recorded_at > (last_finished or ""),
                )
            return conn.execute(
                query.order_by(location_reads.c.finished_at.desc()).limit(1)
            ).first()

    def location_read(
        self,
        source: str,
        location: str,
        fingerprint: str | None,
        read: LocationRead,
        *,
        reused_from: str | None = None,
    ) -> None:
        """Record a location read (or carried over from ``reused_from``)."""
        self._write(
            lambda conn: conn.execute(
                location_reads.insert().values(
                    scan_id=self.scan_id,
                    source=source,
                    location=location,
                    fingerprint=fingerprint,
                    outcome="reused" if reused_from else "read",
                    reused_from=reused_from,
                    rows_read=0 if reused_from else read.rows,
                    payload=json.dumps(_read_to(read)),
                    finished_at=_now(),
                )
            )
        )

    def location_failed(self, source: str, location: str | None) -> None:
        """Record that a location could not be read (its error is stored with the scan's)."""
        self._write(
            lambda conn: conn.execute(
                location_reads.insert().values(
                    scan_id=self.scan_id,
                    source=source,
                    location=location or "",
                    fingerprint=None,
                    outcome="error",
                    rows_read=0,
                    payload=None,
                    finished_at=_now(),
                )
            )
        )

    def finish(self, result: ScanResult) -> None:
        """Record the scan's findings and errors and mark it finished."""
        self._write(lambda conn: self._finish(conn, result))

    def _finish(self, conn: Connection, result: ScanResult) -> None:
        self._end_earlier_runs(conn)
        if result.findings:
            conn.execute(
                findings.insert(),
                [_finding_row(self.scan_id, f) for f in result.findings],
            )
        if result.errors:
            conn.execute(
                errors.insert(),
                [
                    {
                        "scan_id": self.scan_id,
                        "source": e.source,
                        "location": e.location,
                        "error": e.error,
                    }
                    for e in result.errors
                ],
            )
        conn.execute(
            update(scans)
            .where(scans.c.id == self.scan_id)
            .values(
                state=ScanState.FINISHED,
                finished_at=result.scan.finished_at,
                locations_scanned=result.scan.locations_scanned,
                locations_reused=result.scan.locations_reused,
            )
        )

    def _end_earlier_runs(self, conn: Connection) -> None:
        """Mark as interrupted the unfinished scans of the same sources that started before
        this one and are not alive on this host: a killed run on another machine (a Kubernetes
        pod has a new name every night) is otherwise never known to be over."""
        _interrupt(conn, scans.c.sources == self._sources, scans.c.recorded_at < self._recorded_at)


def _interrupt(conn: Connection, *which: Any) -> None:
    """Mark as interrupted the running scans ``which`` selects that are over: run on another
    host (a later scan of theirs has finished, see the callers), or on this one by a
    process that is gone."""
    host = socket.gethostname()
    running = conn.execute(
        select(scans.c.id, scans.c.host, scans.c.pid).where(
            scans.c.state == ScanState.RUNNING, *which
        )
    ).all()
    over = [i for i, h, pid in running if h != host or not _process_alive(pid)]
    if over:
        conn.execute(update(scans).where(scans.c.id.in_(over)).values(state=ScanState.INTERRUPTED))


def _transactional_sqlite(engine: Engine) -> None:
    """SQLite with real transactions (DDL included: pysqlite would otherwise commit before
    an ALTER TABLE, and a failed upgrade would be left half done) and write-ahead logging,
    so that readers (piiscan history) do not block a running scan."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA journal_mode=WAL")

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN")


def _version(conn: Connection) -> int:
    names = set(inspect(conn).get_table_names())
    if schema_version.name not in names:
        if names & {t.name for t in metadata.sorted_tables}:
            raise StoreError(
                "the findings store database holds piiscan tables but no schema version",
                hint="point --store at a database of its own",
            )
        return 0
    return int(conn.execute(select(func.max(schema_version.c.version))).scalar_one() or 0)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by someone else
    return True


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _read_to(read: LocationRead) -> dict[str, Any]:
    return asdict(read)


def _read_from(data: dict[str, Any]) -> LocationRead:
    return LocationRead(
        verdicts=tuple(
            FieldVerdict(
                **{
                    **v,
                    "detectors": tuple(DetectorSignal(**d) for d in v["detectors"]),
                    "examples": tuple(v["examples"]),
                }
            )
            for v in data["verdicts"]
        ),
        rows=data["rows"],
        binary=tuple(data["binary"]),
        warnings=tuple(data["warnings"]),
        fields=tuple(data["fields"]),
    )


def _finding_row(scan_id: str, f: Finding) -> dict[str, Any]:
    return {
        "scan_id": scan_id,
        "source": f.source,
        "location": f.location,
        "field": f.field,
        "category": f.category,
        "status": f.status,
        "confidence": f.confidence,
        "matches": f.matches,
        "scanned": f.scanned,
        "estimated": f.estimated,
        "reused": f.reused,
        "purposes": json.dumps(list(f.purposes)),
        "retention": None if f.retention is None else json.dumps(asdict(f.retention)),
        "detectors": json.dumps([asdict(d) for d in f.detectors]),
        "examples": json.dumps(list(f.examples)),
    }


def _finding_from(row: Any) -> Finding:
    retention = json.loads(row["retention"]) if row["retention"] else None
    return Finding(
        source=row["source"],
        location=row["location"],
        field=row["field"],
        category=row["category"],
        confidence=row["confidence"],
        matches=row["matches"],
        scanned=row["scanned"],
        status=row["status"],
        purposes=tuple(json.loads(row["purposes"])),
        retention=Retention(**retention) if retention else None,
        detectors=tuple(DetectorSignal(**d) for d in json.loads(row["detectors"])),
        examples=tuple(json.loads(row["examples"])),
        estimated=bool(row["estimated"]),
        reused=bool(row["reused"]),
    )


def same_store_as_source(store: str, sources: Sequence[str]) -> str | None:
    """The source that is the store's own database, if any: a scan must never write to a
    store it scans."""
    url = store_url(store)
    for source in sources:
        if "://" in source and source.split("?")[0] == url.split("?")[0]:
            return source
        if "://" not in source and store_url(source) == url:
            return source
    return None

"""The library API: ``scan(...)`` runs a whole scan and returns a :class:`ScanResult`.

The CLI is a thin layer over this module. Example::

    from scanner.api import scan
    result = scan(["sqlite:///shop.db", "exports/"], datamap="datamap.yaml")
    for finding in result.findings:
        print(finding.location, finding.field, finding.category, finding.status)
"""

from __future__ import annotations

import dataclasses
import json
import logging
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING

from connectors.base import (
    Connector,
    ConnectorError,
    FatalSourceError,
    Location,
    LoginRefusedError,
    SkippableLocationError,
)
from connectors.registry import ConnectorRegistry, default_connectors
from connectors.source_url import UnsetVariableError, expand_environment, redact_source
from connectors.sqlalchemy_db import DatabaseOptions
from detectors.base import ScoringSettings
from detectors.fields import binary_fields, fields_from_batch
from detectors.registry import DetectorRegistry, DetectorSettings, default_registry
from scanner.datamap import DataMap, load_datamap
from scanner.errors import UsageError
from scanner.model import (
    Finding,
    LocationRead,
    ScanError,
    ScanInfo,
    ScanNote,
    ScanResult,
    Status,
)
from scanner.policy import Policy, load_policy
from scanner.selection import Selection
from scanner.status import assess
from scanner.verdicts import FieldEvidence

if TYPE_CHECKING:
    from scanner.findings_store import FindingsStore, ScanRecorder

DEFAULT_SAMPLE_ROWS = 10_000
#: Candidate values validated in Python per field in each batch after a field's first (which
#: gets :data:`detectors.base.DEFAULT_MAX_VALIDATED`): enough to keep the share's error
#: under a few percent, few enough that ``--full`` costs whole-column compute, not Python.
LATER_BATCH_MAX_VALIDATED = 64


def tool_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("piiscan")
    except PackageNotFoundError:  # running from a source tree without installing
        return "0+unknown"


@dataclass(frozen=True)
class ScanSettings:
    """How much to read and how to judge it."""

    #: Rows read per table or file for detection; ignored with ``full``.
    sample_rows: int = DEFAULT_SAMPLE_ROWS
    #: Read every row: pattern categories are counted exhaustively, NER stays sampled.
    full: bool = False
    detectors: DetectorSettings = field(default_factory=DetectorSettings)
    scoring: ScoringSettings = field(default_factory=ScoringSettings)
    #: Processes that scan locations side by side (1: scan in this process, one by one).
    workers: int = 1
    #: A Dask distributed scheduler (``tcp://host:8786``) whose workers scan the locations.
    scheduler: str | None = None
    #: ``--include`` / ``--exclude`` patterns over locations and fields.
    selection: Selection = field(default_factory=Selection)
    #: How databases are read (``--statement-timeout``).
    database: DatabaseOptions = field(default_factory=DatabaseOptions)

    def detection_digest(self) -> str:
        """A digest of everything besides a location's data that its verdicts depend on
        (piiscan's version, how much is read, the detectors and their thresholds, the
        selection): a read is carried over to a later scan only when this is the same.
        The policy and the data map are not in it: carried-over verdicts are held against
        the current ones. The same settings give the same digest in every process."""
        parts = (
            tool_version(),
            self.full,
            None if self.full else self.sample_rows,
            _canonical(self.detectors),
            _canonical(self.scoring),
            _canonical(self.selection),
        )
        return sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _canonical(value: object) -> object:
    """``value`` as plain JSON-ready data that does not depend on the process: sets sorted,
    functions by their qualified names, objects by their public attributes."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, set | frozenset):
        return sorted((_canonical(v) for v in value), key=repr)
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    if dataclasses.is_dataclass(value):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return [type(value).__qualname__, _canonical(fields)]
    attributes = getattr(value, "__dict__", None)
    if attributes is not None:
        return [type(value).__qualname__, _canonical(attributes)]
    pattern = getattr(value, "pattern", None)  # a compiled regular expression
    return [type(value).__qualname__, pattern if isinstance(pattern, str) else repr(value)]


@dataclass(frozen=True)
class ProgressEvent:
    """Reported to the ``progress`` callback: ``kind`` is "source" (a source is opened),
    "location" (reading starts), "done" (with the rows read), "reused" (unchanged since an
    earlier scan: not read, its findings carried over) or "error" (the location is listed
    under errors). ``index`` counts locations from 1 up to ``total``."""

    kind: str
    source: str
    location: str | None = None
    index: int = 0
    rows: int = 0
    total: int = 0
    #: For "error": what went wrong and what to do (never a value read, never a password).
    detail: str = ""


ProgressCallback = Callable[[ProgressEvent], None]


def scan(
    sources: Sequence[str],
    *,
    policy: Policy | str | Path | None = None,
    datamap: DataMap | str | Path | None = None,
    settings: ScanSettings | None = None,
    connectors: ConnectorRegistry | None = None,
    detectors: DetectorRegistry | None = None,
    progress: ProgressCallback | None = None,
    store: FindingsStore | None = None,
    full_rescan: bool = False,
) -> ScanResult:
    """Scan every source and hold each finding against the policy and the data map.

    ``sources`` are SQLAlchemy URLs or paths (files, directories, globs). ``policy`` and
    ``datamap`` are loaded objects or paths to YAML files (``policy=None``: the built-in
    policy). A location that cannot be read becomes an entry in ``errors`` and the scan
    carries on; configuration problems raise :class:`scanner.errors.ConfigError`.

    With a findings ``store`` the scan is recorded there as it goes (each location when it
    finishes, so a killed scan loses only the one it was reading), and a location whose
    fingerprint has not changed since an earlier scan with the same detection settings is
    not read again: its verdicts are carried over (``Finding.reused``) and held against the
    current policy and data map. ``full_rescan`` reads every location anyway, except those
    an interrupted full rescan of the same sources already read.
    """
    settings = settings or ScanSettings()
    _check_environment(sources)
    pol = policy if isinstance(policy, Policy) else load_policy(policy)
    dmap = (
        datamap
        if isinstance(datamap, DataMap) or datamap is None
        else load_datamap(datamap, policy=pol)
    )
    connectors = connectors or default_connectors(settings.database)
    detectors = detectors or default_registry(settings.detectors)
    starting = ScanInfo(
        id=str(uuid.uuid4()),
        started_at=_now(),
        finished_at="",
        tool_version=tool_version(),
        policy=pol.origin,
        sources=tuple(redact_source(s) for s in sources),
        datamap=str(datamap) if isinstance(datamap, str | Path) else None,
        sample_rows=None if settings.full else settings.sample_rows,
        full=settings.full,
    )
    recorder = (
        None
        if store is None
        else store.begin(starting, settings.detection_digest(), full_rescan=full_rescan)
    )
    out = Collected()
    run = ScanRun(pol, dmap, settings, connectors, detectors, progress, recorder)
    if settings.workers > 1 or settings.scheduler:
        from scanner.parallel import scan_in_workers

        scan_in_workers(sources, run, out)
    else:
        for source in sources:
            _scan_source(source, run, out)
    findings = out.findings
    findings.sort(key=_finding_order)
    # A location that matched but could not be read is not a typo: its error says why.
    tried = [(e.location, "") for e in out.errors if e.location is not None]
    unmatched = settings.selection.unmatched([*out.read_fields, *tried])
    out.notes.extend(
        ScanNote(
            "--include",
            None,
            f"--include {p!r} matched no table, file or field: check it (patterns match "
            "LOCATION or LOCATION.FIELD, case-insensitively)",
        )
        for p in unmatched
    )
    # Serial and parallel scans finish locations in different orders: report them alike.
    shown = [redact_source(s) for s in sources]
    out.errors.sort(key=lambda e: _source_order(shown, e.source, e.location))
    out.notes.sort(key=lambda n: _source_order(shown, n.source, n.location))
    info = replace(
        starting,
        finished_at=_now(),
        locations_scanned=out.locations,
        locations_reused=out.reused,
    )
    result = ScanResult(
        scan=info,
        findings=tuple(findings),
        errors=tuple(out.errors),
        notes=tuple(out.notes),
        unmatched_includes=tuple(unmatched),
    )
    if recorder is not None:
        recorder.finish(result)
        if recorder.problem is not None:
            note = ScanNote(
                "findings store",
                None,
                f"{recorder.problem}: this scan is not recorded in full (the report is); the "
                "next scan reads again what it could not record",
            )
            result = replace(result, notes=(*result.notes, note))
    return result


def _source_order(shown: list[str], source: str, location: str | None) -> tuple[int, str]:
    return (shown.index(source) if source in shown else len(shown), location or "")


def _check_environment(sources: Sequence[str]) -> None:
    """Every ``${NAME}`` a source refers to is set; else a usage error naming it."""
    for i, source in enumerate(sources, 1):
        try:
            expand_environment(source)
        except UnsetVariableError as exc:
            raise UsageError(
                f"source {i} ({redact_source(source)}): {exc}",
                hint=f"export {exc.name} before the scan, or write the value into the source",
            ) from exc


@dataclass(frozen=True)
class ScanRun:
    """What every location of one scan is read and judged with."""

    policy: Policy
    datamap: DataMap | None
    settings: ScanSettings
    connectors: ConnectorRegistry
    detectors: DetectorRegistry
    progress: ProgressCallback | None
    recorder: ScanRecorder | None = None

    def report(self, event: ProgressEvent) -> None:
        if self.progress is not None:
            self.progress(event)

    def fingerprint(self, connector: Connector, loc: Location) -> str | None:
        """``loc``'s fingerprint when the scan is recorded (None otherwise: nothing would
        keep it)."""
        return None if self.recorder is None else connector.fingerprint(loc)

    def carried_over(
        self, shown: str, loc: Location, fingerprint: str | None
    ) -> tuple[LocationRead, str] | None:
        """An earlier scan's read of ``loc`` when the location has not changed since, with
        that scan's id."""
        if self.recorder is None:
            return None
        return self.recorder.reusable(shown, loc.name, fingerprint)

    def finished(
        self,
        shown: str,
        loc: Location,
        fingerprint: str | None,
        read: LocationRead,
        reused_from: str | None = None,
    ) -> None:
        if self.recorder is not None:
            self.recorder.location_read(shown, loc.name, fingerprint, read, reused_from=reused_from)

    def failed(self, shown: str, location: str | None) -> None:
        if self.recorder is not None:
            self.recorder.location_failed(shown, location)


@dataclass
class Collected:
    findings: list[Finding] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)
    notes: list[ScanNote] = field(default_factory=list)
    locations: int = 0
    reused: int = 0
    read_fields: list[tuple[str, str]] = field(default_factory=list)

    def add(
        self, shown: str, loc: Location, read: LocationRead, run: ScanRun, *, reused: bool = False
    ) -> None:
        """Record one location read in full (or carried over from an earlier scan,
        ``reused``): its notes and its findings held against the policy and the data map."""
        self.locations += 1
        self.reused += reused
        self.read_fields.extend((loc.name, f) for f in read.fields)
        self.notes.extend(ScanNote(shown, loc.name, w) for w in read.warnings)
        self.notes.extend(
            ScanNote(shown, loc.name, f"field {name!r} is binary: skipped, not decoded")
            for name in read.binary
        )
        for verdict in read.verdicts:
            finding = assess(verdict, shown, run.policy, run.datamap, kind=loc.kind)
            self.findings.append(replace(finding, reused=True) if reused else finding)


def discover(source: str, run: ScanRun, out: Collected) -> tuple[Connector, list[Location]] | None:
    """Open ``source`` and list the locations the scan reads (narrowed by ``--include`` /
    ``--exclude``), the connector left open; None (and an entry under errors) when it cannot
    be opened or listed."""
    shown = redact_source(source)
    try:
        connector = run.connectors.open(source)
    except ConnectorError as exc:
        out.errors.append(_source_error(shown, exc))
        run.report(ProgressEvent("error", shown, exc.location, detail=str(exc)))
        return None
    try:
        with _connector_warnings() as warned:
            discovered = list(connector.discover())
    except Exception as exc:
        exc = as_connector_error(exc)
        connector.close()
        out.errors.append(_source_error(shown, exc))
        run.report(ProgressEvent("error", shown, exc.location, detail=str(exc)))
        return None
    out.notes.extend(ScanNote(shown, None, w) for w in warned)
    selection = run.settings.selection
    own = run.recorder.store.own_files() if run.recorder is not None else frozenset()
    return connector, [
        n
        for loc in discovered
        if (n := selection.narrow(loc)) is not None and not _is_own_file(loc, own)
    ]


def as_connector_error(exc: Exception) -> ConnectorError:
    """``exc`` as a connector error: itself, or for anything else (a bug, a library failing
    on data it cannot handle) an error naming only its type, since its text may quote the
    data."""
    if isinstance(exc, ConnectorError):
        return exc
    return SkippableLocationError(
        f"piiscan failed on it with an internal error ({type(exc).__name__})",
        hint="the other locations were scanned; please report this with the file's or "
        "table's layout (not its data), or leave it out with --exclude",
    )


def _source_error(shown: str, exc: ConnectorError) -> ScanError:
    return ScanError(
        shown, exc.location, str(exc), login_refused=isinstance(exc, LoginRefusedError)
    )


def _is_own_file(loc: Location, own: frozenset[Path]) -> bool:
    """Whether ``loc`` is the findings store's own file (a folder scan that holds it): the
    scan would read what it is writing."""
    path = loc.metadata.get("path")
    return bool(own) and path is not None and Path(path).resolve() in own


def _scan_source(source: str, run: ScanRun, out: Collected) -> None:
    """Scan every location of one source into ``out``; nothing here raises for bad data."""
    shown = redact_source(source)
    report = run.report
    report(ProgressEvent("source", shown))
    opened = discover(source, run, out)
    if opened is None:
        return
    connector, discovered = opened
    with connector:
        for i, loc in enumerate(discovered, 1):
            fingerprint = run.fingerprint(connector, loc)
            if carry_over(shown, loc, fingerprint, run, out, (i, len(discovered))):
                continue
            report(ProgressEvent("location", shown, loc.name, i, total=len(discovered)))
            try:
                read = read_location(connector, loc, run.settings, run.detectors)
            except Exception as exc:
                exc = as_connector_error(exc)
                out.errors.append(ScanError(shown, loc.name, str(exc)))
                run.failed(shown, loc.name)
                report(
                    ProgressEvent(
                        "error", shown, loc.name, i, total=len(discovered), detail=str(exc)
                    )
                )
                if isinstance(exc, FatalSourceError):
                    return  # the connection is gone: the other tables cannot be read either
                continue
            out.add(shown, loc, read, run)
            run.finished(shown, loc, fingerprint, read)
            report(ProgressEvent("done", shown, loc.name, i, read.rows, total=len(discovered)))


def carry_over(
    shown: str,
    loc: Location,
    fingerprint: str | None,
    run: ScanRun,
    out: Collected,
    position: tuple[int, int],
) -> bool:
    """Add an earlier scan's read of ``loc`` to ``out`` when the location has not changed
    since (recording it as reused, reporting it at ``position``, (index, total)); False when
    it must be read."""
    carried = run.carried_over(shown, loc, fingerprint)
    if carried is None:
        return False
    earlier, scan_id = carried
    out.add(shown, loc, earlier, run, reused=True)
    run.finished(shown, loc, fingerprint, earlier, reused_from=scan_id)
    index, total = position
    run.report(ProgressEvent("reused", shown, loc.name, index, total=total))
    return True


def read_location(
    connector: Connector, loc: Location, settings: ScanSettings, detectors: DetectorRegistry
) -> LocationRead:
    """Read one location and judge its fields. Raises :class:`ConnectorError` when it
    cannot be read."""
    with _connector_warnings() as warned:
        evidence, rows, binary, fields = _scan_location(connector, loc, settings, detectors)
    return LocationRead(
        verdicts=tuple(evidence.verdicts(loc.name, settings.scoring)),
        rows=rows,
        binary=tuple(binary),
        warnings=tuple(warned),
        fields=tuple(fields),
    )


def _scan_location(
    connector: Connector,
    loc: Location,
    settings: ScanSettings,
    detectors: DetectorRegistry,
) -> tuple[FieldEvidence, int, list[str], list[str]]:
    """Read one location batch by batch and gather its evidence: (evidence, rows read,
    binary fields skipped, fields read)."""
    evidence = FieldEvidence()
    fields: dict[str, None] = {}  # an ordered set
    rows = 0
    skipped: list[str] = []
    seen_sampled: set[str] = set()  # fields already judged by sample-only detectors (NER)
    limit = None if settings.full else settings.sample_rows
    selection = settings.selection
    for batch in connector.read(loc, limit):
        rows += batch.num_rows
        for name in binary_fields(batch):
            if name not in skipped and selection.wants_field(loc.name, name):
                skipped.append(name)
        for f in fields_from_batch(batch):
            if selection.narrows and not selection.wants_field(loc.name, f.name):
                continue
            fields[f.name] = None
            first_look = f.name not in seen_sampled
            if len(f.values):
                seen_sampled.add(f.name)
            if not first_look:
                f = replace(f, max_validated=LATER_BATCH_MAX_VALIDATED)
            found = detectors.analyze(f, include_sample_only=first_look)
            evidence.add(f.name, found, read=len(f.values))
        if limit is not None and rows >= limit:
            break
    return evidence, rows, skipped, list(fields)


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _connector_warnings() -> Iterator[list[str]]:
    """Collect what connectors log as warnings (rows skipped in a CSV, lines that are not
    JSON) while one location is read, so the report shows them as notes. Connectors never
    put values in these messages."""
    handler = _ListHandler()
    logger = logging.getLogger("connectors")
    logger.addHandler(handler)
    propagate = logger.propagate
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _finding_order(f: Finding) -> tuple:
    return (Status.ORDER.index(f.status), f.source, f.location, f.field, f.category)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")

"""Running one ``piiscan scan`` as the command line settled it: the scan, its reports, the
findings store, the exit code, and what the user sees on standard error meanwhile.

The click command (:mod:`scanner.cli`) builds a :class:`ScanJob` from the options and the
config file; :func:`run_scan` does the rest on top of :func:`scanner.api.scan`.
"""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from scanner.api import ScanSettings
    from scanner.findings_store import FindingsStore
    from scanner.model import ScanResult
    from scanner.progress_display import JsonLogProgress, TerminalProgress

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_FAIL_ON = 3
EXIT_PARTIAL = 4

FAIL_ON = {
    "never": (),
    "undeclared": ("undeclared", "not_in_policy"),
    "not-in-policy": ("not_in_policy",),
    # Compared with the previous scan in the findings store (see _new_alerts).
    "new-undeclared": ("undeclared", "not_in_policy"),
}


@dataclass(frozen=True)
class ScanJob:
    """One ``piiscan scan`` as the options and the config file settle it."""

    sources: list[str]
    policy: str | None
    datamap: str | None
    settings: ScanSettings
    fmt: str = "markdown"
    output: str | None = None
    fail_on: str = "never"
    quiet: bool = False
    #: Findings store URL; None for the default one.
    store: str | None = None
    use_store: bool = True
    full_rescan: bool = False
    log_format: str = "text"
    #: Reports every scan writes besides ``output``: (format, path template) from the
    #: config file's ``outputs``, rendered by :meth:`ScanConfig.report_targets`.
    config: Any = None


def run_scan(job: ScanJob) -> int:
    """Run a scan, write its reports, record it in the findings store and return the exit
    code."""
    from reports import render
    from scanner.api import scan as run
    from scanner.errors import PiiscanError
    from scanner.findings_store import StoreError

    for target in _report_paths(job):
        if problem := _unwritable(target):
            _error(job, f"cannot write the report to {target}: {problem}")
            return EXIT_USAGE
    progress = _progress(job)
    store = None

    def scan_into(store: FindingsStore | None) -> ScanResult:
        return run(
            job.sources,
            policy=job.policy,
            datamap=job.datamap,
            settings=job.settings,
            progress=progress,
            store=store,
            full_rescan=job.full_rescan,
        )

    try:
        store = _open_store(job)
        try:
            result = scan_into(store)
        except StoreError as exc:
            # The store refused the scan before anything was read. Only the default store
            # may be done without: one the user named is there for a reason.
            if store is None or job.store is not None or job.fail_on == "new-undeclared":
                raise
            _tell(job, f"Warning: {exc}; the scan is not recorded", level="warning")
            store.close()
            store = None
            result = scan_into(None)
        alerts = _new_alerts(store, result) if job.fail_on == "new-undeclared" else None
    except PiiscanError as exc:
        _error(job, str(exc))
        return EXIT_USAGE
    finally:
        if progress is not None:
            progress.close()
        if store is not None:
            store.close()
    text = render(result, job.fmt)
    if job.output:
        try:
            Path(job.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            _error(job, f"cannot write the report to {job.output}: {exc.strerror}")
            return EXIT_USAGE
        _tell(job, f"Report written to {job.output}")
    elif not (job.config is not None and job.config.outputs):
        # With the config's outputs the report has a place to go: standard output stays
        # empty, so cron mails nothing on a clean run.
        click.echo(text.rstrip("\n"))
    try:
        _write_config_outputs(job, result)
    except OSError as exc:
        _error(
            job, f"cannot write a report of the config's outputs: {exc.strerror} ({exc.filename})"
        )
        return EXIT_USAGE
    if not job.quiet:
        _summary(job, result, store)
    if job.settings.selection.include and len(result.unmatched_includes) == len(
        job.settings.selection.include
    ):
        # Nothing the user asked for was read: a clean report would be a false all-clear.
        _error(
            job,
            "no table, file or field matched --include "
            + " ".join(repr(p) for p in result.unmatched_includes)
            + " (patterns match LOCATION or LOCATION.FIELD, case-insensitively)",
        )
        return EXIT_USAGE
    if any(e.login_refused for e in result.errors):
        # A wrong password is the job's configuration, not a flaky store: say so as exit 2.
        return EXIT_USAGE
    if alerts is not None:
        if alerts:
            return EXIT_FAIL_ON
    elif any(f.status in FAIL_ON[job.fail_on] for f in result.findings):
        return EXIT_FAIL_ON
    if result.errors:
        return EXIT_PARTIAL
    return EXIT_OK


def _unwritable(path: Path) -> str | None:
    """Why a report cannot be written to ``path``, checked before a long scan; None if it can."""

    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        return f"the directory {parent} does not exist (create it or choose another -o)"
    if path.is_dir():
        return "it is a directory (give a file name)"
    if not os.access(path if path.exists() else parent, os.W_OK):
        return "permission denied (choose another -o)"
    return None


def _progress(job: ScanJob) -> TerminalProgress | JsonLogProgress | None:
    """A bar on a terminal, JSON lines with ``--log-format json``, else nothing (a pipe or
    a file: cron mails and CI logs stay clean)."""
    from scanner.progress_display import JsonLogProgress, TerminalProgress

    if job.quiet:
        return None
    if job.log_format == "json":
        return JsonLogProgress(sys.stderr)
    return TerminalProgress(sys.stderr) if sys.stderr.isatty() else None


def _open_store(job: ScanJob) -> FindingsStore | None:
    """The findings store the scan is recorded in. An explicit store that cannot be opened
    is an error; the default one only a warning (the scan goes on without history)."""
    from scanner.findings_store import FindingsStore, StoreError, same_store_as_source

    if not job.use_store:
        return None
    if job.store is not None:
        from connectors.source_url import redact_source

        if scanned := same_store_as_source(job.store, job.sources):
            raise StoreError(
                f"the findings store is the scanned source {redact_source(scanned)}",
                hint="a scan never writes to a store it scans: give --store another database",
            )
        return FindingsStore.open(job.store)
    try:
        return FindingsStore.open()
    except StoreError as exc:
        if job.fail_on == "new-undeclared":
            raise
        _tell(job, f"Warning: {exc}; the scan is not recorded", level="warning")
        return None


def _new_alerts(store: FindingsStore | None, result: ScanResult) -> tuple[Any, ...]:
    """Findings of ``result`` that are undeclared or not_in_policy and were not so in the
    previous finished scan of the store (all such findings when there is none)."""
    from scanner.model import ScanState, ScanSummary
    from scanner.scan_diff import diff_scans

    scan = result.scan
    previous = []
    if store is not None:
        # The same sources' previous run: a store shared by several jobs holds others too.
        previous = [i for i in store.latest_finished(2, sources=scan.sources) if i != scan.id]
    if not previous:
        return tuple(f for f in result.findings if f.status in FAIL_ON["new-undeclared"])
    assert store is not None
    old = previous[0]
    new = ScanSummary(
        id=scan.id,
        started_at=scan.started_at,
        finished_at=scan.finished_at,
        state=ScanState.FINISHED,
        sources=scan.sources,
        full=scan.full,
        locations_scanned=scan.locations_scanned,
        locations_reused=scan.locations_reused,
        errors=len(result.errors),
    )
    return diff_scans(
        store.summary(old),
        store.findings(old),
        store.errors(old),
        new,
        result.findings,
        result.errors,
    ).alerts


def _report_paths(job: ScanJob) -> list[Path]:
    """Every file the scan will write a report to, checked before it starts (the config's
    outputs with their placeholders filled as they would be now, folders created)."""
    paths = [Path(job.output)] if job.output else []
    if job.config is not None:
        from datetime import datetime

        for target in job.config.report_targets(datetime.now().astimezone(), "scan-id"):
            with suppress(OSError):  # _unwritable says why
                target.path.parent.mkdir(parents=True, exist_ok=True)
            paths.append(target.path)
    return paths


def _write_config_outputs(job: ScanJob, result: ScanResult) -> None:
    """The reports the config file's ``outputs`` ask for, folders created as needed."""
    if job.config is None:
        return
    from datetime import datetime

    from reports import render

    when = datetime.fromisoformat(result.scan.started_at).astimezone()
    for target in job.config.report_targets(when, result.scan.id):
        target.path.parent.mkdir(parents=True, exist_ok=True)
        target.path.write_text(render(result, target.format), encoding="utf-8")
        _tell(job, f"Report written to {target.path}")


def _tell(job: ScanJob, message: str, *, level: str = "info") -> None:
    """A line for the user on standard error (a JSON record with --log-format json)."""
    if job.quiet and level == "info":
        return
    if job.log_format == "json":
        from scanner.progress_display import JsonLogProgress

        JsonLogProgress(sys.stderr).emit(level, {"event": "message", "message": message})
    else:
        click.echo(message, err=True)


def _error(job: ScanJob, message: str) -> None:
    report_error(message, job.log_format)


def report_error(message: str, log_format: str) -> None:
    """An error on standard error: ``Error: ...``, or a JSON record with --log-format json."""
    if log_format == "json":
        from scanner.progress_display import JsonLogProgress

        JsonLogProgress(sys.stderr).emit("error", {"event": "error", "message": message})
    else:
        click.echo(f"Error: {message}", err=True)


def _summary(job: ScanJob, result: ScanResult, store: FindingsStore | None) -> None:
    from scanner.model import count_by_status

    counts = {k: n for k, n in count_by_status(result.findings).items() if n}
    scan = result.scan
    if job.log_format == "json":
        from scanner.progress_display import JsonLogProgress

        JsonLogProgress(sys.stderr).emit(
            "info",
            {
                "event": "summary",
                "scan_id": scan.id,
                "findings": counts,
                "locations": scan.locations_scanned,
                "locations_reused": scan.locations_reused,
                "errors": len(result.errors),
                "store": store.shown if store else None,
            },
        )
        return
    parts = [f"{n} {status}" for status, n in counts.items()]
    line = f"{len(result.findings)} findings ({', '.join(parts) or 'none'})"
    if result.errors:
        line += f", {len(result.errors)} location(s) could not be read"
    click.echo(line, err=True)
    if store is not None:
        reused = f", {scan.locations_reused} unchanged and reused" if scan.locations_reused else ""
        click.echo(
            f"Recorded as scan {scan.id[:8]} in {store.shown} ({scan.locations_scanned} "
            f"locations{reused}); `piiscan history`, `piiscan diff` read it",
            err=True,
        )

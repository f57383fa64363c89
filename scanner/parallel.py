"""Scanning locations side by side: in local worker processes (``--workers N``) or on a Dask
distributed cluster (``--scheduler ADDRESS``).

The parent lists every source's locations, then hands each location to an executor; a worker
opens the source itself (one connection per worker and location, never shared across
processes), reads and judges the location, and sends back plain verdicts. The parent holds
them against the policy, so findings, errors and notes are the same as from a serial scan.
Each worker loads its own NER model, on first need. Dask workers need piiscan installed and
the sources reachable under the same URLs and paths.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass

from connectors.base import FatalSourceError, Location
from connectors.registry import ConnectorRegistry
from connectors.source_url import is_database_url, redact_source
from detectors.registry import DetectorRegistry
from scanner.api import (
    Collected,
    LocationRead,
    ProgressEvent,
    ScanRun,
    ScanSettings,
    as_connector_error,
    carry_over,
    discover,
    read_location,
)
from scanner.errors import UsageError
from scanner.model import ScanError

#: Seconds to wait for a Dask scheduler to answer.
DASK_CONNECT_TIMEOUT_S = 10


@dataclass(frozen=True)
class LocationFailure:
    """A location a worker could not read: the error's text (no values, no password) and
    whether the whole source is gone."""

    error: str
    fatal: bool


def read_in_worker(
    source: str,
    loc: Location,
    settings: ScanSettings,
    connectors: ConnectorRegistry,
    detectors: DetectorRegistry,
) -> LocationRead | LocationFailure:
    """Run in a worker process: open ``source``, read ``loc``, close."""
    try:
        with connectors.open(source) as connector:
            return read_location(connector, loc, settings, detectors)
    except Exception as exc:
        failure = as_connector_error(exc)
        return LocationFailure(str(failure), isinstance(failure, FatalSourceError))


def _check_paths_reach_workers(sources: Sequence[str]) -> None:
    """Dask workers run elsewhere, in another directory: a relative path means nothing there."""
    relative = [s for s in sources if not is_database_url(s) and not os.path.isabs(s)]
    if relative:
        raise UsageError(
            "with --scheduler, file sources must be absolute paths that the Dask workers can "
            f"read: {', '.join(repr(s) for s in relative)}",
            hint='give them as absolute paths, e.g. "$PWD/exports"',
        )


@contextmanager
def _executor(settings: ScanSettings, jobs: int) -> Iterator[Executor]:
    """The Dask cluster's executor when ``settings.scheduler`` names one, else a pool of
    local processes."""
    if settings.scheduler:
        from distributed import Client

        try:
            client = Client(settings.scheduler, timeout=DASK_CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError) as exc:
            raise UsageError(
                f"cannot reach the Dask scheduler at {settings.scheduler} ({type(exc).__name__})",
                hint="check the address (tcp://host:8786) and that the scheduler is running",
            ) from exc
        try:
            with client.get_executor(pure=False) as pool:
                yield pool
        finally:
            client.close()
        return
    # forkserver: workers start from a clean interpreter, not a fork of one that may hold
    # Arrow's or spaCy's threads and locks.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(min(settings.workers, jobs), mp_context=context) as pool:
        yield pool


def scan_in_workers(sources: Sequence[str], run: ScanRun, out: Collected) -> None:
    """Scan every location of every source with ``run.settings.workers`` processes into
    ``out``."""
    report, settings = run.report, run.settings
    if settings.scheduler:
        _check_paths_reach_workers(sources)
    jobs: list[tuple[str, Location]] = []
    fingerprints: dict[tuple[str, Location], str | None] = {}
    for source in sources:
        shown = redact_source(source)
        report(ProgressEvent("source", shown))
        opened = discover(source, run, out)
        if opened is None:
            continue
        connector, found = opened
        # Fingerprints are cheap: taken here, so an unchanged location never reaches a worker.
        with connector:
            for i, loc in enumerate(found, 1):
                fingerprint = run.fingerprint(connector, loc)
                if carry_over(shown, loc, fingerprint, run, out, (i, len(found))):
                    continue
                fingerprints[(source, loc)] = fingerprint
                jobs.append((source, loc))
    if not jobs:
        return
    with _executor(settings, len(jobs)) as pool:
        pending: dict[Future[LocationRead | LocationFailure], tuple[str, Location]] = {
            pool.submit(read_in_worker, source, loc, settings, run.connectors, run.detectors): (
                source,
                loc,
            )
            for source, loc in jobs
        }
        broken: set[str] = set()  # sources whose connection failed: their rest is cancelled
        for done, future in enumerate(as_completed(pending), 1):
            source, loc = pending[future]
            shown = redact_source(source)
            if future.cancelled():
                continue
            try:
                read = future.result()
            except BrokenProcessPool:
                # The worker died (killed for memory, or crashed in a library): this location
                # and those still queued in the pool are errors; the rest stands.
                read = LocationFailure(
                    "the worker process reading it died (out of memory, or a crash in a "
                    "library) (scan it alone, without --workers, or leave it out with "
                    "--exclude)",
                    fatal=False,
                )
            if isinstance(read, LocationFailure):
                out.errors.append(ScanError(shown, loc.name, read.error))
                run.failed(shown, loc.name)
                report(
                    ProgressEvent(
                        "error", shown, loc.name, done, total=len(jobs), detail=read.error
                    )
                )
                if read.fatal and source not in broken:
                    broken.add(source)
                    for other, (other_source, _) in pending.items():
                        if other_source == source:
                            other.cancel()
                continue
            out.add(shown, loc, read, run)
            run.finished(shown, loc, fingerprints[(source, loc)], read)
            report(ProgressEvent("done", shown, loc.name, done, read.rows, total=len(jobs)))

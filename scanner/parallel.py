"""Scanning locations side by side in worker processes (``--workers N``).

The parent lists every source's locations, then hands each location to a process pool; a
worker opens the source itself (one connection per worker and location, never shared across
processes), reads and judges the location, and sends back plain verdicts. The parent holds
them against the policy, so findings, errors and notes are the same as from a serial scan.
Each worker loads its own NER model, on first need.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from connectors.base import ConnectorError, FatalSourceError, Location
from connectors.registry import ConnectorRegistry
from connectors.source_url import redact_source
from detectors.registry import DetectorRegistry
from scanner.api import (
    Collected,
    LocationRead,
    ProgressEvent,
    ScanRun,
    ScanSettings,
    discover,
    read_location,
)
from scanner.model import ScanError


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
    except ConnectorError as exc:
        return LocationFailure(str(exc), isinstance(exc, FatalSourceError))


def scan_in_workers(sources: Sequence[str], run: ScanRun, out: Collected) -> None:
    """Scan every location of every source with ``run.settings.workers`` processes into
    ``out``."""
    report, settings = run.report, run.settings
    jobs: list[tuple[str, Location]] = []
    for source in sources:
        report(ProgressEvent("source", redact_source(source)))
        opened = discover(source, run, out)
        if opened is None:
            continue
        connector, found = opened
        connector.close()
        jobs.extend((source, loc) for loc in found)
    if not jobs:
        return
    # forkserver: workers start from a clean interpreter, not a fork of one that may hold
    # Arrow's or spaCy's threads and locks.
    context = multiprocessing.get_context("forkserver")
    workers = min(settings.workers, len(jobs))
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
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
            read = future.result()
            if isinstance(read, LocationFailure):
                out.errors.append(ScanError(shown, loc.name, read.error))
                report(ProgressEvent("error", shown, loc.name, done, total=len(jobs)))
                if read.fatal and source not in broken:
                    broken.add(source)
                    for other, (other_source, _) in pending.items():
                        if other_source == source:
                            other.cancel()
                continue
            out.add(shown, loc, read, run)
            report(ProgressEvent("done", shown, loc.name, done, read.rows, total=len(jobs)))

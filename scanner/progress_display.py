"""How a scan's progress is shown: a bar on a terminal, JSON lines for log collectors.

Both are :data:`scanner.api.ProgressCallback` s built by the CLI; the library reports
:class:`scanner.api.ProgressEvent` s and never prints.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from scanner.api import ProgressEvent

BAR_WIDTH = 24


class TerminalProgress:
    """A bar redrawn in place while locations are read::

        [##########--------------]  5/12 exports  logs/access.log  4.2s

    and, once the scan is over, a line per source (locations read, reused and failed, rows,
    time). Tallies are kept per source, so scans in worker processes, whose locations finish
    in any order, are counted right. Only for a terminal: it rewrites the line with carriage
    returns."""

    def __init__(self, out: TextIO, clock: Callable[[], float] = time.monotonic):
        self._out = out
        self._clock = clock
        self._started = clock()
        self._tallies: dict[str, _SourceTally] = {}
        self._drawn = False

    def __call__(self, event: ProgressEvent) -> None:
        tally = self._tallies.setdefault(event.source, _SourceTally(self._clock()))
        if event.kind == "source":
            self._draw(event.source, 0, 0, "listing locations")
        elif event.kind == "location":
            self._draw(event.source, event.index - 1, event.total, event.location or "")
        elif event.kind in ("done", "reused", "error"):
            tally.count(event.kind, event.rows, self._clock())
            self._draw(event.source, event.index, event.total, event.location or "")

    def close(self) -> None:
        """Replace the bar with a line per source; call once the scan is over."""
        if self._drawn:
            width = shutil.get_terminal_size((100, 20)).columns - 1
            self._out.write("\r" + " " * width + "\r")
        for source, tally in self._tallies.items():
            self._out.write(f"{source}: {tally.summary()}\n")
        self._out.flush()
        self._tallies.clear()
        self._drawn = False

    def _draw(self, source: str, done: int, total: int, current: str) -> None:
        filled = BAR_WIDTH * done // total if total else 0
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        took = self._clock() - self._started
        line = f"[{bar}] {done:>3}/{total:<3} {source}  {current}  {took:.1f}s"
        width = shutil.get_terminal_size((100, 20)).columns - 1
        self._out.write("\r" + _fit(line, width).ljust(width))
        self._out.flush()
        self._drawn = True


class _SourceTally:
    """What happened to one source's locations so far."""

    def __init__(self, started: float):
        self.started = self.last = started
        self.counts = {"done": 0, "reused": 0, "error": 0}
        self.rows = 0

    def count(self, kind: str, rows: int, now: float) -> None:
        self.counts[kind] += 1
        self.rows += rows
        self.last = now

    def summary(self) -> str:
        parts = [f"{self.counts['done']} read"]
        if self.counts["reused"]:
            parts.append(f"{self.counts['reused']} unchanged (reused)")
        if self.counts["error"]:
            parts.append(f"{self.counts['error']} could not be read")
        return f"{', '.join(parts)}, {self.rows:,} rows, {self.last - self.started:.1f}s"


class JsonLogProgress:
    """One JSON object per line for each event (``--log-format json``), for log collectors:
    ``{"time", "level", "event", "source", "location", "index", "total", "rows", "error"}``.
    Locations and sources are shown as the report shows them (passwords redacted); errors
    as the report words them (what and what to do, never a value); no values."""

    def __init__(self, out: TextIO):
        self._out = out

    def __call__(self, event: ProgressEvent) -> None:
        record: dict[str, Any] = {"event": event.kind, "source": event.source}
        if event.location is not None:
            record.update(location=event.location, index=event.index, total=event.total)
        if event.kind == "done":
            record["rows"] = event.rows
        if event.detail:
            record["error"] = event.detail
        self.emit("warning" if event.kind == "error" else "info", record)

    def emit(self, level: str, record: dict[str, Any]) -> None:
        """Write one log record (used for the scan's summary and errors too)."""
        line = {"time": datetime.now(UTC).isoformat(timespec="milliseconds"), "level": level}
        line.update(record)
        self._out.write(json.dumps(line, ensure_ascii=False) + "\n")
        self._out.flush()

    def close(self) -> None:
        """Nothing to finish: every record is already a whole line."""


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"

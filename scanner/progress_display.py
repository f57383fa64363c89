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
    """One line per source, redrawn in place while its locations are read::

        [##########--------------]  5/12 exports  logs/access.log  4.2s

    and left behind as a summary once the source is done (locations read, reused and
    failed, rows, time). Only for a terminal: it rewrites the line with carriage returns."""

    def __init__(self, out: TextIO, clock: Callable[[], float] = time.monotonic):
        self._out = out
        self._clock = clock
        self._source: str | None = None
        self._started = 0.0
        self._counts = {"done": 0, "reused": 0, "error": 0}
        self._rows = 0
        self._drawn = False

    def __call__(self, event: ProgressEvent) -> None:
        if event.kind == "source":
            self._close_source()
            self._source, self._started = event.source, self._clock()
            self._counts = dict.fromkeys(self._counts, 0)
            self._rows = 0
            self._draw(0, 0, "listing locations")
        elif event.kind == "location":
            self._draw(event.index - 1, event.total, event.location or "")
        elif event.kind in self._counts:
            self._counts[event.kind] += 1
            self._rows += event.rows
            self._draw(event.index, event.total, event.location or "")

    def close(self) -> None:
        """Leave the last source's summary line; call once the scan is over."""
        self._close_source()

    def _draw(self, done: int, total: int, current: str) -> None:
        filled = BAR_WIDTH * done // total if total else 0
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        took = self._clock() - self._started
        line = f"[{bar}] {done:>3}/{total:<3} {self._source}  {current}  {took:.1f}s"
        width = shutil.get_terminal_size((100, 20)).columns - 1
        self._out.write("\r" + _fit(line, width).ljust(width))
        self._out.flush()
        self._drawn = True

    def _close_source(self) -> None:
        if self._source is None:
            return
        took = self._clock() - self._started
        parts = [f"{self._counts['done']} read"]
        if self._counts["reused"]:
            parts.append(f"{self._counts['reused']} unchanged (reused)")
        if self._counts["error"]:
            parts.append(f"{self._counts['error']} could not be read")
        line = f"{self._source}: {', '.join(parts)}, {self._rows:,} rows, {took:.1f}s"
        if self._drawn:
            width = shutil.get_terminal_size((100, 20)).columns - 1
            self._out.write("\r" + " " * width + "\r")
        self._out.write(line + "\n")
        self._out.flush()
        self._source, self._drawn = None, False


class JsonLogProgress:
    """One JSON object per line for each event (``--log-format json``), for log collectors:
    ``{"time", "level", "event", "source", "location", "index", "total", "rows"}``. Locations
    and sources are shown as the report shows them (passwords redacted); no values."""

    def __init__(self, out: TextIO):
        self._out = out

    def __call__(self, event: ProgressEvent) -> None:
        record: dict[str, Any] = {"event": event.kind, "source": event.source}
        if event.location is not None:
            record.update(location=event.location, index=event.index, total=event.total)
        if event.kind == "done":
            record["rows"] = event.rows
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

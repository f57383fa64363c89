"""The scan history (``piiscan history``): one line per scan the findings store recorded.

Markdown: a table with the scan id's first 8 characters, when it started (UTC, to the second),
how long it ran, how it ended (an interrupted or still running scan is shown in bold, with a
note that its findings are partial), its sources, locations read / reused from an earlier
scan, errors, and findings by status. JSON: a list of objects, one per scan, with full ids::

    [{"id", "started_at", "finished_at", "state", "duration_s", "sources": [...], "full",
      "locations_scanned", "locations_reused", "errors",
      "counts": {"not_in_policy", "undeclared", "declared", "covered"}}]

Scans are listed in the order given (the store lists newest first). Keys are only ever added.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from reports.markdown_report import _code, _table
from scanner.errors import UsageError
from scanner.model import ScanState, ScanSummary, Status
from scanner.taxonomy import did_you_mean

FORMATS = ("markdown", "json")

#: How many characters of a scan id identify it to a person (as git does with commits).
ID_PREFIX = 8

_HEADERS = (
    "scan", "started (UTC)", "took", "state", "sources", "locations read / reused", "errors",
    "findings",
)  # fmt: skip
_SOURCES_SHOWN = 2


def render_history(scans: Sequence[ScanSummary], fmt: str) -> str:
    """The history in format ``fmt`` (one of :data:`FORMATS`), ending in a newline. Raises
    :class:`UsageError` for an unknown format."""
    if fmt == "markdown":
        return _markdown(scans)
    if fmt == "json":
        return json.dumps([summary_to_dict(s) for s in scans], indent=2, ensure_ascii=False) + "\n"
    raise unknown_format(fmt, FORMATS)


def summary_to_dict(scan: ScanSummary) -> dict[str, Any]:
    """One scan as JSON-ready data (full id; counts for every status, 0 when none)."""
    return {
        "id": scan.id,
        "started_at": scan.started_at,
        "finished_at": scan.finished_at,
        "state": scan.state,
        "duration_s": scan.duration_s,
        "sources": list(scan.sources),
        "full": scan.full,
        "locations_scanned": scan.locations_scanned,
        "locations_reused": scan.locations_reused,
        "errors": scan.errors,
        "counts": {**dict.fromkeys(Status.ORDER, 0), **scan.counts},
    }


def short_id(scan_id: str) -> str:
    """The first :data:`ID_PREFIX` characters of a scan id, as inline code."""
    return _code(scan_id[:ID_PREFIX])


def utc_seconds(timestamp: str) -> str:
    """An ISO 8601 timestamp as ``2024-05-01 10:00:07`` in UTC (a timestamp without an
    offset is taken as UTC, which is how the store writes them); the text as given when it
    is not ISO 8601."""
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return " ".join(timestamp.split())
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def status_counts(counts: dict[str, int]) -> str:
    """Findings by status, most urgent first, leaving out zeros: ``"2 not_in_policy,
    3 undeclared, 10 declared"``; ``"none"`` when there are none."""
    ordered = {s: counts.get(s, 0) for s in Status.ORDER} | counts
    return ", ".join(f"{n:,} {s}" for s, n in ordered.items() if n) or "none"


def unknown_format(fmt: str, formats: Sequence[str]) -> UsageError:
    """The error for a format that is not one of ``formats``, with a suggestion."""
    hint = f"{did_you_mean(fmt, formats)} formats: {', '.join(formats)}".strip()
    return UsageError(f"unknown report format '{fmt}'", hint=hint)


def _markdown(scans: Sequence[ScanSummary]) -> str:
    out = ["# piiscan scan history", ""]
    if not scans:
        return "\n".join([*out, "No scans recorded.", ""])
    rows = [
        (
            short_id(s.id),
            utc_seconds(s.started_at),
            _duration(s),
            _state(s.state),
            _sources(s.sources),
            f"{s.locations_scanned - s.locations_reused:,} / {s.locations_reused:,}",
            f"{s.errors:,}",
            status_counts(s.counts),
        )
        for s in scans
    ]
    noun = "scan" if len(scans) == 1 else "scans"
    out += [f"{len(scans)} {noun}, as recorded in the findings store.", ""]
    out += [*_table(_HEADERS, rows), ""]
    states = {s.state for s in scans}
    if ScanState.RUNNING in states:
        out += [
            "A **running** scan has not finished, or was killed before it could say so: its "
            "findings cover only the locations it has reached.",
            "",
        ]
    if ScanState.INTERRUPTED in states:
        out += [
            "An **interrupted** scan stopped before it finished: its findings cover only the "
            "locations it reached.",
            "",
        ]
    return "\n".join(out)


def _state(state: str) -> str:
    # Anything but a clean finish is in bold: its counts are partial.
    return state if state == ScanState.FINISHED else f"**{' '.join(state.split())}**"


def _duration(scan: ScanSummary) -> str:
    seconds = scan.duration_s
    if seconds is None:
        return "—"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m"
    if minutes:
        return f"{minutes}m {secs:02d}s"
    return f"{secs}s"


def _sources(sources: Sequence[str]) -> str:
    # Source names are long URLs; a nightly config with many would make the table unreadable.
    shown = ", ".join(_code(s) for s in sources[:_SOURCES_SHOWN]) or "—"
    more = len(sources) - _SOURCES_SHOWN
    return f"{shown} +{more} more" if more > 0 else shown

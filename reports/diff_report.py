"""The diff report (``piiscan diff``): what changed between two scans, for people and tools.

Markdown (to paste into a ticket): a heading naming both scans, a one-line summary, then a
table per non-empty section: "Needs attention" (the alerts: findings that became undeclared or
not in the policy), "New", "Changed", "Removed" and "Not re-checked" (findings the newer scan
could not confirm because it could not read their location). The alerts are also listed
under New or Changed, so that each section is complete and matches the summary's counts.
"No changes." when there is nothing to report.

JSON (``diff_schema_version`` "1.0"; keys are only ever added)::

    {"diff_schema_version": "1.0",
     "old_scan": {...}, "new_scan": {...},       # as in the history report (full ids)
     "summary": {"new", "alerts", "removed", "changed", "not_rechecked"},   # counts
     "alerts": [finding], "new_findings": [finding], "removed": [finding],
     "changed": [{"old": finding, "new": finding, "changes": ["status declared -> undeclared"]}],
     "not_rechecked": [finding]}

A finding is serialised exactly as in the JSON report (``reports.json_report``); lists are
ordered most urgent first. Nothing is added beyond what the findings hold (their examples are
already masked).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from reports.history_report import (
    short_id,
    status_counts,
    summary_to_dict,
    unknown_format,
    utc_seconds,
)
from reports.json_report import finding_to_dict
from reports.markdown_report import _code, _table
from scanner.model import Finding, ScanState, ScanSummary
from scanner.scan_diff import ATTENTION_STATUSES, FindingChange, ScanDiff

FORMATS = ("markdown", "json")
DIFF_SCHEMA_VERSION = "1.0"

_FINDING_HEADERS = ("status", "source", "location", "field", "category", "conf.")


def render_diff(diff: ScanDiff, fmt: str) -> str:
    """The diff in format ``fmt`` (one of :data:`FORMATS`), ending in a newline. Raises
    :class:`UsageError` for an unknown format."""
    if fmt == "markdown":
        return _markdown(diff)
    if fmt == "json":
        return json.dumps(diff_to_dict(diff), indent=2, ensure_ascii=False) + "\n"
    raise unknown_format(fmt, FORMATS)


def diff_to_dict(diff: ScanDiff) -> dict[str, Any]:
    """The diff as plain JSON-ready data, in the documented shape."""
    alerts = diff.alerts
    return {
        "diff_schema_version": DIFF_SCHEMA_VERSION,
        "old_scan": summary_to_dict(diff.old),
        "new_scan": summary_to_dict(diff.new),
        "summary": {
            "new": len(diff.new_findings),
            "alerts": len(alerts),
            "removed": len(diff.removed),
            "changed": len(diff.changed),
            "not_rechecked": len(diff.not_rechecked),
        },
        "alerts": [finding_to_dict(f) for f in alerts],
        "new_findings": [finding_to_dict(f) for f in diff.new_findings],
        "removed": [finding_to_dict(f) for f in diff.removed],
        "changed": [
            {"old": finding_to_dict(c.old), "new": finding_to_dict(c.new), "changes": [*c.changes]}
            for c in diff.changed
        ],
        "not_rechecked": [finding_to_dict(f) for f in diff.not_rechecked],
    }


def _markdown(diff: ScanDiff) -> str:
    out = [f"# piiscan diff: {_scan(diff.old)} → {_scan(diff.new)}", ""]
    out += _unfinished(diff.old, "older") + _unfinished(diff.new, "newer")
    if diff.is_empty:
        return "\n".join([*out, "No changes.", ""])
    alerts = diff.alerts
    was = {c.new.key: c.old.status for c in diff.changed}
    worse = sum(f.key in was for f in alerts)  # alerts are new findings or changed ones
    out += [
        f"**{len(diff.new_findings)} new{_attention(len(alerts) - worse)}; "
        f"{len(diff.removed)} removed; {len(diff.changed)} changed{_attention(worse)}; "
        f"{len(diff.not_rechecked)} not re-checked.**",
        "",
        f"Findings now: {status_counts(diff.new.counts)}.",
        "",
    ]
    out += _section(
        "Needs attention",
        "Now undeclared or not in the policy, and not so in the older scan.",
        [(*_row(f), f"was {was[f.key]}" if f.key in was else "new") for f in alerts],
        extra="since",
    )
    out += _section("New", "", [_row(f) for f in diff.new_findings])
    out += _section(
        "Changed",
        "Status, purposes or retention differ, or confidence or matches moved by more than "
        "sampling jitter.",
        [(*_row(c.new), _changes(c)) for c in diff.changed],
        extra="what changed",
    )
    out += _section("Removed", "", [_row(f) for f in diff.removed])
    out += _section(
        "Not re-checked (location could not be read)",
        "Found by the older scan where the newer one could not read (or did not look): "
        "they may still be there.",
        [_row(f) for f in diff.not_rechecked],
    )
    return "\n".join(out)


def _attention(n: int) -> str:
    if not n:
        return ""
    return f", of which {n} {'needs' if n == 1 else 'need'} attention"


def _scan(scan: ScanSummary) -> str:
    return f"{short_id(scan.id)} ({utc_seconds(scan.started_at)} UTC)"


def _unfinished(scan: ScanSummary, which: str) -> list[str]:
    # A partial scan makes everything it did not reach look removed or new; say so up front.
    if scan.state == ScanState.FINISHED:
        return []
    return [
        f"**Warning**: the {which} scan {short_id(scan.id)} is {' '.join(scan.state.split())}, "
        "not finished: findings at locations it did not reach show as removed or new.",
        "",
    ]


def _section(
    title: str, meaning: str, rows: Sequence[Sequence[str]], *, extra: str = ""
) -> list[str]:
    if not rows:
        return []
    headers = (*_FINDING_HEADERS, extra) if extra else _FINDING_HEADERS
    explained = [meaning, ""] if meaning else []
    return [f"## {title} ({len(rows)})", "", *explained, *_table(headers, rows), ""]


def _row(f: Finding) -> tuple[str, ...]:
    return (
        f"**{f.status}**" if f.status in ATTENTION_STATUSES else _plain(f.status),
        _code(f.source),
        _code(f.location),
        _code(f.field),
        _plain(f.category),
        f"{f.confidence:.2f}",
    )


def _changes(change: FindingChange) -> str:
    return "; ".join(_plain(c) for c in change.changes)


def _plain(text: str) -> str:
    # Policy keys and our own wording: one line, nothing that starts HTML. Pipes are left to
    # the table, which escapes them once (escaping here too would undo it).
    return " ".join(text.split()).replace("\\", "\\\\").replace("<", "\\<")

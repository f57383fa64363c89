"""The CSV report: one finding per row, for spreadsheets and quick ``grep``/``awk`` work.

Columns: source, location, field, category, status, confidence, matches, scanned, purposes
(``"; "``-joined fideslang data uses), retention_rule, max_age_days (empty: no fixed limit or
no rule), detectors (``"name (kind)"``, ``"; "``-joined), examples (masked, ``"; "``-joined),
matches_estimated (``true`` when matches was extrapolated), reused (``true`` when carried over
from an earlier scan of the unchanged location); new columns go last, so that columns read by
position before them stay where they were.
Rows are in report order (status, then source, location, field, category).

Field and location names come from the scanned stores, so a cell that a spreadsheet would run
as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) is prefixed
with ``'``. Tools that need the exact values should read the JSON report.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TextIO

from scanner.model import Finding, ScanResult, sorted_findings

COLUMNS = (
    "source",
    "location",
    "field",
    "category",
    "status",
    "confidence",
    "matches",
    "scanned",
    "purposes",
    "retention_rule",
    "max_age_days",
    "detectors",
    "examples",
    "matches_estimated",
    "reused",
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _row(f: Finding) -> list[str]:
    return [
        _cell(v)
        for v in (
            f.source,
            f.location,
            f.field,
            f.category,
            f.status,
            f"{f.confidence:.4g}",
            f.matches,
            f.scanned,
            "; ".join(f.purposes),
            f.retention.rule if f.retention else "",
            f.retention.max_age_days if f.retention else None,
            "; ".join(f"{d.detector} ({d.kind})" for d in f.detectors),
            "; ".join(f.examples),
            "true" if f.estimated else "false",
            "true" if f.reused else "false",
        )
    ]


def render_csv(result: ScanResult) -> str:
    """The report as CSV text with a header row (``\\r\\n`` line ends, as RFC 4180 says)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)
    writer.writerows(_row(f) for f in sorted_findings(result.findings))
    return buf.getvalue()


def write_csv(result: ScanResult, out: str | Path | TextIO) -> None:
    """Write the report to a path or an open text file (opened with ``newline=""``)."""
    text = render_csv(result)
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    else:
        out.write(text)

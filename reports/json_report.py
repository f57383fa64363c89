"""The JSON report: the serialised :class:`scanner.model.ScanResult` that other tools read.

Shape (``schema_version`` "1.0"; keys are only ever added, never renamed or removed)::

    {"schema_version": "1.0",
     "scan": {"id", "started_at", "finished_at", "tool_version", "policy", "sources": [...],
              "datamap", "sample_rows", "full", "locations_scanned",
              "locations_reused"},
     "findings": [{"source", "location", "field", "category", "confidence", "matches",
                   "matches_estimated", "scanned", "status", "purposes": [...],
                   "retention": {"rule", "max_age_days", "basis"} | null,
                   "detectors": [{"detector", "kind", "detail"}], "examples": [...],
                   "reused"}],
     "errors": [{"source", "location", "error"}],
     "notes": [{"source", "location", "note"}]}

Findings are sorted by status (not_in_policy, undeclared, declared, covered), then source,
location, field and category. Examples are copied as the detectors masked them. ``reused`` is
true for a finding carried over from an earlier scan because its location had not changed
(see the findings store); ``locations_reused`` counts those locations.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from scanner.model import REPORT_SCHEMA_VERSION, Finding, ScanResult, sorted_findings


def finding_to_dict(f: Finding) -> dict[str, Any]:
    """One finding in the report's shape (the ``findings`` items above); also used by the
    diff report, so a finding reads the same everywhere."""
    return {
        "source": f.source,
        "location": f.location,
        "field": f.field,
        "category": f.category,
        "confidence": f.confidence,
        "matches": f.matches,
        "matches_estimated": f.estimated,
        "scanned": f.scanned,
        "status": f.status,
        "purposes": list(f.purposes),
        "retention": (
            None
            if f.retention is None
            else {
                "rule": f.retention.rule,
                "max_age_days": f.retention.max_age_days,
                "basis": f.retention.basis,
            }
        ),
        "detectors": [
            {"detector": d.detector, "kind": d.kind, "detail": d.detail} for d in f.detectors
        ],
        "examples": list(f.examples),
        "reused": f.reused,
    }


def to_dict(result: ScanResult) -> dict[str, Any]:
    """The report as plain JSON-ready data, in the documented shape."""
    s = result.scan
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "scan": {
            "id": s.id,
            "started_at": s.started_at,
            "finished_at": s.finished_at,
            "tool_version": s.tool_version,
            "policy": s.policy,
            "sources": list(s.sources),
            "datamap": s.datamap,
            "sample_rows": s.sample_rows,
            "full": s.full,
            "locations_scanned": s.locations_scanned,
            "locations_reused": s.locations_reused,
        },
        "findings": [finding_to_dict(f) for f in sorted_findings(result.findings)],
        "errors": [
            {"source": e.source, "location": e.location, "error": e.error} for e in result.errors
        ],
        "notes": [
            {"source": n.source, "location": n.location, "note": n.note} for n in result.notes
        ],
    }


def render_json(result: ScanResult, *, indent: int | None = 2) -> str:
    """The report as JSON text (UTF-8 characters kept as they are), ending in a newline."""
    return json.dumps(to_dict(result), indent=indent, ensure_ascii=False) + "\n"


def write_json(result: ScanResult, out: str | Path | TextIO, *, indent: int | None = 2) -> None:
    """Write the report to a path or an open text file."""
    text = render_json(result, indent=indent)
    if isinstance(out, str | Path):
        Path(out).write_text(text, encoding="utf-8")
    else:
        out.write(text)

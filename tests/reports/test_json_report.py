from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from reports.json_report import render_json, to_dict, write_json
from scanner.model import ScanResult, Status

FINDING_KEYS = {
    "source",
    "location",
    "field",
    "category",
    "confidence",
    "matches",
    "matches_estimated",
    "scanned",
    "status",
    "purposes",
    "retention",
    "detectors",
    "examples",
    "reused",
}


def test_round_trips_with_the_documented_keys(result: ScanResult) -> None:
    doc = json.loads(render_json(result))
    assert doc == to_dict(result)
    assert set(doc) == {"schema_version", "scan", "findings", "errors", "notes"}
    assert doc["schema_version"] == "1.0"
    assert set(doc["scan"]) == {
        "id",
        "started_at",
        "finished_at",
        "tool_version",
        "policy",
        "sources",
        "datamap",
        "sample_rows",
        "full",
        "locations_scanned",
        "locations_reused",
    }
    assert doc["scan"]["sources"] == ["postgresql://app:***@db/shop", "/srv/logs"]
    assert doc["scan"]["sample_rows"] == 10_000 and doc["scan"]["full"] is False
    for f in doc["findings"]:
        assert set(f) == FINDING_KEYS
        for d in f["detectors"]:
            assert set(d) == {"detector", "kind", "detail"}
    assert doc["errors"] == [
        {
            "source": "postgresql://app:***@db/shop",
            "location": "public.audit",
            "error": "permission denied for table audit (grant SELECT to the scanning role)",
        }
    ]
    assert doc["notes"] == [
        {"source": "/srv/logs", "location": "/srv/logs/app.bin", "note": "binary file skipped"}
    ]


def test_findings_in_status_order(result: ScanResult) -> None:
    doc = to_dict(result)
    assert [f["status"] for f in doc["findings"]] == list(Status.ORDER)


def test_retention_shape(result: ScanResult) -> None:
    by_status = {f["status"]: f for f in to_dict(result)["findings"]}
    assert by_status[Status.NOT_IN_POLICY]["retention"] is None
    assert by_status[Status.NOT_IN_POLICY]["purposes"] == []
    assert by_status[Status.UNDECLARED]["retention"] == {
        "rule": "cookies_and_online_identifiers",
        "max_age_days": 1095,
        "basis": "We may keep data linked to cookies and other online identifiers up to three "
        "years.",
    }
    assert by_status[Status.COVERED]["retention"]["max_age_days"] is None
    assert by_status[Status.COVERED]["purposes"] == [
        "essential.service.notifications.email",
        "analytics.reporting",
    ]


def test_examples_are_copied_not_added(result: ScanResult, raw_values: tuple[str, ...]) -> None:
    given = {f.key: list(f.examples) for f in result.findings}
    for f in to_dict(result)["findings"]:
        assert f["examples"] == given[(f["source"], f["location"], f["field"], f["category"])]
    text = render_json(result)
    assert not any(raw in text for raw in raw_values)


def test_write_json(result: ScanResult, tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    write_json(result, path)
    assert json.loads(path.read_text(encoding="utf-8"))["scan"]["id"] == "scan-0001"


def test_estimated_counts_are_flagged(result: ScanResult) -> None:
    estimated = dataclasses.replace(result.findings[0], estimated=True)
    doc = to_dict(dataclasses.replace(result, findings=(estimated,)))
    assert doc["findings"][0]["matches_estimated"] is True
    assert all(f["matches_estimated"] is False for f in to_dict(result)["findings"])

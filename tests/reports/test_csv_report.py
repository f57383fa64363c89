from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

from reports.csv_report import COLUMNS, render_csv, write_csv
from scanner.model import ScanResult, Status


def rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


def test_one_row_per_finding_in_status_order(result: ScanResult) -> None:
    out = rows(render_csv(result))
    assert [r["status"] for r in out] == list(Status.ORDER)
    phone, ip, _name, email = out
    assert phone["category"] == "user.contact.phone_number"
    assert (phone["retention_rule"], phone["max_age_days"], phone["purposes"]) == ("", "", "")
    assert (ip["retention_rule"], ip["max_age_days"]) == ("cookies_and_online_identifiers", "1095")
    assert email["purposes"] == "essential.service.notifications.email; analytics.reporting"
    assert email["detectors"] == "email (pattern); email (column_name)"
    assert (email["confidence"], email["matches"], email["scanned"]) == ("0.98", "980", "1000")
    assert email["max_age_days"] == ""  # no fixed limit
    assert phone["confidence"] == "0.875"


def test_examples_are_copied_not_added(result: ScanResult, raw_values: tuple[str, ...]) -> None:
    text = render_csv(result)
    given = {f.key: "; ".join(f.examples) for f in result.findings}
    for r in rows(text):
        assert (
            r["examples"].lstrip("'")
            == given[(r["source"], r["location"], r["field"], r["category"])]
        )
    assert not any(raw in text for raw in raw_values)


def test_formula_like_cells_are_defused(result: ScanResult) -> None:
    evil = dataclasses.replace(result.findings[0], field='=HYPERLINK("http://x")')
    out = rows(render_csv(dataclasses.replace(result, findings=(evil,))))
    assert out[0]["field"] == '\'=HYPERLINK("http://x")'


def test_write_csv(result: ScanResult, tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    write_csv(result, path)
    with open(path, encoding="utf-8", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == len(result.findings)


def test_estimated_counts_are_flagged_in_the_last_column(result: ScanResult) -> None:
    estimated = dataclasses.replace(result.findings[0], estimated=True)
    (row,) = rows(render_csv(dataclasses.replace(result, findings=(estimated,))))
    assert row["matches_estimated"] == "true"
    assert {r["matches_estimated"] for r in rows(render_csv(result))} == {"false"}


def test_reused_findings_are_flagged_in_the_last_column(result: ScanResult) -> None:
    reused = dataclasses.replace(result.findings[0], reused=True)
    (row,) = rows(render_csv(dataclasses.replace(result, findings=(reused,))))
    assert list(row)[-1] == "reused" and row["reused"] == "true"
    assert {r["reused"] for r in rows(render_csv(result))} == {"false"}

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from reports.diff_report import render_diff
from reports.json_report import finding_to_dict
from scanner.errors import UsageError
from scanner.model import Finding, Retention, ScanError, ScanState, ScanSummary, Status
from scanner.scan_diff import ScanDiff, diff_scans
from tests.reports.markdown_tables import tables

DB = "postgresql://app:***@db/shop"
AS_LONG = Retention("as_long_as_needed", None, "As long as we need it.")
OLD_ID = "0123456789abcdef0123456789abcdef"
NEW_ID = "fedcba9876543210fedcba9876543210"

#: The value the masked example was made from; no report may contain it.
RAW_EMAIL = "jane.doe@example.com"


def finding(location: str, field: str, category: str, status: str, **kw: object) -> Finding:
    values: dict[str, object] = dict(
        confidence=0.9, matches=1000, scanned=10_000, purposes=(), retention=AS_LONG,
        examples=("j***@example.com",),
    )  # fmt: skip
    values.update(kw)
    return Finding(DB, location, field, category, status=status, **values)


def summary(scan_id: str, started_at: str, **kw: object) -> ScanSummary:
    values: dict[str, object] = dict(
        finished_at=None if kw.get("state") == ScanState.RUNNING else "2024-05-02T02:05:00Z",
        state=ScanState.FINISHED, sources=(DB,), full=False, locations_scanned=4,
        locations_reused=0, errors=0, counts={Status.UNDECLARED: 2, Status.DECLARED: 1},
    )  # fmt: skip
    values.update(kw)
    return ScanSummary(scan_id, started_at, **values)


OLD = summary(OLD_ID, "2024-05-01T02:00:00Z", finished_at="2024-05-01T02:04:00Z")
NEW = summary(NEW_ID, "2024-05-02T04:00:00+02:00")

EMAIL = finding("public.users", "email", "user.contact.email", Status.DECLARED)
IP = finding("public.users", "last_ip", "user.device.ip_address", Status.UNDECLARED)
FAX = finding("public.users", "fax", "user.contact.phone_number", Status.DECLARED)
AUDIT = finding("public.audit", "who", "user.name", Status.DECLARED)
PHONE = finding("public.orders", "a|b", "user.contact.phone_number", Status.NOT_IN_POLICY)
NAME = finding("public.orders", "name", "user.name", Status.DECLARED)


@pytest.fixture
def diff() -> ScanDiff:
    """Every section filled: a new finding needing attention, a new declared one, a status
    that worsened, one removed and one that could not be re-checked."""
    return diff_scans(
        OLD,
        [EMAIL, IP, FAX, AUDIT],
        [],
        NEW,
        [dataclasses.replace(EMAIL, status=Status.UNDECLARED, matches=4410), IP, PHONE, NAME],
        [ScanError(DB, "public.audit", "permission denied for table audit")],
    )


def cells(line: str) -> list[str]:
    """A table row's cells, split as GFM does: on pipes that are not escaped."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]


def section(text: str, title: str) -> str:
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else len(text)]


# --- Markdown --------------------------------------------------------------------------------


def test_markdown_heading_and_summary(diff: ScanDiff) -> None:
    text = render_diff(diff, "markdown")
    first = text.splitlines()[0]
    # Id prefixes, start times in UTC (the newer one was given in +02:00).
    assert first == (
        "# piiscan diff: `01234567` (2024-05-01 02:00:00 UTC) → "
        "`fedcba98` (2024-05-02 02:00:00 UTC)"
    )
    assert OLD_ID not in text and NEW_ID not in text
    assert (
        "**2 new, of which 1 needs attention; 1 removed; 1 changed, of which 1 needs attention; "
        "1 not re-checked.**"
    ) in text
    assert "Findings now: 2 undeclared, 1 declared." in text
    assert "Warning" not in text  # both scans finished


def test_markdown_sections_in_order_with_their_rows(diff: ScanDiff) -> None:
    text = render_diff(diff, "markdown")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Needs attention (2)",
        "## New (2)",
        "## Changed (1)",
        "## Removed (1)",
        "## Not re-checked (location could not be read) (1)",
    ]
    rows = {title: tables(section(text, title))[0][2:] for title in ("Needs", "New", "Changed")}
    assert [cells(r)[3] for r in rows["Needs"]] == ["`a\\|b`", "`email`"]  # most urgent first
    assert [cells(r)[-1] for r in rows["Needs"]] == ["new", "was declared"]
    assert cells(rows["New"][0])[:6] == [
        "**not_in_policy**",
        f"`{DB}`",
        "`public.orders`",
        "`a\\|b`",
        "user.contact.phone_number",
        "0.90",
    ]
    assert cells(rows["New"][1])[0] == "declared"
    assert cells(rows["Changed"][0])[-1] == (
        "status declared -> undeclared; matches 1,000 -> 4,410"
    )
    assert "`fax`" in section(text, "Removed") and "`fax`" not in section(text, "Not re-checked")
    assert "`who`" in section(text, "Not re-checked") and "`who`" not in section(text, "Removed")
    # The unchanged undeclared finding is in no section.
    assert "last_ip" not in text


def test_empty_sections_are_left_out() -> None:
    only_removed = diff_scans(OLD, [EMAIL, FAX], [], NEW, [EMAIL], [])
    text = render_diff(only_removed, "markdown")
    assert [line for line in text.splitlines() if line.startswith("## ")] == ["## Removed (1)"]
    assert "**0 new; 1 removed; 0 changed; 0 not re-checked.**" in text
    assert "No changes." not in text


def test_tables_paste_as_valid_markdown(diff: ScanDiff) -> None:
    text = render_diff(diff, "markdown")
    found = tables(text)
    assert len(found) == 5
    for table in found:
        width = len(cells(table[0]))
        assert all(len(cells(line)) == width for line in table), table
        assert re.fullmatch(r"\|(-+\|)+", table[1])
        assert len({len(line) for line in table}) == 1  # aligned as plain text too
    # A GFM parser sees the same: the field with a pipe stays one cell.
    markdown_it = pytest.importorskip("markdown_it")
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(text)
    assert html.count("<table>") == 5
    assert "<td><code>a|b</code></td>" in html
    for row in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S):
        assert row.count("<td>") in (0, 6, 7), row


def test_markdown_escapes_what_the_stores_and_policy_named(diff: ScanDiff) -> None:
    odd = finding("t`x", "<script>", "user.name", Status.UNDECLARED, purposes=("p|q",))
    change = dataclasses.replace(odd, status=Status.DECLARED, purposes=("<b>",))
    text = render_diff(diff_scans(OLD, [odd], [], NEW, [change], []), "markdown")
    row = tables(text)[0][2]
    assert "`<script>`" in row and "``t`x``" in row  # inside code spans: never rendered
    assert "purposes p\\|q -> \\<b>" in row
    assert len(cells(row)) == 7


def test_markdown_shows_no_examples(diff: ScanDiff) -> None:
    text = render_diff(diff, "markdown")
    assert "j***@example.com" not in text and RAW_EMAIL not in text


def test_empty_diff_says_no_changes() -> None:
    same = diff_scans(OLD, [EMAIL, IP], [], NEW, [EMAIL, IP], [])
    text = render_diff(same, "markdown")
    assert text.endswith("No changes.\n")
    assert "|" not in text and "## " not in text


def test_unfinished_scan_is_flagged() -> None:
    running = summary(NEW_ID, "2024-05-02T02:00:00Z", state=ScanState.RUNNING)
    text = render_diff(diff_scans(OLD, [EMAIL], [], running, [], []), "markdown")
    assert "**Warning**: the newer scan `fedcba98` is running, not finished" in text
    assert "## Removed (1)" in text


# --- JSON ------------------------------------------------------------------------------------


def test_json_round_trips_with_the_documented_keys(diff: ScanDiff) -> None:
    data = json.loads(render_diff(diff, "json"))
    assert list(data) == [
        "diff_schema_version",
        "old_scan",
        "new_scan",
        "summary",
        "alerts",
        "new_findings",
        "removed",
        "changed",
        "not_rechecked",
    ]
    assert data["diff_schema_version"] == "1.0"
    assert data["old_scan"]["id"] == OLD_ID and data["new_scan"]["id"] == NEW_ID
    assert data["new_scan"]["started_at"] == "2024-05-02T04:00:00+02:00"  # kept as stored
    assert data["summary"] == {
        "new": 2,
        "alerts": 2,
        "removed": 1,
        "changed": 1,
        "not_rechecked": 1,
    }
    assert [(f["field"], f["status"]) for f in data["alerts"]] == [
        ("a|b", Status.NOT_IN_POLICY),
        ("email", Status.UNDECLARED),
    ]
    assert [f["field"] for f in data["new_findings"]] == ["a|b", "name"]
    assert [f["field"] for f in data["removed"]] == ["fax"]
    assert [f["field"] for f in data["not_rechecked"]] == ["who"]
    (change,) = data["changed"]
    assert change["changes"] == ["status declared -> undeclared", "matches 1,000 -> 4,410"]
    assert (change["old"]["status"], change["new"]["status"]) == ("declared", "undeclared")


def test_json_findings_read_as_in_the_json_report(diff: ScanDiff) -> None:
    data = json.loads(render_diff(diff, "json"))
    assert data["removed"] == [finding_to_dict(FAX)]
    assert data["new_findings"][0] == finding_to_dict(PHONE)
    # Examples are copied as the detectors masked them; nothing else is added.
    assert data["removed"][0]["examples"] == ["j***@example.com"]
    assert RAW_EMAIL not in json.dumps(data)


def test_json_of_an_empty_diff() -> None:
    data = json.loads(render_diff(diff_scans(OLD, [EMAIL], [], NEW, [EMAIL], []), "json"))
    assert data["summary"] == dict.fromkeys(
        ("new", "alerts", "removed", "changed", "not_rechecked"), 0
    )
    assert data["alerts"] == data["changed"] == []


def test_unknown_format_is_a_usage_error(diff: ScanDiff) -> None:
    with pytest.raises(UsageError) as info:
        render_diff(diff, "markdwon")
    assert info.value.hint == "did you mean 'markdown'? formats: markdown, json"
    with pytest.raises(UsageError):
        render_diff(diff, "csv")

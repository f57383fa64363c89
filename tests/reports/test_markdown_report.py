from __future__ import annotations

import dataclasses
from pathlib import Path

from reports.markdown_report import render_markdown, write_markdown
from scanner.model import Retention, ScanResult
from tests.reports.markdown_tables import tables


def unwrap(text: str) -> str:
    """Join wrapped list items back into one line each."""
    return text.replace("\n  ", " ")


def test_most_urgent_statuses_come_first(result: ScanResult) -> None:
    text = render_markdown(result)
    headings = [line.split(" (")[0] for line in text.splitlines() if line.startswith("### ")]
    # Database section (not_in_policy, declared, covered), then the log section.
    assert headings == ["### not_in_policy", "### declared", "### covered", "### undeclared"]
    assert text.index("user.contact.phone_number") < text.index("user.contact.email")
    phone_row = next(line for line in text.splitlines() if "`phone`" in line)
    cells = [c.strip() for c in phone_row.split("|")[1:-1]]
    assert cells[:5] == [
        "`public.customers`",
        "`phone`",
        "user.contact.phone_number",
        "0.88",
        "7/8",
    ]
    assert cells[6:] == ["—", "—"]  # no retention, no purposes


def test_headlines_and_sections(result: ScanResult) -> None:
    source, logs = result.scan.sources
    text = render_markdown(result)
    assert text.startswith("# piiscan report\n")
    assert f"## `{source}`" in text and f"## `{logs}`" in text
    assert "**3 findings: 1 not_in_policy, 1 declared, 1 covered**" in text
    assert "**1 finding: 1 undeclared**" in text
    assert "built-in: Mattermost privacy policy (2019)" in text
    assert "up to 10,000 sampled rows per location" in text


def test_errors_and_notes_sections(result: ScanResult) -> None:
    source = result.scan.sources[0]
    text = render_markdown(result)
    errors = unwrap(text[text.index("## Errors") : text.index("## Notes")])
    assert (
        f"- `{source}` › `public.audit`: permission denied for table audit "
        "(grant SELECT to the scanning role)"
    ) in errors
    assert "binary file skipped" in text[text.index("## Notes") :]
    clean = render_markdown(dataclasses.replace(result, errors=(), notes=()))
    assert "## Errors\n\nNone" in clean


def test_legends_spell_out_purposes_and_retention(result: ScanResult) -> None:
    text = unwrap(render_markdown(result))
    assert "- **P1**: essential.service.operations.support" in text  # declared row comes first
    assert "essential.service.notifications.email, analytics.reporting" in text
    assert (
        "- **cookies_and_online_identifiers**, up to 1,095 days: “We may keep data linked to "
        "cookies and other online identifiers up to three years.”"
    ) in text
    assert "- **as_long_as_needed**, no fixed limit:" in text


def test_plain_text_friendly(result: ScanResult) -> None:
    text = render_markdown(result)
    assert "\x1b" not in text
    found = tables(text)
    assert len(found) == 4
    for table in found:
        assert len({len(line) for line in table}) == 1  # padded into aligned columns
    assert max(len(line) for line in text.splitlines()) <= 120
    # Long legend lines are wrapped as list-item continuations.
    assert "\n  to fulfill our Services.”" in text


def test_store_names_cannot_break_the_table(result: ScanResult) -> None:
    odd = dataclasses.replace(result.findings[0], field="a|b`<script>")
    text = render_markdown(dataclasses.replace(result, findings=(odd,)))
    row = next(line for line in text.splitlines() if "script" in line)
    assert "``a\\|b`<script>``" in row
    assert row.count(" | ") == 7  # eight columns: the escaped pipe does not split a cell


def test_retention_labels_fall_back_to_rule_ids(result: ScanResult) -> None:
    hold = Retention("litigation_hold", None, "We keep data during litigation.")
    extra = dataclasses.replace(result.findings[1], field="ip2", retention=hold)
    text = render_markdown(dataclasses.replace(result, findings=(*result.findings, extra)))
    # Two rules without a limit would both read "no limit"; their ids tell them apart.
    assert "| as_long_as_needed " in text and "| litigation_hold " in text
    assert "| 1,095 days " in text


def test_no_examples_and_no_raw_values(result: ScanResult, raw_values: tuple[str, ...]) -> None:
    text = render_markdown(result)
    assert not any(raw in text for raw in raw_values)
    assert not any(ex in text for f in result.findings for ex in f.examples)


def test_write_markdown(result: ScanResult, tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    write_markdown(result, path)
    assert path.read_text(encoding="utf-8") == render_markdown(result)


def test_estimated_counts_are_marked(result: ScanResult) -> None:
    estimated = dataclasses.replace(result.findings[0], estimated=True, matches=980, scanned=1000)
    text = render_markdown(dataclasses.replace(result, findings=(estimated,)))
    assert "~980/1,000" in text


def test_locations_carried_over_are_said_in_the_header(result: ScanResult) -> None:
    assert "unchanged since an earlier scan" not in render_markdown(result)
    scan = dataclasses.replace(result.scan, locations_scanned=5, locations_reused=3)
    text = render_markdown(dataclasses.replace(result, scan=scan))
    assert "5 locations (3 unchanged since an earlier scan" in text

from __future__ import annotations

import json
import re

import pytest

from reports.history_report import render_history
from scanner.errors import UsageError
from scanner.model import ScanState, ScanSummary, Status

DB = "postgresql://app:***@db/shop"
LOGS = "/srv/logs"
EXPORTS = "/srv/exports"


def scan(scan_id: str, started_at: str, finished_at: str | None, state: str, **kw: object):
    values: dict[str, object] = dict(
        sources=(DB,), full=False, locations_scanned=42, locations_reused=30, errors=0,
        counts={},
    )  # fmt: skip
    values.update(kw)
    return ScanSummary(scan_id, started_at, finished_at, state, **values)


FINISHED = scan(
    "a1b2c3d4e5f60718293a4b5c6d7e8f90",
    "2024-05-03T02:00:00.250000+00:00",
    "2024-05-03T02:03:07.250000+00:00",
    ScanState.FINISHED,
    errors=1,
    counts={Status.NOT_IN_POLICY: 2, Status.UNDECLARED: 3, Status.DECLARED: 10, Status.COVERED: 0},
)
RUNNING = scan(
    "ffff0000111122223333444455556666",
    "2024-05-04T04:00:00+02:00",
    None,
    ScanState.RUNNING,
    sources=(DB, LOGS, EXPORTS),
    locations_scanned=3,
    locations_reused=0,
)
INTERRUPTED = scan(
    "0000aaaa1111bbbb2222cccc3333dddd",
    "2024-05-02T02:00:00Z",
    None,
    ScanState.INTERRUPTED,
    sources=(DB, LOGS),
    counts={Status.DECLARED: 1_200},
)
LONG = scan(
    "1234567890abcdef1234567890abcdef",
    "2024-05-01T02:00:00Z",
    "2024-05-01T04:05:09Z",
    ScanState.FINISHED,
)


def rows(text: str) -> list[list[str]]:
    """The body rows of the one table in ``text``, as cells."""
    lines = [line for line in text.splitlines() if line.startswith("|")]
    assert re.fullmatch(r"\|(-+\|)+", lines[1])
    return [[c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines[2:]]


def test_markdown_table_one_row_per_scan_in_the_order_given() -> None:
    text = render_history([RUNNING, FINISHED, INTERRUPTED, LONG], "markdown")
    assert text.startswith("# piiscan scan history\n")
    assert "4 scans, as recorded in the findings store." in text
    table = rows(text)
    assert [r[0] for r in table] == ["`ffff0000`", "`a1b2c3d4`", "`0000aaaa`", "`12345678`"]
    assert table[1] == [
        "`a1b2c3d4`",
        "2024-05-03 02:00:00",
        "3m 07s",
        "finished",
        f"`{DB}`",
        "12 / 30",
        "1",
        "2 not_in_policy, 3 undeclared, 10 declared",
    ]
    assert FINISHED.id not in text  # prefixes only


def test_markdown_unfinished_scans_stand_out() -> None:
    text = render_history([RUNNING, INTERRUPTED], "markdown")
    running, interrupted = rows(text)
    # Started 04:00 at +02:00 is 02:00 UTC; no duration while unfinished.
    assert running[1:4] == ["2024-05-04 02:00:00", "—", "**running**"]
    assert interrupted[1:4] == ["2024-05-02 02:00:00", "—", "**interrupted**"]
    assert running[4] == f"`{DB}`, `{LOGS}` +1 more"
    assert running[7] == "none" and interrupted[7] == "1,200 declared"
    assert "A **running** scan has not finished" in text
    assert "An **interrupted** scan stopped before it finished" in text


def test_markdown_notes_only_for_states_present() -> None:
    text = render_history([FINISHED, LONG], "markdown")
    assert "**running**" not in text and "**interrupted**" not in text
    assert "scan has not finished" not in text and "scan stopped" not in text
    assert rows(text)[1][2] == "2h 05m"
    only_interrupted = render_history([INTERRUPTED], "markdown")
    assert "1 scan," in only_interrupted
    assert "interrupted** scan stopped" in only_interrupted
    assert "running** scan" not in only_interrupted


def test_markdown_table_is_aligned_and_escapes_pipes() -> None:
    odd = scan("id|with|pipes-and-more", "2024-05-01T00:00:00Z", None, ScanState.RUNNING,
               sources=("file:///a|b.csv",))  # fmt: skip
    text = render_history([odd, FINISHED], "markdown")
    lines = [line for line in text.splitlines() if line.startswith("|")]
    assert len({len(line) for line in lines}) == 1
    (first, _) = rows(text)
    assert first[0] == "`id\\|with\\|`" and first[4] == "`file:///a\\|b.csv`"
    assert len(first) == 8


def test_empty_history() -> None:
    text = render_history([], "markdown")
    assert text == "# piiscan scan history\n\nNo scans recorded.\n"
    assert json.loads(render_history([], "json")) == []


def test_json_lists_scans_with_full_ids() -> None:
    data = json.loads(render_history([RUNNING, FINISHED], "json"))
    assert [d["id"] for d in data] == [RUNNING.id, FINISHED.id]
    running, finished = data
    assert running == {
        "id": RUNNING.id,
        "started_at": "2024-05-04T04:00:00+02:00",
        "finished_at": None,
        "state": "running",
        "duration_s": None,
        "sources": [DB, LOGS, EXPORTS],
        "full": False,
        "locations_scanned": 3,
        "locations_reused": 0,
        "errors": 0,
        "counts": {"not_in_policy": 0, "undeclared": 0, "declared": 0, "covered": 0},
    }
    assert finished["duration_s"] == 187.0
    assert finished["counts"] == {
        "not_in_policy": 2,
        "undeclared": 3,
        "declared": 10,
        "covered": 0,
    }


def test_unknown_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError) as info:
        render_history([FINISHED], "jsn")
    assert info.value.hint == "did you mean 'json'? formats: markdown, json"

"""The terminal bar and the JSON log lines a scan's progress is shown as."""

from __future__ import annotations

import io
import json

from scanner.api import ProgressEvent
from scanner.progress_display import JsonLogProgress, TerminalProgress


def events() -> list[ProgressEvent]:
    return [
        ProgressEvent("source", "exports/"),
        ProgressEvent("reused", "exports/", "a.csv", 1, total=3),
        ProgressEvent("location", "exports/", "b.parquet", 2, total=3),
        ProgressEvent("done", "exports/", "b.parquet", 2, rows=1500, total=3),
        ProgressEvent("location", "exports/", "c.log", 3, total=3),
        ProgressEvent("error", "exports/", "c.log", 3, total=3),
        ProgressEvent("source", "sqlite:///shop.db"),
        ProgressEvent("location", "sqlite:///shop.db", "customers", 1, total=1),
        ProgressEvent("done", "sqlite:///shop.db", "customers", 1, rows=60, total=1),
    ]


def test_the_bar_is_redrawn_in_place_and_leaves_a_line_per_source() -> None:
    out = io.StringIO()
    ticks = iter(range(100))
    progress = TerminalProgress(out, clock=lambda: float(next(ticks)))
    for event in events():
        progress(event)
    progress.close()
    text = out.getvalue()
    kept = [line.rsplit("\r", 1)[-1] for line in text.split("\n") if line.strip()]
    assert kept[0].startswith("exports/: 1 read, 1 unchanged (reused), 1 could not be read")
    assert "1,500 rows" in kept[0]
    assert kept[1].startswith("sqlite:///shop.db: 1 read, 60 rows")
    assert "[################--------]   2/3   exports/" in text  # two of three done
    assert "[########################]   1/1   sqlite:///shop.db" in text


def test_sources_finishing_in_any_order_are_tallied_apart() -> None:
    out = io.StringIO()
    progress = TerminalProgress(out, clock=lambda: 0.0)
    for event in [
        ProgressEvent("source", "a/"),
        ProgressEvent("source", "b/"),
        ProgressEvent("done", "b/", "b/1.csv", 1, rows=5, total=3),
        ProgressEvent("done", "a/", "a/1.csv", 2, rows=7, total=3),
        ProgressEvent("reused", "b/", "b/2.csv", 3, total=3),
    ]:
        progress(event)
    progress.close()
    lines = out.getvalue().rsplit("\r", 1)[-1].splitlines()
    assert lines == [
        "a/: 1 read, 7 rows, 0.0s",
        "b/: 1 read, 1 unchanged (reused), 5 rows, 0.0s",
    ]


def test_json_logs_hold_one_record_per_event() -> None:
    out = io.StringIO()
    progress = JsonLogProgress(out)
    for event in events():
        progress(event)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(records) == len(events())
    assert [r["event"] for r in records[:3]] == ["source", "reused", "location"]
    assert records[3]["rows"] == 1500 and records[3]["location"] == "b.parquet"
    assert records[5]["level"] == "warning"
    assert all(r["time"].endswith("+00:00") for r in records)

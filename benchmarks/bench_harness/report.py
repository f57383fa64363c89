"""The results table, printed and written to ``benchmarks/results/performance.md``."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.bench_harness.measure import REPO, Timing


@dataclass(frozen=True)
class Row:
    """One line of the table: a timing with the data it covered and its reference points."""

    timing: Timing
    #: Decoded bytes the measurement covered (Arrow nbytes, or the log file's size).
    data_bytes: int
    #: Cells (rows x columns, or log lines) it covered.
    cells: int
    #: Seconds of the floor for the same store, if any.
    floor_seconds: float | None = None
    #: presidio's cells/s, if the row is compared with it.
    presidio_cells_per_s: float | None = None

    @property
    def clock(self) -> float:
        """The work's own clock when the child reports one, else the wall time."""
        t = self.timing
        return t.work_seconds if t.work_seconds is not None else t.seconds


def machine() -> str:
    """CPU model, cores and RAM of this machine."""
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    ram = "?"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("MemTotal:", 1)[1].split()[0])
        ram = f"{kib / 1024**2:.1f} GiB"
    return f"{model}, {os.cpu_count()} cores, {ram} RAM, Python {platform.python_version()}"


def commit() -> str:
    """The short commit of the working tree (with ``+dirty`` when it has changes)."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, check=False
        ).stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + ("+dirty" if git("status", "--porcelain", "--untracked-files=no") else "")


def _num(x: float | None, fmt: str) -> str:
    return "" if x is None else format(x, fmt)


def table(rows: list[Row]) -> str:
    """The results as a Markdown table."""
    head = (
        "| measurement | wall s | work s | MB/s | cells/s | x floor | vs presidio "
        "| peak RSS MiB |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    lines = []
    for r in rows:
        t = r.timing
        clock = r.clock
        mbps = r.data_bytes / 1e6 / clock if r.data_bytes and clock else None
        cps = r.cells / clock if r.cells and clock else None
        x_floor = clock / r.floor_seconds if r.floor_seconds else None
        vs = cps / r.presidio_cells_per_s if cps and r.presidio_cells_per_s else None
        lines.append(
            f"| {t.name} | {t.seconds:.2f} | {_num(t.work_seconds, '.2f')} | {_num(mbps, ',.1f')} "
            f"| {_num(cps, ',.0f')} | {_num(x_floor, '.1f')} | {_num(vs, '.0f')}"
            f"{'x' if vs else ''} | {_num(t.peak_rss_mib, ',.0f')} |"
        )
    return head + "\n".join(lines) + "\n"


def markdown_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], text_columns: int = 1
) -> str:
    """A Markdown table of already formatted cells; the first ``text_columns`` columns are
    left-aligned, the others (numbers) right-aligned."""
    align = ["---" if i < text_columns else "---:" for i in range(len(header))]
    lines = [header, align, *rows]
    return "".join("| " + " | ".join(cells) + " |\n" for cells in lines)


def progress(msg: str) -> None:
    """Progress on stderr, with the time."""
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

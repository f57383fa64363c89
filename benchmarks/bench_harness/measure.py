"""Clocks: the read floor in this process, everything else in a child process whose peak
RSS comes from ``os.wait4`` (per child, unlike ``RUSAGE_CHILDREN``, which keeps the largest
child so far).

Children start through a tiny launcher process: Linux carries the high-water RSS of the
address space a process exec()s from into its ``ru_maxrss``, so a child forked straight from
this process (which holds the tables) would report at least this process's size.
"""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

#: Single-threaded where the libraries let us: Arrow and BLAS-like pools read these.
SINGLE_THREAD_ENV = {"OMP_NUM_THREADS": "1", "OMP_THREAD_LIMIT": "1", "MKL_NUM_THREADS": "1"}
REPO = Path(__file__).resolve().parents[2]
#: Runs argv[2:], then writes "max RSS in KiB, wall seconds" of it to the file argv[1].
LAUNCHER = (
    "import os, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(p.pid, 0)\n"
    "t = time.perf_counter() - t\n"
    "open(sys.argv[1], 'w').write(f'{usage.ru_maxrss} {t}')\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


@dataclass(frozen=True)
class Timing:
    """Median wall seconds over the repeats, the median of the child's own clock (work only;
    ``None`` when the child reports none) and the largest peak RSS in MiB (``None`` in-process).
    """

    name: str
    seconds: float
    work_seconds: float | None
    peak_rss_mib: float | None
    detail: dict[str, object]


@dataclass(frozen=True)
class ChildRun:
    """One child process: wall seconds, peak RSS in MiB, its stdout."""

    seconds: float
    peak_rss_mib: float
    stdout: str


def run_child(argv: Sequence[str], timeout_s: float = 3600) -> ChildRun:
    """Run ``argv`` single-threaded and return its wall time, peak RSS and stdout."""
    env = os.environ | SINGLE_THREAD_ENV | {"PYTHONPATH": str(REPO)}
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as tmp,
    ):
        stats = Path(tmp) / "rusage"
        launcher = [sys.executable, "-c", LAUNCHER, str(stats), *argv]
        proc = subprocess.run(
            launcher, stdout=out, stderr=err, env=env, cwd=REPO, timeout=timeout_s
        )
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            tail = err.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"{list(argv[:4])} exited {proc.returncode}:\n{tail}")
        max_rss_kib, seconds = stats.read_text().split()
        return ChildRun(float(seconds), int(max_rss_kib) / 1024, out.read().decode())


def repeated_child(name: str, argv: Sequence[str], repeat: int) -> Timing:
    """Median of ``repeat`` child runs; the child's JSON (if any) goes into ``detail``."""
    runs = [run_child(argv) for _ in range(repeat)]
    details = [json.loads(r.stdout) if r.stdout.strip().startswith("{") else {} for r in runs]
    work = [float(d["seconds"]) for d in details if "seconds" in d]
    return Timing(
        name=name,
        seconds=statistics.median(r.seconds for r in runs),
        work_seconds=statistics.median(work) if work else None,
        peak_rss_mib=max(r.peak_rss_mib for r in runs),
        detail=details[-1],
    )


def repeated(name: str, work: Callable[[], object], repeat: int) -> Timing:
    """Median of ``repeat`` in-process calls of ``work``."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    return Timing(name, median, median, None, {})


def read_parquet(path: Path) -> None:
    """Decode the whole file into Arrow on one thread."""
    pq.read_table(path, use_threads=False)


def fetch_sqlite(path: Path, table: str) -> None:
    """Every row of ``table`` as Python tuples."""
    con = sqlite3.connect(path)
    try:
        con.execute(f"SELECT * FROM {table}").fetchall()
    finally:
        con.close()


def read_lines(path: Path) -> None:
    """Iterate the file as decoded text lines."""
    with path.open(encoding="utf-8", errors="replace") as f:
        for _ in f:
            pass


def read_bytes(path: Path, chunk: int = 1 << 20) -> None:
    """Read the file as raw bytes, 1 MiB at a time."""
    with path.open("rb") as f:
        while f.read(chunk):
            pass


def python_child(*args: str) -> list[str]:
    """``argv`` for a child of this interpreter running :mod:`benchmarks.bench_harness.child`."""
    return [sys.executable, "-m", "benchmarks.bench_harness.child", *args]

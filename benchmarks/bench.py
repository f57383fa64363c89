"""Throughput benchmark: piiscan against the cost of just reading the data, and against
presidio-analyzer.

    .venv/bin/python benchmarks/bench.py [--rows 1000000] [--log-mb 100] [--repeat 3]

Builds seeded data in a temporary folder (a Parquet table, the same rows in SQLite, a log
of nginx and key=value lines), then times, median of ``--repeat`` runs:

1. the floor: ``pyarrow.parquet.read_table(use_threads=False)``, a sqlite3 ``fetchall``,
   reading the log line by line and as raw bytes;
2. ``scanner.api.scan`` with ``ScanSettings(full=True)`` of each store, each in a child
   process (its peak RSS is reported, and a 10x smaller Parquet file is scanned to show it
   does not grow with the data); the same table split into 8 Parquet files scanned with
   ``--workers`` (default 2) processes; the default sampled scan of the Parquet file end to
   end through the CLI, and ``piiscan --help`` start-up;
3. presidio's ``BatchAnalyzerEngine.analyze_dict`` on a 2,000-row slice (same spaCy model),
   next to piiscan's full scan of that slice.

"work s" is the child's own clock around the scan (imports and model loading left out);
MB/s and cells/s use it. MB/s counts decoded data: the Arrow table's ``nbytes``, or the log's
size. Results go to ``benchmarks/results/performance.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shlex
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyarrow.parquet as pq

from benchmarks.bench_harness import data
from benchmarks.bench_harness.measure import (
    REPO,
    Timing,
    fetch_sqlite,
    python_child,
    read_bytes,
    read_lines,
    read_parquet,
    repeated,
    repeated_child,
)
from benchmarks.bench_harness.report import Row, commit, machine, table
from benchmarks.bench_harness.report import progress as log

RESULTS = REPO / "benchmarks" / "results" / "performance.md"
SQLITE_TABLE = "customers"
#: The table is also written as this many Parquet files, for the --workers measurement.
PARTS = 8


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=1_000_000, help="rows of the table")
    p.add_argument("--log-mb", type=float, default=100, help="size of the log file in MB")
    p.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--presidio-rows", type=int, default=2_000)
    p.add_argument("--workers", type=int, default=2, help="processes for the --workers run")
    p.add_argument("--output", type=Path, default=RESULTS, help="Markdown results file")
    return p.parse_args(argv)


def build(folder: Path, args: argparse.Namespace) -> dict[str, Path]:
    """Write every input into ``folder``."""
    started = time.perf_counter()
    full = data.people_table(args.rows, args.seed)
    paths = {
        "parquet": data.write_parquet(full, folder / "customers.parquet"),
        "parquet_small": data.write_parquet(
            full.slice(0, max(args.rows // 10, 1)), folder / "customers_small.parquet"
        ),
        "parquet_slice": data.write_parquet(
            full.slice(0, args.presidio_rows), folder / "customers_slice.parquet"
        ),
    }
    parts = folder / "customers_parts"
    parts.mkdir()
    step = -(-args.rows // PARTS)
    for i in range(PARTS):
        data.write_parquet(full.slice(i * step, step), parts / f"part-{i:02d}.parquet")
    paths["parquet_parts"] = parts
    log(f"parquet written ({time.perf_counter() - started:.1f} s)")
    paths["sqlite"] = data.write_sqlite(full, folder / "customers.db", SQLITE_TABLE)
    log(f"sqlite written ({time.perf_counter() - started:.1f} s)")
    paths["log"] = data.write_log(folder / "app.log", args.log_mb, args.seed)
    log(f"log written ({time.perf_counter() - started:.1f} s)")
    return paths


def count_lines(path: Path) -> int:
    """Lines in a file."""
    with path.open("rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))


def measure(paths: dict[str, Path], args: argparse.Namespace) -> list[Row]:
    """Every measurement, in the order of the table."""
    r = args.repeat
    piiscan = str(Path(sys.executable).parent / "piiscan")
    meta = pq.read_metadata(paths["parquet"])
    arrow = pq.read_table(paths["parquet"], use_threads=False)
    table_bytes, ncols = arrow.nbytes, arrow.num_columns
    cells = arrow.num_rows * ncols
    small = pq.read_table(paths["parquet_small"], use_threads=False)
    sliced = pq.read_table(paths["parquet_slice"], use_threads=False)
    del arrow
    log_bytes = paths["log"].stat().st_size
    log_lines = count_lines(paths["log"])
    log(f"table: {meta.num_rows:,} rows x {ncols} columns, {table_bytes / 1e6:.0f} MB decoded")
    log(f"log: {log_lines:,} lines, {log_bytes / 1e6:.0f} MB")

    def step(name: str, fn: object) -> Timing:
        log(f"measuring {name}")
        t = fn()  # type: ignore[operator]
        log(f"  {t.seconds:.2f} s wall, work {t.work_seconds}, rss {t.peak_rss_mib}")
        return t

    floor_pq = step(
        "floor parquet",
        lambda: repeated("floor: parquet read_table", lambda: read_parquet(paths["parquet"]), r),
    )
    floor_db = step(
        "floor sqlite",
        lambda: repeated(
            "floor: sqlite fetchall", lambda: fetch_sqlite(paths["sqlite"], SQLITE_TABLE), r
        ),
    )
    floor_lines = step(
        "floor log lines",
        lambda: repeated("floor: log line by line", lambda: read_lines(paths["log"]), r),
    )
    floor_bytes = step(
        "floor log bytes",
        lambda: repeated("floor: log raw bytes", lambda: read_bytes(paths["log"]), r),
    )
    presidio = step(
        "presidio",
        lambda: repeated_child(
            f"presidio analyze_dict, {sliced.num_rows:,} rows",
            python_child("presidio", str(paths["parquet"]), str(args.presidio_rows)),
            r,
        ),
    )
    presidio_cps = float(presidio.detail["cells"]) / (presidio.work_seconds or presidio.seconds)
    help_t = step(
        "--help", lambda: repeated_child("piiscan --help start-up", [piiscan, "--help"], r)
    )

    def scan_child(name: str, label: str, mode: str, source: str, workers: int = 1) -> Timing:
        argv = python_child("scan", mode, source, str(workers))
        return step(name, lambda: repeated_child(label, argv, r))

    full_pq = scan_child("full parquet", "piiscan full: parquet", "full", str(paths["parquet"]))
    full_small = scan_child(
        "full parquet small",
        f"piiscan full: parquet, {small.num_rows:,} rows (memory check)",
        "full",
        str(paths["parquet_small"]),
    )
    full_slice = scan_child(
        "full parquet slice",
        f"piiscan full: parquet, {sliced.num_rows:,} rows (presidio's slice)",
        "full",
        str(paths["parquet_slice"]),
    )
    full_parts = scan_child(
        "full parquet parts, workers",
        f"piiscan full --workers {args.workers}: the table as {PARTS} Parquet files",
        "full",
        str(paths["parquet_parts"]),
        args.workers,
    )
    full_db = scan_child(
        "full sqlite", "piiscan full: sqlite", "full", f"sqlite:///{paths['sqlite']}"
    )
    full_log = scan_child("full log", "piiscan full: log", "full", str(paths["log"]))
    sampled_api = scan_child(
        "sampled parquet api",
        "piiscan sampled (default, NER): parquet, scan only",
        "sampled",
        str(paths["parquet"]),
    )
    sampled_cli = step(
        "sampled parquet cli",
        lambda: repeated_child(
            "piiscan sampled CLI end to end: parquet",
            # --no-store: a recorded scan would carry the first run's findings into the next.
            [
                piiscan,
                "scan",
                str(paths["parquet"]),
                "--no-store",
                "-q",
                "--format",
                "json",
                "-o",
                "/dev/null",
            ],
            r,
        ),
    )

    pres = presidio_cps
    return [
        Row(floor_pq, table_bytes, cells),
        Row(floor_db, table_bytes, cells),
        Row(floor_lines, log_bytes, log_lines),
        Row(floor_bytes, log_bytes, log_lines),
        Row(full_pq, table_bytes, cells, floor_pq.seconds, pres),
        Row(full_small, small.nbytes, small.num_rows * ncols, None, pres),
        past_start_up(
            full_pq,
            full_small,
            small.num_rows,
            table_bytes - small.nbytes,
            (meta.num_rows - small.num_rows) * ncols,
            floor_pq.seconds * (table_bytes - small.nbytes) / table_bytes,
            pres,
        ),
        Row(full_parts, table_bytes, cells, floor_pq.seconds, pres),
        Row(full_db, table_bytes, cells, floor_db.seconds, pres),
        Row(full_log, log_bytes, log_lines, floor_lines.seconds, pres),
        # Sampled scans read 10,000 rows: cells/s over the whole table, no presidio ratio.
        Row(sampled_api, table_bytes, cells, floor_pq.seconds),
        Row(sampled_cli, table_bytes, cells, floor_pq.seconds),
        Row(full_slice, sliced.nbytes, sliced.num_rows * ncols, None, pres),
        Row(presidio, sliced.nbytes, sliced.num_rows * ncols, None, pres),
        Row(help_t, 0, 0),
    ]


def past_start_up(
    full: Timing,
    small: Timing,
    small_rows: int,
    data_bytes: int,
    cells: int,
    floor_s: float,
    presidio: float,
) -> Row:
    """Throughput after start-up: what the whole table's scan takes beyond the 10x smaller
    one's (both pay for imports, the model and each field's first batch), over the data it
    reads beyond it; ``floor_s`` is the floor's time for that much data."""
    timing = Timing(
        f"piiscan full: parquet past the first {small_rows:,} rows (the two rows above, "
        "subtracted)",
        seconds=full.seconds - small.seconds,
        work_seconds=(full.work_seconds or full.seconds) - (small.work_seconds or small.seconds),
        peak_rss_mib=None,
        detail={},
    )
    return Row(timing, data_bytes, cells, floor_s, presidio)


def page(rows: list[Row], args: argparse.Namespace, argv: list[str], build_s: float) -> str:
    """The Markdown results page."""
    command = shlex.join([".venv/bin/python", "benchmarks/bench.py", *argv])
    return (
        "# Performance\n\n"
        f"- date: {dt.date.today().isoformat()}, commit: {commit()}\n"
        f"- machine: {machine()}\n"
        f"- command: `{command}`\n"
        f"- data: {args.rows:,} rows x {len(data.COLUMNS)} columns (seed {args.seed}), "
        f"log {args.log_mb:g} MB; built in {build_s:.0f} s\n"
        f"- medians of {args.repeat} run(s); children run with OMP_NUM_THREADS=1. The machine "
        "may be shared: read the ratios, not the absolute numbers.\n\n"
        "Columns: *wall s* is the whole child process (start-up, imports, model loading); "
        "*work s* the child's own clock around the scan, on which MB/s (decoded: Arrow "
        "`nbytes`, or the log's size) and cells/s (rows x columns, or log lines) are computed; "
        "*x floor* is work s over the floor for the same store; *vs presidio* is cells/s over "
        "presidio's cells/s; *peak RSS* is the child's maximum resident set (for the "
        "--workers run, the parent's: each worker is a process of its own).\n\n" + table(rows)
    )


def main(argv: list[str] | None = None) -> None:
    """Build the data, measure, print the table and write the results page."""
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="piiscan-bench-") as tmp:
        started = time.perf_counter()
        paths = build(Path(tmp), args)
        build_s = time.perf_counter() - started
        rows = measure(paths, args)
    text = page(rows, args, argv, build_s)
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    log(f"written {args.output}")


if __name__ == "__main__":
    main()

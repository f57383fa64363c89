"""Memory benchmark: piiscan's peak RSS on a big log and on a Parquet file with one big row
group, next to the same kind of data a tenth the size or in small row groups.

    .venv/bin/python benchmarks/memory.py [--log-gb 2] [--row-group-mb 100] [--repeat 1]

Builds seeded data in a temporary folder, deleted afterwards (it refuses to start with less
than ``--min-free-gb`` free there; set TMPDIR to put it elsewhere):

- a mixed nginx/application log of ``--log-gb`` GB, written chunk by chunk, and one a tenth
  its size;
- a Parquet file whose single row group holds at least ``--row-group-mb`` MB of compressed
  column data, and the same rows in at least 8 row groups of at most 128k rows;
- a 1 MB log, for the footprint of the scanner itself (imports, policy, spaCy model).

Then runs ``piiscan scan --full`` and the default sampled ``piiscan scan`` of each in a child
process (OMP_NUM_THREADS=1, ``--no-store`` so that no run reuses an earlier one's findings),
and reports wall seconds, MB/s (the file's size over wall seconds) and the child's peak RSS.
MB and GB are 10**6 and 10**9 bytes; RSS is in MiB. Results go to
``benchmarks/results/memory.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shlex
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyarrow.parquet as pq

from benchmarks.bench_harness import data
from benchmarks.bench_harness.measure import REPO, Timing, repeated_child
from benchmarks.bench_harness.report import commit, machine, markdown_table, progress

RESULTS = REPO / "benchmarks" / "results" / "memory.md"
#: The comparison log is this many times smaller than the big one.
LOG_RATIO = 10
#: Size of the log that shows the scanner's own footprint.
BASELINE_LOG_MB = 1.0
#: Peak RSS may differ by this much between a big input and its small counterpart and still
#: count as bounded: allocator noise and per-batch buffers, nothing that scales with the data.
BOUND_MIB = 64.0
MODES = ("full", "sampled")
#: The comparison Parquet file has at least this many row groups (of at most 128k rows).
SMALL_GROUPS = 8


@dataclass(frozen=True)
class Input:
    """One file scanned: a short key, how the table names it, its path and size on disk."""

    key: str
    label: str
    path: Path
    size_bytes: int


@dataclass(frozen=True)
class Measurement:
    """One scan of one input: its timing, and from its JSON report the number of findings and
    the most values any field had examined (shows that a full scan read every row)."""

    input: Input
    mode: str
    timing: Timing
    findings: int
    most_scanned: int


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--log-gb", type=float, default=2.0, help="size of the big log in GB")
    p.add_argument(
        "--row-group-mb",
        type=float,
        default=100.0,
        help="least compressed size of the big Parquet row group in MB",
    )
    p.add_argument("--repeat", type=int, default=1, help="runs per scan (median wall time)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--min-free-gb",
        type=float,
        default=6.0,
        help="refuse to start with less free disk space than this in the temporary folder",
    )
    p.add_argument("--output", type=Path, default=RESULTS, help="Markdown results file")
    args = p.parse_args(argv)
    if args.log_gb <= 0 or args.row_group_mb <= 0 or args.repeat < 1:
        p.error("--log-gb and --row-group-mb must be positive, --repeat at least 1")
    return args


def check_free_space(folder: Path, args: argparse.Namespace) -> None:
    """Stop with a clear message when ``folder``'s disk has less than ``--min-free-gb`` free."""
    free = shutil.disk_usage(folder).free
    if free >= args.min_free_gb * 1e9:
        return
    planned = args.log_gb * (1 + 1 / LOG_RATIO) + 2 * args.row_group_mb / 1000
    raise SystemExit(
        f"memory benchmark: only {free / 1e9:.1f} GB free in {folder}, and it wants "
        f"{args.min_free_gb:g} GB free (it writes about {planned:.1f} GB there). Free some "
        "space, set TMPDIR to a folder on a bigger disk, or run it smaller "
        "(--log-gb 0.5 --row-group-mb 25 --min-free-gb 2)."
    )


def build(folder: Path, args: argparse.Namespace) -> tuple[list[Input], list[str]]:
    """Write every input into ``folder``; returns them with lines describing the Parquet
    files' row groups, read back from their metadata."""
    started = time.perf_counter()

    def written(key: str, label: str, path: Path) -> Input:
        progress(f"{label} written ({time.perf_counter() - started:.0f} s)")
        return Input(key, label, path, path.stat().st_size)

    big_mb, small_mb = args.log_gb * 1000, args.log_gb * 1000 / LOG_RATIO
    inputs = [
        written(
            "baseline",
            f"log, {BASELINE_LOG_MB:g} MB (the scanner's own footprint)",
            data.write_log(folder / "tiny.log", BASELINE_LOG_MB, args.seed),
        ),
        written(
            "log_small",
            f"log, {mb_text(small_mb)}",
            data.write_log(folder / "small.log", small_mb, args.seed),
        ),
        written(
            "log_big",
            f"log, {mb_text(big_mb)}",
            data.write_log(folder / "big.log", big_mb, args.seed),
        ),
    ]
    one_group = data.write_one_row_group(
        folder / "one_group.parquet", int(args.row_group_mb * 1e6), args.seed
    )
    rows = pq.read_table(one_group)
    # At least SMALL_GROUPS groups, so the comparison holds at any --row-group-mb, of even
    # size: a stub of a last group would leave the sampled scan's share of it short.
    group_rows = max(1, min(data.ROW_GROUP_ROWS, -(-rows.num_rows // SMALL_GROUPS)))
    groups = data.write_parquet(rows, folder / "small_groups.parquet", group_rows)
    del rows
    described = [row_groups_line(one_group), row_groups_line(groups)]
    for line in described:
        progress(line)
    one_mb = data.compressed_bytes(pq.read_metadata(one_group).row_group(0)) / 1e6
    inputs += [
        written("parquet_groups", f"Parquet, the same rows in {group_rows:,}-row groups", groups),
        written("parquet_one_group", f"Parquet, one row group of {one_mb:.0f} MB", one_group),
    ]
    return inputs, described


def mb_text(mb: float) -> str:
    """``2 GB`` or ``200 MB``."""
    return f"{mb / 1000:g} GB" if mb >= 1000 else f"{mb:g} MB"


def row_groups_line(path: Path) -> str:
    """The file's rows and row groups, with the largest group's compressed and uncompressed
    size, from its footer."""
    meta = pq.read_metadata(path)
    groups = [meta.row_group(i) for i in range(meta.num_row_groups)]
    largest = max(groups, key=data.compressed_bytes)
    return (
        f"{path.name}: {meta.num_rows:,} rows in {meta.num_row_groups} row group(s); the "
        f"largest has {largest.num_rows:,} rows, {data.compressed_bytes(largest) / 1e6:.1f} MB "
        f"of compressed column data ({largest.total_byte_size / 1e6:.1f} MB uncompressed)"
    )


def scan_argv(path: Path, mode: str) -> list[str]:
    """The CLI scan of ``path``, its JSON report on stdout."""
    piiscan = str(Path(sys.executable).parent / "piiscan")
    argv = [piiscan, "scan", str(path), "--no-store", "-q", "--format", "json"]
    return [*argv, "--full"] if mode == "full" else argv


def measure(inputs: list[Input], repeat: int) -> list[Measurement]:
    """Every input scanned full and sampled, each run in a child process of its own."""
    out = []
    for item in inputs:
        for mode in MODES:
            progress(f"scanning {item.label}, {mode}")
            timing = repeated_child(f"{mode}: {item.label}", scan_argv(item.path, mode), repeat)
            report = timing.detail
            if report.get("errors"):
                raise RuntimeError(f"the scan of {item.label} reported errors: {report['errors']}")
            findings = list(report.get("findings", []))  # type: ignore[call-overload]
            most = max((int(f["scanned"]) for f in findings), default=0)
            progress(f"  {timing.seconds:.1f} s, peak RSS {timing.peak_rss_mib:.0f} MiB")
            out.append(Measurement(item, mode, timing, len(findings), most))
    return out


def results_table(rows: list[Measurement]) -> str:
    """The measurements as a Markdown table."""
    header = (
        "scan",
        "input",
        "file MB",
        "wall s",
        "MB/s",
        "peak RSS MiB",
        "findings",
        "most values in a field",
    )
    cells = [
        (
            "`--full`" if m.mode == "full" else "sampled",
            m.input.label,
            f"{m.input.size_bytes / 1e6:,.1f}",
            f"{m.timing.seconds:.1f}",
            f"{m.input.size_bytes / 1e6 / m.timing.seconds:,.1f}",
            f"{m.timing.peak_rss_mib:,.0f}",
            f"{m.findings}",
            f"{m.most_scanned:,}",
        )
        for m in rows
    ]
    return markdown_table(header, cells, text_columns=2)


def claim(subject: str, rows: list[Measurement], big_key: str, small_key: str) -> str:
    """One line comparing the peak RSS of ``big_key``'s scans with ``small_key``'s."""
    by = {(m.input.key, m.mode): m for m in rows}
    parts = []
    bounded = True
    for mode in MODES:
        big, small = by[(big_key, mode)], by[(small_key, mode)]
        b, s = big.timing.peak_rss_mib or 0.0, small.timing.peak_rss_mib or 0.0
        bounded &= b - s <= BOUND_MIB
        flag = "`--full`" if mode == "full" else "sampled"
        parts.append(f"{flag} {b:,.0f} vs {s:,.0f} MiB ({b - s:+,.0f})")
    verdict = (
        f"bounded (within {BOUND_MIB:.0f} MiB)"
        if bounded
        else f"NOT bounded (grows by more than {BOUND_MIB:.0f} MiB)"
    )
    return f"- {subject}: {'; '.join(parts)}: {verdict}."


def page(
    rows: list[Measurement],
    described: list[str],
    args: argparse.Namespace,
    argv: list[str],
    build_s: float,
) -> str:
    """The Markdown results page."""
    command = shlex.join([".venv/bin/python", "benchmarks/memory.py", *argv])
    claims = [
        claim(
            f"Peak RSS of the {mb_text(args.log_gb * 1000)} log vs the "
            f"{mb_text(args.log_gb * 1000 / LOG_RATIO)} log",
            rows,
            "log_big",
            "log_small",
        ),
        claim(
            "Peak RSS of the Parquet file with one row group of at least "
            f"{args.row_group_mb:g} MB vs the same rows in small row groups",
            rows,
            "parquet_one_group",
            "parquet_groups",
        ),
    ]
    return (
        "# Memory\n\n"
        f"- date: {dt.date.today().isoformat()}, commit: {commit()}\n"
        f"- machine: {machine()}\n"
        f"- command: `{command}`\n"
        f"- data (seed {args.seed}, built in {build_s:.0f} s): logs of nginx access lines and "
        "key=value application lines, mixed; two Parquet files of the same rows:\n"
        + "".join(f"  - {line}\n" for line in described)
        + "- each scan: `piiscan scan FILE --no-store -q --format json` (with `--full`, or the "
        f"default sample of 10,000 rows) in a child process with OMP_NUM_THREADS=1, "
        f"{args.repeat} run(s): median wall time, largest peak RSS. The machine may be shared: "
        "read the comparisons, not the absolute times.\n\n"
        "Columns: *wall s* is the whole child process (start-up, imports and the spaCy model "
        "included); *MB/s* the file's size on disk over it (for a sampled scan, how fast a "
        "file that size is covered, not read); *peak RSS* the child's maximum resident set; "
        "*findings* and *most values in a field* come from the scan's JSON report (a full "
        "scan examines every row).\n\n" + results_table(rows) + "\n" + "\n".join(claims) + "\n"
    )


def main(argv: list[str] | None = None) -> None:
    """Check the disk, build the data, measure, print the table and write the results page."""
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    check_free_space(Path(tempfile.gettempdir()), args)
    with tempfile.TemporaryDirectory(prefix="piiscan-memory-") as tmp:
        started = time.perf_counter()
        inputs, described = build(Path(tmp), args)
        build_s = time.perf_counter() - started
        rows = measure(inputs, args.repeat)
    text = page(rows, described, args, argv, build_s)
    print(text)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    progress(f"written {args.output}")


if __name__ == "__main__":
    main()

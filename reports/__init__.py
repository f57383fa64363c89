"""Report writers: JSON (for tools), CSV (for spreadsheets), Markdown (for people).

:func:`render` turns a :class:`scanner.model.ScanResult` into text in one of :data:`FORMATS`.
Writers only format what the scan produced; they never read stores or add values.
"""

from __future__ import annotations

from scanner.errors import UsageError
from scanner.model import ScanResult
from scanner.taxonomy import did_you_mean

FORMATS = ("json", "markdown", "csv")


def render(result: ScanResult, fmt: str) -> str:
    """The report in format ``fmt`` (one of :data:`FORMATS`). Raises :class:`UsageError` for
    an unknown format."""
    if fmt == "json":
        from reports.json_report import render_json

        return render_json(result)
    if fmt == "markdown":
        from reports.markdown_report import render_markdown

        return render_markdown(result)
    if fmt == "csv":
        from reports.csv_report import render_csv

        return render_csv(result)
    hint = f"{did_you_mean(fmt, FORMATS)} formats: {', '.join(FORMATS)}".strip()
    raise UsageError(f"unknown report format '{fmt}'", hint=hint)

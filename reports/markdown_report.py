"""The Markdown report: for people, in a terminal (80-120 columns) or pasted into a ticket.

GitHub-flavoured Markdown, no ANSI colours. A header says what was scanned against which
policy, then one section per source: a headline with counts by status and a table of findings
(most urgent first: not_in_policy, undeclared, declared, covered). Purposes and retention
rules are long, so the table names them briefly (``P1``; ``1,095 days``) and a legend under it
spells them out, quoting the policy's sentence for each rule. Errors (where, what happened,
what to do) and notes close the report. Names read from the stores (locations, fields) are
shown as code so that Markdown or HTML in them is never rendered. Example values are not
shown; the JSON and CSV reports carry the masked examples.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from scanner.model import (
    Finding,
    Retention,
    ScanResult,
    Status,
    count_by_status,
    sorted_findings,
)

_NONE = "—"
_WIDTH = 100
_HEADERS = (
    "location", "field", "category", "conf.", "matched", "why", "retention", "purposes",
)  # fmt: skip

#: What each status means, under its heading.
_MEANING = {
    Status.NOT_IN_POLICY: "the policy does not say it collects these categories",
    Status.UNDECLARED: "the policy covers these, but the data map does not declare them here",
    Status.DECLARED: "the policy covers these and the data map declares them",
    Status.COVERED: "the policy covers these; no data map was given to check them against",
}


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _code(text: str) -> str:
    """``text`` as an inline code span, whatever backticks it holds."""
    text = _one_line(text)
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _text(text: str) -> str:
    """Free text on one line, with characters that would start HTML or split a table
    escaped."""
    return _one_line(text).replace("\\", "\\\\").replace("<", "\\<").replace("|", "\\|")


def _bullet(text: str) -> list[str]:
    """A list item wrapped at 100 columns; continuation lines are indented, so Markdown
    joins them back into one item."""
    return textwrap.wrap(
        text,
        width=_WIDTH,
        initial_indent="- ",
        subsequent_indent="  ",
        break_long_words=False,
        break_on_hyphens=False,
    )


def _cell(text: str) -> str:
    # GFM splits table cells on "|" even inside code spans unless it is escaped.
    return text.replace("|", "\\|")


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A GFM table padded to aligned columns, so it also reads well as plain text."""
    body = [[_cell(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in body)) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return [line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, body)]


def _counts(findings: Sequence[Finding]) -> str:
    if not findings:
        return "no findings"
    counts = {s: n for s, n in count_by_status(findings).items() if n}
    noun = "finding" if len(findings) == 1 else "findings"
    return f"{len(findings)} {noun}: " + ", ".join(f"{n} {s}" for s, n in counts.items())


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _max_age(retention: Retention) -> str:
    if retention.max_age_days is None:
        return "no fixed limit"
    return f"up to {retention.max_age_days:,} days"


class _Labels:
    """Short table labels for long values, consistent across the whole report: purpose
    lists become P1, P2, ...; retention rules their limit ("1,095 days", "no limit"), or
    their id where two rules would read the same."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.purposes: dict[tuple[str, ...], str] = {}
        rules = {f.retention.rule: f.retention for f in findings if f.retention}
        short = {r: self._limit(ret) for r, ret in rules.items()}
        taken = Counter(short.values())
        self.rules = {r: label if taken[label] == 1 else r for r, label in short.items()}

    @staticmethod
    def _limit(retention: Retention) -> str:
        days = retention.max_age_days
        return "no limit" if days is None else f"{days:,} days"

    def purpose(self, purposes: tuple[str, ...]) -> str:
        if not purposes:
            return _NONE
        return self.purposes.setdefault(purposes, f"P{len(self.purposes) + 1}")

    def rule(self, retention: Retention | None) -> str:
        return self.rules[retention.rule] if retention else _NONE


def why(f: Finding) -> str:
    """The kinds of signal behind a finding, in a few words (``pattern + name``: values
    matched a pattern and the field's name agrees; ``NER`` for names found by the model on
    a sample). The JSON report's ``detectors`` has the details."""
    labels = {
        "pattern": "pattern", "profile": "profile", "lookup": "lookup", "ner": "NER",
        "column_name": "name",
    }  # fmt: skip
    parts = list(dict.fromkeys(labels[s.kind] for s in f.detectors if s.kind in labels))
    return " + ".join(parts) or "—"


def _source_section(source: str, findings: list[Finding], labels: _Labels) -> list[str]:
    out = [f"## {_code(source)}", "", f"**{_counts(findings)}**", ""]
    by_status: dict[str, list[Finding]] = {}
    for f in findings:  # already in status order
        by_status.setdefault(f.status, []).append(f)
    for status, items in by_status.items():
        meaning = _MEANING.get(status)
        out += [f"### {status} ({len(items)})" + (f": {meaning}" if meaning else ""), ""]
        rows = [
            (
                _code(f.location),
                _code(f.field),
                f.category,
                f"{f.confidence:.2f}",
                f"{'~' if f.estimated else ''}{f.matches:,}/{f.scanned:,}",
                why(f),
                labels.rule(f.retention),
                labels.purpose(f.purposes),
            )
            for f in items
        ]
        out += [*_table(_HEADERS, rows), ""]
    used = dict.fromkeys(labels.purpose(f.purposes) for f in findings if f.purposes)
    if used:
        out += ["Purposes (fideslang data uses):", ""]
        names = {label: p for p, label in labels.purposes.items()}
        for label in used:
            out += _bullet(f"**{label}**: {', '.join(names[label])}")
        out.append("")
    rules = {f.retention.rule: f.retention for f in findings if f.retention}
    if rules:
        out += ["Retention (the policy's words):", ""]
        for r in sorted(rules.values(), key=lambda r: r.rule):
            out += _bullet(f"**{r.rule}**, {_max_age(r)}: “{_text(r.basis)}”")
        out.append("")
    return out


def render_markdown(result: ScanResult) -> str:
    """The report as GitHub-flavoured Markdown, ending in a newline."""
    s = result.scan
    findings = sorted_findings(result.findings)
    sampling = (
        "every row (full scan)"
        if s.full
        else f"up to {s.sample_rows:,} sampled rows per location"
        if s.sample_rows
        else "sampled"
    )
    datamap = (
        _code(s.datamap)
        if s.datamap
        else "none (without one, findings the policy covers are 'covered')"
    )
    header = [
        f"**Scan**: {_code(s.id)}, {s.started_at} to {s.finished_at}, "
        f"piiscan {_text(s.tool_version)}",
        f"**Policy**: {_text(s.policy)}",
        f"**Data map**: {datamap}",
        f"**Sources**: {', '.join(_code(x) for x in s.sources) or _NONE}",
        f"**Scanned**: {_plural(s.locations_scanned, 'location')}{_reused(s.locations_reused)}, "
        f"{sampling}",
        f"**Result**: {_counts(findings)}; {_plural(len(result.errors), 'error')}, "
        f"{_plural(len(result.notes), 'note')}",
    ]
    out = ["# piiscan report", ""]
    for item in header:
        out += _bullet(item)
    out.append("")
    by_source: dict[str, list[Finding]] = {x: [] for x in s.sources}
    for f in findings:
        by_source.setdefault(f.source, []).append(f)
    labels = _Labels(findings)
    for source, items in by_source.items():
        out += _source_section(source, items, labels) if items else _empty(source)

    out += ["## Errors", ""]
    if result.errors:
        for e in result.errors:
            out += _bullet(f"{_where(e.source, e.location)}: {_text(e.error)}")
    else:
        out.append("None: every location was read.")
    out += ["", "## Notes", ""]
    if result.notes:
        for n in result.notes:
            out += _bullet(f"{_where(n.source, n.location)}: {_text(n.note)}")
    else:
        out.append("None.")
    return "\n".join(out) + "\n"


def _empty(source: str) -> list[str]:
    return [f"## {_code(source)}", "", "**No findings.**", ""]


def _where(source: str, location: str | None) -> str:
    return f"{_code(source)} › {_code(location)}" if location else _code(source)


def write_markdown(result: ScanResult, out: str | Path | TextIO) -> None:
    """Write the report to a path or an open text file."""
    text = render_markdown(result)
    if isinstance(out, str | Path):
        Path(out).write_text(text, encoding="utf-8")
    else:
        out.write(text)


def _reused(count: int) -> str:
    """How many locations were carried over unchanged from an earlier scan, if any."""
    if not count:
        return ""
    return f" ({count} unchanged since an earlier scan: findings carried over, not read again)"

"""The Markdown report of a scored run: per-category and per-store tables, then every false
positive (traps apart), false negative, accepted and unlabelled finding, and the labels
that are not detectable by design. Fields and categories only: never a value."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.accuracy_harness.scoring import CategoryScore, Outcome, Score
from benchmarks.accuracy_harness.spans import SpanRun, span_table

MATCHING_RULE = (
    "Column level: the unit is a field (store, location, field). A reported category is "
    "correct when a `user.*` label of that field is the same key, an ancestor or a descendant "
    "(`scanner.taxonomy.covers` either way); a label is found when some reported category is "
    "on its line of descent. Precision is counted per reported category, recall per labelled "
    "category. Labels outside `user` (`system.operations`) make a field a negative. A label "
    "no detector can report (no emitted category on its line of descent, or the bare `user`) "
    "is listed as not detectable by design, not scored. `accept` categories in a label file "
    "are neither right nor wrong. Findings on fields the fides labels never mention are "
    "listed as unlabelled; the openrtb and synthetic labels are complete (any other finding "
    "is a false positive). Macro F1 averages the categories that have labels."
)

SPAN_MATCHING_RULE = (
    "A predicted span is correct when it overlaps a gold span of the same entity by at least "
    "half of the shorter of the two; a gold span is found when some predicted span overlaps it "
    "so. Gold ADDRESS and LOCATION are scored together as ADDRESS (piiscan: street lines and NER "
    "places, `user.contact.address`; presidio: LOCATION). Both tools run the same spaCy model; "
    "presidio with its default recognizers and score threshold 0; piiscan's pattern detectors "
    "on each sentence alone and NER without the field-level checks. Times leave out loading "
    "the model. See `benchmarks/accuracy_harness/spans.py`."
)


@dataclass(frozen=True)
class RunInfo:
    """What the report header says about the run."""

    date: str
    commit: str
    command: str
    settings: str
    seconds: float
    skipped: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()


def render(
    info: RunInfo,
    overall: Score,
    per_store: Sequence[tuple[str, Score]],
    spans: SpanRun | None = None,
) -> str:
    negatives = overall.of("negative")
    traps = [o for o in negatives if o.trap]
    out = [
        "# Detection quality: column level",
        "",
        f"- date: {info.date}, commit: {info.commit}",
        f"- command: `{info.command}`",
        f"- settings: {info.settings}; scans took {info.seconds:.1f} s",
        f"- matching rule: {MATCHING_RULE}",
        "",
    ]
    if info.skipped:
        out += ["Inputs left out:", "", *(f"- {s}" for s in info.skipped), ""]
    if info.errors:
        out += ["Scan errors:", "", *(f"- {e}" for e in info.errors), ""]
    out += [
        "## Overall",
        "",
        f"- micro: precision {_pct(overall.micro_precision)}, recall "
        f"{_pct(overall.micro_recall)}, F1 {_pct(overall.micro_f1)}",
        f"- macro F1 (over labelled categories): {_pct(overall.macro_f1)}",
        f"- false positives: {len(overall.of('false_positive'))} "
        f"(on traps: {len(overall.trap_false_positives)}); "
        f"false negatives: {len(overall.of('false_negative'))}",
        f"- labelled fields that hold nothing personal: {len(negatives)}, of which traps: "
        f"{len(traps)}; traps with a false positive: "
        f"{len({_field(o) for o in overall.trap_false_positives})}",
        "",
        "## Per category",
        "",
        *category_table(overall.categories),
        "",
        "## Per store",
        "",
        "| store | labels | found | reported | correct | FP | FN | P | R | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, s in per_store:
        labelled = sum(c.labelled for c in s.categories)
        predicted = sum(c.predicted for c in s.categories)
        out.append(
            f"| {name} | {labelled} | {sum(c.found for c in s.categories)} | {predicted} "
            f"| {sum(c.correct for c in s.categories)} | {len(s.of('false_positive'))} "
            f"| {len(s.of('false_negative'))} | {_pct(s.micro_precision)} "
            f"| {_pct(s.micro_recall)} | {_pct(s.micro_f1)} |"
        )
    if spans is not None:
        out += ["", *span_section(spans)]
    fps = overall.of("false_positive")
    out += [
        "",
        f"## False positives on traps ({len(overall.trap_false_positives)}; target 0)",
        "",
        *outcome_table(overall.trap_false_positives, "trap"),
        "",
        f"## Other false positives ({len(fps) - len(overall.trap_false_positives)})",
        "",
        *outcome_table([o for o in fps if not o.trap], "labelled"),
        "",
        f"## False negatives ({len(overall.of('false_negative'))})",
        "",
        *outcome_table(overall.of("false_negative"), "labelled"),
        "",
        f"## Accepted, not scored ({len(overall.of('accepted'))})",
        "",
        *outcome_table(overall.of("accepted"), "labelled"),
        "",
        f"## Findings on unlabelled fields, not scored ({len(overall.of('unlabelled'))})",
        "",
        *outcome_table(overall.of("unlabelled"), None),
        "",
        "## Labels not detectable by design",
        "",
        *undetectable_table(overall.of("undetectable")),
    ]
    return "\n".join(out) + "\n"


def span_section(spans: SpanRun) -> list[str]:
    """The "Span level (presidio-research)" section: both tools side by side."""
    return [
        "## Span level (presidio-research)",
        "",
        f"- sentences: {spans.inputs}",
        f"- matching rule: {SPAN_MATCHING_RULE}",
        "",
        *span_table(spans),
    ]


def category_table(categories: Sequence[CategoryScore]) -> list[str]:
    rows = [
        "| category | labelled | found | FN | reported | correct | FP | P | R | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for c in categories:
        rows.append(
            f"| {c.category} | {c.labelled} | {c.found} | {c.false_negatives} | {c.predicted} "
            f"| {c.correct} | {c.false_positives} | {_pct(c.precision)} | {_pct(c.recall)} "
            f"| {_pct(c.f1)} |"
        )
    return rows


def outcome_table(outcomes: Sequence[Outcome], extra: str | None) -> list[str]:
    if not outcomes:
        return ["(none)"]
    head = "| store | location | field | category |" + (f" {extra} |" if extra else "")
    rows = [head, "|---|---|---|---|" + ("---|" if extra else "")]
    for o in outcomes:
        row = f"| {o.store} | {o.location} | {o.field} | {o.category} |"
        if extra == "trap":
            row += f" {o.trap} |"
        elif extra:
            row += f" {', '.join(o.labels) or '(nothing personal)'} |"
        rows.append(row)
    return rows


def undetectable_table(outcomes: Sequence[Outcome]) -> list[str]:
    if not outcomes:
        return ["(none)"]
    by_category: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_category[o.category].append(o)
    rows = ["| category | fields | where |", "|---|---:|---|"]
    for cat, items in sorted(by_category.items()):
        where = ", ".join(f"{o.store}:{o.location}.{o.field}" for o in items)
        rows.append(f"| {cat} | {len(items)} | {where} |")
    return rows


def _field(o: Outcome) -> tuple[str, str, str]:
    return (o.store, o.location, o.field)


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"

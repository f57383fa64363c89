"""What changed between two scans: new, removed and changed findings, and what to alert on.

Findings are matched on their identity key (source, location, field, category), never on a row
offset, so a row that moved is not a new finding. A finding of the older scan that is missing
from the newer one is "removed" only when the newer scan actually read its location; where the
newer scan could not (a :class:`ScanError` for that location or for the whole source) or did
not look at the source at all, it is "not re-checked": we do not know whether it is still there.

This module is pure: it takes what the findings store kept and returns values;
``reports.diff_report`` renders them and the CLI decides the exit code from
:attr:`ScanDiff.alerts`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from scanner.model import Finding, Retention, ScanError, ScanSummary, Status

#: Statuses that need someone to act: the data is held but nobody declared it, or the policy
#: does not allow it at all.
ATTENTION_STATUSES = frozenset({Status.NOT_IN_POLICY, Status.UNDECLARED})

# Thresholds below which a moved number is sampling jitter, not a change. Two nightly scans of
# an unchanged table sample different rows, so confidence and match counts wobble a little from
# one night to the next; reporting that every night would bury real changes.
# - Confidence is a 0-1 score shown to two decimals; detectors step it in tenths or more when
#   the evidence really changes (a name signal appears, a pattern stops validating), while a new
#   sample moves it by a few hundredths.
CONFIDENCE_STEP = 0.1
# - Matches: a 10% move relative to the older count is well outside what re-sampling the same
#   data gives at the default sample sizes, and large enough to be worth a look (a table that
#   grew, a column that filled up or emptied). Small counts move by whole rows, so a move of
#   one (5 -> 6 is "20%") is never reported.
MATCHES_RELATIVE_STEP = 0.1
MATCHES_MIN_STEP = 2


@dataclass(frozen=True)
class FindingChange:
    """A finding present in both scans that changed in a way worth reporting.

    ``changes`` says what moved, in a few words each (``"status declared -> undeclared"``,
    ``"matches 120 -> 4,410"``), most consequential first: status, purposes, retention,
    confidence, matches.
    """

    old: Finding
    new: Finding
    changes: tuple[str, ...]


@dataclass(frozen=True)
class ScanDiff:
    """The difference from scan ``old`` to scan ``new``.

    Every tuple is ordered most urgent first: by status (:attr:`Status.ORDER`, so not_in_policy
    and undeclared lead), then by key. ``changed`` is ordered by the newer status;
    ``not_rechecked`` holds the older scan's findings as they were then.
    """

    old: ScanSummary
    new: ScanSummary
    new_findings: tuple[Finding, ...]
    removed: tuple[Finding, ...]
    changed: tuple[FindingChange, ...]
    not_rechecked: tuple[Finding, ...]

    @property
    def alerts(self) -> tuple[Finding, ...]:
        """Findings of the newer scan that are undeclared or not in the policy and were not
        so before: new findings with those statuses, and findings whose status became one of
        them from declared or covered. An undeclared finding that stayed undeclared is not an
        alert (it was reported when it appeared). This is what ``--fail-on new-undeclared``
        trips on. Ordered like the other tuples."""
        fresh = [f for f in self.new_findings if f.status in ATTENTION_STATUSES]
        worse = [
            c.new
            for c in self.changed
            if c.new.status in ATTENTION_STATUSES
            and c.old.status in (Status.DECLARED, Status.COVERED)
        ]
        return tuple(sorted([*fresh, *worse], key=_order))

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to report: no new, removed, changed or unchecked
        findings."""
        return not (self.new_findings or self.removed or self.changed or self.not_rechecked)


def diff_scans(
    old: ScanSummary,
    old_findings: Iterable[Finding],
    old_errors: Iterable[ScanError],
    new: ScanSummary,
    new_findings: Iterable[Finding],
    new_errors: Iterable[ScanError],
) -> ScanDiff:
    """Compare two scans' findings (``old`` is the earlier one).

    ``new_errors`` decide which missing findings are "not re-checked" rather than "removed".
    ``old_errors`` are taken so that both scans are passed alike; a finding at a location the
    older scan could not read is reported as new (nobody has seen it before), and so alerts
    when it needs attention.
    """
    del old_errors  # see the docstring: nothing in the older scan's errors changes the answer
    before = {f.key: f for f in old_findings}
    after = {f.key: f for f in new_findings}
    unreadable = {(e.source, e.location) for e in new_errors}

    def rechecked(f: Finding) -> bool:
        if new.sources and f.source not in new.sources:
            return False  # the newer scan did not look at this source at all
        return (f.source, None) not in unreadable and (f.source, f.location) not in unreadable

    gone = [f for key, f in before.items() if key not in after]
    changed = []
    for key, now in after.items():
        was = before.get(key)
        if was is not None and (what := finding_changes(was, now)):
            changed.append(FindingChange(was, now, what))
    return ScanDiff(
        old=old,
        new=new,
        new_findings=tuple(sorted((f for k, f in after.items() if k not in before), key=_order)),
        removed=tuple(sorted((f for f in gone if rechecked(f)), key=_order)),
        changed=tuple(sorted(changed, key=lambda c: _order(c.new))),
        not_rechecked=tuple(sorted((f for f in gone if not rechecked(f)), key=_order)),
    )


def finding_changes(old: Finding, new: Finding) -> tuple[str, ...]:
    """What changed from ``old`` to ``new`` (the same finding in two scans), in a few words
    each; empty when nothing moved beyond sampling jitter (see the thresholds above).
    Detectors, examples and the number of values scanned are not compared: they vary with
    the sample and are not something to act on."""
    out: list[str] = []
    if old.status != new.status:
        out.append(f"status {old.status} -> {new.status}")
    # The order of purposes carries no meaning; only a different set is a change.
    if set(old.purposes) != set(new.purposes):
        out.append(f"purposes {_purposes(old.purposes)} -> {_purposes(new.purposes)}")
    if _rule(old.retention) != _rule(new.retention):
        out.append(f"retention {_retention(old.retention)} -> {_retention(new.retention)}")
    # Rounded so that 0.62 -> 0.72 (0.0999... in binary) counts as the tenth it reads as.
    if round(abs(new.confidence - old.confidence), 6) >= CONFIDENCE_STEP:
        out.append(f"confidence {old.confidence:.2f} -> {new.confidence:.2f}")
    step = abs(new.matches - old.matches)
    if step >= MATCHES_MIN_STEP and step >= round(MATCHES_RELATIVE_STEP * old.matches, 6):
        out.append(f"matches {_matches(old)} -> {_matches(new)}")
    return tuple(out)


def _order(f: Finding) -> tuple[int, str, str, str, str]:
    return (Status.rank(f.status), *f.key)


def _rule(retention: Retention | None) -> tuple[str, int | None] | None:
    # The rule and its limit; a reworded basis sentence alone is not a change.
    return None if retention is None else (retention.rule, retention.max_age_days)


def _retention(retention: Retention | None) -> str:
    if retention is None:
        return "none"
    days = retention.max_age_days
    return f"{retention.rule} ({'no limit' if days is None else f'{days:,} days'})"


def _purposes(purposes: tuple[str, ...]) -> str:
    return ", ".join(purposes) or "none"


def _matches(f: Finding) -> str:
    # "~" marks a count extrapolated from a sample, as in the Markdown report.
    return f"{'~' if f.estimated else ''}{f.matches:,}"

"""Values that flow from the scanner to reports: field verdicts, findings, errors, the scan.

These are immutable; reports read them and never reach back into connectors or detectors.
The JSON report (``reports.json_report``) is their serialised form; see README "JSON report".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

REPORT_SCHEMA_VERSION = "1.0"


class Status:
    """Finding statuses, most urgent first."""

    NOT_IN_POLICY = "not_in_policy"
    UNDECLARED = "undeclared"
    DECLARED = "declared"
    COVERED = "covered"

    ORDER = (NOT_IN_POLICY, UNDECLARED, DECLARED, COVERED)

    @classmethod
    def rank(cls, status: str) -> int:
        """Position of ``status`` in :attr:`ORDER`; an unknown status sorts last."""
        return cls.ORDER.index(status) if status in cls.ORDER else len(cls.ORDER)


@dataclass(frozen=True)
class DetectorSignal:
    """One reason behind a finding: which detector fired and on what (``kind``: pattern,
    column_name, ner, profile, lookup)."""

    detector: str
    kind: str
    detail: str = ""


@dataclass(frozen=True)
class FieldVerdict:
    """A detector-side verdict on one field: the category and how sure we are."""

    location: str
    field: str
    category: str
    confidence: float
    matches: int
    scanned: int
    detectors: tuple[DetectorSignal, ...] = ()
    examples: tuple[str, ...] = ()  # always masked
    sampled: bool = False
    #: ``matches`` was extrapolated from validating an evenly spaced sample of candidates.
    estimated: bool = False


@dataclass(frozen=True)
class Retention:
    rule: str
    max_age_days: int | None
    basis: str


@dataclass(frozen=True)
class Finding:
    """A verdict held against the policy and the data map.

    Its identity is (source, location, field, category), never a row offset, so a moved row
    is not a new finding.
    """

    source: str
    location: str
    field: str
    category: str
    confidence: float
    matches: int
    scanned: int
    status: str
    purposes: tuple[str, ...]
    retention: Retention | None
    detectors: tuple[DetectorSignal, ...] = ()
    examples: tuple[str, ...] = ()
    #: ``matches`` was extrapolated from validating a sample of the candidate values.
    estimated: bool = False
    #: Carried over from an earlier scan: the location had not changed since (its
    #: fingerprint in the findings store matched), so it was not read again.
    reused: bool = False

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.source, self.location, self.field, self.category)


@dataclass(frozen=True)
class ScanError:
    """A source or location that could not be read. ``error`` says what happened and what
    to do; it never holds a value read from the store or a password."""

    source: str
    location: str | None
    error: str
    #: A database refused the login (wrong user or password): a configuration problem, which
    #: the CLI exits 2 for once the rest is reported.
    login_refused: bool = False


@dataclass(frozen=True)
class ScanNote:
    """Something the user should know that is not an error (a binary column skipped)."""

    source: str
    location: str | None
    note: str


@dataclass(frozen=True)
class ScanInfo:
    id: str
    started_at: str  # ISO 8601, UTC
    finished_at: str
    tool_version: str
    policy: str  # policy name and where it came from
    sources: tuple[str, ...]
    datamap: str | None = None
    sample_rows: int | None = None
    full: bool = False
    locations_scanned: int = 0
    #: Of ``locations_scanned``, those not read again: unchanged since an earlier scan.
    locations_reused: int = 0


@dataclass(frozen=True)
class LocationRead:
    """What reading one location gave: scored verdicts, rows read, binary fields skipped and
    the connector's warnings (plain data, so a worker process can send it back and the
    findings store can keep it for a later scan that finds the location unchanged)."""

    verdicts: tuple[FieldVerdict, ...]
    rows: int
    binary: tuple[str, ...]
    warnings: tuple[str, ...]
    #: Every field read (for saying which --include patterns matched nothing).
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScanResult:
    scan: ScanInfo
    findings: tuple[Finding, ...]
    errors: tuple[ScanError, ...] = ()
    notes: tuple[ScanNote, ...] = field(default_factory=tuple)
    #: ``--include`` patterns that matched nothing read (a likely mistake).
    unmatched_includes: tuple[str, ...] = ()


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in report order: by status (:attr:`Status.ORDER`), then source, location,
    field and category."""
    return sorted(findings, key=lambda f: (Status.rank(f.status), *f.key))


def count_by_status(findings: Iterable[Finding]) -> dict[str, int]:
    """Number of findings per status, every status of :attr:`Status.ORDER` present (0 when
    none), in that order; an unknown status is counted after them."""
    counts = dict.fromkeys(Status.ORDER, 0)
    for f in findings:
        counts[f.status] = counts.get(f.status, 0) + 1
    return counts


class ScanState:
    """How a scan recorded in the findings store ended."""

    RUNNING = "running"  # started, not finished (or killed before it could say so)
    FINISHED = "finished"
    INTERRUPTED = "interrupted"  # a later scan found it unfinished


@dataclass(frozen=True)
class ScanSummary:
    """One scan as the findings store lists it (``piiscan history``)."""

    id: str
    started_at: str  # ISO 8601, UTC
    finished_at: str | None
    state: str  # a ScanState value
    sources: tuple[str, ...]
    full: bool
    #: Locations the scan covered: read, or carried over because unchanged.
    locations_scanned: int
    #: Of those, the ones carried over from an earlier scan without being read.
    locations_reused: int
    errors: int
    #: Findings per status, in :attr:`Status.ORDER`.
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def duration_s(self) -> float | None:
        """Seconds from start to finish; None while unfinished."""
        if self.finished_at is None:
            return None
        from datetime import datetime

        return (
            datetime.fromisoformat(self.finished_at) - datetime.fromisoformat(self.started_at)
        ).total_seconds()

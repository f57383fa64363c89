from __future__ import annotations

import dataclasses

import pytest

from scanner.model import (
    DetectorSignal,
    Finding,
    Retention,
    ScanError,
    ScanState,
    ScanSummary,
    Status,
)
from scanner.scan_diff import FindingChange, ScanDiff, diff_scans, finding_changes

DB = "postgresql://app:***@db/shop"
LOGS = "/srv/logs"
AS_LONG = Retention("as_long_as_needed", None, "As long as we need it.")
THREE_YEARS = Retention("cookies_and_online_identifiers", 1095, "Up to three years.")


def finding(
    location: str,
    field: str,
    category: str = "user.contact.email",
    status: str = Status.DECLARED,
    *,
    source: str = DB,
    **kw: object,
) -> Finding:
    values: dict[str, object] = dict(
        confidence=0.9, matches=1000, scanned=10_000, purposes=("analytics.reporting",),
        retention=AS_LONG,
    )  # fmt: skip
    values.update(kw)
    return Finding(source, location, field, category, status=status, **values)


def summary(scan_id: str, *, sources: tuple[str, ...] = (DB, LOGS)) -> ScanSummary:
    return ScanSummary(
        id=scan_id,
        started_at="2024-05-01T02:00:00Z",
        finished_at="2024-05-01T02:05:00Z",
        state=ScanState.FINISHED,
        sources=sources,
        full=False,
        locations_scanned=3,
        locations_reused=0,
        errors=0,
    )


OLD = summary("old-scan")
NEW = summary("new-scan")


def diff(
    old: list[Finding], new: list[Finding], new_errors: tuple[ScanError, ...] = ()
) -> ScanDiff:
    return diff_scans(OLD, old, (), NEW, new, new_errors)


def keys(findings: tuple[Finding, ...]) -> list[tuple[str, str]]:
    return [(f.location, f.field) for f in findings]


# --- classification --------------------------------------------------------------------------


def test_new_removed_changed_and_unchanged() -> None:
    kept = finding("users", "email")
    gone = finding("users", "fax", "user.contact.phone_number")
    moved = finding("users", "ip", "user.device.ip_address", retention=THREE_YEARS)
    added = finding("orders", "email")
    result = diff(
        [kept, gone, moved],
        [kept, dataclasses.replace(moved, status=Status.UNDECLARED), added],
    )
    assert result.new_findings == (added,)
    assert result.removed == (gone,)
    assert result.changed == (
        FindingChange(
            moved,
            dataclasses.replace(moved, status=Status.UNDECLARED),
            ("status declared -> undeclared",),
        ),
    )
    assert result.not_rechecked == ()
    assert result.old is OLD and result.new is NEW


def test_identity_is_the_key_not_the_category_alone() -> None:
    # Same column, another category: a different finding (one removed, one new).
    email = finding("users", "contact", "user.contact.email")
    phone = finding("users", "contact", "user.contact.phone_number")
    result = diff([email], [phone])
    assert result.removed == (email,) and result.new_findings == (phone,)
    assert result.changed == ()


def test_unreadable_location_is_not_rechecked_rather_than_removed() -> None:
    audit = finding("public.audit", "email")
    other = finding("public.users", "email")
    errors = (ScanError(DB, "public.audit", "permission denied for table audit"),)
    result = diff([audit, other], [], errors)
    assert result.not_rechecked == (audit,)
    assert result.removed == (other,)  # the error names another location


def test_unreadable_source_is_not_rechecked() -> None:
    in_db = finding("public.users", "email")
    in_logs = finding("/srv/logs/access.log", "client_ip", source=LOGS)
    errors = (ScanError(DB, None, "could not connect to the server"),)
    result = diff([in_db, in_logs], [], errors)
    assert result.not_rechecked == (in_db,)
    assert result.removed == (in_logs,)  # the logs were read: that one is really gone


def test_error_at_same_location_name_in_another_source_does_not_shield() -> None:
    in_db = finding("access.log", "email")
    errors = (ScanError(LOGS, "access.log", "unreadable"),)
    assert diff([in_db], [], errors).removed == (in_db,)


def test_source_the_newer_scan_did_not_look_at_is_not_rechecked() -> None:
    in_logs = finding("/srv/logs/access.log", "client_ip", source=LOGS)
    result = diff_scans(OLD, [in_logs], (), summary("n", sources=(DB,)), [], ())
    assert result.not_rechecked == (in_logs,) and result.removed == ()


def test_finding_still_seen_at_a_partly_unreadable_location_is_compared() -> None:
    old = finding("public.audit", "email")
    new = dataclasses.replace(old, status=Status.UNDECLARED)
    errors = (ScanError(DB, "public.audit", "read timed out after 1,000 rows"),)
    result = diff([old], [new], errors)
    assert [c.new for c in result.changed] == [new]
    assert result.not_rechecked == () and result.removed == ()


def test_identical_scans_are_empty_and_not_rechecked_alone_is_not() -> None:
    same = [finding("users", "email"), finding("users", "ip", "user.device.ip_address")]
    assert diff(same, list(same)).is_empty
    errors = (ScanError(DB, None, "could not connect"),)
    unknown = diff(same, [], errors)
    assert not unknown.is_empty and len(unknown.not_rechecked) == 2


# --- what counts as a change -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("was", "now", "expected"),
    [
        ({}, {"status": Status.UNDECLARED}, "status declared -> undeclared"),
        ({}, {"confidence": 0.52}, "confidence 0.90 -> 0.52"),
        ({}, {"matches": 4410}, "matches 1,000 -> 4,410"),
        ({}, {"matches": 900}, "matches 1,000 -> 900"),
        ({}, {"matches": 1100, "estimated": True}, "matches 1,000 -> ~1,100"),
        ({}, {"purposes": ()}, "purposes analytics.reporting -> none"),
        (
            {},
            {"retention": THREE_YEARS},
            "retention as_long_as_needed (no limit) -> cookies_and_online_identifiers (1,095 days)",
        ),
        ({}, {"retention": None}, "retention as_long_as_needed (no limit) -> none"),
        (
            {"retention": THREE_YEARS},
            {"retention": dataclasses.replace(THREE_YEARS, max_age_days=365)},
            "retention cookies_and_online_identifiers (1,095 days) -> "
            "cookies_and_online_identifiers (365 days)",
        ),
    ],
)
def test_each_kind_of_change_is_reported_in_words(
    was: dict[str, object], now: dict[str, object], expected: str
) -> None:
    old = finding("users", "email", **was)
    assert finding_changes(old, dataclasses.replace(old, **now)) == (expected,)


def test_several_changes_most_consequential_first() -> None:
    old = finding("users", "email", confidence=0.62, matches=120)
    new = dataclasses.replace(
        old, status=Status.UNDECLARED, confidence=0.91, matches=4410, purposes=()
    )
    assert finding_changes(old, new) == (
        "status declared -> undeclared",
        "purposes analytics.reporting -> none",
        "confidence 0.62 -> 0.91",
        "matches 120 -> 4,410",
    )


@pytest.mark.parametrize(
    ("was", "now"),
    [
        ({}, {"confidence": 0.95}),  # +0.05
        ({}, {"confidence": 0.81}),  # -0.09
        ({}, {"matches": 1090}),  # +9%
        ({}, {"matches": 910}),  # -9%
        ({"matches": 5}, {"matches": 6}),  # +20%, but a single row
        ({}, {"scanned": 9_000}),  # the sample size moved, not the data
        ({}, {"examples": ("j***@example.com",), "detectors": (DetectorSignal("e", "pattern"),)}),
        ({}, {"purposes": ("analytics.reporting",)}),  # the same
        ({}, {"retention": dataclasses.replace(AS_LONG, basis="Reworded, same rule.")}),
        ({}, {"estimated": True}),
        ({}, {"reused": True}),  # carried over from an earlier scan: the same finding
    ],
)
def test_sampling_jitter_is_not_a_change(was: dict[str, object], now: dict[str, object]) -> None:
    old = finding("users", "email", **was)
    new = dataclasses.replace(old, **now)
    assert finding_changes(old, new) == ()
    assert diff([old], [new]).is_empty


def test_thresholds_are_inclusive_despite_binary_floats() -> None:
    old = finding("users", "email", confidence=0.62, matches=100)
    # 0.72 - 0.62 is 0.0999... in binary; it reads, and counts, as a tenth.
    assert finding_changes(old, dataclasses.replace(old, confidence=0.72)) == (
        "confidence 0.62 -> 0.72",
    )
    assert finding_changes(old, dataclasses.replace(old, matches=110)) == ("matches 100 -> 110",)
    assert finding_changes(old, dataclasses.replace(old, matches=109)) == ()
    small = finding("users", "email", matches=5)
    assert finding_changes(small, dataclasses.replace(small, matches=7)) == ("matches 5 -> 7",)


def test_reordered_purposes_are_not_a_change_but_another_set_is() -> None:
    old = finding("users", "email", purposes=("a.b", "c.d"))
    assert finding_changes(old, dataclasses.replace(old, purposes=("c.d", "a.b"))) == ()
    assert finding_changes(old, dataclasses.replace(old, purposes=("a.b",))) == (
        "purposes a.b, c.d -> a.b",
    )


# --- alerts and order ------------------------------------------------------------------------


def test_alerts_new_attention_findings_and_worsened_statuses_only() -> None:
    new_undeclared = finding("orders", "email", status=Status.UNDECLARED)
    new_declared = finding("orders", "ip", "user.device.ip_address")
    was_declared = finding("users", "email")
    was_covered = finding("users", "dob", "user.demographic.date_of_birth", Status.COVERED)
    still_undeclared = finding("users", "phone", "user.contact.phone_number", Status.UNDECLARED)
    was_undeclared = finding("users", "ssn", "user.government_id", Status.UNDECLARED)
    old = [was_declared, was_covered, still_undeclared, was_undeclared]
    became_undeclared = dataclasses.replace(was_declared, status=Status.UNDECLARED)
    became_not_in_policy = dataclasses.replace(was_covered, status=Status.NOT_IN_POLICY)
    new = [
        new_undeclared,
        new_declared,
        became_undeclared,
        became_not_in_policy,
        # Changed, but was already undeclared: reported when it first appeared.
        dataclasses.replace(still_undeclared, matches=5000),
        dataclasses.replace(was_undeclared, status=Status.NOT_IN_POLICY),
    ]
    result = diff(old, new)
    assert len(result.changed) == 4
    assert result.alerts == (became_not_in_policy, new_undeclared, became_undeclared)


def test_no_alerts_when_only_declared_things_appear_or_improve() -> None:
    was_undeclared = finding("users", "email", status=Status.UNDECLARED)
    result = diff(
        [was_undeclared],
        [
            dataclasses.replace(was_undeclared, status=Status.DECLARED),
            finding("orders", "email", status=Status.COVERED),
        ],
    )
    assert len(result.changed) == 1 and len(result.new_findings) == 1
    assert result.alerts == ()


def test_order_is_most_urgent_first_then_key() -> None:
    old_changed = [
        finding("a", "x", status=Status.UNDECLARED),
        finding("b", "y", status=Status.DECLARED),
    ]
    new = [
        finding("a", "declared"),
        finding("z", "not_in_policy", status=Status.NOT_IN_POLICY),
        finding("b", "covered", status=Status.COVERED),
        finding("c", "undeclared", status=Status.UNDECLARED),
        finding("a", "undeclared", status=Status.UNDECLARED),
        # Changed: ordered by the status they have now.
        dataclasses.replace(old_changed[0], status=Status.DECLARED),
        dataclasses.replace(old_changed[1], status=Status.NOT_IN_POLICY),
    ]
    removed_old = [
        finding("r", "covered", status=Status.COVERED),
        finding("r", "undeclared", status=Status.UNDECLARED),
    ]
    result = diff([*old_changed, *removed_old], new)
    assert keys(result.new_findings) == [
        ("z", "not_in_policy"),
        ("a", "undeclared"),
        ("c", "undeclared"),
        ("a", "declared"),
        ("b", "covered"),
    ]
    assert [(c.new.location, c.new.status) for c in result.changed] == [
        ("b", Status.NOT_IN_POLICY),
        ("a", Status.DECLARED),
    ]
    assert keys(result.removed) == [("r", "undeclared"), ("r", "covered")]

"""A small hand-built ScanResult shared by the report-writer tests."""

from __future__ import annotations

import pytest

from detectors.masking import mask_digits, mask_email, mask_ip
from scanner.model import (
    DetectorSignal,
    Finding,
    Retention,
    ScanError,
    ScanInfo,
    ScanNote,
    ScanResult,
    Status,
)

SOURCE = "postgresql://app:***@db/shop"
LOGS = "/srv/logs"

#: The values the masked examples were made from; no report may contain them.
RAW_VALUES = ("jane.doe@example.com", "+1 415-555-0142", "203.0.113.7")

AS_LONG = Retention(
    "as_long_as_needed",
    None,
    "We retain your Personal Information for as long as we need to fulfill our Services.",
)
THREE_YEARS = Retention(
    "cookies_and_online_identifiers",
    1095,
    "We may keep data linked to cookies and other online identifiers up to three years.",
)


def _finding(
    source: str, location: str, field: str, category: str, status: str, **kw: object
) -> Finding:
    base: dict[str, object] = dict(
        confidence=0.9,
        matches=90,
        scanned=100,
        purposes=(),
        retention=None,
        detectors=(),
        examples=(),
    )
    base.update(kw)
    return Finding(source, location, field, category, status=status, **base)


@pytest.fixture
def raw_values() -> tuple[str, ...]:
    """The values the masked examples were made from; no report may contain them."""
    return RAW_VALUES


@pytest.fixture
def result() -> ScanResult:
    # Deliberately out of report order.
    findings = (
        _finding(
            SOURCE,
            "public.customers",
            "email",
            "user.contact.email",
            Status.COVERED,
            confidence=0.98,
            matches=980,
            scanned=1000,
            purposes=("essential.service.notifications.email", "analytics.reporting"),
            retention=AS_LONG,
            detectors=(
                DetectorSignal("email", "pattern", "980 of 1000"),
                DetectorSignal("email", "column_name"),
            ),
            examples=(mask_email(RAW_VALUES[0]),),
        ),
        _finding(
            LOGS,
            "/srv/logs/access.log",
            "client_ip",
            "user.device.ip_address",
            Status.UNDECLARED,
            purposes=("analytics.reporting",),
            retention=THREE_YEARS,
            detectors=(DetectorSignal("ip_address", "pattern"),),
            examples=(mask_ip(RAW_VALUES[2]),),
        ),
        _finding(
            SOURCE,
            "public.customers",
            "phone",
            "user.contact.phone_number",
            Status.NOT_IN_POLICY,
            confidence=0.875,
            matches=7,
            scanned=8,
            detectors=(DetectorSignal("phone_number", "pattern"),),
            examples=(mask_digits(RAW_VALUES[1], keep_last=2),),
        ),
        _finding(
            SOURCE,
            "public.customers",
            "full_name",
            "user.name",
            Status.DECLARED,
            purposes=("essential.service.operations.support",),
            retention=AS_LONG,
            detectors=(DetectorSignal("ner", "ner", "PERSON"),),
            examples=("J*** D***",),
        ),
    )
    return ScanResult(
        scan=ScanInfo(
            id="scan-0001",
            started_at="2024-05-01T10:00:00Z",
            finished_at="2024-05-01T10:00:07Z",
            tool_version="0.1.0",
            policy="built-in: Mattermost privacy policy (2019)",
            sources=(SOURCE, LOGS),
            datamap="datamap.yaml",
            sample_rows=10_000,
            full=False,
            locations_scanned=5,
        ),
        findings=findings,
        errors=(
            ScanError(
                SOURCE,
                "public.audit",
                "permission denied for table audit (grant SELECT to the scanning role)",
            ),
        ),
        notes=(ScanNote(LOGS, "/srv/logs/app.bin", "binary file skipped"),),
    )

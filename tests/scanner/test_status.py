from __future__ import annotations

from pathlib import Path

import pytest

from scanner.datamap import DataMap, load_datamap
from scanner.model import DetectorSignal, FieldVerdict, Status
from scanner.policy import Policy, load_policy
from scanner.status import assess

SOURCE = "postgresql://app:***@db/shop"

DATAMAP = """\
version: 1
holdings:
  - location: "public.customers"
    field: "email"
    categories: [user.contact.email]
    purposes: [periodic_emails, customer_service, essential.service.operations.support]
    description: Accounts.
  - location: "public.customers"
    field: "phone"
    categories: [user.contact.phone_number]
    purposes: [essential.service.notifications.sms]
    description: Declared, but the policy never mentions phone numbers.
"""


@pytest.fixture
def policy() -> Policy:
    return load_policy(None)


@pytest.fixture
def dmap(tmp_path: Path, policy: Policy) -> DataMap:
    path = tmp_path / "datamap.yaml"
    path.write_text(DATAMAP, encoding="utf-8")
    return load_datamap(path, policy=policy)


def verdict(field: str, category: str, location: str = "public.customers") -> FieldVerdict:
    return FieldVerdict(
        location=location,
        field=field,
        category=category,
        confidence=0.93,
        matches=93,
        scanned=100,
        detectors=(DetectorSignal("email", "pattern", "93 of 100 values"),),
        examples=("j***@e***.com",),
        sampled=True,
    )


def test_covered_without_a_datamap(policy: Policy) -> None:
    f = assess(verdict("email", "user.contact.email"), SOURCE, policy, None)
    assert f.status == Status.COVERED
    assert f.purposes == policy.data_uses_for("user.contact.email")
    assert "essential.service.notifications.email" in f.purposes
    assert f.retention is not None and f.retention.rule == "as_long_as_needed"
    assert f.retention.max_age_days is None
    assert f.retention.basis.startswith("We retain your Personal Information")
    # The verdict is carried over unchanged.
    assert f.key == (SOURCE, "public.customers", "email", "user.contact.email")
    assert (f.confidence, f.matches, f.scanned) == (0.93, 93, 100)
    assert f.examples == ("j***@e***.com",) and f.detectors[0].detector == "email"


def test_declared_takes_the_holdings_purposes_as_data_uses(policy: Policy, dmap: DataMap) -> None:
    f = assess(verdict("email", "user.contact.email"), SOURCE, policy, dmap)
    assert f.status == Status.DECLARED
    # Purpose ids become data uses; the duplicate support use appears once.
    assert f.purposes == (
        "essential.service.notifications.email",
        "essential.service.operations.support",
    )
    assert f.retention.rule == "as_long_as_needed"


def test_undeclared_when_no_holding_matches(policy: Policy, dmap: DataMap) -> None:
    f = assess(verdict("ip", "user.device.ip_address"), SOURCE, policy, dmap)
    assert f.status == Status.UNDECLARED
    assert f.purposes == policy.data_uses_for("user.device.ip_address")
    assert (f.retention.rule, f.retention.max_age_days) == ("cookies_and_online_identifiers", 1095)
    # The holding is for public.customers.email; the same category elsewhere is undeclared.
    other = assess(verdict("email", "user.contact.email", "public.leads"), SOURCE, policy, dmap)
    assert other.status == Status.UNDECLARED


def test_not_in_policy_even_when_declared(policy: Policy, dmap: DataMap) -> None:
    assert dmap.match(SOURCE, "public.customers", "phone", "user.contact.phone_number")
    f = assess(verdict("phone", "user.contact.phone_number"), SOURCE, policy, dmap)
    assert f.status == Status.NOT_IN_POLICY
    assert f.purposes == () and f.retention is None
    card = assess(verdict("card", "user.financial.credit_card"), SOURCE, policy, None)
    assert card.status == Status.NOT_IN_POLICY


def test_subcategory_uses_its_ancestors_policy_entry(policy: Policy) -> None:
    f = assess(verdict("city", "user.contact.address.city"), SOURCE, policy, None)
    assert f.status == Status.COVERED
    assert f.purposes == policy.data_uses_for("user.contact.address")

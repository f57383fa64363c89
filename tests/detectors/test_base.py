"""Column-name signals and scoring shared by every detector."""

from __future__ import annotations

import pyarrow as pa
import pytest

from detectors.base import (
    Evidence,
    FieldData,
    keyword_signal,
    name_tokens,
    score,
    split_compounds,
)


def named(name: str) -> FieldData:
    return FieldData(name, "string", pa.array(["x"]), 1)


def test_name_tokens_split_snake_camel_and_paths() -> None:
    assert name_tokens("billingAddress.zip_code") == ("billing", "address", "zip", "code")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("customer_email", 1.0),
        ("contact.email", 1.0),
        ("email.address", 0.6),  # a generic leaf: the parent speaks for it
        ("phone.number", 0.0),  # keyword list below has no phone
        ("workplace_info.position", 0.0),  # the leaf speaks for itself
        ("email_verified_id", 0.0),  # negative token
        ("customeremail", 1.0),  # a qualifier glued on
        ("verifiedemail", 0.0),  # not a qualifier: read as written
        ("billingemail_verified", 0.0),  # negatives still count
    ],
)
def test_keyword_signal(name: str, expected: float) -> None:
    assert keyword_signal(named(name), ("email",), ("verified",)) == expected


def test_share_drives_confidence_and_strays_do_not_count() -> None:
    column = Evidence("user.contact.email", "email", 100, 100, 100)
    text = Evidence("user.contact.email", "email", 20, 100, 0)
    rare = Evidence("user.contact.email", "email", 2, 1000, 0)
    assert score(column) == 1.0
    assert 0.5 < score(text) < score(column)
    assert score(rare) < 0.5


def test_compounds_split_only_after_a_known_qualifier() -> None:
    assert split_compounds(("billingcity", "workflow", "zipcode", "homeph")) == (
        "billing", "city", "work", "flow", "zipcode", "homeph",
    )  # fmt: skip
    # A negative written as one word still vetoes the split reading ("work" + "flow").
    assert keyword_signal(named("workflow_state"), ("state",), ("workflow",)) == 0.0

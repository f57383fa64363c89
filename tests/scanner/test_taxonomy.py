from __future__ import annotations

from scanner.taxonomy import (
    category_keys,
    covers,
    data_use_keys,
    did_you_mean,
    is_category,
    is_data_use,
    suggest,
)


def test_keys_come_from_fideslang() -> None:
    assert {"user.contact.email", "user.device.ip_address", "user.name"} <= category_keys()
    assert {"analytics.reporting", "essential.legal_obligation"} <= data_use_keys()
    assert not category_keys() & data_use_keys()
    assert is_category("user.contact.address.city")
    assert not is_category("user.contact.emial")
    assert is_data_use("personalize")
    assert not is_data_use("user.name")


def test_covers_is_dotted_prefix_not_string_prefix() -> None:
    assert covers("user.contact", "user.contact.email")
    assert covers("user.contact.email", "user.contact.email")
    assert covers("user", "user.contact.address.city")
    assert not covers("user.contact.email", "user.contact")
    assert not covers("user.contact.e", "user.contact.email")
    assert not covers("user.device", "user.devices")


def test_suggest_typos_and_leaves() -> None:
    assert suggest("user.contact.emial")[0] == "user.contact.email"
    assert "user.device.ip_address" in suggest("ip_address")
    assert suggest("zzzz") == []
    assert suggest("retension", ["retention", "purposes"]) == ["retention"]


def test_did_you_mean_text() -> None:
    assert did_you_mean("user.contact.emial") == "did you mean 'user.contact.email'?"
    assert did_you_mean("qqqqqq") == ""

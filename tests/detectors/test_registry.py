"""The registry: disabling detectors and categories, allow-lists, user detectors."""

from __future__ import annotations

from detectors.custom import CustomPatternDetector
from detectors.registry import AllowRule, DetectorSettings, default_registry
from tests.detectors.fieldkit import field

EMAILS = [f"user{i}@shop.example" for i in range(20)] + ["support@example.com"] * 5


def categories(settings: DetectorSettings, name: str, values: list[str]) -> set[str]:
    return {ev.category for ev in default_registry(settings).analyze(field(name, values))}


def test_disable_by_detector_name_or_category_with_descendants() -> None:
    base = DetectorSettings(ner_enabled=False)
    street = ["12 Main Street", "4 Oak Avenue"] * 10
    assert categories(base, "street", street) == {"user.contact.address.street"}
    off = DetectorSettings(ner_enabled=False, disabled=frozenset({"user.contact.address"}))
    assert categories(off, "street", street) == set()
    assert (
        "email"
        not in default_registry(
            DetectorSettings(ner_enabled=False, disabled=frozenset({"email"}))
        ).names()
    )


def test_allow_list_removes_text_before_detection() -> None:
    allow = (AllowRule(r"support@example\.com", ("user.contact.email",)),)
    settings = DetectorSettings(ner_enabled=False, allow=allow)
    (ev,) = default_registry(settings).analyze(field("email", EMAILS))
    assert (ev.matches, ev.scanned) == (20, 20)
    text = ["write to support@example.com for help"] * 10
    assert default_registry(settings).analyze(field("notes", text)) == []


def test_user_detectors_run_after_the_built_in_ones() -> None:
    emp = CustomPatternDetector(name="employee_id", category="user.unique_id", pattern=r"EMP-\d{6}")
    settings = DetectorSettings(ner_enabled=False, extra=(emp,))
    registry = default_registry(settings)
    assert registry.names()[-1] == "employee_id"
    assert categories(settings, "ref", [f"EMP-{100000 + i}" for i in range(10)]) == {
        "user.unique_id"
    }

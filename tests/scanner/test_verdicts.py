"""Evidence merges across batches, scores once, and overlapping categories resolve."""

from __future__ import annotations

from detectors.base import Evidence, ScoringSettings, score
from scanner.verdicts import FieldEvidence


def ev(
    category: str, matches: int, scanned: int, full: int = 0, name: float = 0.0, detector: str = "d"
) -> Evidence:
    return Evidence(category, detector, matches, scanned, full, name)


def test_merge_across_batches_counts_every_row() -> None:
    acc = FieldEvidence()
    acc.add("email", [ev("user.contact.email", 10, 10, 10)])
    acc.add("email", [ev("user.contact.email", 5, 10, 5)])
    (v,) = acc.verdicts("t", ScoringSettings())
    assert (v.matches, v.scanned) == (15, 20)
    assert 0.75 <= v.confidence < 1.0


def test_one_stray_hit_is_not_a_verdict_even_with_a_name() -> None:
    assert score(ev("user.device.ip_address", 1, 100, 1, name=1.0)) < 0.5
    acc = FieldEvidence()
    acc.add("client_ip", [ev("user.device.ip_address", 1, 100, 1, name=1.0)])
    assert acc.verdicts("t", ScoringSettings()) == []


def test_narrower_category_replaces_broader_one_only_when_it_explains_it() -> None:
    acc = FieldEvidence()
    acc.add("city", [ev("user.contact.address", 40, 50, detector="ner")])
    acc.add("city", [ev("user.contact.address.city", 50, 50, 50, 1.0, detector="city")])
    cats = [v.category for v in acc.verdicts("t", ScoringSettings())]
    assert cats == ["user.contact.address.city"]
    acc = FieldEvidence()
    acc.add("ua", [ev("user.device", 50, 50, 50, detector="ua")])
    acc.add("ua", [ev("user.device.ip_address", 10, 50, detector="ip")])
    cats = [v.category for v in acc.verdicts("t", ScoringSettings())]
    assert cats == ["user.device", "user.device.ip_address"]


def test_name_signal_decides_between_whole_value_claims() -> None:
    acc = FieldEvidence()
    acc.add("imei", [ev("user.financial.credit_card", 50, 50, 50, detector="card")])
    acc.add("imei", [ev("user.device.device_id", 50, 50, 50, 1.0, detector="device")])
    assert [v.category for v in acc.verdicts("t", ScoringSettings())] == ["user.device.device_id"]


def test_a_named_column_claims_the_few_values_another_detector_finds_by_content() -> None:
    acc = FieldEvidence()
    # A postal-code column in which one code ("01310-200") also parses as a phone number.
    acc.add("postalcode", [ev("user.contact.address.postal_code", 50, 50, 50, 1.0)])
    acc.add("postalcode", [ev("user.contact.phone_number", 4, 50, 4, detector="phone")])
    cats = [v.category for v in acc.verdicts("t", ScoringSettings(min_confidence=0.1))]
    assert cats == ["user.contact.address.postal_code"]
    # With a name of its own the other verdict stands.
    acc.add("postalcode", [ev("user.contact.phone_number", 4, 50, 4, 1.0, detector="phone")])
    assert len(acc.verdicts("t", ScoringSettings(min_confidence=0.1))) == 2


def test_min_confidence_is_a_setting() -> None:
    acc = FieldEvidence()
    acc.add("f", [ev("user.contact.email", 6, 10, 6)])
    assert acc.verdicts("t", ScoringSettings(min_confidence=0.5))
    assert not acc.verdicts("t", ScoringSettings(min_confidence=0.95))


def test_each_verdict_explains_its_confidence() -> None:
    acc = FieldEvidence()
    acc.add("card", [ev("user.financial.credit_card", 85, 100, 85, 1.0, detector="card")])
    acc.add("card", [ev("user.financial.credit_card", 80, 100, 80, detector="other")])
    (v,) = acc.verdicts("t", ScoringSettings())
    details = {s.kind: s.detail for s in v.detectors if s.detector == "card"}
    assert (
        details["share"]
        == "85/100 values (85%): values with a match 0.90 + column name 0.05 = 0.95"
    )
    (agree,) = [s for s in v.detectors if s.kind == "confidence"]
    assert (
        agree.detail == f"best 0.95 (card), raised to {v.confidence:.2f} by 1 agreeing detector(s)"
    )

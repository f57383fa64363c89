"""The span API of the detectors: positions of validated entities in one text."""

import pytest

from detectors.base import valid_entities
from detectors.credit_card import CreditCardDetector
from detectors.email import EmailDetector
from detectors.ip import IpAddressDetector
from detectors.ner import NerDetector
from detectors.phone import PhoneNumberDetector
from detectors.registry import DetectorSettings
from detectors.ssn import UsSsnDetector

TEXT = (
    "Write to jane.roe@example.com or call (212) 555-0187. SSN 536-22-8751, "
    "card 4111 1111 1111 1111, from 203.0.113.9 on Monday."
)


def texts_at(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in spans]


@pytest.mark.parametrize(
    ("detector", "expected"),
    [
        (EmailDetector(), ["jane.roe@example.com"]),
        (PhoneNumberDetector(), ["(212) 555-0187"]),
        (UsSsnDetector(), ["536-22-8751"]),
        (CreditCardDetector(), ["4111 1111 1111 1111"]),
        (IpAddressDetector(), ["203.0.113.9"]),
    ],
)
def test_spans_are_the_entities_at_their_positions(detector, expected):
    assert texts_at(TEXT, detector.spans(TEXT)) == expected


def test_the_span_of_group_v_leaves_the_boundary_out():
    # The SSN and card patterns take the character before the number as a boundary.
    text = "x 536-22-8751"
    assert UsSsnDetector().spans(text) == [(2, 13)]
    assert CreditCardDetector().spans("n:4111111111111111") == [(2, 18)]


def test_positions_count_characters_not_bytes():
    text = "Zoë à Łódź: zoe@example.com"
    start = text.index("zoe@")
    assert EmailDetector().spans(text) == [(start, start + len("zoe@example.com"))]


def test_validation_applies_to_spans():
    assert CreditCardDetector().spans("card 4111 1111 1111 1112 (fails Luhn)") == []
    assert UsSsnDetector().spans("ids 000-12-3456 and 666-12-3456 and 078-05-1120") == []
    assert EmailDetector().spans("mail john..doe@example.com") == []
    assert IpAddressDetector().spans("Chrome/126.0.0.0 on 127.0.0.1 and 999.1.1.1") == []
    assert PhoneNumberDetector().spans("zip 10001-2345, card-like 4111 1111 1111 1111") == []


def test_kinds_that_need_a_field_name_do_not_apply_to_text():
    # Bare digits are a phone or an SSN only in a field named for one.
    assert PhoneNumberDetector().spans("2125550187") == []
    assert UsSsnDetector().spans("536228751") == []


def test_spans_find_what_detection_validates():
    detector = EmailDetector()
    text = "a@example.org, b..c@example.org, d.e@example.co.uk"
    found = valid_entities(detector._compiled, text, detector.validate)
    assert texts_at(text, detector.spans(text)) == found == ["a@example.org", "d.e@example.co.uk"]


def test_several_hits_come_sorted_and_once():
    text = "call 212-555-0187 or (646) 555-0143"
    spans = PhoneNumberDetector().spans(text)
    assert texts_at(text, spans) == ["212-555-0187", "(646) 555-0143"]
    assert spans == sorted(set(spans))


def test_ner_spans_carry_the_category_after_the_filters():
    detector = NerDetector(DetectorSettings())
    texts = [
        "Please call John Smith back, he moved to Berlin last spring.",
        "The build failed on Windows 10 again, see feature/Login.",
        "Please call John Smith back, he moved to Berlin last spring.",
        "",
    ]
    spans = detector.spans(texts)
    assert len(spans) == 4
    first = [(texts[0][s:e], c) for s, e, c in spans[0]]
    assert ("John Smith", "user.name") in first
    assert ("Berlin", "user.contact.address") in first
    assert spans[1] == []  # "Windows 10" is a product, "Login" part of a branch name
    assert spans[2] == spans[0]
    assert spans[3] == []
    assert detector.spans([]) == []

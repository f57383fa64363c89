"""Every built-in detector takes any text without raising: control characters, unpaired marks,
NULs, emoji, very long values, under any field name. What it returns is well-formed evidence
whose examples are masked, never a value as it was read."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detectors.base import MAX_EXAMPLES, Detector, Evidence, FieldData, score
from detectors.registry import AllowRule, DetectorSettings, default_registry
from tests.detectors.fieldkit import field, with_check_digit

REGISTRY = default_registry(DetectorSettings(ner_enabled=False))
#: The same detectors behind an allow-list, so that analyze also cuts text out of values.
ALLOWING_REGISTRY = default_registry(
    DetectorSettings(ner_enabled=False, allow=(AllowRule(r"example\.(?:com|org)"),))
)

#: Pieces that glue into values a detector's pattern and validation take seriously.
PIECES = (
    "@", ".", "-", " ", "+", "(", ")", "/", ":", "=", ";", ",", "_", "%", "\\", '"',
    "1", "12", "555", "4111", "0", "9", "00", "a", "Ab", "x", "com", "example.com",
    "GA1.", "imei", "IMEI: ", "born ", "dob", "1985-03-02", "02/03/1985", "10.0.0.1", "::",
    "fe80::1", "http://", "https://", "GET /", " HTTP/1.1", "Mozilla/5.0", "Street", " St",
    "Dr.", "sid=", "q=", "Inc", "GmbH", "M", "female", "\x00", "\u202e", "\u200f", "é",
    "\u0301", "😀", "\t", "\n", "\r", "\x1f", "\ufffd", "ß", "İ", "\u3000",
)  # fmt: skip
GLUED = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)
#: Long values from a short stretch repeated (up to tens of kilobytes).
LONG = st.builds(
    lambda text, times: text * times, st.text(min_size=1, max_size=6), st.integers(100, 4000)
)
VALUE = st.one_of(st.text(), GLUED, LONG)
#: Most columns hold a few values; some repeat them past the size that is dictionary encoded
#: and whose candidates are probed before a pattern runs over all of them.
COLUMN = st.builds(
    lambda values, times: values * times,
    st.lists(VALUE, min_size=1, max_size=10),
    st.sampled_from([1, 1, 1, 4, 120]),
)

#: Names that signal a category, so that the detectors that need one run too.
KEYWORDS = sorted(
    {k for d in REGISTRY for k in d.name_keywords}
    | {"comment", "notes", "card_number", "expiry", "cardholder_name"}
)
NAME = st.one_of(
    st.text(),
    st.sampled_from(KEYWORDS),
    st.builds(lambda a, b: f"{a}.{b}", st.text(max_size=8), st.sampled_from(KEYWORDS)),
    st.builds(lambda a, b: f"{a}_{b}", st.sampled_from(KEYWORDS), st.sampled_from(KEYWORDS)),
)
CONTEXT = st.lists(st.one_of(st.sampled_from(KEYWORDS), st.text(max_size=8)), max_size=3)


#: Values of each kind the detectors find, written as stores hold them, under the field name
#: that signals the kind (some detectors count only under one).
KNOWN: dict[str, tuple[str, list[str]]] = {
    "email": ("email", ["jane.doe@example.org", "ops+alerts@mail.example.co.uk"]),
    "ip": ("client_ip", ["203.0.113.7", "198.51.100.23", "2001:db8::8a2e:370:7334"]),
    "uuid": ("device_id", ["3b241101-e2bb-4255-8caf-4136c566a962"]),
    "card": ("card_number", ["4111111111111111", "5500 0000 0000 0004"]),
    "phone": ("phone", ["+1 415-555-0100", "+44 20 7946 0958"]),
    "ssn": ("ssn", ["123-45-6780", "536-22-8841"]),
    "mac": ("mac_address", ["00:1a:2b:3c:4d:5e", "a4-5e-60-d1-22-9f"]),
    "birth date": ("date_of_birth", ["1985-03-02", "1962-11-30"]),
    "name": ("full_name", ["Ada Lovelace", "José García", "Mei Ng"]),
    "city": ("city", ["Paris", "São Paulo", "Zürich", "St. Louis"]),
    "gender": ("gender", ["female", "male", "non-binary"]),
    "zip": ("zip", ["94107", "10001-1234", "02139"]),
    "street": ("address", ["221 Baker Street", "1600 Amphitheatre Parkway"]),
    "user agent": (
        "user_agent",
        ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"],
    ),
    "url": (
        "page_url",  # one page everywhere is configuration: five at least
        [f"https://shop.example.net/{page}?id={n}" for n, page in enumerate("abcde")],
    ),
    "session": ("session_id", ["sid=Zx81kQ0pL2mN7vB4cX9sT3aR"]),
}
#: More of each kind, generated.
GENERATED: dict[str, st.SearchStrategy[str]] = {
    "email": st.emails(),
    "ip": st.ip_addresses().map(str),
    "uuid": st.uuids().map(str),
    "card": st.from_regex(r"4[0-9]{14}", fullmatch=True).map(with_check_digit),
    "phone": st.from_regex(r"\+1 [2-9][0-9]{2}-[2-9][0-9]{2}-[0-9]{4}", fullmatch=True),
    "ssn": st.from_regex(r"[1-6][0-9]{2}-[1-9][0-9]-[1-9][0-9]{3}", fullmatch=True),
    "mac": st.from_regex(r"(?:[0-9a-f]{2}:){5}[0-9a-f]{2}", fullmatch=True),
    "birth date": st.dates(date(1930, 1, 1), date(2005, 12, 31)).map(str),
    "zip": st.from_regex(r"[0-9]{5}(?:-[0-9]{4})?", fullmatch=True),
    "street": st.builds(
        "{} {} Street".format, st.integers(1, 9999), st.sampled_from(["Elm", "Oak"])
    ),
    "url": st.builds(
        "https://{}.example.net/{}".format, st.text("abc", min_size=1), st.text("xy/")
    ),
}
ENTITIES = {
    kind: (name, st.one_of(st.sampled_from(values), GENERATED.get(kind, st.nothing())))
    for kind, (name, values) in KNOWN.items()
}
ENTITY_KINDS = st.sampled_from(sorted(ENTITIES))


@st.composite
def entity_field(draw: st.DrawFn) -> FieldData:
    """A field of mostly one kind of entity, some of it inside text or beside noise, under
    its name or another."""
    kind = draw(ENTITY_KINDS)
    signalling, entity = ENTITIES[kind]
    value = st.one_of(
        entity,
        entity,
        st.builds("seen {} here".format, entity),
        VALUE,
    )
    values = draw(st.lists(value, min_size=1, max_size=12))
    name = draw(st.one_of(st.just(signalling), NAME))
    return text_field(name, values, draw(CONTEXT))


def text_field(name: str, values: list[str], context: list[str]) -> FieldData:
    return field(name, values, arrow_type=pa.string(), context=(name, *context))


def alphanumerics(text: str) -> int:
    return sum(ch.isalnum() for ch in text)


def reads_as_a_mask(text: str) -> bool:
    """Whether ``text`` is written like a masked example itself (``j***@e***.com``,
    ``10.0.x.x``): a column may hold such text beside the value whose mask it equals."""
    return "*" in text or "x.x" in text or "x:x" in text


def assert_masked(ev: Evidence, raw_values: list[str]) -> None:
    """No example of ``ev`` is one of ``raw_values`` as it was read."""
    assert len(ev.examples) <= MAX_EXAMPLES, ev
    # A mask keeps at most one letter or digit of what it hides (an IP address its network
    # part, starring the rest), so a value with two or more never comes back as it was.
    shown = {v for v in raw_values if alphanumerics(v) >= 2 and not reads_as_a_mask(v)}
    leaked = shown.intersection(ev.examples)
    assert not leaked, (ev.detector, leaked)


def assert_counted(ev: Evidence, detector: Detector, scanned: int) -> None:
    """``ev`` is of ``detector``'s categories, counts within the ``scanned`` values and scores
    within [0, 1]."""
    assert ev.category in detector.categories, ev
    assert ev.detector == detector.name, ev
    assert 0 <= ev.full_matches <= ev.matches <= ev.scanned == scanned, ev
    assert 0.0 <= ev.name_signal <= 1.0, ev
    assert 0.0 <= score(ev) <= 1.0, ev


@settings(max_examples=80, deadline=None)
@given(name=NAME, values=COLUMN, context=CONTEXT)
def test_every_detector_takes_any_text(name: str, values: list[str], context: list[str]) -> None:
    f = text_field(name, values, context)
    for detector in REGISTRY:
        if not detector.applies_to(f):
            continue
        for ev in detector.detect(f):
            assert_counted(ev, detector, len(f.values))
            assert_masked(ev, f.values.to_pylist())


@settings(max_examples=80, deadline=None)
@given(f=entity_field())
def test_what_a_detector_finds_it_shows_masked(f: FieldData) -> None:
    for detector in REGISTRY:
        if detector.applies_to(f):
            for ev in detector.detect(f):
                assert_counted(ev, detector, len(f.values))
                assert_masked(ev, f.values.to_pylist())


@pytest.mark.parametrize("kind", sorted(KNOWN))
def test_each_kind_of_entity_is_found_under_its_name(kind: str) -> None:
    # Else the test above would check masks that never show: a column of each kind gives
    # evidence with examples, and the examples are masked.
    name, values = KNOWN[kind]
    f = text_field(name, values * 4, [])
    found = [ev for d in REGISTRY if d.applies_to(f) for ev in d.detect(f)]
    assert any(ev.examples for ev in found), (kind, found)
    for ev in found:
        assert_masked(ev, values)


@settings(max_examples=60, deadline=None)
@given(name=NAME, values=COLUMN, context=CONTEXT)
def test_analyze_takes_any_text_with_an_allow_list(
    name: str, values: list[str], context: list[str]
) -> None:
    f = text_field(name, values, context)
    by_name = {d.name: d for d in ALLOWING_REGISTRY}
    for ev in ALLOWING_REGISTRY.analyze(f):
        # Allowed text is cut out first, and values it empties are dropped.
        assert_counted(ev, by_name[ev.detector], ev.scanned)
        assert ev.scanned <= len(f.values), ev
        assert_masked(ev, f.values.to_pylist())


@settings(max_examples=50, deadline=None)
@given(
    name=NAME,
    numbers=st.lists(st.integers(-(2**63), 2**63 - 1), min_size=1, max_size=40),
)
def test_every_detector_takes_any_integer_column(name: str, numbers: list[int]) -> None:
    # Integer columns are read as text too (card numbers, phones, birth dates kept as ints).
    f = field(name, numbers, arrow_type=pa.int64())
    for detector in REGISTRY:
        if detector.applies_to(f):
            for ev in detector.detect(f):
                assert_counted(ev, detector, len(f.values))
                assert_masked(ev, f.values.to_pylist())


def test_the_leak_check_catches_a_value_shown_whole() -> None:
    # The check itself: evidence holding a raw value fails it.
    f = text_field("email", ["jane.doe@example.org"], [])
    (email,) = (d for d in REGISTRY if d.name == "email")
    (ev,) = email.detect(f)
    assert ev.examples and "jane.doe@example.org" not in ev.examples
    assert_masked(ev, f.values.to_pylist())
    with pytest.raises(AssertionError):
        assert_masked(replace(ev, examples=("jane.doe@example.org",)), f.values.to_pylist())

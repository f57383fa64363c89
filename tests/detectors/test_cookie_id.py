import base64
import hashlib
import uuid

import pytest

from detectors.base import score
from detectors.cookie_id import CookieIdDetector
from tests.detectors.fieldkit import evidence, field, pattern_kinds

DETECTOR = CookieIdDetector()

GA = [f"GA1.2.{1234567890 + i * 7919}.{1617181920 + i}" for i in range(10)]
TOKENS = [hashlib.md5(f"s{i}".encode()).hexdigest()[:26] for i in range(30)]
SHAS = [hashlib.sha256(f"f{i}".encode()).hexdigest() for i in range(30)]
UUIDS = [str(uuid.uuid5(uuid.NAMESPACE_URL, f"row{i}")) for i in range(30)]


def test_ga_cookies_count_from_content():
    ev = evidence(DETECTOR, field("tracking", GA))
    assert ev.matches == ev.full_matches == len(GA)
    assert "ga_cookie" in pattern_kinds(ev) and not ev.requires_name
    assert score(ev) >= 0.9
    assert all(e.startswith("GA1.") and "1234567890" not in e for e in ev.examples)


def test_session_cookies_in_headers_and_urls():
    values = [f"Cookie: JSESSIONID={t.upper()}; theme=dark" for t in TOKENS[:5]]
    values += [f"GET /cart?PHPSESSID={t} HTTP/1.1" for t in TOKENS[5:10]]
    values += [f"_ga={g}; _gid=GA1.2.98765.1617181920" for g in GA[:3]]
    values += ["session_id=3f6b2c1a9e8d7f40a1b2c3d4e5f60718 user=42"]
    ev = evidence(DETECTOR, field("raw_request", values))
    assert ev.matches == len(values) and ev.full_matches == 0
    assert "session_cookie" in pattern_kinds(ev) and score(ev) >= 0.9
    assert any(e.startswith("JSESSIONID=") for e in ev.examples)
    assert not any(t in e for e in ev.examples for t in TOKENS)


@pytest.mark.parametrize(
    "name", ["session_id", "sessionId", "cookie_id", "sid", "visitor_id", "anonymous_id"]
)
def test_opaque_tokens_under_a_cookie_name(name):
    ev = evidence(DETECTOR, field(name, TOKENS))
    assert ev.matches == len(TOKENS) and pattern_kinds(ev) == {"token"} and ev.requires_name
    assert score(ev) >= 0.9


def test_ga_client_ids_under_a_client_id_name():
    values = [f"{1234567890 + i}.{1617181920 + i}" for i in range(30)]
    assert evidence(DETECTOR, field("client_id", values)).matches == 30


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("checksum", SHAS),
        ("sha", SHAS),
        ("hash", [s[:40] for s in SHAS]),
        ("id", UUIDS),
        ("payload", [base64.b64encode(s.encode()).decode() for s in SHAS]),
        ("api_key", [f"sk_live_{t}" for t in TOKENS]),
        ("value", TOKENS),
    ],
)
def test_hard_negatives_are_not_cookies(name, values):
    assert evidence(DETECTOR, field(name, values)) is None


def test_low_cardinality_session_values_are_settings():
    values = ["authenticated_user_v2", "anonymous_visitor_v1"] * 50
    assert evidence(DETECTOR, field("session_type", values)) is None
    assert evidence(DETECTOR, field("session_secret", ["k3y_9f8e7d6c5b4a3f2e1d"] * 100)) is None


def test_placeholder_cookie_values_do_not_count():
    assert evidence(DETECTOR, field("header", ["JSESSIONID=deleted; Max-Age=0"] * 5)) is None


def test_cookies_mentioned_in_free_text():
    values = [f"user reported issue, cookie _ga={g} attached" for g in GA]
    values += [f"ticket {i} resolved by restarting the service" for i in range(90)]
    ev = evidence(DETECTOR, field("comment", values))
    assert ev.matches == 10 and ev.full_matches == 0
    assert score(ev) >= 0.5

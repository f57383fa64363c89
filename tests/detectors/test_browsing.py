"""Browsing and search history: visited pages in fields named for them, search terms in
query strings."""

from __future__ import annotations

import pytest

from detectors.base import score
from detectors.browsing import BrowsingHistoryDetector, SearchTermsDetector, mask_url
from tests.detectors.fieldkit import evidence, field

PAGES = BrowsingHistoryDetector()
SEARCH = SearchTermsDetector()

REQUESTS = [f"GET /docs/page-{i}?ref=nav HTTP/1.1" for i in range(30)] + [
    "POST /api/v4/posts HTTP/2.0",
    "GET / HTTP/1.1",
]
REFERERS = [f"https://blog.example.org/post/{i}" for i in range(20)] + [
    "https://www.google.com/search?q=self+hosted+chat",
    "https://duckduckgo.com/?q=mattermost+pricing&t=h_",
]


@pytest.mark.parametrize(
    ("name", "values"), [("request", REQUESTS), ("referer", REFERERS), ("page_url", REFERERS)]
)
def test_visited_pages_in_fields_named_for_them(name: str, values: list[str]) -> None:
    ev = evidence(PAGES, field(name, values))
    assert ev is not None and ev.category == "user.behavior.browsing_history"
    assert score(ev) >= 0.9
    assert all("***" in e and "docs" not in e and "blog" not in e for e in ev.examples)


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("website", [f"https://company{i}.example.com" for i in range(20)]),  # a firm's site
        ("avatar_url", [f"https://cdn.example.com/a/{i}.png" for i in range(20)]),
        ("path", [f"/var/lib/app/data/file{i}.bin" for i in range(20)]),  # file paths
        ("url", [f"https://example.com/item/{i}" for i in range(20)]),  # no visit signal
        ("referer", ["https://example.com/"] * 20),  # one URL everywhere: configuration
        ("request_id", [f"req-{i}" for i in range(20)]),
    ],
)
def test_urls_that_are_not_browsing_history(name: str, values: list[str]) -> None:
    assert evidence(PAGES, field(name, values)) is None


def test_search_terms_in_referrers_and_request_lines() -> None:
    ev = evidence(SEARCH, field("referer", REFERERS))
    assert ev is not None and ev.matches == 2 and ev.category == "user.behavior.search_history"
    assert sorted(ev.examples) == ["m***", "s***"]
    line = field("request", ["GET /search?query=red+shoes&page=2 HTTP/1.1"] * 5)
    assert evidence(SEARCH, line).matches == 5


@pytest.mark.parametrize(
    "value",
    [
        "GET /list?page=2&s=1 HTTP/1.1",  # numbers are pagination
        "https://example.com/?q=",  # empty
        "SELECT * FROM users WHERE q=1",  # no query string
        "https://example.com/item?id=42&text=7",
    ],
)
def test_query_strings_without_search_terms(value: str) -> None:
    assert evidence(SEARCH, field("request", [value] * 5)) is None


def test_url_masks_keep_only_scheme_and_an_initial() -> None:
    assert mask_url("https://news.example.com/a?b=c") == "https://n***/…"
    assert mask_url("GET /cart?id=9 HTTP/1.1") == "GET /c***…"


def test_a_ref_field_holding_urls_is_a_referrer() -> None:
    ev = evidence(PAGES, field("site.ref", ["https://news.example.org/story/42"]))
    assert ev is not None and score(ev) >= 0.9
    assert evidence(PAGES, field("ref", ["INV-2024-0042"] * 5)) is None  # a reference number


@pytest.mark.parametrize(
    "line",
    [
        '10.0.0.1 - - [10/Oct/2024:13:55:36 +0000] "GET /cart?id=1 HTTP/1.1" 200 512',
        "2002-05-24 20:18:01 172.224.24.114 - 206.73.118.24 80 GET /Default.htm - 200 7930",
        "1320279566.452687\tCwFs1P2UcUdlSxD6Hi\tGET\tbits.wikimedia.org\t/skins-1.5/x.css",
    ],
)
def test_request_lines_inside_unparsed_log_lines(line: str) -> None:
    from detectors.browsing import RequestLineDetector

    ev = evidence(RequestLineDetector(), field("line", [line] * 10))
    assert ev is not None and ev.category == "user.behavior.browsing_history"
    assert score(ev) >= 0.9 and all("***" in e for e in ev.examples)


@pytest.mark.parametrize(
    "text", ["GET the report from the share", "please POST it on the board", "TARGET /tmp"]
)
def test_words_that_are_not_requests(text: str) -> None:
    from detectors.browsing import RequestLineDetector

    assert evidence(RequestLineDetector(), field("comment", [text] * 10)) is None

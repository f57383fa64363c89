"""Browsing and search history: the pages a person visited, the page they came from, and
what they searched for — the policy's "web page that you were visiting before accessing our
Site", "pages ... which you browsed" and "search terms".

A URL alone is not personal data (a company's website, an image link), so page columns count
only in fields named for visits (``referer``, ``page_url``, an access log's ``request``).
Search terms are told by their shape wherever they occur: a query parameter such as ``q=`` or
``search=`` in a URL or a request line.
"""

from __future__ import annotations

from urllib.parse import unquote_plus

import pyarrow as pa
import pyarrow.compute as pc

from detectors.base import FieldData, PatternDetector
from detectors.profile import ProfileDetector
from detectors.value_shapes import WHITESPACE


def mask_url(value: str) -> str:
    """Keep the scheme, the first letter of the host or path and nothing else:
    ``https://news.example.com/a?b`` -> ``https://n***/…``; ``GET /cart HTTP/1.1`` ->
    ``GET /c***…``."""
    method, sep, rest = value.partition(" ")
    if sep and method.isupper():
        return f"{method} {mask_url(rest.split(' ', 1)[0])}"
    scheme, sep, rest = value.partition("://")
    if sep:
        return f"{scheme}://{rest[:1]}***/…"
    return f"/{value.lstrip('/')[:1]}***…"


class BrowsingHistoryDetector(ProfileDetector):
    """Columns of visited pages or referrers: URLs or request lines in a field named for
    them, with more than a handful of distinct values (one URL everywhere is configuration)."""

    name = "browsing_history"
    category = "user.behavior.browsing_history"
    name_keywords = (
        "referer", "referrer", "ref", "http_referer", "page_url", "page", "visited_url",
        "landing_page", "request", "request_uri", "request_url", "request_path", "page_path",
        "current_url", "previous_url", "previous_page", "entry_page", "exit_page",
        "clicked_url", "link_clicked", "click_url", "pageview", "page_view", "url_visited",
    )  # fmt: skip
    name_negative = (
        "image", "img", "avatar", "logo", "icon", "photo", "api", "webhook", "callback",
        "endpoint", "docs", "homepage", "website", "repo", "repository", "download", "size",
        "count", "id", "bytes", "time", "duration", "method", "status",
    )  # fmt: skip
    shape = r"(?:https?://\S+|/\S*|(?:GET|POST|PUT|DELETE|HEAD|PATCH|OPTIONS) /\S*(?: HTTP/\S+)?)"
    min_share = 0.5
    profile_label = "values are visited pages"

    def column_ok(self, f: FieldData, matched: pa.Array) -> bool:
        return pc.count_distinct(matched).as_py() >= min(5, len(matched))

    def mask(self, value: str) -> str:
        return mask_url(value)


class SearchTermsDetector(PatternDetector):
    """Search terms carried in a URL's query string (``?q=``, ``&search=``, ``?keywords=``),
    in any field: referrers from search engines, request lines of a site search."""

    name = "search_terms"
    category = "user.behavior.search_history"
    name_keywords = ("search", "search_term", "search_terms", "search_query", "searchterm")
    prefilter = ("=",)
    pattern = (
        r"[?&](?:q|query|search|search_query|searchterm|search_term|keywords?|term|text|s)"
        r"=(?P<v>[^&\s\"'#]{2,})"
    )

    def validate(self, match: str) -> bool:
        term = unquote_plus(match).strip()
        # Numbers and single characters are ids and pagination, not what someone searched.
        return len(term) >= 2 and any(c.isalpha() for c in term)

    def mask(self, match: str) -> str:
        return f"{unquote_plus(match)[:1]}***"


class RequestLineDetector(PatternDetector):
    """Pages requested, inside log lines no parser took apart: an HTTP method followed by a
    path, as access logs, IIS/W3C logs and Zeek's http.log write them (``GET /cart
    HTTP/1.1``, ``GET /Default.htm - 200``, ``GET<tab>host<tab>/path``)."""

    name = "request_lines"
    category = "user.behavior.browsing_history"
    prefilter = ("GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS")
    min_counts = ((WHITESPACE, 1),)
    pattern = (
        r"(?:^|[\s\"'\[])(?:GET|POST|HEAD|PUT|DELETE|PATCH|OPTIONS)\s+"
        r"(?:[\w.\-]+(?::\d+)?\s+)?(?P<v>/[^\s\"']*)"
    )

    def mask(self, match: str) -> str:
        return mask_url(match)

"""Cookie and session identifiers.

- Google Analytics client cookies (``GA1.2.1234567890.1234567890``) anywhere;
- ``key=value`` pairs of well-known session cookies in text and headers (``JSESSIONID=...``,
  ``PHPSESSID=...``, ``session_id=...``, ``_ga=...``);
- opaque tokens (16+ characters of letters, digits and ``_-.%:``) as the whole value, only in
  fields named for cookies or sessions and only when the column has many distinct values: the
  same token everywhere is a secret or a setting, not one per visitor.

Hashes in ``checksum``, UUID row keys in ``id``, blobs in ``payload`` and ``api_key`` values are
not cookies: their field names do not say so and they match neither cookie form.
"""

from __future__ import annotations

from detectors.base import FieldData, MultiPatternDetector, PatternKind
from detectors.masking import mask_generic

_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.%:")
_MIN_TOKEN = 16
#: Distinct values a token column needs: this many, or a tenth of its values if fewer.
_MIN_DISTINCT = 20


def _is_ga_cookie(text: str) -> bool:
    parts = text.split(".")
    return (
        len(parts) == 4
        and parts[0] == "GA1"
        and all(p.isdigit() for p in parts[1:])
        and 1 <= len(parts[1]) <= 2
        and len(parts[2]) <= 10
        and 9 <= len(parts[3]) <= 10
    )


def _is_ga_client_id(text: str) -> bool:
    """The client ID inside a GA cookie: ``1234567890.1617181920`` (random, first-visit time)."""
    random, _, first_seen = text.partition(".")
    return random.isdigit() and first_seen.isdigit() and 6 <= len(random) <= 10 < len(text)


def is_token(text: str) -> bool:
    """An opaque identifier: long, from a token alphabet, mixing letters and digits."""
    if len(text) < _MIN_TOKEN or not set(text) <= _TOKEN_CHARS:
        return False
    if _is_ga_cookie(text) or _is_ga_client_id(text):
        return True
    has_digit = any(c.isdigit() for c in text)
    has_alpha = any(c.isalpha() for c in text)
    return has_digit and has_alpha and len(set(text)) > 4


def _split_pair(text: str) -> tuple[str, str]:
    key, _, value = text.partition("=")
    return key, value


GA_COOKIE = PatternKind(
    label="ga_cookie",
    pattern=r"(?:^|[^\w.])(?P<v>GA1\.\d{1,2}\.\d{1,10}\.\d{9,10}[\w.]*)",
    prefilter=("GA1.",),
)
SESSION_PAIR = PatternKind(
    label="session_cookie",
    pattern=(
        r"(?i)(?:^|[^\w.])(?P<v>(?:jsessionid|phpsessid|aspsessionid\w*|asp\.net_sessionid"
        r"|session_?id|session|sid|_ga|_gid|connect\.sid|laravel_session|ci_session"
        r"|cookie_?id|visitor_?id|anonymous_?id)=[^\s;&,\"'<>]+)"
    ),
    prefilter=("=",),
)
TOKEN = PatternKind(
    label="token",
    pattern=r"^(?P<v>[A-Za-z0-9_\-.%:]{16,512})$",
    requires_name=True,
)


class CookieIdDetector(MultiPatternDetector):
    """Cookie and session identifiers."""

    name = "cookie_id"
    category = "user.device.cookie_id"
    name_keywords = (
        "cookie",
        "cookies",
        "cookie_id",
        "cookieid",
        "session",
        "sessions",
        "session_id",
        "sessionid",
        "sid",
        "jsessionid",
        "phpsessid",
        "visitor_id",
        "visitorid",
        "client_id",
        "clientid",
        "anonymous_id",
        "anonymousid",
        "ga",
    )
    kinds = (GA_COOKIE, SESSION_PAIR, TOKEN)

    def active_kinds(self, f: FieldData, name: float) -> tuple[PatternKind, ...]:
        kinds = super().active_kinds(f, name)
        if TOKEN in kinds and f.distinct < max(2, min(_MIN_DISTINCT, 0.1 * f.non_empty)):
            kinds = tuple(k for k in kinds if k is not TOKEN)
        return kinds

    def validate(self, kind: PatternKind, match: str) -> bool:
        if kind is GA_COOKIE:
            return _is_ga_cookie(match)
        if kind is SESSION_PAIR:
            return is_token(_split_pair(match)[1])
        return is_token(match)

    def mask(self, kind: PatternKind, match: str) -> str:
        if kind is SESSION_PAIR:
            key, value = _split_pair(match)
            return f"{key}={mask_generic(value)}"
        if kind is GA_COOKIE:
            return "GA1." + mask_generic(match[4:], keep=1)
        return mask_generic(match)

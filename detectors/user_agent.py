"""Browser and app user agents: the policy's "browser type and operating system".

Reported are user agents of a person's device: a product token, a version and a parenthesised
comment naming a platform (``Mozilla/5.0 (Windows NT 10.0; ...``, ``Dalvik/2.1.0 (Linux; U;
Android 11; ...)``, ``MyApp/3.2 (iPhone; iOS 17.1)``). Tools and crawlers (``curl/7.68.0``,
``python-requests/2.31``, ``Googlebot``, headless browsers) are not a person's browser.
"""

from __future__ import annotations

import re2

from detectors.base import PatternDetector
from detectors.masking import mask_email, mask_generic

#: Platforms a person's device names in the comment of its user agent.
_PLATFORM = re2.compile(
    r"(?i)windows|macintosh|mac os|iphone|ipad|ipod|\bios\b|android|linux|x11|cros|ubuntu"
    r"|fedora|mobile|tablet|tizen|kaios|webos|web0s|smart-?tv|playstation|xbox|nintendo"
    r"|blackberry|bb10|symbian|harmonyos|fuchsia|msie|trident"
)
#: Automated clients, which often borrow a browser's user agent.
_AUTOMATED = re2.compile(
    r"(?i)bot\b|bot/|crawl|spider|slurp|\+https?:|headless|phantomjs|lighthouse|facebookexternal"
    r"|python|curl|wget|java/|go-http|okhttp|httpclient|postman|scrapy|monitor|php|ruby|perl"
    r"|axios|node-fetch|libwww|guzzle"
)
_SHOWN = 30
#: What an app may write about its user into its user agent: an email (group 1), or the
#: value of a ``key=value`` (group 2, ``user=jane``).
_IDENTIFIER = re2.compile(r"([^\s;()=@]*@[^\s;()]*)|=([^\s;()]+)")


#: A word of a user agent: what lies between spaces, semicolons, commas and brackets.
_WORD = re2.compile(r"[^\s;(),]+")
#: Product tokens (``Mozilla/5.0``, ``ShopApp/4.2``) and language tags (``en-US``).
_PRODUCT_OR_LANGUAGE = re2.compile(
    r"^[A-Za-z][A-Za-z0-9._+-]*/[^/]*$|^[a-z]{2}(?:[-_][A-Za-z]{2})?$"
)
#: Words user agents are made of, besides platforms and products.
_UA_WORDS = frozenset(
    {
        "nt", "win64", "win32", "wow64", "x64", "x86_64", "i686", "amd64", "arm64", "aarch64",
        "arm", "intel", "cpu", "os", "x", "like", "u", "khtml", "gecko", "mobile", "safari",
        "version", "build", "wv", "rv", "compatible", "applewebkit", "chrome", "firefox", "edg",
        "edge", "opr", "samsungbrowser", "mac", "ppc", "armv7l", "armv8l", "simulator",
    }
)  # fmt: skip


def _plain_word(word: str) -> str:
    """``word`` as shown: kept when user agents are made of it (a product, a platform, a
    version), else only its first letter: an app may put its user's name there."""
    if (
        not any(c.isalpha() for c in word)
        or word.lower().rstrip(":") in _UA_WORDS
        or _PRODUCT_OR_LANGUAGE.match(word)
        or _PLATFORM.search(word)
        or "*" in word  # already masked (an email, a key=value value)
    ):
        return word
    return mask_generic(word)


def mask_user_agent(value: str) -> str:
    """The first 30 characters with digits starred, after emails and ``key=value`` values
    are masked and any word that is not a product, platform or version is cut to its first
    letter: an app's user agent can carry its user's email, id or name, even at the start
    (``ShopApp/4.2 (jane@example.com; iOS 17.1)``, ``App/1.0 (Jane Roe's iPhone)``)."""
    hidden = _IDENTIFIER.sub(
        lambda m: mask_email(m.group(1)) if m.group(1) else "=" + mask_generic(m.group(2)),
        value,
    )
    hidden = _WORD.sub(lambda m: _plain_word(m.group()), hidden)
    head = "".join("*" if c.isdigit() else c for c in hidden[:_SHOWN])
    return head + ("…" if len(hidden) > _SHOWN else "")


class UserAgentDetector(PatternDetector):
    """User agents of browsers and mobile apps."""

    name = "user_agent"
    category = "user.device"
    name_keywords = ("user_agent", "useragent", "ua", "http_user_agent", "browser")
    prefilter = ("/",)
    # product/version [more product/version] (comment) [product/version | (comment)]...
    # Quotes end it, so that a user agent quoted in an access-log line is taken alone.
    pattern = (
        r"(?P<v>\b[A-Za-z][\w.\-]{0,40}/\d[\w.\-+]*(?: [A-Za-z][\w.\-]{0,40}/[\w.\-+]+)*"
        r" ?\([^()\"\n]{3,300}\)(?: ?(?:[^\s()\"]+|\([^()\"\n]{0,300}\)))*)"
    )

    def validate(self, match: str) -> bool:
        comment = match[match.index("(") :]
        return bool(_PLATFORM.search(comment)) and not _AUTOMATED.search(match)

    def mask(self, match: str) -> str:
        return mask_user_agent(match)

"""IPv4 and IPv6 addresses: columns of them, URLs (``http://10.0.0.1:8080/``,
``[2001:db8::1]:443``) and log lines.

An RE2 pattern cannot look around, so the pattern takes the whole run of address-like
characters (letters, digits, ``.``, ``:``, ``%``) around a dotted quad or a pair of colons,
and :meth:`IpAddressDetector.validate` decides with :mod:`ipaddress` whether the run is an
address or holds one beside a port or a label. That is what keeps version strings
(``6.1.7601.17514``, ``1.2.3.4.5``), times (``12:34:56.789``), ``std::string``, MAC
addresses and hex hashes out.
"""

from __future__ import annotations

import ipaddress
import string

from detectors.base import Evidence, FieldData, PatternDetector, keyword_signal
from detectors.masking import mask_ip
from detectors.value_shapes import Needs

_HEX = frozenset(string.hexdigits + ":.")
_VERSION_LABELS = frozenset({"rv", "v", "ver", "version", "build"})
#: Fields whose dotted quads are versions ("app_version": 1.2.3.4), not addresses.
_VERSION_FIELDS = ("version", "ver", "build", "release", "firmware", "revision")

#: "Chrome/126.0.0.0" in a user agent is a version; "MININT-FNANLI5/10.190.173.170" (Java's
#: host/address form in Hadoop logs) is an address. Product tokens tell them apart.
_PRODUCT_TOKENS = frozenset(
    [
        "mozilla",
        "chrome",
        "chromium",
        "safari",
        "version",
        "firefox",
        "gecko",
        "applewebkit",
        "webkit",
        "edg",
        "edge",
        "edga",
        "edgios",
        "opr",
        "opera",
        "crios",
        "fxios",
        "mobile",
        "samsungbrowser",
        "yabrowser",
        "ucbrowser",
        "trident",
        "msie",
        "dalvik",
        "okhttp",
        "curl",
        "wget",
        "java",
        "electron",
        "headlesschrome",
        "brave",
        "vivaldi",
        "silk",
        "puffin",
    ]
)

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _ipv4(text: str) -> ipaddress.IPv4Address | None:
    parts = text.split(".")
    if len(parts) != 4 or not all(p.isascii() and p.isdigit() and len(p) <= 3 for p in parts):
        return None
    try:
        # Rejects octets over 255 and zero-padded octets ("010"), which are not how
        # addresses are written.
        return ipaddress.IPv4Address(text)
    except ValueError:
        return None


def _ipv6(text: str) -> ipaddress.IPv6Address | None:
    addr, _, _zone = text.partition("%")
    if "::" not in addr and addr.count(":") != 7:
        return None
    if not set(addr) <= _HEX or not any(c.isdigit() for c in addr):
        # Letters beyond a-f: a word ("std::string"); no digit at all: "dead::beef" prose.
        return None
    groups = addr.split(":")
    if len(groups) == 8 and all(len(g) == 2 for g in groups):
        return None  # EUI-64 / MAC-like "aa:bb:cc:dd:ee:ff:00:11"
    try:
        ip = ipaddress.IPv6Address(addr)
    except ValueError:
        return None
    return None if ip.is_unspecified else ip


def find_address(run: str) -> IpAddress | None:
    """The address in a run of address-like characters: the run itself, or one ``:``-separated
    piece of it (``10.0.0.1:8080``, ``client:10.0.0.1``); None when there is none."""
    run = run.rstrip(".:")  # sentence ends and "10.0.0.1:" log prefixes
    ip6 = _ipv6(run)
    if ip6 is not None:
        return ip6
    if ":" not in run:
        return _ipv4(run)
    pieces = run.split(":")
    for label, piece in zip(["", *pieces], pieces, strict=False):
        ip4 = _ipv4(piece)
        # "rv:1.9.2.16" is a Firefox version in a user agent, not an address.
        if ip4 is not None and label.lower() not in _VERSION_LABELS:
            return ip4
    return None


class IpAddressDetector(PatternDetector):
    """IP addresses anywhere in a value."""

    name = "ip_address"
    category = "user.device.ip_address"
    name_keywords = (
        "ip",
        "ip_address",
        "ipaddr",
        "ipaddress",
        "ipv4",
        "ipv6",
        "remote_addr",
        "remote_ip",
        "client_ip",
        "host_ip",
        "x_forwarded_for",
        "forwarded_for",
    )
    # A dotted quad has four digits in one stretch of digits and dots; every IPv6 form has
    # two colons ("::" or seven of them).
    prefilter = (".",)
    min_digit_run = 4
    min_counts = ((".", 3),)
    or_needs = Needs(counts=((":", 2),))
    # The run of [\w.:%] around a dotted quad, a "::" or eight colon-separated groups (every
    # IPv6 form has one of the last two, which keeps times like 12:34:56 from being candidates),
    # started at a non-run character so that the run is seen whole (greedy on both sides).
    # A token glued on with "/" is taken along so validate can tell a browser version
    # ("Chrome/126.0.0.0") from a host/address pair.
    pattern = (
        r"(?:^|[^\w.:%])(?P<v>(?:[A-Za-z][\w-]*/)?[\w.:%]*"
        r"(?:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|::|(?:[0-9A-Fa-f]{1,4}:){7})[\w.:%]*"
        r"(?:/\d{1,3})?)"
    )

    def detect(self, f: FieldData) -> list[Evidence]:
        if keyword_signal(f, _VERSION_FIELDS) > 0:
            return []
        return super().detect(f)

    def validate(self, match: str) -> bool:
        ip = self._address(match)
        # Loopback, "any" and multicast addresses name no one's device.
        return ip is not None and not (ip.is_loopback or ip.is_unspecified or ip.is_multicast)

    @staticmethod
    def _address(match: str) -> IpAddress | None:
        """The address in a match, or None for a browser version ("Chrome/126.0.0.0") or a
        network range ("10.0.0.0/8"); "host/10.1.2.3" keeps its address."""
        head, slash, tail = match.rpartition("/")
        if slash and tail.isdigit():
            return None
        product = head.rpartition("/")[2] if slash else ""
        if product.lower() in _PRODUCT_TOKENS:
            return None
        return find_address(tail if slash else match)

    def mask(self, match: str) -> str:
        ip = self._address(match)
        return mask_ip(str(ip)) if ip is not None else "***"

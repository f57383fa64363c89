"""Field names that are safe to report.

Field paths come from the data's own keys: a JSON document keyed by email address
(``{"jane@example.com": {"ip": ...}}``) would otherwise turn each person into a field, and
each report line would carry a raw value. A path segment that looks like a value is replaced
by its kind (``<email>.ip``), and fields whose paths become equal are judged together.
"""

from __future__ import annotations

import ipaddress

import re2

_DIGITISH = re2.compile(r"^[+(]?[\d][\d ()./-]{4,}$")
_HEXISH = re2.compile(r"^[0-9A-Fa-f-]{16,}$")
_TOKENISH = re2.compile(r"^[A-Za-z0-9_\-+/=.:]{20,}$")
#: An IPv4 address, or a run of nine or more digits (phone numbers, SSNs, card numbers,
#: written with separators or not), inside a longer segment: ``81.94.207.11:443``,
#: ``tel:+19173842211``, ``ssn 512-37-8841``. Dates (eight digits) are left alone.
_IPV4_INSIDE = re2.compile(r"(?:^|[^\d.])(?:\d{1,3}\.){3}\d{1,3}(?:$|[^\d.])")
_LONG_NUMBER_INSIDE = re2.compile(r"\d(?:[ ().-]?\d){8,}")


def safe_segment(segment: str) -> str:
    """``segment`` itself, or a placeholder naming its kind when it looks like a value."""
    s = segment.strip()
    if "@" in s and "." in s.rpartition("@")[2]:
        return "<email>"
    try:
        ipaddress.ip_address(s.strip("[]"))
    except ValueError:
        pass
    else:
        return "<ip>"
    digits = sum(c.isdigit() for c in s)
    if _DIGITISH.match(s) and digits >= 6:
        return "<number>"
    if _HEXISH.match(s) and digits:
        return "<id>"
    if _TOKENISH.match(s) and digits and any(c.isalpha() for c in s):
        return "<token>"
    if _IPV4_INSIDE.search(s):
        return "<ip>"
    if _LONG_NUMBER_INSIDE.search(s):
        return "<number>"
    return segment


def join_path(parent: str, child: str) -> str:
    """``parent.child`` with ``child`` made safe to report."""
    return f"{parent}.{safe_segment(child)}"

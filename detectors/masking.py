"""Masking of example values: a report shows the shape of what was found, never the value."""

from __future__ import annotations

import ipaddress

import re2


def mask_generic(value: str, keep: int = 1) -> str:
    """Keep the first ``keep`` characters and any punctuation; star the other letters and
    digits. ``4111-1111-1111-1111`` -> ``4***-****-****-****``."""
    out = []
    kept = 0
    for ch in value:
        if ch.isalnum():
            if kept < keep:
                out.append(ch)
                kept += 1
            else:
                out.append("*")
        else:
            out.append(ch)
    return _squeeze("".join(out))


def _squeeze(masked: str) -> str:
    # Runs of stars longer than three leak a value's length; shorten them.
    return re2.sub(r"\*{4,}", "***", masked)


def mask_email(value: str) -> str:
    """``jane.doe@example.com`` -> ``j***@e***.com``."""
    local, _, domain = value.partition("@")
    host, _, tld = domain.rpartition(".")
    if not host:
        host, tld = domain, ""
    masked = f"{local[:1]}***@{host[:1]}***"
    return f"{masked}.{tld}" if tld else masked


def mask_ip(value: str) -> str:
    """``203.0.113.7`` -> ``203.0.x.x``; IPv6 keeps the first two groups."""
    try:
        ip = ipaddress.ip_address(value.strip("[]"))
    except ValueError:
        return mask_generic(value)
    if ip.version == 4:
        a, b, _, _ = str(ip).split(".")
        return f"{a}.{b}.x.x"
    groups = ip.exploded.split(":")
    return ":".join(groups[:2]) + ":x:x:x:x:x:x"


def mask_name(value: str) -> str:
    """``Jane Doe`` -> ``J*** D***``: initials only."""
    return " ".join(f"{w[:1]}***" for w in value.split()) or "***"


def mask_digits(value: str, keep_last: int = 0) -> str:
    """Star every digit except the last ``keep_last``, keeping separators:
    ``+1 (555) 123-4567`` -> ``+* (***) ***-****``."""
    total = sum(ch.isdigit() for ch in value)
    seen = 0
    out = []
    for ch in value:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > total - keep_last else "*")
        elif ch.isalpha():
            out.append("*")
        else:
            out.append(ch)
    return "".join(out)

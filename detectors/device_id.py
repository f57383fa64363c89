"""Device identifiers, in several forms reported as one ``user.device.device_id`` verdict:

- advertising IDs (IDFA, GAID: UUIDs) and hex hardware IDs (Android ID, UDID, hashed IDs) only
  in fields named for devices: a UUID in ``id``, ``order_id`` or ``trace_id`` is a row key;
- IMEIs (15 digits passing Luhn) in a field named ``imei``, or written ``IMEI: ...`` in text;
- MAC addresses (``aa:bb:cc:dd:ee:ff``, ``aa-bb-...``, ``aabb.ccdd.eeff``) from content alone,
  except the all-zero and broadcast addresses.

Each kind found is named in the evidence's signals; a field with MACs stands without a name.
"""

from __future__ import annotations

import string

from detectors.base import MultiPatternDetector, PatternKind
from detectors.credit_card import luhn_ok
from detectors.masking import mask_generic

_HEXDIGITS = frozenset(string.hexdigits)
_DUMMY_MACS = frozenset({"000000000000", "ffffffffffff"})
_IMEI_DIGITS = 15


def _is_uuid(text: str) -> bool:
    # The all-zero IDFA is what iOS reports when tracking is limited: no identifier at all.
    return len(text) == 36 and set(text.replace("-", "")) != {"0"}


def _is_hex_id(text: str) -> bool:
    """An Android ID (16 hex), an iOS UDID (40 hex, or 8-16 with a dash) or a hashed ID."""
    plain = text.replace("-", "", 1) if len(text) == 25 and text[8] == "-" else text
    if len(plain) not in (16, 24, 32, 40, 64) or not set(plain) <= _HEXDIGITS:
        return False
    # Random hex holds letters and digits; a run of one character is a placeholder.
    return (
        any(c.isdigit() for c in plain) and any(c.isalpha() for c in plain) and len(set(plain)) > 2
    )


def _is_imei(text: str) -> bool:
    seps = {c for c in text if not c.isdigit()}
    digits = text.replace("-", "").replace(" ", "")
    return (
        seps <= {" ", "-"}
        and len(seps) <= 1
        and len(digits) == _IMEI_DIGITS
        and digits.isdigit()
        and len(set(digits)) > 1
        and luhn_ok(digits)
    )


def _is_mac(text: str) -> bool:
    text = text.rstrip(".:")
    low = text.lower()
    if len(text) == 17:
        sep = text[2]
        groups = low.split(sep)
        ok = sep in ":-" and len(groups) == 6 and all(len(g) == 2 for g in groups)
    elif len(text) == 14:
        groups = low.split(".")
        # Cisco style; demand a letter so that "2021.0304.1200" build numbers stay out.
        ok = len(groups) == 3 and all(len(g) == 4 for g in groups)
        ok = ok and any(c in "abcdef" for c in low)
    else:
        return False
    plain = "".join(groups)
    return ok and set(plain) <= _HEXDIGITS and plain not in _DUMMY_MACS


_UUID = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
_IMEI = r"\d{2}[ \-]?\d{6}[ \-]?\d{6}[ \-]?\d"

ADVERTISING_ID = PatternKind(
    label="advertising_id",
    pattern=rf"(?:^|[^\w\-])(?P<v>{_UUID}[\w\-]*)",
    prefilter=("-",),
    min_hex_run=32,
    requires_name=True,
)
HEX_ID = PatternKind(
    label="hex_id",
    pattern=r"(?:^|[^\w\-])(?P<v>(?:[0-9A-Fa-f]{8}-[0-9A-Fa-f]{16}|[0-9A-Fa-f]{16,64})[\w\-]*)",
    min_hex_block=16,
    requires_name=True,
)
IMEI = PatternKind(
    label="imei",
    pattern=rf"(?:^|[^\w\-])(?P<v>{_IMEI}[\w\-]*)",
    name_keywords=("imei",),
    min_digit_run=15,
)
IMEI_IN_TEXT = PatternKind(
    label="imei_in_text",
    pattern=rf"(?i)(?:^|[^a-z0-9])imei(?:sv)?\W{{0,3}}(?P<v>{_IMEI}[\w\-]*)",
    prefilter=("mei", "MEI"),
    min_digit_run=15,
)
MAC_ADDRESS = PatternKind(
    label="mac_address",
    pattern=(r"(?:^|[^\w:.\-])(?P<v>(?:[0-9A-Fa-f]{2}[:\-]){5}[0-9A-Fa-f]{2}[\w:.\-]*)"),
    prefilter=(":", "-"),
    min_hex_run=12,
    min_counts=((":-", 5),),
)
#: Cisco's way of writing one: 3c22.fb10.5e7a.
MAC_ADDRESS_DOTTED = PatternKind(
    label="mac_address",
    pattern=r"(?:^|[^\w:.\-])(?P<v>[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}[\w:.\-]*)",
    prefilter=(".",),
    min_hex_run=12,
    min_counts=((".", 2),),
)

_VALIDATORS = {
    ADVERTISING_ID: _is_uuid,
    HEX_ID: _is_hex_id,
    IMEI: _is_imei,
    IMEI_IN_TEXT: _is_imei,
    MAC_ADDRESS: _is_mac,
    MAC_ADDRESS_DOTTED: _is_mac,
}


class DeviceIdDetector(MultiPatternDetector):
    """Device identifiers: advertising IDs, hardware IDs, IMEIs and MAC addresses."""

    name = "device_id"
    category = "user.device.device_id"
    # Random 15-digit numbers pass the IMEI checksum one time in ten: a column where most
    # candidates fail it holds something else.
    min_valid_share = 0.5
    name_keywords = (
        "device",
        "deviceid",
        "ifa",
        "idfa",
        "idfv",
        "gaid",
        "adid",
        "aaid",
        "advertising_id",
        "advertisingid",
        "android_id",
        "androidid",
        "udid",
        "imei",
        "mac",
        "mac_address",
        "macaddress",
        "mac_addr",
        "macaddr",
        "hwaddr",
        "dpidsha1",
        "dpidmd5",
        "didsha1",
        "didmd5",
    )
    accepts_numeric = True  # IMEIs stored as integers
    kinds = (ADVERTISING_ID, HEX_ID, IMEI, IMEI_IN_TEXT, MAC_ADDRESS, MAC_ADDRESS_DOTTED)

    def validate(self, kind: PatternKind, match: str) -> bool:
        return _VALIDATORS[kind](match)

    def mask(self, kind: PatternKind, match: str) -> str:
        # A MAC's first octet and an IMEI's reporting body say little about the device.
        keep = 2 if kind in (MAC_ADDRESS, MAC_ADDRESS_DOTTED, IMEI, IMEI_IN_TEXT) else 1
        return mask_generic(match.rstrip(".:"), keep=keep)

"""US Social Security numbers: ``NNN-NN-NNNN`` or ``NNN NN NNNN`` anywhere; nine bare digits
only in fields whose name says so (``ssn``, ``social_security``, ``sin``, ``tax_id``).

Validation applies the SSA's allocation rules (no area 000, 666 or 900-999, no group 00, no
serial 0000) and rejects numbers published as examples. Phone numbers (3-3-4), zip+4 codes
(5-4) and dates do not have the 3-2-4 shape; part numbers glued to letters or further digit
groups are taken in whole by the pattern and rejected.
"""

from __future__ import annotations

from detectors.base import MultiPatternDetector, PatternKind
from detectors.masking import mask_digits
from detectors.value_shapes import WHITESPACE, Needs

#: Numbers printed on sample cards and in advertising, used by thousands of people as "theirs".
_KNOWN_FAKES = frozenset({"078051120", "219099999", "123456789"})


def is_ssn(text: str, *, bare: bool = False) -> bool:
    """Whether a candidate is an allocatable SSN (``bare``: unformatted digits, which an
    integer column stores without leading zeros)."""
    digits = text.replace("-", "").replace(" ", "")
    if bare:
        if not text.isdigit() or not 7 <= len(text) <= 9:
            return False
        digits = digits.zfill(9)
    elif not (len(text) == 11 and digits.isdigit() and len(digits) == 9):
        return False  # something glued on: "123-45-6789-01", "123-45-6789A"
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    return digits not in _KNOWN_FAKES


_WRITTEN = PatternKind(
    label="written",
    # The tail takes in letters or further groups glued on, for validation to reject.
    pattern=r"(?:^|[^\w\-.])(?P<v>(?:\d{3}-\d{2}-\d{4}|\d{3} \d{2} \d{4})(?:[\-./]?\w+)?)",
    # Two dashes or two spaces between the groups.
    min_digit_run=9,
    min_counts=(("-", 2),),
    or_needs=Needs(digit_run=9, counts=((WHITESPACE, 2),)),
)
_BARE = PatternKind(
    label="digits", pattern=r"^(?P<v>\d{7,9})$", requires_name=True, min_digit_run=7
)


class UsSsnDetector(MultiPatternDetector):
    """US Social Security numbers."""

    name = "us_ssn"
    category = "user.government_id.national_identification_number"
    name_keywords = (
        "ssn",
        "social_security",
        "social_security_number",
        "socialsecuritynumber",
        "sin",
        "tax_id",
        "taxpayer_id",
    )
    accepts_numeric = True
    kinds = (_WRITTEN, _BARE)

    def validate(self, kind: PatternKind, match: str) -> bool:
        return is_ssn(match, bare=kind is _BARE)

    def mask(self, kind: PatternKind, match: str) -> str:
        return mask_digits(match)

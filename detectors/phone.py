"""Telephone numbers, validated with ``phonenumbers``.

Written numbers (``+44 20 7946 0958``, ``(555) 123-4567``, ``+1.555.123.4567``,
``020 7946 0958``) count wherever they appear. Bare digit strings (``5551234567``, integer
columns) count only in fields whose name says phone: a column of ten-digit numbers is as
likely order numbers or epoch seconds.

Validation is deliberately shaped rather than ``is_valid_number`` alone, which rejects the
fictional 555 numbers and randomly generated test data: an international number (``+`` or
``00``) must be a possible number for its country; a North American number must be grouped
3-3-4 with an area code of 2-9; a number with a national trunk ``0`` must be valid in one of a
few countries that dial that way. Dates, decimals, dotted quads and ISBNs are rejected first.
"""

from __future__ import annotations

import phonenumbers

from detectors.base import MultiPatternDetector, PatternKind
from detectors.masking import mask_digits

#: Countries whose national numbers start with a trunk "0" (tried for "020 7946 0958").
_TRUNK_ZERO_REGIONS = ("GB", "DE", "FR", "NL", "BE", "CH", "AT", "IE", "AU", "NZ", "IN", "JP")
#: What may stand between two digit groups of a written number ("+44 (0) 20" has " (" and ") ").
_SEPARATORS = frozenset({" ", "-", ".", "/", "(", ")", " (", ") ", ")-", ")."})
#: Digits in any group but the last: area codes and exchanges are short.
_MAX_INNER_GROUP = 5
_EXTENSION_MARKS = ("extension", "ext.", "ext", "x")
#: Words glued to a number that say what it is ("555-123-4567-Fax"); other letters glued on
#: make it a code ("100-200-3000-A").
_LABELS = frozenset({"office", "fax", "home", "work", "mobile", "cell", "tel", "phone", "main"})


def _strip_label(text: str) -> str:
    head, sep, word = text.rpartition("-")
    if sep and word.lower() in _LABELS:
        return head
    head, sep, word = text.rpartition("/")
    return head if sep and word.lower() in _LABELS else text


def _strip_extension(text: str) -> tuple[str, str]:
    """Split ``206.269.0743x9150`` into number and extension."""
    low = text.lower()
    for mark in _EXTENSION_MARKS:
        i = low.rfind(mark)
        if i > 0 and low[i + len(mark) :].strip().isdigit():
            return text[:i].rstrip(), text[i + len(mark) :].strip()
    return text, ""


def _groups(text: str) -> tuple[list[str], list[str]]:
    """Digit groups and the separator strings between them."""
    groups: list[str] = []
    seps: list[str] = []
    current = ""
    sep = ""
    for ch in text:
        if ch.isdigit():
            if not current and groups:
                seps.append(sep)
            current += ch
            sep = ""
        else:
            if current:
                groups.append(current)
                current = ""
            sep += ch
    if current:
        groups.append(current)
    return groups, seps


def _holds_date(groups: list[str], seps: list[str]) -> bool:
    """Three groups joined by the same "-", "/" or "." in a date's shape, anywhere."""
    for i in range(len(groups) - 2):
        if seps[i] != seps[i + 1] or seps[i] not in ("-", "/", "."):
            continue
        a, b, c = (len(g) for g in groups[i : i + 3])
        if (a == 4 and b <= 2 and c <= 2) or (a <= 2 and b <= 2 and c in (2, 4)):
            return True
    return False


def _holds_dotted_quad(groups: list[str], seps: list[str]) -> bool:
    """Four short groups joined by dots, anywhere: an IP address or a version."""
    for i in range(len(groups) - 3):
        if seps[i : i + 3] == [".", ".", "."] and all(len(g) <= 3 for g in groups[i : i + 4]):
            return True
    return False


def _is_isbn(digits: str) -> bool:
    if len(digits) == 13 and digits[:3] in ("978", "979"):
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
        return total % 10 == 0
    if len(digits) == 10:
        return sum(int(d) * (10 - i) for i, d in enumerate(digits)) % 11 == 0
    return False


def _parses(text: str, region: str | None, *, strict: bool) -> bool:
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return False
    if strict:
        return phonenumbers.is_valid_number(number)
    return phonenumbers.is_possible_number(number)


def _nanp(groups: list[str]) -> bool:
    """A North American number grouped the way they are written, [1] NXX XXX XXXX (the
    exchange is not checked: the fictional 555-123-4567 and generated test data break it)."""
    if groups and groups[0] == "1":
        groups = groups[1:]
    lengths = [len(g) for g in groups]
    if lengths not in ([3, 3, 4], [3, 7], [10]):
        return False
    return groups[0][0] in "23456789"


def is_phone_number(text: str, *, bare: bool = False) -> bool:
    """Whether ``text`` (a candidate from the patterns below) is a telephone number.

    ``bare``: the field's name says phone, so an unformatted digit string is enough.
    """
    number, _ext = _strip_extension(_strip_label(text.strip()))
    if any(ch.isalpha() for ch in number):
        return False  # a code such as "100-200-3000-A"
    groups, seps = _groups(number)
    digits = "".join(groups)
    if not 7 <= len(digits) <= 15:
        return False
    plus = number.startswith("+")
    if number.startswith("00") and len(groups) > 1:
        number, plus = "+" + number[2:], True  # international dialling prefix
    formatted = bool(seps) or number.startswith("(")
    if not (formatted or plus or bare):
        return False
    if not set(seps) <= _SEPARATORS or any(len(g) > _MAX_INNER_GROUP for g in groups[:-1]):
        return False  # columns of numbers in a log line, not one number
    if _holds_date(groups, seps) or _holds_dotted_quad(groups, seps):
        return False
    if len(groups) == 2 and seps == ["."] and len(groups[1]) <= 2:
        return False  # an amount: 1234567.89
    if [len(g) for g in groups] in ([3, 2, 4], [2, 7], [5, 4]) and set(seps) == {"-"}:
        return False  # the shape of a US Social Security number, Employer ID or ZIP+4
    if "-" in seps and len(groups) >= 4 and _is_isbn(digits):
        return False
    if plus:
        if formatted and groups[0] == "1" and _nanp(groups):
            return True  # what parsing would say (a possible +1 number), without parsing
        return _parses(number, None, strict=not formatted)
    if _nanp(groups):
        return True
    if digits.startswith("0"):
        if groups[0] == "0":
            return False  # "0-306-40615-2": an ISBN-10 or a code, not a trunk prefix
        return any(_parses(number, r, strict=True) for r in _TRUNK_ZERO_REGIONS)
    return bare and _parses(number, "US", strict=False)


def _is_written_number(match: str, *, lenient: bool) -> bool:
    # The pattern cannot tell where a number written with spaces ends, so "555-123-4567 2
    # times" arrives with a stray "2": try the match without its first or last chunk too.
    chunks = match.split(" ")
    if len(chunks) >= 3 and all(len(c) == 4 and c.isdigit() for c in chunks[:-1]):
        return False  # grouped in fours like a payment card: "4111 1111 1111 1111"
    variants = [chunks, chunks[:-1], chunks[1:], chunks[1:-1]] if len(chunks) > 1 else [chunks]
    return any(v and is_phone_number(" ".join(v), bare=lenient) for v in variants)


_WRITTEN = PatternKind(
    label="written",
    # 7-19 digits with single separators, a country code, a bracketed area code, "(0)" and an
    # extension. A letter-led tail is taken in so that validation rejects codes such as
    # "100-200-3000-A"; the leading boundary keeps "SKU-48213", decimals and times (":04.307")
    # out, but lets "tel:" and "Phone:" in.
    pattern=(
        r"(?:^|[^\w+.\-/:]|[A-Za-z]:)(?P<v>\+?\(?\d(?:(?:[ .\-/]|[ ]?[()]|\)[ .\-])?\d){6,18}"
        r"(?: ?(?:x|ext\.?|extension) ?\d{1,6})?(?:[\-./]?[A-Za-z_]\w*)?)"
    ),
    min_digit_run=7,
)
#: The same, in a field named for phones, where a local number ("785 8949") is enough.
_LOCAL = PatternKind(label="local", pattern=_WRITTEN.pattern, requires_name=True, min_digit_run=7)
_BARE = PatternKind(
    label="digits",
    pattern=r"^(?P<v>\+?\d{7,15})$",
    requires_name=True,
    min_digit_run=7,
)


class PhoneNumberDetector(MultiPatternDetector):
    """Telephone numbers: written ones anywhere, bare digits in phone-named fields."""

    name = "phone_number"
    category = "user.contact.phone_number"
    name_keywords = (
        "phone",
        "phones",
        "phone_number",
        "phonenumber",
        "mobile",
        "mobile_number",
        "cell",
        "cellphone",
        "tel",
        "telephone",
        "fax",
        "msisdn",
        "contact_number",
    )
    # Fields about a phone that hold no number (or a timestamp, a count, a dialling code).
    name_negative = (
        "cell_id",
        "cell_tower",
        "verified",
        "confirmed",
        "created_at",
        "updated_at",
        "count",
        "country_code",
        "dial_code",
    )
    accepts_numeric = True
    kinds = (_WRITTEN, _LOCAL, _BARE)

    def validate(self, kind: PatternKind, match: str) -> bool:
        if kind is _BARE:
            return is_phone_number(match, bare=True)
        strict = _is_written_number(match, lenient=False)
        # A local number counts under its own kind, so that the evidence stands without the
        # field's name whenever some values are numbers on their own.
        return (
            strict if kind is _WRITTEN else not strict and _is_written_number(match, lenient=True)
        )

    def mask(self, kind: PatternKind, match: str) -> str:
        return mask_digits(match)

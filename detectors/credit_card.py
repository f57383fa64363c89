"""Payment card numbers: 13-19 digits, optionally grouped by single spaces or dashes, that pass
the Luhn check AND start with a known issuer prefix for their length.

A tenth of any numbers pass Luhn by chance, so a column of sequential 16-digit ids starting
with 4 would show a tenth "Visa" numbers; ``min_valid_share`` drops the evidence when most
candidates fail. Epoch milliseconds (``1617181920000``) start with no issuer prefix.
"""

from __future__ import annotations

from detectors.base import MultiPatternDetector, PatternKind
from detectors.masking import mask_generic


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) checksum of a digit string."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _in(digits: str, low: int, high: int) -> bool:
    n = len(str(low))
    return low <= int(digits[:n]) <= high


def issuer(digits: str) -> str | None:
    """The card scheme whose prefix and length ``digits`` fits, or None."""
    n = len(digits)
    if digits[0] == "4" and n in (13, 16, 19):
        return "visa"
    if n == 16 and (_in(digits, 51, 55) or _in(digits, 2221, 2720)):
        return "mastercard"
    if n == 15 and digits[:2] in ("34", "37"):
        return "amex"
    if 16 <= n <= 19 and (
        digits.startswith(("6011", "65")) or _in(digits, 644, 649) or _in(digits, 622126, 622925)
    ):
        return "discover"
    if (16 <= n <= 19 and _in(digits, 3528, 3589)) or (n == 15 and digits[:4] in ("2131", "1800")):
        return "jcb"
    if 14 <= n <= 19 and (_in(digits, 300, 305) or digits[:2] in ("36", "38", "39")):
        return "diners"
    if 16 <= n <= 19 and digits.startswith("62"):
        return "unionpay"
    if 13 <= n <= 19 and digits.startswith(
        ("5018", "5020", "5038", "5893", "6304", "6759", "6761", "6762", "6763")
    ):
        return "maestro"
    return None


def is_card_number(text: str) -> bool:
    """Whether a candidate (digits with optional single space/dash separators) is a card."""
    text = text.rstrip(".")
    if any(not (c.isdigit() or c in " -") for c in text):
        return False  # glued to letters or a decimal part: a code or an amount
    seps = {c for c in text if not c.isdigit()}
    groups = text.replace("-", " ").split(" ")
    if len(seps) > 1 or "" in groups:
        return False
    if len(groups) > 1 and (len(groups[0]) != 4 or not all(3 <= len(g) <= 6 for g in groups)):
        return False  # cards are written 4-4-4-4, 4-6-5, 4-6-4, 4-4-4-4-3
    digits = "".join(groups)
    return 13 <= len(digits) <= 19 and issuer(digits) is not None and luhn_ok(digits)


class CreditCardDetector(MultiPatternDetector):
    """Payment card numbers in any field, including integer columns."""

    name = "credit_card"
    category = "user.financial.credit_card"
    name_keywords = (
        "credit_card",
        "creditcard",
        "card_number",
        "cardnumber",
        "card_no",
        "card",
        "cc",
        "cc_number",
        "ccnum",
        "pan",
    )
    accepts_numeric = True
    min_valid_share = 0.5
    kinds = (
        PatternKind(
            label="card_number",
            # The whole run of digits and single separators (greedy), plus anything glued to its
            # end, so that 20-digit numbers and "4111...1111abc" are seen whole and rejected.
            pattern=r"(?:^|[^\w.\-+])(?P<v>\d(?:[ \-]?\d){12,}[\w.]*)",
            min_digit_run=13,
        ),
    )

    def validate(self, kind: PatternKind, match: str) -> bool:
        return is_card_number(match)

    def mask(self, kind: PatternKind, match: str) -> str:
        return mask_generic(match.rstrip("."), keep=1)

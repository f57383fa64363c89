"""Card security codes (CVV/CVC): three or four digits that must never be stored after a
payment is authorised (PCI DSS 3.2), so finding them is worth a loud finding.

Three digits say nothing alone, so the field must be named for the code (``cvv``, ``cvc``,
``security_code``), or be a bare ``code`` beside a card-number field (``ccn``,
``card_number``) in the same record.
"""

from __future__ import annotations

from detectors.base import FieldData
from detectors.masking import mask_generic
from detectors.profile import ProfileDetector

#: Sibling field names that make a bare ``code`` column a card's security code.
_CARD_NUMBER_FIELDS = ("ccn", "card_number", "cardnumber", "cc_number", "ccnum", "pan")


class CardSecurityCodeDetector(ProfileDetector):
    """Security codes of payment cards, filed under ``user.financial.credit_card``."""

    name = "card_security_code"
    category = "user.financial.credit_card"
    name_keywords = (
        "cvv", "cvv2", "cvc", "cvc2", "csc", "cvn", "security_code", "card_code",
        "card_verification", "card_security_code", "verification_code",
    )  # fmt: skip
    name_negative = ("id", "count", "type", "length", "status", "sms", "email", "otp", "2fa")
    accepts_numeric = True
    shape = r"\d{3,4}"
    min_share = 0.9
    profile_label = "values are 3-4 digit card security codes"

    def name_signal(self, f: FieldData) -> float:
        named = super().name_signal(f)
        if named or f.leaf_tokens != ("code",):
            return named
        siblings = [s.rsplit(".", 1)[-1].lower() for s in f.context]
        return 0.8 if any(s in _CARD_NUMBER_FIELDS for s in siblings) else 0.0

    def mask(self, value: str) -> str:
        return mask_generic(value, keep=0)

"""Cardholder data beside card numbers: security codes (CVV/CVC: three or four digits that
must never be stored after a payment is authorised, PCI DSS 3.2), cardholder names and expiry
dates.

Three digits say nothing alone, so the field must be named for the code (``cvv``, ``cvc``,
``security_code``), or be a bare ``code`` beside a card-number field (``ccn``,
``card_number``) in the same record.
"""

from __future__ import annotations

from detectors.base import Detector, Evidence, FieldData, Signal, Tally
from detectors.masking import mask_generic
from detectors.profile import ProfileDetector

#: Sibling field names that make a bare ``code`` column a card's security code.
_CARD_NUMBER_FIELDS = ("ccn", "card_number", "cardnumber", "cc_number", "ccnum", "pan")


def card_number_sibling(f: FieldData) -> str | None:
    """The name of a card-number field in the same record as ``f``, if there is one."""
    return _card_number_among(f.context)


#: (context, answer) of the last call: every field of a batch shares one context tuple, so
#: a table of thousands of columns looks its siblings over once, not once per column.
_last_context: list[tuple[tuple[str, ...], str | None]] = []


def _card_number_among(context: tuple[str, ...]) -> str | None:
    last = _last_context[-1] if _last_context else None  # one read: threads may share it
    if last is not None and last[0] is context:
        return last[1]
    siblings = {s.rsplit(".", 1)[-1].lower() for s in context}
    found = next((s for s in _CARD_NUMBER_FIELDS if s in siblings), None)
    _last_context[:] = [(context, found)]
    return found


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
        return 0.8 if card_number_sibling(f) else 0.0

    def mask(self, value: str) -> str:
        return mask_generic(value, keep=0)


#: Leaf names that, beside a card number, hold the rest of PCI DSS's cardholder data.
_CARDHOLDER_FIELDS = {
    ("name",): "cardholder name",
    ("holder",): "cardholder name",
    ("cardholder",): "cardholder name",
    ("card", "holder"): "cardholder name",
    ("cardholder", "name"): "cardholder name",
    ("holder", "name"): "cardholder name",
    ("name", "on", "card"): "cardholder name",
    ("exp",): "expiry date",
    ("expiry",): "expiry date",
    ("expiration",): "expiry date",
    ("exp", "date"): "expiry date",
    ("expiry", "date"): "expiry date",
    ("expiration", "date"): "expiry date",
    ("exp", "month"): "expiry date",
    ("exp", "year"): "expiry date",
}


class CardholderDataDetector(Detector):
    """The cardholder name and expiry date kept beside a card number (PCI DSS cardholder
    data), filed under ``user.financial.credit_card``. Only fields in the same record as a
    card-number field count, whatever their values look like."""

    name = "cardholder_data"
    categories = ("user.financial.credit_card",)
    accepts_temporal = True
    accepts_numeric = True

    def detect(self, f: FieldData) -> list[Evidence]:
        kind = _CARDHOLDER_FIELDS.get(f.leaf_tokens)
        if kind is None or not len(f.values):
            return []
        card_field = card_number_sibling(f)
        if card_field is None:
            return []
        n = len(f.values)
        return [
            self.field_evidence(
                f,
                Tally(n, n, ()),
                category=self.categories[0],
                name=1.0,
                signals=(
                    Signal(self.name, "profile", f"{kind} beside card number {card_field!r}"),
                ),
            )
        ]

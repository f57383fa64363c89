"""Detectors declared by users (``--detectors FILE``): a regex, an optional validator,
column-name context words and a category, plus deny-lists of values that always count.

They run like the built-in pattern detectors: the whole column is filtered with RE2 and the
validator sees only candidates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import re2

from detectors.base import PatternDetector

Validator = Callable[[str], bool]


def luhn(value: str) -> bool:
    """The Luhn checksum (cards, IMEIs, many national ids) over the digits of ``value``."""
    digits = [int(c) for c in value if c.isdigit()]
    if len(digits) < 2:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban(value: str) -> bool:
    """ISO 13616 mod-97 check of an IBAN (spaces ignored)."""
    s = value.replace(" ", "").upper()
    if len(s) < 15 or not s.isalnum() or not s[:2].isalpha() or not s[2:4].isdigit():
        return False
    rearranged = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


#: Validators a detectors file may name.
VALIDATORS: dict[str, Validator] = {"luhn": luhn, "iban": iban}


class CustomPatternDetector(PatternDetector):
    """A pattern detector built from a user's declaration instead of a subclass."""

    def __init__(
        self,
        *,
        name: str,
        category: str,
        pattern: str,
        validator: str | None = None,
        context: Sequence[str] = (),
        requires_context: bool = False,
        prefilter: Sequence[str] = (),
    ):
        re2.compile(pattern)  # raises re2.error for a pattern RE2 cannot run
        if validator is not None and validator not in VALIDATORS:
            raise ValueError(f"unknown validator {validator!r}")
        self.name = name
        self.category = category
        self.categories = (category,)
        self.pattern = pattern
        self.prefilter = tuple(prefilter)
        self.name_keywords = tuple(context)
        self.requires_name = requires_context
        self._validator = VALIDATORS[validator] if validator else None

    def validate(self, match: str) -> bool:
        return self._validator(match) if self._validator else True


def deny_list_detector(name: str, category: str, values: Sequence[str]) -> CustomPatternDetector:
    """A detector that counts the listed values (whole words, case-insensitive) anywhere:
    the names of a company's VIP customers, internal code names for people."""
    # Longest first so that a value wins over its own prefix; then alphabetical, so that the
    # pattern (and the digest of the settings that holds it) is the same in every process.
    ordered = sorted(set(values), key=lambda v: (-len(v), v))
    words = "|".join(re2.escape(v) for v in ordered)
    return CustomPatternDetector(
        name=name, category=category, pattern=rf"(?i)(?:^|\W)(?P<v>(?:{words}))(?:\W|$)"
    )

"""Email addresses, anywhere in a value (columns of emails, text, URLs, user agents)."""

from __future__ import annotations

from detectors.base import PatternDetector
from detectors.masking import mask_email


class EmailDetector(PatternDetector):
    name = "email"
    category = "user.contact.email"
    name_keywords = ("email", "e_mail", "mail", "emailaddress")
    prefilter = ("@",)
    # RFC 5322 is looser, but real addresses in data look like this; the TLD must be letters,
    # which keeps "user@10.0.0.1" (an SSH target) and "a@b" out.
    pattern = (
        r"(?i)[a-z0-9](?:[a-z0-9._%+'-]{0,63})@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
        r"[a-z]{2,24}"
    )

    def validate(self, match: str) -> bool:
        local, _, domain = match.rpartition("@")
        return ".." not in local and not local.endswith(".") and ".." not in domain

    def mask(self, match: str) -> str:
        return mask_email(match)

"""EmailDetector: positives anywhere in a value, hard negatives, masking."""

from __future__ import annotations

import pytest

from detectors.base import score
from detectors.email import EmailDetector
from tests.detectors.fieldkit import field


def test_column_of_emails_scores_high_and_masks() -> None:
    values = [f"user{i}.name+tag@mail-{i}.example.co.uk" for i in range(20)]
    (ev,) = EmailDetector().detect(field("contact", values))
    assert (ev.matches, ev.full_matches, ev.scanned) == (20, 20, 20)
    assert score(ev) >= 0.95
    assert all("***" in e and "user" not in e for e in ev.examples)


@pytest.mark.parametrize(
    "text",
    [
        "Mozilla/5.0 (compatible; Bot/1.0; +mailto:ops.team@example.org)",
        "GET /unsubscribe?email=jane.doe@example.com HTTP/1.1",
        "reply to <Bob.Smith@Example.COM> asap",
    ],
)
def test_emails_inside_user_agents_urls_and_text(text: str) -> None:
    (ev,) = EmailDetector().detect(field("line", [text, text]))
    assert ev.matches == 2 and ev.full_matches == 0


@pytest.mark.parametrize(
    "text",
    [
        "ssh deploy@10.0.0.1",  # host is an IP, not a domain
        "git@github",  # no TLD
        "a..b@example.com",  # consecutive dots in the local part
        "price @ 10.99",
        "@handle and @other",
        "rm -rf /tmp/* ; echo $HOME | grep -E '^[a-z]+$' 🙂\u200f\u202e",
    ],
)
def test_hard_negatives(text: str) -> None:
    assert EmailDetector().detect(field("notes", [text] * 5)) == []

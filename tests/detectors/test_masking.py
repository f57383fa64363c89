"""Masks keep a value's shape and never its content."""

from __future__ import annotations

import pytest

from detectors.masking import mask_digits, mask_email, mask_generic, mask_ip, mask_name


@pytest.mark.parametrize(
    ("fn", "value", "expected"),
    [
        (mask_email, "jane.doe@example.com", "j***@e***.com"),
        (mask_ip, "203.0.113.7", "203.0.x.x"),
        (mask_ip, "2001:db8::1", "2001:0db8:x:x:x:x:x:x"),
        (mask_name, "Jane Doe", "J*** D***"),
        (mask_digits, "+1 (555) 123-4567", "+* (***) ***-****"),
        (mask_generic, "4111-1111-1111-1111", "4***-***-***-***"),
    ],
)
def test_masks(fn, value: str, expected: str) -> None:
    assert fn(value) == expected


def test_generic_mask_hides_length_of_long_runs() -> None:
    assert mask_generic("abcdefghijklmnop") == "a***"

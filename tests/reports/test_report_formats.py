from __future__ import annotations

import pytest

from reports import FORMATS, render
from scanner.errors import UsageError
from scanner.model import ScanResult


def test_every_format_renders_without_raw_values(
    result: ScanResult, raw_values: tuple[str, ...]
) -> None:
    assert FORMATS == ("json", "markdown", "csv")
    for fmt in FORMATS:
        text = render(result, fmt)
        assert text.endswith("\n")
        assert "public.customers" in text
        assert not any(raw in text for raw in raw_values), fmt


def test_unknown_format_is_a_usage_error(result: ScanResult) -> None:
    with pytest.raises(UsageError) as info:
        render(result, "jsno")
    assert info.value.hint == "did you mean 'json'? formats: json, markdown, csv"
    assert "unknown report format 'jsno'" in str(info.value)

"""What the detector tests build again and again: a field as the scanner reads it, the one
piece of evidence a detector gives for it, and the pattern kinds behind that evidence."""

from __future__ import annotations

import pyarrow as pa

from detectors.base import Detector, Evidence, FieldData
from detectors.fields import as_strings


def field(
    name: str,
    values: list,
    *,
    arrow_type: pa.DataType | None = None,
    context: tuple[str, ...] = (),
) -> FieldData:
    """A field named ``name`` holding ``values`` as a scan reads them: typed by Arrow (as
    ``arrow_type`` when given), then as non-empty, stripped strings. ``context``, the names
    of the fields beside it, defaults to the field alone."""
    arr = pa.array(values, arrow_type)
    return FieldData(name, str(arr.type), as_strings(arr), len(arr), context or (name,))


def evidence(detector: Detector, f: FieldData) -> Evidence | None:
    """The evidence ``detector`` gives for ``f``, or None; run as the registry runs it, only
    on fields it applies to. More than one piece fails the test."""
    found = detector.detect(f) if detector.applies_to(f) else []
    assert len(found) <= 1, found
    return found[0] if found else None


def pattern_kinds(ev: Evidence) -> set[str]:
    """The labels of the pattern kinds behind ``ev`` (a MultiPatternDetector's signals)."""
    return {s.detail for s in ev.signals if s.kind == "pattern"}


def with_check_digit(body: str) -> str:
    """``body`` with the Luhn check digit that makes it a valid card number appended."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)

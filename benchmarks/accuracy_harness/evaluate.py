"""Scan prepared stores and score the findings against their labels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks.accuracy_harness.public_stores import PreparedStore
from benchmarks.accuracy_harness.scoring import FieldKey, Score, score
from detectors.registry import default_registry
from scanner.api import ScanSettings, scan


@dataclass(frozen=True)
class Evaluation:
    """The overall score, one score per store, and the scan errors (store: message)."""

    overall: Score
    per_store: tuple[tuple[str, Score], ...]
    errors: tuple[str, ...]


def emitted_categories(settings: ScanSettings) -> frozenset[str]:
    """Every category the detectors of ``settings`` can report."""
    return frozenset(c for d in default_registry(settings.detectors) for c in d.categories)


def predictions(
    store: PreparedStore, settings: ScanSettings
) -> tuple[dict[FieldKey, set[str]], list[str]]:
    """The categories piiscan reports per field of ``store``, and its scan errors."""
    result = scan(list(store.sources), settings=settings)
    found: dict[FieldKey, set[str]] = {}
    for f in result.findings:
        key = (store.labels.store, store.location_name(f.location), f.field)
        found.setdefault(key, set()).add(f.category)
    errors = [f"{store.labels.store}: {e.location or e.source}: {e.error}" for e in result.errors]
    return found, errors


def evaluate(stores: Sequence[PreparedStore], settings: ScanSettings) -> Evaluation:
    """Scan every store and score it, alone and all together."""
    emitted = emitted_categories(settings)
    everything: dict[FieldKey, set[str]] = {}
    per_store: list[tuple[str, Score]] = []
    errors: list[str] = []
    for store in stores:
        found, errs = predictions(store, settings)
        everything.update(found)
        errors += errs
        per_store.append((store.labels.store, score([store.labels], found, emitted)))
    overall = score([s.labels for s in stores], everything, emitted)
    return Evaluation(overall, tuple(per_store), tuple(errors))

"""Work run in a child process, so each measurement gets its own peak RSS.

``python -m benchmarks.bench_harness.child KIND ARGS...`` prints one JSON object: the seconds of
the work itself (imports and model loading left out) and what it produced.

- ``scan full|sampled SOURCE [WORKERS]``: ``scanner.api.scan([SOURCE])``, full or default
  sampled, in ``WORKERS`` processes (default 1);
- ``presidio PARQUET ROWS``: presidio's ``BatchAnalyzerEngine.analyze_dict`` on the first
  ``ROWS`` rows, every column.
"""

from __future__ import annotations

import json
import sys
import time


def scan(mode: str, source: str, workers: int = 1) -> dict[str, object]:
    """Time one piiscan scan of ``source`` (the NER model loaded before the clock starts, as
    presidio's is below)."""
    from detectors.ner import EntityModel
    from detectors.registry import default_registry
    from scanner.api import ScanSettings
    from scanner.api import scan as run_scan

    settings = ScanSettings(full=mode == "full", workers=workers)
    detectors = default_registry(settings.detectors)
    EntityModel(settings.detectors.spacy_model).load()
    started = time.perf_counter()
    result = run_scan([source], settings=settings, detectors=detectors)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "findings": len(result.findings),
        "errors": len(result.errors),
        "categories": sorted({f.category for f in result.findings}),
    }


def presidio(path: str, rows: int) -> dict[str, object]:
    """Time presidio's batch analyzer on ``rows`` rows of a Parquet file (model load excluded)."""
    import pyarrow.parquet as pq
    from presidio_analyzer import BatchAnalyzerEngine

    from benchmarks.accuracy_harness.spans import presidio_analyzer
    from detectors.offline import use_bundled_public_suffixes
    from detectors.registry import DetectorSettings

    use_bundled_public_suffixes()
    table = pq.read_table(path, use_threads=False).slice(0, rows)
    # Timestamps as ISO text: presidio's analyze_dict calls str() on every value anyway.
    columns = {
        name: [None if v is None else str(v) for v in table[name].to_pylist()]
        for name in table.column_names
    }
    engine = BatchAnalyzerEngine(presidio_analyzer(DetectorSettings().spacy_model))
    engine.analyzer_engine.analyze(text="Jane Roe lives in Paris.", language="en")  # warm up
    started = time.perf_counter()
    results = list(engine.analyze_dict(columns, language="en"))
    seconds = time.perf_counter() - started
    found = sum(1 for r in results for cell in r.recognizer_results if cell)
    return {"seconds": seconds, "cells": rows * len(columns), "cells_with_entities": found}


def main(argv: list[str]) -> None:
    """Dispatch on ``argv[0]`` and print the JSON result."""
    kind, *args = argv
    if kind == "scan":
        out = scan(args[0], args[1], int(args[2]) if len(args) > 2 else 1)
    elif kind == "presidio":
        out = presidio(args[0], int(args[1]))
    else:
        raise SystemExit(f"unknown kind {kind!r}")
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])

"""Detection-quality harness, column level.

Scans labelled stores with the library API and scores the findings per category
(precision, recall, F1; micro and macro), listing every false positive (traps apart), false
negative and label that no detector can report. Run from the repository root::

    .venv/bin/python benchmarks/accuracy.py [--datasets ../shared/datasets] [--no-ner]

The stores: the fides samples and the OpenRTB examples from ``../shared/datasets``
(:mod:`benchmarks.accuracy_harness.public_stores`, labels in ``benchmarks/labels/``), and seeded
Faker-built tables with traps (:mod:`benchmarks.accuracy_harness.synthetic`), written to a temporary
directory. The matching rule is in :mod:`benchmarks.accuracy_harness.scoring`.
"""

"""Detection quality: per-category precision, recall and F1 of piiscan on labelled stores.

    .venv/bin/python benchmarks/accuracy.py [--datasets ../shared/datasets] [--no-ner]

Scans the fides sample databases, the OpenRTB bid requests and seeded Faker-built tables with
traps, compares the findings with their labels at column level, prints every false positive
and false negative, and writes ``benchmarks/results/accuracy.md`` with the date and the
commit. The harness lives in :mod:`benchmarks.accuracy_harness`.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.accuracy_harness.__main__ import main

if __name__ == "__main__":
    sys.exit(main())

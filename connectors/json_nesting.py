"""How deeply a JSON text nests, checked before pyarrow parses it.

pyarrow's JSON reader recurses without a bound: a line of a hundred thousand ``[`` brings
the whole process down (a crash, not an exception), losing every other location. Texts
nested deeper than :data:`ARROW_SAFE_DEPTH` go to Python's parser instead, which raises
RecursionError, turned into that location's error (or a skipped line).
"""

from __future__ import annotations

import numpy as np

#: Nesting pyarrow is trusted with: far past real data, far below where it crashes.
ARROW_SAFE_DEPTH = 1_000
_CHUNK = 1 << 22
_OPENERS = np.zeros(256, dtype=np.int8)
_OPENERS[[ord("["), ord("{")]] = 1
_OPENERS[[ord("]"), ord("}")]] = -1


def nested_deeper_than(data: bytes | memoryview, limit: int = ARROW_SAFE_DEPTH) -> bool:
    """Whether brackets in ``data`` open more than ``limit`` deep. Brackets inside strings
    count too, so a text may be judged deeper than it is, never shallower."""
    codes = np.frombuffer(data, dtype=np.uint8)
    depth = 0
    for start in range(0, len(codes), _CHUNK):
        steps = _OPENERS[codes[start : start + _CHUNK]].astype(np.int32)
        running = np.cumsum(steps) + depth
        if len(running) and int(running.max()) > limit:
            return True
        depth = int(running[-1]) if len(running) else depth
    return False

"""Log files and any other text: lines read in batches, the format recognised on the first
lines and then every batch parsed with it (see :mod:`connectors.log_formats`)."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa

from connectors.log_formats import LogFormat, recognise
from connectors.text_stream import iter_lines, read_error

#: Lines the format is recognised on.
RECOGNISE_LINES = 500


def read_log(path: Path, sample_rows: int | None = None) -> Iterator[pa.RecordBatch]:
    """Record batches of a text file (gzip or bz2 looked through, invalid UTF-8 replaced),
    one row per non-empty line. With ``sample_rows``, about that many lines drawn from evenly
    spaced parts of an uncompressed file."""
    log_format: LogFormat | None = None
    try:
        for lines in iter_lines(path, sample_rows):
            if log_format is None:
                log_format = recognise(lines.slice(0, RECOGNISE_LINES))
            yield log_format.parse(lines)
    except (OSError, EOFError, zlib.error) as exc:
        raise read_error(exc) from exc

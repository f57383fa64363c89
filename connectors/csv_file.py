"""CSV files streamed through pyarrow, every column read as text.

Text, because a zip code or phone number read as a number loses its leading zeros and its
formatting, and with them what makes it recognisable.
"""

from __future__ import annotations

import csv
import io
import logging
import zlib
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from connectors.base import SkippableLocationError
from connectors.text_stream import Utf8RepairStream, open_decompressed, read_error

log = logging.getLogger(__name__)

#: Bytes pyarrow parses at a time, and so roughly the size of one record batch.
BLOCK_BYTES = 1 << 20
#: The biggest block tried for a file holding a very big field.
MAX_BLOCK_BYTES = 256 << 20
#: Bytes read to find the header row.
HEADER_BYTES = 1 << 20


def read_csv(
    path: Path, sample_rows: int | None = None, delimiter: str = ","
) -> Iterator[pa.RecordBatch]:
    """Record batches of a CSV file (gzip or bz2 looked through) with string columns.

    Rows with the wrong number of fields are skipped and counted; invalid UTF-8 is replaced.
    With ``sample_rows``, reading stops after that many rows. A field bigger than pyarrow's
    block (a pasted document) makes it read the file again with bigger blocks, from where
    it had got to, up to :data:`MAX_BLOCK_BYTES`.
    """
    try:
        names = _column_names(path, delimiter)
    except (EOFError, zlib.error, OSError) as exc:
        raise read_error(exc) from exc
    if not names:
        return
    block, given = BLOCK_BYTES, 0
    while True:
        try:
            for batch in _batches(path, names, delimiter, block, skip=given):
                if sample_rows is not None:
                    batch = batch.slice(0, sample_rows - given)
                if batch.num_rows:
                    given += batch.num_rows
                    yield batch
                if sample_rows is not None and given >= sample_rows:
                    return
            return
        except pa.ArrowInvalid as exc:
            if "straddl" not in str(exc) or block >= MAX_BLOCK_BYTES:
                raise _unparsable(exc) from exc
            block *= 16


def _batches(
    path: Path, names: list[str], delimiter: str, block: int, *, skip: int
) -> Iterator[pa.RecordBatch]:
    """The file's batches in blocks of ``block`` bytes, its first ``skip`` rows left out."""
    skipped = 0

    def skip_row(_row: object) -> str:
        nonlocal skipped
        skipped += 1  # the row's text is never looked at: it may hold personal data
        return "skip"

    stream = io.BufferedReader(Utf8RepairStream(open_decompressed(path)))
    try:
        reader = pacsv.open_csv(
            stream,
            read_options=pacsv.ReadOptions(
                column_names=names, skip_rows=1, block_size=block, use_threads=False
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, invalid_row_handler=skip_row
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        for batch in reader:
            if skip >= batch.num_rows:
                skip -= batch.num_rows
                continue
            yield batch.slice(skip)
            skip = 0
    except pa.ArrowInvalid as exc:
        if "straddl" in str(exc):
            raise  # read_csv tries bigger blocks
        raise _unparsable(exc) from exc
    except (EOFError, zlib.error) as exc:
        raise read_error(exc) from exc
    except pa.ArrowException as exc:
        raise _unparsable(exc) from exc
    except OSError as exc:
        raise read_error(exc) from exc
    finally:
        stream.close()
        if skipped:
            log.warning("%s: skipped %d rows with the wrong number of fields", path, skipped)


def _unparsable(exc: Exception) -> SkippableLocationError:
    return SkippableLocationError(
        f"the CSV file cannot be parsed past some point ({type(exc).__name__}): it may be "
        "truncated, not CSV, or use a quote character that is never closed",
        hint="check that the file is complete; a compressed file may have been cut short",
    )


def _column_names(path: Path, delimiter: str) -> list[str]:
    """The header row's names, made unique and non-empty so that pyarrow can type them all."""
    raw = io.BufferedReader(Utf8RepairStream(open_decompressed(path)))
    with io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
        head = text.read(HEADER_BYTES)
    row = next(csv.reader(io.StringIO(head), delimiter=delimiter), None)
    if not row:
        return []
    names: list[str] = []
    seen: set[str] = set()
    for i, raw in enumerate(row, start=1):
        name = raw.strip() or f"column_{i}"
        candidate, n = name, 1
        while candidate in seen:
            n += 1
            candidate = f"{name}_{n}"
        seen.add(candidate)
        names.append(candidate)
    return names

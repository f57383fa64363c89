"""Parquet files and hive-partitioned Parquet datasets, streamed in record batches.

A sample is read from row groups (files) or fragments (datasets) spread evenly through the
data, not from the head alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from connectors.base import SkippableLocationError

#: Rows per record batch.
BATCH_ROWS = 65_536
#: Bytes read at a time from a column chunk.
STREAM_BUFFER = 1 << 20
#: A sample is drawn from at least this many row groups (or dataset files) where there are.
SPREAD_PARTS = 8
PARQUET_MAGIC = b"PAR1"

_DAMAGED = "the Parquet file is truncated or corrupt"
_DAMAGED_HINT = (
    "it may still be being written or have been cut short in a copy: re-export or copy it "
    "again, or leave it out of the scan"
)


def read_parquet(path: Path, sample_rows: int | None = None) -> Iterator[pa.RecordBatch]:
    """Record batches of a Parquet file, or of a partitioned dataset when ``path`` is a
    directory. Raises :class:`SkippableLocationError` for damaged files."""
    if path.is_dir():
        yield from read_parquet_dataset(path, sample_rows)
    else:
        yield from read_parquet_file(path, sample_rows)


def read_parquet_file(path: Path, sample_rows: int | None = None) -> Iterator[pa.RecordBatch]:
    try:
        # No pre-buffering: it keeps whole column chunks around and memory grows with the
        # file; a buffered stream keeps it flat at the cost of nothing on local disks.
        with pq.ParquetFile(path, pre_buffer=False, buffer_size=STREAM_BUFFER) as parquet:
            meta = parquet.metadata
            plan = _spread(meta.num_row_groups, meta.num_rows, sample_rows)
            if plan is None:
                yield from parquet.iter_batches(batch_size=BATCH_ROWS)
                return
            for group, quota in plan:
                batches = parquet.iter_batches(
                    batch_size=min(BATCH_ROWS, quota), row_groups=[group]
                )
                yield from _head(batches, quota)
    except (pa.ArrowException, OSError, EOFError) as exc:
        raise SkippableLocationError(
            f"{_DAMAGED} ({type(exc).__name__}): its footer or a page cannot be decoded",
            hint=_DAMAGED_HINT,
        ) from exc


def read_parquet_dataset(
    directory: Path, sample_rows: int | None = None
) -> Iterator[pa.RecordBatch]:
    """Record batches of a hive-partitioned dataset (``key=value`` folders), partition columns
    included, file by file in path order."""
    files = dataset_files(directory)
    if not files:
        return
    try:
        unbuffered = ds.ParquetFragmentScanOptions(pre_buffer=False, buffer_size=STREAM_BUFFER)
        dataset = ds.dataset(
            [str(f) for f in files],
            format=ds.ParquetFileFormat(default_fragment_scan_options=unbuffered),
            partitioning="hive",
            partition_base_dir=str(directory),
        )
        fragments = sorted(dataset.get_fragments(), key=lambda f: f.path)
        plan = _spread(len(fragments), None, sample_rows)
        if plan is None:
            for fragment in fragments:
                yield from fragment.to_batches(schema=dataset.schema, batch_size=BATCH_ROWS)
            return
        taken = 0
        chosen = {index for index, _ in plan}
        for index, quota in plan:
            batches = fragments[index].to_batches(
                schema=dataset.schema, batch_size=min(BATCH_ROWS, quota)
            )
            for batch in _head(batches, quota):
                taken += batch.num_rows
                yield batch
        # Small files may leave the sample short: top it up from the files not yet read.
        for index, fragment in enumerate(fragments):
            if taken >= (sample_rows or 0):
                return
            if index in chosen:
                continue
            batches = fragment.to_batches(schema=dataset.schema, batch_size=BATCH_ROWS)
            for batch in _head(batches, (sample_rows or 0) - taken):
                taken += batch.num_rows
                yield batch
    except (pa.ArrowException, OSError, EOFError) as exc:
        raise SkippableLocationError(
            f"a file of the Parquet dataset is truncated or corrupt, or the files' columns "
            f"do not agree ({type(exc).__name__})",
            hint=_DAMAGED_HINT,
        ) from exc


def is_partitioned_dataset(directory: Path) -> bool:
    """True when ``directory`` has ``key=value`` subfolders holding Parquet files."""
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        return False
    for entry in entries:
        if _is_partition_dir(entry) and dataset_files(Path(entry.path), limit=1):
            return True
    return False


def dataset_files(directory: Path, limit: int | None = None) -> list[Path]:
    """Parquet files (by their magic bytes) under ``directory`` in path order, leaving out
    hidden and ``_``-prefixed names (``_SUCCESS``, ``_delta_log``) as Spark and pyarrow do."""
    found: list[Path] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(files):
            if name.startswith((".", "_")):
                continue
            path = Path(root, name)
            if _starts_with_magic(path):
                found.append(path)
                if limit is not None and len(found) >= limit:
                    return found
    return found


def _is_partition_dir(entry: os.DirEntry[str]) -> bool:
    name = entry.name
    if name.startswith((".", "_", "=")) or "=" not in name:
        return False
    try:
        return entry.is_dir()
    except OSError:  # a symlink loop (ELOOP) or an entry gone since the folder was listed
        return False


def _starts_with_magic(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(len(PARQUET_MAGIC)) == PARQUET_MAGIC
    except OSError:
        return False


def _spread(parts: int, rows: int | None, sample_rows: int | None) -> list[tuple[int, int]] | None:
    """(part index, rows to take) for a sample spread evenly over ``parts`` row groups or
    files; None to read everything."""
    if sample_rows is None or parts == 0 or (rows is not None and rows <= sample_rows):
        return None
    n = max(1, sample_rows)
    needed = SPREAD_PARTS if rows is None else -(-n * parts // max(rows, 1))
    count = min(parts, max(needed, SPREAD_PARTS), n)
    return [
        ((2 * i + 1) * parts // (2 * count), n * (i + 1) // count - n * i // count)
        for i in range(count)
    ]


def _head(batches: Iterator[pa.RecordBatch], quota: int) -> Iterator[pa.RecordBatch]:
    """The first ``quota`` rows of ``batches``."""
    taken = 0
    for batch in batches:
        if taken >= quota:
            return
        batch = batch.slice(0, quota - taken)
        taken += batch.num_rows
        yield batch

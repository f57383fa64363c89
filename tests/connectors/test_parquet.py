from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from connectors.base import SkippableLocationError
from connectors.parquet import BATCH_ROWS, is_partitioned_dataset, read_parquet

ROWS = 10_000


@pytest.fixture
def many_groups(tmp_path: Path) -> Path:
    path = tmp_path / "events.parquet"
    table = pa.table({"i": list(range(ROWS)), "email": [f"u{i}@example.com" for i in range(ROWS)]})
    pq.write_table(table, path, row_group_size=1_000)
    return path


def _ids(path: Path, sample_rows: int | None) -> list[int]:
    return [i for b in read_parquet(path, sample_rows) for i in b.column("i").to_pylist()]


def test_whole_file_is_streamed_in_bounded_batches(tmp_path: Path) -> None:
    path = tmp_path / "long.parquet"
    pq.write_table(pa.table({"i": list(range(150_000))}), path)
    batches = list(read_parquet(path))
    assert sum(b.num_rows for b in batches) == 150_000
    assert len(batches) >= 3  # streamed, not read as one table
    assert max(b.num_rows for b in batches) <= BATCH_ROWS


def test_sample_spreads_over_row_groups(many_groups: Path) -> None:
    ids = _ids(many_groups, 200)
    assert len(ids) == 200
    groups = {i // 1_000 for i in ids}
    assert len(groups) >= 8  # not only the head
    assert max(groups) >= 8  # reaches the end of the file
    assert _ids(many_groups, 200) == ids  # and the same rows every time


def test_sample_larger_than_file_reads_everything(many_groups: Path) -> None:
    assert len(_ids(many_groups, ROWS * 2)) == ROWS


def test_truncated_file_is_skippable_with_a_hint(many_groups: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.parquet"
    cut.write_bytes(many_groups.read_bytes()[:5_000])
    with pytest.raises(SkippableLocationError, match="truncated or corrupt") as err:
        list(read_parquet(cut))
    assert "copy it again" in err.value.hint


def test_corrupt_pages_are_skippable(many_groups: Path, tmp_path: Path) -> None:
    data = bytearray(many_groups.read_bytes())
    data[200:20_000] = b"\x07" * (20_000 - 200)  # pages garbled, footer intact
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(bytes(data))
    with pytest.raises(SkippableLocationError, match="truncated or corrupt"):
        list(read_parquet(bad))


def test_partitioned_dataset_includes_partition_columns(tmp_path: Path) -> None:
    root = tmp_path / "ds"
    table = pa.table({"email": ["a@x.org", "b@x.org", "c@x.org"], "country": ["de", "fr", "fr"]})
    pq.write_to_dataset(table, root, partition_cols=["country"])
    (root / "_SUCCESS").write_bytes(b"")
    assert is_partitioned_dataset(root)
    rows = [r for b in read_parquet(root) for r in b.to_pylist()]
    assert sorted((r["email"], r["country"]) for r in rows) == [
        ("a@x.org", "de"),
        ("b@x.org", "fr"),
        ("c@x.org", "fr"),
    ]
    assert len([r for b in read_parquet(root, 1) for r in b.to_pylist()]) == 1


def test_plain_folder_is_not_a_dataset(tmp_path: Path) -> None:
    (tmp_path / "notes=old").mkdir()
    (tmp_path / "notes=old" / "a.txt").write_text("hello")
    assert not is_partitioned_dataset(tmp_path)

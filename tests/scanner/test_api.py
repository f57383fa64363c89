"""The library API on real files: sampling, --full, errors and notes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from detectors.registry import DetectorSettings
from scanner.api import ScanSettings, scan

NO_NER = DetectorSettings(ner_enabled=False)


def big_table(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / "events.parquet"
    table = pa.table(
        {
            "event_id": list(range(rows)),
            "email": [f"user{i}@example.org" for i in range(rows)],
            "note": ["ok"] * rows,
        }
    )
    pq.write_table(table, path, row_group_size=1000)
    return path


def test_sampled_scan_reads_about_sample_rows(tmp_path: Path) -> None:
    path = big_table(tmp_path, 20_000)
    result = scan([str(path)], settings=ScanSettings(sample_rows=2000, detectors=NO_NER))
    (email,) = [f for f in result.findings if f.field == "email"]
    assert 2000 <= email.scanned < 20_000
    assert result.scan.sample_rows == 2000 and not result.scan.full


def test_full_scan_counts_every_row(tmp_path: Path) -> None:
    path = big_table(tmp_path, 20_000)
    result = scan([str(path)], settings=ScanSettings(full=True, detectors=NO_NER))
    (email,) = [f for f in result.findings if f.field == "email"]
    assert email.matches == email.scanned == 20_000
    assert result.scan.full and result.scan.sample_rows is None


def test_binary_columns_are_noted_not_decoded(tmp_path: Path) -> None:
    db = tmp_path / "files.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE uploads (id INTEGER, owner_email TEXT, content BLOB)")
    con.executemany(
        "INSERT INTO uploads VALUES (?,?,?)",
        [(i, f"owner{i}@example.com", b"\x89PNG\x00" + bytes([i])) for i in range(20)],
    )
    con.commit()
    con.close()
    result = scan([str(db)], settings=ScanSettings(detectors=NO_NER))
    assert [n.note for n in result.notes] == ["field 'content' is binary: skipped, not decoded"]
    assert {f.field for f in result.findings} == {"owner_email"}


def test_sources_keep_going_after_a_bad_one(tmp_path: Path, shop_db: Path) -> None:
    result = scan(
        [str(tmp_path / "missing"), str(shop_db)], settings=ScanSettings(detectors=NO_NER)
    )
    assert len(result.errors) == 1 and result.errors[0].location is None
    assert any(f.field == "email" for f in result.findings)


def test_rows_a_connector_skips_become_notes(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    rows = "".join(f"{i},p{i}@example.com\n" for i in range(20))
    path.write_text("id,email\n" + rows + "21,a@example.com,extra,fields\n")
    result = scan([str(path)], settings=ScanSettings(detectors=NO_NER))
    assert len(result.notes) == 1 and "skipped 1 rows" in result.notes[0].note
    assert "a@example.com" not in result.notes[0].note

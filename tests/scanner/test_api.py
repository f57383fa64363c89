"""The library API on real files: sampling, --full, errors and notes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from detectors.registry import DetectorSettings
from scanner.api import ScanSettings, scan
from tests.detectors.fieldkit import with_check_digit

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



def test_validating_a_sample_is_not_fooled_by_alternating_rows(tmp_path: Path) -> None:
    # Invalid and valid card numbers alternate: a sample at a fixed step of 2 would see only
    # one kind and report none, or twice as many.
    good = [with_check_digit(f"4539{i:011d}") for i in range(1000)]
    bad = [g[:-1] + str((int(g[-1]) + 1) % 10) for g in good]
    rows = [v for pair in zip(bad, good, strict=True) for v in pair]
    path = tmp_path / "cards.csv"
    path.write_text("id,card_number\n" + "".join(f"{i},{v}\n" for i, v in enumerate(rows)))
    (card,) = scan([str(path)], settings=ScanSettings(detectors=NO_NER)).findings
    assert card.category == "user.financial.credit_card" and card.estimated
    assert card.scanned == 2000 and 800 <= card.matches <= 1200


def test_every_batch_read_counts_even_when_its_sample_found_nothing(tmp_path: Path) -> None:
    # Six batches; half the values of each look like IPs but are not (a last octet > 255).
    n = 6 * 65_536
    ips = [
        f"10.1.{(i // 256) % 256}.{i % 256}" if i % 2 else f"10.2.3.{256 + i % 700}"
        for i in range(n)
    ]
    path = tmp_path / "ips.parquet"
    pq.write_table(pa.table({"client_ip": ips}), path, row_group_size=65_536)
    (ip,) = scan([str(path)], settings=ScanSettings(full=True, detectors=NO_NER)).findings
    assert ip.scanned == n
    assert 0.4 * n <= ip.matches <= 0.6 * n

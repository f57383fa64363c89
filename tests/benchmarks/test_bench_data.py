"""The performance benchmark's data generator: seeded, well-formed, no timing."""

from __future__ import annotations

import ipaddress
import sqlite3
import uuid
from pathlib import Path

import phonenumbers
import pyarrow.parquet as pq
import pytest

from benchmarks.bench_harness import data

ROWS = 1_000


@pytest.fixture(scope="module")
def table():
    return data.people_table(ROWS, seed=7)


def test_same_seed_gives_identical_table(table) -> None:
    assert data.people_table(ROWS, seed=7).equals(table)


def test_other_seed_gives_other_rows(table) -> None:
    assert not data.people_table(ROWS, seed=8)["email"].equals(table["email"])


def test_columns_present_in_order(table) -> None:
    assert tuple(table.column_names) == data.COLUMNS
    assert table.num_rows == ROWS
    assert table.column("email").null_count == 0


def test_card_numbers_pass_luhn(table) -> None:
    cards = table["card_number"].to_pylist()
    assert all(len(c) == 16 and c.isdigit() for c in cards)
    assert all(data.luhn_valid(c) for c in cards)


def test_luhn_check_rejects_a_changed_digit() -> None:
    # Hard negative for the checker the test above relies on.
    assert data.luhn_valid("4111111111111111")
    assert not data.luhn_valid("4111111111111112")


def test_identifiers_are_well_formed_and_near_unique(table) -> None:
    ids = table["device_id"].to_pylist()
    assert all(str(uuid.UUID(d)) == d and uuid.UUID(d).version == 4 for d in ids)
    ips = [ipaddress.ip_address(v) for v in table["ip_address"].to_pylist()]
    assert {ip.version for ip in ips} == {4, 6}
    assert sum(ip.version == 6 for ip in ips) < ROWS // 4
    assert len(set(table["email"].to_pylist())) > ROWS * 0.99
    assert all("@" in e and " " not in e for e in table["email"].to_pylist())


def test_phone_numbers_are_valid(table) -> None:
    for p in table["phone"].to_pylist()[:100]:
        assert phonenumbers.is_valid_number(phonenumbers.parse(p, None))


def test_parquet_and_sqlite_hold_the_same_rows(table, tmp_path: Path) -> None:
    pq_path = data.write_parquet(table, tmp_path / "t.parquet")
    # Parquet has no second unit: timestamps come back in ms, so compare values.
    assert pq.read_table(pq_path).to_pylist() == table.to_pylist()
    db = data.write_sqlite(table, tmp_path / "t.db", "customers")
    con = sqlite3.connect(db)
    try:
        got = con.execute("SELECT email, card_number FROM customers ORDER BY id").fetchall()
    finally:
        con.close()
    assert got == list(
        zip(table["email"].to_pylist(), table["card_number"].to_pylist(), strict=True)
    )


def test_log_is_whole_lines_of_both_kinds(tmp_path: Path) -> None:
    path = data.write_log(tmp_path / "app.log", 0.2, seed=3)
    raw = path.read_bytes()
    assert 150_000 < len(raw) <= 200_000
    assert raw.endswith(b"\n")
    lines = raw.decode().splitlines()
    assert any(" - - [" in line and '"GET ' in line for line in lines)
    assert any("user_email=" in line and "level=" in line for line in lines)
    assert data.write_log(tmp_path / "again.log", 0.2, seed=3).read_bytes() == raw


def test_one_row_group_holds_at_least_the_bytes_asked(tmp_path: Path) -> None:
    path = data.write_one_row_group(tmp_path / "one.parquet", 300_000, seed=5)
    meta = pq.read_metadata(path)
    assert meta.num_row_groups == 1
    assert data.compressed_bytes(meta.row_group(0)) >= 300_000
    # Not wildly more than asked: the row count is estimated, not a big round number.
    assert data.compressed_bytes(meta.row_group(0)) < 450_000
    again = data.write_one_row_group(tmp_path / "again.parquet", 300_000, seed=5)
    assert pq.read_table(again).equals(pq.read_table(path))


def test_write_parquet_splits_rows_into_groups_of_the_size_asked(table, tmp_path: Path) -> None:
    meta = pq.read_metadata(data.write_parquet(table, tmp_path / "g.parquet", 300))
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [300, 300, 300, 100]
    # The default keeps a 1,000-row table in one group.
    assert pq.read_metadata(data.write_parquet(table, tmp_path / "d.parquet")).num_row_groups == 1

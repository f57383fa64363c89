"""Location fingerprints: what each kind of location's digest is made of, what moves it, what
does not, and that it is the same from any process."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy.engine import URL

from connectors.base import Connector, Location
from connectors.db_fingerprint import updated_at_column
from connectors.files import FileSystemConnector
from connectors.fingerprint import BLOCK_BYTES, digest
from connectors.sqlalchemy_db import SqlAlchemyConnector, SqliteFileConnector
from tests.connectors.servers import execute, mariadb_database, postgres_database, query

HEX64 = re.compile(r"[0-9a-f]{64}")
ROOT = Path(__file__).resolve().parents[2]


def fingerprints(connector: Connector) -> dict[str, str | None]:
    """Location name -> fingerprint, as this connector discovers the locations now."""
    return {loc.name: connector.fingerprint(loc) for loc in connector.discover()}


def only(connector: Connector) -> tuple[Location, str | None]:
    """The source's single location and its fingerprint."""
    [location] = list(connector.discover())
    return location, connector.fingerprint(location)


def put_back(path: Path, mtime_ns: int) -> None:
    os.utime(path, ns=(mtime_ns, mtime_ns))


# -- the digest ------------------------------------------------------------------------


def test_digest_is_sha256_hex_of_typed_canonical_components() -> None:
    assert HEX64.fullmatch(digest("file", "csv", 1))
    assert digest({"a": 1, "b": 2}) == digest({"b": 2, "a": 1})
    assert digest(1) != digest("1")
    assert digest(None) != digest("None")
    assert digest(("a", "b")) != digest(("ab",))


def test_the_same_fingerprints_in_another_process(tmp_path: Path) -> None:
    pq.write_table(pa.table({"email": ["a@example.com"]}), tmp_path / "people.parquet")
    with sqlite3.connect(tmp_path / "app.db") as db:
        db.execute("CREATE TABLE t (id INTEGER, updated_at DATETIME)")
        db.execute("INSERT INTO t VALUES (1, '2024-05-06 07:08:09')")
    db.close()
    with FileSystemConnector(str(tmp_path)) as connector:
        here = fingerprints(connector)
    code = (
        "import json, sys\n"
        "from connectors.files import FileSystemConnector\n"
        "c = FileSystemConnector(sys.argv[1])\n"
        "print(json.dumps({l.name: c.fingerprint(l) for l in c.discover()}))\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}  # a str hash() would differ here
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(here) == 2 and all(here.values())
    assert json.loads(out.stdout) == here


# -- files -----------------------------------------------------------------------------


def _people_parquet(path: Path, odd_one: str) -> None:
    """Many small row groups, so a footer (their statistics) far bigger than a block; row
    10,005's email, set to ``odd_one``, sits in the middle of the file and of the footer."""
    emails = [f"person{i:06d}@example.com" for i in range(20_000)]
    emails[10_005] = odd_one
    table = pa.table({"id": list(range(20_000)), "email": emails})
    pq.write_table(table, path, compression="none", use_dictionary=False, row_group_size=10)


def test_parquet_footer_change_with_same_size_and_mtime_changes_it(tmp_path: Path) -> None:
    path, other = tmp_path / "people.parquet", tmp_path / "other.parquet.tmp"
    _people_parquet(path, "person010005@example.com")
    _people_parquet(other, "zzzzzz010005@example.com")  # that row group's maximum changes
    data, changed = path.read_bytes(), other.read_bytes()
    assert len(data) == len(changed)
    # Neither the first nor the last block tells them apart: only the whole footer does.
    assert data[: 2 * BLOCK_BYTES] == changed[: 2 * BLOCK_BYTES]
    assert data[-2 * BLOCK_BYTES :] == changed[-2 * BLOCK_BYTES :]
    mtime = path.stat().st_mtime_ns
    connector = FileSystemConnector(str(path))
    location, before = only(connector)

    path.write_bytes(data)  # the same bytes written again
    put_back(path, mtime)
    assert connector.fingerprint(location) == before

    path.write_bytes(changed)
    put_back(path, mtime)
    after = connector.fingerprint(location)
    assert after != before and after is not None


def test_a_large_file_is_known_by_its_first_and_last_blocks(tmp_path: Path) -> None:
    path = tmp_path / "app.log"
    lines = b"".join(b"line %06d user@example.com\n" % i for i in range(20_000))
    assert len(lines) > 4 * BLOCK_BYTES
    path.write_bytes(lines)
    mtime = path.stat().st_mtime_ns
    connector = FileSystemConnector(str(path))
    location, before = only(connector)

    def rewritten(offset: int) -> str | None:
        data = bytearray(lines)
        data[offset : offset + 4] = b"LINE"
        path.write_bytes(bytes(data))
        put_back(path, mtime)
        return connector.fingerprint(location)

    assert rewritten(0) != before
    assert rewritten(len(lines) - 30) != before
    # A change between the blocks, with size and time put back, is not seen: the file is
    # not read whole (the blind spot --full-rescan covers).
    assert rewritten(len(lines) // 2) == before


def test_a_file_gone_or_replaced_by_a_pipe_has_no_fingerprint(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("id,email\n1,a@example.com\n")
    connector = FileSystemConnector(str(path))
    location, before = only(connector)
    assert before is not None
    path.unlink()
    assert connector.fingerprint(location) is None
    os.mkfifo(path)
    assert connector.fingerprint(location) is None  # and does not block on opening it


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    root = tmp_path / "events"
    table = pa.table({"email": [f"u{i}@example.com" for i in range(8)], "day": ["1", "2"] * 4})
    pq.write_to_dataset(table, root, partition_cols=["day"])
    return root


def test_a_dataset_changes_when_a_partition_file_is_added(dataset: Path) -> None:
    connector = FileSystemConnector(str(dataset))
    location, before = only(connector)
    assert location.metadata["partitioned"] and before is not None
    assert connector.fingerprint(location) == before
    (dataset / "_SUCCESS").write_text("")  # not data: Spark's marker
    (dataset / "day=1" / ".part.crc").write_text("x")  # hidden
    assert connector.fingerprint(location) == before
    (dataset / "day=3").mkdir()
    pq.write_table(pa.table({"email": ["new@example.com"]}), dataset / "day=3" / "p.parquet")
    assert connector.fingerprint(location) != before


def test_a_dataset_changes_when_one_file_is_touched_and_goes_when_deleted(
    dataset: Path,
) -> None:
    connector = FileSystemConnector(str(dataset))
    location, before = only(connector)
    one = next(dataset.rglob("*.parquet"))
    mtime = one.stat().st_mtime_ns + 1_000_000_000
    os.utime(one, ns=(mtime, mtime))
    assert connector.fingerprint(location) not in (before, None)
    shutil.rmtree(dataset)
    assert connector.fingerprint(location) is None


# -- SQLite ----------------------------------------------------------------------------


def _events_db(path: Path, column: str, newest: str) -> None:
    """The same statements every time; only the newest timestamp differs."""
    with sqlite3.connect(path) as db:
        db.execute(f"CREATE TABLE events (id INTEGER PRIMARY KEY, {column} DATETIME)")
        db.executemany(
            "INSERT INTO events VALUES (?, ?)",
            [(1, "2024-01-01 00:00:00"), (2, newest)],
        )
    db.close()


@pytest.mark.parametrize(("column", "seen"), [("Updated_At", True), ("created_at", False)])
def test_sqlite_newest_updated_at_is_part_of_it(tmp_path: Path, column: str, seen: bool) -> None:
    path, newer = tmp_path / "app.db", tmp_path / "newer.db.tmp"
    _events_db(path, column, "2024-02-02 10:00:00")
    _events_db(newer, column, "2031-07-04 05:06:07")
    assert path.stat().st_size == newer.stat().st_size
    mtime = path.stat().st_mtime_ns
    connector = SqliteFileConnector(path)
    location, before = only(connector)
    assert before is not None and HEX64.fullmatch(before)
    # The file swapped for one whose only difference is a row's timestamp, its size and
    # time as they were: only the updated-at column can tell.
    path.write_bytes(newer.read_bytes())
    put_back(path, mtime)
    after = connector.fingerprint(location)
    assert after is not None and HEX64.fullmatch(after)
    assert (after != before) is seen
    connector.close()


def test_sqlite_write_that_reaches_only_the_wal_changes_it(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    writer = sqlite3.connect(path)
    try:
        writer.execute("PRAGMA journal_mode=WAL")
        writer.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT)")
        writer.commit()
        connector = SqliteFileConnector(path)
        location, before = only(connector)
        size, mtime = path.stat().st_size, path.stat().st_mtime_ns
        writer.execute("INSERT INTO people VALUES (1, 'a@example.com')")
        writer.commit()
        assert (path.stat().st_size, path.stat().st_mtime_ns) == (size, mtime)  # in the log
        assert connector.fingerprint(location) not in (before, None)
        connector.close()
    finally:
        writer.close()


def test_sqlite_file_named_like_a_uri_is_fingerprinted(tmp_path: Path) -> None:
    path = tmp_path / "my data%20.db"  # quoted into the read-only file: URI and back
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (id INTEGER)")
    db.close()
    url = URL.create("sqlite", database=str(path))
    for connector in (SqliteFileConnector(path), SqlAlchemyConnector(url)):
        location, before = only(connector)
        assert before is not None
        mtime = path.stat().st_mtime_ns + 1_000_000_000
        os.utime(path, ns=(mtime, mtime))
        assert connector.fingerprint(location) not in (before, None)
        connector.close()


def test_sqlite_tables_of_one_file_keep_their_own_fingerprints(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE a (id INTEGER)")
        db.execute("CREATE TABLE b (id INTEGER)")
    db.close()
    with FileSystemConnector(str(tmp_path)) as connector:
        found = fingerprints(connector)
    assert set(found) == {f"{tmp_path}/app.db:a", f"{tmp_path}/app.db:b"}
    assert len(set(found.values())) == 2


def test_updated_at_column_is_chosen_by_name_and_temporal_type() -> None:
    def cols(*pairs: tuple[str, str]) -> list[dict[str, str]]:
        return [{"name": n, "type": t} for n, t in pairs]

    assert updated_at_column(cols(("id", "INTEGER"), ("UPDATED_AT", "TIMESTAMP"))) == "UPDATED_AT"
    assert updated_at_column(cols(("mtime", "DATETIME(6)"), ("updated_at", "DATE"))) == "updated_at"
    assert updated_at_column(cols(("modified", "TIMESTAMP WITH TIME ZONE"))) == "modified"
    assert updated_at_column(cols(("updated_at", "TEXT"), ("mtime", "BIGINT"))) is None
    assert updated_at_column(cols(("created_at", "TIMESTAMP"), ("updated", "VARCHAR(30)"))) is None
    assert updated_at_column(cols(("last_updated_by", "TIMESTAMP"))) is None


# -- PostgreSQL ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with postgres_database() as url:
        execute(
            url,
            "CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT, status TEXT)",
            "INSERT INTO accounts SELECT i, 'user' || i || '@example.com', 'active' "
            "FROM generate_series(1, 200) i",
            "CREATE TABLE audit (id INTEGER PRIMARY KEY, note TEXT)",
            "CREATE TABLE profiles (id INTEGER PRIMARY KEY, email TEXT, "
            "updated_at TIMESTAMP WITH TIME ZONE)",
            "INSERT INTO profiles SELECT i, 'p' || i || '@example.com', "
            "'2024-01-01 00:00:00+00' FROM generate_series(1, 20) i",
            "CREATE VIEW active_accounts AS SELECT id, email FROM accounts WHERE status = 'active'",
            "CREATE MATERIALIZED VIEW account_count AS SELECT count(*) AS n FROM accounts",
            "ANALYZE",
        )
        yield url


def _pg_written(url: str, table: str, statement: str) -> None:
    """Run ``statement`` and wait until the statistics collector counts it."""

    def counted() -> int:
        [(n,)] = query(
            url,
            "SELECT coalesce(n_tup_ins + n_tup_upd + n_tup_del, 0) FROM pg_stat_user_tables "
            f"WHERE relname = '{table}'",
        )
        return n

    before = counted()
    execute(url, statement)
    deadline = time.monotonic() + 10
    while counted() == before and time.monotonic() < deadline:
        time.sleep(0.05)


def _pg_fingerprint(url: str, name: str) -> str | None:
    with SqlAlchemyConnector(url) as connector:
        return fingerprints(connector)[name]


def test_postgres_update_without_row_count_change_changes_it(pg_url: str) -> None:
    before = _pg_fingerprint(pg_url, "public.accounts")
    assert before is not None and HEX64.fullmatch(before)
    assert _pg_fingerprint(pg_url, "public.accounts") == before  # unchanged: kept
    estimate = query(pg_url, "SELECT reltuples FROM pg_class WHERE relname = 'accounts'")
    _pg_written(pg_url, "accounts", "UPDATE accounts SET status = 'closed' WHERE id = 7")
    assert query(pg_url, "SELECT reltuples FROM pg_class WHERE relname = 'accounts'") == estimate
    assert _pg_fingerprint(pg_url, "public.accounts") != before


def test_postgres_write_to_another_table_keeps_it(pg_url: str) -> None:
    before = _pg_fingerprint(pg_url, "public.accounts")
    _pg_written(pg_url, "audit", "INSERT INTO audit VALUES (1, 'x')")
    assert _pg_fingerprint(pg_url, "public.audit") is not None
    assert _pg_fingerprint(pg_url, "public.accounts") == before


def test_postgres_newest_updated_at_bump_changes_it(pg_url: str) -> None:
    before = _pg_fingerprint(pg_url, "public.profiles")
    _pg_written(
        pg_url,
        "profiles",
        "UPDATE profiles SET updated_at = '2031-07-04 05:06:07+00' WHERE id = 3",
    )
    after = _pg_fingerprint(pg_url, "public.profiles")
    assert after is not None and HEX64.fullmatch(after)  # a digest, not the timestamp
    assert after != before


def test_postgres_views_and_materialized_views(pg_url: str) -> None:
    # A view's rows move with tables no counter of its own follows: always read.
    assert _pg_fingerprint(pg_url, "public.active_accounts") is None
    before = _pg_fingerprint(pg_url, "public.account_count")
    assert before is not None
    assert _pg_fingerprint(pg_url, "public.account_count") == before
    execute(pg_url, "REFRESH MATERIALIZED VIEW account_count")
    assert _pg_fingerprint(pg_url, "public.account_count") != before


def test_postgres_column_added_changes_it(pg_url: str) -> None:
    execute(pg_url, "CREATE TABLE widened (id INTEGER)")
    before = _pg_fingerprint(pg_url, "public.widened")
    execute(pg_url, "ALTER TABLE widened ADD COLUMN email TEXT")
    assert _pg_fingerprint(pg_url, "public.widened") not in (before, None)


def test_postgres_table_dropped_after_discovery_has_none(pg_url: str) -> None:
    execute(pg_url, "CREATE TABLE doomed (id INTEGER)")
    with SqlAlchemyConnector(pg_url) as connector:
        location = next(loc for loc in connector.discover() if loc.name == "public.doomed")
        assert connector.fingerprint(location) is not None
        execute(pg_url, "DROP TABLE doomed")
        assert connector.fingerprint(location) is None


def test_postgres_partitioned_table_follows_its_partitions(pg_url: str) -> None:
    execute(
        pg_url,
        "CREATE TABLE visits (id INTEGER, day DATE) PARTITION BY RANGE (day)",
        "CREATE TABLE visits_2024 PARTITION OF visits "
        "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
        "INSERT INTO visits VALUES (1, '2024-03-01')",
    )
    before = _pg_fingerprint(pg_url, "public.visits")
    assert before is not None
    _pg_written(pg_url, "visits_2024", "UPDATE visits SET id = 2 WHERE id = 1")
    assert _pg_fingerprint(pg_url, "public.visits") != before


def test_unreachable_server_gives_none() -> None:
    connector = SqlAlchemyConnector("postgresql+psycopg://postgres@127.0.0.1:1/nowhere")
    location = Location(
        connector.display_source, "public.t", "table", "postgresql", {"schema": "public"}
    )
    assert connector.fingerprint(location) is None


# -- MariaDB ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mariadb_url() -> Iterator[str]:
    with mariadb_database() as url:
        execute(
            url,
            "CREATE TABLE customers (id INTEGER PRIMARY KEY, email VARCHAR(80)) ENGINE=InnoDB",
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, amount INTEGER) ENGINE=InnoDB",
            "CREATE VIEW big_orders AS SELECT id FROM orders WHERE amount > 10",
        )
        execute(
            url,
            "INSERT INTO customers VALUES (:id, :email)",
            params=[{"id": i, "email": f"c{i}@example.com"} for i in range(1, 31)],
        )
        yield url


def _maria_fingerprint(url: str, table: str) -> str | None:
    with SqlAlchemyConnector(url) as connector:
        location = next(loc for loc in connector.discover() if loc.name.endswith(f".{table}"))
        return connector.fingerprint(location)


def test_mariadb_row_inserted_changes_it(mariadb_url: str) -> None:
    before = _maria_fingerprint(mariadb_url, "customers")
    assert before is not None and HEX64.fullmatch(before)
    assert _maria_fingerprint(mariadb_url, "customers") == before
    orders = _maria_fingerprint(mariadb_url, "orders")
    execute(mariadb_url, "INSERT INTO customers VALUES (31, 'new@example.com')")
    assert _maria_fingerprint(mariadb_url, "customers") != before
    assert _maria_fingerprint(mariadb_url, "orders") == orders  # another table: kept


def test_mariadb_view_has_none(mariadb_url: str) -> None:
    assert _maria_fingerprint(mariadb_url, "big_orders") is None


def test_postgres_without_counted_writes_has_none() -> None:
    # A read replica's counters never see the primary's writes; track_counts off is the
    # same blindness on a server a test can set up: such tables are always read.
    with postgres_database() as url:
        execute(url, "CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT)")
        assert _pg_fingerprint(url, "public.accounts") is not None
        database = url.rsplit("/", 1)[1]
        execute(url, f'ALTER DATABASE "{database}" SET track_counts = off')
        assert _pg_fingerprint(url, "public.accounts") is None

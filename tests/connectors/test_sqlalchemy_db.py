from __future__ import annotations

import logging
import sqlite3
import uuid
from pathlib import Path

import pyarrow as pa
import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from connectors.base import ConnectorError, FatalSourceError, SkippableLocationError
from connectors.db_rows import column_array, rows_to_batch
from connectors.db_sampling import postgres_sample
from connectors.sqlalchemy_db import (
    SqlAlchemyConnector,
    SqliteFileConnector,
    client_option,
    sqlite_file_url,
)

PASSWORD = "s3cr3t-Pa55"


@pytest.fixture
def shop_db(tmp_path: Path) -> Path:
    path = tmp_path / "shop.db"
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE customers (
            id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT, zip TEXT, photo BLOB, note);
        CREATE TABLE orders (
            id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), total REAL);
        CREATE VIEW customer_emails AS SELECT email FROM customers;
        CREATE TABLE "select" ("a b" TEXT, "Order" TEXT);
        INSERT INTO "select" VALUES ('x', 'y');
        CREATE TABLE tags (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
        """
    )
    db.executemany(
        "INSERT INTO customers (email, zip, photo, note) VALUES (?, ?, ?, ?)",
        [
            ("ann@example.com", "01234", b"\x89PNG\x00\x01", 5),
            ("bob@example.com", "00501", None, "text"),
        ],
    )
    db.executemany("INSERT INTO orders VALUES (?, ?, ?)", [(1, 1, 9.5), (2, 2, 3.0)])
    db.executemany("INSERT INTO tags VALUES (?, ?)", [(f"k{i}", f"v{i}") for i in range(300)])
    db.commit()
    db.close()
    return path


def _by_name(connector: SqlAlchemyConnector) -> dict:
    return {loc.name: loc for loc in connector.discover()}


def test_sqlite_discovers_tables_and_views_with_metadata(shop_db: Path) -> None:
    with SqliteFileConnector(shop_db) as connector:
        found = _by_name(connector)
    # sqlite_sequence (made by AUTOINCREMENT) is SQLite's own and is left out.
    assert sorted(found) == ["customer_emails", "customers", "orders", "select", "tags"]
    orders = found["orders"]
    assert (orders.kind, orders.format, orders.source) == ("table", "sqlite", str(shop_db))
    assert orders.metadata["primary_key"] == ("id",)
    assert orders.metadata["foreign_keys"][0]["referred_table"] == "customers"
    assert [c["name"] for c in orders.metadata["columns"]] == ["id", "customer_id", "total"]
    assert found["customer_emails"].metadata["object_type"] == "view"


def test_sqlite_table_read_keeps_text_and_leaves_bytes_binary(shop_db: Path) -> None:
    with SqliteFileConnector(shop_db) as connector:
        location = _by_name(connector)["customers"]
        batch = pa.Table.from_batches(list(connector.read(location, None)))
    assert batch.column("zip").to_pylist() == ["01234", "00501"]
    assert pa.types.is_binary(batch.schema.field("photo").type)
    # A column holding a number on one row and text on the next comes back as text.
    assert batch.column("note").to_pylist() == ["5", "text"]


def test_sqlite_quoted_identifiers_and_views_read(shop_db: Path) -> None:
    with SqliteFileConnector(shop_db) as connector:
        found = _by_name(connector)
        odd = [r for b in connector.read(found["select"], None) for r in b.to_pylist()]
        view = [r for b in connector.read(found["customer_emails"], 1) for r in b.to_pylist()]
    assert odd == [{"a b": "x", "Order": "y"}]
    assert len(view) == 1


def test_sqlite_sample_is_random_not_the_head(tmp_path: Path) -> None:
    path = tmp_path / "big.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
        db.executemany("INSERT INTO t VALUES (?, ?)", [(i, f"v{i}") for i in range(1, 2001)])
    db.close()
    with SqliteFileConnector(path) as connector:
        location = next(iter(connector.discover()))
        ids = [r["id"] for b in connector.read(location, 50) for r in b.to_pylist()]
    assert len(ids) == 50
    assert max(ids) > 50  # a head read would give exactly 1..50


def test_sqlite_sample_of_table_without_rowid(shop_db: Path) -> None:
    with SqliteFileConnector(shop_db) as connector:
        rows = [r for b in connector.read(_by_name(connector)["tags"], 10) for r in b.to_pylist()]
    assert len(rows) == 10


def test_sqlite_url_is_opened_read_only(shop_db: Path) -> None:
    engine = sa.create_engine(sqlite_file_url(shop_db))
    with engine.connect() as conn, pytest.raises(sa.exc.OperationalError, match="readonly"):
        conn.execute(sa.text("CREATE TABLE intruder (x)"))
    engine.dispose()


def test_sqlite_url_for_missing_file_fails_without_creating_it(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    connector = SqlAlchemyConnector(f"sqlite:///{missing}")
    with pytest.raises(FatalSourceError, match="cannot connect"):
        list(connector.discover())
    assert not missing.exists()


def test_vanished_table_is_skippable(shop_db: Path) -> None:
    with SqliteFileConnector(shop_db) as connector:
        location = _by_name(connector)["orders"]
        with sqlite3.connect(shop_db) as db:
            db.execute("DROP TABLE orders")
        db.close()
        with pytest.raises(SkippableLocationError, match="could not read orders") as err:
            list(connector.read(location, None))
    assert err.value.hint
    assert err.value.location == "orders"


def test_postgres_connection_failure_hides_the_password() -> None:
    pytest.importorskip("psycopg", reason="no PostgreSQL driver installed")
    url = f"postgresql://piiscan:{PASSWORD}@127.0.0.1:5432/piiscan_no_such_database"
    connector = SqlAlchemyConnector(url)
    with pytest.raises(FatalSourceError) as err:
        list(connector.discover())
    assert "piiscan_no_such_database" in str(err.value)
    for shown in (str(err.value), repr(err.value), err.value.hint, connector.source):
        assert PASSWORD not in shown
    assert PASSWORD not in connector.display_source


def test_missing_driver_is_fatal_and_hides_the_password() -> None:
    connector = SqlAlchemyConnector(f"postgresql+nosuchdriver://u:{PASSWORD}@127.0.0.1/db")
    with pytest.raises(FatalSourceError, match="no database driver") as err:
        list(connector.discover())
    assert PASSWORD not in str(err.value)
    assert "***" in str(err.value)


def test_postgres_sample_uses_tablesample_by_size() -> None:
    table = sa.table("events", sa.column("email"), schema="public")

    def sql(estimate: int) -> str:
        return str(postgres_sample(table, 100, estimate).compile(dialect=postgresql.dialect()))

    assert "TABLESAMPLE system" in sql(50_000_000)
    assert "TABLESAMPLE bernoulli" in sql(50_000)
    assert "LIMIT" in sql(50_000)
    # Rows taken from the sample in random order, not its first ones in table order.
    assert "ORDER BY random()" in sql(50_000)


def test_rows_to_batch_types() -> None:
    ident = uuid.UUID("12345678-1234-5678-1234-567812345678")
    batch = rows_to_batch(
        ["n", "mixed", "blob", "view", "ident", "doc", "big"],
        [
            (1, 5, b"\x00", memoryview(b"ab"), ident, {"a": 1}, 2**70),
            (2, "x", None, None, None, {"a": 2}, 1),
        ],
    )
    assert batch.column("n").type == pa.int64()
    assert batch.column("mixed").to_pylist() == ["5", "x"]
    assert pa.types.is_binary(batch.column("blob").type)
    assert pa.types.is_binary(batch.column("view").type)
    assert batch.column("ident").to_pylist() == [str(ident), None]
    assert pa.types.is_struct(batch.column("doc").type)
    assert batch.column("big").to_pylist() == [str(2**70), "1"]


def test_broken_view_does_not_hide_tables_and_is_skippable(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE a (x TEXT); INSERT INTO a VALUES ('1');"
        "CREATE TABLE b (y); CREATE VIEW v AS SELECT y FROM b; DROP TABLE b;"
    )
    db.close()
    with SqliteFileConnector(path) as connector:
        found = _by_name(connector)
        assert sorted(found) == ["a", "v"]
        assert [r for b in connector.read(found["a"], None) for r in b.to_pylist()] == [{"x": "1"}]
        with pytest.raises(SkippableLocationError, match="no such table"):
            list(connector.read(found["v"], None))


def test_file_that_is_not_a_database_is_fatal(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "fake.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x01" * 200)
    with (
        caplog.at_level(logging.WARNING, logger="connectors"),
        pytest.raises(FatalSourceError) as err,
    ):
        list(SqliteFileConnector(path).discover())
    assert err.value.message == "not a readable SQLite database (file is not a database)"
    assert "truncated or damaged" in err.value.hint
    assert caplog.records == []  # said once, by the error: no "skipping schema None" line


def test_a_raw_at_in_a_password_is_refused_without_showing_it() -> None:
    with pytest.raises(FatalSourceError) as err:
        SqlAlchemyConnector("mysql+pymysql://scanner:Pa55@Xyzzy9@127.0.0.1/prod")
    assert "%40" in str(err.value)
    assert "Pa55" not in str(err.value) and "Xyzzy9" not in str(err.value)


def test_json_of_mixed_shapes_is_flattened_to_dotted_text() -> None:
    array = column_array(
        [{"a": {"zip": 1}}, {"a": {"zip": "02134"}, "l": [{"e": "x@y.z"}, {"e": None}]}, "str"]
    )
    assert array.to_pylist() == [
        {"a.zip": "1", "l.e": None, "value": None},
        {"a.zip": "02134", "l.e": ["x@y.z", None], "value": None},
        {"a.zip": None, "l.e": None, "value": "str"},
    ]


def test_mysql_option_file_values_are_read_as_the_mysql_client_reads_them(
    tmp_path: Path,
) -> None:
    cnf = tmp_path / ".my.cnf"
    cnf.write_text(
        "[mysql]\npassword=not-this-one\n\n"
        '[client]\nuser = scanner\npassword = "s3 cr#t"   # the scanner\'s login\n'
    )
    assert client_option(cnf, "password") == "s3 cr#t"
    assert client_option(cnf, "user") == "scanner"
    assert client_option(tmp_path / "missing.cnf", "password") is None


def test_a_literal_in_a_damaged_schema_is_never_quoted(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (email TEXT)")
    db.execute("CREATE VIEW v AS SELECT email FROM t WHERE email = 'x'")
    db.commit()
    db.execute("PRAGMA writable_schema=ON")
    db.execute(
        "UPDATE sqlite_master SET sql = 'CREATE VIEW v AS SELECT email FROM t "
        "WHERE email ''ceo.secret@corp-example.com''' WHERE name = 'v'"
    )
    db.commit()
    db.close()
    with SqliteFileConnector(path) as connector, pytest.raises(ConnectorError) as caught:
        list(connector.discover())
    assert "ceo.secret" not in str(caught.value) and "malformed database schema" in str(
        caught.value
    )


def test_an_idle_wal_database_is_read_without_files_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "wal.db"
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=wal")
    db.execute("CREATE TABLE t (email TEXT)")
    db.executemany("INSERT INTO t VALUES (?)", [(f"u{i}@example.com",) for i in range(20)])
    db.commit()
    db.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wal.db"]
    with SqliteFileConnector(path) as connector:
        [location] = list(connector.discover())
        assert sum(b.num_rows for b in connector.read(location, None)) == 20
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wal.db"]

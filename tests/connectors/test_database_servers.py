"""Scanning the real PostgreSQL and MariaDB servers: the same findings as a SQLite copy,
native types, sampling that is not the head, time limits, credentials, and nothing written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from benchmarks.accuracy_harness.public_stores import (
    FIDES_SQL,
    load_mysql_script,
    mysql_script_tables,
)
from connectors.sqlalchemy_db import DatabaseOptions, SqlAlchemyConnector
from detectors.registry import DetectorSettings
from scanner.api import ScanSettings, scan
from scanner.cli import cli
from scanner.model import ScanResult
from scanner.selection import Selection
from tests.connectors.chinook import load_chinook
from tests.connectors.servers import execute, mariadb_database, postgres_database, query

NO_NER = DetectorSettings(ner_enabled=False)
FIDES_MARIADB_SCRIPTS = next(scripts for store, _, scripts in FIDES_SQL if store == "fides-mariadb")
FIRST = ["Alice", "Bruno", "Chen", "Dana", "Emeka", "Farah", "Gus", "Hana", "Ivan", "Jo"]
LAST = ["Smith", "Okafor", "Li", "Garcia", "Novak", "Haddad", "Berg", "Sato", "Kova", "Ray"]
CUSTOMERS = [
    {
        "id": i,
        "full_name": f"{FIRST[i % 10]} {LAST[(i * 3) % 10]}",
        "email": f"person{i}.name@example{i % 7}.com",
        "phone": f"+1 415-555-{1000 + i:04d}",
        "status": ["active", "closed"][i % 2],
    }
    for i in range(1, 121)
]
ORDERS = [{"id": i, "customer_id": 1 + i % 120, "amount": 10 + i % 50} for i in range(1, 301)]
SHOP_DDL = (
    "CREATE TABLE customers (id INTEGER PRIMARY KEY, full_name VARCHAR(80), "
    "email VARCHAR(120), phone VARCHAR(40), status VARCHAR(20))",
    "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL "
    "REFERENCES customers (id), amount INTEGER)",
)


def load_shop(url: str) -> None:
    """The customers and orders tables, on any of the three databases."""
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    with engine.begin() as conn:
        for ddl in SHOP_DDL:
            conn.execute(sa.text(ddl))
        conn.execute(
            sa.text("INSERT INTO customers VALUES (:id, :full_name, :email, :phone, :status)"),
            CUSTOMERS,
        )
        conn.execute(sa.text("INSERT INTO orders VALUES (:id, :customer_id, :amount)"), ORDERS)
    engine.dispose()


def found(result: ScanResult) -> set[tuple[str, str, str]]:
    """(table without schema, field, category) of every finding."""
    return {(f.location.rsplit(".", 1)[-1], f.field, f.category) for f in result.findings}


def scan_one(url: str, **settings: object) -> ScanResult:
    result = scan([url], settings=ScanSettings(detectors=NO_NER, **settings))  # type: ignore[arg-type]
    return result


@pytest.fixture(scope="module")
def pg_shop() -> Iterator[str]:
    with postgres_database() as url:
        load_shop(url)
        yield url


@pytest.fixture(scope="module")
def maria_shop() -> Iterator[str]:
    with mariadb_database() as url:
        load_shop(url)
        yield url


@pytest.fixture
def sqlite_shop(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'shop.db'}"
    load_shop(url)
    return url


def test_servers_find_what_the_sqlite_copy_finds(
    pg_shop: str, maria_shop: str, sqlite_shop: str
) -> None:
    expected = found(scan_one(sqlite_shop))
    assert {(t, f) for t, f, _ in expected} >= {
        ("customers", "email"),
        ("customers", "phone"),
        ("customers", "full_name"),
    }
    for url in (pg_shop, maria_shop):
        result = scan_one(url)
        assert not result.errors, result.errors
        assert found(result) == expected
        assert {f.location for f in result.findings} <= {
            "public.customers",
            url.rsplit("/", 1)[1].split("?")[0] + ".customers",
        }


def test_keys_are_reflected_into_location_metadata(pg_shop: str, maria_shop: str) -> None:
    for url in (pg_shop, maria_shop):
        with SqlAlchemyConnector(url) as connector:
            by_table = {loc.name.rsplit(".", 1)[1]: loc for loc in connector.discover()}
        orders = by_table["orders"].metadata
        assert orders["primary_key"] == ("id",)
        (fk,) = orders["foreign_keys"]
        assert fk["columns"] == ("customer_id",)
        assert fk["referred_table"] == "customers" and fk["referred_columns"] == ("id",)
        assert orders["row_estimate"] is not None


def _pg_write_counters(url: str) -> list[tuple]:
    execute(url, "SELECT pg_stat_clear_snapshot()")
    return query(
        url,
        "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del, n_tup_hot_upd "
        "FROM pg_stat_user_tables ORDER BY relname",
    )


def _pg_checksums(url: str) -> list[tuple]:
    return [
        query(url, f"SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM {table} t")[0]
        for table in ("customers", "orders")
    ]


ROW_COUNTS = "SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM orders)"


def test_a_postgres_scan_writes_nothing(pg_shop: str) -> None:
    counters, sums = _pg_write_counters(pg_shop), _pg_checksums(pg_shop)
    counts = query(pg_shop, ROW_COUNTS)
    scan_one(pg_shop, full=True)
    scan_one(pg_shop)
    assert _pg_write_counters(pg_shop) == counters
    assert _pg_checksums(pg_shop) == sums
    assert query(pg_shop, ROW_COUNTS) == counts


def test_a_mariadb_scan_writes_nothing(maria_shop: str) -> None:
    def checksums() -> list[tuple]:
        return query(maria_shop, "CHECKSUM TABLE customers, orders EXTENDED")

    def updated() -> list[tuple]:
        return query(
            maria_shop,
            "SELECT table_name, update_time, table_rows FROM information_schema.tables "
            "WHERE table_schema = DATABASE() ORDER BY table_name",
        )

    before, times = checksums(), updated()
    scan_one(maria_shop, full=True)
    scan_one(maria_shop)
    assert checksums() == before
    assert updated() == times


def test_sessions_are_read_only(pg_shop: str, maria_shop: str) -> None:
    for url, check in (
        (pg_shop, "SHOW transaction_read_only"),
        (maria_shop, "SELECT @@SESSION.tx_read_only"),
    ):
        connector = SqlAlchemyConnector(url)
        with connector._connect() as conn:  # the scan's own kind of session
            assert str(conn.execute(sa.text(check)).scalar()) in ("on", "1")
            with pytest.raises(sa.exc.DBAPIError):
                conn.execute(sa.text("INSERT INTO orders VALUES (9999, 1, 1)"))
        connector.close()


def test_a_postgres_role_with_select_grants_only_can_scan(pg_shop: str) -> None:
    role = "piiscan_reader_" + pg_shop.rsplit("_", 1)[1]
    database = pg_shop.rsplit("/", 1)[1]
    execute(
        pg_shop,
        f"CREATE ROLE {role} LOGIN",
        f'GRANT CONNECT ON DATABASE "{database}" TO {role}',
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}",
    )
    try:
        reader = pg_shop.replace("://postgres@", f"://{role}@")
        result = scan_one(reader)
        assert not result.errors
        assert found(result) == found(scan_one(pg_shop))
    finally:
        execute(pg_shop, f"DROP OWNED BY {role}", f"DROP ROLE {role}")


@pytest.fixture
def maria_reader(maria_shop: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, str]]:
    """A MariaDB user with a password and SELECT only: (user, password)."""
    user = "piiscan_r" + maria_shop.split("piiscan_")[1][:6]
    password = "s3cr3t-Pa55@word"
    database = maria_shop.rsplit("/", 1)[1].split("?")[0]
    execute(
        maria_shop,
        f"CREATE USER '{user}'@'%' IDENTIFIED BY '{password}'",
        f"CREATE USER '{user}'@'localhost' IDENTIFIED BY '{password}'",
        f"GRANT SELECT ON `{database}`.* TO '{user}'@'%'",
        f"GRANT SELECT ON `{database}`.* TO '{user}'@'localhost'",
    )
    try:
        yield user, password
    finally:
        execute(maria_shop, f"DROP USER '{user}'@'%'", f"DROP USER '{user}'@'localhost'")


def test_mariadb_password_from_the_environment_never_shows(
    maria_shop: str, maria_reader: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    user, password = maria_reader
    database = maria_shop.rsplit("/", 1)[1]
    url = f"mysql+pymysql://{user}:${{PIISCAN_TEST_DB_PASSWORD}}@127.0.0.1:3306/{database}"
    monkeypatch.setenv("PIISCAN_TEST_DB_PASSWORD", password)
    runner = CliRunner()
    out = runner.invoke(cli, ["scan", url, "--no-ner", "--format", "json"])
    assert out.exit_code == 0, out.output
    report = json.loads(out.stdout)
    assert {f["field"] for f in report["findings"]} >= {"email", "phone"}
    assert password not in out.output and "s3cr3t" not in out.output
    monkeypatch.delenv("PIISCAN_TEST_DB_PASSWORD")
    out = runner.invoke(cli, ["scan", url, "--no-ner"])
    assert out.exit_code == 2  # a configuration error, found before anything is read
    assert "PIISCAN_TEST_DB_PASSWORD is not set" in out.output


def test_mariadb_password_from_the_option_file(
    maria_shop: str,
    maria_reader: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user, password = maria_reader
    (tmp_path / ".my.cnf").write_text(f"[client]\npassword={password}\n")
    monkeypatch.setenv("HOME", str(tmp_path))
    database = maria_shop.rsplit("/", 1)[1]
    result = scan_one(f"mysql+pymysql://{user}@127.0.0.1:3306/{database}")
    assert not result.errors
    assert ("customers", "email", "user.contact.email") in found(result)


def test_postgres_password_file_is_read_by_libpq(
    pg_shop: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    passfile = tmp_path / "pgpass"
    passfile.write_text("127.0.0.1:5432:*:postgres:from-the-pgpass-file\n")
    passfile.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(passfile))
    connector = SqlAlchemyConnector(pg_shop)
    with connector._connect() as conn:
        # The password libpq used: trust authentication accepts any, so this shows it was read.
        assert conn.connection.dbapi_connection.info.password == "from-the-pgpass-file"
    connector.close()


def test_postgres_statement_timeout_makes_one_table_an_error(pg_shop: str) -> None:
    execute(
        pg_shop,
        "CREATE VIEW slow_contacts AS SELECT 'ann.lee@example.com'::text AS email FROM pg_sleep(3)",
    )
    try:
        result = scan_one(pg_shop, database=DatabaseOptions(statement_timeout_s=0.5))
        (error,) = result.errors
        assert error.location == "public.slow_contacts"
        assert "statement timeout (0.5 s)" in error.error and "--statement-timeout" in error.error
        assert ("customers", "email", "user.contact.email") in found(result)
    finally:
        execute(pg_shop, "DROP VIEW slow_contacts")


def test_mariadb_statement_timeout_makes_one_table_an_error(maria_shop: str) -> None:
    execute(maria_shop, "CREATE VIEW slow_contacts AS SELECT SLEEP(3) AS waited, 'a' AS note")
    try:
        result = scan_one(maria_shop, database=DatabaseOptions(statement_timeout_s=0.5))
        (error,) = result.errors
        assert error.location.endswith(".slow_contacts")
        assert "--statement-timeout" in error.error
        assert ("customers", "email", "user.contact.email") in found(result)
    finally:
        execute(maria_shop, "DROP VIEW slow_contacts")


def test_a_small_table_with_an_outlying_key_is_read_whole() -> None:
    with mariadb_database() as url:
        execute(
            url,
            "CREATE TABLE sentinel (id INT PRIMARY KEY, email VARCHAR(100))",
            "INSERT INTO sentinel VALUES (:id, :email)",
            params=[{"id": i, "email": f"oz{i}@example.com"} for i in range(1, 5001)]
            + [{"id": 2**31 - 1, "email": "not an email"}],
        )
        result = scan_one(url)
    (email,) = result.findings
    assert email.scanned == 5001 and email.matches == 5000


def _late_emails(url: str, *, primary_key: bool, outlier: bool = False) -> None:
    """20,000 rows; only the last quarter holds email addresses. ``outlier``: one more row
    far out in the key range (a sentinel 2^31-1), which must not starve a keyed sample."""
    key = "PRIMARY KEY" if primary_key else ""
    rows = [
        {"id": i, "contact": f"late{i}@example.org" if i > 15_000 else "n/a"}
        for i in range(1, 20_001)
    ]
    if outlier:
        rows.append({"id": 2**31 - 1, "contact": "n/a"})
    execute(
        url,
        f"CREATE TABLE signups (id INTEGER {key}, contact VARCHAR(80))",
        "INSERT INTO signups VALUES (:id, :contact)",
        params=rows,
    )
    execute(url, "ANALYZE TABLE signups" if "mysql" in url else "ANALYZE signups")


@pytest.mark.parametrize(
    ("primary_key", "outlier"), [(True, False), (False, False), (True, True)]
)
def test_mariadb_samples_are_not_the_first_rows(primary_key: bool, outlier: bool) -> None:
    with mariadb_database() as url:
        _late_emails(url, primary_key=primary_key, outlier=outlier)
        first = scan_one(url, sample_rows=1000)
        again = scan_one(url, sample_rows=1000)
    (email,) = [f for f in first.findings if f.field == "contact"]
    assert email.scanned == 1000 and 100 <= email.matches <= 600
    # Seeded: the same rows again.
    assert [(f.matches, f.scanned) for f in again.findings] == [(email.matches, email.scanned)]


def test_postgres_samples_are_not_the_first_rows() -> None:
    with postgres_database() as url:
        _late_emails(url, primary_key=True)
        result = scan_one(url, sample_rows=1000)
    (email,) = [f for f in result.findings if f.field == "contact"]
    assert email.scanned == 1000 and 100 <= email.matches <= 600


def test_postgres_native_types() -> None:
    with postgres_database() as url:
        execute(
            url,
            "CREATE TABLE devices (id INTEGER PRIMARY KEY, client_ip INET, network CIDR, "
            "device_mac MACADDR, device_uuid UUID, payload JSONB, aliases TEXT[], "
            "avatar BYTEA)",
            "INSERT INTO devices VALUES (:id, CAST(:ip AS inet), '10.0.0.0/8', "
            "CAST(:mac AS macaddr), CAST(:uuid AS uuid), CAST(:payload AS jsonb), "
            "CAST(:aliases AS text[]), CAST(:avatar AS bytea))",
            params=[
                {
                    "id": i,
                    "ip": f"203.0.113.{i}",
                    "mac": f"3c:22:fb:{i:02x}:10:5e",
                    "uuid": f"6f1e2d3c-4b5a-4c9d-8e7f-{i:012x}",
                    "payload": json.dumps({"contact": {"email": f"owner{i}@example.net"}}),
                    "aliases": "{" + f"alias{i}@example.org,backup{i}@example.org" + "}",
                    "avatar": b"\x89PNG" + bytes([i]),
                }
                for i in range(1, 61)
            ],
        )
        result = scan_one(url)
    assert not result.errors
    by_field = {(f.field, f.category) for f in result.findings}
    assert ("client_ip", "user.device.ip_address") in by_field
    assert ("device_mac", "user.device.device_id") in by_field
    assert ("device_uuid", "user.device.device_id") in by_field
    assert ("payload.contact.email", "user.contact.email") in by_field
    assert ("aliases", "user.contact.email") in by_field
    assert not any(f.field in ("network", "avatar") for f in result.findings)
    assert [n.note for n in result.notes] == ["field 'avatar' is binary: skipped, not decoded"]


def test_mariadb_json_fields_are_dotted_paths_and_blobs_are_skipped() -> None:
    with mariadb_database() as url:
        execute(
            url,
            "CREATE TABLE profiles (id INT PRIMARY KEY, settings JSON, photo BLOB)",
            "INSERT INTO profiles VALUES (:id, :settings, :photo)",
            params=[
                {
                    "id": i,
                    "settings": json.dumps({"recovery": {"phone": f"+44 20 7946 {i:04d}"}}),
                    "photo": b"\xff\xd8\xff" + bytes([i]),
                }
                for i in range(1, 61)
            ],
        )
        result = scan_one(url)
    assert {(f.field, f.category) for f in result.findings} == {
        ("settings.recovery.phone", "user.contact.phone_number")
    }
    assert [n.note for n in result.notes] == ["field 'photo' is binary: skipped, not decoded"]


def test_include_and_exclude_narrow_a_database_scan(pg_shop: str) -> None:
    only_customers = scan_one(pg_shop, selection=Selection.of(include=["public.customers.*"]))
    assert {f.location for f in only_customers.findings} == {"public.customers"}
    no_email = scan_one(pg_shop, selection=Selection.of(exclude=["*.email"]))
    assert "email" not in {f.field for f in no_email.findings}
    assert "phone" in {f.field for f in no_email.findings}
    none = scan_one(pg_shop, selection=Selection.of(include=["public.orders"]))
    assert none.findings == () and none.scan.locations_scanned == 1


def test_cli_include_exclude_and_timeout_options(sqlite_shop: str) -> None:
    out = CliRunner().invoke(
        cli,
        [
            "scan",
            sqlite_shop,
            "--no-ner",
            "--format",
            "json",
            "--include",
            "CUSTOMERS.*",
            "--exclude",
            "customers.phone",
            "--statement-timeout",
            "5",
        ],
    )
    assert out.exit_code == 0, out.output
    fields = {f["field"] for f in json.loads(out.stdout)["findings"]}
    assert "email" in fields and "phone" not in fields


def fides_samples() -> Path:
    """The fides sample databases under ../shared/datasets; skips the test without them."""
    root = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "fides_labeled_sql"
    if not root.is_dir():
        pytest.skip("the fides samples under ../shared/datasets are not here")
    return root


def test_fides_postgres_sample_finds_what_its_sqlite_copy_finds() -> None:
    root = fides_samples()
    copy = root / "fides_postgres_sample_derived.sqlite"
    expected = found(scan([str(copy)], settings=ScanSettings(detectors=NO_NER)))
    with postgres_database() as url:
        engine = sa.create_engine(url, poolclass=sa.NullPool)
        with engine.begin() as conn:
            conn.exec_driver_sql((root / "postgres_sample.sql").read_text())
        engine.dispose()
        result = scan_one(url)
    assert not result.errors
    assert found(result) == expected
    assert ("customer", "email", "user.contact.email") in expected


def test_chinook_finds_the_same_in_sqlite_postgres_and_mariadb(tmp_path: Path) -> None:
    copy = f"sqlite:///{tmp_path / 'chinook.db'}"
    assert load_chinook(copy) > 15_000
    expected = found(scan_one(copy))
    assert {
        ("customer", "email", "user.contact.email"),
        ("customer", "phone", "user.contact.phone_number"),
        ("customer", "firstname", "user.name"),
        ("employee", "email", "user.contact.email"),
        ("customer", "city", "user.contact.address.city"),
        ("employee", "birthdate", "user.demographic.date_of_birth"),
        ("invoice", "billingcity", "user.contact.address.city"),
        ("invoice", "billingaddress", "user.contact.address.street"),
    } <= expected
    # Brazil's "01310-200" parses as a phone number; the column's name says postal code.
    assert ("invoice", "billingpostalcode", "user.contact.phone_number") not in expected
    with postgres_database() as url:
        load_chinook(url)
        assert found(scan_one(url)) == expected
    with mariadb_database() as url:
        load_chinook(url)
        assert found(scan_one(url)) == expected


def test_fides_mariadb_sample_finds_what_its_sqlite_copy_finds(tmp_path: Path) -> None:
    scripts = [fides_samples() / n for n in FIDES_MARIADB_SCRIPTS]
    copy = tmp_path / "fides-mariadb.sqlite"
    assert load_mysql_script(scripts, copy) == ""
    expected = found(scan([str(copy)], settings=ScanSettings(detectors=NO_NER)))
    with mariadb_database() as url:
        engine = sa.create_engine(url, poolclass=sa.NullPool)
        with engine.begin() as conn:
            for statement in mysql_script_tables(scripts).split(";\n"):
                if statement.strip() and not statement.strip().startswith("--"):
                    conn.exec_driver_sql(statement)
        engine.dispose()
        result = scan_one(url)
    assert not result.errors
    assert found(result) == expected
    assert ("customer", "email", "user.contact.email") in expected


def test_read_only_and_the_time_limit_hold_whatever_options_the_url_gives(
    pg_shop: str, maria_shop: str
) -> None:
    pg = pg_shop + "?options=-c%20search_path%3Dpublic"
    maria = maria_shop + "&init_command=SET%20NAMES%20utf8mb4"
    for url, check, timeout in (
        (pg, "SHOW transaction_read_only", "SHOW statement_timeout"),
        (maria, "SELECT @@SESSION.tx_read_only", "SELECT @@SESSION.max_statement_time"),
    ):
        connector = SqlAlchemyConnector(url, options=DatabaseOptions(statement_timeout_s=7))
        with connector._connect() as conn:
            assert str(conn.execute(sa.text(check)).scalar()) in ("on", "1")
            assert str(conn.execute(sa.text(timeout)).scalar()) in ("7s", "7.0")
        connector.close()


def test_server_error_text_that_may_quote_data_is_never_shown(
    pg_shop: str, maria_shop: str
) -> None:
    execute(
        pg_shop,
        "CREATE FUNCTION boom(t text) RETURNS text LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'bad value %', t; END $$",
        "CREATE VIEW v_raise AS SELECT boom(email) AS checked FROM customers",
    )
    execute(
        maria_shop,
        "CREATE FUNCTION boom(t VARCHAR(200)) RETURNS VARCHAR(200) DETERMINISTIC "
        "BEGIN DECLARE msg VARCHAR(200) DEFAULT CONCAT('bad value ', t); "
        "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = msg; RETURN t; END",
        "CREATE VIEW v_raise AS SELECT boom(email) AS checked FROM customers",
    )
    try:
        for url in (pg_shop, maria_shop):
            result = scan_one(url)
            (error,) = result.errors
            assert error.location.endswith("v_raise")
            assert "@example" not in error.error and "person" not in error.error
            assert "not shown" in error.error
    finally:
        execute(pg_shop, "DROP VIEW v_raise", "DROP FUNCTION boom(text)")
        execute(maria_shop, "DROP VIEW v_raise", "DROP FUNCTION boom")


def test_include_reaches_inside_json_and_says_when_it_matched_nothing() -> None:
    with postgres_database() as url:
        execute(
            url,
            "CREATE TABLE types (id INT PRIMARY KEY, jb JSONB)",
            "INSERT INTO types VALUES (:id, CAST(:doc AS jsonb))",
            params=[
                {"id": i, "doc": json.dumps({"people": {"email": f"p{i}@example.org"}})}
                for i in range(50)
            ],
        )
        inside = scan_one(url, selection=Selection.of(include=["*.jb.people.email"]))
        assert [(f.field, f.category) for f in inside.findings] == [
            ("jb.people.email", "user.contact.email")
        ]
        assert inside.unmatched_includes == ()
        out = CliRunner().invoke(cli, ["scan", url, "--no-ner", "--include", "nomatch.*"])
    assert out.exit_code == 2
    assert "no table, file or field matched --include 'nomatch.*'" in out.output


def test_bad_driver_options_are_an_error_of_that_source_not_a_crash(tmp_path: Path) -> None:
    bad = "mysql+pymysql://root@127.0.0.1:3306/test?ssl_ca=/nonexistent/ca.pem"
    out = CliRunner().invoke(cli, ["scan", bad, str(tmp_path), "--no-ner", "--format", "json"])
    assert out.exit_code == 4, out.output
    (error,) = json.loads(out.stdout)["errors"]
    assert error["error"].startswith("cannot connect to mysql+pymysql://root@127.0.0.1:3306/test")


def test_a_partitioned_table_is_read_once_through_its_parent() -> None:
    with postgres_database() as url:
        execute(
            url,
            "CREATE TABLE events (id INT, created DATE, email TEXT) PARTITION BY RANGE (created)",
            "CREATE TABLE events_2023 PARTITION OF events "
            "FOR VALUES FROM ('2023-01-01') TO ('2024-01-01')",
            "CREATE TABLE events_2024 PARTITION OF events "
            "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
            "INSERT INTO events SELECT g, date '2023-01-01' + (g % 700), "
            "'u' || g || '@example.com' FROM generate_series(1, 50000) g",
            "ANALYZE events_2023",
            "ANALYZE events_2024",
        )
        with SqlAlchemyConnector(url) as connector:
            (events,) = connector.discover()
        result = scan_one(url, sample_rows=1000)
    assert events.name == "public.events" and events.metadata["row_estimate"] == 50_000
    (email,) = result.findings
    assert (email.location, email.field, email.scanned) == ("public.events", "email", 1000)


def test_a_mariadb_login_with_select_only_reads_views(
    maria_shop: str, maria_reader: tuple[str, str]
) -> None:
    user, password = maria_reader
    execute(maria_shop, "CREATE VIEW contact_view AS SELECT email, phone FROM customers")
    try:
        database = maria_shop.rsplit("/", 1)[1]
        quoted = password.replace("@", "%40")
        result = scan_one(f"mysql+pymysql://{user}:{quoted}@127.0.0.1:3306/{database}")
    finally:
        execute(maria_shop, "DROP VIEW contact_view")
    assert not result.errors, result.errors
    assert ("contact_view", "email", "user.contact.email") in found(result)


def test_json_documents_of_mixed_shapes_still_give_dotted_paths() -> None:
    # A zip code as a number here and as text there, a list of objects, a bare string.
    docs: list[object] = [
        {"user": {"email": f"m{i}@example.org", "zip": 12345 if i % 2 else "02134"}}
        for i in range(60)
    ]
    docs += [{"user": {"tags": [{"email": "t@example.org"}]}}, "just text"]
    with postgres_database() as url:
        execute(
            url,
            "CREATE TABLE messy (id INT PRIMARY KEY, doc JSONB)",
            "INSERT INTO messy VALUES (:id, CAST(:doc AS jsonb))",
            params=[{"id": i, "doc": json.dumps(d)} for i, d in enumerate(docs)],
        )
        result = scan_one(url)
    assert ("doc.user.email", "user.contact.email") in {
        (f.field, f.category) for f in result.findings
    }

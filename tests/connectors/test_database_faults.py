"""Faults produced for real on the PostgreSQL and MariaDB servers: a backend killed mid-scan,
a login refused. (The statement timeout firing on a slow table is in
test_database_servers.py.)"""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path

import sqlalchemy as sa
from click.testing import CliRunner

from connectors.base import LoginRefusedError
from connectors.sqlalchemy_db import SqlAlchemyConnector
from detectors.registry import DetectorSettings
from scanner.api import ScanSettings, scan
from scanner.cli import cli
from tests.conftest import EMAILS
from tests.connectors.servers import PG_ADMIN, execute, mariadb_database, postgres_database

NO_NER = ScanSettings(detectors=DetectorSettings(ner_enabled=False))


def _terminate_slow_query(url: str, stop: threading.Event) -> None:
    """Kill (pg_terminate_backend) the session of ``url``'s database whose query has run
    for over a second: the slow table's read (it runs through a server-side cursor, so its
    text is a FETCH, not the table's name)."""
    admin = sa.create_engine(PG_ADMIN, poolclass=sa.NullPool)
    database = url.rsplit("/", 1)[1]
    try:
        with admin.connect() as conn:
            while not stop.is_set():
                killed = conn.execute(
                    sa.text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :db AND state = 'active' "
                        "AND now() - query_start > interval '1 second' "
                        "AND pid <> pg_backend_pid()"
                    ),
                    {"db": database},
                ).all()
                conn.commit()
                if killed:
                    return
                time.sleep(0.05)
    finally:
        admin.dispose()


def test_a_backend_killed_mid_scan_fails_that_table_and_the_others_complete() -> None:
    with postgres_database() as url:
        execute(
            url,
            "CREATE TABLE customers (id int PRIMARY KEY, email text)",
            "CREATE TABLE orders (id int PRIMARY KEY, total numeric)",
            "CREATE VIEW slow_contacts AS SELECT 'ann.lee@example.com'::text AS email "
            "FROM pg_sleep(20)",
            "INSERT INTO customers VALUES (:id, :email)",
            params=[{"id": i, "email": e} for i, e in enumerate(EMAILS)],
        )
        stop = threading.Event()
        killer = threading.Thread(target=_terminate_slow_query, args=(url, stop))
        killer.start()
        started = time.monotonic()
        try:
            result = scan([url], settings=NO_NER)
        finally:
            stop.set()
            killer.join()
        assert time.monotonic() - started < 15  # killed, not waited out
        [error] = result.errors
        assert error.location == "public.slow_contacts"
        assert "ended the connection" in error.error and "scan again" in error.error
        assert not error.login_refused
        assert ("public.customers", "email", "user.contact.email") in {
            (f.location, f.field, f.category) for f in result.findings
        }
        assert result.scan.locations_scanned == 2  # customers and orders were read


def test_a_refused_postgres_login_is_a_clear_error_and_exit_2(shop_db: Path) -> None:
    with postgres_database() as url:
        wrong_user = url.replace("postgres@", f"nobody_{uuid.uuid4().hex[:8]}:Pw-123@")
        with SqlAlchemyConnector(wrong_user) as connector:
            try:
                list(connector.discover())
            except LoginRefusedError as exc:
                assert "refused the login" in str(exc) and "Pw-123" not in str(exc)
            else:
                raise AssertionError("the login was not refused")
        result = CliRunner().invoke(
            cli, ["scan", wrong_user, str(shop_db), "--no-ner", "--no-store", "--format", "json"]
        )
        assert result.exit_code == 2
        assert "Pw-123" not in result.output + result.stderr
        assert "user.contact.email" in result.stdout  # the other source is still reported


def test_a_refused_mariadb_password_is_exit_2() -> None:
    user = f"piiscan_{uuid.uuid4().hex[:8]}"
    with mariadb_database() as url:
        execute(url, f"CREATE USER '{user}'@'%' IDENTIFIED BY 'Right-Pw-1'")
        execute(url, f"CREATE USER '{user}'@'localhost' IDENTIFIED BY 'Right-Pw-1'")
        try:
            database = url.rsplit("/", 1)[1].split("?")[0]
            wrong = f"mysql+pymysql://{user}:Wrong-Pw-2@127.0.0.1:3306/{database}"
            result = CliRunner().invoke(
                cli, ["scan", wrong, "--no-ner", "--no-store", "--format", "json"]
            )
            assert result.exit_code == 2
            assert "refused the login" in result.stdout
            assert "Wrong-Pw-2" not in result.output + result.stderr
        finally:
            execute(url, f"DROP USER '{user}'@'%'", f"DROP USER '{user}'@'localhost'")


def test_postgres_dates_python_cannot_hold_do_not_hide_the_table() -> None:
    with postgres_database() as url:
        execute(
            url,
            "CREATE TABLE subscriptions (id int PRIMARY KEY, email text, "
            "valid_until timestamp, since date, renews timestamptz)",
            "INSERT INTO subscriptions VALUES (:id, :email, 'infinity', '0044-03-15 BC', "
            "'-infinity')",
            params=[{"id": i, "email": e} for i, e in enumerate(EMAILS)],
        )
        execute(url, "UPDATE subscriptions SET valid_until = '2030-01-01' WHERE id < 10")
        result = scan([url], settings=NO_NER)
    assert not result.errors
    assert ("public.subscriptions", "email", "user.contact.email") in {
        (f.location, f.field, f.category) for f in result.findings
    }

"""Shared fixtures: small real stores built in tmp_path."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True, scope="session")
def _findings_store_of_the_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Scans the CLI records by default go to a store of this test session, never to the
    user data directory of whoever runs the tests (subprocesses inherit the variable)."""
    patch = pytest.MonkeyPatch()
    patch.setenv("PIISCAN_STORE", str(tmp_path_factory.mktemp("store") / "findings.db"))
    yield
    patch.undo()


EMAILS = [f"person{i}.name@example{i % 7}.com" for i in range(60)]
PHONES = [f"+1 415-555-{1000 + i:04d}" for i in range(60)]


@pytest.fixture
def shop_db(tmp_path: Path) -> Path:
    """A SQLite file with a customers table (emails, phones, names) and a products table."""
    path = tmp_path / "shop.db"
    con = sqlite3.connect(path)
    con.execute(
        "CREATE TABLE customers (id INTEGER PRIMARY KEY, full_name TEXT, email TEXT, "
        "phone TEXT, created_at TEXT)"
    )
    con.execute("CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT, sku TEXT, price REAL)")
    first = ["Alice", "Bruno", "Chen", "Dana", "Emeka", "Farah", "Gus", "Hana", "Ivan", "Jo"]
    last = ["Smith", "Okafor", "Li", "Garcia", "Novak", "Haddad", "Berg", "Sato", "Kova", "Ray"]
    for i in range(60):
        con.execute(
            "INSERT INTO customers VALUES (?,?,?,?,?)",
            (i, f"{first[i % 10]} {last[(i * 3) % 10]}", EMAILS[i], PHONES[i], "2024-01-02"),
        )
    for i in range(30):
        con.execute(
            "INSERT INTO products VALUES (?,?,?,?)",
            (i, f"Widget {i}", f"SKU-{10000 + i}-A", 9.99 + i),
        )
    con.commit()
    con.close()
    return path

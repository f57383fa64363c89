"""PostgreSQL dates and times that Python cannot hold, read as null.

``'infinity'``, ``'-infinity'``, years BC and years past 9999 are valid PostgreSQL values
(subscriptions that never end), but psycopg raises DataError loading them, which failed the
whole table: its email column went unscanned. They are read as null instead; no personal
data is a date at the end of time.
"""

from __future__ import annotations

from typing import Any


def read_unrepresentable_times_as_null(dbapi_connection: Any) -> None:
    """Register, on one psycopg (3) connection, date and timestamp loaders that give None
    for a value Python's datetime cannot hold."""
    import psycopg
    from psycopg.types.datetime import DateLoader, TimestampLoader, TimestamptzLoader

    for name, loader in (
        ("date", DateLoader),
        ("timestamp", TimestampLoader),
        ("timestamptz", TimestamptzLoader),
    ):
        dbapi_connection.adapters.register_loader(name, _lenient(loader, psycopg.DataError))


def _lenient(loader: type, error: type[Exception]) -> type:
    class Lenient(loader):  # type: ignore[misc, valid-type]
        def load(self, data: Any) -> Any:
            try:
                return super().load(data)
            except error:
                return None

    Lenient.__name__ = f"Lenient{loader.__name__}"
    return Lenient

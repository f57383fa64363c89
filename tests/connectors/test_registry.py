from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from connectors.base import Connector, FatalSourceError
from connectors.files import FileSystemConnector
from connectors.registry import ConnectorRegistry, ConnectorRoute, default_connectors
from connectors.sqlalchemy_db import SqlAlchemyConnector, SqliteFileConnector


def test_database_url_opens_sqlalchemy_connector() -> None:
    connector = default_connectors().open("postgresql://app:hunter2@db.internal/shop")
    assert isinstance(connector, SqlAlchemyConnector)
    assert "hunter2" not in connector.source + connector.display_source


def test_sqlite_file_path_opens_database_named_by_table(tmp_path: Path) -> None:
    path = tmp_path / "app.data"  # found by its header, not its name
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE people (email TEXT)")
    db.close()
    with default_connectors().open(str(path)) as connector:
        assert isinstance(connector, SqliteFileConnector)
        assert [loc.name for loc in connector.discover()] == ["people"]


@pytest.mark.parametrize("source", [".", "*.log", "logs/**/*.gz"])
def test_paths_and_globs_open_files(source: str) -> None:
    assert isinstance(default_connectors().open(source), FileSystemConnector)


def test_neither_path_nor_url_is_fatal_with_examples() -> None:
    with pytest.raises(FatalSourceError, match="not a path or a database URL") as err:
        default_connectors().open("nosuchthing")
    assert "postgresql://" in err.value.hint


@pytest.mark.parametrize("source", ["no/such/folder", "nope.csv", ".hidden", "~/nope.csv"])
def test_missing_path_says_so_with_a_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    with pytest.raises(FatalSourceError) as err:
        default_connectors().open(source)
    assert err.value.message == f"no such file or directory: {source}"
    assert "check the path" in err.value.hint
    assert "quote a glob" in err.value.hint
    absolute = str(tmp_path / "nope.csv")
    with pytest.raises(FatalSourceError) as err:
        default_connectors().open(absolute)
    assert err.value.message == f"no such file or directory: {absolute}"


def test_unknown_url_scheme_names_the_dialects_and_drivers_installed() -> None:
    with pytest.raises(FatalSourceError, match="no SQLAlchemy dialect for 'foo': foo://bar"):
        default_connectors().open("foo://bar")
    with pytest.raises(FatalSourceError, match="no SQLAlchemy dialect for 'postgres'") as err:
        default_connectors().open("postgres://app:hunter2@db.internal/shop")
    assert "write postgresql:// instead" in err.value.hint
    assert "postgresql, sqlite" in err.value.hint  # the dialects
    assert "drivers installed: " in err.value.hint and "sqlite" in err.value.hint
    assert "hunter2" not in str(err.value)


def test_known_dialect_with_a_malformed_url_is_not_valid() -> None:
    with pytest.raises(FatalSourceError, match="not a valid database URL") as err:
        default_connectors().open("postgresql://app:hunter2@db.internal:port/shop")
    assert "hunter2" not in str(err.value)


def test_registries_are_independent_objects(tmp_path: Path) -> None:
    class Dummy(FileSystemConnector):
        pass

    custom = ConnectorRegistry([ConnectorRoute("dummy", lambda s: s == "dummy:", Dummy)])
    assert isinstance(custom.open("dummy:"), Dummy)
    with pytest.raises(FatalSourceError):
        default_connectors().open("dummy:")
    custom.register(ConnectorRoute("any", lambda s: True, FileSystemConnector))
    assert isinstance(custom.open(str(tmp_path)), Connector)
    assert len(default_connectors().routes) == 3

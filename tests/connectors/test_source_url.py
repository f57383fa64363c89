from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from connectors.source_url import (
    UnsetVariableError,
    expand_environment,
    is_database_url,
    raw_at_in_password,
    redact_source,
    scrub_password,
)


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("postgresql://app:hunter2@db:5432/shop", "postgresql://app:***@db:5432/shop"),
        ("mysql+pymysql://root:p%40ss@127.0.0.1/app", "mysql+pymysql://root:***@127.0.0.1/app"),
        ("postgresql://app@db/shop?password=hunter2", "postgresql://app@db/shop?password=***"),
        ("postgresql://app@db/shop", "postgresql://app@db/shop"),
        ("sqlite:////data/my shop.db", "sqlite:////data/my shop.db"),
        ("exports/2024 q1/*.parquet", "exports/2024 q1/*.parquet"),
    ],
)
def test_redact_source(source: str, shown: str) -> None:
    assert redact_source(source) == shown


@pytest.mark.parametrize(
    "source",
    [
        "postgresql://u@localhost/db",
        "postgresql+psycopg2://u:p@h/db",
        "mysql+pymysql://u@h/db",
        "sqlite:///app.db",
        "sqlite://",
    ],
)
def test_database_urls(source: str) -> None:
    assert is_database_url(source)


@pytest.mark.parametrize(
    "source", ["s3://bucket/key.parquet", "file:///tmp/x.csv", "data/app.db", "logs/*.gz", ""]
)
def test_not_database_urls(source: str) -> None:
    assert not is_database_url(source)


def test_scrub_password_in_both_spellings() -> None:
    source = "postgresql://app:p%40ss@db/shop"
    text = "login p%40ss failed; tried p@ss"
    assert scrub_password(text, source) == "login *** failed; tried ***"


def test_environment_references_are_expanded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIISCAN_PW", "p@ss/w:rd")
    monkeypatch.setenv("PIISCAN_HOST", "db.internal:5433")
    url = expand_environment("postgresql://scanner:${PIISCAN_PW}@${PIISCAN_HOST}/prod")
    # The password is URL-encoded in its place; the rest is taken as written.
    assert url == "postgresql://scanner:p%40ss%2Fw%3Ard@db.internal:5433/prod"
    assert make_url(url).password == "p@ss/w:rd"
    assert expand_environment("sqlite:///plain.db") == "sqlite:///plain.db"


def test_an_unset_variable_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PIISCAN_UNSET", raising=False)
    with pytest.raises(UnsetVariableError, match="PIISCAN_UNSET is not set"):
        expand_environment("mysql+pymysql://u:${PIISCAN_UNSET}@h/db")


def test_a_raw_at_in_a_password_is_hidden_whole() -> None:
    url = "mysql+pymysql://scanner:s3cr@t@db.internal/prod"
    assert redact_source(url) == "mysql+pymysql://scanner:***@db.internal/prod"
    assert raw_at_in_password(url)
    assert not raw_at_in_password("mysql+pymysql://scanner:s3cr%40t@db.internal/prod")
    assert not raw_at_in_password("postgresql://scanner@db/prod?sslmode=require")


@pytest.mark.parametrize("password", ["Qx9?Secret7", "a/b#Secret7", "Secret7#x"])
def test_a_password_with_raw_url_delimiters_is_still_hidden(password: str) -> None:
    shown = redact_source(f"postgresql+psycopg://postgres:{password}@127.0.0.1:5432/db")
    assert "Secret7" not in shown and "***" in shown

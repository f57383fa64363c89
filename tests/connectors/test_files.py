from __future__ import annotations

import ctypes
import json
import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from connectors.base import FatalSourceError, Location, SkippableLocationError
from connectors.files import FileSystemConnector
from connectors.text_stream import read_error

ACCESS = '10.0.0.1 - - [10/Oct/2023:13:55:36 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8"\n'


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    ws = tmp_path / "ws"
    (ws / "logs").mkdir(parents=True)
    (ws / "data").mkdir()
    (ws / ".git").mkdir()
    (ws / ".git" / "config").write_text("[core]\n")
    (ws / "logs" / "access.log").write_text(ACCESS * 3)
    (ws / "logs" / "app.log").write_text("user=ann action=login\nuser=bob action=logout\n")
    (ws / "logs" / "core.log").write_bytes(bytes(range(256)) * 8)  # binary, named like text
    (ws / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (ws / "data" / "people.csv").write_text("email,zip\nann@x.org,01234\n")
    with sqlite3.connect(ws / "data" / "app.db") as db:
        db.execute("CREATE TABLE people (email TEXT)")
        db.execute("INSERT INTO people VALUES ('ann@x.org')")
    db.close()
    table = pa.table({"email": ["a@x.org", "b@x.org"], "country": ["de", "fr"]})
    pq.write_to_dataset(table, ws / "data" / "events", partition_cols=["country"])
    monkeypatch.chdir(tmp_path)
    return ws


def _discover(source: str) -> dict[str, Location]:
    with FileSystemConnector(source) as connector:
        return {loc.name: loc for loc in connector.discover()}


def _rows(source: str, name: str, sample_rows: int | None = None) -> list[dict]:
    with FileSystemConnector(source) as connector:
        location = {loc.name: loc for loc in connector.discover()}[name]
        return [r for b in connector.read(location, sample_rows) for r in b.to_pylist()]


def test_walk_names_paths_from_the_source_string(workspace: Path) -> None:
    found = _discover("ws")
    assert list(found) == [
        "ws/data/app.db:people",
        "ws/data/events",
        "ws/data/people.csv",
        "ws/logs/access.log",
        "ws/logs/app.log",
        "ws/logs/core.log",
    ]
    assert {name: loc.format for name, loc in found.items()} == {
        "ws/data/app.db:people": "sqlite",
        "ws/data/events": "parquet",
        "ws/data/people.csv": "csv",
        "ws/logs/access.log": "log",
        "ws/logs/app.log": "log",
        "ws/logs/core.log": "binary",
    }
    csv_location = found["ws/data/people.csv"]
    assert csv_location.source == "ws"
    assert csv_location.metadata["size"] == (workspace / "data" / "people.csv").stat().st_size
    assert csv_location.metadata["mtime"] == (workspace / "data" / "people.csv").stat().st_mtime
    assert found["ws/data/events"].metadata["partitioned"] is True


def test_each_kind_found_in_a_folder_reads(workspace: Path) -> None:
    assert _rows("ws", "ws/data/app.db:people") == [{"email": "ann@x.org"}]
    assert sorted(r["country"] for r in _rows("ws", "ws/data/events")) == ["de", "fr"]
    assert _rows("ws", "ws/data/people.csv") == [{"email": "ann@x.org", "zip": "01234"}]
    assert _rows("ws", "ws/logs/app.log")[0]["user"] == "ann"


def test_binary_file_named_like_text_is_skippable(workspace: Path) -> None:
    with pytest.raises(SkippableLocationError, match="binary content, not text") as err:
        _rows("ws", "ws/logs/core.log")
    assert err.value.hint
    assert err.value.location == "ws/logs/core.log"


def test_binary_file_named_explicitly_is_listed_and_skippable(workspace: Path) -> None:
    assert list(_discover("ws/logo.png")) == ["ws/logo.png"]
    with pytest.raises(SkippableLocationError, match="binary content"):
        _rows("ws/logo.png", "ws/logo.png")


def test_symlink_loop_is_walked_once(workspace: Path) -> None:
    (workspace / "logs" / "again").symlink_to(workspace)
    (workspace / "data" / "same.csv").symlink_to(workspace / "data" / "people.csv")
    found = _discover("ws")
    assert "ws/data/same.csv" not in found  # the file it links to is already listed
    assert not any("/again/" in name for name in found)


def test_empty_file_reads_no_rows(workspace: Path) -> None:
    (workspace / "empty.log").write_bytes(b"")
    assert _discover("ws/empty.log")["ws/empty.log"].format == "log"
    assert _rows("ws/empty.log", "ws/empty.log") == []


def test_missing_path_is_fatal_with_a_hint(workspace: Path) -> None:
    with pytest.raises(FatalSourceError, match="no such file or directory: ws/nope") as err:
        _discover("ws/nope")
    assert err.value.hint


def test_globs(workspace: Path) -> None:
    assert list(_discover("ws/logs/*.log")) == [
        "ws/logs/access.log",
        "ws/logs/app.log",
        "ws/logs/core.log",
    ]
    assert list(_discover("ws/**/*.csv")) == ["ws/data/people.csv"]
    with pytest.raises(FatalSourceError, match="no file matches"):
        _discover("ws/**/*.xlsx")


def test_recursive_glob_survives_a_symlink_loop(workspace: Path) -> None:
    (workspace / "data" / "loop").symlink_to(workspace)
    assert list(_discover("ws/**/*.csv")) == ["ws/data/people.csv"]


def test_file_gone_after_discovery_is_skippable(workspace: Path) -> None:
    with FileSystemConnector("ws") as connector:
        location = {loc.name: loc for loc in connector.discover()}["ws/logs/app.log"]
        (workspace / "logs" / "app.log").unlink()
        with pytest.raises(SkippableLocationError, match="disappeared"):
            list(connector.read(location, None))


def test_damaged_sqlite_file_is_skippable(workspace: Path) -> None:
    (workspace / "data" / "bad.db").write_bytes(b"SQLite format 3\x00" + b"\x01" * 200)
    found = _discover("ws/data")
    assert found["ws/data/bad.db"].format == "sqlite"
    with pytest.raises(SkippableLocationError):
        _rows("ws/data", "ws/data/bad.db")


_UNREADABLE_CHECK = """
import json, sys
from connectors.base import SkippableLocationError
from connectors.files import FileSystemConnector
from connectors.text_stream import read_error
out = {}
with FileSystemConnector(sys.argv[1]) as connector:
    for location in connector.discover():
        try:
            rows = sum(b.num_rows for b in connector.read(location, None))
            out[location.name] = rows
        except SkippableLocationError as exc:
            out[location.name] = str(exc)
print(json.dumps(out))
"""


def _without_read_override() -> None:
    """Run in the child before exec: drop the capabilities that let root read any file
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) from its bounding set."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) refused")


def test_unreadable_file_is_skippable_at_read_not_discovery(tmp_path: Path) -> None:
    (tmp_path / "open.log").write_text("hello\n")
    (tmp_path / "secret.log").write_text("salary of ann\n")
    (tmp_path / "secret.log").chmod(0o000)
    # Root reads anything; as root the check runs in a child that has lost that power.
    as_root = os.geteuid() == 0
    try:
        done = subprocess.run(
            [sys.executable, "-c", _UNREADABLE_CHECK, str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=60,
            preexec_fn=_without_read_override if as_root else None,
        )
    except subprocess.SubprocessError as exc:
        pytest.skip(f"cannot drop root's read override here: {exc}")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result[f"{tmp_path}/open.log"] == 1
    assert "permission denied" in result[f"{tmp_path}/secret.log"]
    assert "salary" not in done.stdout + done.stderr


def test_permission_error_reads_as_permission_denied() -> None:
    error = read_error(PermissionError(13, "Permission denied", "/data/secret.log"))
    assert isinstance(error, SkippableLocationError)
    assert error.message.startswith("permission denied")
    assert "read access" in error.hint


def test_text_named_parquet_after_par1_is_a_corrupt_parquet_file(workspace: Path) -> None:
    (workspace / "data" / "cut.parquet").write_bytes(b"PAR1garbagegarbage")
    assert _discover("ws/data/cut.parquet")["ws/data/cut.parquet"].format == "parquet"
    with pytest.raises(SkippableLocationError, match="Parquet file is truncated or corrupt") as err:
        _rows("ws/data", "ws/data/cut.parquet")
    assert err.value.location == "ws/data/cut.parquet"


def test_truncated_sqlite_in_a_folder_is_a_location_that_fails_to_read(
    workspace: Path, caplog: pytest.LogCaptureFixture
) -> None:
    whole = (workspace / "data" / "app.db").read_bytes()
    (workspace / "data" / "trunc.db").write_bytes(whole[:200])
    with caplog.at_level(logging.WARNING, logger="connectors"):
        found = _discover("ws/data")
    assert caplog.records == []  # reported once, as the location's error, not as a log line
    assert found["ws/data/trunc.db"].format == "sqlite"
    assert "ws/data/app.db:people" in found
    with pytest.raises(SkippableLocationError, match="not a readable SQLite database") as err:
        _rows("ws/data", "ws/data/trunc.db")
    assert err.value.location == "ws/data/trunc.db"
    assert "None" not in str(err.value)


def test_tilde_is_expanded_and_names_keep_it(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(workspace))
    assert _rows("~/data/people.csv", "~/data/people.csv") == [
        {"email": "ann@x.org", "zip": "01234"}
    ]
    assert list(_discover("~/data/*.csv")) == ["~/data/people.csv"]
    assert "~/logs/access.log" in _discover("~")
    with pytest.raises(FatalSourceError) as err:
        _discover("~/nope.csv")
    assert err.value.message == "no such file or directory: ~/nope.csv"


def test_json_document_in_a_folder_reads_as_rows(workspace: Path) -> None:
    request = {"device": {"ip": "203.0.113.9", "ifa": "8846d6fa"}, "user": {"yob": 1990}}
    (workspace / "data" / "bid.json").write_text(json.dumps(request, indent=2))
    found = _discover("ws/data")
    assert found["ws/data/bid.json"].format == "json"
    rows = _rows("ws/data", "ws/data/bid.json")
    assert rows == [request]

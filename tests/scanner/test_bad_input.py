"""A folder of everything that goes wrong in real directories, scanned in one go: each bad
file is an error with where, what and what to do (or a note), nothing crashes, the good
files are still reported, and the scan exits 4. A PostgreSQL table dropped mid-scan too.

(Connector tests cover each case alone; unreadable files, which need a process without
root's read override, are in tests/connectors/test_files.py.)"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from connectors.base import Connector, Location
from connectors.registry import ConnectorRegistry, ConnectorRoute
from detectors.registry import DetectorSettings
from scanner.api import ProgressEvent, ScanSettings, scan
from scanner.cli import cli
from tests.connectors.servers import execute, postgres_database

LONG_LINE_BYTES = 50 * 1024 * 1024


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    root = tmp_path / "messy"
    root.mkdir()
    pq.write_table(
        pa.table({"email": [f"user{i}@example.com" for i in range(50)]}), root / "good.parquet"
    )
    whole = (root / "good.parquet").read_bytes()
    (root / "truncated.parquet").write_bytes(whole[: len(whole) // 2])
    (root / "corrupt.parquet").write_bytes(b"PAR1" + bytes(range(256)) * 8 + b"PAR1")
    lines = "".join(
        f'10.0.0.{i} - - [10/Oct/2024:13:55:36 +0000] "GET / HTTP/1.1" 200 5\n' for i in range(200)
    )
    packed = gzip.compress(lines.encode())
    (root / "cut.log.gz").write_bytes(packed[: len(packed) // 2])
    (root / "binary.log").write_bytes(bytes(range(256)) * 20)
    (root / "latin1.log").write_bytes(
        "user=café email=rené.dupont@example.com status=ok\n".encode("latin-1") * 50
        + b"bad \xff\xfe bytes\n"
    )
    with open(root / "one-line.log", "wb") as f:
        f.write(b"x=" + b"a" * LONG_LINE_BYTES + b" email=long.line@example.com\n")
    (root / "empty.csv").write_bytes(b"")
    rows = ["id,email,name", *(f"{i},user{i}@example.com,Name {i}" for i in range(100))]
    rows[10], rows[20], rows[30] = "9,short@example.com", "19,a@example.com,b,c,d", "x"
    (root / "ragged.csv").write_text("\n".join(rows) + "\n")
    os.symlink(root / "loop", root / "loop")  # ELOOP on every stat
    (root / "sub").mkdir()
    os.symlink(root, root / "sub" / "back-to-top")
    return root


def test_a_messy_folder_is_scanned_through(messy: Path) -> None:
    result = CliRunner().invoke(
        cli, ["scan", str(messy), "--no-ner", "--no-store", "--format", "json", "-q"]
    )
    assert result.exit_code == 4, result.stderr
    report = json.loads(result.stdout)
    errors = {Path(e["location"]).name: e["error"] for e in report["errors"]}
    assert set(errors) == {"truncated.parquet", "corrupt.parquet", "cut.log.gz", "binary.log"}
    for name, error in errors.items():
        what, _, to_do = error.partition(" (")
        assert what and to_do, name  # what happened, then what to do in brackets
    assert "truncated or corrupt" in errors["truncated.parquet"]
    assert "truncated or damaged" in errors["cut.log.gz"]
    assert "binary content" in errors["binary.log"]
    found = {(Path(f["location"]).name, f["category"]) for f in report["findings"]}
    for name in ("good.parquet", "latin1.log", "one-line.log", "ragged.csv"):
        assert (name, "user.contact.email") in found, name
    notes = [n["note"] for n in report["notes"]]
    assert any("skipped 3 rows with the wrong number of fields" in n for n in notes)
    assert "@example.com" not in result.stdout.replace("***@example.com", "")


def test_a_table_dropped_mid_scan_is_an_error_and_the_others_are_read() -> None:
    with postgres_database() as url:
        execute(
            url,
            "CREATE TABLE a_customers (id int PRIMARY KEY, email text)",
            "CREATE TABLE b_orders (id int PRIMARY KEY, total numeric)",
            "CREATE TABLE c_contacts (id int PRIMARY KEY, email text)",
            "INSERT INTO a_customers SELECT g, 'user' || g || '@example.com' "
            "FROM generate_series(1, 50) g",
            "INSERT INTO c_contacts SELECT g, 'c' || g || '@example.org' "
            "FROM generate_series(1, 50) g",
        )

        def drop_orders_when_its_turn_comes(event: ProgressEvent) -> None:
            if event.kind == "location" and event.location == "public.b_orders":
                execute(url, "DROP TABLE b_orders")

        result = scan(
            [url],
            settings=ScanSettings(detectors=DetectorSettings(ner_enabled=False)),
            progress=drop_orders_when_its_turn_comes,
        )
    [error] = result.errors
    assert error.location == "public.b_orders"
    assert "no longer exists" in error.error and "scan again" in error.error
    assert {f.location for f in result.findings} == {"public.a_customers", "public.c_contacts"}


class _FailingConnector(Connector):
    """A connector whose second location fails inside a library with an unexpected error
    whose text quotes a value: a fault no real store here can be made to produce."""

    format = "test"

    def discover(self) -> Iterator[Location]:
        yield self.location("good", "table")
        yield self.location("broken", "table")

    def read(self, location: Location, sample_rows: int | None) -> Iterator[pa.RecordBatch]:
        if location.name == "broken":
            raise KeyError("ann.lee@example.com")
        yield pa.record_batch({"email": [f"user{i}@example.com" for i in range(20)]})


def _is_failing(source: str) -> bool:
    return source == "failing://x"


@pytest.mark.parametrize("workers", [1, 2])
def test_an_unexpected_failure_is_that_locations_error_and_never_quotes_it(
    workers: int,
) -> None:
    connectors = ConnectorRegistry([ConnectorRoute("failing", _is_failing, _FailingConnector)])
    settings = ScanSettings(detectors=DetectorSettings(ner_enabled=False), workers=workers)
    result = scan(["failing://x"], settings=settings, connectors=connectors)
    [error] = result.errors
    assert error.location == "broken"
    assert "internal error (KeyError)" in error.error and "ann.lee" not in error.error
    assert {f.location for f in result.findings} == {"good"}


def test_map_columns_and_pipes_named_on_the_command_line(tmp_path: Path) -> None:
    maps = pa.array(
        [[("home", "ann.lee@example.com")], [("work", f"b{i}@example.org") for i in range(3)]] * 20,
        type=pa.map_(pa.string(), pa.string()),
    )
    pq.write_table(pa.table({"contacts": maps}), tmp_path / "maps.parquet")
    pipe = tmp_path / "incoming.log"
    os.mkfifo(pipe)
    result = CliRunner().invoke(
        cli,
        ["scan", str(tmp_path / "maps.parquet"), str(pipe), "--no-ner", "--no-store",
         "--format", "json", "-q"],
    )  # fmt: skip
    report = json.loads(result.stdout)
    assert result.exit_code == 4
    assert ("contacts.value", "user.contact.email") in {
        (f["field"], f["category"]) for f in report["findings"]
    }
    [error] = report["errors"]
    assert error["location"] == str(pipe) and "not a regular file" in error["error"]


def test_a_report_that_cannot_be_written_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("email\nann.lee@example.com\nbob@example.org\n")
    full = Path("/dev/full")
    if not full.exists():
        pytest.skip("no /dev/full here")
    result = CliRunner().invoke(
        cli, ["scan", str(tmp_path / "a.csv"), "--no-store", "--no-ner", "-o", str(full)]
    )
    assert result.exit_code == 2 and "cannot write the report" in result.stderr


def test_an_include_whose_match_cannot_be_read_is_exit_4_not_a_typo(messy: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["scan", str(messy), "--include", "*corrupt*", "--no-ner", "--no-store", "-q"],
    )
    assert result.exit_code == 4
    assert "matched nothing" not in result.stdout + result.stderr

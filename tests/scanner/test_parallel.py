"""``--workers N``: locations scanned in worker processes give the serial scan's report."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from detectors.registry import DetectorSettings
from scanner import parallel
from scanner.api import ProgressEvent, ScanSettings, scan
from scanner.cli import cli
from scanner.model import ScanResult

NO_NER = DetectorSettings(ner_enabled=False)


@pytest.fixture
def mixed_dir(tmp_path: Path) -> Path:
    """Files of every kind, one of them corrupt."""
    root = tmp_path / "exports"
    root.mkdir()
    emails = [f"user{i}@example{i % 5}.org" for i in range(300)]
    pq.write_table(pa.table({"id": list(range(300)), "email": emails}), root / "users.parquet")
    (root / "calls.csv").write_text(
        "id,phone\n" + "".join(f"{i},+1 415-555-{1000 + i:04d}\n" for i in range(200))
    )
    (root / "events.jsonl").write_text(
        "".join(json.dumps({"ip": f"203.0.113.{i % 250 + 1}", "n": i}) + "\n" for i in range(200))
    )
    (root / "broken.parquet").write_bytes(b"PAR1" + b"\x00" * 64)
    con = sqlite3.connect(root / "crm.db")
    con.execute("CREATE TABLE contacts (id INTEGER, email TEXT)")
    con.executemany("INSERT INTO contacts VALUES (?, ?)", enumerate(emails))
    con.commit()
    con.close()
    return root


def comparable(result: ScanResult) -> tuple:
    return (
        sorted((f.key, f.matches, f.scanned, f.status, f.confidence) for f in result.findings),
        # In the same order, not just the same: reports of the two must read alike.
        result.errors,
        result.notes,
        result.scan.locations_scanned,
    )


def test_workers_report_what_a_serial_scan_reports(mixed_dir: Path, shop_db: Path) -> None:
    sources = [str(mixed_dir), f"sqlite:///{shop_db}", str(mixed_dir / "missing.csv")]
    serial = scan(sources, settings=ScanSettings(detectors=NO_NER))
    events: list[ProgressEvent] = []
    parallel = scan(
        sources, settings=ScanSettings(detectors=NO_NER, workers=2), progress=events.append
    )
    assert comparable(parallel) == comparable(serial)
    assert {f.category for f in parallel.findings} >= {
        "user.contact.email",
        "user.contact.phone_number",
        "user.device.ip_address",
    }
    assert any(e.location and e.location.endswith("broken.parquet") for e in parallel.errors)
    # A source that cannot be opened is an error event of its own, before any location.
    [unopened] = [e for e in events if e.kind == "error" and not e.index]
    assert unopened.source.endswith("missing.csv") and unopened.detail
    finished = [e for e in events if e.kind in ("done", "error") and e.index]
    assert sorted(e.index for e in finished) == list(range(1, len(finished) + 1))
    assert {e.total for e in finished} == {len(finished)}


def test_cli_workers_option(mixed_dir: Path) -> None:
    runner = CliRunner()
    # Not recorded: the second run would carry the first's findings over.
    args = ["scan", str(mixed_dir), "--no-ner", "--format", "json", "-q", "--no-store"]
    serial = runner.invoke(cli, args)
    parallel = runner.invoke(cli, [*args, "--workers", "0"])
    assert serial.exit_code == parallel.exit_code == 4  # the broken file is an error
    assert json.loads(parallel.output)["findings"] == json.loads(serial.output)["findings"]


def test_a_dask_cluster_reports_what_a_serial_scan_reports(mixed_dir: Path) -> None:
    from distributed import LocalCluster

    serial = scan([str(mixed_dir)], settings=ScanSettings(detectors=NO_NER))
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as cluster:
        settings = ScanSettings(detectors=NO_NER, scheduler=cluster.scheduler_address)
        on_dask = scan([str(mixed_dir)], settings=settings)
    assert comparable(on_dask) == comparable(serial)


def test_an_unreachable_scheduler_is_a_usage_error(
    mixed_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "DASK_CONNECT_TIMEOUT_S", 1)
    out = CliRunner().invoke(cli, ["scan", str(mixed_dir), "--scheduler", "tcp://127.0.0.1:9"])
    assert out.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in out.output


def test_dask_needs_absolute_paths(mixed_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(mixed_dir.parent)
    out = CliRunner().invoke(cli, ["scan", mixed_dir.name, "--scheduler", "tcp://127.0.0.1:9"])
    assert out.exit_code == 2
    assert "file sources must be absolute paths" in out.output

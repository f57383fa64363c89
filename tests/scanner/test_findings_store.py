"""The findings store on real SQLite files and a real PostgreSQL database: what a scan
records, what history and reuse read back, schema upgrades, and that it holds no raw values."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from detectors.registry import DetectorSettings
from scanner import findings_store
from scanner.api import ScanSettings, scan
from scanner.findings_store import FindingsStore, StoreError, same_store_as_source, store_url
from scanner.model import ScanState, Status
from tests.conftest import EMAILS, PHONES
from tests.connectors.servers import postgres_database

NO_NER = ScanSettings(detectors=DetectorSettings(ner_enabled=False))


def test_a_new_store_is_created_at_the_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "findings.db"
    with FindingsStore.open(path) as store:
        assert store.schema_version() == findings_store.SCHEMA_VERSION
        assert store.history() == []
    with FindingsStore.open(f"sqlite:///{path}") as store:  # the same store, by URL
        assert store.schema_version() == findings_store.SCHEMA_VERSION


def test_a_scan_is_recorded_with_findings_errors_and_fingerprints(
    tmp_path: Path, shop_db: Path
) -> None:
    missing = tmp_path / "gone.csv"
    with FindingsStore.open(tmp_path / "f.db") as store:
        result = scan([str(shop_db), str(missing)], settings=NO_NER, store=store)
        [summary] = store.history()
        assert summary.id == result.scan.id
        assert summary.state == ScanState.FINISHED
        assert summary.locations_scanned == result.scan.locations_scanned == 2
        assert summary.errors == len(result.errors) == 1
        assert summary.counts[Status.NOT_IN_POLICY] >= 1  # the phone numbers
        assert sorted(f.key for f in store.findings(result.scan.id)) == sorted(
            f.key for f in result.findings
        )
        assert store.errors(result.scan.id) == list(result.errors)
        prints = store.fingerprints(result.scan.id)
        assert {loc for _, loc in prints} == {"customers", "products"}
        assert all(fp and len(fp) == 64 for fp in prints.values())


def test_the_store_holds_no_raw_values(tmp_path: Path, shop_db: Path) -> None:
    path = tmp_path / "f.db"
    with FindingsStore.open(path) as store:
        scan([str(shop_db)], settings=NO_NER, store=store)
        scan([str(shop_db)], settings=NO_NER, store=store)  # reused reads are stored too
    raw = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        raw += wal.read_bytes()
    for value in EMAILS + PHONES:
        assert value.encode() not in raw


def test_a_second_scan_reuses_unchanged_locations(tmp_path: Path, shop_db: Path) -> None:
    with FindingsStore.open(tmp_path / "f.db") as store:
        first = scan([str(shop_db)], settings=NO_NER, store=store)
        second = scan([str(shop_db)], settings=NO_NER, store=store)
        again = scan([str(shop_db)], settings=NO_NER, store=store, full_rescan=True)
    assert first.scan.locations_reused == 0
    assert second.scan.locations_reused == second.scan.locations_scanned == 2
    assert all(f.reused for f in second.findings)
    assert [(f.key, f.status, f.matches) for f in second.findings] == [
        (f.key, f.status, f.matches) for f in first.findings
    ]
    assert again.scan.locations_reused == 0
    assert not any(f.reused for f in again.findings)


def test_reuse_needs_the_same_detection_settings(tmp_path: Path, shop_db: Path) -> None:
    with FindingsStore.open(tmp_path / "f.db") as store:
        scan([str(shop_db)], settings=NO_NER, store=store)
        other = ScanSettings(sample_rows=50, detectors=NO_NER.detectors)
        result = scan([str(shop_db)], settings=other, store=store)
    assert result.scan.locations_reused == 0


def test_reused_findings_are_held_against_the_current_data_map(
    tmp_path: Path, shop_db: Path
) -> None:
    datamap = tmp_path / "datamap.yaml"
    datamap.write_text(
        "version: 1\nholdings:\n  - location: customers\n    field: email\n"
        "    categories: [user.contact.email]\n    purposes: [essential.service]\n"
    )
    with FindingsStore.open(tmp_path / "f.db") as store:
        scan([str(shop_db)], settings=NO_NER, store=store)
        result = scan([str(shop_db)], settings=NO_NER, store=store, datamap=datamap)
    email = next(f for f in result.findings if f.category == "user.contact.email")
    assert email.reused and email.status == Status.DECLARED


def test_a_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "f.db"
    FindingsStore.open(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE piiscan_schema SET version = 99")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer piiscan"):
        FindingsStore.open(path)
    con = sqlite3.connect(path)
    assert con.execute("SELECT version FROM piiscan_schema").fetchall() == [(99,)]
    con.close()


def test_an_upgrade_keeps_the_history(
    tmp_path: Path, shop_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.db"
    with FindingsStore.open(path) as store:
        before = scan([str(shop_db)], settings=NO_NER, store=store)

    # A later piiscan with the next schema, whose migration adds a column.
    def add_column(conn: sa.Connection) -> None:
        conn.execute(sa.text("ALTER TABLE piiscan_scans ADD COLUMN label TEXT"))

    later = findings_store.SCHEMA_VERSION + 1
    monkeypatch.setattr(findings_store, "SCHEMA_VERSION", later)
    monkeypatch.setitem(findings_store.MIGRATIONS, later, add_column)
    with FindingsStore.open(path) as store:
        assert store.schema_version() == later
        [summary] = store.history()
        assert summary.id == before.scan.id
        assert len(store.findings(before.scan.id)) == len(before.findings)
    con = sqlite3.connect(path)
    assert "label" in [row[1] for row in con.execute("PRAGMA table_info(piiscan_scans)")]
    con.close()


def test_a_killed_scan_is_marked_interrupted_and_its_locations_reused(
    tmp_path: Path, shop_db: Path
) -> None:
    path = tmp_path / "f.db"
    _killed_after(1, path, shop_db)  # recorded one location, killed before finishing
    with FindingsStore.open(path) as store:
        [running] = store.history()
        assert running.state == ScanState.RUNNING and running.locations_scanned == 1
        resumed = scan([str(shop_db)], settings=NO_NER, store=store)
        states = {s.id: s.state for s in store.history()}
    assert states[running.id] == ScanState.INTERRUPTED
    assert states[resumed.scan.id] == ScanState.FINISHED
    # The location the killed scan finished is not read again; the other one is.
    assert resumed.scan.locations_reused == 1
    assert resumed.scan.locations_scanned == 2


def test_scan_ids_resolve_by_prefix(tmp_path: Path, shop_db: Path) -> None:
    with FindingsStore.open(tmp_path / "f.db") as store:
        result = scan([str(shop_db)], settings=NO_NER, store=store)
        assert store.resolve(result.scan.id[:8]) == result.scan.id
        with pytest.raises(StoreError, match="no scan"):
            store.resolve("zzzz")
        assert store.latest_finished(2) == [result.scan.id]


def test_bad_store_urls_say_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no driver"):
        FindingsStore.open("nosuchdialect://x/y")
    with pytest.raises(StoreError, match="cannot open"):
        FindingsStore.open("postgresql+psycopg://nobody@127.0.0.1:1/none")
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreError, match="cannot create the folder"):
        FindingsStore.open(blocker / "sub" / "f.db")


def test_a_password_in_the_store_url_is_never_shown() -> None:
    with pytest.raises(StoreError) as caught:
        FindingsStore.open("postgresql+psycopg://scanner:s3cret-pw@127.0.0.1:1/none")
    assert "s3cret-pw" not in str(caught.value)


def test_the_store_must_not_be_a_scanned_source(tmp_path: Path) -> None:
    db = tmp_path / "shop.db"
    assert same_store_as_source(str(db), [f"sqlite:///{db}"]) == f"sqlite:///{db}"
    assert same_store_as_source(f"sqlite:///{db}", [str(db)]) == str(db)
    assert same_store_as_source(str(tmp_path / "other.db"), [str(db)]) is None
    assert store_url("rel.db").startswith("sqlite:////")


def test_postgresql_store_works_the_same(shop_db: Path) -> None:
    with postgres_database() as url, FindingsStore.open(url) as store:
        first = scan([str(shop_db)], settings=NO_NER, store=store)
        second = scan([str(shop_db)], settings=NO_NER, store=store)
        history = store.history()
        assert [s.id for s in history] == [second.scan.id, first.scan.id]
        assert second.scan.locations_reused == 2
        assert len(store.findings(second.scan.id)) == len(first.findings)
        engine = store.engine
        with engine.connect() as conn:
            text = " ".join(
                str(row)
                for table in ("piiscan_findings", "piiscan_location_reads")
                for row in conn.execute(sa.text(f"SELECT * FROM {table}"))
            )
        assert not any(value in text for value in EMAILS + PHONES)


def test_a_failed_upgrade_leaves_the_store_as_it_was(
    tmp_path: Path, shop_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.db"
    with FindingsStore.open(path) as store:
        scan([str(shop_db)], settings=NO_NER, store=store)

    def half_done(conn: sa.Connection) -> None:
        conn.execute(sa.text("ALTER TABLE piiscan_scans ADD COLUMN label TEXT"))
        conn.execute(sa.text("SELECT no_such_column FROM piiscan_scans"))

    current = findings_store.SCHEMA_VERSION
    monkeypatch.setattr(findings_store, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(findings_store.MIGRATIONS, current + 1, half_done)
    with pytest.raises(StoreError, match="cannot open"):
        FindingsStore.open(path)
    con = sqlite3.connect(path)
    assert con.execute("SELECT version FROM piiscan_schema").fetchall() == [(current,)]
    assert "label" not in [row[1] for row in con.execute("PRAGMA table_info(piiscan_scans)")]
    con.close()


def test_readers_do_not_create_a_store(tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "fidnings.db"
    with pytest.raises(StoreError, match="no findings store"):
        FindingsStore.open(missing, create=False)
    assert not missing.parent.exists()


def test_a_store_that_fails_mid_scan_leaves_a_note_and_the_report(
    tmp_path: Path, shop_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.db"
    monkeypatch.setattr(findings_store, "SQLITE_BUSY_TIMEOUT_S", 0.1)
    holder = sqlite3.connect(path, timeout=0.1)

    def lock_the_store(event: object) -> None:
        # Another process takes the store for itself once the scan is under way.
        if getattr(event, "kind", "") == "location" and not holder.in_transaction:
            holder.execute("BEGIN EXCLUSIVE")

    with FindingsStore.open(path) as store:
        result = scan([str(shop_db)], settings=NO_NER, store=store, progress=lock_the_store)
    holder.rollback()
    holder.close()
    assert {f.category for f in result.findings} >= {"user.contact.email"}
    [note] = [n for n in result.notes if n.source == "findings store"]
    assert "not recorded in full" in note.note and "OperationalError" in note.note
    with FindingsStore.open(path) as store:
        [summary] = store.history()
        assert summary.state == ScanState.RUNNING  # the next scan will call it interrupted


def test_the_detection_digest_is_the_same_in_every_process(tmp_path: Path) -> None:
    detectors = tmp_path / "detectors.yaml"
    detectors.write_text(
        "version: 1\n"
        "disable: [gender, user.demographic.date_of_birth, user.contact.phone_number]\n"
        "deny:\n  - name: vips\n    category: user.name\n"
        "    values: [Ada Lovelace, Grace Hopper, Alan Turing, Edsger Dijkstra]\n"
        "custom:\n  - name: employee_id\n    category: user.unique_id\n"
        "    pattern: 'EMP-\\d{6}'\n    validator: luhn\n"
    )
    script = f"""
from scanner.api import ScanSettings
from scanner.detector_config import load_detector_config
c = load_detector_config({str(detectors)!r})
print(ScanSettings(detectors=c.detector_settings()).detection_digest())
"""
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("0", "1", "2", "3")
    }
    assert len(digests) == 1


def _killed_after(locations: int, path: Path, source: Path, *flags: str) -> None:
    """Scan ``source`` into the store at ``path`` in another process, killed once it has
    recorded ``locations`` locations."""
    script = f"""
import os, signal
from scanner.api import ScanSettings, scan
from scanner.findings_store import FindingsStore, ScanRecorder
from detectors.registry import DetectorSettings
recorded = []
original = ScanRecorder.location_read
def then_die(self, *args, **kwargs):
    original(self, *args, **kwargs)
    recorded.append(1)
    if len(recorded) == {locations}:
        os.kill(os.getpid(), signal.SIGKILL)
ScanRecorder.location_read = then_die
scan([{str(source)!r}], settings=ScanSettings(detectors=DetectorSettings(ner_enabled=False)),
     store=FindingsStore.open({str(path)!r}), full_rescan={"--full-rescan" in flags})
"""
    killed = subprocess.run([sys.executable, "-c", script], check=False)
    assert killed.returncode == -9


def test_a_killed_full_rescan_goes_on_where_it_stopped(tmp_path: Path, shop_db: Path) -> None:
    path = tmp_path / "f.db"
    with FindingsStore.open(path) as store:
        scan([str(shop_db)], settings=NO_NER, store=store)  # finished: all reusable
    _killed_after(1, path, shop_db, "--full-rescan")
    with FindingsStore.open(path) as store:
        again = scan([str(shop_db)], settings=NO_NER, store=store, full_rescan=True)
        # The location the killed rescan read is not read a third time; the other is read,
        # though the finished scan before the rescan holds it.
        assert again.scan.locations_reused == 1
        once_more = scan([str(shop_db)], settings=NO_NER, store=store, full_rescan=True)
        assert once_more.scan.locations_reused == 0  # the rescan finished: a new one reads all


def test_a_killed_run_elsewhere_is_ended_by_the_next_finished_scan(
    tmp_path: Path, shop_db: Path
) -> None:
    path = tmp_path / "f.db"
    _killed_after(1, path, shop_db)
    con = sqlite3.connect(path)
    con.execute("UPDATE piiscan_scans SET host = 'another-pod'")  # killed on another machine
    con.commit()
    con.close()
    with FindingsStore.open(path) as store:
        [killed] = store.history()
        assert killed.state == ScanState.RUNNING  # another host's scan may still be running
        scan([str(shop_db)], settings=NO_NER, store=store)
        assert {s.id: s.state for s in store.history()}[killed.id] == ScanState.INTERRUPTED


def test_a_version_1_store_is_upgraded_with_its_history(tmp_path: Path, shop_db: Path) -> None:
    path = tmp_path / "f.db"
    with FindingsStore.open(path) as store:
        first = scan([str(shop_db)], settings=NO_NER, store=store)
    # Make it what piiscan's first schema wrote: no full_rescan column, version 1.
    con = sqlite3.connect(path)
    con.execute("ALTER TABLE piiscan_scans DROP COLUMN full_rescan")
    con.execute("UPDATE piiscan_schema SET version = 1")
    con.commit()
    con.close()
    with FindingsStore.open(path) as store:
        assert store.schema_version() == findings_store.SCHEMA_VERSION
        assert [s.id for s in store.history()] == [first.scan.id]
        second = scan([str(shop_db)], settings=NO_NER, store=store)
        assert second.scan.locations_reused == 2  # the old scan's reads still carry over

"""Scheduled scans end to end through the CLI, on real SQLite, PostgreSQL, Parquet, CSV and
log stores: the findings store, reuse of unchanged locations, history, diff, --fail-on
new-undeclared, the config file and JSON logs."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from scanner.cli import cli
from tests.conftest import EMAILS, PHONES
from tests.connectors.servers import execute, postgres_database

IPS = [f"10.{i}.{i * 3 % 250}.{i * 7 % 250 + 1}" for i in range(60)]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A folder of stores: a Parquet export, an access log, a CSV and a SQLite database."""
    root = tmp_path / "ws"
    root.mkdir()
    pq.write_table(
        pa.table({"user_email": EMAILS, "visits": list(range(60))}), root / "users.parquet"
    )
    (root / "access.log").write_text(
        "".join(
            f'{ip} - - [10/Oct/2024:13:55:{i % 60:02d} +0000] "GET /cart HTTP/1.1" 200 {i}\n'
            for i, ip in enumerate(IPS)
        )
    )
    (root / "contacts.csv").write_text(
        "id,phone\n" + "".join(f"{i},{p}\n" for i, p in enumerate(PHONES))
    )
    con = sqlite3.connect(root / "shop.db")
    con.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL, sku TEXT)")
    con.executemany(
        "INSERT INTO orders VALUES (?, ?, ?)", [(i, 9.5 + i, f"SKU-{i:05d}") for i in range(60)]
    )
    con.commit()
    con.close()
    return root


def scan_json(*args: str) -> tuple[int, dict]:
    code, out, _ = run("scan", *args, "--no-ner", "--format", "json", "-q")
    return code, json.loads(out)


def reused(report: dict) -> dict[str, bool]:
    """location -> whether its findings were carried over."""
    found: dict[str, bool] = {}
    for f in report["findings"]:
        found[f["location"]] = found.get(f["location"], True) and f["reused"]
    return found


def test_second_run_reuses_and_touching_a_file_rescans_only_it(
    workspace: Path, tmp_path: Path
) -> None:
    store = str(tmp_path / "findings.db")
    code, first = scan_json(str(workspace), "--store", store)
    assert code == 0
    assert first["scan"]["locations_reused"] == 0
    located = {f["location"] for f in first["findings"]}
    log, parquet = str(workspace / "access.log"), str(workspace / "users.parquet")
    assert {log, parquet, str(workspace / "contacts.csv")} <= located

    code, second = scan_json(str(workspace), "--store", store)
    assert second["scan"]["locations_reused"] == second["scan"]["locations_scanned"] == 4
    assert all(reused(second).values())
    key = ("location", "field", "category", "status", "matches")
    assert sorted(tuple(f[k] for k in key) for f in second["findings"]) == sorted(
        tuple(f[k] for k in key) for f in first["findings"]
    )

    later = os.stat(log).st_mtime + 60
    os.utime(log, (later, later))
    code, third = scan_json(str(workspace), "--store", store)
    assert third["scan"]["locations_reused"] == 3
    assert reused(third)[log] is False
    assert reused(third)[parquet] is True

    code, forced = scan_json(str(workspace), "--store", store, "--full-rescan")
    assert forced["scan"]["locations_reused"] == 0
    assert not any(reused(forced).values())


def test_worker_processes_record_and_reuse_alike(workspace: Path, tmp_path: Path) -> None:
    store = str(tmp_path / "findings.db")
    code, first = scan_json(str(workspace), "--store", store, "--workers", "2")
    assert code == 0 and first["scan"]["locations_reused"] == 0
    parquet = workspace / "users.parquet"
    later = os.stat(parquet).st_mtime + 60
    os.utime(parquet, (later, later))
    code, second = scan_json(str(workspace), "--store", store, "--workers", "2")
    assert second["scan"]["locations_reused"] == 3
    assert reused(second)[str(parquet)] is False
    key = ("location", "field", "category", "status", "matches")
    assert sorted(tuple(f[k] for k in key) for f in second["findings"]) == sorted(
        tuple(f[k] for k in key) for f in first["findings"]
    )


def test_a_new_undeclared_column_shows_in_diff_and_trips_fail_on(
    workspace: Path, tmp_path: Path
) -> None:
    store = str(tmp_path / "findings.db")
    datamap = tmp_path / "datamap.yaml"
    datamap.write_text(
        "version: 1\nholdings:\n"
        "  - location: '*users.parquet'\n    field: user_email\n"
        "    categories: [user.contact.email]\n    purposes: [essential.service]\n"
        "  - location: '*access.log'\n    field: remote_addr\n"
        "    categories: [user.device.ip_address]\n    purposes: [essential.service]\n"
    )
    args = (str(workspace), "--store", store, "--datamap", str(datamap))
    code, _ = scan_json(*args, "--fail-on", "new-undeclared")
    assert code == 3  # the first scan: the phone numbers are new and not in the policy
    code, _ = scan_json(*args, "--fail-on", "new-undeclared")
    assert code == 0  # nothing new since
    code, out, _ = run("diff", "--store", store)
    assert code == 0 and "No changes." in out

    con = sqlite3.connect(workspace / "shop.db")
    con.execute("ALTER TABLE orders ADD COLUMN contact_email TEXT")
    con.executemany(
        "UPDATE orders SET contact_email = ? WHERE id = ?",
        list(zip(EMAILS, range(60), strict=True)),
    )
    con.commit()
    con.close()
    code, report = scan_json(*args, "--fail-on", "new-undeclared")
    assert code == 3
    assert reused(report)[str(workspace / "users.parquet")] is True

    code, out, _ = run("diff", "--store", store, "--fail-on", "new-undeclared")
    assert code == 3
    assert "Needs attention" in out and "contact_email" in out
    code, out, _ = run("diff", "--store", store, "--format", "json")
    assert code == 0
    alerts = json.loads(out)["alerts"]
    assert [(a["field"], a["status"]) for a in alerts] == [("contact_email", "undeclared")]
    for value in EMAILS + PHONES:
        assert value not in out


def test_history_lists_scans_newest_first(workspace: Path, tmp_path: Path) -> None:
    store = str(tmp_path / "findings.db")
    ids = [scan_json(str(workspace), "--store", store)[1]["scan"]["id"] for _ in range(2)]
    code, out, _ = run("history", "--store", store, "--format", "json")
    assert code == 0
    listed = json.loads(out)
    assert [s["id"] for s in listed] == ids[::-1]
    assert listed[0]["locations_reused"] == 4
    code, out, _ = run("history", "--store", store)
    assert code == 0 and ids[1][:8] in out and "finished" in out
    code, out, _ = run("diff", ids[0][:8], ids[1][:8], "--store", store)
    assert code == 0


def test_diff_needs_two_scans_and_says_so(workspace: Path, tmp_path: Path) -> None:
    store = str(tmp_path / "findings.db")
    scan_json(str(workspace), "--store", store)
    code, _, err = run("diff", "--store", store)
    assert code == 2 and "needs two" in err


def test_no_store_records_nothing(workspace: Path, tmp_path: Path) -> None:
    store = tmp_path / "findings.db"
    code, _ = scan_json(str(workspace), "--store", str(store), "--no-store")
    assert code == 0 and not store.exists()
    code, _, err = run("scan", str(workspace), "--no-store", "--fail-on", "new-undeclared")
    assert code == 2 and "--fail-on new-undeclared" in err


def test_the_store_may_not_be_a_scanned_database(workspace: Path) -> None:
    db = workspace / "shop.db"
    code, _, err = run("scan", f"sqlite:///{db}", "--store", str(db), "--no-ner", "-q")
    assert code == 2 and "never writes to a store it scans" in err


def test_config_file_runs_the_scan_with_outputs_and_options_win(
    workspace: Path, tmp_path: Path
) -> None:
    config = tmp_path / "scan.yaml"
    config.write_text(
        "version: 1\n"
        "sources:\n"
        "  - name: exports\n    path: ws\n"
        "ner: false\n"
        "store: findings.db\n"
        "fail_on: not-in-policy\n"
        "outputs:\n"
        "  - format: json\n    path: reports/{date}/scan-{scan_id}.json\n"
        "  - format: markdown\n    path: reports/latest.md\n"
    )
    code, out, _ = run("scan", "--config", str(config), "-q")
    assert code == 3  # the file's fail_on: the phone numbers are not in the policy
    assert out == ""  # the reports went where the file says
    [written] = list((tmp_path / "reports").glob("*/scan-*.json"))
    report = json.loads(written.read_text())
    assert written.name == f"scan-{report['scan']['id']}.json"
    assert "not_in_policy" in (tmp_path / "reports" / "latest.md").read_text()
    assert (tmp_path / "findings.db").exists()
    # An option on the command line wins over the file.
    code, out, _ = run("scan", "--config", str(config), "-q", "--fail-on", "never")
    assert code == 0
    code, out, _ = run("history", "--config", str(config), "--format", "json")
    assert len(json.loads(out)) == 2


def test_config_file_problems_exit_2_with_the_line(tmp_path: Path) -> None:
    config = tmp_path / "scan.yaml"
    config.write_text("version: 1\nsources:\n  - name: x\n    pth: somewhere\n")
    code, _, err = run("scan", "--config", str(config))
    assert code == 2
    assert "line 4" in err


def test_json_logs_are_one_object_per_line(workspace: Path, tmp_path: Path) -> None:
    store = str(tmp_path / "findings.db")
    args = ("scan", str(workspace), "--store", store, "--no-ner", "--log-format", "json")
    run(*args)
    code, _, err = run(*args)
    assert code == 0
    records = [json.loads(line) for line in err.splitlines()]
    events = [r["event"] for r in records]
    assert events[0] == "source" and events[-1] == "summary"
    assert events.count("reused") == 4
    assert "location" not in events  # nothing was read again
    assert records[-1]["locations_reused"] == 4
    assert all({"time", "level"} <= r.keys() for r in records)


def test_postgresql_tables_are_reused_until_they_change(tmp_path: Path) -> None:
    store = str(tmp_path / "findings.db")
    with postgres_database() as url:
        execute(
            url,
            "CREATE TABLE customers (id int PRIMARY KEY, email text)",
            "CREATE TABLE orders (id int PRIMARY KEY, total numeric)",
            "INSERT INTO customers VALUES (:id, :email)",
            params=[{"id": i, "email": e} for i, e in enumerate(EMAILS)],
        )
        execute(url, "INSERT INTO orders SELECT g, g * 1.5 FROM generate_series(1, 50) g")
        scan_json(url, "--store", store)
        _, second = scan_json(url, "--store", store)
        assert second["scan"]["locations_reused"] == 2
        execute(url, "UPDATE customers SET email = 'other@example.org' WHERE id = 3")
        _, third = scan_json(url, "--store", store)
        assert third["scan"]["locations_reused"] == 1
        assert reused(third) == {"public.customers": False}


def test_jobs_sharing_a_store_are_each_compared_with_their_own_last_run(
    workspace: Path, tmp_path: Path
) -> None:
    store = str(tmp_path / "findings.db")
    other = tmp_path / "other"
    other.mkdir()
    (other / "calls.csv").write_text(
        "id,phone\n" + "".join(f"{i},{p}\n" for i, p in enumerate(PHONES))
    )
    codes = [
        scan_json(str(source), "--store", store, "--fail-on", "new-undeclared")[0]
        for source in (workspace, other, workspace, other)
    ]
    assert codes == [3, 3, 0, 0]  # each job's first run alerts; its next one does not
    code, out, _ = run("diff", "--store", store, "--format", "json")
    assert code == 0
    diff = json.loads(out)
    assert diff["old_scan"]["sources"] == diff["new_scan"]["sources"] == [str(other)]
    assert not diff["new_findings"] and not diff["removed"]


def test_store_errors_are_clear_and_never_show_a_password(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "postgresql+psycopg://scanner:TopSecret99@127.0.0.1:1/prod"
    code, _, err = run("scan", url, "--store", url, "--no-ner", "-q")
    assert code == 2 and "TopSecret99" not in err and "***" in err
    monkeypatch.delenv("PIISCAN_NO_SUCH_PW", raising=False)
    pg_store = "postgresql+psycopg://p:${PIISCAN_NO_SUCH_PW}@127.0.0.1/db"
    for args in (("scan", str(workspace), "--store", pg_store), ("history", "--store", pg_store)):
        code, _, err = run(*args)
        assert code == 2 and "PIISCAN_NO_SUCH_PW" in err, args
    typo = tmp_path / "typo" / "fidnings.db"
    code, _, err = run("history", "--store", str(typo))
    assert code == 2 and "no findings store" in err
    assert not typo.parent.exists()


def test_a_read_only_default_store_only_warns(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "findings.db"
    run("scan", str(workspace), "--store", str(path), "--no-ner", "-q")
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    code, out, err = run("scan", str(workspace), "--store", read_only, "--no-ner")
    assert code == 2 and "cannot write to the findings store" in err
    monkeypatch.setenv("PIISCAN_STORE", read_only)
    code, out, err = run("scan", str(workspace), "--no-ner", "--format", "json")
    assert code == 0 and "Warning" in err and "not recorded" in err
    assert json.loads(out)["scan"]["locations_reused"] == 0


def test_json_logs_say_why_a_source_or_location_failed(tmp_path: Path) -> None:
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 this is not parquet")
    missing = tmp_path / "gone"
    code, _, err = run(
        "scan", str(broken), str(missing), "--no-store", "--no-ner", "--log-format", "json"
    )
    assert code == 4
    errors = [r for r in map(json.loads, err.splitlines()) if r["event"] == "error"]
    assert [r["source"] for r in errors] == [str(broken), str(missing)]
    assert all(r["level"] == "warning" and r["error"] for r in errors)
    config = tmp_path / "scan.yaml"
    config.write_text("version: 1\nsources: []\n")
    code, _, err = run("scan", "--config", str(config), "--log-format", "json")
    [record] = [json.loads(line) for line in err.splitlines()]
    assert code == 2 and record["level"] == "error" and "line 2" in record["message"]


def test_quiet_with_config_outputs_prints_nothing(workspace: Path, tmp_path: Path) -> None:
    config = tmp_path / "scan.yaml"
    config.write_text(
        "version: 1\nsources:\n  - name: ws\n    path: ws\nner: false\nstore: f.db\n"
        "outputs:\n  - format: markdown\n    path: reports/latest.md\n"
    )
    code, out, err = run("scan", "--config", str(config), "-q")
    assert code == 0 and out == "" and err == ""
    assert (tmp_path / "reports" / "latest.md").exists()
    unwritable = tmp_path / "not-a-folder"
    unwritable.write_text("")
    config.write_text(
        "version: 1\nsources:\n  - name: ws\n    path: ws\nner: false\nstore: f.db\n"
        f"outputs:\n  - format: json\n    path: {unwritable}/r.json\n"
    )
    code, out, err = run("scan", "--config", str(config), "-q")
    assert code == 2 and "cannot write the report" in err
    code, out, _ = run("history", "--config", str(config), "--format", "json")
    assert len(json.loads(out)) == 1  # the refused scan never started


def test_history_needs_nothing_of_the_config_but_its_store(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "scan.yaml"
    config.write_text(
        "version: 1\nsources:\n  - name: db\n    url: postgresql+psycopg://u:${PIISCAN_UNSET_PW}@h/db\n"
        "store: f.db\n"
    )
    monkeypatch.delenv("PIISCAN_UNSET_PW", raising=False)
    run("scan", str(workspace), "--store", str(tmp_path / "f.db"), "--no-ner", "-q")
    code, out, _ = run("history", "--config", str(config), "--format", "json")
    assert code == 0 and len(json.loads(out)) == 1


def test_a_store_inside_the_scanned_folder_is_left_out(workspace: Path) -> None:
    store = workspace / "findings.db"
    scan_json(str(workspace), "--store", str(store))
    code, report = scan_json(str(workspace), "--store", str(store))
    assert code == 0
    assert not any("findings.db" in f["location"] for f in report["findings"])
    assert report["scan"]["locations_scanned"] == 4


def test_a_damaged_store_is_a_clear_error(workspace: Path, tmp_path: Path) -> None:
    store = tmp_path / "findings.db"
    scan_json(str(workspace), "--store", str(store))
    con = sqlite3.connect(store)
    con.execute("DROP TABLE piiscan_findings")
    con.commit()
    con.close()
    for command in ("history", "diff"):
        code, _, err = run(command, "--store", str(store))
        assert code == 2 and "cannot read the findings store" in err, command
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 100)
    code, _, err = run("history", "--store", str(garbage))
    assert code == 2 and "cannot open the findings store" in err

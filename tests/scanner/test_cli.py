"""The CLI end to end, in-process with click's runner, on real files."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from scanner.cli import cli
from tests.conftest import EMAILS, PHONES


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


def test_every_command_is_documented() -> None:
    assert cli.help
    for name, command in cli.commands.items():
        assert command.help and len(command.help) > 40, name
        assert "Examples:" in (command.epilog or ""), name
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{name} {param.name}"


def test_scan_sqlite_json_statuses(shop_db: Path) -> None:
    code, out = run("scan", f"sqlite:///{shop_db}", "--format", "json", "--no-ner", "-q")
    assert code == 0
    report = json.loads(out)
    by = {(f["location"], f["field"], f["category"]): f for f in report["findings"]}
    assert by[("customers", "email", "user.contact.email")]["status"] == "covered"
    phone = by[("customers", "phone", "user.contact.phone_number")]
    assert phone["status"] == "not_in_policy"
    assert phone["retention"] is None
    email = by[("customers", "email", "user.contact.email")]
    assert email["matches"] == email["scanned"] == 60
    assert email["retention"]["rule"]
    assert not any(loc == "products" for loc, _, _ in by)


def test_reports_hold_no_raw_values(shop_db: Path) -> None:
    for fmt in ("json", "markdown", "csv"):
        code, out = run("scan", str(shop_db), "--format", fmt, "--no-ner", "-q")
        assert code == 0
        for value in EMAILS + PHONES:
            assert value not in out, fmt


def test_datamap_declared_undeclared_and_fail_on(shop_db: Path, tmp_path: Path) -> None:
    dm = tmp_path / "datamap.yaml"
    dm.write_text(
        "version: 1\nholdings:\n  - location: customers\n    field: email\n"
        "    categories: [user.contact.email]\n    purposes: [essential.service]\n"
    )
    args = ["scan", str(shop_db), "--datamap", str(dm), "--format", "json", "--no-ner", "-q"]
    code, out = run(*args)
    assert code == 0
    statuses = {(f["field"], f["category"]): f["status"] for f in json.loads(out)["findings"]}
    assert statuses[("email", "user.contact.email")] == "declared"
    assert statuses[("full_name", "user.name")] == "undeclared"
    assert statuses[("phone", "user.contact.phone_number")] == "not_in_policy"
    assert run(*args, "--fail-on", "undeclared")[0] == 3
    assert run(*args, "--fail-on", "not-in-policy")[0] == 3


def test_unreadable_location_is_listed_and_exit_4(shop_db: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "broken.parquet").write_bytes(b"PAR1" + b"\x00garbage" * 10 + b"PAR1")
    (data / "users.csv").write_text(
        "id,email\n" + "".join(f"{i},{e}\n" for i, e in enumerate(EMAILS))
    )
    code, out = run("scan", str(data), "--format", "json", "--no-ner", "-q")
    assert code == 4
    report = json.loads(out)
    assert [e["location"] for e in report["errors"]] == [str(data / "broken.parquet")]
    assert any(f["location"] == str(data / "users.csv") for f in report["findings"])


def test_bad_policy_file_exits_2_with_line(tmp_path: Path, shop_db: Path) -> None:
    bad = tmp_path / "policy.yaml"
    bad.write_text("name: x\ncategories:\n  - category: user.contact.emial\n")
    result = CliRunner().invoke(cli, ["scan", str(shop_db), "--policy", str(bad)])
    assert result.exit_code == 2
    assert "policy.yaml" in result.output and "line" in result.output


def test_unknown_source_is_an_error_not_a_crash(tmp_path: Path) -> None:
    code, out = run("scan", str(tmp_path / "nope.db"), "--format", "json", "-q", "--no-ner")
    assert code == 4
    assert "nope.db" in json.loads(out)["errors"][0]["source"]


def test_password_never_in_report() -> None:
    url = "postgresql+psycopg://scanner:S3cretPassw0rd@127.0.0.1:5432/no_such_db_piiscan"
    code, out = run("scan", url, "--format", "json", "-q", "--no-ner")
    assert code == 2  # no role "scanner" on the test server: the login is refused
    assert "S3cretPassw0rd" not in out
    assert "refused the login" in json.loads(out)["errors"][0]["error"]
    assert "***" in json.loads(out)["scan"]["sources"][0]


@pytest.mark.ner
def test_demo_shows_every_status_in_every_kind_of_store(tmp_path: Path) -> None:
    code, out = run("demo", str(tmp_path / "ws"), "--format", "json")
    assert code == 0
    report = json.loads(out)
    by_store: dict[str, set[str]] = {}
    for f in report["findings"]:
        store = f["source"].rsplit("/", 1)[-1]
        by_store.setdefault(store, set()).add(f["status"])
    expected = {"declared", "undeclared", "not_in_policy"}
    assert by_store == {"shop.db": expected, "exports": expected, "logs": expected}


def test_output_path_is_checked_before_scanning(shop_db: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["scan", str(shop_db), "--no-ner", "-o", str(tmp_path / "missing" / "r.md")]
    )
    assert result.exit_code == 2
    assert "does not exist" in result.output and "Traceback" not in result.output


def test_demo_never_overwrites_a_users_directory(tmp_path: Path) -> None:
    precious = tmp_path / "datamap.yaml"
    precious.write_text("mine\n")
    result = CliRunner().invoke(cli, ["demo", str(tmp_path)])
    assert result.exit_code == 2 and "refusing to overwrite" in result.output
    assert precious.read_text() == "mine\n"

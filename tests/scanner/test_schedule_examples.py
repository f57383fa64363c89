"""The README's scheduling examples (crontab line, systemd units, Kubernetes CronJob) are
valid, and every piiscan command line in them is one the CLI accepts."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
import yaml

from scanner.cli import cli

README = Path(__file__).resolve().parents[2] / "README.md"
INSTALLED = "/opt/piiscan/.venv/bin/piiscan"
CRON_FIELD = re.compile(r"^(\*|\d+(-\d+)?)(/\d+)?(,(\*|\d+(-\d+)?)(/\d+)?)*$")
CRON_RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))


def schedule_blocks(language: str) -> list[str]:
    """The fenced ``language`` blocks of the README's "Running it on a schedule" section."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Running it on a schedule") :]
    section = section[: section.index("\n## ")]
    return re.findall(rf"```{language}\n(.*?)```", section, flags=re.S)


def accepts(args: list[str], tmp_path: Path) -> None:
    """Parse ``piiscan ARGS`` with the CLI's own parser (files the command names exist)."""
    config = tmp_path / "scan.yaml"
    config.write_text("version: 1\nsources: [{name: a, path: .}]\n")
    args = [str(config) if a.startswith("/etc/piiscan/") else a for a in args]
    name, *rest = args
    command = cli.get_command(click.Context(cli), name)
    assert command is not None, name
    command.make_context(name, rest)


def check_cron_schedule(fields: list[str]) -> None:
    assert len(fields) == len(CRON_RANGES), fields
    for field, (low, high) in zip(fields, CRON_RANGES, strict=True):
        assert CRON_FIELD.match(field), field
        for number in re.findall(r"\d+", field.split("/")[0]):
            assert low <= int(number) <= high, field


def test_the_crontab_line_is_valid(tmp_path: Path) -> None:
    [block] = schedule_blocks("crontab")
    lines = [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
    assert len(lines) == 1
    fields = lines[0].split(None, 5)
    check_cron_schedule(fields[:5])
    words = shlex.split(fields[5])
    start = words.index(INSTALLED) + 1
    end = words.index("||") if "||" in words else len(words)
    accepts(words[start:end], tmp_path)


def test_the_cron_check_catches_a_bad_schedule() -> None:
    with pytest.raises(AssertionError):
        check_cron_schedule(["15", "25", "*", "*", "*"])
    with pytest.raises(AssertionError):
        check_cron_schedule(["15", "2", "*", "*"])


def test_systemd_units_are_valid(tmp_path: Path) -> None:
    units = {}
    for block in schedule_blocks("ini"):
        first = block.splitlines()[0]
        assert first.startswith("# /etc/systemd/system/"), first
        units[Path(first.split()[-1]).name] = block
    assert set(units) == {"piiscan.service", "piiscan.timer"}
    exec_start = next(
        line for line in units["piiscan.service"].splitlines() if line.startswith("ExecStart=")
    )
    words = shlex.split(exec_start.removeprefix("ExecStart="))
    assert words[0] == INSTALLED
    accepts(words[1:], tmp_path)
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed: the units were checked as text only")
    piiscan = Path(sys.executable).with_name("piiscan")
    for name, text in units.items():
        (tmp_path / name).write_text(text.replace(INSTALLED, str(piiscan)))
    verified = subprocess.run(
        ["systemd-analyze", "verify", *(str(tmp_path / n) for n in units)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    # verify exits 0 on some problems it only warns about: any word on a unit is a problem.
    assert verified.returncode == 0, verified.stderr
    assert str(tmp_path) not in verified.stderr, verified.stderr
    calendar = next(
        line.split("=", 1)[1]
        for line in units["piiscan.timer"].splitlines()
        if line.startswith("OnCalendar=")
    )
    checked = subprocess.run(
        ["systemd-analyze", "calendar", calendar], capture_output=True, timeout=60, check=False
    )
    assert checked.returncode == 0


def test_the_kubernetes_cronjob_loads(tmp_path: Path) -> None:
    [block] = schedule_blocks("yaml")
    manifest = yaml.safe_load(block)
    assert manifest["apiVersion"] == "batch/v1" and manifest["kind"] == "CronJob"
    spec = manifest["spec"]
    check_cron_schedule(spec["schedule"].split())
    pod = spec["jobTemplate"]["spec"]["template"]["spec"]
    assert pod["restartPolicy"] in ("Never", "OnFailure")
    [container] = pod["containers"]
    accepts([str(a) for a in container["args"]], tmp_path)
    mounts = {m["name"] for m in container["volumeMounts"]}
    assert mounts <= {v["name"] for v in pod["volumes"]}


def test_the_argument_check_catches_a_wrong_option(tmp_path: Path) -> None:
    with pytest.raises(click.UsageError):
        accepts(["scan", "--config", "/etc/piiscan/scan.yaml", "--fail-on", "sometimes"], tmp_path)

"""The detectors file: loading, validation with lines, and its effect on a scan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli import cli
from scanner.detector_config import load_detector_config
from scanner.errors import ConfigError

GOOD = r"""
version: 1
thresholds:
  min_confidence: 0.6
signals:
  column_names: true
ner:
  enabled: false
disable: [user.demographic.gender]
allow:
  - pattern: 'support@example\.com'
    categories: [user.contact.email]
deny:
  - name: vip_names
    category: user.name
    values: [Ada Lovelace]
custom:
  - name: employee_id
    category: user.unique_id
    pattern: 'EMP-\d{6}'
    context: [employee, staff]
    requires_context: true
"""


def test_a_good_file_sets_everything(tmp_path: Path) -> None:
    path = tmp_path / "detectors.yaml"
    path.write_text(GOOD)
    config = load_detector_config(path)
    settings = config.detector_settings()
    assert not settings.ner_enabled
    assert settings.disabled == {"user.demographic.gender"}
    assert [d.name for d in settings.extra] == ["vip_names", "employee_id"]
    from detectors.base import ScoringSettings

    assert config.apply_scoring(ScoringSettings()).min_confidence == 0.6


def test_every_problem_is_listed_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "detectors.yaml"
    path.write_text(
        "version: 1\n"
        "disable: [emial]\n"  # line 2
        "custom:\n"
        "  - name: x\n"
        "    category: user.contact.emial\n"  # line 5
        "    pattern: '(?<=a)b'\n"  # line 6
        "    validator: crc\n"  # line 7
        "    contxt: [a]\n"  # line 8
    )
    with pytest.raises(ConfigError) as err:
        load_detector_config(path)
    text = str(err.value)
    for line, words in [
        (2, "unknown detector 'emial' (did you mean 'email'?)"),
        (5, "did you mean 'user.contact.email'?"),
        (6, "RE2"),
        (7, "unknown validator 'crc'"),
        (8, "did you mean 'context'?"),
    ]:
        assert any(f"line {line}:" in row and words in row for row in text.splitlines()), line


def test_scan_with_detectors_file(tmp_path: Path) -> None:
    path = tmp_path / "detectors.yaml"
    path.write_text(GOOD)
    data = tmp_path / "staff.csv"
    rows = "".join(f"{i},EMP-{100000 + i},user{i}@corp.example\n" for i in range(30))
    data.write_text("id,staff_ref,email\n" + rows + "99,EMP-999999,support@example.com\n")
    result = CliRunner().invoke(
        cli, ["scan", str(data), "--detectors", str(path), "--format", "json", "-q"]
    )
    assert result.exit_code == 0, result.output
    found = {(f["field"], f["category"]): f for f in json.loads(result.stdout)["findings"]}
    assert ("staff_ref", "user.unique_id") in found
    assert found[("email", "user.contact.email")]["matches"] == 30  # support@ allowed
    result = CliRunner().invoke(
        cli,
        ["scan", str(data), "--detectors", str(path), "--min-confidence", "0.99", "-q",
         "--format", "json"],
    )  # fmt: skip
    assert ("staff_ref", "user.unique_id") in {
        (f["field"], f["category"]) for f in json.loads(result.stdout)["findings"]
    }


def test_a_bad_detectors_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "detectors.yaml"
    path.write_text("version: 1\nthresholds:\n  min_confidence: 7\n")
    data = tmp_path / "x.csv"
    data.write_text("a\n1\n")
    result = CliRunner().invoke(cli, ["scan", str(data), "--detectors", str(path)])
    assert result.exit_code == 2 and "line 3" in result.output

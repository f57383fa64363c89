from __future__ import annotations

import pytest
from pydantic import BaseModel, ConfigDict, ValidationError

from scanner.errors import ConfigError, ConfigProblem
from scanner.yaml_lines import format_loc, line_of, parse_yaml, schema_problems

TEXT = """\
defaults: &defaults
  owner: data-team
  purposes: [analytics.reporting]
holdings:
  - <<: *defaults
    location: users
    owner: crm-team
  - location: events
    categories:
      - user.device.ip_address
      - user.device.cookie_id
"""


def test_lines_of_keys_and_items() -> None:
    data = parse_yaml(TEXT)
    assert line_of(data, ("holdings",)) == 4
    assert line_of(data, ("holdings", 1)) == 8
    assert line_of(data, ("holdings", 1, "categories", 1)) == 11
    # A missing key: the line of the mapping that lacks it.
    assert line_of(data, ("holdings", 1, "description")) == 8


def test_merge_keys_may_be_overridden() -> None:
    first = parse_yaml(TEXT)["holdings"][0]
    assert first == {"owner": "crm-team", "purposes": ["analytics.reporting"], "location": "users"}
    assert line_of(parse_yaml(TEXT), ("holdings", 0, "owner")) == 7


def test_duplicate_keys_are_errors() -> None:
    with pytest.raises(ConfigError) as info:
        parse_yaml("a: 1\nb: 2\na: 3\n", path="x.yaml")
    assert str(info.value) == "x.yaml, line 3: duplicate key 'a' (it is already set on line 1)"


def test_syntax_error_has_line() -> None:
    with pytest.raises(ConfigError) as info:
        parse_yaml("a: 1\nb: [1, 2\nc: 3\n", path="x.yaml")
    assert info.value.line is not None and info.value.line >= 2
    assert info.value.message.startswith("invalid YAML")


def test_format_loc() -> None:
    assert format_loc(("categories", 3, "retention")) == "categories[3].retention"
    assert format_loc(()) == ""


def test_all_duplicate_keys_in_one_error() -> None:
    with pytest.raises(ConfigError) as info:
        parse_yaml("a: 1\nb: 2\na: 3\nb: 4\n", path="x.yaml")
    assert str(info.value).splitlines() == [
        "x.yaml, line 3: duplicate key 'a' (it is already set on line 1)",
        "x.yaml, line 4: duplicate key 'b' (it is already set on line 2)",
    ]


def test_duplicate_keys_collected_when_asked() -> None:
    problems: list[ConfigProblem] = []
    data = parse_yaml("a: 1\nb: 2\na: 3\n", problems=problems)
    assert data == {"a": 3, "b": 2}  # the last value, as YAML loaders keep it
    assert problems == [ConfigProblem(3, "duplicate key 'a'", "it is already set on line 1")]


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")
    category: str
    purposes: list[str]
    owner: str = ""


class Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[Item]


def problems_of(text: str) -> list[ConfigProblem]:
    data = parse_yaml(text)
    with pytest.raises(ValidationError) as info:
        Doc.model_validate(data)
    return schema_problems(info.value, model=Doc, data=data)


def test_misspelt_required_key_is_one_problem() -> None:
    text = "items:\n  - categroy: a\n    purposes: [b]\n"
    assert problems_of(text) == [
        ConfigProblem(2, "unknown key 'categroy'", "did you mean 'category'?")
    ]


def test_unknown_keys_suggest_or_list_the_allowed_keys() -> None:
    text = "items:\n  - category: a\n    purposes: [b]\n    ownr: c\n    colour: d\n"
    assert problems_of(text) == [
        ConfigProblem(4, "unknown key 'ownr'", "did you mean 'owner'?"),
        ConfigProblem(5, "unknown key 'colour'", "allowed keys: category, purposes, owner"),
    ]


def test_unrelated_unknown_key_leaves_the_missing_key_reported() -> None:
    text = "items:\n  - colour: a\n    purposes: [b]\n"
    assert [p.message for p in problems_of(text)] == [
        "unknown key 'colour'",
        "missing key 'category' in items[0]",
    ]


def test_config_error_of_sorts_and_lists_every_problem() -> None:
    err = ConfigError.of(
        [
            ConfigProblem(9, "third", "fix it"),
            ConfigProblem(2, "second"),
            ConfigProblem(9, "third", "fix it"),  # a repeat is shown once
            ConfigProblem(None, "about the whole file"),
        ],
        path="p.yaml",
    )
    assert (
        str(err)
        == "p.yaml: about the whole file\np.yaml, line 2: second\np.yaml, line 9: third (fix it)"
    )
    assert (err.message, err.line, err.where) == ("about the whole file", None, "p.yaml")
    with pytest.raises(ValueError):
        ConfigError.of([], path="p.yaml")


def test_config_error_of_one_problem_reads_as_before() -> None:
    err = ConfigError("bad value", path="p.yaml", line=4, hint="use a number")
    assert str(err) == "p.yaml, line 4: bad value (use a number)"
    assert err.problems == (ConfigProblem(4, "bad value", "use a number"),)
    assert str(ConfigError("no file")) == "no file" and ConfigError("no file").where == ""

from __future__ import annotations

import pytest

from scanner.errors import ConfigError
from scanner.yaml_lines import format_loc, line_of, parse_yaml

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

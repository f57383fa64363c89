"""The privacy-policy model: which categories a policy says it collects, for what purposes,
and how long it keeps them.

A policy is a YAML file (the built-in one, ``scanner/builtin_policy.yaml``, is derived from
the Mattermost 2019 privacy policy)::

    version: 1
    name: Example Inc. privacy policy
    description: What Example collects and why.
    source: https://example.com/privacy (2024-01-01)
    minimum_age: 13
    purposes:
      - id: support
        description: Answer support requests.
        data_use: essential.service.operations.support   # a fideslang data-use key
        cites: "We use your contact details to answer your requests."
    retention_rules:
      - id: as_long_as_needed
        description: Kept while the service needs it; no fixed limit.
        max_age_days: null          # null: no fixed limit
        basis: "We keep your data for as long as we provide the service."
      - id: logs
        description: Server logs.
        max_age_days: 90
        basis: "Server logs are deleted after 90 days."
    default_retention: as_long_as_needed
    categories:
      - category: user.contact.email  # a fideslang data-category key
        description: The email address you sign up with.
        purposes: [support]           # purpose ids from above
        retention: as_long_as_needed  # optional: default_retention otherwise
        cites: "We collect your email address."

A policy category covers its fideslang descendants: an entry ``user.contact.address`` covers
a finding of ``user.contact.address.city``; the most specific entry wins. Categories the
policy never names are "not in policy". The problems of a file are reported together, as one
:class:`~scanner.errors.ConfigError` listing each with its line and a fix.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from scanner.errors import ConfigProblem
from scanner.taxonomy import (
    category_keys,
    covers,
    data_use_keys,
    did_you_mean,
    is_category,
    is_data_use,
)
from scanner.yaml_lines import Loc, line_of, load_config

BUILTIN_POLICY_PATH = Path(__file__).with_name("builtin_policy.yaml")

_MODEL_CONFIG = ConfigDict(extra="forbid", frozen=True)


class Purpose(BaseModel):
    """A purpose the policy states, mapped to one fideslang data use."""

    model_config = _MODEL_CONFIG

    id: str = Field(min_length=1)
    description: str
    data_use: str
    cites: str


class RetentionRule(BaseModel):
    """How long the policy says data is kept.

    ``max_age_days`` is a fixed limit counted from collection, or None for no fixed limit.
    ``extends_after_days`` is for rules that keep data for a time after an event ends (the end
    of litigation, of an investigation); ``description`` names the event.
    """

    model_config = _MODEL_CONFIG

    id: str = Field(min_length=1)
    description: str
    max_age_days: int | None = Field(ge=0)
    extends_after_days: int | None = Field(default=None, ge=0)
    basis: str


class PolicyCategory(BaseModel):
    """A data category the policy says it collects (a fideslang category key)."""

    model_config = _MODEL_CONFIG

    category: str
    description: str
    purposes: tuple[str, ...] = Field(min_length=1)
    retention: str | None = None
    cites: str


class Policy(BaseModel):
    """A privacy policy: build it with :func:`load_policy`, which checks every reference."""

    model_config = _MODEL_CONFIG

    version: Literal[1] = 1
    name: str = Field(min_length=1)
    description: str
    source: str
    minimum_age: int = Field(default=13, ge=0)
    purposes: tuple[Purpose, ...] = Field(min_length=1)
    retention_rules: tuple[RetentionRule, ...] = Field(min_length=1)
    default_retention: str
    categories: tuple[PolicyCategory, ...] = Field(min_length=1)

    _origin: str = PrivateAttr(default="")

    @property
    def origin(self) -> str:
        """Where the policy came from, for reports: ``"built-in: <name>"`` or the file path."""
        return self._origin or self.name

    def purpose(self, purpose_id: str) -> Purpose | None:
        """The purpose with this id, or None."""
        return next((p for p in self.purposes if p.id == purpose_id), None)

    def rule(self, rule_id: str) -> RetentionRule | None:
        """The retention rule with this id, or None."""
        return next((r for r in self.retention_rules if r.id == rule_id), None)

    def lookup(self, category: str) -> PolicyCategory | None:
        """The most specific policy category that covers ``category`` (itself or an
        ancestor), or None when the policy does not cover it."""
        best: PolicyCategory | None = None
        for entry in self.categories:
            if covers(entry.category, category) and (
                best is None or len(entry.category) > len(best.category)
            ):
                best = entry
        return best

    def retention_for(self, category: str) -> RetentionRule:
        """The retention rule of ``category``: its own, else the default rule. Raises
        ``KeyError`` when the policy does not cover the category (it has no rule then)."""
        entry = self.lookup(category)
        if entry is None:
            raise KeyError(f"{category} is not covered by the policy {self.name!r}")
        rule = self.rule(entry.retention or self.default_retention)
        if rule is None:  # only for a Policy built by hand, bypassing load_policy's checks
            raise KeyError(f"retention rule {entry.retention or self.default_retention!r}")
        return rule

    def purposes_for(self, category: str) -> list[Purpose]:
        """The purposes the policy states for ``category``; empty when it does not cover it."""
        entry = self.lookup(category)
        if entry is None:
            return []
        return [p for pid in entry.purposes if (p := self.purpose(pid)) is not None]

    def data_uses_for(self, category: str) -> tuple[str, ...]:
        """The fideslang data uses of :meth:`purposes_for`, without duplicates, in order."""
        return tuple(dict.fromkeys(p.data_use for p in self.purposes_for(category)))


def load_policy(path: str | Path | None) -> Policy:
    """Load and check a policy YAML file; ``None`` gives the built-in policy.

    Raises :class:`ConfigError` for a file that does not parse, or listing every unknown,
    misspelt or missing key, category or data use that is not in the fideslang taxonomy, and
    id that refers to nothing, each with its line and a fix.
    """
    if path is None:
        return builtin_policy()
    policy = _load(Path(path))
    policy._origin = str(path)
    return policy


@cache
def builtin_policy() -> Policy:
    """The built-in policy (Mattermost 2019 privacy policy), loaded once."""
    policy = _load(BUILTIN_POLICY_PATH)
    policy._origin = f"built-in: {policy.name}"
    return policy


def _load(path: Path) -> Policy:
    return load_config(path, Policy, _reference_problems)


def _mappings(data: Any, section: str) -> list[tuple[int, dict[Any, Any]]]:
    """The (index, item) pairs of the list ``section`` whose items are mappings; the schema
    check reports anything else."""
    items = data.get(section) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def _ids(data: Any, section: str) -> list[str] | None:
    """The ids of the items of ``section``, or None when one of them has no usable id:
    references to it cannot be checked then without blaming the wrong line."""
    items = data.get(section) if isinstance(data, dict) else None
    if not isinstance(items, list):
        return None
    ids = [item.get("id") for item in items if isinstance(item, dict)]
    if len(ids) != len(items) or not all(isinstance(i, str) and i for i in ids):
        return None
    return ids


def _reference_problems(data: Any) -> list[ConfigProblem]:
    """Cross-check the keys of the file against fideslang and its ids against each other.
    Values of the wrong type are left to the schema check."""
    problems: list[ConfigProblem] = []

    def report(loc: Loc, message: str, hint: str = "") -> None:
        problems.append(ConfigProblem(line_of(data, loc), message, hint))

    def unique(section: str, key: str, what: str) -> None:
        seen: set[str] = set()
        for i, item in _mappings(data, section):
            value = item.get(key)
            if not isinstance(value, str):
                continue
            if value in seen:
                report((section, i, key), f"duplicate {what} '{value}'", "each must appear once")
            seen.add(value)

    unique("purposes", "id", "purpose id")
    unique("retention_rules", "id", "retention rule id")
    unique("categories", "category", "category")

    for i, p in _mappings(data, "purposes"):
        use = p.get("data_use")
        if isinstance(use, str) and not is_data_use(use):
            report(
                ("purposes", i, "data_use"),
                f"unknown data use '{use}'",
                did_you_mean(use, data_use_keys()) or "use a fideslang data-use key",
            )

    purpose_ids = _ids(data, "purposes")
    rule_ids = _ids(data, "retention_rules")

    def known_rule(loc: Loc, rule_id: Any) -> None:
        if rule_ids is None or not isinstance(rule_id, str) or rule_id in rule_ids:
            return
        hint = did_you_mean(rule_id, rule_ids) or f"retention rules: {', '.join(rule_ids)}"
        report(loc, f"unknown retention rule '{rule_id}'", hint)

    if isinstance(data, dict):
        known_rule(("default_retention",), data.get("default_retention"))
    for i, c in _mappings(data, "categories"):
        category = c.get("category")
        if isinstance(category, str) and not is_category(category):
            report(
                ("categories", i, "category"),
                f"unknown category '{category}'",
                did_you_mean(category, category_keys()) or "use a fideslang data-category key",
            )
        purposes = c.get("purposes")
        if purpose_ids is not None and isinstance(purposes, list):
            for j, pid in enumerate(purposes):
                if isinstance(pid, str) and pid not in purpose_ids:
                    hint = did_you_mean(pid, purpose_ids) or (
                        f"purposes here are ids from 'purposes:': {', '.join(purpose_ids)}"
                    )
                    report(("categories", i, "purposes", j), f"unknown purpose '{pid}'", hint)
        if c.get("retention") is not None:
            known_rule(("categories", i, "retention"), c.get("retention"))
    return problems

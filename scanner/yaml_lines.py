"""YAML configuration files that remember line numbers, and validation errors that name them.

:func:`load_yaml` parses a file with a ``yaml.SafeLoader`` subclass whose mappings and lists
(:class:`LineDict`, :class:`LineList`) record the line of each key and item, so that a problem
found later (by pydantic, or by a cross-reference check) can be reported as "file, line N".
:func:`line_of` finds the line for a pydantic-style location such as ``("categories", 3,
"retention")``; :func:`config_error_from` turns a pydantic ``ValidationError`` into a
:class:`~scanner.errors.ConfigError` that says what to change.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from scanner.errors import ConfigError
from scanner.taxonomy import did_you_mean

Loc = Sequence[str | int]


class LineDict(dict):
    """A mapping read from YAML: ``line`` is where it starts, ``key_lines`` where each key is."""

    line: int = 0
    key_lines: dict[Any, int]


class LineList(list):
    """A list read from YAML: ``line`` is where it starts, ``item_lines`` where each item is."""

    line: int = 0
    item_lines: list[int]


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings and sequences carry line numbers (1-based)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Any:
    data = LineDict()
    data.line = node.start_mark.line + 1
    data.key_lines = {}
    yield data
    # PyYAML keeps the last of duplicate keys silently; in a policy that hides a mistake. Keys
    # merged in with "<<" may be overridden, so only the mapping's own keys are checked.
    own: dict[Any, int] = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            first = own.get(key)
        except TypeError as exc:
            raise ConfigError(
                "a mapping key must be a plain value", line=line, hint="quote the key"
            ) from exc
        if first is not None:
            raise ConfigError(
                f"duplicate key '{key}'", line=line, hint=f"it is already set on line {first}"
            )
        own[key] = line
    loader.flatten_mapping(node)  # merged pairs first, then the mapping's own: own keys win
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        data.key_lines[key] = key_node.start_mark.line + 1
        data[key] = loader.construct_object(value_node, deep=True)


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> Any:
    data = LineList()
    data.line = node.start_mark.line + 1
    data.item_lines = [child.start_mark.line + 1 for child in node.value]
    yield data
    data.extend(loader.construct_object(child, deep=True) for child in node.value)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: str | Path) -> LineDict:
    """Read a YAML file whose top level must be a mapping. Raises :class:`ConfigError` naming
    the file and line for unreadable files, syntax errors and a non-mapping top level."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError("file not found", path=path, hint="check the path") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the file: {exc}", path=path) from exc
    return parse_yaml(text, path=path)


def parse_yaml(text: str, *, path: str | Path | None = None) -> LineDict:
    """Parse YAML text (see :func:`load_yaml`); ``path`` only names it in errors."""
    try:
        data = yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass: no arbitrary objects
    except ConfigError as exc:
        exc.path = str(path) if path is not None else None
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        if exc.context:
            problem = f"{problem} ({exc.context})"
        raise ConfigError(
            f"invalid YAML: {problem}",
            path=path,
            line=mark.line + 1 if mark else None,
            hint="check the indentation and quoting on this line and the one before",
        ) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {exc}", path=path) from exc
    if not isinstance(data, LineDict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise ConfigError(
            f"the file is {kind}, expected a mapping of keys",
            path=path,
            line=1,
            hint="see the format in the documentation",
        )
    return data


def line_of(data: Any, loc: Loc) -> int | None:
    """The line of the deepest element of ``loc`` found in ``data`` (a :func:`load_yaml`
    result); for a missing key, the line of the mapping that lacks it."""
    line = getattr(data, "line", None) or None
    node = data
    for step in loc:
        if isinstance(node, LineDict) and step in node:
            line = node.key_lines.get(step, line)
            node = node[step]
        elif isinstance(node, LineList) and isinstance(step, int) and 0 <= step < len(node):
            line = node.item_lines[step]
            node = node[step]
        else:
            break
    return line


def format_loc(loc: Loc) -> str:
    """``("categories", 3, "retention")`` -> ``"categories[3].retention"``."""
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The pydantic model class that validates the mapping at ``loc`` below ``model``."""
    current: Any = model
    for step in loc:
        if isinstance(step, int):
            args = [a for a in typing.get_args(current) if a is not Ellipsis]
            if not args:
                return None
            current = args[0]
        elif isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(step)
            if info is None:
                return None
            current = info.annotation
        else:
            return None
        # Unwrap "X | None" to X.
        if typing.get_origin(current) in (typing.Union, types.UnionType):
            inner = [a for a in typing.get_args(current) if a is not type(None)]
            current = inner[0] if len(inner) == 1 else current
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _allowed_keys(model: type[BaseModel] | None) -> list[str]:
    return list(model.model_fields) if model is not None else []


def config_error_from(
    exc: ValidationError, *, model: type[BaseModel], data: Any, path: str | Path | None
) -> ConfigError:
    """The first problem of a pydantic ``ValidationError`` as a :class:`ConfigError` with the
    file, the line and a fix; a count of further problems is added to the hint."""
    raw = exc.errors(include_url=False, include_input=False)
    # A list whose items failed also reports itself as too short; keep the items' errors.
    errors = [
        e
        for e in raw
        if not any(
            len(o["loc"]) > len(e["loc"]) and tuple(o["loc"][: len(e["loc"])]) == tuple(e["loc"])
            for o in raw
        )
    ] or raw
    err = errors[0]
    loc = tuple(err["loc"])
    kind = err["type"]
    line = line_of(data, loc)
    parent = format_loc(loc[:-1])
    inside = f" in {parent}" if parent else ""
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = _allowed_keys(_model_at(model, loc[:-1]))
        hint = did_you_mean(key, allowed)
        hint = f"{hint} allowed keys: {', '.join(allowed)}".strip()
        error = ConfigError(f"unknown key '{key}'{inside}", path=path, line=line, hint=hint)
    elif kind == "missing":
        key = str(loc[-1])
        error = ConfigError(
            f"missing key '{key}'{inside}", path=path, line=line, hint=f"add '{key}:' here"
        )
    elif kind in ("model_type", "dict_type"):
        allowed = _allowed_keys(_model_at(model, loc))
        hint = f"allowed keys: {', '.join(allowed)}" if allowed else ""
        error = ConfigError(
            f"{format_loc(loc) or 'the file'}: expected a mapping of keys",
            path=path,
            line=line,
            hint=hint,
        )
    elif kind in ("tuple_type", "list_type"):
        error = ConfigError(
            f"{format_loc(loc)}: expected a list",
            path=path,
            line=line,
            hint="write [a, b] or one '- item' per line",
        )
    elif kind == "too_short":
        error = ConfigError(f"{format_loc(loc)}: needs at least one entry", path=path, line=line)
    else:
        error = ConfigError(f"{format_loc(loc)}: {err['msg']}", path=path, line=line)
    # A union field ("int | None") reports one error per member; count places, not errors.
    others = len({tuple(e["loc"]) for e in errors} - {loc})
    if others:
        more = f"{others} more problem{'s' if others > 1 else ''} after this one"
        error.hint = f"{error.hint}; {more}" if error.hint else more
    return error

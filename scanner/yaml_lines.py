"""YAML configuration files that remember line numbers, and validation errors that name them.

:func:`load_yaml` parses a file with a ``yaml.SafeLoader`` subclass whose mappings and lists
(:class:`LineDict`, :class:`LineList`) record the line of each key and item, so that a problem
found later (by pydantic, or by a cross-reference check) can be reported as "file, line N".
:func:`line_of` finds the line for a pydantic-style location such as ``("categories", 3,
"retention")``; :func:`schema_problems` turns a pydantic ``ValidationError`` into one
:class:`~scanner.errors.ConfigProblem` per mistake, each saying what to change, so that a
loader can report them together with its own checks in one :class:`~scanner.errors.ConfigError`.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from scanner.errors import ConfigError, ConfigProblem
from scanner.taxonomy import did_you_mean, suggest

M = TypeVar("M", bound=BaseModel)

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
    """SafeLoader whose mappings and sequences carry line numbers (1-based); duplicate keys
    are collected in ``duplicates`` rather than silently dropped."""

    duplicates: list[ConfigProblem]

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # PyYAML's own constructors raise plain Python errors for values that do not read as
        # their type ("2019-02-30", "!!int x", "!!map [1]"): report them at their line.
        try:
            return super().construct_object(node, deep=deep)
        except _UNREADABLE as exc:
            kind = str(node.tag).rsplit(":", 1)[-1]
            raise yaml.constructor.ConstructorError(
                None, None, f"a value that cannot be read as {kind}", node.start_mark
            ) from exc


#: What PyYAML's constructors raise for a value that does not read as its type.
_UNREADABLE = (ValueError, TypeError, AttributeError, KeyError, OverflowError)


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
            hint = f"it is already set on line {first}"
            loader.duplicates.append(ConfigProblem(line, f"duplicate key '{key}'", hint))
            continue
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


def load_yaml(path: str | Path, *, problems: list[ConfigProblem] | None = None) -> LineDict:
    """Read a YAML file whose top level must be a mapping. Raises :class:`ConfigError` naming
    the file and line for unreadable files, syntax errors and a non-mapping top level.

    Duplicate keys are raised too, all of them in one error; when ``problems`` is given they
    are added to it instead and the last value of a key is kept, so that a caller can report
    them with the problems it finds later.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError("file not found", path=path, hint="check the path") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the file: {exc}", path=path) from exc
    return parse_yaml(text, path=path, problems=problems)


def parse_yaml(
    text: str, *, path: str | Path | None = None, problems: list[ConfigProblem] | None = None
) -> LineDict:
    """Parse YAML text (see :func:`load_yaml`); ``path`` only names it in errors."""
    try:
        loader = _LineLoader(text)  # a SafeLoader subclass: no arbitrary objects
    except yaml.reader.ReaderError as exc:  # the whole text is checked for characters first
        raise ConfigError(
            f"invalid YAML: character #x{exc.character:04x} is not allowed",
            path=path,
            line=text.count("\n", 0, exc.position) + 1,
            hint="remove the control character, or write it as an escape in double quotes",
        ) from exc
    loader.duplicates = []
    try:
        data = loader.get_single_data()
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
    except _UNREADABLE as exc:  # as in _LineLoader.construct_object, from the outermost value
        raise ConfigError(
            "invalid YAML: a value that cannot be read as its type",
            path=path,
            hint="check the dates, numbers and !!tags",
        ) from exc
    except RecursionError as exc:  # PyYAML composes and constructs nested values recursively
        raise ConfigError(
            "invalid YAML: values are nested too deeply to be read",
            path=path,
            hint="no configuration file nests more than a few levels; check the brackets",
        ) from exc
    finally:
        loader.dispose()
    if not isinstance(data, LineDict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise ConfigError(
            f"the file is {kind}, expected a mapping of keys",
            path=path,
            line=1,
            hint="see the format in the documentation",
        )
    if problems is not None:
        problems.extend(loader.duplicates)
    elif loader.duplicates:
        raise ConfigError.of(loader.duplicates, path=path)
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


def _unknown_key_hint(key: str, allowed: list[str]) -> str:
    return did_you_mean(key, allowed) or (f"allowed keys: {', '.join(allowed)}" if allowed else "")


def schema_problems(
    exc: ValidationError, *, model: type[BaseModel], data: Any
) -> list[ConfigProblem]:
    """Every problem of a pydantic ``ValidationError`` (``model`` validating ``data``, a
    :func:`load_yaml` result), each with its line and a fix, in the order pydantic found them.

    An unknown key that is a close match for a missing key of the same mapping is one problem,
    the misspelling (``unknown key 'categroies' (did you mean 'categories'?)``), not two.
    """
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
    # A union field ("int | None") reports one error per member: keep one per place.
    first_at: dict[tuple[str | int, ...], dict[str, Any]] = {}
    for e in errors:
        first_at.setdefault(tuple(e["loc"]), e)

    # The missing keys of each mapping, for matching misspelt keys against them.
    missing: dict[tuple[str | int, ...], list[str]] = {}
    for loc, e in first_at.items():
        if e["type"] == "missing":
            missing.setdefault(loc[:-1], []).append(str(loc[-1]))
    misspelt: set[tuple[str | int, ...]] = set()  # missing keys accounted for by a misspelling

    problems: list[ConfigProblem] = []
    for loc, e in first_at.items():
        if e["type"] == "extra_forbidden":
            key = str(loc[-1])
            unclaimed = [m for m in missing.get(loc[:-1], []) if (*loc[:-1], m) not in misspelt]
            close = suggest(key, unclaimed, n=1)
            if close:
                misspelt.add((*loc[:-1], close[0]))
                hint = f"did you mean '{close[0]}'?"
            else:
                hint = _unknown_key_hint(key, _allowed_keys(_model_at(model, loc[:-1])))
            # The line is the key's own, so the mapping's path would add nothing.
            problems.append(ConfigProblem(line_of(data, loc), f"unknown key '{key}'", hint))
    for loc, e in first_at.items():
        if e["type"] == "extra_forbidden" or loc in misspelt:
            continue
        problems.append(_problem(e, loc, model=model, data=data))
    return problems


def _problem(
    err: dict[str, Any], loc: tuple[str | int, ...], *, model: type[BaseModel], data: Any
) -> ConfigProblem:
    """One pydantic error (not an unknown key) as a problem with its line and a fix."""
    kind = err["type"]
    line = line_of(data, loc)
    parent = format_loc(loc[:-1])
    if kind == "missing":
        key = str(loc[-1])
        inside = f" in {parent}" if parent else ""
        return ConfigProblem(line, f"missing key '{key}'{inside}", f"add '{key}:' here")
    if kind in ("model_type", "dict_type"):
        allowed = _allowed_keys(_model_at(model, loc))
        hint = f"allowed keys: {', '.join(allowed)}" if allowed else ""
        return ConfigProblem(
            line, f"{format_loc(loc) or 'the file'}: expected a mapping of keys", hint
        )
    if kind in ("tuple_type", "list_type"):
        return ConfigProblem(
            line, f"{format_loc(loc)}: expected a list", "write [a, b] or one '- item' per line"
        )
    if kind == "too_short":
        return ConfigProblem(line, f"{format_loc(loc)}: needs at least one entry")
    return ConfigProblem(line, f"{format_loc(loc)}: {err['msg']}")


def config_error_from(
    exc: ValidationError, *, model: type[BaseModel], data: Any, path: str | Path | None
) -> ConfigError:
    """All problems of a pydantic ``ValidationError`` (see :func:`schema_problems`) as one
    :class:`ConfigError` naming the file."""
    return ConfigError.of(schema_problems(exc, model=model, data=data), path=path)


def load_config(
    path: str | Path,
    model: type[M],
    cross_checks: Callable[[Any], list[ConfigProblem]] = lambda data: [],
) -> M:
    """Load ``path``, validate it as ``model`` and run ``cross_checks`` on the parsed YAML;
    raise one :class:`ConfigError` listing every problem (duplicate keys, schema problems,
    cross-check problems), each with its line and a fix.

    The cross-checks read the file itself, not the model, so that they run (and their
    problems are listed) even when the model has problems of its own.
    """
    path = Path(path)
    problems: list[ConfigProblem] = []
    data = load_yaml(path, problems=problems)
    loaded: M | None = None
    try:
        loaded = model.model_validate(data)
    except ValidationError as exc:
        problems.extend(schema_problems(exc, model=model, data=data))
    problems.extend(cross_checks(data))
    if problems or loaded is None:
        raise ConfigError.of(problems, path=path)
    return loaded

"""Typed errors of the piiscan library.

Every error a user can cause (a bad policy file, a bad data map, a wrong option) is a
:class:`PiiscanError`, so the CLI can print it without a traceback. Messages say what is wrong,
where, and how to fix it; they never contain a value read from a scanned store or a password.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple


class PiiscanError(Exception):
    """Base class of every error piiscan raises on purpose."""


class ConfigProblem(NamedTuple):
    """One problem in a configuration file: its line (None when it is about the whole file),
    what is wrong, and how to fix it (``hint``, may be empty)."""

    line: int | None
    message: str
    hint: str = ""


class ConfigError(PiiscanError):
    """A configuration file (policy, data map, scan config) is invalid.

    It carries every problem found in the file (``problems``, sorted by line), so that one run
    shows everything to fix. ``str()`` gives one line per problem, like ``policy.yaml, line 12:
    unknown category 'user.contact.emial' (did you mean 'user.contact.email'?)``.
    ``message``, ``line`` and ``hint`` are those of the first problem.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str = "",
    ):
        super().__init__(message)
        self.path = str(path) if path is not None else None
        self.problems: tuple[ConfigProblem, ...] = (ConfigProblem(line, message, hint),)

    @classmethod
    def of(cls, problems: Iterable[ConfigProblem], *, path: str | Path | None) -> ConfigError:
        """One error for all ``problems`` of the file at ``path``: sorted by line (problems
        of the whole file first, the order found within a line), repeats dropped."""
        found = sorted(dict.fromkeys(problems), key=lambda p: p.line or 0)
        if not found:
            raise ValueError("a ConfigError needs at least one problem")
        first = found[0]
        error = cls(first.message, path=path, line=first.line, hint=first.hint)
        error.problems = tuple(found)
        return error

    @property
    def message(self) -> str:
        """What is wrong (the first problem)."""
        return self.problems[0].message

    @property
    def line(self) -> int | None:
        """The line of the first problem, or None."""
        return self.problems[0].line

    @property
    def hint(self) -> str:
        """How to fix the first problem, or ``""``."""
        return self.problems[0].hint

    @property
    def where(self) -> str:
        """``"policy.yaml, line 12"``, ``"policy.yaml"``, ``"line 12"`` or ``""`` (the first
        problem)."""
        return self._where(self.line)

    def _where(self, line: int | None) -> str:
        parts = []
        if self.path:
            parts.append(self.path)
        if line is not None:
            parts.append(f"line {line}")
        return ", ".join(parts)

    def __str__(self) -> str:
        lines = []
        for problem in self.problems:
            where = self._where(problem.line)
            text = f"{where}: {problem.message}" if where else problem.message
            lines.append(f"{text} ({problem.hint})" if problem.hint else text)
        return "\n".join(lines)


class UsageError(PiiscanError):
    """The library or the CLI was called wrongly (an unknown report format, conflicting
    options). ``hint`` says what to do instead."""

    def __init__(self, message: str, *, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message

"""Typed errors of the piiscan library.

Every error a user can cause (a bad policy file, a bad data map, a wrong option) is a
:class:`PiiscanError`, so the CLI can print it without a traceback. Messages say what is wrong,
where, and how to fix it; they never contain a value read from a scanned store or a password.
"""

from __future__ import annotations

from pathlib import Path


class PiiscanError(Exception):
    """Base class of every error piiscan raises on purpose."""


class ConfigError(PiiscanError):
    """A configuration file (policy, data map, scan config) is invalid.

    ``str()`` reads like ``policy.yaml, line 12: unknown category 'user.contact.emial' (did you
    mean 'user.contact.email'?)``: the file, the line, the problem, and the fix in ``hint``.
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
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint

    @property
    def where(self) -> str:
        """``"policy.yaml, line 12"``, ``"policy.yaml"``, ``"line 12"`` or ``""``."""
        parts = []
        if self.path:
            parts.append(self.path)
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where else self.message
        return f"{text} ({self.hint})" if self.hint else text


class UsageError(PiiscanError):
    """The library or the CLI was called wrongly (an unknown report format, conflicting
    options). ``hint`` says what to do instead."""

    def __init__(self, message: str, *, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message

"""Expand glob patterns (``*``, ``?``, ``[...]``, ``**`` for any depth) without following a
symlink loop: the standard library's ``glob`` walks such a loop until paths grow too long."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator

_MAGIC = frozenset("*?[")


def has_magic(pattern: str) -> bool:
    """True when ``pattern`` holds glob characters."""
    return any(ch in _MAGIC for ch in pattern)


def expand(pattern: str) -> list[str]:
    """Paths matching ``pattern``, in name order, spelled from the pattern as given (a
    relative pattern gives relative paths). Hidden names match only a pattern part that
    starts with a dot, as with the shell. Each directory is entered once however many links
    lead to it."""
    parts = pattern.split(os.sep)
    if pattern.startswith(os.sep):
        start, parts = os.sep, parts[1:]
    else:
        start = ""
    parts = [p for p in parts if p]
    found = dict.fromkeys(_expand(start, parts, set()))
    return list(found)


def _expand(prefix: str, parts: list[str], visited: set[tuple[int, int]]) -> Iterator[str]:
    here = prefix or os.curdir
    if not parts:
        if prefix:
            yield prefix
        return
    head, rest = parts[0], parts[1:]
    if head == "**":
        if not rest:
            yield prefix or os.curdir  # everything below: the caller walks the folder
            return
        try:
            st = os.stat(here)
            visited.add((st.st_dev, st.st_ino))
        except OSError:
            return
        yield from _expand(prefix, rest, visited)
        for name in _subdirs(here, visited):
            yield from _expand(os.path.join(prefix, name), parts, visited)
        return
    if not has_magic(head):
        path = os.path.join(prefix, head)
        if os.path.lexists(path) and (rest == [] or os.path.isdir(path)):
            yield from _expand(path, rest, visited)
        return
    for name in _names(here):
        if name.startswith(".") and not head.startswith("."):
            continue
        if not fnmatch.fnmatchcase(name, head):
            continue
        path = os.path.join(prefix, name)
        if not rest:
            yield path
        elif os.path.isdir(path):
            yield from _expand(path, rest, visited)


def _names(directory: str) -> list[str]:
    try:
        return sorted(os.listdir(directory))
    except OSError:
        return []


def _subdirs(directory: str, visited: set[tuple[int, int]]) -> Iterator[str]:
    """Non-hidden subdirectories of ``directory`` not entered before (by device and inode)."""
    for name in _names(directory):
        if name.startswith("."):
            continue
        path = os.path.join(directory, name)
        try:
            st = os.stat(path)
        except OSError:
            continue
        if not os.path.isdir(path) or (st.st_dev, st.st_ino) in visited:
            continue
        visited.add((st.st_dev, st.st_ino))
        yield name

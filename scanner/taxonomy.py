"""The fideslang default taxonomy: data-category and data-use keys.

Keys come from ``fideslang.default_taxonomy.DEFAULT_TAXONOMY`` and are never retyped here.
A key covers itself and its descendants by dotted prefix: ``user.contact`` covers
``user.contact.email``, but ``user.contact.e`` covers nothing else.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import cache


@cache
def category_keys() -> frozenset[str]:
    """Every data-category key of the fideslang default taxonomy."""
    from fideslang.default_taxonomy import DEFAULT_TAXONOMY

    return frozenset(c.fides_key for c in DEFAULT_TAXONOMY.data_category)


@cache
def data_use_keys() -> frozenset[str]:
    """Every data-use key of the fideslang default taxonomy."""
    from fideslang.default_taxonomy import DEFAULT_TAXONOMY

    return frozenset(u.fides_key for u in DEFAULT_TAXONOMY.data_use)


def is_category(key: str) -> bool:
    """True when ``key`` is a fideslang data-category key."""
    return key in category_keys()


def is_data_use(key: str) -> bool:
    """True when ``key`` is a fideslang data-use key."""
    return key in data_use_keys()


def covers(ancestor: str, key: str) -> bool:
    """True when ``key`` equals ``ancestor`` or descends from it (by dotted prefix)."""
    return key == ancestor or key.startswith(ancestor + ".")


def suggest(key: str, choices: Iterable[str] | None = None, n: int = 3) -> list[str]:
    """Close matches for a mistyped ``key`` among ``choices`` (default: the category keys),
    best first; for error hints.

    Keys that complete ``key`` come first (``user.device.ip`` -> ``user.device.ip_address``),
    then whole keys by similarity (``user.contact.emial`` -> ``user.contact.email``); when
    nothing is close, the last segment is (``email`` -> ``user.contact.email``), because people
    often write only the leaf.
    """
    pool = sorted(category_keys() if choices is None else set(choices))
    # A key cut short ("user.device.ip") is best completed, not shortened to "user.device".
    extended = sorted((c for c in pool if c.startswith(key) and c != key), key=len)
    found = difflib.get_close_matches(key, pool, n=n, cutoff=0.75)
    if extended or found:
        return list(dict.fromkeys([*extended, *found]))[:n]
    leaf = key.rsplit(".", 1)[-1]
    by_leaf: dict[str, list[str]] = {}
    for choice in pool:
        by_leaf.setdefault(choice.rsplit(".", 1)[-1], []).append(choice)
    leaves = difflib.get_close_matches(leaf, list(by_leaf), n=n, cutoff=0.75)
    return [c for lf in leaves for c in by_leaf[lf]][:n]


def did_you_mean(key: str, choices: Iterable[str] | None = None) -> str:
    """``"did you mean 'user.contact.email'?"`` (the closest match only) or ``""`` when
    nothing is close."""
    found = suggest(key, choices, n=1)
    return f"did you mean '{found[0]}'?" if found else ""

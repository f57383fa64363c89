"""Detectors that judge a whole column: a field named for a category whose values mostly have
that category's shape (a ``zip`` field of postal codes, a ``gender`` field of ``M``/``F``).

A single value of such a category proves nothing ("Paris" may be a city, a person or a
product), so these detectors decide per column, not per value: the share of values that fit
the shape and pass an optional Python check must reach ``min_share``, and only then is
evidence returned, counting the fitting values as whole-value matches. The whole-column work
is RE2 through ``pyarrow.compute``; Python sees each *distinct* fitting value once, and only
when a subclass overrides :meth:`ProfileDetector.plausible`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

import pyarrow as pa
import pyarrow.compute as pc

from detectors.base import (
    MAX_EXAMPLES,
    Evidence,
    FieldData,
    Signal,
    SingleCategoryDetector,
    Tally,
    masked_examples,
)


def fitting(values: pa.Array, shape: str) -> pa.Array:
    """The values that are entirely one ``shape`` (an unanchored RE2 pattern)."""
    if not len(values):
        return values
    return values.filter(pc.match_substring_regex(values, f"^(?:{shape})$"))


def distinct_counts(values: pa.Array) -> list[tuple[str, int]]:
    """(value, occurrences) per distinct value, most frequent first."""
    if not len(values):
        return []
    vc = pc.value_counts(values)
    pairs = list(zip(vc.field("values").to_pylist(), vc.field("counts").to_pylist(), strict=True))
    pairs.sort(key=lambda p: p[1], reverse=True)
    return pairs


def count_distinct(
    values: pa.Array, entity: Callable[[str], str | None], limit: int
) -> tuple[int, list[str]]:
    """How many ``values`` are an entity, and those entities, most frequent first.

    ``entity`` returns the entity a value is, or None; it runs once per distinct value, on
    the ``limit`` most frequent ones, and the count past them is extrapolated by occurrences.
    """
    pairs = distinct_counts(values)
    checked = pairs[:limit]
    good = [(e, c) for v, c in checked if (e := entity(v)) is not None]
    matches = sum(c for _, c in good)
    if len(checked) < len(pairs):
        seen = sum(c for _, c in checked)
        matches = round(matches * len(values) / seen) if seen else 0
    return matches, [e for e, _ in good]


def is_categorical(f: FieldData, max_distinct: int = 10, max_ratio: float = 0.5) -> bool:
    """A few values repeated many times: a lookup or status column, not one of personal
    values (five distinct "names" over a thousand rows are genres, not people)."""
    n = f.non_empty
    return n > 0 and f.distinct < max_distinct and f.distinct / n < max_ratio


class ProfileDetector(SingleCategoryDetector):
    """A column whose name signals ``category`` and whose values mostly fit ``shape``.

    Subclasses declare ``category``, ``shape``, ``name_keywords`` and thresholds; they may
    override :meth:`plausible` (run once per distinct fitting value), :meth:`candidates`
    (to narrow the fitting values further with whole-column compute) and
    :meth:`column_ok` (column-level checks such as cardinality).
    """

    #: RE2 pattern a whole value must match (anchored by the base class).
    shape: ClassVar[str]
    #: Evidence counts only in fields whose name signals the category.
    requires_name: ClassVar[bool] = True
    #: Share of non-empty values that must fit for the column to count at all.
    min_share: ClassVar[float] = 0.8
    #: Cap on distinct values checked in Python per batch; the rest are extrapolated.
    max_validated: ClassVar[int] = 20000
    #: Words for the ``profile`` signal's detail ("92% of values are postal codes").
    profile_label: ClassVar[str] = "values fit the profile"

    def candidates(self, f: FieldData) -> pa.Array:
        """Values that fit the shape (whole-column compute)."""
        return f.where(lambda values: fitting(values, self.shape))

    def plausible(self, value: str) -> bool:
        """Whether one distinct fitting value really is the category. Default: yes."""
        return True

    def column_ok(self, f: FieldData, matched: pa.Array) -> bool:
        """Column-level checks run after the share passed. Default: none."""
        return True

    def mask(self, value: str) -> str:
        from detectors.masking import mask_generic

        return mask_generic(value)

    def count(self, cands: pa.Array) -> tuple[int, list[str]]:
        """(plausible values, their distinct values up to ``max_validated``)."""
        if type(self).plausible is ProfileDetector.plausible:
            # Examples need a few distinct values, not all of them in Python.
            head = pc.unique(cands.slice(0, 64 * MAX_EXAMPLES)).to_pylist()
            return len(cands), head[:MAX_EXAMPLES]
        return count_distinct(cands, lambda v: v if self.plausible(v) else None, self.max_validated)

    def detect(self, f: FieldData) -> list[Evidence]:
        name = self.name_signal_if_applicable(f)
        if name is None:
            return []
        cands = self.candidates(f)
        if not len(cands):
            return []
        matches, good = self.count(cands)
        share = matches / len(f.values)
        if not matches or share < self.min_share:
            return []
        if not self.column_ok(f, cands):
            return []
        return [self.evidence(f, matches, name, good, self.detail(cands, share))]

    def detail(self, cands: pa.Array, share: float) -> str:
        """The ``profile`` signal's text ("92% of values are postal codes")."""
        return f"{share:.0%} of {self.profile_label}"

    def evidence(
        self,
        f: FieldData,
        matches: int,
        name: float,
        good: list[str],
        detail: str,
        extra: tuple[Signal, ...] = (),
    ) -> Evidence:
        """Whole-value evidence for ``matches`` values of ``f``."""
        return self.field_evidence(
            f,
            Tally(matches, matches, masked_examples(good, self.mask)),
            category=self.category,
            name=name,
            signals=(
                Signal(self.name, "profile", detail),
                *extra,
                *self.column_name_signals(f, name),
            ),
            requires_name=self.requires_name,
        )

"""The detector contract: what a detector sees, what it returns, and how confidence is made.

A detector sees a :class:`FieldData` (a field's name, its Arrow type and a string array of its
non-empty values) and returns :class:`Evidence` per category: how many values matched, how
many of those were the whole value, masked examples and the column-name signal. Evidence from
several batches of the same field is merged with :meth:`Evidence.merge`; only then is a
confidence computed (:func:`score`), so that ``--full`` scans count every row exactly and a
sampled scan is judged on the share of values that matched, never on one stray hit.
"""

from __future__ import annotations

import re
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import ClassVar, TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import re2

from detectors.column_tests import encode_if_repetitive, row_mask
from detectors.value_shapes import NO_NEEDS, CharCount, Needs, ValueShapes, measure

MAX_EXAMPLES = 3
#: Candidate values validated in Python per field and batch (checksums, phone parsing). Past
#: it, an evenly spaced sample of the candidates is validated and the counts are
#: extrapolated from it: every value is still matched by the whole-column patterns, so a rare
#: value is never lost, only a plentiful one counted from its share.
DEFAULT_MAX_VALIDATED = 1_000
#: Values looked at to estimate a share that only steers a decision (is this prose?).
SHARE_SAMPLE = 2_000

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPLIT = re.compile(r"[^a-z0-9]+")


def name_tokens(name: str) -> tuple[str, ...]:
    """Split a field name into lower-case tokens: ``billingAddress.zip_code`` ->
    ``("billing", "address", "zip", "code")``."""
    return tuple(t for t in _SPLIT.split(_CAMEL.sub("_", name).lower()) if t)


@dataclass(frozen=True)
class FieldData:
    """The values of one field, as detectors see them.

    ``values`` holds the field's non-null, non-empty values as strings (whitespace stripped);
    ``scanned`` counts the cells examined including empty ones. ``arrow_type`` is the field's
    original type (``"string"``, ``"int64"``, ``"timestamp[us]"``, ...). ``context`` is the
    names of sibling fields at the same location, for detectors that judge by company kept.
    """

    name: str
    arrow_type: str
    values: pa.Array
    scanned: int
    context: tuple[str, ...] = ()
    #: How many candidate values a detector validates in Python for this batch (the scan
    #: spends more on a field's first batch than on the ones after it).
    max_validated: int = DEFAULT_MAX_VALIDATED

    @cached_property
    def tokens(self) -> tuple[str, ...]:
        return name_tokens(self.name)

    @cached_property
    def leaf_tokens(self) -> tuple[str, ...]:
        """Tokens of the last path segment only (``user.email`` -> ``("email",)``)."""
        return name_tokens(self.name.rsplit(".", 1)[-1])

    @cached_property
    def split_tokens(self) -> tuple[str, ...]:
        """:attr:`tokens` with glued qualifiers split (:func:`split_compounds`)."""
        return split_compounds(self.tokens)

    @cached_property
    def split_leaf_tokens(self) -> tuple[str, ...]:
        """:attr:`leaf_tokens` with glued qualifiers split (:func:`split_compounds`)."""
        return split_compounds(self.leaf_tokens)

    @property
    def non_empty(self) -> int:
        return len(self.values)

    @cached_property
    def is_numeric(self) -> bool:
        return self.arrow_type.startswith(("int", "uint", "decimal"))

    @cached_property
    def is_temporal(self) -> bool:
        return self.arrow_type.startswith(("timestamp", "date", "time"))

    @cached_property
    def encoded(self) -> pa.DictionaryArray | None:
        """The values dictionary encoded when they repeat (names, cities, versions,
        templated text), else None: whole-column tests then run once per distinct value."""
        return encode_if_repetitive(self.values)

    @cached_property
    def distinct(self) -> int:
        if self.encoded is not None:
            return len(self.encoded.dictionary)
        return pc.count_distinct(self.values).as_py() if len(self.values) else 0

    def mask(self, test: Callable[[pa.Array], pa.Array]) -> pa.Array:
        """``test``, a boolean whole-column function, over the values (run on the distinct
        values only when the field repeats)."""
        return row_mask(self.values, self.encoded, test)

    def where(self, select: Callable[[pa.Array], pa.Array]) -> pa.Array:
        """The values that ``select`` keeps (a whole-column function returning the subset of
        an array it keeps), run on the distinct values only when the field repeats."""
        if self.encoded is None:
            return select(self.values)
        kept = select(self.encoded.dictionary)
        in_kept = pc.is_in(self.encoded.dictionary, value_set=kept)
        return self.values.filter(in_kept.take(self.encoded.indices))

    def pattern_mask(self, pattern: str, needs: Needs = NO_NEEDS) -> np.ndarray:
        """Boolean mask (numpy) of the candidate values for the RE2 ``pattern``: those
        holding a match, tried only on the values whose shape meets ``needs``. Where a spread
        probe of 32 such values all match, all of them are candidates without the
        pattern being run over the column: validation searches each value it checks, and
        counts past its sample are estimated (``Evidence.estimated``) either way. Kept per
        field, so detectors sharing a pattern pay for it once."""
        key = (pattern, needs)
        found = self._masks.get(key)
        if found is None:
            tested = self.values if self.encoded is None else self.encoded.dictionary
            found = _pattern_test(tested, self.shapes, pattern, needs)
            if self.encoded is not None:
                found = found[self._indices] if found.any() else np.zeros(len(self.values), bool)
            self._masks[key] = found
        return found

    def pattern_matches(self, pattern: str, needs: Needs = NO_NEEDS) -> pa.Array:
        """The values holding a match of ``pattern`` (see :meth:`pattern_mask`)."""
        rows = np.flatnonzero(self.pattern_mask(pattern, needs))
        if len(rows) == len(self.values):
            return self.values
        return self.values.take(pa.array(rows))

    @cached_property
    def _indices(self) -> np.ndarray:
        assert self.encoded is not None
        return self.encoded.indices.to_numpy(zero_copy_only=False)

    @cached_property
    def shapes(self) -> ValueShapes:
        """The shape of every value (of every distinct value when the field repeats),
        measured in one pass: what :class:`Needs` are tested on."""
        return measure(self.values if self.encoded is None else self.encoded.dictionary)

    @cached_property
    def _masks(self) -> dict[tuple[str, Needs], np.ndarray]:
        return {}

    @cached_property
    def mean_length(self) -> float:
        if not len(self.values):
            return 0.0
        return pc.mean(pc.utf8_length(self.values)).as_py() or 0.0

    @cached_property
    def free_text_share(self) -> float:
        """Share of values that look like prose: three or more words (estimated from up to
        :data:`SHARE_SAMPLE` evenly spaced values)."""
        if not len(self.values):
            return 0.0
        picked = self.values.take(pa.array(spread_sample(len(self.values), SHARE_SAMPLE)))
        words = pc.count_substring_regex(picked, r"\S+")
        return pc.sum(pc.greater_equal(words, 3)).as_py() / len(picked)


#: About what searching one value costs through the re2 module (measured here: 2-6 us).
SEARCH_SECONDS = 4e-6


#: Values of those that could hold a match probed before a pattern runs over all of them.
PROBE_VALUES = 32


def _pattern_test(values: pa.Array, shapes: ValueShapes, pattern: str, needs: Needs) -> np.ndarray:
    """The regex run only on the values whose shape could hold a match, and not even on
    those when a spread probe of them all match (a column of emails, of UUIDs): then they
    are all taken as candidates, as validation searches each value it checks anyway."""
    rows = np.arange(len(values)) if needs.is_empty else np.flatnonzero(needs.mask(shapes, values))
    mask = np.zeros(len(values), bool)
    if len(rows) > PROBE_VALUES:
        probe = rows[spread_sample(len(rows), PROBE_VALUES)]
        if match_anywhere(values.take(pa.array(probe)), pattern).all():
            mask[rows] = True
            return mask
    if len(rows) == len(values):
        return match_anywhere(values, pattern)
    if len(rows):
        mask[rows[match_anywhere(values.take(pa.array(rows)), pattern)]] = True
    return mask


def match_anywhere(values: pa.Array, pattern: str) -> np.ndarray:
    """Boolean mask (numpy) of the ``values`` holding a match of the RE2 ``pattern``:
    ``pyarrow.compute`` over many values, a cached compiled pattern over a few."""
    if len(values) <= _few_values(pattern):
        search = _compiled_pattern(pattern).search
        return np.array([v is not None and search(v) is not None for v in values.to_pylist()], bool)
    return pc.match_substring_regex(values, pattern).to_numpy(zero_copy_only=False)


@lru_cache(maxsize=256)
def _compiled_pattern(pattern: str) -> re2._Regexp:
    return re2.compile(pattern)


@lru_cache(maxsize=256)
def _few_values(pattern: str) -> int:
    """How many values are searched sooner one by one than in one pyarrow call, which
    compiles the pattern each time (0.1 ms for most, 1-3 ms for the street and user agent
    patterns): that call's cost on one value, the lesser of two measures (the first call of a
    process pays pyarrow's own warm-up), in searches."""
    probe = pa.array([""])
    costs = []
    for _ in range(2):
        started = time.perf_counter()
        pc.match_substring_regex(probe, pattern)
        costs.append(time.perf_counter() - started)
    return min(4096, max(16, int(min(costs) / SEARCH_SECONDS)))


@dataclass(frozen=True)
class Signal:
    """One reason behind a verdict, for the report's ``detectors`` list."""

    detector: str
    kind: str  # "pattern", "column_name", "ner", "profile", "lookup"
    detail: str = ""


@dataclass(frozen=True)
class Evidence:
    """What one detector found for one category in one field (mergeable across batches).

    ``matches``: values holding at least one valid match; ``full_matches``: values that are
    entirely the entity (a column of emails rather than text mentioning one); ``scanned``:
    non-empty values examined; ``name_signal``: 0..1 from the field name.
    """

    category: str
    detector: str
    matches: int
    scanned: int
    full_matches: int = 0
    name_signal: float = 0.0
    examples: tuple[str, ...] = ()
    signals: tuple[Signal, ...] = ()
    #: For detectors whose content signal cannot stand alone (a UUID is a device ID only in a
    #: field named for devices): without a name signal the evidence scores zero.
    requires_name: bool = False
    #: Set by detectors that judge on a sample only (NER); ``--full`` keeps it sampled.
    sampled: bool = False
    #: The counts were extrapolated from validating a sample of the candidates.
    estimated: bool = False

    def merge(self, other: Evidence) -> Evidence:
        if (other.category, other.detector) != (self.category, self.detector):
            raise ValueError("evidence of different categories or detectors cannot merge")
        examples = self.examples + tuple(e for e in other.examples if e not in self.examples)
        signals = self.signals + tuple(s for s in other.signals if s not in self.signals)
        return replace(
            self,
            matches=self.matches + other.matches,
            scanned=self.scanned + other.scanned,
            full_matches=self.full_matches + other.full_matches,
            name_signal=max(self.name_signal, other.name_signal),
            examples=examples[:MAX_EXAMPLES],
            signals=signals,
            # Content that stands alone in any batch (a MAC among device IDs) stands for all.
            requires_name=self.requires_name and other.requires_name,
            sampled=self.sampled or other.sampled,
            estimated=self.estimated or other.estimated,
        )


@dataclass(frozen=True)
class ScoringSettings:
    """Thresholds that turn evidence into a confidence. Defaults are documented in README."""

    min_confidence: float = 0.5
    #: A value-level signal needs at least this many matching values ...
    min_matches: int = 2
    #: ... and text mentions count fully once this share of values holds one.
    text_share_saturation: float = 0.30
    #: Below this share of values, mentions in text are strays, whatever their count.
    min_text_share: float = 0.005
    #: Weight of the column-name signal in closing the gap to 1.0.
    name_weight: float = 0.5
    use_name_signals: bool = True
    use_content_signals: bool = True


@dataclass(frozen=True)
class ScoreParts:
    """How a confidence was made: from the values (``content``, and whether they *are* the
    entity or text *mentions* it) and from the field's name (``name_boost``)."""

    content: float
    name_boost: float
    confidence: float
    basis: str  # "whole values", "values with a match", "name only", "too few", ...

    def explain(self) -> str:
        if self.basis in ("too few", "name required"):
            return f"{self.basis}: {self.confidence:.2f}"
        text = f"{self.basis} {self.content:.2f}"
        if self.name_boost:
            text += f" + column name {self.name_boost:.2f}"
        return f"{text} = {self.confidence:.2f}"


def score_parts(ev: Evidence, settings: ScoringSettings = ScoringSettings()) -> ScoreParts:
    """The parts of :func:`score`, for explaining a verdict."""
    if ev.scanned <= 0 or ev.matches <= 0:
        return ScoreParts(0.0, 0.0, 0.0, "too few")
    name = ev.name_signal if settings.use_name_signals else 0.0
    if ev.requires_name and name <= 0:
        return ScoreParts(0.0, 0.0, 0.0, "name required")
    if not settings.use_content_signals:
        return ScoreParts(0.0, round(name * 0.9, 3), round(name * 0.9, 3), "name only")
    full_share = ev.full_matches / ev.scanned
    share = ev.matches / ev.scanned
    enough = (ev.matches >= settings.min_matches and share >= settings.min_text_share) or (
        ev.matches == ev.scanned
    )
    text = 0.0
    if enough:
        text = 0.5 + 0.4 * min(1.0, share / settings.text_share_saturation)
    content = max(full_share, text) if enough or full_share >= 0.5 else full_share * 0.5
    basis = "whole values" if content == full_share else "values with a match"
    if content < 0.2:
        # The name alone never labels a field: `client_ip` with one IP in 100 rows is no IP
        # column.
        return ScoreParts(round(content, 3), 0.0, round(content, 3), "too few")
    boost = (1.0 - content) * settings.name_weight * name
    conf = round(min(1.0, content + boost), 3)
    return ScoreParts(round(content, 3), round(conf - round(content, 3), 3), conf, basis)


def score(ev: Evidence, settings: ScoringSettings = ScoringSettings()) -> float:
    """Confidence in [0, 1] that the field holds ``ev.category``.

    Content: the share of non-empty values that *are* the entity (a column of emails), or,
    for text that *mentions* it, 0.5 rising to 0.9 as the share of values with a mention
    reaches ``text_share_saturation`` — and nothing below ``min_matches`` values, so one stray
    hit never labels a column. The name signal then closes part of the remaining gap, but
    only when the content has some weight of its own.
    """
    return score_parts(ev, settings).confidence


class Detector(ABC):
    """Base class of every detector.

    Subclasses declare ``name``, ``categories`` and ``name_keywords`` (column-name tokens that
    signal their category) and implement :meth:`detect`. Detectors are stateless apart from
    shared, lazily loaded resources, so one instance serves every field.
    """

    name: ClassVar[str]
    #: Categories this detector can report (fideslang keys).
    categories: ClassVar[tuple[str, ...]]
    #: Column-name tokens (or token sequences joined by "_") that signal the category.
    name_keywords: ClassVar[tuple[str, ...]] = ()
    #: Tokens that cancel the name signal (``ip`` in ``zip`` is no IP; ``hire_date``).
    name_negative: ClassVar[tuple[str, ...]] = ()
    #: Whether integer columns are worth looking at (card numbers, phones stored as ints).
    accepts_numeric: ClassVar[bool] = False
    #: Whether temporal columns are worth looking at (dates of birth).
    accepts_temporal: ClassVar[bool] = False
    #: Judge a field once, on a sample of its first batch (expensive models such as NER).
    sample_only: ClassVar[bool] = False
    #: Evidence counts only in fields whose name signals the category (digits-only phones).
    requires_name: ClassVar[bool] = False

    def name_signal(self, f: FieldData) -> float:
        """1.0 when the field's last segment names the category, 0.6 when an earlier path
        segment does and the last one is generic (``phone.number``), 0 otherwise (or when a
        negative token is present)."""
        return keyword_signal(f, self.name_keywords, self.name_negative)

    def applies_to(self, f: FieldData) -> bool:
        if f.is_numeric:
            return self.accepts_numeric
        if f.is_temporal:
            return self.accepts_temporal
        return f.arrow_type in ("string", "large_string", "utf8", "large_utf8", "string_view")

    def name_signal_if_applicable(self, f: FieldData) -> float | None:
        """``f``'s name signal when ``f`` is worth judging: it has values, of a type this
        detector reads, and the name signal that :attr:`requires_name` asks for. Else None."""
        if not len(f.values) or not self.applies_to(f):
            return None
        name = self.name_signal(f)
        if self.requires_name and name <= 0:
            return None
        return name

    @abstractmethod
    def detect(self, f: FieldData) -> list[Evidence]:
        """Return evidence for each category found in ``f`` (empty when none)."""

    def column_name_signals(self, f: FieldData, name: float) -> tuple[Signal, ...]:
        """The ``column_name`` signal for evidence whose field name signalled (``name > 0``);
        empty otherwise."""
        return (Signal(self.name, "column_name", f.name),) if name else ()

    def field_evidence(
        self,
        f: FieldData,
        tally: Tally,
        *,
        category: str,
        name: float,
        signals: tuple[Signal, ...],
        requires_name: bool = False,
    ) -> Evidence:
        """Evidence of ``category`` in all of ``f``'s values, counted by ``tally``."""
        return Evidence(
            category=category,
            detector=self.name,
            matches=tally.matches,
            scanned=len(f.values),
            full_matches=tally.full_matches,
            name_signal=name,
            examples=tally.examples,
            signals=signals,
            requires_name=requires_name,
            estimated=tally.estimated,
        )


class SingleCategoryDetector(Detector):
    """A detector of one category: subclasses declare ``category`` and ``categories``
    follows from it."""

    category: ClassVar[str]

    @classmethod
    def __init_subclass__(cls, **kw: object) -> None:
        super().__init_subclass__(**kw)
        if getattr(cls, "category", None) and "categories" not in cls.__dict__:
            cls.categories = (cls.category,)


def keyword_signal(f: FieldData, keywords: Sequence[str], negative: Sequence[str] = ()) -> float:
    """Column-name signal shared by detectors: multi-token keywords (``date_of_birth``) match
    consecutive tokens. A name written as one lower-case word that starts with a qualifier
    (``billingcity``, ``shippingaddress``) is also read as two (``billing_city``), but only to
    find a keyword: negatives are looked for in the name as written and as split."""
    if not keywords:
        return 0.0
    tokens, leaf = f.tokens, f.leaf_tokens
    split, split_leaf = f.split_tokens, f.split_leaf_tokens
    if _has_any(tokens, negative) or _has_any(split, negative):
        return 0.0
    for whole, last in ((tokens, leaf), (split, split_leaf)):
        if _has_any(last, keywords):
            return 1.0
        if set(last) <= _GENERIC_LEAVES and _has_any(whole, keywords):
            return 0.6
    return 0.0


#: Words that qualify a field and are often glued to it in lower-case names
#: (``billingcity``, ``homephone``, ``customeremail``).
_QUALIFIERS = frozenset((
    "billing", "shipping", "mailing", "delivery", "home", "work", "office", "business",
    "personal", "primary", "secondary", "alt", "alternate", "emergency", "contact", "customer",
    "client", "owner", "parent", "guardian", "patient", "member", "employee", "invoice",
    "permanent", "current", "previous", "registered", "residential", "private", "company",
))  # fmt: skip


def split_compounds(tokens: Sequence[str]) -> tuple[str, ...]:
    """``tokens`` with each that is a qualifier glued to a word of three letters or more split
    in two: ``("billingcity",)`` -> ``("billing", "city")``."""
    out: list[str] = []
    for token in tokens:
        head = next(
            (q for q in _QUALIFIERS if token.startswith(q) and len(token) - len(q) >= 3), None
        )
        out += [head, token[len(head) :]] if head else [token]
    return tuple(out)


#: Leaf names that say nothing by themselves, so the parent path speaks for them
#: (``phone.number``, ``contact.value``); any other leaf speaks for itself
#: (``workplace_info.position`` is a job title, not an organisation).
_GENERIC_LEAVES = frozenset((
    "value", "values", "number", "num", "no", "text", "data", "raw", "str", "string",
    "primary", "main", "current", "1", "2", "v", "val", "address", "addr", "full",
    "formatted", "display", "label",
))  # fmt: skip


def _has_any(tokens: Sequence[str], keywords: Iterable[str]) -> bool:
    joined = "_" + "_".join(tokens) + "_"
    return any(f"_{k}_" in joined for k in keywords)


#: A candidate value, and one hit in it, as a detector's finder sees them.
V = TypeVar("V")
H = TypeVar("H")


@dataclass(frozen=True)
class Tally:
    """What validating a field's candidate values found.

    ``matches``: values holding at least one real match; ``full_matches``: values that are
    one match, whole; ``examples``: up to ``MAX_EXAMPLES`` distinct masked matches.
    """

    matches: int = 0
    full_matches: int = 0
    examples: tuple[str, ...] = ()
    estimated: bool = False

    def extrapolated(self, candidates: int, checked: int) -> Tally:
        """The counts scaled from the ``checked`` values validated to all ``candidates``
        (validation stops at :attr:`FieldData.max_validated` values)."""
        if checked >= candidates:
            return self
        scale = candidates / checked
        return replace(
            self,
            matches=round(self.matches * scale),
            full_matches=round(self.full_matches * scale),
            estimated=True,
        )


def spread_sample(n: int, k: int) -> list[int]:
    """At most ``k`` indices spread over ``range(n)``, all of them when ``n <= k``: the
    candidates to validate. One index at a random place in each of ``k`` equal stretches:
    drawn from the whole batch rather than its head (sorted data keeps one kind of value
    there), and not at a fixed step, which data alternating with the same period would
    fool. Seeded by ``n`` and ``k``, so a rescan validates the same values."""
    if n <= k:
        return list(range(n))
    step = n / k
    offsets = np.random.default_rng(n * 7919 + k).random(k)
    return [min(n - 1, int((i + offset) * step)) for i, offset in enumerate(offsets)]


def tally_hits(
    values: Iterable[V],
    find: Callable[[V], Sequence[H]],
    mask: Callable[[H], str],
    is_whole: Callable[[V, Sequence[H]], bool],
) -> Tally:
    """Validate candidate values one by one, in Python.

    ``find`` returns a value's real hits (empty when it holds none), ``is_whole`` says
    whether those hits make the value one entity, whole, and ``mask`` masks a value's first
    hit for an example.
    """
    matches = full = 0
    examples: list[str] = []
    # Columns repeat values (user agents, request paths, statuses): validate each once.
    seen: dict[V, Sequence[H]] = {}
    for value in values:
        hits = seen.get(value)
        if hits is None:
            hits = seen[value] = find(value)
        if not hits:
            continue
        matches += 1
        if is_whole(value, hits):
            full += 1
        if len(examples) < MAX_EXAMPLES:
            masked = mask(hits[0])
            if masked not in examples:
                examples.append(masked)
    return Tally(matches, full, tuple(examples))


def masked_examples(values: Iterable[str], mask: Callable[[str], str]) -> tuple[str, ...]:
    """Up to ``MAX_EXAMPLES`` distinct masked ``values``, in order."""
    examples: list[str] = []
    for value in values:
        masked = mask(value)
        if masked not in examples:
            examples.append(masked)
        if len(examples) == MAX_EXAMPLES:
            break
    return tuple(examples)


def valid_entities(compiled: re2._Regexp, value: str, validate: Callable[[str], bool]) -> list[str]:
    """The entities of ``compiled``'s matches in ``value`` that ``validate`` accepts. A match's
    entity is its group ``v`` when the pattern has one, else the whole match."""
    return [e for e in map(_entity, compiled.finditer(value)) if validate(e)]


def valid_spans(
    compiled: re2._Regexp, text: str, validate: Callable[[str], bool]
) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` in ``text`` of the entities of ``compiled``'s matches
    that ``validate`` accepts: the span of group ``v`` when the pattern has one and it took
    part in the match, else of the whole match (the same entities as :func:`valid_entities`)."""
    group = compiled.groupindex.get("v")
    out = []
    for m in compiled.finditer(text):
        start, end = m.span(group) if group is not None else (-1, -1)
        if start < 0:
            start, end = m.span()
        if validate(text[start:end]):
            out.append((start, end))
    return out


def _entity(m: re2._Match) -> str:
    try:
        v = m.group("v")
    except (IndexError, KeyError, re2.error):
        v = None
    return v if v is not None else m.group(0)


def declared_needs(pattern: PatternDetector | PatternKind) -> Needs:
    """The :class:`Needs` a pattern's declarations add up to (``prefilter``, ``min_*``,
    ``needs_letter``, ``or_needs``)."""
    return Needs(
        literals=pattern.prefilter,
        digit_run=pattern.min_digit_run,
        hex_run=pattern.min_hex_run,
        hex_block=pattern.min_hex_block,
        counts=pattern.min_counts,
        letter=pattern.needs_letter,
        or_else=pattern.or_needs,
    )


class PatternDetector(SingleCategoryDetector):
    """A detector that is mostly declarations: an RE2 pattern, an optional literal prefilter,
    an optional ``validate`` hook run only on candidate matches, and a masking function.

    The whole column is filtered with ``pyarrow.compute`` (the literal prefilter, then the RE2
    pattern); Python only sees candidate values, and only when ``validate`` is overridden or
    examples are needed.
    """

    #: RE2 pattern of one entity (no anchors, no look-arounds). Group 0 is the entity unless
    #: the pattern has a group named ``v``.
    pattern: ClassVar[str]
    #: Literal substrings of which at least one must occur (cheap filter before the regex).
    prefilter: ClassVar[tuple[str, ...]] = ()
    #: Digits a match has in one stretch of digits and separators (a card number 13).
    min_digit_run: ClassVar[int] = 0
    #: Hex digits a match has in one stretch of hex digits, ``:``, ``-`` and ``.``.
    min_hex_run: ClassVar[int] = 0
    #: Hex digits a match has in one block with nothing between them.
    min_hex_block: ClassVar[int] = 0
    #: Other characters a value needs, ``(chars, at least)``: what every match contains.
    min_counts: ClassVar[tuple[CharCount, ...]] = ()
    #: Whether every match holds a letter (ASCII, or a non-ASCII character).
    needs_letter: ClassVar[bool] = False
    #: A second way a value may qualify, when the pattern has two forms.
    or_needs: ClassVar[Needs | None] = None

    @cached_property
    def needs(self) -> Needs:
        """What a value must hold before the pattern is tried (see :class:`Needs`)."""
        return declared_needs(self)

    @cached_property
    def _compiled(self) -> re2._Regexp:
        return re2.compile(self.pattern)

    def validate(self, match: str) -> bool:
        """Return whether a candidate match is real (checksum, range, parse). Default: yes."""
        return True

    def mask(self, match: str) -> str:
        """Mask a match for an example. Default: keep the first character and separators."""
        from detectors.masking import mask_generic

        return mask_generic(match)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans ``(start, end)`` of the validated entities in one ``text``, in
        order: for span-level evaluation and callers that need positions. Detection itself
        never calls it."""
        return valid_spans(self._compiled, text, self.validate)

    def candidates(self, f: FieldData) -> pa.Array:
        """Values of ``f`` that contain a candidate match, by whole-column compute."""
        return f.pattern_matches(self.pattern, self.needs)

    def detect(self, f: FieldData) -> list[Evidence]:
        name = self.name_signal_if_applicable(f)
        if name is None:
            return []
        cands = self.candidates(f)
        if not len(cands):
            return []
        checked = cands.take(pa.array(spread_sample(len(cands), f.max_validated), pa.int64()))
        tally = tally_hits(
            checked.to_pylist(),
            find=lambda value: valid_entities(self._compiled, value, self.validate),
            mask=self.mask,
            is_whole=lambda value, found: len(found) == 1 and found[0] == value,
        ).extrapolated(len(cands), len(checked))
        if not tally.matches:
            return []
        return [
            self.field_evidence(
                f,
                tally,
                category=self.category,
                name=name,
                signals=(Signal(self.name, "pattern"), *self.column_name_signals(f, name)),
                requires_name=self.requires_name,
            )
        ]


@dataclass(frozen=True)
class PatternKind:
    """One form of a :class:`MultiPatternDetector`'s entity (a MAC address, an IMEI written
    ``IMEI: ...``) with its own RE2 pattern, prefilter and need for a column-name signal."""

    #: Short name reported in the evidence's signals (``Signal(kind="pattern", detail=label)``).
    label: str
    #: RE2 pattern; group ``v``, when present, is the entity (the rest is context/boundary).
    pattern: str
    prefilter: tuple[str, ...] = ()
    #: Digits a match has in one stretch of digits and separators: the fewest it takes.
    min_digit_run: int = 0
    #: Hex digits a match has in one stretch of hex digits, ``:``, ``-`` and ``.``.
    min_hex_run: int = 0
    #: Hex digits a match has in one block with nothing between them.
    min_hex_block: int = 0
    #: Other characters a value needs, ``(chars, at least)``: what every match contains.
    min_counts: tuple[CharCount, ...] = ()
    #: Whether every match holds a letter (ASCII, or a non-ASCII character).
    needs_letter: bool = False
    #: A second way a value may qualify, when the pattern has two forms.
    or_needs: Needs | None = None
    #: Counted only in fields whose name signals the detector's category ...
    requires_name: bool = False
    #: ... or, when given, only in fields whose name holds one of these keywords.
    name_keywords: tuple[str, ...] = ()

    @property
    def needs_name(self) -> bool:
        return self.requires_name or bool(self.name_keywords)

    @cached_property
    def needs(self) -> Needs:
        """What a value must hold before the pattern is tried (see :class:`Needs`)."""
        return declared_needs(self)

    @cached_property
    def compiled(self) -> re2._Regexp:
        return re2.compile(self.pattern)


class MultiPatternDetector(SingleCategoryDetector):
    """A :class:`PatternDetector` for a category written in several forms (device IDs: MACs,
    IMEIs, advertising IDs). Each :class:`PatternKind` filters the column on its own; a value
    counts once however many kinds match it, and the field gets one :class:`Evidence` whose
    signals name the kinds found. The evidence requires a name signal only when every kind
    found does.
    """

    kinds: ClassVar[tuple[PatternKind, ...]]
    #: Share of candidate values that must validate, else none count: a column of numbers of
    #: which a tenth pass a Luhn check by chance is a column of numbers, not of cards.
    min_valid_share: ClassVar[float] = 0.0

    def active_kinds(self, f: FieldData, name: float) -> tuple[PatternKind, ...]:
        """Kinds worth running on ``f`` given its name signal ``name``."""
        return tuple(
            k
            for k in self.kinds
            if (not k.requires_name or name > 0)
            and (not k.name_keywords or keyword_signal(f, k.name_keywords) > 0)
        )

    def validate(self, kind: PatternKind, match: str) -> bool:
        """Return whether a candidate match of ``kind`` is real. Default: yes."""
        return True

    def mask(self, kind: PatternKind, match: str) -> str:
        from detectors.masking import mask_generic

        return mask_generic(match)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans ``(start, end)`` of the validated entities in one ``text``, sorted
        and without repeats, from every kind that stands without a field name (kinds that
        need one, such as bare digits in a ``phone`` field, have no field here). For
        span-level evaluation; detection itself never calls it."""
        found: set[tuple[int, int]] = set()
        for kind in self.kinds:
            if kind.needs_name:
                continue
            if kind.prefilter and not any(p in text for p in kind.prefilter):
                continue
            found.update(
                valid_spans(kind.compiled, text, lambda entity, k=kind: self.validate(k, entity))
            )
        return sorted(found)

    def _found(self, kind: PatternKind, value: str) -> list[str]:
        return valid_entities(kind.compiled, value, lambda entity: self.validate(kind, entity))

    def detect(self, f: FieldData) -> list[Evidence]:
        name = self.name_signal_if_applicable(f)
        if name is None:
            return []
        kinds = self.active_kinds(f, name)
        if not kinds:
            return []
        # Per kind, which rows hold a candidate of it (whole-column compute).
        per_kind = [(k, f.pattern_mask(k.pattern, k.needs)) for k in kinds]
        rows = np.flatnonzero(np.logical_or.reduce([m for _, m in per_kind]))
        if not len(rows):
            return []
        checked = rows[spread_sample(len(rows), f.max_validated)].tolist()
        values = f.values.take(pa.array(checked, pa.int64())).to_pylist()
        # The kinds that found something, in the order first found (an ordered set).
        found_kinds: dict[PatternKind, None] = {}

        def find(row_value: tuple[int, str]) -> list[tuple[PatternKind, str]]:
            row, value = row_value
            found = [
                (kind, entity)
                for kind, kind_rows in per_kind
                if kind_rows[row]
                for entity in self._found(kind, value)
            ]
            found_kinds.update(dict.fromkeys(kind for kind, _ in found))
            return found

        tally = tally_hits(
            zip(checked, values, strict=True),
            find=find,
            mask=lambda hit: self.mask(*hit),
            # A value that is one entity, whole, is a column of them; text only mentions one.
            is_whole=lambda row_value, found: any(entity == row_value[1] for _, entity in found),
        )
        if not tally.matches or tally.matches < self.min_valid_share * len(checked):
            return []
        return [
            self.field_evidence(
                f,
                tally.extrapolated(len(rows), len(checked)),
                category=self.category,
                name=name,
                signals=tuple(
                    dict.fromkeys(Signal(self.name, "pattern", k.label) for k in found_kinds)
                )
                + self.column_name_signals(f, name),
                requires_name=all(k.needs_name for k in found_kinds),
            )
        ]

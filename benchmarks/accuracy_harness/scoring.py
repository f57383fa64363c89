"""Column-level scoring of findings against labels.

The unit is a field: ``(store, location, field)``. A label lists the fideslang categories a
field holds; a prediction is a category piiscan reported for it (at or above its minimum
confidence). The matching rule:

- a prediction ``p`` at a field is **correct** when some ``user.*`` label ``g`` of that field
  is on the same line of descent: ``covers(g, p) or covers(p, g)`` (``user.contact.address``
  for a street column, ``user.financial.credit_card`` for a ``user.financial`` one);
- otherwise, when ``p`` is on the line of descent of one of the field's ``accept``
  categories (a label's "also fine, not required" list), it is **accepted**: neither right
  nor wrong, listed but left out of precision;
- otherwise it is a **false positive**; on a field labelled as a trap it is also a trap FP;
- a label ``g`` is **found** when some prediction at that field is on its line of descent,
  and a **false negative** otherwise, except that a label no detector can ever report is
  *not detectable by design* and is listed instead of being scored: the root ``user``
  (it names no kind of data) and every key with no emitted category on its line of descent
  (``user.unique_id``, ``user.sensor``, ``user.job_title``, ``user.location.*``, ...);
- labels outside ``user`` (``system.operations``) say the field holds no personal data: it
  counts as a negative;
- a prediction at a field the labels never mention is a false positive in a store whose
  labels are ``complete``, and *unlabelled* (listed, not scored) otherwise.

Per category, precision counts predictions of that category and recall counts labels of that
category, so a street column found as ``user.contact.address`` adds a correct prediction to
``user.contact.address`` and a found label to ``user.contact.address.street``. A labelled
category that is never predicted by its own key (a broad label such as ``user.financial``)
takes its precision from the predictions of its related categories.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from scanner.taxonomy import covers

#: (store, location, field)
FieldKey = tuple[str, str, str]

PERSONAL_ROOT = "user"


@dataclass(frozen=True)
class FieldLabel:
    """What one field holds: ``categories`` (empty: nothing personal), ``accept``
    (categories a finding may also name without being wrong, not required) and ``trap``
    (why the field looks personal although it is not; empty for ordinary fields)."""

    categories: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    trap: str = ""


@dataclass(frozen=True)
class StoreLabels:
    """The labels of one store, keyed by ``(location, field)``. ``complete``: every field
    not listed holds nothing personal (else such fields are left unscored)."""

    store: str
    fields: Mapping[tuple[str, str], FieldLabel]
    complete: bool


@dataclass(frozen=True)
class Outcome:
    """One judged (field, category) pair. ``kind`` is one of ``correct``, ``found``,
    ``false_positive``, ``false_negative``, ``accepted``, ``unlabelled``, ``undetectable``,
    or ``negative`` (a labelled field that holds nothing personal; ``category`` empty)."""

    kind: str
    store: str
    location: str
    field: str
    category: str
    labels: tuple[str, ...] = ()
    trap: str = ""


@dataclass(frozen=True)
class CategoryScore:
    """Counts for one category: ``labelled``/``found`` on the recall side,
    ``predicted``/``correct`` on the precision side."""

    category: str
    labelled: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0
    #: Predictions of related categories (ancestors, descendants), for a category nobody
    #: predicts by its own key (``user.financial`` found as ``user.financial.credit_card``).
    related_predicted: int = 0
    related_correct: int = 0

    @property
    def false_negatives(self) -> int:
        return self.labelled - self.found

    @property
    def false_positives(self) -> int:
        return self.predicted - self.correct

    @property
    def precision(self) -> float | None:
        if self.predicted:
            return self.correct / self.predicted
        if self.found and self.related_predicted:
            return self.related_correct / self.related_predicted
        return None

    @property
    def recall(self) -> float | None:
        return self.found / self.labelled if self.labelled else None

    @property
    def f1(self) -> float | None:
        return f1(self.precision, self.recall)


def f1(precision: float | None, recall: float | None) -> float | None:
    """Harmonic mean; ``None`` when either side is undefined (nothing predicted or labelled),
    0 when either is 0. A category with labels but no predictions has recall 0 and F1 0
    (its precision is undefined, so it is taken as 0 here)."""
    if recall is None:
        return None
    precision = 0.0 if precision is None else precision
    if precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


@dataclass(frozen=True)
class Score:
    """Per-category counts, every judged outcome, and the micro/macro summaries."""

    categories: tuple[CategoryScore, ...]
    outcomes: tuple[Outcome, ...] = field(default=(), repr=False)

    def of(self, kind: str) -> list[Outcome]:
        """The outcomes of one kind, in field order."""
        return [o for o in self.outcomes if o.kind == kind]

    @property
    def trap_false_positives(self) -> list[Outcome]:
        return [o for o in self.of("false_positive") if o.trap]

    @property
    def micro_precision(self) -> float | None:
        predicted = sum(c.predicted for c in self.categories)
        return sum(c.correct for c in self.categories) / predicted if predicted else None

    @property
    def micro_recall(self) -> float | None:
        labelled = sum(c.labelled for c in self.categories)
        return sum(c.found for c in self.categories) / labelled if labelled else None

    @property
    def micro_f1(self) -> float | None:
        return f1(self.micro_precision, self.micro_recall)

    @property
    def macro_f1(self) -> float | None:
        """Mean F1 over the categories that have at least one detectable label (a category
        that was only ever predicted has no recall; its false positives weigh in micro)."""
        scores = [c.f1 for c in self.categories if c.labelled]
        return sum(s for s in scores if s is not None) / len(scores) if scores else None


def related(a: str, b: str) -> bool:
    """True when one key covers the other: they are on the same line of descent."""
    return covers(a, b) or covers(b, a)


def is_personal(category: str) -> bool:
    return covers(PERSONAL_ROOT, category)


def detectable(category: str, emitted: Collection[str]) -> bool:
    """True when some emitted category is on ``category``'s line of descent, and the label
    names a kind of data (the bare root ``user`` does not)."""
    return category != PERSONAL_ROOT and any(related(category, e) for e in emitted)


def score(
    stores: Iterable[StoreLabels],
    predictions: Mapping[FieldKey, Collection[str]],
    emitted: Collection[str],
) -> Score:
    """Judge ``predictions`` against the labels of ``stores`` (see the module docstring for
    the matching rule). ``emitted`` is every category the detectors can report. Predictions
    for a store not in ``stores`` are unlabelled."""
    gold: dict[FieldKey, FieldLabel] = {}
    complete: dict[str, bool] = {}
    for s in stores:
        complete[s.store] = s.complete
        for (loc, name), label in s.fields.items():
            gold[(s.store, loc, name)] = label

    outcomes: list[Outcome] = []
    for key in sorted(set(gold) | set(predictions)):
        preds = sorted(set(predictions.get(key, ())))
        label = gold.get(key)
        if label is None and not complete.get(key[0], False):
            outcomes += [Outcome("unlabelled", *key, p) for p in preds]
            continue
        listed = label is not None
        outcomes += judge_field(
            key, label if listed else FieldLabel(), preds, emitted, listed=listed
        )

    labelled: Counter[str] = Counter()
    found: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    correct: Counter[str] = Counter()
    for o in outcomes:
        if o.kind in ("correct", "false_positive"):
            predicted[o.category] += 1
            correct[o.category] += o.kind == "correct"
        elif o.kind in ("found", "false_negative"):
            labelled[o.category] += 1
            found[o.category] += o.kind == "found"
    cats = sorted(set(labelled) | set(predicted))

    def related_counts(c: str) -> tuple[int, int]:
        if predicted[c]:
            return 0, 0
        near = [p for p in predicted if related(p, c)]
        return sum(predicted[p] for p in near), sum(correct[p] for p in near)

    return Score(
        categories=tuple(
            CategoryScore(c, labelled[c], found[c], predicted[c], correct[c], *related_counts(c))
            for c in cats
        ),
        outcomes=tuple(outcomes),
    )


def judge_field(
    key: FieldKey,
    label: FieldLabel,
    preds: Iterable[str],
    emitted: Collection[str],
    *,
    listed: bool = True,
) -> list[Outcome]:
    """The outcomes of one field: each reported category judged against the field's labels,
    then each personal label found, missed or not detectable. ``listed``: the field is in
    the labels (only those are counted as negatives)."""
    personal = tuple(c for c in label.categories if is_personal(c))

    def outcome(kind: str, category: str) -> Outcome:
        return Outcome(kind, *key, category, label.categories, label.trap)

    out: list[Outcome] = []
    preds = list(preds)
    for p in preds:
        if any(related(p, g) for g in personal):
            out.append(outcome("correct", p))
        elif any(related(p, a) for a in label.accept):
            out.append(outcome("accepted", p))
        else:
            out.append(outcome("false_positive", p))
    if not personal and listed:
        out.append(outcome("negative", ""))
    for g in personal:
        if not detectable(g, emitted):
            out.append(outcome("undetectable", g))
        elif any(related(g, p) for p in preds):
            out.append(outcome("found", g))
        else:
            out.append(outcome("false_negative", g))
    return out

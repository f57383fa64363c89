"""Merge detector evidence into one verdict per field and category.

Evidence arrives per batch and per detector; it is merged across batches first (so ``--full``
counts every row), then scored, then the detectors that agree on a category are combined and
overlapping categories on the same field are resolved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from detectors.base import Evidence, ScoringSettings, score, score_parts
from scanner.model import DetectorSignal, FieldVerdict
from scanner.taxonomy import covers


@dataclass
class FieldEvidence:
    """Evidence gathered for the fields of one location, keyed by (field, category, detector)."""

    items: dict[tuple[str, str, str], Evidence] = field(default_factory=dict)
    #: Non-empty values read per field, over every batch.
    read: dict[str, int] = field(default_factory=dict)

    def add(self, field_name: str, evidence: Iterable[Evidence], read: int = 0) -> None:
        """Evidence for one batch of ``field_name``, whose non-empty values numbered
        ``read``: a batch in which no detector found anything still counts as read."""
        self.read[field_name] = self.read.get(field_name, 0) + read
        for ev in evidence:
            key = (field_name, ev.category, ev.detector)
            prev = self.items.get(key)
            self.items[key] = ev if prev is None else prev.merge(ev)

    def verdicts(self, location: str, scoring: ScoringSettings) -> list[FieldVerdict]:
        """Scored, combined and de-overlapped verdicts above ``scoring.min_confidence``."""
        grouped: dict[tuple[str, str], list[tuple[float, Evidence]]] = {}
        for (fname, category, _), ev in self.items.items():
            if not ev.sampled and self.read.get(fname, 0) > ev.scanned:
                # Judged on every value read, not only those of the batches with a match.
                ev = replace(ev, scanned=self.read[fname])
            grouped.setdefault((fname, category), []).append((score(ev, scoring), ev))
        out: list[tuple[FieldVerdict, Evidence]] = []
        for (fname, category), scored in grouped.items():
            scored.sort(key=lambda se: se[0], reverse=True)
            best_score, best = scored[0]
            agreeing = [s for s, _ in scored[1:] if s >= scoring.min_confidence]
            conf = best_score
            for s in agreeing:  # independent detectors agreeing raise confidence
                conf = 1.0 - (1.0 - conf) * (1.0 - s * 0.5)
            if conf < scoring.min_confidence:
                continue
            signals: list[DetectorSignal] = []
            for s, ev in scored:
                if s <= 0:
                    continue
                for sig in ev.signals:
                    ds = DetectorSignal(sig.detector, sig.kind, sig.detail)
                    if ds not in signals:
                        signals.append(ds)
                share = ev.matches / ev.scanned if ev.scanned else 0.0
                summary = DetectorSignal(
                    ev.detector,
                    "share",
                    f"{'~' if ev.estimated else ''}{ev.matches}/{ev.scanned} values ({share:.0%})"
                    + (" of a sample" if ev.sampled else "")
                    + f": {score_parts(ev, scoring).explain()}",
                )
                signals.append(summary)
            if agreeing:
                signals.append(
                    DetectorSignal(
                        "piiscan",
                        "confidence",
                        f"best {best_score:.2f} ({best.detector}), raised to {conf:.2f} by "
                        f"{len(agreeing)} agreeing detector(s)",
                    )
                )
            examples: list[str] = []
            for _, ev in scored:
                examples.extend(e for e in ev.examples if e not in examples)
            verdict = FieldVerdict(
                location=location,
                field=fname,
                category=category,
                confidence=round(min(conf, 1.0), 3),
                matches=best.matches,
                scanned=best.scanned,
                detectors=tuple(signals),
                examples=tuple(examples[:3]),
                sampled=best.sampled,
                estimated=best.estimated,
            )
            out.append((verdict, best))
        return [v for v, _ in _resolve_overlaps(out)]


def _resolve_overlaps(
    items: list[tuple[FieldVerdict, Evidence]],
) -> list[tuple[FieldVerdict, Evidence]]:
    """Drop a verdict that another verdict on the same field makes redundant or explains.

    - an ancestor category when a descendant explains most of its matches
      (``user.contact.address`` beside ``user.contact.address.city``);
    - a content-only verdict on values that another category claims whole with a field-name
      signal (an IMEI column also passes the card checksum: the ``imei`` name decides), or
      on the few values left beside them (a postal-code column with a code that parses as a
      phone number).
    """
    by_field: dict[str, list[tuple[FieldVerdict, Evidence]]] = {}
    for item in items:
        by_field.setdefault(item[0].field, []).append(item)
    kept: list[tuple[FieldVerdict, Evidence]] = []
    for group in by_field.values():
        for v, ev in group:
            redundant = any(_makes_redundant(w, wev, v, ev) for w, wev in group if w is not v)
            if not redundant:
                kept.append((v, ev))
    return sorted(kept, key=lambda item: (item[0].field, item[0].category))


def _makes_redundant(w: FieldVerdict, wev: Evidence, v: FieldVerdict, ev: Evidence) -> bool:
    """Whether verdict ``w`` makes ``v`` (on the same field) redundant."""
    if w.category != v.category and covers(v.category, w.category):
        # Only when the narrower category explains most of what the broader one matched:
        # a user-agent column (user.device) holding a stray IP stays a user-agent column.
        return w.matches >= 0.8 * v.matches
    if ev.name_signal or not (_claims_whole(wev) and wev.name_signal > 0):
        return False
    # ``w``'s column, named for it, is nearly all ``w``: values of ``v`` found there by
    # content alone are ``w``'s too, whether ``v`` claims them whole (an IMEI column also
    # passes the card checksum) or a few (postal codes like "01310-200" parse as phones).
    return _claims_whole(ev) or ev.matches <= (1 - _WHOLE_SHARE) * ev.scanned


#: Share of a field's values that are one entity, whole, for a detector to claim the field.
_WHOLE_SHARE = 0.8


def _claims_whole(ev: Evidence) -> bool:
    return ev.scanned > 0 and ev.full_matches / ev.scanned >= _WHOLE_SHARE

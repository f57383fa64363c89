"""No detector finds personal data in hostile free text: emoji with skin tones and family
sequences, right-to-left and bidi-override marks, zalgo, shell one-liners. Every detector of
the default registry, and the NER detector, runs on each mix of it the detector tests have
used and on all of it together, under free-text field names and under names that signal a
category."""

import pytest

from detectors.base import FieldData
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

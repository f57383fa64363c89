import pyarrow as pa
import pytest

from detectors.base import FieldData, score
from detectors.fields import as_strings
from detectors.gender import GenderDetector

DETECTOR = GenderDetector()

NOISY = [
    "great service 😀🎉👍🏽 will come back",
    "\u200fمرحبا بالعالم\u200f",
    "price \u202e 0021 \u202c total",
    "Z̵̢̛a̷̡͝l̸̨̛g̵̢͝o̸̧͝ ̷t̵e̸x̷t̸",
    "rm -rf /tmp/*; echo $HOME",
    "👨‍👩‍👧‍👦 family trip ✈️ 🇫🇷",
]


def field(name: str, values: list) -> FieldData:
    arr = pa.array(values)
    return FieldData(name, str(arr.type), as_strings(arr), len(arr), (name,))


def evidence(f: FieldData):
    found = DETECTOR.detect(f) if DETECTOR.applies_to(f) else []
    assert len(found) <= 1
    return found[0] if found else None


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("gender", ["Male", "Female", "Non-binary", "Prefer not to say", "other"]),
        ("sex", ["M", "F", "M", "F", "F"]),
        ("user.gender", ["männlich", "weiblich", "divers"]),
        ("genero", ["masculino", "femenino", "Hombre", "Mujer"]),
        ("sexe", ["homme", "femme", "H", "F"]),
        ("gender", ["NONBINARY", "unknown", "X", "U"]),
    ],
)
def test_gender_terms_in_a_gender_field(name, values):
    ev = evidence(field(name, values * 4))
    assert ev is not None and ev.requires_name
    assert ev.matches == ev.full_matches == len(values) * 4
    assert score(ev) >= 0.9


def test_iso_5218_codes_including_integer_columns():
    assert evidence(field("sex", [1, 2, 2, 1, 9, 0])) is not None
    assert evidence(field("gender", ["1", "2"])) is not None
    assert evidence(field("sex", [1, 2, 3, 4, 5, 6])) is None


def test_examples_hide_the_whole_value():
    ev = evidence(field("sex", ["M", "F", "Female"]))
    assert set(ev.examples) == {"*", "***"}


def test_t_shirt_sizes_are_not_gender():
    sizes = ["S", "M", "L", "XL", "XXL", "M", "L"]
    assert evidence(field("size", sizes)) is None
    assert evidence(field("shirt_size", sizes)) is None
    # Even under a gender-like name, sizes are not gender terms.
    assert evidence(field("gender", sizes)) is None


def test_a_gender_field_needs_nearly_every_value_to_be_a_term():
    assert evidence(field("gender", ["M", "F", "yes", "no", "maybe"] * 3)) is None
    assert evidence(field("sexual_orientation", ["Male", "Female"])) is None


def test_noisy_comments_give_no_evidence():
    for name in ("comment", "gender"):
        assert evidence(field(name, NOISY * 4)) is None

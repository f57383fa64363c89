import pytest

from detectors.base import score
from detectors.gender import GenderDetector
from tests.detectors.fieldkit import evidence, field

DETECTOR = GenderDetector()


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
    ev = evidence(DETECTOR, field(name, values * 4))
    assert ev is not None and ev.requires_name
    assert ev.matches == ev.full_matches == len(values) * 4
    assert score(ev) >= 0.9


def test_iso_5218_codes_including_integer_columns():
    assert evidence(DETECTOR, field("sex", [1, 2, 2, 1, 9, 0])) is not None
    assert evidence(DETECTOR, field("gender", ["1", "2"])) is not None
    assert evidence(DETECTOR, field("sex", [1, 2, 3, 4, 5, 6])) is None


def test_examples_hide_the_whole_value():
    ev = evidence(DETECTOR, field("sex", ["M", "F", "Female"]))
    assert set(ev.examples) == {"*", "***"}


def test_t_shirt_sizes_are_not_gender():
    sizes = ["S", "M", "L", "XL", "XXL", "M", "L"]
    assert evidence(DETECTOR, field("size", sizes)) is None
    assert evidence(DETECTOR, field("shirt_size", sizes)) is None
    # Even under a gender-like name, sizes are not gender terms.
    assert evidence(DETECTOR, field("gender", sizes)) is None


def test_a_gender_field_needs_nearly_every_value_to_be_a_term():
    assert evidence(DETECTOR, field("gender", ["M", "F", "yes", "no", "maybe"] * 3)) is None
    assert evidence(DETECTOR, field("sexual_orientation", ["Male", "Female"])) is None

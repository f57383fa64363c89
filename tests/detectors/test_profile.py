from typing import ClassVar

import pyarrow as pa

from detectors.profile import ProfileDetector, distinct_counts, fitting, is_categorical
from tests.detectors.fieldkit import field


class EvenCodes(ProfileDetector):
    """A toy profile: ``code`` fields of two-digit numbers, of which only even ones count."""

    name = "even_code"
    category = "user.test"
    name_keywords = ("code",)
    shape = r"\d{2}"
    min_share = 0.5
    max_validated: ClassVar[int] = 1000

    def plausible(self, value: str) -> bool:
        return int(value) % 2 == 0


def test_fitting_is_anchored():
    assert fitting(pa.array(["12", "123", "a12", "34"]), r"\d{2}").to_pylist() == ["12", "34"]


def test_distinct_counts_most_frequent_first():
    assert distinct_counts(pa.array(["b", "a", "b", "c", "b", "a"])) == [
        ("b", 3),
        ("a", 2),
        ("c", 1),
    ]


def test_categorical_means_few_values_repeated():
    assert is_categorical(field("x", ["a", "b", "c", "d", "e"] * 20))
    assert not is_categorical(field("x", ["a", "b", "c", "d", "e"]))
    assert not is_categorical(field("x", [str(i) for i in range(50)] * 2))


def test_share_gate_and_per_distinct_plausibility():
    ev = EvenCodes().detect(field("code", ["10", "12", "12", "13", "xx"]))[0]
    assert (ev.matches, ev.full_matches, ev.scanned) == (3, 3, 5)
    assert ev.category == "user.test" and ev.requires_name
    assert EvenCodes().detect(field("code", ["11", "13", "12", "xx"])) == []
    assert EvenCodes().detect(field("other", ["10", "12"])) == []


def test_plausibility_beyond_the_cap_is_extrapolated():
    detector = EvenCodes()
    detector.max_validated = 10  # type: ignore[misc]
    values = [str(n) for n in range(10, 100)] * 2
    ev = detector.detect(field("code", values))[0]
    assert ev.matches == 90  # half the 180 values, judged on the first ten distinct ones

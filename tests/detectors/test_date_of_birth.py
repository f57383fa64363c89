import datetime as dt

import pyarrow as pa
import pytest

from detectors.base import score
from detectors.date_of_birth import DateOfBirthDetector, is_birth_date, parse_dates
from tests.detectors.fieldkit import evidence, field

DETECTOR = DateOfBirthDetector()

FORMATS = [
    "1985-03-02", "03/02/1985", "2 March 1985", "02.03.1985", "19850302", "Mar 2 1985",
    "March 2, 1985", "02-MAR-85", "2nd of March 1985", "1985/03/02", "1972-11-30T00:00:00Z",
    "3 März 1990",
]  # fmt: skip
DATES = [dt.date(1950 + i, 1 + i % 12, 1 + i % 28) for i in range(40)]


def test_many_formats_parse_to_the_same_day():
    for text in ("1985-03-02", "2 March 1985", "19850302", "Mar 2 1985", "02-MAR-85"):
        assert dt.date(1985, 3, 2) in parse_dates(text)
    assert set(parse_dates("03/02/1985")) == {dt.date(1985, 3, 2), dt.date(1985, 2, 3)}
    assert parse_dates("13/13/1985") == [] and parse_dates("2 Foo 1985") == []


def test_only_plausible_ages_count():
    today = dt.date.today()
    assert is_birth_date("1985-03-02")
    assert not is_birth_date((today + dt.timedelta(days=1)).isoformat())
    assert not is_birth_date(f"{today.year - 121}-01-01")
    assert not is_birth_date("1899-12-31")


@pytest.mark.parametrize("name", ["dob", "date_of_birth", "birthDate", "customer.birthday"])
def test_a_birth_date_column_in_many_formats(name):
    ev = evidence(DETECTOR, field(name, FORMATS))
    assert ev is not None and ev.requires_name
    assert ev.matches == ev.full_matches == len(FORMATS)
    assert score(ev) >= 0.9


@pytest.mark.parametrize("type", [pa.date32(), pa.timestamp("us"), pa.timestamp("ms", "UTC")])
def test_temporal_birth_date_columns(type):
    values = (
        [dt.datetime(d.year, d.month, d.day) for d in DATES] if "timestamp" in str(type) else DATES
    )
    ev = evidence(DETECTOR, field("birth_date", values, arrow_type=type))
    assert ev is not None and ev.matches == len(DATES)
    assert all(e.startswith("1") and e[1:4] == "***" for e in ev.examples)
    assert ev.examples[0].startswith("1***-**-**")


@pytest.mark.parametrize("name", ["hire_date", "created_at", "order_date", "updated", "date"])
def test_the_same_dates_under_other_names_are_never_birth_dates(name):
    assert evidence(DETECTOR, field(name, DATES, arrow_type=pa.date32())) is None
    assert evidence(DETECTOR, field(name, [d.isoformat() for d in DATES])) is None


def test_implausible_dates_in_a_birth_field_do_not_count():
    today = dt.date.today()
    future = [(today + dt.timedelta(days=30 + i)).isoformat() for i in range(10)]
    assert evidence(DETECTOR, field("dob", future)) is None
    assert evidence(DETECTOR, field("dob", ["1800-01-01"] * 10)) is None
    assert evidence(DETECTOR, field("dob", ["n/a", "unknown", "1985-03-02"])) is None


@pytest.mark.parametrize("name", ["birth_place", "place_of_birth", "birth_country", "birth_weight"])
def test_birth_fields_that_are_not_dates(name):
    assert evidence(DETECTOR, field(name, ["1985-03-02", "1990-01-01"] * 3)) is None


def test_years_of_birth_and_compact_integer_dates():
    assert evidence(DETECTOR, field("yob", [1985, 1990, 2001, 1949])).matches == 4
    assert evidence(DETECTOR, field("birth_year", ["1985", "1990"])) is not None
    assert evidence(DETECTOR, field("yob", [1850, 3000, 2999])) is None
    assert evidence(DETECTOR, field("dob", [19850302, 19900101])) is not None
    assert evidence(DETECTOR, field("quantity", [19850302, 19900101])) is None


def test_birth_dates_mentioned_in_text():
    notes = [
        "Patient born on 2 March 1985, allergic to penicillin",
        "DOB: 03/02/1985",
        "date of birth 1972-11-30 confirmed by phone",
        "Geburtsdatum: 02.03.1985",
        "called back, no answer",
    ] * 4
    ev = evidence(DETECTOR, field("notes", notes))
    assert ev.matches == 16 and ev.full_matches == 0 and not ev.requires_name
    assert score(ev) >= 0.8
    assert all("1985" not in e and "1972" not in e for e in ev.examples)


def test_dates_in_text_without_a_birth_word_are_not_birth_dates():
    notes = ["hired on 2 March 1985", "order placed 03/02/1985", "born to run, released 1975"]
    assert evidence(DETECTOR, field("notes", notes * 4)) is None
    assert (
        evidence(DETECTOR, field("notes", ["born on 2 March 2999", "DOB: 1850-01-01"] * 4)) is None
    )

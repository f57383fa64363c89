import phonenumbers
import pyarrow as pa
import pytest

from detectors.base import score
from detectors.fields import fields_from_batch
from detectors.phone import PhoneNumberDetector, is_phone_number
from tests.detectors.fieldkit import evidence, field

DETECTOR = PhoneNumberDetector()

WRITTEN = [
    "+44 20 7946 0958",
    "(555) 123-4567",
    "555-123-4567",
    "+1.555.123.4567",
    "020 7946 0958",
    "+49 30 901820",
    "+14155552671",
    "(415)555-2671",
    "206.269.0743x9150",
    "+1-780-563-6083x7783",
    "+44(0)115 4960914",
    "+33 (0)1 41 63 60 83",
    "04 15 39 15 00",
    "001-745-563-6083",
]


def test_written_numbers_make_a_phone_column_whatever_its_name():
    ev = evidence(DETECTOR, field("contact", WRITTEN))
    assert ev.matches == ev.full_matches == len(WRITTEN)
    assert score(ev) >= 0.9
    assert not any(ch.isdigit() for e in ev.examples for ch in e)


@pytest.mark.parametrize("value", WRITTEN)
def test_each_written_format_is_a_phone_number(value):
    assert is_phone_number(value)


def test_bare_digits_count_only_under_a_phone_name():
    digits = ["5551234567", "14155552671", "2125550199", "+442079460958"]
    ev = evidence(DETECTOR, field("mobile", digits))
    assert ev.matches == 4 and score(ev) >= 0.9
    assert evidence(DETECTOR, field("order_id", digits[:3])) is None
    assert evidence(DETECTOR, field("id", digits[:3])) is None


def test_local_numbers_count_only_under_a_phone_name():
    local = ["785 8949", "449-4898", "329 7730"]
    ev = evidence(DETECTOR, field("home_phone", local))
    assert ev.matches == 3 and ev.requires_name
    assert evidence(DETECTOR, field("notes", local)) is None
    # Numbers that stand on their own keep the evidence standing without the name.
    ev = evidence(DETECTOR, field("home_phone", [*local, "+44 20 7946 0958", "555-123-4567"]))
    assert ev.matches == 5 and not ev.requires_name


def test_fields_about_phones_are_not_phone_numbers():
    epochs = [str(1617181920 + i * 86400) for i in range(10)]
    assert DETECTOR.name_signal(field("phone_verified_at", epochs)) == 0.0
    assert evidence(DETECTOR, field("phone_verified_at", epochs)) is None


def test_integer_phone_column_needs_the_name():
    table = pa.table(
        {
            "telephone": pa.array([5551234567, 14155552671, 2125550199], pa.int64()),
            "order_id": pa.array([5551234567, 14155552671, 2125550199], pa.int64()),
        }
    )
    phone, order = fields_from_batch(table)
    ev = evidence(DETECTOR, phone)
    assert ev.matches == 3 and score(ev) >= 0.9
    assert evidence(DETECTOR, order) is None


@pytest.mark.parametrize(
    "value",
    [
        "1234.56",
        "1234567.89",
        "SKU-48213-XL",
        "100-200-3000-A",
        "100-200-3000",
        "2021-03-04",
        "04/03/2021",
        "2021-03-04 12:34:56",
        "04.03.2021 08:15",
        "1617181920",
        "192.168.1.100",
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "12345",
        "12345-6789",
        "978-3-16-148410-0",
        "0-306-40615-2",
        "6.1.7601.17514",
        "10.0.19041.1",
        "order 1234567890 shipped",
        "550e8400-e29b-41d4-a716-446655440000",
        "081-80-5372",
        "01-6234397",
    ],
)
def test_hard_negatives_are_not_phone_numbers(value):
    assert evidence(DETECTOR, field("value", [value] * 5)) is None


def test_numbers_in_free_text():
    values = [f"please call me back on 555-010-{1000 + i}, thanks" for i in range(12)]
    values += ["Call 555-123-4567 2 times", "reach me at +44 20 7946 0958 or by email"]
    values += [f"order {i} delivered on 2021-03-04, total 12.50" for i in range(86)]
    ev = evidence(DETECTOR, field("comment", values))
    assert ev.matches == 14 and ev.full_matches == 0
    assert score(ev) >= 0.5


@pytest.mark.parametrize(
    "value", ["01234-5678", "90210-1234", "6763 0457 7213", "3523 2805 9832 4689"]
)
def test_zip_plus_four_and_card_groupings_are_not_phones(value: str) -> None:
    assert evidence(DETECTOR, field("value", [value] * 10)) is None


@pytest.mark.parametrize(
    "value", ["+1 212-555-0100", "+1 (415) 555-2671", "+1.303.493.6034", "+1 123-555-0100"]
)
def test_plus_one_numbers_grouped_the_north_american_way_answer_as_parsing_does(value):
    # They skip the parser (a shortcut for the commonest form); the answer must not change.
    expected = phonenumbers.is_possible_number(phonenumbers.parse(value, None))
    assert is_phone_number(value) == expected

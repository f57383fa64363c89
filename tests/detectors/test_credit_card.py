import pyarrow as pa
import pytest

from detectors.base import score
from detectors.credit_card import CreditCardDetector, is_card_number, issuer, luhn_ok
from detectors.fields import fields_from_batch
from tests.detectors.fieldkit import evidence, field

DETECTOR = CreditCardDetector()

# Published test numbers of each scheme.
CARDS = {
    "4111111111111111": "visa",
    "4222222222222": "visa",
    "5555555555554444": "mastercard",
    "2223003122003222": "mastercard",
    "378282246310005": "amex",
    "6011111111111117": "discover",
    "3530111333300000": "jcb",
    "30569309025904": "diners",
    "6200000000000005": "unionpay",
    "6759649826438453": "maestro",
}


@pytest.mark.parametrize(("number", "scheme"), CARDS.items())
def test_issuers_and_luhn(number, scheme):
    assert luhn_ok(number)
    assert issuer(number) == scheme
    assert is_card_number(number)


def test_column_of_cards_written_several_ways():
    values = [*CARDS, "4111 1111 1111 1111", "4111-1111-1111-1111", "3782 822463 10005"]
    ev = evidence(DETECTOR, field("payment", values))
    assert ev.matches == ev.full_matches == len(values)
    assert score(ev) >= 0.9
    # Only the first digit of a number is ever shown.
    for example in ev.examples:
        assert sum(ch.isdigit() for ch in example) == 1


def test_integer_card_column():
    (f,) = fields_from_batch(pa.table({"pan": pa.array([int(c) for c in CARDS], pa.int64())}))
    ev = evidence(DETECTOR, f)
    assert ev.matches == len(CARDS) and score(ev) >= 0.9


@pytest.mark.parametrize(
    "value",
    [
        "1234.56",
        "$12,345.67",
        "SKU-4111111111111111",
        "4111111111111112",
        "4111 1111 1111 1112",
        "1617181920000",
        "+1 555 123 4567",
        "555-123-4567",
        "550e8400-e29b-41d4-a716-446655440000",
        "4111111111111111abc",
        "41111111111111111111",
        "4111 11111111 1111",
        "4111  1111 1111 1111",
    ],
)
def test_hard_negatives_are_not_cards(value):
    assert evidence(DETECTOR, field("value", [value] * 5)) is None


def test_sequential_ids_are_not_a_card_column():
    ids = [str(4000000000000000 + i) for i in range(200)]
    assert sum(luhn_ok(i) for i in ids) == 20  # a tenth pass Luhn by chance ...
    assert (
        evidence(DETECTOR, field("value", ids)) is None
    )  # ... and the column is still no card column


def test_epoch_milliseconds_are_not_cards():
    (f,) = fields_from_batch(
        pa.table({"created": pa.array([1617181920000 + i * 1000 for i in range(100)], pa.int64())})
    )
    assert evidence(DETECTOR, f) is None


def test_cards_mentioned_in_free_text():
    values = [f"customer paid with card 4111 1111 1111 1111 on order {i}" for i in range(10)]
    values += [f"order {i}: 2 items, total 1234.56, ref 98765432" for i in range(90)]
    ev = evidence(DETECTOR, field("comment", values))
    assert ev.matches == 10 and ev.full_matches == 0
    assert score(ev) >= 0.5


def test_cards_between_commas_in_headerless_csv_lines() -> None:
    lines = [f"tracy{i}@example.com,4111111111111111,Tracy Bean" for i in range(10)]
    ev = evidence(DETECTOR, field("line", lines))
    assert ev is not None and ev.matches == 10
    thousands = field("line", ["total 1,234,567,890,123,456 units"] * 10)
    assert evidence(DETECTOR, thousands) is None

import pyarrow as pa
import pytest

from detectors.base import FieldData, score
from detectors.credit_card import CreditCardDetector, is_card_number, issuer, luhn_ok
from detectors.fields import fields_from_batch

DETECTOR = CreditCardDetector()

NOISY = [
    "great service 😀🎉👍🏽 will come back",
    "\u200fمرحبا بالعالم\u200f 123",
    "price \u202e 0021 \u202c total",
    "Z̵̢̛a̷̡͝l̸̨̛g̵̢͝o̸̧͝ ̷t̵e̸x̷t̸ 1̷2̸3̵",
    "rm -rf /tmp/*; echo $HOME | grep -E '^[a-z]+'",
    'for f in *.log; do gzip -9 "$f"; done && ls -la ~/',
    "👨‍👩‍👧‍👦 family trip 2019 ✈️ 🇫🇷",
    "awk -F: '{print $1}' /etc/passwd | sort -u",
]

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


def field(name: str, values: list[str]) -> FieldData:
    return FieldData(name, "string", pa.array(values, pa.string()), scanned=len(values))


def evidence(f: FieldData):
    found = DETECTOR.detect(f)
    assert len(found) <= 1
    return found[0] if found else None


@pytest.mark.parametrize(("number", "scheme"), CARDS.items())
def test_issuers_and_luhn(number, scheme):
    assert luhn_ok(number)
    assert issuer(number) == scheme
    assert is_card_number(number)


def test_column_of_cards_written_several_ways():
    values = [*CARDS, "4111 1111 1111 1111", "4111-1111-1111-1111", "3782 822463 10005"]
    ev = evidence(field("payment", values))
    assert ev.matches == ev.full_matches == len(values)
    assert score(ev) >= 0.9
    # Only the first digit of a number is ever shown.
    for example in ev.examples:
        assert sum(ch.isdigit() for ch in example) == 1


def test_integer_card_column():
    (f,) = fields_from_batch(pa.table({"pan": pa.array([int(c) for c in CARDS], pa.int64())}))
    ev = evidence(f)
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
    assert evidence(field("value", [value] * 5)) is None


def test_sequential_ids_are_not_a_card_column():
    ids = [str(4000000000000000 + i) for i in range(200)]
    assert sum(luhn_ok(i) for i in ids) == 20  # a tenth pass Luhn by chance ...
    assert evidence(field("value", ids)) is None  # ... and the column is still no card column


def test_epoch_milliseconds_are_not_cards():
    (f,) = fields_from_batch(
        pa.table({"created": pa.array([1617181920000 + i * 1000 for i in range(100)], pa.int64())})
    )
    assert evidence(f) is None


def test_cards_mentioned_in_free_text():
    values = [f"customer paid with card 4111 1111 1111 1111 on order {i}" for i in range(10)]
    values += [f"order {i}: 2 items, total 1234.56, ref 98765432" for i in range(90)]
    ev = evidence(field("comment", values))
    assert ev.matches == 10 and ev.full_matches == 0
    assert score(ev) >= 0.5


def test_one_stray_hit_in_a_hundred_rows_scores_low():
    values = ["paid with 5555555555554444"] + [f"order {i} ok" for i in range(99)]
    ev = evidence(field("notes", values))
    assert ev.matches == 1 and score(ev) < 0.5


def test_noisy_text_holds_no_card():
    assert DETECTOR.detect(field("comment", NOISY * 4)) == []

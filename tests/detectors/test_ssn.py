import pyarrow as pa
import pytest

from detectors.base import score
from detectors.fields import fields_from_batch
from detectors.ssn import UsSsnDetector, is_ssn
from tests.detectors.fieldkit import evidence, field

DETECTOR = UsSsnDetector()

SSNS = ["536-22-8751", "244-76-8917", "068-78-0216", "858-61-4250", "401 23 4567"]


def test_written_ssns_make_a_column_whatever_its_name():
    ev = evidence(DETECTOR, field("value", SSNS))
    assert ev.matches == ev.full_matches == len(SSNS)
    assert score(ev) >= 0.9
    assert "***-**-****" in ev.examples


def test_bare_digits_count_only_under_an_ssn_name():
    digits = ["536228751", "244768917", "068780216"]
    ev = evidence(DETECTOR, field("employee_ssn", digits))
    assert ev.matches == 3 and score(ev) >= 0.9
    assert evidence(DETECTOR, field("tax_id", digits)).matches == 3
    assert evidence(DETECTOR, field("employee_number", digits)) is None


def test_integer_column_loses_leading_zeros():
    table = pa.table(
        {
            "ssn": pa.array([536228751, 68780216, 244768917], pa.int64()),
            "account_no": pa.array([536228751, 68780216, 244768917], pa.int64()),
        }
    )
    ssn, account = fields_from_batch(table)
    assert evidence(DETECTOR, ssn).matches == 3
    assert evidence(DETECTOR, account) is None


@pytest.mark.parametrize(
    "value",
    [
        "000-12-3456",
        "666-12-3456",
        "900-12-3456",
        "987-65-4321",
        "536-00-8751",
        "536-22-0000",
        "078-05-1120",
        "219-09-9999",
        "123-45-6789",
        "555-123-4567",
        "555 123 4567",
        "12345-6789",
        "2021-03-04",
        "PN-536-22-8751",
        "536-22-8751-01",
        "536-22-8751A",
        "536-22-87510",
        "1536-22-8751",
    ],
)
def test_hard_negatives_are_not_ssns(value):
    assert evidence(DETECTOR, field("value", [value] * 5)) is None


def test_bare_rules_apply_too():
    assert is_ssn("536228751", bare=True)
    assert not is_ssn("666228751", bare=True)
    assert not is_ssn("123456789", bare=True)
    assert not is_ssn("53622875", bare=False)


def test_ssns_mentioned_in_free_text():
    values = [f"applicant SSN {s}, verified" for s in SSNS * 3]
    values += [f"ticket {i} closed on 2021-03-04 by agent 12" for i in range(85)]
    ev = evidence(DETECTOR, field("comment", values))
    assert ev.matches == 15 and ev.full_matches == 0
    assert score(ev) >= 0.5

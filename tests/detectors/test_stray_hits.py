"""One value in a hundred that holds an entity is a stray hit: the detector counts it, and it
never labels the column."""

import pytest

from detectors.base import score
from detectors.cookie_id import CookieIdDetector
from detectors.credit_card import CreditCardDetector
from detectors.device_id import DeviceIdDetector
from detectors.email import EmailDetector
from detectors.ip import IpAddressDetector
from detectors.phone import PhoneNumberDetector
from detectors.ssn import UsSsnDetector
from detectors.user_agent import UserAgentDetector
from tests.detectors.fieldkit import evidence, field

CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)
#: A detector, a value holding one entity, and the other rows (``{}`` is the row number).
STRAYS = [
    (PhoneNumberDetector(), "call (212) 555-0199 if lost", "row {} ok"),
    (UsSsnDetector(), "ssn is 536-22-8751", "row {} ok"),
    (CookieIdDetector(), "see JSESSIONID=0b1cdc9fe1f929e469c5a54ffe", "row {} ok"),
    (CreditCardDetector(), "paid with 5555555555554444", "order {} ok"),
    (DeviceIdDetector(), "router 3c:22:fb:91:0e:7a rebooted", "row {} ok"),
    (IpAddressDetector(), "see 198.51.100.7 for details", "row {} is fine"),
    (UserAgentDetector(), f"seen with {CHROME}", "row {} ok"),
    (EmailDetector(), "x@example.com", "nothing here"),
]


@pytest.mark.parametrize(
    ("detector", "stray", "other_rows"),
    [pytest.param(*case, id=case[0].name) for case in STRAYS],
)
def test_one_stray_hit_in_a_hundred_rows_scores_low(detector, stray, other_rows):
    values = [stray] + [other_rows.format(i) for i in range(99)]
    ev = evidence(detector, field("notes", values))
    assert ev.matches == 1 and score(ev) < 0.5

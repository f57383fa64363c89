import uuid

import pyarrow as pa
import pytest

from detectors.base import Signal, score
from detectors.device_id import DeviceIdDetector
from detectors.fields import fields_from_batch
from tests.detectors.fieldkit import evidence, field, pattern_kinds

DETECTOR = DeviceIdDetector()

UUIDS = [str(uuid.uuid5(uuid.NAMESPACE_DNS, f"device{i}")).upper() for i in range(20)]
ANDROID_IDS = ["9774d56d682e549c", "3f6b2c1a9e8d7f40", "a1b2c3d4e5f60718"]
IMEIS = ["356938035643809", "490154203237518", "352099001761481"]
MACS = ["00:1a:2b:3c:4d:5e", "AA-BB-CC-DD-EE-01", "0023.ab45.cd67", "3c:22:fb:91:0e:7a"]


@pytest.mark.parametrize("name", ["device.ifa", "idfa", "gaid", "advertising_id", "deviceId"])
def test_advertising_ids_under_a_device_name(name):
    ev = evidence(DETECTOR, field(name, UUIDS))
    assert ev.matches == ev.full_matches == len(UUIDS)
    assert pattern_kinds(ev) == {"advertising_id"} and ev.requires_name
    assert score(ev) >= 0.9


@pytest.mark.parametrize("name", ["id", "order_id", "request_id", "uuid", "trace_id", "user.id"])
def test_uuids_elsewhere_are_row_keys(name):
    assert evidence(DETECTOR, field(name, UUIDS)) is None


def test_zeroed_advertising_id_is_no_identifier():
    assert evidence(DETECTOR, field("idfa", ["00000000-0000-0000-0000-000000000000"] * 5)) is None


def test_android_ids_need_the_name():
    ev = evidence(DETECTOR, field("android_id", ANDROID_IDS))
    assert ev.matches == 3 and pattern_kinds(ev) == {"hex_id"} and score(ev) >= 0.9
    assert evidence(DETECTOR, field("checksum", ANDROID_IDS)) is None


def test_imei_by_name_or_written_in_text():
    (f,) = fields_from_batch(pa.table({"imei": pa.array([int(i) for i in IMEIS], pa.int64())}))
    ev = evidence(DETECTOR, f)
    assert ev.matches == 3 and pattern_kinds(ev) == {"imei"} and score(ev) >= 0.9
    # The same numbers under another name are just numbers ...
    assert evidence(DETECTOR, field("serial_number", IMEIS)) is None
    # ... unless the text says what they are.
    text = [f"handset IMEI: {i} reported stolen" for i in IMEIS] + ["imei=356938035643809"]
    ev = evidence(DETECTOR, field("notes", text))
    assert ev.matches == 4 and pattern_kinds(ev) == {"imei_in_text"} and not ev.requires_name
    assert all(e.startswith("35") or e.startswith("49") for e in ev.examples)


def test_imei_failing_luhn_is_not_counted():
    assert evidence(DETECTOR, field("imei", ["356938035643800", "490154203237510"])) is None


def test_mac_addresses_stand_without_a_name():
    ev = evidence(DETECTOR, field("value", MACS))
    assert ev.matches == ev.full_matches == len(MACS)
    assert pattern_kinds(ev) == {"mac_address"} and not ev.requires_name
    assert score(ev) >= 0.9
    assert "00:**:**:**:**:**" in ev.examples


@pytest.mark.parametrize(
    "value",
    [
        "00:00:00:00:00:00",
        "ff:ff:ff:ff:ff:ff",
        "FF-FF-FF-FF-FF-FF",
        "fe80::1",
        "2001:db8::ff00:42:8329",
        "12:34:56",
        "12:34:56.789",
        "aa:bb:cc:dd:ee:ff:00:11",
        "2021.0304.1200",
        "d41d8cd98f00b204e9800998ecf8427e",
        "356938035643809",
    ],
)
def test_hard_negatives_without_a_device_name(value):
    assert evidence(DETECTOR, field("value", [value] * 5)) is None


def test_kinds_merge_into_one_evidence():
    values = UUIDS[:5] + MACS + ANDROID_IDS
    ev = evidence(DETECTOR, field("device_id", values))
    assert ev.matches == len(values)
    assert pattern_kinds(ev) == {"advertising_id", "mac_address", "hex_id"}
    assert not ev.requires_name  # MACs count on content alone
    assert Signal("device_id", "column_name", "device_id") in ev.signals


def test_batches_merge_keeping_content_only_evidence():
    first = evidence(DETECTOR, field("device_id", UUIDS[:5]))
    second = evidence(DETECTOR, field("device_id", MACS))
    assert first.requires_name and not second.requires_name
    merged = first.merge(second)
    assert merged.matches == 5 + len(MACS) and not merged.requires_name


def test_macs_mentioned_in_free_text():
    values = [f"DHCPACK on 10.0.0.{i} to 3c:22:fb:91:0e:{i:02x} via eth0" for i in range(12)]
    values += [f"job {i} finished at 12:34:56 with status 0" for i in range(88)]
    ev = evidence(DETECTOR, field("message", values))
    assert ev.matches == 12 and ev.full_matches == 0
    assert score(ev) >= 0.5


def test_random_fifteen_digit_numbers_are_no_imei_column() -> None:
    import random

    rnd = random.Random(3)
    values = [f"35{rnd.randrange(10**12, 10**13)}" for _ in range(400)]
    assert evidence(DETECTOR, field("imei", values)) is None

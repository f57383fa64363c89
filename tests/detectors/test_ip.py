import pyarrow as pa
import pytest

from detectors.base import FieldData, score
from detectors.ip import IpAddressDetector, find_address
from tests.detectors.fieldkit import evidence, field

DETECTOR = IpAddressDetector()


def test_column_of_addresses_is_an_ip_column():
    values = [f"203.0.113.{i}" for i in range(1, 41)] + ["2001:db8::1", "::ffff:192.0.2.1"]
    ev = evidence(DETECTOR, field("value", values))
    assert ev.matches == ev.full_matches == len(values)
    assert score(ev) >= 0.9
    assert "203.0.113.1" not in ev.examples and "203.0.x.x" in ev.examples


@pytest.mark.parametrize(
    "value",
    [
        "10.0.0.1",
        "http://10.0.0.1:8080/status",
        "https://[2001:db8::1]:443/",
        "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        "fe80::1%eth0",
        "::ffff:192.0.2.1",
        "connect to host:10.1.2.3 failed",
        "Received block blk_-1 of size 67108864 from /10.250.19.102:54106",
        "[client 222.166.160.184] Directory index forbidden by rule",
        "lines: 10.0.0.1,10.0.0.2",
        "peer 192.168.1.20.",
        "Connecting to ResourceManager at MININT-FNANLI5/10.190.173.170:8030",
    ],
)
def test_addresses_in_urls_hosts_and_logs(value):
    ev = evidence(DETECTOR, field("log", [value, value]))
    assert ev is not None and ev.matches == 2


@pytest.mark.parametrize(
    "value",
    [
        "6.1.7601.17514",
        "1.2.3.4.5",
        "Chrome/120.0.6099.109",
        "12:34:56",
        "12:34:56.789",
        "2021-03-04T12:34:56Z",
        "::",
        "std::string",
        "boost::asio::ip::tcp",
        "d41d8cd98f00b204e9800998ecf8427e",
        "aa:bb:cc:dd:ee:ff",
        "aa:bb:cc:dd:ee:ff:00:11",
        "v1.2.3.4",
        "256.1.1.1",
        "010.000.000.001",
        "Mozilla/5.0 (Macintosh; U; Intel Mac OS X 10.6; en-US; rv:1.9.2.16) Gecko/20110319",
    ],
)
def test_hard_negatives_are_not_addresses(value):
    assert evidence(DETECTOR, field("value", [value] * 5)) is None


@pytest.mark.parametrize("name", ["app_version", "firmwareVersion", "build"])
def test_dotted_quads_in_version_fields_are_versions(name):
    assert evidence(DETECTOR, field(name, ["1.0.0.1", "2.3.1.0", "10.2.0.7"])) is None
    assert evidence(DETECTOR, field("host", ["1.0.0.1", "2.3.1.0", "10.2.0.7"])).matches == 3


def test_address_is_found_inside_the_run():
    assert str(find_address("10.0.0.1:8080")) == "10.0.0.1"
    assert str(find_address("IP:10.0.0.1")) == "10.0.0.1"
    assert find_address("12:34:56.789") is None


def test_free_text_mentions_make_a_column_with_ips():
    values = [f"user logged in from 198.51.100.{i} at 12:00:0{i % 10}" for i in range(15)]
    values += [f"comment number {i}: all good, version 1.2.{i}" for i in range(85)]
    ev = evidence(DETECTOR, field("comment", values))
    assert ev.matches == 15 and ev.full_matches == 0
    assert score(ev) >= 0.5


def test_name_signal_uses_whole_tokens():
    def signal(name: str) -> float:
        return DETECTOR.name_signal(field(name, ["x"]))

    assert signal("client_ip") == 1.0
    assert signal("clientIP") == 1.0
    assert signal("IPAddress") == 1.0
    assert signal("remote_addr") == 1.0
    assert signal("zip") == 0.0
    assert signal("billingZip") == 0.0
    assert signal("shipping_zip_code") == 0.0


def test_browser_versions_in_user_agents_are_not_ips() -> None:
    ua = (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/126.0.0.0 Safari/537.36"
    )
    f = FieldData("user_agent", "string", pa.array([ua] * 50), 50)
    assert IpAddressDetector().detect(f) == []
    url = FieldData("url", "string", pa.array(["http://10.0.0.1/x", "see http://10.0.0.2:80/"]), 2)
    assert IpAddressDetector().detect(url)[0].matches == 2


@pytest.mark.parametrize(
    "text",
    [
        "allow from 10.0.0.0/8 and 192.168.0.0/16",  # network ranges
        "listening on 127.0.0.1:8080 and [::1]:8080",  # loopback
        "bind 0.0.0.0 and ::",  # any address
        "join group 239.255.255.250",  # multicast
    ],
)
def test_addresses_that_name_no_device(text: str) -> None:
    assert IpAddressDetector().detect(FieldData("line", "string", pa.array([text] * 5), 5)) == []

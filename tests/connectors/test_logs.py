from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest

from connectors.base import SkippableLocationError
from connectors.log_formats import AccessLog, KeyValueLog, MixedLog, PlainLines, recognise
from connectors.logs import read_log
from connectors.text_stream import BLOCK_BYTES, iter_lines

COMBINED = (
    '203.0.113.9 - alice [10/Oct/2023:13:55:36 +0000] "GET /cart?id=7 HTTP/1.1" 200 512 '
    '"https://shop.example/" "Mozilla/5.0 (X11; Linux x86_64)"'
)
COMMON = '198.51.100.4 - - [10/Oct/2023:13:55:37 +0000] "POST /login HTTP/1.0" 302 -'
# nginx adds fields after the user agent (here $http_x_forwarded_for).
NGINX_EXTRA = (
    '192.0.2.1 - - [22/Jan/2019:03:56:14 +0330] "GET /a HTTP/1.1" 200 30577 "-" '
    '"AhrefsBot/6.1" "10.1.1.1"'
)


def _lines(*lines: str) -> pa.StringArray:
    return pa.array(list(lines), pa.string())


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_access_log_fields() -> None:
    batch = AccessLog().parse(_lines(COMBINED, COMMON, NGINX_EXTRA, "kernel: oops"))
    rows = batch.to_pylist()
    assert rows[0] == {
        "remote_addr": "203.0.113.9",
        "remote_user": "alice",
        # Times and numbers as what they are: judged as a time, counted as numbers.
        "time_local": datetime(2023, 10, 10, 13, 55, 36, tzinfo=UTC),
        "request": "GET /cart?id=7 HTTP/1.1",
        "status": 200,
        "body_bytes_sent": 512,
        "referer": "https://shop.example/",
        "user_agent": "Mozilla/5.0 (X11; Linux x86_64)",
        "line": None,
    }
    # Common format: no referer or agent; "-" means none.
    assert rows[1]["remote_user"] is None
    assert rows[1]["user_agent"] is None
    assert rows[1]["status"] == 302
    # +0330: the time is kept as the instant it names.
    assert rows[2]["time_local"] == datetime(2019, 1, 22, 0, 26, 14, tzinfo=UTC)
    assert rows[2]["user_agent"] == "AhrefsBot/6.1"
    # A line that does not parse keeps its text in "line".
    assert rows[3]["remote_addr"] is None
    assert rows[3]["line"] == "kernel: oops"


def test_logfmt_keys_and_rest_of_line() -> None:
    sample = _lines(
        'ts=2023-10-10T13:55:36Z level=info user=alice msg="password reset for bob" ip=10.0.0.1',
        "ts=2023-10-10T13:55:37Z level=warn user=carol ip=10.0.0.2 took 12ms, retrying",
        'GET /search?user=mallory&q=1 status=404 msg="not found"',
    )
    log_format = recognise(sample)
    assert isinstance(log_format, KeyValueLog)
    assert set(log_format.keys) >= {"ts", "level", "user", "msg", "ip", "status"}
    rows = log_format.parse(sample).to_pylist()
    assert rows[0]["msg"] == "password reset for bob"
    assert rows[0]["user"] == "alice"
    assert rows[0]["line"] is None
    assert rows[1]["ip"] == "10.0.0.2"
    assert rows[1]["line"] == "took 12ms, retrying"
    # "user=" inside a URL is no pair: the URL stays in the line, where it is still scanned.
    assert rows[2]["user"] is None
    assert rows[2]["line"] == "GET /search?user=mallory&q=1"


APP_LINE = 'ts=2023-10-10T13:55:38Z level=info user_email=ann@x.org msg="order placed"'


def test_access_and_key_value_lines_in_one_file_are_each_parsed() -> None:
    # A web server and its application writing to one log: both get fields of their own.
    lines = _lines(COMBINED, APP_LINE, COMMON, APP_LINE, "kernel: oops", COMBINED)
    log_format = recognise(lines)
    assert isinstance(log_format, MixedLog)
    rows = log_format.parse(lines).to_pylist()
    assert len(rows) == 6
    access = [r for r in rows if r["remote_addr"] is not None]
    assert [r["status"] for r in access] == [200, 302, 200]
    assert all(r["user_email"] is None and r["line"] is None for r in access)
    app = [r for r in rows if r["remote_addr"] is None]
    assert [r["user_email"] for r in app] == ["ann@x.org", "ann@x.org", None]
    assert [r["line"] for r in app] == [None, None, "kernel: oops"]


def test_a_few_odd_lines_do_not_make_a_mix() -> None:
    lines = _lines(*[COMBINED] * 19, APP_LINE)
    assert isinstance(recognise(lines), AccessLog)
    lines = _lines(*[APP_LINE] * 19, COMBINED)
    assert isinstance(recognise(lines), KeyValueLog)


def test_a_key_named_like_an_access_field_is_kept_as_text() -> None:
    mixed = MixedLog(rest=KeyValueLog(keys=("status", "user")))
    rows = mixed.parse(_lines(COMBINED, "status=ok user=bob")).to_pylist()
    assert [r["status"] for r in rows] == ["200", "ok"]


def test_plain_text_is_one_line_field() -> None:
    sample = _lines("worker 3 started", "worker 3 sent mail to ann@x.org")
    log_format = recognise(sample)
    assert isinstance(log_format, PlainLines)
    assert log_format.parse(sample).to_pylist()[1] == {"line": "worker 3 sent mail to ann@x.org"}


def test_access_log_recognised_from_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "access", ("\n".join([COMBINED] * 20 + [COMMON]) + "\n").encode())
    batches = list(read_log(path))
    assert batches[0].schema.names[0] == "remote_addr"
    assert sum(b.num_rows for b in batches) == 21


def test_crlf_blank_lines_and_invalid_utf8(tmp_path: Path) -> None:
    path = _write(tmp_path, "w.log", b"first \xff line\r\n\r\n\nsecond line\r\nlast, no newline")
    rows = [r["line"] for b in read_log(path) for r in b.to_pylist()]
    assert rows == ["first \ufffd line", "second line", "last, no newline"]


def test_gzipped_log(tmp_path: Path) -> None:
    path = _write(tmp_path, "w.log.gz", gzip.compress(b"one\ntwo\nthree\n"))
    assert [r["line"] for b in read_log(path) for r in b.to_pylist()] == ["one", "two", "three"]


def test_truncated_gzip_log_is_skippable(tmp_path: Path) -> None:
    data = gzip.compress(
        "".join(f"request {i} from 10.0.{i % 250}.1\n" for i in range(50_000)).encode()
    )
    path = _write(tmp_path, "cut.log.gz", data[: len(data) // 2])
    with pytest.raises(SkippableLocationError, match="truncated or damaged"):
        list(read_log(path))


@pytest.fixture
def big_log(tmp_path: Path) -> tuple[Path, int]:
    count = BLOCK_BYTES // 24  # ~6 MB: more than is read from the head alone when sampling
    text = "".join(f"line {i:09d} user{i}@example.org\n" for i in range(count))
    return _write(tmp_path, "big.log", text.encode()), count


def test_sample_comes_from_evenly_spaced_ranges(big_log: tuple[Path, int]) -> None:
    path, count = big_log
    lines = [line for array in iter_lines(path, 800) for line in array.to_pylist()]
    assert len(lines) == 800
    numbers = [int(line.split()[1]) for line in lines]
    assert len(set(numbers)) == 800  # no line twice
    assert all(line.endswith("@example.org") for line in lines)  # no line cut in half
    assert max(numbers) > count * 7 // 8  # the last range is read too
    assert [int(line.split()[1]) for a in iter_lines(path, 800) for line in a.to_pylist()] == (
        numbers
    )


def test_whole_big_file_in_bounded_batches(big_log: tuple[Path, int]) -> None:
    path, count = big_log
    arrays = list(iter_lines(path))
    assert sum(len(a) for a in arrays) == count
    assert max(len(a) for a in arrays) <= 65_536


def test_access_log_times_that_do_not_parse_stay_text() -> None:
    odd = COMBINED.replace("10/Oct/2023:13:55:36 +0000", "2023-10-10 13:55:36")
    rows = AccessLog().parse(_lines(COMBINED, odd)).to_pylist()
    assert [r["time_local"] for r in rows] == ["10/Oct/2023:13:55:36 +0000", "2023-10-10 13:55:36"]


def test_a_number_past_64_bits_stays_text() -> None:
    huge = COMBINED.replace(" 512 ", " 123456789012345678901234 ")
    rows = AccessLog().parse(_lines(COMBINED, huge)).to_pylist()
    assert [r["body_bytes_sent"] for r in rows] == ["512", "123456789012345678901234"]
    assert rows[1]["remote_addr"] == "203.0.113.9"

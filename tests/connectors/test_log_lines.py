"""The C pass that takes log lines apart gives what the RE2 patterns it follows give, on
lines glued from the pieces that make parsing hard: quotes, escapes, brackets, separators."""

from __future__ import annotations

import struct

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors import log_formats
from connectors.log_formats import AccessLog, KeyValueLog


def test_the_compiled_pass_is_built() -> None:
    # `make` builds it; a build without a compiler parses with RE2, correct but slower.
    assert log_formats._compiled is not None, "connectors/_log_lines.c was not compiled"


ACCESS_PIECES = (
    "10.0.0.1", "::1", "-", "alice", " ", "  ", "\t", "[", "]", "[10/Oct/2000:13:55:36 -0700]",
    '"', '\\"', "\\", "GET /a?b=1 HTTP/1.1", "200", "404", "20", "2000", "1234", "é", "x",
    '"-"', '"Mozilla/5.0 (X11)"', "\\\\",
)  # fmt: skip
WELL_FORMED = st.builds(
    lambda addr, user, request, status, size, tail: (
        f'{addr} - {user} [10/Oct/2000:13:55:36 -0700] "{request}" {status} {size}{tail}'
    ),
    st.sampled_from(["10.0.0.1", "::1", "h\u00e9", "-"]),
    st.sampled_from(["-", "bob", "a\tb"]),
    st.text(alphabet='GET /a"\\ é', max_size=12),
    st.sampled_from(["200", "200", "404", "20", "2000", "abc"]),
    st.sampled_from(["-", "0", "512", "512", "", "x"]),
    st.sampled_from(
        ['"-" "-"', '"https://r/" "UA \\"q\\""', '"r" "u \\\\" x', '"r"', '"r" "u', "extra"]
    ).map(lambda tail: " " + tail)
    | st.just(""),
)
GLUED = st.lists(st.sampled_from(ACCESS_PIECES), max_size=14).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(WELL_FORMED | WELL_FORMED | GLUED, min_size=1, max_size=30), st.integers(0, 3))
def test_access_lines_split_as_the_pattern_splits_them(lines: list[str], skip: int) -> None:
    arr = pa.array(lines, pa.string()).slice(min(skip, len(lines) - 1))
    assert AccessLog().parse(arr).to_pylist() == AccessLog().parse_with_re2(arr).to_pylist()


KEYS = ("a", "msg", "user.id", "b-2", "line")
PAIR_PIECES = (
    "a=", "msg=", "user.id=", "b-2=", "line=", "xa=", "_a=", "a", "=", "1", "v", '"', '\\"',
    "\\", '"q w"', " ", ",", ";", "[", "(", ")", "]", "\t", ".", "-", "é", "?a=1",
)  # fmt: skip
PAIR_LINES = st.lists(st.sampled_from(PAIR_PIECES), max_size=16).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(PAIR_LINES, min_size=1, max_size=30), st.integers(0, 3))
def test_key_value_lines_split_as_the_patterns_split_them(lines: list[str], skip: int) -> None:
    arr = pa.array(lines, pa.string()).slice(min(skip, len(lines) - 1))
    log = KeyValueLog(keys=KEYS)
    assert log.parse(arr).to_pylist() == log.parse_with_re2(arr).to_pylist()


def test_a_key_value_column_of_large_strings_is_read() -> None:
    arr = pa.array(['a=1 msg="hi there" tail'], pa.large_string())
    rows = KeyValueLog(keys=("a", "msg")).parse(arr).to_pylist()
    assert rows == [{"a": "1", "msg": "hi there", "line": "tail"}]


def test_null_lines_stay_null_as_the_pattern_leaves_them() -> None:
    arr = pa.array([None, '1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5'])
    assert AccessLog().parse(arr).to_pylist() == AccessLog().parse_with_re2(arr).to_pylist()
    log = KeyValueLog(keys=("a",))
    assert (
        log.parse(pa.array([None, "a=1"])).to_pylist()
        == log.parse_with_re2(pa.array([None, "a=1"])).to_pylist()
    )


def test_keys_the_sampler_would_never_give_are_parsed_as_the_patterns_parse_them() -> None:
    # Repeated keys, keys with spaces or led by a digit: a hand-built KeyValueLog.
    arr = pa.array(["a=1 x y=2 1a=3", "é=4"])
    for keys in (("a", "a"), ("x y", "1a", "é")):
        log = KeyValueLog(keys=keys)
        assert log.parse(arr).to_pylist() == log.parse_with_re2(arr).to_pylist()


@pytest.mark.parametrize(
    ("n", "first"), [(1, 2**61), (2**62, 0), (0, 2**63 - 1), (-1, 0), (1, -1), (5, 0)]
)
def test_offsets_that_do_not_cover_the_lines_are_refused_not_read(n: int, first: int) -> None:
    offsets = struct.pack("<2i", 0, 1)
    with pytest.raises(ValueError):
        log_formats._compiled.split_access_log(offsets, b"A", n, first)
    with pytest.raises(ValueError):
        log_formats._compiled.split_key_values(offsets, b"A", n, first, (b"a",))


def test_misaligned_offsets_are_refused() -> None:
    misaligned = memoryview(b"x" + struct.pack("<2i", 0, 2))[1:]
    with pytest.raises(ValueError):
        log_formats._compiled.split_access_log(misaligned, b"ab", 1, 0)

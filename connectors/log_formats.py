"""Log line formats: recognised on a sample of lines, then parsed a whole batch at a time with
pyarrow.compute (RE2, vectorised; no regular expression runs per line in Python).

- access logs (nginx/Apache combined and common) → one field per part of the line;
- key=value logs (logfmt) → one field per key seen in the sample, plus ``line`` holding the
  rest of the text with the pairs taken out;
- both in one file (a web server and its application writing to one log) → each line parsed
  by the format it is in, the fields of both side by side;
- anything else → one field ``line``.

Lines of a recognised format that do not parse keep their whole text in ``line``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc
import re2

try:
    from connectors import _log_lines as _compiled
except ImportError:  # built without a compiler: the RE2 patterns below do the same work
    _compiled = None

LINE = "line"
#: Share of the sample that must parse for a format to be chosen.
RECOGNISE_SHARE = 0.5
#: Most keys of a key=value log turned into fields (the most frequent in the sample).
MAX_KEYS = 64
#: Share of the sample each format must hold for a file to be taken as a mix of two.
MIXED_PART_SHARE = 0.1

_QUOTED = r'"(?:[^"\\]|\\.)*"'
ACCESS_LOG_FIELDS = (
    "remote_addr",
    "remote_user",
    "time_local",
    "request",
    "status",
    "body_bytes_sent",
    "referer",
    "user_agent",
)
# Combined format; the referer and user agent are optional (common format), and anything
# after them (nginx's extra fields) is ignored.
ACCESS_LOG = (
    r"^(?P<remote_addr>\S+) \S+ (?P<remote_user>\S+) \[(?P<time_local>[^\]]+)\] "
    r'"(?P<request>(?:[^"\\]|\\.)*)" (?P<status>\d{3}) (?P<body_bytes_sent>\d+|-)'
    r'(?: "(?P<referer>(?:[^"\\]|\\.)*)" "(?P<user_agent>(?:[^"\\]|\\.)*)")?'
)
#: Fields where "-" means "none".
_DASH_IS_NULL = {"remote_user", "body_bytes_sent", "referer", "user_agent"}
#: The access log's time, ``10/Oct/2000:13:55:36 -0700``.
ACCESS_LOG_TIME = "%d/%b/%Y:%H:%M:%S %z"

# A pair starts the line or follows a separator, so that "?id=1" inside a URL is no pair.
_PAIR_START = r"(?:^|[\s,;\[\(])"
_KEY = r"[A-Za-z_][A-Za-z0-9_.\-]*"
_UNQUOTED = r'[^\s",;\)\]]*'
_SAMPLE_KEYS = re2.compile(_PAIR_START + "(" + _KEY + ")=")
_WHOLE_KEY = re2.compile(_KEY)


class LogFormat(ABC):
    """How to turn an array of log lines into a record batch."""

    name: str

    @abstractmethod
    def parse(self, lines: pa.StringArray) -> pa.RecordBatch:
        """One record batch with a row per line."""


@dataclass(frozen=True)
class PlainLines(LogFormat):
    """Unrecognised text: the whole line is the one field."""

    name: str = "plain"

    def parse(self, lines: pa.StringArray) -> pa.RecordBatch:
        return pa.RecordBatch.from_arrays([lines], names=[LINE])


@dataclass(frozen=True)
class AccessLog(LogFormat):
    """nginx/Apache combined or common access log lines."""

    name: str = "access_log"

    def parse(self, lines: pa.StringArray) -> pa.RecordBatch:
        if _compiled is not None and len(lines):
            plain = _plain(lines)
            columns, rest = _compiled.split_access_log(*_buffers(plain))
            arrays = [
                _typed(field, _string_array(len(plain), column))
                for field, column in zip(ACCESS_LOG_FIELDS, columns, strict=True)
            ]
            line = _string_array(len(plain), rest)
            if lines.null_count:  # a null line stays null, as the pattern leaves it
                line = pc.if_else(lines.is_valid(), line, None)
            arrays.append(line)
            return pa.RecordBatch.from_arrays(arrays, names=[*ACCESS_LOG_FIELDS, LINE])
        return self.parse_with_re2(lines)

    def parse_with_re2(self, lines: pa.StringArray) -> pa.RecordBatch:
        """:meth:`parse` by the RE2 pattern: the definition the C pass follows."""
        parts = pc.extract_regex(lines, ACCESS_LOG)
        arrays = []
        for i, field in enumerate(ACCESS_LOG_FIELDS):
            values = pc.struct_field(parts, [i])  # null where the line did not parse
            empty = pc.equal(values, "")
            if field in _DASH_IS_NULL:
                empty = pc.or_(empty, pc.equal(values, "-"))
            arrays.append(_typed(field, pc.if_else(empty, None, values)))
        arrays.append(pc.if_else(parts.is_valid(), None, lines))
        return pa.RecordBatch.from_arrays(arrays, names=[*ACCESS_LOG_FIELDS, LINE])


def _typed(field: str, values: pa.Array) -> pa.Array:
    """Numbers and times as what they are (the time as a UTC timestamp), so that they are
    judged as numbers and times; text kept when a value does not convert."""
    if field in ("status", "body_bytes_sent"):
        try:
            return pc.cast(values, pa.int64())  # the pattern took digits only
        except pa.ArrowInvalid:
            return values  # past 64 bits: a custom format's trace ID, say
    if field == "time_local":
        times = pc.strptime(values, format=ACCESS_LOG_TIME, unit="s", error_is_null=True)
        if times.null_count == values.null_count:
            return times
    return values


@dataclass(frozen=True)
class KeyValueLog(LogFormat):
    """key=value and key="quoted value" pairs, one field per key."""

    keys: tuple[str, ...] = ()
    name: str = "key_value"

    def parse(self, lines: pa.StringArray) -> pa.RecordBatch:
        if _compiled is None or not self._splittable or not len(lines):
            return self.parse_with_re2(lines)
        lines = _plain(lines)
        keys = tuple(k.encode() for k in self.keys)
        columns, rest = _compiled.split_key_values(*_buffers(lines), keys)
        arrays = [_string_array(len(lines), column) for column in columns]
        rest_array = pc.utf8_trim_whitespace(_string_array(len(lines), rest))
        arrays.append(pc.if_else(pc.equal(rest_array, ""), None, rest_array))
        return pa.RecordBatch.from_arrays(arrays, names=self._names())

    @property
    def _splittable(self) -> bool:
        """Whether the C pass reads these keys as the patterns do: keys as recognised
        (distinct, each a whole _KEY); a hand-built list with others goes through RE2."""
        return (
            bool(self.keys)
            and len(set(self.keys)) == len(self.keys)
            and all(_WHOLE_KEY.fullmatch(k) for k in self.keys)
        )

    def _names(self) -> list[str]:
        return [f"{key}_value" if key == LINE else key for key in self.keys] + [LINE]

    def parse_with_re2(self, lines: pa.StringArray) -> pa.RecordBatch:
        """:meth:`parse` by RE2 patterns, a pass per key: the definition the C pass follows."""
        arrays = []
        for key in self.keys:
            pattern = (
                _PAIR_START + _escape(key) + rf'=(?:"(?P<q>(?:[^"\\]|\\.)*)"|(?P<u>{_UNQUOTED}))'
            )
            parts = pc.extract_regex(lines, pattern)
            quoted, bare = pc.struct_field(parts, [0]), pc.struct_field(parts, [1])
            values = pc.if_else(pc.not_equal(quoted, ""), quoted, bare)
            arrays.append(pc.if_else(pc.equal(values, ""), None, values))
        rest = lines
        if self.keys:
            any_key = "|".join(_escape(k) for k in self.keys)
            pairs = _PAIR_START + "(?:" + any_key + ")=(?:" + _QUOTED + "|" + _UNQUOTED + ")"
            rest = pc.utf8_trim_whitespace(pc.replace_substring_regex(lines, pairs, " "))
        arrays.append(pc.if_else(pc.equal(rest, ""), None, rest))
        return pa.RecordBatch.from_arrays(arrays, names=self._names())


@dataclass(frozen=True)
class MixedLog(LogFormat):
    """Access log lines among key=value lines: each line is parsed by the format it is in.
    The batch holds the access lines' rows first, then the others'; every field is null in
    the rows of the other format."""

    rest: KeyValueLog
    name: str = "access_log+key_value"

    def parse(self, lines: pa.StringArray) -> pa.RecordBatch:
        access = AccessLog().parse(lines)
        unparsed = access.column(LINE).is_valid()
        parsed = access.filter(pc.invert(unparsed))
        others = self.rest.parse(access.column(LINE).filter(unparsed))
        columns: dict[str, pa.Array] = {}
        for name in ACCESS_LOG_FIELDS:
            columns[name] = _stacked(parsed.column(name), None, len(others))
        for name in others.schema.names:
            if name == LINE:
                continue
            mine = others.column(name)
            if name in columns:  # a key named like an access log field: text for both
                columns[name] = pa.concat_arrays([pc.cast(parsed.column(name), pa.string()), mine])
            else:
                columns[name] = _stacked(None, mine, len(parsed))
        columns[LINE] = _stacked(None, others.column(LINE), len(parsed))
        return pa.RecordBatch.from_arrays(list(columns.values()), names=list(columns))


def _stacked(head: pa.Array | None, tail: pa.Array | None, missing: int) -> pa.Array:
    """``head`` then ``missing`` nulls, or ``missing`` nulls then ``tail``."""
    if head is not None:
        return pa.concat_arrays([head, pa.nulls(missing, head.type)])
    assert tail is not None
    return pa.concat_arrays([pa.nulls(missing, tail.type), tail])


def recognise(sample: pa.StringArray) -> LogFormat:
    """The format most of ``sample`` (a few hundred lines) is written in, or the two formats
    when access log lines and key=value lines each hold a good share of it."""
    if not len(sample):
        return PlainLines()
    is_access = pc.match_substring_regex(sample, ACCESS_LOG)
    access_share = _share(is_access)
    if MIXED_PART_SHARE <= access_share <= 1 - MIXED_PART_SHARE:
        pairs = _key_value_format(sample.filter(pc.invert(is_access)))
        if pairs is not None:
            return MixedLog(rest=pairs)
    if access_share >= RECOGNISE_SHARE:
        return AccessLog()
    return _key_value_format(sample) or PlainLines()


def _key_value_format(sample: pa.StringArray) -> KeyValueLog | None:
    """A key=value format with the sample's most frequent keys, when most of its lines hold
    two pairs or more; else None."""
    if not len(sample):
        return None
    keys: Counter[str] = Counter()
    paired = 0
    for line in sample.to_pylist():  # a bounded sample, through RE2
        found = set(_SAMPLE_KEYS.findall(line))
        keys.update(found)
        paired += len(found) >= 2
    if paired / len(sample) < RECOGNISE_SHARE:
        return None
    return KeyValueLog(keys=tuple(sorted(k for k, _ in keys.most_common(MAX_KEYS))))


def _share(mask: pa.BooleanArray) -> float:
    return pc.sum(mask).as_py() / len(mask) if len(mask) else 0.0


def _escape(key: str) -> str:
    # Keys match _KEY, so "." and "-" are the only characters that need escaping.
    return key.replace(".", r"\.").replace("-", r"\-")


def _plain(lines: pa.Array) -> pa.StringArray:
    """``lines`` as a string array (32-bit offsets) without nulls, as the C pass reads it."""
    if not pa.types.is_string(lines.type):
        lines = pc.cast(lines, pa.string())
    return pc.fill_null(lines, "") if lines.null_count else lines


def _buffers(lines: pa.StringArray) -> tuple[pa.Buffer, pa.Buffer, int, int]:
    data = lines.buffers()[2]
    return (
        lines.buffers()[1],
        data if data is not None else pa.py_buffer(b""),
        len(lines),
        lines.offset,
    )


def _string_array(length: int, column: tuple[bytes, bytes, bytes]) -> pa.StringArray:
    """A string array from the (offsets, data, validity) the C pass returns."""
    offsets, data, validity = column
    return pa.StringArray.from_buffers(
        length, pa.py_buffer(offsets), pa.py_buffer(data), pa.py_buffer(validity)
    )

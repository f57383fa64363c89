"""The shape of every value of a string column, measured in one pass over its bytes.

Before a detector runs its pattern it asks whether a value could hold a match at all: an
email needs an ``@``, a card number thirteen digits in one stretch, a MAC address twelve hex
digits. Asked one detector at a time, each question is a pass over the column; here one pass
answers them all. Each value gets

- a *character set*: a 64-bit mask of the characters it holds (letters case-folded), so a
  literal such as ``@``, ``GET`` or ``born`` can be ruled out for a value lacking one of its
  characters;
- *counts*: ASCII digits, hex letters, whitespace, dots, colons and dashes;
- *runs*: the most digits in one stretch of digits and the separators phone, card and ID
  numbers are written with (``+1 (212) 555-0100``), the most hex digits in one stretch of
  hex digits, ``:``, ``-`` and ``.`` (MAC addresses, UUIDs), and the longest block of hex
  digits alone (a 16-digit Android ID has one; a UUID's longest is 12).

Every test built on these is a necessary condition of a match, never a sufficient one: a
value that passes still meets the pattern (over the column, or when it is validated), a value
that fails could not have matched.

The pass is a small C extension (``detectors._value_shapes``); where it was not built (no
compiler at install time) the same measure runs in numpy, slower, with the same answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

DIGITS = "0123456789"
HEX_LETTERS = "abcdefABCDEF"
HEX_DIGITS = DIGITS + HEX_LETTERS
#: What RE2's ``\\s`` matches.
WHITESPACE = " \t\n\r\f"
#: Characters that may sit between the digits of one number: ``+1 (212) 555-0100``,
#: ``4111 1111 1111 1111``, ``123-45-6789``, ``10.0.0.1``, ``03/02/1985``.
DIGIT_SEPARATORS = " .-/()+"
#: Characters that may sit between the hex digits of one identifier: MAC addresses
#: (``3c:22:fb``, ``3c22.fb10``) and UUIDs.
HEX_SEPARATORS = ":-."

#: A requirement on a value before a pattern is tried: at least ``n`` of the ASCII ``chars``.
CharCount = tuple[str, int]

#: Characters with a set bit of their own, after the 26 letters and 10 digits; every other
#: ASCII byte shares OTHER and every byte of a non-ASCII character shares NON_ASCII.
_OWN_BITS = "@.:-/=_+()[],;#&?%'\"<>*|\\"
_WHITESPACE_BIT = 36 + len(_OWN_BITS)
_OTHER_BIT = _WHITESPACE_BIT + 1
_NON_ASCII_BIT = _WHITESPACE_BIT + 2
assert _NON_ASCII_BIT < 64, "the character set must fit in 64 bits"

#: Features in the order the C pass writes them.
COUNTS = ("digits", "hex_letters", "whitespace", "dots", "colons", "dashes")
RUNS = ("digit_run", "hex_run", "hex_block")
FEATURES = COUNTS + RUNS

_DIGIT, _HEX_LETTER, _WS, _DOT, _COLON, _DASH, _DIGIT_SEP, _HEX_SEP = (1 << i for i in range(8))


def _bit_of(byte: int) -> int:
    char = chr(byte)
    if byte >= 0x80:
        return _NON_ASCII_BIT
    if char.isascii() and char.isalpha():
        return ord(char.lower()) - ord("a")
    if char.isdigit():
        return 26 + byte - ord("0")
    if char in _OWN_BITS:
        return 36 + _OWN_BITS.index(char)
    if char in WHITESPACE:
        return _WHITESPACE_BIT
    return _OTHER_BIT


def _kind_of(byte: int) -> int:
    char = chr(byte)
    kind = 0
    if char in DIGITS:
        kind |= _DIGIT
    if char in HEX_LETTERS:
        kind |= _HEX_LETTER
    if char in WHITESPACE:
        kind |= _WS
    kind |= {".": _DOT, ":": _COLON, "-": _DASH}.get(char, 0)
    if char in DIGIT_SEPARATORS:
        kind |= _DIGIT_SEP
    if char in HEX_SEPARATORS:
        kind |= _HEX_SEP
    return kind


_BITS = np.array([np.uint64(1) << np.uint64(_bit_of(b)) for b in range(256)], np.uint64)
_KINDS = np.array([_kind_of(b) for b in range(256)], np.uint8)
_LETTER_BITS = np.uint64(sum(1 << i for i in range(26)) | 1 << _NON_ASCII_BIT)

try:
    from detectors import _value_shapes as _compiled
except ImportError:  # built without a compiler: the numpy measure below answers the same
    _compiled = None
else:
    _compiled.set_tables(_BITS.tobytes(), _KINDS.tobytes())


@lru_cache(maxsize=512)
def charset_of(text: str) -> np.uint64:
    """The character-set bits every value holding ``text`` has (letters case-folded)."""
    bits = np.uint64(0)
    for byte in text.encode():
        bits |= _BITS[byte]
    return bits


@dataclass(frozen=True)
class ValueShapes:
    """Per-value shape of a string array: ``charset`` (uint64 bits) and one int32 array per
    name in :data:`FEATURES`, each as long as the array."""

    charset: np.ndarray
    counts: np.ndarray  # shape (len(FEATURES), n)

    def __len__(self) -> int:
        return len(self.charset)

    def feature(self, name: str) -> np.ndarray:
        return self.counts[FEATURES.index(name)]

    def holding_any(self, literals: tuple[str, ...]) -> np.ndarray:
        """Boolean mask of the values that hold every character of at least one literal
        (exact for a one-character literal with a bit of its own, necessary for the rest)."""
        single = np.uint64(0)
        for literal in literals:
            if len(literal) == 1:
                single |= charset_of(literal)
        keep = (self.charset & single) != 0
        for literal in literals:
            if len(literal) > 1:
                bits = charset_of(literal)
                keep |= (self.charset & bits) == bits
        return keep

    def count_of(self, chars: str) -> np.ndarray | None:
        """How many of ``chars`` each value holds, where ``chars`` is made of whole counted
        classes (``DIGITS``, ``WHITESPACE``, hex digits, ``.``, ``:``, ``-``); else None."""
        remaining = set(chars)
        total = np.zeros(len(self), np.int32)
        for name, members in _COUNTED:
            if members <= remaining:
                total += self.feature(name)
                remaining -= members
        return None if remaining else total


_COUNTED = (
    ("digits", set(DIGITS)),
    ("hex_letters", set(HEX_LETTERS)),
    ("whitespace", set(WHITESPACE)),
    ("dots", {"."}),
    ("colons", {":"}),
    ("dashes", {"-"}),
)


def measure(values: pa.Array) -> ValueShapes:
    """The shape of every value of a string array (nulls measure as empty)."""
    if pa.types.is_large_string(values.type) or pa.types.is_string_view(values.type):
        values = pc.cast(values, pa.large_string())
    elif not pa.types.is_string(values.type):
        values = pc.cast(values, pa.string())
    if values.null_count:
        values = pc.fill_null(values, "")
    width = 8 if pa.types.is_large_string(values.type) else 4
    offsets_buffer, data_buffer = values.buffers()[1], values.buffers()[2]
    data = data_buffer if data_buffer is not None else pa.py_buffer(b"")
    n = len(values)
    if n == 0:
        return ValueShapes(np.zeros(0, np.uint64), np.zeros((len(FEATURES), 0), np.int32))
    if _compiled is not None:
        sets, counts = _compiled.measure(offsets_buffer, data, n, values.offset, width)
        return ValueShapes(
            np.frombuffer(sets, np.uint64), np.frombuffer(counts, np.int32).reshape(-1, n)
        )
    offsets = np.frombuffer(
        offsets_buffer,
        np.int32 if width == 4 else np.int64,
        count=n + 1,
        offset=values.offset * width,
    ).astype(np.int64)
    return measure_numpy(offsets, np.frombuffer(data, np.uint8))


def measure_numpy(offsets: np.ndarray, data: np.ndarray) -> ValueShapes:
    """The numpy measure: the same answers as the C pass, for builds without it (and for the
    tests, which hold the two to each other)."""
    n = len(offsets) - 1
    data = data[offsets[0] : offsets[-1]]
    starts = offsets[:-1] - offsets[0]
    lengths = np.diff(offsets)
    row_of_byte = np.repeat(np.arange(n), lengths)
    kinds = _KINDS[data]
    charset = np.zeros(n, np.uint64)
    np.bitwise_or.at(charset, row_of_byte, _BITS[data])
    counts = np.zeros((len(FEATURES), n), np.int32)
    for index, kind in enumerate((_DIGIT, _HEX_LETTER, _WS, _DOT, _COLON, _DASH)):
        counts[index] = np.bincount(row_of_byte, weights=(kinds & kind) > 0, minlength=n)
    counts[FEATURES.index("digit_run")] = _longest_runs(
        row_of_byte, starts, (kinds & _DIGIT) > 0, (kinds & (_DIGIT | _DIGIT_SEP)) > 0, n
    )
    hex_digit = (kinds & (_DIGIT | _HEX_LETTER)) > 0
    counts[FEATURES.index("hex_run")] = _longest_runs(
        row_of_byte, starts, hex_digit, hex_digit | ((kinds & _HEX_SEP) > 0), n
    )
    counts[FEATURES.index("hex_block")] = _longest_runs(
        row_of_byte, starts, hex_digit, hex_digit, n
    )
    return ValueShapes(charset, counts)


def _longest_runs(
    row_of_byte: np.ndarray, starts: np.ndarray, counted: np.ndarray, kept: np.ndarray, n: int
) -> np.ndarray:
    """Per row, the most ``counted`` bytes in one stretch of ``kept`` bytes."""
    # A stretch ends at every byte not kept and at the start of every value.
    breaks = ~kept
    breaks[starts[starts < len(breaks)]] = True
    stretch = np.cumsum(breaks)
    per_stretch = np.bincount(stretch, weights=counted).astype(np.int32)
    best = np.zeros(n, np.int32)
    np.maximum.at(best, row_of_byte, per_stretch[stretch])
    return best


@dataclass(frozen=True)
class Needs:
    """What a value must hold before a pattern is tried, each part a necessary condition of
    a match: at least one of ``literals`` (every character of it), ``digit_run`` digits in
    one stretch of :data:`DIGIT_SEPARATORS`, ``hex_run`` hex digits in one stretch of
    :data:`HEX_SEPARATORS`, and ``n`` of the characters ``chars`` for each of ``counts``.
    ``or_else`` is a second way to qualify (an IPv4 address or an IPv6 one)."""

    literals: tuple[str, ...] = ()
    digit_run: int = 0
    hex_run: int = 0
    counts: tuple[CharCount, ...] = ()
    or_else: Needs | None = None
    #: Hex digits in one block with nothing between them.
    hex_block: int = 0
    #: A letter: an ASCII one, or any non-ASCII character (which may be one).
    letter: bool = False

    @cached_property
    def is_empty(self) -> bool:
        return not (
            self.literals
            or self.digit_run
            or self.hex_run
            or self.counts
            or self.hex_block
            or self.letter
        )

    def mask(self, shapes: ValueShapes, values: pa.Array) -> np.ndarray:
        """Boolean mask of the values meeting these needs (or those of ``or_else``)."""
        keep = np.ones(len(shapes), bool)
        if self.literals:
            keep &= shapes.holding_any(self.literals)
        if self.digit_run:
            keep &= shapes.feature("digit_run") >= self.digit_run
        if self.hex_run:
            keep &= shapes.feature("hex_run") >= self.hex_run
        if self.hex_block:
            keep &= shapes.feature("hex_block") >= self.hex_block
        if self.letter:
            keep &= (shapes.charset & _LETTER_BITS) != 0
        for chars, n in self.counts:
            counted = shapes.count_of(chars)
            if counted is None:
                counted = _counted_slowly(values, chars)
            keep &= counted >= n
        if self.or_else is not None:
            keep |= self.or_else.mask(shapes, values)
        return keep


#: A pattern tried on every value.
NO_NEEDS = Needs()


def _counted_slowly(values: pa.Array, chars: str) -> np.ndarray:
    """How many of ``chars`` each value holds, for a set of characters the pass does not
    count on its own."""
    import re

    pattern = "|".join(re.escape(c) for c in chars)
    counts = pc.count_substring_regex(values, pattern)
    return counts.to_numpy(zero_copy_only=False).astype(np.int32)

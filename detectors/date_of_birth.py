"""Dates of birth: in a field named for them, or in text after "born", "DOB", "date of birth".

A date is a date of birth only when something says so: a hire date, ``created_at`` or an
order date holds the same kind of values. So a column counts only with a name signal
(``dob``, ``birth_date``, ``birthday``, ...), and in text only after a birth word. Values are
parsed for real (ISO, ``03/02/1985``, ``02.03.1985``, ``19850302``, ``2 March 1985``,
``Mar 2 1985``, ``02-MAR-85``, with or without a time) and count only when they are a
plausible birth date: not in the future and at most 120 years ago. Python parses only the
values an RE2 filter over the whole column let through, each distinct value once.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

import pyarrow as pa
import pyarrow.compute as pc
import re2

from detectors.base import (
    MAX_EXAMPLES,
    Detector,
    Evidence,
    FieldData,
    Signal,
    Tally,
    masked_examples,
    spread_sample,
    tally_hits,
)
from detectors.masking import mask_generic
from detectors.profile import count_distinct
from detectors.value_shapes import Needs

CATEGORY = "user.demographic.date_of_birth"
MAX_AGE_YEARS = 120

_MONTH_NAMES = {
    1: "jan january januar jänner janvier janv enero ene",
    2: "feb february februar février fevrier févr fevr febrero",
    3: "mar march märz maerz mrz mars marzo",
    4: "apr april avril avr abril abr",
    5: "may mai mayo",
    6: "jun june juni juin junio",
    7: "jul july juli juillet juil julio",
    8: "aug august août aout agosto ago",
    9: "sep sept september septembre septiembre setiembre",
    10: "oct october oktober okt octobre octubre",
    11: "nov november novembre noviembre",
    12: "dec december dezember dez décembre decembre diciembre dic",
}
MONTHS: dict[str, int] = {w: m for m, words in _MONTH_NAMES.items() for w in words.split()}
_FILLERS = frozenset(("st", "nd", "rd", "th", "of", "de", "del"))

_DAY_SUFFIX = r"(?:st|nd|rd|th)?"
_MONTH = r"[A-Za-zÀ-ÿ]{3,10}\.?,?"  # month words are Latin; Python checks them
#: One date, in any of the formats above (RE2; month words are checked in Python).
DATE = (
    r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})"
    r"|\d{8}"
    rf"|\d{{1,2}}{_DAY_SUFFIX}[ \-]+(?:of |de )?{_MONTH}[ \-]+(?:de )?(?:\d{{4}}|\d{{2}})"
    rf"|{_MONTH} \d{{1,2}}{_DAY_SUFFIX},? \d{{4}})"
)
_ISO_PREFIX = r"^\d{4}-\d{2}-\d{2}(?:[T ]|$)"
#: A whole value that is a date, optionally followed by a time ("1985-03-02 00:00:00").
WHOLE_DATE = rf"^(?P<v>{DATE})(?:[T ].*)?$"
#: A date after a birth word in text ("born on 2 March 1985", "DOB: 03/02/1985").
DATE_IN_TEXT = (
    r"(?i)(?:\bborn(?: on| in)?|\bdob\b|\bd\.o\.b\.?|\bdate of birth|\bbirth ?date|\bbirthday"
    r"|\bgeboren(?: am)?|\bgeb\.|\bgeburtsdatum|\bnée? le|\bdate de naissance"
    r"|\bfecha de nacimiento|\bnacid[oa] el)"
    rf"\s*(?:is |was |on |[:=\-]\s*)?(?P<v>{DATE})"
)
_PREFILTER_TEXT = r"(?i)born|dob|d\.o\.b|birth|geb|née?\b|naissance|nacimiento|nacid"
#: What a value needs before that: a birth word's letters, and a date's digits (even
#: "2 March 85" has two in a row).
_TEXT_NEEDS = Needs(
    literals=("born", "dob", "birth", "geb", "né", "naissance", "nacimiento", "nacid"),
    digit_run=2,
)


def parse_dates(text: str) -> list[date]:
    """Every calendar date ``text`` can mean (``03/02/1985`` is 2 March or 3 February)."""
    tokens = [
        t for t in re2.findall(r"\d+|\p{L}+", text) if t.isdigit() or t.casefold() not in _FILLERS
    ]
    words = [t for t in tokens if not t.isdigit()]
    nums = [t for t in tokens if t.isdigit()]
    triples: list[tuple[int, int, int]] = []  # (year, month, day)
    if len(words) > 1:
        return []
    if words:
        month = MONTHS.get(words[0].casefold())
        if month is None or len(nums) != 2:
            return []
        a, b = nums
        day, year = (b, a) if len(a) == 4 else (a, b)
        triples.append((_year(year), month, int(day)))
    elif len(nums) == 1 and len(nums[0]) == 8:
        n = nums[0]
        triples.append((int(n[:4]), int(n[4:6]), int(n[6:])))
        triples.append((int(n[4:]), int(n[2:4]), int(n[:2])))
    elif len(nums) == 3:
        a, b, c = nums
        if len(a) == 4:
            triples.append((int(a), int(b), int(c)))
        else:
            triples.append((_year(c), int(a), int(b)))
            triples.append((_year(c), int(b), int(a)))
    out = []
    for y, m, d in triples:
        try:
            out.append(date(y, m, d))
        except ValueError:
            continue
    return out


def _year(text: str) -> int:
    """Four digits as they are; two digits in the most recent century that is not future."""
    y = int(text)
    if len(text) != 2:
        return y
    this_year = date.today().year
    return 2000 + y if 2000 + y <= this_year else 1900 + y


def plausible_birth_date(d: date, today: date | None = None) -> bool:
    """Not in the future, and at most :data:`MAX_AGE_YEARS` years ago."""
    today = today or date.today()
    return today.year - MAX_AGE_YEARS <= d.year and d <= today


def is_birth_date(text: str) -> bool:
    """Whether some reading of ``text`` is a plausible date of birth."""
    return any(plausible_birth_date(d) for d in parse_dates(text))


class DateOfBirthDetector(Detector):
    """Dates of birth (``user.demographic.date_of_birth``)."""

    name = "date_of_birth"
    categories = (CATEGORY,)
    name_keywords = (
        "dob", "birth", "birthday", "birthdate", "date_of_birth", "dateofbirth", "born",
        "birth_date", "bday", "yob", "birthyear", "geburtsdatum", "geburtstag",
        "naissance", "nacimiento",
    )  # fmt: skip
    #: Birth-related fields that are not dates (``birth_place``, ``birth_weight``).
    name_negative = (
        "place", "city", "country", "town", "location", "name", "weight", "certificate",
        "cert", "order", "rank", "sign", "zodiac", "stone", "flower", "greeting", "sent",
        "reminder", "gift", "notification", "count", "age",
    )  # fmt: skip
    accepts_temporal = True
    #: Integer columns hold ``19850302`` or, in a year-of-birth field, ``1985``.
    accepts_numeric = True
    #: Share of a named column's values that must be plausible birth dates.
    min_share: ClassVar[float] = 0.7
    max_validated: ClassVar[int] = 20000

    def detect(self, f: FieldData) -> list[Evidence]:
        name = self.name_signal_if_applicable(f)
        if name is None:
            return []
        if name > 0:
            found = self._column(f, name)
            if found or f.is_temporal or f.is_numeric:
                return found
        if f.is_temporal or f.is_numeric:
            return []  # a bare date column is never a date of birth by itself
        return self._in_text(f, name)

    def _column(self, f: FieldData, name: float) -> list[Evidence]:
        """A field named for births whose values are, nearly all, plausible birth dates."""
        cands = f.values.filter(pc.match_substring_regex(f.values, WHOLE_DATE))
        if any(t in ("yob", "year", "birthyear") for t in f.tokens):
            years = f.values.filter(pc.match_substring_regex(f.values, r"^\d{4}$"))
            if len(years) > len(cands):
                return self._years(f, name, years)
        if not len(cands):
            return []
        matches, examples = self._count_whole(cands)
        return self._column_evidence(f, name, matches, examples, "plausible birth dates")

    def _years(self, f: FieldData, name: float, cands: pa.Array) -> list[Evidence]:
        """A year-of-birth field (``yob``, ``birth_year``): years within a lifetime."""
        this_year = date.today().year
        years = pc.cast(cands, pa.int64())
        ok = pc.and_(
            pc.greater_equal(years, this_year - MAX_AGE_YEARS), pc.less_equal(years, this_year)
        )
        good = cands.filter(ok)
        examples = pc.unique(good).to_pylist()[:MAX_EXAMPLES]
        return self._column_evidence(f, name, len(good), examples, "plausible birth years")

    def _column_evidence(
        self, f: FieldData, name: float, matches: int, examples: list[str], what: str
    ) -> list[Evidence]:
        share = matches / len(f.values)
        if not matches or share < self.min_share:
            return []
        return [
            self.field_evidence(
                f,
                Tally(matches, matches, masked_examples(examples, mask_generic)),
                category=CATEGORY,
                name=name,
                signals=(
                    Signal(self.name, "profile", f"{share:.0%} of values are {what}"),
                    *self.column_name_signals(f, name),
                ),
                requires_name=True,
            )
        ]

    def _count_whole(self, cands: pa.Array) -> tuple[int, list[str]]:
        """Plausible birth dates among whole-value dates: ISO dates (every date or timestamp
        column) by whole-column compute, other formats parsed in Python once per distinct
        value."""
        is_iso = pc.match_substring_regex(cands, _ISO_PREFIX)
        iso = cands.filter(is_iso)
        matches, examples = 0, []
        if len(iso):
            today = date.today()
            days = pc.strptime(
                pc.utf8_slice_codeunits(iso, 0, 10), format="%Y-%m-%d", unit="s", error_is_null=True
            )
            lowest = pa.scalar(datetime(today.year - MAX_AGE_YEARS, 1, 1), pa.timestamp("s"))
            highest = pa.scalar(datetime(today.year, today.month, today.day), pa.timestamp("s"))
            ok = pc.and_(pc.greater_equal(days, lowest), pc.less_equal(days, highest))
            good = iso.filter(pc.fill_null(ok, False))
            matches = len(good)
            examples = [v[:10] for v in good.slice(0, MAX_EXAMPLES).to_pylist()]
        rest = cands.filter(pc.invert(is_iso))
        if not len(rest):
            return matches, examples
        compiled = re2.compile(WHOLE_DATE)

        def birth_date(value: str) -> str | None:
            m = compiled.search(value)
            return m.group("v") if m and is_birth_date(m.group("v")) else None

        other, found = count_distinct(rest, birth_date, self.max_validated)
        return matches + other, examples + found[: MAX_EXAMPLES - len(examples)]

    def _in_text(self, f: FieldData, name: float) -> list[Evidence]:
        """Birth dates mentioned in text: a birth word, then a date."""
        cands = f.pattern_matches(_PREFILTER_TEXT, _TEXT_NEEDS)
        if not len(cands):
            return []
        cands = cands.filter(pc.match_substring_regex(cands, DATE_IN_TEXT))
        if not len(cands):
            return []
        compiled = re2.compile(DATE_IN_TEXT)
        checked = cands.take(pa.array(spread_sample(len(cands), f.max_validated), pa.int64()))
        tally = tally_hits(
            checked.to_pylist(),
            find=lambda value: [
                m.group("v") for m in compiled.finditer(value) if is_birth_date(m.group("v"))
            ],
            mask=mask_generic,
            is_whole=lambda value, found: False,  # a date in text is never the whole value
        ).extrapolated(len(cands), len(checked))
        if not tally.matches:
            return []
        return [
            # The birth word in the text, not the field's name, found these dates.
            self.field_evidence(
                f,
                tally,
                category=CATEGORY,
                name=name,
                signals=(Signal(self.name, "pattern", "date after a birth word"),),
            )
        ]

"""Postal addresses: street lines (in columns and inside text), cities, states and postal codes.

A street line has a shape of its own ("123 Main St", "Flat 2, 10 Downing Street",
"10 rue de Rivoli", "Hauptstraße 5"), so :class:`StreetAddressDetector` finds it anywhere, and
more loosely (no house number, any case) in a field named for addresses. A city, a state or a
postal code has no shape that tells it from other words and numbers, so those detectors
require the field name and judge the whole column (:mod:`detectors.profile`); states are
also checked against bundled lists (:mod:`detectors.gazetteer`), which keeps a ``state``
field of order statuses out.
"""

from __future__ import annotations

from functools import cached_property
from typing import ClassVar

import pyarrow as pa
import pyarrow.compute as pc
import re2

from detectors.base import Detector, Evidence, FieldData, PatternDetector
from detectors.gazetteer import MACRO_REGIONS, PLACEHOLDERS, REGIONS, STATUS_WORDS, fold
from detectors.profile import ProfileDetector, distinct_counts, fitting
from detectors.value_shapes import WHITESPACE

STREET_CATEGORY = "user.contact.address.street"
_PLACEHOLDER_SET = pa.array(sorted(PLACEHOLDERS))

#: English street types, written after the street name ("Main St").
STREET_SUFFIXES = (
    "street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "ln",
    "drive", "dr", "court", "ct", "way", "place", "pl", "terrace", "ter", "circle", "cir",
    "highway", "hwy", "parkway", "pkwy", "square", "sq", "crescent", "cres", "close",
    "grove", "alley", "plaza", "trail", "loop", "row", "mews", "expressway", "freeway",
    "turnpike", "gardens", "broadway", "run", "path", "pike", "ridge", "crossing", "heights",
    "hollow", "glen", "cove", "bend", "meadows", "commons", "landing",
    # More USPS street suffixes (Publication 28, C1). Words that are common in prose after a
    # number ("3 Park", "10 View", "2 Station") are left out to keep text precise.
    "alley", "bayou", "bluff", "bluffs", "branch", "brook", "brooks", "burg", "burgs",
    "bypass", "canyon", "causeway", "cliffs", "corners", "courts", "coves", "creek", "crest",
    "crossroad", "curve", "dale", "drives", "estates", "expy", "extension", "falls", "ferry",
    "fields", "flats", "ford", "fords", "forges", "fork", "forks", "gateway", "glens",
    "greens", "groves", "harbor", "harbors", "haven", "hills", "inlet", "islands", "isle",
    "junction", "junctions", "knoll", "knolls", "lakes", "lodge", "manor", "manors", "meadow",
    "mill", "mills", "mountain", "orchard", "oval", "overpass", "parkways", "pines", "plains",
    "prairie", "radial", "ranch", "rapids", "ridges", "shoal", "shoals", "shore", "shores",
    "skyway", "springs", "spurs", "stravenue", "summit", "throughway", "trace", "trafficway",
    "tunnel", "underpass", "valley", "valleys", "viaduct", "villages", "ville", "vista",
    "walks", "wells",
)  # fmt: skip
#: Street types written before the name ("10 rue de Rivoli", "Via Roma 12").
STREET_PREFIXES = (
    "rue", "via", "viale", "calle", "avenida", "rua", "piazza", "plaza", "paseo", "carrer",
    "chemin", "allée", "impasse", "quai", "corso", "largo", "strada", "travessa",
)  # fmt: skip
#: Street types compounded into the name ("Hauptstraße 5", "Kerkstraat 12").
STREET_COMPOUNDS = (
    "straße", "strasse", "str.", "weg", "gasse", "platz", "allee", "damm", "ufer",
    "chaussee", "straat", "laan", "gracht", "plein", "vej", "gatan", "vägen", "katu",
)  # fmt: skip

# Latin letters only (ASCII, Latin-1, Latin Extended-A/B): street types are Latin words, and
# RE2 programs built from \p{L} in bounded repeats grow past the DFA's memory budget.
_UPPER = r"[A-ZÀ-ÖØ-ÞĀ-ɏ]"
_LETTER = r"[A-Za-zÀ-ÖØ-öø-ɏ]"
_NUM = r"\d{1,6}[A-Za-z]?(?:-\d{1,5}[A-Za-z]?)?"
_CAP = rf"(?:{_UPPER}(?:{_LETTER}|['’.\-])*|\d{{1,3}}(?:st|nd|rd|th))"
_ANY = rf"{_LETTER}(?:{_LETTER}|['’.\-])*"
_WORD = rf"(?:{_ANY}|\d{{1,3}}(?:st|nd|rd|th))"
_UNIT = (
    r"(?:,?\s+(?i:apt|apartment|suite|ste|unit|flat|fl|floor|room|rm)\.?\s*#?\s*[A-Za-z0-9\-]{1,6}"
    r"|,?\s+#\s*[A-Za-z0-9\-]{1,6})?"
)
_LEADING_UNIT = r"(?:(?i:flat|apt|apartment|unit|suite)\.?\s+[A-Za-z0-9\-]{1,6},?\s+)?"
_DIRECTION = r"(?:\s+(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\b\.?)?"


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(w.replace(".", r"\.") for w in sorted(words, key=len, reverse=True))


def street_pattern(number_required: bool = True) -> str:
    """RE2 pattern of one street line.

    With ``number_required`` (text anywhere) the house number must be there and the street
    name capitalised or ALL CAPS. Without it (a field named for streets) the number is
    optional and the name may be lower case, since a ``street`` column may hold "example
    street", and a number before capitalised words needs no street type. Street types that
    precede the name ("Via", "Calle") stay capitalised either way, so that "via Slack 24/7"
    is no street even in an address field.
    """
    num = _NUM if number_required else f"(?:{_NUM})?"
    sep = r",?\s+" if number_required else r"(?:,?\s+)?"
    word = _CAP if number_required else _WORD
    suffix = rf"(?i:{_alternation(STREET_SUFFIXES)})\b\.?"
    english = rf"{_LEADING_UNIT}{num}{sep}(?:{word}\s+){{1,4}}{suffix}{_DIRECTION}{_UNIT}"
    # After a number any case will do ("10 rue de Rivoli", "10 RUE DE RIVOLI"), but "via"
    # and "plaza" are English words too ("5 via email"): those must be capitalised.
    after_number = _alternation(tuple(p for p in STREET_PREFIXES if p not in ("via", "plaza")))
    capitalised = _alternation(
        tuple(p.capitalize() for p in STREET_PREFIXES) + tuple(p.upper() for p in STREET_PREFIXES)
    )
    leading = rf"{num}{sep}(?:(?i:{after_number})|{capitalised})\s+(?:{_ANY}\s+){{0,3}}{word}"
    trailing = rf"(?:{capitalised})\s+(?:{_ANY}\s+){{0,3}}{word}{sep}{num}"
    first = _UPPER if number_required else _LETTER
    compound = (
        rf"{first}{_LETTER}*?\s?(?i:{_alternation(STREET_COMPOUNDS)})"
        rf"{sep}{num}" + (r"\b" if number_required else "")
    )
    forms = [english, trailing, leading, compound]
    if not number_required:
        # In an address field a number and capitalised words are enough ("5987 Diane
        # Radial Apt. 394"): street types are too many to list.
        forms.insert(1, rf"{_LEADING_UNIT}{_NUM}\s+(?:{_CAP}\s+){{0,3}}{_CAP}{_DIRECTION}{_UNIT}")
    # Longest forms first: RE2 takes the first alternative that matches at a position.
    return "(?:" + "|".join(forms) + ")"


_ADDRESS_KEYWORDS = (
    "address", "addr", "addr1", "addr2", "address1", "address2", "street", "streetaddress",
    "street_address", "line1", "line2", "address_line", "strasse", "adresse",
)  # fmt: skip
_ADDRESS_NEGATIVE = (
    "email", "mail", "ip", "ipv4", "ipv6", "mac", "url", "web", "wallet", "remote", "host",
    "server", "id", "city", "zip", "zipcode", "postal", "postcode", "state", "country",
    "type", "verified", "contract", "memory", "hex", "bitcoin", "btc", "eth", "link",
    "local", "peer", "proxy", "socket", "bind", "listen", "gateway", "dns", "network",
)  # fmt: skip


class _StreetInText(PatternDetector):
    """A numbered, capitalised street line anywhere in a value."""

    name = "street_address"
    category = STREET_CATEGORY
    name_keywords = _ADDRESS_KEYWORDS
    name_negative = _ADDRESS_NEGATIVE
    pattern = street_pattern(number_required=True)
    # Every form has a space (\s) between the house number and the words.
    prefilter = tuple(WHITESPACE)
    min_digit_run = 1
    # Every form has a word: a street type, a capitalised name.
    needs_letter = True


class _StreetInNamedField(_StreetInText):
    """Looser: a field named for addresses may hold "Example Street" without a number."""

    pattern = street_pattern(number_required=False)
    requires_name = True
    # "Hauptstrasse" alone will do here.
    prefilter = ()
    min_digit_run = 0


class _HouseNumber(ProfileDetector):
    """A ``house``/``house_number`` field of house numbers ("221B", 12)."""

    name = "street_address"
    category = STREET_CATEGORY
    name_keywords = (
        "house", "house_number", "house_no", "housenumber", "house_num", "building_number",
        "street_number", "street_no", "hausnummer",
    )  # fmt: skip
    name_negative = ("id", "type", "price", "count", "rooms", "size", "hold", "keeping")
    shape = r"\d{1,5}[A-Za-z]?(?:-\d{1,5})?"
    accepts_numeric = True
    profile_label = "values are house numbers"


class StreetAddressDetector(Detector):
    """Street lines: numbered and capitalised anywhere in text; in a field named for
    addresses also without a number and in any case; house-number fields (``house``)."""

    name = "street_address"
    categories = (STREET_CATEGORY,)
    name_keywords = _ADDRESS_KEYWORDS
    name_negative = _ADDRESS_NEGATIVE
    accepts_numeric = True

    def __init__(self) -> None:
        self._text = _StreetInText()
        self._named = _StreetInNamedField()
        self._house = _HouseNumber()

    def detect(self, f: FieldData) -> list[Evidence]:
        if self._house.name_signal(f) > 0:
            return self._house.detect(f)
        if f.is_numeric:
            return []
        if self.name_signal(f) > 0:
            return self._named.detect(f)
        return self._text.detect(f)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans of street lines in free text (house number required)."""
        return self._text.spans(text)


class CityDetector(ProfileDetector):
    """Cities in a field named ``city``/``town``/``locality``: short letter-only values."""

    name = "city"
    category = "user.contact.address.city"
    name_keywords = (
        "city", "town", "locality", "municipality", "city_name", "hometown", "ort", "ville",
        "ciudad", "stadt", "citta",
    )  # fmt: skip
    name_negative = ("id", "code", "population", "tax", "count", "size", "type")
    # Letters, marks, apostrophes, periods, hyphens and spaces ("St. Louis",
    # "'s-Hertogenbosch", "Frankfurt am Main"); unbounded here (bounded repeats of \p{L}
    # make slow RE2 programs), with the length and word count checked apart.
    shape = r"[\p{L}'’][\p{L}\p{M}'’.\-]*(?: [\p{L}\p{M}'’.\-]+)*"
    max_length: ClassVar[int] = 60
    max_words: ClassVar[int] = 5
    profile_label = "values are place names"

    def candidates(self, f: FieldData) -> pa.Array:
        """Short letter-only values that are not placeholders ("unknown", "n/a")."""
        return f.where(self._place_names)

    def _place_names(self, values: pa.Array) -> pa.Array:
        v = values.filter(pc.less_equal(pc.utf8_length(values), self.max_length))
        v = fitting(v, self.shape)
        if not len(v):
            return v
        v = v.filter(pc.less(pc.count_substring(v, " "), self.max_words))
        return v.filter(pc.invert(pc.is_in(pc.utf8_lower(v), _PLACEHOLDER_SET)))


class StateDetector(ProfileDetector):
    """States, provinces and regions in a field named for them.

    A field named ``state`` must hold mostly (``min_known_share``) names or codes from the
    bundled lists (US, Canada, Australia, Germany, UK nations); ``province``, ``region``,
    ``county`` and the like may also hold other capitalised place names. Values that are
    workflow statuses ("active", "SHIPPED") never count, so a ``state`` field of order
    statuses gives no evidence.
    """

    name = "state"
    category = "user.contact.address.state"
    name_keywords = (
        "state", "state_code", "state_name", "province", "region", "county", "prefecture",
        "territory", "canton", "bundesland", "provincia", "estado",
    )  # fmt: skip
    name_negative = (
        "id", "machine", "transition", "history", "job", "task", "workflow", "session",
        "order", "payment", "process", "sync", "connection", "ui", "flag", "hash", "json",
        "run", "build", "power", "game", "change", "changed", "previous", "next", "target",
        "desired", "current", "internal", "app", "service", "health", "cloud", "aws", "gcp",
    )  # fmt: skip
    shape = r"\p{Lu}[\p{L}\p{M}'’.\-]*(?: [\p{L}\p{M}'’.\-]+){0,3}|\p{L}{2,3}"
    min_share = 0.8
    profile_label = "values are states or regions"
    #: For fields named ``state``: share of values that must be in the bundled lists.
    min_known_share: ClassVar[float] = 0.5
    max_length: ClassVar[int] = 40
    #: Share of statuses or sales regions ("EMEA") that rules a column out.
    max_status_share: ClassVar[float] = 0.05

    @cached_property
    def _shape(self) -> re2._Regexp:
        return re2.compile(f"^(?:{self.shape})$")

    def detect(self, f: FieldData) -> list[Evidence]:
        name = self.name_signal_if_applicable(f)
        if name is None:
            return []
        n = len(f.values)
        known = status = other = 0
        good: list[str] = []
        # Longer values are no region names; they only count against the share.
        short = f.values.filter(pc.less_equal(pc.utf8_length(f.values), self.max_length))
        for value, count in distinct_counts(short)[: self.max_validated]:
            folded = fold(value)
            if folded in REGIONS:
                known += count
                good.append(value)
            elif folded in MACRO_REGIONS or set(folded.split()) & STATUS_WORDS:
                status += count
            elif self._shape.search(value) and not value.islower():
                other += count
                good.append(value)
        if status / n > self.max_status_share:
            return []
        must_be_known = "state" in f.leaf_tokens or "states" in f.leaf_tokens
        matches = known if must_be_known else known + other
        if known / n < (self.min_known_share if must_be_known else 0.0):
            return []
        share = matches / n
        if share < self.min_share:
            return []
        detail = f"{share:.0%} of {self.profile_label} ({known / n:.0%} in bundled lists)"
        return [self.evidence(f, matches, name, good, detail)]


class PostalCodeDetector(ProfileDetector):
    """Postal codes in a field named for them: US 12345 / 12345-6789, UK SW1A 1AA, Canada
    K1A 0B6, Dutch 1234 AB, and 3–6 digit codes (DE, FR, CH, IN, zips stored as integers
    that lost a leading zero)."""

    name = "postal_code"
    category = "user.contact.address.postal_code"
    name_keywords = (
        "zip", "zipcode", "zip_code", "postal_code", "postalcode", "postcode", "post_code",
        "postal", "plz", "pincode", "postleitzahl", "code_postal", "cep",
    )  # fmt: skip
    name_negative = (
        "file", "archive", "compressed", "compression", "size", "bytes", "path", "url",
        "password", "level", "ratio", "id",
    )  # fmt: skip
    accepts_numeric = True
    shape = (
        r"(?:[A-Za-z]{1,2}-)?\d{3,6}(?:-\d{3,4})?"  # US, DE, FR, CH, IN, JP 123-4567, BR
        r"|\d{3} \d{2}"  # SE, CZ, GR
        r"|\d{2}-\d{3}"  # PL
        r"|\d{4} ?[A-Za-z]{2}"  # NL
        r"|[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}"  # UK
        r"|[A-Za-z]\d[A-Za-z][ \-]?\d[A-Za-z]\d"  # CA
    )
    min_share = 0.7
    profile_label = "values are postal codes"

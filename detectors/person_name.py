"""Columns of person names, judged by the field name *and* a value profile.

Why both: a name is not a pattern. "Rock", "France" and "Blue Widget" are capitalised words
too, so a column counts only when its name says "person name" and most values look like one:
one to four words of letters in any script (``\\p{L}``), apostrophes, hyphens and periods, no
digits, capitalised or ALL CAPS, with enough distinct values to be people rather than a
lookup table.

The field name decides how much the values must prove:

- ``first_name``, ``surname``, ``customer_name``, ``author``, ... (or ``name`` below a
  ``customer``/``user``/``author`` path segment) name a person outright; then even a few
  names repeated over many rows count (an orders export repeats its customers);
- ``product_name``, ``file_name``, ``username``, ``job_title``, ... never do;
- a bare ``name`` is ambiguous (``products.name``, ``genres.name``), and sibling fields
  decide: one that only people have (``birth_date``, ``gender``, ``salary``) makes it a
  person's name outright; contact fields (``email``, ``phone``, ``address``), which suppliers
  and stores have too, make it likely; ``price``/``sku``/``genre``/``track``/``album`` make
  it a thing. Unless outright, the column must also look like full names (at least half the
  values two words or more, few country or street names); with no telling siblings at all
  and a NER model given to the detector, spaCy must also tag most of a sample of at most 30
  values as PERSON;
- a person word (``customer``, ``passenger``, ``owner``, ``ticket_assignee``) makes the
  column likely a person's name, judged as a bare ``name`` beside contact fields, and, with
  a NER model, confirmed as above with each value tagged PERSON whole (a ``customer`` column
  may hold companies);
- a name that says nothing (``c1``, ``value``) counts only with a NER model, and only for
  values that are plainly full names: at least ten, 80% of them two or three capitalised
  words, 30% distinct, and 60% of a sample of 40 tagged PERSON whole. Product names
  ("Widget Pro"), cities, companies, job titles and genres stay out.

The model is never touched for any other field, nor for a column whose values do not look
like names: a look at 200 values in Python, then the whole-column profile, come first.

CJK and other scripts without case or spaces: a value such as ``山田太郎`` is one "word" of
letters and counts as capitalised (the script has no case). Runs of more than six Han, kana or
Hangul characters are not counted, since an unspaced CJK sentence would otherwise pass as a
one-word name.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

import pyarrow as pa
import pyarrow.compute as pc

from detectors.address import STREET_SUFFIXES
from detectors.base import Evidence, FieldData, Signal, name_tokens
from detectors.gazetteer import COUNTRIES, fold
from detectors.masking import mask_name
from detectors.ner import sample
from detectors.profile import ProfileDetector, is_categorical

if TYPE_CHECKING:
    from detectors.ner import Entity, EntityModel

# A word: letters (each with at most two combining marks, which keeps zalgo out), inner
# apostrophes, hyphens and periods ("O'Brien", "Jean-Luc", "J.").
_WORD = r"\p{L}\p{M}{0,2}(?:\p{L}\p{M}{0,2}|['’.\-])*"
# Unbounded here, since bounded repeats of \p{L} make large RE2 programs; the word count is
# checked separately (_MAX_WORDS).
_SHAPE = rf"{_WORD}(?:(?: +|, ?){_WORD})*"
_SEPARATOR = r" +|, ?"
_MAX_WORDS = 4
_MAX_LENGTH = 60
_LONG_CJK = r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]{7,}"
# Words that occur in titles and product names but not in names of people.
_NOT_NAME_WORDS = (
    r"(?i)(?:^|[ ,])(?:the|and|of|for|with|from|to|in|on|at|by|or|my|your|our|new|"
    r"inc|llc|ltd|gmbh|plc|corp|pack|edition|series|version|test|example|sample|"
    r"unknown|none|null|n/a)(?:$|[ ,.])"
)
# Name particles that are written in lower case ("Ludwig van Beethoven", "da Silva").
_PARTICLES = (
    r"(?:^|[ ,])(?:(?:van|von|der|den|de|da|di|del|della|dos|das|du|la|le|los|las|bin|binti|"
    r"ibn|al|el|y|e|ten|ter|zu|af|av)(?: |$))+"
)
_LOWER_WORD = r"(?:^|[ ,])\p{Ll}"
_STREET_SUFFIX_SET = pa.array(sorted(set(STREET_SUFFIXES)))

#: Leaf names that are a person's name whatever the siblings say.
PERSON_NAME_FIELDS = (
    "full_name", "fullname", "first_name", "firstname", "fname", "forename", "forenames",
    "last_name", "lastname", "lname", "given_name", "givenname", "given_names", "surname",
    "family_name", "familyname", "middle_name", "middlename", "maiden_name", "person_name",
    "customer_name", "cust_name", "contact_name", "contact_person", "display_name",
    "author", "author_name", "owner_name", "recipient_name", "sender_name", "billing_name",
    "shipping_name", "cardholder", "cardholder_name", "card_holder", "holder_name",
    "account_holder", "employee_name", "emp_name", "patient_name", "member_name",
    "student_name", "guardian_name", "parent_name", "passenger_name", "guest_name",
    "applicant_name", "beneficiary_name", "spouse_name", "name_first", "name_last",
    "chat_name", "nachname", "vorname", "prenom", "apellido",
)  # fmt: skip
#: Tokens that make a ``*name*`` field something other than a person's name.
NOT_PERSON_TOKENS = (
    "username", "user_name", "login", "screen_name", "account_name", "product", "company",
    "file", "filename", "host", "hostname", "table", "country", "city", "category", "column",
    "schema", "database", "db", "domain", "brand", "item", "sku", "genre", "album", "track",
    "street", "org", "organization", "organisation", "business", "server", "service", "app",
    "application", "device", "event", "field", "key", "class", "module", "package", "project",
    "team", "group", "role", "plan", "tag", "label", "type", "bucket", "queue", "topic",
    "index", "region", "state", "store", "shop", "venue", "place", "location", "site", "model",
    "vendor", "merchant", "bank", "campaign", "metric", "job", "task", "path", "font", "color",
    "colour", "feature", "variable", "param", "parameter", "attribute", "method", "function",
    "image", "document", "course", "department", "dept", "unit", "branch", "school",
    "university", "hotel", "restaurant", "playlist", "channel", "media", "artist", "band",
    "game", "ship", "vessel", "station", "airport", "container", "pod", "node", "cluster",
    "namespace", "env", "environment", "icon", "asset", "resource", "collection", "list",
    "folder", "directory", "dataset", "report", "dashboard", "widget", "component",
    "product_name", "sheet", "tab", "tier", "level", "status", "stage", "step", "phase",
    "skill", "language", "currency", "certificate", "cert", "policy", "rule", "permission",
    "scope", "cookie", "header", "variant", "style", "theme", "template", "layout", "page",
    "section", "menu", "button", "title", "position", "occupation", "profession", "caption",
    "headline",
)  # fmt: skip
#: Sibling tokens found only beside a person's name (a ``birth_date`` or ``salary`` field).
PERSON_ONLY_CONTEXT = frozenset(
    (
        "birth", "birthday", "dob", "birthdate", "gender", "sex", "ssn", "passport",
        "salary", "hire", "surname", "firstname", "lastname", "nationality", "marital",
        "spouse", "password", "username", "customer", "employee", "patient", "member",
    )
)  # fmt: skip
#: Sibling tokens of contact details, which people and businesses (suppliers, stores) share.
CONTACT_CONTEXT = frozenset(
    (
        "email", "mail", "phone", "mobile", "telephone", "address", "street", "city", "zip",
        "zipcode", "postcode", "postal", "contact",
    )
)  # fmt: skip
#: Sibling tokens that say the row describes a thing (a product, a genre, a country).
THING_CONTEXT = frozenset(
    (
        "price", "sku", "genre", "track", "album", "product", "category", "quantity", "qty",
        "stock", "inventory", "iso", "iso2", "iso3", "alpha2", "alpha3", "currency",
        "continent", "capital", "population", "brand", "milliseconds", "duration", "bytes",
        "isbn", "playlist", "media", "composer", "calories", "ingredient", "abbreviation",
        "abbr", "weight", "msrp", "cost", "barcode", "ean", "upc", "mime", "extension",
        "checksum", "ticker", "industry", "revenue", "tld", "dialing", "manufacturer",
        "vendor", "supplier", "model", "version", "runtime", "rating", "episode", "season",
    )
)  # fmt: skip
#: Path segments above a bare ``name`` that make it a person's (``customer.name``).
PERSON_HOLDERS = frozenset(
    (
        "customer", "customers", "user", "users", "author", "authors", "contact", "contacts",
        "person", "people", "employee", "employees", "patient", "patients", "member",
        "members", "owner", "client", "guest", "passenger", "student", "teacher",
        "recipient", "sender", "buyer", "cardholder", "profile", "friend", "friends",
        "manager", "reporter", "assignee", "creator", "applicant", "beneficiary", "parent",
        "spouse", "emergency", "account_holder", "billing", "shipping", "traveler",
        "traveller", "speaker", "attendee", "participant", "subscriber", "lead",
    )
)  # fmt: skip

#: Header words for a person, without "name" ("customer", "passenger", "ticket_assignee"):
#: such a column likely holds people's names when its values look like them.
PERSON_WORDS = frozenset(
    (
        "customer", "passenger", "owner", "contact", "recipient", "holder", "attendee",
        "patient", "employee", "member", "guest", "buyer", "seller", "driver", "sender",
        "assignee", "reporter", "client", "person", "student", "applicant", "traveler",
        "traveller", "participant", "subscriber", "beneficiary", "requester", "requestor",
        "approver", "signatory", "payee", "payer", "tenant", "physician", "doctor", "nurse",
        "teacher", "supervisor", "spouse", "guardian", "reviewer",
    )
)  # fmt: skip
#: Words around a person's name that are not part of it ("Dr. Jane Roe", "John Doe Jr.").
_TITLES = frozenset(
    ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "jr", "sr", "ii", "iii",
     "iv", "md", "phd", "dds", "dvm", "esq")
)  # fmt: skip
# Two or three words (one or two separators): "Jane Doe", "Mary Ann Lee", "Doe, Jane".
_FULL_NAME_SEPARATORS = (1, 2)

#: How the field name judges a column: a person's name outright; a bare ``name`` beside
#: contact fields, or a header word for a person ("customer"); a bare ``name`` with nothing
#: telling around it; not a person's name.
STRONG, LIKELY, AMBIGUOUS, NONE = 1.0, 0.8, 0.5, 0.0


class PersonNameDetector(ProfileDetector):
    """Person names in a column named for them (``user.name``), or in a column whose values
    are plainly full names whatever its name.

    ``ner``: an optional :class:`detectors.ner.EntityModel`; when given, a bare ``name``
    column with no telling siblings and a column named by a person word (``customer``) are
    confirmed by tagging a small sample. Without it such a column is judged by its profile
    alone. A column whose name says nothing (``c1``, ``value``) counts only with the model:
    its values must be almost all two or three capitalised words, mostly distinct, and the
    model must read most of a sample of them as people, whole.
    """

    name = "person_name"
    category = "user.name"
    shape = _SHAPE
    min_share = 0.7
    profile_label = "values look like capitalised person names"
    #: A bare ``name`` needs at least this share of multi-word values ("Jane Doe") ...
    ambiguous_multiword_share: ClassVar[float] = 0.5
    #: ... at most this share of country names, and of street names ("Chavez Lakes") ...
    ambiguous_country_share: ClassVar[float] = 0.2
    ambiguous_street_share: ClassVar[float] = 0.3
    #: ... and, without telling siblings but with a NER model, this share of a sample
    #: tagged PERSON.
    ner_person_share: ClassVar[float] = 0.5
    ner_sample: ClassVar[int] = 30
    #: A column whose name says nothing needs this many non-empty values ...
    unnamed_min_values: ClassVar[int] = 10
    #: ... this share of them two or three capitalised words ("Jane Doe") ...
    unnamed_full_name_share: ClassVar[float] = 0.8
    #: ... this share of them distinct (people, not a lookup) ...
    unnamed_distinct_ratio: ClassVar[float] = 0.3
    #: ... and this share of a sample of ``unnamed_ner_sample`` tagged PERSON, whole. The
    #: English model reads ~90% of English and ~65-80% of other European full names so, and
    #: at most about half of titles, dishes or products named for people ("Forrest Gump").
    unnamed_ner_share: ClassVar[float] = 0.6
    unnamed_ner_sample: ClassVar[int] = 40
    #: Values looked at before the whole column is.
    unnamed_probe: ClassVar[int] = 200

    def __init__(self, ner: EntityModel | None = None):
        self._ner = ner

    def name_signal(self, f: FieldData) -> float:
        """STRONG for person-name fields; for a bare ``name``, judged by the path above it
        and by its siblings (see the module docstring); NONE otherwise."""
        leaf = f.leaf_tokens
        joined = "_" + "_".join(leaf) + "_"
        if any(f"_{t}_" in joined for t in NOT_PERSON_TOKENS):
            return NONE
        if any(f"_{k}_" in joined for k in PERSON_NAME_FIELDS):
            return STRONG
        if leaf not in (("name",), ("names",)):
            return LIKELY if self.named_for_a_person(f) else NONE
        parents = set(f.tokens[: len(f.tokens) - len(leaf)])
        if parents & PERSON_HOLDERS:
            return STRONG
        if parents & (THING_CONTEXT | set(NOT_PERSON_TOKENS)):
            return NONE
        person, contact, thing = _sibling_counts(f)
        if person and not thing:
            return STRONG
        if thing and not (person or contact):
            return NONE
        return LIKELY if contact and not thing else AMBIGUOUS

    def named_for_a_person(self, f: FieldData) -> bool:
        """The field name ends in a person word (``customer``, ``ticket_assignee``), which
        then names the column's subject (``customer_id`` and ``driver_version`` do not;
        ``customer_name`` is a name field outright)."""
        return bool(f.leaf_tokens) and f.leaf_tokens[-1] in PERSON_WORDS

    def unnamed(self, f: FieldData) -> bool:
        """The field name says nothing either way (``c1``, ``value``, ``col_7``): not a name
        field, not a person word, nothing that names a thing."""
        joined = "_" + "_".join(f.leaf_tokens) + "_"
        if any(f"_{t}_" in joined for t in NOT_PERSON_TOKENS):
            return False
        return self.name_signal(f) == NONE and not set(f.leaf_tokens) & {"name", "names"}

    def candidates(self, f: FieldData) -> pa.Array:
        """Capitalised 1–4-word letter values, without title words or long CJK runs."""
        return f.where(_name_shaped)

    def column_ok(self, f: FieldData, matched: pa.Array) -> bool:
        """Under a name header outright, any names (five customers' names repeated in an
        orders export are still names). Otherwise not a lookup column, and full names, not
        countries."""
        if self.name_signal(f) >= STRONG:
            return True
        if is_categorical(f):
            return False
        multi = pc.sum(pc.match_substring_regex(matched, r"[ ,]")).as_py() or 0
        if multi / len(matched) < self.ambiguous_multiword_share:
            return False
        distinct = pc.unique(matched)
        if _street_share(distinct) > self.ambiguous_street_share:
            return False
        countries = sum(1 for v in distinct.to_pylist() if fold(v) in COUNTRIES)
        return countries / len(distinct) <= self.ambiguous_country_share

    def mask(self, value: str) -> str:
        return mask_name(value)

    def detect(self, f: FieldData) -> list[Evidence]:
        if self.unnamed(f):
            return self._detect_unnamed(f)
        evidence = super().detect(f)
        if evidence and self._ner is not None and self._needs_ner(f, evidence[0].name_signal):
            return self._confirm_with_ner(f, evidence[0])
        return evidence

    def _needs_ner(self, f: FieldData, signal: float) -> bool:
        """A bare ``name`` with nothing telling around it, or a person word ("customer"),
        which may hold companies as well: not a name header outright, nor a bare ``name``
        beside contact fields."""
        return signal <= AMBIGUOUS or (signal < STRONG and self.named_for_a_person(f))

    def _confirm_with_ner(self, f: FieldData, ev: Evidence) -> list[Evidence]:
        assert self._ner is not None
        picked = pc.unique(self.candidates(f)).to_pylist()[: self.ner_sample]
        persons = self._persons(picked, whole=self.named_for_a_person(f))
        if persons / len(picked) < self.ner_person_share:
            return []
        detail = f"PERSON in {persons}/{len(picked)} sampled values"
        return [replace(ev, signals=(*ev.signals, Signal(self.name, "ner", detail)))]

    def _detect_unnamed(self, f: FieldData) -> list[Evidence]:
        """A column named for nothing whose values are plainly people's full names, as the
        model confirms. The model is loaded only when the profile is name-like."""
        if self._ner is None or not self.applies_to(f) or not self._may_hold_full_names(f):
            return []
        # A look at a few values first: most unnamed columns are no names at all.
        probe = sample(f.values, self.unnamed_probe).to_pylist()
        if sum(map(_looks_like_full_name, probe)) < self.unnamed_full_name_share * len(probe):
            return []
        if f.distinct < self.unnamed_min_values or f.distinct / f.non_empty < (
            self.unnamed_distinct_ratio
        ):
            return []
        cands = self.candidates(f)
        full = _full_names(cands)
        if len(full) < self.unnamed_full_name_share * len(f.values):
            return []
        if not self.column_ok(f, full):
            return []
        distinct = pc.unique(full)
        step = max(1, len(distinct) // self.unnamed_ner_sample)
        picked = distinct.to_pylist()[::step][: self.unnamed_ner_sample]
        persons = self._persons(picked, whole=True)
        share = persons / len(picked)
        if share < self.unnamed_ner_share:
            return []
        # Values the model would read as people, estimated from the sample.
        matches = round(len(cands) * share)
        good = distinct.slice(0, 64).to_pylist()
        detail = self.detail(cands, len(full) / len(f.values))
        ner = Signal(self.name, "ner", f"PERSON in {persons}/{len(picked)} sampled values, whole")
        ev = self.evidence(f, matches, NONE, good, detail, extra=(ner,))
        # The values and the model stand without a name signal here.
        return [replace(ev, requires_name=False)]

    def _may_hold_full_names(self, f: FieldData) -> bool:
        """Cheap column checks before any regex: enough values, of a name's length (whether
        they are mostly distinct is checked after a probe of a few values)."""
        return f.non_empty >= self.unnamed_min_values and 5 <= f.mean_length <= _MAX_LENGTH

    def _persons(self, values: list[str], *, whole: bool) -> int:
        """How many of ``values`` the model tags PERSON: covering the whole value but titles
        ("Dr.", "Jr."), or, unless ``whole``, at least half of it."""
        assert self._ner is not None
        texts = [_as_written_in_prose(v) for v in values]
        tagged = self._ner.entities(texts)
        check = _whole_person if whole else _mostly_person
        return sum(1 for text, ents in zip(texts, tagged, strict=True) if check(text, ents))


def _name_shaped(v: pa.Array) -> pa.Array:
    """The values that are capitalised 1–4-word letter values, without title words or long
    CJK runs."""
    v = v.filter(pc.less_equal(pc.utf8_length(v), _MAX_LENGTH))
    if not len(v):
        return v
    v = v.filter(pc.match_substring_regex(v, f"^(?:{_SHAPE})$"))
    if not len(v):
        return v
    v = v.filter(pc.less(pc.count_substring_regex(v, _SEPARATOR), _MAX_WORDS))
    if not len(v):
        return v
    bad = pc.or_(
        pc.match_substring_regex(v, _NOT_NAME_WORDS),
        pc.match_substring_regex(v, _LONG_CJK),
    )
    v = v.filter(pc.invert(bad))
    if not len(v):
        return v
    # Lower-case particles are part of names; any other lower-case word start is not.
    stripped = pc.replace_substring_regex(v, _PARTICLES, " ")
    return v.filter(pc.invert(pc.match_substring_regex(stripped, _LOWER_WORD)))


def _looks_like_full_name(value: str) -> bool:
    """Two or three words of letters, each starting with a capital (or a caseless letter):
    a cheap first look, before the exact shape."""
    words = value.replace(",", " ").split()
    return 2 <= len(words) <= 3 and all(w[0].isalpha() and not w[0].islower() for w in words)


def _as_written_in_prose(value: str) -> str:
    """The model knows names as prose writes them: "JOSÉ ÁLVAREZ" reads as an acronym and
    "Doe, Jane" as two entities, "José Álvarez" and "Jane Doe" as people."""
    if value.isupper():
        value = value.title()
    last, comma, first = value.partition(",")
    return f"{first.strip()} {last.strip()}" if comma and first.strip() else value


def _mostly_person(text: str, ents: list[Entity]) -> bool:
    return any(e.label == "PERSON" and (e.end - e.start) * 2 >= len(text) for e in ents)


def _whole_person(text: str, ents: list[Entity]) -> bool:
    """PERSON spans cover every word of ``text`` but titles and initials."""
    spans = [(e.start, e.end) for e in ents if e.label == "PERSON"]
    if not spans:
        return False
    rest = "".join(" " if any(s <= i < e for s, e in spans) else c for i, c in enumerate(text))
    return all(w.endswith(".") or fold(w.strip(",")) in _TITLES for w in rest.split())


def _full_names(values: pa.Array) -> pa.Array:
    """The values of two or three words."""
    if not len(values):
        return values
    words = pc.count_substring_regex(values, _SEPARATOR)
    low, high = _FULL_NAME_SEPARATORS
    return values.filter(pc.and_(pc.greater_equal(words, low), pc.less_equal(words, high)))


def _street_share(distinct: pa.Array) -> float:
    """Share of values whose last word is a street type ("Lauren Stream", "Harris Summit"):
    a column of street names, which the model reads as people."""
    if not len(distinct):
        return 0.0
    last = pc.utf8_lower(pc.replace_substring_regex(distinct, r"^.*[ ,]", ""))
    streets = pc.sum(pc.is_in(last, value_set=_STREET_SUFFIX_SET)).as_py() or 0
    return streets / len(distinct)


def _sibling_counts(f: FieldData) -> tuple[int, int, int]:
    """Siblings that describe a person, give contact details, and describe a thing."""
    person = contact = thing = 0
    for sibling in f.context:
        if sibling == f.name:
            continue
        tokens = name_tokens(sibling)
        joined = "_" + "_".join(tokens) + "_"
        found = set(tokens)
        if found & PERSON_ONLY_CONTEXT or "_first_name_" in joined or "_last_name_" in joined:
            person += 1
        elif found & CONTACT_CONTEXT:
            contact += 1
        if found & THING_CONTEXT:
            thing += 1
    return person, contact, thing

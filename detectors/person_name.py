"""Columns of person names, judged by the field name *and* a value profile.

Why both: a name is not a pattern. "Rock", "France" and "Blue Widget" are capitalised words
too, so a column counts only when its name says "person name" and most values look like one:
one to four words of letters in any script (``\\p{L}``), apostrophes, hyphens and periods, no
digits, capitalised or ALL CAPS, with enough distinct values to be people rather than a
lookup table.

The field name decides how much the values must prove:

- ``first_name``, ``surname``, ``customer_name``, ``author``, ... (or ``name`` below a
  ``customer``/``user``/``author`` path segment) name a person outright;
- ``product_name``, ``file_name``, ``username``, ... never do;
- a bare ``name`` is ambiguous (``products.name``, ``genres.name``), and sibling fields
  decide: one that only people have (``birth_date``, ``gender``, ``salary``) makes it a
  person's name outright; contact fields (``email``, ``phone``, ``address``), which suppliers
  and stores have too, make it likely; ``price``/``sku``/``genre``/``track``/``album`` make
  it a thing. Unless outright, the column must also look like full names (at least half the
  values two words or more, few country names); with no telling siblings at all and a NER
  model given to the detector, spaCy must also tag most of a sample of at most 20 values as
  PERSON. The model is never touched for any other field.

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

from detectors.base import Evidence, FieldData, Signal, name_tokens
from detectors.gazetteer import COUNTRIES, fold
from detectors.masking import mask_name
from detectors.profile import ProfileDetector, is_categorical

if TYPE_CHECKING:
    from detectors.ner import EntityModel

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
    "section", "menu", "button",
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

#: How the field name judges a column: a person's name outright; a bare ``name`` beside
#: contact fields; a bare ``name`` with nothing telling around it; not a person's name.
STRONG, LIKELY, AMBIGUOUS, NONE = 1.0, 0.8, 0.5, 0.0


class PersonNameDetector(ProfileDetector):
    """Person names in a column named for them (``user.name``).

    ``ner``: an optional :class:`detectors.ner.EntityModel`; when given, a bare ``name``
    column with no telling siblings is confirmed by tagging a small sample. Without it such a
    column is judged by its profile alone.
    """

    name = "person_name"
    category = "user.name"
    shape = _SHAPE
    min_share = 0.7
    profile_label = "values look like capitalised person names"
    #: A bare ``name`` needs at least this share of multi-word values ("Jane Doe") ...
    ambiguous_multiword_share: ClassVar[float] = 0.5
    #: ... at most this share of country names ...
    ambiguous_country_share: ClassVar[float] = 0.2
    #: ... and, without telling siblings but with a NER model, this share of a sample
    #: tagged PERSON.
    ner_person_share: ClassVar[float] = 0.5
    ner_sample: ClassVar[int] = 20

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
            return NONE
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

    def candidates(self, f: FieldData) -> pa.Array:
        """Capitalised 1–4-word letter values, without title words or long CJK runs."""
        v = f.values
        v = v.filter(pc.less_equal(pc.utf8_length(v), _MAX_LENGTH))
        if not len(v):
            return v
        v = v.filter(pc.match_substring_regex(v, f"^(?:{self.shape})$"))
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

    def column_ok(self, f: FieldData, matched: pa.Array) -> bool:
        """Not a lookup column; a bare ``name`` must also hold full names, not countries."""
        if is_categorical(f):
            return False
        if self.name_signal(f) >= STRONG:
            return True
        multi = pc.sum(pc.match_substring_regex(matched, r"[ ,]")).as_py() or 0
        if multi / len(matched) < self.ambiguous_multiword_share:
            return False
        distinct = pc.unique(matched).to_pylist()
        countries = sum(1 for v in distinct if fold(v) in COUNTRIES)
        return countries / len(distinct) <= self.ambiguous_country_share

    def mask(self, value: str) -> str:
        return mask_name(value)

    def detect(self, f: FieldData) -> list[Evidence]:
        evidence = super().detect(f)
        if not evidence or self._ner is None or evidence[0].name_signal > AMBIGUOUS:
            return evidence
        return self._confirm_with_ner(f, evidence[0])

    def _confirm_with_ner(self, f: FieldData, ev: Evidence) -> list[Evidence]:
        assert self._ner is not None
        sample = pc.unique(self.candidates(f)).to_pylist()[: self.ner_sample]
        # The English model reads "JOSÉ ÁLVAREZ" as an acronym; title case reads as a name.
        texts = [v.title() if v.isupper() else v for v in sample]
        tagged = self._ner.entities(texts)
        persons = sum(
            1
            for text, ents in zip(texts, tagged, strict=True)
            if any(e.label == "PERSON" and (e.end - e.start) * 2 >= len(text) for e in ents)
        )
        if persons / len(sample) < self.ner_person_share:
            return []
        detail = f"PERSON in {persons}/{len(sample)} sampled values"
        return [replace(ev, signals=(*ev.signals, Signal(self.name, "ner", detail)))]


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

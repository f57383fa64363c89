"""Organisations a person belongs to (employer, company) in a field named for them.

A company name has no shape of its own ("Apple", "3M", "Smith & Sons"), so the field name is
required and the column must hold mostly short capitalised text: one to eight words of
letters, digits and the punctuation company names use. A legal suffix ("Inc", "GmbH",
"S.A.") makes a value count even when it breaks that profile, and the share of values with one
is reported.

NER is not used on these short values: the field name already says "organisation", and the
small spaCy model tags isolated company names poorly ("Globex" gets no label at all), so it
would add cost and no certainty. Company names inside free text are the NER detector's.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from detectors.base import FieldData
from detectors.gazetteer import PLACEHOLDERS
from detectors.profile import ProfileDetector

#: Legal-form suffixes, case-sensitive ("co" is a word; "Co." is a company).
LEGAL_SUFFIX = (
    r"(?:^|[ ,])(?:Inc|Incorporated|LLC|L\.L\.C|Ltd|LTD|Limited|LIMITED|GmbH|GMBH|AG|S\.A|SA|"
    r"PLC|Plc|plc|Corp|CORP|Corporation|Co|CO|Company|S\.r\.l|Srl|SRL|B\.V|BV|N\.V|NV|Oy|AB|"
    r"A/S|ASA|Pty|PTY|Pvt|KG|UG|SARL|SAS|S\.p\.A|SpA|Bhd|BHD|K\.K|LP|LLP|PLLC|S\.L|KGaA|e\.V|"
    r"S\.A\.S|S\.A\. de C\.V|Ltda|LTDA)\.?(?:$|[ ,)])"
)
_PLACEHOLDER_SET = pa.array(sorted(PLACEHOLDERS))
# Up to eight words of letters, digits and company punctuation; at least one letter.
_SHAPE = r"[\p{L}\p{N}][\p{L}\p{M}\p{N}&.,'’()/+!\-]*(?: [\p{L}\p{M}\p{N}&.,'’()/+!\-]+){0,7}"
_HAS_LETTER = r"\p{L}"
# Capitalised, a digit ("3M"), a script without case, or a lower-case brand ("eBay").
_CAPITALISED = r"^(?:[\p{Lu}\p{Lt}\p{Lo}\p{N}]|\p{Ll}\p{Lu})"


class OrganizationDetector(ProfileDetector):
    """Organisation names in a field named ``company``, ``employer``, ``organization``, ..."""

    name = "organization"
    category = "user.contact.organization"
    name_keywords = (
        "company", "company_name", "companyname", "organization", "organisation", "org",
        "org_name", "organization_name", "organisation_name", "employer", "employer_name",
        "business_name", "firm", "workplace", "affiliation", "firma", "entreprise", "empresa",
    )  # fmt: skip
    name_negative = (
        "id", "type", "size", "code", "number", "no", "count", "url", "domain", "website",
        "logo", "email", "phone", "address", "city", "country", "industry", "registration",
        "vat", "tax", "slug", "unit", "uuid", "key", "role", "level", "chart", "tree",
        "mode", "sector", "revenue", "employees", "ein", "duns", "lei",
    )  # fmt: skip
    shape = _SHAPE
    min_share = 0.7
    max_length = 80
    profile_label = "values are short capitalised names"

    def candidates(self, f: FieldData) -> pa.Array:
        """Short capitalised values with a letter, or any short value with a legal suffix."""
        return f.where(self._organisation_shaped)

    def _organisation_shaped(self, v: pa.Array) -> pa.Array:
        v = v.filter(pc.less_equal(pc.utf8_length(v), self.max_length))
        if not len(v):
            return v
        shaped = pc.and_(
            pc.match_substring_regex(v, f"^(?:{self.shape})$"),
            pc.and_(
                pc.match_substring_regex(v, _HAS_LETTER),
                pc.match_substring_regex(v, _CAPITALISED),
            ),
        )
        v = v.filter(pc.or_(shaped, pc.match_substring_regex(v, LEGAL_SUFFIX)))
        return v.filter(pc.invert(pc.is_in(pc.utf8_lower(v), _PLACEHOLDER_SET)))

    def detail(self, cands: pa.Array, share: float) -> str:
        # The share with a legal form is the strongest content hint there is for a company.
        suffixed = pc.sum(pc.match_substring_regex(cands, LEGAL_SUFFIX)).as_py() or 0
        return (
            f"{share:.0%} of {self.profile_label}, "
            f"{suffixed / len(cands):.0%} of them with a legal-form suffix"
        )

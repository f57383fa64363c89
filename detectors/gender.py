"""Gender in a field named ``gender`` or ``sex``, with values from a bundled vocabulary.

"M" alone means nothing (a T-shirt size, a unit), so the field name is required and nearly
every value must be a gender term: English, German, French, Spanish, Portuguese and Italian
words, their one-letter codes, and the ISO/IEC 5218 numeric codes (0 not known, 1 male,
2 female, 9 not applicable), which are accepted in integer columns too.
"""

from __future__ import annotations

from detectors.gazetteer import fold
from detectors.masking import mask_generic
from detectors.profile import ProfileDetector

#: Gender terms, case-folded (compare with :func:`detectors.gazetteer.fold`).
GENDER_TERMS = frozenset(
    fold(t)
    for t in (
        "m", "f", "male", "female", "man", "woman", "men", "women", "boy", "girl",
        "non-binary", "nonbinary", "non binary", "nb", "enby", "genderqueer", "agender",
        "other", "x", "u", "unknown", "unspecified", "not specified", "not known",
        "prefer not to say", "prefer not to answer", "prefer_not_to_say", "declined",
        "diverse", "divers", "d", "männlich", "maennlich", "weiblich", "w", "mann", "frau",
        "homme", "femme", "masculin", "féminin", "feminin", "h", "masculino", "femenino",
        "femino", "feminino", "hombre", "mujer", "homem", "mulher", "maschio", "femmina",
        "maschile", "femminile", "trans", "transgender", "trans man", "trans woman",
        "intersex", "two-spirit",
    )
)  # fmt: skip
#: ISO/IEC 5218 codes.
ISO_5218 = frozenset(("0", "1", "2", "9"))


class GenderDetector(ProfileDetector):
    """A ``gender``/``sex`` column whose values are gender terms (``user.demographic.gender``)."""

    name = "gender"
    category = "user.demographic.gender"
    name_keywords = ("gender", "sex", "geschlecht", "sexe", "sexo", "genero")
    name_negative = ("offender", "ratio", "id", "pref", "preference", "orientation", "toy")
    accepts_numeric = True
    shape = r"[\p{L}\p{N}][\p{L}\p{M}\p{N} _\-]{0,23}"
    min_share = 0.9
    profile_label = "values are gender terms"

    def plausible(self, value: str) -> bool:
        return fold(value) in GENDER_TERMS or value in ISO_5218

    def mask(self, value: str) -> str:
        # One letter would be the whole value: hide it all.
        return mask_generic(value, keep=0)

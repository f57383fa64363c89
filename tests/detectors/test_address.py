import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from detectors.address import (
    CityDetector,
    PostalCodeDetector,
    StateDetector,
    StreetAddressDetector,
)
from detectors.base import score
from detectors.fields import fields_from_batch
from tests.detectors.fieldkit import evidence, field

STREET = StreetAddressDetector()
CITY = CityDetector()
STATE = StateDetector()
POSTAL = PostalCodeDetector()
ALL = (STREET, CITY, STATE, POSTAL)

STREET_LINES = [
    "123 Main St", "4521 Oak Avenue Apt 5", "Flat 2, 10 Downing Street",
    "1600 Pennsylvania Ave NW", "221B Baker Street", "10 rue de Rivoli", "Via Roma 12",
    "Calle Mayor, 5", "Hauptstraße 5", "Berliner Straße 12", "Kerkstraat 12",
    "100 W. 33rd St", "8 Rue Émile Zola", "77 Sunset Blvd Suite 300",
]  # fmt: skip
# -- street lines -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["address", "street", "address_line1", "billing_address", "x"])
def test_street_lines_as_whole_values(name):
    ev = evidence(STREET, field(name, STREET_LINES))
    assert ev is not None
    assert ev.matches == ev.full_matches == len(STREET_LINES)
    assert score(ev) >= 0.9


def test_street_lines_inside_text_without_a_field_name():
    notes = [
        "Please deliver to 12 Oak Lane, Springfield after 5pm",
        "Customer moved to 4 Elm Court last week",
        "no address given",
        "left at the door",
    ] * 5
    ev = evidence(STREET, field("notes", notes))
    assert ev.matches == 10 and ev.full_matches == 0 and not ev.requires_name
    assert score(ev) >= 0.8
    assert all("Oak" not in e and "Elm" not in e for e in ev.examples)


def test_streets_without_a_number_only_in_a_field_named_for_them():
    streets = ["Example Street", "Example Lane", "example ave", "Example Place"]
    assert evidence(STREET, field("street", streets)).full_matches == 4
    assert evidence(STREET, field("description", streets)) is None


def test_house_numbers_in_a_house_field_including_integers():
    assert evidence(STREET, field("house", [123, 4, 555, 1111])).matches == 4
    assert evidence(STREET, field("house_number", ["221B", "12", "7a"])).matches == 3
    assert evidence(STREET, field("quantity", [123, 4, 555, 1111])) is None
    assert evidence(STREET, field("address_id", [1, 2, 3, 4])) is None


@pytest.mark.parametrize("name", ["email_address", "ip_address", "mac_address", "remote_addr"])
def test_other_kinds_of_address_are_not_streets(name):
    values = ["jane@example.com", "10.0.0.1", "00:1a:2b:3c:4d:5e", "Example Street"]
    assert evidence(STREET, field(name, values * 3)) is None


# -- multi-column addresses ---------------------------------------------------------------

ADDRESS_TABLE = {
    "id": [1, 2, 3, 4, 5, 6],
    "house": [123, 4, 555, 1111, 77, 9],
    "street": [
        "Example Street",
        "Example Lane",
        "Example Ave",
        "Example Place",
        "Sunset Blvd",
        "Oak Rd",
    ],
    "city": ["Exampletown", "Exampletown", "Example City", "St. Louis", "Winston-Salem", "Zürich"],
    "state": ["NY", "NY", "New York", "TX", "CA", "ON"],
    "zip": ["12345", "12321", "12000-1234", "54321", "90028", "K1A 0B6"],
}


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_a_multi_column_address_table_from_a_file(tmp_path, fmt):
    table = pa.table(ADDRESS_TABLE)
    path = tmp_path / f"addresses.{fmt}"
    if fmt == "parquet":
        pq.write_table(table, path)
        read = pq.read_table(path)
    else:
        pacsv.write_csv(table, path)
        read = pacsv.read_csv(path)
    found = {
        (f.name, ev.category)
        for f in fields_from_batch(read)
        for d in ALL
        if d.applies_to(f)
        for ev in d.detect(f)
        if score(ev) >= 0.5
    }
    assert found == {
        ("house", "user.contact.address.street"),
        ("street", "user.contact.address.street"),
        ("city", "user.contact.address.city"),
        ("state", "user.contact.address.state"),
        ("zip", "user.contact.address.postal_code"),
    }


# -- cities -------------------------------------------------------------------------------


def test_cities_need_the_field_name():
    cities = ["São Paulo", "'s-Hertogenbosch", "Frankfurt am Main", "Stoke-on-Trent", "Kyoto"]
    assert evidence(CITY, field("city", cities)).matches == 5
    assert evidence(CITY, field("billing.town", cities)) is not None
    assert evidence(CITY, field("label", cities)) is None
    assert evidence(CITY, field("city_id", cities)) is None


def test_city_fields_of_codes_or_placeholders_are_not_cities():
    assert evidence(CITY, field("city", ["C-101", "C-102", "C-103"])) is None
    assert evidence(CITY, field("city", ["unknown", "N/A", "none", "Paris"])) is None


# -- states -------------------------------------------------------------------------------


def test_us_states_and_canadian_provinces():
    ev = evidence(STATE, field("state", ["NY", "ca", "Texas", "ON", "Québec", "DC"] * 5))
    assert ev.matches == 30 and score(ev) >= 0.9
    assert evidence(STATE, field("shipping_state", ["WA", "OR", "ID"])) is not None


@pytest.mark.parametrize(
    "values",
    [
        ["active", "pending", "shipped", "delivered", "cancelled"],
        ["ACTIVE", "INACTIVE", "SUSPENDED"],
        ["Open", "Closed", "In Progress", "On Hold"],
        ["OK", "FAILED", "OK", "FAILED"],
    ],
)
def test_statuses_in_a_field_named_state_are_not_states(values):
    assert evidence(STATE, field("state", values * 4)) is None


def test_a_state_field_of_other_capitalised_words_is_not_states():
    assert evidence(STATE, field("state", ["Gold", "Silver", "Bronze"] * 4)) is None
    assert evidence(STATE, field("order_state", ["NY", "TX"] * 4)) is None


def test_regions_and_provinces_elsewhere_pass_on_shape():
    regions = ["Bretagne", "Normandie", "Occitanie", "Île-de-France", "Grand Est"]
    assert evidence(STATE, field("region", regions)) is not None
    assert evidence(STATE, field("state", regions)) is None  # "state" wants known names
    assert evidence(STATE, field("region", ["EMEA", "APAC", "LATAM"] * 3)) is None
    assert evidence(STATE, field("region", ["Europe", "North America", "Asia"] * 3)) is None
    assert evidence(STATE, field("region", ["us-east-1", "eu-west-2"] * 3)) is None


# -- postal codes -------------------------------------------------------------------------


def test_postal_codes_in_many_formats():
    codes = ["12345", "12345-6789", "SW1A 1AA", "EC1A1BB", "K1A 0B6", "1234 AB", "75008", "10115"]
    ev = evidence(POSTAL, field("postal_code", codes))
    assert ev.matches == ev.full_matches == len(codes)
    assert all("*" in e for e in ev.examples)


def test_zip_codes_stored_as_integers():
    ev = evidence(POSTAL, field("zip", [2134, 12345, 90210, 10001]))
    assert ev is not None and ev.matches == 4


def test_postal_codes_need_the_field_name_and_most_values():
    assert evidence(POSTAL, field("quantity", ["12345", "54321", "90210"])) is None
    assert evidence(POSTAL, field("zip_file", ["12345", "54321", "90210"])) is None
    assert evidence(POSTAL, field("zip", ["yes", "no", "12345", "maybe", "x"])) is None


def test_usps_street_types_in_text() -> None:
    lines = [
        "send it to 4521 Cedar Creek Apt. 5, thanks",
        "new address: 77 Willow Falls",
        "we moved to 1200 Johnson Rapids Suite 300",
    ]
    ev = StreetAddressDetector().detect(field("comment", lines))
    assert ev and ev[0].matches == 3

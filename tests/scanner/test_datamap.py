from __future__ import annotations

import os
from pathlib import Path

import pytest

from scanner.datamap import DataMap, load_datamap, without_password
from scanner.errors import ConfigError
from scanner.policy import load_policy

DATAMAP = """\
version: 1
holdings:
  - source: "postgresql://app@db.internal/shop"
    location: "public.customers"
    field: "email*"
    categories: [user.contact.email]
    purposes: [essential.service.notifications.email, customer_service]
    description: Customer accounts.
    owner: team-accounts
  - source: "app.db"
    location: "orders"
    categories: [user.contact]
    purposes: [essential.service.payment_processing]
    description: Order contacts.
  - location: "exports/*.parquet"
    field: "*"
    categories: [user.name, user.device.ip_address]
    purposes: [analytics.reporting]
    description: Nightly exports.
  - location: "*.log"
    categories: [user.device]
    purposes: [analytics.reporting]
    description: Web logs.
"""


def write(directory: Path, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "datamap.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.fixture
def dmap(tmp_path: Path) -> DataMap:
    return load_datamap(write(tmp_path / "conf", DATAMAP))


def test_loads(dmap: DataMap, tmp_path: Path) -> None:
    assert len(dmap.holdings) == 4
    assert dmap.holdings[0].owner == "team-accounts"
    assert dmap.holdings[1].field == "*"  # the default
    assert dmap.path == str(tmp_path / "conf" / "datamap.yaml")


def test_table_source_with_password_removed(dmap: DataMap) -> None:
    found = dmap.match(
        "postgresql://app:s3cret@db.internal/shop",
        "public.customers",
        "email",
        "user.contact.email",
    )
    assert found is dmap.holdings[0]
    masked = "postgresql://app:***@db.internal/shop"
    assert dmap.match(masked, "public.customers", "EMAIL_addr", "user.contact.email")
    # Another host, another field, another category: no match.
    other = "postgresql://app@db.other/shop"
    assert dmap.match(other, "public.customers", "email", "user.contact.email") is None
    assert dmap.match(masked, "public.customers", "phone", "user.contact.email") is None
    assert dmap.match(masked, "public.customers", "email", "user.name") is None


def test_table_name_without_schema_and_source_file_name(dmap: DataMap) -> None:
    source = "sqlite:////var/lib/app.db"
    assert dmap.match(source, "orders", "x", "user.contact.phone_number") is dmap.holdings[1]
    assert dmap.match(source, "main.orders", "x", "user.contact.email") is dmap.holdings[1]
    assert dmap.match(source, "main.orders", "x", "user.contact.email", kind="table")
    # A file called "main.orders" is not the table "orders".
    assert dmap.match(source, "main.orders", "x", "user.contact.email", kind="file") is None
    assert dmap.match("sqlite:////var/lib/other.db", "orders", "x", "user.contact.email") is None


def test_holding_category_covers_descendants_only(dmap: DataMap) -> None:
    source = "sqlite:////var/lib/app.db"
    assert dmap.match(source, "orders", "a", "user.contact.address.city")
    assert dmap.match(source, "orders", "a", "user.name") is None
    # "user.contact" is not covered by a holding of a narrower category.
    assert (
        dmap.match("postgresql://app@db.internal/shop", "public.customers", "email", "user.contact")
        is None
    )


def test_file_locations_relative_to_the_datamap(dmap: DataMap, tmp_path: Path) -> None:
    conf = tmp_path / "conf"
    absolute = str(conf / "exports" / "2024" / "users.parquet")
    assert dmap.match(str(conf / "exports"), absolute, "full_name", "user.name")
    assert dmap.match(str(conf / "exports"), absolute, "ip", "user.device.ip_address")
    # Named relative to the source directory, as a connector might.
    assert dmap.match(str(conf / "exports"), "2024/users.parquet", "n", "user.name")
    assert dmap.match(str(conf), "exports/2024/users.parquet", "n", "user.name")
    assert dmap.match(str(conf), "imports/2024/users.parquet", "n", "user.name") is None
    # Outside the data map's directory the relative glob does not apply.
    outside = str(tmp_path / "elsewhere" / "exports" / "users.parquet")
    assert dmap.match(str(tmp_path), outside, "n", "user.name") is None
    # Named relative to the working directory.
    cwd = os.getcwd()
    try:
        os.chdir(conf)
        assert dmap.match("exports", "exports/users.parquet", "n", "user.name")
    finally:
        os.chdir(cwd)


def test_file_name_glob(dmap: DataMap) -> None:
    assert dmap.match("/var/log", "/var/log/nginx/access.log", "ua", "user.device") is not None
    assert dmap.match("/var/log", "/var/log/nginx/access.log.gz", "ua", "user.device") is None


def test_first_matching_holding_wins(tmp_path: Path) -> None:
    text = DATAMAP.replace('location: "*.log"', 'location: "*"')
    dmap = load_datamap(write(tmp_path, text))
    found = dmap.match("x", "/var/log/a.log", "f", "user.device.ip_address")
    assert found is dmap.holdings[3]
    assert (
        dmap.match("x", str(tmp_path / "exports/a.parquet"), "f", "user.device.ip_address")
        is dmap.holdings[2]
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("postgresql://u:p@h/db", "postgresql://u@h/db"),
        ("postgresql+psycopg://u:***@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
        ("mysql://u:p@ss:w@h/db", "mysql://u@h/db"),
        ("postgresql://u@h:5432/db", "postgresql://u@h:5432/db"),
        ("postgresql://h:5432/db", "postgresql://h:5432/db"),
        ("/data/a:b@c/x.csv", "/data/a:b@c/x.csv"),
    ],
)
def test_without_password(source: str, expected: str) -> None:
    assert without_password(source) == expected


def load_error(tmp_path: Path, text: str, **kw: object) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load_datamap(write(tmp_path, text), **kw)
    return info.value


def test_unknown_category_has_line_and_suggestion(tmp_path: Path) -> None:
    text = DATAMAP.replace("[user.name, user.device.ip_address]", "[user.name, user.device.ip]")
    err = load_error(tmp_path, text)
    assert err.line == line_of(text, "user.device.ip]")
    assert str(err).endswith(
        f"line {err.line}: unknown category 'user.device.ip' "
        "(did you mean 'user.device.ip_address'?)"
    )


def test_unknown_key_and_missing_version(tmp_path: Path) -> None:
    text = DATAMAP.replace("    owner: team-accounts", "    owners: team-accounts")
    err = load_error(tmp_path, text)
    assert err.line == line_of(text, "owners:")
    assert err.hint == "did you mean 'owner'?"

    err = load_error(tmp_path, DATAMAP.replace("    owner: team-accounts", "    team: accounts"))
    assert err.hint.startswith("allowed keys: source, location")

    err = load_error(tmp_path, DATAMAP.replace("version: 1\n", ""))
    assert "missing key 'version'" in err.message and err.line == 1

    err = load_error(tmp_path, DATAMAP.replace("version: 1", "version: 2"))
    assert err.line == 1 and err.message.startswith("version:")


def test_holding_needs_categories_and_purposes(tmp_path: Path) -> None:
    text = DATAMAP.replace("    categories: [user.device]\n", "")
    err = load_error(tmp_path, text)
    assert "missing key 'categories' in holdings[3]" in err.message
    assert err.line == line_of(text, '- location: "*.log"')


def test_purposes_checked_against_the_policy(tmp_path: Path) -> None:
    policy = load_policy(None)
    assert load_datamap(write(tmp_path, DATAMAP), policy=policy)  # customer_service is an id
    text = DATAMAP.replace("customer_service]", "custommer_service]")
    err = load_error(tmp_path, text, policy=policy)
    assert err.line == line_of(text, "custommer_service")
    assert err.hint == "did you mean 'customer_service'?"
    # Without a policy, ids cannot be checked and are kept as written.
    assert load_datamap(write(tmp_path, text)).holdings[0].purposes[-1] == "custommer_service"


def test_every_problem_is_listed_by_line(tmp_path: Path) -> None:
    text = (
        DATAMAP.replace(
            "    categories: [user.contact.email]", "    categroies: [user.contact.email]"
        )
        .replace("customer_service]", "custommer_service]")
        .replace("categories: [user.device]", "categories: [user.devise]")
        .replace('    location: "orders"', '    location: "orders"\n    location: "order"')
    )
    err = load_error(tmp_path, text, policy=load_policy(None))
    assert err.path is not None
    lines = str(err).splitlines()
    assert lines == [
        f"{err.path}, line 6: unknown key 'categroies' (did you mean 'categories'?)",
        f"{err.path}, line 7: unknown purpose 'custommer_service' "
        "(did you mean 'customer_service'?)",
        f"{err.path}, line 12: duplicate key 'location' (it is already set on line 11)",
        f"{err.path}, line {line_of(text, 'user.devise')}: unknown category 'user.devise' "
        "(did you mean 'user.device'?)",
    ]
    assert len(err.problems) == 4 and "more problem" not in str(err)


def test_two_missing_keys_and_a_wrong_type(tmp_path: Path) -> None:
    text = DATAMAP.replace("    categories: [user.device]\n", "").replace(
        "    purposes: [analytics.reporting]\n    description: Web logs.\n",
        "    description: [Web logs]\n",
    )
    err = load_error(tmp_path, text)
    holding = line_of(text, '- location: "*.log"')
    assert [(p.line, p.message) for p in err.problems] == [
        (holding, "missing key 'categories' in holdings[3]"),
        (holding, "missing key 'purposes' in holdings[3]"),
        (holding + 1, "holdings[3].description: Input should be a valid string"),
    ]

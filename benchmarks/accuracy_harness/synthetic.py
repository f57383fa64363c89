"""Seeded, labelled tables for the categories the public samples lack, and the traps.

Built with Faker (and ``phonenumbers`` for numbers that validate) from one fixed seed, so a
run is reproducible with the same Faker version. Written to a temporary directory as
Parquet, CSV and one SQLite file, scanned as one directory source, and never committed.

Every column carries its label: the categories it holds, or a ``trap`` reason saying why it
looks personal although it holds nothing (version strings, ``HH:MM:SS`` times, hashes,
UUID row keys, prices, lookup tables, hire dates, hostile free text).
"""

from __future__ import annotations

import csv
import random
import sqlite3
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import phonenumbers
import pyarrow as pa
import pyarrow.parquet as pq
from faker import Faker

from benchmarks.accuracy_harness.scoring import FieldLabel, StoreLabels

DEFAULT_SEED = 20261129
DEFAULT_ROWS = 300

Value = str | int | float | None

EMAIL = "user.contact.email"
NAME = "user.name"
PHONE = "user.contact.phone_number"
CARD = "user.financial.credit_card"
SSN = "user.government_id.national_identification_number"
DEVICE_ID = "user.device.device_id"
COOKIE_ID = "user.device.cookie_id"
IP = "user.device.ip_address"
DEVICE = "user.device"
DOB = "user.demographic.date_of_birth"
GENDER = "user.demographic.gender"
STREET = "user.contact.address.street"
CITY = "user.contact.address.city"
STATE = "user.contact.address.state"
POSTAL = "user.contact.address.postal_code"
JOB_TITLE = "user.job_title"


@dataclass(frozen=True)
class Column:
    """One labelled column: what it holds (``categories``) or why it is a trap."""

    name: str
    values: tuple[Value, ...]
    categories: tuple[str, ...] = ()
    trap: str = ""

    def __post_init__(self) -> None:
        # A column with neither would be an unlabelled negative: say what it is instead.
        if bool(self.categories) == bool(self.trap):
            raise ValueError(f"column {self.name!r}: give categories or a trap reason, not both")


@dataclass(frozen=True)
class Table:
    """A table and where it is written: ``x.parquet``, ``x.csv`` or ``file.db:table``."""

    location: str
    columns: tuple[Column, ...]


def build_tables(seed: int = DEFAULT_SEED, rows: int = DEFAULT_ROWS) -> list[Table]:
    """Every synthetic table, built from ``seed``; most have ``rows`` rows."""
    rng = random.Random(seed)
    fake = Faker(list(NAME_LOCALES))
    fake.seed_instance(seed)
    us = fake["en_US"]
    return [
        _devices(rng, us, rows),
        _sessions(rng, us, rows),
        _customers(rng, us, rows),
        _international_customers(rng, fake, rows),
        _addresses(rng, us, rows),
        _addresses_gb(rng, fake["en_GB"], rows),
        _employees(rng, us, rows),
        _payments(rng, us, rows),
        _orders(rng, us, rows),
        _countries(),
        _genres(rng),
        _comments(rng, rows),
    ]


def store_labels(tables: Sequence[Table], store: str = "synthetic") -> StoreLabels:
    """The labels of the tables as one complete store."""
    return StoreLabels(
        store=store,
        fields={
            (t.location, c.name): FieldLabel(categories=c.categories, trap=c.trap)
            for t in tables
            for c in t.columns
        },
        complete=True,
    )


def write_tables(tables: Sequence[Table], out_dir: Path) -> None:
    """Write each table where its location says (Parquet, CSV, or a table in a SQLite file)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for t in tables:
        if ":" in t.location:
            db, name = t.location.split(":", 1)
            _write_sqlite(t, out_dir / db, name)
        elif t.location.endswith(".parquet"):
            pq.write_table(
                pa.table({c.name: pa.array(list(c.values)) for c in t.columns}),
                out_dir / t.location,
            )
        elif t.location.endswith(".csv"):
            with (out_dir / t.location).open("w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh)
                w.writerow([c.name for c in t.columns])
                w.writerows(zip(*(c.values for c in t.columns), strict=True))
        else:
            raise ValueError(f"no writer for {t.location!r}")


def _write_sqlite(t: Table, path: Path, name: str) -> None:
    con = sqlite3.connect(path)
    try:
        cols = ", ".join(f'"{c.name}" {_sqlite_type(c.values)}' for c in t.columns)
        con.execute(f'CREATE TABLE "{name}" ({cols})')
        marks = ", ".join("?" for _ in t.columns)
        con.executemany(
            f'INSERT INTO "{name}" VALUES ({marks})',
            zip(*(c.values for c in t.columns), strict=True),
        )
        con.commit()
    finally:
        con.close()


def _sqlite_type(values: Sequence[Value]) -> str:
    kinds = {type(v) for v in values if v is not None}
    return "INTEGER" if kinds == {int} else "REAL" if kinds <= {int, float} else "TEXT"


# --- value makers -----------------------------------------------------------------------------

# Locales for names in many scripts: Latin with diacritics, Cyrillic, Greek, Arabic, Devanagari,
# CJK, Hangul, Vietnamese.
NAME_LOCALES = (
    "en_US",
    "en_GB",
    "de_DE",
    "fr_FR",
    "es_MX",
    "pl_PL",
    "tr_TR",
    "ru_RU",
    "el_GR",
    "ar_AA",
    "hi_IN",
    "zh_CN",
    "ja_JP",
    "ko_KR",
    "vi_VN",
)
PHONE_REGIONS = ("US", "GB", "DE", "FR", "IN", "BR", "JP", "AU", "ES", "MX", "NG", "ZA")
# Type allocation codes of common handsets: an IMEI starts with one.
IMEI_TACS = ("35332011", "35875605", "86012303", "35391810", "01326300", "35674108", "86769703")


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _hex(rng: random.Random, n: int) -> str:
    return f"{rng.getrandbits(4 * n):0{n}x}"


def _luhn_complete(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:  # doubled: the check digit will sit to the right of this one
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return digits + str((10 - total % 10) % 10)


def _imei(rng: random.Random) -> str:
    return _luhn_complete(rng.choice(IMEI_TACS) + f"{rng.randrange(10**6):06d}")


def _phone(rng: random.Random, region: str) -> phonenumbers.PhoneNumber:
    """A random number that ``phonenumbers`` accepts as valid for ``region``."""
    kind = rng.choice(
        (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)
    )
    example = phonenumbers.example_number_for_type(region, kind)
    national = str(example.national_number)
    for attempt in range(400):
        # Keep the first digit (the number's kind), vary the rest; keep more of the example's
        # prefix when random digits keep failing validation.
        keep = 1 + attempt // 100
        tail = "".join(rng.choice("0123456789") for _ in range(len(national) - keep))
        candidate = phonenumbers.parse(f"+{example.country_code}{national[:keep]}{tail}")
        if phonenumbers.is_valid_number(candidate):
            return candidate
    return example


def _fmt(number: phonenumbers.PhoneNumber, style: int) -> str:
    return phonenumbers.format_number(number, style)


def _birth_dates(us: Faker, rows: int) -> list[date]:
    return [us.date_of_birth(minimum_age=16, maximum_age=95) for _ in range(rows)]


def _dates_between(rng: random.Random, start: date, end: date, rows: int) -> list[date]:
    span = (end - start).days
    return [start + timedelta(days=rng.randrange(span)) for _ in range(rows)]


def _timestamps(rng: random.Random, rows: int) -> list[str]:
    base = datetime(2023, 1, 1)
    return [
        (base + timedelta(seconds=rng.randrange(60 * 60 * 24 * 700))).isoformat(sep=" ")
        for _ in range(rows)
    ]


def _clock(rng: random.Random) -> str:
    return f"{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"


def _many(n: int, make: Callable[[], Value]) -> tuple[Value, ...]:
    return tuple(make() for _ in range(n))


# --- tables -----------------------------------------------------------------------------------


def _devices(rng: random.Random, us: Faker, n: int) -> Table:
    windows_builds = ("6.1.7601.17514", "6.3.9600.16384", "10.0.19045.3803", "10.0.22631.2861")
    return Table(
        "devices.parquet",
        (
            Column("id", _many(n, lambda: _uuid(rng)), trap="UUID row key named id"),
            Column("device_id", _many(n, lambda: _uuid(rng).upper()), (DEVICE_ID,)),  # IDFA
            Column("ifa", _many(n, lambda: _uuid(rng)), (DEVICE_ID,)),  # GAID
            Column("adid", _many(n, lambda: _uuid(rng)), (DEVICE_ID,)),
            Column("android_id", _many(n, lambda: _hex(rng, 16)), (DEVICE_ID,)),
            Column("imei", _many(n, lambda: _imei(rng)), (DEVICE_ID,)),
            Column("mac_address", _many(n, us.mac_address), (DEVICE_ID,)),
            Column("client_ip", _many(n, us.ipv6), (IP,)),
            Column(
                "os_build",
                _many(n, lambda: rng.choice(windows_builds)),
                trap="Windows build numbers shaped like IPv4 addresses",
            ),
            Column(
                "app_version",
                _many(n, lambda: f"{rng.randrange(1, 20)}.{rng.randrange(10)}.{rng.randrange(40)}"),
                trap="app version strings",
            ),
            Column("last_seen", _many(n, lambda: _clock(rng)), trap="HH:MM:SS times"),
        ),
    )


def _sessions(rng: random.Random, us: Faker, n: int) -> Table:
    def ga() -> str:
        return f"GA1.2.{rng.randrange(10**8, 10**10)}.{rng.randrange(1_600_000_000, 1_760_000_000)}"

    def cookie_header() -> str:
        if rng.random() < 0.5:
            return f"JSESSIONID={_hex(rng, 32).upper()}; lang=en-US"
        sid = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(26))
        return f"PHPSESSID={sid}; theme=dark"

    return Table(
        "sessions.csv",
        (
            Column("request_id", _many(n, lambda: _uuid(rng)), trap="UUID request key"),
            Column("session_id", _many(n, lambda: _hex(rng, 32)), (COOKIE_ID,)),
            Column("ga_cookie", _many(n, ga), (COOKIE_ID,)),
            Column("cookie", _many(n, cookie_header), (COOKIE_ID,)),
            Column("user_agent", _many(n, us.user_agent), (DEVICE,)),
            Column("duration", _many(n, lambda: _clock(rng)), trap="HH:MM:SS durations"),
            Column(
                "bytes_sent",
                _many(n, lambda: rng.randrange(200, 2_000_000)),
                trap="numeric counters",
            ),
        ),
    )


def _customers(rng: random.Random, us: Faker, n: int) -> Table:
    born = _birth_dates(us, n)
    genders = ("F", "M", "Female", "Male", "female", "male", "Non-binary", "F", "M")
    return Table(
        "people.db:customers",
        (
            Column("id", tuple(range(1, n + 1)), trap="integer row key"),
            Column(
                "full_name",
                _many(n, lambda: f"{us.first_name()} {us.last_name()}".upper()),
                (NAME,),
            ),
            Column("email", _many(n, us.email), (EMAIL,)),
            Column("dob", tuple(d.isoformat() for d in born), (DOB,)),
            Column("birth_date", tuple(d.strftime("%m/%d/%Y") for d in born), (DOB,)),
            Column("birthday", tuple(f"{d.day} {d:%B} {d.year}" for d in born), (DOB,)),
            Column("date_of_birth", tuple(d.strftime("%Y%m%d") for d in born), (DOB,)),
            Column("gender", _many(n, lambda: rng.choice(genders)), (GENDER,)),
            Column(
                "phone",
                _many(n, lambda: str(_phone(rng, "US").national_number)),
                (PHONE,),
            ),
            Column("ssn", _many(n, us.ssn), (SSN,)),
            Column("created_at", tuple(_timestamps(rng, n)), trap="record creation timestamps"),
        ),
    )


def _international_customers(rng: random.Random, fake: Faker, n: int) -> Table:
    locales = [rng.choice(NAME_LOCALES) for _ in range(n)]
    regions = [rng.choice(PHONE_REGIONS) for _ in range(n)]
    nat = phonenumbers.PhoneNumberFormat.NATIONAL
    intl = phonenumbers.PhoneNumberFormat.INTERNATIONAL
    e164 = phonenumbers.PhoneNumberFormat.E164
    return Table(
        "people.db:international_customers",
        (
            Column("customer_id", tuple(range(10_001, 10_001 + n)), trap="integer row key"),
            Column("name", tuple(fake[loc].name() for loc in locales), (NAME,)),
            Column("first_name", tuple(fake[loc].first_name() for loc in locales), (NAME,)),
            Column("last_name", tuple(fake[loc].last_name() for loc in locales), (NAME,)),
            Column("phone_number", tuple(_fmt(_phone(rng, r), nat) for r in regions), (PHONE,)),
            Column("phone_intl", tuple(_fmt(_phone(rng, r), intl) for r in regions), (PHONE,)),
            Column("mobile", tuple(_fmt(_phone(rng, r), e164) for r in regions), (PHONE,)),
        ),
    )


def _addresses(rng: random.Random, us: Faker, n: int) -> Table:
    half = n // 2
    return Table(
        "people.db:addresses",
        (
            Column("id", tuple(range(1, n + 1)), trap="integer row key"),
            Column("customer_id", _many(n, lambda: rng.randrange(1, 5000)), trap="integer key"),
            Column("street", _many(n, us.street_address), (STREET,)),
            Column("city", _many(n, us.city), (CITY,)),
            # Half abbreviated, half spelt out, as exports mix them.
            Column("state", _many(half, us.state_abbr) + _many(n - half, us.state), (STATE,)),
            Column("zip", _many(half, us.zipcode) + _many(n - half, us.zipcode_plus4), (POSTAL,)),
        ),
    )


def _addresses_gb(rng: random.Random, gb: Faker, n: int) -> Table:
    return Table(
        "people.db:addresses_gb",
        (
            Column("id", tuple(range(1, n + 1)), trap="integer row key"),
            Column("address_line1", _many(n, gb.street_address), (STREET,)),
            Column("city", _many(n, gb.city), (CITY,)),
            Column("postcode", _many(n, gb.postcode), (POSTAL,)),
        ),
    )


def _employees(rng: random.Random, us: Faker, n: int) -> Table:
    hired = _dates_between(rng, date(1995, 1, 1), date(2025, 12, 31), n)
    return Table(
        "people.db:employees",
        (
            Column("employee_id", tuple(range(501, 501 + n)), trap="integer row key"),
            Column("name", _many(n, us.name), (NAME,)),
            Column("job_title", _many(n, us.job), (JOB_TITLE,)),
            Column("hire_date", tuple(d.isoformat() for d in hired), trap="hire dates"),
            Column("created_at", tuple(_timestamps(rng, n)), trap="record creation timestamps"),
        ),
    )


def _payments(rng: random.Random, us: Faker, n: int) -> Table:
    cards = [us.credit_card_number() for _ in range(n)]

    def spaced(card: str) -> str:
        return " ".join(card[i : i + 4] for i in range(0, len(card), 4))

    return Table(
        "people.db:payments",
        (
            Column("id", _many(n, lambda: _uuid(rng)), trap="UUID row key named id"),
            Column("card_number", tuple(cards), (CARD,)),
            Column("card_display", tuple(spaced(c) for c in cards), (CARD,)),
            Column(
                "amount",
                _many(n, lambda: round(rng.uniform(1, 2500), 2)),
                trap="prices",
            ),
            Column("currency", _many(n, lambda: rng.choice(("USD", "EUR", "GBP"))), trap="codes"),
        ),
    )


def _orders(rng: random.Random, us: Faker, n: int) -> Table:
    colours = ("BLK", "WHT", "RED", "BLU", "GRN")
    return Table(
        "orders.parquet",
        (
            Column("order_id", _many(n, lambda: _uuid(rng)), trap="UUID order key"),
            Column("request_id", _many(n, lambda: _uuid(rng)), trap="UUID request key"),
            Column("customer_id", _many(n, lambda: rng.randrange(1, 10**6)), trap="numeric ids"),
            Column(
                "sku",
                _many(n, lambda: f"SKU-{rng.randrange(10**5):05d}-{rng.choice(colours)}"),
                trap="SKUs",
            ),
            Column("quantity", _many(n, lambda: rng.randrange(1, 12)), trap="quantities"),
            Column("unit_price", _many(n, lambda: round(rng.uniform(0.5, 999), 2)), trap="prices"),
            Column(
                "total",
                _many(n, lambda: f"{rng.uniform(5, 25_000):,.2f}"),
                trap="formatted totals",
            ),
            Column("created_at", tuple(_timestamps(rng, n)), trap="order timestamps"),
            Column("content_sha1", _many(n, lambda: _hex(rng, 40)), trap="SHA-1 hashes"),
            Column("content_sha256", _many(n, lambda: _hex(rng, 64)), trap="SHA-256 hashes"),
        ),
    )


def _countries() -> Table:
    from faker.providers.address.en_US import Provider as UsAddress

    # Region codes with their calling codes from phonenumbers; names from Faker's list.
    regions = sorted(phonenumbers.SUPPORTED_REGIONS)
    names = UsAddress.countries
    n = min(len(regions), len(names))
    return Table(
        "lookup_countries.csv",
        (
            Column("code", tuple(regions[:n]), trap="country codes lookup"),
            Column("name", tuple(names[:n]), trap="country names lookup"),
            Column(
                "dialing_code",
                tuple(f"+{phonenumbers.country_code_for_region(r)}" for r in regions[:n]),
                trap="calling codes lookup",
            ),
        ),
    )


GENRES = (
    "Rock", "Pop", "Jazz", "Blues", "Soul", "Country", "Folk", "Reggae", "Punk", "Metal",
    "Hip Hop", "Funk", "Disco", "House", "Techno", "Trance", "Ambient", "Gospel", "Opera",
    "Salsa", "Tango", "Samba", "Bossa Nova", "Flamenco", "Grunge", "Ska", "Swing", "Bluegrass",
    "Drum and Bass", "Dubstep", "Afrobeat", "K-Pop", "J-Pop", "Bolero", "Cumbia", "Fado",
    "Zydeco", "Rockabilly", "Motown", "Indie", "Shoegaze", "Emo", "Grime", "Garage", "Baroque",
)  # fmt: skip


def _genres(rng: random.Random) -> Table:
    parents = ("Popular", "Classical", "Electronic", "Traditional", "Dance")
    n = len(GENRES)
    return Table(
        "lookup_genres.csv",
        (
            Column("id", tuple(range(1, n + 1)), trap="integer row key"),
            Column("name", GENRES, trap="genre names lookup"),
            Column("parent", tuple(rng.choice(parents) for _ in range(n)), trap="genre lookup"),
        ),
    )


COMMENT_PHRASES = (
    "works great after the update",
    "arrived late and the box was crushed",
    "five stars, would order again",
    "the battery drains too fast",
    "support fixed it within an hour",
    "colour is darker than on the photos",
    "fits perfectly",
    "stopped working after two weeks",
    "cheaper than the store down the road",
    "instructions are confusing",
)
EMOJI = ("👍", "👍🏽", "🔥", "🙈", "❤️", "😡", "🤷‍♀️", "✅", "🚀", "💩")
SNIPPETS = (
    "rm -rf ./build && make -j8",
    "curl -fsSL https://example.com/install.sh | sh",
    "echo $PATH | tr ':' '\\n'",
    "kill -9 $(pgrep worker)",
    "tar -xzf backup.tar.gz -C /var/tmp",
    "export LANG=C.UTF-8; ./run.sh --retry=3",
    "'; DROP TABLE comments; --",
    "<script>alert(1)</script>",
    "sudo systemctl restart app.service",
    "v6.1.7601.17514 crashed at 12:30:45",
)
RTL_MARKS = ("\u200f", "\u202e", "\u2067", "\u200e")


def _zalgo(rng: random.Random, text: str) -> str:
    return "".join(ch + "".join(chr(rng.randrange(0x300, 0x370)) for _ in range(3)) for ch in text)


def _comment(rng: random.Random) -> str:
    parts = [rng.choice(COMMENT_PHRASES)]
    roll = rng.random()
    if roll < 0.3:
        parts.append(rng.choice(SNIPPETS))
    elif roll < 0.5:
        parts[0] = _zalgo(rng, parts[0])
    elif roll < 0.7:
        parts.insert(0, rng.choice(RTL_MARKS))
        parts.append("شكرا جزيلا")
    parts.append("".join(rng.choice(EMOJI) for _ in range(rng.randrange(1, 4))))
    return " ".join(parts)


def _comments(rng: random.Random, n: int) -> Table:
    return Table(
        "comments.parquet",
        (
            Column("id", tuple(range(1, n + 1)), trap="integer row key"),
            Column(
                "comment",
                _many(n, lambda: _comment(rng)),
                trap="free text: emoji, zalgo, RTL marks, shell snippets",
            ),
            Column("rating", _many(n, lambda: rng.randrange(1, 6)), trap="ratings"),
        ),
    )

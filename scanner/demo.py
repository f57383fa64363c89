"""The demo workspace: a small shop's stores, filled with Faker values, and a data map.

The data map declares the customer table, most of the event export and the access logs, and
leaves out the support tickets, the application log and the export's IP addresses and user
agents, so every store shows declared, undeclared and not_in_policy holdings side by side.
"""

from __future__ import annotations

import gzip
import json
import random
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from scanner.errors import UsageError

if TYPE_CHECKING:
    from faker import Faker

DATAMAP = """\
# Which stores hold which personal data, and why. piiscan compares its findings with this.
version: 1
holdings:
  - source: "*shop.db"
    location: customers
    field: "*"
    categories: [user.name, user.contact.email, user.contact.address]
    purposes: [essential.service, essential.service.notifications.email]
    description: Customer accounts; addresses for licence invoices.
  - source: "*shop.db"
    location: orders
    field: "*"
    categories: [user.behavior.purchase_history]
    purposes: [essential.service.payment_processing]
  - location: exports/app_events
    field: "*"
    categories: [user.device.device_id, user.contact.email, user.device.cookie_id]
    purposes: [analytics.reporting, functional.service.improve]
    description: Product analytics export.
  - location: "logs/access.log*"
    field: "*"
    categories: [user.device.ip_address, user.device, user.behavior.browsing_history]
    purposes: [essential.service.security, analytics.reporting]
    description: nginx access logs.
"""


@dataclass(frozen=True)
class DemoWorkspace:
    root: Path
    sources: tuple[str, ...]
    datamap: Path


#: Marks a directory piiscan wrote, so that a rerun may overwrite it and nothing else is.
MARKER = ".piiscan-demo"


def write_demo_workspace(root: Path, seed: int = 7) -> DemoWorkspace:
    """Write the demo workspace under ``root`` and return where things are.

    ``root`` must be missing, empty, or a demo workspace written before (it holds
    :data:`MARKER`); anything else raises :class:`UsageError` rather than overwrite a
    user's files.
    """
    from faker import Faker

    if root.exists() and not (root / MARKER).exists() and any(root.iterdir()):
        raise UsageError(
            f"{root} is not empty and is not a piiscan demo workspace: refusing to overwrite "
            "it (give a new or empty directory)"
        )
    fake = Faker("en_US")
    Faker.seed(seed)
    rnd = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).write_text("written by `piiscan demo`; safe to delete\n", encoding="utf-8")
    now = datetime(2026, 11, 1, tzinfo=UTC)
    db = root / "shop.db"
    _write_shop(db, fake, rnd, now)
    _write_events(root / "exports" / "app_events", fake, rnd, now)
    _write_logs(root / "logs", fake, rnd, now)
    datamap = root / "datamap.yaml"
    datamap.write_text(DATAMAP, encoding="utf-8")
    return DemoWorkspace(
        root=root,
        sources=(f"sqlite:///{db}", str(root / "exports"), str(root / "logs")),
        datamap=datamap,
    )


def _write_shop(db: Path, fake: Faker, rnd: random.Random, now: datetime) -> None:
    db.unlink(missing_ok=True)
    con = sqlite3.connect(db)
    con.executescript(
        """
        CREATE TABLE customers (
            id INTEGER PRIMARY KEY, first_name TEXT, last_name TEXT, email TEXT, phone TEXT,
            street TEXT, city TEXT, state TEXT, zip TEXT, date_of_birth DATE, created_at TEXT);
        CREATE TABLE products (
            id INTEGER PRIMARY KEY, name TEXT, sku TEXT, price REAL, category TEXT);
        CREATE TABLE orders (
            id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id),
            product_id INTEGER REFERENCES products(id), ordered_at TEXT, total REAL,
            card_number TEXT, licence_key TEXT);
        CREATE TABLE support_tickets (
            id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id),
            opened_at TEXT, subject TEXT, body TEXT);
        """
    )
    customers = []
    for i in range(1, 501):
        first, last = fake.first_name(), fake.last_name()
        email = f"{first}.{last}{rnd.randint(1, 99)}@{fake.free_email_domain()}".lower()
        customers.append((first, last, email))
        con.execute(
            "INSERT INTO customers VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                i,
                first,
                last,
                email,
                fake.phone_number(),
                fake.street_address(),
                fake.city(),
                fake.state_abbr(),
                fake.postcode(),
                fake.date_of_birth(minimum_age=18, maximum_age=85).isoformat(),
                (now - timedelta(days=rnd.randint(1, 2000))).isoformat(),
            ),
        )
    categories = ["Licences", "Support plans", "Training", "Hardware"]
    for i in range(1, 41):
        con.execute(
            "INSERT INTO products VALUES (?,?,?,?,?)",
            (
                i,
                f"{fake.word().title()} {rnd.choice(['Pro', 'Team', 'Cloud', 'Kit'])}",
                f"SKU-{rnd.randint(10000, 99999)}-{rnd.choice('ABCXYZ')}",
                round(rnd.uniform(5, 900), 2),
                rnd.choice(categories),
            ),
        )
    for i in range(1, 1501):
        con.execute(
            "INSERT INTO orders VALUES (?,?,?,?,?,?,?)",
            (
                i,
                rnd.randint(1, 500),
                rnd.randint(1, 40),
                (now - timedelta(minutes=rnd.randint(1, 10**6))).isoformat(),
                round(rnd.uniform(5, 5000), 2),
                fake.credit_card_number(),
                fake.uuid4().upper()[:23],
            ),
        )
    for i in range(1, 201):
        first, last, email = rnd.choice(customers)
        body = rnd.choice(
            [
                f"Hi, this is {first} {last}. I cannot log in, please reset the account "
                f"for {email}.",
                f"Please call me back on {fake.phone_number()}, regards {first} {last}",
                f"My invoice went to the wrong address, it should be {fake.street_address()}, "
                f"{fake.city()}.",
                "The desktop app crashes when I open the settings page.",
                f"Can {fake.first_name()} {fake.last_name()} from our team get a licence too?",
            ]
        )
        con.execute(
            "INSERT INTO support_tickets VALUES (?,?,?,?,?)",
            (
                i,
                rnd.randint(1, 500),
                (now - timedelta(days=rnd.randint(1, 700))).isoformat(),
                rnd.choice(["Login problem", "Invoice", "Crash", "Licence"]),
                body,
            ),
        )
    con.commit()
    con.close()


_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Mobile/15E148",
    "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.6478.71 Mobile Safari/537.36",
)


def _write_events(directory: Path, fake: Faker, rnd: random.Random, now: datetime) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    for day in range(3):
        dt = (now - timedelta(days=day)).date().isoformat()
        rows = []
        for _ in range(1000):
            rows.append(
                {
                    "event_id": fake.uuid4(),
                    "event_type": rnd.choice(["page_view", "click", "search", "signup"]),
                    "ts": now - timedelta(days=day, seconds=rnd.randint(0, 86399)),
                    "user": {
                        "id": rnd.randint(1, 500),
                        "email": fake.email(),
                        "phone": fake.phone_number() if rnd.random() < 0.3 else None,
                    },
                    "device": {
                        "ifa": fake.uuid4(),
                        "ip": fake.ipv4_public() if rnd.random() < 0.8 else fake.ipv6(),
                        "os": rnd.choice(["iOS 17.5", "Android 14", "Windows 11", "macOS 14"]),
                    },
                    "user_agent": rnd.choice(_AGENTS),
                    "page_url": f"https://example.com/{fake.uri_path()}",
                    "session_id": fake.sha1()[:32],
                    "duration_ms": rnd.randint(10, 60000),
                }
            )
        part = directory / f"dt={dt}"
        part.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pylist(rows), part / "part-0.parquet")


def _write_logs(directory: Path, fake: Faker, rnd: random.Random, now: datetime) -> None:
    directory.mkdir(parents=True, exist_ok=True)

    def access_lines(n: int, start: datetime) -> list[str]:
        out = []
        for i in range(n):
            t = (start + timedelta(seconds=i * 7)).strftime("%d/%b/%Y:%H:%M:%S +0000")
            path = rnd.choice(
                ["/", "/pricing", "/login", "/api/v4/users/me", f"/{fake.uri_path()}"]
            )
            out.append(
                f'{fake.ipv4_public()} - - [{t}] "GET {path} HTTP/1.1" '
                f"{rnd.choice([200, 200, 200, 301, 404])} {rnd.randint(200, 50000)} "
                f'"{rnd.choice(["-", "https://www.google.com/", "https://example.com/"])}" '
                f'"{rnd.choice(_AGENTS)}"'
            )
        return out

    (directory / "access.log").write_text(
        "\n".join(access_lines(2000, now - timedelta(hours=4))) + "\n", encoding="utf-8"
    )
    with gzip.open(directory / "access.log.1.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(access_lines(2000, now - timedelta(days=1))) + "\n")
    lines = []
    for i in range(1000):
        t = (now - timedelta(seconds=1000 - i)).isoformat().replace("+00:00", "Z")
        kind = rnd.random()
        if kind < 0.4:
            lines.append(
                f'{t} level=info msg="user signed in" user_id={rnd.randint(1, 500)} '
                f"email={fake.email()} ip={fake.ipv4_public()}"
            )
        elif kind < 0.6:
            lines.append(
                f'{t} level=warn msg="password reset requested" email={fake.email()} '
                f"phone={json.dumps(fake.phone_number())}"
            )
        else:
            lines.append(
                f'{t} level=info msg="job finished" job=reindex duration_ms={rnd.randint(5, 900)}'
            )
    (directory / "app.log").write_text("\n".join(lines) + "\n", encoding="utf-8")

"""Nothing leaks, end to end: distinctive secrets (emails, card numbers, SSNs, phone numbers,
IPs, person names, database passwords) are planted in every kind of store and in the database
URLs, every command runs in every output format (reports to standard output and to files,
config outputs, JSON logs, the progress bar on a pseudo-terminal, history, diff, refused
logins, unreachable servers, unreadable files), and neither what any of them printed nor any
file they wrote (reports, the findings store with its -wal/-shm) holds any spelling of any
secret.

One module-scoped run (:func:`transcript`) does the work; the tests below check it, and check
that the check could fail: the secrets really are in the stores, the scans really found their
categories, and :func:`leaks` spots each secret however it is spelled.
"""

from __future__ import annotations

import gzip
import json
import os
import pty
import random
import select
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, quote_plus

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from scanner.cli import cli
from tests.connectors.servers import (
    MARIADB_ADMIN,
    execute,
    mariadb_database,
    postgres_database,
    query,
)

ROWS = 12
FIRST = ["Zelda", "Orsino", "Philippa", "Thaddeus", "Ysolde", "Barnaby"]
FIRST += ["Clementine", "Evander", "Marisol", "Ignatius", "Rosalind", "Zoë"]
LAST = ["Quartermaine", "Vexley", "Thistlewood", "Abernathy", "Fairweather", "Ollivanter"]
LAST += ["Brackenbury", "Montgomerie", "Lockhartson", "Pemberly", "Wintergreen", "Ashcombe"]
NAMES = [f"{first} {last}" for first, last in zip(FIRST, LAST, strict=True)]
EMAILS = [
    f"{first.lower().replace('ë', 'e')}.{last.lower()}@quillmarsh-post.com"
    for first, last in zip(FIRST, LAST, strict=True)
]
PHONES = [f"+1 917-384-{2211 + 7 * i}" for i in range(ROWS)]
IPS = [f"81.94.207.{11 + 7 * i}" for i in range(ROWS)]
SSNS = [f"{512 + i}-{37 + i}-{8841 + 3 * i}" for i in range(ROWS)]


def _luhn_completed(digits: str) -> str:
    """``digits`` with the Luhn check digit appended."""
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return digits + str((10 - total % 10) % 10)


_RANDOM = random.Random(20240611)
CARDS = [
    _luhn_completed("4" + "".join(_RANDOM.choice("0123456789") for _ in range(14)))
    for _ in range(ROWS)
]
#: A password written into the database URLs on the command line.
PASSWORD = "Sup3r-Secret-Pa55"
#: A password only in the environment, referenced as ``${PIISCAN_LEAK_PW}``; it needs
#: URL-encoding, so its encoded spelling is checked too.
ENV_PASSWORD = "Env0nly/P@ss:w0rd#9"
#: A wrong password, refused by MariaDB.
WRONG_PASSWORD = "Wr0ng-Guess-Pa55"
#: A password written with a raw "@" (not %40) into a URL.
RAW_AT_PASSWORD = "R4w@Pass-Word"
PASSWORDS = [PASSWORD, ENV_PASSWORD, WRONG_PASSWORD, RAW_AT_PASSWORD]
DATA_SECRETS = NAMES + EMAILS + PHONES + IPS + SSNS + CARDS
SECRETS = DATA_SECRETS + PASSWORDS
#: Parts that must not leak either: surnames alone, the part of an email before the "@".
FRAGMENTS = LAST + [e.split("@")[0] for e in EMAILS]


def spellings(secret: str) -> set[bytes]:
    """Every form in which ``secret`` could be written: as is, URL-encoded (path and form),
    JSON-escaped, and for numbers their digits alone; lower-cased, since :func:`leaks`
    compares lower-cased bytes."""
    forms = {secret, quote(secret, safe=""), quote_plus(secret), json.dumps(secret)[1:-1]}
    digits = "".join(c for c in secret if c.isdigit())
    if len(digits) >= 9 and not any(c.isalpha() for c in secret):
        forms.add(digits)
    return {f.lower().encode() for f in forms}


def leaks(blobs: dict[str, bytes], secrets: list[str]) -> list[tuple[str, str]]:
    """(where, secret) for every blob that holds any spelling of any secret."""
    found = []
    for where, blob in blobs.items():
        lowered = blob.lower()
        for secret in secrets:
            if any(form in lowered for form in spellings(secret)):
                found.append((where, secret))
    return found


# --- the stores --------------------------------------------------------------------------


def _rows() -> list[dict[str, str]]:
    return [
        {
            "full_name": NAMES[i],
            "email": EMAILS[i],
            "phone": PHONES[i],
            "ssn": SSNS[i],
            "card_number": CARDS[i],
            "last_ip": IPS[i],
        }
        for i in range(ROWS)
    ]


def _sentence(i: int) -> str:
    """Free text mentioning values, as support notes and log messages do."""
    return (
        f"refund for {NAMES[i]} sent to {EMAILS[i]}, call back on {PHONES[i]}, "
        f"card {CARDS[i]} ssn {SSNS[i]} from {IPS[i]}"
    )


def plant_files(root: Path) -> list[Path]:
    """Every kind of file the scanner reads, each holding the secrets, plus files that cannot
    be read (a corrupt Parquet file, a truncated gzip, a binary file named .csv); returns the
    files written."""
    root.mkdir()
    rows = _rows()
    con = sqlite3.connect(root / "shop.db")
    con.execute(
        "CREATE TABLE customers (id INTEGER PRIMARY KEY, full_name TEXT, email TEXT, "
        "phone TEXT, ssn TEXT, card_number TEXT, last_ip TEXT)"
    )
    con.executemany(
        "INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(i, *r.values()) for i, r in enumerate(rows)],
    )
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    con.executemany("INSERT INTO notes VALUES (?, ?)", [(i, _sentence(i)) for i in range(ROWS)])
    con.commit()
    con.close()

    header = ",".join(rows[0])
    csv_lines = [header] + [",".join(r.values()) for r in rows]
    # A row with one field too many: skipped with a note, which must not quote it.
    csv_lines.insert(5, ",".join(rows[0].values()) + f",{EMAILS[1]}")
    (root / "contacts.csv").write_text("\n".join(csv_lines) + "\n")

    pq.write_table(pa.Table.from_pylist(rows), root / "payments.parquet")

    jsonl = [
        json.dumps({"user": {"email": r["email"], "ip": r["last_ip"]}, "phone": r["phone"]})
        for r in rows
    ]
    jsonl.insert(3, f"not json: {EMAILS[2]} {CARDS[2]} {PASSWORD}")
    (root / "events.jsonl").write_text("\n".join(jsonl) + "\n")

    (root / "access.log").write_text(
        "".join(
            f'{IPS[i]} - - [10/Oct/2024:13:55:{i:02d} +0000] "GET /account?email='
            f'{quote(EMAILS[i])}&q={quote_plus(NAMES[i])} HTTP/1.1" 200 {100 + i} '
            f'"https://shop.example.com/cart/{i}" "ShopApp/4.2 ({EMAILS[i]}; iOS 17.1)"\n'
            for i in range(ROWS)
        )
    )
    (root / "app.log").write_text(
        "".join(
            f"ts=2024-10-10T13:55:{i:02d}Z level=info user_email={EMAILS[i]} "
            f'client_ip={IPS[i]} phone="{PHONES[i]}" msg="{_sentence(i)}"\n'
            for i in range(ROWS)
        )
    )
    # Unreadable files, each full of secrets: their errors must describe, never quote.
    (root / "broken.parquet").write_bytes(
        b"PAR1" + " ".join(DATA_SECRETS).encode() + b"\x00\x15\x02PAR1"
    )
    whole = gzip.compress("".join(_sentence(i) + "\n" for i in list(range(ROWS)) * 50).encode())
    (root / "archive.log.gz").write_bytes(whole[: len(whole) // 2])
    (root / "dump.csv").write_bytes(b"\x00\x01\x02" + ",".join(DATA_SECRETS).encode() + b"\x00")
    return sorted(p for p in root.iterdir() if p.is_file())


def plant_postgres(admin_url: str) -> None:
    """The secrets in tables, and a view whose error message would quote an email."""
    execute(
        admin_url,
        "CREATE TABLE customers (id int PRIMARY KEY, full_name text, email text, phone text,"
        " ssn text, card_number text, last_ip inet)",
        "CREATE TABLE notes (id int PRIMARY KEY, body text)",
        "INSERT INTO notes VALUES (:id, :body)",
        params=[{"id": i, "body": _sentence(i)} for i in range(ROWS)],
    )
    execute(
        admin_url,
        "INSERT INTO customers VALUES (:id, :full_name, :email, :phone, :ssn, :card_number,"
        " CAST(:last_ip AS inet))",
        params=[{"id": i, **r} for i, r in enumerate(_rows())],
    )
    execute(
        admin_url,
        "CREATE FUNCTION shout(v text) RETURNS text LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'bad value %', v; END $$",
        "CREATE VIEW shouting AS SELECT shout(email) AS email FROM customers",
    )


def plant_mariadb(root_url: str, database: str, user: str) -> None:
    """The secrets in a table, readable by ``user`` (password :data:`PASSWORD`), and a view
    whose error message would quote an email."""
    execute(
        root_url,
        "CREATE TABLE customers (id int PRIMARY KEY, full_name text, email text, phone text,"
        " ssn text, card_number text, last_ip text)",
        "INSERT INTO customers VALUES (:id, :full_name, :email, :phone, :ssn, :card_number,"
        " :last_ip)",
        params=[{"id": i, **r} for i, r in enumerate(_rows())],
    )
    execute(
        root_url,
        "CREATE FUNCTION shout(v text) RETURNS text DETERMINISTIC "
        "BEGIN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = v; RETURN v; END",
        "CREATE VIEW shouting AS SELECT shout(email) AS email FROM customers",
    )
    execute(
        MARIADB_ADMIN,
        f"CREATE USER '{user}'@'%' IDENTIFIED BY '{PASSWORD}'",
        f"GRANT SELECT, EXECUTE ON `{database}`.* TO '{user}'@'%'",
    )


# --- running the commands ----------------------------------------------------------------


@dataclass
class Transcript:
    """Everything the commands printed and wrote, and what they returned."""

    root: Path
    planted: list[Path]
    #: name -> bytes printed (standard output, standard error, anything written to fds 1/2)
    printed: dict[str, bytes] = field(default_factory=dict)
    #: name -> standard output alone, and standard error alone
    stdout: dict[str, bytes] = field(default_factory=dict)
    stderr: dict[str, bytes] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)
    #: path -> bytes of every file created or changed while the commands ran
    written: dict[str, bytes] = field(default_factory=dict)
    #: name -> text of every row of a findings store kept in PostgreSQL
    database_store: dict[str, bytes] = field(default_factory=dict)
    postgres: bool = False
    mariadb: bool = False

    def all_output(self) -> dict[str, bytes]:
        return {**self.printed, **self.written, **self.database_store}


@contextmanager
def fd_output() -> Iterator[list[bytes]]:
    """Whatever reaches file descriptors 1 and 2 directly (C libraries, child processes),
    bypassing the streams click's runner swaps in."""
    got: list[bytes] = []
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 1)
        os.dup2(sink.fileno(), 2)
        try:
            yield got
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
            sink.seek(0)
            got.append(sink.read())


def run_cli(t: Transcript, name: str, *args: str) -> int:
    """Run ``piiscan ARGS`` in-process; keep all it printed under ``name``."""
    with fd_output() as raw:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    t.printed[name] = result.stdout_bytes + b"\n" + result.stderr_bytes + b"\n" + raw[0]
    t.stdout[name] = result.stdout_bytes
    t.stderr[name] = result.stderr_bytes
    t.codes[name] = result.exit_code
    return result.exit_code


def run_on_terminal(t: Transcript, name: str, *args: str) -> int:
    """Run ``piiscan ARGS`` in a child process whose standard error is a pseudo-terminal, so
    the progress bar is drawn; keep everything it wrote to either."""
    master, slave = pty.openpty()
    with tempfile.TemporaryFile() as stdout:
        child = subprocess.Popen(
            [sys.executable, "-m", "scanner", *args],
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=slave,
            cwd=t.root,
        )
        os.close(slave)
        drawn = bytearray()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if not select.select([master], [], [], 0.5)[0]:
                if child.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every writer closed the terminal
                break
            if not chunk:
                break
            drawn += chunk
        os.close(master)
        if child.poll() is None:
            child.kill()  # hung: fail on its exit code rather than hang the suite
        code = child.wait(timeout=30)
        stdout.seek(0)
        t.printed[name] = stdout.read() + b"\n" + bytes(drawn)
    t.codes[name] = code
    return code


def snapshot(root: Path) -> dict[Path, tuple[int, int]]:
    """Size and modification time of every file under ``root``, to tell which were written."""
    return {p: (p.stat().st_size, p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


def dump_store_tables(url: str) -> dict[str, bytes]:
    """Every row of every table of a findings store kept in PostgreSQL, as text."""
    tables = query(
        url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
    )
    return {
        f"store table {table}": "\n".join(
            str(row[0]) for row in query(url, f'SELECT t::text FROM "{table}" t')
        ).encode()
        for (table,) in tables
    }


def with_password(url: str, password: str, user: str | None = None) -> str:
    """``url`` (``scheme://user@host...``) logging in with ``password`` (as ``user``)."""
    scheme, rest = url.split("://", 1)
    login, host = rest.split("@", 1)
    return f"{scheme}://{user or login}:{password}@{host}"


@pytest.fixture(scope="module")
def transcript(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Transcript]:
    """Plant the secrets, run every command against them, and collect what came out. The
    database servers are used when they can be reached; without them the files still are."""
    root = tmp_path_factory.mktemp("leaks")
    stores = root / "stores"
    t = Transcript(root, plant_files(stores))
    out = root / "out"
    out.mkdir()
    patch = pytest.MonkeyPatch()
    # Anything written to a home, data or cache folder lands here and is checked too.
    for var in ("HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        patch.setenv(var, str(root / "home"))
    patch.setenv("PIISCAN_STORE", str(out / "default-findings.db"))
    patch.setenv("PIISCAN_LEAK_PW", ENV_PASSWORD)
    with ExitStack() as cleanup:
        cleanup.callback(patch.undo)
        sources = [str(stores)]
        config_sources = "  - name: files\n    path: stores\n"
        pg_url = pg_store_url = my_url = my_user = None
        try:
            pg_admin = cleanup.enter_context(postgres_database())
            pg_store_url = with_password(cleanup.enter_context(postgres_database()), PASSWORD)
        except pytest.skip.Exception:
            pass  # no server: the file stores are still checked
        else:
            plant_postgres(pg_admin)
            pg_url = with_password(pg_admin, PASSWORD)
            sources.append(pg_url)
            env_url = with_password(pg_admin, "${PIISCAN_LEAK_PW}")
            config_sources += f"  - name: pg\n    url: {env_url}\n"
            t.postgres = True
        try:
            my_root = cleanup.enter_context(mariadb_database())
        except pytest.skip.Exception:
            pass
        else:
            my_database = my_root.rsplit("/", 1)[1].split("?")[0]
            my_user = f"piiscan_leak_{uuid.uuid4().hex[:8]}"
            cleanup.callback(execute, MARIADB_ADMIN, f"DROP USER IF EXISTS '{my_user}'@'%'")
            plant_mariadb(my_root, my_database, my_user)
            my_url = with_password(my_root, PASSWORD, my_user)
            sources.append(my_url)
            # Logs in with the environment's password, which MariaDB refuses.
            env_url = with_password(my_root, "${PIISCAN_LEAK_PW}", my_user)
            config_sources += f"  - name: maria\n    url: {env_url}\n"
            t.mariadb = True

        config = root / "scan.yaml"
        config.write_text(
            "version: 1\nsources:\n" + config_sources + "ner: false\n"
            "store: out/config-findings.db\nfail_on: undeclared\noutputs:\n"
            + "".join(
                f"  - format: {fmt}\n    path: out/reports/{{date}}/scan-{{scan_id}}.{ext}\n"
                for fmt, ext in (("json", "json"), ("markdown", "md"), ("csv", "csv"))
            )
        )
        before = snapshot(root)

        store = str(out / "findings.db")
        scan = ("scan", *sources, "--no-ner", "--store", store)
        run_cli(t, "scan markdown", *scan)
        # A reader held open keeps the store's -wal and -shm files (the last connection to
        # close would fold them into the database and delete them), so they are checked too.
        reader = cleanup.enter_context(closing(sqlite3.connect(store)))
        reader.execute("SELECT count(*) FROM piiscan_scans").fetchall()
        run_cli(t, "scan json (reused)", *scan, "--format", "json")
        run_cli(t, "scan csv", *scan, "--format", "csv", "--full-rescan")
        run_cli(t, "scan json -o", *scan, "--format", "json", "-o", str(out / "r.json"), "--full")
        run_cli(t, "scan markdown -o", *scan, "-o", str(out / "r.md"), "--full-rescan")
        run_cli(t, "scan csv -o", *scan, "--format", "csv", "-o", str(out / "r.csv"), "-q")
        run_cli(t, "scan json logs", *scan, "--log-format", "json", "--full-rescan")
        run_cli(t, "scan json logs (reused)", *scan, "--log-format", "json", "--format", "csv")
        run_cli(t, "scan fail-on undeclared", *scan, "--fail-on", "undeclared")
        run_cli(t, "scan fail-on not-in-policy", *scan, "--fail-on", "not-in-policy", "-q")
        run_cli(t, "scan fail-on new-undeclared", *scan, "--fail-on", "new-undeclared")
        run_cli(t, "scan default store", "scan", str(stores), "--no-ner", "--format", "json")
        run_cli(t, "scan config", "scan", "--config", str(config))
        run_cli(t, "scan config json logs", "scan", "--config", str(config), "--log-format", "json")
        run_on_terminal(
            t, "scan on a terminal", *scan, "--workers", "2", "--full-rescan", "--format", "json"
        )
        for fmt in ("markdown", "json"):
            run_cli(t, f"history {fmt}", "history", "--store", store, "--format", fmt)
            run_cli(t, f"diff {fmt}", "diff", "--store", store, "--format", fmt)
        run_cli(t, "history default store", "history")
        run_cli(t, "history config", "history", "--config", str(config), "--format", "json")
        run_cli(t, "diff -o", "diff", "--store", store, "--format", "json", "-o", str(out / "d"))
        run_cli(t, "diff fail-on", "diff", "--store", store, "--fail-on", "new-undeclared")

        # Error paths: every one of these holds a password.
        unreachable = f"postgresql+psycopg://postgres:{PASSWORD}@127.0.0.1:1/prod"
        raw_at = f"postgresql+psycopg://postgres:{RAW_AT_PASSWORD}@127.0.0.1:1/prod"
        for log in ("text", "json"):
            for what, url in (("unreachable", unreachable), ("raw @", raw_at)):
                run_cli(t, f"{what} {log}", "scan", url, "--no-store", "--log-format", log)
            run_cli(
                t, f"store unreachable {log}", "scan", str(stores / "app.log"), "--no-ner",
                "--store", unreachable, "--log-format", log,
            )  # fmt: skip
        run_cli(t, "history store unreachable", "history", "--store", unreachable)
        run_cli(t, "diff store unreachable", "diff", "--store", unreachable)
        if pg_url is not None and pg_store_url is not None:
            no_db = pg_url.rsplit("/", 1)[0] + "/piiscan_no_such_database"
            no_role = with_password(pg_url, PASSWORD, "piiscan_no_such_role")
            run_cli(t, "postgres no such database", "scan", no_db, "--no-store", "--format", "json")
            run_cli(
                t, "postgres no such role", "scan", no_role, "--no-store", "--log-format", "json"
            )
            pg_scan = ("scan", str(stores / "app.log"), pg_url, "--no-ner", "--store", pg_store_url)
            run_cli(t, "scan into a postgres store", *pg_scan)
            run_cli(t, "scan into a postgres store (reused)", *pg_scan, "--log-format", "json")
            run_cli(t, "history postgres store", "history", "--store", pg_store_url)
            run_cli(t, "diff postgres store", "diff", "--store", pg_store_url, "--format", "json")
            t.database_store = dump_store_tables(pg_store_url)
        if my_url is not None:
            refused = with_password(my_url, WRONG_PASSWORD, my_user)
            for log in ("text", "json"):
                run_cli(
                    t, f"mariadb refused {log}", "scan", refused, "--no-store", "--log-format", log
                )
            run_cli(t, "mariadb refused report", "scan", refused, "--no-store", "--format", "json")

        after = snapshot(root)
        t.written = {
            str(path): path.read_bytes() for path, stat in after.items() if before.get(path) != stat
        }
        yield t


# --- the checks --------------------------------------------------------------------------


def test_nothing_printed_or_written_holds_a_secret(transcript: Transcript) -> None:
    found = leaks(transcript.all_output(), SECRETS + FRAGMENTS)
    assert not found, "\n".join(f"{secret!r} in {where}" for where, secret in found)


def test_every_command_ran_and_wrote_what_is_checked(transcript: Transcript) -> None:
    codes = transcript.codes
    assert codes["scan markdown"] == codes["scan json (reused)"] == 4  # unreadable files
    assert codes["scan fail-on undeclared"] == codes["scan fail-on not-in-policy"] == 3
    # The config's MariaDB source logs in with the environment's password, which is refused.
    assert codes["scan config"] == (2 if transcript.mariadb else 3)
    assert codes["scan on a terminal"] == 4
    assert all(
        codes[f"{c} {fmt}"] == 0 for c in ("history", "diff") for fmt in ("markdown", "json")
    )
    assert codes["unreachable text"] == codes["raw @ json"] == 4
    assert codes["store unreachable text"] == codes["history store unreachable"] == 2
    written = {Path(p).name for p in transcript.written}
    assert {"findings.db", "r.json", "r.md", "r.csv", "d", "config-findings.db"} <= written
    assert {"default-findings.db", "findings.db-wal", "findings.db-shm"} <= written
    assert len(transcript.written[str(transcript.root / "out" / "findings.db-wal")]) > 0
    assert {Path(p).suffix for p in transcript.written if "/reports/" in p} == {
        ".json", ".md", ".csv",
    }  # fmt: skip
    # The bar was really drawn on the terminal (redrawn in place with carriage returns).
    drawn = transcript.printed["scan on a terminal"]
    assert b"\r[" in drawn and b"#" in drawn and b"read" in drawn
    records = [json.loads(line) for line in transcript.stderr["scan json logs"].splitlines()]
    assert {"location", "done", "error"} <= {r.get("event") for r in records}
    # Scanned stores are never written to, so no file of theirs is among those checked.
    assert not [p for p in transcript.written if Path(p).parent == transcript.root / "stores"]
    assert b"z***@q***.com" in transcript.written[str(transcript.root / "out" / "r.json")]
    if transcript.postgres:
        assert b"z***@q***.com" in transcript.database_store["store table piiscan_findings"]


def test_the_secrets_are_really_in_the_stores(transcript: Transcript) -> None:
    planted = {str(p): p.read_bytes() for p in transcript.planted}
    in_files = {secret for _, secret in leaks(planted, DATA_SECRETS)}
    assert in_files == set(DATA_SECRETS)
    for name in ("shop.db", "contacts.csv", "payments.parquet", "events.jsonl", "app.log"):
        blob = next(b for p, b in planted.items() if p.endswith(name)).lower()
        assert EMAILS[0].encode() in blob and PHONES[0].encode() in blob, name


def test_the_scans_found_every_planted_category(transcript: Transcript) -> None:
    report = json.loads(transcript.written[str(transcript.root / "out" / "r.json")])
    found: dict[str, set[str]] = {}
    for f in report["findings"]:
        found.setdefault(f["location"].rsplit("/", 1)[-1], set()).add(f["category"])
    every = {
        "user.name",
        "user.contact.email",
        "user.contact.phone_number",
        "user.financial.credit_card",
        "user.government_id.national_identification_number",
        "user.device.ip_address",
    }
    assert every <= found["shop.db:customers"]
    assert every - {"user.name"} <= found["payments.parquet"]
    assert every - {"user.name"} <= found["contacts.csv"]
    # user.device: the user agents, whose examples are masked by their own rule.
    assert {"user.contact.email", "user.device.ip_address", "user.device"} <= found["access.log"]
    assert {"user.contact.email", "user.contact.phone_number"} <= found["app.log"]
    assert {"user.contact.email", "user.contact.phone_number"} <= found["events.jsonl"]
    failed = {Path(e["location"] or e["source"]).name for e in report["errors"]}
    assert {"broken.parquet", "archive.log.gz", "dump.csv"} <= failed
    notes = " ".join(n["note"] for n in report["notes"])
    assert "skipped" in notes  # the malformed CSV row and the non-JSON line
    sources = report["scan"]["sources"]
    if transcript.postgres:
        assert any(s.startswith("postgresql") and "***" in s for s in sources)
        assert "public.shouting" in {e["location"] for e in report["errors"]}
        pg = [f for f in report["findings"] if f["source"].startswith("postgresql")]
        assert every <= {f["category"] for f in pg}
    if transcript.mariadb:
        maria = [f for f in report["findings"] if f["source"].startswith("mysql")]
        assert every <= {f["category"] for f in maria}
        [shouting] = [e for e in report["errors"] if e["source"].startswith("mysql")]
        assert shouting["location"].endswith(".shouting") and "SIGNAL" in shouting["error"]
        refused = json.loads(transcript.stdout["mariadb refused report"])
        assert refused["errors"] and not refused["findings"]
        assert transcript.codes["mariadb refused report"] == 2  # a refused login


@pytest.mark.parametrize("secret", [CARDS[0], EMAILS[11], NAMES[11], ENV_PASSWORD, SSNS[0]])
def test_the_leak_check_catches_every_spelling(secret: str) -> None:
    for form in spellings(secret):
        assert leaks({"x": b"before " + form.upper() + b" after"}, [secret]) == [("x", secret)]
    clean = {"report": json.dumps({"email": "z***@q***.com", "card": "4***-****-1234"}).encode()}
    assert leaks(clean, [secret]) == []

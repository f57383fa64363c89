"""Seeded, reproducible benchmark data built with whole-array numpy/pyarrow code.

Faker only fills small pools (names, cities, sentences); every row is drawn from numpy's
``default_rng(seed)``, so the same seed and row count give the same table byte for byte.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

POOL_SIZE = 1_000
#: Rows per Parquet row group unless asked otherwise.
ROW_GROUP_ROWS = 128 * 1024
#: Rows written to estimate how many rows make a row group of a given size.
PROBE_ROWS = 50_000
#: pyarrow caps a row group at this many rows.
MAX_ROW_GROUP_ROWS = 64 * 1024 * 1024
#: Real US area codes, so generated phone numbers pass phonenumbers' validity check.
AREA_CODES = (212, 213, 303, 305, 312, 404, 415, 512, 602, 617, 646, 702, 713, 718, 919, 206)
EMAIL_DOMAINS = ("gmail.com", "yahoo.com", "outlook.com", "example.org", "mail.de", "proton.me")
PATHS = ("/", "/login", "/api/v4/users/me", "/cart", "/search?q=shoes", "/static/app.js")
USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "curl/8.4.0",
)
APP_MESSAGES = ("user login", "password reset requested", "order placed", "session expired")
COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "city",
    "ip_address",
    "device_id",
    "card_number",
    "amount",
    "quantity",
    "created_at",
    "app_version",
    "sku",
    "note",
)


@cache
def pools(seed: int) -> dict[str, tuple[str, ...]]:
    """Small Faker pools of first names, last names, cities and note sentences (cached: the
    log writer asks again for every chunk)."""
    from faker import Faker

    fake = Faker("en_US")
    fake.seed_instance(seed)
    return {
        "first_name": tuple(fake.first_name() for _ in range(POOL_SIZE)),
        "last_name": tuple(fake.last_name() for _ in range(POOL_SIZE)),
        "city": tuple(fake.city() for _ in range(POOL_SIZE)),
        "note": tuple(fake.sentence(nb_words=10) for _ in range(POOL_SIZE)),
    }


def fixed_width_strings(chars: np.ndarray) -> pa.StringArray:
    """One string per row of a 2-D uint8 array of ASCII codes (all rows the same width)."""
    n, width = chars.shape
    offsets = np.arange(n + 1, dtype=np.int32) * width
    data = np.ascontiguousarray(chars, dtype=np.uint8).tobytes()
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets.tobytes()), pa.py_buffer(data))


def digits(rng: np.random.Generator, n: int, width: int) -> np.ndarray:
    """``n`` rows of ``width`` random decimal digits (as numbers 0-9)."""
    return rng.integers(0, 10, size=(n, width), dtype=np.uint8)


def luhn_check_digits(body: np.ndarray) -> np.ndarray:
    """The Luhn check digit for each row of digits (the row is the number without it)."""
    # Doubling starts from the rightmost body digit, since the check digit follows it.
    doubled = body[:, ::-1].astype(np.int64)
    doubled[:, ::2] *= 2
    doubled[doubled > 9] -= 9
    return ((10 - doubled.sum(axis=1) % 10) % 10).astype(np.uint8)


def luhn_valid(number: str) -> bool:
    """Whether a digit string passes the Luhn check (per value: tests only)."""
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def card_numbers(rng: np.random.Generator, n: int) -> pa.StringArray:
    """16-digit Luhn-valid Visa (4...) and Mastercard (51-55...) numbers."""
    body = digits(rng, n, 15)
    visa = rng.random(n) < 0.6
    body[visa, 0] = 4
    body[~visa, 0] = 5
    body[~visa, 1] = rng.integers(1, 6, size=int((~visa).sum()), dtype=np.uint8)
    full = np.concatenate([body, luhn_check_digits(body)[:, None]], axis=1)
    return fixed_width_strings(full + ord("0"))


def device_ids(rng: np.random.Generator, n: int) -> pa.StringArray:
    """Random version-4 UUIDs in canonical 8-4-4-4-12 form."""
    nibbles = rng.integers(0, 16, size=(n, 32), dtype=np.uint8)
    nibbles[:, 12] = 4  # version 4
    nibbles[:, 16] = 8 + (nibbles[:, 16] & 3)  # RFC 4122 variant
    hex_codes = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)[nibbles]
    out = np.full((n, 36), ord("-"), dtype=np.uint8)
    for start, stop, at in ((0, 8, 0), (8, 12, 9), (12, 16, 14), (16, 20, 19), (20, 32, 24)):
        out[:, at : at + stop - start] = hex_codes[:, start:stop]
    return fixed_width_strings(out)


def phones(rng: np.random.Generator, n: int) -> pa.StringArray:
    """US numbers as ``+1 AAA-EEE-LLLL`` with real area codes and valid exchanges."""
    area = np.asarray(AREA_CODES)[rng.integers(0, len(AREA_CODES), n)]
    exchange = rng.integers(200, 1000, n)
    line = rng.integers(0, 10_000, n)
    cols = [area // 100, area // 10 % 10, area % 10]
    cols += [exchange // 100, exchange // 10 % 10, exchange % 10]
    cols += [line // 1000, line // 100 % 10, line // 10 % 10, line % 10]
    d = np.stack(cols, axis=1).astype(np.uint8) + ord("0")
    out = np.empty((n, 15), dtype=np.uint8)
    out[:, :3] = np.frombuffer(b"+1 ", dtype=np.uint8)
    out[:, 3:6], out[:, 6] = d[:, 0:3], ord("-")
    out[:, 7:10], out[:, 10] = d[:, 3:6], ord("-")
    out[:, 11:15] = d[:, 6:10]
    return fixed_width_strings(out)


def ipv4(rng: np.random.Generator, n: int) -> pa.Array:
    """Dotted-quad addresses with public-looking first octets."""
    octets = [pa.array(rng.integers(11, 224, n)).cast(pa.string())]
    octets += [pa.array(rng.integers(0, 256, n)).cast(pa.string()) for _ in range(3)]
    return pc.binary_join_element_wise(*octets, ".")


def ipv6(rng: np.random.Generator, n: int) -> pa.Array:
    """Global-unicast (2001:db8-free) addresses, eight full hex groups."""
    nibbles = rng.integers(0, 16, size=(n, 32), dtype=np.uint8)
    nibbles[:, 0:4] = (2, 6, 0, 7)  # 2607: a real allocated prefix
    hex_codes = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)[nibbles]
    out = np.full((n, 39), ord(":"), dtype=np.uint8)
    for g in range(8):
        out[:, g * 5 : g * 5 + 4] = hex_codes[:, g * 4 : g * 4 + 4]
    return fixed_width_strings(out)


def ip_addresses(rng: np.random.Generator, n: int, v6_share: float = 0.1) -> pa.Array:
    """Mostly IPv4, ``v6_share`` of them IPv6, interleaved."""
    is_v6 = rng.random(n) < v6_share
    return pc.if_else(pa.array(is_v6), ipv6(rng, n), ipv4(rng, n))


def pick(rng: np.random.Generator, pool: tuple[str, ...], n: int) -> pa.Array:
    """``n`` values drawn from ``pool`` with replacement."""
    return pa.array(pool, type=pa.string()).take(pa.array(rng.integers(0, len(pool), n)))


def emails(rng: np.random.Generator, first: pa.Array, last: pa.Array) -> pa.Array:
    """``first.lastNNNNN@domain``: near-unique, and consistent with the name columns."""
    n = len(first)
    number = pa.array(rng.integers(0, 100_000, n)).cast(pa.string())
    local = pc.binary_join_element_wise(pc.utf8_lower(first), pc.utf8_lower(last), ".")
    local = pc.binary_join_element_wise(local, number, "")
    local = pc.replace_substring(local, " ", "")
    return pc.binary_join_element_wise(local, pick(rng, EMAIL_DOMAINS, n), "@")


def people_table(rows: int, seed: int = 0, pool_seed: int | None = None) -> pa.Table:
    """The benchmark table: one row per customer event, :data:`COLUMNS` in order."""
    rng = np.random.default_rng(seed)
    pool = pools(seed if pool_seed is None else pool_seed)
    first = pick(rng, pool["first_name"], rows)
    last = pick(rng, pool["last_name"], rows)
    start = np.datetime64("2024-01-01T00:00:00", "s").astype(np.int64)
    created = start + rng.integers(0, 730 * 86_400, rows)
    versions = [
        pa.array(rng.integers(lo, hi, rows)).cast(pa.string())
        for lo, hi in ((1, 6), (0, 20), (0, 50))
    ]
    sku = pc.binary_join_element_wise(
        pick(rng, ("SKU", "PRD", "ITM"), rows),
        pa.array(rng.integers(100_000, 1_000_000, rows)).cast(pa.string()),
        "-",
    )
    columns = {
        "id": pa.array(np.arange(1, rows + 1, dtype=np.int64)),
        "first_name": first,
        "last_name": last,
        "email": emails(rng, first, last),
        "phone": phones(rng, rows),
        "city": pick(rng, pool["city"], rows),
        "ip_address": ip_addresses(rng, rows),
        "device_id": device_ids(rng, rows),
        "card_number": card_numbers(rng, rows),
        "amount": pa.array(np.round(rng.gamma(2.0, 30.0, rows), 2)),
        "quantity": pa.array(rng.integers(1, 10, rows, dtype=np.int64)),
        "created_at": pa.array(created.astype("datetime64[s]")),
        "app_version": pc.binary_join_element_wise(*versions, "."),
        "sku": sku,
        "note": pick(rng, pool["note"], rows),
    }
    return pa.table(columns)


def write_parquet(table: pa.Table, path: Path, row_group_rows: int = ROW_GROUP_ROWS) -> Path:
    """``table`` as one Parquet file (row groups of ``row_group_rows`` rows, snappy)."""
    pq.write_table(table, path, row_group_size=row_group_rows)
    return path


def compressed_bytes(row_group: pq.RowGroupMetaData) -> int:
    """Bytes of a row group's column chunks as stored (compressed): what a reader fetches."""
    return sum(row_group.column(i).total_compressed_size for i in range(row_group.num_columns))


def write_one_row_group(path: Path, min_compressed_bytes: int, seed: int = 0) -> Path:
    """People rows as a Parquet file of a single row group holding at least
    ``min_compressed_bytes`` of compressed column data (the row count is estimated from a
    small probe, then grown until the written group is big enough)."""
    probe = people_table(PROBE_ROWS, seed)
    write_parquet(probe, path, PROBE_ROWS)
    per_row = compressed_bytes(pq.read_metadata(path).row_group(0)) / PROBE_ROWS
    rows = int(min_compressed_bytes / per_row * 1.02) + 1
    while True:
        if rows > MAX_ROW_GROUP_ROWS:
            raise ValueError(f"a row group of {rows:,} rows is past Parquet writers' limit")
        write_parquet(people_table(rows, seed), path, rows)
        got = compressed_bytes(pq.read_metadata(path).row_group(0))
        if got >= min_compressed_bytes:
            return path
        # Bigger groups compress a little better (dictionaries last longer): grow and retry.
        rows = int(rows * min_compressed_bytes / got * 1.02) + 1


def write_sqlite(table: pa.Table, path: Path, name: str = "customers") -> Path:
    """``table`` as a SQLite table (timestamps as ISO text), inserted in batches."""
    path.unlink(missing_ok=True)
    types = {pa.int64(): "INTEGER", pa.float64(): "REAL"}
    decl = ", ".join(f"{f.name} {types.get(f.type, 'TEXT')}" for f in table.schema)
    marks = ", ".join("?" for _ in table.schema)
    con = sqlite3.connect(path)
    try:
        con.execute(f"CREATE TABLE {name} ({decl})")
        for batch in table.to_batches(max_chunksize=50_000):
            cols = [
                pc.strftime(c, "%Y-%m-%dT%H:%M:%S").to_pylist()
                if pa.types.is_timestamp(c.type)
                else c.to_pylist()
                for c in batch.columns
            ]
            con.executemany(f"INSERT INTO {name} VALUES ({marks})", zip(*cols, strict=True))
        con.commit()
    finally:
        con.close()
    return path


def log_lines(rows: int, seed: int) -> Iterator[pa.Array]:
    """Chunks of log lines: nginx access lines and key=value application lines, mixed."""
    rng = np.random.default_rng(seed)
    chunk = 50_000
    chunk_index = 0
    while True:
        # Pools come from ``seed``; rows differ per chunk.
        t = people_table(min(chunk, rows), seed=seed + 1 + chunk_index, pool_seed=seed)
        n = len(t)
        when = pc.strftime(t["created_at"], "%d/%b/%Y:%H:%M:%S +0000")
        iso = pc.strftime(t["created_at"], "%Y-%m-%dT%H:%M:%SZ")
        request = pc.binary_join_element_wise(
            pa.array(np.full(n, '"GET')),
            pick(rng, PATHS, n),
            pa.array(np.full(n, 'HTTP/1.1"')),
            " ",
        )
        nginx = pc.binary_join_element_wise(
            t["ip_address"],
            pa.array(np.full(n, "- -")),
            pc.binary_join_element_wise(pa.array(np.full(n, "[")), when, "]", ""),
            request,
            pick(rng, ("200", "200", "200", "302", "404", "500"), n),
            pa.array(rng.integers(200, 50_000, n)).cast(pa.string()),
            pa.array(np.full(n, '"-"')),
            pc.binary_join_element_wise(
                pa.array(np.full(n, '"')), pick(rng, USER_AGENTS, n), '"', ""
            ),
            " ",
        )
        app = pc.binary_join_element_wise(
            iso,
            pick(rng, ("level=info", "level=warn", "level=error"), n),
            pc.binary_join_element_wise(
                pa.array(np.full(n, 'msg="')), pick(rng, APP_MESSAGES, n), '"', ""
            ),
            pc.binary_join_element_wise(pa.array(np.full(n, "user_email")), t["email"], "="),
            pc.binary_join_element_wise(pa.array(np.full(n, "client_ip")), t["ip_address"], "="),
            pc.binary_join_element_wise(pa.array(np.full(n, "device_id")), t["device_id"], "="),
            pc.binary_join_element_wise(
                pa.array(np.full(n, "duration_ms")),
                pa.array(rng.integers(1, 5_000, n)).cast(pa.string()),
                "=",
            ),
            " ",
        )
        is_app = pa.array(rng.random(n) < 0.4)
        yield pc.if_else(is_app, app, nginx)
        chunk_index += 1


def write_log(path: Path, megabytes: float, seed: int = 0) -> Path:
    """A log file of about ``megabytes`` MB (10**6 bytes), whole lines."""
    target = int(megabytes * 1_000_000)
    written = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for lines in log_lines(50_000, seed):
            text = "\n".join(lines.to_pylist()) + "\n"
            data = text.encode("utf-8")
            if written + len(data) > target:
                # Cut at a line end so the file stays whole lines.
                cut = data.rfind(b"\n", 0, target - written) + 1
                data = data[:cut]
            out.write(data.decode("utf-8"))
            written += len(data)
            if written >= target or len(data) == 0:
                return path
    return path

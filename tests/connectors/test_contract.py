"""The connector contract, checked for every kind of source through the registry: discovery
names and formats, record batches, sampling bounds, repeatable reads, sources left untouched,
and fingerprints that hold while nothing changes and move when the data does."""

from __future__ import annotations

import bz2
import gzip
import hashlib
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from connectors.base import Connector, Location
from connectors.registry import default_connectors

ROWS = 40
SAMPLE = 5
#: What the sources' values are built from; OTHER, as long, builds other values of the same size.
NAMES = "user"
OTHER = "resu"

Build = Callable[[Path, str], tuple[str, list[Path]]]


@dataclass(frozen=True)
class Case:
    """A source built in a temporary folder, and what discovery must find in it."""

    build: Build  # (folder, NAMES or OTHER) -> (source, files it must not change)
    names: Callable[[str], list[tuple[str, str]]]  # source -> [(location name, format)]
    rows: int = ROWS  # rows per location
    table: bool = False  # a database table (else files)


def _people(names: str = NAMES) -> list[dict[str, str]]:
    return [
        {"id": str(i), "email": f"{names}{i}@example.com", "zip": f"{i:05d}"} for i in range(ROWS)
    ]


def _sqlite_db(tmp: Path, names: str) -> Path:
    path = tmp / "app.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT, zip TEXT)")
        db.executemany(
            "INSERT INTO people VALUES (?, ?, ?)",
            [(int(p["id"]), p["email"], p["zip"]) for p in _people(names)],
        )
    db.close()
    return path


def _sqlite_file(tmp: Path, names: str = NAMES) -> tuple[str, list[Path]]:
    path = _sqlite_db(tmp, names)
    return str(path), [path]


def _sqlite_url(tmp: Path, names: str = NAMES) -> tuple[str, list[Path]]:
    path = _sqlite_db(tmp, names)
    return f"sqlite:///{path}", [path]


def _parquet_file(tmp: Path, names: str = NAMES) -> tuple[str, list[Path]]:
    path = tmp / "people.parquet"
    pq.write_table(pa.Table.from_pylist(_people(names)), path, row_group_size=10)
    return str(path), [path]


def _parquet_dataset(tmp: Path, names: str = NAMES) -> tuple[str, list[Path]]:
    root = tmp / "people_ds"
    table = pa.Table.from_pylist(
        [{**p, "country": ["de", "fr", "nl", "uk"][i % 4]} for i, p in enumerate(_people(names))]
    )
    # Fixed file names, so that writing it again replaces the same files.
    pq.write_to_dataset(
        table, root, partition_cols=["country"], basename_template="part-{i}.parquet"
    )
    return str(root), sorted(p for p in root.rglob("*") if p.is_file())


def _text_file(
    name: str, render: Callable[[str], str], opener: Callable[..., object] = open
) -> Build:
    def build(tmp: Path, names: str = NAMES) -> tuple[str, list[Path]]:
        path = tmp / name
        with opener(path, "wb") as f:  # type: ignore[operator]
            f.write(render(names).encode("utf-8"))  # type: ignore[attr-defined]
        return str(path), [path]

    return build


def _csv(names: str, delimiter: str = ",", bom: str = "") -> str:
    rows = [delimiter.join(["id", "email", "zip"])]
    rows += [delimiter.join([p["id"], p["email"], p["zip"]]) for p in _people(names)]
    return bom + "\n".join(rows) + "\n"


def _jsonl(names: str) -> str:
    return "".join(
        f'{{"id": {p["id"]}, "user": {{"email": "{p["email"]}", "zip": "{p["zip"]}"}}}}\n'
        for p in _people(names)
    )


def _json_array(names: str) -> str:
    people = _people(names)
    return "\ufeff" + json.dumps(
        [{"id": int(p["id"]), "user": {"email": p["email"], "zip": p["zip"]}} for p in people],
        indent=2,
    )


def _json_records(names: str) -> str:
    return json.dumps({"records": _people(names)}, indent=4)


def _json_objects(names: str) -> str:
    return "".join(json.dumps({"user": p}, indent=2) + "\n" for p in _people(names))


def _access_log(names: str) -> str:
    return "".join(
        f'10.0.0.{i} - {names}{i} [10/Oct/2023:13:55:{i:02d} +0000] "GET /p/{i} HTTP/1.1" 200 '
        f'{i} "-" "curl/8.0"\n'
        for i in range(ROWS)
    )


def _kv_log(names: str) -> str:
    return "".join(
        f'ts=2023-10-10T13:55:{i:02d}Z level=info user={names}{i} msg="login ok" ip=10.0.0.{i}\n'
        for i in range(ROWS)
    )


def _plain_log(names: str) -> str:
    return "".join(
        f"worker {i} finished job {i * 7} for {names}{i}@example.com\n" for i in range(ROWS)
    )


def _same(name: str) -> Callable[[str], list[tuple[str, str]]]:
    return lambda source: [(source, name)]


CASES = {
    "sqlite-file": Case(_sqlite_file, lambda s: [("people", "sqlite")], table=True),
    "sqlite-url": Case(_sqlite_url, lambda s: [("people", "sqlite")], table=True),
    "parquet-file": Case(_parquet_file, _same("parquet")),
    "parquet-dataset": Case(_parquet_dataset, _same("parquet")),
    "csv": Case(_text_file("people.csv", _csv), _same("csv")),
    "csv-bom-semicolon": Case(
        _text_file("people.csv", lambda n: _csv(n, ";", "\ufeff")), _same("csv")
    ),
    "csv-gz": Case(_text_file("people.csv.gz", _csv, gzip.open), _same("csv")),
    "jsonl": Case(_text_file("people.jsonl", _jsonl), _same("jsonl")),
    "json-array": Case(_text_file("people.json", _json_array), _same("json")),
    "json-records-gz": Case(_text_file("people.json.gz", _json_records, gzip.open), _same("json")),
    "json-objects": Case(_text_file("people.json", _json_objects), _same("json")),
    "access-log": Case(_text_file("access.log", _access_log), _same("log")),
    "kv-log": Case(_text_file("app.log", _kv_log), _same("log")),
    "plain-log": Case(_text_file("worker.log", _plain_log), _same("log")),
    "log-gz": Case(_text_file("worker.log.gz", _plain_log, gzip.open), _same("log")),
    "log-bz2": Case(_text_file("worker.log.bz2", _plain_log, bz2.open), _same("log")),
}
TABLE_CASES = sorted(name for name, case in CASES.items() if case.table)


@pytest.fixture(params=sorted(CASES))
def opened(request: pytest.FixtureRequest, tmp_path: Path):
    case = CASES[request.param]
    source, files = case.build(tmp_path, NAMES)
    connector = default_connectors().open(source)
    yield case, source, files, connector
    connector.close()


def _read(connector: Connector, location: Location, sample_rows: int | None) -> list[dict]:
    batches = list(connector.read(location, sample_rows))
    assert all(isinstance(b, pa.RecordBatch) for b in batches)
    return [row for b in batches for row in b.to_pylist()]


def _fingerprint(files: list[Path]) -> list[tuple[str, int]]:
    return [(hashlib.sha256(f.read_bytes()).hexdigest(), os.stat(f).st_mtime_ns) for f in files]


def test_discover_names_and_formats(opened) -> None:
    case, source, _, connector = opened
    locations = list(connector.discover())
    assert [(loc.name, loc.format) for loc in locations] == case.names(source)
    assert all(isinstance(loc, Location) for loc in locations)


def test_read_yields_every_row_as_record_batches(opened) -> None:
    case, _, _, connector = opened
    for location in connector.discover():
        rows = _read(connector, location, None)
        assert len(rows) == case.rows
        text = repr(rows)
        assert "user7" in text  # the data itself, not an empty shell of batches


def test_sample_rows_bounds_the_rows_read(opened) -> None:
    _, _, _, connector = opened
    for location in connector.discover():
        rows = _read(connector, location, SAMPLE)
        assert 0 < len(rows) <= SAMPLE


def test_reading_twice_gives_the_same_rows(opened) -> None:
    _, _, _, connector = opened
    for location in connector.discover():
        assert _read(connector, location, None) == _read(connector, location, None)


def test_source_bytes_and_mtime_unchanged(opened) -> None:
    _, _, files, connector = opened
    before = _fingerprint(files)
    siblings = sorted(p.name for p in files[0].parent.iterdir())
    for location in connector.discover():
        _read(connector, location, None)
        _read(connector, location, SAMPLE)
        connector.fingerprint(location)
    connector.close()
    assert _fingerprint(files) == before
    # Nor may a journal or lock file be left beside it.
    assert sorted(p.name for p in files[0].parent.iterdir()) == siblings


# -- fingerprints ----------------------------------------------------------------------


def _location_fingerprints(connector: Connector) -> dict[str, str | None]:
    """Location name -> fingerprint, each location as this connector discovers it."""
    return {loc.name: connector.fingerprint(loc) for loc in connector.discover()}


def _location_fingerprints_of(source: str) -> dict[str, str | None]:
    """The same, from a connector opened afresh."""
    with default_connectors().open(source) as connector:
        return _location_fingerprints(connector)


def _mtimes(files: list[Path]) -> dict[Path, int]:
    return {f: f.stat().st_mtime_ns for f in files}


def _put_back(mtimes: dict[Path, int]) -> None:
    """Put modification times back, so that only the content can tell a change."""
    for f, ns in mtimes.items():
        os.utime(f, ns=(ns, ns))


def test_fingerprint_is_stable_while_nothing_changes(opened) -> None:
    _, source, _, connector = opened
    first = _location_fingerprints(connector)
    assert first
    assert all(isinstance(f, str) and re.fullmatch(r"[0-9a-f]{64}", f) for f in first.values())
    assert _location_fingerprints(connector) == first
    assert _location_fingerprints_of(source) == first  # no per-process salt, no per-instance state


def test_fingerprint_changes_when_the_data_changes(opened, tmp_path: Path) -> None:
    case, source, files, connector = opened
    before = _location_fingerprints(connector)
    mtimes = _mtimes(files)
    if case.table:
        with sqlite3.connect(files[0]) as db:
            db.execute("INSERT INTO people VALUES (?, ?, ?)", (ROWS, "new@example.com", "99999"))
        db.close()
    else:
        # Written again with other values of the same length (the same size where the
        # format does not compress).
        for f in files:
            f.unlink()
        assert case.build(tmp_path, OTHER) == (source, files)
    _put_back(mtimes)
    after = _location_fingerprints_of(source)
    assert after.keys() == before.keys()
    assert all(after[name] != before[name] for name in before)


def test_fingerprint_changes_when_touched(opened) -> None:
    _, source, files, connector = opened
    before = _location_fingerprints(connector)
    touched = files[-1]  # one file of a dataset is enough
    mtime = touched.stat().st_mtime_ns + 2_000_000_000
    os.utime(touched, ns=(mtime, mtime))
    after = _location_fingerprints_of(source)
    assert all(after[name] != before[name] for name in before)


@pytest.mark.parametrize("name", TABLE_CASES)
def test_fingerprint_changes_when_a_column_is_added(name: str, tmp_path: Path) -> None:
    source, files = CASES[name].build(tmp_path, NAMES)
    before = _location_fingerprints_of(source)
    with sqlite3.connect(files[0]) as db:
        db.execute("ALTER TABLE people ADD COLUMN phone TEXT")
    db.close()
    after = _location_fingerprints_of(source)
    assert after.keys() == before.keys()
    assert all(after[n] != before[n] for n in before)


def test_fingerprint_of_a_location_deleted_after_discovery(opened) -> None:
    _, source, files, connector = opened
    locations = list(connector.discover())
    connector.close()  # no SQLite connection left holding the file
    target = Path(source.removeprefix("sqlite:///"))
    if target.is_dir():
        shutil.rmtree(target)
    for f in files:
        f.unlink(missing_ok=True)
    for location in locations:
        fingerprint = connector.fingerprint(location)  # must not raise
        assert fingerprint is None or isinstance(fingerprint, str)

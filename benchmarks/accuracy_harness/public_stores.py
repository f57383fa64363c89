"""Labelled stores built from the public samples in ``../shared/datasets``.

- fides (ethyca/fides): the SQLite copy of the PostgreSQL sample, the MongoDB sample as JSON
  lines, and the MySQL/MariaDB scripts loaded into temporary SQLite files, each with the
  authors' dataset labels plus the reasoned corrections in ``labels/fides_corrections.yaml``.
  Their labels cover some fields only, so fields they never mention are left unscored.
- openrtb (mxmCherry/openrtb bid requests): labelled by field name in
  ``labels/openrtb.yaml``; complete, so a finding on any other field is a false positive.
- logs (lnav's test logs and loghub's 2k-line samples, read as files): labelled per file and
  field in ``labels/logs.yaml``; only the files listed there are scanned.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from benchmarks.accuracy_harness.scoring import FieldLabel, StoreLabels
from benchmarks.fides_samples import labelled_fields, mongo_to_jsonl

LABELS_DIR = Path(__file__).resolve().parent.parent / "labels"


@dataclass(frozen=True)
class PreparedStore:
    """A store ready to scan: its labels, the SOURCEs to scan, and how a finding's location
    becomes the location the labels use."""

    labels: StoreLabels
    sources: tuple[str, ...]
    location_name: Callable[[str], str]


@dataclass(frozen=True)
class Skipped:
    """An input left out, and why (printed in the report)."""

    name: str
    reason: str


def same(location: str) -> str:
    return location


def relative_to(root: Path) -> Callable[[str], str]:
    """Location names relative to ``root`` (files inside a scanned directory)."""
    prefix = str(root).rstrip("/") + "/"
    return lambda location: location.removeprefix(prefix)


# --- fides --------------------------------------------------------------------------------------

# (store name, dataset file, SQL scripts loaded into SQLite in this order)
FIDES_SQL = (
    ("fides-mariadb", "mariadb_example_test_dataset.yml", ("mariadb_example_schema.sql",
                                                           "mariadb_example_data.sql")),
    ("fides-mysql", "mysql_example_test_dataset.yml", ("mysql_example.sql",)),
)  # fmt: skip

# MySQL-only statements with no SQLite meaning; the tables and rows load as they are.
_MYSQL_ONLY = re.compile(r"^\s*(CREATE\s+USER|GRANT|FLUSH|CREATE\s+DATABASE|USE)\b", re.I)
_ENGINE_CLAUSE = re.compile(r"\)\s*(ENGINE|DEFAULT\s+CHARSET)\s*=[^;]*;", re.I)


def fides_stores(base: Path, tmp: Path) -> tuple[list[PreparedStore], list[Skipped]]:
    """The fides samples under ``base`` as labelled stores; temporary files go to ``tmp``."""
    corrections = load_corrections(LABELS_DIR / "fides_corrections.yaml")
    stores: list[PreparedStore] = []
    skipped: list[Skipped] = []

    def labels(store: str, dataset: str) -> StoreLabels:
        return fides_labels(store, labelled_fields(base / dataset), corrections)

    sqlite = base / "fides_postgres_sample_derived.sqlite"
    stores.append(
        PreparedStore(
            labels("fides-postgres", "postgres_example_test_dataset.yml"), (str(sqlite),), same
        )
    )
    mongo = tmp / "fides-mongo"
    mongo.mkdir()
    mongo_to_jsonl(base / "mongo_sample.js", mongo)
    stores.append(
        PreparedStore(
            labels("fides-mongo", "mongo_example_test_dataset.yml"),
            (str(mongo),),
            lambda location: Path(location).stem,  # one JSONL file per collection
        )
    )
    for store, dataset, scripts in FIDES_SQL:
        db = tmp / f"{store}.sqlite"
        reason = load_mysql_script([base / s for s in scripts], db)
        if reason:
            skipped.append(Skipped(f"{store} ({', '.join(scripts)})", reason))
        else:
            stores.append(PreparedStore(labels(store, dataset), (str(db),), same))
    return stores, skipped


def mysql_script_tables(scripts: list[Path]) -> str:
    """MySQL scripts without their user, grant and database statements: the tables and rows
    only, to load into a database of one's choosing."""
    sql = "\n".join(p.read_text(encoding="utf-8") for p in scripts)
    return "\n".join(line for line in sql.splitlines() if not _MYSQL_ONLY.match(line))


def load_mysql_script(scripts: list[Path], db: Path) -> str:
    """Load MySQL scripts into a new SQLite file, dropping user, grant and database
    statements and table options. Returns why it could not, or ``""``."""
    sql = _ENGINE_CLAUSE.sub(");", mysql_script_tables(scripts))
    con = sqlite3.connect(db)
    try:
        con.executescript(sql)
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        rows = sum(con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables)
    except sqlite3.Error as exc:
        return f"its SQL does not load into SQLite after simple edits ({exc})"
    finally:
        con.close()
    if not rows:
        return "schema only: the script creates the tables but inserts no rows"
    return ""


@dataclass(frozen=True)
class Correction:
    stores: tuple[str, ...]
    location: str
    field: str
    labelled: tuple[str, ...]
    categories: tuple[str, ...]
    reason: str


def load_corrections(path: Path) -> list[Correction]:
    """Corrections to upstream labels; each names the label it replaces, so one that no
    longer matches upstream fails loudly instead of silently changing the truth."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Correction(
            stores=tuple(c["stores"]),
            location=c["location"],
            field=c["field"],
            labelled=tuple(c["labelled"]),
            categories=tuple(c["categories"]),
            reason=" ".join(c["reason"].split()),
        )
        for c in doc["corrections"]
    ]


def fides_labels(
    store: str,
    upstream: Mapping[tuple[str, str], list[str]],
    corrections: list[Correction],
) -> StoreLabels:
    fields = {key: FieldLabel(categories=tuple(cats)) for key, cats in upstream.items()}
    for c in corrections:
        if store not in c.stores:
            continue
        key = (c.location, c.field)
        if key not in fields or fields[key].categories != c.labelled:
            raise ValueError(f"{store}: correction for {c.location}.{c.field} no longer applies")
        fields[key] = FieldLabel(categories=c.categories)
    return StoreLabels(store=store, fields=fields, complete=False)


# --- openrtb ------------------------------------------------------------------------------------


def openrtb_store(base: Path, labels_file: Path | None = None) -> PreparedStore:
    """The OpenRTB example requests under ``base``, labelled by field name."""
    spec = yaml.safe_load((labels_file or LABELS_DIR / "openrtb.yaml").read_text("utf-8"))
    by_name = {name: _field_label(v) for name, v in spec["fields"].items()}
    overrides = {
        (o["location"], o["field"]): FieldLabel(categories=tuple(o.get("categories", ())))
        for o in spec.get("overrides", ())
    }
    files = sorted(base.rglob("*.json"))
    fields: dict[tuple[str, str], FieldLabel] = {}
    for path in files:
        location = str(path.relative_to(base))
        for name in sorted(json_field_paths(json.loads(path.read_text(encoding="utf-8")))):
            label = overrides.get((location, name), by_name.get(name))
            if label is not None:
                fields[(location, name)] = label
    return PreparedStore(
        StoreLabels(store="openrtb", fields=fields, complete=bool(spec.get("complete"))),
        tuple(str(p) for p in files),
        relative_to(base),
    )


def _field_label(value: list[str] | dict[str, Any]) -> FieldLabel:
    if isinstance(value, list):
        return FieldLabel(categories=tuple(value))
    return FieldLabel(
        categories=tuple(value.get("categories", ())), accept=tuple(value.get("accept", ()))
    )


def json_field_paths(doc: Any) -> set[str]:
    """Dotted paths of the non-null scalar leaves of a JSON document, walking into arrays
    without naming them, as piiscan names JSON fields (``user.data.segment.value``)."""
    return set(_paths(doc, ""))


def _paths(node: Any, prefix: str) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, f"{prefix}.{key}" if prefix else key)
    elif isinstance(node, list):
        for item in node:
            yield from _paths(item, prefix)
    elif node is not None and prefix:
        yield prefix


# --- logs ---------------------------------------------------------------------------------------


def logs_store(
    datasets: Path, labels_file: Path | None = None
) -> tuple[PreparedStore | None, list[Skipped]]:
    """The log files listed in ``labels/logs.yaml``, found under ``datasets`` (locations are
    paths relative to it). A listed file that is missing is skipped, and so is the whole
    store, with one reason, when none is there."""
    spec = load_log_labels(labels_file or LABELS_DIR / "logs.yaml")
    present = [loc for loc in spec.files if (datasets / loc).is_file()]
    skipped = [
        Skipped(f"logs: {loc}", f"no file {datasets / loc}")
        for loc in spec.files
        if loc not in present
    ]
    if not present:
        return None, [Skipped("logs", f"none of the labelled log files is under {datasets}")]
    fields = {(loc, name): label for loc in present for name, label in spec.files[loc].items()}
    # A missing file is not scanned, so dropping its labels leaves the rest complete.
    store = PreparedStore(
        StoreLabels(store="logs", fields=fields, complete=spec.complete),
        tuple(str(datasets / loc) for loc in present),
        relative_to(datasets),
    )
    return store, skipped


@dataclass(frozen=True)
class LogLabels:
    """``labels/logs.yaml`` read: each file's fields and their labels."""

    complete: bool
    files: Mapping[str, Mapping[str, FieldLabel]]


def load_log_labels(path: Path) -> LogLabels:
    """Read a log labels file: ``files`` maps a location to ``{field: label}``, where a
    label is a list of categories or a mapping of ``categories``, ``accept`` and ``trap``."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    files = {
        location: {name: _log_field_label(value) for name, value in fields.items()}
        for location, fields in doc["files"].items()
    }
    return LogLabels(complete=bool(doc.get("complete")), files=files)


def _log_field_label(value: list[str] | dict[str, Any]) -> FieldLabel:
    if isinstance(value, list):
        return FieldLabel(categories=tuple(value))
    unknown = set(value) - {"categories", "accept", "trap"}
    if unknown:
        raise ValueError(f"unknown label keys {sorted(unknown)}")
    return FieldLabel(
        categories=tuple(value.get("categories", ())),
        accept=tuple(value.get("accept", ())),
        trap=" ".join(str(value.get("trap", "")).split()),
    )

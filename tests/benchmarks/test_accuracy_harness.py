"""The accuracy harness: the matching rule, the P/R/F1 arithmetic, and one small end-to-end
run over a labelled SQLite store built in tmp_path (no ../shared needed)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from benchmarks.accuracy_harness.evaluate import evaluate
from benchmarks.accuracy_harness.public_stores import (
    LABELS_DIR,
    PreparedStore,
    json_field_paths,
    load_log_labels,
    load_mysql_script,
    logs_store,
    openrtb_store,
    same,
)
from benchmarks.accuracy_harness.scoring import FieldLabel, StoreLabels, detectable, f1, score
from benchmarks.accuracy_harness.synthetic import Column, build_tables, store_labels
from detectors.registry import DetectorSettings
from scanner.api import ScanSettings
from scanner.taxonomy import is_category

EMITTED = frozenset(
    {
        "user.contact.email",
        "user.contact.address",
        "user.contact.address.street",
        "user.contact.phone_number",
        "user.financial.credit_card",
        "user.name",
    }
)


def labels(fields: dict[tuple[str, str], FieldLabel], complete: bool = True) -> StoreLabels:
    return StoreLabels(store="s", fields=fields, complete=complete)


def test_precision_recall_f1_per_category_and_micro() -> None:
    store = labels(
        {
            ("t", "email"): FieldLabel(("user.contact.email",)),
            ("t", "alt_email"): FieldLabel(("user.contact.email",)),
            ("t", "phone"): FieldLabel(("user.contact.phone_number",)),
            ("t", "zip"): FieldLabel(trap="zip codes"),
        }
    )
    preds = {
        ("s", "t", "email"): {"user.contact.email"},
        ("s", "t", "zip"): {"user.contact.phone_number"},
        ("s", "t", "phone"): {"user.contact.phone_number"},
    }
    result = score([store], preds, EMITTED)
    by = {c.category: c for c in result.categories}
    email, phone = by["user.contact.email"], by["user.contact.phone_number"]
    assert (email.labelled, email.found, email.predicted, email.correct) == (2, 1, 1, 1)
    assert (email.precision, email.recall) == (1.0, 0.5)
    assert email.f1 == pytest.approx(2 / 3)
    assert (phone.precision, phone.recall) == (0.5, 1.0)
    assert result.micro_precision == pytest.approx(2 / 3)
    assert result.micro_recall == pytest.approx(2 / 3)
    assert result.macro_f1 == pytest.approx(2 / 3)
    assert [(o.field, o.category) for o in result.trap_false_positives] == [
        ("zip", "user.contact.phone_number")
    ]
    assert [o.field for o in result.of("false_negative")] == ["alt_email"]
    assert sorted(o.field for o in result.of("negative")) == ["zip"]


def test_ancestor_and_descendant_match_but_siblings_do_not() -> None:
    store = labels(
        {
            ("t", "street"): FieldLabel(("user.contact.address.street",)),
            ("t", "card"): FieldLabel(("user.financial",)),
            ("t", "nick"): FieldLabel(("user.financial",)),
        }
    )
    preds = {
        ("s", "t", "street"): {"user.contact.address"},  # broader: right
        ("s", "t", "card"): {"user.financial.credit_card"},  # narrower: right
        ("s", "t", "nick"): {"user.name"},  # unrelated: wrong, and the label is missed
    }
    result = score([store], preds, EMITTED)
    assert [(o.field, o.category) for o in result.of("correct")] == [
        ("card", "user.financial.credit_card"),
        ("street", "user.contact.address"),
    ]
    assert [(o.field, o.category) for o in result.of("false_positive")] == [("nick", "user.name")]
    assert [o.field for o in result.of("false_negative")] == ["nick"]
    by = {c.category: c for c in result.categories}
    # Precision under the reported key, recall under the labelled key.
    assert by["user.contact.address"].correct == 1
    assert by["user.contact.address.street"].found == 1
    assert by["user.contact.address.street"].predicted == 0


def test_undetectable_labels_are_listed_not_scored() -> None:
    store = labels(
        {
            ("t", "id"): FieldLabel(("user.unique_id",)),
            ("t", "preferred"): FieldLabel(("user",)),
            ("t", "derived"): FieldLabel(("user",)),
            ("t", "opened"): FieldLabel(("system.operations",)),
        }
    )
    preds = {
        ("s", "t", "derived"): {"user.contact.email"},  # under a bare "user" label: right
        ("s", "t", "opened"): {"user.contact.email"},  # system.* holds nothing personal
    }
    result = score([store], preds, EMITTED)
    assert sorted((o.field, o.category) for o in result.of("undetectable")) == [
        ("derived", "user"),
        ("id", "user.unique_id"),
        ("preferred", "user"),
    ]
    assert not result.of("false_negative")
    assert [o.field for o in result.of("correct")] == ["derived"]
    assert [o.field for o in result.of("false_positive")] == ["opened"]
    assert not detectable("user.sensor", EMITTED)
    assert detectable("user.contact", EMITTED)
    assert not detectable("user", EMITTED)


def test_accepted_categories_are_neither_right_nor_wrong() -> None:
    store = labels(
        {("f", "geo.city"): FieldLabel(("user.location.imprecise",), accept=("user.contact",))}
    )
    result = score([store], {("s", "f", "geo.city"): {"user.contact.address.city"}}, EMITTED)
    assert [o.category for o in result.of("accepted")] == ["user.contact.address.city"]
    assert not result.of("false_positive")
    assert result.micro_precision is None  # nothing scored on the precision side


def test_unlisted_fields_are_negatives_only_in_complete_stores() -> None:
    preds = {("s", "t", "other"): {"user.name"}}
    partial = score([labels({}, complete=False)], preds, EMITTED)
    complete = score([labels({}, complete=True)], preds, EMITTED)
    assert [o.kind for o in partial.outcomes] == ["unlabelled"]
    assert [o.kind for o in complete.outcomes] == ["false_positive"]
    assert complete.micro_precision == 0.0


def test_f1_edges() -> None:
    assert f1(None, None) is None
    assert f1(None, 0.0) == 0.0  # labelled, never reported
    assert f1(0.0, 0.0) == 0.0
    assert f1(1.0, 0.5) == pytest.approx(2 / 3)


def test_end_to_end_on_a_small_sqlite_store(tmp_path: Path) -> None:
    db = tmp_path / "tiny.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE users (id INTEGER, email TEXT, seen TEXT, note TEXT)")
    con.executemany(
        "INSERT INTO users VALUES (?,?,?,?)",
        [
            (i, f"person{i}@example{i % 5}.org", f"{i % 24:02d}:{i % 60:02d}:07", "ok")
            for i in range(80)
        ],
    )
    con.commit()
    con.close()
    store = PreparedStore(
        StoreLabels(
            store="tiny",
            fields={
                ("users", "email"): FieldLabel(("user.contact.email",)),
                ("users", "id"): FieldLabel(trap="integer row key"),
                ("users", "seen"): FieldLabel(trap="HH:MM:SS times"),
                ("users", "note"): FieldLabel(("user.sensor",)),
            },
            complete=True,
        ),
        (str(db),),
        same,
    )
    settings = ScanSettings(detectors=replace(DetectorSettings(), ner_enabled=False))
    result = evaluate([store], settings)
    assert not result.errors
    email = {c.category: c for c in result.overall.categories}["user.contact.email"]
    assert (email.labelled, email.found, email.predicted, email.correct) == (1, 1, 1, 1)
    assert not result.overall.of("false_positive")
    assert [o.category for o in result.overall.of("undetectable")] == ["user.sensor"]
    assert result.per_store[0][0] == "tiny"


def test_json_field_paths_walk_arrays_without_naming_them() -> None:
    doc = {"device": {"ip": "x", "geo": None}, "user": {"data": [{"segment": [{"value": 1}]}]}}
    assert json_field_paths(doc) == {"device.ip", "user.data.segment.value"}


def test_openrtb_labels_apply_only_to_fields_a_document_has(tmp_path: Path) -> None:
    data = tmp_path / "rtb"
    data.mkdir()
    (data / "a.json").write_text(json.dumps({"device": {"ip": "1.2.3.4", "make": "Apple"}}))
    (data / "b.json").write_text(json.dumps({"site": {"id": "7"}}))
    spec = tmp_path / "labels.yaml"
    spec.write_text(
        "complete: true\nfields:\n  device.ip: [user.device.ip_address]\n"
        "  device.make: {accept: [user.device]}\n  device.ifa: [user.device.device_id]\n"
    )
    store = openrtb_store(data, spec)
    assert dict(store.labels.fields) == {
        ("a.json", "device.ip"): FieldLabel(("user.device.ip_address",)),
        ("a.json", "device.make"): FieldLabel(accept=("user.device",)),
    }
    assert store.labels.complete
    assert store.location_name(str(data / "a.json")) == "a.json"


def test_mysql_script_loads_or_says_why_not(tmp_path: Path) -> None:
    script = tmp_path / "shop.sql"
    script.write_text(
        "CREATE USER IF NOT EXISTS 'u'@'%' IDENTIFIED BY 'pw';\nGRANT ALL ON *.* TO 'u'@'%';\n"
        "CREATE DATABASE IF NOT EXISTS shop;\nUSE shop;\n"
        "CREATE TABLE `t` (id INT PRIMARY KEY, name CHARACTER VARYING(100)) ENGINE=InnoDB;\n"
    )
    assert "schema only" in load_mysql_script([script], tmp_path / "empty.sqlite")
    rows = tmp_path / "rows.sql"
    rows.write_text("INSERT INTO t VALUES (1, 'a'), (2, 'b');\n")
    assert load_mysql_script([script, rows], tmp_path / "full.sqlite") == ""
    broken = tmp_path / "broken.sql"
    broken.write_text("CREATE TABLE (;\n")
    assert "does not load" in load_mysql_script([broken], tmp_path / "broken.sqlite")


def test_synthetic_tables_are_reproducible_and_fully_labelled() -> None:
    first, again = build_tables(seed=5, rows=12), build_tables(seed=5, rows=12)
    assert first == again
    assert build_tables(seed=6, rows=12) != first
    store = store_labels(first)
    assert store.complete
    assert all(label.categories or label.trap for label in store.fields.values())
    with pytest.raises(ValueError):
        Column("x", ("a",))  # neither categories nor a trap reason


def test_a_broad_label_takes_precision_from_related_predictions() -> None:
    from benchmarks.accuracy_harness.scoring import CategoryScore

    broad = CategoryScore("user.financial", labelled=4, found=4, related_predicted=5,
                          related_correct=4)  # fmt: skip
    assert broad.precision == 0.8 and broad.recall == 1.0
    assert CategoryScore("user.financial", labelled=4, found=0).precision is None


def test_log_labels_parse_and_name_only_fideslang_keys() -> None:
    spec = load_log_labels(LABELS_DIR / "logs.yaml")
    assert spec.complete
    assert spec.files, "no files labelled"
    for location, fields in spec.files.items():
        assert not Path(location).is_absolute() and ".." not in Path(location).parts
        assert Path(location).name not in {"README.md", "LICENSE", "CITATION"}
        assert fields, f"{location}: no fields"
        for name, label in fields.items():
            for key in label.categories + label.accept:
                assert is_category(key), f"{location} {name}: {key} is not a fideslang key"
            # A trap is a field that holds nothing personal.
            assert not (label.trap and label.categories), f"{location} {name}"


def test_logs_store_scans_only_listed_files_that_exist(tmp_path: Path) -> None:
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "app.log").write_text("Jan  1 10:00:00 host app: started\n")
    (tmp_path / "logs" / "README.md").write_text("# not a log\n")
    spec = tmp_path / "labels.yaml"
    spec.write_text(
        "complete: true\nfiles:\n"
        "  logs/app.log:\n    line: {trap: times}\n"
        "  logs/gone.log:\n    line: [user.device.ip_address]\n"
    )
    store, skipped = logs_store(tmp_path, spec)
    assert store is not None
    assert store.sources == (str(tmp_path / "logs" / "app.log"),)
    assert dict(store.labels.fields) == {("logs/app.log", "line"): FieldLabel(trap="times")}
    assert store.labels.complete
    assert [s.name for s in skipped] == ["logs: logs/gone.log"]
    assert store.location_name(str(tmp_path / "logs" / "app.log")) == "logs/app.log"
    none, why = logs_store(tmp_path / "empty", spec)
    assert none is None and [s.name for s in why] == ["logs"]

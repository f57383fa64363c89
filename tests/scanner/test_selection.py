"""--include / --exclude: globs over LOCATION and LOCATION.FIELD."""

from __future__ import annotations

from connectors.base import Location
from scanner.selection import Selection


def table(name: str, *columns: str) -> Location:
    return Location(
        "db", name, "table", "postgresql", {"columns": tuple({"name": c} for c in columns)}
    )


def test_without_patterns_everything_is_read() -> None:
    loc = table("public.customers", "email")
    assert Selection().narrow(loc) is loc
    assert Selection().wants_field("public.customers", "email")


def test_a_location_pattern_takes_all_its_fields() -> None:
    s = Selection.of(include=["sales.*"])
    assert s.wants_field("sales.orders", "email")
    assert not s.wants_field("public.orders", "email")
    assert s.narrow(table("public.orders", "email")) is None


def test_field_patterns_narrow_the_columns_selected() -> None:
    s = Selection.of(include=["*.customers.email", "*.customers.phone"])
    narrowed = s.narrow(table("public.customers", "id", "email", "Phone", "notes"))
    assert narrowed is not None
    assert [c["name"] for c in narrowed.metadata["columns"]] == ["email", "Phone"]
    assert narrowed == table("public.customers")  # the same location, fewer columns


def test_exclusions_win_and_match_case_insensitively() -> None:
    s = Selection.of(include=["public.*"], exclude=["*.PASSWORD_HASH", "public.audit"])
    assert not s.wants_field("public.users", "password_hash")
    assert s.wants_field("public.users", "email")
    assert s.narrow(table("public.audit", "email")) is None
    assert not s.wants_location("public.audit")


def test_a_column_holding_an_included_nested_field_is_kept() -> None:
    s = Selection.of(include=["public.events.payload.contact.email"])
    narrowed = s.narrow(table("public.events", "id", "payload"))
    assert narrowed is not None
    assert [c["name"] for c in narrowed.metadata["columns"]] == ["payload"]
    assert s.wants_field("public.events", "payload.contact.email")
    assert not s.wants_field("public.events", "payload.ip")


def test_files_are_filtered_by_field_after_reading() -> None:
    s = Selection.of(exclude=["exports/*.csv.notes"])
    file = Location("exports", "exports/users.csv", "file", "csv")
    assert s.narrow(file) is file  # its fields are not known before it is read
    assert not s.wants_field("exports/users.csv", "notes")
    assert s.wants_field("exports/users.csv", "email")

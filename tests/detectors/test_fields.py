"""Arrow batches become detector fields: nested paths, lists, casts, binary left out."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detectors.fields import as_strings, binary_fields, fields_from_batch


def test_nested_fields_are_dotted_paths_and_lists_exploded() -> None:
    batch = pa.table(
        {
            "id": [1, 2, None],
            "user": [{"email": "a@x.io", "tags": ["p", "q"]}, None, {"email": " ", "tags": []}],
            "score": [1.5, 2.5, 3.5],
            "blob": [b"\x00", b"\x01", b"\x02"],
        }
    )
    fields = {f.name: f for f in fields_from_batch(batch)}
    assert set(fields) == {"id", "user.email", "user.tags"}
    assert fields["id"].values.to_pylist() == ["1", "2"] and fields["id"].scanned == 3
    assert fields["user.email"].values.to_pylist() == ["a@x.io"]
    assert fields["user.tags"].values.to_pylist() == ["p", "q"]
    assert binary_fields(batch) == ["blob"]


def test_dictionary_columns_are_decoded() -> None:
    arr = pa.array(["a", "b", "a"]).dictionary_encode()
    (f,) = fields_from_batch(pa.table({"c": arr}))
    assert f.values.to_pylist() == ["a", "b", "a"]


def test_keys_that_are_values_never_become_field_names() -> None:
    keys = [f"person{i}@example.net" for i in range(5)]
    rows = [{k: ({"ip": f"10.0.0.{i}"} if i == j else None) for j, k in enumerate(keys)}
            for i in range(5)]  # fmt: skip
    batch = (
        pa.Table.from_pylist(rows)
        .append_column("+1 415 555 0100", pa.array([None] * 4 + [{"ip": "10.0.1.1"}]))
        .append_column("4111111111111111", pa.array(["x"] * 5))
    )
    fields = {f.name: f for f in fields_from_batch(batch)}
    assert set(fields) == {
        "<email>.ip", "<number>.ip", "<number>", "<email>.<key>", "<number>.<key>"
    }  # fmt: skip
    assert sorted(fields["<email>.<key>"].values.to_pylist()) == keys
    assert sorted(fields["<number>.<key>"].values.to_pylist()) == [
        "+1 415 555 0100", *["4111111111111111"] * 5
    ]  # fmt: skip
    assert fields["<email>.ip"].values.to_pylist() == [f"10.0.0.{i}" for i in range(5)]
    assert fields["<email>.ip"].scanned == 5 * 5
    assert not any("@" in n or "415" in n for n in fields["<email>.ip"].context)


def test_ordinary_names_are_kept() -> None:
    from detectors.field_names import safe_segment

    for name in ("email", "user_id", "ipAddress", "2024", "v1", "utm_source", "col_12"):
        assert safe_segment(name) == name
    assert safe_segment("192.168.1.20") == "<ip>"
    assert safe_segment("3b241101-e2bb-4255-8caf-4136c566a962") == "<id>"


def test_values_inside_a_name_are_hidden_and_dates_and_versions_kept() -> None:
    from detectors.field_names import safe_segment

    for name, kind in [
        ("81.94.207.11:443", "<ip>"),
        ("user_81.94.207.11", "<ip>"),
        ("tel:+19173842211", "<number>"),
        ("ssn 512-37-8841", "<number>"),
        ("card 4111 1111 1111 1111", "<number>"),
    ]:
        assert safe_segment(name) == kind, name
    for name in ("events_20240101", "sales_2024_q1", "v1.2.3", "address_line_2"):
        assert safe_segment(name) == name


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.text(alphabet="ab \t\n\u00a0\u3000\x1fé", max_size=6))),
    st.integers(0, 3),
)
def test_as_strings_trims_and_drops_empties_as_the_plain_computation_does(
    values: list[str | None], skip: int
) -> None:
    # It skips the copies when no value needs them; the answer must not change.
    arr = pa.array(values, pa.string()).slice(min(skip, len(values)))
    trimmed = pc.utf8_trim_whitespace(arr.drop_null())
    assert as_strings(arr).to_pylist() == trimmed.filter(pc.not_equal(trimmed, "")).to_pylist()


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_utc_times_read_as_the_text_a_plain_cast_gives(unit: str) -> None:
    times = pa.array(
        [1_600_000_000_123_456_789 // {"s": 10**9, "ms": 10**6, "us": 10**3, "ns": 1}[unit], None],
        pa.timestamp(unit, tz="UTC"),
    )
    assert as_strings(times).to_pylist() == pc.cast(times, pa.string()).drop_null().to_pylist()

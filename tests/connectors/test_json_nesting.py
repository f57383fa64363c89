"""Texts nested past what pyarrow survives never reach it: the scan goes on."""

from __future__ import annotations

import json
from pathlib import Path

from connectors.json_nesting import ARROW_SAFE_DEPTH, nested_deeper_than
from detectors.registry import DetectorSettings
from scanner.api import ScanSettings, scan

NO_NER = ScanSettings(detectors=DetectorSettings(ner_enabled=False))
DEEP = 300_000  # pyarrow's reader crashes the process well below this


def test_depth_is_judged_over_chunks_and_never_under() -> None:
    assert not nested_deeper_than(b'{"a": [1, {"b": 2}]}')
    assert nested_deeper_than(b"[" * (ARROW_SAFE_DEPTH + 1))
    assert not nested_deeper_than(b"[]" * 5_000_000)  # long but shallow, over chunks
    assert nested_deeper_than(b" " * (1 << 22) + b"{" * (ARROW_SAFE_DEPTH + 1))


def test_a_deep_json_line_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    lines = [json.dumps({"email": f"user{i}@example.com"}) for i in range(30)]
    lines.append('{"a": ' + "[" * DEEP + "]" * DEEP + "}")
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(lines) + "\n")
    result = scan([str(path)], settings=NO_NER)
    assert {f.category for f in result.findings} == {"user.contact.email"}
    assert any("skipped 1 lines" in n.note for n in result.notes)


def test_a_deep_json_document_is_an_error_not_a_crash(tmp_path: Path) -> None:
    # Past the sniffed head (so it is taken for a JSON document), the nesting begins.
    users = [{"email": f"u{i}@example.com", "bio": "x" * 100} for i in range(2_000)]
    text = json.dumps({"users": users, "x": 0})
    path = tmp_path / "export.json"
    path.write_text(text.replace(": 0}", ": " + "[" * DEEP + "]" * DEEP + "}"))
    good = tmp_path / "good.jsonl"
    good.write_text("".join(json.dumps({"email": f"g{i}@example.org"}) + "\n" for i in range(20)))
    result = scan([str(tmp_path)], settings=NO_NER)
    [error] = result.errors
    assert error.location == str(path) and "nested too deeply" in error.error
    assert {f.location for f in result.findings} == {str(good)}

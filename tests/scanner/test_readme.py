"""The README lists every built-in detector by the name a detectors file uses."""

from __future__ import annotations

from pathlib import Path

from detectors.registry import DetectorSettings, default_registry

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_names_every_builtin_detector() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("Built-in detector names:") :].split("\n\n", 1)[0]
    for name in default_registry(DetectorSettings()).names():
        assert f"`{name}`" in section, name

"""Reading the tables back out of a Markdown report, for the report tests."""

from __future__ import annotations


def tables(text: str) -> list[list[str]]:
    """The Markdown tables of ``text``, each as its lines."""
    out: list[list[str]] = []
    previous = ""
    for line in text.splitlines():
        if line.startswith("|"):
            if not previous.startswith("|"):
                out.append([])
            out[-1].append(line)
        previous = line
    return out

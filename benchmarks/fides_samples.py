"""Scan the fides public sample databases (../shared/datasets/fides_labeled_sql) and compare
the findings with the fideslang labels their authors gave each field.

Two stores nobody here wrote: the SQLite copy of fides' PostgreSQL sample (customers,
employees, addresses, ...) and fides' MongoDB sample (nested documents with phone numbers),
converted to JSON lines in a temporary directory. Prints the findings per store and, per
labelled field, whether piiscan found the labelled category.

    .venv/bin/python benchmarks/fides_samples.py [--datasets ../shared/datasets]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import yaml

from scanner.api import scan
from scanner.taxonomy import covers

ROOT = Path(__file__).resolve().parent.parent


def mongo_to_jsonl(js: Path, out: Path) -> list[Path]:
    """Turn fides' mongo_sample.js (``db.X.insert([...])`` calls) into one JSONL file per
    collection. The JS uses comments, trailing commas, ISODate/Date/UUID/ObjectId wrappers."""
    text = js.read_text(encoding="utf-8")
    text = "\n".join(_strip_comment(line) for line in text.splitlines())
    text = re.sub(
        r"(?:new\s+)?(?:ISODate|Date|UUID|ObjectId)\(\s*(['\"])(.*?)\1\s*\)", r'"\2"', text
    )
    text = re.sub(r"Number(?:Int|Long)\(\s*(-?\d+)\s*\)", r"\1", text)
    files = []
    for m in re.finditer(r"db\.(\w+)\.insert\(\s*(\[.*?\])\s*\);?[ \t]*$", text, re.S | re.M):
        body = re.sub(r",(\s*[\]}])", r"\1", m.group(2))
        docs = json.loads(body)
        path = out / f"{m.group(1)}.jsonl"
        path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
        files.append(path)
    return files


def _strip_comment(line: str) -> str:
    """Drop a ``//`` comment that is outside a string literal."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            quote = "" if ch == quote and line[i - 1] != "\\" else quote
        elif ch in "'\"":
            quote = ch
        elif line.startswith("//", i):
            return line[:i]
    return line


def labelled_fields(dataset_yml: Path) -> dict[tuple[str, str], list[str]]:
    """(collection, dotted field) -> data categories, from a fides dataset file."""
    out: dict[tuple[str, str], list[str]] = {}

    def walk(coll: str, fields: list[dict], prefix: str) -> None:
        for f in fields:
            name = prefix + f["name"]
            if f.get("data_categories"):
                out[(coll, name)] = f["data_categories"]
            walk(coll, f.get("fields") or [], name + ".")

    for ds in yaml.safe_load(dataset_yml.read_text())["dataset"]:
        for coll in ds["collections"]:
            walk(coll["name"], coll["fields"], "")
    return out


def compare(
    result, labels: dict[tuple[str, str], list[str]], loc_name
) -> tuple[list[str], int, int]:
    """Markdown rows comparing labelled fields with findings, and (matched, labelled)."""
    found: dict[tuple[str, str], set[str]] = {}
    status: dict[tuple[str, str], set[str]] = {}
    for f in result.findings:
        key = (loc_name(f.location), f.field)
        found.setdefault(key, set()).add(f.category)
        status.setdefault(key, set()).add(f.status)
    hit = total = 0
    rows = ["| field | labelled | piiscan found | status | |", "|---|---|---|---|---|"]
    for key in sorted(set(labels) | set(found)):
        cats = labels.get(key, [])
        personal = [c for c in cats if c.startswith("user") and c != "user.unique_id"]
        got = found.get(key, set())
        if not personal and not got:
            continue
        ok = bool(personal) and all(
            any(covers(c, g) or covers(g, c) for g in got) for c in personal
        )
        total += bool(personal)
        hit += ok
        if personal:
            mark = "ok" if ok else "missed"
        else:
            mark = "no label in the dataset file" if not cats else "labelled non-personal"
        rows.append(
            f"| {key[0]}.{key[1]} | {', '.join(cats) or '-'} | {', '.join(sorted(got)) or '-'} "
            f"| {', '.join(sorted(status.get(key, ()))) or '-'} | {mark} |"
        )
    return rows, hit, total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--datasets", type=Path, default=ROOT.parent / "shared" / "datasets")
    ap.add_argument(
        "--results", type=Path, default=ROOT / "benchmarks" / "results" / "fides-samples.md"
    )
    args = ap.parse_args()
    base = args.datasets / "fides_labeled_sql"
    if not base.is_dir():
        print(f"no datasets at {base}", file=sys.stderr)
        return 2
    out = [
        "# fides sample databases: findings against their authors' labels",
        "",
        f"- date: {date.today().isoformat()}, commit: {_commit()}",
        "- command: `.venv/bin/python benchmarks/fides_samples.py` (default sampled scan, NER on)",
        "- labelled personal field = a field whose fideslang label starts with `user` "
        "(`user.unique_id` row keys left out); ok = every labelled category found, or a "
        "broader/narrower one",
        "",
    ]
    sqlite = base / "fides_postgres_sample_derived.sqlite"
    result = scan([str(sqlite)])
    rows, hit, total = compare(
        result, labelled_fields(base / "postgres_example_test_dataset.yml"), lambda loc: loc
    )
    out += [f"## PostgreSQL sample (SQLite copy): {hit} of {total} labelled fields", "", *rows, ""]
    with tempfile.TemporaryDirectory() as tmp:
        mongo_to_jsonl(base / "mongo_sample.js", Path(tmp))
        result = scan([tmp])
        rows, hit, total = compare(
            result,
            labelled_fields(base / "mongo_example_test_dataset.yml"),
            lambda loc: Path(loc).stem,
        )
    out += [f"## MongoDB sample (as JSON lines): {hit} of {total} labelled fields", "", *rows]
    text = "\n".join(out) + "\n"
    print(text)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(text, encoding="utf-8")
    return 0


def _commit() -> str:
    try:
        return (
            subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
            ).stdout.strip()
            or "unknown"
        )
    except OSError:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())

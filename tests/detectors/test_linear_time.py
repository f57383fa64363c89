"""Patterns run on data are RE2's, whose time grows linearly with the text, never Python's
``re``, whose backtracking can take exponential time on a value built to provoke it.

Statically: every pattern a built-in detector declares, and every pattern written at a call
into RE2 (``pyarrow.compute``'s ``*_regex`` functions, the ``re2`` module) in ``detectors/``
and ``connectors/``, compiles with RE2; neither package imports ``re`` (nor ``regex`` or
``fnmatch``) except where named below, each with why it is safe.

By measurement: every detector is fed long runs of the characters its patterns repeat, and
runs that make a backtracking engine retry at every position ("a" * n + "@"), at n = 20,000
and at eight times that; the big input must take less than 32 times the time of the small one
(a quadratic engine takes 64 times), and under a ceiling, so that a hang fails too. The masks
that examples go through, and the log line parsers of the connectors, are timed the same way.
"""

from __future__ import annotations

import ast
import importlib
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pyarrow as pa
import pytest
import re2

from connectors.log_formats import recognise
from detectors.base import Detector
from detectors.masking import mask_digits, mask_email, mask_generic, mask_ip, mask_name
from detectors.registry import DetectorSettings, default_registry
from tests.detectors.fieldkit import field

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("detectors", "connectors")
REGISTRY = default_registry(DetectorSettings(ner_enabled=False))

# -- what runs on data is RE2 ------------------------------------------------------------------

#: Calls that run a pattern, and which argument is the pattern.
PATTERN_ARGUMENT = {
    "pc": {
        "match_substring_regex": 1,
        "count_substring_regex": 1,
        "extract_regex": 1,
        "replace_substring_regex": 1,
        "split_pattern_regex": 1,
    },
    "re2": {
        "compile": 0, "search": 0, "match": 0, "fullmatch": 0, "findall": 0, "finditer": 0,
        "sub": 0, "subn": 0, "split": 0,
    },
}  # fmt: skip
#: Patterns at call sites that are not module constants, and where they come from instead.
PATTERNS_FROM_ELSEWHERE = {
    "self.pattern": "a PatternDetector's declaration (checked below)",
    "f'^(?:{self.shape})$'": "a ProfileDetector's declaration (checked below)",
    "f'^(?:{shape})$'": "a ProfileDetector's declaration, passed on (checked below)",
    "pattern": "a parameter: a declaration passed on, a user's pattern checked by RE2 on "
    "loading, characters escaped for RE2, or a key=value log key's pattern",
    "rule.pattern": "an allow rule of the detectors file, checked by RE2 on loading",
    "pairs": "the key=value log keys' pattern, built from the module's constants",
}
#: Modules of the two packages that import a backtracking engine, and why that is safe.
PYTHON_RE_ALLOWED = {
    "detectors/base.py": "re: splits field names into tokens; names, not values",
    "detectors/value_shapes.py": "re: re.escape only, to build a pattern pyarrow runs by RE2",
    "connectors/db_fingerprint.py": "re: reads a column type's name from the database catalog",
    "connectors/source_url.py": "re: reads the source URL the user typed",
    "connectors/globbing.py": "fnmatch: matches file names against the user's glob",
}
BACKTRACKING_MODULES = {"re", "regex", "fnmatch"}


def package_modules() -> Iterator[tuple[str, ModuleType, ast.Module]]:
    """(path from the repository root, module, syntax tree) of every module of the packages."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).glob("*.py")):
            name = f"{package}/{path.name}"
            module = importlib.import_module(f"{package}.{path.stem}")
            yield name, module, ast.parse(path.read_text(encoding="utf-8"), name)


def call_site_patterns() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(where, pattern) of each pattern written at a call into RE2 that is made of module
    constants, and (where, expression) of the others."""
    constant: list[tuple[str, str]] = []
    elsewhere: list[tuple[str, str]] = []
    for name, module, tree in package_modules():
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
            ):
                continue
            index = PATTERN_ARGUMENT.get(node.func.value.id, {}).get(node.func.attr)
            if index is None:
                continue
            given = [k.value for k in node.keywords if k.arg == "pattern"]
            argument = given[0] if given else node.args[index]
            where = f"{name}:{node.lineno}"
            try:
                # The expression as the module would compute it: constants and f-strings of
                # them resolve; a parameter or an attribute of self does not.
                value = eval(compile(ast.Expression(argument), where, "eval"), vars(module))
            except NameError:
                elsewhere.append((where, ast.unparse(argument)))
                continue
            constant.append((where, value))
    return constant, elsewhere


def declared_patterns(detector: Detector) -> list[tuple[str, str]]:
    """(where, pattern) of every pattern ``detector`` and the detectors it holds declare:
    ``pattern``, its kinds' patterns and ``shape`` (anchored, as it runs)."""
    found: list[tuple[str, str]] = []

    def visit(d: Detector, where: str) -> None:
        if isinstance(getattr(d, "pattern", None), str):
            found.append((f"{where}.pattern", d.pattern))
        for kind in getattr(d, "kinds", ()):
            found.append((f"{where}.kinds[{kind.label}]", kind.pattern))
        if isinstance(getattr(d, "shape", None), str):
            found.append((f"{where}.shape", f"^(?:{d.shape})$"))
        for attribute, value in vars(d).items():
            if isinstance(value, Detector):
                visit(value, f"{where}.{attribute}")

    visit(detector, detector.name)
    return found


def module_patterns(detector: Detector) -> list[str]:
    """The constant call-site patterns of the modules ``detector`` and those it holds are
    written in (a detector that is not a pattern detector keeps its patterns there)."""
    modules = {type(detector).__module__} | {
        type(v).__module__ for v in vars(detector).values() if isinstance(v, Detector)
    }
    prefixes = tuple(m.replace(".", "/") + ".py:" for m in modules)
    return [pattern for where, pattern in CALL_SITES if where.startswith(prefixes)]


CALL_SITES, ELSEWHERE = call_site_patterns()
DECLARED = [found for detector in REGISTRY for found in declared_patterns(detector)]


def test_every_declared_pattern_compiles_with_re2() -> None:
    assert len(DECLARED) >= 25  # every pattern, kind and profile detector is found
    for where, pattern in DECLARED:
        try:
            re2.compile(pattern)
        except re2.error as exc:
            pytest.fail(f"{where} is no RE2 pattern ({exc}): {pattern!r}")


def test_every_pattern_written_at_a_call_compiles_with_re2() -> None:
    assert len(CALL_SITES) >= 30
    for where, pattern in CALL_SITES:
        try:
            re2.compile(pattern)
        except re2.error as exc:
            pytest.fail(f"{where} is no RE2 pattern ({exc}): {pattern!r}")


def test_every_other_pattern_at_a_call_comes_from_a_checked_place() -> None:
    unknown = [(where, text) for where, text in ELSEWHERE if text not in PATTERNS_FROM_ELSEWHERE]
    assert not unknown, f"patterns of unknown origin run by RE2 calls: {unknown}"
    assert {text for _, text in ELSEWHERE} == set(PATTERNS_FROM_ELSEWHERE)  # none stale


def test_the_re2_check_catches_a_backtracking_pattern() -> None:
    # The checks above can fail: RE2 refuses what only a backtracking engine runs.
    for pattern in (r"(?<=@)\w+", r"(a+)\1", r"a(?=b)"):
        with pytest.raises(re2.error):
            re2.compile(pattern)


def test_detectors_and_connectors_import_no_backtracking_engine_for_data() -> None:
    importing: dict[str, set[str]] = {}
    for name, _, tree in package_modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = {node.module.split(".")[0]}
            else:
                continue
            if names & BACKTRACKING_MODULES:
                importing.setdefault(name, set()).update(names & BACKTRACKING_MODULES)
    unexplained = sorted(set(importing) - set(PYTHON_RE_ALLOWED))
    assert not unexplained, f"these modules import {BACKTRACKING_MODULES}: {unexplained}"
    assert set(PYTHON_RE_ALLOWED) == set(importing)  # an exception no longer needed goes


# -- and its time grows linearly ---------------------------------------------------------------

SMALL = 20_000
#: The big input is this many times the small one ...
GROWTH = 8
#: ... and may take at most this many times as long (linear is 8; quadratic would be 64).
MAX_SLOWDOWN = GROWTH * 4
#: Below this, a measure is all overhead and noise: no engine that backtracks is this fast
#: on 160,000 characters.
NOISE_SECONDS = 0.01
#: A hang fails rather than waits.
CEILING_SECONDS = 5.0
REPEATS = 3

#: Characters tried against the atoms a pattern repeats.
POOL = "aZ19f.-_:/%@é\u0301()=;,+' \t中"
#: Runs that make a backtracking engine retry at every position: a long stretch a repeated
#: atom takes, then something that makes the match fail, behind the words that wake up a
#: detector (a birth word, a user agent's comment, a session key, an IMEI label).
RUNS: dict[str, Callable[[int], str]] = {
    "letters then @": lambda n: "a" * n + "@",
    "@ then letters": lambda n: "x@" + "a" * n,
    "letter-dots": lambda n: "a." * n + "x",
    "digits": lambda n: "1" * n,
    "digit-dashes": lambda n: "1-" * n,
    "digit-spaces": lambda n: "1 " * n + "x",
    "digit-dots": lambda n: "1." * n,
    "digit-colons": lambda n: "1:" * n,
    "hex-colons": lambda n: "a1:" * n,
    "dots": lambda n: "." * n,
    "percents": lambda n: "%" * n,
    "spaces": lambda n: "x" + " " * n + "x",
    "capitalised words": lambda n: "Ab " * n,
    "marks": lambda n: "a\u0301" * n,
    "open comment": lambda n: "Mozilla/5.0 (" + "a " * n,
    "session key": lambda n: "sid=" + "a" * n,
    "url path": lambda n: "GET /" + "a/" * n,
    "url host": lambda n: "http://" + "a." * n,
    "birth word": lambda n: "born " + "1985-" * n,
    "imei label": lambda n: "IMEI: " + "1 " * n,
    "ga cookie": lambda n: "GA1.1." + "1." * n,
    "street": lambda n: "12 " + "Main " * n,
}
#: A repetition: ``*``, ``+`` or braces (a lone ``?`` repeats nothing).
QUANTIFIER = re2.compile(r"^(?:[*+]|\{\d+(?:,\d*)?\})")
ATOM = re2.compile(r"^(?s:\\[pP]\{\w+\}|\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|.)")
GROUP_OPENING = re2.compile(r"^\?(?:P<\w+>|[a-zA-Z]*:|[a-zA-Z]*\))")


def repeated_atoms(pattern: str) -> set[str]:
    """The atoms (a class, an escape, ``.``, a character) of ``pattern`` that a quantifier
    repeats, on their own or within a repeated group."""
    atoms: list[tuple[int, str]] = []
    repeated: list[tuple[int, int]] = []
    opened: list[int] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "(":
            opened.append(i)
            prefix = GROUP_OPENING.match(pattern[i + 1 :])
            i += 1 + (len(prefix.group()) if prefix else 0)
            if prefix and prefix.group().endswith(")"):
                opened.pop()  # an inline flag such as (?i), not a group
            continue
        if c == ")":
            start, i = opened.pop(), i + 1
        elif c in "|^$?*+{":
            i += 1
            continue
        else:
            start = i
            atom = ATOM.match(pattern[i:]).group()
            atoms.append((i, atom))
            i += len(atom)
        quantifier = QUANTIFIER.match(pattern[i:])
        if quantifier:
            repeated.append((start, i))
            i += len(quantifier.group())
    return {atom for at, atom in atoms if any(s <= at < e for s, e in repeated)}


def repeated_characters(detector: Detector) -> str:
    """The characters of :data:`POOL` that an atom repeated by one of ``detector``'s
    patterns (declared, or written in its module) takes."""
    atoms = set()
    for pattern in [p for _, p in declared_patterns(detector)] + module_patterns(detector):
        atoms |= repeated_atoms(pattern)
    return "".join(c for c in POOL if any(re2.fullmatch(atom, c) for atom in atoms))


def detection_seconds(detector: Detector, name: str, values: list[str]) -> float:
    """CPU seconds ``detector`` takes over a fresh field of ``values`` (no cached masks)."""
    f = field(name, values, arrow_type=pa.string())
    started = time.process_time()
    if detector.applies_to(f):
        detector.detect(f)
    return time.process_time() - started


def assert_linear(measure: Callable[[int], float], what: str, small_n: int = SMALL) -> None:
    """``measure(n)`` (CPU seconds for an input of size ``n``) grows linearly: the best of
    :data:`REPEATS` at ``8 * small_n`` is under 32 times the best at ``small_n``."""
    big_n = GROWTH * small_n
    measure(small_n)  # warm-up: compiled patterns, pyarrow's first calls
    small = min(measure(small_n) for _ in range(REPEATS))
    big = float("inf")
    for _ in range(REPEATS):  # the best of three, stopping at the first that passes
        big = min(big, measure(big_n))
        if big < max(MAX_SLOWDOWN * small, NOISE_SECONDS):
            break
    assert big < CEILING_SECONDS, f"{what}: {big:.2f}s at n={big_n}"
    assert big < max(MAX_SLOWDOWN * small, NOISE_SECONDS), (
        f"{what}: {small * 1e3:.1f} ms at n={small_n}, {big * 1e3:.1f} ms at n={big_n}"
    )


def search_seconds(search: Callable[[str], object], text: str) -> float:
    started = time.process_time()
    search(text)
    return time.process_time() - started


def test_the_timing_check_catches_a_backtracking_engine() -> None:
    # Python's re tries "a*@x" from every position of a run of "a": quadratic, caught even
    # at a tenth of the size; RE2 runs the same search in linear time.
    backtracking = re.compile(r"a*@x").search
    with pytest.raises(AssertionError, match="ms at n=16000"):
        assert_linear(lambda n: search_seconds(backtracking, "a" * n), "re", small_n=2_000)
    linear = re2.compile(r"a*@x").search
    assert_linear(lambda n: search_seconds(linear, "a" * n), "re2", small_n=2_000)


def field_names(detector: Detector) -> list[str]:
    """Free text, and a name that signals the detector's category (waking the kinds and
    profiles that need one)."""
    return ["comment", *detector.name_keywords[:1]]


DETECTORS = [pytest.param(d, id=d.name) for d in REGISTRY]


def test_every_pattern_detector_repeats_characters_the_runs_are_made_of() -> None:
    # Else the runs below would feed a detector nothing its patterns take.
    for detector in REGISTRY:
        if declared_patterns(detector) or module_patterns(detector):
            assert repeated_characters(detector), detector.name
    assert set(repeated_characters(next(d for d in REGISTRY if d.name == "email"))) >= set("a.-_")


def test_repeated_atoms_are_found_alone_and_in_groups() -> None:
    assert repeated_atoms(r"(?i)x[a-c]+\.(?:\d-)*\p{L}{2,}y?") == {"[a-c]", r"\d", "-", r"\p{L}"}


@pytest.mark.parametrize("detector", DETECTORS)
def test_detection_time_is_linear_in_runs_of_repeated_characters(detector: Detector) -> None:
    for name in field_names(detector):
        for c in repeated_characters(detector):
            assert_linear(
                lambda n, c=c, name=name: detection_seconds(
                    detector, name, [f"x{c * n}!", f"{c * n}@"]
                ),
                f"{detector.name} on {c!r} * n in {name!r}",
            )


@pytest.mark.parametrize("detector", DETECTORS)
def test_detection_time_is_linear_in_runs_built_to_backtrack(detector: Detector) -> None:
    for name in field_names(detector):
        for label, run in RUNS.items():
            assert_linear(
                lambda n, run=run, name=name: detection_seconds(detector, name, [run(n)]),
                f"{detector.name} on {label} in {name!r}",
            )


#: Runs of what a mask keeps or squeezes (stars), and the runs detectors are fed.
MASK_RUNS: dict[str, Callable[[int], str]] = {
    "stars": lambda n: "*" * n,
    "letter-stars": lambda n: "a*" * n,
    **RUNS,
}
MASKS: dict[str, Callable[[str], str]] = {
    "generic": mask_generic,
    "digits": mask_digits,
    "email": mask_email,
    "ip": mask_ip,
    "name": mask_name,
}


@pytest.mark.parametrize("mask", sorted(MASKS))
def test_masking_time_is_linear(mask: str) -> None:
    # Masks run on whole matches, which a run can make as long as the value.
    for label, run in MASK_RUNS.items():

        def measure(n: int, run: Callable[[int], str] = run) -> float:
            text = run(n)
            started = time.process_time()
            MASKS[mask](text)
            return time.process_time() - started

        assert_linear(measure, f"mask {mask} on {label}")


LOG_RUNS: dict[str, Callable[[int], str]] = {
    "quotes": lambda n: '1.2.3.4 - - [t] "' + '\\"' * n,
    "brackets": lambda n: "1.2.3.4 - - [" + "[" * n,
    "pairs": lambda n: "a=1 " * n + '"',
    "keys": lambda n: "a" * n + "=",
    "separators": lambda n: ",;[(" * n + "a=",
    "spaces": lambda n: "a " * n + "x",
}


@pytest.mark.parametrize("label", sorted(LOG_RUNS))
def test_log_lines_are_recognised_and_parsed_in_linear_time(label: str) -> None:
    # Connectors run their patterns on data too: a log line built to backtrack.
    def measure(n: int) -> float:
        line = LOG_RUNS[label](n)
        lines = pa.array([line, "a=1 b=2", line], pa.string())
        started = time.process_time()
        log_format = recognise(lines)
        log_format.parse(lines)
        if hasattr(log_format, "parse_with_re2"):
            log_format.parse_with_re2(lines)
        return time.process_time() - started

    assert_linear(measure, f"log lines of {label}")

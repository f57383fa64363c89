"""The scan config file (``piiscan scan --config scan.yaml``): what a scheduled scan reads, how,
and where its reports go, in one reviewed file instead of a long command line::

    version: 1
    sources:                       # required, at least one
      - name: shop                 # required, unique; letters, digits, - and _
        url: postgresql+psycopg://scanner:${PGPASSWORD}@db/shop   # a SQLAlchemy URL, or:
      - name: exports
        path: /data/exports        # a file, directory or glob; relative paths are relative
                                   # to the config file's folder
    include: ['public.*']          # optional, as --include (globs over LOCATION or LOCATION.FIELD)
    exclude: ['*.password_hash']   # optional, as --exclude
    sample_rows: 10000             # optional, as --sample-rows (>= 1)
    full: false                    # as --full
    workers: 1                     # as --workers (>= 0; 0 = one per core)
    statement_timeout: 30          # seconds, as --statement-timeout (>= 0)
    ner: true                      # false = --no-ner
    policy: policy.yaml            # optional, relative to the config file
    datamap: datamap.yaml          # optional
    detectors: detectors.yaml      # optional
    min_confidence: 0.5            # optional
    store: /var/lib/piiscan/findings.db   # optional: a plain path (SQLite) or a SQLAlchemy URL
                                   # (a SQLite file); ${ENV} allowed
    fail_on: new-undeclared        # never | undeclared | not-in-policy | new-undeclared
    outputs:                       # optional: reports written after every scan
      - format: json               # json | markdown | csv
        path: reports/scan-{date}.json   # relative to the config file; {date} (YYYY-MM-DD),
                                         # {time} (HHMMSS) and {scan_id} are filled in

``${NAME}`` in a source's ``url`` or ``path`` and in ``store`` is the environment variable
``NAME``; every one that is not set is a problem of the file, and no variable's value is ever
shown. Database URLs keep their ``${NAME}`` (the scanner expands them, and hides passwords);
plain paths are expanded when they are resolved, since they must be joined to the config
file's folder. Every problem in the file is reported at once, each with its line and a fix.

Options given on the command line win over the file: :meth:`ScanConfig.cli_defaults` gives the
file's values keyed by the ``piiscan scan`` parameter names, ready for click's ``default_map``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from connectors.globbing import has_magic
from connectors.source_url import expand_environment, has_dialect, url_backend
from scanner.errors import ConfigError, ConfigProblem
from scanner.taxonomy import did_you_mean, suggest
from scanner.yaml_lines import line_of, load_config, load_yaml

FAIL_ON_VALUES = ("never", "undeclared", "not-in-policy", "new-undeclared")
OUTPUT_FORMATS = ("json", "markdown", "csv")
PLACEHOLDERS = ("date", "time", "scan_id")

FailOn = Literal["never", "undeclared", "not-in-policy", "new-undeclared"]
OutputFormat = Literal["json", "markdown", "csv"]

# The same spelling connectors.source_url expands; found here to name every unset variable
# of a value, not only the first.
_ENV_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_SOURCE_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


def _one_of(allowed: tuple[str, ...]) -> BeforeValidator:
    """A check that names the allowed values (and the closest one) for a value not among
    them; pydantic's own message would not suggest one."""

    def check(value: Any) -> Any:
        if isinstance(value, str) and value in allowed:
            return value
        if isinstance(value, str):
            close = did_you_mean(value, allowed)
            text = f"unknown value '{value}'" + (f" ({close})" if close else "")
        else:
            text = "expected one of the allowed values"
        raise PydanticCustomError(
            "choice", "{text}; allowed: {allowed}", {"text": text, "allowed": ", ".join(allowed)}
        )

    return BeforeValidator(check)


def _version_one(value: Any) -> Any:
    if value != 1 or isinstance(value, bool):
        raise PydanticCustomError(
            "version", "this piiscan reads version 1 of the format; write 'version: 1'"
        )
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceSpec(_Strict):
    """One source: a database (``url``) or files (``path``), never both."""

    name: str
    url: str | None = None
    path: str | None = None

    @field_validator("name")
    @classmethod
    def _name_is_plain(cls, name: str) -> str:
        if not _SOURCE_NAME.match(name):
            raise PydanticCustomError(
                "source_name", "a source name holds letters, digits, '-' and '_' only"
            )
        return name

    @model_validator(mode="after")
    def _url_or_path(self) -> SourceSpec:
        if self.url is not None and self.path is not None:
            raise PydanticCustomError(
                "source_kind",
                "has both 'url' and 'path'; keep 'url' for a database or 'path' for files",
            )
        if self.url is None and self.path is None:
            raise PydanticCustomError(
                "source_kind",
                "needs 'url:' (a SQLAlchemy URL) or 'path:' (a file, directory or glob)",
            )
        return self


class OutputSpec(_Strict):
    """A report written after every scan: its format and where, with ``{date}``
    (YYYY-MM-DD), ``{time}`` (HHMMSS) and ``{scan_id}`` filled in."""

    format: Annotated[OutputFormat, _one_of(OUTPUT_FORMATS)]
    path: str

    @field_validator("path")
    @classmethod
    def _known_placeholders(cls, path: str) -> str:
        unknown = [m for m in _PLACEHOLDER.findall(path) if m not in PLACEHOLDERS]
        if unknown:
            shown = ", ".join("{" + u + "}" for u in dict.fromkeys(unknown))
            close = suggest(unknown[0], PLACEHOLDERS, n=1)
            text = f"unknown placeholder {shown}"
            if close:
                text += f" (did you mean {{{close[0]}}}?)"
            # pydantic fills in only the context's keys, so {date} below stays as written.
            raise PydanticCustomError(
                "placeholder",
                "{text}; the placeholders are {date}, {time} and {scan_id}",
                {"text": text},
            )
        return path

    def render_path(self, when: datetime, scan_id: str) -> Path:
        """``path`` with ``{date}``, ``{time}`` and ``{scan_id}`` filled in from ``when`` (in
        its own time zone) and ``scan_id``; still relative when written relative (see
        :meth:`ScanConfig.report_targets` for the path against the config file's folder)."""
        values = {
            "date": when.strftime("%Y-%m-%d"),
            "time": when.strftime("%H%M%S"),
            "scan_id": scan_id,
        }
        return Path(_PLACEHOLDER.sub(lambda m: values[m.group(1)], self.path))


@dataclass(frozen=True)
class ReportTarget:
    """Where one report of a finished scan goes: its format and an absolute path."""

    format: str
    path: Path


class ScanConfig(_Strict):
    """A validated scan config file. Load it with :func:`load_scan_config`, which also keeps
    the file's folder (:attr:`base_dir`) that relative paths are resolved against.

    The defaults are those of ``piiscan scan``'s options; ``model_fields_set`` tells which
    keys the file wrote.
    """

    version: Annotated[Literal[1], BeforeValidator(_version_one)] = 1
    sources: tuple[SourceSpec, ...] = Field(min_length=1)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    sample_rows: int = Field(10_000, ge=1)
    full: bool = False
    workers: int = Field(1, ge=0)
    statement_timeout: float = Field(30.0, ge=0)
    ner: bool = True
    policy: str | None = None
    datamap: str | None = None
    detectors: str | None = None
    min_confidence: float | None = Field(None, ge=0, le=1)
    store: str | None = None
    fail_on: Annotated[FailOn, _one_of(FAIL_ON_VALUES)] = "never"
    outputs: tuple[OutputSpec, ...] = ()

    # Not a key of the file: the loader sets it, and a private attribute cannot be written
    # from YAML (extra="forbid" rejects it like any unknown key).
    _base_dir: Path = PrivateAttr(default_factory=Path.cwd)

    @property
    def base_dir(self) -> Path:
        """The folder relative paths are resolved against: the config file's, once loaded
        (the working directory for a config built in code)."""
        return self._base_dir

    def _folder(self, base_dir: str | Path | None) -> Path:
        return Path(base_dir) if base_dir is not None else self._base_dir

    def source_urls(self, base_dir: str | Path | None = None) -> list[str]:
        """The sources as ``piiscan scan`` takes them, in the file's order: URLs as written
        (``${NAME}`` left for the scanner to expand), paths against ``base_dir`` (default
        :attr:`base_dir`) with their ``${NAME}`` expanded. Raises
        :class:`~connectors.source_url.UnsetVariableError` for a path whose variable is
        not set."""
        folder = self._folder(base_dir)
        return [
            s.url if s.url is not None else str(_resolve(str(s.path), folder, expand=True))
            for s in self.sources
        ]

    def policy_path(self, base_dir: str | Path | None = None) -> Path | None:
        """The policy file, absolute; None when the file names none."""
        return _resolve(self.policy, self._folder(base_dir)) if self.policy else None

    def datamap_path(self, base_dir: str | Path | None = None) -> Path | None:
        """The data map file, absolute; None when the file names none."""
        return _resolve(self.datamap, self._folder(base_dir)) if self.datamap else None

    def detectors_path(self, base_dir: str | Path | None = None) -> Path | None:
        """The detectors file, absolute; None when the file names none."""
        return _resolve(self.detectors, self._folder(base_dir)) if self.detectors else None

    def store_url(self, base_dir: str | Path | None = None) -> str | None:
        """The findings store as a SQLAlchemy URL: a URL as written (``${NAME}`` left in
        place: expand it with :func:`connectors.source_url.expand_environment` before
        opening), a plain path as ``sqlite:///ABSOLUTE_PATH``; None when not set."""
        if self.store is None:
            return None
        if "://" in self.store:
            return self.store
        return f"sqlite:///{_resolve(self.store, self._folder(base_dir), expand=True)}"

    def report_targets(
        self, when: datetime, scan_id: str, base_dir: str | Path | None = None
    ) -> list[ReportTarget]:
        """Every ``outputs`` entry with its placeholders filled in (see
        :meth:`OutputSpec.render_path`) and its path made absolute. A placeholder in a
        folder name may name a folder that does not exist yet: create it before writing."""
        folder = self._folder(base_dir)
        return [
            ReportTarget(o.format, _join(folder, o.render_path(when, scan_id)))
            for o in self.outputs
        ]

    def cli_defaults(self, base_dir: str | Path | None = None) -> dict[str, Any]:
        """The values the file sets, keyed by ``piiscan scan``'s parameter names and with
        paths resolved, for click's ``Context.default_map``: an option given on the command
        line then wins over the file's value, and an option neither sets keeps its own
        default. ``outputs`` and ``store`` have no option of that name here."""
        folder = self._folder(base_dir)
        given = self.model_fields_set
        values: dict[str, Any] = {"sources": tuple(self.source_urls(folder))}
        plain = ("include", "exclude", "sample_rows", "full", "workers", "statement_timeout")
        values.update({key: getattr(self, key) for key in plain if key in given})
        if "ner" in given:
            values["no_ner"] = not self.ner
        if "fail_on" in given:
            values["fail_on"] = self.fail_on
        if self.min_confidence is not None:
            values["min_confidence"] = self.min_confidence
        files = {
            "policy": self.policy_path(folder),
            "datamap": self.datamap_path(folder),
            "detectors_file": self.detectors_path(folder),
        }
        values.update({key: str(p) for key, p in files.items() if p is not None})
        return values


def store_in_config(path: str | Path) -> str | None:
    """Just the ``store:`` of a scan config file, as :meth:`ScanConfig.store_url` gives it
    (None when it names none), for commands that only read the store: the rest of the file
    (sources, their variables and files) is not checked."""
    data = load_yaml(path)
    store = data.get("store")
    if store is None:
        return None
    if not isinstance(store, str):
        raise ConfigError(
            "store: must be a SQLAlchemy URL or a file path",
            path=path,
            line=line_of(data, ("store",)),
            hint="write it as text, e.g. store: /var/lib/piiscan/findings.db",
        )
    config = ScanConfig.model_construct(store=store)
    return config.store_url(Path(path).absolute().parent)


def load_scan_config(path: str | Path) -> ScanConfig:
    """Load and check a scan config file; raises :class:`~scanner.errors.ConfigError`
    listing every problem, each with its line and a fix. Relative paths in it are relative
    to the file's folder, which the result keeps (:attr:`ScanConfig.base_dir`)."""
    base_dir = Path(path).absolute().parent
    config = load_config(path, ScanConfig, _cross_checks(base_dir))
    config._base_dir = base_dir  # set once, before anyone else holds the object
    return config


def _resolve(written: str, base_dir: Path, *, expand: bool = False) -> Path:
    """A path as written in the file (``~`` allowed, and ``${NAME}`` when ``expand``) made
    absolute against ``base_dir``."""
    text = expand_environment(written) if expand else written
    return _join(base_dir, Path(os.path.expanduser(text)))


def _join(base_dir: Path, path: Path) -> Path:
    # Normalised (``cfg/../data`` is ``data``), so that a source written in the file is the
    # same source, for reuse and diffs, as the same folder given on the command line.
    return Path(os.path.normpath(path if path.is_absolute() else base_dir / path))


def _cross_checks(base_dir: Path) -> Callable[[Any], list[ConfigProblem]]:
    def check(data: Any) -> list[ConfigProblem]:
        return _FileChecks(data, base_dir).run()

    return check


class _FileChecks:
    """Checks that need the whole file or the file system: duplicate source names, unset
    variables, URLs with no database dialect, and files and folders that do not exist.
    They read the parsed YAML, so that they run even where the schema found problems."""

    def __init__(self, data: Any, base_dir: Path):
        self.data = data
        self.base_dir = base_dir
        self.problems: list[ConfigProblem] = []

    def run(self) -> list[ConfigProblem]:
        sources = self._entries("sources")
        self._duplicate_names(sources)
        for i, source in sources:
            url, path = source.get("url"), source.get("path")
            if isinstance(url, str):
                self._variables(url, ("sources", i, "url"))
                self._database_url(url, ("sources", i, "url"), "a source's url")
            if isinstance(path, str) and self._variables(path, ("sources", i, "path")):
                self._exists(path, ("sources", i, "path"), what="file or directory", expand=True)
        store = self._get("store")
        if isinstance(store, str) and self._variables(store, ("store",)) and "://" in store:
            self._database_url(store, ("store",), "the store")
        for key in ("policy", "datamap", "detectors"):
            if isinstance(written := self._get(key), str):
                self._exists(written, (key,), what="file")
        # Outputs' folders are not checked: they are created when the reports are written
        # (a {date} folder cannot exist yet anyway).
        return self.problems

    def _get(self, key: str) -> Any:
        return self.data.get(key) if isinstance(self.data, dict) else None

    def _entries(self, key: str) -> list[tuple[int, dict[str, Any]]]:
        items = self._get(key)
        if not isinstance(items, list):
            return []
        return [(i, e) for i, e in enumerate(items) if isinstance(e, dict)]

    def _add(self, loc: tuple[str | int, ...], message: str, hint: str = "") -> None:
        self.problems.append(ConfigProblem(line_of(self.data, loc), message, hint))

    def _duplicate_names(self, sources: list[tuple[int, dict[str, Any]]]) -> None:
        first_line: dict[str, int | None] = {}
        for i, source in sources:
            name = source.get("name")
            if not isinstance(name, str):
                continue
            line = line_of(self.data, ("sources", i, "name"))
            if name in first_line:
                self._add(
                    ("sources", i, "name"),
                    f"the source name '{name}' is used twice",
                    f"it is already used on line {first_line[name]}; give each source its own name",
                )
            else:
                first_line[name] = line

    def _variables(self, value: str, loc: tuple[str | int, ...]) -> bool:
        """Report each ``${NAME}`` of ``value`` that is not set (by name only: a value is
        never shown); True when all are set."""
        unset = [n for n in dict.fromkeys(_ENV_REFERENCE.findall(value)) if n not in os.environ]
        for name in unset:
            self._add(
                loc,
                f"the environment variable {name} is not set",
                f"export {name} before the scan",
            )
        return not unset

    def _database_url(self, url: str, loc: tuple[str | int, ...], what: str) -> None:
        # Only the scheme is ever quoted: the rest may hold a password.
        backend = url_backend(url)
        if backend is None:
            self._add(
                loc,
                f"{what} is not a SQLAlchemy URL (it does not start with scheme://)",
                "write postgresql+psycopg://user@host/db, mysql+pymysql://..., sqlite:///file.db"
                + ("; for files use 'path:'" if loc[0] == "sources" else ""),
            )
        elif not has_dialect(backend):
            known = ("postgresql", "mysql", "mariadb", "sqlite", "mssql", "oracle")
            self._add(
                loc,
                f"{what} names no database SQLAlchemy knows ('{backend}://')",
                did_you_mean(backend, known)
                or "use postgresql+psycopg://, mysql+pymysql:// or sqlite:///",
            )

    def _exists(
        self, written: str, loc: tuple[str | int, ...], *, what: str, expand: bool = False
    ) -> None:
        """Report ``written`` (a path as the file has it) when it names nothing, or a
        directory where a file is wanted; ``expand``: its ``${NAME}`` are set and used."""
        expanded = os.path.expanduser(expand_environment(written) if expand else written)
        if what == "file or directory" and has_magic(expanded):
            return  # a glob may match nothing today and files tomorrow
        path = _join(self.base_dir, Path(expanded))
        try:
            if what == "folder":
                ok = path.is_dir()
            elif what == "file":
                ok = path.is_file()
                if path.is_dir():
                    self._add(loc, f"{written} is a directory", "give the path of a YAML file")
                    return
            else:
                ok = path.exists()
        except OSError as exc:  # a name too long, a folder on the way that cannot be searched
            self._add(loc, f"{written} cannot be looked up ({exc.strerror})", "check the path")
            return
        if not ok:
            hint = (
                "check the path"
                if Path(expanded).is_absolute()
                else f"paths are relative to the config file's folder {self.base_dir}"
            )
            self._add(loc, f"no such {what}: {written}", hint)

"""The data map: where an organisation says it keeps which personal data, and why.

A data map is a YAML file. Each holding declares categories found at a source, a location
and a field (globs), with the purposes they are held for::

    version: 1
    holdings:
      - source: "postgresql://app@db.internal/shop"  # optional: any source when left out
        location: "public.customers"                 # "schema.table" or "table"; files: path
        field: "email"                               # optional, default "*"
        categories: [user.contact.email]             # fideslang category keys; an entry
                                                     # covers its descendants
        purposes: [essential.service.notifications.email, customer_service]
        description: Customer accounts.
        owner: team-accounts                         # optional
      - location: "exports/*.parquet"                # relative to this file's directory
        field: "*"
        categories: [user.contact, user.name]
        purposes: [analytics.reporting]
        description: Nightly CRM exports.

Matching (``fnmatch`` globs: ``*`` also matches ``/``, ``?`` one character, ``[ab]`` a set):

- ``source`` is matched against the source as given with any password removed
  (``postgresql://app:s3cret@db/shop`` is matched as ``postgresql://app@db/shop``) and against
  its file name (``/data/app.db`` -> ``app.db``). Never write a password in a data map.
- ``location``: for files, against the location path, the path relative to the data map
  file's directory, and the file name; for tables, against ``schema.table`` and ``table``.
- ``field`` is matched case-insensitively (SQL folds identifier case); the others are
  case-sensitive.
- A holding declares a finding's category when one of its ``categories`` equals it or is an
  ancestor of it (``user.contact`` declares ``user.contact.email``).

``purposes`` are fideslang data-use keys or ids of the policy's purposes; pass the policy to
:func:`load_datamap` to check the latter. Holdings are tried in file order; the first match
wins. The problems of a file are reported together, as one :class:`~scanner.errors.ConfigError`
listing each with its line and a fix.
"""

from __future__ import annotations

import os
import re
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from scanner.errors import ConfigProblem
from scanner.taxonomy import category_keys, covers, data_use_keys, did_you_mean, is_category
from scanner.yaml_lines import LineDict, line_of, load_config

if TYPE_CHECKING:
    from scanner.policy import Policy

_MODEL_CONFIG = ConfigDict(extra="forbid", frozen=True)

# "scheme://user:password@host" -> "scheme://user@host". The password ends at the last "@"
# before the path, so a password holding "@" or ":" is still removed whole.
_PASSWORD = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*://[^:/@]*):[^/]*@")


def without_password(source: str) -> str:
    """The source with the password of a URL removed (``u:p@host`` -> ``u@host``); a masked
    password (``u:***@host``) is removed the same way."""
    return _PASSWORD.sub(r"\1@", source)


def _source_file_name(source: str) -> str:
    path = urlsplit(source).path if "://" in source else source
    return PurePosixPath(path.replace("\\", "/").rstrip("/")).name


class Holding(BaseModel):
    """One declaration of the data map: these categories, here, for these purposes."""

    model_config = _MODEL_CONFIG

    source: str | None = None
    location: str = Field(min_length=1)
    field: str = Field(default="*", min_length=1)
    categories: tuple[str, ...] = Field(min_length=1)
    purposes: tuple[str, ...] = Field(min_length=1)
    description: str = ""
    owner: str | None = None

    def declares(self, category: str) -> bool:
        """True when one of the holding's categories covers ``category``."""
        return any(covers(c, category) for c in self.categories)


class DataMap(BaseModel):
    """A data map; build it with :func:`load_datamap`."""

    model_config = _MODEL_CONFIG

    version: Literal[1]
    holdings: tuple[Holding, ...] = ()

    _base_dir: str | None = PrivateAttr(default=None)
    _path: str | None = PrivateAttr(default=None)

    @property
    def path(self) -> str | None:
        """The file the data map was read from, if any."""
        return self._path

    def match(
        self,
        source: str,
        location: str,
        field: str,
        category: str,
        *,
        kind: str | None = None,
    ) -> Holding | None:
        """The first holding that declares ``category`` at this source, location and field.

        ``kind`` (``"file"`` or ``"table"``, from the connector's location) narrows how the
        location is matched; without it both ways are tried.
        """
        sources = self._source_names(source)
        locations = self._location_names(source, location, kind)
        field_name = field.lower()
        for h in self.holdings:
            if not h.declares(category):
                continue
            if h.source is not None and not any(fnmatchcase(s, h.source) for s in sources):
                continue
            if not any(fnmatchcase(loc, h.location) for loc in locations):
                continue
            if fnmatchcase(field_name, h.field.lower()):
                return h
        return None

    @staticmethod
    def _source_names(source: str) -> list[str]:
        clean = without_password(source)
        return [n for n in dict.fromkeys((clean, _source_file_name(clean))) if n]

    def _location_names(self, source: str, location: str, kind: str | None) -> list[str]:
        names = [location]
        if kind != "file" and "/" not in location and "\\" not in location:
            # "schema.table" -> "table". Without a kind, a file "users.csv" also gives "csv",
            # which no sensible glob matches.
            names.append(location.rsplit(".", 1)[-1])
        if kind != "table":
            names.append(PurePosixPath(location.replace("\\", "/")).name)
            names.extend(self._relative_paths(source, location))
        return [n for n in dict.fromkeys(names) if n]

    def _relative_paths(self, source: str, location: str) -> list[str]:
        """``location`` relative to the data map's directory, whether the connector named it
        absolutely, relative to the working directory, or relative to a local source."""
        if self._base_dir is None:
            return []
        candidates = [location]
        if not os.path.isabs(location) and "://" not in source:
            candidates.append(os.path.join(without_password(source), location))
        out = []
        for c in candidates:
            rel = os.path.relpath(os.path.abspath(c), self._base_dir)
            if not rel.startswith(".."):
                out.append(PurePosixPath(Path(rel)).as_posix())
        return out


def load_datamap(path: str | Path, *, policy: Policy | None = None) -> DataMap:
    """Load and check a data map YAML file.

    Categories must be fideslang category keys. Purposes must be fideslang data-use keys or,
    when ``policy`` is given, ids of its purposes (without a policy, other purposes are kept
    as written and :func:`scanner.status.assess` resolves them). Raises :class:`ConfigError`
    listing every problem of the file, each with its line and a fix.
    """
    path = Path(path)
    datamap = load_config(path, DataMap, lambda data: _value_problems(data, policy))
    datamap._base_dir = os.path.abspath(path.parent)
    datamap._path = str(path)
    return datamap


def _value_problems(data: LineDict, policy: Policy | None) -> list[ConfigProblem]:
    """Unknown categories and, with a policy, unknown purposes of each holding. Values of the
    wrong type are left to the schema check."""
    problems: list[ConfigProblem] = []
    holdings = data.get("holdings")
    if not isinstance(holdings, list):
        return problems
    allowed = data_use_keys() | {p.id for p in policy.purposes} if policy is not None else None
    for i, h in enumerate(holdings):
        if not isinstance(h, dict):
            continue
        categories = h.get("categories")
        for j, c in enumerate(categories if isinstance(categories, list) else []):
            if isinstance(c, str) and not is_category(c):
                problems.append(
                    ConfigProblem(
                        line_of(data, ("holdings", i, "categories", j)),
                        f"unknown category '{c}'",
                        did_you_mean(c, category_keys()) or "use a fideslang data-category key",
                    )
                )
        purposes = h.get("purposes")
        if allowed is None or not isinstance(purposes, list):
            continue
        for j, p in enumerate(purposes):
            if isinstance(p, str) and p not in allowed:
                problems.append(
                    ConfigProblem(
                        line_of(data, ("holdings", i, "purposes", j)),
                        f"unknown purpose '{p}'",
                        did_you_mean(p, allowed)
                        or "use a fideslang data-use key or a purpose id of the policy",
                    )
                )
    return problems

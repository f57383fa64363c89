"""Tell database URLs from paths, and keep passwords out of anything shown to a user."""

from __future__ import annotations

import os
import re
from urllib.parse import quote

from sqlalchemy.dialects import registry as dialect_registry
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

# Python ``re`` is fine here: these run on the source string the user typed, never on data.
# The password runs to the last "@" before the host, so that one written with a raw "@"
# (which SQLAlchemy would cut at its first "@") is still hidden whole.
_SCHEME = re.compile(r"^(?P<name>[\w+]+)://")
_PASSWORD_IN_NETLOC = re.compile(
    r"^(?P<head>[\w+]+://[^:/@]*:)(?P<password>[^/?#]*)(?=@[^@/?#]*(?:[/?#]|$))"
)
_PASSWORD_IN_QUERY = re.compile(r"(?P<head>[?&](?:password|passwd|pwd)=)[^&]*", re.IGNORECASE)

REDACTED = "***"
_ENV_REFERENCE = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)\}")


class UnsetVariableError(ValueError):
    """A ``${NAME}`` reference to an environment variable that is not set."""

    def __init__(self, name: str):
        super().__init__(f"the environment variable {name} is not set")
        self.name = name


def expand_environment(url: str) -> str:
    """``url`` with every ``${NAME}`` replaced by the environment variable ``NAME``, so that
    passwords stay out of command lines and config files. A value that takes the password's
    place is URL-encoded (it may hold ``@`` or ``/``). Raises :class:`UnsetVariableError`."""
    if "${" not in url:
        return url

    def value(match: re.Match[str], *, encode: bool = False) -> str:
        name = match.group("name")
        if name not in os.environ:
            raise UnsetVariableError(name)
        return quote(os.environ[name], safe="") if encode else os.environ[name]

    found = _PASSWORD_IN_NETLOC.match(url)
    if found:
        password = _ENV_REFERENCE.sub(lambda m: value(m, encode=True), found.group("password"))
        url = found.group("head") + password + url[found.end() :]
        head_end = len(found.group("head")) + len(password)
        return url[:head_end] + _ENV_REFERENCE.sub(value, url[head_end:])
    return _ENV_REFERENCE.sub(value, url)


def is_database_url(source: str) -> bool:
    """True when ``source`` is a URL whose scheme names a SQLAlchemy dialect.

    ``postgresql://…``, ``sqlite:///app.db`` and ``mysql+pymysql://…`` are; ``s3://…``,
    ``file://…`` and plain paths are not. A known dialect with a missing driver still counts,
    so that the user is told to install the driver rather than that the URL is not one.
    """
    backend = url_backend(source)
    if backend is None or not has_dialect(backend):
        return False
    try:
        make_url(source)
    except (ArgumentError, ValueError):
        return False
    return True


def url_backend(source: str) -> str | None:
    """The dialect part of a URL's scheme (``postgresql`` for ``postgresql+psycopg://…``),
    or None when ``source`` does not start with ``scheme://``."""
    match = _SCHEME.match(source)
    return match.group("name").split("+", 1)[0] if match else None


def has_dialect(backend: str) -> bool:
    """True when SQLAlchemy has a dialect named ``backend`` (its driver may still be
    missing)."""
    try:
        dialect_registry.load(backend)
    except (NoSuchModuleError, ValueError):
        return False
    return True


def redact_source(source: str) -> str:
    """``source`` with any password replaced by ``***``; everything else, paths included,
    is left exactly as given."""
    if "://" not in source:
        return source
    redacted = _PASSWORD_IN_NETLOC.sub(rf"\g<head>{REDACTED}", source, count=1)
    redacted = _PASSWORD_IN_QUERY.sub(rf"\g<head>{REDACTED}", redacted)
    # A password holding a raw '?', '/' or '#' escapes the pattern, yet SQLAlchemy reads it
    # (and connects with it): hide every spelling the URL parser finds too.
    for secret in passwords_in(source):
        redacted = redacted.replace(secret, REDACTED)
    return redacted


def raw_at_in_password(source: str) -> bool:
    """Whether the password of a URL holds an "@" that is not URL-encoded (``%40``)."""
    match = _PASSWORD_IN_NETLOC.match(source)
    return bool(match and "@" in match.group("password"))


def passwords_in(source: str) -> list[str]:
    """Every spelling of the password held in ``source`` (as typed and URL-decoded), so that
    error text from a driver can be scrubbed of it."""
    found: list[str] = []
    match = _PASSWORD_IN_NETLOC.match(source)
    if match and match.group("password"):
        found.append(match.group("password"))
    found += [m.group(0).split("=", 1)[1] for m in _PASSWORD_IN_QUERY.finditer(source)]
    try:
        decoded = make_url(source).password
    except (ArgumentError, ValueError):
        decoded = None
    if decoded:
        found += [str(decoded), quote(str(decoded), safe="")]
    # Longest first so that a password is never half-replaced by a shorter spelling of it.
    return sorted({p for p in found if p}, key=len, reverse=True)


def scrub_password(text: str, source: str) -> str:
    """``text`` with every spelling of ``source``'s password replaced by ``***``."""
    for secret in passwords_in(source):
        text = text.replace(secret, REDACTED)
    return text

"""What to say when reading a table fails, without quoting the server.

A server's error text can quote the data being read: PostgreSQL's ``RAISE EXCEPTION 'bad
value %', email`` inside a view, MySQL's ``SIGNAL ... MESSAGE_TEXT``, dynamic SQL naming a
value as a relation. So a read error is described from its code alone (PostgreSQL SQLSTATE,
MySQL/MariaDB error number), with what the user can do about it; the text is never shown.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadFailure:
    """A failed read in words: what happened and what to do."""

    reason: str
    hint: str
    #: The statement was cancelled by the scan's time limit.
    timed_out: bool = False


_GRANT = "grant SELECT on it to the scanning login, or leave it out with --exclude"
_GONE = "it was dropped or changed while the scan ran; scan again"
_LOST = "check the server and the network, and scan again"
_HIDDEN = "its message is not shown: it may quote the data being read"

_POSTGRES = {
    "42501": ("permission denied", _GRANT),
    "42P01": ("the table or view no longer exists", _GONE),
    "42703": ("a column no longer exists", _GONE),
    "55000": (
        "the materialized view has not been populated",
        "run REFRESH MATERIALIZED VIEW on it, or leave it out with --exclude",
    ),
    "25006": (
        "reading it would write (it calls a function that modifies data), which the "
        "read-only session refuses",
        "leave it out with --exclude, or scan the tables the view reads",
    ),
    "40001": ("a serialization failure", "scan again"),
    "40P01": ("a deadlock with another session", "scan again"),
    # pg_terminate_backend() and a shutdown both end a session with 57P01.
    "57P01": ("the server ended the connection (an administrator's command or a shutdown)", _LOST),
    "57P02": ("the server was restarted", _LOST),
    "57P03": ("the server is not accepting connections", _LOST),
}
_MYSQL = {
    1142: ("permission denied", _GRANT),
    1143: ("permission denied on a column", _GRANT),
    1044: ("permission denied", _GRANT),
    1146: ("the table or view no longer exists", _GONE),
    1054: ("a column no longer exists", _GONE),
    1356: ("the view refers to tables or columns that no longer exist or may not be read", _GRANT),
    1792: (
        "reading it would write (it calls a function that modifies data), which the "
        "read-only session refuses",
        "leave it out with --exclude, or scan the tables the view reads",
    ),
    2006: ("the connection was lost", _LOST),
    2013: ("the connection was lost", _LOST),
    1317: ("the statement was interrupted", "scan again"),
    1644: ("a user-defined error was raised (SIGNAL); " + _HIDDEN, "leave it out with --exclude"),
}
_MYSQL_TIMEOUTS = {1969, 3024}  # MariaDB max_statement_time, MySQL max_execution_time


#: PostgreSQL SQLSTATEs and MySQL/MariaDB error numbers that mean the login was refused: a
#: wrong user or password, which no retry fixes.
_LOGIN_REFUSED_SQLSTATES = ("28000", "28P01")
_LOGIN_REFUSED_ERRNOS = {1045, 1698}


#: libpq reports a refused login as the server's FATAL message, without its SQLSTATE: these
#: begin it (a database that does not exist is not among them: that is the URL's mistake
#: of another kind, reported as it is).
_LIBPQ_LOGIN_REFUSED = (
    "password authentication failed",
    "Ident authentication failed",
    "Peer authentication failed",
    "no pg_hba.conf entry",
    'role "',  # role "x" does not exist
)


def is_login_refused(exc: BaseException) -> bool:
    """Whether ``exc`` (a driver error, or SQLAlchemy's wrapper of one) raised on connecting
    says the server refused the login: wrong user or password, not a network problem."""
    orig = getattr(exc, "orig", None) or exc
    sqlstate = getattr(orig, "sqlstate", None)
    if isinstance(sqlstate, str):
        return sqlstate in _LOGIN_REFUSED_SQLSTATES
    pgconn = getattr(orig, "pgconn", None)
    if pgconn is not None:  # psycopg, failing in libpq before a session exists
        message = bytes(getattr(pgconn, "error_message", b"") or b"").decode("utf-8", "replace")
        fatal = message.partition("FATAL:")[2].lstrip()
        return fatal.startswith(_LIBPQ_LOGIN_REFUSED)
    args = getattr(orig, "args", ())
    return bool(args) and isinstance(args[0], int) and args[0] in _LOGIN_REFUSED_ERRNOS


def describe_read_failure(exc: BaseException, dialect: str, timeout_s: float | None) -> ReadFailure:
    """The words for ``exc`` (a driver error, or SQLAlchemy's wrapper of one) raised while
    reading a table of a ``dialect`` database under a statement timeout of ``timeout_s``."""
    orig = getattr(exc, "orig", None) or exc
    sqlstate = getattr(orig, "sqlstate", None)
    if dialect == "postgresql" and isinstance(sqlstate, str):
        return _postgres(sqlstate, timeout_s)
    args = getattr(orig, "args", ())
    if dialect in ("mysql", "mariadb") and args and isinstance(args[0], int):
        return _mysql(args[0], timeout_s)
    return ReadFailure(
        f"the database reported {type(orig).__name__}; {_HIDDEN}",
        "check that the table still exists and that the login may SELECT from it",
    )


def _timed_out(timeout_s: float | None) -> ReadFailure:
    limit = f" ({timeout_s:g} s)" if timeout_s else ""
    return ReadFailure(
        f"the statement ran past the statement timeout{limit}",
        "raise --statement-timeout, or leave the table out with --exclude",
        timed_out=True,
    )


def _postgres(sqlstate: str, timeout_s: float | None) -> ReadFailure:
    if sqlstate == "57014":
        return _timed_out(timeout_s)
    if sqlstate in _POSTGRES:
        return ReadFailure(*_POSTGRES[sqlstate])
    if sqlstate.startswith("08"):
        return ReadFailure("the connection was lost", _LOST)
    if sqlstate.startswith("53"):
        return ReadFailure("the server ran out of resources (memory, disk, connections)", _LOST)
    return ReadFailure(
        f"the server reported SQLSTATE {sqlstate}; {_HIDDEN}",
        "look the code up in the PostgreSQL manual's error codes appendix",
    )


def _mysql(errno: int, timeout_s: float | None) -> ReadFailure:
    if errno in _MYSQL_TIMEOUTS:
        return _timed_out(timeout_s)
    if errno in _MYSQL:
        return ReadFailure(*_MYSQL[errno])
    return ReadFailure(
        f"the server reported error {errno}; {_HIDDEN}",
        "look the number up in the MySQL or MariaDB error reference",
    )

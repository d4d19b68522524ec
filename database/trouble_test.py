import asyncpg
import psycopg

from database.trouble import hide_password, unreachable_database_message
from foundation.base.errors import DatabaseUnavailableError

URL = "postgresql://app:pa55word@db.internal:5432/blossom"


def test_hide_password() -> None:
    assert hide_password(URL) == "postgresql://app:***@db.internal:5432/blossom"
    assert hide_password("postgresql://app@db/x") == "postgresql://app@db/x"
    assert hide_password("") == ""


def test_unreachable_message_names_the_deepest_cause_without_the_password() -> None:
    refused = ConnectionRefusedError(111, "Connect call failed ('10.0.0.1', 5432)")
    try:
        try:
            raise refused
        except OSError as e:
            raise DatabaseUnavailableError("cannot connect to postgres") from e
    except DatabaseUnavailableError as wrapped:
        message = unreachable_database_message(wrapped, URL)
    assert message == (
        "cannot reach the database at postgresql://app:***@db.internal:5432/blossom: "
        "[Errno 111] Connect call failed ('10.0.0.1', 5432)"
    )


def test_unreachable_message_scrubs_a_password_quoted_by_the_driver() -> None:
    error = psycopg.OperationalError(f"connection to {URL} failed:\n  password pa55word refused")
    message = unreachable_database_message(error, URL)
    assert message is not None and "pa55word" not in message and "\n" not in message


def test_other_errors_are_not_database_trouble() -> None:
    assert unreachable_database_message(ValueError("no"), URL) is None
    assert unreachable_database_message(asyncpg.UniqueViolationError("dup"), URL) is None


def test_a_file_error_is_not_an_unreachable_database() -> None:
    missing = FileNotFoundError(2, "No such file or directory", "/nowhere/export.csv")
    assert unreachable_database_message(missing, URL) is None
    socket_gone = FileNotFoundError(2, "No such file or directory")  # a Unix socket's connect
    assert unreachable_database_message(socket_gone, URL) is not None

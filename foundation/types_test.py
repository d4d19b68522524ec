import pytest
from pydantic import TypeAdapter, ValidationError

from foundation.types import Email, Name

EMAIL: TypeAdapter[str] = TypeAdapter(Email)
NAME: TypeAdapter[str] = TypeAdapter(Name)


@pytest.mark.parametrize("good", ["a@b.co", " Ada.Lovelace+x@example.com ", "x@sub.domain.org"])
def test_emails_accepted_and_trimmed(good: str) -> None:
    assert EMAIL.validate_python(good) == good.strip()


@pytest.mark.parametrize("bad", ["", "plain", "a@b", "a b@c.de", "a@@b.de", "a@b.", "@b.de"])
def test_malformed_emails_refused(bad: str) -> None:
    with pytest.raises(ValidationError, match=r"not a valid email address|at least"):
        EMAIL.validate_python(bad)


def test_names_are_trimmed_and_not_blank() -> None:
    assert NAME.validate_python("  Ada ") == "Ada"
    with pytest.raises(ValidationError):
        NAME.validate_python("   ")


def test_email_is_documented_as_an_email_format() -> None:
    # OpenAPI readers (the docs page, schemathesis) generate and show real addresses.
    assert EMAIL.json_schema() == {"type": "string", "format": "email"}

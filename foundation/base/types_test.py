import pytest
from pydantic import TypeAdapter, ValidationError

from foundation.base.types import Email, Name

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


# A name reaches email headers (an invite's subject is "<inviter> invites you to <org>"):
# a line break there once stopped every email. Names refuse control characters, line and
# paragraph separators and invisible format characters (bidi overrides that disguise a
# name), but keep the joiners some scripts and emoji need.
@pytest.mark.parametrize(
    "bad",
    [
        "Ada\r\nBcc: mallory@example.test",
        "Ada\nLovelace",
        "Ada\rLovelace",
        "Ada\tLovelace",
        "Ada\x00Lovelace",
        "Ada\x0bLovelace",
        "Ada\x1cLovelace",
        "Ada\x7fLovelace",
        "Ada\x85Lovelace",
        "Ada\u2028Lovelace",
        "Ada\u2029Lovelace",
        "Ada\u202eecalevoL",
        "Ada\u2066Lovelace",
        "Ada\ufeffLovelace",
        "Ada\u00adLovelace",
    ],
)
def test_names_refuse_control_characters(bad: str) -> None:
    with pytest.raises(ValidationError, match="must not contain control characters"):
        NAME.validate_python(bad)


@pytest.mark.parametrize(
    "good",
    [
        "Ada Lovelace",
        "Zoë O'Brien-Łukasiewicz",
        "محمد\u200cرضا",  # a zero-width non-joiner, as Persian writes it
        "Family \U0001f468\u200d\U0001f469\u200d\U0001f467",  # a zero-width joiner sequence
        "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f Scotland",
    ],
)
def test_names_keep_joiners_and_ordinary_text(good: str) -> None:
    assert NAME.validate_python(f" {good}\n") == good


def test_names_keep_their_length_limits() -> None:
    assert NAME.validate_python("x" * 200) == "x" * 200
    with pytest.raises(ValidationError, match="at most 200"):
        NAME.validate_python("x" * 201)


@pytest.mark.parametrize("bad", ["ada\x01@example.test", "ada@exa\u202emple.test"])
def test_emails_refuse_control_characters(bad: str) -> None:
    with pytest.raises(ValidationError, match="must not contain control characters"):
        EMAIL.validate_python(bad)

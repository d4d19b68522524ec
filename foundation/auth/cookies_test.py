from foundation.auth.cookies import sign_session, unsign_session

SESSION_ID = "ses_2EYXkgJRdy2"


def test_round_trip() -> None:
    assert unsign_session("product", sign_session("product", SESSION_ID)) == SESSION_ID


def test_a_cookie_is_valid_for_its_app_only() -> None:
    assert unsign_session("panopticon", sign_session("product", SESSION_ID)) is None


def test_tampered_or_malformed_values_are_refused() -> None:
    value = sign_session("product", SESSION_ID)
    other = sign_session("product", "ses_2EYXkgJRdy3")
    forged = f"ses_2EYXkgJRdy3.{value.split('.')[1]}"
    assert unsign_session("product", other) == "ses_2EYXkgJRdy3"
    for bad in [
        forged,
        "",
        None,
        SESSION_ID,
        value + "x",
        "usr_2EYXkgJRdy2." + value.split(".")[1],
    ]:
        assert unsign_session("product", bad) is None
    assert unsign_session("product", "ses_'; DROP TABLE users;--.abc") is None

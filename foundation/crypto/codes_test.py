from foundation.crypto.codes import hash_code, new_code


def test_codes_are_fresh_and_hashed() -> None:
    code, code_hash = new_code()
    other, _ = new_code()
    assert code != other and len(code) == 32
    assert code_hash == hash_code(code) and len(code_hash) == 64 and code not in code_hash

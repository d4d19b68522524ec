from tools.list_symbols.symbols import list_symbols, render


def test_public_names_of_foundation_and_database_with_kind_and_summary() -> None:
    symbols = {(s.module, s.name): s for s in list_symbols()}
    load_env = symbols[("foundation.base.env", "load_env")]
    assert load_env.kind == "function"
    assert load_env.summary.startswith("Read and validate the configuration")
    assert symbols[("foundation.base.errors", "NotFoundError")].kind == "error"
    assert symbols[("database.xact", "Database")].kind == "class"
    assert symbols[("foundation.base.logs", "library_logger")].kind == "function"
    assert symbols[("foundation.base.clock", "CLOCK")].kind == "constant"
    assert symbols[("foundation.auth.passwords", "hash_password")].kind == "async function"


def test_imports_private_names_and_tests_are_not_listed() -> None:
    symbols = list_symbols()
    names = {(s.module, s.name) for s in symbols}
    assert (
        "foundation.auth.cookies",
        "ENV",
    ) not in names  # imported: listed in foundation.base.env
    assert ("foundation.base.env", "ENV") in names
    assert not any(s.name.startswith("_") for s in symbols)
    assert not any(s.module.endswith("_test") for s in symbols)
    assert {s.module.split(".")[0] for s in symbols} == {"foundation", "database"}


def test_render_groups_by_module() -> None:
    text = render(list_symbols(("foundation.base.clock",)))
    assert text.startswith("foundation.base.clock\n")
    assert "  CLOCK " in text

from __future__ import annotations

from tools.sqlc_gen_python import naming


def test_snake_case() -> None:
    assert naming.snake_case("UserFetchByEmail") == "user_fetch_by_email"
    assert naming.snake_case("UserIDFetch") == "user_id_fetch"
    assert naming.snake_case("OrgV2List") == "org_v2_list"
    assert naming.screaming_case("UserFetch") == "USER_FETCH"


def test_model_names_singularise_the_last_word() -> None:
    assert naming.model_name("users") == "UserModel"
    assert naming.model_name("organizations_users") == "OrganizationsUserModel"
    assert naming.model_name("vaulted_secrets") == "VaultedSecretModel"
    assert naming.model_name("categories") == "CategoryModel"
    assert naming.model_name("addresses") == "AddressModel"
    assert naming.model_name("classes") == "ClassModel"
    assert naming.model_name("boxes") == "BoxModel"
    assert naming.model_name("status") == "StatusModel"
    assert naming.model_name("access") == "AccessModel"
    assert naming.model_name("active_users") == "ActiveUserModel"


def test_enum_names() -> None:
    assert naming.enum_alias("organization_role_enum") == "OrganizationRoleEnum"
    assert naming.enum_values_constant("organization_role_enum") == "ORGANIZATION_ROLE_ENUM_VALUES"


def test_identifier() -> None:
    assert naming.identifier("email", "x") == "email"
    assert naming.identifier("", "dollar_1") == "dollar_1"
    assert naming.identifier("class", "x") == "class_"
    assert naming.identifier("2fa", "x") == "_2fa"
    assert naming.identifier("a-b", "x") == "a_b"


def test_unique() -> None:
    assert naming.unique(["id", "email", "id", "id"]) == ["id", "email", "id_2", "id_3"]
    assert naming.unique(["rows", "row", "x"], reserved={"row", "rows"}) == ["rows_", "row_", "x"]

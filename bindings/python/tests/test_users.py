"""External User Management through the Python package, against the sandbox."""

import plenigo
from conftest import COMPANY, CUSTOMER, OTHER_COMPANY, OTHER_CUSTOMER, PRODUCT, make_client


def register(client, email="testAddNewUser@mail.com", **fields):
    return client.users().register_user(plenigo.UserRegistration(email=email, **fields))


def test_register_user_stores_every_field(client, sandbox):
    customer_id = register(
        client, language="de", external_user_id="ext-77", first_name="new", name="user"
    )

    assert customer_id
    customer = sandbox.customer(COMPANY, customer_id)
    assert customer["email"] == "testAddNewUser@mail.com"
    assert customer["language"] == "de"
    assert customer["externalUserId"] == "ext-77"
    assert (customer["firstName"], customer["name"]) == ("new", "user")


def test_register_user_for_the_second_seed_company(sandbox):
    client = make_client(sandbox, company_id=OTHER_COMPANY)
    customer_id = register(client, external_user_id="A1BKAFZZ3H0H", first_name="new", name="user")

    assert sandbox.customer(OTHER_COMPANY, customer_id)["externalUserId"] == "A1BKAFZZ3H0H"


def test_registering_an_existing_email_returns_that_customer(client):
    first = register(client)

    assert register(client) == first


def test_create_login_token(client, sandbox):
    token = client.users().create_login_token(CUSTOMER, False)

    view = sandbox.admin("GET", f"login-tokens/{token}")
    assert (view["companyId"], view["customerId"]) == (COMPANY, CUSTOMER)
    assert view["redeemed"] is False and view["expired"] is False


def test_create_login_token_by_external_id(client, sandbox):
    customer_id = register(client, external_user_id="12345")

    token = client.users().create_login_token("12345", True)

    assert sandbox.admin("GET", f"login-tokens/{token}")["customerId"] == customer_id


def test_change_email(client, sandbox):
    client.users().change_email(OTHER_CUSTOMER, "testChangeEMail@mail.com", False)

    assert sandbox.customer(COMPANY, OTHER_CUSTOMER)["email"] == "testChangeEMail@mail.com"


def test_add_external_user_id(client, sandbox):
    client.users().add_external_user_id(CUSTOMER, "12345")

    assert sandbox.customer(COMPANY, CUSTOMER)["externalUserId"] == "12345"


def test_import_customer_access_then_has_bought_with_an_access_id(client, sandbox):
    users = client.users()
    users.import_customer_access(CUSTOMER, False, ["crm-1", "billing-2", "shop-3", "app-4"])

    assert sandbox.customer(COMPANY, CUSTOMER)["accessIds"] == [
        "crm-1",
        "billing-2",
        "shop-3",
        "app-4",
    ]
    assert users.has_bought_product("billing-2", [PRODUCT], False) is True
    assert users.has_bought_product("unknown-9", [PRODUCT], False) is False


def test_has_bought_product_follows_purchases(client, sandbox):
    users = client.users()
    customer_id = register(client)
    users.import_customer_access(customer_id, False, ["crm-new"])

    assert users.has_bought_product("crm-new", [PRODUCT], False) is False
    sandbox.admin(
        "POST",
        "purchases",
        {"companyId": COMPANY, "customerId": customer_id, "productId": PRODUCT, "testMode": False},
    )
    assert users.has_bought_product("crm-new", ["other-product", PRODUCT], False) is True
    assert users.has_bought_product(customer_id, [PRODUCT], False) is True

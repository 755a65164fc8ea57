"""External User Management through the Python package, against the sandbox."""

import asyncio

import pytest

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


ADDRESS = {
    "gender": "FEMALE",
    "firstName": "Erika",
    "name": "Mustermann",
    "street": "Hauptstr. 1",
    "additionalAddressInfo": "2. OG",
    "postCode": "10115",
    "city": "Berlin",
    "country": "DE",
}


def full_address(gender="female"):
    return plenigo.Address(
        gender=gender,
        first_name="Erika",
        name="Mustermann",
        street="Hauptstr. 1",
        additional_address_info="2. OG",
        post_code="10115",
        city="Berlin",
        country="DE",
    )


def test_change_address(client, sandbox):
    client.users().change_address(OTHER_CUSTOMER, full_address(), False)

    assert sandbox.customer(COMPANY, OTHER_CUSTOMER)["address"] == ADDRESS
    (entry,) = sandbox.journal()
    assert (entry["method"], entry["path"], entry["query"], entry["status"]) == (
        "PUT",
        f"/api/v2/user/{OTHER_CUSTOMER}/address",
        "useExternalCustomerId=false",
        200,
    )


def test_change_address_async_by_external_id(client, sandbox):
    customer_id = register(client, external_user_id="ext-addr")

    async def main():
        await client.users_async().change_address(
            "ext-addr", plenigo.Address(gender="diverse", city="Hamburg"), True
        )

    asyncio.run(main())
    address = sandbox.customer(COMPANY, customer_id)["address"]
    assert (address["gender"], address["city"], address["street"]) == ("DIVERSE", "Hamburg", None)


@pytest.mark.parametrize(
    "address,field",
    [
        (plenigo.Address(gender="unknown"), "gender"),
        (plenigo.Address(gender="MALE", street="Hauptstr. 1"), "country"),
        (plenigo.Address(gender="MALE", street="Hauptstr. 1", country=""), "country"),
        (plenigo.Address(gender="MALE", city="x" * 300), "city"),
    ],
)
def test_change_address_rejects_bad_input_before_any_request(client, sandbox, address, field):
    with pytest.raises(plenigo.PlenigoError.InvalidInput) as blocking:
        client.users().change_address(CUSTOMER, address, False)
    with pytest.raises(plenigo.PlenigoError.InvalidInput) as awaited:
        asyncio.run(client.users_async().change_address(CUSTOMER, address, False))

    assert blocking.value.field == awaited.value.field == field
    assert sandbox.journal() == []
    assert sandbox.customer(COMPANY, CUSTOMER)["address"] is None


def test_change_address_of_an_unknown_customer_is_not_found(client, sandbox):
    with pytest.raises(plenigo.PlenigoError.NotFound) as blocking:
        client.users().change_address("no-such-customer", full_address(), False)
    with pytest.raises(plenigo.PlenigoError.NotFound) as awaited:
        asyncio.run(client.users_async().change_address("no-such-customer", full_address(), False))

    for error in (blocking.value, awaited.value):
        assert error.http_status() == 404 and error.status == 404
    assert [e["status"] for e in sandbox.journal()] == [404, 404]


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

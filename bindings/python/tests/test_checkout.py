"""The checkout snippet through the Python package: the seeds' use case end to end, the rules
as typed errors, and a snippet that stays one piece of JavaScript whatever a value holds."""

import pytest

import plenigo
from conftest import COMPANY, SECRET, UNBOUGHT_PRODUCT, make_client, run_in_node


def test_the_seeds_use_case_register_login_token_snippet_verified_and_redeemed_once(sandbox):
    client = make_client(sandbox, test_mode=True)
    customer_id = client.users().register_user(
        plenigo.UserRegistration(
            email="checkout@example.com", language="en", first_name="new", name="customer"
        )
    )
    login_token = client.users().create_login_token(customer_id, False)

    code = client.checkout_snippet(
        plenigo.Product(product_id=UNBOUGHT_PRODUCT),
        plenigo.CheckoutOptions(login_token=login_token),
    )

    assert code.startswith("plenigo.checkoutWithRemoteLogin(")
    call = run_in_node(code)
    assert call["f"] == "remote"
    assert call["o"]["loginToken"] == login_token
    assert call["o"]["startWithRegistration"] is False
    claims = sandbox.verify_payment_data(COMPANY, call["o"]["paymentData"])
    assert claims == {"pi": UNBOUGHT_PRODUCT, "ts": True, "aud": "plenigo"}
    assert sandbox.status("POST", f"login-tokens/{login_token}/redeem") == 200
    assert sandbox.status("POST", f"login-tokens/{login_token}/redeem") == 409


def test_product_fields_and_options_reach_the_snippet(client, sandbox):
    product = plenigo.Product(
        product_id=UNBOUGHT_PRODUCT,
        title="Weekend edition",
        price=12.99,
        currency="eur",
        product_type="BOOK",
        shipping_cost=3.5,
    )
    options = plenigo.CheckoutOptions(
        start_with_registration=True,
        source_url="https://shop.example/article?id=1&x=2",
        element_id="checkout-here",
    )

    call = run_in_node(client.checkout_snippet(product, options))

    assert call["f"] == "checkout"
    assert call["o"]["startWithRegistration"] is True
    assert call["o"]["sourceUrl"] == "https://shop.example/article?id=1&x=2"
    assert call["o"]["elementId"] == "checkout-here"
    assert "loginToken" not in call["o"]
    assert sandbox.verify_payment_data(COMPANY, call["o"]["paymentData"]) == {
        "pi": UNBOUGHT_PRODUCT,
        "ti": "Weekend edition",
        "pr": 12.99,
        "cu": "EUR",
        "pt": "BOOK",
        "sc": 3.5,
        "aud": "plenigo",
    }


@pytest.mark.parametrize(
    "product,options,field",
    [
        (plenigo.Product(product_id="x" * 21), plenigo.CheckoutOptions(), "product_id"),
        (
            plenigo.Product(product_id=UNBOUGHT_PRODUCT, product_type="EBOOK", shipping_cost=2.0),
            plenigo.CheckoutOptions(),
            "shipping_cost",
        ),
        (plenigo.Product(product_id=UNBOUGHT_PRODUCT, price=-1.0), plenigo.CheckoutOptions(), "price"),
        (
            plenigo.Product(product_id=UNBOUGHT_PRODUCT),
            plenigo.CheckoutOptions(login_token=" "),
            "login_token",
        ),
    ],
)
def test_a_rule_violation_raises_invalid_input_naming_the_field(client, product, options, field):
    with pytest.raises(plenigo.PlenigoError.InvalidInput) as raised:
        client.checkout_snippet(product, options)

    assert raised.value.field == field
    assert field in str(raised.value)
    assert SECRET not in str(raised.value)


def test_quotes_angle_brackets_ampersands_and_newlines_stay_inside_the_strings(client, sandbox):
    hostile = "\"><script>alert('x')</script>&amp;\n\r\t\\' </button> é"

    code = client.checkout_snippet(
        plenigo.Product(product_id=UNBOUGHT_PRODUCT, title=hostile),
        plenigo.CheckoutOptions(login_token="tok-1", affiliate_id="a\"<&>"),
    )

    for raw in ['"', "<", ">", "&", "\n"]:
        assert raw not in code, f"raw {raw!r} in {code}"
    call = run_in_node(code)
    assert call["o"]["affiliateId"] == "a\"<&>"
    assert sandbox.verify_payment_data(COMPANY, call["o"]["paymentData"])["ti"] == hostile
    page = f'<button onclick="{code}">Special offer for you</button>'
    assert page.count('"') == 2

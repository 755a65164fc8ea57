"""App Management through the Python package, against the sandbox."""

import plenigo
from conftest import APP_TOKEN, CUSTOMER, CUSTOMER_APP, PRODUCT


def test_request_app_token(client, sandbox):
    token = client.apps().request_app_token(CUSTOMER, PRODUCT, "reader app")

    assert isinstance(token, plenigo.AppAccessToken)
    assert token.customer_id == CUSTOMER
    assert token.description == "reader app"
    assert token.token
    (entry,) = sandbox.journal()
    assert (entry["method"], entry["path"], entry["status"]) == (
        "POST",
        f"/api/v2/access/app/token/{CUSTOMER}",
        200,
    )


def test_request_app_id_with_the_seed_token(client):
    app = client.apps().request_app_id(CUSTOMER, APP_TOKEN)

    assert isinstance(app, plenigo.AppAccessData)
    assert app.customer_id == CUSTOMER
    assert app.product_id == PRODUCT
    assert app.description == "test"
    assert app.customer_app_id


def test_has_user_bought_with_the_seed_app(client):
    assert client.apps().has_user_bought(CUSTOMER, PRODUCT, CUSTOMER_APP) is True


def test_get_customer_apps(client):
    apps = client.apps().get_customer_apps(CUSTOMER)

    assert [a.customer_app_id for a in apps] == [CUSTOMER_APP]
    assert apps[0] == plenigo.AppAccessData(
        customer_id=CUSTOMER, customer_app_id=CUSTOMER_APP, product_id=PRODUCT, description="test"
    )


def test_delete_customer_app_then_has_user_bought_is_false(client):
    apps = client.apps()
    apps.delete_customer_app(CUSTOMER, CUSTOMER_APP)

    assert apps.get_customer_apps(CUSTOMER) == []
    # The sandbox answers 403 for a removed app: that is False, not an exception.
    assert apps.has_user_bought(CUSTOMER, PRODUCT, CUSTOMER_APP) is False


def test_whole_flow_token_to_app_id_to_access_check(client):
    apps = client.apps()
    token = apps.request_app_token(CUSTOMER, PRODUCT, "third party")
    app = apps.request_app_id(CUSTOMER, token.token)

    assert apps.has_user_bought(CUSTOMER, PRODUCT, app.customer_app_id) is True
    assert app.customer_app_id in [a.customer_app_id for a in apps.get_customer_apps(CUSTOMER)]
    # The token is single-use.
    try:
        apps.request_app_id(CUSTOMER, token.token)
    except plenigo.PlenigoError.TokenProblem as e:
        assert (e.http_status(), e.plenigo_code()) == (403, 13)
    else:
        raise AssertionError("a used app token was accepted again")

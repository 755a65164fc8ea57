"""How failures reach Python: typed exceptions with kind, HTTP status, plenigo code and a
human message, raised before any request when the input is bad."""

import pytest

import plenigo
from conftest import (
    COMPANY,
    CUSTOMER,
    CUSTOMER_APP,
    PRODUCT,
    SECOND_SECRET,
    SECRET,
    UNBOUGHT_PRODUCT,
    make_client,
)

Error = plenigo.PlenigoError


def reg(**fields):
    return plenigo.UserRegistration(**{"email": "reader@example.com", **fields})


# (operation, field it must name); every call is otherwise valid.
INVALID_CALLS = [
    (lambda c: c.apps().request_app_token("", PRODUCT, "d"), "customer_id"),
    (lambda c: c.apps().request_app_token(CUSTOMER, " ", "d"), "product_id"),
    (lambda c: c.apps().request_app_token(CUSTOMER, PRODUCT, ""), "description"),
    (lambda c: c.apps().request_app_id(CUSTOMER, ""), "access_token"),
    (lambda c: c.apps().has_user_bought("..", PRODUCT, CUSTOMER_APP), "customer_id"),
    (lambda c: c.apps().has_user_bought(CUSTOMER, PRODUCT, ""), "customer_app_id"),
    (lambda c: c.apps().get_customer_apps("a\nb"), "customer_id"),
    (lambda c: c.apps().delete_customer_app(CUSTOMER, ""), "customer_app_id"),
    (lambda c: c.users().register_user(reg(email="not-an-email")), "email"),
    (lambda c: c.users().register_user(reg(language="english")), "language"),
    (lambda c: c.users().register_user(reg(first_name="x" * 300)), "first_name"),
    (lambda c: c.users().register_user(reg(external_user_id="")), "external_user_id"),
    (lambda c: c.users().create_login_token("", False), "customer_id"),
    (lambda c: c.users().change_email(CUSTOMER, "a@b", False), "email"),
    (lambda c: c.users().import_customer_access(CUSTOMER, False, []), "access_ids"),
    (lambda c: c.users().import_customer_access(CUSTOMER, False, list("abcde")), "access_ids"),
    (lambda c: c.users().add_external_user_id(CUSTOMER, ""), "external_user_id"),
    (lambda c: c.users().has_bought_product(CUSTOMER, [], False), "product_ids"),
]


@pytest.mark.parametrize("call,field", INVALID_CALLS)
def test_invalid_input_raises_before_any_request(client, sandbox, call, field):
    with pytest.raises(Error.InvalidInput) as raised:
        call(client)

    error = raised.value
    assert error.field == field
    assert error.kind() == plenigo.ErrorKind.INVALID_INPUT
    assert (error.http_status(), error.plenigo_code()) == (None, 1)
    assert str(error) == error.message and field in str(error)
    assert error.detail and error.detail in error.message
    assert sandbox.journal() == []


@pytest.mark.parametrize(
    "options,field",
    [
        ({"company_id": ""}, "company_id"),
        ({"secret": " "}, "secret"),
        ({"max_retries": 11}, "max_retries"),
    ],
)
def test_invalid_config_is_rejected_by_the_constructor(sandbox, options, field):
    with pytest.raises(Error.InvalidInput) as raised:
        make_client(sandbox, **options)
    assert raised.value.field == field


def test_plain_http_to_a_remote_host_is_refused():
    config = plenigo.Config(
        company_id=COMPANY, secret=plenigo.Secret(SECRET), base_url="http://api.example.com"
    )
    with pytest.raises(Error.InvalidInput) as raised:
        plenigo.PlenigoClient(config)
    assert raised.value.field == "base_url"


def test_wrong_secret_is_unauthorized(sandbox):
    client = make_client(sandbox, secret="not-the-secret")

    with pytest.raises(Error.Unauthorized) as raised:
        client.apps().has_user_bought(CUSTOMER, PRODUCT, CUSTOMER_APP)

    error = raised.value
    assert error.kind() == plenigo.ErrorKind.UNAUTHORIZED
    assert (error.http_status(), error.plenigo_code()) == (401, 4)
    assert (error.field, error.status, error.code, error.outcome_unknown) == (None, 401, 4, False)
    assert str(error) == error.message and error.message.startswith("unauthorized (HTTP 401)")
    assert error.detail in error.message
    assert [e["status"] for e in sandbox.journal()] == [401]


def test_the_seeds_second_secret_works_too(sandbox):
    client = make_client(sandbox, secret=SECOND_SECRET)
    assert client.apps().has_user_bought(CUSTOMER, PRODUCT, CUSTOMER_APP) is True


def test_app_token_for_a_product_not_bought_is_412(client):
    with pytest.raises(Error.PreconditionFailed) as raised:
        client.apps().request_app_token(CUSTOMER, UNBOUGHT_PRODUCT, "test")

    assert (raised.value.http_status(), raised.value.plenigo_code()) == (412, 11)
    assert raised.value.kind() == plenigo.ErrorKind.PRECONDITION_FAILED


def test_parallel_app_limit_is_423(sandbox):
    company = "LimitedCompany000001"
    sandbox.admin(
        "POST",
        "companies",
        {
            "companyId": company,
            "secrets": [SECRET],
            "closedUserGroup": True,
            "maxParallelAppAccesses": 1,
            "products": [PRODUCT],
        },
    )
    sandbox.admin(
        "POST",
        "purchases",
        {"companyId": company, "customerId": "C1", "productId": PRODUCT, "testMode": False},
    )
    apps = make_client(sandbox, company_id=company).apps()
    apps.request_app_id("C1", apps.request_app_token("C1", PRODUCT, "first app").token)

    with pytest.raises(Error.LimitReached) as raised:
        apps.request_app_token("C1", PRODUCT, "second app")

    assert (raised.value.http_status(), raised.value.plenigo_code()) == (423, 12)


def test_duplicate_email_with_fail_by_existing_email_is_409(client):
    users = client.users()
    users.register_user(plenigo.UserRegistration(email="twice@example.com"))

    with pytest.raises(Error.Conflict) as raised:
        users.register_user(
            plenigo.UserRegistration(email="twice@example.com", fail_by_existing_email=True)
        )

    assert raised.value.http_status() == 409
    assert raised.value.kind() == plenigo.ErrorKind.CONFLICT


def test_unknown_customer_is_not_found(client):
    with pytest.raises(Error.NotFound) as raised:
        client.users().create_login_token("no-such-customer", False)
    assert (raised.value.http_status(), raised.value.plenigo_code()) == (404, 18)


def test_a_503_on_a_get_is_retried(client, sandbox):
    sandbox.fault(method="GET", path="/api/v2/access/app/", status=503, count=1)

    assert client.apps().has_user_bought(CUSTOMER, PRODUCT, CUSTOMER_APP) is True
    assert [e["status"] for e in sandbox.journal()] == [503, 200]


def test_a_503_on_a_post_is_not_retried(client, sandbox):
    sandbox.fault(method="POST", path="/api/v2/access/app/token/", status=503, count=1)

    with pytest.raises(Error.Server) as raised:
        client.apps().request_app_token(CUSTOMER, PRODUCT, "test")

    assert raised.value.http_status() == 503
    assert raised.value.is_outcome_unknown() is False
    assert [e["status"] for e in sandbox.journal()] == [503]


def test_a_garbage_answer_is_invalid_response(client, sandbox):
    sandbox.fault(path="/api/v2/access/app/token/", body="<html>proxy</html>", contentType="text/html")

    with pytest.raises(Error.InvalidResponse) as raised:
        client.apps().request_app_token(CUSTOMER, PRODUCT, "test")
    assert raised.value.http_status() == 200


def test_a_hanging_server_times_out(sandbox):
    client = make_client(sandbox, request_timeout_ms=300, max_retries=0)
    sandbox.fault(path="/api/v2/externalUser/", hang=True)

    with pytest.raises(Error.Timeout) as raised:
        client.users().create_login_token(CUSTOMER, False)

    error = raised.value
    assert error.kind() == plenigo.ErrorKind.TIMEOUT
    assert error.plenigo_code() == 5
    # A POST that was sent but not answered may have taken effect.
    assert error.outcome_unknown is True and error.is_outcome_unknown() is True


def test_a_reset_connection_is_a_network_error(client, sandbox):
    sandbox.fault(method="POST", path="/api/v2/externalUser/", reset=True)

    with pytest.raises(Error.Network) as raised:
        client.users().create_login_token(CUSTOMER, False)
    assert raised.value.is_outcome_unknown() is True


def test_every_error_is_a_plenigo_error_and_an_exception():
    assert issubclass(Error.Unauthorized, Error)
    assert issubclass(Error, Exception)

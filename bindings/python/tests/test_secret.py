"""The company secret never shows in what Python prints."""

import pytest

import plenigo
from conftest import COMPANY, CUSTOMER, SECRET, UNBOUGHT_PRODUCT, make_client


def shown(value):
    return str(value) + repr(value)


def test_config_secret_and_client_hide_the_secret(sandbox):
    secret = plenigo.Secret(SECRET)
    config = plenigo.Config(company_id=COMPANY, secret=secret, base_url=sandbox.url)
    client = plenigo.PlenigoClient(config)

    assert str(secret) == "***"
    for value in (secret, config, client, client.apps(), client.users()):
        assert SECRET not in shown(value)
    assert COMPANY in str(config) and sandbox.url in repr(client)


def test_raised_exceptions_hide_the_secret(sandbox):
    wrong = SECRET[::-1]

    def server_error():
        sandbox.fault(path="/api/v2/access/app/", status=500, body='{"description": "boom"}')
        make_client(sandbox, max_retries=0).apps().get_customer_apps(CUSTOMER)

    failing_calls = [
        lambda: make_client(sandbox, secret=wrong).apps().get_customer_apps(CUSTOMER),
        lambda: make_client(sandbox).apps().request_app_token(CUSTOMER, UNBOUGHT_PRODUCT, "t"),
        lambda: make_client(sandbox, base_url=f"http://user:{SECRET}@127.0.0.1:1"),
        server_error,
    ]
    for call in failing_calls:
        with pytest.raises(plenigo.PlenigoError) as raised:
            call()
        for secret in (SECRET, wrong):
            assert secret not in shown(raised.value)
            assert secret not in "".join(map(str, raised.value.args))

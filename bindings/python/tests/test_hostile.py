"""Hostile answers reach Python as typed errors, and access checks fail closed (the Rust
tests in tests/hostile.rs own the full catalogue; this is the Python side of it)."""

import time

import pytest

import plenigo
from conftest import CUSTOMER, CUSTOMER_APP, PRODUCT, make_client

Error = plenigo.PlenigoError
HAS_BOUGHT = "/api/v2/user/product"
APP_CHECK = "/api/v2/access/app/"


def has_bought(client):
    return client.users().has_bought_product(CUSTOMER, [PRODUCT], False)


@pytest.mark.parametrize(
    "body", ['{"accessGranted":"false"}', '{"accessGranted":null}', "{}", "[]", ""]
)
def test_has_bought_product_never_grants_on_an_unreadable_answer(sandbox, client, body):
    sandbox.fault(path=HAS_BOUGHT, body=body)
    with pytest.raises(Error.InvalidResponse) as caught:
        has_bought(client)
    assert caught.value.http_status() == 200


def test_has_user_bought_refuses_html_and_denies_on_false(sandbox, client):
    sandbox.fault(path=APP_CHECK, body="<html>Login</html>", contentType="text/html")
    with pytest.raises(Error.InvalidResponse):
        client.apps().has_user_bought(CUSTOMER, PRODUCT, CUSTOMER_APP)
    sandbox.fault(path=APP_CHECK, body='{"accessGranted":false}')
    assert client.apps().has_user_bought(CUSTOMER, PRODUCT, CUSTOMER_APP) is False


def test_an_answer_over_the_size_cap_is_refused(sandbox):
    client = make_client(sandbox, max_response_bytes=1000)
    sandbox.fault(path=APP_CHECK, body='{"apps":[],"pad":"' + "p" * 2000 + '"}')
    with pytest.raises(Error.InvalidResponse, match="larger than 1000 bytes"):
        client.apps().get_customer_apps(CUSTOMER)


def test_retries_stop_at_the_deadline(sandbox):
    client = make_client(sandbox, deadline_ms=800, max_retries=10)
    sandbox.fault(path=APP_CHECK, status=503, retryAfter="1", count=10)
    started = time.monotonic()
    with pytest.raises(Error.Server):
        client.apps().get_customer_apps(CUSTOMER)
    assert time.monotonic() - started < 0.8
    assert len(sandbox.journal()) == 1, "a wait past the deadline is not started"


def test_a_hanging_server_ends_in_a_timeout_at_the_deadline(sandbox):
    client = make_client(sandbox, deadline_ms=300)
    sandbox.fault(path=APP_CHECK, hang=True)
    started = time.monotonic()
    with pytest.raises(Error.Timeout):
        client.apps().get_customer_apps(CUSTOMER)
    assert time.monotonic() - started < 2


def test_a_reset_post_is_network_with_an_unknown_outcome(sandbox, client):
    sandbox.fault(path="/api/v2/externalUser/register", reset=True)
    with pytest.raises(Error.Network) as caught:
        client.users().register_user(plenigo.UserRegistration(email="lost@example.com"))
    assert caught.value.is_outcome_unknown()
    assert len(sandbox.journal()) == 1


@pytest.mark.parametrize("language", ["zz", "xx", "qq"])
def test_made_up_languages_are_refused_before_sending(sandbox, client, language):
    with pytest.raises(Error.InvalidInput, match="language"):
        client.users().register_user(
            plenigo.UserRegistration(email="x@example.com", language=language)
        )
    assert sandbox.journal() == []


def test_huge_input_is_refused_with_a_short_message(sandbox, client):
    with pytest.raises(Error.InvalidInput) as caught:
        client.users().register_user(
            plenigo.UserRegistration(email="a" * (10 << 20) + "@example.com")
        )
    assert len(str(caught.value)) < 300
    assert sandbox.journal() == []

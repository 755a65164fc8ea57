"""Log lines through `plenigo.set_log_sink`: a retried request, without the secret, a token
or an ID; `plenigo.logging_sink()` into the `logging` module; off again; a sink that raises
changes nothing."""

import asyncio
import logging

import pytest

import plenigo
from conftest import COMPANY, CUSTOMER, CUSTOMER_APP, PRODUCT, SECRET, make_client

ROUTE = "GET /access/app/{customerId}/{productId}/{customerAppId}"


class Lines(plenigo.LogSink):
    def __init__(self):
        self.lines = []

    def log(self, level, target, message):
        self.lines.append((level, target, message))


@pytest.fixture(autouse=True)
def logging_off_after():
    yield
    plenigo.set_log_sink(None, plenigo.LogLevel.OFF)  # the sink is process-wide


def retried_call(sandbox):
    sandbox.fault(path="/api/v2/access/app/", status=503, retryAfter="0")
    client = make_client(sandbox, max_retries=1)
    assert client.apps().has_user_bought(CUSTOMER, PRODUCT, CUSTOMER_APP) is True


def test_a_retried_request_is_logged_without_secrets(sandbox):
    sink = Lines()
    plenigo.set_log_sink(sink, plenigo.LogLevel.DEBUG)
    retried_call(sandbox)

    lines = list(sink.lines)
    assert len(lines) == 2, lines
    level, target, message = lines[0]
    assert (level, target) == (plenigo.LogLevel.INFO, "plenigo")
    assert message.startswith(f"{ROUTE} -> HTTP 503 (attempt 1, "), message
    assert "retrying in 0 ms" in message, message
    assert lines[1][0] == plenigo.LogLevel.DEBUG
    assert lines[1][2].startswith(f"{ROUTE} -> HTTP 200 (attempt 2, "), lines[1][2]

    token_ids = [entry["claims"]["jti"] for entry in sandbox.journal()]
    assert len(token_ids) == 2
    for _, _, line in lines:
        for secret in [SECRET, "eyJ", CUSTOMER, PRODUCT, CUSTOMER_APP, *token_ids]:
            assert secret not in line

    plenigo.set_log_sink(None, plenigo.LogLevel.OFF)
    retried_call(sandbox)
    assert len(sink.lines) == 2


def test_logging_sink_forwards_to_the_logging_module(sandbox, caplog):
    caplog.set_level(logging.DEBUG, logger="plenigo")
    plenigo.set_log_sink(plenigo.logging_sink(), plenigo.LogLevel.INFO)  # the retry only
    retried_call(sandbox)

    records = [r for r in caplog.records if r.name == "plenigo"]
    assert [r.levelno for r in records] == [logging.INFO]
    assert records[0].getMessage().startswith(f"{ROUTE} -> HTTP 503 (attempt 1, ")
    assert "retrying in 0 ms" in records[0].getMessage()

    caplog.clear()
    plenigo.set_log_sink(plenigo.logging_sink(), plenigo.LogLevel.DEBUG)
    make_client(sandbox).apps().get_customer_apps(CUSTOMER)
    assert [(r.levelno, r.name) for r in caplog.records] == [(logging.DEBUG, "plenigo")]
    assert caplog.records[0].getMessage().startswith("GET /access/app/{customerId} -> HTTP 200")


class Raising(plenigo.LogSink):
    def __init__(self):
        self.calls = 0

    def log(self, level, target, message):
        self.calls += 1
        raise RuntimeError("broken sink")


def test_a_raising_sink_never_fails_a_call_nor_prints(client, sandbox, capfd):
    sink = Raising()
    plenigo.set_log_sink(sink, plenigo.LogLevel.TRACE)
    users, users_async = client.users(), client.users_async()

    token = users.create_login_token(CUSTOMER, False)
    assert sandbox.admin("GET", f"login-tokens/{token}")["customerId"] == CUSTOMER
    assert len(sandbox.journal()) == 1
    called = sink.calls
    assert called >= 1

    token = asyncio.run(users_async.create_login_token(CUSTOMER, False))
    assert sandbox.admin("GET", f"login-tokens/{token}")["companyId"] == COMPANY
    assert len(sandbox.journal()) == 2
    assert sink.calls > called

    # A failing call keeps its own error.
    with pytest.raises(plenigo.PlenigoError.NotFound):
        users.create_login_token("no-such-customer", False)
    with pytest.raises(plenigo.PlenigoError.NotFound):
        asyncio.run(users_async.create_login_token("no-such-customer", False))
    assert [e["status"] for e in sandbox.journal()] == [200, 200, 404, 404]

    out, err = capfd.readouterr()
    for text in ["panicked", "Traceback", "Callback interface failure", "broken sink", "UniFFI"]:
        assert text not in out and text not in err, (out, err)

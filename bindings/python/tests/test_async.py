"""The async surface: coroutines on `client.apps_async()` and `client.users_async()`, calls
overlapping on one event loop, and cancellation that frees the connection."""

import asyncio
import http.client
import json
import os
import time
import urllib.parse

import pytest

import plenigo
from conftest import (
    CUSTOMER,
    CUSTOMER_APP,
    PRODUCT,
    UNBOUGHT_PRODUCT,
    Sandbox,
    make_client,
    sandbox_binary,
)

Error = plenigo.PlenigoError


def test_every_operation_through_coroutines(client, sandbox):
    async def main():
        apps, users = client.apps_async(), client.users_async()

        token = await apps.request_app_token(CUSTOMER, PRODUCT, "async app")
        app = await apps.request_app_id(CUSTOMER, token.token)
        assert await apps.has_user_bought(CUSTOMER, PRODUCT, app.customer_app_id) is True
        assert await apps.has_user_bought(CUSTOMER, UNBOUGHT_PRODUCT, app.customer_app_id) is False
        listed = await apps.get_customer_apps(CUSTOMER)
        assert app.customer_app_id in [a.customer_app_id for a in listed]
        await apps.delete_customer_app(CUSTOMER, app.customer_app_id)
        listed = await apps.get_customer_apps(CUSTOMER)
        assert app.customer_app_id not in [a.customer_app_id for a in listed]

        customer = await users.register_user(plenigo.UserRegistration(email="async@example.com"))
        assert await users.create_login_token(customer, False)
        await users.change_email(customer, "async2@example.com", False)
        await users.add_external_user_id(customer, "ASYNC-1")
        await users.import_customer_access(customer, False, ["CRM-ASYNC"])
        view = sandbox.customer("23NuCmdPoiRRkQiCqP9Q", customer)
        assert (view["email"], view["externalUserId"]) == ("async2@example.com", "ASYNC-1")
        assert await users.has_bought_product(CUSTOMER, [PRODUCT], False) is True
        assert await users.has_bought_product(CUSTOMER, [UNBOUGHT_PRODUCT], False) is False

        # The same validation and typed errors as the blocking API; bad input sends nothing.
        sent = len(sandbox.journal())
        with pytest.raises(Error.InvalidInput) as invalid:
            await users.create_login_token(" ", False)
        assert invalid.value.field == "customer_id"
        assert len(sandbox.journal()) == sent
        with pytest.raises(Error.NotFound) as missing:
            await users.create_login_token("no-such-customer", False)
        assert (missing.value.http_status(), missing.value.plenigo_code()) == (404, 18)

    asyncio.run(main())


def test_8_concurrent_calls_on_one_client_overlap(client, sandbox):
    sandbox.fault(path="/api/v2/access/app/", delayMs=600, count=8)
    apps = client.apps_async()

    async def main():
        return await asyncio.gather(
            *(apps.has_user_bought(CUSTOMER, PRODUCT, CUSTOMER_APP) for _ in range(8))
        )

    started = time.monotonic()
    answers = asyncio.run(main())
    elapsed = time.monotonic() - started

    assert answers == [True] * 8
    assert len(sandbox.journal()) == 8
    assert elapsed < 2.4, f"8 calls of 600 ms took {elapsed:.2f} s: they did not overlap"


class Admin:
    """The admin API over one kept-alive connection, so that asking counts as exactly one
    open connection."""

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        self._connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)

    def call(self, method: str, path: str, body=None):
        self._connection.request(
            method,
            f"/__sandbox/{path}",
            body=None if body is None else json.dumps(body),
            headers={"Content-Type": "application/json"},
        )
        response = self._connection.getresponse()
        text = response.read()
        assert response.status == 200, text
        return json.loads(text) if text else None

    async def await_open(self, expected: int) -> None:
        """Polls until `expected` connections are open; fails after 3 s."""
        await self._await("open connections", expected, lambda: self.call("GET", "connections")["open"])

    async def await_hanging(self, expected: int) -> None:
        """Polls until the journal holds `expected` requests that a hang fault keeps (status 0);
        fails after 3 s."""
        await self._await(
            "hanging requests",
            expected,
            lambda: sum(1 for entry in self.call("GET", "journal") if entry["status"] == 0),
        )

    @staticmethod
    async def _await(what: str, expected: int, count) -> None:
        """Polls `count()` every 50 ms until it equals `expected`; fails after 3 s."""
        for _ in range(60):
            now = count()
            if now == expected:
                return
            await asyncio.sleep(0.05)
        pytest.fail(f"{what}: {now}, expected {expected}")


@pytest.fixture
def quiet_sandbox(tmp_path):
    """A sandbox of this test's own: no other test's connection opens or closes there (with
    PLENIGO_SANDBOX_URL: the one at PLENIGO_QUIET_SANDBOX_URL, which only this test uses)."""
    if os.environ.get("PLENIGO_SANDBOX_URL"):
        if not os.environ.get("PLENIGO_QUIET_SANDBOX_URL"):
            pytest.fail("PLENIGO_SANDBOX_URL needs PLENIGO_QUIET_SANDBOX_URL too")
        yield Sandbox(os.environ["PLENIGO_QUIET_SANDBOX_URL"])
        return
    running = Sandbox.start(sandbox_binary(), tmp_path / "sandbox.log")
    yield running
    running.stop()


def test_cancelling_a_hanging_call_frees_its_connection(quiet_sandbox):
    # The request timeout is 10 s: only cancelling ends these calls in time.
    apps = make_client(quiet_sandbox).apps_async()
    admin = Admin(quiet_sandbox.url)
    admin.call("POST", "faults", {"hang": True, "path": "/api/v2/access/app/", "count": 2})
    idle = admin.call("GET", "connections")["open"]

    async def main():
        # task.cancel()
        task = asyncio.ensure_future(apps.has_user_bought(CUSTOMER, PRODUCT, CUSTOMER_APP))
        # Cancelled only once the sandbox holds the request: cancelled earlier, the hang fault
        # would stay armed for the call at the end.
        await admin.await_open(idle + 1)
        await admin.await_hanging(1)
        cancelled = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await admin.await_open(idle)
        assert time.monotonic() - cancelled < 3

        # asyncio.wait_for
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(apps.has_user_bought(CUSTOMER, PRODUCT, CUSTOMER_APP), 1.0)
        await admin.await_hanging(2)
        await admin.await_open(idle)

        # The client works afterwards, on a new connection.
        assert await apps.has_user_bought(CUSTOMER, PRODUCT, CUSTOMER_APP) is True

    asyncio.run(main())

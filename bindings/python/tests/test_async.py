"""The async surface: coroutines on `client.apps_async()` and `client.users_async()`, calls
overlapping on one event loop, and cancellation that frees the connection."""

import asyncio
import time

import pytest

import plenigo
from conftest import CUSTOMER, CUSTOMER_APP, PRODUCT, UNBOUGHT_PRODUCT

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


async def await_open(sandbox, expected):
    """Polls the sandbox until `expected` connections are open (the asking one included)."""
    for _ in range(60):
        open_now = sandbox.connections()["open"]
        if open_now == expected:
            return
        await asyncio.sleep(0.05)
    pytest.fail(f"open connections: {open_now}, expected {expected}")


def test_cancelling_a_hanging_call_frees_its_connection(client, sandbox):
    # The request timeout is 10 s: only cancelling ends these calls in time.
    sandbox.fault(hang=True, path="/api/v2/access/app/", count=2)
    apps = client.apps_async()
    idle = sandbox.connections()["open"]

    async def main():
        # task.cancel()
        task = asyncio.ensure_future(apps.has_user_bought(CUSTOMER, PRODUCT, CUSTOMER_APP))
        await await_open(sandbox, idle + 1)
        cancelled = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await await_open(sandbox, idle)
        assert time.monotonic() - cancelled < 3

        # asyncio.wait_for
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(apps.has_user_bought(CUSTOMER, PRODUCT, CUSTOMER_APP), 0.3)
        await await_open(sandbox, idle)

        # The client works afterwards, on a new connection.
        assert await apps.has_user_bought(CUSTOMER, PRODUCT, CUSTOMER_APP) is True

    asyncio.run(main())

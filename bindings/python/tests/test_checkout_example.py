"""examples/checkout/python/server.py: the seeds' checkout page, served against the sandbox."""

import os
import subprocess
import sys
import urllib.request
from html.parser import HTMLParser

import pytest

from conftest import COMPANY, REPO, UNBOUGHT_PRODUCT, run_in_node

SERVER = REPO / "examples" / "checkout" / "python" / "server.py"


class Tags(HTMLParser):
    """Every start tag's attributes, by tag name."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: dict = {}

    def handle_starttag(self, tag, attrs):
        self.tags.setdefault(tag, []).append(dict(attrs))


@pytest.fixture
def page_url(sandbox):
    env = {**os.environ, "PLENIGO_BASE_URL": sandbox.url, "PLENIGO_TEST_MODE": "true"}
    for name in ("PLENIGO_COMPANY_ID", "PLENIGO_SECRET", "PLENIGO_CHECKOUT_EMAIL"):
        env.pop(name, None)
    server = subprocess.Popen(
        [sys.executable, str(SERVER), "0"], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        first = server.stdout.readline().strip()
        assert first.startswith("checkout page on http://127.0.0.1:"), first
        yield first[len("checkout page on "):]
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()


def load(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        parser = Tags()
        parser.feed(response.read().decode())
        return parser.tags


def test_the_page_carries_the_sdk_and_a_snippet_for_the_registered_customer(page_url, sandbox):
    tags = load(page_url)

    assert [s["src"] for s in tags["script"]] == [
        f"{sandbox.url}/static_resources/javascript/{COMPANY}/plenigo_sdk.min.js"
    ]
    (button,) = tags["button"]
    code = button["onclick"]
    assert code.startswith("plenigo.checkoutWithRemoteLogin(")
    call = run_in_node(code)["o"]
    customer_id = button["data-customer-id"]
    assert sandbox.admin("GET", f"login-tokens/{call['loginToken']}")["customerId"] == customer_id
    assert sandbox.customer(COMPANY, customer_id)["externalUserId"] == "12345"
    claims = sandbox.verify_payment_data(COMPANY, call["paymentData"])
    assert claims == {"pi": UNBOUGHT_PRODUCT, "ts": True, "aud": "plenigo"}


def test_every_page_view_gets_a_new_login_token_for_the_same_customer(page_url):
    first, second = load(page_url)["button"][0], load(page_url)["button"][0]

    assert first["data-customer-id"] == second["data-customer-id"]
    assert first["onclick"] != second["onclick"]

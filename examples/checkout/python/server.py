"""The seeds' checkout use case, served from Python's standard library.

Every page view does what the seeds' PHP page does: register the customer (the existing
customer's ID comes back for a known e-mail), create a login token for them, and build the
checkout snippet for product EgLUrT56328991046641 with that token. The page loads plenigo's
JavaScript SDK and runs the snippet when "Special offer for you" is clicked.

    pip install target/python/wheels/plenigo-*.whl      # see bindings/python/README.md
    PLENIGO_BASE_URL=http://127.0.0.1:PORT python examples/checkout/python/server.py 8080

Environment: PLENIGO_BASE_URL (the API and the SDK script's host; a plenigo-sandbox serves a
stand-in SDK), PLENIGO_COMPANY_ID and PLENIGO_SECRET (default: the seeds' sample company),
PLENIGO_TEST_MODE (`true` marks checkouts as tests), PLENIGO_CHECKOUT_EMAIL (default the
seeds' test@mail.com), PORT (when no port argument is given; default 8080, 0 picks a free
one). When listening it prints one line: `checkout page on http://127.0.0.1:PORT/`.
"""

from __future__ import annotations

import html
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import plenigo

COMPANY_ID = os.environ.get("PLENIGO_COMPANY_ID", "23NuCmdPoiRRkQiCqP9Q")
PRODUCT_ID = "EgLUrT56328991046641"

PAGE = """<!DOCTYPE html>
<html>
<head>
    <meta charset="utf-8">
    <title>Title of the product</title>
    <!-- import the plenigo JavaScript SDK -->
    <script type="application/javascript" src="{sdk_url}" data-lang="en"></script>
</head>
<body>
<button id="special-offer" data-customer-id="{customer_id}" onclick="{checkout_code}">Special offer for you</button>
</body>
</html>
"""


def configure() -> plenigo.PlenigoClient:
    """Step 1: one client for the process (it keeps its connections between page views)."""
    return plenigo.PlenigoClient(
        plenigo.Config(
            company_id=COMPANY_ID,
            secret=plenigo.Secret(
                os.environ.get("PLENIGO_SECRET", "Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj")
            ),
            test_mode=os.environ.get("PLENIGO_TEST_MODE", "false") == "true",
        )
    )


def checkout_page(client: plenigo.PlenigoClient) -> str:
    """Steps 2 to 6 of the seeds and the page around the snippet."""
    users = client.users()
    customer_id = users.register_user(
        plenigo.UserRegistration(
            email=os.environ.get("PLENIGO_CHECKOUT_EMAIL", "test@mail.com"),
            language="en",
            external_user_id="12345",
            first_name="new",
            name="customer",
        )
    )
    login_token = users.create_login_token(customer_id, False)
    checkout_code = client.checkout_snippet(
        plenigo.Product(product_id=PRODUCT_ID),
        plenigo.CheckoutOptions(login_token=login_token),
    )
    base_url = client.base_url().rstrip("/")
    return PAGE.format(
        sdk_url=html.escape(
            f"{base_url}/static_resources/javascript/{COMPANY_ID}/plenigo_sdk.min.js"
        ),
        customer_id=html.escape(customer_id),
        # As the seeds echo it: the snippet holds no ", ', <, > or &, so it needs no escaping.
        checkout_code=checkout_code,
    )


class CheckoutHandler(BaseHTTPRequestHandler):
    client: plenigo.PlenigoClient

    def do_GET(self) -> None:
        if self.path not in ("/", "/index.html"):
            self.send_error(404)
            return
        try:
            status, body = 200, checkout_page(self.client)
        except plenigo.PlenigoError as error:
            status, body = 502, f"<p>plenigo: {html.escape(str(error))}</p>"
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def main() -> None:
    port = int(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("PORT", "8080"))
    CheckoutHandler.client = configure()
    server = ThreadingHTTPServer(("127.0.0.1", port), CheckoutHandler)
    print(f"checkout page on http://127.0.0.1:{server.server_address[1]}/", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

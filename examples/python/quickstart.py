"""The seeds' two workflows through the plenigo Python package, printing every step: App
Management with `await` (as in a FastAPI handler), External User Management blocking.

    pip install plenigo-*.whl plenigo_sandbox-*.whl   # see bindings/python/README.md
    python examples/python/quickstart.py

With PLENIGO_COMPANY_ID and PLENIGO_SECRET set it talks to PLENIGO_BASE_URL (default:
plenigo's API) about PLENIGO_CUSTOMER_ID / PLENIGO_PRODUCT_ID (default: the seeds' sample
customer and product). Without them it starts a local plenigo-sandbox (PLENIGO_SANDBOX_BIN,
else the one of the plenigo-sandbox wheel when installed, else target/release/plenigo-sandbox
in this repository) and uses the seeds' sample company.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Iterator, Optional

import plenigo

SEED_COMPANY = "23NuCmdPoiRRkQiCqP9Q"
SEED_SECRET = "Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj"
SEED_CUSTOMER = "56202510"
SEED_PRODUCT = "RgKUHT78563989856641"


@contextlib.contextmanager
def sandbox() -> Iterator[str]:
    """Runs plenigo-sandbox on a free loopback port and yields its base URL."""
    binary = os.environ.get("PLENIGO_SANDBOX_BIN") or installed_sandbox()
    if not Path(binary).is_file():
        sys.exit(
            f"{binary} not found: `pip install plenigo-sandbox`, build it with "
            "`cargo build --release -p plenigo-sandbox`, set PLENIGO_SANDBOX_BIN, "
            "or set PLENIGO_COMPANY_ID and PLENIGO_SECRET"
        )
    with tempfile.TemporaryDirectory() as folder:
        url_file = Path(folder) / "url"
        process = subprocess.Popen(
            [binary, "--bind", "127.0.0.1:0", "--url-file", str(url_file)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            yield wait_for_url(process, url_file)
        finally:
            process.terminate()
            process.wait(timeout=10)


def installed_sandbox() -> str:
    """The plenigo-sandbox wheel's executable when that is installed, else this repository's
    target/release/plenigo-sandbox."""
    try:
        import plenigo_sandbox

        return plenigo_sandbox.binary()
    except (ImportError, FileNotFoundError):
        return str(Path(__file__).resolve().parents[2] / "target" / "release" / "plenigo-sandbox")


def wait_for_url(process: subprocess.Popen, url_file: Path) -> str:
    """The URL the sandbox writes to its `--url-file` once it serves (within 10 s)."""
    deadline = time.monotonic() + 10
    while not url_file.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"plenigo-sandbox did not start (exit status {process.poll()})")
        time.sleep(0.02)
    return url_file.read_text().strip()


def step(name: str, result: object) -> None:
    print(f"  {name:<34} {result}")


async def app_management(client: plenigo.PlenigoClient, customer_id: str, product_id: str) -> None:
    print("App Management (async)")
    apps = client.apps_async()
    token = await apps.request_app_token(customer_id, product_id, "quickstart app")
    step("request app token", token)
    app = await apps.request_app_id(customer_id, token.token)
    step("request app ID", app)
    step("has user bought", await apps.has_user_bought(customer_id, product_id, app.customer_app_id))
    listed = await apps.get_customer_apps(customer_id)
    step("customer apps", ", ".join(a.customer_app_id for a in listed))
    await apps.delete_customer_app(customer_id, app.customer_app_id)
    step("delete customer app", app.customer_app_id)
    bought = await apps.has_user_bought(customer_id, product_id, app.customer_app_id)
    step("has user bought after delete", bought)


def user_management(client: plenigo.PlenigoClient, customer_id: str, product_id: str) -> None:
    print("External User Management (blocking)")
    users = client.users()
    tag = uuid.uuid4().hex[:8]  # fresh e-mail and IDs, so that reruns against a real account work
    new_customer = users.register_user(
        plenigo.UserRegistration(
            email=f"new.user.{tag}@example.com", language="en", first_name="new", name="user"
        )
    )
    step("register user", new_customer)
    step("create login token", users.create_login_token(new_customer, False))
    new_email = f"changed.{tag}@example.com"
    users.change_email(new_customer, new_email, False)
    step("change e-mail", new_email)
    address = plenigo.Address(
        gender="female", street="Hauptstr. 1", post_code="10115", city="Berlin", country="DE"
    )
    users.change_address(new_customer, address, False)
    step("change address", f"{address.street}, {address.post_code} {address.city}")
    external_id = f"ext-{tag}"
    users.add_external_user_id(new_customer, external_id)
    step("add external user ID", external_id)
    step("login token by external ID", users.create_login_token(external_id, True))
    access_ids = [f"crm-{tag}", f"billing-{tag}"]
    users.import_customer_access(customer_id, False, access_ids)
    step(f"import access IDs for {customer_id}", ", ".join(access_ids))
    bought = users.has_bought_product(access_ids[1], [product_id], False)
    step("has bought, asked by access ID", f"{access_ids[1]}: {bought}")


def run(base_url: Optional[str], company_id: str, secret: str) -> None:
    client = plenigo.PlenigoClient(
        plenigo.Config(company_id=company_id, secret=plenigo.Secret(secret), base_url=base_url)
    )
    print(f"plenigo at {client.base_url()} as company {company_id}")
    customer_id = os.environ.get("PLENIGO_CUSTOMER_ID", SEED_CUSTOMER)
    product_id = os.environ.get("PLENIGO_PRODUCT_ID", SEED_PRODUCT)
    try:
        asyncio.run(app_management(client, customer_id, product_id))
        user_management(client, customer_id, product_id)
    except plenigo.PlenigoError as error:
        sys.exit(f"failed: {error}")


def main() -> None:
    company_id = os.environ.get("PLENIGO_COMPANY_ID")
    secret = os.environ.get("PLENIGO_SECRET")
    if company_id and secret:
        run(None, company_id, secret)  # None: PLENIGO_BASE_URL, else plenigo's API
    else:
        with sandbox() as url:
            run(url, SEED_COMPANY, SEED_SECRET)


if __name__ == "__main__":
    main()

"""has_user_bought through the SDK vs the same request made by hand with http.client.

    python bindings/python/bench.py [N]        # N calls each, default 2000

Both sides run in this process against one plenigo-sandbox (PLENIGO_SANDBOX_BIN, else
target/release/plenigo-sandbox), each on one kept-alive connection and each signing a fresh
plenigoToken (HS256, new jti) per request. The ratio is SDK time / raw time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import os
import subprocess
import sys
import time
import urllib.parse
import uuid
from pathlib import Path

import plenigo

COMPANY = "23NuCmdPoiRRkQiCqP9Q"
SECRET = "QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj"
CUSTOMER = "56202510"
PRODUCT = "RgKUHT78563989856641"
CUSTOMER_APP = "ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G"
ROUNDS = 5


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def plenigo_token() -> str:
    header = b64url(b'{"alg":"HS256"}')
    claims = {
        "companyId": COMPANY,
        "aud": "plenigo",
        "jti": str(uuid.uuid4()),
        "exp": int(time.time()) + 300,
    }
    payload = b64url(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(SECRET.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64url(signature)}"


def raw_has_user_bought(connection: http.client.HTTPConnection) -> bool:
    path = "/api/v2/access/app/{}/{}/{}?testMode=false".format(
        *(urllib.parse.quote(part, safe="") for part in (CUSTOMER, PRODUCT, CUSTOMER_APP))
    )
    connection.request("GET", path, headers={"plenigoToken": plenigo_token()})
    response = connection.getresponse()
    response.read()
    if response.status in (200, 204):
        return True
    if response.status == 403:
        return False
    raise RuntimeError(f"unexpected HTTP {response.status}")


def timed(calls: int, call) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        assert call() is True
    return time.perf_counter() - started


def main() -> None:
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    default = Path(__file__).resolve().parents[2] / "target" / "release" / "plenigo-sandbox"
    binary = os.environ.get("PLENIGO_SANDBOX_BIN", str(default))
    sandbox = subprocess.Popen([binary], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        assert sandbox.stdout is not None
        line = sandbox.stdout.readline().decode().strip()
        if not line.startswith("listening on "):
            sys.exit(f"plenigo-sandbox did not start: {line!r}")
        url = line[len("listening on "):]
        client = plenigo.PlenigoClient(
            plenigo.Config(company_id=COMPANY, secret=plenigo.Secret(SECRET), base_url=url)
        )
        apps = client.apps()
        connection = http.client.HTTPConnection(urllib.parse.urlsplit(url).netloc, timeout=10)

        sdk_call = lambda: apps.has_user_bought(CUSTOMER, PRODUCT, CUSTOMER_APP)  # noqa: E731
        raw_call = lambda: raw_has_user_bought(connection)  # noqa: E731
        timed(100, sdk_call), timed(100, raw_call)  # warm up connections and caches
        # Alternate in rounds so that load from elsewhere on the machine hits both sides alike.
        sdk = raw = 0.0
        for _ in range(ROUNDS):
            sdk += timed(calls // ROUNDS, sdk_call)
            raw += timed(calls // ROUNDS, raw_call)
        calls = calls // ROUNDS * ROUNDS
        connection.close()
    finally:
        sandbox.terminate()
        sandbox.wait(timeout=10)

    print(f"has_user_bought x {calls} against plenigo-sandbox at {url}")
    print(f"  plenigo SDK (Rust core via UniFFI): {sdk:7.3f} s  {sdk / calls * 1e6:8.1f} us/call")
    print(f"  http.client + hmac in Python:       {raw:7.3f} s  {raw / calls * 1e6:8.1f} us/call")
    print(f"  ratio SDK / raw: {sdk / raw:.2f}")


if __name__ == "__main__":
    main()

"""Fixtures: one plenigo-sandbox process per session, reset before every test.

The sandbox binary is `$PLENIGO_SANDBOX_BIN`, else the one of the plenigo-sandbox wheel when
that is installed, else the repository's `target/release/plenigo-sandbox` (built by
`cargo build --release -p plenigo-sandbox`).

With `PLENIGO_SANDBOX_URL` set the suite starts no sandbox and uses the one running there
(scripts/test-python does so for the aarch64 run under qemu); the HTTPS tests then use
`PLENIGO_TLS_SANDBOX_URL` and the CA certificate in the file `PLENIGO_TLS_CA_CERT` (a sandbox
started with `--tls --ca-cert-out FILE`), and fail without them.
"""

from __future__ import annotations

import json
import os
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO, Any, Iterator, List, Optional

import pytest

import plenigo

REPO = Path(__file__).resolve().parents[3]

# The seeds' sample data, which the sandbox's built-in fixture serves.
COMPANY = "23NuCmdPoiRRkQiCqP9Q"
SECRET = "QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj"
SECOND_SECRET = "Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj"
OTHER_COMPANY = "12NuCmdZUTRRkQiCqP2Q"
CUSTOMER = "56202510"
PRODUCT = "RgKUHT78563989856641"
UNBOUGHT_PRODUCT = "EgLUrT56328991046641"
CUSTOMER_APP = "ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G"
APP_TOKEN = "6176437516"
OTHER_CUSTOMER = "A1BKAFZZ3H0H"


class Sandbox:
    """A running plenigo-sandbox and its admin API. With `tls_dir` it serves HTTPS and
    `ca_pem` is the PEM of the CA that signed its certificate (written into `tls_dir`)."""

    def __init__(
        self,
        url: str,
        ca_pem: Optional[str] = None,
        process: Optional[subprocess.Popen] = None,
        log: Optional[IO[bytes]] = None,
    ) -> None:
        self.url = url.rstrip("/")
        self.ca_pem = ca_pem
        self._process = process
        self._log = log
        self._context: Optional[ssl.SSLContext] = None
        if ca_pem is not None:
            self._context = ssl.create_default_context(cadata=ca_pem)

    @classmethod
    def start(cls, binary: Path, log: Path, tls_dir: Optional[Path] = None) -> "Sandbox":
        """Starts `binary` on a free loopback port (HTTPS with `tls_dir`)."""
        log_file = open(log, "wb")
        url_file = log.with_suffix(".url")
        tls = [] if tls_dir is None else ["--tls", "--ca-cert-out", str(tls_dir / "ca.pem")]
        process = subprocess.Popen(
            [str(binary), "--bind", "127.0.0.1:0", "--url-file", str(url_file), *tls],
            stdout=subprocess.DEVNULL,
            stderr=log_file,
        )
        try:
            url = wait_for_url(process, url_file)
        except RuntimeError as error:
            cls("", process=process, log=log_file).stop()
            raise RuntimeError(f"{error} (log: {log})") from None
        ca_pem = None if tls_dir is None else (tls_dir / "ca.pem").read_text()
        return cls(url, ca_pem, process, log_file)

    def stop(self) -> None:
        if self._process is None:
            return  # not ours: PLENIGO_SANDBOX_URL
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._log is not None:
            self._log.close()

    def admin(self, method: str, path: str, body: Optional[dict] = None) -> Any:
        """Calls an admin endpoint under /__sandbox/ and returns its JSON answer."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}/__sandbox/{path}",
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10, context=self._context) as response:
            text = response.read()
        return json.loads(text) if text else None

    def status(self, method: str, path: str) -> int:
        """Calls an admin endpoint and returns its HTTP status, success or not."""
        request = urllib.request.Request(f"{self.url}/__sandbox/{path}", method=method)
        try:
            with urllib.request.urlopen(request, timeout=10, context=self._context) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def verify_payment_data(self, company_id: str, payment_data: str) -> dict:
        """The claims of a checkout `paymentData` JWT, once the sandbox verified it."""
        answer = self.admin(
            "POST", "payment-data/verify", {"companyId": company_id, "paymentData": payment_data}
        )
        return answer["claims"]

    def journal(self) -> List[dict]:
        """Every API request the sandbox received since the last reset."""
        return self.admin("GET", "journal")

    def customer(self, company_id: str, customer_id: str) -> dict:
        return self.admin("GET", f"customers/{company_id}/{customer_id}")

    def fault(self, **fault: Any) -> None:
        self.admin("POST", "faults", fault)


def wait_for_url(process: subprocess.Popen, url_file: Path, timeout_s: float = 10.0) -> str:
    """The URL a sandbox started with `--url-file url_file` serves at, once it wrote it."""
    deadline = time.monotonic() + timeout_s
    while not url_file.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"plenigo-sandbox did not start (exit status {process.poll()})")
        time.sleep(0.02)
    return url_file.read_text().strip()


def run_in_node(snippet: str) -> dict:
    """Runs a checkout snippet in node with a stand-in `plenigo` object and returns the call it
    made: `{"f": "checkout" | "remote", "o": {...the object passed...}}`."""
    stand_in = (
        "const plenigo = {"
        " checkout: o => console.log(JSON.stringify({f: 'checkout', o})),"
        " checkoutWithRemoteLogin: o => console.log(JSON.stringify({f: 'remote', o})) };\n"
    )
    done = subprocess.run(
        ["node", "-e", stand_in + snippet], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, f"node failed on {snippet!r}: {done.stderr}"
    return json.loads(done.stdout)


def sandbox_binary() -> Path:
    if "PLENIGO_SANDBOX_BIN" in os.environ:
        binary = Path(os.environ["PLENIGO_SANDBOX_BIN"])
    else:
        try:
            import plenigo_sandbox  # the plenigo-sandbox wheel, when installed

            binary = Path(plenigo_sandbox.binary())
        except (ImportError, FileNotFoundError):
            binary = REPO / "target" / "release" / "plenigo-sandbox"
    if not binary.is_file():
        raise RuntimeError(
            f"{binary} not found: run `cargo build --release -p plenigo-sandbox` "
            "or set PLENIGO_SANDBOX_BIN"
        )
    return binary


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    if os.environ.get("PLENIGO_SANDBOX_URL"):
        yield Sandbox(os.environ["PLENIGO_SANDBOX_URL"])
        return
    running = Sandbox.start(sandbox_binary(), tmp_path_factory.mktemp("sandbox") / "sandbox.log")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def tls_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """A second sandbox, serving HTTPS with a certificate from a CA it made at start."""
    if os.environ.get("PLENIGO_SANDBOX_URL"):
        url = os.environ.get("PLENIGO_TLS_SANDBOX_URL")
        ca_file = os.environ.get("PLENIGO_TLS_CA_CERT")
        if not (url and ca_file):
            pytest.fail("PLENIGO_SANDBOX_URL needs PLENIGO_TLS_SANDBOX_URL and PLENIGO_TLS_CA_CERT too")
        yield Sandbox(url, Path(ca_file).read_text())
        return
    folder = tmp_path_factory.mktemp("tls-sandbox")
    running = Sandbox.start(sandbox_binary(), folder / "sandbox.log", tls_dir=folder)
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def fresh_sandbox(sandbox: Sandbox) -> Sandbox:
    """Every test starts from the built-in fixture with an empty journal and no faults."""
    sandbox.admin("POST", "reset")
    return sandbox


def make_client(
    sandbox: Sandbox, company_id: str = COMPANY, secret: str = SECRET, **options: Any
) -> plenigo.PlenigoClient:
    options.setdefault("base_url", sandbox.url)
    config = plenigo.Config(company_id=company_id, secret=plenigo.Secret(secret), **options)
    return plenigo.PlenigoClient(config)


@pytest.fixture
def client(sandbox: Sandbox) -> plenigo.PlenigoClient:
    """A client for the seeds' company 23NuCmdPoiRRkQiCqP9Q."""
    return make_client(sandbox)

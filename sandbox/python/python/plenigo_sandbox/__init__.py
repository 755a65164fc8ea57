"""plenigo-sandbox for Python: start the local plenigo REST API v2 server shipped in this wheel.

    import plenigo_sandbox

    with plenigo_sandbox.start() as sandbox:          # a free port on 127.0.0.1
        config = plenigo.Config(company_id=sandbox.company_id,
                                secret=plenigo.Secret(sandbox.secret),
                                base_url=sandbox.url)

In pytest, use the ``plenigo_sandbox`` fixture instead (this package registers it).
"""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, List, Optional

__all__ = ["COMPANY_ID", "SECRET", "CUSTOMER_ID", "PRODUCT_ID", "Sandbox", "binary", "start"]

# The built-in fixture's first company, one of its secrets, a customer and a product that
# customer bought (the values of plenigo's documentation; see the README).
COMPANY_ID = "23NuCmdPoiRRkQiCqP9Q"
SECRET = "QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj"
CUSTOMER_ID = "56202510"
PRODUCT_ID = "RgKUHT78563989856641"

_EXE = "plenigo-sandbox.exe" if os.name == "nt" else "plenigo-sandbox"


def binary() -> str:
    """The path of the plenigo-sandbox executable: ``$PLENIGO_SANDBOX_BIN`` when set, else
    the one this wheel installed into the environment's scripts folder, else one on PATH."""
    override = os.environ.get("PLENIGO_SANDBOX_BIN")
    if override:
        return override
    candidates = [
        Path(sysconfig.get_path("scripts")) / _EXE,
        Path(sys.executable).parent / _EXE,
        # pip install --user
        Path(sysconfig.get_path("scripts", f"{os.name}_user")) / _EXE,
    ]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    found = shutil.which(_EXE)
    if found:
        return found
    raise FileNotFoundError(
        "plenigo-sandbox executable not found (looked in "
        + ", ".join(str(c.parent) for c in candidates)
        + " and PATH); set PLENIGO_SANDBOX_BIN"
    )


class Sandbox:
    """A running plenigo-sandbox: ``url`` is its base URL (give it to ``plenigo.Config`` as
    ``base_url``); ``company_id``/``secret`` are the built-in fixture's credentials;
    ``ca_cert`` is the path of its CA certificate (PEM) when started with ``tls=True``."""

    company_id = COMPANY_ID
    secret = SECRET
    customer_id = CUSTOMER_ID
    product_id = PRODUCT_ID

    def __init__(self, process: "subprocess.Popen[bytes]", url: str, folder: Any,
                 ca_cert: Optional[str], log: Path) -> None:
        self.process = process
        self.url = url
        self.ca_cert = ca_cert
        self.log = log
        self._folder = folder

    def __repr__(self) -> str:
        return f"<plenigo_sandbox.Sandbox {self.url}>"

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *_: Any) -> None:
        self.stop()

    def stop(self) -> None:
        """Stops the process (SIGTERM, then SIGKILL after 10 s) and removes its temp files."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._folder.cleanup()

    def admin(self, method: str, path: str, body: Optional[dict] = None) -> Any:
        """Calls the admin API under ``/__sandbox/`` (``admin("POST", "reset")``,
        ``admin("GET", "journal")``, ``admin("POST", "faults", {...})``) and returns its JSON."""
        context = None
        if self.ca_cert is not None:
            import ssl

            context = ssl.create_default_context(cafile=self.ca_cert)
        request = urllib.request.Request(
            f"{self.url}/__sandbox/{path}",
            data=None if body is None else json.dumps(body).encode(),
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10, context=context) as response:
            text = response.read()
        return json.loads(text) if text else None

    def reset(self) -> None:
        """Back to the fixture: no journal, no faults, the fixture's state."""
        self.admin("POST", "reset")

    def journal(self) -> List[dict]:
        """Every API request received since the last reset."""
        return self.admin("GET", "journal")


def start(
    *,
    tls: bool = False,
    fixtures: Optional[str] = None,
    bind: str = "127.0.0.1:0",
    timeout: float = 10.0,
    executable: Optional[str] = None,
) -> Sandbox:
    """Starts plenigo-sandbox (by default on a free port of 127.0.0.1) and returns once it
    serves. ``fixtures``: a fixture JSON file instead of the built-in one; ``tls``: HTTPS with
    a CA made at start (its certificate at ``Sandbox.ca_cert``)."""
    folder = tempfile.TemporaryDirectory(prefix="plenigo-sandbox-")
    where = Path(folder.name)
    url_file = where / "url"
    args = [executable or binary(), "--bind", bind, "--url-file", str(url_file)]
    ca_cert = None
    if tls:
        ca_cert = str(where / "ca.pem")
        args += ["--tls", "--ca-cert-out", ca_cert]
    if fixtures is not None:
        args += ["--fixtures", str(fixtures)]
    log = where / "stderr.log"
    with open(log, "wb") as stderr:
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                   stderr=stderr)
    deadline = time.monotonic() + timeout
    while not url_file.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            if process.poll() is None:
                process.kill()
                process.wait()
            why = log.read_text(errors="replace").strip()[-2000:]
            folder.cleanup()
            raise RuntimeError(
                f"plenigo-sandbox did not start (exit status {process.returncode}): {why}"
            )
        time.sleep(0.02)
    return Sandbox(process, url_file.read_text().strip(), folder, ca_cert, log)

"""The Python rows of the benchmark (issue 16): what scripts/bench-python runs.

    python -I bindings/python/bench.py URL [--rounds 5] [--calls 2000] [--imports 20]

URL is a server answering the SDK's has-user-bought GET with a canned 204 (scripts/lib/bench.sh's
start_canned_nginx). Needs the plenigo wheel, requests, PyJWT and httpx installed; prints one
`BENCH {json}` line per row and round on stdout (the fields: scripts/lib/bench.sh), a summary
per round on stderr, and exits non-zero when any call fails.

Every round measures every row, interleaved: the round's calls for each row go in 5 slices, and
each slice runs every row once, in an order rotated from slice to slice, so that load from
elsewhere on the machine falls on the rows and their baselines alike. Per round and row:

- CPU per call (cpu_us, cs): `calls` has_user_bought calls, one at a time, the CPU time (user +
  system) and context switches (voluntary + involuntary) of this whole process, all its threads,
  by getrusage(RUSAGE_SELF), divided by the calls.
  - python.sync: the wheel's blocking API; python.httpclient: http.client on one kept connection
    with the token signed per call by hmac/hashlib/base64/json (the SDK's claims, a fresh jti);
    python.requests: a requests.Session with PyJWT per call; python.sync.vs-requests: the
    python.sync figures again, against python.requests.
  - python.asyncio: the wheel's `apps_async()` awaited one at a time on an asyncio loop;
    python.httpx: httpx.AsyncClient with PyJWT per call, one at a time, on the same loop.
- Threads (per_s): `calls` calls split over 1, 2 and 4 threads sharing one blocking client,
  calls per second of wall time from a common start until the last thread ends (the three run
  back to back in each slice, since wall time swings most on a shared machine).
- Import (value): `imports` fresh interpreters each run `import plenigo`, timing it inside the
  child with time.perf_counter (ms) and reading VmRSS from /proc/self/status before and after
  (MiB added); the round's figure is the median over the children.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import hmac
import http.client
import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid

import httpx
import jwt
import plenigo
import requests

CMD = "scripts/bench-python"
COMPANY = os.environ.get("BENCH_COMPANY", "23NuCmdPoiRRkQiCqP9Q")
SECRET = os.environ.get("BENCH_SECRET", "QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj")
CUSTOMER = os.environ.get("BENCH_CUSTOMER", "56202510")
PRODUCT = os.environ.get("BENCH_PRODUCT", "RgKUHT78563989856641")
APP = os.environ.get("BENCH_APP", "ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G")
TOKEN_LIFETIME = 300  # seconds, as src/auth.rs
WARM_UP = 100  # calls per client before the first round: connections open, caches warm
SLICES = 5  # a round's calls for each row go in this many slices, the rows interleaved

# The path the SDK requests (src/apps.rs, src/endpoint.rs: each segment percent-encoded,
# testMode in the query).
PATH = "/api/v2/access/app/{}/{}/{}?testMode=false".format(
    *(urllib.parse.quote(part, safe="") for part in (CUSTOMER, PRODUCT, APP))
)


class CallFailed(Exception):
    pass


# --- the baselines' tokens ----------------------------------------------------------------------

def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


_HEADER = b64url(b'{"alg":"HS256"}')
_KEY = SECRET.encode()


def claims() -> dict:
    """The SDK's claims (src/auth.rs), in its order (serde_json sorts the keys)."""
    return {
        "aud": "plenigo",
        "companyId": COMPANY,
        "exp": int(time.time()) + TOKEN_LIFETIME,
        "jti": str(uuid.uuid4()),
    }


def hmac_token() -> str:
    """HS256 by hand, byte for byte what the SDK signs."""
    payload = b64url(json.dumps(claims(), separators=(",", ":")).encode())
    signing_input = f"{_HEADER}.{payload}"
    signature = hmac.new(_KEY, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64url(signature)}"


def pyjwt_token() -> str:
    return jwt.encode(claims(), SECRET, algorithm="HS256")


def granted(status: int, who: str) -> None:
    if status not in (200, 204):
        raise CallFailed(f"{who}: HTTP {status} from the canned server")


# --- the measured loops: each runs n calls and raises on a failed one -----------------------------

class Clients:
    def __init__(self, url: str) -> None:
        self.url = url
        self.client = plenigo.PlenigoClient(
            plenigo.Config(company_id=COMPANY, secret=plenigo.Secret(SECRET), base_url=url)
        )
        self.apps = self.client.apps()
        self.apps_async = self.client.apps_async()
        self.connection = http.client.HTTPConnection(urllib.parse.urlsplit(url).netloc, timeout=10)
        self.session = requests.Session()
        self.loop = asyncio.new_event_loop()
        self.httpx = httpx.AsyncClient(base_url=url, timeout=10)

    def close(self) -> None:
        self.connection.close()
        self.session.close()
        self.loop.run_until_complete(self.httpx.aclose())
        self.loop.close()

    def sync(self, n: int) -> None:
        apps = self.apps
        for _ in range(n):
            if apps.has_user_bought(CUSTOMER, PRODUCT, APP) is not True:
                raise CallFailed("the wheel's has_user_bought did not grant")

    def httpclient(self, n: int) -> None:
        connection = self.connection
        for _ in range(n):
            connection.request("GET", PATH, headers={"plenigoToken": hmac_token()})
            response = connection.getresponse()
            response.read()
            granted(response.status, "http.client")

    def requests_calls(self, n: int) -> None:
        session, url = self.session, self.url + PATH
        for _ in range(n):
            granted(session.get(url, headers={"plenigoToken": pyjwt_token()}).status_code, "requests")

    def asyncio_calls(self, n: int) -> None:
        async def calls() -> None:
            apps = self.apps_async
            for _ in range(n):
                if await apps.has_user_bought(CUSTOMER, PRODUCT, APP) is not True:
                    raise CallFailed("the wheel's async has_user_bought did not grant")

        self.loop.run_until_complete(calls())

    def httpx_calls(self, n: int) -> None:
        async def calls() -> None:
            client = self.httpx
            for _ in range(n):
                response = await client.get(PATH, headers={"plenigoToken": pyjwt_token()})
                granted(response.status_code, "httpx")

        self.loop.run_until_complete(calls())

    def threads(self, k: int, total: int) -> tuple[int, float]:
        """About `total` blocking calls over k threads on the one client: the calls made and the
        seconds from their common start until the last thread ended."""
        per_thread = total // k
        start = threading.Barrier(k + 1)
        errors: list[BaseException] = []

        def worker() -> None:
            start.wait()
            try:
                self.sync(per_thread)
            except BaseException as error:  # noqa: BLE001 - reported by the main thread
                errors.append(error)

        workers = [threading.Thread(target=worker) for _ in range(k)]
        for thread in workers:
            thread.start()
        start.wait()
        started = time.perf_counter()
        for thread in workers:
            thread.join()
        elapsed = time.perf_counter() - started
        if errors:
            raise errors[0]
        return per_thread * k, elapsed


def cpu_and_switches(run, n: int) -> tuple[float, int]:
    """Runs n calls; the process's CPU seconds (user + system) and context switches for them."""
    before = resource.getrusage(resource.RUSAGE_SELF)
    run(n)
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    switches = (after.ru_nvcsw - before.ru_nvcsw) + (after.ru_nivcsw - before.ru_nivcsw)
    return cpu, switches


# --- import cost, in fresh interpreters ------------------------------------------------------------

IMPORT_CHILD = r"""
import time
def rss_kib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
before = rss_kib()
started = time.perf_counter()
import plenigo
elapsed = time.perf_counter() - started
print(elapsed * 1000, (rss_kib() - before) / 1024)
"""


def import_costs(children: int) -> list[tuple[float, float]]:
    """(ms, MiB) of `import plenigo` in each of `children` fresh interpreters."""
    costs = []
    for _ in range(children):
        done = subprocess.run(
            [sys.executable, "-I", "-c", IMPORT_CHILD],
            capture_output=True, text=True, check=True, cwd="/",
        )
        ms, mib = done.stdout.split()
        costs.append((float(ms), float(mib)))
    return costs


# --- the rounds -------------------------------------------------------------------------------------

ROWS = {
    "python.sync": ("Python wheel, blocking has_user_bought", "python.httpclient", "<= 0.6"),
    "python.httpclient": (
        "Python http.client, one kept connection, token signed per call with hmac",
        None, None),
    "python.requests": ("Python requests.Session + PyJWT per call", "python.httpclient", None),
    "python.sync.vs-requests": (
        "Python wheel, blocking has_user_bought (vs requests + PyJWT)", "python.requests",
        "<= 0.12"),
    "python.asyncio": (
        "Python wheel, asyncio (apps_async), one call at a time", "python.httpx", None),
    "python.httpx": ("Python httpx.AsyncClient + PyJWT per call, one at a time", None, None),
    "python.threads.1": ("Python wheel, 1 thread, calls/s", None, None),
    "python.threads.2": (
        "Python wheel, 2 threads on one client, calls/s", "python.threads.1", ">= 1.8"),
    "python.threads.4": ("Python wheel, 4 threads on one client, calls/s", "python.threads.1", None),
    "python.import": ("Python `import plenigo`, time in the process", None, None),
    "python.import.rss": ("Python `import plenigo`, RSS it adds", None, None),
}


def emit(row: str, round_: int, figure: dict) -> None:
    label, baseline, goal = ROWS[row]
    line = {"row": row, "label": label, "baseline": baseline}
    if goal:
        line["goal"] = goal
    line.update({"cmd": CMD, "round": round_})
    line.update(figure)
    print("BENCH " + json.dumps(line), flush=True)


def split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("url")
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", 5)))
    parser.add_argument("--calls", type=int, default=int(os.environ.get("BENCH_CALLS", 2000)))
    parser.add_argument("--imports", type=int, default=20)
    args = parser.parse_args()

    clients = Clients(args.url)
    cpu_rows = {
        "python.sync": clients.sync,
        "python.httpclient": clients.httpclient,
        "python.requests": clients.requests_calls,
        "python.asyncio": clients.asyncio_calls,
        "python.httpx": clients.httpx_calls,
    }
    thread_rows = {"python.threads.1": 1, "python.threads.2": 2, "python.threads.4": 4}
    # One measurement each; "threads" runs the thread rows back to back (wall time is what they
    # compare), "python.import" also gives python.import.rss.
    order = [*cpu_rows, "threads", "python.import"]
    slices = min(SLICES, args.calls)
    try:
        for run in cpu_rows.values():
            run(WARM_UP)
        import_costs(1)  # the wheel's files into the page cache

        for round_ in range(1, args.rounds + 1):
            cpu = dict.fromkeys(cpu_rows, 0.0)
            switches = dict.fromkeys(cpu_rows, 0)
            wall = dict.fromkeys(thread_rows, 0.0)
            made = dict.fromkeys(thread_rows, 0)
            imports: list[tuple[float, float]] = []
            children = split(max(args.imports, 1), slices)
            for slice_, calls in enumerate(split(args.calls, slices)):
                # A different order for every slice: each row follows each other row in turn.
                shift = ((round_ - 1) * slices + slice_) % len(order)
                for row in order[shift:] + order[:shift]:
                    if row in cpu_rows:
                        seconds, count = cpu_and_switches(cpu_rows[row], calls)
                        cpu[row] += seconds
                        switches[row] += count
                    elif row == "threads":
                        rows = list(thread_rows)
                        turn = ((round_ - 1) * slices + slice_) % len(rows)
                        for thread_row in rows[turn:] + rows[:turn]:
                            done, seconds = clients.threads(thread_rows[thread_row], calls)
                            made[thread_row] += done
                            wall[thread_row] += seconds
                    else:
                        imports += import_costs(children[slice_])
            figures = {
                row: {"cpu_us": round(cpu[row] / args.calls * 1e6, 1),
                      "cs": round(switches[row] / args.calls, 2)}
                for row in cpu_rows
            }
            figures["python.sync.vs-requests"] = figures["python.sync"]
            for row in thread_rows:
                figures[row] = {"per_s": round(made[row] / wall[row])}
            figures["python.import"] = {
                "value": round(statistics.median(ms for ms, _ in imports), 2), "unit": "ms"}
            figures["python.import.rss"] = {
                "value": round(statistics.median(mib for _, mib in imports), 2), "unit": "MiB"}
            for row in ROWS:
                emit(row, round_, figures[row])
            summarise(round_, figures)
    finally:
        clients.close()


def summarise(round_: int, figures: dict) -> None:
    def ratio(row: str, base: str, key: str) -> str:
        return f"{figures[row][key] / figures[base][key]:.2f}"

    print(
        f"::: round {round_}: CPU us/call sync {figures['python.sync']['cpu_us']}"
        f" http.client {figures['python.httpclient']['cpu_us']}"
        f" requests {figures['python.requests']['cpu_us']}"
        f" asyncio {figures['python.asyncio']['cpu_us']}"
        f" httpx {figures['python.httpx']['cpu_us']};"
        f" sync/http.client {ratio('python.sync', 'python.httpclient', 'cpu_us')}"
        f" sync/requests {ratio('python.sync', 'python.requests', 'cpu_us')}"
        f" asyncio/httpx {ratio('python.asyncio', 'python.httpx', 'cpu_us')};"
        f" threads 2/1 {ratio('python.threads.2', 'python.threads.1', 'per_s')}"
        f" 4/1 {ratio('python.threads.4', 'python.threads.1', 'per_s')};"
        f" import {figures['python.import']['value']} ms"
        f" +{figures['python.import.rss']['value']} MiB",
        file=sys.stderr, flush=True,
    )


if __name__ == "__main__":
    main()

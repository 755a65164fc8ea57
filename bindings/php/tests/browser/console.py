"""Drives plenigo-sandbox's console (/__sandbox/) in headless chromium (scripts/test-browser).

    python console.py SANDBOX_URL SHOTS_DIR CHECKOUT_PAGE_URL

The SDK calls go through the Python client (the `plenigo` wheel). Checked: an SDK call shows
up in the request list, live, with its token's claims; forged, expired, replayed and
unknown-company tokens show their reason; a fault armed on the page makes the next SDK call
fail with the matching error kind, and a disarmed one does not; the state view shows a
purchase made through the checkout overlay of CHECKOUT_PAGE_URL as it happens, and what
the page's forms add; rows open with the keyboard; at 400 px nothing is wider than the
window. After every step the page's DOM (text, attributes, form values) holds neither a
fixture secret nor any plenigoToken the test sent, nor anything shaped like a JWT.
Screenshots go to SHOTS_DIR/console-*.png (console.png is the README's). Prints one line
per step and `console: N passed, N failed` (steps), exits 1 on any failure.
"""

import base64
import hashlib
import hmac
import json
import os
import re
import sys
import time
import traceback
import urllib.error
import urllib.request
import uuid

import plenigo
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

COMPANY = "23NuCmdPoiRRkQiCqP9Q"
SECRETS = ("QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj", "Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj")
FORGER_SECRET = "forged-secret-not-the-companys"
NEW_COMPANY_SECRET = "console-test-secret-7f3a"
CUSTOMER = "56202510"
CHECKOUT_PRODUCT = "EgLUrT56328991046641"
JWT_SHAPE = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}")
# Every text, attribute and form value of the page, hidden views included.
DOM_TEXT = """
const parts = [document.documentElement.outerHTML];
for (const node of document.querySelectorAll("*")) {
  for (const attribute of node.attributes) parts.push(attribute.value);
  if (typeof node.value === "string") parts.push(node.value);
}
return parts.join("\\n");
"""


class Console:
    """The test's state: the browser, the sandbox, the SDK client, the tokens sent."""

    def __init__(self, sandbox: str, shots: str) -> None:
        self.sandbox = sandbox
        self.shots = shots
        self.sent_tokens: list[str] = []
        self.passed = 0
        options = Options()
        options.binary_location = "/usr/bin/chromium"
        for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,760"):
            options.add_argument(arg)
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.wait = WebDriverWait(self.driver, 10)
        self.client = self.sdk(SECRETS[0])

    def sdk(self, secret: str) -> plenigo.PlenigoClient:
        """A Python SDK client for the fixture company in test mode, without retries."""
        return plenigo.PlenigoClient(
            plenigo.Config(
                company_id=COMPANY,
                secret=plenigo.Secret(secret),
                base_url=self.sandbox,
                test_mode=True,
                max_retries=0,
            )
        )

    def step(self, name: str, ok: bool, detail: str = "") -> None:
        print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail and not ok else ''}", flush=True)
        if not ok:
            raise AssertionError(name)
        self.passed += 1

    def admin(self, path: str, method: str = "GET", body: object = None) -> object:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.sandbox}/__sandbox/{path}", data=data, method=method)
        with urllib.request.urlopen(request) as response:
            return json.loads(response.read() or b"null")

    def send_token(self, claims: dict, secret: str) -> int:
        """GETs the customer's apps with a hand-made plenigoToken; answers the status."""
        token = sign(claims, secret)
        self.sent_tokens.append(token)
        request = urllib.request.Request(
            f"{self.sandbox}/api/v2/access/app/{CUSTOMER}?testMode=true", headers={"plenigoToken": token}
        )
        try:
            with urllib.request.urlopen(request) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def latest_entry(self) -> dict:
        return self.admin("journal")[-1]

    def row(self, entry_id: int):
        return self.wait.until(
            ec.presence_of_element_located((By.CSS_SELECTOR, f'#request-list li[data-id="{entry_id}"]'))
        )

    def click(self, element) -> None:
        """Clicks an element once scrolled to the middle of the window."""
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def tab(self, name: str) -> None:
        self.driver.find_element(By.ID, f"tab-{name}").click()
        self.wait.until(lambda d: d.find_element(By.ID, name).is_displayed())

    def shot(self, name: str) -> None:
        self.driver.save_screenshot(os.path.join(self.shots, f"{name}.png"))

    def assert_no_secrets(self, where: str) -> None:
        dom = self.driver.execute_script(DOM_TEXT)
        leaks = [s for s in (*SECRETS, FORGER_SECRET, NEW_COMPANY_SECRET) if s in dom]
        leaks += [f"a sent plenigoToken ({t[:12]}…)" for t in self.sent_tokens if t in dom]
        leaks += [f"a JWT-shaped text ({m[:12]}…)" for m in JWT_SHAPE.findall(dom)]
        self.step(f"{where}: the DOM holds no secret and no token", not leaks, ", ".join(leaks))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign(claims: dict, secret: str) -> str:
    head = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64url(json.dumps(claims).encode())
    mac = hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64url(mac)}"


def claims(company: str = COMPANY, exp_in: int = 300) -> dict:
    return {"companyId": company, "aud": "plenigo", "exp": int(time.time()) + exp_in, "jti": str(uuid.uuid4())}


def sdk_error_kind(call) -> object:
    """The ErrorKind the SDK call fails with, or None when it succeeds."""
    try:
        call()
    except plenigo.PlenigoError as error:
        return error.kind()
    return None


def requests_live(c: Console) -> None:
    c.admin("reset", "POST")
    c.driver.get(f"{c.sandbox}/__sandbox/")
    warning = c.wait.until(ec.visibility_of_element_located((By.ID, "warning"))).text
    first = c.driver.execute_script("return document.body.innerText.trim().split('\\n')[0]")
    c.step(
        "the page's first line says the admin API has no authentication and is for loopback",
        first == warning and "no authentication" in warning and "loopback" in warning,
        first,
    )
    c.wait.until(lambda d: d.find_element(By.ID, "link").text == "live")
    apps = c.client.apps().get_customer_apps(CUSTOMER)
    returned = time.monotonic()
    entry = c.latest_entry()
    c.step(
        "the SDK call is journaled with its claims",
        entry["status"] == 200 and entry["claims"]["companyId"] == COMPANY and bool(apps),
        json.dumps(entry),
    )
    row = c.row(entry["id"])
    seconds = time.monotonic() - returned
    text = row.text
    c.step(
        f"the SDK call appears in the list without a reload ({seconds:.2f} s after it returned)",
        "GET" in text and f"/api/v2/access/app/{CUSTOMER}" in text and "200" in text
        and COMPANY in text and entry["claims"]["jti"] in text,
        text,
    )
    c.click(row.find_element(By.TAG_NAME, "button"))
    detail = c.wait.until(ec.visibility_of_element_located((By.ID, "request-detail")))
    shown = {
        tr.get_attribute("data-claim"): tr.find_element(By.TAG_NAME, "td").text
        for tr in detail.find_elements(By.CSS_SELECTOR, "tr[data-claim]")
    }
    expected = entry["claims"]
    c.step(
        "clicking the row shows every claim of its token",
        set(shown) == set(expected)
        and all(shown[k].startswith(str(expected[k])) for k in ("companyId", "aud", "jti", "exp")),
        f"{shown} vs {expected}",
    )
    c.assert_no_secrets("after an SDK call")


def refusals(c: Console) -> None:
    cases = [
        ("bad signature", claims(), FORGER_SECRET, "invalid token signature"),
        ("exp passed", claims(exp_in=-120), SECRETS[0], "token expired"),
        ("unknown company", claims(company="NoSuchCompany"), SECRETS[0], "unknown company"),
    ]
    for label, token_claims, secret, reason in cases:
        status = c.send_token(token_claims, secret)
        entry = c.latest_entry()
        row = c.row(entry["id"])
        shown = row.find_element(By.CSS_SELECTOR, ".reason").text
        bold = row.find_element(By.CSS_SELECTOR, ".reason strong").text
        c.step(
            f"a token with {label} is refused and its row says '{label}'",
            status == 401 and entry["reason"] == reason and bold == label and reason in shown,
            f"{status} {entry['reason']} {shown!r}",
        )
    replayed = claims()
    first, second = c.send_token(replayed, SECRETS[0]), c.send_token(replayed, SECRETS[1])
    text = c.row(c.latest_entry()["id"]).text
    c.step(
        "a replayed jti is refused and its row says 'jti replayed'",
        (first, second) == (200, 401) and "jti replayed: token jti was used before" in text,
        f"{first} {second} {text!r}",
    )
    Select(c.driver.find_element(By.ID, "filter-status")).select_by_value("refused")
    rows = c.driver.find_elements(By.CSS_SELECTOR, "#request-list li")
    c.step(
        "the status filter shows only the refused requests",
        len(rows) == 4 and all(r.get_attribute("data-status") == "401" for r in rows),
        str([r.get_attribute("data-status") for r in rows]),
    )
    Select(c.driver.find_element(By.ID, "filter-status")).select_by_value("")
    c.driver.find_element(By.ID, "filter-path").send_keys("nothing-matches-this")
    c.step("the path filter hides rows that do not match", not c.driver.find_elements(By.CSS_SELECTOR, "#request-list li"))
    c.driver.find_element(By.ID, "filter-path").clear()
    c.driver.find_element(By.ID, "filter-path").send_keys(" ")  # an input event: the list comes back
    c.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#request-list li")) == 6)
    # The keyboard: a row opens with Enter, the details close with Escape and focus goes back.
    entry_id = c.admin("journal")[0]["id"]
    button = c.row(entry_id).find_element(By.TAG_NAME, "button")
    c.driver.execute_script("arguments[0].focus()", button)
    ActionChains(c.driver).send_keys(Keys.ENTER).perform()
    detail = c.wait.until(ec.visibility_of_element_located((By.ID, "request-detail")))
    opened = detail.get_attribute("data-id") == str(entry_id) and c.driver.switch_to.active_element == detail
    ActionChains(c.driver).send_keys(Keys.ESCAPE).perform()
    c.wait.until(ec.invisibility_of_element_located((By.ID, "request-detail")))
    back = c.driver.switch_to.active_element == c.row(entry_id).find_element(By.TAG_NAME, "button")
    c.step("Enter opens a row's details, Escape closes them and focus returns to the row", opened and back)
    c.click(c.row(c.latest_entry()["id"]).find_element(By.TAG_NAME, "button"))
    c.wait.until(ec.visibility_of_element_located((By.ID, "request-detail")))
    c.driver.execute_script("window.scrollTo(0, 0)")
    c.shot("console")
    c.shot("console-requests")
    c.assert_no_secrets("after refused tokens")


def arm(c: Console, effect: str, status: str = "") -> int:
    """Arms a fault for the next GET of the customer's apps through the page's form."""
    c.tab("faults")
    form = c.driver.find_element(By.ID, "arm-fault")
    Select(form.find_element(By.NAME, "method")).select_by_value("GET")
    path = form.find_element(By.NAME, "path")
    path.clear()
    path.send_keys(f"/api/v2/access/app/{CUSTOMER}")
    Select(form.find_element(By.NAME, "effect")).select_by_value(effect)
    if status:
        field = form.find_element(By.NAME, "status")
        field.clear()
        field.send_keys(status)
    before = {f["id"] for f in c.admin("faults")}
    c.click(form.find_element(By.TAG_NAME, "button"))
    c.wait.until(lambda d: len(c.admin("faults")) == len(before) + 1)
    (fault,) = [f for f in c.admin("faults") if f["id"] not in before]
    c.wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, f'#armed-faults li[data-fault-id="{fault["id"]}"]')))
    return fault["id"]


def faults(c: Console) -> None:
    apps = lambda: c.client.apps().get_customer_apps(CUSTOMER)  # noqa: E731
    cases = [
        ("status", "503", plenigo.ErrorKind.SERVER, "status 503"),
        ("truncated", "", plenigo.ErrorKind.INVALID_RESPONSE, "canned body"),
        ("reset", "", plenigo.ErrorKind.NETWORK, "connection reset"),
    ]
    for effect, status, kind, words in cases:
        fault_id = arm(c, effect, status)
        armed = c.driver.find_element(By.CSS_SELECTOR, f'#armed-faults li[data-fault-id="{fault_id}"]').text
        got = sdk_error_kind(apps)
        entry = c.latest_entry()
        c.step(
            f"a '{effect}' fault armed on the page makes the next SDK call fail with {kind}",
            got == kind and entry["reason"] == f"fault injected: {words}" and "1 left" in armed,
            f"{got} {entry['reason']} {armed!r}",
        )
        c.wait.until(
            ec.invisibility_of_element_located((By.CSS_SELECTOR, f'#armed-faults li[data-fault-id="{fault_id}"]'))
        )
        c.step(f"the used '{effect}' fault leaves the armed list", True)
        c.step(f"the next SDK call after the '{effect}' fault succeeds", sdk_error_kind(apps) is None)
    fault_id = arm(c, "status", "500")
    c.shot("console-faults")
    c.click(c.driver.find_element(By.CSS_SELECTOR, f'#armed-faults li[data-fault-id="{fault_id}"] button'))
    c.wait.until(lambda d: not c.admin("faults"))
    c.step("a fault disarmed on the page is gone and the SDK call succeeds", sdk_error_kind(apps) is None)
    c.tab("requests")
    fault_rows = [
        e for e in c.admin("journal") if (e["reason"] or "").startswith("fault injected")
    ]
    text = c.row(fault_rows[-1]["id"]).text
    c.step("the faulted request's row says 'fault injected'", "fault injected: connection reset" in text, text)
    c.assert_no_secrets("after faults")


def state(c: Console, checkout_url: str) -> None:
    console = c.driver.current_window_handle
    c.tab("state")
    Select(c.driver.find_element(By.ID, "state-company")).select_by_value(COMPANY)
    c.click(c.driver.find_element(By.CSS_SELECTOR, 'input[name="mode"][value="live"]'))
    c.driver.switch_to.new_window("tab")
    c.driver.get(checkout_url)
    c.wait.until(ec.element_to_be_clickable((By.ID, "special-offer"))).click()
    frame = c.wait.until(ec.presence_of_element_located((By.ID, "plenigo-checkout-frame")))
    c.driver.switch_to.frame(frame)
    customer = c.wait.until(ec.presence_of_element_located((By.ID, "plenigo-customer"))).get_attribute("data-customer-id")
    mode = c.driver.find_element(By.ID, "plenigo-mode").get_attribute("data-mode")
    c.driver.switch_to.window(console)
    card = f'article[data-customer-id="{customer}"]'
    c.wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, card)))
    before = [li.text for li in c.driver.find_elements(By.CSS_SELECTOR, f"{card} ul.purchases li")]
    c.step(
        f"the state view shows the checkout's customer {customer} (live mode) without the product",
        mode == "live" and CHECKOUT_PRODUCT not in before,
        f"{mode} {before}",
    )
    c.driver.switch_to.window([h for h in c.driver.window_handles if h != console][0])
    c.driver.switch_to.frame(c.driver.find_element(By.ID, "plenigo-checkout-frame"))
    c.driver.find_element(By.ID, "plenigo-buy").click()
    c.wait.until(ec.presence_of_element_located((By.ID, "plenigo-done")))
    c.driver.close()
    c.driver.switch_to.window(console)
    c.wait.until(
        lambda d: CHECKOUT_PRODUCT
        in [li.text for li in d.find_elements(By.CSS_SELECTOR, f"{card} ul.purchases li")]
    )
    c.step("the purchase made in the checkout overlay appears in the state view without a reload", True)
    tokens = c.driver.find_element(By.ID, "login-tokens").text
    c.step("the state view lists the checkout's login token as redeemed", "yes" in tokens, tokens)
    c.driver.execute_script("document.querySelector(arguments[0]).scrollIntoView({block: 'start'})", card)
    c.shot("console-state")
    # The page's forms: a purchase in test mode, a product, a company (its secret never stays).
    c.click(c.driver.find_element(By.CSS_SELECTOR, 'input[name="mode"][value="test"]'))
    form = c.driver.find_element(By.ID, "add-purchase")
    form.find_element(By.NAME, "customerId").send_keys("CONSOLE01")
    form.find_element(By.NAME, "productId").send_keys("RgKUHT78563989856641")
    c.click(form.find_element(By.TAG_NAME, "button"))
    c.wait.until(
        lambda d: "RgKUHT78563989856641"
        in [li.text for li in d.find_elements(By.CSS_SELECTOR, 'article[data-customer-id="CONSOLE01"] ul.purchases li')]
    )
    view = c.admin(f"customers/{COMPANY}/CONSOLE01")
    c.step("'Add purchase' records it in the chosen mode", view["purchases"] == {"live": [], "test": ["RgKUHT78563989856641"]}, str(view))
    form = c.driver.find_element(By.ID, "add-company")
    form.find_element(By.NAME, "companyId").send_keys("ConsoleCo")
    form.find_element(By.NAME, "secret").send_keys(NEW_COMPANY_SECRET)
    form.find_element(By.NAME, "products").send_keys("C1, C2")
    c.click(form.find_element(By.TAG_NAME, "button"))
    c.wait.until(lambda d: Select(d.find_element(By.ID, "state-company")).first_selected_option.text == "ConsoleCo")
    form = c.driver.find_element(By.ID, "add-product")
    form.find_element(By.NAME, "productId").send_keys("C3")
    c.click(form.find_element(By.TAG_NAME, "button"))
    c.wait.until(lambda d: "C1, C2, C3" in d.find_element(By.ID, "company-summary").text)
    company = [x for x in c.admin("state")["companies"] if x["companyId"] == "ConsoleCo"][0]
    c.step(
        "'Add company' and 'Add product' change the state",
        company["products"] == ["C1", "C2", "C3"] and company["secretCount"] == 1,
        str(company),
    )
    c.assert_no_secrets("after the checkout and the forms")


def narrow(c: Console) -> None:
    c.driver.set_window_size(400, 860)
    for name in ("requests", "state", "faults"):
        c.tab(name)
        width, inner = c.driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        c.step(f"at 400 px the {name} view fits the window ({width} <= {inner})", width <= inner)
        c.driver.execute_script("window.scrollTo(0, 0)")
        c.shot(f"console-narrow-{name}")


def main() -> int:
    sandbox, shots, checkout_url = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    os.makedirs(shots, exist_ok=True)
    c = Console(sandbox, shots)
    failed = 0
    try:
        for part in (requests_live, refusals, faults, lambda c: state(c, checkout_url), narrow):
            try:
                part(c)
            except Exception as error:  # report and go on: one failure must not hide the rest
                if not isinstance(error, AssertionError):
                    first_line = (str(error).strip().splitlines() or [""])[0]
                    line = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == __file__][-1].lineno
                    print(f"FAIL {type(error).__name__} {first_line} (console.py line {line})", flush=True)
                c.shot("console-failure")
                failed += 1
                c.driver.switch_to.window(c.driver.window_handles[0])
    finally:
        c.driver.quit()
    print(f"console: {c.passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

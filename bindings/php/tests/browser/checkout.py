"""Clicks through the seeds' checkout page in headless chromium (scripts/test-browser).

    python checkout.py SANDBOX_URL SHOTS_DIR NAME=PAGE_URL [NAME=PAGE_URL ...]

For each page: reset the sandbox, open the page, click "Special offer for you", see the
sandbox's checkout overlay with the registered customer (test@mail.com) and the product,
check through the PHP SDK that the customer has not bought it yet, click "Buy", see the
confirmation, check through the SDK that the customer has bought it now. Screenshots of the
overlay and the confirmation go to SHOTS_DIR/NAME-*.png. Prints one line per step and
`browser: N passed, N failed` (pages), exits 1 on any failure.
"""

import os
import subprocess
import sys
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

PRODUCT = "EgLUrT56328991046641"
EMAIL = "test@mail.com"
HAS_BOUGHT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "has-bought.php")


def browser() -> webdriver.Chrome:
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def has_bought(customer_id: str, mode: str) -> str:
    """The SDK's answer, through PHP: 'true' or 'false'."""
    return subprocess.run(
        ["php", HAS_BOUGHT, customer_id, mode], check=True, capture_output=True, text=True
    ).stdout.strip()


def step(name: str, ok: bool, detail: str = "") -> None:
    print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail and not ok else ''}", flush=True)
    if not ok:
        raise AssertionError(name)


def check_page(driver: webdriver.Chrome, sandbox: str, shots: str, name: str, url: str) -> None:
    urllib.request.urlopen(urllib.request.Request(f"{sandbox}/__sandbox/reset", method="POST")).read()
    wait = WebDriverWait(driver, 15)
    driver.get(url)
    button = wait.until(ec.element_to_be_clickable((By.XPATH, "//button[normalize-space()='Special offer for you']")))
    step(f"{name}: the page shows 'Special offer for you'", True)
    button.click()
    frame = wait.until(ec.presence_of_element_located((By.ID, "plenigo-checkout-frame")))
    driver.switch_to.frame(frame)
    wait.until(lambda d: d.find_elements(By.ID, "plenigo-customer") or d.find_elements(By.ID, "plenigo-error"))
    errors = driver.find_elements(By.ID, "plenigo-error")
    step(f"{name}: the overlay accepts the snippet", not errors, errors[0].text if errors else "")
    customer = driver.find_element(By.ID, "plenigo-customer")
    customer_id = customer.get_attribute("data-customer-id")
    email = driver.find_element(By.ID, "plenigo-customer-email").text
    step(f"{name}: the overlay shows the registered customer {EMAIL}", email == EMAIL and bool(customer_id), email)
    product = driver.find_element(By.ID, "plenigo-product-id").text
    step(f"{name}: the overlay shows product {PRODUCT}", product == PRODUCT, product)
    mode = driver.find_element(By.ID, "plenigo-mode").get_attribute("data-mode")
    driver.switch_to.default_content()
    driver.save_screenshot(os.path.join(shots, f"{name}-overlay.png"))
    driver.switch_to.frame(driver.find_element(By.ID, "plenigo-checkout-frame"))
    before = has_bought(customer_id, mode)
    step(f"{name}: the SDK says customer {customer_id} has not bought it yet", before == "false", before)
    driver.find_element(By.ID, "plenigo-buy").click()
    wait.until(ec.presence_of_element_located((By.ID, "plenigo-done")))
    step(f"{name}: 'Buy' shows the confirmation", True)
    driver.switch_to.default_content()
    driver.save_screenshot(os.path.join(shots, f"{name}-bought.png"))
    after = has_bought(customer_id, mode)
    step(f"{name}: the SDK says customer {customer_id} has bought {PRODUCT}", after == "true", after)


def main() -> int:
    sandbox, shots, pages = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3:]
    os.makedirs(shots, exist_ok=True)
    passed = failed = 0
    driver = browser()
    try:
        for page in pages:
            name, _, url = page.partition("=")
            try:
                check_page(driver, sandbox, shots, name, url)
                passed += 1
            except Exception as error:  # one page's failure must not hide the others
                if not isinstance(error, AssertionError):
                    first_line = (str(error).strip().splitlines() or [""])[0]
                    print(f"FAIL {name}: {type(error).__name__} {first_line} at {driver.current_url}", flush=True)
                driver.save_screenshot(os.path.join(shots, f"{name}-failure.png"))
                failed += 1
    finally:
        driver.quit()
    print(f"browser: {passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""A user's project: only the plenigo_sandbox fixture (from the plenigo-sandbox wheel) and the
plenigo package (from its wheel), nothing from this repository. scripts/test-python runs it
in a fresh virtualenv with both wheels installed."""

import plenigo
import plenigo_sandbox


def client_for(sandbox) -> plenigo.PlenigoClient:
    return plenigo.PlenigoClient(
        plenigo.Config(
            company_id=sandbox.company_id,
            secret=plenigo.Secret(sandbox.secret),
            base_url=sandbox.url,
        )
    )


def test_the_fixture_serves_the_api(plenigo_sandbox):
    assert plenigo_sandbox.url.startswith("http://127.0.0.1:")
    apps = client_for(plenigo_sandbox).apps()
    # The built-in fixture's customer bought the product and has this app.
    app = "ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G"
    assert apps.has_user_bought(plenigo_sandbox.customer_id, plenigo_sandbox.product_id, app)
    assert len(plenigo_sandbox.journal()) == 1


def test_every_test_starts_from_the_fixture(plenigo_sandbox):
    assert plenigo_sandbox.journal() == []
    users = client_for(plenigo_sandbox).users()
    customer_id = users.register_user(plenigo.UserRegistration(email="reader@example.com"))
    assert customer_id
    (entry,) = plenigo_sandbox.journal()
    assert entry["status"] in (200, 201)


def test_start_and_stop_by_hand():
    with plenigo_sandbox.start(tls=True) as sandbox:
        assert sandbox.url.startswith("https://127.0.0.1:")
        assert sandbox.ca_cert is not None
        assert sandbox.admin("GET", "journal") == []
    assert sandbox.process.poll() is not None

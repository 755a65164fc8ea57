"""TLS: a sandbox serving HTTPS with a certificate from its own CA, trusted only through
`extra_root_certs_pem` (or the file named by PLENIGO_EXTRA_CA_CERTS)."""

import pytest

import plenigo
from conftest import COMPANY, CUSTOMER, PRODUCT, SECRET, make_client


@pytest.fixture
def fresh_tls(tls_sandbox):
    tls_sandbox.admin("POST", "reset")
    return tls_sandbox


def test_a_client_trusting_the_sandbox_ca_calls_it_over_https(fresh_tls):
    assert fresh_tls.url.startswith("https://127.0.0.1:")
    client = make_client(fresh_tls, extra_root_certs_pem=fresh_tls.ca_pem)

    token = client.users().create_login_token(CUSTOMER, False)

    assert fresh_tls.admin("GET", f"login-tokens/{token}")["customerId"] == CUSTOMER
    assert [entry["path"] for entry in fresh_tls.journal()] == [
        f"/api/v2/externalUser/{CUSTOMER}/createLoginToken"
    ]


def test_the_ca_file_named_by_the_environment_is_trusted(fresh_tls, tmp_path, monkeypatch):
    bundle = tmp_path / "ca.pem"
    bundle.write_text(fresh_tls.ca_pem)
    monkeypatch.setenv("PLENIGO_EXTRA_CA_CERTS", str(bundle))

    assert make_client(fresh_tls).users().has_bought_product(CUSTOMER, [PRODUCT], False) is True


def test_without_the_ca_the_certificate_is_not_trusted(fresh_tls, monkeypatch):
    monkeypatch.delenv("PLENIGO_EXTRA_CA_CERTS", raising=False)
    client = make_client(fresh_tls, max_retries=0)

    with pytest.raises(plenigo.PlenigoError.Network) as raised:
        client.users().create_login_token(CUSTOMER, False)

    assert raised.value.kind() == plenigo.ErrorKind.NETWORK
    assert "certificate" in str(raised.value).lower()
    assert raised.value.is_outcome_unknown() is False
    assert fresh_tls.journal() == []


@pytest.mark.parametrize(
    "pem", ["not a certificate", "-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n"]
)
def test_a_garbage_pem_is_invalid_input_naming_the_field(fresh_tls, pem):
    with pytest.raises(plenigo.PlenigoError.InvalidInput) as raised:
        plenigo.PlenigoClient(
            plenigo.Config(
                company_id=COMPANY,
                secret=plenigo.Secret(SECRET),
                base_url=fresh_tls.url,
                extra_root_certs_pem=pem,
            )
        )

    assert raised.value.field == "extra_root_certs_pem"
    assert SECRET not in str(raised.value)

//! TLS: extra trusted root certificates, from the config or from `PLENIGO_EXTRA_CA_CERTS`.

use crate::common::*;
use plenigo::{Config, PlenigoClient};

#[test]
fn a_bundle_that_is_not_pem_or_holds_no_certificate_is_refused() {
    for pem in [
        "",
        "not a certificate",
        "-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n",
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    ] {
        let mut config = Config::new(COMPANY, SECRET);
        config.extra_root_certs_pem = Some(pem.into());
        assert_eq!(
            invalid_field(PlenigoClient::new(config)),
            "extra_root_certs_pem",
            "{pem:?}"
        );
    }
}

#[test]
fn the_environment_names_a_bundle_when_the_config_has_none() {
    in_own_process(
        module_path!(),
        "the_environment_names_a_bundle_when_the_config_has_none",
        || {
            std::env::set_var(plenigo::EXTRA_CA_CERTS_ENV, "/nonexistent/plenigo-ca.pem");
            let error = PlenigoClient::new(Config::new(COMPANY, SECRET)).unwrap_err();
            assert_eq!(error.field(), Some("PLENIGO_EXTRA_CA_CERTS"), "{error}");
            assert!(
                error.to_string().contains("/nonexistent/plenigo-ca.pem"),
                "{error}"
            );
            std::env::remove_var(plenigo::EXTRA_CA_CERTS_ENV);
            assert!(PlenigoClient::new(Config::new(COMPANY, SECRET)).is_ok());
        },
    );
}

fn tls_sandbox() -> plenigo_sandbox::Sandbox {
    plenigo_sandbox::Sandbox::start_with(plenigo_sandbox::SandboxOptions {
        tls: true,
        ..Default::default()
    })
    .expect("TLS sandbox starts")
}

#[test]
fn a_tls_server_signed_by_an_extra_root_is_trusted_and_its_connection_reused() {
    let sandbox = tls_sandbox();
    assert!(sandbox.url().starts_with("https://"));
    let client = client_for(&sandbox, |c| {
        c.extra_root_certs_pem = sandbox.ca_cert_pem();
    });
    for _ in 0..5 {
        assert!(client
            .apps()
            .has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP)
            .unwrap());
    }
    assert_eq!(
        sandbox.connections().api,
        1,
        "one TLS connection for five calls"
    );
}

#[test]
fn a_tls_server_of_an_unknown_root_is_refused_without_retries() {
    let sandbox = tls_sandbox();
    let client = client_for(&sandbox, |_| {});
    let error = assert_error(
        client.apps().get_customer_apps(CUSTOMER),
        plenigo::ErrorKind::Network,
        None,
        5,
    );
    assert!(
        error.to_string().to_lowercase().contains("certificate"),
        "{error}"
    );
    assert!(sandbox.journal().is_empty());
    // A certificate failure is not retried: trying again cannot change the certificate.
    assert_eq!(sandbox.connections().accepted, 1, "{error}");
}

//! Access checks fail closed: they grant only on an answer that reads as a grant.

use crate::common::*;
use plenigo::ErrorKind;
use plenigo_sandbox::Fault;

/// Answers the next request to `path` with `status` and the literal `body`.
fn answer(
    sandbox: &plenigo_sandbox::Sandbox,
    path: &str,
    status: u16,
    body: &str,
    content_type: &str,
) {
    sandbox.inject(Fault {
        method: Some("GET".into()),
        path: Some(path.into()),
        status: Some(status),
        body: Some(body.into()),
        content_type: Some(content_type.into()),
        ..Default::default()
    });
}

const HAS_BOUGHT: &str = "/api/v2/user/product";
const APP_CHECK: &str = "/api/v2/access/app/";

fn has_bought_product(client: &plenigo::PlenigoClient) -> Result<bool, plenigo::PlenigoError> {
    client
        .users()
        .has_bought_product(CUSTOMER, &[PRODUCT], false)
}

fn has_user_bought(client: &plenigo::PlenigoClient) -> Result<bool, plenigo::PlenigoError> {
    client
        .apps()
        .has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP)
}

#[test]
fn has_bought_product_grants_only_on_access_granted_true() {
    let (sandbox, client) = setup();
    answer(
        &sandbox,
        HAS_BOUGHT,
        200,
        r#"{"accessGranted":true}"#,
        "application/json",
    );
    assert!(has_bought_product(&client).unwrap());
    answer(
        &sandbox,
        HAS_BOUGHT,
        200,
        r#"{"accessGranted":false}"#,
        "application/json",
    );
    assert!(!has_bought_product(&client).unwrap());
    answer(&sandbox, HAS_BOUGHT, 204, "", "application/json");
    assert!(has_bought_product(&client).unwrap());
}

#[test]
fn has_bought_product_refuses_every_unreadable_200() {
    let (sandbox, client) = setup();
    for body in [
        r#"{"accessGranted":"false"}"#,
        r#"{"accessGranted":"true"}"#,
        r#"{"accessGranted":null}"#,
        r#"{"accessGranted":0}"#,
        r#"{"accessGranted":1}"#,
        "{}",
        "[]",
        "true",
        "",
        "   ",
        "<html><body>Welcome</body></html>",
        r#"{"accessGranted":tru"#,
    ] {
        answer(&sandbox, HAS_BOUGHT, 200, body, "application/json");
        let error = assert_error(
            has_bought_product(&client),
            ErrorKind::InvalidResponse,
            Some(200),
            0,
        );
        assert!(error.to_string().contains("access"), "{body:?}: {error}");
    }
}

#[test]
fn has_user_bought_grants_on_an_empty_answer_or_true_and_denies_on_false() {
    let (sandbox, client) = setup();
    // The sandbox's own answer: 200 with no accessGranted.
    assert!(has_user_bought(&client).unwrap());
    for (status, body) in [
        (200, ""),
        (204, ""),
        (200, "{}"),
        (200, r#"{"accessGranted":true}"#),
    ] {
        answer(&sandbox, APP_CHECK, status, body, "application/json");
        assert!(has_user_bought(&client).unwrap(), "{status} {body:?}");
    }
    answer(
        &sandbox,
        APP_CHECK,
        200,
        r#"{"accessGranted":false}"#,
        "application/json",
    );
    assert!(!has_user_bought(&client).unwrap());
}

#[test]
fn has_user_bought_refuses_html_and_odd_grants() {
    let (sandbox, client) = setup();
    for body in [
        "<html><body>Login required</body></html>",
        r#"{"accessGranted":"true"}"#,
        r#"{"accessGranted":null}"#,
        "[]",
        "false",
    ] {
        answer(&sandbox, APP_CHECK, 200, body, "text/html");
        assert_error(
            has_user_bought(&client),
            ErrorKind::InvalidResponse,
            Some(200),
            0,
        );
    }
}

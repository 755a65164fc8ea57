//! App Management against the sandbox: every operation, and every error row of the contract.

use crate::common::*;
use plenigo::ErrorKind;
use plenigo_sandbox::CompanySpec;

#[test]
fn token_app_id_access_list_delete() {
    let (sandbox, client) = setup();
    let apps = client.apps();

    let token = apps
        .request_app_token(CUSTOMER, PRODUCT, "reader app")
        .unwrap();
    assert_eq!(token.customer_id, CUSTOMER);
    assert_eq!(token.description, "reader app");
    assert!(!token.token.is_empty());

    let app = apps.request_app_id(CUSTOMER, &token.token).unwrap();
    assert_eq!(
        (
            app.customer_id.as_str(),
            app.product_id.as_str(),
            app.description.as_str()
        ),
        (CUSTOMER, PRODUCT, "reader app")
    );
    assert!(!app.customer_app_id.is_empty());

    assert!(apps
        .has_user_bought(CUSTOMER, PRODUCT, &app.customer_app_id)
        .unwrap());
    let listed = apps.get_customer_apps(CUSTOMER).unwrap();
    assert!(listed.contains(&app), "{listed:?}");
    assert!(listed.iter().any(|a| a.customer_app_id == FIXTURE_APP));

    apps.delete_customer_app(CUSTOMER, &app.customer_app_id)
        .unwrap();
    assert!(
        !apps
            .has_user_bought(CUSTOMER, PRODUCT, &app.customer_app_id)
            .unwrap(),
        "403 answers false"
    );
    assert!(!apps.get_customer_apps(CUSTOMER).unwrap().contains(&app));
    assert_error(
        apps.delete_customer_app(CUSTOMER, &app.customer_app_id),
        ErrorKind::NotFound,
        Some(404),
        19,
    );
    drop(sandbox);
}

#[test]
fn seed_fixture_values_work_unchanged() {
    let (_sandbox, client) = setup();
    let apps = client.apps();
    assert!(apps
        .has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP)
        .unwrap());
    let app = apps.request_app_id(CUSTOMER, "6176437516").unwrap();
    assert_eq!(app.product_id, PRODUCT);
    apps.delete_customer_app(CUSTOMER, FIXTURE_APP).unwrap();
}

#[test]
fn an_app_token_is_single_use_and_bound_to_its_customer() {
    let (sandbox, client) = setup();
    let apps = client.apps();
    let token = apps.request_app_token(CUSTOMER, PRODUCT, "once").unwrap();
    apps.request_app_id(CUSTOMER, &token.token).unwrap();
    assert_error(
        apps.request_app_id(CUSTOMER, &token.token),
        ErrorKind::TokenProblem,
        Some(403),
        13,
    );

    sandbox.add_purchase(COMPANY, "other-customer", PRODUCT, false);
    let foreign = apps
        .request_app_token("other-customer", PRODUCT, "theirs")
        .unwrap();
    assert_error(
        apps.request_app_id(CUSTOMER, &foreign.token),
        ErrorKind::TokenProblem,
        Some(403),
        13,
    );
    assert_error(
        apps.request_app_id(CUSTOMER, "0000000000"),
        ErrorKind::TokenProblem,
        Some(403),
        13,
    );
}

#[test]
fn a_token_for_a_product_not_bought_is_a_failed_precondition() {
    let (_sandbox, client) = setup();
    let result = client
        .apps()
        .request_app_token(CUSTOMER, OTHER_PRODUCT, "nope");
    assert_error(result, ErrorKind::PreconditionFailed, Some(412), 11);
}

#[test]
fn the_parallel_app_limit_is_reported() {
    let (sandbox, _) = setup();
    sandbox.add_company(CompanySpec {
        company_id: "limitedCompany".into(),
        secrets: vec!["limited-secret".into()],
        max_parallel_app_accesses: 1,
        products: vec![PRODUCT.into()],
        ..Default::default()
    });
    sandbox.add_purchase("limitedCompany", "c1", PRODUCT, false);
    let client = client_for(&sandbox, |c| {
        c.company_id = "limitedCompany".into();
        c.secret = plenigo::Secret::new("limited-secret");
    });
    let apps = client.apps();
    let token = apps.request_app_token("c1", PRODUCT, "first").unwrap();
    apps.request_app_id("c1", &token.token).unwrap();
    assert_error(
        apps.request_app_token("c1", PRODUCT, "second"),
        ErrorKind::LimitReached,
        Some(423),
        12,
    );
}

#[test]
fn a_wrong_secret_or_company_is_unauthorized() {
    let (sandbox, _) = setup();
    let wrong_secret = client_for(&sandbox, |c| {
        c.secret = plenigo::Secret::new("not-the-secret")
    });
    assert_error(
        wrong_secret.apps().get_customer_apps(CUSTOMER),
        ErrorKind::Unauthorized,
        Some(401),
        4,
    );
    let wrong_company = client_for(&sandbox, |c| c.company_id = "unknownCompany".into());
    assert_error(
        wrong_company
            .apps()
            .request_app_token(CUSTOMER, PRODUCT, "x"),
        ErrorKind::Unauthorized,
        Some(401),
        4,
    );
    // The company's second secret (a key rotation) is accepted.
    let rotated = client_for(&sandbox, |c| c.secret = plenigo::Secret::new(SECOND_SECRET));
    assert!(rotated
        .apps()
        .has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP)
        .unwrap());
}

#[test]
fn test_mode_and_live_mode_are_separate() {
    let (sandbox, live) = setup();
    let test = client_for(&sandbox, |c| c.test_mode = true);
    let token = test
        .apps()
        .request_app_token(CUSTOMER, PRODUCT, "test mode")
        .unwrap();
    assert_error(
        live.apps().request_app_id(CUSTOMER, &token.token),
        ErrorKind::TokenProblem,
        Some(403),
        13,
    );
    let app = test.apps().request_app_id(CUSTOMER, &token.token).unwrap();
    assert!(test
        .apps()
        .has_user_bought(CUSTOMER, PRODUCT, &app.customer_app_id)
        .unwrap());
    assert!(!live
        .apps()
        .has_user_bought(CUSTOMER, PRODUCT, &app.customer_app_id)
        .unwrap());
    assert!(!live
        .apps()
        .get_customer_apps(CUSTOMER)
        .unwrap()
        .contains(&app));
    let journal = sandbox.journal();
    assert_eq!(body_json(&journal[0])["testMode"], "true");
    assert!(journal.iter().any(|e| e.query == "testMode=false"));
}

#[test]
fn an_unknown_customer_has_no_apps() {
    let (_sandbox, client) = setup();
    assert!(client
        .apps()
        .get_customer_apps("nobody-here")
        .unwrap()
        .is_empty());
}

#[test]
fn invalid_input_is_rejected_before_any_request() {
    let (sandbox, client) = setup();
    let apps = client.apps();
    assert_invalid(
        &sandbox,
        apps.request_app_token("", PRODUCT, "d"),
        "customer_id",
    );
    assert_invalid(
        &sandbox,
        apps.request_app_token(CUSTOMER, "..", "d"),
        "product_id",
    );
    assert_invalid(
        &sandbox,
        apps.request_app_token(CUSTOMER, PRODUCT, " "),
        "description",
    );
    assert_invalid(&sandbox, apps.request_app_id(CUSTOMER, ""), "access_token");
    assert_invalid(
        &sandbox,
        apps.has_user_bought(CUSTOMER, PRODUCT, "."),
        "customer_app_id",
    );
    assert_invalid(&sandbox, apps.get_customer_apps("   "), "customer_id");
    assert_invalid(
        &sandbox,
        apps.delete_customer_app(CUSTOMER, "a\u{0}b"),
        "customer_app_id",
    );
}

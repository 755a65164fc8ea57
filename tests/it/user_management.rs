//! External User Management against the sandbox: every operation, and every error row.

use crate::common::*;
use plenigo::{ErrorKind, UserRegistration};
use plenigo_sandbox::CompanySpec;

fn register(client: &plenigo::PlenigoClient, email: &str) -> String {
    client
        .users()
        .register_user(&UserRegistration::new(email, "en"))
        .unwrap()
}

#[test]
fn register_returns_the_customer_and_is_idempotent_per_email() {
    let (sandbox, client) = setup();
    let mut user = UserRegistration::new("testAddNewUser@mail.com", "EN");
    user.external_user_id = Some("A1BKAFZZ3H0H-ext".into());
    user.first_name = Some("new".into());
    user.name = Some("user".into());
    let id = client.users().register_user(&user).unwrap();
    assert!(!id.is_empty());
    let stored = sandbox.customer(COMPANY, &id).expect("customer exists");
    assert_eq!(stored["email"], "testAddNewUser@mail.com");
    assert_eq!(stored["language"], "en");
    assert_eq!(stored["externalUserId"], "A1BKAFZZ3H0H-ext");
    assert_eq!(stored["firstName"], "new");

    assert_eq!(
        client.users().register_user(&user).unwrap(),
        id,
        "same e-mail, same customer"
    );
    let mut strict = user;
    strict.fail_by_existing_email = true;
    assert_error(
        client.users().register_user(&strict),
        ErrorKind::Conflict,
        Some(409),
        1,
    );
}

#[test]
fn login_tokens_are_real_and_expire() {
    let (sandbox, client) = setup();
    let token = client.users().create_login_token(CUSTOMER, false).unwrap();
    let view = sandbox
        .login_token(&token)
        .expect("the sandbox knows the token");
    assert_eq!(view["customerId"], CUSTOMER);
    assert_eq!(view["expired"], false);
    sandbox.advance_clock(301);
    assert_eq!(
        sandbox.login_token(&token).unwrap()["expired"],
        true,
        "valid for 5 minutes only"
    );

    client
        .users()
        .add_external_user_id(CUSTOMER, "ext-56202510")
        .unwrap();
    let by_external = client
        .users()
        .create_login_token("ext-56202510", true)
        .unwrap();
    assert_eq!(
        sandbox.login_token(&by_external).unwrap()["customerId"],
        CUSTOMER
    );

    assert_error(
        client.users().create_login_token("no-such-customer", false),
        ErrorKind::NotFound,
        Some(404),
        18,
    );
    assert_error(
        client.users().create_login_token(CUSTOMER, true),
        ErrorKind::NotFound,
        Some(404),
        18,
    );
}

#[test]
fn change_email() {
    let (sandbox, client) = setup();
    client
        .users()
        .change_email(CUSTOMER, "testChangeEMail@mail.com", false)
        .unwrap();
    assert_eq!(
        sandbox.customer(COMPANY, CUSTOMER).unwrap()["email"],
        "testChangeEMail@mail.com"
    );
    let other = register(&client, "someone@example.com");
    assert_error(
        client
            .users()
            .change_email(&other, "testChangeEMail@mail.com", false),
        ErrorKind::Conflict,
        Some(409),
        1,
    );
    assert_error(
        client
            .users()
            .change_email("no-such-customer", "x@example.com", false),
        ErrorKind::NotFound,
        Some(404),
        18,
    );
}

#[test]
fn add_external_user_id() {
    let (sandbox, client) = setup();
    client
        .users()
        .add_external_user_id(CUSTOMER, "12345")
        .unwrap();
    assert_eq!(
        sandbox.customer(COMPANY, CUSTOMER).unwrap()["externalUserId"],
        "12345"
    );
    assert_error(
        client.users().add_external_user_id(CUSTOMER, "67890"),
        ErrorKind::Conflict,
        Some(409),
        1,
    );
    let other = register(&client, "other@example.com");
    assert_error(
        client.users().add_external_user_id(&other, "12345"),
        ErrorKind::Conflict,
        Some(409),
        1,
    );
    assert_error(
        client.users().add_external_user_id("no-such-customer", "1"),
        ErrorKind::NotFound,
        Some(404),
        18,
    );
}

#[test]
fn imported_access_ids_check_access() {
    let (sandbox, client) = setup();
    let users = client.users();
    users
        .import_customer_access(CUSTOMER, false, &["CRM-1", "BILL-2"])
        .unwrap();
    assert_eq!(
        sandbox.customer(COMPANY, CUSTOMER).unwrap()["accessIds"],
        serde_json::json!(["CRM-1", "BILL-2"])
    );
    assert!(users
        .has_bought_product("BILL-2", &[PRODUCT], false)
        .unwrap());
    assert!(users
        .has_bought_product(CUSTOMER, &[OTHER_PRODUCT, PRODUCT], false)
        .unwrap());
    assert!(
        !users
            .has_bought_product("CRM-1", &[OTHER_PRODUCT], false)
            .unwrap(),
        "403 answers false"
    );
    assert!(!users
        .has_bought_product("unknown-access-id", &[PRODUCT], false)
        .unwrap());

    users.add_external_user_id(CUSTOMER, "ext-1").unwrap();
    assert!(users.has_bought_product("ext-1", &[PRODUCT], true).unwrap());
    users
        .import_customer_access("ext-1", true, &["A", "B", "C", "D"])
        .unwrap();
    assert_eq!(
        sandbox.customer(COMPANY, CUSTOMER).unwrap()["accessIds"],
        serde_json::json!(["A", "B", "C", "D"])
    );
    assert_error(
        users.import_customer_access("no-such-customer", false, &["X"]),
        ErrorKind::NotFound,
        Some(404),
        18,
    );
}

#[test]
fn a_company_outside_closed_user_groups_is_denied() {
    let (sandbox, _) = setup();
    sandbox.add_company(CompanySpec {
        company_id: "openCompany".into(),
        secrets: vec!["open-secret".into()],
        closed_user_group: false,
        ..Default::default()
    });
    let client = client_for(&sandbox, |c| {
        c.company_id = "openCompany".into();
        c.secret = plenigo::Secret::new("open-secret");
    });
    let result = client
        .users()
        .register_user(&UserRegistration::new("a@example.com", "de"));
    assert_error(result, ErrorKind::AccessDenied, Some(403), 17);
}

#[test]
fn invalid_input_is_rejected_before_any_request() {
    let (sandbox, client) = setup();
    let users = client.users();
    assert_invalid(
        &sandbox,
        users.register_user(&UserRegistration::new("not-an-email", "en")),
        "email",
    );
    assert_invalid(
        &sandbox,
        users.register_user(&UserRegistration::new("a@example.com", "eng")),
        "language",
    );
    let mut bad_external = UserRegistration::new("a@example.com", "en");
    bad_external.external_user_id = Some("".into());
    assert_invalid(
        &sandbox,
        users.register_user(&bad_external),
        "external_user_id",
    );
    assert_invalid(&sandbox, users.create_login_token("", false), "customer_id");
    assert_invalid(
        &sandbox,
        users.change_email(CUSTOMER, "a@b", false),
        "email",
    );
    assert_invalid(
        &sandbox,
        users.import_customer_access(CUSTOMER, false, &[] as &[&str]),
        "access_ids",
    );
    let five: Vec<String> = (1..=5).map(|i| i.to_string()).collect();
    assert_invalid(
        &sandbox,
        users.import_customer_access(CUSTOMER, false, &five),
        "access_ids",
    );
    assert_invalid(
        &sandbox,
        users.import_customer_access(CUSTOMER, false, &["ok", " "]),
        "access_ids",
    );
    assert_invalid(
        &sandbox,
        users.add_external_user_id(CUSTOMER, ".."),
        "external_user_id",
    );
    assert_invalid(
        &sandbox,
        users.has_bought_product(CUSTOMER, &[] as &[&str], false),
        "product_ids",
    );
    assert_invalid(
        &sandbox,
        users.has_bought_product(CUSTOMER, &["a,b"], false),
        "product_ids",
    );
}

//! External User Management endpoints.

use plenigo_sandbox::{CompanySpec, Sandbox};
use serde_json::{json, Value};

use crate::common::*;

const REGISTER: &str = "/api/v2/externalUser/register";

fn register_body(email: &str) -> Value {
    json!({
        "email": email, "language": "en", "externalUserId": null, "firstName": "new",
        "name": "user", "withPasswordReset": false, "failByExistingEmail": false,
    })
}

fn register(client: &Client, body: Value) -> String {
    let response = client.post(REGISTER, body);
    assert_eq!(response.status, 200, "{}", response.body);
    response.json()["customerId"].as_str().unwrap().to_owned()
}

#[test]
fn register_creates_a_customer_once_per_email() {
    let sandbox = Sandbox::start().unwrap();
    // The seed: company 12Nu registers an external user.
    let client = Client::for_company(&sandbox, OTHER_COMPANY, SECRET);
    let mut body = register_body("testAddNewUser@mail.com");
    body["externalUserId"] = json!("A1BKAFZZ3H0H");
    let id = register(&client, body);
    assert!(
        id.len() == 8 && id.chars().all(|c| c.is_ascii_digit()),
        "{id}"
    );
    let view = sandbox.customer(OTHER_COMPANY, &id).unwrap();
    assert_eq!(view["email"], "testAddNewUser@mail.com");
    assert_eq!(view["language"], "en");
    assert_eq!(view["firstName"], "new");
    assert_eq!(view["name"], "user");
    assert_eq!(view["externalUserId"], "A1BKAFZZ3H0H");

    // Same e-mail, any case, failByExistingEmail false: the same customer, unchanged.
    let mut again = register_body("TESTADDNEWUSER@mail.com");
    again["firstName"] = json!("changed");
    again["failByExistingEmail"] = json!("false");
    assert_eq!(register(&client, again), id);
    assert_eq!(
        sandbox.customer(OTHER_COMPANY, &id).unwrap()["firstName"],
        "new"
    );

    let mut strict = register_body("testaddnewuser@mail.com");
    strict["failByExistingEmail"] = json!(true);
    client.post(REGISTER, strict).assert_error(409);

    let mut taken = register_body("someone.else@mail.com");
    taken["externalUserId"] = json!("A1BKAFZZ3H0H");
    client.post(REGISTER, taken).assert_error(409);
}

#[test]
fn register_takes_numeric_external_ids_and_string_flags() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    let mut body = register_body("test@mail.com");
    body["externalUserId"] = json!(12345);
    body["withPasswordReset"] = json!("true");
    body["failByExistingEmail"] = json!("true");
    let id = register(&client, body);
    assert_eq!(
        sandbox.customer(COMPANY, &id).unwrap()["externalUserId"],
        "12345"
    );
    // Only email and language are required.
    let minimal = register(&client, json!({"email": "min@mail.com", "language": "de"}));
    let view = sandbox.customer(COMPANY, &minimal).unwrap();
    assert_eq!(view["firstName"], Value::Null);
    assert_eq!(view["externalUserId"], Value::Null);
    assert_ne!(minimal, id);
}

#[test]
fn register_validates_input() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    for email in ["", "no-at-sign", "a@b", "two@@mail.com", "spa ce@mail.com"] {
        client
            .post(REGISTER, register_body(email))
            .assert_error(400);
    }
    for language in [json!("eng"), json!("e"), json!("1a"), json!(null)] {
        let mut body = register_body("ok@mail.com");
        body["language"] = language;
        client.post(REGISTER, body).assert_error(400);
    }
    let mut body = register_body("ok@mail.com");
    body["failByExistingEmail"] = json!("perhaps");
    client.post(REGISTER, body).assert_error(400);
    client.request("POST", REGISTER, None).assert_error(400);
}

#[test]
fn companies_without_closed_user_group_get_403() {
    let sandbox = Sandbox::start().unwrap();
    sandbox.add_company(CompanySpec {
        company_id: "OpenCo".into(),
        secrets: vec!["open-secret".into()],
        closed_user_group: false,
        ..Default::default()
    });
    sandbox.add_purchase("OpenCo", "42", PRODUCT, false);
    let client = Client::for_company(&sandbox, "OpenCo", "open-secret");
    client
        .post(REGISTER, register_body("x@mail.com"))
        .assert_error(403);
    client
        .request("POST", "/api/v2/externalUser/42/createLoginToken", None)
        .assert_error(403);
    client
        .put(
            "/api/v2/externalUser/42/changeEmail",
            json!({"email": "y@mail.com"}),
        )
        .assert_error(403);
}

#[test]
fn login_tokens_last_five_minutes_of_domain_time() {
    let sandbox = Sandbox::start().unwrap();
    // The seed: company 12Nu, customer 56202510, useExternalCustomerId false.
    let client = Client::for_company(&sandbox, OTHER_COMPANY, SECRET);
    let response = client.request(
        "POST",
        "/api/v2/externalUser/56202510/createLoginToken?useExternalCustomerId=false",
        None,
    );
    assert_eq!(response.status, 200, "{}", response.body);
    let token = response.json()["loginToken"].as_str().unwrap().to_owned();
    assert!(token.len() >= 32);
    let view = sandbox.login_token(&token).unwrap();
    assert_eq!(view["companyId"], OTHER_COMPANY);
    assert_eq!(view["customerId"], CUSTOMER);
    assert_eq!(view["expired"], false);
    assert_eq!(view["redeemed"], false);
    let expires_at = view["expiresAt"].as_i64().unwrap();
    assert!((expires_at - (unix_now() + 300)).abs() <= 2, "{expires_at}");

    sandbox.advance_clock(299);
    assert_eq!(sandbox.login_token(&token).unwrap()["expired"], false);
    sandbox.advance_clock(2);
    assert_eq!(sandbox.login_token(&token).unwrap()["expired"], true);
    admin(
        &sandbox,
        "POST",
        &format!("/__sandbox/login-tokens/{token}/redeem"),
        None,
    )
    .assert_error(410);
}

#[test]
fn login_token_by_external_id_and_404s() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    let mut body = register_body("ext@mail.com");
    body["externalUserId"] = json!("ext-7");
    let id = register(&client, body);
    let by_external = client.request(
        "POST",
        "/api/v2/externalUser/ext-7/createLoginToken?useExternalCustomerId=true",
        None,
    );
    assert_eq!(by_external.status, 200, "{}", by_external.body);
    let token = by_external.json()["loginToken"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        sandbox.login_token(&token).unwrap()["customerId"],
        id.as_str()
    );
    let create = |path: &str| client.request("POST", path, None);
    create("/api/v2/externalUser/ext-7/createLoginToken").assert_error(404);
    create(&format!(
        "/api/v2/externalUser/{id}/createLoginToken?useExternalCustomerId=true"
    ))
    .assert_error(404);
    create("/api/v2/externalUser/00000000/createLoginToken").assert_error(404);
    // Two tokens for one customer are distinct.
    let a = create(&format!("/api/v2/externalUser/{id}/createLoginToken")).json();
    let b = create(&format!("/api/v2/externalUser/{id}/createLoginToken")).json();
    assert_ne!(a["loginToken"], b["loginToken"]);
}

#[test]
fn change_email() {
    let sandbox = Sandbox::start().unwrap();
    // The seed: company 23Nu with its second secret, customer A1BKAFZZ3H0H.
    let client = Client::for_company(&sandbox, COMPANY, SECOND_SECRET);
    let path = "/api/v2/externalUser/A1BKAFZZ3H0H/changeEmail?useExternalCustomerId=false";
    let response = client.put(path, json!({"email": "testChangeEMail@mail.com"}));
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(
        sandbox.customer(COMPANY, "A1BKAFZZ3H0H").unwrap()["email"],
        "testChangeEMail@mail.com"
    );
    // Its own address in another case is fine; another customer's is not.
    assert_eq!(
        client
            .put(path, json!({"email": "TESTchangeemail@mail.com"}))
            .status,
        200
    );
    client
        .put(path, json!({"email": "Customer56202510@example.com"}))
        .assert_error(409);
    client
        .put(path, json!({"email": "broken"}))
        .assert_error(400);
    client.put(path, json!({})).assert_error(400);
    client
        .put(
            "/api/v2/externalUser/nobody/changeEmail",
            json!({"email": "n@mail.com"}),
        )
        .assert_error(404);
    // By external ID.
    let mut body = register_body("before@mail.com");
    body["externalUserId"] = json!(777);
    let id = register(&client, body);
    let by_external = client.put(
        "/api/v2/externalUser/777/changeEmail?useExternalCustomerId=true",
        json!({"email": "after@mail.com"}),
    );
    assert_eq!(by_external.status, 200);
    assert_eq!(
        sandbox.customer(COMPANY, &id).unwrap()["email"],
        "after@mail.com"
    );
}

#[test]
fn import_customer_access_replaces_the_access_ids() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::for_company(&sandbox, COMPANY, SECOND_SECRET);
    let path = "/api/v2/import/customerAccess";
    // The seed: PHP sends the flag as the string "false".
    let response = client.post(
        path,
        json!({"customerId": "A1BKAFZZ3H0H", "useExternalCustomerId": "false", "yourFirstIdentifier": "12345"}),
    );
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(
        sandbox.customer(COMPANY, "A1BKAFZZ3H0H").unwrap()["accessIds"],
        json!(["12345"])
    );
    let all = json!({
        "customerId": "A1BKAFZZ3H0H", "useExternalCustomerId": false,
        "yourFirstIdentifier": "a", "yourSecondIdentifier": "b",
        "yourThirdIdentifier": "c", "yourForthIdentifier": "d",
    });
    assert_eq!(client.post(path, all).status, 200);
    assert_eq!(
        sandbox.customer(COMPANY, "A1BKAFZZ3H0H").unwrap()["accessIds"],
        json!(["a", "b", "c", "d"])
    );
    client
        .post(path, json!({"customerId": "A1BKAFZZ3H0H"}))
        .assert_error(400);
    client
        .post(path, json!({"customerId": "A1BKAFZZ3H0H", "yourFirstIdentifier": "x", "yourSecondIdentifier": ""}))
        .assert_error(400);
    client
        .post(path, json!({"yourFirstIdentifier": "x"}))
        .assert_error(400);
    client
        .post(
            path,
            json!({"customerId": "nobody", "yourFirstIdentifier": "x"}),
        )
        .assert_error(404);
    // By external ID (sent as a number).
    let mut body = register_body("imp@mail.com");
    body["externalUserId"] = json!("99");
    let id = register(&client, body);
    let by_external = client.post(
        path,
        json!({"customerId": 99, "useExternalCustomerId": true, "yourFirstIdentifier": "crm-1"}),
    );
    assert_eq!(by_external.status, 200, "{}", by_external.body);
    assert_eq!(
        sandbox.customer(COMPANY, &id).unwrap()["accessIds"],
        json!(["crm-1"])
    );
}

#[test]
fn add_external_user_id() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::for_company(&sandbox, COMPANY, SECOND_SECRET);
    // The seed.
    let response = client.put(
        "/api/v2/externalUser/56202510/addExternalUserId",
        json!({"externalUserId": "12345"}),
    );
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(
        sandbox.customer(COMPANY, CUSTOMER).unwrap()["externalUserId"],
        "12345"
    );
    client
        .put(
            "/api/v2/externalUser/56202510/addExternalUserId",
            json!({"externalUserId": "other"}),
        )
        .assert_error(409);
    client
        .put(
            "/api/v2/externalUser/A1BKAFZZ3H0H/addExternalUserId",
            json!({"externalUserId": 12345}),
        )
        .assert_error(409);
    let number = client.put(
        "/api/v2/externalUser/A1BKAFZZ3H0H/addExternalUserId",
        json!({"externalUserId": 678}),
    );
    assert_eq!(number.status, 200, "{}", number.body);
    assert_eq!(
        sandbox.customer(COMPANY, "A1BKAFZZ3H0H").unwrap()["externalUserId"],
        "678"
    );
    client
        .put(
            "/api/v2/externalUser/nobody/addExternalUserId",
            json!({"externalUserId": "z"}),
        )
        .assert_error(404);
    client
        .put("/api/v2/externalUser/56202510/addExternalUserId", json!({}))
        .assert_error(400);
}

#[test]
fn has_bought_product_by_any_customer_id() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    let check = |query: &str| client.get(&format!("/api/v2/user/product?{query}"));
    let ok = check(&format!(
        "customerId={CUSTOMER}&productId={PRODUCT}&testMode=false&useExternalCustomerId=false"
    ));
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(
        ok.json(),
        json!({"accessGranted": true, "customerId": CUSTOMER})
    );
    // Any of a comma-separated list.
    assert_eq!(
        check(&format!(
            "customerId={CUSTOMER}&productId={OTHER_PRODUCT},{PRODUCT}"
        ))
        .status,
        200
    );
    assert_eq!(
        check(&format!(
            "customerId={CUSTOMER}&productId={OTHER_PRODUCT}%2C{PRODUCT}"
        ))
        .status,
        200
    );
    check(&format!("customerId={CUSTOMER}&productId={OTHER_PRODUCT}")).assert_error(403);
    check(&format!("customerId=nobody&productId={PRODUCT}")).assert_error(403);
    check(&format!("productId={PRODUCT}")).assert_error(400);
    check(&format!("customerId={CUSTOMER}")).assert_error(400);
    check(&format!("customerId={CUSTOMER}&productId=,")).assert_error(400);

    // Imported access IDs and external IDs find the customer.
    sandbox.add_purchase(COMPANY, "A1BKAFZZ3H0H", OTHER_PRODUCT, true);
    let import = json!({"customerId": "A1BKAFZZ3H0H", "yourFirstIdentifier": "crm 1/x"});
    assert_eq!(
        client.post("/api/v2/import/customerAccess", import).status,
        200
    );
    let by_access = check(&format!(
        "customerId=crm+1%2Fx&productId={OTHER_PRODUCT}&testMode=true"
    ));
    assert_eq!(by_access.status, 200, "{}", by_access.body);
    assert_eq!(by_access.json()["customerId"], "A1BKAFZZ3H0H");
    // ... in its mode only.
    check(&format!(
        "customerId=crm+1%2Fx&productId={OTHER_PRODUCT}&testMode=false"
    ))
    .assert_error(403);
    // An access ID is not an external ID.
    check(&format!(
        "customerId=crm+1%2Fx&productId={OTHER_PRODUCT}&testMode=true&useExternalCustomerId=true"
    ))
    .assert_error(403);
    let put = client.put(
        "/api/v2/externalUser/A1BKAFZZ3H0H/addExternalUserId",
        json!({"externalUserId": "E-1"}),
    );
    assert_eq!(put.status, 200);
    let by_external = check(&format!(
        "customerId=E-1&productId={OTHER_PRODUCT}&testMode=true&useExternalCustomerId=true"
    ));
    assert_eq!(by_external.json()["customerId"], "A1BKAFZZ3H0H");
    check(&format!(
        "customerId=E-1&productId={OTHER_PRODUCT}&testMode=true"
    ))
    .assert_error(403);
}

#[test]
fn change_address_stores_it_on_the_customer() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    assert_eq!(
        sandbox.customer(COMPANY, CUSTOMER).unwrap()["address"],
        Value::Null,
        "no address before one is set"
    );
    let path = format!("/api/v2/user/{CUSTOMER}/address?useExternalCustomerId=false");
    let address = json!({
        "gender": "female", "firstName": "Monika", "name": "Mustermann",
        "street": "Musterstr 7", "additionalAddressInfo": "c/o Hanns Mustermann",
        "postCode": "12345", "city": "Musterstadt", "country": "DE",
    });
    let response = client.put(&path, address);
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(response.json(), json!({}));
    let expected = json!({
        "gender": "FEMALE", "firstName": "Monika", "name": "Mustermann",
        "street": "Musterstr 7", "additionalAddressInfo": "c/o Hanns Mustermann",
        "postCode": "12345", "city": "Musterstadt", "country": "DE",
    });
    assert_eq!(
        sandbox.customer(COMPANY, CUSTOMER).unwrap()["address"],
        expected
    );
    let view = admin(
        &sandbox,
        "GET",
        &format!("/__sandbox/customers/{COMPANY}/{CUSTOMER}"),
        None,
    );
    assert_eq!(view.json()["address"], expected);
    // Only this company's customer has it.
    assert_eq!(
        sandbox.customer(OTHER_COMPANY, CUSTOMER).unwrap()["address"],
        Value::Null
    );

    // A new address replaces the old one; only the gender is required, any case; a
    // post code may be a number.
    let response = client.put(&path, json!({"gender": "Diverse", "postCode": 10115}));
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(
        sandbox.customer(COMPANY, CUSTOMER).unwrap()["address"],
        json!({
            "gender": "DIVERSE", "firstName": null, "name": null, "street": null,
            "additionalAddressInfo": null, "postCode": "10115", "city": null, "country": null,
        })
    );
    let path = format!("/api/v2/user/{CUSTOMER}/address");
    assert_eq!(client.put(&path, json!({"gender": "MALE"})).status, 200);
    assert_eq!(
        sandbox.customer(COMPANY, CUSTOMER).unwrap()["address"]["gender"],
        "MALE"
    );
}

#[test]
fn change_address_by_external_id() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    let mut body = register_body("addr@mail.com");
    body["externalUserId"] = json!("crm-addr");
    let id = register(&client, body);
    let address = json!({"gender": "MALE", "street": "Hauptstr. 1", "country": "AT"});
    let response = client.put(
        "/api/v2/user/crm-addr/address?useExternalCustomerId=true",
        address.clone(),
    );
    assert_eq!(response.status, 200, "{}", response.body);
    let stored = &sandbox.customer(COMPANY, &id).unwrap()["address"];
    assert_eq!(stored["street"], "Hauptstr. 1");
    assert_eq!(stored["country"], "AT");
    // The external ID is no plenigo ID, and the plenigo ID no external ID.
    client
        .put("/api/v2/user/crm-addr/address", address.clone())
        .assert_error(404);
    client
        .put(
            &format!("/api/v2/user/{id}/address?useExternalCustomerId=true"),
            address,
        )
        .assert_error(404);
}

#[test]
fn change_address_rejects_unknown_customers_bad_input_and_bad_tokens() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    client
        .put("/api/v2/user/nobody/address", json!({"gender": "MALE"}))
        .assert_error(404);
    let path = format!("/api/v2/user/{CUSTOMER}/address");
    for bad in [
        json!({}),
        json!({"gender": null}),
        json!({"gender": ""}),
        json!({"gender": "unknown"}),
        json!({"gender": 1}),
        json!({"gender": "MALE", "street": "Hauptstr. 1"}),
        json!({"gender": "MALE", "street": "Hauptstr. 1", "country": ""}),
        json!({"gender": "MALE", "city": ["Berlin"]}),
        json!([{"gender": "MALE"}]),
        json!("MALE"),
    ] {
        client.put(&path, bad).assert_error(400);
    }
    client
        .request("PUT", &path, Some("{\"gender\":"))
        .assert_error(400);
    client
        .put(
            &format!("{path}?useExternalCustomerId=maybe"),
            json!({"gender": "MALE"}),
        )
        .assert_error(400);
    let bad_token = token(COMPANY, "not-the-secret");
    send(
        sandbox.addr(),
        "PUT",
        &path,
        Some(&bad_token),
        Some(r#"{"gender":"MALE"}"#),
    )
    .assert_error(401);
    send(
        sandbox.addr(),
        "PUT",
        &path,
        None,
        Some(r#"{"gender":"MALE"}"#),
    )
    .assert_error(401);
    assert_eq!(
        sandbox.customer(COMPANY, CUSTOMER).unwrap()["address"],
        Value::Null,
        "nothing was stored"
    );
}

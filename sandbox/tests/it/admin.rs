//! The admin API, the journal and the in-process `Sandbox` handle.

use std::thread;

use plenigo_sandbox::{CompanySpec, CustomerSpec, Fixture, PurchaseSpec, Sandbox, SandboxOptions};
use serde_json::{json, Value};

use crate::common::*;

#[test]
fn companies_and_purchases_over_http() {
    let sandbox = Sandbox::start().unwrap();
    let added = admin(
        &sandbox,
        "POST",
        "/__sandbox/companies",
        Some(json!({"companyId": "NewCo", "secrets": ["s1", "s2"], "products": ["P1"]})),
    );
    assert_eq!(added.status, 200, "{}", added.body);
    let purchase =
        json!({"companyId": "NewCo", "customerId": "c/1", "productId": "P1", "testMode": "true"});
    assert_eq!(
        admin(&sandbox, "POST", "/__sandbox/purchases", Some(purchase)).status,
        200
    );
    let view = admin(&sandbox, "GET", "/__sandbox/customers/NewCo/c%2F1", None);
    assert_eq!(view.status, 200, "{}", view.body);
    assert_eq!(
        view.json(),
        json!({
            "customerId": "c/1", "email": "customerc/1@example.com", "language": "en",
            "firstName": null, "name": null, "externalUserId": null, "accessIds": [],
            "address": null,
            "purchases": {"live": [], "test": ["P1"]}, "apps": {"live": [], "test": []},
        })
    );
    // The new company's secrets work, and it defaults to a closed user group.
    let client = Client::for_company(&sandbox, "NewCo", "s2");
    let registered = client.post(
        "/api/v2/externalUser/register",
        json!({"email": "n@co.de", "language": "de"}),
    );
    assert_eq!(registered.status, 200, "{}", registered.body);
    let token = client.post(
        "/api/v2/access/app/token/c%2F1",
        json!({"testMode": true, "productId": "P1", "description": "d"}),
    );
    assert_eq!(token.status, 200, "{}", token.body);

    admin(&sandbox, "GET", "/__sandbox/customers/NewCo/nobody", None).assert_error(404);
    admin(
        &sandbox,
        "POST",
        "/__sandbox/companies",
        Some(json!({"companyId": "X"})),
    )
    .assert_error(400);
    admin(
        &sandbox,
        "POST",
        "/__sandbox/companies",
        Some(json!({"companyId": "X", "secrets": ["s"], "bogus": 1})),
    )
    .assert_error(400);
    let unknown = json!({"companyId": "Nope", "customerId": "1", "productId": "P1"});
    admin(&sandbox, "POST", "/__sandbox/purchases", Some(unknown)).assert_error(404);
}

#[test]
fn login_token_admin_views_and_redeem() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    let token = client
        .request(
            "POST",
            "/api/v2/externalUser/56202510/createLoginToken",
            None,
        )
        .json()["loginToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let view = admin(
        &sandbox,
        "GET",
        &format!("/__sandbox/login-tokens/{token}"),
        None,
    );
    assert_eq!(view.status, 200);
    assert_eq!(Some(view.json()), sandbox.login_token(&token));
    let redeem = format!("/__sandbox/login-tokens/{token}/redeem");
    assert_eq!(admin(&sandbox, "POST", &redeem, None).status, 200);
    admin(&sandbox, "POST", &redeem, None).assert_error(409);
    assert_eq!(sandbox.login_token(&token).unwrap()["redeemed"], true);
    admin(&sandbox, "GET", "/__sandbox/login-tokens/unknown", None).assert_error(404);
    admin(
        &sandbox,
        "POST",
        "/__sandbox/login-tokens/unknown/redeem",
        None,
    )
    .assert_error(404);
    assert!(sandbox.login_token("unknown").is_none());

    // The clock endpoint expires a fresh token.
    let fresh = client
        .request(
            "POST",
            "/api/v2/externalUser/56202510/createLoginToken",
            None,
        )
        .json()["loginToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let clock = admin(
        &sandbox,
        "POST",
        "/__sandbox/clock",
        Some(json!({"advanceSeconds": 301})),
    );
    assert_eq!(clock.status, 200);
    assert!(clock.json()["now"].as_i64().unwrap() >= unix_now() + 300);
    assert_eq!(sandbox.login_token(&fresh).unwrap()["expired"], true);
    admin(
        &sandbox,
        "POST",
        &format!("/__sandbox/login-tokens/{fresh}/redeem"),
        None,
    )
    .assert_error(410);
    // The domain clock does not touch JWT checks.
    assert_eq!(client.get("/api/v2/access/app/56202510").status, 200);
}

#[test]
fn journal_records_api_requests_as_received() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    client.get("/api/v2/access/app/a%2Fb?testMode=true");
    let body = r#"{"productId":"RgKUHT78563989856641","description":"d"}"#;
    client.request("POST", "/api/v2/access/app/token/56202510", Some(body));
    send(sandbox.addr(), "GET", "/api/v2/user/product", None, None);
    admin(&sandbox, "GET", "/__sandbox/journal", None);

    let journal = sandbox.journal();
    assert_eq!(journal.len(), 3, "{journal:?}");
    assert_eq!(journal[0].method, "GET");
    assert_eq!(journal[0].path, "/api/v2/access/app/a%2Fb");
    assert_eq!(journal[0].query, "testMode=true");
    assert_eq!(journal[0].body, "");
    assert_eq!(journal[0].status, 200);
    let claims = journal[0].claims.as_ref().unwrap();
    assert_eq!(claims["companyId"], COMPANY);
    assert_eq!(claims["aud"], "plenigo");
    assert_eq!(journal[1].method, "POST");
    assert_eq!(journal[1].query, "");
    assert_eq!(journal[1].body, body);
    assert_eq!(journal[1].status, 200);
    assert_eq!(journal[2].claims, None);
    assert_eq!(journal[2].status, 401);

    let over_http = admin(&sandbox, "GET", "/__sandbox/journal", None).json();
    assert_eq!(over_http, serde_json::to_value(&journal).unwrap());
    assert_eq!(over_http[0]["claims"]["companyId"], COMPANY);
    assert_eq!(over_http[2]["claims"], Value::Null);
    // The secret never shows up, the token is not stored.
    assert!(!over_http.to_string().contains(SECRET));
    assert!(!over_http.to_string().contains("plenigoToken"));

    assert_eq!(
        admin(&sandbox, "DELETE", "/__sandbox/journal", None).status,
        200
    );
    assert!(sandbox.journal().is_empty());
    client.get("/api/v2/access/app/1");
    assert_eq!(sandbox.journal().len(), 1);
    sandbox.clear_journal();
    assert!(sandbox.journal().is_empty());
}

#[test]
fn reset_restores_the_fixture_and_clears_everything() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    let token = token(COMPANY, SECRET);
    assert_eq!(
        send(
            sandbox.addr(),
            "GET",
            "/api/v2/access/app/1",
            Some(&token),
            None
        )
        .status,
        200
    );
    assert_eq!(
        client
            .delete(&format!("/api/v2/access/app/{CUSTOMER}/{APP_ID}"))
            .status,
        200
    );
    let id = client
        .post(
            "/api/v2/externalUser/register",
            json!({"email": "r@mail.com", "language": "en"}),
        )
        .json()["customerId"]
        .as_str()
        .unwrap()
        .to_owned();
    sandbox.advance_clock(1000);
    sandbox.inject(plenigo_sandbox::Fault {
        status: Some(500),
        count: Some(5),
        ..Default::default()
    });

    assert_eq!(
        admin(&sandbox, "POST", "/__sandbox/reset", None).status,
        200
    );
    assert!(sandbox.journal().is_empty());
    assert!(sandbox.customer(COMPANY, &id).is_none());
    let apps = client.get(&format!("/api/v2/access/app/{CUSTOMER}"));
    assert_eq!(apps.status, 200, "the fault was cleared");
    assert_eq!(apps.json()["apps"][0]["customerAppId"], APP_ID);
    // The replay cache was cleared: the same token passes again.
    assert_eq!(
        send(
            sandbox.addr(),
            "GET",
            "/api/v2/access/app/1",
            Some(&token),
            None
        )
        .status,
        200
    );
    // The clock is back: a new login token is not expired.
    let login = client
        .request(
            "POST",
            "/api/v2/externalUser/56202510/createLoginToken",
            None,
        )
        .json();
    assert_eq!(
        sandbox
            .login_token(login["loginToken"].as_str().unwrap())
            .unwrap()["expired"],
        false
    );

    sandbox.add_purchase(COMPANY, "temp", PRODUCT, false);
    sandbox.reset();
    assert!(sandbox.customer(COMPANY, "temp").is_none());
}

#[test]
fn payment_data_verification() {
    let sandbox = Sandbox::start().unwrap();
    let claims = json!({"pi": PRODUCT, "pr": 1.99, "cu": "EUR", "aud": "plenigo"});
    let payment_data = sign(&json!({"alg": "HS256"}), &claims, SECOND_SECRET, false);
    let body = json!({"companyId": COMPANY, "paymentData": payment_data});
    let ok = admin(
        &sandbox,
        "POST",
        "/__sandbox/payment-data/verify",
        Some(body),
    );
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.json()["claims"], claims);
    assert_eq!(
        sandbox.verify_payment_data(COMPANY, &payment_data).unwrap(),
        claims
    );
    // 12Nu does not have that secret.
    let body = json!({"companyId": OTHER_COMPANY, "paymentData": payment_data});
    admin(
        &sandbox,
        "POST",
        "/__sandbox/payment-data/verify",
        Some(body),
    )
    .assert_error(400);
    assert!(sandbox
        .verify_payment_data(OTHER_COMPANY, &payment_data)
        .is_err());
    let body = json!({"companyId": "Nope", "paymentData": payment_data});
    admin(
        &sandbox,
        "POST",
        "/__sandbox/payment-data/verify",
        Some(body),
    )
    .assert_error(404);
}

#[test]
fn admin_errors_are_json() {
    let sandbox = Sandbox::start().unwrap();
    admin(&sandbox, "GET", "/__sandbox/nothing", None).assert_error(404);
    admin(&sandbox, "GET", "/__sandbox/reset", None).assert_error(405);
    admin(
        &sandbox,
        "POST",
        "/__sandbox/clock",
        Some(json!({"advanceSeconds": -1})),
    )
    .assert_error(400);
    admin(
        &sandbox,
        "POST",
        "/__sandbox/faults",
        Some(json!({"status": 1000})),
    )
    .assert_error(400);
    admin(
        &sandbox,
        "POST",
        "/__sandbox/faults",
        Some(json!({"stauts": 500})),
    )
    .assert_error(400);
}

#[test]
fn start_with_a_custom_fixture() {
    let fixture = Fixture {
        companies: vec![CompanySpec {
            company_id: "OnlyCo".into(),
            secrets: vec!["only".into()],
            products: vec!["P".into()],
            customers: vec![CustomerSpec {
                customer_id: "7".into(),
                purchases: vec![PurchaseSpec {
                    product_id: "P".into(),
                    test_mode: Some(true),
                }],
                ..Default::default()
            }],
            ..Default::default()
        }],
    };
    let sandbox = Sandbox::start_with(SandboxOptions {
        fixture: Some(fixture),
        ..Default::default()
    })
    .unwrap();
    let client = Client::for_company(&sandbox, "OnlyCo", "only");
    assert_eq!(
        client
            .get("/api/v2/user/product?customerId=7&productId=P&testMode=true")
            .status,
        200
    );
    client
        .get("/api/v2/user/product?customerId=7&productId=P")
        .assert_error(403);
    Client::new(&sandbox)
        .get("/api/v2/access/app/1")
        .assert_error(401);

    let bad = Fixture {
        companies: vec![CompanySpec::default()],
    };
    let error = Sandbox::start_with(SandboxOptions {
        fixture: Some(bad),
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::InvalidData);
}

#[test]
fn many_sandboxes_start_at_once_from_plain_threads() {
    let handles: Vec<_> = (0..8)
        .map(|_| {
            thread::spawn(|| {
                let sandbox = Sandbox::start().unwrap();
                assert!(sandbox.url().starts_with("http://127.0.0.1:"));
                assert_eq!(sandbox.url(), format!("http://{}", sandbox.addr()));
                let response = Client::new(&sandbox).get("/api/v2/access/app/56202510");
                assert_eq!(response.status, 200);
                sandbox.addr().port()
            })
        })
        .collect();
    let mut ports: Vec<u16> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    ports.sort_unstable();
    ports.dedup();
    assert_eq!(ports.len(), 8);
}

#[test]
fn dropping_the_sandbox_stops_the_server() {
    let sandbox = Sandbox::start().unwrap();
    let addr = sandbox.addr();
    assert_eq!(
        Client::new(&sandbox).get("/api/v2/access/app/1").status,
        200
    );
    drop(sandbox);
    assert!(std::net::TcpStream::connect(addr).is_err());
}

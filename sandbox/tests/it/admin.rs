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
    assert_eq!(
        over_http[2]["reason"], "missing plenigoToken header",
        "{over_http}"
    );
    // The secret never shows up, the token is not stored (a JWT starts `eyJ`, `{"`).
    assert!(!over_http.to_string().contains(SECRET));
    assert!(!over_http.to_string().contains("eyJ"));

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

#[test]
fn the_state_dump_shows_holdings_and_login_tokens_but_no_secret() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    let login = client.post(
        "/api/v2/externalUser/56202510/createLoginToken?useExternalCustomerId=false",
        json!({}),
    );
    let token = login.json()["loginToken"].as_str().unwrap().to_owned();
    let added = admin(
        &sandbox,
        "POST",
        "/__sandbox/products",
        Some(json!({"companyId": COMPANY, "productId": "Extra"})),
    );
    assert_eq!(added.status, 200, "{}", added.body);
    admin(
        &sandbox,
        "POST",
        "/__sandbox/products",
        Some(json!({"companyId": "Nope", "productId": "Extra"})),
    )
    .assert_error(404);
    admin(
        &sandbox,
        "POST",
        "/__sandbox/products",
        Some(json!({"companyId": COMPANY, "productId": ""})),
    )
    .assert_error(400);
    admin(
        &sandbox,
        "POST",
        "/__sandbox/clock",
        Some(json!({"advanceSeconds": 60})),
    );

    let dump = admin(&sandbox, "GET", "/__sandbox/state", None);
    assert_eq!(dump.status, 200);
    assert!(!dump.body.contains(SECRET) && !dump.body.contains(SECOND_SECRET));
    let dump = dump.json();
    assert_eq!(dump["clockOffsetSeconds"], 60);
    let company = dump["companies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["companyId"] == COMPANY)
        .unwrap();
    assert_eq!(company["secretCount"], 2);
    assert_eq!(company["closedUserGroup"], true);
    assert_eq!(
        company["products"],
        json!(["EgLUrT56328991046641", "Extra", "RgKUHT78563989856641"])
    );
    let customer = &company["customers"][0];
    assert_eq!(customer["customerId"], CUSTOMER);
    assert_eq!(customer["purchases"]["test"], json!([PRODUCT]));
    assert_eq!(customer["apps"]["live"][0]["customerAppId"], APP_ID);
    assert_eq!(customer["appTokens"]["test"][0]["token"], APP_TOKEN);
    let login = &company["loginTokens"][0];
    assert_eq!(login["token"], token.as_str());
    assert_eq!(login["customerId"], CUSTOMER);
    assert_eq!(login["redeemed"], false);
    let left = login["secondsLeft"].as_u64().unwrap();
    assert!((239..=240).contains(&left), "{left}");
}

#[test]
fn journal_entries_are_numbered_timed_and_say_why_a_token_was_refused() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    let before = unix_now() * 1000;
    client.get("/api/v2/access/app/56202510");
    let forged = Client::for_company(&sandbox, COMPANY, "not-the-secret");
    forged.get("/api/v2/access/app/56202510").assert_error(401);
    let mut expired = claims(COMPANY);
    expired["exp"] = json!(unix_now() - 100);
    let expired = sign(&json!({"alg": "HS256"}), &expired, SECRET, false);
    send(
        sandbox.addr(),
        "GET",
        "/api/v2/access/app/56202510",
        Some(&expired),
        None,
    );
    let journal = sandbox.journal();
    let ids: Vec<u64> = journal.iter().map(|e| e.id).collect();
    assert_eq!(ids, [1, 2, 3]);
    assert!(journal[0].received_at_ms >= before as u64);
    assert!(journal[0].latency_ms >= 0.0);
    assert_eq!(journal[0].reason, None);
    assert_eq!(
        journal[1].reason.as_deref(),
        Some("invalid token signature")
    );
    assert_eq!(journal[2].reason.as_deref(), Some("token expired"));

    // Over HTTP: camelCase, and `after` leaves out the entries up to it.
    let after = admin(&sandbox, "GET", "/__sandbox/journal?after=1", None).json();
    assert_eq!(after.as_array().unwrap().len(), 2);
    assert_eq!(after[0]["id"], 2);
    assert_eq!(after[0]["reason"], "invalid token signature");
    assert!(after[0]["latencyMs"].is_number() && after[0]["receivedAtMs"].is_number());
    admin(&sandbox, "GET", "/__sandbox/journal?after=x", None).assert_error(400);
    // Numbering goes on after a clear.
    admin(&sandbox, "DELETE", "/__sandbox/journal", None);
    client.get("/api/v2/access/app/56202510");
    assert_eq!(sandbox.journal()[0].id, 4);
}

#[test]
fn a_journal_reader_waits_for_the_next_request() {
    let sandbox = Sandbox::start().unwrap();
    client_call(&sandbox);
    // Nothing after entry 1 within a second: an empty list.
    let empty = admin(&sandbox, "GET", "/__sandbox/journal?after=1&wait=1", None);
    assert_eq!(empty.json(), json!([]));
    // A reader waiting (up to 30 s) gets the next request as soon as it is journaled;
    // whether it starts waiting before or after the request, it answers with entry 2.
    let addr = sandbox.addr();
    let reader = thread::spawn(move || {
        send(
            addr,
            "GET",
            "/__sandbox/journal?after=1&wait=30",
            None,
            None,
        )
    });
    client_call(&sandbox);
    let answer = reader.join().unwrap().json();
    assert_eq!(answer.as_array().unwrap().len(), 1, "{answer}");
    assert_eq!(answer[0]["id"], 2);
}

/// One API request that succeeds.
fn client_call(sandbox: &Sandbox) {
    let response = Client::new(sandbox).get("/api/v2/access/app/56202510");
    assert_eq!(response.status, 200);
}

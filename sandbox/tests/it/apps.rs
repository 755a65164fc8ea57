//! App Management endpoints, modes, lenient input and path handling.

use std::time::Duration;

use plenigo_sandbox::{CompanySpec, Sandbox};
use serde_json::json;

use crate::common::*;

fn token_path(customer: &str) -> String {
    format!("/api/v2/access/app/token/{customer}")
}

fn app_path(customer: &str) -> String {
    format!("/api/v2/access/app/{customer}")
}

#[test]
fn seed_workflow_token_app_check_list_delete() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    let token = client.post(
        &token_path(CUSTOMER),
        json!({"testMode": "false", "productId": PRODUCT, "description": "test"}),
    );
    assert_eq!(token.status, 200, "{}", token.body);
    let token = token.json();
    assert_eq!(token["customerId"], CUSTOMER);
    assert_eq!(token["description"], "test");
    let token = token["token"].as_str().unwrap().to_owned();
    assert!(
        token.len() == 10 && token.chars().all(|c| c.is_ascii_digit()),
        "{token}"
    );

    let app = client.post(
        &app_path(CUSTOMER),
        json!({"testMode": "false", "accessToken": token}),
    );
    assert_eq!(app.status, 200, "{}", app.body);
    let app = app.json();
    assert_eq!(app["customerId"], CUSTOMER);
    assert_eq!(app["productId"], PRODUCT);
    assert_eq!(app["description"], "test");
    let app_id = app["customerAppId"].as_str().unwrap().to_owned();
    assert!(app_id.len() == 40 && app_id.chars().all(|c| c.is_ascii_alphanumeric()));

    // Single use.
    client
        .post(
            &app_path(CUSTOMER),
            json!({"testMode": "false", "accessToken": token}),
        )
        .assert_error(403);

    let check = |app: &str| {
        client.get(&format!(
            "/api/v2/access/app/{CUSTOMER}/{PRODUCT}/{app}?testMode=false"
        ))
    };
    let bought = check(&app_id);
    assert_eq!(bought.status, 200);
    assert_eq!(bought.json(), json!({"accessGranted": true}));
    assert_eq!(check(APP_ID).status, 200);

    let apps = client.get(&format!("{}?testMode=false", app_path(CUSTOMER)));
    assert_eq!(apps.status, 200);
    let ids: Vec<String> = apps.json()["apps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            assert_eq!(a["customerId"], CUSTOMER);
            assert_eq!(a["productId"], PRODUCT);
            a["customerAppId"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(ids, vec![APP_ID.to_owned(), app_id.clone()]);

    let delete = client.delete(&format!(
        "/api/v2/access/app/{CUSTOMER}/{app_id}?testMode=false"
    ));
    assert_eq!(delete.status, 200, "{}", delete.body);
    client
        .delete(&format!(
            "/api/v2/access/app/{CUSTOMER}/{app_id}?testMode=false"
        ))
        .assert_error(404);
    check(&app_id).assert_error(403);
}

#[test]
fn the_fixture_token_and_app_exist_in_both_modes() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    for mode in ["false", "true"] {
        let app = client.post(
            &app_path(CUSTOMER),
            json!({"testMode": mode, "accessToken": APP_TOKEN}),
        );
        assert_eq!(app.status, 200, "mode {mode}: {}", app.body);
        let check = client.get(&format!(
            "/api/v2/access/app/{CUSTOMER}/{PRODUCT}/{APP_ID}?testMode={mode}"
        ));
        assert_eq!(check.status, 200);
    }
    // The seed's customer apps request with the other company works too (empty list).
    let other = Client::for_company(&sandbox, OTHER_COMPANY, SECRET);
    let apps = other.get(&app_path(CUSTOMER));
    assert_eq!(apps.json(), json!({"apps": []}));
}

#[test]
fn request_token_errors() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    let path = token_path(CUSTOMER);
    client
        .post(&path, json!({"description": "d"}))
        .assert_error(400);
    client
        .post(&path, json!({"productId": PRODUCT}))
        .assert_error(400);
    client
        .post(&path, json!({"productId": "", "description": "d"}))
        .assert_error(400);
    client.request("POST", &path, None).assert_error(400);
    client
        .request("POST", &path, Some("{not json"))
        .assert_error(400);
    client
        .post(
            &token_path("99999999"),
            json!({"productId": PRODUCT, "description": "d"}),
        )
        .assert_error(412);
    client
        .post(
            &path,
            json!({"productId": OTHER_PRODUCT, "description": "d"}),
        )
        .assert_error(412);
    // Bought in test mode only: not bought in live mode.
    sandbox.add_purchase(COMPANY, CUSTOMER, OTHER_PRODUCT, true);
    client
        .post(
            &path,
            json!({"testMode": false, "productId": OTHER_PRODUCT, "description": "d"}),
        )
        .assert_error(412);
    let ok = client.post(
        &path,
        json!({"testMode": true, "productId": OTHER_PRODUCT, "description": "d"}),
    );
    assert_eq!(ok.status, 200, "{}", ok.body);
}

#[test]
fn request_app_id_errors() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    sandbox.add_purchase(COMPANY, "11112222", PRODUCT, false);
    let theirs = client.post(
        &token_path("11112222"),
        json!({"productId": PRODUCT, "description": "d"}),
    );
    let theirs = theirs.json()["token"].as_str().unwrap().to_owned();
    let path = app_path(CUSTOMER);
    client
        .post(&path, json!({"accessToken": "0000000000"}))
        .assert_error(403);
    client
        .post(&path, json!({"accessToken": theirs}))
        .assert_error(403);
    client
        .post(&path, json!({"testMode": true, "accessToken": theirs}))
        .assert_error(403);
    client
        .post(&app_path("unknown"), json!({"accessToken": APP_TOKEN}))
        .assert_error(403);
    client.post(&path, json!({})).assert_error(400);
    client
        .post(&path, json!({"accessToken": ""}))
        .assert_error(400);
    // The rightful owner still can, once.
    let ok = client.post(&app_path("11112222"), json!({"accessToken": theirs}));
    assert_eq!(ok.status, 200, "{}", ok.body);
}

#[test]
fn parallel_app_limit_is_423() {
    let sandbox = Sandbox::start().unwrap();
    sandbox.add_company(CompanySpec {
        company_id: "LimitedCo".into(),
        secrets: vec!["limited-secret".into()],
        max_parallel_app_accesses: 1,
        ..Default::default()
    });
    sandbox.add_purchase("LimitedCo", "1", PRODUCT, false);
    let client = Client::for_company(&sandbox, "LimitedCo", "limited-secret");
    let body = json!({"productId": PRODUCT, "description": "d"});
    let first = client.post(&token_path("1"), body.clone()).json()["token"].clone();
    let second = client.post(&token_path("1"), body.clone()).json()["token"].clone();
    assert_eq!(
        client
            .post(&app_path("1"), json!({"accessToken": first}))
            .status,
        200
    );
    client
        .post(&app_path("1"), json!({"accessToken": second}))
        .assert_error(423);
    client
        .post(&token_path("1"), body.clone())
        .assert_error(423);
    // The limit is per mode.
    sandbox.add_purchase("LimitedCo", "1", PRODUCT, true);
    let test_body = json!({"testMode": "true", "productId": PRODUCT, "description": "d"});
    assert_eq!(client.post(&token_path("1"), test_body).status, 200);
    // Deleting an app frees a slot; the refused token was not consumed.
    let apps = client.get(&app_path("1")).json();
    let app_id = apps["apps"][0]["customerAppId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        client
            .delete(&format!("/api/v2/access/app/1/{app_id}"))
            .status,
        200
    );
    assert_eq!(
        client
            .post(&app_path("1"), json!({"accessToken": second}))
            .status,
        200
    );
}

#[test]
fn test_and_live_mode_are_separate() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    let token = client
        .post(
            &token_path(CUSTOMER),
            json!({"testMode": true, "productId": PRODUCT, "description": "t"}),
        )
        .json()["token"]
        .clone();
    // The test-mode token is unknown in live mode.
    client
        .post(
            &app_path(CUSTOMER),
            json!({"testMode": false, "accessToken": token}),
        )
        .assert_error(403);
    let app = client.post(
        &app_path(CUSTOMER),
        json!({"testMode": "true", "accessToken": token}),
    );
    let app_id = app.json()["customerAppId"].as_str().unwrap().to_owned();
    let check = |mode: &str| {
        client
            .get(&format!(
                "/api/v2/access/app/{CUSTOMER}/{PRODUCT}/{app_id}?testMode={mode}"
            ))
            .status
    };
    assert_eq!(check("true"), 200);
    assert_eq!(check("false"), 403);
    let count = |mode: &str| {
        client
            .get(&format!("{}?testMode={mode}", app_path(CUSTOMER)))
            .json()["apps"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(count("true"), 2);
    assert_eq!(count("false"), 1);
    // Absent testMode means live.
    assert_eq!(
        client.get(&app_path(CUSTOMER)).json()["apps"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    client
        .delete(&format!(
            "/api/v2/access/app/{CUSTOMER}/{app_id}?testMode=false"
        ))
        .assert_error(404);
    assert_eq!(
        client
            .delete(&format!(
                "/api/v2/access/app/{CUSTOMER}/{app_id}?testMode=true"
            ))
            .status,
        200
    );
    client
        .get(&format!("{}?testMode=maybe", app_path(CUSTOMER)))
        .assert_error(400);
}

#[test]
fn has_user_bought_needs_app_product_and_purchase() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    let check = |customer: &str, product: &str, app: &str| {
        client
            .get(&format!("/api/v2/access/app/{customer}/{product}/{app}"))
            .status
    };
    assert_eq!(check(CUSTOMER, PRODUCT, APP_ID), 200);
    assert_eq!(check(CUSTOMER, OTHER_PRODUCT, APP_ID), 403);
    assert_eq!(check(CUSTOMER, PRODUCT, "unknownapp"), 403);
    assert_eq!(check("A1BKAFZZ3H0H", PRODUCT, APP_ID), 403);
    assert_eq!(check("nobody", PRODUCT, APP_ID), 403);
}

#[test]
fn lenient_bodies_chunked_empty_and_without_content_type() {
    let sandbox = Sandbox::start().unwrap();
    let addr = sandbox.addr();
    let body = format!(r#"{{"testMode":"false","productId":"{PRODUCT}","description":"chunked"}}"#);
    let (first, second) = body.split_at(10);
    let chunked = format!(
        "POST /api/v2/access/app/token/{CUSTOMER} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nplenigoToken: {}\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{first}\r\n{:x}\r\n{second}\r\n0\r\n\r\n",
        token(COMPANY, SECRET),
        first.len(),
        second.len()
    );
    let response = parse(&send_raw(addr, chunked.as_bytes(), Duration::from_secs(10)).unwrap());
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(response.json()["description"], "chunked");

    let plain = format!(
        "POST /api/v2/access/app/{CUSTOMER} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nplenigoToken: {}\r\nContent-Length: {}\r\n\r\n{}",
        token(COMPANY, SECRET),
        json!({"accessToken": APP_TOKEN}).to_string().len(),
        json!({"accessToken": APP_TOKEN})
    );
    let response = parse(&send_raw(addr, plain.as_bytes(), Duration::from_secs(10)).unwrap());
    assert_eq!(response.status, 200, "{}", response.body);

    // An empty POST without Content-Length is read as {} (here: accessToken missing).
    let empty = format!(
        "POST /api/v2/access/app/{CUSTOMER} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nplenigoToken: {}\r\n\r\n",
        token(COMPANY, SECRET)
    );
    parse(&send_raw(addr, empty.as_bytes(), Duration::from_secs(10)).unwrap()).assert_error(400);
}

#[test]
fn percent_encoded_slash_stays_in_one_id() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    sandbox.add_purchase(COMPANY, "a/b", PRODUCT, false);
    let token = client.post(
        "/api/v2/access/app/token/a%2Fb",
        json!({"productId": PRODUCT, "description": "d"}),
    );
    assert_eq!(token.status, 200, "{}", token.body);
    assert_eq!(token.json()["customerId"], "a/b");
    let app = client.post(
        "/api/v2/access/app/a%2Fb",
        json!({"accessToken": token.json()["token"]}),
    );
    assert_eq!(app.status, 200, "{}", app.body);
    let app_id = app.json()["customerAppId"].as_str().unwrap().to_owned();
    let apps = client.get("/api/v2/access/app/a%2Fb");
    assert_eq!(apps.json()["apps"][0]["customerId"], "a/b");
    // Three raw segments: the access check, not the two-segment DELETE route.
    let check = client.get(&format!("/api/v2/access/app/a%2Fb/{PRODUCT}/{app_id}"));
    assert_eq!(check.status, 200, "{}", check.body);
    // Decoded once: %252F is the three characters "%2F", another customer.
    assert_eq!(
        client.get("/api/v2/access/app/a%252Fb").json(),
        json!({"apps": []})
    );
    // An unencoded slash is a separator: a%2Fb vs a/b hit different routes.
    client
        .request("PATCH", "/api/v2/access/app/a/b", None)
        .assert_error(405);
}

#[test]
fn dot_segments_and_empty_ids_are_400() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    for path in [
        "/api/v2/access/app/..",
        "/api/v2/access/app/.",
        "/api/v2/access/app/%2E%2E",
        "/api/v2/access/app/%2e",
        "/api/v2/access/app/56202510/%2E%2E/x",
    ] {
        client.get(path).assert_error(400);
    }
    client
        .post(
            "/api/v2/access/app/token/..",
            json!({"productId": PRODUCT, "description": "d"}),
        )
        .assert_error(400);
    client
        .post(
            "/api/v2/access/app/token/",
            json!({"productId": PRODUCT, "description": "d"}),
        )
        .assert_error(400);
    client.get("/api/v2/access/app/%FF").assert_error(400);
}

#[test]
fn unknown_routes_are_404_and_wrong_methods_405() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    client.get("/api/v2/nothing/here").assert_error(404);
    client.get("/").assert_error(404);
    client
        .delete("/api/v2/access/app/token/56202510")
        .assert_error(405);
    client
        .request("PATCH", "/api/v2/externalUser/register", None)
        .assert_error(405);
    client
        .get("/api/v2/import/customerAccess")
        .assert_error(405);
}

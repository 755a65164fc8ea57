//! The checkout stand-in: the SDK script, the overlay page (`POST /__sandbox/checkout`)
//! and "Buy" (`POST /__sandbox/checkout/buy`), over raw HTTP as the browser sends them.

use plenigo_sandbox::Sandbox;
use serde_json::{json, Value};

use crate::common::*;

/// The checkout `paymentData` the core signs for the seeds' product, in test mode.
fn payment_claims() -> Value {
    json!({"pi": OTHER_PRODUCT, "ti": "Special offer", "pr": 12.99, "cu": "EUR",
           "pt": "DIGITALPRODUCT", "ts": true, "aud": "plenigo"})
}

fn payment_data(claims: &Value, secret: &str) -> String {
    sign(
        &json!({"alg": "HS256", "typ": "JWT"}),
        claims,
        secret,
        false,
    )
}

/// `application/x-www-form-urlencoded`, every byte but letters and digits escaped.
fn form(fields: &[(&str, &str)]) -> String {
    let encode = |text: &str| -> String {
        text.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    };
    fields
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// POSTs a form as the overlay's `<form>` does.
fn post_form(sandbox: &Sandbox, path: &str, fields: &[(&str, &str)]) -> Response {
    let body = form(fields);
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: sandbox\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let raw = send_raw(
        sandbox.addr(),
        request.as_bytes(),
        std::time::Duration::from_secs(10),
    )
    .unwrap();
    parse(&raw)
}

/// Registers a customer (by API) and creates a login token for them.
fn customer_with_login_token(client: &Client, email: &str) -> (String, String) {
    let registered = client.post(
        "/api/v2/externalUser/register",
        json!({"email": email, "language": "en", "withPasswordReset": false,
               "failByExistingEmail": false}),
    );
    assert_eq!(registered.status, 200, "{}", registered.body);
    let customer = registered.json()["customerId"].as_str().unwrap().to_owned();
    let created = client.post(
        &format!("/api/v2/externalUser/{customer}/createLoginToken"),
        json!({}),
    );
    assert_eq!(created.status, 200, "{}", created.body);
    let token = created.json()["loginToken"].as_str().unwrap().to_owned();
    (customer, token)
}

/// The overlay request the stand-in SDK sends for `checkoutWithRemoteLogin`.
fn open_checkout(sandbox: &Sandbox, company: &str, payment: &str, token: &str) -> Response {
    post_form(
        sandbox,
        "/__sandbox/checkout",
        &[
            ("companyId", company),
            ("function", "checkoutWithRemoteLogin"),
            ("startWithRegistration", "false"),
            ("paymentData", payment),
            ("loginToken", token),
        ],
    )
}

/// The value of `name="checkoutId"` on an overlay page.
fn checkout_id(page: &str) -> String {
    let start = page
        .find("name=\"checkoutId\" value=\"")
        .unwrap_or_else(|| panic!("no checkout ID in {page}"))
        + "name=\"checkoutId\" value=\"".len();
    page[start..start + page[start..].find('"').unwrap()].to_owned()
}

fn has_bought(client: &Client, customer: &str, test_mode: bool) -> u16 {
    client
        .get(&format!(
            "/api/v2/user/product?customerId={customer}&productId={OTHER_PRODUCT}&testMode={test_mode}"
        ))
        .status
}

/// Asserts an HTML error page with its status and `data-reason`.
fn assert_error_page(response: &Response, status: u16, reason: &str) {
    assert_eq!(response.status, status, "{}", response.body);
    assert_eq!(
        response.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        response.body.contains(&format!(
            "id=\"plenigo-error\" class=\"error\" data-reason=\"{reason}\""
        )),
        "{}",
        response.body
    );
}

#[test]
fn the_sdk_script_is_served_at_plenigos_path_and_not_journaled() {
    let sandbox = Sandbox::start().unwrap();
    let response = send(
        sandbox.addr(),
        "GET",
        &format!("/static_resources/javascript/{COMPANY}/plenigo_sdk.min.js"),
        None,
        None,
    );
    assert_eq!(response.status, 200);
    assert_eq!(
        response.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    for part in [
        "window.plenigo",
        "checkoutWithRemoteLogin:",
        "checkout:",
        "document.currentScript",
        "\"/__sandbox/checkout\"",
        "plenigo-checkout-frame",
    ] {
        assert!(response.body.contains(part), "{part} missing");
    }
    assert!(sandbox.journal().is_empty());
}

#[test]
fn a_good_checkout_shows_the_customer_and_buy_records_the_purchase() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    let (customer, token) = customer_with_login_token(&client, "buyer@example.com");
    let payment = payment_data(&payment_claims(), SECRET);
    assert_eq!(has_bought(&client, &customer, true), 403);

    let overlay = open_checkout(&sandbox, COMPANY, &payment, &token);
    assert_eq!(overlay.status, 200, "{}", overlay.body);
    assert_eq!(
        overlay.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let page = &overlay.body;
    for part in [
        format!("id=\"plenigo-customer\" data-customer-id=\"{customer}\""),
        format!("<span id=\"plenigo-customer-id\">{customer}</span>"),
        "<span id=\"plenigo-customer-email\">buyer@example.com</span>".into(),
        format!("<span id=\"plenigo-product-id\">{OTHER_PRODUCT}</span>"),
        "<h1 id=\"plenigo-product-title\">Special offer</h1>".into(),
        "<span id=\"plenigo-price\">12.99 EUR</span>".into(),
        "data-mode=\"test\">Test mode".into(),
        "<button id=\"plenigo-buy\" type=\"submit\">Buy</button>".into(),
    ] {
        assert!(page.contains(&part), "{part} missing from {page}");
    }
    assert_eq!(sandbox.login_token(&token).unwrap()["redeemed"], true);
    assert_eq!(
        has_bought(&client, &customer, true),
        403,
        "nothing bought yet"
    );

    let id = checkout_id(page);
    let done = post_form(&sandbox, "/__sandbox/checkout/buy", &[("checkoutId", &id)]);
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.body.contains("id=\"plenigo-done\""), "{}", done.body);
    assert!(done.body.contains(&customer));
    assert_eq!(has_bought(&client, &customer, true), 200);
    assert_eq!(
        has_bought(&client, &customer, false),
        403,
        "bought in test mode"
    );
    let purchases = &sandbox.customer(COMPANY, &customer).unwrap()["purchases"];
    assert_eq!(purchases["test"], json!([OTHER_PRODUCT]));

    // The app-management flow works for the bought product.
    let app_token = client.post(
        &format!("/api/v2/access/app/token/{customer}"),
        json!({"testMode": true, "productId": OTHER_PRODUCT, "description": "reader"}),
    );
    assert_eq!(app_token.status, 200, "{}", app_token.body);

    // The checkout ID is good for one purchase only.
    let again = post_form(&sandbox, "/__sandbox/checkout/buy", &[("checkoutId", &id)]);
    assert_error_page(&again, 404, "checkout-unknown");
}

#[test]
fn a_live_checkout_records_a_live_purchase() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    let (customer, token) = customer_with_login_token(&client, "live@example.com");
    let claims = json!({"pi": OTHER_PRODUCT, "aud": "plenigo"});
    let overlay = open_checkout(
        &sandbox,
        COMPANY,
        &payment_data(&claims, SECOND_SECRET),
        &token,
    );
    assert_eq!(overlay.status, 200, "{}", overlay.body);
    assert!(overlay.body.contains("data-mode=\"live\">Live mode"));
    // Without a title the product ID stands in; without a price, plenigo's own.
    assert!(overlay.body.contains(&format!(
        "<h1 id=\"plenigo-product-title\">{OTHER_PRODUCT}</h1>"
    )));
    let id = checkout_id(&overlay.body);
    let done = post_form(&sandbox, "/__sandbox/checkout/buy", &[("checkoutId", &id)]);
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(has_bought(&client, &customer, false), 200);
    assert_eq!(has_bought(&client, &customer, true), 403);
}

#[test]
fn a_login_token_is_redeemed_once() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    let (_, token) = customer_with_login_token(&client, "once@example.com");
    let payment = payment_data(&payment_claims(), SECRET);
    assert_eq!(
        open_checkout(&sandbox, COMPANY, &payment, &token).status,
        200
    );
    let second = open_checkout(&sandbox, COMPANY, &payment, &token);
    assert_error_page(&second, 401, "login-token-used");
    assert!(second.body.contains("The login token was already used."));
    assert!(!second.body.contains("plenigo-buy"));
}

#[test]
fn an_expired_login_token_fails() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    let (_, token) = customer_with_login_token(&client, "late@example.com");
    sandbox.advance_clock(300);
    let response = open_checkout(
        &sandbox,
        COMPANY,
        &payment_data(&payment_claims(), SECRET),
        &token,
    );
    assert_error_page(&response, 401, "login-token-expired");
}

#[test]
fn bad_payment_data_fails_and_leaves_the_login_token_unused() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    let (_, token) = customer_with_login_token(&client, "careful@example.com");
    let wrong_aud = json!({"pi": OTHER_PRODUCT, "aud": "someone"});
    let no_product = json!({"ti": "x", "aud": "plenigo"});
    let long_product = json!({"pi": "123456789012345678901", "aud": "plenigo"});
    let text_flag = json!({"pi": OTHER_PRODUCT, "ts": "true", "aud": "plenigo"});
    let text_price = json!({"pi": OTHER_PRODUCT, "pr": "12.99", "aud": "plenigo"});
    for payment in [
        payment_data(&payment_claims(), "not-the-secret"),
        payment_data(&wrong_aud, SECRET),
        payment_data(&no_product, SECRET),
        payment_data(&long_product, SECRET),
        payment_data(&text_flag, SECRET),
        payment_data(&text_price, SECRET),
        sign(&json!({"alg": "none"}), &payment_claims(), SECRET, false),
        "garbage".to_owned(),
    ] {
        let response = open_checkout(&sandbox, COMPANY, &payment, &token);
        assert_error_page(&response, 401, "bad-payment-data");
        assert!(!response.body.contains(SECRET));
    }
    assert_eq!(sandbox.login_token(&token).unwrap()["redeemed"], false);

    // A company's other secret signs as well; the token is still good.
    let payment = payment_data(&payment_claims(), SECOND_SECRET);
    assert_eq!(
        open_checkout(&sandbox, COMPANY, &payment, &token).status,
        200
    );
}

#[test]
fn unknown_company_and_another_companys_token_fail() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    let (_, token) = customer_with_login_token(&client, "mine@example.com");
    let payment = payment_data(&payment_claims(), SECRET);
    let unknown = open_checkout(&sandbox, "NoSuchCompany", &payment, &token);
    assert_error_page(&unknown, 401, "unknown-company");
    // Company 12Nu shares the secret, but the token was issued for 23Nu.
    let other = open_checkout(&sandbox, OTHER_COMPANY, &payment, &token);
    assert_error_page(&other, 401, "login-token-other-company");
    let made_up = open_checkout(&sandbox, COMPANY, &payment, "NoSuchToken");
    assert_error_page(&made_up, 401, "login-token-unknown");
    assert_eq!(sandbox.login_token(&token).unwrap()["redeemed"], false);
}

#[test]
fn incomplete_requests_fail_in_plain_words() {
    let sandbox = Sandbox::start().unwrap();
    let payment = payment_data(&payment_claims(), SECRET);
    let without_login = post_form(
        &sandbox,
        "/__sandbox/checkout",
        &[
            ("companyId", COMPANY),
            ("function", "checkout"),
            ("paymentData", &payment),
        ],
    );
    assert_error_page(&without_login, 401, "not-logged-in");
    let remote_without_token = post_form(
        &sandbox,
        "/__sandbox/checkout",
        &[
            ("companyId", COMPANY),
            ("function", "checkoutWithRemoteLogin"),
            ("paymentData", &payment),
        ],
    );
    assert_error_page(&remote_without_token, 400, "bad-request");
    assert!(remote_without_token.body.contains("needs a loginToken"));
    let no_payment = post_form(&sandbox, "/__sandbox/checkout", &[("companyId", COMPANY)]);
    assert_error_page(&no_payment, 400, "bad-request");
    assert!(no_payment.body.contains("paymentData is missing"));
    let bad_encoding = send(
        sandbox.addr(),
        "POST",
        "/__sandbox/checkout",
        None,
        Some("companyId=%zz"),
    );
    assert_error_page(&bad_encoding, 400, "bad-request");
    let no_id = post_form(&sandbox, "/__sandbox/checkout/buy", &[]);
    assert_error_page(&no_id, 400, "bad-request");
}

#[test]
fn an_offer_expires_after_half_an_hour() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    let (customer, token) = customer_with_login_token(&client, "slow@example.com");
    let overlay = open_checkout(
        &sandbox,
        COMPANY,
        &payment_data(&payment_claims(), SECRET),
        &token,
    );
    let id = checkout_id(&overlay.body);
    sandbox.advance_clock(1800);
    let late = post_form(&sandbox, "/__sandbox/checkout/buy", &[("checkoutId", &id)]);
    assert_error_page(&late, 410, "checkout-expired");
    assert_eq!(has_bought(&client, &customer, true), 403);
}

#[test]
fn hostile_values_are_html_escaped() {
    let sandbox = Sandbox::start().unwrap();
    let client = Client::new(&sandbox);
    let (_, token) = customer_with_login_token(&client, "<u>o'brien&co</u>@example.com");
    let hostile = r#"<script>alert("x")</script>&'"#;
    let claims = json!({"pi": "<b>\"'&</b>", "ti": hostile, "pr": 1, "cu": "<i>EUR</i>",
                        "ts": true, "aud": "plenigo"});
    let overlay = open_checkout(&sandbox, COMPANY, &payment_data(&claims, SECRET), &token);
    assert_eq!(overlay.status, 200, "{}", overlay.body);
    let page = &overlay.body;
    assert!(!page.contains("<script"), "{page}");
    assert!(!page.contains("<b>") && !page.contains("<i>") && !page.contains("<u>"));
    assert!(page.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;"));
    assert!(page.contains("&lt;b&gt;&quot;&#39;&amp;&lt;/b&gt;"));
    assert!(page.contains("1 &lt;i&gt;EUR&lt;/i&gt;"));
    assert!(page.contains("&lt;u&gt;o&#39;brien&amp;co&lt;/u&gt;@example.com"));
    // Bought, the confirmation escapes them too, and the purchase has the raw product ID.
    let done = post_form(
        &sandbox,
        "/__sandbox/checkout/buy",
        &[("checkoutId", &checkout_id(page))],
    );
    assert_eq!(done.status, 200);
    assert!(!done.body.contains("<script") && !done.body.contains("<b>"));
}

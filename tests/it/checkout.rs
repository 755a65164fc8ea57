//! The checkout snippet: the seeds' use case end to end, the rules, and a snippet that stays
//! one piece of JavaScript whatever the values hold.

use std::process::Command;

use crate::common::*;
use plenigo::{CheckoutOptions, Config, ErrorKind, PlenigoClient, Product, UserRegistration};

/// The seeds' use-case product.
const USE_CASE_PRODUCT: &str = OTHER_PRODUCT;

/// Runs `snippet` in node with a stand-in `plenigo` that prints the call as JSON.
fn run_in_node(snippet: &str) -> serde_json::Value {
    let script = format!(
        "const plenigo = {{ checkout: o => console.log(JSON.stringify({{f: 'checkout', o}})), \
         checkoutWithRemoteLogin: o => console.log(JSON.stringify({{f: 'remote', o}})) }};\n{snippet}\n"
    );
    let output = Command::new("node")
        .args(["-e", &script])
        .output()
        .expect("node runs (scripts/test-rust installs it)");
    assert!(
        output.status.success(),
        "node failed on {snippet}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("one JSON line")
}

/// Options that log the customer in with `login_token`.
fn with_login_token(login_token: &str) -> CheckoutOptions {
    let mut options = CheckoutOptions::default();
    options.login_token = Some(login_token.to_owned());
    options
}

#[test]
fn the_seeds_use_case_register_login_token_snippet_verified_and_redeemed_once() {
    let (sandbox, _) = setup();
    let client = client_for(&sandbox, |c| c.test_mode = true);
    let mut registration = UserRegistration::new("checkout@example.com", "en");
    registration.external_user_id = Some("12345".into());
    registration.first_name = Some("new".into());
    registration.name = Some("customer".into());
    let customer_id = client.users().register_user(&registration).unwrap();
    let login_token = client
        .users()
        .create_login_token(&customer_id, false)
        .unwrap();
    let code = client
        .checkout_snippet(
            &Product::new(USE_CASE_PRODUCT),
            &with_login_token(&login_token),
        )
        .unwrap();
    assert!(
        code.starts_with("plenigo.checkoutWithRemoteLogin({"),
        "{code}"
    );
    assert!(code.ends_with("});"), "{code}");

    let call = run_in_node(&code);
    assert_eq!(call["f"], "remote");
    assert_eq!(call["o"]["loginToken"], login_token.as_str());
    assert_eq!(call["o"]["startWithRegistration"], false);
    let claims = sandbox
        .verify_payment_data(COMPANY, call["o"]["paymentData"].as_str().unwrap())
        .expect("signed with the company secret");
    assert_eq!(
        claims,
        serde_json::json!({"pi": USE_CASE_PRODUCT, "ts": true, "aud": "plenigo"})
    );

    let redeem = || {
        admin_post(
            &sandbox,
            &format!("/__sandbox/login-tokens/{login_token}/redeem"),
        )
    };
    assert_eq!(redeem(), 200);
    assert_eq!(redeem(), 409, "a login token is redeemed once");
}

#[test]
fn every_field_maps_to_its_short_key_and_live_mode_sends_no_ts() {
    let (sandbox, client) = setup();
    let mut product = Product::new(USE_CASE_PRODUCT);
    product.title = Some("Weekend edition".into());
    product.price = Some(12.99);
    product.currency = Some("eur".into());
    product.product_type = Some("newspaper".into());
    product.category_id = Some("cat-1".into());
    product.segment_id = Some("seg-1".into());
    product.show_buying_again_screen = Some(true);
    product.show_checkout_confirmation_screen = Some(false);
    product.oauth2_redirect_url = Some("https://shop.example/sso".into());
    product.csrf_token = Some("csrf-1".into());
    product.pay_what_you_want = Some(false);
    product.subscription_renewal = Some(true);
    product.failed_payment = Some(false);
    product.shipping_cost = Some(3.5);
    product.override_mode = Some(true);
    product.product_id_replacement = Some("other-product".into());
    product.birthday_rule = Some("12312007".into());
    let mut options = CheckoutOptions::default();
    options.start_with_registration = true;
    options.source_url = Some("https://shop.example/article?id=1&x=2".into());
    options.target_url = Some("https://shop.example/thanks".into());
    options.affiliate_id = Some("aff-7".into());
    options.element_id = Some("checkout-here".into());
    let call = run_in_node(&client.checkout_snippet(&product, &options).unwrap());
    assert_eq!(call["f"], "checkout");
    let o = &call["o"];
    assert_eq!(o["startWithRegistration"], true);
    assert_eq!(o["sourceUrl"], "https://shop.example/article?id=1&x=2");
    assert_eq!(o["targetUrl"], "https://shop.example/thanks");
    assert_eq!(o["affiliateId"], "aff-7");
    assert_eq!(o["elementId"], "checkout-here");
    assert!(o.get("loginToken").is_none());
    let claims = sandbox
        .verify_payment_data(COMPANY, o["paymentData"].as_str().unwrap())
        .unwrap();
    assert_eq!(
        claims,
        serde_json::json!({
            "pi": USE_CASE_PRODUCT, "ti": "Weekend edition", "pr": 12.99, "cu": "EUR",
            "pt": "NEWSPAPER", "ci": "cat-1", "si": "seg-1", "sab": true, "spf": false,
            "sso": "https://shop.example/sso", "csrf": "csrf-1", "sp": false, "rs": true,
            "fp": false, "sc": 3.5, "om": true, "pir": "other-product", "raa": "12312007",
            "aud": "plenigo"
        })
    );
}

#[test]
fn each_rule_violation_names_its_field() {
    let product = |adjust: fn(&mut Product)| {
        let mut p = Product::new(USE_CASE_PRODUCT);
        adjust(&mut p);
        p
    };
    let options = |adjust: fn(&mut CheckoutOptions)| {
        let mut o = CheckoutOptions::default();
        adjust(&mut o);
        o
    };
    let plain = || Product::new(USE_CASE_PRODUCT);
    let cases: Vec<(&str, Product, CheckoutOptions)> = vec![
        ("product_id", Product::new(""), Default::default()),
        (
            "product_id",
            Product::new("x".repeat(21)),
            Default::default(),
        ),
        (
            "product_id_replacement",
            product(|p| p.product_id_replacement = Some("y".repeat(21))),
            Default::default(),
        ),
        (
            "price",
            product(|p| p.price = Some(-1.0)),
            Default::default(),
        ),
        (
            "price",
            product(|p| p.price = Some(f64::NAN)),
            Default::default(),
        ),
        (
            "currency",
            product(|p| p.currency = Some("EURO".into())),
            Default::default(),
        ),
        (
            "product_type",
            product(|p| p.product_type = Some("CAR".into())),
            Default::default(),
        ),
        (
            "shipping_cost",
            product(|p| {
                p.product_type = Some("EBOOK".into());
                p.shipping_cost = Some(2.0)
            }),
            Default::default(),
        ),
        (
            "shipping_cost",
            product(|p| p.shipping_cost = Some(2.0)),
            Default::default(),
        ),
        (
            "override_mode",
            product(|p| p.override_mode = Some(true)),
            Default::default(),
        ),
        (
            "birthday_rule",
            product(|p| p.birthday_rule = Some("2007-12-31".into())),
            Default::default(),
        ),
        (
            "title",
            product(|p| p.title = Some("a\u{0}b".into())),
            Default::default(),
        ),
        (
            "title",
            product(|p| p.title = Some("t".repeat(256))),
            Default::default(),
        ),
        ("login_token", plain(), with_login_token(" ")),
        (
            "source_url",
            plain(),
            options(|o| o.source_url = Some("a\nb".into())),
        ),
        (
            "element_id",
            plain(),
            options(|o| o.element_id = Some("".into())),
        ),
    ];
    let client = PlenigoClient::new(Config::new(COMPANY, SECRET)).unwrap();
    for (field, product, options) in cases {
        let error = client
            .checkout_snippet(&product, &options)
            .expect_err(field);
        assert_eq!(error.kind(), ErrorKind::InvalidInput, "{field}: {error}");
        assert_eq!(error.field(), Some(field), "{product:?}");
    }
}

#[test]
fn hostile_values_stay_inside_their_strings() {
    let hostile = "\"><script>alert('x')</script>&amp;\n\r\t\\'\u{2028}\u{2029}é😀 </button>";
    let mut product = Product::new("p\"'<>&");
    product.title = Some(hostile.into());
    let mut options = with_login_token("tok\"'<>&");
    options.source_url = Some(format!(
        "https://x.example/?q={}",
        hostile.replace(['\n', '\r', '\t'], "")
    ));
    options.affiliate_id = Some("a'\"<&>".into());
    let (sandbox, client) = setup();
    let code = client.checkout_snippet(&product, &options).unwrap();
    for raw in ['"', '\'', '<', '>', '&', '\n', '\r', '\u{2028}'] {
        let inside = code
            .trim_start_matches("plenigo.checkoutWithRemoteLogin(")
            .matches(raw)
            .count();
        // The only quotes are the literals' own single quotes, which come in pairs.
        if raw == '\'' {
            assert_eq!(inside % 2, 0, "{code}");
        } else {
            assert_eq!(inside, 0, "raw {raw:?} in {code}");
        }
    }
    // It runs, and every value comes back exactly.
    let call = run_in_node(&code);
    assert_eq!(call["o"]["loginToken"], "tok\"'<>&");
    assert_eq!(call["o"]["affiliateId"], "a'\"<&>");
    let claims = sandbox
        .verify_payment_data(COMPANY, call["o"]["paymentData"].as_str().unwrap())
        .unwrap();
    assert_eq!(claims["ti"], hostile);
    assert_eq!(claims["pi"], "p\"'<>&");
    // Inside a double-quoted attribute it is one attribute value.
    let page = format!("<button onclick=\"{code}\">Special offer for you</button>");
    assert_eq!(page.matches('"').count(), 2);
}

//! plenigoToken verification.

use plenigo_sandbox::Sandbox;
use serde_json::{json, Value};

use crate::common::*;

const PATH: &str = "/api/v2/access/app/56202510";

fn call(sandbox: &Sandbox, token: &str) -> Response {
    send(sandbox.addr(), "GET", PATH, Some(token), None)
}

fn with(claims_patch: Value) -> Value {
    let mut claims = claims(COMPANY);
    for (k, v) in claims_patch.as_object().unwrap() {
        if v.is_null() {
            claims.as_object_mut().unwrap().remove(k);
        } else {
            claims[k] = v.clone();
        }
    }
    claims
}

#[test]
fn accepts_sdk_tokens_with_and_without_padding_and_typ() {
    let sandbox = Sandbox::start().unwrap();
    let hs256 = json!({"alg": "HS256"});
    let typed = json!({"alg": "HS256", "typ": "JWT"});
    for (header, padded) in [
        (&hs256, false),
        (&hs256, true),
        (&typed, false),
        (&typed, true),
    ] {
        let token = sign(header, &claims(COMPANY), SECRET, padded);
        assert_eq!(token.contains('='), padded);
        let response = call(&sandbox, &token);
        assert_eq!(
            response.status, 200,
            "{header} padded={padded}: {}",
            response.body
        );
    }
    // PHP's uniqid() as jti.
    let token = sign(
        &hs256,
        &with(json!({"jti": "65f1c2a3b4d5e"})),
        SECRET,
        false,
    );
    assert_eq!(call(&sandbox, &token).status, 200);
}

#[test]
fn any_active_secret_of_the_company_verifies() {
    let sandbox = Sandbox::start().unwrap();
    assert_eq!(call(&sandbox, &token(COMPANY, SECOND_SECRET)).status, 200);
    assert_eq!(call(&sandbox, &token(OTHER_COMPANY, SECRET)).status, 200);
    // The second secret belongs to 23Nu only.
    call(&sandbox, &token(OTHER_COMPANY, SECOND_SECRET)).assert_error(401);
}

#[test]
fn rejects_bad_tokens_with_401() {
    let sandbox = Sandbox::start().unwrap();
    let hs256 = json!({"alg": "HS256"});
    let now = unix_now();
    let cases: Vec<(&str, String)> = vec![
        ("wrong secret", token(COMPANY, "not-the-secret")),
        ("unknown company", token("UnknownCompany", SECRET)),
        (
            "wrong aud",
            sign(&hs256, &with(json!({"aud": "someone"})), SECRET, false),
        ),
        (
            "no aud",
            sign(&hs256, &with(json!({"aud": null})), SECRET, false),
        ),
        (
            "expired",
            sign(&hs256, &with(json!({"exp": now - 100})), SECRET, false),
        ),
        (
            "exp as string",
            sign(
                &hs256,
                &with(json!({"exp": (now + 300).to_string()})),
                SECRET,
                false,
            ),
        ),
        (
            "exp too far ahead",
            sign(&hs256, &with(json!({"exp": now + 400})), SECRET, false),
        ),
        (
            "no exp",
            sign(&hs256, &with(json!({"exp": null})), SECRET, false),
        ),
        (
            "empty jti",
            sign(&hs256, &with(json!({"jti": ""})), SECRET, false),
        ),
        (
            "numeric jti",
            sign(&hs256, &with(json!({"jti": 5})), SECRET, false),
        ),
        (
            "no companyId",
            sign(&hs256, &with(json!({"companyId": null})), SECRET, false),
        ),
        (
            "alg none, HMAC signed",
            sign(&json!({"alg": "none"}), &claims(COMPANY), SECRET, false),
        ),
        (
            "HS512 header",
            sign(&json!({"alg": "HS512"}), &claims(COMPANY), SECRET, false),
        ),
        (
            "typ not JWT",
            sign(
                &json!({"alg": "HS256", "typ": "JOSE+JSON"}),
                &claims(COMPANY),
                SECRET,
                false,
            ),
        ),
        ("two parts", "eyJhbGciOiJIUzI1NiJ9.eyJhIjoxfQ".to_owned()),
        ("garbage", "not a token".to_owned()),
    ];
    for (name, token) in cases {
        let response = call(&sandbox, &token);
        assert_eq!(response.status, 401, "{name}: {}", response.body);
        response.assert_error(401);
    }
    // alg none with an empty signature, as an attacker would send it.
    let unsigned = sign(&json!({"alg": "none"}), &claims(COMPANY), SECRET, false);
    let unsigned = format!("{}.", &unsigned[..unsigned.rfind('.').unwrap()]);
    call(&sandbox, &unsigned).assert_error(401);
    // A token whose signature is right but whose payload was changed.
    let good = token(COMPANY, SECRET);
    let parts: Vec<&str> = good.split('.').collect();
    let forged_claims = with(json!({"companyId": OTHER_COMPANY}));
    let forged = sign(&json!({"alg": "HS256"}), &forged_claims, "x", false);
    let forged_payload = forged.split('.').nth(1).unwrap();
    let tampered = format!("{}.{}.{}", parts[0], forged_payload, parts[2]);
    call(&sandbox, &tampered).assert_error(401);
}

#[test]
fn exp_leeway_is_thirty_seconds_each_way() {
    let sandbox = Sandbox::start().unwrap();
    let hs256 = json!({"alg": "HS256"});
    let now = unix_now();
    let just_expired = sign(&hs256, &with(json!({"exp": now - 10})), SECRET, false);
    assert_eq!(call(&sandbox, &just_expired).status, 200);
    let a_bit_long = sign(&hs256, &with(json!({"exp": now + 320})), SECRET, false);
    assert_eq!(call(&sandbox, &a_bit_long).status, 200);
    let float_exp = sign(
        &hs256,
        &with(json!({"exp": now as f64 + 299.5})),
        SECRET,
        false,
    );
    assert_eq!(call(&sandbox, &float_exp).status, 200);
}

#[test]
fn missing_header_is_401() {
    let sandbox = Sandbox::start().unwrap();
    send(sandbox.addr(), "GET", PATH, None, None).assert_error(401);
}

#[test]
fn a_jti_is_accepted_once_per_company() {
    let sandbox = Sandbox::start().unwrap();
    let token = token(COMPANY, SECRET);
    assert_eq!(call(&sandbox, &token).status, 200);
    let replay = call(&sandbox, &token);
    replay.assert_error(401);
    assert!(replay.json()["description"]
        .as_str()
        .unwrap()
        .contains("jti"));
    // Same jti from another company is that company's business.
    let jti = fresh_jti();
    let hs256 = json!({"alg": "HS256"});
    let mine = sign(&hs256, &with(json!({"jti": &jti})), SECRET, false);
    let mut theirs = claims(OTHER_COMPANY);
    theirs["jti"] = json!(&jti);
    assert_eq!(call(&sandbox, &mine).status, 200);
    assert_eq!(
        call(&sandbox, &sign(&hs256, &theirs, SECRET, false)).status,
        200
    );
    // A failed check does not burn the jti.
    let mut claims = claims(COMPANY);
    let bad = sign(&hs256, &claims, "wrong", false);
    call(&sandbox, &bad).assert_error(401);
    claims["exp"] = json!(unix_now() + 200);
    assert_eq!(
        call(&sandbox, &sign(&hs256, &claims, SECRET, false)).status,
        200
    );
}

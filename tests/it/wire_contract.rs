//! The requests the client sends, field by field, as DESIGN.md §3 specifies them; the
//! plenigoToken as the sandbox verifies it; IDs that try to escape their path segment.

use std::collections::HashSet;

use crate::common::*;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use plenigo::{Address, UserRegistration};
use serde_json::json;

#[test]
fn every_operation_sends_the_documented_request() {
    let (sandbox, client) = setup();
    let (apps, users) = (client.apps(), client.users());
    let token = apps.request_app_token(CUSTOMER, PRODUCT, "desc").unwrap();
    let app = apps.request_app_id(CUSTOMER, &token.token).unwrap();
    apps.has_user_bought(CUSTOMER, PRODUCT, &app.customer_app_id)
        .unwrap();
    apps.get_customer_apps(CUSTOMER).unwrap();
    apps.delete_customer_app(CUSTOMER, &app.customer_app_id)
        .unwrap();
    let mut user = UserRegistration::new("w@example.com", "de");
    user.external_user_id = Some("77".into());
    user.first_name = Some("F".into());
    let id = users.register_user(&user).unwrap();
    users.create_login_token(&id, false).unwrap();
    users.change_email(&id, "w2@example.com", false).unwrap();
    let mut address = Address::new("female");
    address.first_name = Some("F".into());
    address.name = Some("W".into());
    address.street = Some("Hauptstr. 1".into());
    address.additional_address_info = Some("2nd floor".into());
    address.post_code = Some("10115".into());
    address.city = Some("Berlin".into());
    address.country = Some("DE".into());
    users.change_address(&id, &address, false).unwrap();
    users
        .import_customer_access(&id, false, &["a1", "a2", "a3"])
        .unwrap();
    users.add_external_user_id(CUSTOMER, "88").unwrap();
    users
        .has_bought_product("a1", &[PRODUCT, OTHER_PRODUCT], false)
        .unwrap();

    let journal = sandbox.journal();
    let seen: Vec<(String, String, String, serde_json::Value)> = journal
        .iter()
        .map(|e| {
            (
                e.method.clone(),
                e.path.clone(),
                e.query.clone(),
                if e.body.is_empty() {
                    json!(null)
                } else {
                    body_json(e)
                },
            )
        })
        .collect();
    let row =
        |m: &str, p: String, q: &str, b: serde_json::Value| (m.to_owned(), p, q.to_owned(), b);
    let app_id = &app.customer_app_id;
    let expected = vec![
        row("POST", format!("/api/v2/access/app/token/{CUSTOMER}"), "", json!({"testMode": "false", "productId": PRODUCT, "description": "desc"})),
        row("POST", format!("/api/v2/access/app/{CUSTOMER}"), "", json!({"testMode": "false", "accessToken": token.token})),
        row("GET", format!("/api/v2/access/app/{CUSTOMER}/{PRODUCT}/{app_id}"), "testMode=false", json!(null)),
        row("GET", format!("/api/v2/access/app/{CUSTOMER}"), "testMode=false", json!(null)),
        row("DELETE", format!("/api/v2/access/app/{CUSTOMER}/{app_id}"), "testMode=false", json!(null)),
        row(
            "POST",
            "/api/v2/externalUser/register".into(),
            "",
            json!({"email": "w@example.com", "language": "de", "externalUserId": "77", "firstName": "F", "withPasswordReset": false, "failByExistingEmail": false}),
        ),
        row("POST", format!("/api/v2/externalUser/{id}/createLoginToken"), "useExternalCustomerId=false", json!(null)),
        row("PUT", format!("/api/v2/externalUser/{id}/changeEmail"), "useExternalCustomerId=false", json!({"email": "w2@example.com"})),
        row(
            "PUT",
            format!("/api/v2/user/{id}/address"),
            "useExternalCustomerId=false",
            json!({"gender": "FEMALE", "firstName": "F", "name": "W", "street": "Hauptstr. 1", "additionalAddressInfo": "2nd floor", "postCode": "10115", "city": "Berlin", "country": "DE"}),
        ),
        row(
            "POST",
            "/api/v2/import/customerAccess".into(),
            "",
            json!({"customerId": id, "useExternalCustomerId": false, "yourFirstIdentifier": "a1", "yourSecondIdentifier": "a2", "yourThirdIdentifier": "a3"}),
        ),
        row("PUT", format!("/api/v2/externalUser/{CUSTOMER}/addExternalUserId"), "", json!({"externalUserId": "88"})),
        row(
            "GET",
            "/api/v2/user/product".into(),
            &format!("customerId=a1&productId={PRODUCT}%2C{OTHER_PRODUCT}&testMode=false&useExternalCustomerId=false"),
            json!(null),
        ),
    ];
    assert_eq!(seen, expected);
    let statuses: Vec<u16> = journal.iter().map(|e| e.status).collect();
    assert_eq!(
        statuses,
        [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403],
        "the new customer bought nothing"
    );
}

#[test]
fn every_request_carries_a_fresh_token_with_the_documented_claims() {
    let (sandbox, client) = setup();
    for _ in 0..5 {
        client.apps().get_customer_apps(CUSTOMER).unwrap();
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let mut jtis = HashSet::new();
    for entry in sandbox.journal() {
        let claims = entry.claims.expect("every request is signed");
        assert_eq!(claims["companyId"], COMPANY);
        assert_eq!(claims["aud"], "plenigo");
        let exp = claims["exp"].as_u64().expect("numeric exp");
        assert!(
            (now + 290..=now + 300).contains(&exp),
            "exp {exp}, now {now}"
        );
        assert!(
            jtis.insert(claims["jti"].as_str().unwrap().to_owned()),
            "jti reused"
        );
    }
    assert_eq!(jtis.len(), 5);
}

/// A token signed by hand, to probe what the sandbox accepts.
fn forge(header: &str, claims: serde_json::Value, secret: &str) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(input.as_bytes());
    format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

fn status_with_token(sandbox: &plenigo_sandbox::Sandbox, token: &str) -> u16 {
    let url = format!(
        "{}/api/v2/access/app/{CUSTOMER}?testMode=false",
        sandbox.url()
    );
    reqwest::blocking::Client::new()
        .get(url)
        .header("plenigoToken", token)
        .send()
        .unwrap()
        .status()
        .as_u16()
}

#[test]
fn the_sandbox_verifies_tokens_as_plenigo_does() {
    let (sandbox, _) = setup();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let claims =
        |jti: &str| json!({"companyId": COMPANY, "aud": "plenigo", "jti": jti, "exp": now + 300});
    let hs256 = r#"{"alg":"HS256"}"#;
    assert_eq!(
        status_with_token(&sandbox, &forge(hs256, claims("ok-1"), SECRET)),
        200
    );
    assert_eq!(
        status_with_token(
            &sandbox,
            &forge(r#"{"alg":"HS256","typ":"JWT"}"#, claims("ok-2"), SECRET)
        ),
        200
    );
    // Replay of an accepted jti.
    assert_eq!(
        status_with_token(&sandbox, &forge(hs256, claims("ok-1"), SECRET)),
        401
    );
    assert_eq!(
        status_with_token(&sandbox, &forge(hs256, claims("wrong-secret"), "other")),
        401
    );
    let mut wrong_aud = claims("aud");
    wrong_aud["aud"] = json!("someone-else");
    assert_eq!(
        status_with_token(&sandbox, &forge(hs256, wrong_aud, SECRET)),
        401
    );
    let mut expired = claims("expired");
    expired["exp"] = json!(now - 120);
    assert_eq!(
        status_with_token(&sandbox, &forge(hs256, expired, SECRET)),
        401
    );
    let unsigned = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
        URL_SAFE_NO_PAD.encode(claims("none").to_string())
    );
    assert_eq!(status_with_token(&sandbox, &unsigned), 401);
    assert_eq!(status_with_token(&sandbox, "not-a-jwt"), 401);
}

#[test]
fn ids_stay_inside_their_path_segment() {
    let (sandbox, client) = setup();
    let hostile = [
        "a/b",
        "../import/customerAccess",
        "x?testMode=true",
        "frag#ment",
        "100%",
        "with space",
        "Grüße-✓",
        "..%2F..",
        "%2e%2e",
    ];
    for id in hostile {
        sandbox.clear_journal();
        let result = client.apps().get_customer_apps(id);
        assert!(
            result.unwrap().is_empty(),
            "{id:?} reached another customer or endpoint"
        );
        let entry = single_entry(&sandbox);
        let segments: Vec<&str> = entry.path.split('/').collect();
        assert_eq!(segments.len(), 6, "{id:?} became {}", entry.path);
        assert_eq!(
            segments[..5],
            ["", "api", "v2", "access", "app"],
            "{id:?} became {}",
            entry.path
        );
        assert_eq!(entry.query, "testMode=false", "{id:?} changed the query");
        let decoded = percent_encoding::percent_decode_str(segments[5])
            .decode_utf8()
            .unwrap();
        assert_eq!(decoded, id, "the segment decodes back to the ID");
    }
    // An ID that names another endpoint reaches the endpoint it was given to.
    sandbox.clear_journal();
    let result = client
        .users()
        .create_login_token("../../import/customerAccess", false);
    assert_error(result, plenigo::ErrorKind::NotFound, Some(404), 18);
    assert!(single_entry(&sandbox)
        .path
        .starts_with("/api/v2/externalUser/..%2F..%2Fimport%2FcustomerAccess/"));
}

//! The `plenigoToken` header: an HS256 JWT signed with the company secret.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::config::Secret;

/// How long a token is valid, in seconds.
pub(crate) const TOKEN_LIFETIME_SECS: u64 = 300;

/// The header every request carries.
pub(crate) const HEADER: &str = "plenigoToken";

/// A fresh token for one request attempt: a new random `jti`, `exp` five minutes from now.
pub(crate) fn fresh_token(company_id: &str, secret: &Secret) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    sign(
        company_id,
        secret,
        &uuid::Uuid::new_v4().to_string(),
        now + TOKEN_LIFETIME_SECS,
    )
}

/// Signs the claims `{aud: "plenigo", companyId, exp, jti}`, written straight as JSON (in
/// that order, as a JSON object's keys sort) rather than through a `serde_json::Value` map.
pub(crate) fn sign(company_id: &str, secret: &Secret, jti: &str, exp: u64) -> String {
    let quoted = |text: &str| serde_json::to_string(text).expect("a string serialises");
    let claims = format!(
        r#"{{"aud":"plenigo","companyId":{},"exp":{exp},"jti":{}}}"#,
        quoted(company_id),
        quoted(jti)
    );
    sign_json(&claims, secret)
}

/// An HS256 JWT of `claims`; the header is `{"alg":"HS256"}` as plenigo's own SDKs send it.
/// Base64url without padding.
pub(crate) fn sign_claims(claims: &serde_json::Value, secret: &Secret) -> String {
    sign_json(&claims.to_string(), secret)
}

fn sign_json(claims: &str, secret: &Secret) -> String {
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256"}"#),
        URL_SAFE_NO_PAD.encode(claims)
    );
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.expose()).expect("HMAC accepts keys of any length");
    mac.update(signing_input.as_bytes());
    format!(
        "{signing_input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answer() {
        let secret = Secret::new("QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj");
        let token = sign(
            "23NuCmdPoiRRkQiCqP9Q",
            &secret,
            "00000000-0000-4000-8000-000000000000",
            1_700_000_300,
        );
        assert_eq!(token, KNOWN_TOKEN);
    }

    /// Computed independently (Python's hmac/hashlib over the same header and claims).
    const KNOWN_TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJwbGVuaWdvIiwiY29tcGFueUlkIjoiMjNOdUNtZFBvaVJSa1FpQ3FQOVEiLCJleHAiOjE3MDAwMDAzMDAsImp0aSI6IjAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMCJ9.ivu9y4LWVJMrutHAFDPzCMfa8k3OitD1OGOjmYOFcl0";

    #[test]
    fn fresh_tokens_differ_and_expire_in_five_minutes() {
        let secret = Secret::new("s");
        let a = fresh_token("c", &secret);
        let b = fresh_token("c", &secret);
        assert_ne!(a, b);
        let claims: serde_json::Value = serde_json::from_slice(
            &URL_SAFE_NO_PAD
                .decode(a.split('.').nth(1).unwrap())
                .unwrap(),
        )
        .unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let exp = claims["exp"].as_u64().unwrap();
        assert!(
            (now + 295..=now + 300).contains(&exp),
            "exp {exp} now {now}"
        );
        assert_eq!(claims["aud"], "plenigo");
        assert_eq!(claims["companyId"], "c");
        assert_eq!(claims["jti"].as_str().unwrap().len(), 36);
    }
}

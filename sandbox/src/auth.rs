//! Verification of the `plenigoToken` JWT (HS256 with a company secret) and of checkout
//! `paymentData` tokens.

use std::cell::RefCell;
use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use base64::alphabet::URL_SAFE;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;

use crate::error::ApiError;
use crate::state::{unix_now, ServerState, World};

/// The request header that carries the JWT.
pub(crate) const TOKEN_HEADER: &str = "plenigoToken";
/// Clock skew tolerated on `exp`, in seconds.
const LEEWAY: i64 = 30;
/// The longest lifetime a token may claim, in seconds (the SDKs use now + 300 s).
const MAX_LIFETIME: i64 = 300;
/// The longest `jti` accepted (and kept in the replay cache), in bytes.
const MAX_JTI: usize = 256;

/// base64url that takes input with or without `=` padding.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The company whose secret signed the request's valid `plenigoToken`.
#[derive(Debug)]
pub(crate) struct Caller {
    pub(crate) company_id: String,
}

impl FromRequestParts<Arc<ServerState>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<ServerState>,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(TOKEN_HEADER)
            .ok_or_else(|| ApiError::unauthorized("missing plenigoToken header"))?
            .to_str()
            .map_err(|_| ApiError::unauthorized("plenigoToken is not ASCII"))?;
        let now = i64::try_from(unix_now()).unwrap_or(i64::MAX);
        let company_id = verify(&mut state.world(), token, now).map_err(ApiError::unauthorized)?;
        Ok(Caller { company_id })
    }
}

/// A JWT split up, its header checked, its signature not yet.
struct Jwt<'a> {
    signing_input: &'a str,
    signature: Vec<u8>,
    claims: Map<String, Value>,
}

/// Decodes one base64url part (padded or not) as a JSON object.
fn json_part(part: &str) -> Option<Map<String, Value>> {
    match serde_json::from_slice(&BASE64URL.decode(part).ok()?).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

/// Splits a JWT and checks that its header says HS256.
fn parse(token: &str) -> Result<Jwt<'_>, &'static str> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err("token must have three dot-separated parts");
    };
    let signing_input = &token[..token.len() - signature.len() - 1];
    check_header_memoized(header)?;
    let claims = json_part(payload).ok_or("token payload is not base64url JSON")?;
    let signature = BASE64URL
        .decode(signature)
        .map_err(|_| "token signature is not base64url")?;
    Ok(Jwt {
        signing_input,
        signature,
        claims,
    })
}

/// The longest header segment [`check_header_memoized`] remembers, in bytes.
const MAX_MEMOIZED_HEADER: usize = 256;

/// [`check_header`], skipped when the segment is the one that last passed on this thread:
/// clients send the same header with every token, and the verdict depends on its text
/// alone, so this saves decoding it as JSON on nearly every request.
fn check_header_memoized(segment: &str) -> Result<(), &'static str> {
    thread_local! {
        static LAST_PASSED: RefCell<String> = const { RefCell::new(String::new()) };
    }
    if LAST_PASSED.with_borrow(|last| !last.is_empty() && last == segment) {
        return Ok(());
    }
    check_header(segment)?;
    if segment.len() <= MAX_MEMOIZED_HEADER {
        LAST_PASSED.with_borrow_mut(|last| {
            last.clear();
            last.push_str(segment);
        });
    }
    Ok(())
}

/// Checks a JWT header segment: base64url JSON saying HS256 (and JWT, if it has a `typ`).
fn check_header(segment: &str) -> Result<(), &'static str> {
    let header = json_part(segment).ok_or("token header is not base64url JSON")?;
    if header.get("alg").and_then(Value::as_str) != Some("HS256") {
        return Err("token alg must be HS256");
    }
    match header.get("typ") {
        None => Ok(()),
        Some(Value::String(typ)) if typ.eq_ignore_ascii_case("JWT") => Ok(()),
        Some(_) => Err("token typ must be JWT"),
    }
}

impl Jwt<'_> {
    /// Whether any of the secrets made the signature (constant-time comparison).
    fn signed_by_any(&self, secrets: &[String]) -> bool {
        secrets.iter().any(|secret| {
            let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
                return false;
            };
            mac.update(self.signing_input.as_bytes());
            mac.verify_slice(&self.signature).is_ok()
        })
    }

    /// Whether `aud` is `"plenigo"`.
    fn audience_ok(&self) -> bool {
        self.claims.get("aud").and_then(Value::as_str) == Some("plenigo")
    }
}

/// Verifies a `plenigoToken` at real time `now` and records its `jti`; returns the company ID.
pub(crate) fn verify(world: &mut World, token: &str, now: i64) -> Result<String, &'static str> {
    let jwt = parse(token)?;
    let company_id = jwt
        .claims
        .get("companyId")
        .and_then(Value::as_str)
        .ok_or("token has no companyId claim")?;
    let company = world
        .companies
        .get_mut(company_id)
        .ok_or("unknown company")?;
    if !jwt.signed_by_any(&company.secrets) {
        return Err("invalid token signature");
    }
    if !jwt.audience_ok() {
        return Err("token aud must be plenigo");
    }
    let exp = match jwt.claims.get("exp") {
        Some(Value::Number(n)) => n.as_f64().ok_or("token exp is not a number")?,
        Some(_) => return Err("token exp must be a JSON number"),
        None => return Err("token has no exp claim"),
    };
    if exp < (now - LEEWAY) as f64 {
        return Err("token expired");
    }
    if exp > (now + MAX_LIFETIME + LEEWAY) as f64 {
        return Err("token exp is too far in the future");
    }
    let jti = match jwt.claims.get("jti") {
        Some(Value::String(jti)) if !jti.is_empty() => jti,
        _ => return Err("token jti must be a non-empty string"),
    };
    if jti.len() > MAX_JTI {
        return Err("token jti is longer than 256 bytes");
    }
    if !company
        .seen_jtis
        .record(jti, exp.ceil() as i64, now - LEEWAY)
    {
        return Err("token jti was used before");
    }
    Ok(company_id.to_owned())
}

/// Verifies a checkout `paymentData` JWT (HS256, a company secret, `aud` plenigo);
/// returns its claims.
pub(crate) fn verify_payment_data(secrets: &[String], token: &str) -> Result<Value, &'static str> {
    let jwt = parse(token)?;
    if !jwt.signed_by_any(secrets) {
        return Err("invalid paymentData signature");
    }
    if !jwt.audience_ok() {
        return Err("paymentData aud must be plenigo");
    }
    Ok(Value::Object(jwt.claims))
}

/// The claims of a token, decoded without any verification (for the journal).
pub(crate) fn decode_claims(token: &str) -> Option<Value> {
    let payload = token.split('.').nth(1)?;
    json_part(payload).map(Value::Object)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Fixture;
    use serde_json::json;

    const COMPANY: &str = "23NuCmdPoiRRkQiCqP9Q";
    const SECRET: &str = "Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj";

    fn sign(header: &Value, claims: &Value, secret: &str) -> String {
        let encode =
            |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
        let input = format!("{}.{}", encode(header), encode(claims));
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(input.as_bytes());
        let sig =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        format!("{input}.{sig}")
    }

    fn world() -> World {
        let state = ServerState::new(&Fixture::builtin(), false).unwrap();
        let world = state.world().clone();
        world
    }

    #[test]
    fn jti_replay_cache_forgets_expired_tokens() {
        let mut world = world();
        let now = 1_000_000;
        let claims =
            |exp: i64| json!({"companyId": COMPANY, "aud": "plenigo", "exp": exp, "jti": "same"});
        let header = json!({"alg": "HS256"});
        let token = sign(&header, &claims(now + 300), SECRET);
        assert_eq!(verify(&mut world, &token, now).unwrap(), COMPANY);
        assert_eq!(
            verify(&mut world, &token, now),
            Err("token jti was used before")
        );
        // Once the first token can no longer be valid, its jti may come back.
        let later = now + 300 + LEEWAY + 1;
        let token = sign(&header, &claims(later + 300), SECRET);
        assert!(verify(&mut world, &token, later).is_ok());
        assert_eq!(world.companies[COMPANY].seen_jtis.len(), 1);
    }

    #[test]
    fn long_jtis_are_rejected_and_not_cached() {
        let mut world = world();
        let now = 1_000_000;
        let header = json!({"alg": "HS256"});
        let claims = |jti: &str| json!({"companyId": COMPANY, "aud": "plenigo", "exp": now + 60, "jti": jti});
        let long = sign(&header, &claims(&"j".repeat(MAX_JTI + 1)), SECRET);
        assert_eq!(
            verify(&mut world, &long, now),
            Err("token jti is longer than 256 bytes")
        );
        assert_eq!(world.companies[COMPANY].seen_jtis.len(), 0);
        let longest = sign(&header, &claims(&"j".repeat(MAX_JTI)), SECRET);
        assert!(verify(&mut world, &longest, now).is_ok());
    }

    /// A bounded fuzz run: tokens with 1 to 3 characters changed, dropped or added never
    /// verify (as `plenigoToken` or as `paymentData`) and never panic.
    #[test]
    fn mutated_tokens_never_verify() {
        const ALPHABET: &[u8] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=.+/ %";
        let mut world = world();
        let now = 1_000_000;
        let secrets = vec![SECRET.to_owned()];
        let mut rng = fastrand::Rng::with_seed(11);
        for round in 0..3000 {
            let claims = json!({"companyId": COMPANY, "aud": "plenigo", "exp": now + 60,
                                "jti": format!("jti-{round}"), "pi": "p1"});
            let good = sign(&json!({"alg": "HS256"}), &claims, SECRET);
            let mut bytes = good.clone().into_bytes();
            for _ in 0..rng.usize(1..=3) {
                let at = rng.usize(..bytes.len());
                let c = ALPHABET[rng.usize(..ALPHABET.len())];
                match rng.u8(..3) {
                    0 => bytes[at] = c,
                    1 if bytes.len() > 1 => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(at, c),
                }
            }
            let mutated = String::from_utf8(bytes).unwrap();
            if mutated == good {
                continue;
            }
            assert!(
                verify(&mut world, &mutated, now).is_err(),
                "{good} -> {mutated}"
            );
            assert!(
                verify_payment_data(&secrets, &mutated).is_err(),
                "{mutated}"
            );
        }
        // The unmutated tokens still verify.
        let claims = json!({"companyId": COMPANY, "aud": "plenigo", "exp": now + 60, "jti": "x"});
        let good = sign(&json!({"alg": "HS256"}), &claims, SECRET);
        assert!(verify(&mut world, &good, now).is_ok());
    }

    #[test]
    fn every_header_is_checked_whatever_passed_before() {
        let mut world = world();
        let now = 1_000_000;
        let claims = |jti: &str| json!({"companyId": COMPANY, "aud": "plenigo", "exp": now + 60, "jti": jti});
        let good = json!({"alg": "HS256", "typ": "JWT"});
        for (i, (header, verdict)) in [
            (good.clone(), Ok(COMPANY.to_owned())),
            (
                json!({"alg": "none", "typ": "JWT"}),
                Err("token alg must be HS256"),
            ),
            (
                json!({"alg": "HS256", "typ": 1}),
                Err("token typ must be JWT"),
            ),
            (good.clone(), Ok(COMPANY.to_owned())),
            (
                json!({"alg": "HS256", "typ": "jwt"}),
                Ok(COMPANY.to_owned()),
            ),
            (json!({"typ": "JWT"}), Err("token alg must be HS256")),
            (good, Ok(COMPANY.to_owned())),
        ]
        .into_iter()
        .enumerate()
        {
            let token = sign(&header, &claims(&format!("h{i}")), SECRET);
            assert_eq!(verify(&mut world, &token, now), verdict, "{header}");
        }
    }

    #[test]
    fn payment_data_needs_signature_and_audience() {
        let secrets = vec![SECRET.to_owned()];
        let header = json!({"alg": "HS256", "typ": "JWT"});
        let good = sign(&header, &json!({"pi": "p1", "aud": "plenigo"}), SECRET);
        assert_eq!(verify_payment_data(&secrets, &good).unwrap()["pi"], "p1");
        let wrong_aud = sign(&header, &json!({"pi": "p1", "aud": "x"}), SECRET);
        assert!(verify_payment_data(&secrets, &wrong_aud).is_err());
        let wrong_key = sign(&header, &json!({"pi": "p1", "aud": "plenigo"}), "other");
        assert!(verify_payment_data(&secrets, &wrong_key).is_err());
    }

    #[test]
    fn claims_are_decoded_without_verification() {
        let token = sign(&json!({"alg": "none"}), &json!({"companyId": "x"}), "k");
        assert_eq!(decode_claims(&token), Some(json!({"companyId": "x"})));
        assert_eq!(decode_claims("garbage"), None);
    }
}

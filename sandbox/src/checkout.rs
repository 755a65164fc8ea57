//! The checkout stand-in's domain side: a checkout request checked (company, signed
//! `paymentData`, login token redeemed once) becomes an [`Offer`] with a one-time
//! checkout ID; buying it records the purchase.

use serde_json::{Map, Value};

use crate::auth::verify_payment_data;
use crate::state::{random_alphanumeric, RedeemError, World};

/// How long an offer can be bought, in seconds of the domain clock.
const OFFER_TTL: u64 = 1800;
/// The most offers kept at once; the oldest go first.
const MAX_OFFERS: usize = 10_000;
/// The longest product ID plenigo accepts.
const MAX_PRODUCT_ID: usize = 20;

/// What the page's `plenigo.checkout*` call posted.
#[derive(Debug, Default)]
pub(crate) struct CheckoutRequest {
    pub(crate) company_id: String,
    pub(crate) payment_data: String,
    pub(crate) login_token: Option<String>,
}

/// A checked checkout waiting for "Buy".
#[derive(Clone, Debug)]
pub(crate) struct Offer {
    pub(crate) checkout_id: String,
    pub(crate) company_id: String,
    pub(crate) customer_id: String,
    pub(crate) email: String,
    pub(crate) product_id: String,
    pub(crate) title: Option<String>,
    /// The price as sent (a JSON number).
    pub(crate) price: Option<String>,
    pub(crate) currency: Option<String>,
    pub(crate) test_mode: bool,
    expires_at: u64,
}

/// Why a checkout cannot go on; each has a status, a stable reason and plain words.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum CheckoutError {
    /// A form field is missing or malformed.
    BadRequest(String),
    UnknownCompany,
    /// `paymentData` is not signed by the company, or its claims are wrong.
    BadPaymentData(String),
    NotLoggedIn,
    LoginToken(RedeemError),
    LoginTokenOfOtherCompany,
    UnknownCheckout,
    CheckoutExpired,
    Purchase(String),
}

impl CheckoutError {
    /// The HTTP status of the error page.
    pub(crate) fn status(&self) -> u16 {
        match self {
            CheckoutError::BadRequest(_) | CheckoutError::Purchase(_) => 400,
            CheckoutError::UnknownCheckout => 404,
            CheckoutError::CheckoutExpired => 410,
            _ => 401,
        }
    }

    /// A stable machine-readable reason (the error element's `data-reason`).
    pub(crate) fn reason(&self) -> &'static str {
        match self {
            CheckoutError::BadRequest(_) => "bad-request",
            CheckoutError::UnknownCompany => "unknown-company",
            CheckoutError::BadPaymentData(_) => "bad-payment-data",
            CheckoutError::NotLoggedIn => "not-logged-in",
            CheckoutError::LoginToken(RedeemError::Unknown) => "login-token-unknown",
            CheckoutError::LoginToken(RedeemError::AlreadyRedeemed) => "login-token-used",
            CheckoutError::LoginToken(RedeemError::Expired) => "login-token-expired",
            CheckoutError::LoginTokenOfOtherCompany => "login-token-other-company",
            CheckoutError::UnknownCheckout => "checkout-unknown",
            CheckoutError::CheckoutExpired => "checkout-expired",
            CheckoutError::Purchase(_) => "purchase-failed",
        }
    }

    /// The message shown on the overlay.
    pub(crate) fn message(&self) -> String {
        match self {
            CheckoutError::BadRequest(what) => format!("The checkout request is invalid: {what}."),
            CheckoutError::UnknownCompany => "The company is not known to plenigo.".into(),
            CheckoutError::BadPaymentData(what) => {
                format!("The payment data was rejected: {what}.")
            }
            CheckoutError::NotLoggedIn => "No customer is logged in: the sandbox checks out \
                only with a login token (plenigo.checkoutWithRemoteLogin)."
                .into(),
            CheckoutError::LoginToken(RedeemError::Unknown) => {
                "The login token is not known.".into()
            }
            CheckoutError::LoginToken(RedeemError::AlreadyRedeemed) => {
                "The login token was already used.".into()
            }
            CheckoutError::LoginToken(RedeemError::Expired) => "The login token expired.".into(),
            CheckoutError::LoginTokenOfOtherCompany => {
                "The login token belongs to another company.".into()
            }
            CheckoutError::UnknownCheckout => {
                "This checkout is not known or was already bought.".into()
            }
            CheckoutError::CheckoutExpired => "This checkout expired; start it again.".into(),
            CheckoutError::Purchase(what) => format!("The purchase failed: {what}."),
        }
    }
}

/// The claims checked: `pi` required (1 to 20 characters), `ti`/`cu` strings, `pr` a
/// number, `ts` a boolean.
fn check_claims(claims: &Map<String, Value>) -> Result<(), String> {
    match claims.get("pi") {
        Some(Value::String(id)) if !id.is_empty() && id.chars().count() <= MAX_PRODUCT_ID => {}
        Some(Value::String(_)) => {
            return Err("the product ID (pi) must be 1 to 20 characters".into())
        }
        _ => return Err("the product ID (pi) is missing".into()),
    }
    for key in ["ti", "cu"] {
        if claims.get(key).is_some_and(|v| !v.is_string()) {
            return Err(format!("{key} must be a string"));
        }
    }
    if claims.get("pr").is_some_and(|v| !v.is_number()) {
        return Err("the price (pr) must be a number".into());
    }
    if claims.get("ts").is_some_and(|v| !v.is_boolean()) {
        return Err("the test mode flag (ts) must be a boolean".into());
    }
    Ok(())
}

impl World {
    /// Checks a checkout request and redeems its login token (only when all else is
    /// right, so that a rejected request does not use the token up); keeps the offer.
    pub(crate) fn start_checkout(
        &mut self,
        request: &CheckoutRequest,
    ) -> Result<Offer, CheckoutError> {
        let company = self
            .companies
            .get(&request.company_id)
            .ok_or(CheckoutError::UnknownCompany)?;
        let claims = match verify_payment_data(&company.secrets, &request.payment_data) {
            Ok(Value::Object(claims)) => claims,
            Ok(_) => return Err(CheckoutError::BadPaymentData("no claims".into())),
            Err(e) => return Err(CheckoutError::BadPaymentData(e.into())),
        };
        check_claims(&claims).map_err(CheckoutError::BadPaymentData)?;
        let token = request
            .login_token
            .as_deref()
            .ok_or(CheckoutError::NotLoggedIn)?;
        match self.login_token_company(token) {
            None => return Err(CheckoutError::LoginToken(RedeemError::Unknown)),
            Some(owner) if owner != request.company_id => {
                return Err(CheckoutError::LoginTokenOfOtherCompany)
            }
            Some(_) => {}
        }
        let customer_id = self
            .redeem_login_token(token)
            .map_err(CheckoutError::LoginToken)?;
        let email = self.companies[&request.company_id]
            .customers
            .get(&customer_id)
            .map(|customer| customer.email.clone())
            .ok_or(CheckoutError::LoginToken(RedeemError::Unknown))?;
        let text = |key: &str| claims.get(key).and_then(Value::as_str).map(str::to_owned);
        let offer = Offer {
            checkout_id: random_alphanumeric(32),
            company_id: request.company_id.clone(),
            customer_id,
            email,
            product_id: text("pi").unwrap_or_default(),
            title: text("ti"),
            price: claims.get("pr").map(Value::to_string),
            currency: text("cu"),
            test_mode: claims.get("ts") == Some(&Value::Bool(true)),
            expires_at: self.now().saturating_add(OFFER_TTL),
        };
        self.keep_offer(offer.clone());
        Ok(offer)
    }

    /// Buys a kept offer once: records the purchase in the offer's mode.
    pub(crate) fn complete_checkout(&mut self, checkout_id: &str) -> Result<Offer, CheckoutError> {
        let offer = self
            .checkouts
            .remove(checkout_id)
            .ok_or(CheckoutError::UnknownCheckout)?;
        if self.now() >= offer.expires_at {
            return Err(CheckoutError::CheckoutExpired);
        }
        self.add_purchase(
            &offer.company_id,
            &offer.customer_id,
            &offer.product_id,
            offer.test_mode,
        )
        .map_err(CheckoutError::Purchase)?;
        Ok(offer)
    }

    /// Keeps an offer, dropping expired ones and, past the cap, the oldest.
    fn keep_offer(&mut self, offer: Offer) {
        let now = self.now();
        self.checkouts.retain(|_, kept| now < kept.expires_at);
        while self.checkouts.len() >= MAX_OFFERS {
            let oldest = self
                .checkouts
                .values()
                .min_by_key(|kept| kept.expires_at)
                .map(|kept| kept.checkout_id.clone());
            match oldest {
                Some(id) => self.checkouts.remove(&id),
                None => break,
            };
        }
        self.checkouts.insert(offer.checkout_id.clone(), offer);
    }
}

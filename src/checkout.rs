//! The checkout snippet: the JavaScript call a page runs to open plenigo's checkout for a
//! product, signed with the company secret so the product data cannot be changed in the page.
//!
//! No request is made. The snippet is `plenigo.checkout({...});`, or with a login token from
//! [`crate::UserManagement::create_login_token`] `plenigo.checkoutWithRemoteLogin({...});`.
//! Its only string literals are single-quoted with every character outside a small safe set
//! written as `\uXXXX`, so it contains no `"`, `<`, `>` or `&` (and `'` only around its strings) and runs
//! unchanged inside an `onclick="..."` attribute or a `<script>` block, whatever a value holds.

use serde_json::{Map, Value};

use crate::auth;
use crate::config::Secret;
use crate::error::PlenigoError;
use crate::validate;

/// The product types plenigo's checkout knows (`pt`).
pub const PRODUCT_TYPES: [&str; 8] = [
    "EBOOK",
    "DIGITALNEWSPAPER",
    "DOWNLOAD",
    "VIDEO",
    "MUSIC",
    "DIGITALPRODUCT",
    "NEWSPAPER",
    "BOOK",
];
/// The product types that may carry a shipping cost.
const SHIPPED_TYPES: [&str; 2] = ["BOOK", "NEWSPAPER"];
/// The longest product ID (and product ID replacement) plenigo accepts.
pub const MAX_PRODUCT_ID_LEN: usize = 20;

/// A product to sell through the checkout: plenigo's managed product by its ID alone, or a
/// product described here (title, price, currency, type, ...). Unset fields are left out.
///
/// ```
/// let mut product = plenigo::Product::new("EgLUrT56328991046641");
/// product.title = Some("Special offer".into());
/// product.price = Some(4.99);
/// product.currency = Some("EUR".into());
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Product {
    /// The product ID (`pi`), at most 20 characters.
    pub product_id: String,
    /// The title shown in the checkout (`ti`); plenigo shows at most 100 characters.
    pub title: Option<String>,
    /// The price (`pr`), not negative.
    pub price: Option<f64>,
    /// The ISO 4217 currency code (`cu`), e.g. `EUR`.
    pub currency: Option<String>,
    /// The product type (`pt`): one of [`PRODUCT_TYPES`].
    pub product_type: Option<String>,
    /// The category ID (`ci`).
    pub category_id: Option<String>,
    /// The segment ID (`si`).
    pub segment_id: Option<String>,
    /// Show a screen to customers who bought the product already (`sab`).
    pub show_buying_again_screen: Option<bool>,
    /// Show a confirmation screen at the end of the checkout (`spf`).
    pub show_checkout_confirmation_screen: Option<bool>,
    /// The OAuth2 redirect URL for single sign-on (`sso`).
    pub oauth2_redirect_url: Option<String>,
    /// A CSRF token to carry through the checkout (`csrf`).
    pub csrf_token: Option<String>,
    /// The customer chooses the price (`sp`).
    pub pay_what_you_want: Option<bool>,
    /// A subscription renewal (`rs`).
    pub subscription_renewal: Option<bool>,
    /// Pay a failed payment again (`fp`).
    pub failed_payment: Option<bool>,
    /// The shipping cost (`sc`), only for the types `BOOK` and `NEWSPAPER`.
    pub shipping_cost: Option<f64>,
    /// Override plenigo's managed product data with this one (`om`); needs a price.
    pub override_mode: Option<bool>,
    /// Sell this product ID in place of the managed one (`pir`), at most 20 characters.
    pub product_id_replacement: Option<String>,
    /// The customer must be born on or before this date, `MMDDYYYY` (`raa`).
    pub birthday_rule: Option<String>,
}

impl Product {
    /// A product known to plenigo by its ID; set the other fields you need on it.
    pub fn new(product_id: impl Into<String>) -> Self {
        Product {
            product_id: product_id.into(),
            ..Default::default()
        }
    }
}

/// How the checkout starts, beside the product.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CheckoutOptions {
    /// A login token from `create_login_token`: the customer is logged in to the checkout.
    pub login_token: Option<String>,
    /// Show the registration first to customers who are not logged in.
    pub start_with_registration: bool,
    /// The page that led to the checkout.
    pub source_url: Option<String>,
    /// The page to go to after a successful payment.
    pub target_url: Option<String>,
    /// An affiliate ID to credit.
    pub affiliate_id: Option<String>,
    /// The ID of the page element to embed the checkout in, instead of an overlay.
    pub element_id: Option<String>,
}

/// Builds the snippet: validates, signs `paymentData` (the short-key map plus `aud`, and
/// `ts` in test mode) and writes the JavaScript call.
pub(crate) fn snippet(
    product: &Product,
    options: &CheckoutOptions,
    secret: &Secret,
    test_mode: bool,
) -> Result<String, PlenigoError> {
    let mut claims = payment_claims(product)?;
    if test_mode {
        claims.insert("ts".into(), Value::Bool(true));
    }
    claims.insert("aud".into(), Value::from("plenigo"));
    let payment_data = auth::sign_claims(&Value::Object(claims), secret);

    let mut args = vec![
        ("paymentData", js_string(&payment_data)),
        (
            "startWithRegistration",
            options.start_with_registration.to_string(),
        ),
    ];
    let function = match &options.login_token {
        Some(token) => {
            validate::id("login_token", token)?;
            args.push(("loginToken", js_string(token)));
            "plenigo.checkoutWithRemoteLogin"
        }
        None => "plenigo.checkout",
    };
    for (name, field, value) in [
        ("sourceUrl", "source_url", &options.source_url),
        ("targetUrl", "target_url", &options.target_url),
    ] {
        if let Some(url) = value {
            validate::url(field, url)?;
            args.push((name, js_string(url)));
        }
    }
    for (name, field, value) in [
        ("affiliateId", "affiliate_id", &options.affiliate_id),
        ("elementId", "element_id", &options.element_id),
    ] {
        if let Some(id) = value {
            validate::id(field, id)?;
            args.push((name, js_string(id)));
        }
    }
    let object: Vec<String> = args.iter().map(|(k, v)| format!("{k}:{v}")).collect();
    Ok(format!("{function}({{{}}});", object.join(",")))
}

/// The product as plenigo's short-key map, checked field by field.
fn payment_claims(p: &Product) -> Result<Map<String, Value>, PlenigoError> {
    let mut map = Map::new();
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(value) = value {
            map.insert(key.into(), value);
        }
    };
    short_id("product_id", &p.product_id)?;
    put("pi", Some(Value::from(p.product_id.as_str())));
    if let Some(title) = &p.title {
        title_text(title)?;
    }
    put("ti", p.title.as_deref().map(Value::from));
    put("pr", amount("price", p.price)?);
    let currency = p.currency.as_deref().map(currency).transpose()?;
    put("cu", currency.map(Value::from));
    let product_type = p.product_type.as_deref().map(product_type).transpose()?;
    put("pt", product_type.map(Value::from));
    for (key, field, value) in [
        ("ci", "category_id", &p.category_id),
        ("si", "segment_id", &p.segment_id),
    ] {
        if let Some(id) = value {
            validate::id(field, id)?;
        }
        put(key, value.as_deref().map(Value::from));
    }
    if let Some(url) = &p.oauth2_redirect_url {
        validate::url("oauth2_redirect_url", url)?;
    }
    put("sso", p.oauth2_redirect_url.as_deref().map(Value::from));
    if let Some(token) = &p.csrf_token {
        validate::id("csrf_token", token)?;
    }
    put("csrf", p.csrf_token.as_deref().map(Value::from));
    for (key, value) in [
        ("sab", p.show_buying_again_screen),
        ("spf", p.show_checkout_confirmation_screen),
        ("sp", p.pay_what_you_want),
        ("rs", p.subscription_renewal),
        ("fp", p.failed_payment),
        ("om", p.override_mode),
    ] {
        put(key, value.map(Value::Bool));
    }
    let shipping = amount("shipping_cost", p.shipping_cost)?;
    if shipping.is_some() && !product_type.is_some_and(|t| SHIPPED_TYPES.contains(&t)) {
        return Err(PlenigoError::invalid(
            "shipping_cost",
            "only products of type BOOK or NEWSPAPER have a shipping cost",
        ));
    }
    put("sc", shipping);
    if p.override_mode == Some(true) && p.price.is_none() {
        return Err(PlenigoError::invalid(
            "override_mode",
            "needs the product's price",
        ));
    }
    if let Some(id) = &p.product_id_replacement {
        short_id("product_id_replacement", id)?;
    }
    put("pir", p.product_id_replacement.as_deref().map(Value::from));
    if let Some(date) = &p.birthday_rule {
        birthday(date)?;
    }
    put("raa", p.birthday_rule.as_deref().map(Value::from));
    Ok(map)
}

/// A product ID: an ID of at most [`MAX_PRODUCT_ID_LEN`] characters.
fn short_id(field: &str, value: &str) -> Result<(), PlenigoError> {
    validate::id(field, value)?;
    if value.chars().count() > MAX_PRODUCT_ID_LEN {
        return Err(PlenigoError::invalid(
            field,
            format!("must be at most {MAX_PRODUCT_ID_LEN} characters"),
        ));
    }
    Ok(())
}

/// A title: line breaks and tabs are fine, other control characters are not.
fn title_text(title: &str) -> Result<(), PlenigoError> {
    let flat: String = title
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .collect();
    validate::text("title", &flat)
}

/// A price or cost: finite and not negative.
fn amount(field: &str, value: Option<f64>) -> Result<Option<Value>, PlenigoError> {
    match value {
        None => Ok(None),
        Some(v) if (0.0..1e9).contains(&v) => Ok(Some(Value::from(v))),
        Some(_) => Err(PlenigoError::invalid(
            field,
            "must be a number from 0 to 999999999",
        )),
    }
}

/// An ISO 4217 code, returned in upper case.
fn currency(value: &str) -> Result<String, PlenigoError> {
    if value.len() == 3 && value.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(value.to_ascii_uppercase())
    } else {
        Err(PlenigoError::invalid(
            "currency",
            "must be a three-letter ISO 4217 code such as EUR",
        ))
    }
}

/// One of [`PRODUCT_TYPES`], in any case.
fn product_type(value: &str) -> Result<&'static str, PlenigoError> {
    PRODUCT_TYPES
        .into_iter()
        .find(|t| t.eq_ignore_ascii_case(value))
        .ok_or_else(|| {
            PlenigoError::invalid(
                "product_type",
                format!("must be one of {}", PRODUCT_TYPES.join(", ")),
            )
        })
}

/// A date as `MMDDYYYY`.
fn birthday(value: &str) -> Result<(), PlenigoError> {
    let number =
        |range: std::ops::Range<usize>| value.get(range).and_then(|s| s.parse::<u32>().ok());
    let valid = value.len() == 8
        && value.bytes().all(|b| b.is_ascii_digit())
        && number(0..2).is_some_and(|m| (1..=12).contains(&m))
        && number(2..4).is_some_and(|d| (1..=31).contains(&d))
        && number(4..8).is_some_and(|y| y >= 1900);
    if valid {
        Ok(())
    } else {
        Err(PlenigoError::invalid(
            "birthday_rule",
            "must be a date as MMDDYYYY",
        ))
    }
}

/// `value` as a single-quoted JavaScript string literal in which only ASCII letters, digits
/// and `-_.:/=+@#$%*!?(),~` and spaces stand as themselves; every other UTF-16 unit is `\uXXXX`.
fn js_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        if c.is_ascii_alphanumeric() || " -_.:/=+@#$%*!?(),~".contains(c) {
            out.push(c);
        } else {
            for unit in c.encode_utf16(&mut [0; 2]) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn js_strings_escape_everything_that_could_end_an_attribute_or_a_script() {
        assert_eq!(js_string("abc-1.2"), "'abc-1.2'");
        assert_eq!(
            js_string("\"'<>&\\\n\u{2028}é😀"),
            "'\\u0022\\u0027\\u003c\\u003e\\u0026\\u005c\\u000a\\u2028\\u00e9\\ud83d\\ude00'"
        );
    }

    #[test]
    fn birthdays() {
        assert!(birthday("12311990").is_ok());
        for bad in [
            "1231199", "13011990", "00011990", "12321990", "1231199x", "12311800",
        ] {
            assert!(birthday(bad).is_err(), "{bad}");
        }
    }
}

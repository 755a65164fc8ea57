//! The records that cross the UniFFI boundary, flat and with the defaults foreign callers
//! expect, and their conversions to and from the core's types. Times are whole milliseconds as
//! `i32` (no unsigned types cross: Kotlin and Java have none).

use std::sync::Arc;
use std::time::Duration;

use crate::error::{invalid, PlenigoError};

/// A company secret. It signs every request and is never printed.
#[derive(uniffi::Object)]
#[uniffi::export(Debug, Display)]
pub struct Secret(pub(crate) plenigo::Secret);

#[uniffi::export]
impl Secret {
    /// Wraps the secret shown in the plenigo merchant backend.
    #[uniffi::constructor]
    pub fn new(value: String) -> Arc<Self> {
        Arc::new(Secret(plenigo::Secret::new(value)))
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.0, f)
    }
}

/// Everything a client needs; see the core's `plenigo::Config` for each field.
#[derive(Clone, Debug, uniffi::Record)]
pub struct Config {
    /// The company ID from the plenigo merchant backend.
    pub company_id: String,
    /// The company secret.
    pub secret: Arc<Secret>,
    /// The API's base URL; unset: `PLENIGO_BASE_URL`, else `https://api.plenigo.com`.
    #[uniffi(default = None)]
    pub base_url: Option<String>,
    /// Work on test-mode data.
    #[uniffi(default = false)]
    pub test_mode: bool,
    /// How long to wait for a connection, in milliseconds.
    #[uniffi(default = 10000)]
    pub connect_timeout_ms: i32,
    /// How long one attempt may take in all, in milliseconds.
    #[uniffi(default = 10000)]
    pub request_timeout_ms: i32,
    /// How often a failed request is tried again where that is safe (0 to 10).
    #[uniffi(default = 2)]
    pub max_retries: i32,
    /// The budget of one call in all (attempts and waits), in milliseconds.
    #[uniffi(default = 30000)]
    pub deadline_ms: i32,
    /// The largest answer body read, in bytes.
    #[uniffi(default = 1048576)]
    pub max_response_bytes: i32,
    /// Appended to the `User-Agent` header.
    #[uniffi(default = None)]
    pub user_agent_suffix: Option<String>,
    /// Allow plain `http://` to hosts other than loopback (never in production).
    #[uniffi(default = false)]
    pub allow_insecure_http: bool,
    /// An HTTP(S) proxy for `https://` base URLs; unset: `HTTPS_PROXY`/`ALL_PROXY`.
    #[uniffi(default = None)]
    pub proxy_url: Option<String>,
    /// Root certificates (PEM) trusted besides the built-in ones; unset: the file named by
    /// `PLENIGO_EXTRA_CA_CERTS`.
    #[uniffi(default = None)]
    pub extra_root_certs_pem: Option<String>,
}

/// A non-negative number from a foreign config, named by its field.
fn non_negative(field: &str, value: i32) -> Result<u32, PlenigoError> {
    u32::try_from(value).map_err(|_| invalid(field, "must not be negative"))
}

/// Milliseconds from a foreign config as a duration.
fn millis(field: &str, value: i32) -> Result<Duration, PlenigoError> {
    match non_negative(field, value)? {
        0 => Err(invalid(field, "must be at least 1 ms")),
        ms => Ok(Duration::from_millis(ms.into())),
    }
}

impl TryFrom<Config> for plenigo::Config {
    type Error = PlenigoError;

    fn try_from(c: Config) -> Result<Self, PlenigoError> {
        let mut config = plenigo::Config::new(c.company_id, "");
        config.secret = c.secret.0.clone();
        config.base_url = c.base_url;
        config.test_mode = c.test_mode;
        config.connect_timeout = millis("connect_timeout_ms", c.connect_timeout_ms)?;
        config.request_timeout = millis("request_timeout_ms", c.request_timeout_ms)?;
        config.max_retries = non_negative("max_retries", c.max_retries)?;
        config.deadline = millis("deadline_ms", c.deadline_ms)?;
        config.max_response_bytes = match non_negative("max_response_bytes", c.max_response_bytes)?
        {
            0 => return Err(invalid("max_response_bytes", "must be at least 1 byte")),
            n => n as usize,
        };
        config.user_agent_suffix = c.user_agent_suffix;
        config.allow_insecure_http = c.allow_insecure_http;
        config.proxy_url = c.proxy_url;
        config.extra_root_certs_pem = c.extra_root_certs_pem;
        Ok(config)
    }
}

/// A user to register; see `plenigo::UserRegistration`.
#[derive(Clone, Debug, uniffi::Record)]
pub struct UserRegistration {
    /// The user's e-mail address.
    pub email: String,
    /// A two-letter ISO 639-1 code such as `en`.
    #[uniffi(default = "en")]
    pub language: String,
    /// Your own ID for the user.
    #[uniffi(default = None)]
    pub external_user_id: Option<String>,
    /// The user's given name.
    #[uniffi(default = None)]
    pub first_name: Option<String>,
    /// The user's family name.
    #[uniffi(default = None)]
    pub name: Option<String>,
    /// Send the user a one-time password to log in to plenigo directly.
    #[uniffi(default = false)]
    pub with_password_reset: bool,
    /// Fail with `Conflict` when the e-mail is registered already.
    #[uniffi(default = false)]
    pub fail_by_existing_email: bool,
}

impl From<UserRegistration> for plenigo::UserRegistration {
    fn from(u: UserRegistration) -> Self {
        let mut user = plenigo::UserRegistration::new(u.email, u.language);
        user.external_user_id = u.external_user_id;
        user.first_name = u.first_name;
        user.name = u.name;
        user.with_password_reset = u.with_password_reset;
        user.fail_by_existing_email = u.fail_by_existing_email;
        user
    }
}

/// A customer's postal address; see `plenigo::Address`.
#[derive(Clone, Debug, uniffi::Record)]
pub struct Address {
    /// `MALE`, `FEMALE` or `DIVERSE` (any case).
    pub gender: String,
    /// The given name.
    #[uniffi(default = None)]
    pub first_name: Option<String>,
    /// The family name.
    #[uniffi(default = None)]
    pub name: Option<String>,
    /// Street and number.
    #[uniffi(default = None)]
    pub street: Option<String>,
    /// A second address line.
    #[uniffi(default = None)]
    pub additional_address_info: Option<String>,
    /// The post code.
    #[uniffi(default = None)]
    pub post_code: Option<String>,
    /// The city.
    #[uniffi(default = None)]
    pub city: Option<String>,
    /// The country, required with a street.
    #[uniffi(default = None)]
    pub country: Option<String>,
}

impl From<Address> for plenigo::Address {
    fn from(a: Address) -> Self {
        let mut address = plenigo::Address::new(a.gender);
        address.first_name = a.first_name;
        address.name = a.name;
        address.street = a.street;
        address.additional_address_info = a.additional_address_info;
        address.post_code = a.post_code;
        address.city = a.city;
        address.country = a.country;
        address
    }
}

/// A product for the checkout; see `plenigo::Product`.
#[derive(Clone, Debug, Default, uniffi::Record)]
pub struct Product {
    /// The product ID (`pi`), at most 20 characters.
    pub product_id: String,
    /// The title (`ti`).
    #[uniffi(default = None)]
    pub title: Option<String>,
    /// The price (`pr`).
    #[uniffi(default = None)]
    pub price: Option<f64>,
    /// The ISO 4217 currency code (`cu`).
    #[uniffi(default = None)]
    pub currency: Option<String>,
    /// The product type (`pt`).
    #[uniffi(default = None)]
    pub product_type: Option<String>,
    /// The category ID (`ci`).
    #[uniffi(default = None)]
    pub category_id: Option<String>,
    /// The segment ID (`si`).
    #[uniffi(default = None)]
    pub segment_id: Option<String>,
    /// Show a screen to customers who bought the product already (`sab`).
    #[uniffi(default = None)]
    pub show_buying_again_screen: Option<bool>,
    /// Show a confirmation screen at the end (`spf`).
    #[uniffi(default = None)]
    pub show_checkout_confirmation_screen: Option<bool>,
    /// The OAuth2 redirect URL (`sso`).
    #[uniffi(default = None)]
    pub oauth2_redirect_url: Option<String>,
    /// A CSRF token (`csrf`).
    #[uniffi(default = None)]
    pub csrf_token: Option<String>,
    /// The customer chooses the price (`sp`).
    #[uniffi(default = None)]
    pub pay_what_you_want: Option<bool>,
    /// A subscription renewal (`rs`).
    #[uniffi(default = None)]
    pub subscription_renewal: Option<bool>,
    /// Pay a failed payment again (`fp`).
    #[uniffi(default = None)]
    pub failed_payment: Option<bool>,
    /// The shipping cost (`sc`), only for BOOK and NEWSPAPER.
    #[uniffi(default = None)]
    pub shipping_cost: Option<f64>,
    /// Override the managed product's data (`om`).
    #[uniffi(default = None)]
    pub override_mode: Option<bool>,
    /// A product ID sold in place of the managed one (`pir`).
    #[uniffi(default = None)]
    pub product_id_replacement: Option<String>,
    /// The birthday rule, `MMDDYYYY` (`raa`).
    #[uniffi(default = None)]
    pub birthday_rule: Option<String>,
}

impl From<Product> for plenigo::Product {
    fn from(p: Product) -> Self {
        let mut product = plenigo::Product::new(p.product_id);
        product.title = p.title;
        product.price = p.price;
        product.currency = p.currency;
        product.product_type = p.product_type;
        product.category_id = p.category_id;
        product.segment_id = p.segment_id;
        product.show_buying_again_screen = p.show_buying_again_screen;
        product.show_checkout_confirmation_screen = p.show_checkout_confirmation_screen;
        product.oauth2_redirect_url = p.oauth2_redirect_url;
        product.csrf_token = p.csrf_token;
        product.pay_what_you_want = p.pay_what_you_want;
        product.subscription_renewal = p.subscription_renewal;
        product.failed_payment = p.failed_payment;
        product.shipping_cost = p.shipping_cost;
        product.override_mode = p.override_mode;
        product.product_id_replacement = p.product_id_replacement;
        product.birthday_rule = p.birthday_rule;
        product
    }
}

/// How the checkout starts; see `plenigo::CheckoutOptions`.
#[derive(Clone, Debug, Default, uniffi::Record)]
pub struct CheckoutOptions {
    /// A login token: the customer is logged in to the checkout.
    #[uniffi(default = None)]
    pub login_token: Option<String>,
    /// Show the registration first to customers who are not logged in.
    #[uniffi(default = false)]
    pub start_with_registration: bool,
    /// The page that led to the checkout.
    #[uniffi(default = None)]
    pub source_url: Option<String>,
    /// The page to go to after a successful payment.
    #[uniffi(default = None)]
    pub target_url: Option<String>,
    /// An affiliate ID to credit.
    #[uniffi(default = None)]
    pub affiliate_id: Option<String>,
    /// The ID of the page element to embed the checkout in.
    #[uniffi(default = None)]
    pub element_id: Option<String>,
}

impl From<CheckoutOptions> for plenigo::CheckoutOptions {
    fn from(o: CheckoutOptions) -> Self {
        let mut options = plenigo::CheckoutOptions::default();
        options.login_token = o.login_token;
        options.start_with_registration = o.start_with_registration;
        options.source_url = o.source_url;
        options.target_url = o.target_url;
        options.affiliate_id = o.affiliate_id;
        options.element_id = o.element_id;
        options
    }
}

/// A single-use app token, to be handed to the third party.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AppAccessToken {
    /// The customer the token is for.
    pub customer_id: String,
    /// The token itself.
    pub token: String,
    /// The description given when it was requested.
    pub description: String,
}

impl From<plenigo::AppAccessToken> for AppAccessToken {
    fn from(t: plenigo::AppAccessToken) -> Self {
        AppAccessToken {
            customer_id: t.customer_id,
            token: t.token,
            description: t.description,
        }
    }
}

/// A customer app: what the third party keeps to check access again and again.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AppAccessData {
    /// The customer.
    pub customer_id: String,
    /// The customer app ID.
    pub customer_app_id: String,
    /// The product the app may check.
    pub product_id: String,
    /// The description given with the app token.
    pub description: String,
}

impl From<plenigo::AppAccessData> for AppAccessData {
    fn from(d: plenigo::AppAccessData) -> Self {
        AppAccessData {
            customer_id: d.customer_id,
            customer_app_id: d.customer_app_id,
            product_id: d.product_id,
            description: d.description,
        }
    }
}

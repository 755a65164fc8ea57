//! The checkout snippet over the C ABI: `plenigo::PlenigoClient::checkout_snippet`.

use std::ffi::c_char;
use std::ptr;

use plenigo::{CheckoutOptions, Product};

use super::client::{call_out, plenigo_client};
use super::error::{plenigo_error, plenigo_status, run};
use super::types::{arg_opt_str, arg_str, init_sized, into_c_string, read_sized};

/// A product for `plenigo_checkout_snippet`. Fill it with
/// `plenigo_product_init(&product, sizeof product)` first, then set what you need: strings are
/// NULL when unset, flags are -1 when unset (0 false, 1 true), numbers count only with their
/// `has_` field set. Strings are copied by the call.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct plenigo_product {
    /// The size of the caller's struct, set by `plenigo_product_init`.
    pub size: usize,
    /// The product ID (`pi`, required), at most 20 characters.
    pub product_id: *const c_char,
    /// The title (`ti`).
    pub title: *const c_char,
    /// Whether `price` is set.
    pub has_price: bool,
    /// The price (`pr`), not negative.
    pub price: f64,
    /// The ISO 4217 currency code (`cu`), e.g. "EUR".
    pub currency: *const c_char,
    /// The product type (`pt`): EBOOK, DIGITALNEWSPAPER, DOWNLOAD, VIDEO, MUSIC,
    /// DIGITALPRODUCT, NEWSPAPER or BOOK.
    pub product_type: *const c_char,
    /// The category ID (`ci`).
    pub category_id: *const c_char,
    /// The segment ID (`si`).
    pub segment_id: *const c_char,
    /// Show a screen to customers who bought the product already (`sab`): -1, 0 or 1.
    pub show_buying_again_screen: i32,
    /// Show a confirmation screen at the end (`spf`): -1, 0 or 1.
    pub show_checkout_confirmation_screen: i32,
    /// The OAuth2 redirect URL for single sign-on (`sso`).
    pub oauth2_redirect_url: *const c_char,
    /// A CSRF token (`csrf`).
    pub csrf_token: *const c_char,
    /// The customer chooses the price (`sp`): -1, 0 or 1.
    pub pay_what_you_want: i32,
    /// A subscription renewal (`rs`): -1, 0 or 1.
    pub subscription_renewal: i32,
    /// Pay a failed payment again (`fp`): -1, 0 or 1.
    pub failed_payment: i32,
    /// Whether `shipping_cost` is set.
    pub has_shipping_cost: bool,
    /// The shipping cost (`sc`), only for BOOK and NEWSPAPER.
    pub shipping_cost: f64,
    /// Override the managed product's data (`om`; needs a price): -1, 0 or 1.
    pub override_mode: i32,
    /// A product ID sold in place of the managed one (`pir`).
    pub product_id_replacement: *const c_char,
    /// The customer must be born on or before this date, "MMDDYYYY" (`raa`).
    pub birthday_rule: *const c_char,
}

/// How the checkout starts; fill it with
/// `plenigo_checkout_options_init(&options, sizeof options)`. NULL strings are unset.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct plenigo_checkout_options {
    /// The size of the caller's struct, set by `plenigo_checkout_options_init`.
    pub size: usize,
    /// A login token from `plenigo_create_login_token`: the customer is logged in.
    pub login_token: *const c_char,
    /// Show the registration first to customers who are not logged in.
    pub start_with_registration: bool,
    /// The page that led to the checkout.
    pub source_url: *const c_char,
    /// The page to go to after a successful payment.
    pub target_url: *const c_char,
    /// An affiliate ID to credit.
    pub affiliate_id: *const c_char,
    /// The ID of the element to embed the checkout in.
    pub element_id: *const c_char,
}

impl plenigo_product {
    /// Nothing set: NULL strings, flags -1, no price or shipping cost.
    fn unset() -> Self {
        plenigo_product {
            size: std::mem::size_of::<Self>(),
            product_id: ptr::null(),
            title: ptr::null(),
            has_price: false,
            price: 0.0,
            currency: ptr::null(),
            product_type: ptr::null(),
            category_id: ptr::null(),
            segment_id: ptr::null(),
            show_buying_again_screen: -1,
            show_checkout_confirmation_screen: -1,
            oauth2_redirect_url: ptr::null(),
            csrf_token: ptr::null(),
            pay_what_you_want: -1,
            subscription_renewal: -1,
            failed_payment: -1,
            has_shipping_cost: false,
            shipping_cost: 0.0,
            override_mode: -1,
            product_id_replacement: ptr::null(),
            birthday_rule: ptr::null(),
        }
    }
}

impl plenigo_checkout_options {
    /// The defaults: no login token, no registration first, NULL strings.
    fn defaults() -> Self {
        plenigo_checkout_options {
            size: std::mem::size_of::<Self>(),
            login_token: ptr::null(),
            start_with_registration: false,
            source_url: ptr::null(),
            target_url: ptr::null(),
            affiliate_id: ptr::null(),
            element_id: ptr::null(),
        }
    }
}

/// Fills `product` (a struct of `size` bytes: pass `sizeof product`) with nothing set.
#[no_mangle]
pub unsafe extern "C" fn plenigo_product_init(
    product: *mut plenigo_product,
    size: usize,
) -> plenigo_status {
    run(ptr::null_mut(), || {
        init_sized(product, size, plenigo_product::unset(), "product")
    })
}

/// Fills `options` (a struct of `size` bytes: pass `sizeof options`) with the defaults.
#[no_mangle]
pub unsafe extern "C" fn plenigo_checkout_options_init(
    options: *mut plenigo_checkout_options,
    size: usize,
) -> plenigo_status {
    run(ptr::null_mut(), || {
        init_sized(
            options,
            size,
            plenigo_checkout_options::defaults(),
            "options",
        )
    })
}

/// The JavaScript call that opens plenigo's checkout for `product`, into `*snippet_out` (free
/// it with `plenigo_string_free`); `options` may be NULL for the defaults. No request is made;
/// `PLENIGO_STATUS_INVALID_INPUT` names the field that breaks a checkout rule. The snippet
/// holds no `"`, `<`, `>` or `&` (and `'` only around its strings): it can go into an
/// `onclick="..."` attribute as it is.
#[no_mangle]
pub unsafe extern "C" fn plenigo_checkout_snippet(
    client: *const plenigo_client,
    product: *const plenigo_product,
    options: *const plenigo_checkout_options,
    snippet_out: *mut *mut c_char,
    error_out: *mut *mut plenigo_error,
) -> plenigo_status {
    call_out(client, snippet_out, "snippet_out", error_out, |c| {
        let product = read_product(&read_sized(product, plenigo_product::unset(), "product")?)?;
        let options = match options.is_null() {
            true => CheckoutOptions::default(),
            false => read_options(&read_sized(
                options,
                plenigo_checkout_options::defaults(),
                "options",
            )?)?,
        };
        into_c_string(c.checkout_snippet(&product, &options)?)
    })
}

/// The C product as the core's.
unsafe fn read_product(p: &plenigo_product) -> Result<Product, plenigo_error> {
    let mut product = Product::new(arg_str(p.product_id, "product_id")?);
    product.title = owned(p.title, "title")?;
    product.price = p.has_price.then_some(p.price);
    product.currency = owned(p.currency, "currency")?;
    product.product_type = owned(p.product_type, "product_type")?;
    product.category_id = owned(p.category_id, "category_id")?;
    product.segment_id = owned(p.segment_id, "segment_id")?;
    product.show_buying_again_screen =
        flag(p.show_buying_again_screen, "show_buying_again_screen")?;
    product.show_checkout_confirmation_screen = flag(
        p.show_checkout_confirmation_screen,
        "show_checkout_confirmation_screen",
    )?;
    product.oauth2_redirect_url = owned(p.oauth2_redirect_url, "oauth2_redirect_url")?;
    product.csrf_token = owned(p.csrf_token, "csrf_token")?;
    product.pay_what_you_want = flag(p.pay_what_you_want, "pay_what_you_want")?;
    product.subscription_renewal = flag(p.subscription_renewal, "subscription_renewal")?;
    product.failed_payment = flag(p.failed_payment, "failed_payment")?;
    product.shipping_cost = p.has_shipping_cost.then_some(p.shipping_cost);
    product.override_mode = flag(p.override_mode, "override_mode")?;
    product.product_id_replacement = owned(p.product_id_replacement, "product_id_replacement")?;
    product.birthday_rule = owned(p.birthday_rule, "birthday_rule")?;
    Ok(product)
}

/// The C checkout options as the core's.
unsafe fn read_options(o: &plenigo_checkout_options) -> Result<CheckoutOptions, plenigo_error> {
    let mut options = CheckoutOptions::default();
    options.login_token = owned(o.login_token, "login_token")?;
    options.start_with_registration = o.start_with_registration;
    options.source_url = owned(o.source_url, "source_url")?;
    options.target_url = owned(o.target_url, "target_url")?;
    options.affiliate_id = owned(o.affiliate_id, "affiliate_id")?;
    options.element_id = owned(o.element_id, "element_id")?;
    Ok(options)
}

/// An optional string argument, copied.
pub(super) unsafe fn owned(
    value: *const c_char,
    name: &str,
) -> Result<Option<String>, plenigo_error> {
    Ok(arg_opt_str(value, name)?.map(str::to_owned))
}

/// A tri-state flag: -1 unset, 0 false, 1 true.
fn flag(value: i32, name: &str) -> Result<Option<bool>, plenigo_error> {
    match value {
        -1 => Ok(None),
        0 => Ok(Some(false)),
        1 => Ok(Some(true)),
        _ => Err(plenigo_error::invalid(name, "must be -1 (unset), 0 or 1")),
    }
}

//! The checkout stand-in over HTTP: plenigo's JavaScript SDK path serves a stand-in
//! script, whose overlay posts to `POST /__sandbox/checkout`; that page's "Buy" button
//! posts to `POST /__sandbox/checkout/buy`. Every value shown is HTML-escaped.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use super::input::Query;
use crate::checkout::{CheckoutError, CheckoutRequest, Offer};
use crate::state::ServerState;

/// The stand-in SDK script.
const SDK_JS: &str = include_str!("../plenigo_sdk.js");

/// The checkout routes.
pub(super) fn routes() -> Router<Arc<ServerState>> {
    Router::new()
        .route(
            "/static_resources/javascript/{company}/plenigo_sdk.min.js",
            get(sdk),
        )
        .route("/__sandbox/checkout", post(checkout))
        .route("/__sandbox/checkout/buy", post(buy))
}

/// `GET /static_resources/javascript/{companyId}/plenigo_sdk.min.js`: the script, for any
/// company (it reads the company ID from its own URL; the checkout checks it).
async fn sdk() -> Response {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
            (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        SDK_JS,
    )
        .into_response()
}

/// `POST /__sandbox/checkout` (form): checks the request, redeems the login token and
/// shows the offer with its "Buy" button; or the error.
async fn checkout(State(state): State<Arc<ServerState>>, body: Bytes) -> Response {
    let started = form(&body).and_then(|form| {
        let field = |name: &str| form.get(name).filter(|v| !v.is_empty()).map(str::to_owned);
        let request = CheckoutRequest {
            company_id: field("companyId")
                .ok_or_else(|| CheckoutError::BadRequest("companyId is missing".into()))?,
            payment_data: field("paymentData")
                .ok_or_else(|| CheckoutError::BadRequest("paymentData is missing".into()))?,
            login_token: field("loginToken"),
        };
        if request.login_token.is_none() && form.get("function") == Some("checkoutWithRemoteLogin")
        {
            return Err(CheckoutError::BadRequest(
                "checkoutWithRemoteLogin needs a loginToken".into(),
            ));
        }
        state.world().start_checkout(&request)
    });
    match started {
        Ok(offer) => page(StatusCode::OK, &offer_html(&offer)),
        Err(error) => error_page(&error),
    }
}

/// `POST /__sandbox/checkout/buy` (form `checkoutId`): records the purchase once.
async fn buy(State(state): State<Arc<ServerState>>, body: Bytes) -> Response {
    let bought = form(&body).and_then(|form| {
        let id = form
            .get("checkoutId")
            .filter(|v| !v.is_empty())
            .ok_or_else(|| CheckoutError::BadRequest("checkoutId is missing".into()))?;
        state.world().complete_checkout(id)
    });
    match bought {
        Ok(offer) => page(StatusCode::OK, &done_html(&offer)),
        Err(error) => error_page(&error),
    }
}

/// Parses a form body.
fn form(body: &[u8]) -> Result<Query, CheckoutError> {
    std::str::from_utf8(body)
        .ok()
        .and_then(|text| Query::parse(text).ok())
        .ok_or_else(|| CheckoutError::BadRequest("the form is not URL-encoded UTF-8".into()))
}

/// `text` with `&`, `<`, `>`, `"` and `'` as character references.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// An HTML page with `body` inside `<main>`.
fn page(status: StatusCode, body: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>plenigo checkout (sandbox)</title>\n<style>\n\
         body {{ font-family: sans-serif; margin: 0; padding: 24px; color: #222; }}\n\
         .mode {{ display: inline-block; padding: 2px 8px; border-radius: 4px; background: #fd3; }}\n\
         .error {{ color: #b00; }}\n\
         button {{ font-size: 1.1em; padding: 8px 24px; }}\n\
         </style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    );
    (
        status,
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
            (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        html,
    )
        .into_response()
}

/// The product, price, mode and customer lines shared by the offer and the confirmation.
fn details_html(offer: &Offer) -> String {
    let mode = if offer.test_mode { "test" } else { "live" };
    let title = offer.title.as_deref().unwrap_or(&offer.product_id);
    let price = match (&offer.price, &offer.currency) {
        (Some(price), Some(currency)) => format!("{price} {currency}"),
        (Some(price), None) => price.clone(),
        (None, _) => "as set up at plenigo".to_owned(),
    };
    format!(
        "<p id=\"plenigo-mode\" class=\"mode\" data-mode=\"{mode}\">{} mode</p>\n\
         <h1 id=\"plenigo-product-title\">{}</h1>\n\
         <p>Product <span id=\"plenigo-product-id\">{}</span></p>\n\
         <p>Price <span id=\"plenigo-price\">{}</span></p>\n\
         <p id=\"plenigo-customer\" data-customer-id=\"{}\">Logged in as customer \
         <span id=\"plenigo-customer-id\">{}</span> \
         (<span id=\"plenigo-customer-email\">{}</span>)</p>\n",
        if offer.test_mode { "Test" } else { "Live" },
        escape(title),
        escape(&offer.product_id),
        escape(&price),
        escape(&offer.customer_id),
        escape(&offer.customer_id),
        escape(&offer.email),
    )
}

/// The offer with its "Buy" button.
fn offer_html(offer: &Offer) -> String {
    format!(
        "{}<form id=\"plenigo-buy-form\" method=\"post\" action=\"/__sandbox/checkout/buy\">\n\
         <input type=\"hidden\" name=\"checkoutId\" value=\"{}\">\n\
         <button id=\"plenigo-buy\" type=\"submit\">Buy</button>\n</form>\n",
        details_html(offer),
        escape(&offer.checkout_id),
    )
}

/// The confirmation after "Buy".
fn done_html(offer: &Offer) -> String {
    format!(
        "{}<p id=\"plenigo-done\">Thank you: the purchase is recorded.</p>\n",
        details_html(offer)
    )
}

/// The error page: plain words in `#plenigo-error`, the reason in `data-reason`.
fn error_page(error: &CheckoutError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let body = format!(
        "<h1>Checkout failed</h1>\n<p id=\"plenigo-error\" class=\"error\" data-reason=\"{}\">{}</p>\n",
        error.reason(),
        escape(&error.message()),
    );
    page(status, &body)
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escape_replaces_every_markup_character() {
        assert_eq!(
            escape(r#"<a href="x" title='y'>&amp;</a>"#),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;"
        );
        assert_eq!(escape("plain 12.99 €"), "plain 12.99 €");
    }
}

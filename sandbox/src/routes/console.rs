//! The console: one page at `/__sandbox/` (HTML, script and style embedded in the binary)
//! that shows the journal live, the state, and arms faults, all through the admin API.

use std::sync::Arc;

use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, LOCATION};
use axum::http::header::{REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::state::ServerState;

/// The page.
const HTML: &str = include_str!("../console/index.html");
/// Its script.
const SCRIPT: &str = include_str!("../console/console.js");
/// Its style sheet.
const STYLE: &str = include_str!("../console/console.css");

/// Nothing but the sandbox itself: no other origin, no inline script, no framing.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; \
    frame-ancestors 'none'";

/// The console routes.
pub(super) fn routes() -> Router<Arc<ServerState>> {
    Router::new()
        .route("/__sandbox", get(to_console))
        .route("/__sandbox/", get(|| asset(HTML, "text/html")))
        .route(
            "/__sandbox/console.js",
            get(|| asset(SCRIPT, "text/javascript")),
        )
        .route("/__sandbox/console.css", get(|| asset(STYLE, "text/css")))
}

/// `GET /__sandbox`: to the page, whose relative links need the trailing slash.
async fn to_console() -> Response {
    (StatusCode::FOUND, [(LOCATION, "/__sandbox/")]).into_response()
}

/// One of the console's files, never cached (a new sandbox build may change it).
async fn asset(text: &'static str, content_type: &'static str) -> Response {
    (
        [
            (CONTENT_TYPE, format!("{content_type}; charset=utf-8")),
            (CACHE_CONTROL, "no-store".to_owned()),
            (X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (X_FRAME_OPTIONS, "DENY".to_owned()),
            (REFERRER_POLICY, "no-referrer".to_owned()),
            (CONTENT_SECURITY_POLICY, POLICY.to_owned()),
        ],
        text,
    )
        .into_response()
}

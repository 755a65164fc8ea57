//! The HTTP routes: plenigo's API under `/api/v2`, the admin API under `/__sandbox/`, its
//! console page and the checkout stand-in (plenigo's JavaScript SDK path and its overlay pages).
//!
//! Routing works on the raw (still percent-encoded) path, so `a%2Fb` is one segment;
//! [`input::Ids`] then decodes each segment exactly once.

mod admin;
mod apps;
mod checkout;
mod console;
mod input;
mod users;

use std::sync::Arc;

use axum::http::Uri;
use axum::routing::{delete, get, post, put};
use axum::Router;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::{Company, ServerState, World};

/// All routes, without the API pipeline (faults, journal, log) that `server` adds.
pub(crate) fn router(state: Arc<ServerState>) -> Router {
    Router::new()
        .route(
            "/api/v2/access/app/token/{customer}",
            post(apps::request_app_token),
        )
        .route(
            "/api/v2/access/app/{customer}",
            post(apps::request_app_id).get(apps::customer_apps),
        )
        .route(
            "/api/v2/access/app/{customer}/{second}",
            delete(apps::delete_customer_app),
        )
        .route(
            "/api/v2/access/app/{customer}/{second}/{third}",
            get(apps::has_user_bought),
        )
        .route("/api/v2/externalUser/register", post(users::register))
        .route(
            "/api/v2/externalUser/{customer}/createLoginToken",
            post(users::create_login_token),
        )
        .route(
            "/api/v2/externalUser/{customer}/changeEmail",
            put(users::change_email),
        )
        .route(
            "/api/v2/externalUser/{customer}/addExternalUserId",
            put(users::add_external_user_id),
        )
        .route(
            "/api/v2/import/customerAccess",
            post(users::import_customer_access),
        )
        .route("/api/v2/user/product", get(users::has_bought_product))
        .route(
            "/api/v2/user/{customer}/address",
            put(users::change_address),
        )
        .merge(admin::routes())
        .merge(checkout::routes())
        .merge(console::routes())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}

/// The caller's company (it may have been replaced or reset since the token was checked).
fn caller_company<'w>(world: &'w mut World, caller: &Caller) -> Result<&'w mut Company, ApiError> {
    world
        .companies
        .get_mut(&caller.company_id)
        .ok_or_else(|| ApiError::unauthorized("unknown company"))
}

/// No route: 400 for an empty path segment (an empty ID), else 404.
async fn not_found(uri: Uri) -> ApiError {
    let path = uri.path();
    if path.starts_with("/api/") && path.split('/').skip(1).any(str::is_empty) {
        ApiError::bad_request("empty path segment")
    } else {
        ApiError::not_found(format!("no route for {path}"))
    }
}

/// A route exists but not for this method.
async fn method_not_allowed() -> ApiError {
    ApiError::new(405, "method not allowed")
}

//! The admin API under `/__sandbox/` (no auth, never journaled): reset, companies,
//! products, purchases, the state dump, customer and login-token views, the domain clock,
//! the journal (waiting for new entries), faults (armed, disarmed), checkout `paymentData`
//! verification and connection counts. The console page uses nothing else.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use super::input::{flag, id, json_body, Ids, Query};
use crate::auth::verify_payment_data;
use crate::error::{ApiError, ApiResult};
use crate::faults::Fault;
use crate::journal::JournalEntry;
use crate::state::{CompanySpec, RedeemError, ServerState};

/// The admin routes.
pub(super) fn routes() -> Router<Arc<ServerState>> {
    Router::new()
        .route("/__sandbox/reset", post(reset))
        .route("/__sandbox/state", get(dump_state))
        .route("/__sandbox/companies", post(add_company))
        .route("/__sandbox/products", post(add_product))
        .route("/__sandbox/purchases", post(add_purchase))
        .route("/__sandbox/customers/{company}/{customer}", get(customer))
        .route("/__sandbox/login-tokens/{token}", get(login_token))
        .route("/__sandbox/login-tokens/{token}/redeem", post(redeem))
        .route("/__sandbox/clock", post(advance_clock))
        .route("/__sandbox/journal", get(journal).delete(clear_journal))
        .route(
            "/__sandbox/faults",
            get(armed_faults).post(add_fault).delete(clear_faults),
        )
        .route("/__sandbox/faults/{id}", delete(disarm_fault))
        .route("/__sandbox/payment-data/verify", post(verify))
        .route("/__sandbox/connections", get(connections))
}

/// `POST /__sandbox/reset`: fixture state back; journal, faults, clock, replay cache cleared;
/// accepted and API connection counts zeroed.
async fn reset(State(state): State<Arc<ServerState>>) -> ApiResult {
    state.reset();
    Ok(Json(json!({})))
}

/// `GET /__sandbox/connections`: `{accepted, api, open}` (see [`crate::Connections`]).
async fn connections(State(state): State<Arc<ServerState>>) -> ApiResult {
    Ok(Json(json!(state.connections.snapshot())))
}

/// `GET /__sandbox/state`: every company with its catalogue, customers, holdings per
/// mode and login tokens (secrets only counted), and the domain clock.
async fn dump_state(State(state): State<Arc<ServerState>>) -> ApiResult {
    Ok(Json(state.world().dump()))
}

/// The body of `POST /__sandbox/products`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProductRequest {
    #[serde(default)]
    company_id: String,
    #[serde(default)]
    product_id: String,
}

/// `POST /__sandbox/products`: adds a product to a company's catalogue; 404 unknown company.
async fn add_product(State(state): State<Arc<ServerState>>, body: Bytes) -> ApiResult {
    let request: ProductRequest = json_body(&body)?;
    let mut world = state.world();
    if !world.companies.contains_key(&request.company_id) {
        return Err(ApiError::not_found("unknown company"));
    }
    world
        .add_product(&request.company_id, &request.product_id)
        .map_err(ApiError::bad_request)?;
    Ok(Json(json!({})))
}

/// `POST /__sandbox/companies`: adds (or replaces) a company.
async fn add_company(State(state): State<Arc<ServerState>>, body: Bytes) -> ApiResult {
    let spec: CompanySpec = json_body(&body)?;
    state
        .world()
        .add_company(&spec)
        .map_err(ApiError::bad_request)?;
    Ok(Json(json!({ "companyId": spec.company_id })))
}

/// The body of `POST /__sandbox/purchases`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PurchaseRequest {
    #[serde(default)]
    company_id: String,
    #[serde(default, deserialize_with = "id")]
    customer_id: Option<String>,
    #[serde(default)]
    product_id: String,
    #[serde(default, deserialize_with = "flag")]
    test_mode: bool,
}

/// `POST /__sandbox/purchases`: records a purchase, creating the customer if needed.
async fn add_purchase(State(state): State<Arc<ServerState>>, body: Bytes) -> ApiResult {
    let request: PurchaseRequest = json_body(&body)?;
    let mut world = state.world();
    if !world.companies.contains_key(&request.company_id) {
        return Err(ApiError::not_found("unknown company"));
    }
    world
        .add_purchase(
            &request.company_id,
            request.customer_id.as_deref().unwrap_or(""),
            &request.product_id,
            request.test_mode,
        )
        .map_err(ApiError::bad_request)?;
    Ok(Json(json!({})))
}

/// `GET /__sandbox/customers/{companyId}/{customerId}`: the admin customer view.
async fn customer(
    State(state): State<Arc<ServerState>>,
    Ids([company_id, customer_id]): Ids<2>,
) -> ApiResult {
    state
        .world()
        .customer_view(&company_id, &customer_id)
        .map(Json)
        .ok_or_else(|| ApiError::not_found("unknown customer"))
}

/// `GET /__sandbox/login-tokens/{token}`: the admin login-token view.
async fn login_token(State(state): State<Arc<ServerState>>, Ids([token]): Ids<1>) -> ApiResult {
    state
        .world()
        .login_token_view(&token)
        .map(Json)
        .ok_or_else(|| ApiError::not_found("unknown login token"))
}

/// `POST /__sandbox/login-tokens/{token}/redeem`: 200 once, then 409; 410 expired; 404.
async fn redeem(State(state): State<Arc<ServerState>>, Ids([token]): Ids<1>) -> ApiResult {
    let mut world = state.world();
    match world.redeem_login_token(&token) {
        Ok(_) => Ok(Json(world.login_token_view(&token).unwrap_or_default())),
        Err(RedeemError::Unknown) => Err(ApiError::not_found("unknown login token")),
        Err(RedeemError::AlreadyRedeemed) => {
            Err(ApiError::conflict("login token already redeemed"))
        }
        Err(RedeemError::Expired) => Err(ApiError::new(410, "login token expired")),
    }
}

/// The body of `POST /__sandbox/clock`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ClockRequest {
    advance_seconds: u64,
}

/// `POST /__sandbox/clock`: moves the domain clock forward; answers `{"now": <unix s>}`.
async fn advance_clock(State(state): State<Arc<ServerState>>, body: Bytes) -> ApiResult {
    let request: ClockRequest = json_body(&body)?;
    let mut world = state.world();
    world
        .advance_clock(request.advance_seconds)
        .map_err(ApiError::bad_request)?;
    Ok(Json(json!({ "now": world.now() })))
}

/// `GET /__sandbox/journal?after=ID&wait=SECONDS`: the journal as a JSON array, oldest
/// first; with `after` only the entries numbered above it, and with `wait` (at most 30)
/// an empty answer comes only after waiting that long for the next entry.
async fn journal(
    State(state): State<Arc<ServerState>>,
    query: Query,
) -> ApiResult<Json<Vec<JournalEntry>>> {
    let number = |name: &str| -> Result<u64, ApiError> {
        query
            .get(name)
            .filter(|v| !v.is_empty())
            .map_or(Ok(0), |v| {
                v.parse()
                    .map_err(|_| ApiError::bad_request(format!("{name} must be a whole number")))
            })
    };
    let after = number("after")?;
    let wait = Duration::from_secs(number("wait")?);
    Ok(Json(state.journal.wait_after(after, wait).await))
}

/// `DELETE /__sandbox/journal`.
async fn clear_journal(State(state): State<Arc<ServerState>>) -> ApiResult {
    state.journal.clear();
    Ok(Json(json!({})))
}

/// `GET /__sandbox/faults`: the armed faults in the order they apply, each with its `id`
/// and the uses `left`.
async fn armed_faults(State(state): State<Arc<ServerState>>) -> ApiResult {
    Ok(Json(json!(state.faults.armed())))
}

/// `POST /__sandbox/faults`: arms a fault; answers `{"id": N}`.
async fn add_fault(State(state): State<Arc<ServerState>>, body: Bytes) -> ApiResult {
    let fault: Fault = json_body(&body)?;
    let id = state.faults.add(fault).map_err(ApiError::bad_request)?;
    Ok(Json(json!({ "id": id })))
}

/// `DELETE /__sandbox/faults/{id}`: disarms one fault; 404 when it is not armed.
async fn disarm_fault(State(state): State<Arc<ServerState>>, Ids([id]): Ids<1>) -> ApiResult {
    let id: u64 = id
        .parse()
        .map_err(|_| ApiError::bad_request("the fault ID must be a whole number"))?;
    if state.faults.remove(id) {
        Ok(Json(json!({})))
    } else {
        Err(ApiError::not_found("no armed fault with this ID"))
    }
}

/// `DELETE /__sandbox/faults`.
async fn clear_faults(State(state): State<Arc<ServerState>>) -> ApiResult {
    state.faults.clear();
    Ok(Json(json!({})))
}

/// The body of `POST /__sandbox/payment-data/verify`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct VerifyRequest {
    company_id: String,
    payment_data: String,
}

/// `POST /__sandbox/payment-data/verify`: 200 `{"claims": {...}}` when the checkout
/// `paymentData` is signed with one of the company's secrets; 400 otherwise.
async fn verify(State(state): State<Arc<ServerState>>, body: Bytes) -> ApiResult {
    let request: VerifyRequest = json_body(&body)?;
    let world = state.world();
    let company = world
        .companies
        .get(&request.company_id)
        .ok_or_else(|| ApiError::not_found("unknown company"))?;
    let claims = verify_payment_data(&company.secrets, &request.payment_data)
        .map_err(ApiError::bad_request)?;
    Ok(Json(json!({ "claims": claims })))
}

//! App Management: app tokens, customer apps and the per-app access check.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::caller_company;
use super::input::{flag, json_body, Ids, Query};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::state::{AppToken, Company, CustomerApp, ServerState};

/// 423 when the customer already holds as many apps as the company allows.
fn check_limit(company: &Company, apps: usize) -> Result<(), ApiError> {
    if apps >= company.max_parallel_app_accesses as usize {
        Err(ApiError::new(423, "limit of parallel app accesses reached"))
    } else {
        Ok(())
    }
}

/// The body of a token request.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TokenRequest {
    #[serde(default, deserialize_with = "flag")]
    test_mode: bool,
    product_id: Option<String>,
    description: Option<String>,
}

/// `POST /api/v2/access/app/token/{customerId}`: a single-use app token.
pub(super) async fn request_app_token(
    State(state): State<Arc<ServerState>>,
    caller: Caller,
    Ids([customer_id]): Ids<1>,
    body: Bytes,
) -> ApiResult {
    let request: TokenRequest = json_body(&body)?;
    let (Some(product_id), Some(description)) = (
        request.product_id.filter(|p| !p.is_empty()),
        request.description.filter(|d| !d.is_empty()),
    ) else {
        return Err(ApiError::bad_request(
            "productId and description are required",
        ));
    };
    let mode = request.test_mode;
    let mut world = state.world();
    let company = caller_company(&mut world, &caller)?;
    let owned = company
        .customers
        .get(&customer_id)
        .is_some_and(|c| c.holdings(mode).purchases.contains(&product_id));
    if !owned {
        return Err(ApiError::new(
            412,
            "the customer has not bought this product",
        ));
    }
    let apps = company.customers[&customer_id].holdings(mode).apps.len();
    check_limit(company, apps)?;
    let token = company.new_app_token(mode);
    if let Some(customer) = company.customers.get_mut(&customer_id) {
        customer.holdings_mut(mode).tokens.push(AppToken {
            token: token.clone(),
            product_id,
            description: description.clone(),
        });
    }
    Ok(Json(json!({
        "customerId": customer_id,
        "token": token,
        "description": description,
    })))
}

/// The body of an app ID request.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AppIdRequest {
    #[serde(default, deserialize_with = "flag")]
    test_mode: bool,
    access_token: Option<String>,
}

/// `POST /api/v2/access/app/{customerId}`: exchanges an app token for a customer app.
pub(super) async fn request_app_id(
    State(state): State<Arc<ServerState>>,
    caller: Caller,
    Ids([customer_id]): Ids<1>,
    body: Bytes,
) -> ApiResult {
    let request: AppIdRequest = json_body(&body)?;
    let Some(access_token) = request.access_token.filter(|t| !t.is_empty()) else {
        return Err(ApiError::bad_request("accessToken is required"));
    };
    let mode = request.test_mode;
    let mut world = state.world();
    let company = caller_company(&mut world, &caller)?;
    let invalid = || ApiError::forbidden("the access token is not valid");
    let holdings = company
        .customers
        .get(&customer_id)
        .ok_or_else(invalid)?
        .holdings(mode);
    let index = holdings
        .tokens
        .iter()
        .position(|t| t.token == access_token)
        .ok_or_else(invalid)?;
    check_limit(company, holdings.apps.len())?;
    let app_id = company.new_customer_app_id(mode);
    let holdings = company
        .customers
        .get_mut(&customer_id)
        .ok_or_else(invalid)?
        .holdings_mut(mode);
    let token = holdings.tokens.remove(index);
    let app = CustomerApp {
        id: app_id,
        product_id: token.product_id,
        description: token.description,
    };
    let answer = app.to_json(&customer_id);
    holdings.apps.push(app);
    Ok(Json(answer))
}

/// `GET /api/v2/access/app/{customerId}/{productId}/{customerAppId}`: 200 when the app
/// exists for that product and the customer owns the product, else 403.
pub(super) async fn has_user_bought(
    State(state): State<Arc<ServerState>>,
    caller: Caller,
    Ids([customer_id, product_id, app_id]): Ids<3>,
    query: Query,
) -> ApiResult {
    let mode = query.flag("testMode")?;
    let mut world = state.world();
    let company = caller_company(&mut world, &caller)?;
    let granted = company.customers.get(&customer_id).is_some_and(|c| {
        let holdings = c.holdings(mode);
        holdings.purchases.contains(&product_id)
            && holdings
                .apps
                .iter()
                .any(|a| a.id == app_id && a.product_id == product_id)
    });
    if granted {
        Ok(Json(json!({ "accessGranted": true })))
    } else {
        Err(ApiError::forbidden("no access to this product"))
    }
}

/// `GET /api/v2/access/app/{customerId}`: the customer's apps in this mode.
pub(super) async fn customer_apps(
    State(state): State<Arc<ServerState>>,
    caller: Caller,
    Ids([customer_id]): Ids<1>,
    query: Query,
) -> ApiResult {
    let mode = query.flag("testMode")?;
    let mut world = state.world();
    let company = caller_company(&mut world, &caller)?;
    let apps: Vec<Value> = company
        .customers
        .get(&customer_id)
        .map(|c| {
            c.holdings(mode)
                .apps
                .iter()
                .map(|a| a.to_json(&customer_id))
                .collect()
        })
        .unwrap_or_default();
    Ok(Json(json!({ "apps": apps })))
}

/// `DELETE /api/v2/access/app/{customerId}/{customerAppId}`: removes a customer app.
pub(super) async fn delete_customer_app(
    State(state): State<Arc<ServerState>>,
    caller: Caller,
    Ids([customer_id, app_id]): Ids<2>,
    query: Query,
) -> ApiResult {
    let mode = query.flag("testMode")?;
    let mut world = state.world();
    let company = caller_company(&mut world, &caller)?;
    let apps = company
        .customers
        .get_mut(&customer_id)
        .map(|c| &mut c.holdings_mut(mode).apps);
    match apps.and_then(|apps| Some((apps.iter().position(|a| a.id == app_id)?, apps))) {
        Some((index, apps)) => {
            apps.remove(index);
            Ok(Json(json!({})))
        }
        None => Err(ApiError::not_found("unknown customer app")),
    }
}

//! External User Management: registration, login tokens, e-mail and address changes,
//! access IDs, external IDs, and the product check by any customer ID.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use super::caller_company;
use super::input::{flag, id, json_body, Ids, Query};
use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::state::{Address, Company, Customer, ServerState, World};

/// The caller's company, which must be qualified for a closed user group.
fn closed_group_company<'w>(
    world: &'w mut World,
    caller: &Caller,
) -> Result<&'w mut Company, ApiError> {
    let company = caller_company(world, caller)?;
    if company.closed_user_group {
        Ok(company)
    } else {
        Err(ApiError::forbidden(
            "the company is not qualified for a closed user group",
        ))
    }
}

/// A customer by plenigo ID, or by external ID when `by_external`.
fn customer_mut<'c>(
    company: &'c mut Company,
    key: &str,
    by_external: bool,
) -> Result<&'c mut Customer, ApiError> {
    company
        .resolve(key, by_external)
        .and_then(|id| company.customers.get_mut(&id))
        .ok_or_else(|| ApiError::not_found("customer not found"))
}

/// A plausible e-mail address: one `@`, a non-empty local part, a dotted domain, no spaces.
fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    email.len() <= 254
        && !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty())
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// An e-mail address from a body, checked.
fn email_field(email: Option<String>) -> Result<String, ApiError> {
    email
        .filter(|e| valid_email(e))
        .ok_or_else(|| ApiError::bad_request("email is not a valid e-mail address"))
}

/// The body of a registration.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RegisterRequest {
    email: Option<String>,
    language: Option<String>,
    #[serde(default, deserialize_with = "id")]
    external_user_id: Option<String>,
    first_name: Option<String>,
    name: Option<String>,
    /// Accepted (and checked to be a flag) but without effect: the sandbox sends no mail.
    #[serde(default, deserialize_with = "flag", rename = "withPasswordReset")]
    _with_password_reset: bool,
    #[serde(default, deserialize_with = "flag")]
    fail_by_existing_email: bool,
}

/// `POST /api/v2/externalUser/register`: a new customer, or the existing one's ID.
pub(super) async fn register(
    State(state): State<Arc<ServerState>>,
    caller: Caller,
    body: Bytes,
) -> ApiResult {
    let request: RegisterRequest = json_body(&body)?;
    let mut world = state.world();
    let company = closed_group_company(&mut world, &caller)?;
    let email = email_field(request.email)?;
    let language = request
        .language
        .filter(|l| l.len() == 2 && l.chars().all(|c| c.is_ascii_alphabetic()))
        .ok_or_else(|| ApiError::bad_request("language must be a two-letter code"))?;
    if let Some(existing) = company.email_owner(&email) {
        if request.fail_by_existing_email {
            return Err(ApiError::conflict(
                "the e-mail address is already registered",
            ));
        }
        return Ok(Json(json!({ "customerId": existing.id })));
    }
    if let Some(external) = &request.external_user_id {
        if company.external_owner(external).is_some() {
            return Err(ApiError::conflict("the external user ID is taken"));
        }
    }
    let id = company.new_customer_id();
    let mut customer = Customer::new(&id, Some(email), Some(language));
    customer.first_name = request.first_name;
    customer.name = request.name;
    customer.external_user_id = request.external_user_id;
    company.customers.insert(id.clone(), customer);
    Ok(Json(json!({ "customerId": id })))
}

/// `POST /api/v2/externalUser/{customerId}/createLoginToken`: a login token valid for
/// five minutes of the domain clock.
pub(super) async fn create_login_token(
    State(state): State<Arc<ServerState>>,
    caller: Caller,
    Ids([key]): Ids<1>,
    query: Query,
) -> ApiResult {
    let by_external = query.flag("useExternalCustomerId")?;
    let mut world = state.world();
    let customer_id = customer_mut(
        closed_group_company(&mut world, &caller)?,
        &key,
        by_external,
    )?
    .id
    .clone();
    let token = world.issue_login_token(&caller.company_id, &customer_id);
    Ok(Json(json!({ "loginToken": token })))
}

/// The body of an e-mail change.
#[derive(Deserialize)]
struct ChangeEmailRequest {
    email: Option<String>,
}

/// `PUT /api/v2/externalUser/{customerId}/changeEmail`.
pub(super) async fn change_email(
    State(state): State<Arc<ServerState>>,
    caller: Caller,
    Ids([key]): Ids<1>,
    query: Query,
    body: Bytes,
) -> ApiResult {
    let by_external = query.flag("useExternalCustomerId")?;
    let request: ChangeEmailRequest = json_body(&body)?;
    let mut world = state.world();
    let company = closed_group_company(&mut world, &caller)?;
    let email = email_field(request.email)?;
    let id = customer_mut(company, &key, by_external)?.id.clone();
    if company.email_owner(&email).is_some_and(|c| c.id != id) {
        return Err(ApiError::conflict(
            "the e-mail address is used by another customer",
        ));
    }
    customer_mut(company, &id, false)?.email = email;
    Ok(Json(json!({})))
}

/// The genders plenigo's `Address` takes.
const GENDERS: [&str; 3] = ["MALE", "FEMALE", "DIVERSE"];

/// The body of an address change (other fields are ignored).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChangeAddressRequest {
    gender: Option<String>,
    first_name: Option<String>,
    name: Option<String>,
    street: Option<String>,
    additional_address_info: Option<String>,
    #[serde(default, deserialize_with = "id")]
    post_code: Option<String>,
    city: Option<String>,
    country: Option<String>,
}

impl ChangeAddressRequest {
    /// The address, checked: a known gender (any case, kept upper-case), and a country
    /// with a street. Empty texts count as absent.
    fn into_address(self) -> Result<Address, ApiError> {
        let gender = self
            .gender
            .map(|g| g.trim().to_ascii_uppercase())
            .filter(|g| GENDERS.contains(&g.as_str()))
            .ok_or_else(|| ApiError::bad_request("gender must be MALE, FEMALE or DIVERSE"))?;
        let given = |text: Option<String>| text.filter(|t| !t.trim().is_empty());
        let street = given(self.street);
        let country = given(self.country);
        if street.is_some() && country.is_none() {
            return Err(ApiError::bad_request("country is required with a street"));
        }
        Ok(Address {
            gender,
            first_name: given(self.first_name),
            name: given(self.name),
            street,
            additional_address_info: given(self.additional_address_info),
            post_code: self.post_code,
            city: given(self.city),
            country,
        })
    }
}

/// `PUT /api/v2/user/{customerId}/address`: replaces the customer's address.
pub(super) async fn change_address(
    State(state): State<Arc<ServerState>>,
    caller: Caller,
    Ids([key]): Ids<1>,
    query: Query,
    body: Bytes,
) -> ApiResult {
    let by_external = query.flag("useExternalCustomerId")?;
    let request: ChangeAddressRequest = json_body(&body)?;
    let address = request.into_address()?;
    let mut world = state.world();
    let company = caller_company(&mut world, &caller)?;
    customer_mut(company, &key, by_external)?.address = Some(address);
    Ok(Json(json!({})))
}

/// The body of an access ID import (`yourForthIdentifier` is spelled as plenigo does).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ImportRequest {
    #[serde(default, deserialize_with = "id")]
    customer_id: Option<String>,
    #[serde(default, deserialize_with = "flag")]
    use_external_customer_id: bool,
    your_first_identifier: Option<String>,
    your_second_identifier: Option<String>,
    your_third_identifier: Option<String>,
    your_forth_identifier: Option<String>,
}

/// `POST /api/v2/import/customerAccess`: replaces the customer's access IDs.
pub(super) async fn import_customer_access(
    State(state): State<Arc<ServerState>>,
    caller: Caller,
    body: Bytes,
) -> ApiResult {
    let request: ImportRequest = json_body(&body)?;
    let key = request
        .customer_id
        .ok_or_else(|| ApiError::bad_request("customerId is required"))?;
    let given: Vec<String> = [
        request.your_first_identifier,
        request.your_second_identifier,
        request.your_third_identifier,
        request.your_forth_identifier,
    ]
    .into_iter()
    .flatten()
    .collect();
    if given.is_empty() {
        return Err(ApiError::bad_request("at least one identifier is required"));
    }
    if given.iter().any(|a| a.trim().is_empty()) {
        return Err(ApiError::bad_request("an identifier must not be empty"));
    }
    let mut access_ids: Vec<String> = Vec::new();
    for access_id in given {
        if !access_ids.contains(&access_id) {
            access_ids.push(access_id);
        }
    }
    let mut world = state.world();
    let company = caller_company(&mut world, &caller)?;
    customer_mut(company, &key, request.use_external_customer_id)?.access_ids = access_ids;
    Ok(Json(json!({})))
}

/// The body of an external ID assignment.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AddExternalIdRequest {
    #[serde(default, deserialize_with = "id")]
    external_user_id: Option<String>,
}

/// `PUT /api/v2/externalUser/{customerId}/addExternalUserId`.
pub(super) async fn add_external_user_id(
    State(state): State<Arc<ServerState>>,
    caller: Caller,
    Ids([customer_id]): Ids<1>,
    body: Bytes,
) -> ApiResult {
    let request: AddExternalIdRequest = json_body(&body)?;
    let external = request
        .external_user_id
        .ok_or_else(|| ApiError::bad_request("externalUserId is required"))?;
    let mut world = state.world();
    let company = caller_company(&mut world, &caller)?;
    let taken = company.external_owner(&external).is_some();
    let customer = customer_mut(company, &customer_id, false)?;
    if customer.external_user_id.is_some() {
        return Err(ApiError::conflict(
            "the customer already has an external user ID",
        ));
    }
    if taken {
        return Err(ApiError::conflict("the external user ID is taken"));
    }
    customer.external_user_id = Some(external);
    Ok(Json(json!({})))
}

/// `GET /api/v2/user/product`: 200 when the customer (plenigo ID, access ID, or external ID
/// with `useExternalCustomerId`) bought any of the comma-separated products in this mode.
pub(super) async fn has_bought_product(
    State(state): State<Arc<ServerState>>,
    caller: Caller,
    query: Query,
) -> ApiResult {
    let key = query.required("customerId")?;
    let products: Vec<&str> = query
        .required("productId")?
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if products.is_empty() {
        return Err(ApiError::bad_request("productId is required"));
    }
    let mode = query.flag("testMode")?;
    let by_external = query.flag("useExternalCustomerId")?;
    let mut world = state.world();
    let company = caller_company(&mut world, &caller)?;
    let customer = if by_external {
        company.external_owner(key)
    } else {
        company.by_plenigo_or_access_id(key)
    };
    match customer {
        Some(c)
            if products
                .iter()
                .any(|p| c.holdings(mode).purchases.contains(*p)) =>
        {
            Ok(Json(json!({ "accessGranted": true, "customerId": c.id })))
        }
        _ => Err(ApiError::forbidden(
            "the customer cannot access these products",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::valid_email;

    #[test]
    fn email_syntax() {
        for good in ["a@b.co", "test@mail.com", "first.last+tag@sub.example.org"] {
            assert!(valid_email(good), "{good}");
        }
        for bad in [
            "", "a", "@b.co", "a@b", "a@@b.co", "a b@c.de", "a@b..de", "a@.de",
        ] {
            assert!(!valid_email(bad), "{bad}");
        }
    }
}

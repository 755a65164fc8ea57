//! App Management over the C ABI: one function per operation of `plenigo::AppManagement`.

use std::ffi::c_char;

use super::client::{call, call_out, plenigo_client};
use super::error::{plenigo_error, plenigo_status};
use super::types::{arg_str, boxed, plenigo_app_data, plenigo_app_data_list, plenigo_app_token};

/// Requests a single-use app token for a customer who bought `product_id`, into `*token_out`
/// (free it with `plenigo_app_token_free`). `PLENIGO_STATUS_PRECONDITION_FAILED` when the
/// customer has not bought the product, `PLENIGO_STATUS_LIMIT_REACHED` when the customer has
/// too many apps.
#[no_mangle]
pub unsafe extern "C" fn plenigo_request_app_token(
    client: *const plenigo_client,
    customer_id: *const c_char,
    product_id: *const c_char,
    description: *const c_char,
    token_out: *mut *mut plenigo_app_token,
    error_out: *mut *mut plenigo_error,
) -> plenigo_status {
    call_out(client, token_out, "token_out", error_out, |c| {
        let token = c.apps().request_app_token(
            arg_str(customer_id, "customer_id")?,
            arg_str(product_id, "product_id")?,
            arg_str(description, "description")?,
        )?;
        Ok(boxed(plenigo_app_token::new(token)?))
    })
}

/// Exchanges an app token for a customer app ID, into `*data_out` (free it with
/// `plenigo_app_data_free`). `PLENIGO_STATUS_TOKEN_PROBLEM` when the token is unknown, used,
/// or belongs to another customer.
#[no_mangle]
pub unsafe extern "C" fn plenigo_request_app_id(
    client: *const plenigo_client,
    customer_id: *const c_char,
    access_token: *const c_char,
    data_out: *mut *mut plenigo_app_data,
    error_out: *mut *mut plenigo_error,
) -> plenigo_status {
    call_out(client, data_out, "data_out", error_out, |c| {
        let data = c.apps().request_app_id(
            arg_str(customer_id, "customer_id")?,
            arg_str(access_token, "access_token")?,
        )?;
        Ok(boxed(plenigo_app_data::new(data)?))
    })
}

/// Whether the customer bought the product, asked through a customer app ID, into
/// `*bought_out`: false when plenigo denies access (HTTP 403); every other failure is an error.
#[no_mangle]
pub unsafe extern "C" fn plenigo_has_user_bought(
    client: *const plenigo_client,
    customer_id: *const c_char,
    product_id: *const c_char,
    customer_app_id: *const c_char,
    bought_out: *mut bool,
    error_out: *mut *mut plenigo_error,
) -> plenigo_status {
    call_out(client, bought_out, "bought_out", error_out, |c| {
        Ok(c.apps().has_user_bought(
            arg_str(customer_id, "customer_id")?,
            arg_str(product_id, "product_id")?,
            arg_str(customer_app_id, "customer_app_id")?,
        )?)
    })
}

/// The customer apps registered for a customer, into `*list_out` (free it with
/// `plenigo_app_data_list_free`).
#[no_mangle]
pub unsafe extern "C" fn plenigo_get_customer_apps(
    client: *const plenigo_client,
    customer_id: *const c_char,
    list_out: *mut *mut plenigo_app_data_list,
    error_out: *mut *mut plenigo_error,
) -> plenigo_status {
    call_out(client, list_out, "list_out", error_out, |c| {
        let apps = c
            .apps()
            .get_customer_apps(arg_str(customer_id, "customer_id")?)?;
        Ok(boxed(plenigo_app_data_list::new(apps)?))
    })
}

/// Removes a customer app. `PLENIGO_STATUS_NOT_FOUND` for an unknown app.
#[no_mangle]
pub unsafe extern "C" fn plenigo_delete_customer_app(
    client: *const plenigo_client,
    customer_id: *const c_char,
    customer_app_id: *const c_char,
    error_out: *mut *mut plenigo_error,
) -> plenigo_status {
    call(client, error_out, |c| {
        let app = arg_str(customer_app_id, "customer_app_id")?;
        Ok(c.apps()
            .delete_customer_app(arg_str(customer_id, "customer_id")?, app)?)
    })
}

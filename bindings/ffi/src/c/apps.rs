//! App Management over the C ABI: one function per operation of `plenigo::AppManagement`.

use std::ffi::c_char;

use super::client::{arg_client, plenigo_client};
use super::error::{plenigo_error, plenigo_status, run};
use super::types::{
    arg_out, arg_str, boxed, plenigo_app_data, plenigo_app_data_list, plenigo_app_token,
};

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
    run(error_out, || {
        let client = arg_client(client)?;
        let customer_id = arg_str(customer_id, "customer_id")?;
        let product_id = arg_str(product_id, "product_id")?;
        let description = arg_str(description, "description")?;
        let out = arg_out(token_out, "token_out")?;
        let token = client
            .apps()
            .request_app_token(customer_id, product_id, description)?;
        *out = boxed(plenigo_app_token::new(token)?);
        Ok(())
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
    run(error_out, || {
        let client = arg_client(client)?;
        let customer_id = arg_str(customer_id, "customer_id")?;
        let access_token = arg_str(access_token, "access_token")?;
        let out = arg_out(data_out, "data_out")?;
        let data = client.apps().request_app_id(customer_id, access_token)?;
        *out = boxed(plenigo_app_data::new(data)?);
        Ok(())
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
    run(error_out, || {
        let client = arg_client(client)?;
        let customer_id = arg_str(customer_id, "customer_id")?;
        let product_id = arg_str(product_id, "product_id")?;
        let customer_app_id = arg_str(customer_app_id, "customer_app_id")?;
        let out = arg_out(bought_out, "bought_out")?;
        *out = client
            .apps()
            .has_user_bought(customer_id, product_id, customer_app_id)?;
        Ok(())
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
    run(error_out, || {
        let client = arg_client(client)?;
        let customer_id = arg_str(customer_id, "customer_id")?;
        let out = arg_out(list_out, "list_out")?;
        let apps = client.apps().get_customer_apps(customer_id)?;
        *out = boxed(plenigo_app_data_list::new(apps)?);
        Ok(())
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
    run(error_out, || {
        let client = arg_client(client)?;
        let customer_id = arg_str(customer_id, "customer_id")?;
        let customer_app_id = arg_str(customer_app_id, "customer_app_id")?;
        client
            .apps()
            .delete_customer_app(customer_id, customer_app_id)?;
        Ok(())
    })
}

//! External User Management over the C ABI: one function per operation of
//! `plenigo::UserManagement`.

use std::ffi::c_char;
use std::ptr;

use plenigo::{Address, UserRegistration};

use super::checkout::owned;
use super::client::{call, call_out, plenigo_client};
use super::error::{plenigo_error, plenigo_status, run};
use super::types::{arg_str, arg_str_array, init_sized, into_c_string, read_sized};

/// Registers a customer, into `*customer_id_out` (free it with `plenigo_string_free`).
/// `external_user_id`, `first_name` and `name` may be NULL. With `fail_by_existing_email`
/// false a known e-mail gives the existing customer's ID; with true it fails with
/// `PLENIGO_STATUS_CONFLICT`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn plenigo_register_user(
    client: *const plenigo_client,
    email: *const c_char,
    language: *const c_char,
    external_user_id: *const c_char,
    first_name: *const c_char,
    name: *const c_char,
    with_password_reset: bool,
    fail_by_existing_email: bool,
    customer_id_out: *mut *mut c_char,
    error_out: *mut *mut plenigo_error,
) -> plenigo_status {
    call_out(client, customer_id_out, "customer_id_out", error_out, |c| {
        let mut user =
            UserRegistration::new(arg_str(email, "email")?, arg_str(language, "language")?);
        user.external_user_id = owned(external_user_id, "external_user_id")?;
        user.first_name = owned(first_name, "first_name")?;
        user.name = owned(name, "name")?;
        user.with_password_reset = with_password_reset;
        user.fail_by_existing_email = fail_by_existing_email;
        into_c_string(c.users().register_user(&user)?)
    })
}

/// Creates a login token for the customer, valid for 5 minutes, into `*token_out` (free it
/// with `plenigo_string_free`). `PLENIGO_STATUS_NOT_FOUND` for an unknown customer.
#[no_mangle]
pub unsafe extern "C" fn plenigo_create_login_token(
    client: *const plenigo_client,
    customer_id: *const c_char,
    use_external_customer_id: bool,
    token_out: *mut *mut c_char,
    error_out: *mut *mut plenigo_error,
) -> plenigo_status {
    call_out(client, token_out, "token_out", error_out, |c| {
        let customer_id = arg_str(customer_id, "customer_id")?;
        into_c_string(
            c.users()
                .create_login_token(customer_id, use_external_customer_id)?,
        )
    })
}

/// Changes the customer's e-mail address. `PLENIGO_STATUS_CONFLICT` when another customer
/// has it.
#[no_mangle]
pub unsafe extern "C" fn plenigo_change_email(
    client: *const plenigo_client,
    customer_id: *const c_char,
    email: *const c_char,
    use_external_customer_id: bool,
    error_out: *mut *mut plenigo_error,
) -> plenigo_status {
    call(client, error_out, |c| {
        let email = arg_str(email, "email")?;
        let customer_id = arg_str(customer_id, "customer_id")?;
        Ok(c.users()
            .change_email(customer_id, email, use_external_customer_id)?)
    })
}

/// A postal address for `plenigo_change_address`. Fill it with
/// `plenigo_address_init(&address, sizeof address)` first; NULL strings are unset. Strings are
/// copied by the call.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct plenigo_address {
    /// The size of the caller's struct, set by `plenigo_address_init`.
    pub size: usize,
    /// "MALE", "FEMALE" or "DIVERSE" (any case; required).
    pub gender: *const c_char,
    /// The given name.
    pub first_name: *const c_char,
    /// The family name.
    pub name: *const c_char,
    /// Street and number.
    pub street: *const c_char,
    /// A second address line.
    pub additional_address_info: *const c_char,
    /// The post code.
    pub post_code: *const c_char,
    /// The city.
    pub city: *const c_char,
    /// The country, required with a street (e.g. "DE").
    pub country: *const c_char,
}

impl plenigo_address {
    /// Nothing set.
    fn unset() -> Self {
        plenigo_address {
            size: std::mem::size_of::<Self>(),
            gender: ptr::null(),
            first_name: ptr::null(),
            name: ptr::null(),
            street: ptr::null(),
            additional_address_info: ptr::null(),
            post_code: ptr::null(),
            city: ptr::null(),
            country: ptr::null(),
        }
    }
}

/// Fills `address` (a struct of `size` bytes: pass `sizeof address`) with nothing set.
#[no_mangle]
pub unsafe extern "C" fn plenigo_address_init(
    address: *mut plenigo_address,
    size: usize,
) -> plenigo_status {
    run(ptr::null_mut(), || {
        init_sized(address, size, plenigo_address::unset(), "address")
    })
}

/// Changes the customer's postal address. `PLENIGO_STATUS_NOT_FOUND` for an unknown customer.
#[no_mangle]
pub unsafe extern "C" fn plenigo_change_address(
    client: *const plenigo_client,
    customer_id: *const c_char,
    address: *const plenigo_address,
    use_external_customer_id: bool,
    error_out: *mut *mut plenigo_error,
) -> plenigo_status {
    call(client, error_out, |c| {
        let customer_id = arg_str(customer_id, "customer_id")?;
        let a = read_sized(address, plenigo_address::unset(), "address")?;
        let mut address = Address::new(arg_str(a.gender, "gender")?);
        address.first_name = owned(a.first_name, "first_name")?;
        address.name = owned(a.name, "name")?;
        address.street = owned(a.street, "street")?;
        address.additional_address_info =
            owned(a.additional_address_info, "additional_address_info")?;
        address.post_code = owned(a.post_code, "post_code")?;
        address.city = owned(a.city, "city")?;
        address.country = owned(a.country, "country")?;
        let users = c.users();
        Ok(users.change_address(customer_id, &address, use_external_customer_id)?)
    })
}

/// Gives the customer one to four access IDs (`access_ids_len` strings at `access_ids`).
#[no_mangle]
pub unsafe extern "C" fn plenigo_import_customer_access(
    client: *const plenigo_client,
    customer_id: *const c_char,
    use_external_customer_id: bool,
    access_ids: *const *const c_char,
    access_ids_len: usize,
    error_out: *mut *mut plenigo_error,
) -> plenigo_status {
    call(client, error_out, |c| {
        let ids = arg_str_array(access_ids, access_ids_len, "access_ids")?;
        let customer_id = arg_str(customer_id, "customer_id")?;
        let users = c.users();
        Ok(users.import_customer_access(customer_id, use_external_customer_id, &ids)?)
    })
}

/// Adds your external ID to a customer who has none yet. `PLENIGO_STATUS_CONFLICT` when the
/// customer has one or the ID is taken.
#[no_mangle]
pub unsafe extern "C" fn plenigo_add_external_user_id(
    client: *const plenigo_client,
    customer_id: *const c_char,
    external_user_id: *const c_char,
    error_out: *mut *mut plenigo_error,
) -> plenigo_status {
    call(client, error_out, |c| {
        let external = arg_str(external_user_id, "external_user_id")?;
        Ok(c.users()
            .add_external_user_id(arg_str(customer_id, "customer_id")?, external)?)
    })
}

/// Whether the customer bought any of the `product_ids_len` products at `product_ids`, into
/// `*bought_out`. `customer_id` is a plenigo customer ID, an imported access ID, or (with
/// `use_external_customer_id`) your external ID. False when plenigo denies access (HTTP 403).
#[no_mangle]
pub unsafe extern "C" fn plenigo_has_bought_product(
    client: *const plenigo_client,
    customer_id: *const c_char,
    product_ids: *const *const c_char,
    product_ids_len: usize,
    use_external_customer_id: bool,
    bought_out: *mut bool,
    error_out: *mut *mut plenigo_error,
) -> plenigo_status {
    call_out(client, bought_out, "bought_out", error_out, |c| {
        let ids = arg_str_array(product_ids, product_ids_len, "product_ids")?;
        let customer_id = arg_str(customer_id, "customer_id")?;
        Ok(c.users()
            .has_bought_product(customer_id, &ids, use_external_customer_id)?)
    })
}

//! Strings and result structs across the boundary: reading the caller's arguments, handing out
//! owned values, and the free functions for them.

use std::ffi::{c_char, CStr, CString};
use std::ptr;

use super::error::{guard, plenigo_error};
use plenigo::{AppAccessData, AppAccessToken};

/// A single-use app token (see `plenigo_request_app_token`). Free it with
/// `plenigo_app_token_free`; its strings belong to it.
#[repr(C)]
pub struct plenigo_app_token {
    /// The customer the token is for.
    pub customer_id: *mut c_char,
    /// The token to hand to the third party.
    pub token: *mut c_char,
    /// The description given when it was requested.
    pub description: *mut c_char,
}

/// A customer app (see `plenigo_request_app_id`). Free it with `plenigo_app_data_free`; its
/// strings belong to it.
#[repr(C)]
pub struct plenigo_app_data {
    /// The customer.
    pub customer_id: *mut c_char,
    /// The customer app ID the third party keeps.
    pub customer_app_id: *mut c_char,
    /// The product the app may check.
    pub product_id: *mut c_char,
    /// The description given with the app token.
    pub description: *mut c_char,
}

/// A list of customer apps (see `plenigo_get_customer_apps`). Free it with
/// `plenigo_app_data_list_free`; the items belong to it.
#[repr(C)]
pub struct plenigo_app_data_list {
    /// `len` customer apps (NULL when `len` is 0).
    pub items: *mut plenigo_app_data,
    /// How many items there are.
    pub len: usize,
}

/// Moves a Rust string to C; fails when it holds a NUL byte.
pub(super) fn into_c_string(s: String) -> Result<*mut c_char, plenigo_error> {
    CString::new(s)
        .map(CString::into_raw)
        .map_err(|_| plenigo_error::nul_in_response("a string"))
}

/// Frees a string made by [`into_c_string`]; NULL is ignored.
unsafe fn drop_c_string(s: *mut c_char) {
    if !s.is_null() {
        drop(CString::from_raw(s));
    }
}

/// Moves several strings to C, all or none.
fn into_c_strings<const N: usize>(strings: [String; N]) -> Result<[*mut c_char; N], plenigo_error> {
    let mut out = [ptr::null_mut(); N];
    for (slot, s) in out.iter_mut().zip(strings) {
        match into_c_string(s) {
            Ok(p) => *slot = p,
            Err(e) => {
                // SAFETY: every filled slot came from `into_c_string`; the rest are NULL.
                out.iter().for_each(|p| unsafe { drop_c_string(*p) });
                return Err(e);
            }
        }
    }
    Ok(out)
}

impl plenigo_app_token {
    pub(super) fn new(t: AppAccessToken) -> Result<Self, plenigo_error> {
        let [customer_id, token, description] =
            into_c_strings([t.customer_id, t.token, t.description])?;
        Ok(plenigo_app_token {
            customer_id,
            token,
            description,
        })
    }
}

impl Drop for plenigo_app_token {
    fn drop(&mut self) {
        // SAFETY: the fields were made by `into_c_string` and are owned by this struct.
        unsafe {
            drop_c_string(self.customer_id);
            drop_c_string(self.token);
            drop_c_string(self.description);
        }
    }
}

impl plenigo_app_data {
    pub(super) fn new(d: AppAccessData) -> Result<Self, plenigo_error> {
        let [customer_id, customer_app_id, product_id, description] = into_c_strings([
            d.customer_id,
            d.customer_app_id,
            d.product_id,
            d.description,
        ])?;
        Ok(plenigo_app_data {
            customer_id,
            customer_app_id,
            product_id,
            description,
        })
    }
}

impl Drop for plenigo_app_data {
    fn drop(&mut self) {
        // SAFETY: the fields were made by `into_c_string` and are owned by this struct.
        unsafe {
            drop_c_string(self.customer_id);
            drop_c_string(self.customer_app_id);
            drop_c_string(self.product_id);
            drop_c_string(self.description);
        }
    }
}

impl plenigo_app_data_list {
    pub(super) fn new(apps: Vec<AppAccessData>) -> Result<Self, plenigo_error> {
        let items = apps
            .into_iter()
            .map(plenigo_app_data::new)
            .collect::<Result<Vec<_>, _>>()?;
        if items.is_empty() {
            return Ok(plenigo_app_data_list {
                items: ptr::null_mut(),
                len: 0,
            });
        }
        let items = Box::into_raw(items.into_boxed_slice());
        Ok(plenigo_app_data_list {
            len: items.len(),
            items: items.cast(),
        })
    }
}

impl Drop for plenigo_app_data_list {
    fn drop(&mut self) {
        if !self.items.is_null() {
            // SAFETY: `items` and `len` came from a boxed slice in `new`.
            unsafe {
                drop(Box::from_raw(ptr::slice_from_raw_parts_mut(
                    self.items, self.len,
                )))
            };
        }
    }
}

/// Reads a required string argument.
pub(super) unsafe fn arg_str<'a>(
    value: *const c_char,
    name: &str,
) -> Result<&'a str, plenigo_error> {
    if value.is_null() {
        return Err(plenigo_error::null(name));
    }
    CStr::from_ptr(value)
        .to_str()
        .map_err(|_| plenigo_error::utf8(name))
}

/// Reads an optional string argument (NULL means absent).
pub(super) unsafe fn arg_opt_str<'a>(
    value: *const c_char,
    name: &str,
) -> Result<Option<&'a str>, plenigo_error> {
    if value.is_null() {
        Ok(None)
    } else {
        arg_str(value, name).map(Some)
    }
}

/// Reads an array of `len` strings; NULL is accepted for an empty array.
pub(super) unsafe fn arg_str_array(
    values: *const *const c_char,
    len: usize,
    name: &str,
) -> Result<Vec<String>, plenigo_error> {
    if len == 0 {
        return Ok(Vec::new());
    }
    if values.is_null() {
        return Err(plenigo_error::null(name));
    }
    std::slice::from_raw_parts(values, len)
        .iter()
        .map(|&v| arg_str(v, name).map(str::to_owned))
        .collect()
}

/// Fills the caller's struct of `size` bytes (its `sizeof`) with `defaults`, never past `size`:
/// a caller built against an older, shorter struct gets only the fields it has. Every such
/// struct starts with its `size`, which is set to the caller's.
pub(super) unsafe fn init_sized<T: Copy>(
    out: *mut T,
    size: usize,
    defaults: T,
    name: &str,
) -> Result<(), plenigo_error> {
    if out.is_null() {
        return Err(plenigo_error::null(name));
    }
    if size < std::mem::size_of::<usize>() {
        return Err(plenigo_error::invalid(
            "size",
            "must be the struct's sizeof",
        ));
    }
    let n = size.min(std::mem::size_of::<T>());
    std::ptr::copy_nonoverlapping((&defaults as *const T).cast::<u8>(), out.cast::<u8>(), n);
    out.cast::<usize>().write_unaligned(size);
    Ok(())
}

/// Reads the caller's struct, which says its own size in its first field: the fields past
/// that size (a caller built against an older header) keep `defaults`, and fields a newer
/// caller has beyond this library's struct are ignored.
pub(super) unsafe fn read_sized<T: Copy>(
    value: *const T,
    defaults: T,
    name: &str,
) -> Result<T, plenigo_error> {
    if value.is_null() {
        return Err(plenigo_error::null(name));
    }
    let size = value.cast::<usize>().read_unaligned();
    if size < std::mem::size_of::<usize>() {
        let reason = format!("size is {size}: fill the struct with its _init function first");
        return Err(plenigo_error::invalid(name, &reason));
    }
    let mut out = defaults;
    let n = size.min(std::mem::size_of::<T>());
    std::ptr::copy_nonoverlapping(value.cast::<u8>(), (&mut out as *mut T).cast::<u8>(), n);
    Ok(out)
}

/// Checks an out-parameter before any work is done.
pub(super) fn arg_out<'a, T>(out: *mut T, name: &str) -> Result<&'a mut T, plenigo_error> {
    // SAFETY: the caller passes a writable pointer or NULL.
    unsafe { out.as_mut() }.ok_or_else(|| plenigo_error::null(name))
}

/// Boxes a result struct for an out-parameter.
pub(super) fn boxed<T>(value: T) -> *mut T {
    Box::into_raw(Box::new(value))
}

/// Frees a string the library handed out. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn plenigo_string_free(s: *mut c_char) {
    guard((), || drop_c_string(s))
}

/// Frees an app token and its strings. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn plenigo_app_token_free(token: *mut plenigo_app_token) {
    guard((), || {
        if !token.is_null() {
            drop(Box::from_raw(token));
        }
    })
}

/// Frees a customer app and its strings. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn plenigo_app_data_free(data: *mut plenigo_app_data) {
    guard((), || {
        if !data.is_null() {
            drop(Box::from_raw(data));
        }
    })
}

/// Frees a list of customer apps and every item in it. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn plenigo_app_data_list_free(list: *mut plenigo_app_data_list) {
    guard((), || {
        if !list.is_null() {
            drop(Box::from_raw(list));
        }
    })
}

//! The C ABI: an opaque `plenigo_client` over the same `plenigo::PlenigoClient` every other
//! language uses, one function per operation, a `plenigo_status` from every fallible call and
//! a `plenigo_error` the caller can read. `bindings/c/plenigo.h` is generated from this
//! module by cbindgen (see `cbindgen.toml` and the `header` tests, which also write the
//! status enum from the core's table of error kinds).
//!
//! The contract, in the style of rustls-ffi:
//! - every fallible function returns a [`plenigo_status`]; its outputs are trailing
//!   out-parameters written only on success; on failure the last parameter, when not NULL,
//!   receives a [`plenigo_error`] the caller frees with `plenigo_error_free`;
//! - every pointer is checked for NULL and every string for UTF-8 (an error status, never a
//!   crash), and every exported function catches panics and turns them into
//!   `PLENIGO_STATUS_PANIC`;
//! - everything handed out (`char*`, result structs, lists, errors, the client) has its own
//!   NULL-safe free function.
//!
//! The exported functions are `unsafe` because they dereference the caller's pointers; the
//! safety contract is the one above and in the header's preamble.
#![allow(non_camel_case_types, clippy::missing_safety_doc)]

mod apps;
mod checkout;
mod client;
mod error;
#[cfg(test)]
mod header;
mod logging;
mod types;
mod users;
mod version;

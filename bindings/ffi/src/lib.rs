//! `libplenigo`: the one native library every language other than Rust loads. It exports the
//! `plenigo` crate twice, side by side, as thin conversions over the same client:
//!
//! - through UniFFI (Python, Kotlin, Swift): [`PlenigoClient`] and its four service objects,
//!   the records in [`records`], the error in [`error`] and the log sink in [`logging`];
//! - through a C ABI (C, and PHP over ext-ffi): the [`c`] module, whose header
//!   `bindings/c/plenigo.h` cbindgen generates (`tests/c_header.rs` keeps it fresh).
//!
//! Errors are converted once at each boundary (`From<plenigo::PlenigoError>`), and the error
//! kinds, the C status numbers and their names all come from the core's one table
//! (`plenigo::error_kinds!`).

pub mod c;
mod client;
pub mod error;
pub mod logging;
pub mod records;

pub use client::{
    AppManagement, AsyncAppManagement, AsyncUserManagement, PlenigoClient, UserManagement,
};

uniffi::setup_scaffolding!("plenigo");

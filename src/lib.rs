//! # plenigo
//!
//! A client for plenigo's App Management and External User Management services: one
//! validated core, exported to Python, Kotlin and Swift through UniFFI and to C and PHP
//! through a C ABI.
//!
//! ```no_run
//! use plenigo::{Config, PlenigoClient, UserRegistration};
//!
//! let client = PlenigoClient::new(Config::new("23NuCmdPoiRRkQiCqP9Q", "secret"))?;
//! let customer_id = client.users().register_user(&UserRegistration::new("reader@example.com", "en"))?;
//! let login_token = client.users().create_login_token(&customer_id, false)?;
//! # Ok::<(), plenigo::PlenigoError>(())
//! ```

mod apps;
mod auth;
mod checkout;
mod client;
mod config;
mod engine;
pub mod error;
mod ffi;
mod logging;
mod registry;
mod transport;
mod users;
mod validate;

pub use apps::{AppAccessData, AppAccessToken, AppManagement, AsyncAppManagement};
pub use checkout::{CheckoutOptions, Product, MAX_PRODUCT_ID_LEN, PRODUCT_TYPES};
pub use client::PlenigoClient;
pub use config::{Config, Secret, BASE_URL_ENV, DEFAULT_BASE_URL, EXTRA_CA_CERTS_ENV};
pub use error::{ErrorKind, PlenigoError};
pub use logging::{set_log_sink, LogLevel, LogSink};
pub use registry::MAX_SHARED_CLIENTS;
pub use users::{
    AsyncUserManagement, UserManagement, UserRegistration, MAX_ACCESS_IDS, MAX_PRODUCT_IDS,
};

uniffi::setup_scaffolding!();

//! # plenigo
//!
//! A client for plenigo's App Management and External User Management services: validated
//! input, signed requests, timeouts and safe retries, typed errors. The same core is exported
//! to Python, Kotlin, Swift, C and PHP by the `plenigo-ffi` crate.
//!
//! ```no_run
//! use plenigo::{Config, PlenigoClient, UserRegistration};
//!
//! let client = PlenigoClient::new(Config::new("23NuCmdPoiRRkQiCqP9Q", "secret"))?;
//! let customer_id = client.users().register_user(&UserRegistration::new("reader@example.com", "en"))?;
//! let login_token = client.users().create_login_token(&customer_id, false)?;
//! # Ok::<(), plenigo::PlenigoError>(())
//! ```
//!
//! Every operation exists twice from one definition: [`PlenigoClient::apps`] and
//! [`PlenigoClient::users`] block, [`PlenigoClient::apps_async`] and
//! [`PlenigoClient::users_async`] return futures. Log lines go through the `log` crate under
//! the target `plenigo`.
#![warn(missing_docs)]

mod apps;
mod attempt;
mod auth;
mod checkout;
mod client;
mod config;
mod endpoint;
mod engine;
mod error;
mod logging;
mod mode;
mod registry;
mod transport;
mod users;
mod validate;

pub use apps::{AppAccessData, AppAccessToken, AppManagement};
pub use checkout::{CheckoutOptions, Product, MAX_PRODUCT_ID_LEN, PRODUCT_TYPES};
pub use client::PlenigoClient;
pub use config::{Config, Secret, BASE_URL_ENV, DEFAULT_BASE_URL, EXTRA_CA_CERTS_ENV};
pub use error::{code, ErrorKind, PlenigoError};
pub use logging::TARGET as LOG_TARGET;
pub use mode::{Async, Blocking, BoxFuture, Mode};
pub use registry::MAX_SHARED_CLIENTS;
pub use users::{Address, UserManagement, UserRegistration, MAX_ACCESS_IDS, MAX_PRODUCT_IDS};

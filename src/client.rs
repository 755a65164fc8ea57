//! The client object: one connection pool, shared by both services.

use std::fmt;
use std::sync::Arc;

use crate::apps::AppManagement;
use crate::checkout::{self, CheckoutOptions, Product};
use crate::config::Config;
use crate::error::PlenigoError;
use crate::mode::{Async, Blocking};
use crate::transport::Transport;
use crate::users::UserManagement;

/// A plenigo client. Build one per company and share it: cloning is cheap (the clones share one
/// connection pool), and it is `Send + Sync`.
///
/// ```no_run
/// let client = plenigo::PlenigoClient::new(plenigo::Config::new("23NuCmdPoiRRkQiCqP9Q", "secret"))?;
/// let login_token = client.users().create_login_token("56202510", false)?;
/// # Ok::<(), plenigo::PlenigoError>(())
/// ```
#[derive(Clone)]
pub struct PlenigoClient {
    transport: Arc<Transport>,
}

impl PlenigoClient {
    /// Checks the config and builds the client. Fails with [`PlenigoError::InvalidInput`] for
    /// an empty company ID or secret, a malformed base URL, or plain `http://` to a remote host.
    pub fn new(config: Config) -> Result<Self, PlenigoError> {
        Ok(PlenigoClient {
            transport: Arc::new(Transport::new(&config)?),
        })
    }

    /// App Management (app tokens, customer app IDs, access checks), blocking.
    pub fn apps(&self) -> AppManagement<Blocking> {
        AppManagement::new(Arc::clone(&self.transport))
    }

    /// External User Management (registration, login tokens, e-mail, IDs, address), blocking.
    pub fn users(&self) -> UserManagement<Blocking> {
        UserManagement::new(Arc::clone(&self.transport))
    }

    /// App Management as futures, for callers on an event loop: the same operations as
    /// [`Self::apps`]. Dropping a future aborts its request.
    ///
    /// ```no_run
    /// # async fn f(client: &plenigo::PlenigoClient) -> Result<(), plenigo::PlenigoError> {
    /// let bought = client.apps_async().has_user_bought("56202510", "RgKUHT78563989856641", "app-id").await?;
    /// # Ok(()) }
    /// ```
    pub fn apps_async(&self) -> AppManagement<Async> {
        AppManagement::new(Arc::clone(&self.transport))
    }

    /// External User Management as futures: the same operations as [`Self::users`].
    pub fn users_async(&self) -> UserManagement<Async> {
        UserManagement::new(Arc::clone(&self.transport))
    }

    /// The JavaScript call that opens plenigo's checkout for `product` on a page, with
    /// `paymentData` signed with the company secret (and marked as a test in test mode). Pass a
    /// login token in `options` to log the customer in. No request is made; fails with
    /// [`PlenigoError::InvalidInput`] naming the field that breaks a checkout rule.
    ///
    /// ```
    /// # let client = plenigo::PlenigoClient::new(plenigo::Config::new("company", "secret")).unwrap();
    /// let mut options = plenigo::CheckoutOptions::default();
    /// options.login_token = Some("a-login-token".into());
    /// let snippet = client.checkout_snippet(&plenigo::Product::new("EgLUrT56328991046641"), &options)?;
    /// assert!(snippet.starts_with("plenigo.checkoutWithRemoteLogin({paymentData:'"));
    /// # Ok::<(), plenigo::PlenigoError>(())
    /// ```
    pub fn checkout_snippet(
        &self,
        product: &Product,
        options: &CheckoutOptions,
    ) -> Result<String, PlenigoError> {
        checkout::snippet(
            product,
            options,
            self.transport.secret(),
            self.transport.test_mode(),
        )
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.transport.base_url()
    }

    /// True when both handles are the same client (one connection pool).
    pub fn same_client(&self, other: &PlenigoClient) -> bool {
        Arc::ptr_eq(&self.transport, &other.transport)
    }
}

impl fmt::Debug for PlenigoClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PlenigoClient")
            .field("company_id", &self.transport.company_id())
            .field("base_url", &self.transport.base_url())
            .field("test_mode", &self.transport.test_mode())
            .finish_non_exhaustive()
    }
}

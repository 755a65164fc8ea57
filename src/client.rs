//! The client object: one connection pool, shared by both services.

use std::fmt;
use std::sync::Arc;

use crate::apps::AppManagement;
use crate::checkout::{self, CheckoutOptions, Product};
use crate::config::Config;
use crate::error::PlenigoError;
use crate::transport::Transport;
use crate::users::UserManagement;

/// A plenigo client. Build one per company and share it: it is `Send + Sync` and reuses its
/// connections.
///
/// ```no_run
/// let client = plenigo::PlenigoClient::new(plenigo::Config::new("23NuCmdPoiRRkQiCqP9Q", "secret"))?;
/// let login_token = client.users().create_login_token("56202510", false)?;
/// # Ok::<(), plenigo::PlenigoError>(())
/// ```
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct PlenigoClient {
    transport: Arc<Transport>,
    apps: Arc<AppManagement>,
    users: Arc<UserManagement>,
}

#[uniffi::export]
impl PlenigoClient {
    /// Checks the config and builds the client. Fails with [`PlenigoError::InvalidInput`] for
    /// an empty company ID or secret, a malformed base URL, or plain `http://` to a remote host.
    #[uniffi::constructor]
    pub fn new(config: Config) -> Result<Arc<Self>, PlenigoError> {
        let transport = Arc::new(Transport::new(&config)?);
        Ok(Arc::new(PlenigoClient {
            apps: Arc::new(AppManagement::new(transport.clone())),
            users: Arc::new(UserManagement::new(transport.clone())),
            transport,
        }))
    }

    /// App Management: app tokens, customer app IDs, access checks.
    pub fn apps(&self) -> Arc<AppManagement> {
        self.apps.clone()
    }

    /// External User Management: registration, login tokens, e-mail and ID changes.
    pub fn users(&self) -> Arc<UserManagement> {
        self.users.clone()
    }

    /// The JavaScript call that opens plenigo's checkout for `product` on a page, with
    /// `paymentData` signed with the company secret (and marked as a test in test mode). Pass a
    /// login token in `options` to log the customer in. No request is made; fails with
    /// [`PlenigoError::InvalidInput`] naming the field that breaks a checkout rule.
    ///
    /// ```
    /// # let client = plenigo::PlenigoClient::new(plenigo::Config::new("company", "secret")).unwrap();
    /// let snippet = client.checkout_snippet(
    ///     plenigo::Product::new("EgLUrT56328991046641"),
    ///     plenigo::CheckoutOptions { login_token: Some("a-login-token".into()), ..Default::default() },
    /// )?;
    /// assert!(snippet.starts_with("plenigo.checkoutWithRemoteLogin({paymentData:'"));
    /// # Ok::<(), plenigo::PlenigoError>(())
    /// ```
    pub fn checkout_snippet(
        &self,
        product: Product,
        options: CheckoutOptions,
    ) -> Result<String, PlenigoError> {
        checkout::snippet(
            &product,
            &options,
            self.transport.secret(),
            self.transport.test_mode(),
        )
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> String {
        self.transport.base_url().to_owned()
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

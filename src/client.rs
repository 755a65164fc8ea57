//! The client object: one connection pool, shared by both services.

use std::fmt;
use std::sync::Arc;

use crate::apps::{AppManagement, AsyncAppManagement};
use crate::checkout::{self, CheckoutOptions, Product};
use crate::config::Config;
use crate::error::PlenigoError;
use crate::transport::Transport;
use crate::users::{AsyncUserManagement, UserManagement};

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
    apps_async: Arc<AsyncAppManagement>,
    users_async: Arc<AsyncUserManagement>,
}

#[uniffi::export]
impl PlenigoClient {
    /// Checks the config and builds the client. Fails with [`PlenigoError::InvalidInput`] for
    /// an empty company ID or secret, a malformed base URL, or plain `http://` to a remote host.
    #[uniffi::constructor]
    pub fn new(config: Config) -> Result<Arc<Self>, PlenigoError> {
        let transport = Arc::new(Transport::new(&config)?);
        let apps_async = Arc::new(AsyncAppManagement::new(transport.clone()));
        let users_async = Arc::new(AsyncUserManagement::new(transport.clone()));
        Ok(Arc::new(PlenigoClient {
            apps: Arc::new(AppManagement::new(apps_async.clone())),
            users: Arc::new(UserManagement::new(users_async.clone())),
            apps_async,
            users_async,
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

    /// App Management as futures (Kotlin `suspend`, Swift `async`, Python coroutines, Rust
    /// futures), for callers on an event loop: the same operations as [`Self::apps`].
    pub fn apps_async(&self) -> Arc<AsyncAppManagement> {
        self.apps_async.clone()
    }

    /// External User Management as futures: the same operations as [`Self::users`].
    pub fn users_async(&self) -> Arc<AsyncUserManagement> {
        self.users_async.clone()
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

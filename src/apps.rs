//! App Management: a company lets a third-party app read a customer's access to a product.
//!
//! The flow: [`AppManagement::request_app_token`] gives a single-use token, the third party
//! exchanges it with [`AppManagement::request_app_id`] for a customer app ID it may reuse,
//! and [`AppManagement::has_user_bought`] answers the access question until the company
//! removes the app with [`AppManagement::delete_customer_app`].
//!
//! [`AppManagement`] blocks; [`AsyncAppManagement`] has the same operations as futures. The
//! blocking one runs the async one on the caller's thread: one implementation.

use std::sync::Arc;

use reqwest::Method;
use serde::Deserialize;

use crate::engine;
use crate::error::{code, ErrorKind, PlenigoError, StatusMeaning};
use crate::transport::{string_or_number, Call, Transport};
use crate::validate;

/// On App Management endpoints a 403 means the app token is not valid, a 404 an unknown app.
const MEANING: StatusMeaning = StatusMeaning {
    forbidden: (ErrorKind::TokenProblem, code::TOKEN),
    not_found: code::ID_NOT_FOUND,
};

/// A single-use app token, to be handed to the third party.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, uniffi::Record)]
#[serde(rename_all = "camelCase")]
pub struct AppAccessToken {
    /// The customer the token is for.
    #[serde(deserialize_with = "string_or_number")]
    pub customer_id: String,
    /// The token itself.
    #[serde(deserialize_with = "string_or_number")]
    pub token: String,
    /// The description given when it was requested.
    #[serde(default)]
    pub description: String,
}

/// A customer app: what the third party keeps to check access again and again.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, uniffi::Record)]
#[serde(rename_all = "camelCase")]
pub struct AppAccessData {
    /// The customer.
    #[serde(deserialize_with = "string_or_number")]
    pub customer_id: String,
    /// The customer app ID.
    pub customer_app_id: String,
    /// The product the app may check.
    #[serde(deserialize_with = "string_or_number")]
    pub product_id: String,
    /// The description given with the app token.
    #[serde(default)]
    pub description: String,
}

/// The body of the customer-apps answer.
#[derive(Deserialize)]
#[serde(untagged)]
enum AppList {
    Wrapped { apps: Vec<AppAccessData> },
    Bare(Vec<AppAccessData>),
}

/// App Management operations, blocking; get one from [`crate::PlenigoClient::apps`].
#[derive(uniffi::Object)]
pub struct AppManagement {
    inner: Arc<AsyncAppManagement>,
}

impl AppManagement {
    pub(crate) fn new(inner: Arc<AsyncAppManagement>) -> Self {
        AppManagement { inner }
    }
}

#[uniffi::export]
impl AppManagement {
    /// Requests a single-use app token for a customer who bought `product_id`.
    ///
    /// Fails with [`PlenigoError::PreconditionFailed`] when the customer has not bought the
    /// product and [`PlenigoError::LimitReached`] when the customer has too many apps.
    ///
    /// ```no_run
    /// # let client = plenigo::PlenigoClient::new(plenigo::Config::new("company", "secret")).unwrap();
    /// let token = client.apps().request_app_token("56202510", "RgKUHT78563989856641", "reader app")?;
    /// println!("hand {} to the app", token.token);
    /// # Ok::<(), plenigo::PlenigoError>(())
    /// ```
    pub fn request_app_token(
        &self,
        customer_id: &str,
        product_id: &str,
        description: &str,
    ) -> Result<AppAccessToken, PlenigoError> {
        engine::block_on(self.inner.request_app_token(
            customer_id.into(),
            product_id.into(),
            description.into(),
        ))
    }

    /// Exchanges an app token for a customer app ID the third party can reuse.
    ///
    /// Fails with [`PlenigoError::TokenProblem`] when the token is unknown, used, or belongs
    /// to another customer.
    ///
    /// ```no_run
    /// # let client = plenigo::PlenigoClient::new(plenigo::Config::new("company", "secret")).unwrap();
    /// let app = client.apps().request_app_id("56202510", "6176437516")?;
    /// println!("customer app ID: {}", app.customer_app_id);
    /// # Ok::<(), plenigo::PlenigoError>(())
    /// ```
    pub fn request_app_id(
        &self,
        customer_id: &str,
        access_token: &str,
    ) -> Result<AppAccessData, PlenigoError> {
        engine::block_on(
            self.inner
                .request_app_id(customer_id.into(), access_token.into()),
        )
    }

    /// Whether the customer bought the product, asked through a customer app ID. `false` when
    /// plenigo denies access (HTTP 403) or answers `accessGranted: false`; an answer that
    /// does not read as a grant is [`PlenigoError::InvalidResponse`], never `true`.
    ///
    /// ```no_run
    /// # let client = plenigo::PlenigoClient::new(plenigo::Config::new("company", "secret")).unwrap();
    /// let bought = client.apps().has_user_bought("56202510", "RgKUHT78563989856641", "ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G")?;
    /// # Ok::<(), plenigo::PlenigoError>(())
    /// ```
    pub fn has_user_bought(
        &self,
        customer_id: &str,
        product_id: &str,
        customer_app_id: &str,
    ) -> Result<bool, PlenigoError> {
        engine::block_on(self.inner.has_user_bought(
            customer_id.into(),
            product_id.into(),
            customer_app_id.into(),
        ))
    }

    /// The customer apps registered for a customer.
    ///
    /// ```no_run
    /// # let client = plenigo::PlenigoClient::new(plenigo::Config::new("company", "secret")).unwrap();
    /// for app in client.apps().get_customer_apps("56202510")? {
    ///     println!("{} -> {}", app.customer_app_id, app.product_id);
    /// }
    /// # Ok::<(), plenigo::PlenigoError>(())
    /// ```
    pub fn get_customer_apps(&self, customer_id: &str) -> Result<Vec<AppAccessData>, PlenigoError> {
        engine::block_on(self.inner.get_customer_apps(customer_id.into()))
    }

    /// Removes a customer app; the third party loses access through it. Fails with
    /// [`PlenigoError::NotFound`] for an unknown app.
    ///
    /// ```no_run
    /// # let client = plenigo::PlenigoClient::new(plenigo::Config::new("company", "secret")).unwrap();
    /// client.apps().delete_customer_app("56202510", "ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G")?;
    /// # Ok::<(), plenigo::PlenigoError>(())
    /// ```
    pub fn delete_customer_app(
        &self,
        customer_id: &str,
        customer_app_id: &str,
    ) -> Result<(), PlenigoError> {
        engine::block_on(
            self.inner
                .delete_customer_app(customer_id.into(), customer_app_id.into()),
        )
    }
}

/// App Management operations as futures; get one from [`crate::PlenigoClient::apps_async`].
/// The same operations as [`AppManagement`]; dropping a future (cancelling the coroutine or
/// task) aborts its request. A cancelled `request_*` call may still have taken effect
/// (outcome unknown, as for a POST whose connection broke).
#[derive(uniffi::Object)]
pub struct AsyncAppManagement {
    transport: Arc<Transport>,
}

impl AsyncAppManagement {
    pub(crate) fn new(transport: Arc<Transport>) -> Self {
        AsyncAppManagement { transport }
    }
}

#[uniffi::export]
impl AsyncAppManagement {
    /// Requests a single-use app token; see [`AppManagement::request_app_token`].
    ///
    /// ```no_run
    /// # async fn f(client: &plenigo::PlenigoClient) -> Result<(), plenigo::PlenigoError> {
    /// let token = client.apps_async().request_app_token("56202510".into(), "RgKUHT78563989856641".into(), "reader app".into()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn request_app_token(
        &self,
        customer_id: String,
        product_id: String,
        description: String,
    ) -> Result<AppAccessToken, PlenigoError> {
        validate::id("customer_id", &customer_id)?;
        validate::id("product_id", &product_id)?;
        validate::required_text("description", &description)?;
        let body = serde_json::json!({
            "testMode": self.transport.test_mode_param(),
            "productId": product_id,
            "description": description,
        });
        let call = Call {
            method: Method::POST,
            route: "/access/app/token/{customerId}",
            path: &["access", "app", "token", &customer_id],
            query: vec![],
            body: Some(body),
            meaning: MEANING,
        };
        self.transport.send(&call).await?.json("an app token")
    }

    /// Exchanges an app token for a customer app ID; see [`AppManagement::request_app_id`].
    pub async fn request_app_id(
        &self,
        customer_id: String,
        access_token: String,
    ) -> Result<AppAccessData, PlenigoError> {
        validate::id("customer_id", &customer_id)?;
        validate::id("access_token", &access_token)?;
        let body = serde_json::json!({ "testMode": self.transport.test_mode_param(), "accessToken": access_token });
        let call = Call {
            method: Method::POST,
            route: "/access/app/{customerId}",
            path: &["access", "app", &customer_id],
            query: vec![],
            body: Some(body),
            meaning: MEANING,
        };
        self.transport.send(&call).await?.json("a customer app")
    }

    /// Whether the customer bought the product; see [`AppManagement::has_user_bought`].
    ///
    /// ```no_run
    /// # async fn f(client: &plenigo::PlenigoClient) -> Result<(), plenigo::PlenigoError> {
    /// let apps = client.apps_async();
    /// let bought = apps.has_user_bought("56202510".into(), "RgKUHT78563989856641".into(), "ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G".into()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn has_user_bought(
        &self,
        customer_id: String,
        product_id: String,
        customer_app_id: String,
    ) -> Result<bool, PlenigoError> {
        validate::id("customer_id", &customer_id)?;
        validate::id("product_id", &product_id)?;
        validate::id("customer_app_id", &customer_app_id)?;
        let call = Call {
            method: Method::GET,
            route: "/access/app/{customerId}/{productId}/{customerAppId}",
            path: &["access", "app", &customer_id, &product_id, &customer_app_id],
            query: vec![("testMode", self.transport.test_mode_param())],
            body: None,
            meaning: MEANING,
        };
        match self.transport.send(&call).await {
            // This endpoint answers 200 or 204 with no `accessGranted`: an empty body grants.
            Ok(answer) => answer.access_granted(true),
            Err(e) if e.http_status() == Some(403) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// The customer apps registered for a customer; see [`AppManagement::get_customer_apps`].
    pub async fn get_customer_apps(
        &self,
        customer_id: String,
    ) -> Result<Vec<AppAccessData>, PlenigoError> {
        validate::id("customer_id", &customer_id)?;
        let call = Call {
            method: Method::GET,
            route: "/access/app/{customerId}",
            path: &["access", "app", &customer_id],
            query: vec![("testMode", self.transport.test_mode_param())],
            body: None,
            meaning: MEANING,
        };
        let list: AppList = self
            .transport
            .send(&call)
            .await?
            .json("a list of customer apps")?;
        Ok(match list {
            AppList::Wrapped { apps } | AppList::Bare(apps) => apps,
        })
    }

    /// Removes a customer app; see [`AppManagement::delete_customer_app`].
    pub async fn delete_customer_app(
        &self,
        customer_id: String,
        customer_app_id: String,
    ) -> Result<(), PlenigoError> {
        validate::id("customer_id", &customer_id)?;
        validate::id("customer_app_id", &customer_app_id)?;
        let call = Call {
            method: Method::DELETE,
            route: "/access/app/{customerId}/{customerAppId}",
            path: &["access", "app", &customer_id, &customer_app_id],
            query: vec![("testMode", self.transport.test_mode_param())],
            body: None,
            meaning: MEANING,
        };
        self.transport.send(&call).await.map(drop)
    }
}

//! App Management: a company lets a third-party app read a customer's access to a product.
//!
//! The flow: [`AppManagement::request_app_token`] gives a single-use token, the third party
//! exchanges it with [`AppManagement::request_app_id`] for a customer app ID it may reuse,
//! and [`AppManagement::has_user_bought`] answers the access question until the company
//! removes the app with [`AppManagement::delete_customer_app`].

use std::marker::PhantomData;
use std::sync::Arc;

use reqwest::Method;
use serde::Deserialize;

use crate::endpoint::{object, string_or_number, Answer, Endpoint, StatusMeaning, TestMode};
use crate::error::{code, ErrorKind, Forbidden, PlenigoError};
use crate::mode::{Blocking, Mode};
use crate::transport::Transport;
use crate::validate;

/// On App Management endpoints a 403 means the app token is not valid, a 404 an unknown app.
const MEANING: StatusMeaning = StatusMeaning {
    forbidden: Forbidden::Error(ErrorKind::TokenProblem),
    not_found_code: code::ID_NOT_FOUND,
};

/// A single-use app token, to be handed to the third party.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
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
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
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

/// App Management operations; get them from [`crate::PlenigoClient::apps`] (blocking) or
/// [`crate::PlenigoClient::apps_async`] (futures). Each returns `Result<T, PlenigoError>` in
/// [`Blocking`] mode and a future of it in [`crate::Async`] mode. A cancelled (dropped)
/// `request_*` future may still have taken effect (outcome unknown, as for a POST whose
/// connection broke).
#[derive(Clone, Debug)]
pub struct AppManagement<M: Mode = Blocking> {
    transport: Arc<Transport>,
    mode: PhantomData<M>,
}

impl<M: Mode> AppManagement<M> {
    pub(crate) fn new(transport: Arc<Transport>) -> Self {
        AppManagement {
            transport,
            mode: PhantomData,
        }
    }

    /// Requests a single-use app token for a customer who bought `product_id`.
    ///
    /// Fails with [`ErrorKind::PreconditionFailed`] when the customer has not bought the
    /// product and [`ErrorKind::LimitReached`] when the customer has too many apps.
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
    ) -> M::Output<AppAccessToken> {
        M::send(
            &self.transport,
            request_app_token(customer_id, product_id, description),
        )
    }

    /// Exchanges an app token for a customer app ID the third party can reuse.
    ///
    /// Fails with [`ErrorKind::TokenProblem`] when the token is unknown, used, or belongs to
    /// another customer.
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
    ) -> M::Output<AppAccessData> {
        M::send(&self.transport, request_app_id(customer_id, access_token))
    }

    /// Whether the customer bought the product, asked through a customer app ID. `false` when
    /// plenigo denies access (HTTP 403) or answers `accessGranted: false`; an answer that
    /// does not read as a grant is [`ErrorKind::InvalidResponse`], never `true`.
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
    ) -> M::Output<bool> {
        M::send(
            &self.transport,
            has_user_bought(customer_id, product_id, customer_app_id),
        )
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
    pub fn get_customer_apps(&self, customer_id: &str) -> M::Output<Vec<AppAccessData>> {
        M::send(&self.transport, get_customer_apps(customer_id))
    }

    /// Removes a customer app; the third party loses access through it. Fails with
    /// [`ErrorKind::NotFound`] for an unknown app.
    ///
    /// ```no_run
    /// # let client = plenigo::PlenigoClient::new(plenigo::Config::new("company", "secret")).unwrap();
    /// client.apps().delete_customer_app("56202510", "ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G")?;
    /// # Ok::<(), plenigo::PlenigoError>(())
    /// ```
    pub fn delete_customer_app(&self, customer_id: &str, customer_app_id: &str) -> M::Output<()> {
        M::send(
            &self.transport,
            delete_customer_app(customer_id, customer_app_id),
        )
    }
}

/// `POST /access/app/token/{customerId}`: a single-use app token.
fn request_app_token(
    customer_id: &str,
    product_id: &str,
    description: &str,
) -> Result<Endpoint<AppAccessToken>, PlenigoError> {
    validate::id("customer_id", customer_id)?;
    validate::id("product_id", product_id)?;
    validate::required_text("description", description)?;
    Ok(Endpoint::new(
        Method::POST,
        "/access/app/token/{customerId}",
        &[customer_id],
        MEANING,
        |answer| answer.json("an app token"),
    )
    .test_mode(TestMode::Body)
    .body(object([
        ("productId", product_id),
        ("description", description),
    ])))
}

/// `POST /access/app/{customerId}`: an app token exchanged for a customer app.
fn request_app_id(
    customer_id: &str,
    access_token: &str,
) -> Result<Endpoint<AppAccessData>, PlenigoError> {
    validate::id("customer_id", customer_id)?;
    validate::id("access_token", access_token)?;
    Ok(Endpoint::new(
        Method::POST,
        "/access/app/{customerId}",
        &[customer_id],
        MEANING,
        |answer| answer.json("a customer app"),
    )
    .test_mode(TestMode::Body)
    .body(object([("accessToken", access_token)])))
}

/// `GET /access/app/{customerId}/{productId}/{customerAppId}`: 200 or 204 grant (this
/// endpoint sends no `accessGranted`, so an empty body grants), 403 is `false`.
fn has_user_bought(
    customer_id: &str,
    product_id: &str,
    customer_app_id: &str,
) -> Result<Endpoint<bool>, PlenigoError> {
    validate::id("customer_id", customer_id)?;
    validate::id("product_id", product_id)?;
    validate::id("customer_app_id", customer_app_id)?;
    Ok(Endpoint::new(
        Method::GET,
        "/access/app/{customerId}/{productId}/{customerAppId}",
        &[customer_id, product_id, customer_app_id],
        MEANING.no_access(),
        |answer| answer.access_granted(true),
    )
    .test_mode(TestMode::Query))
}

/// `GET /access/app/{customerId}`: the customer's apps, wrapped in `apps` or bare.
fn get_customer_apps(customer_id: &str) -> Result<Endpoint<Vec<AppAccessData>>, PlenigoError> {
    validate::id("customer_id", customer_id)?;
    Ok(Endpoint::new(
        Method::GET,
        "/access/app/{customerId}",
        &[customer_id],
        MEANING,
        |answer: Answer| {
            Ok(match answer.json("a list of customer apps")? {
                AppList::Wrapped { apps } | AppList::Bare(apps) => apps,
            })
        },
    )
    .test_mode(TestMode::Query))
}

/// `DELETE /access/app/{customerId}/{customerAppId}`.
fn delete_customer_app(
    customer_id: &str,
    customer_app_id: &str,
) -> Result<Endpoint<()>, PlenigoError> {
    validate::id("customer_id", customer_id)?;
    validate::id("customer_app_id", customer_app_id)?;
    Ok(Endpoint::new(
        Method::DELETE,
        "/access/app/{customerId}/{customerAppId}",
        &[customer_id, customer_app_id],
        MEANING,
        Answer::nothing,
    )
    .test_mode(TestMode::Query))
}

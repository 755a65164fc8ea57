//! External User Management: a company with its own login registers its users in plenigo,
//! logs them in with short-lived login tokens, and keeps their e-mail and IDs in step.
//!
//! [`UserManagement`] blocks; [`AsyncUserManagement`] has the same operations as futures.
//! The blocking one runs the async one on the caller's thread: one implementation.

use std::sync::Arc;

use reqwest::Method;
use serde_json::{json, Map, Value};

use crate::engine;
use crate::error::{code, ErrorKind, PlenigoError, StatusMeaning};
use crate::transport::{Call, Transport};
use crate::validate;

/// On these endpoints a 403 means the company is not qualified for a closed user group, a 404
/// an unknown customer.
const MEANING: StatusMeaning = StatusMeaning {
    forbidden: (ErrorKind::AccessDenied, code::CLOSED_USER_GROUP),
    not_found: code::CUSTOMER_NOT_FOUND,
};

/// The most access IDs one customer can have.
pub const MAX_ACCESS_IDS: usize = 4;
/// The most product IDs one has-bought-product check asks about (the query stays short).
pub const MAX_PRODUCT_IDS: usize = 20;

/// The JSON field of each access ID slot, in order (plenigo spells the fourth "Forth").
const ACCESS_ID_FIELDS: [&str; MAX_ACCESS_IDS] = [
    "yourFirstIdentifier",
    "yourSecondIdentifier",
    "yourThirdIdentifier",
    "yourForthIdentifier",
];

/// A user to register with [`UserManagement::register_user`].
///
/// ```
/// let user = plenigo::UserRegistration {
///     external_user_id: Some("A1BKAFZZ3H0H".into()),
///     ..plenigo::UserRegistration::new("reader@example.com", "en")
/// };
/// ```
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct UserRegistration {
    /// The user's e-mail address.
    pub email: String,
    /// The user's language, a two-letter ISO 639-1 code such as `en`.
    #[uniffi(default = "en")]
    pub language: String,
    /// Your own ID for the user.
    #[uniffi(default = None)]
    pub external_user_id: Option<String>,
    /// The user's given name.
    #[uniffi(default = None)]
    pub first_name: Option<String>,
    /// The user's family name.
    #[uniffi(default = None)]
    pub name: Option<String>,
    /// Send the user a one-time password to log in to plenigo directly.
    #[uniffi(default = false)]
    pub with_password_reset: bool,
    /// Fail with [`PlenigoError::Conflict`] when the e-mail is registered already, instead of
    /// returning the existing customer's ID.
    #[uniffi(default = false)]
    pub fail_by_existing_email: bool,
}

impl UserRegistration {
    /// A registration with only the required fields.
    pub fn new(email: impl Into<String>, language: impl Into<String>) -> Self {
        UserRegistration {
            email: email.into(),
            language: language.into(),
            external_user_id: None,
            first_name: None,
            name: None,
            with_password_reset: false,
            fail_by_existing_email: false,
        }
    }
}

/// External User Management operations, blocking; get one from
/// [`crate::PlenigoClient::users`].
#[derive(uniffi::Object)]
pub struct UserManagement {
    inner: Arc<AsyncUserManagement>,
}

impl UserManagement {
    pub(crate) fn new(inner: Arc<AsyncUserManagement>) -> Self {
        UserManagement { inner }
    }
}

#[uniffi::export]
impl UserManagement {
    /// Registers a user and returns the plenigo customer ID. An e-mail that is registered
    /// already returns that customer's ID, unless `fail_by_existing_email` is set.
    ///
    /// ```no_run
    /// # let client = plenigo::PlenigoClient::new(plenigo::Config::new("company", "secret")).unwrap();
    /// let customer_id = client.users().register_user(&plenigo::UserRegistration::new("reader@example.com", "en"))?;
    /// # Ok::<(), plenigo::PlenigoError>(())
    /// ```
    pub fn register_user(&self, user: &UserRegistration) -> Result<String, PlenigoError> {
        engine::block_on(self.inner.register_user(user.clone()))
    }

    /// Creates a login token for the customer, valid for 5 minutes; pass it to the checkout.
    ///
    /// ```no_run
    /// # let client = plenigo::PlenigoClient::new(plenigo::Config::new("company", "secret")).unwrap();
    /// let login_token = client.users().create_login_token("56202510", false)?;
    /// # Ok::<(), plenigo::PlenigoError>(())
    /// ```
    pub fn create_login_token(
        &self,
        customer_id: &str,
        use_external_customer_id: bool,
    ) -> Result<String, PlenigoError> {
        engine::block_on(
            self.inner
                .create_login_token(customer_id.into(), use_external_customer_id),
        )
    }

    /// Changes the customer's e-mail address. Fails with [`PlenigoError::Conflict`] when
    /// another customer has it.
    ///
    /// ```no_run
    /// # let client = plenigo::PlenigoClient::new(plenigo::Config::new("company", "secret")).unwrap();
    /// client.users().change_email("56202510", "new@example.com", false)?;
    /// # Ok::<(), plenigo::PlenigoError>(())
    /// ```
    pub fn change_email(
        &self,
        customer_id: &str,
        email: &str,
        use_external_customer_id: bool,
    ) -> Result<(), PlenigoError> {
        engine::block_on(self.inner.change_email(
            customer_id.into(),
            email.into(),
            use_external_customer_id,
        ))
    }

    /// Gives the customer one to four access IDs (your billing, CRM or other system's IDs);
    /// any of them then works in [`UserManagement::has_bought_product`].
    ///
    /// ```no_run
    /// # let client = plenigo::PlenigoClient::new(plenigo::Config::new("company", "secret")).unwrap();
    /// client.users().import_customer_access("56202510", false, vec!["CRM-12345".into()])?;
    /// # Ok::<(), plenigo::PlenigoError>(())
    /// ```
    pub fn import_customer_access(
        &self,
        customer_id: &str,
        use_external_customer_id: bool,
        access_ids: Vec<String>,
    ) -> Result<(), PlenigoError> {
        engine::block_on(self.inner.import_customer_access(
            customer_id.into(),
            use_external_customer_id,
            access_ids,
        ))
    }

    /// Adds your external ID to a customer who has none yet. Fails with
    /// [`PlenigoError::Conflict`] when the customer has one or the ID is taken.
    ///
    /// ```no_run
    /// # let client = plenigo::PlenigoClient::new(plenigo::Config::new("company", "secret")).unwrap();
    /// client.users().add_external_user_id("56202510", "12345")?;
    /// # Ok::<(), plenigo::PlenigoError>(())
    /// ```
    pub fn add_external_user_id(
        &self,
        customer_id: &str,
        external_user_id: &str,
    ) -> Result<(), PlenigoError> {
        engine::block_on(
            self.inner
                .add_external_user_id(customer_id.into(), external_user_id.into()),
        )
    }

    /// Whether the customer bought any of `product_ids`. `customer_id` is a plenigo customer
    /// ID, an imported access ID, or (with `use_external_customer_id`) your external ID.
    /// `false` when plenigo denies access (HTTP 403) or answers `accessGranted: false`; an
    /// answer that does not read as a grant is [`PlenigoError::InvalidResponse`].
    ///
    /// ```no_run
    /// # let client = plenigo::PlenigoClient::new(plenigo::Config::new("company", "secret")).unwrap();
    /// let bought = client.users().has_bought_product("CRM-12345", vec!["RgKUHT78563989856641".into()], false)?;
    /// # Ok::<(), plenigo::PlenigoError>(())
    /// ```
    pub fn has_bought_product(
        &self,
        customer_id: &str,
        product_ids: Vec<String>,
        use_external_customer_id: bool,
    ) -> Result<bool, PlenigoError> {
        engine::block_on(self.inner.has_bought_product(
            customer_id.into(),
            product_ids,
            use_external_customer_id,
        ))
    }
}

/// External User Management operations as futures; get one from
/// [`crate::PlenigoClient::users_async`]. The same operations as [`UserManagement`]; dropping
/// a future (cancelling the coroutine or task) aborts its request. A cancelled POST
/// (register, login token, import) may still have taken effect: its outcome is unknown.
#[derive(uniffi::Object)]
pub struct AsyncUserManagement {
    transport: Arc<Transport>,
}

impl AsyncUserManagement {
    pub(crate) fn new(transport: Arc<Transport>) -> Self {
        AsyncUserManagement { transport }
    }

    async fn send(
        &self,
        method: Method,
        route: &'static str,
        path: &[&str],
        query: Vec<(&'static str, String)>,
        body: Option<Value>,
    ) -> Result<crate::transport::Answer, PlenigoError> {
        self.transport
            .send(&Call {
                method,
                route,
                path,
                query,
                body,
                meaning: MEANING,
            })
            .await
    }
}

#[uniffi::export]
impl AsyncUserManagement {
    /// Registers a user; see [`UserManagement::register_user`].
    ///
    /// ```no_run
    /// # async fn f(client: &plenigo::PlenigoClient) -> Result<(), plenigo::PlenigoError> {
    /// let user = plenigo::UserRegistration::new("reader@example.com", "en");
    /// let customer_id = client.users_async().register_user(user).await?;
    /// # Ok(()) }
    /// ```
    pub async fn register_user(&self, user: UserRegistration) -> Result<String, PlenigoError> {
        validate::email("email", &user.email)?;
        let language = validate::language("language", &user.language)?;
        if let Some(external) = &user.external_user_id {
            validate::id("external_user_id", external)?;
        }
        validate::text("first_name", user.first_name.as_deref().unwrap_or_default())?;
        validate::text("name", user.name.as_deref().unwrap_or_default())?;
        let mut body = Map::new();
        body.insert("email".into(), json!(user.email));
        body.insert("language".into(), json!(language));
        for (key, value) in [
            ("externalUserId", &user.external_user_id),
            ("firstName", &user.first_name),
            ("name", &user.name),
        ] {
            if let Some(value) = value {
                body.insert(key.into(), json!(value));
            }
        }
        body.insert("withPasswordReset".into(), json!(user.with_password_reset));
        body.insert(
            "failByExistingEmail".into(),
            json!(user.fail_by_existing_email),
        );
        self.send(
            Method::POST,
            "/externalUser/register",
            &["externalUser", "register"],
            vec![],
            Some(Value::Object(body)),
        )
        .await?
        .single_value("customerId")
    }

    /// Creates a login token; see [`UserManagement::create_login_token`].
    pub async fn create_login_token(
        &self,
        customer_id: String,
        use_external_customer_id: bool,
    ) -> Result<String, PlenigoError> {
        validate::id("customer_id", &customer_id)?;
        let query = vec![(
            "useExternalCustomerId",
            use_external_customer_id.to_string(),
        )];
        self.send(
            Method::POST,
            "/externalUser/{customerId}/createLoginToken",
            &["externalUser", &customer_id, "createLoginToken"],
            query,
            None,
        )
        .await?
        .single_value("loginToken")
    }

    /// Changes the customer's e-mail address; see [`UserManagement::change_email`].
    pub async fn change_email(
        &self,
        customer_id: String,
        email: String,
        use_external_customer_id: bool,
    ) -> Result<(), PlenigoError> {
        validate::id("customer_id", &customer_id)?;
        validate::email("email", &email)?;
        let query = vec![(
            "useExternalCustomerId",
            use_external_customer_id.to_string(),
        )];
        self.send(
            Method::PUT,
            "/externalUser/{customerId}/changeEmail",
            &["externalUser", &customer_id, "changeEmail"],
            query,
            Some(json!({ "email": email })),
        )
        .await
        .map(drop)
    }

    /// Gives the customer one to four access IDs; see
    /// [`UserManagement::import_customer_access`].
    pub async fn import_customer_access(
        &self,
        customer_id: String,
        use_external_customer_id: bool,
        access_ids: Vec<String>,
    ) -> Result<(), PlenigoError> {
        validate::id("customer_id", &customer_id)?;
        if access_ids.is_empty() || access_ids.len() > MAX_ACCESS_IDS {
            return Err(PlenigoError::invalid(
                "access_ids",
                format!(
                    "must hold 1 to {MAX_ACCESS_IDS} IDs, got {}",
                    access_ids.len()
                ),
            ));
        }
        let mut body = Map::new();
        body.insert("customerId".into(), json!(customer_id));
        body.insert(
            "useExternalCustomerId".into(),
            json!(use_external_customer_id),
        );
        for (field, id) in ACCESS_ID_FIELDS.iter().zip(&access_ids) {
            validate::id("access_ids", id)?;
            body.insert((*field).into(), json!(id));
        }
        self.send(
            Method::POST,
            "/import/customerAccess",
            &["import", "customerAccess"],
            vec![],
            Some(Value::Object(body)),
        )
        .await
        .map(drop)
    }

    /// Adds your external ID to a customer; see [`UserManagement::add_external_user_id`].
    pub async fn add_external_user_id(
        &self,
        customer_id: String,
        external_user_id: String,
    ) -> Result<(), PlenigoError> {
        validate::id("customer_id", &customer_id)?;
        validate::id("external_user_id", &external_user_id)?;
        self.send(
            Method::PUT,
            "/externalUser/{customerId}/addExternalUserId",
            &["externalUser", &customer_id, "addExternalUserId"],
            vec![],
            Some(json!({ "externalUserId": external_user_id })),
        )
        .await
        .map(drop)
    }

    /// Whether the customer bought any of `product_ids`; see
    /// [`UserManagement::has_bought_product`].
    pub async fn has_bought_product(
        &self,
        customer_id: String,
        product_ids: Vec<String>,
        use_external_customer_id: bool,
    ) -> Result<bool, PlenigoError> {
        validate::id("customer_id", &customer_id)?;
        if product_ids.is_empty() || product_ids.len() > MAX_PRODUCT_IDS {
            return Err(PlenigoError::invalid(
                "product_ids",
                format!(
                    "must hold 1 to {MAX_PRODUCT_IDS} product IDs, got {}",
                    product_ids.len()
                ),
            ));
        }
        for id in &product_ids {
            validate::id("product_ids", id)?;
            if id.contains(',') {
                return Err(PlenigoError::invalid(
                    "product_ids",
                    format!("must not contain ',': {}", validate::quote(id)),
                ));
            }
        }
        let query = vec![
            ("customerId", customer_id),
            ("productId", product_ids.join(",")),
            ("testMode", self.transport.test_mode_param()),
            (
                "useExternalCustomerId",
                use_external_customer_id.to_string(),
            ),
        ];
        let call = Call {
            method: Method::GET,
            route: "/user/product",
            path: &["user", "product"],
            query,
            body: None,
            meaning: StatusMeaning {
                forbidden: (ErrorKind::AccessDenied, code::CANNOT_ACCESS_PRODUCT),
                ..MEANING
            },
        };
        match self.transport.send(&call).await {
            // This endpoint always says `accessGranted`: an empty or silent 200 grants nothing.
            Ok(answer) => answer.access_granted(false),
            Err(e) if e.http_status() == Some(403) => Ok(false),
            Err(e) => Err(e),
        }
    }
}

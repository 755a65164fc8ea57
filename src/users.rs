//! External User Management: a company with its own login registers its users in plenigo,
//! logs them in with short-lived login tokens, and keeps their e-mail and IDs in step.
//!
use std::marker::PhantomData;
use std::sync::Arc;

use reqwest::Method;
use serde_json::{json, Map};

use crate::endpoint::{object, Answer, Endpoint, StatusMeaning, TestMode};
use crate::error::{code, ErrorKind, Forbidden, PlenigoError};
use crate::mode::{Blocking, Mode};
use crate::transport::Transport;
use crate::validate;

/// On these endpoints a 403 means the company is not qualified for a closed user group, a 404
/// an unknown customer.
const MEANING: StatusMeaning = StatusMeaning {
    forbidden: Forbidden::Error(ErrorKind::AccessDenied),
    not_found_code: code::CUSTOMER_NOT_FOUND,
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
/// let mut user = plenigo::UserRegistration::new("reader@example.com", "en");
/// user.external_user_id = Some("A1BKAFZZ3H0H".into());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UserRegistration {
    /// The user's e-mail address.
    pub email: String,
    /// The user's language, a two-letter ISO 639-1 code such as `en`.
    pub language: String,
    /// Your own ID for the user.
    pub external_user_id: Option<String>,
    /// The user's given name.
    pub first_name: Option<String>,
    /// The user's family name.
    pub name: Option<String>,
    /// Send the user a one-time password to log in to plenigo directly.
    pub with_password_reset: bool,
    /// Fail with [`PlenigoError::Conflict`] when the e-mail is registered already, instead of
    /// returning the existing customer's ID.
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

/// A customer's postal address, for [`UserManagement::change_address`].
///
/// ```
/// let mut address = plenigo::Address::new("female");
/// address.street = Some("Hauptstr. 1".into());
/// address.country = Some("DE".into());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Address {
    /// `MALE`, `FEMALE` or `DIVERSE` (any case; sent upper-case). Required.
    pub gender: String,
    /// The given name.
    pub first_name: Option<String>,
    /// The family name.
    pub name: Option<String>,
    /// Street and number.
    pub street: Option<String>,
    /// A second address line.
    pub additional_address_info: Option<String>,
    /// The post code.
    pub post_code: Option<String>,
    /// The city.
    pub city: Option<String>,
    /// The country, required with a street (an ISO 3166 code such as `DE`).
    pub country: Option<String>,
}

impl Address {
    /// An address with only the required gender.
    pub fn new(gender: impl Into<String>) -> Self {
        Address {
            gender: gender.into(),
            ..Default::default()
        }
    }
}

/// External User Management operations; get them from [`crate::PlenigoClient::users`] (blocking)
/// or [`crate::PlenigoClient::users_async`] (futures). Each returns `Result<T, PlenigoError>` in
/// [`Blocking`] mode and a future of it in [`crate::Async`] mode. A cancelled (dropped) POST
/// (register, login token, import) may still have taken effect: its outcome is unknown.
#[derive(Clone, Debug)]
pub struct UserManagement<M: Mode = Blocking> {
    transport: Arc<Transport>,
    mode: PhantomData<M>,
}

impl<M: Mode> UserManagement<M> {
    pub(crate) fn new(transport: Arc<Transport>) -> Self {
        UserManagement {
            transport,
            mode: PhantomData,
        }
    }

    /// Registers a user and returns the plenigo customer ID. An e-mail that is registered
    /// already returns that customer's ID, unless `fail_by_existing_email` is set.
    ///
    /// ```no_run
    /// # let client = plenigo::PlenigoClient::new(plenigo::Config::new("company", "secret")).unwrap();
    /// let customer_id = client.users().register_user(&plenigo::UserRegistration::new("reader@example.com", "en"))?;
    /// # Ok::<(), plenigo::PlenigoError>(())
    /// ```
    pub fn register_user(&self, user: &UserRegistration) -> M::Output<String> {
        M::send(&self.transport, register_user(user))
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
    ) -> M::Output<String> {
        M::send(
            &self.transport,
            create_login_token(customer_id, use_external_customer_id),
        )
    }

    /// Changes the customer's e-mail address. Fails with [`ErrorKind::Conflict`] when another
    /// customer has it.
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
    ) -> M::Output<()> {
        M::send(
            &self.transport,
            change_email(customer_id, email, use_external_customer_id),
        )
    }

    /// Changes the customer's postal address.
    ///
    /// ```no_run
    /// # let client = plenigo::PlenigoClient::new(plenigo::Config::new("company", "secret")).unwrap();
    /// let mut address = plenigo::Address::new("FEMALE");
    /// address.city = Some("Berlin".into());
    /// client.users().change_address("56202510", &address, false)?;
    /// # Ok::<(), plenigo::PlenigoError>(())
    /// ```
    pub fn change_address(
        &self,
        customer_id: &str,
        address: &Address,
        use_external_customer_id: bool,
    ) -> M::Output<()> {
        M::send(
            &self.transport,
            change_address(customer_id, address, use_external_customer_id),
        )
    }

    /// Gives the customer one to four access IDs (your billing, CRM or other system's IDs);
    /// any of them then works in [`UserManagement::has_bought_product`].
    ///
    /// ```no_run
    /// # let client = plenigo::PlenigoClient::new(plenigo::Config::new("company", "secret")).unwrap();
    /// client.users().import_customer_access("56202510", false, &["CRM-12345"])?;
    /// # Ok::<(), plenigo::PlenigoError>(())
    /// ```
    pub fn import_customer_access<S: AsRef<str>>(
        &self,
        customer_id: &str,
        use_external_customer_id: bool,
        access_ids: &[S],
    ) -> M::Output<()> {
        M::send(
            &self.transport,
            import_customer_access(customer_id, use_external_customer_id, access_ids),
        )
    }

    /// Adds your external ID to a customer who has none yet. Fails with
    /// [`ErrorKind::Conflict`] when the customer has one or the ID is taken.
    ///
    /// ```no_run
    /// # let client = plenigo::PlenigoClient::new(plenigo::Config::new("company", "secret")).unwrap();
    /// client.users().add_external_user_id("56202510", "12345")?;
    /// # Ok::<(), plenigo::PlenigoError>(())
    /// ```
    pub fn add_external_user_id(&self, customer_id: &str, external_user_id: &str) -> M::Output<()> {
        M::send(
            &self.transport,
            add_external_user_id(customer_id, external_user_id),
        )
    }

    /// Whether the customer bought any of `product_ids`. `customer_id` is a plenigo customer
    /// ID, an imported access ID, or (with `use_external_customer_id`) your external ID.
    /// `false` when plenigo denies access (HTTP 403) or answers `accessGranted: false`; an
    /// answer that does not read as a grant is [`ErrorKind::InvalidResponse`].
    ///
    /// ```no_run
    /// # let client = plenigo::PlenigoClient::new(plenigo::Config::new("company", "secret")).unwrap();
    /// let bought = client.users().has_bought_product("CRM-12345", &["RgKUHT78563989856641"], false)?;
    /// # Ok::<(), plenigo::PlenigoError>(())
    /// ```
    pub fn has_bought_product<S: AsRef<str>>(
        &self,
        customer_id: &str,
        product_ids: &[S],
        use_external_customer_id: bool,
    ) -> M::Output<bool> {
        M::send(
            &self.transport,
            has_bought_product(customer_id, product_ids, use_external_customer_id),
        )
    }
}

/// `POST /externalUser/register`: the new (or, without `failByExistingEmail`, the existing)
/// customer's ID.
fn register_user(user: &UserRegistration) -> Result<Endpoint<String>, PlenigoError> {
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
    Ok(Endpoint::new(
        Method::POST,
        "/externalUser/register",
        &[],
        MEANING,
        |answer| answer.single_value("customerId"),
    )
    .body(body))
}

/// `POST /externalUser/{customerId}/createLoginToken`: a login token valid for 5 minutes.
fn create_login_token(
    customer_id: &str,
    use_external_customer_id: bool,
) -> Result<Endpoint<String>, PlenigoError> {
    validate::id("customer_id", customer_id)?;
    Ok(Endpoint::new(
        Method::POST,
        "/externalUser/{customerId}/createLoginToken",
        &[customer_id],
        MEANING,
        |answer| answer.single_value("loginToken"),
    )
    .query("useExternalCustomerId", use_external_customer_id))
}

/// `PUT /externalUser/{customerId}/changeEmail`.
fn change_email(
    customer_id: &str,
    email: &str,
    use_external_customer_id: bool,
) -> Result<Endpoint<()>, PlenigoError> {
    validate::id("customer_id", customer_id)?;
    validate::email("email", email)?;
    Ok(Endpoint::new(
        Method::PUT,
        "/externalUser/{customerId}/changeEmail",
        &[customer_id],
        MEANING,
        Answer::nothing,
    )
    .query("useExternalCustomerId", use_external_customer_id)
    .body(object([("email", email)])))
}

/// `PUT /user/{customerId}/address`: `gender` upper-cased, `country` required with a street.
fn change_address(
    customer_id: &str,
    address: &Address,
    use_external_customer_id: bool,
) -> Result<Endpoint<()>, PlenigoError> {
    validate::id("customer_id", customer_id)?;
    let gender = address.gender.trim().to_ascii_uppercase();
    if !GENDERS.contains(&gender.as_str()) {
        return Err(PlenigoError::invalid(
            "gender",
            format!(
                "must be one of {}, got {}",
                GENDERS.join(", "),
                validate::quote(&address.gender)
            ),
        ));
    }
    let given = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
    if given(&address.street) && !given(&address.country) {
        return Err(PlenigoError::invalid(
            "country",
            "is required when a street is given",
        ));
    }
    let mut body = Map::new();
    body.insert("gender".into(), json!(gender));
    for (key, field, value) in [
        ("firstName", "first_name", &address.first_name),
        ("name", "name", &address.name),
        ("street", "street", &address.street),
        (
            "additionalAddressInfo",
            "additional_address_info",
            &address.additional_address_info,
        ),
        ("postCode", "post_code", &address.post_code),
        ("city", "city", &address.city),
        ("country", "country", &address.country),
    ] {
        if let Some(value) = value {
            validate::text(field, value)?;
            body.insert(key.into(), json!(value));
        }
    }
    Ok(Endpoint::new(
        Method::PUT,
        "/user/{customerId}/address",
        &[customer_id],
        MEANING,
        Answer::nothing,
    )
    .query("useExternalCustomerId", use_external_customer_id)
    .body(body))
}

/// The genders plenigo's address knows.
const GENDERS: [&str; 3] = ["MALE", "FEMALE", "DIVERSE"];

/// `POST /import/customerAccess`: one to four access IDs, in plenigo's numbered fields.
fn import_customer_access<S: AsRef<str>>(
    customer_id: &str,
    use_external_customer_id: bool,
    access_ids: &[S],
) -> Result<Endpoint<()>, PlenigoError> {
    validate::id("customer_id", customer_id)?;
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
    for (field, id) in ACCESS_ID_FIELDS.iter().zip(access_ids) {
        validate::id("access_ids", id.as_ref())?;
        body.insert((*field).into(), json!(id.as_ref()));
    }
    Ok(Endpoint::new(
        Method::POST,
        "/import/customerAccess",
        &[],
        MEANING,
        Answer::nothing,
    )
    .body(body))
}

/// `PUT /externalUser/{customerId}/addExternalUserId`.
fn add_external_user_id(
    customer_id: &str,
    external_user_id: &str,
) -> Result<Endpoint<()>, PlenigoError> {
    validate::id("customer_id", customer_id)?;
    validate::id("external_user_id", external_user_id)?;
    Ok(Endpoint::new(
        Method::PUT,
        "/externalUser/{customerId}/addExternalUserId",
        &[customer_id],
        MEANING,
        Answer::nothing,
    )
    .body(object([("externalUserId", external_user_id)])))
}

/// `GET /user/product`: this endpoint always says `accessGranted`, so an empty or silent 200
/// grants nothing; 403 is `false`.
fn has_bought_product<S: AsRef<str>>(
    customer_id: &str,
    product_ids: &[S],
    use_external_customer_id: bool,
) -> Result<Endpoint<bool>, PlenigoError> {
    validate::id("customer_id", customer_id)?;
    if product_ids.is_empty() || product_ids.len() > MAX_PRODUCT_IDS {
        return Err(PlenigoError::invalid(
            "product_ids",
            format!(
                "must hold 1 to {MAX_PRODUCT_IDS} product IDs, got {}",
                product_ids.len()
            ),
        ));
    }
    let mut joined = Vec::with_capacity(product_ids.len());
    for id in product_ids {
        let id = id.as_ref();
        validate::id("product_ids", id)?;
        if id.contains(',') {
            return Err(PlenigoError::invalid(
                "product_ids",
                format!("must not contain ',': {}", validate::quote(id)),
            ));
        }
        joined.push(id);
    }
    Ok(Endpoint::new(
        Method::GET,
        "/user/product",
        &[],
        MEANING.no_access(),
        |answer| answer.access_granted(false),
    )
    .query("customerId", customer_id)
    .query("productId", joined.join(","))
    .test_mode(TestMode::Query)
    .query("useExternalCustomerId", use_external_customer_id))
}

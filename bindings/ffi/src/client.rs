//! The client and its services over UniFFI: one-line wrappers over the core. Each service is
//! declared once below and expanded twice, blocking and async, as the core's modes are.

use std::sync::Arc;

use crate::error::PlenigoError;
use crate::records::{
    Address, AppAccessData, AppAccessToken, CheckoutOptions, Config, Product, UserRegistration,
};

/// A plenigo client: one connection pool, safe to share between threads.
#[derive(Debug, uniffi::Object)]
#[uniffi::export(Debug)]
pub struct PlenigoClient(plenigo::PlenigoClient);

#[uniffi::export]
impl PlenigoClient {
    /// Checks the config and builds the client; `InvalidInput` names the rejected field.
    #[uniffi::constructor]
    pub fn new(config: Config) -> Result<Arc<Self>, PlenigoError> {
        Ok(Arc::new(PlenigoClient(plenigo::PlenigoClient::new(
            config.try_into()?,
        )?)))
    }

    /// App Management, blocking.
    pub fn apps(&self) -> Arc<AppManagement> {
        Arc::new(AppManagement(self.0.apps()))
    }

    /// External User Management, blocking.
    pub fn users(&self) -> Arc<UserManagement> {
        Arc::new(UserManagement(self.0.users()))
    }

    /// App Management as async calls (Kotlin `suspend`, Swift `async`, Python coroutines).
    pub fn apps_async(&self) -> Arc<AsyncAppManagement> {
        Arc::new(AsyncAppManagement(self.0.apps_async()))
    }

    /// External User Management as async calls.
    pub fn users_async(&self) -> Arc<AsyncUserManagement> {
        Arc::new(AsyncUserManagement(self.0.users_async()))
    }

    /// The JavaScript call that opens plenigo's checkout for `product`, `paymentData` signed.
    pub fn checkout_snippet(
        &self,
        product: Product,
        options: CheckoutOptions,
    ) -> Result<String, PlenigoError> {
        Ok(self.0.checkout_snippet(&product.into(), &options.into())?)
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> String {
        self.0.base_url().to_owned()
    }
}

/// Declares App Management for one mode: `(Name, plenigo mode, doc, async?, await?)`.
macro_rules! app_management {
    ($name:ident, $mode:ty, $doc:literal $(, $async:ident, $await:ident)?) => {
        #[doc = $doc]
        #[derive(uniffi::Object)]
        pub struct $name(plenigo::AppManagement<$mode>);

        #[uniffi::export]
        impl $name {
            /// A single-use app token for a customer who bought `product_id`.
            pub $($async)? fn request_app_token(&self, customer_id: String, product_id: String, description: String) -> Result<AppAccessToken, PlenigoError> {
                Ok(self.0.request_app_token(&customer_id, &product_id, &description)$(.$await)??.into())
            }

            /// Exchanges an app token for a customer app ID.
            pub $($async)? fn request_app_id(&self, customer_id: String, access_token: String) -> Result<AppAccessData, PlenigoError> {
                Ok(self.0.request_app_id(&customer_id, &access_token)$(.$await)??.into())
            }

            /// Whether the customer bought the product (`false` on HTTP 403).
            pub $($async)? fn has_user_bought(&self, customer_id: String, product_id: String, customer_app_id: String) -> Result<bool, PlenigoError> {
                Ok(self.0.has_user_bought(&customer_id, &product_id, &customer_app_id)$(.$await)??)
            }

            /// The customer apps registered for a customer.
            pub $($async)? fn get_customer_apps(&self, customer_id: String) -> Result<Vec<AppAccessData>, PlenigoError> {
                Ok(self.0.get_customer_apps(&customer_id)$(.$await)??.into_iter().map(Into::into).collect())
            }

            /// Removes a customer app.
            pub $($async)? fn delete_customer_app(&self, customer_id: String, customer_app_id: String) -> Result<(), PlenigoError> {
                Ok(self.0.delete_customer_app(&customer_id, &customer_app_id)$(.$await)??)
            }
        }
    };
}

/// Declares External User Management for one mode, like [`app_management`].
macro_rules! user_management {
    ($name:ident, $mode:ty, $doc:literal $(, $async:ident, $await:ident)?) => {
        #[doc = $doc]
        #[derive(uniffi::Object)]
        pub struct $name(plenigo::UserManagement<$mode>);

        #[uniffi::export]
        impl $name {
            /// Registers a user and returns the plenigo customer ID.
            pub $($async)? fn register_user(&self, user: UserRegistration) -> Result<String, PlenigoError> {
                Ok(self.0.register_user(&user.into())$(.$await)??)
            }

            /// A login token for the customer, valid for 5 minutes.
            pub $($async)? fn create_login_token(&self, customer_id: String, use_external_customer_id: bool) -> Result<String, PlenigoError> {
                Ok(self.0.create_login_token(&customer_id, use_external_customer_id)$(.$await)??)
            }

            /// Changes the customer's e-mail address.
            pub $($async)? fn change_email(&self, customer_id: String, email: String, use_external_customer_id: bool) -> Result<(), PlenigoError> {
                Ok(self.0.change_email(&customer_id, &email, use_external_customer_id)$(.$await)??)
            }

            /// Changes the customer's postal address.
            pub $($async)? fn change_address(&self, customer_id: String, address: Address, use_external_customer_id: bool) -> Result<(), PlenigoError> {
                Ok(self.0.change_address(&customer_id, &address.into(), use_external_customer_id)$(.$await)??)
            }

            /// Gives the customer one to four access IDs.
            pub $($async)? fn import_customer_access(&self, customer_id: String, use_external_customer_id: bool, access_ids: Vec<String>) -> Result<(), PlenigoError> {
                Ok(self.0.import_customer_access(&customer_id, use_external_customer_id, &access_ids)$(.$await)??)
            }

            /// Adds your external ID to a customer who has none yet.
            pub $($async)? fn add_external_user_id(&self, customer_id: String, external_user_id: String) -> Result<(), PlenigoError> {
                Ok(self.0.add_external_user_id(&customer_id, &external_user_id)$(.$await)??)
            }

            /// Whether the customer bought any of `product_ids` (`false` on HTTP 403).
            pub $($async)? fn has_bought_product(&self, customer_id: String, product_ids: Vec<String>, use_external_customer_id: bool) -> Result<bool, PlenigoError> {
                Ok(self.0.has_bought_product(&customer_id, &product_ids, use_external_customer_id)$(.$await)??)
            }
        }
    };
}

app_management!(
    AppManagement,
    plenigo::Blocking,
    "App Management operations, blocking."
);
app_management!(
    AsyncAppManagement,
    plenigo::Async,
    "App Management operations as async calls; cancelling one aborts its request.",
    async,
    await
);
user_management!(
    UserManagement,
    plenigo::Blocking,
    "External User Management operations, blocking."
);
user_management!(
    AsyncUserManagement,
    plenigo::Async,
    "External User Management operations as async calls; cancelling one aborts its request.",
    async,
    await
);

//! The data model (companies, customers, purchases, app tokens, customer apps, login
//! tokens, access IDs), the fixture it is loaded from, and the shared server state.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::checkout::Offer;
use crate::connections::ConnectionStats;
use crate::error::json_error;
use crate::faults::Faults;
use crate::journal::Journal;
use crate::replay::ReplayCache;

/// How far the domain clock may be moved ahead in all: 100 years, in seconds.
pub(crate) const MAX_CLOCK_OFFSET: u64 = 100 * 365 * 24 * 3600;

/// How long an expired login token is still remembered (admin views, redeem errors), in
/// seconds of the domain clock.
const LOGIN_TOKEN_MEMORY: u64 = 24 * 3600;

/// How long a login token stays valid, in seconds of the domain clock.
const LOGIN_TOKEN_TTL: u64 = 300;

/// The built-in fixture: the companies and customers that plenigo's documentation uses.
const BUILTIN_FIXTURE: &str = include_str!("fixture.json");

/// The state the sandbox starts with and returns to on reset: `{"companies": [...]}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fixture {
    /// The companies, each with its secrets, settings and customers.
    pub companies: Vec<CompanySpec>,
}

/// A company: its secrets and settings, and optionally its catalogue and customers.
/// Backs `POST /__sandbox/companies` and the entries of a fixture.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct CompanySpec {
    /// The company ID (the `companyId` JWT claim).
    pub company_id: String,
    /// The active secrets; a token signed with any of them is accepted.
    pub secrets: Vec<String>,
    /// Whether the company may use External User Management (default true).
    pub closed_user_group: bool,
    /// How many customer apps a customer may hold per mode (default 10).
    pub max_parallel_app_accesses: u32,
    /// The product IDs the company sells; fixture purchases, apps and tokens must use them.
    pub products: Vec<String>,
    /// The company's customers.
    pub customers: Vec<CustomerSpec>,
}

impl Default for CompanySpec {
    fn default() -> Self {
        CompanySpec {
            company_id: String::new(),
            secrets: Vec::new(),
            closed_user_group: true,
            max_parallel_app_accesses: 10,
            products: Vec::new(),
            customers: Vec::new(),
        }
    }
}

/// A customer of a fixture company.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct CustomerSpec {
    /// The plenigo customer ID.
    pub customer_id: String,
    /// The e-mail address (default `customer<id in lower case>@example.com`).
    pub email: Option<String>,
    /// The two-letter language (default `en`).
    pub language: Option<String>,
    /// The given name.
    pub first_name: Option<String>,
    /// The family name.
    pub name: Option<String>,
    /// The company's own ID for the customer.
    pub external_user_id: Option<String>,
    /// Imported access IDs.
    pub access_ids: Vec<String>,
    /// Bought products.
    pub purchases: Vec<PurchaseSpec>,
    /// Customer apps.
    pub apps: Vec<AppSpec>,
    /// Unused app tokens.
    pub app_tokens: Vec<AppTokenSpec>,
}

/// A bought product; `testMode` absent means both modes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PurchaseSpec {
    /// The product ID.
    pub product_id: String,
    /// `Some(true)` test mode only, `Some(false)` live mode only, `None` both.
    #[serde(default)]
    pub test_mode: Option<bool>,
}

/// A customer app; `testMode` absent means both modes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AppSpec {
    /// The customer app ID.
    pub customer_app_id: String,
    /// The product the app gives access to.
    pub product_id: String,
    /// The description given when the token was requested.
    pub description: String,
    /// `Some(true)` test mode only, `Some(false)` live mode only, `None` both.
    #[serde(default)]
    pub test_mode: Option<bool>,
}

/// An unused app token; `testMode` absent means both modes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AppTokenSpec {
    /// The token.
    pub token: String,
    /// The product the token is for.
    pub product_id: String,
    /// The description given with the request.
    pub description: String,
    /// `Some(true)` test mode only, `Some(false)` live mode only, `None` both.
    #[serde(default)]
    pub test_mode: Option<bool>,
}

impl Fixture {
    /// The built-in fixture (the companies, customers and apps of plenigo's documentation).
    pub fn builtin() -> Fixture {
        Fixture::from_json(BUILTIN_FIXTURE).expect("the built-in fixture is valid")
    }

    /// Parses and validates a fixture from JSON text.
    pub fn from_json(text: &str) -> Result<Fixture, String> {
        let mut json = serde_json::Deserializer::from_str(text);
        let fixture: Fixture = serde_path_to_error::deserialize(&mut json)
            .map_err(|e| format!("invalid fixture at {}: {}", e.path(), json_error(e.inner())))?;
        World::from_fixture(&fixture)?;
        Ok(fixture)
    }

    /// Reads, parses and validates a fixture file.
    pub fn from_file(path: &Path) -> std::io::Result<Fixture> {
        let text = std::fs::read_to_string(path)?;
        Fixture::from_json(&text)
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }
}

/// The server's shared state: the world, the journal and the pending faults.
pub struct ServerState {
    world: Mutex<World>,
    initial: World,
    pub(crate) journal: Journal,
    pub(crate) faults: Faults,
    pub(crate) connections: Arc<ConnectionStats>,
    pub(crate) log_requests: bool,
}

impl ServerState {
    /// State loaded from `fixture`; with `log_requests` every API request is logged on stderr.
    pub fn new(fixture: &Fixture, log_requests: bool) -> Result<Arc<ServerState>, String> {
        let initial = World::from_fixture(fixture)?;
        Ok(Arc::new(ServerState {
            world: Mutex::new(initial.clone()),
            initial,
            journal: Journal::default(),
            faults: Faults::default(),
            connections: Arc::default(),
            log_requests,
        }))
    }

    /// Locks the world (a panic in another request does not make it unusable).
    pub(crate) fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Puts the fixture state back and clears the journal, faults, clock and replay cache;
    /// zeroes the accepted and API connection counts.
    pub(crate) fn reset(&self) {
        *self.world() = self.initial.clone();
        self.journal.clear();
        self.faults.clear();
        self.connections.reset();
    }
}

/// Everything the API can change.
#[derive(Clone, Debug, Default)]
pub(crate) struct World {
    pub(crate) companies: BTreeMap<String, Company>,
    login_tokens: HashMap<String, LoginToken>,
    /// Checkouts shown on the overlay and not yet bought, by checkout ID.
    pub(crate) checkouts: HashMap<String, Offer>,
    clock_offset: u64,
}

/// A company at run time.
#[derive(Clone, Debug)]
pub(crate) struct Company {
    pub(crate) secrets: Vec<String>,
    /// The catalogue (shown in the console; purchases may name other products too).
    pub(crate) products: BTreeSet<String>,
    pub(crate) closed_user_group: bool,
    pub(crate) max_parallel_app_accesses: u32,
    pub(crate) customers: BTreeMap<String, Customer>,
    /// JWT IDs seen while their token was still valid.
    pub(crate) seen_jtis: ReplayCache,
}

/// A customer at run time; shared by both modes except for its holdings.
#[derive(Clone, Debug)]
pub(crate) struct Customer {
    pub(crate) id: String,
    pub(crate) email: String,
    pub(crate) language: String,
    pub(crate) first_name: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) external_user_id: Option<String>,
    pub(crate) access_ids: Vec<String>,
    /// The postal address set by `changeAddress`, if any.
    pub(crate) address: Option<Address>,
    live: Holdings,
    test: Holdings,
}

/// A customer's postal address, as plenigo's `Address` (and the admin view) names the
/// fields.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Address {
    /// `MALE`, `FEMALE` or `DIVERSE`.
    pub(crate) gender: String,
    pub(crate) first_name: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) street: Option<String>,
    pub(crate) additional_address_info: Option<String>,
    pub(crate) post_code: Option<String>,
    pub(crate) city: Option<String>,
    /// Set whenever `street` is.
    pub(crate) country: Option<String>,
}

/// What a customer owns in one mode.
#[derive(Clone, Debug, Default)]
pub(crate) struct Holdings {
    pub(crate) purchases: BTreeSet<String>,
    pub(crate) apps: Vec<CustomerApp>,
    pub(crate) tokens: Vec<AppToken>,
}

/// A customer app: reusable access of a third party to one product.
#[derive(Clone, Debug)]
pub(crate) struct CustomerApp {
    pub(crate) id: String,
    pub(crate) product_id: String,
    pub(crate) description: String,
}

/// A single-use app token, exchanged for a customer app.
#[derive(Clone, Debug)]
pub(crate) struct AppToken {
    pub(crate) token: String,
    pub(crate) product_id: String,
    pub(crate) description: String,
}

/// A login token handed out by `createLoginToken`.
#[derive(Clone, Debug)]
struct LoginToken {
    company_id: String,
    customer_id: String,
    expires_at: u64,
    redeemed: bool,
}

/// Why a login token cannot be redeemed.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum RedeemError {
    Unknown,
    AlreadyRedeemed,
    Expired,
}

/// Seconds since the Unix epoch on the real clock.
pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// `n` random decimal digits.
pub(crate) fn random_digits(n: usize) -> String {
    (0..n).map(|_| fastrand::digit(10)).collect()
}

/// `n` random ASCII letters and digits.
pub(crate) fn random_alphanumeric(n: usize) -> String {
    (0..n).map(|_| fastrand::alphanumeric()).collect()
}

/// The modes an optional `testMode` of a fixture entry stands for.
fn modes(test_mode: Option<bool>) -> &'static [bool] {
    match test_mode {
        Some(true) => &[true],
        Some(false) => &[false],
        None => &[false, true],
    }
}

impl World {
    /// Builds and validates the world a fixture describes.
    fn from_fixture(fixture: &Fixture) -> Result<World, String> {
        let mut world = World::default();
        for spec in &fixture.companies {
            if world.companies.contains_key(&spec.company_id) {
                return Err(format!("company {} appears twice", spec.company_id));
            }
            world.add_company(spec)?;
        }
        Ok(world)
    }

    /// The domain clock (login-token expiry): real time plus what was advanced.
    pub(crate) fn now(&self) -> u64 {
        unix_now().saturating_add(self.clock_offset)
    }

    /// Moves the domain clock forward, in all by at most [`MAX_CLOCK_OFFSET`] seconds.
    pub(crate) fn advance_clock(&mut self, seconds: u64) -> Result<(), String> {
        match self.clock_offset.checked_add(seconds) {
            Some(offset) if offset <= MAX_CLOCK_OFFSET => {
                self.clock_offset = offset;
                Ok(())
            }
            _ => Err(format!(
                "the clock moves at most {MAX_CLOCK_OFFSET} seconds (100 years) in all"
            )),
        }
    }

    /// Adds a company, replacing one with the same ID.
    pub(crate) fn add_company(&mut self, spec: &CompanySpec) -> Result<(), String> {
        let company = Company::from_spec(spec)?;
        self.companies.insert(spec.company_id.clone(), company);
        Ok(())
    }

    /// Records a purchase, creating the customer if needed.
    pub(crate) fn add_purchase(
        &mut self,
        company_id: &str,
        customer_id: &str,
        product_id: &str,
        test_mode: bool,
    ) -> Result<(), String> {
        if customer_id.is_empty() || product_id.is_empty() {
            return Err("customerId and productId must not be empty".into());
        }
        let company = self
            .companies
            .get_mut(company_id)
            .ok_or_else(|| format!("unknown company {company_id}"))?;
        if !company.customers.contains_key(customer_id) {
            let customer = Customer::new(customer_id, None, None);
            if company.email_owner(&customer.email).is_some() {
                return Err(format!("e-mail {} is taken", customer.email));
            }
            company.customers.insert(customer_id.into(), customer);
        }
        if let Some(customer) = company.customers.get_mut(customer_id) {
            customer
                .holdings_mut(test_mode)
                .purchases
                .insert(product_id.into());
        }
        Ok(())
    }

    /// Adds a product to a company's catalogue.
    pub(crate) fn add_product(&mut self, company_id: &str, product_id: &str) -> Result<(), String> {
        if product_id.is_empty() {
            return Err("productId must not be empty".into());
        }
        self.companies
            .get_mut(company_id)
            .ok_or_else(|| format!("unknown company {company_id}"))?
            .products
            .insert(product_id.into());
        Ok(())
    }

    /// Issues a login token for a customer, valid for five minutes of domain time.
    /// Tokens expired over a day ago are forgotten then (an unknown token fails to redeem
    /// as an expired one does).
    pub(crate) fn issue_login_token(&mut self, company_id: &str, customer_id: &str) -> String {
        let forget_before = self.now().saturating_sub(LOGIN_TOKEN_MEMORY);
        self.login_tokens
            .retain(|_, login| login.expires_at >= forget_before);
        let token = loop {
            let token = random_alphanumeric(40);
            if !self.login_tokens.contains_key(&token) {
                break token;
            }
        };
        let expires_at = self.now() + LOGIN_TOKEN_TTL;
        self.login_tokens.insert(
            token.clone(),
            LoginToken {
                company_id: company_id.into(),
                customer_id: customer_id.into(),
                expires_at,
                redeemed: false,
            },
        );
        token
    }

    /// The company a login token was issued by.
    pub(crate) fn login_token_company(&self, token: &str) -> Option<&str> {
        self.login_tokens
            .get(token)
            .map(|login| login.company_id.as_str())
    }

    /// Redeems a login token once; answers the customer it was issued for.
    pub(crate) fn redeem_login_token(&mut self, token: &str) -> Result<String, RedeemError> {
        let now = self.now();
        let login = self
            .login_tokens
            .get_mut(token)
            .ok_or(RedeemError::Unknown)?;
        if login.redeemed {
            Err(RedeemError::AlreadyRedeemed)
        } else if now >= login.expires_at {
            Err(RedeemError::Expired)
        } else {
            login.redeemed = true;
            Ok(login.customer_id.clone())
        }
    }

    /// The admin view of a login token.
    pub(crate) fn login_token_view(&self, token: &str) -> Option<Value> {
        let login = self.login_tokens.get(token)?;
        let now = self.now();
        Some(json!({
            "token": token,
            "companyId": login.company_id,
            "customerId": login.customer_id,
            "expiresAt": login.expires_at,
            "secondsLeft": login.expires_at.saturating_sub(now),
            "expired": now >= login.expires_at,
            "redeemed": login.redeemed,
        }))
    }

    /// The whole state for the console (`GET /__sandbox/state`): every company with its
    /// settings, catalogue, customers (each with its holdings per mode) and login tokens.
    /// Secrets are only counted, never shown.
    pub(crate) fn dump(&self) -> Value {
        let companies: Vec<Value> = self
            .companies
            .iter()
            .map(|(company_id, company)| self.company_view(company_id, company))
            .collect();
        json!({
            "now": self.now(),
            "clockOffsetSeconds": self.clock_offset,
            "companies": companies,
        })
    }

    /// One company in the state dump: its settings, catalogue, customers (each with its app
    /// tokens per mode) and login tokens, soonest to expire first.
    fn company_view(&self, company_id: &str, company: &Company) -> Value {
        let customers: Vec<Value> = company
            .customers
            .values()
            .map(|customer| {
                let mut view = self
                    .customer_view(company_id, &customer.id)
                    .unwrap_or_default();
                view["appTokens"] = json!({
                    "live": tokens_json(&customer.live),
                    "test": tokens_json(&customer.test),
                });
                view
            })
            .collect();
        let mut login_tokens: Vec<(&String, &LoginToken)> = self
            .login_tokens
            .iter()
            .filter(|(_, login)| login.company_id == company_id)
            .collect();
        login_tokens.sort_by_key(|(token, login)| (login.expires_at, *token));
        let login_tokens: Vec<Value> = login_tokens
            .into_iter()
            .filter_map(|(token, _)| self.login_token_view(token))
            .collect();
        json!({
            "companyId": company_id,
            "secretCount": company.secrets.len(),
            "closedUserGroup": company.closed_user_group,
            "maxParallelAppAccesses": company.max_parallel_app_accesses,
            "products": company.products,
            "customers": customers,
            "loginTokens": login_tokens,
        })
    }

    /// The admin view of a customer.
    pub(crate) fn customer_view(&self, company_id: &str, customer_id: &str) -> Option<Value> {
        let customer = self.companies.get(company_id)?.customers.get(customer_id)?;
        let apps = |holdings: &Holdings| -> Vec<Value> {
            holdings
                .apps
                .iter()
                .map(|app| app.to_json(&customer.id))
                .collect()
        };
        Some(json!({
            "customerId": customer.id,
            "email": customer.email,
            "language": customer.language,
            "firstName": customer.first_name,
            "name": customer.name,
            "externalUserId": customer.external_user_id,
            "accessIds": customer.access_ids,
            "address": customer.address,
            "purchases": {"live": customer.live.purchases, "test": customer.test.purchases},
            "apps": {"live": apps(&customer.live), "test": apps(&customer.test)},
        }))
    }
}

/// A customer's unused app tokens in one mode, as the state dump shows them.
fn tokens_json(holdings: &Holdings) -> Vec<Value> {
    holdings
        .tokens
        .iter()
        .map(|t| json!({"token": t.token, "productId": t.product_id, "description": t.description}))
        .collect()
}

impl Company {
    /// Builds and validates a company from its spec.
    fn from_spec(spec: &CompanySpec) -> Result<Company, String> {
        let id = &spec.company_id;
        if id.is_empty() {
            return Err("companyId must not be empty".into());
        }
        if spec.secrets.is_empty() || spec.secrets.iter().any(String::is_empty) {
            return Err(format!("company {id} needs at least one non-empty secret"));
        }
        let products: HashSet<&str> = spec.products.iter().map(String::as_str).collect();
        let known = |product: &str| -> Result<(), String> {
            if products.contains(product) {
                Ok(())
            } else {
                Err(format!("company {id} does not list product {product}"))
            }
        };
        let mut company = Company {
            secrets: spec.secrets.clone(),
            products: spec.products.iter().cloned().collect(),
            closed_user_group: spec.closed_user_group,
            max_parallel_app_accesses: spec.max_parallel_app_accesses,
            customers: BTreeMap::new(),
            seen_jtis: ReplayCache::default(),
        };
        for c in &spec.customers {
            let cid = &c.customer_id;
            if cid.is_empty() {
                return Err(format!(
                    "company {id} has a customer with an empty customerId"
                ));
            }
            if company.customers.contains_key(cid) {
                return Err(format!("customer {cid} appears twice in company {id}"));
            }
            let mut customer = Customer::new(cid, c.email.clone(), c.language.clone());
            if company.email_owner(&customer.email).is_some() {
                return Err(format!(
                    "e-mail {} is used twice in company {id}",
                    customer.email
                ));
            }
            if let Some(external) = &c.external_user_id {
                if company.external_owner(external).is_some() {
                    return Err(format!(
                        "external ID {external} is used twice in company {id}"
                    ));
                }
            }
            customer.first_name = c.first_name.clone();
            customer.name = c.name.clone();
            customer.external_user_id = c.external_user_id.clone();
            customer.access_ids = c.access_ids.clone();
            for p in &c.purchases {
                known(&p.product_id)?;
                for &test in modes(p.test_mode) {
                    customer
                        .holdings_mut(test)
                        .purchases
                        .insert(p.product_id.clone());
                }
            }
            for a in &c.apps {
                known(&a.product_id)?;
                for &test in modes(a.test_mode) {
                    customer.holdings_mut(test).apps.push(CustomerApp {
                        id: a.customer_app_id.clone(),
                        product_id: a.product_id.clone(),
                        description: a.description.clone(),
                    });
                }
            }
            for t in &c.app_tokens {
                known(&t.product_id)?;
                for &test in modes(t.test_mode) {
                    customer.holdings_mut(test).tokens.push(AppToken {
                        token: t.token.clone(),
                        product_id: t.product_id.clone(),
                        description: t.description.clone(),
                    });
                }
            }
            company.customers.insert(cid.clone(), customer);
        }
        Ok(company)
    }

    /// A customer by plenigo ID, or by external ID when `by_external`; returns the plenigo ID.
    pub(crate) fn resolve(&self, key: &str, by_external: bool) -> Option<String> {
        if by_external {
            self.external_owner(key).map(|c| c.id.clone())
        } else {
            self.customers.get(key).map(|c| c.id.clone())
        }
    }

    /// A customer by plenigo ID or by any of its imported access IDs.
    pub(crate) fn by_plenigo_or_access_id(&self, key: &str) -> Option<&Customer> {
        self.customers.get(key).or_else(|| {
            self.customers
                .values()
                .find(|c| c.access_ids.iter().any(|a| a == key))
        })
    }

    /// The customer with this e-mail address (case-insensitive).
    pub(crate) fn email_owner(&self, email: &str) -> Option<&Customer> {
        self.customers
            .values()
            .find(|c| c.email.eq_ignore_ascii_case(email))
    }

    /// The customer with this external ID.
    pub(crate) fn external_owner(&self, external: &str) -> Option<&Customer> {
        self.customers
            .values()
            .find(|c| c.external_user_id.as_deref() == Some(external))
    }

    /// A fresh, unused 8-digit customer ID.
    pub(crate) fn new_customer_id(&self) -> String {
        loop {
            let id = random_digits(8);
            if !self.customers.contains_key(&id) {
                return id;
            }
        }
    }

    /// A fresh 10-digit app token, unused in this mode.
    pub(crate) fn new_app_token(&self, test_mode: bool) -> String {
        loop {
            let token = random_digits(10);
            let taken = self.customers.values().any(|c| {
                c.holdings(test_mode)
                    .tokens
                    .iter()
                    .any(|t| t.token == token)
            });
            if !taken {
                return token;
            }
        }
    }

    /// A fresh 40-character customer app ID, unused in this mode.
    pub(crate) fn new_customer_app_id(&self, test_mode: bool) -> String {
        loop {
            let id = random_alphanumeric(40);
            let taken = self
                .customers
                .values()
                .any(|c| c.holdings(test_mode).apps.iter().any(|a| a.id == id));
            if !taken {
                return id;
            }
        }
    }
}

impl Customer {
    /// A customer with default e-mail and language where none are given.
    pub(crate) fn new(id: &str, email: Option<String>, language: Option<String>) -> Customer {
        Customer {
            id: id.into(),
            email: email.unwrap_or_else(|| format!("customer{}@example.com", id.to_lowercase())),
            language: language.unwrap_or_else(|| "en".into()),
            first_name: None,
            name: None,
            external_user_id: None,
            access_ids: Vec::new(),
            address: None,
            live: Holdings::default(),
            test: Holdings::default(),
        }
    }

    /// What the customer owns in one mode.
    pub(crate) fn holdings(&self, test_mode: bool) -> &Holdings {
        if test_mode {
            &self.test
        } else {
            &self.live
        }
    }

    /// What the customer owns in one mode, for changing.
    pub(crate) fn holdings_mut(&mut self, test_mode: bool) -> &mut Holdings {
        if test_mode {
            &mut self.test
        } else {
            &mut self.live
        }
    }
}

impl CustomerApp {
    /// The API's JSON form of a customer app.
    pub(crate) fn to_json(&self, customer_id: &str) -> Value {
        json!({
            "customerId": customer_id,
            "customerAppId": self.id,
            "productId": self.product_id,
            "description": self.description,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_fixture_has_the_seed_data() {
        let world = World::from_fixture(&Fixture::builtin()).unwrap();
        let company = &world.companies["23NuCmdPoiRRkQiCqP9Q"];
        assert_eq!(company.secrets.len(), 2);
        let customer = &company.customers["56202510"];
        assert_eq!(customer.email, "customer56202510@example.com");
        for test in [false, true] {
            let holdings = customer.holdings(test);
            assert!(holdings.purchases.contains("RgKUHT78563989856641"));
            assert_eq!(
                holdings.apps[0].id,
                "ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G"
            );
            assert_eq!(holdings.tokens[0].token, "6176437516");
        }
        assert!(world.companies["12NuCmdZUTRRkQiCqP2Q"]
            .customers
            .contains_key("56202510"));
    }

    #[test]
    fn fixture_validation_rejects_mistakes() {
        let bad = [
            r#"{"companies":[{"companyId":"c","secrets":[]}]}"#,
            r#"{"companies":[{"companyId":"","secrets":["s"]}]}"#,
            r#"{"companies":[{"companyId":"c","secrets":["s"]},{"companyId":"c","secrets":["s"]}]}"#,
            r#"{"companies":[{"companyId":"c","secrets":["s"],"customers":[{"customerId":"1","purchases":[{"productId":"p"}]}]}]}"#,
            r#"{"companies":[{"companyId":"c","secrets":["s"],"customers":[{"customerId":"1"},{"customerId":"1"}]}]}"#,
            r#"{"companies":[{"companyId":"c","secrets":["s"],"maxParallelAppAccess":3}]}"#,
        ];
        for text in bad {
            assert!(Fixture::from_json(text).is_err(), "{text}");
        }
        let ok = r#"{"companies":[{"companyId":"c","secrets":["s"],"products":["p"],
            "customers":[{"customerId":"1","purchases":[{"productId":"p","testMode":true}]}]}]}"#;
        let world = World::from_fixture(&Fixture::from_json(ok).unwrap()).unwrap();
        let customer = &world.companies["c"].customers["1"];
        assert!(customer.holdings(true).purchases.contains("p"));
        assert!(customer.holdings(false).purchases.is_empty());
        assert!(world.companies["c"].closed_user_group);
        assert_eq!(world.companies["c"].max_parallel_app_accesses, 10);
    }

    #[test]
    fn readme_fixture_example_is_valid() {
        let readme = include_str!("../README.md");
        let start = readme.find("```json\n").unwrap() + "```json\n".len();
        let end = start + readme[start..].find("```").unwrap();
        let fixture = Fixture::from_json(&readme[start..end]).unwrap();
        let world = World::from_fixture(&fixture).unwrap();
        let customer = &world.companies["MyCompany"].customers["10000001"];
        assert_eq!(customer.external_user_id.as_deref(), Some("crm-42"));
        assert!(customer.holdings(true).purchases.contains("P2"));
        assert!(!customer.holdings(false).purchases.contains("P2"));
        assert_eq!(customer.holdings(false).tokens.len(), 1);
        assert!(customer.holdings(true).tokens.is_empty());
    }

    #[test]
    fn the_dump_shows_everything_but_the_secrets() {
        let mut world = World::from_fixture(&Fixture::builtin()).unwrap();
        let company = "23NuCmdPoiRRkQiCqP9Q";
        let token = world.issue_login_token(company, "56202510");
        world.add_product(company, "NewProduct").unwrap();
        assert!(world.add_product("nope", "P").is_err());
        assert!(world.add_product(company, "").is_err());
        world.advance_clock(100).unwrap();
        let dump = world.dump();
        let text = dump.to_string();
        for secret in [
            "QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj",
            "Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj",
        ] {
            assert!(!text.contains(secret));
        }
        assert_eq!(dump["clockOffsetSeconds"], 100);
        let first = &dump["companies"][1];
        assert_eq!(first["companyId"], company);
        assert_eq!(first["secretCount"], 2);
        assert!(first["products"]
            .as_array()
            .unwrap()
            .contains(&json!("NewProduct")));
        let customer = &first["customers"][0];
        assert_eq!(customer["customerId"], "56202510");
        assert_eq!(customer["appTokens"]["test"][0]["token"], "6176437516");
        assert_eq!(customer["purchases"]["live"][0], "RgKUHT78563989856641");
        let login = &first["loginTokens"][0];
        assert_eq!(login["token"], token.as_str());
        assert_eq!(login["secondsLeft"], LOGIN_TOKEN_TTL - 100);
        assert_eq!(dump["companies"][0]["loginTokens"], json!([]));
    }

    #[test]
    fn login_tokens_expire_on_the_domain_clock_and_redeem_once() {
        let mut world = World::default();
        let token = world.issue_login_token("c", "1");
        assert_eq!(world.login_token_view(&token).unwrap()["expired"], false);
        world.advance_clock(LOGIN_TOKEN_TTL).unwrap();
        assert_eq!(world.login_token_view(&token).unwrap()["expired"], true);
        assert_eq!(world.redeem_login_token(&token), Err(RedeemError::Expired));
        let fresh = world.issue_login_token("c", "1");
        assert_eq!(world.redeem_login_token(&fresh), Ok("1".to_owned()));
        assert_eq!(
            world.redeem_login_token(&fresh),
            Err(RedeemError::AlreadyRedeemed)
        );
        assert_eq!(world.redeem_login_token("nope"), Err(RedeemError::Unknown));

        // Over a day after expiring, a token is forgotten when the next one is issued.
        world.advance_clock(LOGIN_TOKEN_MEMORY + 1).unwrap();
        world.issue_login_token("c", "1");
        assert!(world.login_token_view(&token).is_none());
        assert!(
            world.login_token_view(&fresh).is_some(),
            "expired less than a day ago"
        );
        assert_eq!(world.login_tokens.len(), 2);
        world.advance_clock(LOGIN_TOKEN_TTL).unwrap();
        world.issue_login_token("c", "1");
        assert!(world.login_token_view(&fresh).is_none());
        assert_eq!(world.login_tokens.len(), 2);
    }
}

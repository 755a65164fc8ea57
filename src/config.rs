//! The client configuration and the secret it holds.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::error::PlenigoError;
use crate::validate;

/// plenigo's production API.
pub const DEFAULT_BASE_URL: &str = "https://api.plenigo.com";
/// The environment variable read when [`Config::base_url`] is not set.
pub const BASE_URL_ENV: &str = "PLENIGO_BASE_URL";
/// The environment variable naming a PEM file of extra trusted root certificates, read when
/// [`Config::extra_root_certs_pem`] is not set (like Node's `NODE_EXTRA_CA_CERTS`).
pub const EXTRA_CA_CERTS_ENV: &str = "PLENIGO_EXTRA_CA_CERTS";

/// A company secret. It signs every request and is never printed: `Debug` and `Display`
/// show `***`. Cloning it is cheap.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Secret(Arc<str>);

impl Secret {
    /// Wraps the secret shown in the plenigo merchant backend.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Arc::from(value.into()))
    }

    /// The secret's bytes, for signing.
    pub(crate) fn expose(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Everything a [`crate::PlenigoClient`] needs: credentials, where to send requests, and how
/// patiently. Start from [`Config::new`] and change what you need; new fields get defaults, so
/// adding one never breaks your code.
///
/// ```
/// let mut config = plenigo::Config::new("23NuCmdPoiRRkQiCqP9Q", "my-secret");
/// config.test_mode = true;
/// config.request_timeout = std::time::Duration::from_secs(5);
/// assert!(!format!("{config:?}").contains("my-secret"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Config {
    /// The company ID from the plenigo merchant backend.
    pub company_id: String,
    /// The company secret.
    pub secret: Secret,
    /// The API's base URL; when unset, `PLENIGO_BASE_URL` from the environment, else
    /// `https://api.plenigo.com`.
    pub base_url: Option<String>,
    /// Work on test-mode data (sent as `testMode` on App Management and has-bought calls).
    pub test_mode: bool,
    /// How long to wait for a connection (default 10 s).
    pub connect_timeout: Duration,
    /// How long one attempt may take in all (default 10 s).
    pub request_timeout: Duration,
    /// How often a failed request is tried again where that is safe (0 to 10, default 2).
    pub max_retries: u32,
    /// The budget of one call in all: every attempt and every wait between them (default
    /// 30 s). No retry starts that would end past it.
    pub deadline: Duration,
    /// The largest answer body read, in bytes (default 1 MiB); a larger one is
    /// [`crate::PlenigoError::InvalidResponse`] as soon as it passes the cap.
    pub max_response_bytes: usize,
    /// Appended to the `User-Agent` header, e.g. `my-shop/1.2`.
    pub user_agent_suffix: Option<String>,
    /// Allow plain `http://` to hosts other than loopback (never do this in production).
    pub allow_insecure_http: bool,
    /// An HTTP(S) proxy for `https://` base URLs (a CONNECT tunnel: the proxy never sees a
    /// token). Unset: `HTTPS_PROXY`/`ALL_PROXY`/`NO_PROXY` from the environment, as curl
    /// reads them. Plain `http://` base URLs and loopback hosts never go through a proxy.
    pub proxy_url: Option<String>,
    /// Root certificates (PEM, one or more) trusted besides the built-in ones: a TLS-inspecting
    /// proxy's CA, or a test server's. When unset, the PEM file named by
    /// `PLENIGO_EXTRA_CA_CERTS` in the environment, if any.
    pub extra_root_certs_pem: Option<String>,
}

impl Config {
    /// A config with the defaults: live mode, 10 s timeouts, 2 retries, base URL from the
    /// environment or plenigo's production API.
    pub fn new(company_id: impl Into<String>, secret: impl Into<String>) -> Self {
        Config {
            company_id: company_id.into(),
            secret: Secret::new(secret),
            base_url: None,
            test_mode: false,
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(10),
            max_retries: 2,
            deadline: Duration::from_secs(30),
            max_response_bytes: 1 << 20,
            user_agent_suffix: None,
            allow_insecure_http: false,
            proxy_url: None,
            extra_root_certs_pem: None,
        }
    }

    /// This config with the environment's defaults filled in (`PLENIGO_BASE_URL`,
    /// `PLENIGO_EXTRA_CA_CERTS`): two configs that resolve alike make clients that behave alike.
    pub(crate) fn resolved(&self) -> Result<Config, PlenigoError> {
        Ok(Config {
            base_url: Some(self.resolved_base_url()),
            extra_root_certs_pem: self.resolved_root_certs_pem()?,
            ..self.clone()
        })
    }

    /// The base URL in effect: the configured one, else `PLENIGO_BASE_URL`, else production.
    pub fn resolved_base_url(&self) -> String {
        self.base_url
            .clone()
            .or_else(|| {
                std::env::var(BASE_URL_ENV)
                    .ok()
                    .filter(|v| !v.trim().is_empty())
            })
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned())
    }

    /// The extra root certificates in effect (PEM text): the configured ones, else the file
    /// named by `PLENIGO_EXTRA_CA_CERTS`, else none.
    pub(crate) fn resolved_root_certs_pem(&self) -> Result<Option<String>, PlenigoError> {
        if let Some(pem) = &self.extra_root_certs_pem {
            return Ok(Some(pem.clone()));
        }
        match std::env::var_os(EXTRA_CA_CERTS_ENV).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(path) => std::fs::read_to_string(&path).map(Some).map_err(|e| {
                PlenigoError::invalid(
                    EXTRA_CA_CERTS_ENV,
                    format!("cannot read {}: {e}", path.to_string_lossy()),
                )
            }),
        }
    }

    /// The extra root certificates, parsed and checked as trust anchors; a bundle that is not
    /// PEM, holds no certificate, or holds one that does not decode is rejected.
    pub(crate) fn extra_root_certs(&self) -> Result<Vec<reqwest::Certificate>, PlenigoError> {
        use rustls::pki_types::pem::PemObject;
        use rustls::pki_types::CertificateDer;

        let Some(pem) = self.resolved_root_certs_pem()? else {
            return Ok(Vec::new());
        };
        let invalid = |reason: String| PlenigoError::invalid("extra_root_certs_pem", reason);
        let mut anchors = rustls::RootCertStore::empty();
        let mut certs = Vec::new();
        for (n, der) in CertificateDer::pem_slice_iter(pem.as_bytes()).enumerate() {
            let der = der.map_err(|e| invalid(format!("not a PEM certificate bundle: {e}")))?;
            anchors
                .add(der.clone())
                .map_err(|e| invalid(format!("certificate {} does not decode: {e}", n + 1)))?;
            certs.push(
                reqwest::Certificate::from_der(&der)
                    .map_err(|e| invalid(format!("certificate {}: {e}", n + 1)))?,
            );
        }
        if certs.is_empty() {
            return Err(invalid("holds no PEM certificate".into()));
        }
        Ok(certs)
    }

    /// Checks the config and returns the parsed base URL.
    pub(crate) fn validate(&self) -> Result<reqwest::Url, PlenigoError> {
        validate::id("company_id", &self.company_id)?;
        if self.secret.expose().iter().all(u8::is_ascii_whitespace) {
            return Err(PlenigoError::invalid("secret", "must not be empty"));
        }
        for (field, value) in [
            ("connect_timeout", self.connect_timeout),
            ("request_timeout", self.request_timeout),
            ("deadline", self.deadline),
        ] {
            if value < Duration::from_millis(1) {
                return Err(PlenigoError::invalid(field, "must be at least 1 ms"));
            }
        }
        if self.max_retries > 10 {
            return Err(PlenigoError::invalid("max_retries", "must be from 0 to 10"));
        }
        if self.max_response_bytes < 1 {
            return Err(PlenigoError::invalid(
                "max_response_bytes",
                "must be at least 1 byte",
            ));
        }
        if let Some(suffix) = &self.user_agent_suffix {
            validate::text("user_agent_suffix", suffix)?;
        }
        if let Some(proxy) = &self.proxy_url {
            validate::url("proxy_url", proxy)?;
        }
        let raw = self.resolved_base_url();
        validate::url("base_url", &raw)?;
        let url = reqwest::Url::parse(&raw).map_err(|e| {
            PlenigoError::invalid(
                "base_url",
                format!("not a URL ({e}): {}", validate::quote(&raw)),
            )
        })?;
        if url.cannot_be_a_base() || url.host_str().is_none() {
            return Err(PlenigoError::invalid(
                "base_url",
                format!("not an http(s) base URL: {}", validate::quote(&raw)),
            ));
        }
        if url.query().is_some()
            || url.fragment().is_some()
            || !url.username().is_empty()
            || url.password().is_some()
        {
            return Err(PlenigoError::invalid(
                "base_url",
                "must have no credentials, query or fragment",
            ));
        }
        match url.scheme() {
            "https" => {}
            "http" if self.allow_insecure_http || is_loopback(&url) => {}
            "http" => {
                return Err(PlenigoError::invalid(
                    "base_url",
                    "plain http is only allowed to loopback hosts (set allow_insecure_http to override)",
                ))
            }
            other => return Err(PlenigoError::invalid("base_url", format!("unsupported scheme {other}"))),
        }
        Ok(url)
    }
}

/// True for `localhost` and loopback IP addresses.
pub(crate) fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

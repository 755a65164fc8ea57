//! The client handle and its configuration.

use std::ffi::c_char;
use std::ptr;

use std::time::Duration;

use plenigo::{Config, PlenigoClient, PlenigoError, Secret};

use super::error::{guard, plenigo_error, plenigo_status, run};
use super::types::{arg_opt_str, arg_out, arg_str, init_sized, into_c_string, read_sized};

/// A plenigo client: one connection pool, safe to share between threads. Create it with
/// `plenigo_client_new`, free it with `plenigo_client_free`.
pub struct plenigo_client(pub(super) PlenigoClient);

/// What `plenigo_client_new` needs. Fill it with `plenigo_config_init(&config, sizeof config)`
/// first, then set the fields you need; the strings are copied, so they only have to live
/// until the call returns. `size` lets a newer library read (and fill) only the fields an
/// older caller's struct has.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct plenigo_config {
    /// The size of the caller's struct, set by `plenigo_config_init`.
    pub size: usize,
    /// The company ID from the plenigo merchant backend (required).
    pub company_id: *const c_char,
    /// The company secret (required; never printed).
    pub secret: *const c_char,
    /// The API's base URL; NULL means `PLENIGO_BASE_URL` from the environment, else
    /// `https://api.plenigo.com`.
    pub base_url: *const c_char,
    /// Work on test-mode data.
    pub test_mode: bool,
    /// How long to wait for a connection, in milliseconds (default 10000).
    pub connect_timeout_ms: u32,
    /// How long one attempt may take in all, in milliseconds (default 10000).
    pub request_timeout_ms: u32,
    /// How often a failed request is tried again where that is safe (default 2).
    pub max_retries: u32,
    /// The budget of one call in all, attempts and waits, in milliseconds (default 30000).
    pub deadline_ms: u32,
    /// The largest answer body read, in bytes (default 1048576).
    pub max_response_bytes: u32,
    /// Appended to the `User-Agent` header, or NULL.
    pub user_agent_suffix: *const c_char,
    /// Allow plain `http://` to hosts other than loopback (never in production).
    pub allow_insecure_http: bool,
    /// Root certificates (PEM text, one or more) trusted besides the built-in ones, or NULL:
    /// then the PEM file named by `PLENIGO_EXTRA_CA_CERTS` in the environment, if any.
    pub extra_root_certs_pem: *const c_char,
    /// An HTTP(S) proxy for `https://` base URLs, or NULL: then `HTTPS_PROXY`/`ALL_PROXY`
    /// from the environment. Plain `http://` and loopback never go through a proxy.
    pub proxy_url: *const c_char,
}

impl plenigo_config {
    /// The defaults: NULL strings, live mode, 10 s timeouts, 2 retries.
    fn defaults() -> Self {
        let core = Config::new("", "");
        plenigo_config {
            size: std::mem::size_of::<Self>(),
            company_id: ptr::null(),
            secret: ptr::null(),
            base_url: ptr::null(),
            test_mode: core.test_mode,
            connect_timeout_ms: millis(core.connect_timeout),
            request_timeout_ms: millis(core.request_timeout),
            max_retries: core.max_retries,
            deadline_ms: millis(core.deadline),
            max_response_bytes: u32::try_from(core.max_response_bytes).unwrap_or(u32::MAX),
            user_agent_suffix: ptr::null(),
            allow_insecure_http: core.allow_insecure_http,
            extra_root_certs_pem: ptr::null(),
            proxy_url: ptr::null(),
        }
    }
}

/// A default duration in whole milliseconds.
fn millis(d: Duration) -> u32 {
    u32::try_from(d.as_millis()).unwrap_or(u32::MAX)
}

/// Fills `config` (a struct of `size` bytes: pass `sizeof config`) with the defaults: NULL
/// strings, live mode, 10 s timeouts, 2 retries.
#[no_mangle]
pub unsafe extern "C" fn plenigo_config_init(
    config: *mut plenigo_config,
    size: usize,
) -> plenigo_status {
    run(ptr::null_mut(), || {
        init_sized(config, size, plenigo_config::defaults(), "config")
    })
}

/// Checks the config and creates a client into `*client_out`. Fails with
/// `PLENIGO_STATUS_INVALID_INPUT` for an empty company ID or secret, a malformed base URL, or
/// plain `http://` to a remote host.
#[no_mangle]
pub unsafe extern "C" fn plenigo_client_new(
    config: *const plenigo_config,
    client_out: *mut *mut plenigo_client,
    error_out: *mut *mut plenigo_error,
) -> plenigo_status {
    hand_out(config, client_out, error_out, PlenigoClient::new)
}

/// Like `plenigo_client_new`, but hands out the process-wide client for this config: the one
/// an earlier call with the same config made, with its open connections, or a new one. For
/// hosts that start afresh on every request (a PHP page under php-fpm). Free the handle with
/// `plenigo_client_free` as usual; the library keeps the client itself until the process
/// exits or `plenigo_client_shared_clear` (16 configs at most; the least recently used is
/// dropped beyond that).
#[no_mangle]
pub unsafe extern "C" fn plenigo_client_shared(
    config: *const plenigo_config,
    client_out: *mut *mut plenigo_client,
    error_out: *mut *mut plenigo_error,
) -> plenigo_status {
    hand_out(config, client_out, error_out, PlenigoClient::shared)
}

/// Reads `config`, makes a client with `make` and hands a new handle to it out.
unsafe fn hand_out(
    config: *const plenigo_config,
    client_out: *mut *mut plenigo_client,
    error_out: *mut *mut plenigo_error,
    make: fn(Config) -> Result<PlenigoClient, PlenigoError>,
) -> plenigo_status {
    run(error_out, || {
        let config = read_config(config)?;
        let out = arg_out(client_out, "client_out")?;
        *out = Box::into_raw(Box::new(plenigo_client(make(config)?)));
        Ok(())
    })
}

/// Forgets every shared client (`plenigo_client_shared`); handles still held keep working.
#[no_mangle]
pub extern "C" fn plenigo_client_shared_clear() {
    guard((), PlenigoClient::clear_shared)
}

/// Reads a `plenigo_config` into a [`Config`].
unsafe fn read_config(config: *const plenigo_config) -> Result<Config, plenigo_error> {
    let c = read_sized(config, plenigo_config::defaults(), "config")?;
    let positive = |ms: u32, field: &str| match ms {
        0 => Err(plenigo_error::invalid(field, "must be at least 1 ms")),
        ms => Ok(Duration::from_millis(ms.into())),
    };
    let mut config = Config::new(arg_str(c.company_id, "company_id")?, "");
    config.secret = Secret::new(arg_str(c.secret, "secret")?);
    config.base_url = arg_opt_str(c.base_url, "base_url")?.map(str::to_owned);
    config.test_mode = c.test_mode;
    config.connect_timeout = positive(c.connect_timeout_ms, "connect_timeout_ms")?;
    config.request_timeout = positive(c.request_timeout_ms, "request_timeout_ms")?;
    config.max_retries = c.max_retries;
    config.deadline = positive(c.deadline_ms, "deadline_ms")?;
    config.max_response_bytes = c.max_response_bytes as usize;
    config.user_agent_suffix =
        arg_opt_str(c.user_agent_suffix, "user_agent_suffix")?.map(str::to_owned);
    config.allow_insecure_http = c.allow_insecure_http;
    config.extra_root_certs_pem =
        arg_opt_str(c.extra_root_certs_pem, "extra_root_certs_pem")?.map(str::to_owned);
    config.proxy_url = arg_opt_str(c.proxy_url, "proxy_url")?.map(str::to_owned);
    Ok(config)
}

/// The base URL the client sends requests to, into `*url_out` (free it with
/// `plenigo_string_free`).
#[no_mangle]
pub unsafe extern "C" fn plenigo_client_base_url(
    client: *const plenigo_client,
    url_out: *mut *mut c_char,
    error_out: *mut *mut plenigo_error,
) -> plenigo_status {
    call_out(client, url_out, "url_out", error_out, |c| {
        into_c_string(c.base_url().to_owned())
    })
}

/// Frees a client and closes its connections. NULL is ignored.
#[no_mangle]
pub unsafe extern "C" fn plenigo_client_free(client: *mut plenigo_client) {
    guard((), || {
        if !client.is_null() {
            drop(Box::from_raw(client));
        }
    })
}

/// Runs one operation of `client` behind the panic boundary: the client pointer is checked,
/// then `op` reads its arguments and calls the core. Errors go to `error_out`.
pub(super) unsafe fn call(
    client: *const plenigo_client,
    error_out: *mut *mut plenigo_error,
    op: impl FnOnce(&PlenigoClient) -> Result<(), plenigo_error>,
) -> plenigo_status {
    run(error_out, || op(arg_client(client)?))
}

/// Like [`call`] for an operation with a result: `out` (named `out_name`) is checked before
/// `op` runs and written only when it succeeds.
pub(super) unsafe fn call_out<T>(
    client: *const plenigo_client,
    out: *mut T,
    out_name: &str,
    error_out: *mut *mut plenigo_error,
    op: impl FnOnce(&PlenigoClient) -> Result<T, plenigo_error>,
) -> plenigo_status {
    run(error_out, || {
        let client = arg_client(client)?;
        let out = arg_out(out, out_name)?;
        *out = op(client)?;
        Ok(())
    })
}

/// Reads the client argument.
pub(super) unsafe fn arg_client<'a>(
    client: *const plenigo_client,
) -> Result<&'a PlenigoClient, plenigo_error> {
    client
        .as_ref()
        .map(|c| &c.0)
        .ok_or_else(|| plenigo_error::null("client"))
}

//! Process-wide shared clients, for hosts that rebuild their world on every request (a PHP
//! page under php-fpm): [`PlenigoClient::shared`] hands out the client already made for the
//! same config, so its connection pool and TLS sessions outlive the request.

use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use crate::client::PlenigoClient;
use crate::config::Config;
use crate::error::PlenigoError;

/// How many distinct configs keep a shared client; beyond that the least recently used is
/// dropped (its connections close once no caller holds it).
pub const MAX_SHARED_CLIENTS: usize = 16;

/// A digest of everything that makes two configs behave differently. The secret goes in
/// hashed, so two companies (or two secrets of one company) never share a client.
type Key = [u8; 32];

/// Shared clients, most recently used last.
static SHARED: Mutex<Vec<(Key, Arc<PlenigoClient>)>> = Mutex::new(Vec::new());

impl PlenigoClient {
    /// The process-wide client for `config`: the one made by an earlier call with the same
    /// company, secret, base URL, test mode and options, or a new one. It lives until the
    /// process exits (or [`PlenigoClient::clear_shared`]), so a connection to plenigo is
    /// reused across the requests a worker process serves.
    ///
    /// ```no_run
    /// let config = plenigo::Config::new("23NuCmdPoiRRkQiCqP9Q", "secret");
    /// let first = plenigo::PlenigoClient::shared(config.clone())?;
    /// let again = plenigo::PlenigoClient::shared(config)?;
    /// assert!(std::sync::Arc::ptr_eq(&first, &again));
    /// # Ok::<(), plenigo::PlenigoError>(())
    /// ```
    pub fn shared(config: Config) -> Result<Arc<PlenigoClient>, PlenigoError> {
        let key = key(&config)?;
        let mut shared = SHARED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(at) = shared.iter().position(|(k, _)| *k == key) {
            let entry = shared.remove(at);
            let client = entry.1.clone();
            shared.push(entry);
            return Ok(client);
        }
        let client = PlenigoClient::new(config)?;
        if shared.len() >= MAX_SHARED_CLIENTS {
            shared.remove(0);
        }
        shared.push((key, client.clone()));
        Ok(client)
    }

    /// Forgets every shared client; callers that still hold one keep it working.
    pub fn clear_shared() {
        SHARED.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// The registry key of a config, with the environment's defaults resolved.
fn key(config: &Config) -> Result<Key, PlenigoError> {
    let mut digest = Sha256::new();
    let mut field = |bytes: &[u8]| {
        digest.update((bytes.len() as u64).to_le_bytes());
        digest.update(bytes);
    };
    field(config.company_id.as_bytes());
    field(config.secret.expose());
    field(config.resolved_base_url().as_bytes());
    field(&[
        u8::from(config.test_mode),
        u8::from(config.allow_insecure_http),
    ]);
    field(&config.connect_timeout_ms.to_le_bytes());
    field(&config.request_timeout_ms.to_le_bytes());
    field(&config.max_retries.to_le_bytes());
    field(&config.deadline_ms.to_le_bytes());
    field(&config.max_response_bytes.to_le_bytes());
    field(config.proxy_url.as_deref().unwrap_or("\0").as_bytes());
    field(
        config
            .user_agent_suffix
            .as_deref()
            .unwrap_or("\0")
            .as_bytes(),
    );
    field(
        config
            .resolved_root_certs_pem()?
            .as_deref()
            .unwrap_or("\0")
            .as_bytes(),
    );
    Ok(digest.finalize().into())
}

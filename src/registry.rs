//! Process-wide shared clients, for hosts that rebuild their world on every request (a PHP
//! page under php-fpm): [`PlenigoClient::shared`] hands out the client already made for the
//! same config, so its connection pool and TLS sessions outlive the request.

use std::sync::Mutex;

use crate::client::PlenigoClient;
use crate::config::Config;
use crate::error::PlenigoError;

/// How many distinct configs keep a shared client; beyond that the least recently used is
/// dropped (its connections close once no caller holds it).
pub const MAX_SHARED_CLIENTS: usize = 16;

/// Shared clients by their whole resolved config (every field, compared with `==`, so a field
/// added to [`Config`] can never be left out), most recently used last.
static SHARED: Mutex<Vec<(Config, PlenigoClient)>> = Mutex::new(Vec::new());

impl PlenigoClient {
    /// The process-wide client for `config`: the one made by an earlier call with an equal
    /// config (the environment's defaults resolved), or a new one. It lives until the process
    /// exits (or [`PlenigoClient::clear_shared`]), so a connection to plenigo is reused across
    /// the requests a worker process serves.
    ///
    /// ```no_run
    /// let config = plenigo::Config::new("23NuCmdPoiRRkQiCqP9Q", "secret");
    /// let first = plenigo::PlenigoClient::shared(config.clone())?;
    /// let again = plenigo::PlenigoClient::shared(config)?;
    /// assert!(first.same_client(&again));
    /// # Ok::<(), plenigo::PlenigoError>(())
    /// ```
    pub fn shared(config: Config) -> Result<PlenigoClient, PlenigoError> {
        let key = config.resolved()?;
        let mut shared = SHARED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(at) = shared.iter().position(|(k, _)| *k == key) {
            let entry = shared.remove(at);
            let client = entry.1.clone();
            shared.push(entry);
            return Ok(client);
        }
        let client = PlenigoClient::new(key.clone())?;
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

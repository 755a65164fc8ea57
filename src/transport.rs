//! The HTTP side of a client: building the connection pool from a config, and sending one
//! request with its attempts (a fresh token each, timeouts, the call's deadline, retries where
//! they are safe), ending in an [`Answer`] or a [`PlenigoError`].

use std::cell::RefCell;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use reqwest::{Client as HttpClient, Method, Url};

use crate::attempt::{self, Attempt};
use crate::auth;
use crate::config::{self, Config, Secret};
use crate::endpoint::{Answer, Endpoint};
use crate::engine;
use crate::error::{ErrorKind, PlenigoError};
use crate::logging;

/// An endpoint made ready to leave the caller: everything the engine's task needs, owned.
#[derive(Clone)]
struct Request {
    method: Method,
    /// The path template, for log lines.
    route: &'static str,
    url: Url,
    body: Option<String>,
    /// The kind a 403 is, or `None` where a 403 is an answer.
    forbidden: Option<ErrorKind>,
    not_found_code: i32,
}

/// The HTTP side of a client: its connection pools, the credentials and the retry policy.
#[derive(Debug)]
pub(crate) struct Transport {
    /// The pool of the async API's requests, on the library's runtime.
    http: HttpClient,
    /// How to make the pool each thread keeps for its blocking calls.
    pool: PoolSettings,
    base: Url,
    company_id: String,
    test_mode: bool,
    secret: Secret,
    max_retries: u32,
    request_timeout: Duration,
    deadline: Duration,
    max_response_bytes: usize,
}

impl Transport {
    /// Builds the connection pool for a validated config.
    pub(crate) fn new(config: &Config) -> Result<Self, PlenigoError> {
        let base = config.validate()?;
        let pool = PoolSettings::new(config, &base)?;
        Ok(Transport {
            http: pool.build()?,
            pool,
            base,
            company_id: config.company_id.clone(),
            test_mode: config.test_mode,
            secret: config.secret.clone(),
            max_retries: config.max_retries,
            deadline: config.deadline,
            max_response_bytes: config.max_response_bytes,
            request_timeout: config.request_timeout,
        })
    }

    /// The base URL requests go to.
    pub(crate) fn base_url(&self) -> &str {
        self.base.as_str()
    }

    /// The company requests are signed for.
    pub(crate) fn company_id(&self) -> &str {
        &self.company_id
    }

    /// The company secret, for signing checkout data.
    pub(crate) fn secret(&self) -> &Secret {
        &self.secret
    }

    /// Whether the client works on test-mode data.
    pub(crate) fn test_mode(&self) -> bool {
        self.test_mode
    }

    /// Sends one operation and reads its answer, for the async API.
    pub(crate) async fn call<T>(
        self: &Arc<Self>,
        endpoint: Endpoint<T>,
    ) -> Result<T, PlenigoError> {
        let (result, lines) = self.send_on_engine(self.prepare(&endpoint)).await;
        logging::emit(lines);
        (endpoint.read)(result?)
    }

    /// Sends one operation and reads its answer on the calling thread, for the blocking API:
    /// with the calling thread's connection pool for this client, made on its first call.
    pub(crate) fn call_blocking<T>(
        self: &Arc<Self>,
        endpoint: Endpoint<T>,
    ) -> Result<T, PlenigoError> {
        let request = self.prepare(&endpoint);
        let (result, lines) = engine::block_on(
            || async {
                match self.thread_pool() {
                    Ok(http) => self.send_with_retries(&http, &request).await,
                    Err(e) => (Err(e), Vec::new()),
                }
            },
            || self.send_on_engine(request.clone()),
        );
        logging::emit(lines);
        (endpoint.read)(result?)
    }

    /// This thread's connection pool for this client. Each thread keeps one per live client
    /// (a clone of a reqwest client shares its pool), and forgets those of dropped clients.
    fn thread_pool(self: &Arc<Self>) -> Result<HttpClient, PlenigoError> {
        thread_local! {
            static POOLS: RefCell<Vec<(Weak<Transport>, HttpClient)>> = const { RefCell::new(Vec::new()) };
        }
        POOLS.with_borrow_mut(|pools| {
            pools.retain(|(owner, _)| owner.strong_count() > 0);
            let mine = pools
                .iter()
                .find(|(owner, _)| std::ptr::eq(owner.as_ptr(), Arc::as_ptr(self)));
            if let Some((_, http)) = mine {
                return Ok(http.clone());
            }
            let http = self.pool.build()?;
            pools.push((Arc::downgrade(self), http.clone()));
            Ok(http)
        })
    }

    /// `endpoint` made ready to send: its URL and body with this client's `testMode`.
    fn prepare<T>(&self, endpoint: &Endpoint<T>) -> Request {
        Request {
            method: endpoint.method.clone(),
            route: endpoint.path,
            url: endpoint.url(&self.base, self.test_mode),
            body: endpoint.body_text(self.test_mode),
            forbidden: endpoint.forbidden_kind(),
            not_found_code: endpoint.meaning.not_found_code,
        }
    }

    /// Sends `request` as a task on the library's engine, whoever awaits it (a Kotlin
    /// coroutine, an asyncio loop, a blocking caller inside a tokio runtime); dropping the
    /// future aborts the task and closes its connection. The attempts' log lines come back
    /// with the result, so that a log sink is called on the caller's thread.
    async fn send_on_engine(
        self: &Arc<Self>,
        request: Request,
    ) -> (Result<Answer, PlenigoError>, Vec<(log::Level, String)>) {
        let transport = Arc::clone(self);
        engine::spawn(async move { transport.send_with_retries(&transport.http, &request).await })
            .await
    }

    /// Sends `request` through `http`, retrying where it is safe, and returns the 2xx answer
    /// (or a 403 where the endpoint reads it as "no access") or the error, with a log line for
    /// each attempt.
    ///
    /// Retried: a connection that could not be made (any method, nothing was sent); for GET,
    /// PUT and DELETE also a broken connection and HTTP 429/502/503/504, honouring
    /// `Retry-After`. Each attempt carries a fresh token. Timeouts are not retried: the
    /// configured timeout is the caller's budget.
    async fn send_with_retries(
        &self,
        http: &HttpClient,
        request: &Request,
    ) -> (Result<Answer, PlenigoError>, Vec<(log::Level, String)>) {
        let idempotent = request.method != Method::POST;
        let deadline = Instant::now() + self.deadline;
        let mut lines = Vec::new();
        let mut retries = 0;
        loop {
            let started = Instant::now();
            let budget = deadline.saturating_duration_since(started);
            let attempt = self
                .attempt(http, request, budget.min(self.request_timeout))
                .await;
            let elapsed = started.elapsed();
            // A retry only when its wait ends before the call's deadline.
            let wait = (retries < self.max_retries)
                .then(|| attempt::retry_wait(&attempt, idempotent, retries))
                .flatten()
                .filter(|wait| Instant::now() + *wait < deadline);
            if log::log_enabled!(target: logging::TARGET, log::Level::Error) {
                lines.push(logging::attempt_line(
                    &request.method,
                    request.route,
                    &attempt,
                    retries + 1,
                    elapsed,
                    wait,
                ));
            }
            match wait {
                Some(wait) => {
                    tokio::time::sleep(wait).await;
                    retries += 1;
                }
                None => return (self.conclude(attempt, idempotent, request), lines),
            }
        }
    }

    /// One attempt, given `timeout` for all of it (connect, send, the whole answer).
    async fn attempt(&self, http: &HttpClient, request: &Request, timeout: Duration) -> Attempt {
        let mut http = http
            .request(request.method.clone(), request.url.clone())
            .timeout(timeout)
            .header(
                auth::HEADER,
                auth::fresh_token(&self.company_id, &self.secret),
            );
        http = match &request.body {
            Some(body) => http
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.clone()),
            None if request.method == Method::POST || request.method == Method::PUT => {
                http.body("")
            }
            None => http,
        };
        let mut response = match http.send().await {
            Ok(response) => response,
            Err(e) if e.is_connect() => return Attempt::NotSent(e),
            Err(e) => return Attempt::Broken(e),
        };
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(attempt::parse_retry_after);
        if response
            .content_length()
            .is_some_and(|length| length > self.max_response_bytes as u64)
        {
            return Attempt::TooLarge { status };
        }
        // Read the body as it streams in, never past the cap.
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) if body.len() + chunk.len() > self.max_response_bytes => {
                    return Attempt::TooLarge { status }
                }
                Ok(Some(chunk)) => body.extend_from_slice(&chunk),
                Ok(None) => {
                    return Attempt::Answered {
                        status,
                        retry_after,
                        body,
                    }
                }
                Err(e) => return Attempt::Broken(e),
            }
        }
    }

    fn conclude(
        &self,
        attempt: Attempt,
        idempotent: bool,
        request: &Request,
    ) -> Result<Answer, PlenigoError> {
        match attempt {
            Attempt::Answered { status, body, .. }
                if (200..300).contains(&status)
                    || (status == 403 && request.forbidden.is_none()) =>
            {
                Ok(Answer { status, body })
            }
            Attempt::Answered { status, body, .. } => Err(PlenigoError::from_status(
                status,
                &body,
                request.forbidden.unwrap_or(ErrorKind::AccessDenied),
                request.not_found_code,
            )),
            Attempt::TooLarge { status } => Err(PlenigoError::InvalidResponse {
                status: Some(status),
                detail: format!(
                    "the answer is larger than {} bytes (max_response_bytes); reading stopped there{}",
                    self.max_response_bytes,
                    unknown_note(idempotent)
                ),
            }),
            Attempt::NotSent(e) if e.is_timeout() => Err(PlenigoError::Timeout {
                detail: format!(
                    "could not connect within the connect timeout: {}",
                    describe(&e)
                ),
                outcome_unknown: false,
            }),
            Attempt::NotSent(e) => Err(PlenigoError::Network {
                detail: format!("could not connect: {}", describe(&e)),
                outcome_unknown: false,
            }),
            Attempt::Broken(e) if e.is_timeout() => Err(PlenigoError::Timeout {
                detail: format!(
                    "no complete answer in time (request timeout {} ms, deadline {} ms){}",
                    self.request_timeout.as_millis(),
                    self.deadline.as_millis(),
                    unknown_note(idempotent)
                ),
                outcome_unknown: !idempotent,
            }),
            Attempt::Broken(e) => Err(PlenigoError::Network {
                detail: format!("{}{}", describe(&e), unknown_note(idempotent)),
                outcome_unknown: !idempotent,
            }),
        }
    }
}

fn unknown_note(idempotent: bool) -> &'static str {
    if idempotent {
        ""
    } else {
        "; the request was sent and may have taken effect (outcome unknown, not retried)"
    }
}

/// A reqwest error as text: its chain of causes, without the URL.
fn describe(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    if let Some(url) = e.url() {
        text = text
            .replace(&format!(" ({url})"), "")
            .replace(url.as_str(), "<url>");
    }
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// What every connection pool of one client is made from.
#[derive(Debug)]
struct PoolSettings {
    user_agent: String,
    extra_root_certs: Vec<reqwest::Certificate>,
    proxy: ProxyChoice,
    connect_timeout: Duration,
    request_timeout: Duration,
    https_only: bool,
}

/// Which proxy a client's requests go through.
#[derive(Debug)]
enum ProxyChoice {
    /// None: plain HTTP (the plenigoToken would cross a proxy in clear text) or loopback.
    Direct,
    /// The configured `proxy_url`; HTTPS through it is a CONNECT tunnel.
    Configured(Box<reqwest::Proxy>),
    /// HTTPS_PROXY / ALL_PROXY / NO_PROXY from the environment, as curl reads them.
    Environment,
}

impl PoolSettings {
    fn new(config: &Config, base: &Url) -> Result<Self, PlenigoError> {
        let mut user_agent = format!("plenigo-sdk-rust/{}", env!("CARGO_PKG_VERSION"));
        if let Some(suffix) = &config.user_agent_suffix {
            user_agent = format!("{user_agent} {suffix}");
        }
        let proxy = match (&config.proxy_url, base.scheme(), config::is_loopback(base)) {
            (_, "http", _) | (_, _, true) => ProxyChoice::Direct,
            (Some(proxy), _, _) => {
                ProxyChoice::Configured(Box::new(reqwest::Proxy::all(proxy.as_str()).map_err(
                    |e| PlenigoError::invalid("proxy_url", format!("not a proxy URL: {e}")),
                )?))
            }
            (None, _, _) => ProxyChoice::Environment,
        };
        Ok(PoolSettings {
            user_agent,
            extra_root_certs: config.extra_root_certs()?,
            proxy,
            connect_timeout: config.connect_timeout,
            request_timeout: config.request_timeout,
            https_only: base.scheme() == "https",
        })
    }

    /// A new, empty connection pool.
    fn build(&self) -> Result<HttpClient, PlenigoError> {
        let mut builder = HttpClient::builder();
        for cert in &self.extra_root_certs {
            builder = builder.add_root_certificate(cert.clone());
        }
        builder = match &self.proxy {
            ProxyChoice::Direct => builder.no_proxy(),
            ProxyChoice::Configured(proxy) => builder.no_proxy().proxy((**proxy).clone()),
            ProxyChoice::Environment => builder,
        };
        builder
            .user_agent(&self.user_agent)
            .connect_timeout(self.connect_timeout)
            .timeout(self.request_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .https_only(self.https_only)
            .build()
            .map_err(|e| PlenigoError::Network {
                detail: describe(&e),
                outcome_unknown: false,
            })
    }
}

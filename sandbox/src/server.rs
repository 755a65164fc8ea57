//! Serving connections: the accept loop (HTTP or HTTPS, counted, capped), the pipeline
//! (bounded body reads; faults, journal and request log for API requests).

use std::future::Future;
use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::CONTENT_LENGTH;
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;

use crate::auth::{decode_claims, TOKEN_HEADER};
use crate::connections::{Connection, OpenGuard};
use crate::error::{ApiError, Reason};
use crate::fd_limit;
use crate::journal::{body_text, JournalEntry};
use crate::routes;
use crate::state::ServerState;
use crate::stream::ConnectionStream;
use crate::tls::ServerTls;

/// The most bytes of request line and headers (hyper answers 431 beyond).
const MAX_HEAD: usize = 64 * 1024;

/// Bounds that keep a sandbox left running healthy whatever its clients do.
#[derive(Clone, Debug)]
pub struct Limits {
    /// The most connections served at once (default `None`: as many as the soft
    /// open-file limit leaves room for, one descriptor each with 64 kept free; a number
    /// here can only lower that). At the cap a newcomer is served and the connection idle
    /// the longest (waiting for its next request) is closed; only when every connection
    /// is in the middle of a request is the newcomer closed, unanswered and uncounted.
    pub max_connections: Option<u64>,
    /// Time for a request's line and headers to arrive, counted from when the connection
    /// starts waiting for a request, so it is also the keep-alive idle timeout; and the
    /// time for a TLS handshake (default 30 s). The connection is closed when it passes.
    pub header_timeout: Duration,
    /// Time for a request body to arrive once its headers have (default 30 s); 408 after.
    pub body_timeout: Duration,
    /// The largest request body in bytes (default 1 MiB); 413 beyond.
    pub max_body: usize,
}

impl Limits {
    /// The connection cap in effect: `max_connections`, lowered to what the open-file
    /// limit allows.
    fn connection_cap(&self) -> u64 {
        self.max_connections
            .into_iter()
            .chain(fd_limit::connection_cap())
            .min()
            .unwrap_or(u64::MAX)
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: None,
            header_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(30),
            max_body: 1 << 20,
        }
    }
}

/// Serves the sandbox on `listener` until `shutdown` completes; over HTTPS with `tls`.
///
/// Connections still open then (a hanging request, say) are left to the runtime, which
/// drops them when it shuts down.
pub async fn run(
    listener: TcpListener,
    state: Arc<ServerState>,
    tls: Option<ServerTls>,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let pipeline_state = (Arc::clone(&state), limits.clone());
    let app =
        routes::router(Arc::clone(&state)).layer(from_fn_with_state(pipeline_state, pipeline));
    let cap = limits.connection_cap();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => match state.connections.admit(cap) {
                    Some(open) => {
                        let limits = limits.clone();
                        tokio::spawn(serve_connection(stream, tls.clone(), app.clone(), limits, open));
                    }
                    None => drop(stream),
                },
                // Out of file descriptors or a connection that died in the backlog:
                // keep serving.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
        }
    }
}

/// Serves one connection (after the TLS handshake with `tls`) until either side closes
/// it, the headers time out, or it is evicted or asked to reset. The guard counts it
/// closed when this ends.
async fn serve_connection(
    stream: TcpStream,
    tls: Option<ServerTls>,
    app: Router,
    limits: Limits,
    open: OpenGuard,
) {
    let connection = Arc::clone(open.connection());
    let _ = stream.set_nodelay(true);
    let stream = ConnectionStream::new(stream, Arc::clone(&connection));
    let serve = async {
        match tls {
            None => serve_http(TokioIo::new(stream), app, &limits, &connection).await,
            Some(tls) => {
                let handshake = tls.acceptor().accept(stream);
                if let Ok(Ok(stream)) = tokio::time::timeout(limits.header_timeout, handshake).await
                {
                    serve_http(TokioIo::new(stream), app, &limits, &connection).await;
                }
            }
        }
    };
    // Either way the stream is dropped here (with a RST when a reset was asked for).
    tokio::select! {
        () = serve => {}
        () = connection.ended() => {}
    }
}

/// Serves HTTP/1.1 on `io` until either side closes or the headers time out; every
/// request marks the connection busy while it runs.
async fn serve_http<I>(io: I, app: Router, limits: &Limits, connection: &Arc<Connection>)
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let connection = Arc::clone(connection);
    let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
        let busy = connection.busy();
        request.extensions_mut().insert(Arc::clone(&connection));
        let response = app.clone().oneshot(request);
        async move {
            let response = response.await;
            drop(busy);
            response
        }
    });
    let _ = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_header_size(MAX_HEAD)
        .serve_connection(io, service)
        .await;
}

/// Reads a whole request body within the limits: 413 when too large, 408 when too slow.
async fn read_body(body: Body, declared: Option<u64>, limits: &Limits) -> Result<Bytes, ApiError> {
    let too_large = || ApiError::new(413, format!("request body over {} bytes", limits.max_body));
    if declared.is_some_and(|length| length > limits.max_body as u64) {
        return Err(too_large());
    }
    match tokio::time::timeout(limits.body_timeout, to_bytes(body, limits.max_body)).await {
        Ok(Ok(body)) => Ok(body),
        Ok(Err(_)) => Err(too_large()),
        Err(_) => Err(ApiError::new(408, "request body not received in time")),
    }
}

/// Around every request: the body read within the limits. Around API requests (not
/// `/__sandbox/` nor the stand-in SDK script under `/static_resources/`) also faults,
/// journal and request log.
async fn pipeline(
    State((state, limits)): State<(Arc<ServerState>, Limits)>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    let admin = path == "/__sandbox" || path.starts_with("/__sandbox/");
    let journaled = !admin && !path.starts_with("/static_resources/");
    if path.starts_with("/api/") {
        if let Some(connection) = request.extensions().get::<Arc<Connection>>() {
            connection.api_request();
        }
    }
    let started = Instant::now();
    let (parts, body) = request.into_parts();
    let declared = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    if !journaled {
        return match read_body(body, declared, &limits).await {
            Ok(body) => next.run(Request::from_parts(parts, Body::from(body))).await,
            Err(error) => error.into_response(),
        };
    }
    let mut entry = JournalEntry {
        id: 0,
        received_at_ms: unix_millis(),
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().unwrap_or("").to_owned(),
        body: String::new(),
        claims: parts
            .headers
            .get(TOKEN_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(decode_claims),
        status: 0,
        reason: None,
        latency_ms: 0.0,
    };
    let body = match read_body(body, declared, &limits).await {
        Ok(body) => body,
        Err(error) => return finish(&state, entry, started, error.into_response()),
    };
    entry.body = body_text(&body);
    if let Some(fault) = state.faults.take(&entry.method, &entry.path) {
        if let Some(ms) = fault.delay_ms {
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        let injected = fault.describe();
        if fault.hang || fault.reset {
            // A hanging request keeps nothing of its body.
            drop(body);
            entry.reason = Some(injected);
            record(&state, entry, started);
            if let (true, Some(connection)) =
                (fault.reset, parts.extensions.get::<Arc<Connection>>())
            {
                connection.reset();
            }
            return std::future::pending().await;
        }
        if let Some(response) = fault.canned_response() {
            entry.reason = Some(injected);
            return finish(&state, entry, started, response);
        }
        entry.reason = Some(injected);
    }
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    finish(&state, entry, started, response)
}

/// Journals (and logs) a request with the status of its response and, for an error
/// answer, its description as the reason (after a delay fault's).
fn finish(
    state: &ServerState,
    mut entry: JournalEntry,
    started: Instant,
    response: Response,
) -> Response {
    entry.status = response.status().as_u16();
    if let Some(Reason(description)) = response.extensions().get::<Reason>() {
        entry.reason = Some(match entry.reason.take() {
            Some(fault) => format!("{fault}; {description}"),
            None => description.clone(),
        });
    }
    record(state, entry, started);
    response
}

/// Logs a request on stderr (when enabled) and journals it with its latency.
fn record(state: &ServerState, mut entry: JournalEntry, started: Instant) {
    let elapsed = started.elapsed();
    if state.log_requests {
        // One write per line: `eprintln!` writes each piece of the format separately to the
        // unbuffered stderr (eight write(2) calls a request, a fifth of the sandbox's CPU
        // under load). A failed write is ignored rather than panicking the request.
        let line = format!(
            "{} {} {} {}ms\n",
            entry.method,
            entry.path,
            entry.status,
            elapsed.as_millis()
        );
        let _ = std::io::stderr().write_all(line.as_bytes());
    }
    // Kept to a microsecond.
    entry.latency_ms = (elapsed.as_secs_f64() * 1e6).round() / 1e3;
    state.journal.push(entry);
}

/// Real time in milliseconds since the Unix epoch.
fn unix_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

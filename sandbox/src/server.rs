//! Serving connections: the accept loop (HTTP or HTTPS, counted, capped), the pipeline
//! (bounded body reads; faults, journal and request log for API requests) and TCP resets.

use std::future::Future;
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
use socket2::SockRef;
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;

use crate::auth::{decode_claims, TOKEN_HEADER};
use crate::connections::{Connection, OpenGuard};
use crate::error::ApiError;
use crate::journal::JournalEntry;
use crate::routes;
use crate::state::ServerState;
use crate::tls::ServerTls;

/// The most bytes of request line and headers (hyper answers 431 beyond).
const MAX_HEAD: usize = 64 * 1024;

/// Bounds that keep a sandbox left running healthy whatever its clients do.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Connections served at once; one more is closed right after accept, unanswered
    /// and uncounted (default 512).
    pub max_connections: u64,
    /// Time for a request's line and headers to arrive, counted from when the connection
    /// starts waiting for a request, so it is also the keep-alive idle timeout; and the
    /// time for a TLS handshake (default 30 s). The connection is closed when it passes.
    pub header_timeout: Duration,
    /// Time for a request body to arrive once its headers have (default 30 s); 408 after.
    pub body_timeout: Duration,
    /// The largest request body in bytes (default 1 MiB); 413 beyond.
    pub max_body: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 512,
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
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) if state.connections.snapshot().open >= limits.max_connections => {
                    drop(stream);
                }
                Ok((stream, _)) => {
                    let counted = state.connections.accepted();
                    let limits = limits.clone();
                    tokio::spawn(serve_connection(stream, tls.clone(), app.clone(), limits, counted));
                }
                // Out of file descriptors or a connection that died in the backlog:
                // keep serving.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
        }
    }
}

/// Serves one connection (after the TLS handshake with `tls`); resets it when a request
/// asks to. The guard counts it closed when this ends.
async fn serve_connection(
    stream: TcpStream,
    tls: Option<ServerTls>,
    app: Router,
    limits: Limits,
    (_open, connection): (OpenGuard, Arc<Connection>),
) {
    // A second handle on the socket outlives the connection, so that SO_LINGER 0 can be
    // set and the last close sends a RST.
    let Ok(twin) = SockRef::from(&stream).try_clone() else {
        return;
    };
    let _ = stream.set_nodelay(true);
    let served = match tls {
        None => serve_http(TokioIo::new(stream), app, &limits, connection).await,
        Some(tls) => {
            let handshake = tls.acceptor().accept(stream);
            match tokio::time::timeout(limits.header_timeout, handshake).await {
                Ok(Ok(stream)) => serve_http(TokioIo::new(stream), app, &limits, connection).await,
                _ => Served::Closed,
            }
        }
    };
    if let Served::ResetAsked = served {
        let _ = twin.set_linger(Some(Duration::ZERO));
    }
}

/// How a connection ended.
enum Served {
    Closed,
    ResetAsked,
}

/// Serves HTTP/1.1 on `io` until either side closes, the headers time out, or a request
/// asks for a reset.
async fn serve_http<I>(io: I, app: Router, limits: &Limits, connection: Arc<Connection>) -> Served
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let extension = Arc::clone(&connection);
    let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(Arc::clone(&extension));
        app.clone().oneshot(request)
    });
    let served = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_header_size(MAX_HEAD)
        .serve_connection(io, service);
    tokio::select! {
        _ = served => Served::Closed,
        () = connection.reset.notified() => Served::ResetAsked,
    }
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
    };
    let body = match read_body(body, declared, &limits).await {
        Ok(body) => body,
        Err(error) => return finish(&state, entry, started, error.into_response()),
    };
    entry.body = String::from_utf8_lossy(&body).into_owned();
    if let Some(fault) = state.faults.take(&entry.method, &entry.path) {
        if let Some(ms) = fault.delay_ms {
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        if fault.hang || fault.reset {
            record(&state, entry, started);
            if let (true, Some(connection)) =
                (fault.reset, parts.extensions.get::<Arc<Connection>>())
            {
                connection.reset.notify_one();
            }
            return std::future::pending().await;
        }
        if let Some(response) = fault.canned_response() {
            return finish(&state, entry, started, response);
        }
    }
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    finish(&state, entry, started, response)
}

/// Journals (and logs) a request with the status of its response.
fn finish(
    state: &ServerState,
    mut entry: JournalEntry,
    started: Instant,
    response: Response,
) -> Response {
    entry.status = response.status().as_u16();
    record(state, entry, started);
    response
}

/// Logs a request on stderr (when enabled) and journals it.
fn record(state: &ServerState, entry: JournalEntry, started: Instant) {
    if state.log_requests {
        eprintln!(
            "{} {} {} {}ms",
            entry.method,
            entry.path,
            entry.status,
            started.elapsed().as_millis()
        );
    }
    state.journal.push(entry);
}

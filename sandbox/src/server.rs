//! Serving connections: the accept loop (HTTP or HTTPS, counted), the API pipeline
//! (faults, journal, request log) and TCP resets.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
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

/// The largest request body accepted.
const MAX_BODY: usize = 1 << 20;

/// How long a client may take to finish the TLS handshake.
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves the sandbox on `listener` until `shutdown` completes; over HTTPS with `tls`.
///
/// Connections still open then (a hanging request, say) are left to the runtime, which
/// drops them when it shuts down.
pub async fn run(
    listener: TcpListener,
    state: Arc<ServerState>,
    tls: Option<ServerTls>,
    shutdown: impl Future<Output = ()>,
) {
    let app =
        routes::router(Arc::clone(&state)).layer(from_fn_with_state(Arc::clone(&state), pipeline));
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let counted = state.connections.accepted();
                    tokio::spawn(serve_connection(stream, tls.clone(), app.clone(), counted));
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
    (_open, connection): (OpenGuard, Arc<Connection>),
) {
    // A second handle on the socket outlives the connection, so that SO_LINGER 0 can be
    // set and the last close sends a RST.
    let Ok(twin) = SockRef::from(&stream).try_clone() else {
        return;
    };
    let _ = stream.set_nodelay(true);
    let served = match tls {
        None => serve_http(TokioIo::new(stream), app, Arc::clone(&connection)).await,
        Some(tls) => {
            let handshake = tls.acceptor().accept(stream);
            match tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, handshake).await {
                Ok(Ok(stream)) => {
                    serve_http(TokioIo::new(stream), app, Arc::clone(&connection)).await
                }
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

/// Serves HTTP/1.1 on `io` until either side closes or a request asks for a reset.
async fn serve_http<I>(io: I, app: Router, connection: Arc<Connection>) -> Served
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let extension = Arc::clone(&connection);
    let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(Arc::clone(&extension));
        app.clone().oneshot(request)
    });
    let served = http1::Builder::new().serve_connection(io, service);
    tokio::select! {
        _ = served => Served::Closed,
        () = connection.reset.notified() => Served::ResetAsked,
    }
}

/// Faults, journal and request log around every API request (not `/__sandbox/` nor the
/// stand-in SDK script under `/static_resources/`).
async fn pipeline(State(state): State<Arc<ServerState>>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let admin = path == "/__sandbox" || path.starts_with("/__sandbox/");
    if admin || path.starts_with("/static_resources/") {
        return next.run(request).await;
    }
    if path.starts_with("/api/") {
        if let Some(connection) = request.extensions().get::<Arc<Connection>>() {
            connection.api_request();
        }
    }
    let started = Instant::now();
    let (parts, body) = request.into_parts();
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
    let body = match to_bytes(body, MAX_BODY).await {
        Ok(body) => body,
        Err(_) => {
            let response = ApiError::new(413, "request body too large or unreadable");
            return finish(&state, entry, started, response.into_response());
        }
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

//! Serving connections: the accept loop, the API pipeline (faults, journal, request log)
//! and TCP resets.

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
use tokio::sync::Notify;
use tower::ServiceExt;

use crate::auth::{decode_claims, TOKEN_HEADER};
use crate::error::ApiError;
use crate::journal::JournalEntry;
use crate::routes;
use crate::state::ServerState;

/// The largest request body accepted.
const MAX_BODY: usize = 1 << 20;

/// Lets a request ask its connection task to abort the connection with a TCP RST.
#[derive(Clone)]
struct ResetSignal(Arc<Notify>);

/// Serves the sandbox on `listener` until `shutdown` completes.
///
/// Connections still open then (a hanging request, say) are left to the runtime, which
/// drops them when it shuts down.
pub async fn run(
    listener: TcpListener,
    state: Arc<ServerState>,
    shutdown: impl Future<Output = ()>,
) {
    let app = routes::router(Arc::clone(&state)).layer(from_fn_with_state(state, pipeline));
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    tokio::spawn(serve_connection(stream, app.clone()));
                }
                // Out of file descriptors or a connection that died in the backlog:
                // keep serving.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
        }
    }
}

/// Serves one HTTP/1.1 connection; resets it when a request asks to.
async fn serve_connection(stream: TcpStream, app: Router) {
    // A second handle on the socket outlives the connection, so that SO_LINGER 0 can be
    // set and the last close sends a RST.
    let Ok(twin) = SockRef::from(&stream).try_clone() else {
        return;
    };
    let _ = stream.set_nodelay(true);
    let reset = Arc::new(Notify::new());
    let signal = ResetSignal(Arc::clone(&reset));
    let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(signal.clone());
        app.clone().oneshot(request)
    });
    let connection = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        _ = connection => {}
        () = reset.notified() => {
            let _ = twin.set_linger(Some(Duration::ZERO));
        }
    }
}

/// Faults, journal and request log around every API request (not `/__sandbox/`).
async fn pipeline(State(state): State<Arc<ServerState>>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if path == "/__sandbox" || path.starts_with("/__sandbox/") {
        return next.run(request).await;
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
            if let (true, Some(signal)) = (fault.reset, parts.extensions.get::<ResetSignal>()) {
                signal.0.notify_one();
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

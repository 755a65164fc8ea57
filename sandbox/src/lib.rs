//! plenigo-sandbox: a local, stateful server that speaks plenigo's REST API v2 (App
//! Management and External User Management), with fault injection and a request
//! journal, for testing the plenigo SDKs over real HTTP on loopback.
//!
//! ```no_run
//! use plenigo_sandbox::{Fault, Sandbox};
//!
//! let sandbox = Sandbox::start()?;
//! sandbox.inject(Fault { status: Some(503), ..Default::default() });
//! println!("talk to {}", sandbox.url());
//! # Ok::<(), std::io::Error>(())
//! ```

mod auth;
mod checkout;
mod connections;
mod error;
mod faults;
mod fd_limit;
mod journal;
mod replay;
mod routes;
mod server;
mod state;
mod stream;
mod tls;

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::thread::JoinHandle;

pub use connections::Connections;
pub use faults::Fault;
pub use journal::JournalEntry;
pub use server::{run, Limits};
pub use state::{
    AppSpec, AppTokenSpec, CompanySpec, CustomerSpec, Fixture, PurchaseSpec, ServerState,
};
pub use tls::ServerTls;

/// How to start an in-process [`Sandbox`].
#[derive(Clone, Debug)]
pub struct SandboxOptions {
    /// The address to listen on (default `127.0.0.1:0`, a free port).
    pub bind: SocketAddr,
    /// The state to start with (default: the built-in fixture).
    pub fixture: Option<Fixture>,
    /// Serve HTTPS with a fresh CA (see [`Sandbox::ca_cert_pem`]) instead of HTTP.
    pub tls: bool,
    /// Connection cap, timeouts and body size limit.
    pub limits: Limits,
}

impl Default for SandboxOptions {
    fn default() -> Self {
        SandboxOptions {
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            fixture: None,
            tls: false,
            limits: Limits::default(),
        }
    }
}

/// A sandbox server running on its own thread; dropping it shuts the server down.
pub struct Sandbox {
    addr: SocketAddr,
    state: Arc<ServerState>,
    ca_cert_pem: Option<String>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Starts a sandbox on `127.0.0.1` with a free port and the built-in fixture.
    /// Needs no tokio runtime; each call gets its own server.
    pub fn start() -> io::Result<Sandbox> {
        Sandbox::start_with(SandboxOptions::default())
    }

    /// Starts a sandbox with the given options.
    pub fn start_with(options: SandboxOptions) -> io::Result<Sandbox> {
        let fixture = options.fixture.unwrap_or_else(Fixture::builtin);
        let state = ServerState::new(&fixture, false)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        let tls = if options.tls {
            Some(ServerTls::generate()?)
        } else {
            None
        };
        let ca_cert_pem = tls.as_ref().map(|tls| tls.ca_cert_pem().to_owned());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let listener = std::net::TcpListener::bind(options.bind)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let listener = {
            let _context = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let server_state = Arc::clone(&state);
        let thread = std::thread::Builder::new()
            .name(format!("plenigo-sandbox-{}", addr.port()))
            .spawn(move || {
                runtime.block_on(run(listener, server_state, tls, options.limits, async {
                    let _ = stopped.await;
                }));
            })?;
        Ok(Sandbox {
            addr,
            state,
            ca_cert_pem,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// The base URL, e.g. `http://127.0.0.1:PORT` (`https://` with TLS).
    pub fn url(&self) -> String {
        let scheme = if self.ca_cert_pem.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}", self.addr)
    }

    /// With TLS, the CA certificate (PEM) that clients must trust; `None` for HTTP.
    pub fn ca_cert_pem(&self) -> Option<String> {
        self.ca_cert_pem.clone()
    }

    /// The connection counts (as `GET /__sandbox/connections`).
    pub fn connections(&self) -> Connections {
        self.state.connections.snapshot()
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The API requests received so far (not `/__sandbox/`), oldest first.
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.state.journal.entries()
    }

    /// Forgets the journal.
    pub fn clear_journal(&self) {
        self.state.journal.clear();
    }

    /// Adds a fault for the next matching API requests.
    ///
    /// # Panics
    /// If the fault's status or header values cannot be sent.
    pub fn inject(&self, fault: Fault) {
        if let Err(e) = self.state.faults.add(fault) {
            panic!("invalid fault: {e}");
        }
    }

    /// Puts the fixture state back, clears journal, faults, clock and replay cache, and
    /// zeroes the accepted and API connection counts.
    pub fn reset(&self) {
        self.state.reset();
    }

    /// Adds a company, replacing one with the same ID.
    ///
    /// # Panics
    /// If the spec is invalid (empty ID, no secret, a customer twice, ...).
    pub fn add_company(&self, company: CompanySpec) {
        if let Err(e) = self.state.world().add_company(&company) {
            panic!("invalid company: {e}");
        }
    }

    /// Records a purchase (in test or live mode), creating the customer if needed.
    ///
    /// # Panics
    /// If the company is unknown or an ID is empty.
    pub fn add_purchase(
        &self,
        company_id: &str,
        customer_id: &str,
        product_id: &str,
        test_mode: bool,
    ) {
        let result =
            self.state
                .world()
                .add_purchase(company_id, customer_id, product_id, test_mode);
        if let Err(e) = result {
            panic!("cannot add purchase: {e}");
        }
    }

    /// The admin view of a customer (as `GET /__sandbox/customers/{companyId}/{customerId}`).
    pub fn customer(&self, company_id: &str, customer_id: &str) -> Option<serde_json::Value> {
        self.state.world().customer_view(company_id, customer_id)
    }

    /// The admin view of a login token (as `GET /__sandbox/login-tokens/{token}`).
    pub fn login_token(&self, token: &str) -> Option<serde_json::Value> {
        self.state.world().login_token_view(token)
    }

    /// Moves the domain clock (login-token expiry) forward; JWT checks keep real time.
    ///
    /// # Panics
    /// If the clock would move more than 100 years ahead in all.
    pub fn advance_clock(&self, seconds: u64) {
        if let Err(e) = self.state.world().advance_clock(seconds) {
            panic!("cannot advance the clock: {e}");
        }
    }

    /// Checks a checkout `paymentData` JWT against a company's secrets; returns its claims.
    pub fn verify_payment_data(
        &self,
        company_id: &str,
        payment_data: &str,
    ) -> Result<serde_json::Value, String> {
        let world = self.state.world();
        let company = world
            .companies
            .get(company_id)
            .ok_or_else(|| format!("unknown company {company_id}"))?;
        auth::verify_payment_data(&company.secrets, payment_data).map_err(str::to_owned)
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox").field("addr", &self.addr).finish()
    }
}

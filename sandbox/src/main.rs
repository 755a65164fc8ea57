//! The `plenigo-sandbox` command: serves the sandbox until SIGINT or SIGTERM.

use std::future::Future;
use std::io::{self, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use plenigo_sandbox::{run, Fixture, ServerState};

const USAGE: &str = "\
usage: plenigo-sandbox [--bind ADDR] [--fixtures FILE.json]

A local, stateful server that speaks plenigo's REST API v2 for tests.
Prints `listening on http://HOST:PORT` first, then one line per API request on stderr.

options:
  --bind ADDR            address to listen on (default 127.0.0.1:0, a free port)
  --fixtures FILE.json   start with this fixture instead of the built-in one
  -h, --help             print this help
";

/// The parsed command line.
struct Args {
    bind: SocketAddr,
    fixtures: Option<PathBuf>,
}

/// Parses the arguments; `Ok(None)` asks for the help text.
fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut parsed = Args {
        bind: SocketAddr::from(([127, 0, 0, 1], 0)),
        fixtures: None,
    };
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => {
                (name.to_owned(), Some(value.to_owned()))
            }
            _ => (arg, None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match name.as_str() {
            "-h" | "--help" => return Ok(None),
            "--bind" => {
                let text = value("--bind")?;
                parsed.bind = text.parse().map_err(|_| {
                    format!("--bind: {text:?} is not an address like 127.0.0.1:8080")
                })?;
            }
            "--fixtures" => parsed.fixtures = Some(PathBuf::from(value("--fixtures")?)),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Some(parsed))
}

/// Completes on SIGINT or SIGTERM; the handlers are installed before this returns.
#[cfg(unix)]
fn shutdown_signal() -> io::Result<impl Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = terminate.recv() => {}
            _ = interrupt.recv() => {}
        }
    })
}

/// Completes on Ctrl-C.
#[cfg(not(unix))]
fn shutdown_signal() -> io::Result<impl Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("plenigo-sandbox: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let fixture = match &args.fixtures {
        Some(path) => match Fixture::from_file(path) {
            Ok(fixture) => fixture,
            Err(e) => {
                eprintln!("plenigo-sandbox: cannot load {}: {e}", path.display());
                return ExitCode::from(2);
            }
        },
        None => Fixture::builtin(),
    };
    let state = match ServerState::new(&fixture, true) {
        Ok(state) => state,
        Err(e) => {
            eprintln!("plenigo-sandbox: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("plenigo-sandbox: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let started = async {
            let shutdown = shutdown_signal()?;
            let listener = tokio::net::TcpListener::bind(args.bind).await?;
            let addr = listener.local_addr()?;
            let mut stdout = io::stdout().lock();
            writeln!(stdout, "listening on http://{addr}")?;
            stdout.flush()?;
            io::Result::Ok((listener, shutdown))
        };
        match started.await {
            Ok((listener, shutdown)) => {
                run(listener, state, shutdown).await;
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("plenigo-sandbox: cannot listen on {}: {e}", args.bind);
                ExitCode::FAILURE
            }
        }
    })
}

//! The `plenigo-sandbox` command: serves the sandbox until SIGINT or SIGTERM.

use std::fs;
use std::future::Future;
use std::io::{self, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use plenigo_sandbox::{run, Fixture, Limits, ServerState, ServerTls};

const USAGE: &str = "\
usage: plenigo-sandbox [--bind ADDR] [--fixtures FILE.json] [--tls [--ca-cert-out FILE]]
                       [--url-file FILE]

A local, stateful server that speaks plenigo's REST API v2 for tests.
Prints `listening on http://HOST:PORT` first (`https://` with --tls, then
`ca certificate: /abs/path/ca.pem`). On stderr it names the console's URL
(http://HOST:PORT/__sandbox/, a page to watch requests, see the state and
arm faults), then logs one line per API request.

options:
  --bind ADDR            address to listen on (default 127.0.0.1:0, a free port)
  --fixtures FILE.json   start with this fixture instead of the built-in one
  --tls                  serve HTTPS with a CA and certificate made at start
  --ca-cert-out FILE     write the CA certificate (PEM) there (default: a new file
                         in the temp directory, removed on exit)
  --url-file FILE        once serving, write the base URL there (atomically, by
                         renaming FILE.tmp), so a script can wait for FILE to exist;
                         removed on exit
  -h, --help             print this help
  -V, --version          print the version

environment (an option given on the command line wins; empty means unset):
  PLENIGO_SANDBOX_BIND         as --bind
  PLENIGO_SANDBOX_FIXTURES     as --fixtures
  PLENIGO_SANDBOX_TLS          1 or true as --tls; 0 or false: plain HTTP
  PLENIGO_SANDBOX_CA_CERT_OUT  as --ca-cert-out
  PLENIGO_SANDBOX_URL_FILE     as --url-file
";

/// The parsed command line.
struct Args {
    bind: SocketAddr,
    fixtures: Option<PathBuf>,
    tls: bool,
    ca_cert_out: Option<PathBuf>,
    url_file: Option<PathBuf>,
}

/// What the command line asks for.
enum Command {
    Serve(Args),
    Help,
    Version,
}

/// Parses the arguments; what they leave out comes from the environment (`env` looks a
/// variable up; empty counts as unset), so a flag wins over its variable.
fn parse_args(
    mut args: impl Iterator<Item = String>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Command, String> {
    let mut bind = None;
    let mut fixtures = None;
    let mut tls = false;
    let mut ca_cert_out = None;
    let mut url_file = None;
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
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--bind" => bind = Some(("--bind", value("--bind")?)),
            "--fixtures" => fixtures = Some(PathBuf::from(value("--fixtures")?)),
            "--tls" if inline.is_some() => return Err("--tls takes no value".to_owned()),
            "--tls" => tls = true,
            "--ca-cert-out" => ca_cert_out = Some(PathBuf::from(value("--ca-cert-out")?)),
            "--url-file" => url_file = Some(PathBuf::from(value("--url-file")?)),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let var = |name: &str| env(name).filter(|value| !value.is_empty());
    if !tls {
        tls = match var("PLENIGO_SANDBOX_TLS").as_deref() {
            None | Some("0" | "false") => false,
            Some("1" | "true") => true,
            Some(_) => return Err("PLENIGO_SANDBOX_TLS must be 1, true, 0 or false".to_owned()),
        };
    }
    let bind =
        match bind.or_else(|| var("PLENIGO_SANDBOX_BIND").map(|v| ("PLENIGO_SANDBOX_BIND", v))) {
            None => SocketAddr::from(([127, 0, 0, 1], 0)),
            Some((source, text)) => text
                .parse()
                .map_err(|_| format!("{source}: {text:?} is not an address like 127.0.0.1:8080"))?,
        };
    let parsed = Args {
        bind,
        fixtures: fixtures.or_else(|| var("PLENIGO_SANDBOX_FIXTURES").map(PathBuf::from)),
        tls,
        ca_cert_out: ca_cert_out.or_else(|| var("PLENIGO_SANDBOX_CA_CERT_OUT").map(PathBuf::from)),
        url_file: url_file.or_else(|| var("PLENIGO_SANDBOX_URL_FILE").map(PathBuf::from)),
    };
    if parsed.ca_cert_out.is_some() && !parsed.tls {
        return Err("--ca-cert-out (or PLENIGO_SANDBOX_CA_CERT_OUT) needs --tls".to_owned());
    }
    Ok(Command::Serve(parsed))
}

/// The CA certificate file written for `--tls`; a default (temporary) one is removed
/// when this is dropped.
struct CaCertFile {
    path: PathBuf,
    temporary: bool,
}

impl CaCertFile {
    /// Writes `pem` to `path`, or to a new file in the temp directory.
    fn write(pem: &str, path: Option<&Path>) -> io::Result<CaCertFile> {
        let file = match path {
            Some(path) => {
                fs::write(path, pem)?;
                CaCertFile {
                    path: std::path::absolute(path)?,
                    temporary: false,
                }
            }
            None => {
                let name = format!(
                    "plenigo-sandbox-ca-{}-{:08x}.pem",
                    std::process::id(),
                    fastrand::u32(..)
                );
                let path = std::path::absolute(std::env::temp_dir().join(name))?;
                // A new file, never one (or a link) that is already there.
                let mut out = fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&path)?;
                let file = CaCertFile {
                    path,
                    temporary: true,
                };
                out.write_all(pem.as_bytes())?;
                file
            }
        };
        Ok(file)
    }
}

impl Drop for CaCertFile {
    fn drop(&mut self) {
        if self.temporary {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// The file `--url-file` names, holding the base URL while the sandbox serves; removed
/// when this is dropped.
struct UrlFile(PathBuf);

impl UrlFile {
    /// Writes `url` to `path` atomically: to `path.tmp` first, then renamed.
    fn write(url: &str, path: &Path) -> io::Result<UrlFile> {
        let mut temporary = path.as_os_str().to_owned();
        temporary.push(".tmp");
        let temporary = PathBuf::from(temporary);
        fs::write(&temporary, url)?;
        if let Err(e) = fs::rename(&temporary, path) {
            let _ = fs::remove_file(&temporary);
            return Err(e);
        }
        Ok(UrlFile(path.to_owned()))
    }
}

impl Drop for UrlFile {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
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
    let env = |name: &str| std::env::var(name).ok();
    let args = match parse_args(std::env::args().skip(1), env) {
        Ok(Command::Serve(args)) => args,
        Ok(Command::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(Command::Version) => {
            println!("plenigo-sandbox {}", env!("CARGO_PKG_VERSION"));
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
    let tls = match args.tls.then(ServerTls::generate).transpose() {
        Ok(tls) => tls,
        Err(e) => {
            eprintln!("plenigo-sandbox: {e}");
            return ExitCode::FAILURE;
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
            io::Result::Ok((listener, addr, shutdown))
        };
        let (listener, addr, shutdown) = match started.await {
            Ok(started) => started,
            Err(e) => {
                eprintln!("plenigo-sandbox: cannot listen on {}: {e}", args.bind);
                return ExitCode::FAILURE;
            }
        };
        if !addr.ip().is_loopback() {
            eprintln!(
                "plenigo-sandbox: warning: listening on {addr}, beyond this machine; the admin \
                 API under /__sandbox/ has no authentication and anyone who can reach the \
                 port can change every company, customer and purchase"
            );
        }
        // The CA file exists before the first line tells anyone to connect.
        let ca_file = match &tls {
            None => None,
            Some(tls) => match CaCertFile::write(tls.ca_cert_pem(), args.ca_cert_out.as_deref()) {
                Ok(file) => Some(file),
                Err(e) => {
                    let path = args
                        .ca_cert_out
                        .as_deref()
                        .unwrap_or(Path::new("a temp file"));
                    eprintln!("plenigo-sandbox: cannot write {}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
            },
        };
        let url = match &ca_file {
            None => format!("http://{addr}"),
            Some(_) => format!("https://{addr}"),
        };
        // The URL file too, so that a failure to write it leaves stdout empty.
        let url_file = match args
            .url_file
            .as_deref()
            .map(|path| (path, UrlFile::write(&url, path)))
        {
            None => None,
            Some((_, Ok(file))) => Some(file),
            Some((path, Err(e))) => {
                eprintln!("plenigo-sandbox: cannot write {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        };
        let announced = (|| {
            let mut stdout = io::stdout().lock();
            writeln!(stdout, "listening on {url}")?;
            if let Some(file) = &ca_file {
                writeln!(stdout, "ca certificate: {}", file.path.display())?;
            }
            stdout.flush()
        })();
        if let Err(e) = announced {
            eprintln!("plenigo-sandbox: cannot write to stdout: {e}");
            return ExitCode::FAILURE;
        }
        eprintln!("plenigo-sandbox: console on {url}/__sandbox/");
        run(listener, state, tls, Limits::default(), shutdown).await;
        drop(url_file);
        drop(ca_file);
        ExitCode::SUCCESS
    })
}

//! `cargo bench` (run by `scripts/bench-rust`, part of `scripts/bench`): the Rust SDK's CPU
//! per call against the wire's floor, measured in one process.
//!
//! Every call is the same `has-user-bought` GET to `BENCH_URL` (nginx's canned 204 on
//! loopback) with a freshly signed token. Each row's figure is the CPU time of this whole
//! process (all threads, user + system) and its context switches, per call, from
//! `getrusage(RUSAGE_SELF)` over `BENCH_CALLS` calls; every round measures every row, so a
//! row and its baseline are interleaved. The rows:
//! - `floor.minimal`: one `TcpStream`, HTTP/1.1 written and read by hand, a token signed per
//!   call: what any client must do;
//! - the SDK's blocking API, and its async API with 1, 8 and 64 calls in flight;
//! - reqwest (the SDK's HTTP client) alone: blocking, async on the caller's thread, and
//!   async with 8 and 64 in flight on a multi-threaded runtime;
//! - calls/s of 1, 2 and 4 threads sharing one client.
//!
//! Prints one `BENCH {json}` line per row and round (see scripts/lib/bench.sh).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use plenigo::{Config, PlenigoClient};

const COMPANY: &str = "23NuCmdPoiRRkQiCqP9Q";
const SECRET: &str = "QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj";
const CUSTOMER: &str = "56202510";
const PRODUCT: &str = "RgKUHT78563989856641";
const APP: &str = "ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G";

/// An HS256 token with the SDK's claims and a fresh `jti`, signed by hand.
fn token() -> String {
    let exp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 300;
    let claims = format!(
        r#"{{"aud":"plenigo","companyId":"{COMPANY}","exp":{exp},"jti":"{:032x}"}}"#,
        fastrand::u128(..)
    );
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256"}"#),
        URL_SAFE_NO_PAD.encode(claims)
    );
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(input.as_bytes());
    format!(
        "{input}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

/// The process's CPU time (all threads) and context switches so far.
fn usage() -> (Duration, u64) {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
        usage.assume_init()
    };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1_000);
    (
        time(usage.ru_utime) + time(usage.ru_stime),
        (usage.ru_nvcsw + usage.ru_nivcsw) as u64,
    )
}

/// One row of the table, with everything scripts/lib/bench-report.py needs.
struct Row {
    id: &'static str,
    label: &'static str,
    baseline: Option<&'static str>,
    goal: Option<&'static str>,
}

impl Row {
    fn print(&self, round: usize, figure: &str) {
        let quoted = |s: Option<&str>| s.map_or("null".into(), |s| format!("{s:?}"));
        println!(
            r#"BENCH {{"row":{:?},"label":{:?},"baseline":{},"goal":{},"cmd":"scripts/bench-rust","round":{round},{figure}}}"#,
            self.id,
            self.label,
            quoted(self.baseline),
            quoted(self.goal),
        );
    }
}

/// What one row measures: `calls` calls, either for CPU time and context switches per call,
/// or for calls per second (wall time).
enum Measure<'a> {
    Cpu(Box<dyn FnMut(usize) + 'a>),
    Throughput(Box<dyn FnMut(usize) + 'a>),
}

/// One row's sums over the slices of a round.
#[derive(Default)]
struct Sums {
    calls: usize,
    cpu: Duration,
    switches: u64,
    wall: Duration,
}

impl Measure<'_> {
    fn run(&mut self, calls: usize, sums: &mut Sums) {
        let (cpu_before, switches_before, started) = {
            let (cpu, switches) = usage();
            (cpu, switches, Instant::now())
        };
        match self {
            Measure::Cpu(run) | Measure::Throughput(run) => run(calls),
        }
        let (cpu_after, switches_after) = usage();
        sums.wall += started.elapsed();
        sums.calls += calls;
        sums.cpu += cpu_after - cpu_before;
        sums.switches += switches_after - switches_before;
    }

    fn figure(&self, sums: &Sums) -> String {
        let per_call = |x: f64| x / sums.calls as f64;
        match self {
            Measure::Cpu(_) => format!(
                r#""cpu_us":{:.2},"cs":{:.3}"#,
                per_call(sums.cpu.as_secs_f64() * 1e6),
                per_call(sums.switches as f64)
            ),
            Measure::Throughput(_) => format!(
                r#""per_s":{:.1}"#,
                sums.calls as f64 / sums.wall.as_secs_f64()
            ),
        }
    }
}

/// The least a client does: one kept connection, the request written by hand, the answer
/// read up to the end of its head (nginx's 204 has no body).
struct MinimalClient {
    stream: TcpStream,
    head: String,
    buffer: Vec<u8>,
}

impl MinimalClient {
    fn connect(base: &reqwest::Url, path: &str) -> Self {
        let host = format!("{}:{}", base.host_str().unwrap(), base.port().unwrap());
        let stream = TcpStream::connect(&host).unwrap();
        stream.set_nodelay(true).unwrap();
        MinimalClient {
            stream,
            head: format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nplenigoToken: "),
            buffer: vec![0; 4096],
        }
    }

    fn call(&mut self) {
        let request = format!("{}{}\r\n\r\n", self.head, token());
        self.stream.write_all(request.as_bytes()).unwrap();
        let mut read = 0;
        loop {
            read += self.stream.read(&mut self.buffer[read..]).unwrap();
            if self.buffer[..read].ends_with(b"\r\n\r\n") {
                break;
            }
        }
        assert!(
            self.buffer.starts_with(b"HTTP/1.1 204"),
            "the floor needs a 204"
        );
    }
}

/// Runs `calls` futures from `call` with `in_flight` of them at once on `runtime`.
fn in_flight<F, Fut>(runtime: &tokio::runtime::Runtime, in_flight: usize, calls: usize, call: F)
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    runtime.block_on(async {
        let tasks: Vec<_> = (0..in_flight)
            .map(|_| {
                let call = call.clone();
                tokio::spawn(async move {
                    for _ in 0..calls / in_flight {
                        call().await;
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
    });
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .map(|v| v.parse().expect("a number"))
        .unwrap_or(default)
}

fn main() {
    let base = std::env::var("BENCH_URL")
        .expect("BENCH_URL: the base URL of nginx's canned reply (scripts/bench-rust sets it)");
    let base = reqwest::Url::parse(&base).unwrap();
    let calls = env_number("BENCH_CALLS", 4_000);
    let rounds = env_number("BENCH_ROUNDS", 5);
    let path = format!("/api/v2/access/app/{CUSTOMER}/{PRODUCT}/{APP}?testMode=false");
    let url = base.join(&path).unwrap();

    let mut config = Config::new(COMPANY, SECRET);
    config.base_url = Some(base.as_str().trim_end_matches('/').to_string());
    let client = PlenigoClient::new(config).unwrap();
    let apps = client.apps();
    let apps_async = client.apps_async();
    // reqwest with the SDK's timeouts, so the ratio shows the SDK's own work.
    let timeout = Duration::from_secs(10);
    let reqwest_blocking = reqwest::blocking::Client::builder()
        .connect_timeout(timeout)
        .timeout(timeout)
        .build()
        .unwrap();
    // One async client per runtime: a pooled connection is a task on the runtime that made it.
    let reqwest_async = || {
        reqwest::Client::builder()
            .connect_timeout(timeout)
            .timeout(timeout)
            .build()
            .unwrap()
    };
    let (reqwest_here, reqwest_engine_like) = (reqwest_async(), reqwest_async());
    let here = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let engine_like = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut minimal = MinimalClient::connect(&base, &path);

    let floor = Row {
        id: "floor.minimal",
        label: "minimal Rust client: one TcpStream, HTTP/1.1 by hand, token signed per call",
        baseline: None,
        goal: None,
    };
    let sdk_blocking = Row {
        id: "rust.blocking",
        label: "Rust SDK, blocking API",
        baseline: Some("floor.minimal"),
        goal: Some("<= 1.5"),
    };
    let sdk_async = Row {
        id: "rust.async.1",
        label: "Rust SDK, async API, 1 in flight (caller on a current-thread tokio runtime)",
        baseline: Some("floor.minimal"),
        goal: Some("<= 1.5"),
    };
    let raw_blocking = Row {
        id: "reqwest.blocking",
        label: "reqwest blocking alone, token signed per call",
        baseline: Some("floor.minimal"),
        goal: None,
    };
    let raw_here = Row {
        id: "reqwest.async.here",
        label: "reqwest async alone, driven on the caller's thread",
        baseline: Some("floor.minimal"),
        goal: None,
    };
    let many: Vec<(usize, Row, Row)> = [(8, "8"), (64, "64")]
        .into_iter()
        .map(|(n, name)| {
            let (sdk_id, raw_id, sdk_label, raw_label): (&str, &str, &str, &str) = match name {
                "8" => (
                    "rust.async.8",
                    "reqwest.async.8",
                    "Rust SDK, async API, 8 in flight",
                    "reqwest async alone, 8 in flight (2-thread runtime)",
                ),
                _ => (
                    "rust.async.64",
                    "reqwest.async.64",
                    "Rust SDK, async API, 64 in flight",
                    "reqwest async alone, 64 in flight (2-thread runtime)",
                ),
            };
            let sdk = Row {
                id: sdk_id,
                label: sdk_label,
                baseline: Some(raw_id),
                goal: None,
            };
            let raw = Row {
                id: raw_id,
                label: raw_label,
                baseline: Some("floor.minimal"),
                goal: None,
            };
            (n, sdk, raw)
        })
        .collect();
    let threads: Vec<(usize, Row)> = [
        (
            1,
            "rust.threads.1",
            "Rust SDK, blocking, 1 thread: calls/s",
            None,
            None,
        ),
        (
            2,
            "rust.threads.2",
            "Rust SDK, blocking, 2 threads on one client: calls/s",
            Some("rust.threads.1"),
            Some(">= 1.8"),
        ),
        (
            4,
            "rust.threads.4",
            "Rust SDK, blocking, 4 threads on one client: calls/s",
            Some("rust.threads.1"),
            None,
        ),
    ]
    .into_iter()
    .map(|(n, id, label, baseline, goal)| {
        (
            n,
            Row {
                id,
                label,
                baseline,
                goal,
            },
        )
    })
    .collect();

    // Warm every pool and the code once, unmeasured.
    let warm = calls.min(200);
    for _ in 0..warm {
        minimal.call();
        assert!(apps.has_user_bought(CUSTOMER, PRODUCT, APP).unwrap());
        assert!(here
            .block_on(apps_async.has_user_bought(CUSTOMER, PRODUCT, APP))
            .unwrap());
    }

    let mut rows: Vec<(Row, Measure)> = vec![
        (
            floor,
            Measure::Cpu(Box::new(|n| (0..n).for_each(|_| minimal.call()))),
        ),
        (
            sdk_blocking,
            Measure::Cpu(Box::new(|n| {
                for _ in 0..n {
                    assert!(apps.has_user_bought(CUSTOMER, PRODUCT, APP).unwrap());
                }
            })),
        ),
        (
            sdk_async,
            Measure::Cpu(Box::new(|n| {
                here.block_on(async {
                    for _ in 0..n {
                        let bought = apps_async.has_user_bought(CUSTOMER, PRODUCT, APP);
                        assert!(bought.await.unwrap());
                    }
                })
            })),
        ),
        (
            raw_blocking,
            Measure::Cpu(Box::new(|n| {
                for _ in 0..n {
                    let answer = reqwest_blocking
                        .get(url.clone())
                        .header("plenigoToken", token());
                    assert_eq!(answer.send().unwrap().status(), 204);
                }
            })),
        ),
        (
            raw_here,
            Measure::Cpu(Box::new(|n| {
                here.block_on(async {
                    for _ in 0..n {
                        let answer = reqwest_here
                            .get(url.clone())
                            .header("plenigoToken", token());
                        assert_eq!(answer.send().await.unwrap().status(), 204);
                    }
                })
            })),
        ),
    ];
    for (n, sdk, raw) in many {
        let apps = apps_async.clone();
        let engine_like = &engine_like;
        rows.push((
            sdk,
            Measure::Cpu(Box::new(move |calls| {
                let apps = apps.clone();
                in_flight(engine_like, n, calls, move || {
                    let apps = apps.clone();
                    async move {
                        let bought = apps.has_user_bought(CUSTOMER, PRODUCT, APP);
                        assert!(bought.await.unwrap());
                    }
                })
            })),
        ));
        let (http, url) = (reqwest_engine_like.clone(), url.clone());
        rows.push((
            raw,
            Measure::Cpu(Box::new(move |calls| {
                let (http, url) = (http.clone(), url.clone());
                in_flight(engine_like, n, calls, move || {
                    let (http, url) = (http.clone(), url.clone());
                    async move {
                        let answer = http.get(url).header("plenigoToken", token()).send();
                        assert_eq!(answer.await.unwrap().status(), 204);
                    }
                })
            })),
        ));
    }
    for (n, row) in threads {
        let apps = &apps;
        rows.push((
            row,
            Measure::Throughput(Box::new(move |calls| {
                std::thread::scope(|scope| {
                    for _ in 0..n {
                        scope.spawn(move || {
                            for _ in 0..calls / n {
                                assert!(apps.has_user_bought(CUSTOMER, PRODUCT, APP).unwrap());
                            }
                        });
                    }
                });
            })),
        ));
    }
    // BENCH_ONLY=prefix,prefix: only the rows whose id starts with one of them (to profile).
    if let Ok(only) = std::env::var("BENCH_ONLY") {
        rows.retain(|(row, _)| only.split(',').any(|prefix| row.id.starts_with(prefix)));
    }

    // Each round runs every row in SLICES turns of calls/SLICES calls, so that a row and
    // its baseline see the same moments of a noisy machine.
    // A slice's calls are a multiple of 64, so that every thread and every one of 64 calls in
    // flight makes the same number of calls.
    const SLICES: usize = 5;
    let slice = (calls / SLICES).max(64) / 64 * 64;
    for round in 1..=rounds {
        let mut sums: Vec<Sums> = rows.iter().map(|_| Sums::default()).collect();
        for _ in 0..SLICES {
            for ((_, measure), sums) in rows.iter_mut().zip(&mut sums) {
                measure.run(slice, sums);
            }
        }
        for ((row, measure), sums) in rows.iter().zip(&sums) {
            row.print(round, &measure.figure(sums));
        }
    }
}

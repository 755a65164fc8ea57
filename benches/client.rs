//! `cargo bench`: the SDK against a bare HTTP client, measured in one process.
//!
//! Every call is the same `has-user-bought` GET against an in-process sandbox over loopback,
//! with a freshly signed token and reused connections. The baselines are bare reqwest
//! clients (blocking and async) with a hand-signed JWT; the SDK goes through `PlenigoClient`:
//! the blocking API from 1, 2 and 4 threads, the async API with 1, 8 and 64 calls in flight
//! on one client. Each row prints calls/s and the ratio SDK / baseline at the same
//! concurrency; the difference is the SDK's validation, URL building, error mapping, retry
//! bookkeeping and (for the blocking API) the hand-over to the engine's threads.

use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use plenigo::{Config, PlenigoClient};
use plenigo_sandbox::Sandbox;

const COMPANY: &str = "23NuCmdPoiRRkQiCqP9Q";
const SECRET: &str = "QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj";
const CUSTOMER: &str = "56202510";
const PRODUCT: &str = "RgKUHT78563989856641";
const APP: &str = "ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G";
const ROUNDS: usize = 3;
const CALLS: usize = 1_024;

fn token() -> String {
    let exp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 300;
    let claims = format!(
        r#"{{"aud":"plenigo","companyId":"{COMPANY}","exp":{exp},"jti":"bench-{}"}}"#,
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

/// Calls per second of the best of [`ROUNDS`] runs of `run` (which makes [`CALLS`] calls).
fn calls_per_second(mut run: impl FnMut()) -> f64 {
    run(); // warm the connections
    let best = (0..ROUNDS)
        .map(|_| {
            let started = Instant::now();
            run();
            started.elapsed()
        })
        .min()
        .unwrap();
    CALLS as f64 / best.as_secs_f64()
}

/// Runs `call` [`CALLS`] times spread over `threads` threads.
fn on_threads(threads: usize, call: Arc<dyn Fn() + Send + Sync>) {
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let call = call.clone();
            scope.spawn(move || (0..CALLS / threads).for_each(|_| call()));
        }
    });
}

/// Runs the future from `call` [`CALLS`] times with `in_flight` calls at once.
fn in_flight<F, Fut>(runtime: &tokio::runtime::Runtime, in_flight: usize, call: F)
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    runtime.block_on(async {
        let tasks: Vec<_> = (0..in_flight)
            .map(|_| {
                let call = call.clone();
                tokio::spawn(async move {
                    for _ in 0..CALLS / in_flight {
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

fn row(what: &str, sdk: f64, baseline: f64) {
    println!(
        "  {what:<28} sdk {sdk:>8.0} calls/s   baseline {baseline:>8.0} calls/s   ratio sdk/baseline {:.2}",
        sdk / baseline
    );
}

fn main() {
    let sandbox = Sandbox::start().expect("sandbox");
    let url = reqwest::Url::parse(&format!(
        "{}/api/v2/access/app/{CUSTOMER}/{PRODUCT}/{APP}?testMode=false",
        sandbox.url()
    ))
    .unwrap();
    // The same timeouts as the SDK's defaults, so the ratio shows the SDK's own work.
    let timeout = Duration::from_secs(10);
    let mut config = Config::new(COMPANY, SECRET);
    config.base_url = Some(sandbox.url());
    let client = PlenigoClient::new(config).unwrap();
    println!("has_user_bought over loopback, {CALLS} calls, best of {ROUNDS} rounds");

    let bare = reqwest::blocking::Client::builder()
        .connect_timeout(timeout)
        .timeout(timeout)
        .build()
        .unwrap();
    for threads in [1, 2, 4] {
        let (bare, url, apps) = (bare.clone(), url.clone(), client.apps());
        let baseline = calls_per_second(|| {
            let (bare, url) = (bare.clone(), url.clone());
            on_threads(
                threads,
                Arc::new(move || {
                    let answer = bare.get(url.clone()).header("plenigoToken", token()).send();
                    assert!(answer.unwrap().status().is_success());
                }),
            )
        });
        let sdk = calls_per_second(|| {
            let apps = apps.clone();
            on_threads(
                threads,
                Arc::new(move || assert!(apps.has_user_bought(CUSTOMER, PRODUCT, APP).unwrap())),
            )
        });
        sandbox.clear_journal();
        row(&format!("blocking, {threads} thread(s)"), sdk, baseline);
    }

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let bare = reqwest::Client::builder()
        .connect_timeout(timeout)
        .timeout(timeout)
        .build()
        .unwrap();
    for calls in [1, 8, 64] {
        let (bare, url, apps) = (bare.clone(), url.clone(), client.apps_async());
        let baseline = calls_per_second(|| {
            let (bare, url) = (bare.clone(), url.clone());
            in_flight(&runtime, calls, move || {
                let (bare, url) = (bare.clone(), url.clone());
                async move {
                    let answer = bare.get(url).header("plenigoToken", token()).send().await;
                    assert!(answer.unwrap().status().is_success());
                }
            })
        });
        let sdk = calls_per_second(|| {
            let apps = apps.clone();
            in_flight(&runtime, calls, move || {
                let apps = apps.clone();
                async move {
                    let bought = apps.has_user_bought(CUSTOMER, PRODUCT, APP);
                    assert!(bought.await.unwrap());
                }
            })
        });
        sandbox.clear_journal();
        row(&format!("async, {calls} in flight"), sdk, baseline);
    }
}

//! `cargo bench`: the SDK's overhead over a bare HTTP request, measured in one process.
//!
//! Both sides make the same `has-user-bought` GET against an in-process sandbox over loopback,
//! each with a freshly signed token and a reused connection: the baseline with a bare reqwest
//! client and a hand-signed JWT, the SDK through `PlenigoClient`. The ratio is what the SDK's
//! validation, URL building, error mapping and retry bookkeeping cost on top of HTTP itself.

use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use plenigo::{Config, PlenigoClient};
use plenigo_sandbox::Sandbox;

const COMPANY: &str = "23NuCmdPoiRRkQiCqP9Q";
const SECRET: &str = "QrrDfmzRQcQie3Pp3twzNP8LHsV78TngrY5TTvj";
const PATH: &str = "/api/v2/access/app/56202510/RgKUHT78563989856641/ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G?testMode=false";
const ROUNDS: usize = 5;
const CALLS: usize = 1_000;

fn token(n: usize) -> String {
    let exp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 300;
    let claims = format!(
        r#"{{"aud":"plenigo","companyId":"{COMPANY}","exp":{exp},"jti":"bench-{n}-{}"}}"#,
        fastrand::u64(..)
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

fn time(mut f: impl FnMut(usize)) -> Duration {
    let started = Instant::now();
    for n in 0..CALLS {
        f(n);
    }
    started.elapsed()
}

fn main() {
    let sandbox = Sandbox::start().expect("sandbox");
    let url = reqwest::Url::parse(&format!("{}{PATH}", sandbox.url())).unwrap();
    // The same timeouts the SDK's defaults set, so the ratio shows the SDK's own work.
    let http = reqwest::blocking::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let client = PlenigoClient::new(Config {
        base_url: Some(sandbox.url()),
        ..Config::new(COMPANY, SECRET)
    })
    .unwrap();
    let apps = client.apps();

    let baseline = |n| {
        assert!(http
            .get(url.clone())
            .header("plenigoToken", token(n))
            .send()
            .unwrap()
            .status()
            .is_success())
    };
    let sdk = |_| {
        assert!(apps
            .has_user_bought(
                "56202510",
                "RgKUHT78563989856641",
                "ftYHMpmIiRzM40ZDIQx5CIPPtN3H33mzPd7BSr3G"
            )
            .unwrap())
    };
    // Warm both connection pools.
    time(baseline);
    time(sdk);
    let (mut base_best, mut sdk_best) = (Duration::MAX, Duration::MAX);
    for _ in 0..ROUNDS {
        base_best = base_best.min(time(baseline));
        sdk_best = sdk_best.min(time(sdk));
        sandbox.clear_journal();
    }
    let per_call = |d: Duration| d.as_secs_f64() * 1e6 / CALLS as f64;
    println!("has_user_bought over loopback, best of {ROUNDS} rounds of {CALLS} calls");
    println!(
        "  baseline (bare reqwest + hand-signed JWT): {:8.1} µs/call",
        per_call(base_best)
    );
    println!(
        "  plenigo SDK:                               {:8.1} µs/call",
        per_call(sdk_best)
    );
    println!(
        "  ratio sdk/baseline: {:.2}",
        sdk_best.as_secs_f64() / base_best.as_secs_f64()
    );
}

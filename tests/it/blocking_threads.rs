//! The blocking API runs each request on the caller's thread: every thread keeps its own
//! connection for a client, a thread that ends closes them, and a dropped client's
//! connections close at the thread's next call.

use std::time::{Duration, Instant};

use crate::common::*;

/// Waits up to 5 s for the sandbox's open connections to reach `open`.
fn await_open(sandbox: &plenigo_sandbox::Sandbox, open: u64) {
    let started = Instant::now();
    while sandbox.connections().open != open {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{} connections open, expected {open}",
            sandbox.connections().open
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn five_calls(client: &plenigo::PlenigoClient) {
    for _ in 0..5 {
        assert!(client
            .apps()
            .has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP)
            .unwrap());
    }
}

#[test]
fn each_thread_keeps_one_connection_and_closes_it_when_it_ends() {
    let (sandbox, client) = setup();
    for expected in 1..=2 {
        std::thread::scope(|scope| {
            scope.spawn(|| five_calls(&client));
        });
        assert_eq!(
            sandbox.connections().api,
            expected,
            "five calls, one connection"
        );
        await_open(&sandbox, 0);
    }
    // Two threads at once: one connection each.
    std::thread::scope(|scope| {
        scope.spawn(|| five_calls(&client));
        scope.spawn(|| five_calls(&client));
    });
    assert_eq!(sandbox.connections().api, 4);
}

#[test]
fn a_dropped_clients_connection_closes_at_the_threads_next_call() {
    let (sandbox, first) = setup();
    five_calls(&first);
    await_open(&sandbox, 1);
    drop(first);
    let second = client_for(&sandbox, |_| {});
    five_calls(&second);
    assert_eq!(sandbox.connections().api, 2);
    await_open(&sandbox, 1);
}

#[test]
fn many_short_lived_threads_each_make_a_call() {
    let (sandbox, client) = setup();
    std::thread::scope(|scope| {
        for _ in 0..16 {
            scope.spawn(|| {
                assert!(client
                    .apps()
                    .has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP)
                    .unwrap())
            });
        }
    });
    assert_eq!(sandbox.journal().len(), 16);
    await_open(&sandbox, 0);
}

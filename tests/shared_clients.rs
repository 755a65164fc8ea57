//! The process-wide shared clients of `PlenigoClient::shared`.

mod common;

use std::sync::Arc;

use common::*;
use plenigo::{Config, PlenigoClient, MAX_SHARED_CLIENTS};

fn config(sandbox: &plenigo_sandbox::Sandbox) -> Config {
    Config {
        base_url: Some(sandbox.url()),
        ..Config::new(COMPANY, SECRET)
    }
}

// One test function: the registry is process-wide, and tests of one binary run in parallel.
#[test]
fn shared_clients_are_reused_per_config_and_bounded() {
    let sandbox = plenigo_sandbox::Sandbox::start().unwrap();
    let first = PlenigoClient::shared(config(&sandbox)).unwrap();
    let again = PlenigoClient::shared(config(&sandbox)).unwrap();
    assert!(Arc::ptr_eq(&first, &again), "same config, same client");
    assert!(again
        .apps()
        .has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP)
        .unwrap());

    // Anything that changes behaviour gets its own client: the secret above all.
    let other_secret = Config {
        secret: plenigo::Secret::new("Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj".into()),
        ..config(&sandbox)
    };
    let test_mode = Config {
        test_mode: true,
        ..config(&sandbox)
    };
    let other_company = Config {
        company_id: "12NuCmdZUTRRkQiCqP2Q".into(),
        ..config(&sandbox)
    };
    for other in [other_secret, test_mode, other_company] {
        let client = PlenigoClient::shared(other).unwrap();
        assert!(!Arc::ptr_eq(&first, &client));
    }

    // A bad config is refused, not cached.
    let bad = Config {
        company_id: " ".into(),
        ..config(&sandbox)
    };
    assert!(PlenigoClient::shared(bad).is_err());

    // Bounded: after MAX_SHARED_CLIENTS other configs, the first is gone (least recently used),
    // while the handle held here keeps working.
    for n in 0..MAX_SHARED_CLIENTS {
        let filler = Config {
            user_agent_suffix: Some(format!("filler/{n}")),
            ..config(&sandbox)
        };
        PlenigoClient::shared(filler).unwrap();
    }
    let fresh = PlenigoClient::shared(config(&sandbox)).unwrap();
    assert!(!Arc::ptr_eq(&first, &fresh));
    assert!(first
        .apps()
        .has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP)
        .unwrap());

    // Recently used entries survive: `fresh` was just used, a few more configs don't evict it.
    for n in 0..MAX_SHARED_CLIENTS - 1 {
        PlenigoClient::shared(Config {
            user_agent_suffix: Some(format!("second/{n}")),
            ..config(&sandbox)
        })
        .unwrap();
    }
    assert!(Arc::ptr_eq(
        &fresh,
        &PlenigoClient::shared(config(&sandbox)).unwrap()
    ));

    PlenigoClient::clear_shared();
    assert!(!Arc::ptr_eq(
        &fresh,
        &PlenigoClient::shared(config(&sandbox)).unwrap()
    ));
}

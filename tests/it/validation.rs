//! Validation at the edge: every config and argument string bounded, languages from the ISO
//! 639-1 list, and error messages that quote only a short prefix of what they refuse.

use std::time::Duration;

use crate::common::*;
use plenigo::{Config, PlenigoClient, PlenigoError, UserRegistration};

const HUGE: usize = 10 << 20;

/// A change to the default config.
type Adjust = Box<dyn Fn(&mut Config)>;

fn refused_field(result: Result<impl std::fmt::Debug, PlenigoError>) -> (String, String) {
    match result {
        Err(e @ PlenigoError::InvalidInput { .. }) => {
            let message = e.to_string();
            assert!(
                message.len() < 300,
                "the message echoes the input: {} bytes",
                message.len()
            );
            match e {
                PlenigoError::InvalidInput { field, .. } => (field, message),
                _ => unreachable!(),
            }
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

#[test]
fn huge_config_strings_are_refused_with_short_messages() {
    let huge = "a".repeat(HUGE);
    let cases: Vec<(&str, Adjust)> = vec![
        ("company_id", Box::new(|c| c.company_id = "a".repeat(HUGE))),
        (
            "user_agent_suffix",
            Box::new(|c| c.user_agent_suffix = Some("a".repeat(HUGE))),
        ),
        (
            "base_url",
            Box::new(|c| c.base_url = Some(format!("https://{}", "a".repeat(HUGE)))),
        ),
        (
            "proxy_url",
            Box::new(|c| c.proxy_url = Some("a".repeat(HUGE))),
        ),
        ("deadline", Box::new(|c| c.deadline = Duration::ZERO)),
        ("max_response_bytes", Box::new(|c| c.max_response_bytes = 0)),
        ("max_retries", Box::new(|c| c.max_retries = u32::MAX)),
        (
            "connect_timeout",
            Box::new(|c| c.connect_timeout = Duration::from_nanos(1)),
        ),
    ];
    for (field, adjust) in cases {
        let mut config = Config::new(COMPANY, SECRET);
        adjust(&mut config);
        let (refused, _) = refused_field(PlenigoClient::new(config));
        assert_eq!(refused, field);
    }
    assert!(!huge.is_empty());
}

#[test]
fn huge_arguments_are_refused_before_any_request() {
    let (sandbox, client) = setup();
    let huge = "a".repeat(HUGE);
    let too_many: Vec<String> = (0..100_000).map(|n| format!("p{n}")).collect();
    assert_invalid(
        &sandbox,
        client
            .users()
            .has_bought_product(CUSTOMER, &too_many, false),
        "product_ids",
    );
    assert_invalid(
        &sandbox,
        client.apps().has_user_bought(&huge, PRODUCT, FIXTURE_APP),
        "customer_id",
    );
    assert_invalid(
        &sandbox,
        client.apps().request_app_token(CUSTOMER, PRODUCT, &huge),
        "description",
    );
    let (field, message) = refused_field(
        client
            .users()
            .register_user(&UserRegistration::new(format!("{huge}@example.com"), "en")),
    );
    assert_eq!(field, "email");
    assert!(!message.contains(&"a".repeat(100)), "{message}");
    let (field, message) = refused_field(
        client
            .users()
            .register_user(&UserRegistration::new("x@example.com", format!("z{huge}"))),
    );
    assert_eq!(field, "language");
    assert!(
        message.contains("bytes)"),
        "says how long the input was: {message}"
    );
    assert!(sandbox.journal().is_empty());
}

#[test]
fn languages_come_from_the_iso_639_1_list() {
    let (sandbox, client) = setup();
    for bad in ["zz", "xx", "qq", "e1", "eng", "d"] {
        assert_invalid(
            &sandbox,
            client
                .users()
                .register_user(&UserRegistration::new("lang@example.com", bad)),
            "language",
        );
    }
    for good in ["en", "DE", "fr", "zu"] {
        client
            .users()
            .register_user(&UserRegistration::new(
                format!("lang-{good}@example.com"),
                good,
            ))
            .unwrap();
    }
}

#[test]
fn e_mail_domains_hold_only_letters_digits_hyphens_and_dots() {
    let (sandbox, client) = setup();
    let users = client.users();
    for bad in [
        "a@b.de%0a",
        "a@b.de%0d%0abcc.evil.example",
        "a@b_c.de",
        "a@bü.de",
        "a@b.de/x",
        "a@b.de?x=1",
        "a@b.de#x",
        "a@b.de:25",
        "a@[127.0.0.1]",
        "a@b.de\n",
        "a@b.de\u{0}",
        "a@b c.de",
    ] {
        assert_invalid(
            &sandbox,
            users.register_user(&UserRegistration::new(bad, "en")),
            "email",
        );
        assert_invalid(&sandbox, users.change_email(CUSTOMER, bad, false), "email");
    }
    // An internationalised domain is accepted as punycode.
    let id = users
        .register_user(&UserRegistration::new("leser@xn--bcher-kva.example", "de"))
        .unwrap();
    assert_eq!(
        sandbox.customer(COMPANY, &id).unwrap()["email"],
        "leser@xn--bcher-kva.example"
    );
    users
        .change_email(&id, "neu@xn--mnchen-3ya.de", false)
        .unwrap();
    assert_eq!(
        sandbox.customer(COMPANY, &id).unwrap()["email"],
        "neu@xn--mnchen-3ya.de"
    );
}

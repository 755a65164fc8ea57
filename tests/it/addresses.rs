//! `change_address`: the address reaches the customer, the rules are checked before any
//! request, and an unknown customer is a typed error.

use plenigo::{Address, ErrorKind};
use serde_json::json;

use crate::common::*;

/// A full address in Berlin.
fn berlin(gender: &str) -> Address {
    let mut address = Address::new(gender);
    address.first_name = Some("Erika".into());
    address.name = Some("Mustermann".into());
    address.street = Some("Hauptstr. 1".into());
    address.additional_address_info = Some("Hinterhaus".into());
    address.post_code = Some("10115".into());
    address.city = Some("Berlin".into());
    address.country = Some("DE".into());
    address
}

#[test]
fn the_address_is_stored_on_the_customer() {
    let (sandbox, client) = setup();
    client
        .users()
        .change_address(CUSTOMER, &berlin("female"), false)
        .unwrap();
    assert_eq!(
        sandbox.customer(COMPANY, CUSTOMER).unwrap()["address"],
        json!({
            "gender": "FEMALE", "firstName": "Erika", "name": "Mustermann",
            "street": "Hauptstr. 1", "additionalAddressInfo": "Hinterhaus",
            "postCode": "10115", "city": "Berlin", "country": "DE"
        })
    );
    let entry = single_entry(&sandbox);
    assert_eq!(
        (entry.method.as_str(), entry.path, entry.query.as_str()),
        (
            "PUT",
            format!("/api/v2/user/{CUSTOMER}/address"),
            "useExternalCustomerId=false"
        )
    );

    // Only the gender is required; the new address replaces the old one.
    let mut city_only = Address::new(" Diverse ");
    city_only.city = Some("Hamburg".into());
    client
        .users()
        .change_address(CUSTOMER, &city_only, false)
        .unwrap();
    let stored = &sandbox.customer(COMPANY, CUSTOMER).unwrap()["address"];
    assert_eq!(
        (&stored["gender"], &stored["city"], &stored["street"]),
        (&json!("DIVERSE"), &json!("Hamburg"), &json!(null))
    );
    assert_eq!(
        body_json(&sandbox.journal()[1]),
        json!({"gender": "DIVERSE", "city": "Hamburg"})
    );
}

#[test]
fn an_external_customer_id_finds_the_customer() {
    let (sandbox, client) = setup();
    let users = client.users();
    users.add_external_user_id(CUSTOMER, "ext-addr-1").unwrap();
    users
        .change_address("ext-addr-1", &berlin("MALE"), true)
        .unwrap();
    let stored = &sandbox.customer(COMPANY, CUSTOMER).unwrap()["address"];
    assert_eq!(stored["gender"], "MALE");
    assert_eq!(stored["city"], "Berlin");
    assert_eq!(sandbox.journal()[1].query, "useExternalCustomerId=true");
    // The plenigo ID is no external ID.
    assert_error(
        users.change_address(CUSTOMER, &berlin("MALE"), true),
        ErrorKind::NotFound,
        Some(404),
        18,
    );
}

#[test]
fn an_unknown_customer_is_not_found() {
    let (sandbox, client) = setup();
    assert_error(
        client
            .users()
            .change_address("no-such-customer", &berlin("female"), false),
        ErrorKind::NotFound,
        Some(404),
        18,
    );
    assert_eq!(single_entry(&sandbox).status, 404);
}

#[test]
fn invalid_addresses_are_rejected_before_any_request() {
    let (sandbox, client) = setup();
    let users = client.users();
    for gender in ["", "  ", "female ish", "F", "woman", "MALE\u{0}"] {
        assert_invalid(
            &sandbox,
            users.change_address(CUSTOMER, &berlin(gender), false),
            "gender",
        );
    }
    assert_invalid(
        &sandbox,
        users.change_address(CUSTOMER, &Address::default(), false),
        "gender",
    );
    // A street needs a country; a blank one is none (the server refuses it too).
    for country in [None, Some(""), Some("  ")] {
        let mut address = berlin("female");
        address.country = country.map(Into::into);
        assert_invalid(
            &sandbox,
            users.change_address(CUSTOMER, &address, false),
            "country",
        );
    }
    for id in ["", " ", ".", "..", "a\u{0}b"] {
        assert_invalid(
            &sandbox,
            users.change_address(id, &berlin("female"), false),
            "customer_id",
        );
    }
    let mut address = berlin("female");
    address.city = Some("Ber\rlin".into());
    assert_invalid(
        &sandbox,
        users.change_address(CUSTOMER, &address, false),
        "city",
    );
    let mut address = berlin("female");
    address.name = Some("n".repeat(256));
    assert_invalid(
        &sandbox,
        users.change_address(CUSTOMER, &address, false),
        "name",
    );
}

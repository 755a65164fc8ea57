//! Runs the seeds' two workflows end to end and prints each step:
//! External User Management (register → change e-mail → change address → add external ID →
//! import access IDs → has-bought check with an access ID → login token → the checkout
//! snippet that logs the customer in) and App Management (app token → customer app ID →
//! has-user-bought → list apps → delete → has-user-bought).
//!
//! Without `PLENIGO_COMPANY_ID` and `PLENIGO_SECRET` in the environment it starts the sandbox
//! in-process; with them (and `PLENIGO_BASE_URL` if set) it talks to that server.
//!
//! ```sh
//! cargo run --example quickstart
//! ```

use std::process::ExitCode;

use plenigo::{
    Address, CheckoutOptions, Config, PlenigoClient, PlenigoError, Product, UserRegistration,
};
use plenigo_sandbox::Sandbox;

/// The seeds' customer, who bought the seeds' product.
const CUSTOMER: &str = "56202510";
const PRODUCT: &str = "RgKUHT78563989856641";
/// The product the seeds' checkout page sells.
const CHECKOUT_PRODUCT: &str = "EgLUrT56328991046641";

fn main() -> ExitCode {
    let credentials = (
        std::env::var("PLENIGO_COMPANY_ID"),
        std::env::var("PLENIGO_SECRET"),
    );
    let (config, sandbox) = match credentials {
        (Ok(company_id), Ok(secret)) => {
            let config = Config::new(company_id, secret);
            println!("using {}", config.resolved_base_url());
            (config, None)
        }
        _ => {
            let sandbox = Sandbox::start().expect("the embedded sandbox starts");
            println!(
                "no PLENIGO_COMPANY_ID/PLENIGO_SECRET: using the embedded sandbox at {}",
                sandbox.url()
            );
            let mut config = Config::new(
                "23NuCmdPoiRRkQiCqP9Q",
                "Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj",
            );
            config.base_url = Some(sandbox.url());
            (config, Some(sandbox))
        }
    };
    match run(config, sandbox.as_ref()) {
        Ok(()) => {
            println!("\nboth workflows completed");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!(
                "\nfailed: {e} (kind {:?}, HTTP status {:?}, plenigo code {})",
                e.kind(),
                e.http_status(),
                e.plenigo_code()
            );
            ExitCode::FAILURE
        }
    }
}

fn run(config: Config, sandbox: Option<&Sandbox>) -> Result<(), PlenigoError> {
    let client = PlenigoClient::new(config)?;
    let users = client.users();
    println!("\n== External User Management ==");
    let mut registration = UserRegistration::new("test@mail.com", "en");
    registration.first_name = Some("new".into());
    registration.name = Some("customer".into());
    let customer_id = users.register_user(&registration)?;
    println!("1. registered test@mail.com as customer {customer_id}");
    users.change_email(&customer_id, "testChangeEMail@mail.com", false)?;
    println!("2. e-mail changed to testChangeEMail@mail.com");
    let mut address = Address::new("female");
    address.street = Some("Hauptstr. 1".into());
    address.post_code = Some("10115".into());
    address.city = Some("Berlin".into());
    address.country = Some("DE".into());
    users.change_address(&customer_id, &address, false)?;
    println!("3. address changed to Hauptstr. 1, 10115 Berlin, DE");
    users.add_external_user_id(&customer_id, "12345")?;
    println!("4. external user ID 12345 added");
    let access_ids = ["CRM-12345", "BILLING-77"];
    users.import_customer_access(&customer_id, false, &access_ids)?;
    println!("5. access IDs imported: {}", access_ids.join(", "));
    if let Some(sandbox) = sandbox {
        sandbox.add_purchase("23NuCmdPoiRRkQiCqP9Q", &customer_id, PRODUCT, false);
        println!("   (sandbox: the customer buys {PRODUCT})");
    }
    let bought = users.has_bought_product(access_ids[0], &[PRODUCT], false)?;
    println!(
        "6. has access ID {} bought {PRODUCT}? {bought}",
        access_ids[0]
    );
    let login_token = users.create_login_token(&customer_id, false)?;
    println!("7. login token (valid 5 minutes): {login_token}");
    let mut options = CheckoutOptions::default();
    options.login_token = Some(login_token);
    let snippet = client.checkout_snippet(&Product::new(CHECKOUT_PRODUCT), &options)?;
    println!("8. checkout for {CHECKOUT_PRODUCT}, logged in (put it in the page's onclick):");
    println!("   {snippet}");

    let apps = client.apps();
    println!("\n== App Management ==");
    let token = apps.request_app_token(CUSTOMER, PRODUCT, "test")?;
    println!(
        "1. app token for customer {}: {} ({})",
        token.customer_id, token.token, token.description
    );
    let app = apps.request_app_id(CUSTOMER, &token.token)?;
    println!(
        "2. customer app ID: {} for product {}",
        app.customer_app_id, app.product_id
    );
    let bought = apps.has_user_bought(CUSTOMER, PRODUCT, &app.customer_app_id)?;
    println!("3. has user bought {PRODUCT}? {bought}");
    let listed = apps.get_customer_apps(CUSTOMER)?;
    println!("4. customer {CUSTOMER} has {} app(s):", listed.len());
    for a in &listed {
        println!(
            "   - {} -> {} ({})",
            a.customer_app_id, a.product_id, a.description
        );
    }
    apps.delete_customer_app(CUSTOMER, &app.customer_app_id)?;
    println!("5. deleted customer app {}", app.customer_app_id);
    let bought = apps.has_user_bought(CUSTOMER, PRODUCT, &app.customer_app_id)?;
    println!("6. has user bought {PRODUCT} through the deleted app? {bought}");
    Ok(())
}

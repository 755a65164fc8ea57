//! Runs the seeds' two workflows end to end and prints each step:
//! External User Management (register → login token → change e-mail → add external ID →
//! import access IDs → has-bought check with an access ID) and App Management (app token →
//! customer app ID → has-user-bought → list apps → delete → has-user-bought).
//!
//! Without `PLENIGO_COMPANY_ID` and `PLENIGO_SECRET` in the environment it starts the sandbox
//! in-process; with them (and `PLENIGO_BASE_URL` if set) it talks to that server.
//!
//! ```sh
//! cargo run --example quickstart
//! ```

use std::process::ExitCode;

use plenigo::{Config, PlenigoClient, PlenigoError, UserRegistration};
use plenigo_sandbox::Sandbox;

/// The seeds' customer, who bought the seeds' product.
const CUSTOMER: &str = "56202510";
const PRODUCT: &str = "RgKUHT78563989856641";

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
            let config = Config {
                base_url: Some(sandbox.url()),
                ..Config::new(
                    "23NuCmdPoiRRkQiCqP9Q",
                    "Q11DfmzRQcQie3Pp3twzKO32HsV78TngrY2ddvj",
                )
            };
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
    let registration = UserRegistration {
        first_name: Some("new".into()),
        name: Some("customer".into()),
        ..UserRegistration::new("test@mail.com", "en")
    };
    let customer_id = users.register_user(&registration)?;
    println!("1. registered test@mail.com as customer {customer_id}");
    let login_token = users.create_login_token(&customer_id, false)?;
    println!("2. login token (valid 5 minutes): {login_token}");
    users.change_email(&customer_id, "testChangeEMail@mail.com", false)?;
    println!("3. e-mail changed to testChangeEMail@mail.com");
    users.add_external_user_id(&customer_id, "12345")?;
    println!("4. external user ID 12345 added");
    let access_ids = vec!["CRM-12345".to_owned(), "BILLING-77".to_owned()];
    users.import_customer_access(&customer_id, false, access_ids.clone())?;
    println!("5. access IDs imported: {}", access_ids.join(", "));
    if let Some(sandbox) = sandbox {
        sandbox.add_purchase("23NuCmdPoiRRkQiCqP9Q", &customer_id, PRODUCT, false);
        println!("   (sandbox: the customer buys {PRODUCT})");
    }
    let bought = users.has_bought_product(&access_ids[0], vec![PRODUCT.to_owned()], false)?;
    println!(
        "6. has access ID {} bought {PRODUCT}? {bought}",
        access_ids[0]
    );

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

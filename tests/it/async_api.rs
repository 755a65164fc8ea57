//! The async surface: every operation as a future, concurrency on one client, cancellation,
//! and the blocking API called from inside a tokio runtime.

use std::io::Read;
use std::net::TcpListener;
use std::time::{Duration, Instant};

use crate::common::*;
use plenigo::{ErrorKind, UserRegistration};

#[tokio::test]
async fn every_operation_works_through_the_async_surface() {
    let (sandbox, client) = setup();
    let apps = client.apps_async();
    let users = client.users_async();

    let token = apps
        .request_app_token(CUSTOMER, PRODUCT, "async app")
        .await
        .unwrap();
    let app = apps.request_app_id(CUSTOMER, &token.token).await.unwrap();
    assert!(apps
        .has_user_bought(CUSTOMER, PRODUCT, &app.customer_app_id)
        .await
        .unwrap());
    assert!(!apps
        .has_user_bought(CUSTOMER, OTHER_PRODUCT, &app.customer_app_id)
        .await
        .unwrap());
    let listed = apps.get_customer_apps(CUSTOMER).await.unwrap();
    assert!(listed
        .iter()
        .any(|a| a.customer_app_id == app.customer_app_id));
    apps.delete_customer_app(CUSTOMER, &app.customer_app_id)
        .await
        .unwrap();

    let customer = users
        .register_user(&UserRegistration::new("async@example.com", "de"))
        .await
        .unwrap();
    assert!(!users
        .create_login_token(&customer, false)
        .await
        .unwrap()
        .is_empty());
    users
        .change_email(&customer, "async2@example.com", false)
        .await
        .unwrap();
    users
        .add_external_user_id(&customer, "ASYNC-1")
        .await
        .unwrap();
    users
        .import_customer_access(&customer, false, &["CRM-ASYNC"])
        .await
        .unwrap();
    assert!(!users
        .has_bought_product("CRM-ASYNC", &[PRODUCT], false)
        .await
        .unwrap());
    assert!(users
        .has_bought_product(CUSTOMER, &[PRODUCT], false)
        .await
        .unwrap());

    // Same validation and errors as the blocking surface, before any request.
    sandbox.clear_journal();
    assert_invalid(
        &sandbox,
        users.create_login_token(" ", false).await,
        "customer_id",
    );
    assert_error(
        users.create_login_token("no-such-customer", false).await,
        ErrorKind::NotFound,
        Some(404),
        18,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_concurrent_calls_share_one_client() {
    let (sandbox, client) = setup();
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let apps = client.apps_async();
            tokio::spawn(async move { apps.has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP).await })
        })
        .collect();
    for call in calls {
        assert!(call.await.unwrap().unwrap());
    }
    assert_eq!(sandbox.journal().len(), 8);
}

/// A server that takes one request and never answers; tells how long after `since` the
/// client closed the connection.
fn silent_server() -> (String, std::thread::JoinHandle<Option<Instant>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().ok()?;
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .ok()?;
        let mut buffer = [0u8; 4096];
        loop {
            match stream.read(&mut buffer) {
                Ok(0) => return Some(Instant::now()),
                Ok(_) => continue,
                Err(_) => return None,
            }
        }
    });
    (url, server)
}

#[tokio::test]
async fn dropping_a_future_aborts_its_request_and_closes_the_connection() {
    let (url, server) = silent_server();
    let client = client_at(&url, |_| {});
    let apps = client.apps_async();
    let call = apps.has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP);
    let outcome = tokio::time::timeout(Duration::from_millis(300), call).await;
    assert!(outcome.is_err(), "the server never answers");
    let cancelled = Instant::now();
    let closed = tokio::task::spawn_blocking(move || server.join().unwrap())
        .await
        .unwrap()
        .expect("the client closed the connection");
    assert!(
        closed.duration_since(cancelled) < Duration::from_secs(2),
        "closed {:?} after cancellation",
        closed.duration_since(cancelled)
    );
}

#[tokio::test]
async fn a_hanging_sandbox_call_is_cancelled_by_a_timeout_around_it() {
    let (sandbox, client) = setup();
    sandbox.inject(plenigo_sandbox::Fault {
        hang: true,
        path: Some("/api/v2/access/app/".into()),
        ..Default::default()
    });
    let apps = client.apps_async();
    let started = Instant::now();
    let hung = tokio::time::timeout(
        Duration::from_millis(1000),
        apps.has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP),
    )
    .await;
    assert!(hung.is_err());
    assert!(started.elapsed() < Duration::from_secs(3));
    // The sandbox held the request (status 0 while hanging), so the fault is used up.
    let journal = sandbox.journal();
    assert_eq!(journal.len(), 1);
    assert_eq!(journal[0].status, 0);
    // The client is fine afterwards, on a new connection.
    assert!(apps
        .has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP)
        .await
        .unwrap());
}

#[tokio::test]
async fn the_blocking_api_works_inside_a_current_thread_runtime() {
    let (_sandbox, client) = setup();
    assert!(client
        .apps()
        .has_user_bought(CUSTOMER, PRODUCT, FIXTURE_APP)
        .unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_blocking_api_works_inside_a_multi_thread_runtime() {
    let (_sandbox, client) = setup();
    let built_inside = client_at(client.base_url(), |_| {});
    assert_eq!(
        built_inside
            .apps()
            .get_customer_apps(CUSTOMER)
            .unwrap()
            .len(),
        1
    );
    let from_a_task = tokio::spawn(async move {
        client
            .users()
            .has_bought_product(CUSTOMER, &[PRODUCT], false)
    });
    assert!(from_a_task.await.unwrap().unwrap());
}

//! The core's integration tests, one binary: every request goes over real HTTP to a server on
//! loopback (the in-process sandbox, or a scripted one).

mod access_checks;
mod addresses;
mod app_management;
mod async_api;
mod blocking_threads;
mod checkout;
mod common;
mod config;
mod faults;
mod hostile;
mod logging;
mod proxy;
mod shared_clients;
mod tls;
mod user_management;
mod validation;
mod wire_contract;

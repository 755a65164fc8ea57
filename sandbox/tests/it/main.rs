//! Integration tests: every request goes over real HTTP to a sandbox on loopback.

mod admin;
mod apps;
mod auth;
mod binary;
mod checkout;
mod common;
mod connections;
mod console;
mod faults;
#[cfg(target_os = "linux")] // It reads /proc.
mod footprint;
mod limits;
mod tls;
mod users;

//! Integration tests: every request goes over real HTTP to a sandbox on loopback.

mod admin;
mod apps;
mod auth;
mod binary;
mod common;
mod faults;
mod users;

//! The committed C headers must match a fresh cbindgen run over this module.
//!
//! `bindings/c/plenigo.h` (from `cbindgen.toml`) is the C header; `bindings/php/plenigo_php.h`
//! (from `cbindgen-php.toml`) is the same API without preprocessor lines, for PHP's
//! `FFI::cdef`. The `plenigo_status` enum is written here from the core's table of error
//! kinds (cbindgen cannot read a table a macro expands). Run with `UPDATE_HEADERS=1` to
//! rewrite them after changing the C ABI.

use std::path::{Path, PathBuf};

use super::error::plenigo_status;

/// The workspace root, where the cbindgen configs and the headers live.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `enum plenigo_status` in C, one constant per status with its meaning.
fn status_enum() -> String {
    let mut text = String::from(
        "/**\n * The outcome of a call. The numbers are stable and never reused.\n */\ntypedef enum plenigo_status {\n",
    );
    for (number, name, meaning) in plenigo_status::all() {
        text.push_str(&format!(
            "  /**\n   * {meaning}\n   */\n  {name} = {number},\n"
        ));
    }
    text.push_str("} plenigo_status;\n");
    text
}

/// Generates the header for `config` and compares it with (or, with `UPDATE_HEADERS=1`,
/// writes it to) `committed`.
fn check(config: &str, committed: &str) -> String {
    let mut config = cbindgen::Config::from_file(root().join(config)).expect("cbindgen config");
    config.after_includes = Some(status_enum());
    config.export.exclude.push("plenigo_status".to_owned());
    let mut fresh = Vec::new();
    cbindgen::Builder::new()
        .with_config(config)
        .with_src(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/c/mod.rs"))
        .generate()
        .expect("cbindgen generates the header")
        .write(&mut fresh);
    let fresh = String::from_utf8(fresh).expect("header is UTF-8");
    let path = root().join(committed);
    if std::env::var_os("UPDATE_HEADERS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &fresh).expect("write header");
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == fresh,
        "{committed} is stale: run `UPDATE_HEADERS=1 cargo test -p plenigo-ffi header` and commit it"
    );
    fresh
}

#[test]
fn c_header_is_fresh() {
    let header = check("cbindgen.toml", "bindings/c/plenigo.h");
    assert!(header.contains("#ifndef PLENIGO_H"));
    assert!(header.contains("PLENIGO_STATUS_OK = 0,"));
    assert!(header.contains("PLENIGO_STATUS_NOT_FOUND = 6,"));
    assert!(header.contains("void plenigo_client_free(struct plenigo_client *client);"));
}

#[test]
fn php_header_is_fresh_and_has_no_preprocessor_lines() {
    let header = check("cbindgen-php.toml", "bindings/php/plenigo_php.h");
    let directive = header.lines().find(|l| l.trim_start().starts_with('#'));
    assert_eq!(directive, None, "FFI::cdef rejects preprocessor lines");
    assert!(header.contains("plenigo_status plenigo_client_new("));
}

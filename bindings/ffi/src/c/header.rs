//! The committed C headers must match a fresh cbindgen run over this module.
//!
//! `bindings/c/plenigo.h` (from `cbindgen.toml`) is the C header; `bindings/php/plenigo_php.h`
//! (from `cbindgen-php.toml`) is the same API without preprocessor lines, for PHP's
//! `FFI::cdef`. The `plenigo_status` enum is written here from the core's table of error
//! kinds (cbindgen cannot read a table a macro expands), and the C header's version macros
//! (`PLENIGO_VERSION*`, `PLENIGO_ABI_VERSION`) from Cargo's version of this crate (the
//! workspace's one version). Run with `UPDATE_HEADERS=1` to rewrite them after changing the C
//! ABI or the version.

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

/// The version macros, from Cargo's version; the ABI number is the major version, the N of
/// the distributed library's SONAME `libplenigo.so.N` (bindings/ffi/build.rs).
fn version_macros() -> String {
    let version = env!("CARGO_PKG_VERSION");
    let major = env!("CARGO_PKG_VERSION_MAJOR");
    let minor = env!("CARGO_PKG_VERSION_MINOR");
    let patch = env!("CARGO_PKG_VERSION_PATCH");
    format!(
        "\n/**\n * The version of the library this header belongs to; plenigo_version() returns the\n * loaded library's at run time.\n */\n\
         #define PLENIGO_VERSION_MAJOR {major}\n\
         #define PLENIGO_VERSION_MINOR {minor}\n\
         #define PLENIGO_VERSION_PATCH {patch}\n\
         #define PLENIGO_VERSION \"{version}\"\n\n\
         /**\n * The ABI number: the N of the library's SONAME, libplenigo.so.N.\n */\n\
         #define PLENIGO_ABI_VERSION {major}\n\n"
    )
}

/// The same numbers as enum constants, for PHP's `FFI::cdef` (no `#define` there): PHP reads
/// them as `$ffi->PLENIGO_VERSION_MAJOR` and refuses a library of another version.
fn version_enum() -> String {
    let major = env!("CARGO_PKG_VERSION_MAJOR");
    let minor = env!("CARGO_PKG_VERSION_MINOR");
    let patch = env!("CARGO_PKG_VERSION_PATCH");
    format!(
        "\n/**\n * The version of the library this header belongs to; plenigo_version() returns the\n * loaded library's at run time.\n */\n\
         enum {{\n  PLENIGO_VERSION_MAJOR = {major},\n  PLENIGO_VERSION_MINOR = {minor},\n  PLENIGO_VERSION_PATCH = {patch},\n  PLENIGO_ABI_VERSION = {major}\n}};\n\n"
    )
}

/// Generates the header for `config`, its version declared by `version` (macros or an enum),
/// and compares it with (or, with `UPDATE_HEADERS=1`, writes it to) `committed`.
fn check(config: &str, committed: &str, version: fn() -> String) -> String {
    let mut config = cbindgen::Config::from_file(root().join(config)).expect("cbindgen config");
    config.after_includes = Some(version() + &status_enum());
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
    let header = check("cbindgen.toml", "bindings/c/plenigo.h", version_macros);
    assert!(header.contains("#ifndef PLENIGO_H"));
    assert!(header.contains("PLENIGO_STATUS_OK = 0,"));
    assert!(header.contains("PLENIGO_STATUS_NOT_FOUND = 6,"));
    assert!(header.contains("void plenigo_client_free(struct plenigo_client *client);"));
    assert!(header.contains(&format!(
        "#define PLENIGO_VERSION \"{}\"\n",
        env!("CARGO_PKG_VERSION")
    )));
    assert!(header.contains("const char *plenigo_version(void);"));
}

#[test]
fn php_header_is_fresh_and_has_no_preprocessor_lines() {
    let header = check(
        "cbindgen-php.toml",
        "bindings/php/plenigo_php.h",
        version_enum,
    );
    let directive = header.lines().find(|l| l.trim_start().starts_with('#'));
    assert_eq!(directive, None, "FFI::cdef rejects preprocessor lines");
    assert!(header.contains("plenigo_status plenigo_client_new("));
    assert!(header.contains("const char *plenigo_version(void);"));
    assert!(header.contains(&format!(
        "  PLENIGO_VERSION_PATCH = {},\n",
        env!("CARGO_PKG_VERSION_PATCH")
    )));
}

//! Link arguments of the distributed libplenigo.so: when the profile is `release-dist` (what
//! scripts/build-native builds) and the target is Linux (glibc or musl),
//! - a versioned SONAME, `libplenigo.so.<ABI>`, the ABI number being the major version
//!   (`libplenigo.so.0` for every 0.x), so a program records the ABI it was linked against
//!   (installed as libplenigo.so.MAJOR.MINOR.PATCH with the .so.MAJOR and .so links);
//! - `plenigo.map`, a version script that exports only the API's symbols (`plenigo_*`,
//!   `uniffi_plenigo_*`, `ffi_plenigo_*`) and makes everything else local.
//!
//! Other profiles link as rustc does by default: `target/release/libplenigo.so` keeps no
//! SONAME (programs in this repository link it in place, by that file name) and keeps the
//! UniFFI metadata symbols that uniffi-bindgen reads from it. Other targets (macOS, Windows)
//! link as rustc does by default.

use std::path::{Path, PathBuf};

fn main() {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR");
    let map = Path::new(&manifest_dir).join("plenigo.map");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={}", map.display());

    // OUT_DIR is <target-dir>[/<triple>]/<profile>/build/<package>-<hash>/out; cargo tells a
    // build script only the profile a custom one inherits from ("release").
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let profile = out_dir
        .ancestors()
        .nth(3)
        .and_then(Path::file_name)
        .and_then(|name| name.to_str())
        .unwrap_or_default()
        .to_owned();
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if profile == "release-dist" && os == "linux" {
        let abi = std::env::var("CARGO_PKG_VERSION_MAJOR").expect("CARGO_PKG_VERSION_MAJOR");
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libplenigo.so.{abi}");
        println!(
            "cargo:rustc-cdylib-link-arg=-Wl,--version-script={}",
            map.display()
        );
    }
}

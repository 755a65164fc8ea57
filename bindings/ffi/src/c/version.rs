//! The library's version, for a caller to compare with the header it was built against
//! (`PLENIGO_VERSION`, `PLENIGO_VERSION_MAJOR/MINOR/PATCH`, `PLENIGO_ABI_VERSION`: the header
//! test writes those macros from the same Cargo version).

use std::ffi::c_char;

/// The version of the library, `"MAJOR.MINOR.PATCH"` (the workspace's Cargo version), as a
/// static NUL-terminated string: never NULL, and not to be freed.
#[no_mangle]
pub extern "C" fn plenigo_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_version_is_cargos() {
        // SAFETY: a static NUL-terminated string.
        let version = unsafe { std::ffi::CStr::from_ptr(super::plenigo_version()) };
        assert_eq!(version.to_str().unwrap(), env!("CARGO_PKG_VERSION"));
    }
}

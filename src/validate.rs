//! Input checks that run before any request is sent; each failure names its field.

use crate::error::PlenigoError;

/// The longest ID, description or name accepted.
const MAX_LEN: usize = 255;

/// An ID that goes into a path or a body: non-empty, not `.`/`..`, no control characters.
pub(crate) fn id(field: &str, value: &str) -> Result<(), PlenigoError> {
    if value.trim().is_empty() {
        return Err(PlenigoError::invalid(field, "must not be empty"));
    }
    if value == "." || value == ".." {
        return Err(PlenigoError::invalid(field, "must not be '.' or '..'"));
    }
    text(field, value)
}

/// Free text such as a description or a name: bounded length, no control characters.
pub(crate) fn text(field: &str, value: &str) -> Result<(), PlenigoError> {
    if value.chars().count() > MAX_LEN {
        return Err(PlenigoError::invalid(
            field,
            format!("must be at most {MAX_LEN} characters"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(PlenigoError::invalid(
            field,
            "must not contain control characters",
        ));
    }
    Ok(())
}

/// Required free text.
pub(crate) fn required_text(field: &str, value: &str) -> Result<(), PlenigoError> {
    if value.trim().is_empty() {
        return Err(PlenigoError::invalid(field, "must not be empty"));
    }
    text(field, value)
}

/// An e-mail address: `local@domain.tld`, no spaces, at most 254 characters.
pub(crate) fn email(field: &str, value: &str) -> Result<(), PlenigoError> {
    let bad = |reason: &str| Err(PlenigoError::invalid(field, format!("{reason}: {value:?}")));
    if value.len() > 254 {
        return Err(PlenigoError::invalid(
            field,
            "must be at most 254 characters",
        ));
    }
    let Some((local, domain)) = value.rsplit_once('@') else {
        return bad("not an e-mail address (no '@')");
    };
    let labels_ok = domain.split('.').count() >= 2
        && domain
            .split('.')
            .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
    if local.is_empty() || local.contains('@') || !labels_ok {
        return bad("not an e-mail address");
    }
    if value
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\\\"".contains(c))
    {
        return bad("not an e-mail address (invalid character)");
    }
    Ok(())
}

/// A language as a two-letter ISO 639-1 code; returns it in lower case.
pub(crate) fn language(field: &str, value: &str) -> Result<String, PlenigoError> {
    if value.len() == 2 && value.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(value.to_ascii_lowercase())
    } else {
        Err(PlenigoError::invalid(
            field,
            format!("must be a two-letter ISO 639-1 code, got {value:?}"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(r: Result<(), PlenigoError>) -> String {
        match r {
            Err(PlenigoError::InvalidInput { field, .. }) => field,
            other => panic!("expected InvalidInput, got {other:?}"),
        }
    }

    #[test]
    fn ids() {
        assert!(id("customer_id", "56202510").is_ok());
        assert!(
            id("customer_id", "a/b ?#%é").is_ok(),
            "odd characters are escaped, not refused"
        );
        for bad in ["", "  ", ".", "..", "a\nb"] {
            assert_eq!(field_of(id("customer_id", bad)), "customer_id", "{bad:?}");
        }
        assert!(id("x", &"a".repeat(256)).is_err());
    }

    #[test]
    fn emails() {
        for good in ["a@b.co", "first.last+tag@mail.example.com"] {
            assert!(email("email", good).is_ok(), "{good}");
        }
        for bad in [
            "", "plain", "@b.co", "a@", "a@b", "a b@c.de", "a@b..de", "a@-b.de", "a@@b.de",
        ] {
            assert_eq!(field_of(email("email", bad)), "email", "{bad:?}");
        }
    }

    #[test]
    fn languages() {
        assert_eq!(language("language", "EN").unwrap(), "en");
        for bad in ["", "e", "eng", "e1", "de-DE"] {
            assert!(language("language", bad).is_err(), "{bad:?}");
        }
    }
}

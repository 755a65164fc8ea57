//! Input checks that run before any request is sent; each failure names its field.

use crate::error::PlenigoError;

/// The longest ID, description or name accepted.
const MAX_LEN: usize = 255;
/// The longest URL accepted (base URL, proxy, checkout URLs).
pub(crate) const MAX_URL_LEN: usize = 2048;
/// How much of an offending value an error message quotes.
const QUOTE_LEN: usize = 40;

/// `value` for an error message: debug-quoted, cut to its first 40 characters.
pub(crate) fn quote(value: &str) -> String {
    match value.char_indices().nth(QUOTE_LEN) {
        Some((cut, _)) => format!("{:?}... ({} bytes)", &value[..cut], value.len()),
        None => format!("{value:?}"),
    }
}

/// A URL-shaped string: non-empty, at most [`MAX_URL_LEN`] bytes, no control characters.
pub(crate) fn url(field: &str, value: &str) -> Result<(), PlenigoError> {
    if value.len() > MAX_URL_LEN {
        return Err(PlenigoError::invalid(
            field,
            format!("must be at most {MAX_URL_LEN} bytes"),
        ));
    }
    if value.trim().is_empty() || value.chars().any(char::is_control) {
        return Err(PlenigoError::invalid(
            field,
            "must be a non-empty URL without control characters",
        ));
    }
    Ok(())
}

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
    let bad = |reason: &str| {
        Err(PlenigoError::invalid(
            field,
            format!("{reason}: {}", quote(value)),
        ))
    };
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
    if !domain
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    {
        return bad(
            "the domain may hold letters, digits, '-' and '.' only (an IDN as punycode, xn--...)",
        );
    }
    if value
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\\\"".contains(c))
    {
        return bad("not an e-mail address (invalid character)");
    }
    Ok(())
}

/// The ISO 639-1 language codes.
const ISO_639_1: &str =
    "aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy \
da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz \
ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo \
lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps \
pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn \
to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// A language as an ISO 639-1 code (`en`, `de`, ...); returns it in lower case.
pub(crate) fn language(field: &str, value: &str) -> Result<String, PlenigoError> {
    let code = value.to_ascii_lowercase();
    if code.len() == 2 && ISO_639_1.split_ascii_whitespace().any(|c| c == code) {
        Ok(code)
    } else {
        Err(PlenigoError::invalid(
            field,
            format!("must be an ISO 639-1 code such as en, got {}", quote(value)),
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
        for good in [
            "a@b.co",
            "first.last+tag@mail.example.com",
            "x@xn--bcher-kva.example",
        ] {
            assert!(email("email", good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "plain",
            "@b.co",
            "a@",
            "a@b",
            "a b@c.de",
            "a@b..de",
            "a@-b.de",
            "a@@b.de",
            "a@b.de%0a",
            "a@b.de\n",
            "a@b_c.de",
            "a@bü.de",
            "a@b.de/x",
        ] {
            assert_eq!(field_of(email("email", bad)), "email", "{bad:?}");
        }
    }

    #[test]
    fn languages() {
        assert_eq!(language("language", "EN").unwrap(), "en");
        assert_eq!(ISO_639_1.split_ascii_whitespace().count(), 183);
        for bad in ["", "e", "eng", "e1", "de-DE", "zz", "xx", "qq", "é1"] {
            assert!(language("language", bad).is_err(), "{bad:?}");
        }
    }
}

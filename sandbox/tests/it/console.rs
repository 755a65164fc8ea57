//! The console page at `/__sandbox/`: served from the binary, self-contained, and using
//! only the admin API.

use plenigo_sandbox::Sandbox;

use crate::common::*;

/// The page's files and their content types.
const ASSETS: [(&str, &str); 3] = [
    ("/__sandbox/", "text/html; charset=utf-8"),
    ("/__sandbox/console.js", "text/javascript; charset=utf-8"),
    ("/__sandbox/console.css", "text/css; charset=utf-8"),
];

#[test]
fn the_page_and_its_files_are_served_locked_to_the_sandbox() {
    let sandbox = Sandbox::start().unwrap();
    for (path, content_type) in ASSETS {
        let response = send(sandbox.addr(), "GET", path, None, None);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(
            response.header("content-type"),
            Some(content_type),
            "{path}"
        );
        let policy = response.header("content-security-policy").unwrap();
        assert!(policy.starts_with("default-src 'none'"), "{policy}");
        assert!(policy.contains("connect-src 'self'"), "{policy}");
        assert_eq!(response.header("x-frame-options"), Some("DENY"));
        // Nothing from elsewhere: no absolute URL, no protocol-relative one.
        for outside in ["http:", "https:", "\"//", "'//", "(//", "@import"] {
            assert!(!response.body.contains(outside), "{path} has {outside}");
        }
    }
    let page = send(sandbox.addr(), "GET", "/__sandbox/", None, None).body;
    let body = &page[page.find("<body>").unwrap()..];
    let first_line = body[body.find("<p").unwrap()..body.find("</p>").unwrap()].to_owned();
    assert!(
        first_line.contains("The admin API has no authentication"),
        "{first_line}"
    );
    assert!(first_line.contains("loopback"), "{first_line}");
    assert!(page.contains(r#"<script src="console.js" defer></script>"#));

    let redirect = send(sandbox.addr(), "GET", "/__sandbox", None, None);
    assert_eq!(redirect.status, 302);
    assert_eq!(redirect.header("location"), Some("/__sandbox/"));
    // Serving the page is not an API request.
    assert!(sandbox.journal().is_empty());
}

/// Every admin path the script calls exists (the console has no endpoint of its own).
#[test]
fn the_script_calls_only_admin_endpoints_that_exist() {
    let sandbox = Sandbox::start().unwrap();
    let script = send(sandbox.addr(), "GET", "/__sandbox/console.js", None, None).body;
    let mut called = Vec::new();
    for call in ["api(\"", "send(\"", "api(`", "send(`"] {
        for (at, _) in script.match_indices(call) {
            let rest = &script[at + call.len()..];
            let end = rest.find(['"', '`', '?', '$']).unwrap();
            called.push(rest[..end].to_owned());
        }
    }
    called.sort();
    called.dedup();
    assert_eq!(
        called,
        [
            "clock",
            "companies",
            "faults",
            "faults/",
            "journal",
            "products",
            "purchases",
            "reset",
            "state"
        ]
    );
    for path in called {
        let path = format!("/__sandbox/{}", path.replace("faults/", "faults/1"));
        // An unknown route is 404 with "no route"; a known one answers otherwise (405 for
        // GET on a POST route, 404 "no armed fault" for fault 1).
        let response = send(sandbox.addr(), "GET", &path, None, None);
        assert!(
            !response.body.contains("no route"),
            "{path}: {}",
            response.body
        );
    }
}

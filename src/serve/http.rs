//! Answering one request from the in-memory site: only files of the built site exist here, so
//! no path can reach the disk. Checks the Host header (DNS rebinding), the Origin of the reload
//! channel, the method and the path; sets content types and no-store caching; injects live
//! reload into HTML.

use std::io::Write;
use std::sync::Arc;

use super::live;
use super::state::Snapshot;
use crate::output::content_type;

const NO_SITE_YET: &str = "<!doctype html><meta charset=\"utf-8\"><title>The site has errors</title>\
    <body style=\"font:16px system-ui,sans-serif;margin:2rem\"><h1>The site could not be built</h1>\
    <p>Fix the errors shown below and save: this page reloads by itself.</p></body>";
const NOT_FOUND: &str = "<!doctype html><meta charset=\"utf-8\"><title>Not found</title>\
    <body style=\"font:16px system-ui,sans-serif;margin:2rem\"><h1>Not found</h1></body>";

/// What to send back for a request, decided without touching the connection.
#[derive(Debug, PartialEq, Eq)]
pub enum Reply {
    File { path: String, status: u16 },
    Redirect(String),
    LiveScript,
    Events,
    Refused { status: u16, message: &'static str },
}

/// Decides the reply for `method` and `url` with Host header `host` (and `origin`, when the
/// browser sent one). `allowed_port` is the port the preview listens on.
pub fn route(
    method: &str,
    url: &str,
    host: Option<&str>,
    origin: Option<&str>,
    allowed_port: u16,
    site: &Snapshot,
) -> Reply {
    if !host_allowed(host, allowed_port) {
        return Reply::Refused {
            status: 403,
            message: "This preview only answers requests for localhost.",
        };
    }
    if !matches!(method, "GET" | "HEAD") {
        return Reply::Refused {
            status: 405,
            message: "Only GET and HEAD are allowed.",
        };
    }
    // The connection refuses such heads already; this holds whatever calls here, since the
    // target goes into a `Location` header below.
    if url.bytes().any(|b| b.is_ascii_control()) {
        return Reply::Refused {
            status: 400,
            message: "A control character in the address.",
        };
    }
    let (raw_path, query) = match url.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (url, None),
    };
    match raw_path {
        live::SCRIPT_PATH => return Reply::LiveScript,
        // The reload channel tells what is being edited and when: another site open in the
        // same browser may not listen in.
        live::EVENTS_PATH if !origin_allowed(origin, allowed_port) => {
            return Reply::Refused {
                status: 403,
                message: "The reload channel only answers pages of this preview.",
            };
        }
        live::EVENTS_PATH => return Reply::Events,
        _ => {}
    }
    let Some(path) = clean_path(raw_path) else {
        return Reply::Refused {
            status: 400,
            message: "Bad path.",
        };
    };
    let file = if path.is_empty() || raw_path.ends_with('/') {
        format!("{path}{}index.html", if path.is_empty() { "" } else { "/" })
    } else {
        path.clone()
    };
    if site.has(&file) {
        return Reply::File {
            path: file,
            status: 200,
        };
    }
    if !raw_path.ends_with('/') && site.has(&format!("{path}/index.html")) {
        // Built from the cleaned path: `//runbooks` must lead to `/runbooks/` on this host, not
        // to a host named `runbooks`.
        let query = query
            .map(|q| format!("?{}", encode_query(q)))
            .unwrap_or_default();
        return Reply::Redirect(format!("/{}/{query}", crate::site::url::encode_path(&path)));
    }
    Reply::File {
        path: site.paths().not_found.clone(),
        status: 404,
    }
}

/// The site-relative path of a request, or `None` for anything that tries to leave the site or
/// hide a separator: `..`, `.`, encoded slashes or backslashes, NUL, absolute-form URLs.
pub fn clean_path(raw: &str) -> Option<String> {
    let raw = raw.strip_prefix('/')?;
    let lower = raw.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") || raw.contains('\\')
    {
        return None;
    }
    let decoded = crate::site::url::decode_path(raw);
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" => {}
            "." | ".." => return None,
            p if p.contains(['\\', '\0']) => return None,
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// A query as it may stand in a `Location` header: what is not printable ASCII (or is a space
/// or a quote) percent-encoded, escapes the client wrote kept as they were.
fn encode_query(query: &str) -> String {
    let mut out = String::with_capacity(query.len());
    for byte in query.bytes() {
        if byte.is_ascii_graphic() && !b"\"<>\\^`{|}".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `localhost` or an IP address, on the preview's port. A DNS rebinding attack needs a domain
/// name that resolves to this machine; an IP literal or localhost cannot be that.
pub fn host_allowed(host: Option<&str>, port: u16) -> bool {
    let Some(host) = host else { return true };
    let host = host.trim().to_ascii_lowercase();
    let (name, host_port) = match host.rsplit_once(':') {
        Some((name, p))
            if !name.ends_with(':') && (name.starts_with('[') == name.ends_with(']')) =>
        {
            (name.to_string(), Some(p))
        }
        _ => (host.clone(), None),
    };
    if host_port.is_some_and(|p| p.parse::<u16>().ok() != Some(port)) {
        return false;
    }
    let name = name.trim_start_matches('[').trim_end_matches(']');
    name == "localhost" || name.parse::<std::net::IpAddr>().is_ok()
}

/// An `Origin` header from a page of this preview (or none, as from tools): `http://` with a
/// host that `host_allowed` accepts.
pub fn origin_allowed(origin: Option<&str>, port: u16) -> bool {
    let Some(origin) = origin else { return true };
    match origin.trim().strip_prefix("http://") {
        Some(authority) if !authority.contains('/') => host_allowed(Some(authority), port),
        _ => false,
    }
}

type Header = (&'static str, String);

fn header(name: &'static str, value: &str) -> Header {
    (name, value.to_string())
}

/// Headers every response carries: nothing is cached, nothing is sniffed.
pub fn common_headers() -> Vec<Header> {
    vec![
        header("Cache-Control", "no-store"),
        header("X-Content-Type-Options", "nosniff"),
    ]
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// A response body. A file of the site is written straight from the bytes the site holds,
/// shared by every request for it: a slow reader holds a reference, not a copy, so a hundred
/// readers of a large file cost what one does. HTML gets the live-reload snippet written in
/// between two slices of those bytes.
enum Body {
    Shared {
        bytes: Arc<[u8]>,
        /// Where the snippet goes, and the snippet.
        insert: Option<(usize, String)>,
    },
    Owned(Vec<u8>),
}

impl Body {
    fn len(&self) -> usize {
        match self {
            Body::Shared { bytes, insert } => {
                bytes.len() + insert.as_ref().map_or(0, |(_, snippet)| snippet.len())
            }
            Body::Owned(bytes) => bytes.len(),
        }
    }

    fn write_to(&self, out: &mut dyn Write) -> std::io::Result<()> {
        match self {
            Body::Shared {
                bytes,
                insert: Some((at, snippet)),
            } => {
                out.write_all(&bytes[..*at])?;
                out.write_all(snippet.as_bytes())?;
                out.write_all(&bytes[*at..])
            }
            Body::Shared {
                bytes,
                insert: None,
            } => out.write_all(bytes),
            Body::Owned(bytes) => out.write_all(bytes),
        }
    }
}

/// Writes `reply` to `out`, from the snapshot `site`; for a HEAD request, without the body.
pub fn respond(
    out: &mut dyn Write,
    reply: Reply,
    site: &Arc<Snapshot>,
    head_only: bool,
) -> std::io::Result<()> {
    let mut headers = common_headers();
    let (status, body): (u16, Body) = match reply {
        Reply::File { path, status } => match site.file_themed(&path) {
            Some((bytes, themed_now)) => {
                let kind = content_type(&path);
                headers.push(header("Content-Type", kind));
                if themed_now {
                    // Says that this request themed the page (a later one gets it kept).
                    headers.push(header("X-Dontpanic-Themed", "now"));
                }
                let insert = kind
                    .starts_with("text/html")
                    .then(|| live::injection(&bytes, site.generation, site.errors_json.as_deref()));
                (status, Body::Shared { bytes, insert })
            }
            None => {
                // No such file in the site: there is no good build yet, or no 404 page.
                headers.push(header("Content-Type", "text/html; charset=utf-8"));
                let (status, page) = match &site.errors_json {
                    Some(_) => (500, NO_SITE_YET),
                    None => (404, NOT_FOUND),
                };
                (
                    status,
                    Body::Owned(live::inject(
                        page.as_bytes(),
                        site.generation,
                        site.errors_json.as_deref(),
                    )),
                )
            }
        },
        Reply::Redirect(location) => {
            headers.push(header("Location", &location));
            (301, Body::Owned(Vec::new()))
        }
        Reply::LiveScript => {
            headers.push(header("Content-Type", "text/javascript; charset=utf-8"));
            (200, Body::Owned(live::SCRIPT.as_bytes().to_vec()))
        }
        Reply::Refused { status, message } => {
            headers.push(header("Content-Type", "text/plain; charset=utf-8"));
            if status == 405 {
                headers.push(header("Allow", "GET, HEAD"));
            }
            (status, Body::Owned(format!("{message}\n").into_bytes()))
        }
        Reply::Events => unreachable!("event streams are answered by the server loop"),
    };
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in &headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    out.write_all(head.as_bytes())?;
    if !head_only {
        body.write_to(out)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_site_are_refused() {
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/x",
            "/a%2fb",
            "/a%5cb",
            "/a\\b",
            "/./x",
            "/%00",
            "x",
        ] {
            assert_eq!(clean_path(bad), None, "{bad}");
        }
        assert_eq!(
            clean_path("/guide/disk%20full.html").as_deref(),
            Some("guide/disk full.html")
        );
        assert_eq!(clean_path("/").as_deref(), Some(""));
    }

    #[test]
    fn only_local_hosts_on_our_port_are_allowed() {
        assert!(host_allowed(Some("localhost:1111"), 1111));
        assert!(host_allowed(Some("127.0.0.1:1111"), 1111));
        assert!(host_allowed(Some("[::1]:1111"), 1111));
        assert!(host_allowed(Some("192.168.1.20:1111"), 1111));
        assert!(host_allowed(None, 1111));
        assert!(!host_allowed(Some("evil.example.com:1111"), 1111));
        assert!(!host_allowed(Some("localhost:2222"), 1111));
        assert!(!host_allowed(Some("localhost.evil.com"), 1111));
    }

    #[test]
    fn only_this_previews_pages_may_open_the_reload_channel() {
        assert!(origin_allowed(None, 1111));
        assert!(origin_allowed(Some("http://127.0.0.1:1111"), 1111));
        assert!(origin_allowed(Some("http://localhost:1111"), 1111));
        assert!(!origin_allowed(Some("http://evil.example.com"), 1111));
        assert!(!origin_allowed(Some("https://localhost:1111"), 1111));
        assert!(!origin_allowed(Some("http://localhost:2222"), 1111));
        assert!(!origin_allowed(Some("null"), 1111));
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("a/b.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}

//! The preview's HTTP/1.1 front: one short-lived thread per connection, and a deadline on every
//! step, so that no client — slow, idle, malicious or just many — can hold what another needs.
//!
//! - The request head must arrive whole within `HEAD_DEADLINE` (a slowloris client trickling a
//!   byte at a time is cut off then, not kept for ever) and within the size limits (414, 431).
//! - A request that carries a body is refused at once (405 with `Allow`, or 413), its body is
//!   drained for a moment so the client sees the answer, and the connection is closed.
//! - Every response is written with a per-write timeout and an overall deadline, on the
//!   connection's own thread: a slow reader of a large file holds nothing but its own thread.
//! - Each connection serves one request (`Connection: close`), so every request passes these
//!   checks; the number of connections open at once is capped, the excess answered 503 at once.
//!
//! This replaces a general-purpose server whose model (a shared queue of parsed requests with no
//! limits and no deadlines) let body-carrying requests pile up unanswered until it refused
//! everyone.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub const MAX_REQUEST_LINE: usize = 8 * 1024;
pub const MAX_HEAD: usize = 32 * 1024;
pub const MAX_HEADERS: usize = 100;
/// A client has this long to send its whole request head.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// A response (other than an event stream) must be taken by the client within this long.
pub const RESPONSE_DEADLINE: Duration = Duration::from_secs(60);
/// No single write may wait longer than this for the client to read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections open at once; more are answered 503 straight away.
pub const MAX_CONNECTIONS: usize = 4096;
/// A refused body is read and dropped for at most this long and this many bytes, so that the
/// client reads the refusal rather than a reset connection.
const DRAIN_TIME: Duration = Duration::from_millis(500);
const DRAIN_BYTES: usize = 256 * 1024;
/// Connection threads only parse a head and copy bytes: a small stack keeps thousands cheap.
const THREAD_STACK: usize = 256 * 1024;

/// Connections the kernel holds for us while the accepting thread is busy. With std's 128,
/// a burst of a few hundred clients overflowed the queue, and every connection past it lost its
/// SYN and waited for the client's retry, a whole second later. The kernel caps this at
/// `net.core.somaxconn` (4096 on current Linux).
pub const BACKLOG: i32 = 4096;

/// A listener on `addr` with a queue of `BACKLOG` connections.
pub fn listen(addr: SocketAddr) -> io::Result<TcpListener> {
    let listener = TcpListener::bind(addr)?;
    widen_backlog(&listener)?;
    Ok(listener)
}

/// Calling listen(2) again on a listening socket only changes its backlog (Linux and the BSDs
/// agree), so std's bind is kept, with its address reuse and error reporting, and no socket
/// crate is needed for one number.
#[cfg(unix)]
fn widen_backlog(listener: &TcpListener) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    // SAFETY: the descriptor belongs to `listener`, which stays open across the call; listen(2)
    // reads nothing but its two integer arguments.
    let result = unsafe { libc::listen(listener.as_raw_fd(), BACKLOG) };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(unix))]
fn widen_backlog(_: &TcpListener) -> io::Result<()> {
    Ok(())
}

/// One request head, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub target: String,
    headers: Vec<(String, String)>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the client announced a body (a length above zero, or a chunked one).
    pub fn has_body(&self) -> bool {
        self.header("transfer-encoding").is_some()
            || self
                .header("content-length")
                .is_some_and(|l| l.trim() != "0")
    }
}

/// Where a connection's request goes once its head is read and checked.
pub trait Handler: Send + Sync + 'static {
    /// Answers `request` on `stream` (write timeouts are set; the deadline is the caller's).
    fn handle(&self, request: &Request, stream: &mut Deadlined);
}

/// Accepts connections on `listener` for ever, each on a thread of its own.
pub fn run(listener: TcpListener, handler: Arc<dyn Handler>) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if open.load(Ordering::Relaxed) >= MAX_CONNECTIONS {
            let _ = stream.set_write_timeout(Some(Duration::from_millis(100)));
            // Answered on the accepting thread, so no draining: it must get back to accepting.
            let _ = write_refusal(&stream, 503, "Service Unavailable", "", &[]);
            continue;
        }
        open.fetch_add(1, Ordering::Relaxed);
        let guard = OpenConnection(Arc::clone(&open));
        let handler = Arc::clone(&handler);
        // If the thread cannot start, the closure (and the guard) is dropped with the connection.
        let _ = std::thread::Builder::new()
            .name("dontpanic-conn".into())
            .stack_size(THREAD_STACK)
            .spawn(move || {
                let _guard = guard;
                serve_connection(stream, &*handler);
            });
    }
}

/// Counts a connection as open for as long as it lives, whatever way its thread ends.
struct OpenConnection(Arc<AtomicUsize>);

impl Drop for OpenConnection {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

fn serve_connection(mut stream: TcpStream, handler: &dyn Handler) {
    let _ = stream.set_nodelay(true);
    let request = match read_head(&mut stream, Instant::now() + HEAD_DEADLINE) {
        Ok(request) => request,
        Err(HeadError::LineTooLong) => return refuse(stream, 414, "URI Too Long", "", &[]),
        Err(HeadError::HeadTooLarge) => {
            return refuse(stream, 431, "Request Header Fields Too Large", "", &[]);
        }
        Err(HeadError::Malformed(why)) => return refuse(stream, 400, "Bad Request", why, &[]),
        Err(HeadError::Io) => return,
    };
    if request.has_body() {
        let (status, reason) = if matches!(request.method.as_str(), "GET" | "HEAD") {
            (413, "Content Too Large")
        } else {
            (405, "Method Not Allowed")
        };
        return refuse(stream, status, reason, "", &[("Allow", "GET, HEAD")]);
    }
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let mut out = Deadlined {
        stream,
        deadline: Some(Instant::now() + RESPONSE_DEADLINE),
    };
    handler.handle(&request, &mut out);
    let _ = out.stream.flush();
    drain_and_close(out.stream);
}

/// The connection's write side, which gives up once its deadline has passed.
pub struct Deadlined {
    stream: TcpStream,
    deadline: Option<Instant>,
}

impl Deadlined {
    /// Lifts the overall deadline, for event streams that stay open while their page does.
    /// Each write still times out on its own.
    pub fn without_deadline(&mut self) {
        self.deadline = None;
    }
}

impl Write for Deadlined {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.deadline.is_some_and(|d| Instant::now() > d) {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client read too slowly",
            ));
        }
        // Big bodies go out in slices, so the deadline is looked at between them.
        let slice = &buf[..buf.len().min(64 * 1024)];
        self.stream.write(slice)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}

#[derive(Debug)]
pub enum HeadError {
    LineTooLong,
    HeadTooLarge,
    /// Not a request head this server reads, and why (the 400's body says it).
    Malformed(&'static str),
    Io,
}

/// Reads one request head from `stream` before `deadline`, checking the limits as it goes.
pub fn read_head(stream: &mut TcpStream, deadline: Instant) -> Result<Request, HeadError> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(HeadError::Io);
        }
        stream
            .set_read_timeout(Some(left))
            .map_err(|_| HeadError::Io)?;
        // Read no further than the head could still be: the bytes after it (a body) are not
        // ours to take here.
        let room = (MAX_HEAD + 1)
            .saturating_sub(head.len())
            .clamp(1, chunk.len());
        let n = match stream.read(&mut chunk[..room]) {
            Ok(0) => {
                return Err(HeadError::Malformed(
                    "the request ended before its head did",
                ));
            }
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(HeadError::Io),
        };
        let searched_from = head.len().saturating_sub(3);
        head.extend_from_slice(&chunk[..n]);
        if let Some(end) = find(&head[searched_from..], b"\r\n\r\n")
            .map(|i| searched_from + i + 4)
            .or_else(|| find(&head[searched_from..], b"\n\n").map(|i| searched_from + i + 2))
        {
            head.truncate(end);
            return parse_head(&head);
        }
        check_limits(&head)?;
    }
}

fn check_limits(head: &[u8]) -> Result<(), HeadError> {
    let first_line = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
    if first_line > MAX_REQUEST_LINE {
        return Err(HeadError::LineTooLong);
    }
    if head.len() > MAX_HEAD || head.iter().filter(|&&b| b == b'\n').count() > MAX_HEADERS + 1 {
        return Err(HeadError::HeadTooLarge);
    }
    Ok(())
}

/// Parses a complete head (request line, headers, blank line), checking the limits.
///
/// Strict where a lenient reading could be used against it: no control character anywhere
/// (a bare CR is a line break to some readers and not to others, and whatever is in the target
/// may end up in a `Location` header), header names that are tokens, and one unambiguous
/// framing. Two `Content-Length`s, or one beside `Transfer-Encoding`, are read differently by
/// different servers — the root of request smuggling — so they are refused rather than
/// guessed at, as is a second `Host`.
pub fn parse_head(head: &[u8]) -> Result<Request, HeadError> {
    check_limits(head)?;
    let text =
        std::str::from_utf8(head).map_err(|_| HeadError::Malformed("the head is not UTF-8"))?;
    // Lines end at LF, with or without the CR before it; any other CR is refused below.
    let mut lines = text
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line));
    let request_line = lines.next().unwrap_or_default();
    if request_line.bytes().any(|b| b.is_ascii_control()) {
        return Err(HeadError::Malformed(
            "a control character in the request line",
        ));
    }
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Malformed(
            "the request line is not 'METHOD TARGET HTTP/1.1'",
        ));
    };
    let token = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphabetic());
    if !token(method) || !matches!(version, "HTTP/1.0" | "HTTP/1.1") || target.is_empty() {
        return Err(HeadError::Malformed(
            "the request line is not 'METHOD TARGET HTTP/1.1'",
        ));
    }
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines.take_while(|l| !l.is_empty()) {
        let (name, value) = line
            .split_once(':')
            .ok_or(HeadError::Malformed("a header line without a colon"))?;
        if !name.bytes().all(is_token_byte) || name.is_empty() {
            return Err(HeadError::Malformed("a header name that is not a token"));
        }
        // Tabs may stand in a value; no other control character may.
        if value.bytes().any(|b| b.is_ascii_control() && b != b'\t') {
            return Err(HeadError::Malformed("a control character in a header"));
        }
        headers.push((
            name.to_string(),
            value.trim_matches([' ', '\t']).to_string(),
        ));
    }
    let count = |wanted: &str| {
        headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(wanted))
            .count()
    };
    if count("content-length") > 1 {
        return Err(HeadError::Malformed("more than one Content-Length"));
    }
    if count("content-length") == 1 && count("transfer-encoding") > 0 {
        return Err(HeadError::Malformed(
            "both Content-Length and Transfer-Encoding",
        ));
    }
    if count("host") > 1 {
        return Err(HeadError::Malformed("more than one Host"));
    }
    // HTTP/1.1 requires a Host (RFC 9112, 3.2), and a server must refuse a request without one.
    if version == "HTTP/1.1" && count("host") == 0 {
        return Err(HeadError::Malformed("an HTTP/1.1 request without a Host"));
    }
    let request = Request {
        method: method.to_string(),
        target: target.to_string(),
        headers,
    };
    if request
        .header("content-length")
        .is_some_and(|l| l.is_empty() || !l.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(HeadError::Malformed(
            "a Content-Length that is not a number",
        ));
    }
    Ok(request)
}

/// A byte of an HTTP token (RFC 9110 `tchar`): what a header name is made of.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Answers with a short plain-text refusal (`why`, when not empty, says what was wrong), then
/// closes as `drain_and_close` does.
fn refuse(stream: TcpStream, status: u16, reason: &str, why: &str, extra: &[(&str, &str)]) {
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    if write_refusal(&stream, status, reason, why, extra).is_ok() {
        drain_and_close(stream);
    }
}

fn write_refusal(
    mut stream: &TcpStream,
    status: u16,
    reason: &str,
    why: &str,
    extra: &[(&str, &str)],
) -> io::Result<()> {
    let body = if why.is_empty() {
        format!("{status} {reason}\n")
    } else {
        format!("{status} {reason}: {why}\n")
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    head.push_str(&body);
    stream.write_all(head.as_bytes())
}

/// Ends the answer and reads and drops what the client still sends, briefly, then closes:
/// closing a socket with unread bytes resets it, and the client would lose the answer.
fn drain_and_close(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let until = Instant::now() + DRAIN_TIME;
    let mut sink = [0u8; 8192];
    let mut drained = 0;
    while drained < DRAIN_BYTES {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Request, HeadError> {
        parse_head(text.as_bytes())
    }

    #[test]
    fn a_normal_head_is_parsed() {
        let request =
            parse("GET /a?b HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n").unwrap();
        assert_eq!(request.method, "GET");
        assert_eq!(request.target, "/a?b");
        assert_eq!(request.header("host"), Some("localhost"));
        assert!(!request.has_body());
        let post = parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n").unwrap();
        assert!(post.has_body());
        let chunked =
            parse("PUT / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n").unwrap();
        assert!(chunked.has_body());
    }

    #[test]
    fn over_long_lines_and_heads_are_refused() {
        let long_line = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_REQUEST_LINE));
        assert!(matches!(parse(&long_line), Err(HeadError::LineTooLong)));
        let big_header = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "b".repeat(MAX_HEAD));
        assert!(matches!(parse(&big_header), Err(HeadError::HeadTooLarge)));
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "X: y\r\n".repeat(MAX_HEADERS + 5)
        );
        assert!(matches!(parse(&many), Err(HeadError::HeadTooLarge)));
    }

    #[test]
    fn garbage_is_malformed() {
        for bad in [
            "\r\n\r\n",
            "GET\r\n\r\n",
            "GET / HTTP/1.1 extra\r\n\r\n",
            "G@T / HTTP/1.1\r\n\r\n",
            "GET / SPDY/3\r\n\r\n",
            "GET / HTTP/1.1\r\nno colon here\r\n\r\n",
            "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
            "GET /a\rb HTTP/1.1\r\n\r\n",
            "GET /a?\0 HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nX: a\rb\r\n\r\n",
            "GET / HTTP/1.2\r\n\r\n",
            "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n",
            "GET / HTTP/1.1\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n",
            "GET / HTTP/1.1\r\nContent-Length: 1,1\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            "GET / HTTP/1.1\r\nX: a\r\n\r\n",
        ] {
            assert!(
                matches!(parse(bad), Err(HeadError::Malformed(_))),
                "{bad:?}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 2000, failure_persistence: None, ..Default::default()
        })]

        /// Whatever head is accepted has one reading: a target with no control character (it
        /// may go into a `Location`), header values with none but tabs, and at most one length.
        #[test]
        fn an_accepted_head_has_one_reading(
            target in "/[\\x00-\\x7f]{0,24}",
            headers in proptest::collection::vec(
                ("(Content-Length|content-length|Transfer-Encoding|Host|X-A)", "[\\x00-\\x7f]{0,8}"),
                0..4,
            ),
        ) {
            let mut head = format!("GET {target} HTTP/1.1\r\n");
            for (name, value) in &headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");
            if let Ok(request) = parse_head(head.as_bytes()) {
                proptest::prop_assert!(!request.target.bytes().any(|b| b.is_ascii_control()));
                for (_, value) in &request.headers {
                    proptest::prop_assert!(
                        !value.bytes().any(|b| b.is_ascii_control() && b != b'\t')
                    );
                }
                let count = |name: &str| {
                    request.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).count()
                };
                proptest::prop_assert!(count("content-length") <= 1);
                proptest::prop_assert!(count("content-length") == 0 || count("transfer-encoding") == 0);
                proptest::prop_assert!(count("host") <= 1);
            }
        }
    }
}

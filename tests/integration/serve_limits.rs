//! `dontpanic serve` under pressure and against crafted requests: many slow readers of a large
//! file, bursts of connections, control characters and ambiguous message framing.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use super::harness::Site;
use super::serve_harness::Preview;

fn site() -> Site {
    Site::with(&[
        ("content/_index.md", "# Home\n"),
        ("content/runbooks/_index.md", "# Runbooks\n"),
        ("content/runbooks/disk.md", "# Disk full\n\nText.\n"),
    ])
}

/// Opens a connection, sends `request` and reads the start of the answer, then stops reading:
/// the server is left blocked in the middle of writing the body.
fn stalled_reader(port: u16, path: &str) -> TcpStream {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )
    .unwrap();
    let mut start = [0u8; 1024];
    let n = stream.read(&mut start).unwrap();
    assert!(
        start[..n].starts_with(b"HTTP/1.1 200 OK"),
        "{}",
        String::from_utf8_lossy(&start[..n])
    );
    stream
}

/// Each response was once a copy of the file made for its connection: 200 slow readers of a
/// 200 MB file took the preview from 205 MB to 1.38 GB. Now the site's bytes are written as
/// they are, so slow readers cost a thread each and no copy, HTML pages included.
#[test]
fn slow_readers_of_a_large_file_share_its_bytes() {
    const MB: usize = 1024 * 1024;
    let site = site();
    site.write_bytes("static/big.bin", &vec![7u8; 32 * MB]);
    let mut page = String::from("<!doctype html><title>Big</title><body>");
    while page.len() < 32 * MB {
        page.push_str("<p>A long generated report line, kept as one static page.</p>\n");
    }
    page.push_str("</body>");
    site.write("static/big.html", &page);
    let preview = Preview::start(site.root(), &[]);
    let before = preview.resident_mb();
    let readers: Vec<TcpStream> = (0..12)
        .map(|i| {
            let path = if i % 2 == 0 { "/big.bin" } else { "/big.html" };
            stalled_reader(preview.port, path)
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let during = preview.resident_mb();
    assert!(
        during < before + 64,
        "12 slow readers of two 32 MB files took the preview from {before} MB to {during} MB"
    );
    drop(readers);

    // The body is still whole, and HTML still gets its live-reload script.
    let whole = preview.get("/big.html");
    assert_eq!(whole.status, 200);
    assert!(whole.body.starts_with("<!doctype html><title>Big</title>"));
    assert!(
        whole.body.ends_with("defer></script></body>"),
        "{}",
        &whole.body[whole.body.len() - 200..]
    );
    let length: usize = whole.header("Content-Length").unwrap().parse().unwrap();
    assert_eq!(length, whole.body.len());
}

/// With std's backlog of 128, a burst of clients while the server was busy overflowed the
/// kernel's queue: every connection past it lost its SYN and waited a second for the retry
/// (the p99 of a normal request under load was 1,029 ms). The server is paused here, as a
/// busy machine pauses it, and 600 clients connect (well past 128, and within the 1,024 open
/// files a test process may be limited to): every one is queued at once, and every one is
/// answered when the server goes on.
#[test]
fn a_burst_of_connections_is_queued_not_dropped() {
    const CLIENTS: usize = 600;
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    assert_eq!(preview.get("/").status, 200);
    let address: SocketAddr = ([127, 0, 0, 1], preview.port).into();
    preview.signal("-STOP");
    let mut queued = Vec::new();
    let started = Instant::now();
    for _ in 0..CLIENTS {
        match TcpStream::connect_timeout(&address, Duration::from_millis(300)) {
            Ok(stream) => queued.push(stream),
            Err(_) => break,
        }
    }
    let connected = queued.len();
    let took = started.elapsed();
    for stream in &mut queued {
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let _ = write!(
            stream,
            "GET /runbooks/disk.html HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            preview.port
        );
    }
    preview.signal("-CONT");
    let somaxconn = std::fs::read_to_string("/proc/sys/net/core/somaxconn").unwrap_or_default();
    assert_eq!(
        connected,
        CLIENTS,
        "only {connected} connections were queued while the server was busy ({took:?}; the \
         kernel's net.core.somaxconn is {})",
        somaxconn.trim()
    );
    let answered = queued
        .into_iter()
        .filter(|stream| {
            let mut reply = Vec::new();
            let _ = (&*stream).read_to_end(&mut reply);
            reply.starts_with(b"HTTP/1.1 200 OK")
        })
        .count();
    assert_eq!(answered, CLIENTS);
}

/// A target with a CR once came back in the `Location` of the trailing-slash redirect, where a
/// reader that takes a bare CR for a line break sees a header of the client's making. Any
/// control character in the request line is now a 400, and nothing is redirected.
#[test]
fn control_characters_in_the_request_line_are_refused() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    let port = preview.port;
    for target in [
        "/runbooks?\rSet-Cookie:%20session=attacker",
        "/runbooks?a\0b",
        "/runbooks?a\tb",
        "/runbooks?\x1b[31m",
        "/runbooks?\x7f",
        "/runbooks\r",
        "/run\0books",
    ] {
        let answer = preview.raw(&format!(
            "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        ));
        assert_eq!(answer.status, 400, "{target:?}: {}", answer.head);
        assert_eq!(answer.header("Location"), None, "{target:?}");
        assert!(
            answer.body.contains("control character"),
            "{target:?}: {}",
            answer.body
        );
    }
    // A control character in a header value is refused the same way.
    let in_header = preview.raw(&format!(
        "GET /runbooks HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Note: a\rLocation: //evil.example.com\r\n\r\n"
    ));
    assert_eq!(in_header.status, 400, "{}", in_header.head);

    // What a browser sends still works, and the redirect keeps the query, encoded.
    let redirect = preview.get("/runbooks?q=disk%20full&x=\"<y>\"");
    assert_eq!(redirect.status, 301);
    assert_eq!(
        redirect.header("Location").as_deref(),
        Some("/runbooks/?q=disk%20full&x=%22%3Cy%3E%22")
    );
}

/// Two readings of a request's length are how requests are smuggled past a proxy: the server
/// must not pick one. Every ambiguous framing is a 400, with the reason in the body.
#[test]
fn ambiguous_message_lengths_are_refused() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    let port = preview.port;
    for (headers, reason) in [
        (
            "Content-Length: 0\r\nContent-Length: 5\r\n",
            "more than one Content-Length",
        ),
        (
            "Content-Length: 5\r\ncontent-length: 5\r\n",
            "more than one Content-Length",
        ),
        (
            "Content-Length: 0\r\nTransfer-Encoding: chunked\r\n",
            "both Content-Length and Transfer-Encoding",
        ),
        (
            "Transfer-Encoding: chunked\r\nContent-Length: 0\r\n",
            "both Content-Length and Transfer-Encoding",
        ),
        ("Content-Length: 0, 5\r\n", "not a number"),
        ("Content-Length: +0\r\n", "not a number"),
        ("Content-Length: -1\r\n", "not a number"),
        ("Host: evil.example.com\r\n", "more than one Host"),
    ] {
        for method in ["GET", "POST"] {
            let answer = preview.raw(&format!(
                "{method} /runbooks/disk.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{headers}\r\n"
            ));
            assert_eq!(
                answer.status, 400,
                "{method} with {headers:?}: {}",
                answer.head
            );
            assert!(
                answer.body.contains(reason),
                "{method} with {headers:?}: {}",
                answer.body
            );
        }
    }
    // One plain length is still read as before.
    let empty = preview.raw(&format!(
        "GET /runbooks/disk.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\n\r\n"
    ));
    assert_eq!(empty.status, 200);
}

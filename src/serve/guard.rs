//! A thin front door before tiny_http, which reads request heads of any length: here the
//! request line and headers are read with limits and a time-out, over-long ones are refused
//! (414, 431), and each accepted request is passed on with `Connection: close` so that every
//! request on a connection goes through these checks.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

pub const MAX_REQUEST_LINE: usize = 8 * 1024;
pub const MAX_HEAD: usize = 32 * 1024;
pub const MAX_HEADERS: usize = 100;
/// A client has this long to send its request head (a slow or idle client does not keep a
/// thread forever).
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections open at once; more are refused with 503.
const MAX_CONNECTIONS: usize = 512;

/// Accepts connections on `listener` forever, forwarding good requests to `backend`.
pub fn run(listener: TcpListener, backend: SocketAddr) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if open.load(Ordering::Relaxed) >= MAX_CONNECTIONS {
            let _ = refuse(stream, 503, "Service Unavailable");
            continue;
        }
        open.fetch_add(1, Ordering::Relaxed);
        let open = Arc::clone(&open);
        let spawned = std::thread::Builder::new()
            .name("dontpanic-conn".into())
            .spawn(move || {
                let _ = handle(stream, backend);
                open.fetch_sub(1, Ordering::Relaxed);
            });
        if spawned.is_err() {
            // Out of threads: the connection is dropped, the server goes on.
            continue;
        }
    }
}

fn handle(mut client: TcpStream, backend: SocketAddr) -> io::Result<()> {
    client.set_read_timeout(Some(HEAD_TIMEOUT))?;
    let head = match read_head(&mut io::BufReader::new(&mut client)) {
        Ok(head) => head,
        Err(HeadError::LineTooLong) => return refuse(client, 414, "URI Too Long"),
        Err(HeadError::HeadTooLarge) => {
            return refuse(client, 431, "Request Header Fields Too Large");
        }
        Err(HeadError::Malformed) => return refuse(client, 400, "Bad Request"),
        Err(HeadError::Io(e)) => return Err(e),
    };
    let mut upstream = TcpStream::connect(backend)?;
    upstream.write_all(&head)?;
    // The response goes back as it comes, so event streams arrive as they are sent.
    let copied = io::copy(&mut upstream, &mut client);
    let _ = client.shutdown(Shutdown::Both);
    copied.map(|_| ())
}

#[derive(Debug)]
pub enum HeadError {
    LineTooLong,
    HeadTooLarge,
    Malformed,
    Io(io::Error),
}

/// Reads one request head (up to the blank line), checking the limits as it goes, and returns
/// it rewritten with `Connection: close`.
pub fn read_head(client: &mut impl Read) -> Result<Vec<u8>, HeadError> {
    let mut head = Vec::with_capacity(1024);
    let mut byte = [0u8; 1];
    let mut line_start = 0;
    let mut lines = 0;
    loop {
        match client.read(&mut byte) {
            Ok(0) => return Err(HeadError::Malformed),
            Ok(_) => head.push(byte[0]),
            Err(e) => return Err(HeadError::Io(e)),
        }
        if lines == 0 && head.len() > MAX_REQUEST_LINE {
            return Err(HeadError::LineTooLong);
        }
        if head.len() > MAX_HEAD {
            return Err(HeadError::HeadTooLarge);
        }
        if byte[0] == b'\n' {
            let line = &head[line_start..];
            if line == b"\r\n" || line == b"\n" {
                break;
            }
            lines += 1;
            if lines > MAX_HEADERS + 1 {
                return Err(HeadError::HeadTooLarge);
            }
            line_start = head.len();
        }
    }
    if lines == 0 {
        return Err(HeadError::Malformed);
    }
    let text = String::from_utf8_lossy(&head);
    let mut rewritten = String::with_capacity(head.len() + 20);
    for (i, line) in text.split("\r\n").filter(|l| !l.is_empty()).enumerate() {
        let is_connection = line
            .split_once(':')
            .is_some_and(|(name, _)| name.trim().eq_ignore_ascii_case("connection"));
        if i > 0 && is_connection {
            continue;
        }
        rewritten.push_str(line.trim_end_matches('\n'));
        rewritten.push_str("\r\n");
    }
    rewritten.push_str("Connection: close\r\n\r\n");
    Ok(rewritten.into_bytes())
}

fn refuse(mut client: TcpStream, status: u16, reason: &str) -> io::Result<()> {
    let body = format!("{status} {reason}\n");
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    client.write_all(response.as_bytes())?;
    client.shutdown(Shutdown::Both)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_normal_head_passes_with_connection_close() {
        let mut input: &[u8] =
            b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n";
        let head = String::from_utf8(read_head(&mut input).unwrap()).unwrap();
        assert_eq!(
            head,
            "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        );
    }

    #[test]
    fn over_long_lines_and_heads_are_refused() {
        let long_line = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_REQUEST_LINE));
        assert!(matches!(
            read_head(&mut long_line.as_bytes()),
            Err(HeadError::LineTooLong)
        ));
        let big_header = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "b".repeat(MAX_HEAD));
        assert!(matches!(
            read_head(&mut big_header.as_bytes()),
            Err(HeadError::HeadTooLarge)
        ));
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "X: y\r\n".repeat(MAX_HEADERS + 5)
        );
        assert!(matches!(
            read_head(&mut many.as_bytes()),
            Err(HeadError::HeadTooLarge)
        ));
    }
}

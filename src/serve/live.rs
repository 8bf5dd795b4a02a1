//! Live reload: open pages listen on a server-sent events stream; each rebuild tells them to
//! reload, swap stylesheets, or show the build's errors. The script that listens is injected
//! into served HTML only: built output and themes never carry it.

use std::io::Write;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError, sync_channel};
use std::time::Duration;

pub const SCRIPT_PATH: &str = "/__dontpanic/live.js";
pub const EVENTS_PATH: &str = "/__dontpanic/events";
pub const SCRIPT: &str = include_str!("live.js");

/// Idle streams get a comment this often, so a closed tab is noticed and its thread ends.
const KEEPALIVE: Duration = Duration::from_secs(15);
/// More open streams than this (hundreds of tabs) are refused rather than exhaust threads.
pub const MAX_STREAMS: usize = 256;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Nothing new; checks that the stream is still open.
    Ping,
    /// A new build is being served: reload.
    Reload { generation: u64 },
    /// Only stylesheets changed: swap them in place.
    Stylesheets { generation: u64 },
    /// The build failed: show these errors over the page (the last good site stays).
    Errors {
        generation: u64,
        errors_json: String,
    },
}

impl Message {
    fn to_event(&self) -> String {
        match self {
            Message::Ping => ": ping\n\n".to_string(),
            Message::Reload { generation } => format!("event: reload\ndata: {generation}\n\n"),
            Message::Stylesheets { generation } => format!("event: css\ndata: {generation}\n\n"),
            Message::Errors {
                generation,
                errors_json,
            } => {
                format!("event: errors\nid: {generation}\ndata: {errors_json}\n\n")
            }
        }
    }
}

/// The open event streams.
#[derive(Default)]
pub struct Broadcaster {
    clients: Mutex<Vec<SyncSender<Message>>>,
}

impl Broadcaster {
    /// Registers a new stream; `None` when too many are open.
    pub fn subscribe(&self) -> Option<Receiver<Message>> {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|c| {
            !matches!(
                c.try_send(Message::Ping),
                Err(TrySendError::Disconnected(_))
            )
        });
        if clients.len() >= MAX_STREAMS {
            return None;
        }
        let (tx, rx) = sync_channel(16);
        clients.push(tx);
        Some(rx)
    }

    /// Sends `message` to every open stream, forgetting the closed ones.
    pub fn send(&self, message: &Message) {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|client| match client.try_send(message.clone()) {
            Ok(()) | Err(TrySendError::Full(_)) => true,
            Err(TrySendError::Disconnected(_)) => false,
        });
    }

    #[cfg(test)]
    pub fn count(&self) -> usize {
        self.clients.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

/// Writes the event stream to one client until it goes away. `hello` is sent first: the page
/// compares it with the build it was served from, so a rebuild that happened between loading
/// the page and opening the stream is not missed.
pub fn stream(out: &mut dyn Write, messages: Receiver<Message>, hello: u64) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n";
    let greeting = format!("retry: 500\nevent: hello\ndata: {hello}\n\n");
    if out
        .write_all(head.as_bytes())
        .and_then(|_| out.write_all(greeting.as_bytes()))
        .and_then(|_| out.flush())
        .is_err()
    {
        return;
    }
    loop {
        let chunk = match messages.recv_timeout(KEEPALIVE) {
            Ok(message) => message.to_event(),
            Err(RecvTimeoutError::Timeout) => ": keepalive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if out
            .write_all(chunk.as_bytes())
            .and_then(|_| out.flush())
            .is_err()
        {
            return;
        }
    }
}

/// Where in an HTML page the live-reload script (and the current errors, if any) goes, and
/// what goes there: the page itself is not copied, so that serving it costs no more than
/// writing it.
pub fn injection(html: &[u8], generation: u64, errors_json: Option<&str>) -> (usize, String) {
    let mut snippet =
        format!("<script src=\"{SCRIPT_PATH}\" data-generation=\"{generation}\" defer></script>");
    if let Some(errors) = errors_json {
        // `<` escaped so that no error text can close the script element.
        let safe = errors.replace('<', "\\u003c");
        snippet.push_str(&format!(
            "<script type=\"application/json\" id=\"dontpanic-errors\">{safe}</script>"
        ));
    }
    let position = find_last(html, b"</body>").unwrap_or(html.len());
    (position, snippet)
}

/// An HTML page with the live-reload script added, for the server's own small pages.
pub fn inject(html: &[u8], generation: u64, errors_json: Option<&str>) -> Vec<u8> {
    let (position, snippet) = injection(html, generation, errors_json);
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..position]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[position..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_end_of_body() {
        let page = inject(b"<html><body><p>x</p></body></html>", 7, None);
        let page = String::from_utf8(page).unwrap();
        assert!(
            page.ends_with("data-generation=\"7\" defer></script></body></html>"),
            "{page}"
        );
    }

    #[test]
    fn errors_cannot_break_out_of_their_script() {
        let page = inject(
            b"<body></body>",
            1,
            Some("[\"</script><img src=x onerror=alert(1)>\"]"),
        );
        let page = String::from_utf8(page).unwrap();
        assert!(!page.contains("</script><img"), "{page}");
    }

    #[test]
    fn closed_streams_are_forgotten() {
        let hub = Broadcaster::default();
        let kept = hub.subscribe().unwrap();
        drop(hub.subscribe().unwrap());
        hub.send(&Message::Reload { generation: 1 });
        assert_eq!(hub.count(), 1);
        let received: Vec<Message> = kept.try_iter().filter(|m| *m != Message::Ping).collect();
        assert_eq!(received, [Message::Reload { generation: 1 }]);
    }
}

//! A `dontpanic serve` process on a free port, and plain HTTP requests to it. Every wait is
//! bounded; the process is killed when the test ends.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Preview {
    child: Mutex<Child>,
    pub port: u16,
    log: Arc<Mutex<Vec<String>>>,
}

pub struct HttpResponse {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    }
}

impl Preview {
    /// Starts `dontpanic serve` on the site at `root` and waits until it listens.
    pub fn start(root: &Path, extra: &[&str]) -> Preview {
        let port: &[&str] = if extra.contains(&"--port") {
            &[]
        } else {
            &["--port", "0"]
        };
        let mut child = Command::new(super::harness::binary())
            .arg("serve")
            .args(port)
            .args(extra)
            .current_dir(root)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start dontpanic serve");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let mut preview = Preview {
            child: Mutex::new(child),
            port: 0,
            log,
        };
        let line = preview.wait_for_log("Serving at http://127.0.0.1:", Duration::from_secs(30));
        let port = line
            .split("127.0.0.1:")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .and_then(|p| p.parse().ok());
        preview.port = port.unwrap_or_else(|| panic!("no port in {line}"));
        preview
    }

    /// The server's process id, to look at its memory or pause it.
    pub fn pid(&self) -> u32 {
        self.child.lock().unwrap().id()
    }

    /// The server's resident memory in MB, from /proc.
    pub fn resident_mb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
            .map(|kb| kb / 1024)
            .unwrap()
    }

    /// Stops (`-STOP`) or resumes (`-CONT`) the server process, as a busy machine would.
    pub fn signal(&self, signal: &str) {
        let done = Command::new("kill")
            .args([signal, &self.pid().to_string()])
            .status()
            .expect("run kill");
        assert!(done.success(), "kill {signal} failed");
    }

    pub fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    /// Waits for a line of the server's output containing `needle`.
    pub fn wait_for_log(&self, needle: &str, limit: Duration) -> String {
        let started = Instant::now();
        loop {
            if let Some(line) = self.log().into_iter().find(|l| l.contains(needle)) {
                return line;
            }
            if let Ok(Some(status)) = self.child.lock().unwrap().try_wait() {
                std::thread::sleep(Duration::from_millis(50));
                panic!(
                    "dontpanic serve exited ({status}):\n{}",
                    self.log().join("\n")
                );
            }
            assert!(
                started.elapsed() < limit,
                "no '{needle}' in the server output within {limit:?}:\n{}",
                self.log().join("\n")
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// How many builds (good or failed) the server has reported so far.
    pub fn builds(&self) -> usize {
        self.log()
            .iter()
            .filter(|l| l.contains("Built ") || l.contains("Build failed"))
            .count()
    }

    pub fn get(&self, path: &str) -> HttpResponse {
        self.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            self.port
        ))
    }

    /// Sends `request` as written and reads the whole response.
    pub fn raw(&self, request: &str) -> HttpResponse {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut bytes = Vec::new();
        let _ = stream.read_to_end(&mut bytes);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        HttpResponse {
            status,
            head: head.to_string(),
            body: body.to_string(),
        }
    }

    /// Polls `path` until its body satisfies `ready`, for at most `limit`.
    pub fn wait_until(
        &self,
        path: &str,
        limit: Duration,
        ready: impl Fn(&HttpResponse) -> bool,
    ) -> HttpResponse {
        let started = Instant::now();
        loop {
            let response = self.get(path);
            if ready(&response) {
                return response;
            }
            assert!(
                started.elapsed() < limit,
                "{path} did not change as expected within {limit:?}; last status {}; server said:\n{}",
                response.status,
                self.log().join("\n")
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let child = self.child.get_mut().unwrap();
        let _ = child.kill();
        let _ = child.wait();
    }
}

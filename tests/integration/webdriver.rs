//! A small WebDriver client for Debian's chromium through chromedriver, on 127.0.0.1 only.
//! Every wait is bounded; the browser and the driver are stopped when the session is dropped.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Browser {
    driver: Child,
    base: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a headless chromium session. Fails the test (with what to
    /// install) when either is missing: browser tests are never silently skipped.
    pub fn start() -> Browser {
        Browser::start_with(None, None)
    }

    /// A browser that shows pages as a phone of `width` × `height` CSS pixels does (Chromium's
    /// device emulation: a window cannot be made that narrow).
    pub fn start_phone(width: u32, height: u32) -> Browser {
        Browser::start_with(None, Some((width, height)))
    }

    /// A browser whose local time zone is `zone` (an IANA name), for tests of local times.
    pub fn start_in_zone(zone: Option<&str>) -> Browser {
        Browser::start_with(zone, None)
    }

    fn start_with(zone: Option<&str>, phone: Option<(u32, u32)>) -> Browser {
        let driver_path = which("chromedriver").expect("chromedriver not found: install Debian's chromium and chromium-driver (scripts/test does)");
        let chromium = which("chromium")
            .expect("chromium not found: install Debian's chromium package (scripts/test does)");
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut command = Command::new(driver_path);
        if let Some(zone) = zone {
            command.env("TZ", zone);
        }
        let driver = command
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().unwrap();
        let mut browser = Browser {
            driver,
            base: format!("http://127.0.0.1:{port}"),
            _profile: profile,
        };
        browser.wait_for_driver();
        let args = [
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-quic".into(),
            "--window-size=1280,900".into(),
            format!("--user-data-dir={}", browser._profile.path().display()),
        ];
        let mut options = json!({"binary": chromium, "args": args});
        if let Some((width, height)) = phone {
            options["mobileEmulation"] = json!({"deviceMetrics": {
                "width": width, "height": height, "pixelRatio": 1.0, "touch": true, "mobile": true
            }});
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": options
        }}});
        let session = browser.call("POST", "/session", Some(caps));
        let id = session["sessionId"]
            .as_str()
            .expect("session id")
            .to_string();
        browser.base = format!("{}/session/{id}", browser.base);
        browser
    }

    fn wait_for_driver(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if ureq::get(&format!("{}/status", self.base)).call().is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("chromedriver did not start within 20 s");
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (ok, value) = self.try_call(method, path, body);
        assert!(ok, "{method} {path}: {value}");
        value["value"].clone()
    }

    /// The WebDriver call's success and whole answer, without failing the test.
    fn try_call(&self, method: &str, path: &str, body: Option<Value>) -> (bool, Value) {
        let url = format!("{}{path}", self.base);
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        let response = match method {
            "GET" => agent.get(&url).call(),
            "DELETE" => agent.delete(&url).call(),
            _ => agent.post(&url).send_json(body.unwrap_or(json!({}))),
        };
        let mut response = response.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = response.status();
        let value: Value = response.body_mut().read_json().unwrap_or(Value::Null);
        (status.is_success(), value)
    }

    /// The text of the dialog (alert, confirm, prompt) open in the page, if one is; it is then
    /// dismissed, so that the session goes on.
    pub fn open_dialog(&self) -> Option<String> {
        let (open, value) = self.try_call("GET", "/alert/text", None);
        if !open {
            return None;
        }
        self.try_call("POST", "/alert/dismiss", Some(json!({})));
        Some(value["value"].as_str().unwrap_or_default().to_string())
    }

    pub fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    pub fn url(&self) -> String {
        self.call("GET", "/url", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its value.
    pub fn eval(&self, script: &str, args: Value) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Runs `script` (a function body whose last argument is a callback) and returns the value
    /// it passes to that callback.
    pub fn eval_async(&self, script: &str, args: Value) -> Value {
        self.call(
            "POST",
            "/execute/async",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Polls `script` in the page until it returns `true`; fails the test, saying `what` did
    /// not happen, after ten seconds.
    pub fn wait_for(&self, script: &str, what: &str) {
        let started = Instant::now();
        while self.eval(script, json!([])) != json!(true) {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{what} did not happen within 10 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Opens `url` again and again until `script` returns `true` there: Chromium stores local
    /// storage asynchronously, so a page opened a moment after a change may not see it yet.
    pub fn reopen_until(&self, url: &str, script: &str, what: &str) {
        let started = Instant::now();
        loop {
            self.goto(url);
            if self.eval(script, json!([])) == json!(true) {
                return;
            }
            // As long as `wait_for`: on a loaded machine a page takes seconds to open.
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{what} was not remembered within 10 s"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    pub fn find_all(&self, css: &str) -> Vec<String> {
        let found = self.call(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        );
        found
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e[ELEMENT_KEY].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn find(&self, css: &str) -> String {
        self.find_all(css)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no element matches {css} on {}", self.url()))
    }

    pub fn click(&self, element: &str) {
        self.call(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    /// Types `text` into `element` as a user would (WebDriver key codes for special keys).
    pub fn type_text(&self, element: &str, text: &str) {
        self.call(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    pub fn text(&self, element: &str) -> String {
        self.call("GET", &format!("/element/{element}/text"), None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn property(&self, element: &str, name: &str) -> Value {
        self.call("GET", &format!("/element/{element}/property/{name}"), None)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if self.base.contains("/session/") {
            let agent: ureq::Agent = ureq::Agent::config_builder()
                .timeout_global(Some(Duration::from_secs(10)))
                .build()
                .into();
            let _ = agent.delete(&self.base).call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// The path of program `name` on `PATH`.
pub fn which(name: &str) -> Option<String> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| format!("{dir}/{name}"))
        .find(|p| std::path::Path::new(p).is_file())
}

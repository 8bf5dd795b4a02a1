//! The incident tools in the built site, opened from disk: checklists whose ticks survive a
//! reload, quick view, keyboard shortcuts and the ticket builder. Checklists: progress counts,
//! the copied record holds every item and the time of each tick.

use std::time::{Duration, Instant};

use serde_json::json;

use super::harness::Site;
use super::webdriver::Browser;

fn checklist_site() -> Site {
    let site = Site::with(&[(
        "content/preflight.md",
        "# Pre-flight\n\n## Contract\n\n- [ ] Support tier confirmed {#tier}\n- [ ] Escalation contacts verified\n\n## Access\n\n- [x] MFA on for every admin\n",
    )]);
    site.build_ok();
    site
}

fn progress(browser: &Browser) -> String {
    browser.text(&browser.find(".checklist-progress"))
}

#[test]
fn ticks_survive_a_reload_and_progress_counts_them() {
    let site = checklist_site();
    let browser = Browser::start();
    let url = format!("file://{}/public/preflight.html", site.root().display());
    browser.goto(&url);
    browser.wait_for(
        "return !!document.querySelector('.checklist-progress');",
        "the checklist bar",
    );
    assert_eq!(progress(&browser), "Checklist: 1 of 3 done");
    let tier = browser.find("input[data-check='tier']");
    browser.click(&tier);
    assert_eq!(progress(&browser), "Checklist: 2 of 3 done");
    let lists: Vec<String> = browser
        .find_all(".list-progress")
        .iter()
        .map(|p| browser.text(p))
        .collect();
    assert_eq!(lists, ["1 of 2 done", "1 of 1 done"]);

    // Chromium stores the tick asynchronously: a reload a moment later must find it.
    browser.reopen_until(
        &url,
        "var b = document.querySelector(\"input[data-check='tier']\"); return !!b && b.checked;",
        "the tick",
    );
    assert_eq!(progress(&browser), "Checklist: 2 of 3 done");

    browser.eval("window.__copied = null; navigator.clipboard.writeText = t => { window.__copied = t; return Promise.resolve(); }; return true;", json!([]));
    let copy = browser.find_all(".checklist-bar button")[0].clone();
    browser.click(&copy);
    browser.wait_for(
        "return typeof window.__copied === 'string';",
        "copying the progress",
    );
    let copied = browser.eval("return window.__copied;", json!([]));
    let copied = copied.as_str().unwrap();
    let lines: Vec<&str> = copied.lines().collect();
    assert!(
        lines[0].starts_with("Pre-flight — 2 of 3 done (copied "),
        "{copied}"
    );
    assert!(lines[0].ends_with(" UTC)"), "{copied}");
    assert!(
        lines[1].starts_with("[x] Support tier confirmed — ") && lines[1].ends_with(" UTC"),
        "{copied}"
    );
    assert!(
        !lines[1].contains("{#tier}"),
        "the id is not part of the text: {copied}"
    );
    assert_eq!(lines[2], "[ ] Escalation contacts verified");
    assert_eq!(lines[3], "[x] MFA on for every admin");

    // A reset can be undone: one tap does not lose the ticks.
    let reset = browser.find_all(".checklist-bar button")[1].clone();
    browser.click(&reset);
    assert_eq!(progress(&browser), "Checklist: 1 of 3 done");
    assert_eq!(browser.text(&reset), "Undo reset");
    browser.click(&reset);
    assert_eq!(progress(&browser), "Checklist: 2 of 3 done");
    assert_eq!(browser.text(&reset), "Reset");
    browser.reopen_until(
        &url,
        "var b = document.querySelector(\"input[data-check='tier']\"); return !!b && b.checked;",
        "the restored tick",
    );
}

/// The shipped incident packet, built and opened from disk with its form ready; the site's
/// folder lives as long as the value.
fn open_incident_packet() -> (tempfile::TempDir, Browser) {
    let site = super::harness::built_repository_site();
    let browser = Browser::start();
    browser.goto(&format!(
        "file://{}/site/templates/incident-packet.html",
        site.path().display()
    ));
    browser.wait_for(
        "return !!document.querySelector('form.ticket-form [data-clear]');",
        "the form",
    );
    (site, browser)
}

#[test]
fn clearing_the_ticket_form_can_be_undone() {
    let (_site, browser) = open_incident_packet();
    browser.type_text(&browser.find("#field-summary"), "Checkout down");
    let clear = browser.find("[data-clear]");
    browser.click(&clear);
    assert_eq!(
        browser.property(&browser.find("#field-summary"), "value"),
        json!("")
    );
    assert_eq!(browser.text(&clear), "Undo clear");
    browser.click(&clear);
    assert_eq!(
        browser.property(&browser.find("#field-summary"), "value"),
        json!("Checkout down")
    );
    assert_eq!(browser.text(&browser.find(".ticket-status")), "Restored.");
}

fn displayed(browser: &Browser, heading_id: &str) -> bool {
    let script = format!(
        "return getComputedStyle(document.getElementById('{heading_id}')).display !== 'none';"
    );
    browser.eval(&script, json!([])) == json!(true)
}

#[test]
fn quick_view_shows_what_to_do_first_and_is_remembered_per_page() {
    let site = super::harness::built_repository_site();
    let browser = Browser::start();
    let url = format!(
        "file://{}/site/playbooks/regional-slowdown.html",
        site.path().display()
    );
    browser.goto(&url);
    browser.wait_for(
        "return !!document.querySelector('.quick-view-toggle');",
        "the quick view button",
    );
    assert!(displayed(&browser, "triggers-and-symptoms"));
    // `t` toggles it from the keyboard.
    browser.type_text(&browser.find("body"), "t");
    browser.wait_for(
        "return document.body.classList.contains('quick-view');",
        "quick view",
    );
    assert!(displayed(&browser, "first-actions"));
    assert!(displayed(&browser, "escalation"));
    assert!(!displayed(&browser, "triggers-and-symptoms"));
    assert!(!displayed(&browser, "follow-up"));

    browser.reopen_until(
        &url,
        "return document.body.classList.contains('quick-view');",
        "quick view",
    );
    assert!(
        browser
            .text(&browser.find(".quick-view-note"))
            .starts_with("Quick view: only what to do first is shown"),
        "it says that it is on"
    );
    // The next playbook opens whole.
    browser.goto(&format!(
        "file://{}/site/playbooks/account-lockout.html",
        site.path().display()
    ));
    browser.wait_for(
        "return !!document.querySelector('.quick-view-toggle');",
        "the quick view button",
    );
    assert_eq!(
        browser.eval(
            "return document.body.classList.contains('quick-view');",
            json!([])
        ),
        json!(false)
    );
    browser.goto(&url);
    browser.wait_for(
        "return document.body.classList.contains('quick-view');",
        "quick view kept on its own page",
    );
    browser.click(&browser.find(".quick-view-toggle"));
    assert!(displayed(&browser, "triggers-and-symptoms"));
}

#[test]
fn keyboard_shortcuts_work() {
    let site = super::harness::built_repository_site();
    let browser = Browser::start();
    browser.goto(&format!(
        "file://{}/site/playbooks/account-lockout.html",
        site.path().display()
    ));
    browser.wait_for("return document.readyState === 'complete';", "loading");
    let body = browser.find("body");
    browser.type_text(&body, "?");
    browser.wait_for(
        "var d = document.querySelector('dialog.shortcuts'); return !!d && d.open;",
        "the shortcuts dialog",
    );
    let listed = browser.text(&browser.find("dialog.shortcuts"));
    assert!(listed.contains("Go to the home page"), "{listed}");
    browser.eval(
        "document.querySelector('dialog.shortcuts').close(); return true;",
        json!([]),
    );
    browser.type_text(&body, "gh");
    browser.wait_for(
        "return location.pathname.endsWith('/site/index.html');",
        "g h going home",
    );
}

#[test]
fn the_ticket_builder_copies_every_field_with_times_in_utc_and_keeps_what_was_typed() {
    let site = super::harness::built_repository_site();
    let browser = Browser::start_in_zone(Some("Europe/Berlin"));
    let url = format!(
        "file://{}/site/templates/incident-packet.html",
        site.path().display()
    );
    browser.goto(&url);
    browser.wait_for(
        "return document.querySelector('.ticket-zone').textContent.includes('Europe/Berlin');",
        "the time zone note",
    );
    browser.type_text(
        &browser.find("#field-summary"),
        "Checkout API returns 503 in eu-west",
    );
    browser.eval("var s = document.getElementById('field-severity'); s.selectedIndex = 2; s.dispatchEvent(new Event('change')); var t = document.getElementById('field-status'); t.selectedIndex = 1; t.dispatchEvent(new Event('change')); return true;", json!([]));
    browser.type_text(&browser.find("#field-provider-service"), "Object storage");
    browser.click(&browser.find("button.ticket-now[data-for='field-time-range']"));
    browser.type_text(&browser.find("#field-region"), "eu-west-1a");
    browser.type_text(&browser.find("#field-resources"), "acct-1234\nlb-checkout");
    browser.type_text(&browser.find("#field-errors"), "503 request-id=abc");
    browser.type_text(&browser.find("#field-actual"), "Errors");
    browser.type_text(
        &browser.find("#field-impact"),
        "Checkout failing for 30% of users",
    );
    browser.type_text(&browser.find("#field-contact"), "Dana, +353 1 555 0142");

    browser.eval("window.__copied = null; navigator.clipboard.writeText = t => { window.__copied = t; return Promise.resolve(); }; return true;", json!([]));
    browser.click(&browser.find("button[data-copy='text']"));
    browser.wait_for(
        "return typeof window.__copied === 'string';",
        "copying the ticket",
    );
    let text = browser.eval("return window.__copied;", json!([]));
    let text = text.as_str().unwrap().to_string();
    let labels = [
        "Summary:",
        "Severity we request:",
        "Status:",
        "Provider's service or product:",
        "Our incident ID:",
        "Provider's case number:",
        "Region and zone:",
        "Time range:",
        "Affected resources:",
        "Error messages with request or trace IDs:",
        "Expected behaviour:",
        "Actual behaviour:",
        "Business impact:",
        "Already tried:",
        "Recent changes on our side:",
        "Contact for this case:",
    ];
    let mut at = 0;
    for label in labels {
        let found = text[at..]
            .find(label)
            .unwrap_or_else(|| panic!("{label} missing or out of order in:\n{text}"));
        at += found + label.len();
    }
    // The first line is a usable case subject.
    assert!(
        text.starts_with(
            "[Urgent] [Ongoing] [Object storage] [eu-west-1a] Checkout API returns 503 in eu-west\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("Summary: Checkout API returns 503 in eu-west"),
        "{text}"
    );
    assert!(
        text.contains("Severity we request: Urgent: production impaired"),
        "{text}"
    );
    let time_line = text
        .lines()
        .find(|l| l.starts_with("Time range: "))
        .unwrap();
    assert!(
        time_line.contains(" UTC to ongoing — entered as "),
        "{time_line}"
    );
    // Berlin is UTC+01:00 in winter and UTC+02:00 in summer.
    assert!(time_line.contains("Europe/Berlin (UTC+0"), "{time_line}");
    assert!(
        text.contains("Affected resources:\n  - acct-1234\n  - lb-checkout\n"),
        "{text}"
    );
    assert!(
        text.contains("Expected behaviour:\n  (not given)"),
        "{text}"
    );

    browser.click(&browser.find("button[data-copy='markdown']"));
    browser.wait_for(
        "return window.__copied.startsWith('## [Urgent] [Ongoing] [Object storage] [eu-west-1a] Checkout API');",
        "copying as Markdown",
    );
    let markdown = browser.eval("return window.__copied;", json!([]));
    assert!(
        markdown
            .as_str()
            .unwrap()
            .contains("**Summary:** Checkout API returns 503 in eu-west"),
        "{markdown}"
    );

    browser.reopen_until(
        &url,
        "var f = document.getElementById('field-summary'); return !!f && f.value === 'Checkout API returns 503 in eu-west';",
        "the form's values",
    );
}

#[test]
fn typed_variables_replace_placeholders_in_shown_and_copied_commands() {
    let site = Site::with(&[(
        "content/cmd.md",
        "# Commands\n\n```bash\naws ec2 describe-instances --region {{region}} --owner {{ account_id }}\n```\n\n```bash\necho {{region}}\n```\n",
    )]);
    site.build_ok();
    let browser = Browser::start();
    browser.goto(&format!("file://{}/public/cmd.html", site.root().display()));
    browser.wait_for(
        "return !!document.querySelector('.variables-bar');",
        "the variables bar",
    );
    let inputs = browser.find_all(".variables-bar input");
    assert_eq!(inputs.len(), 2, "one input per placeholder");
    browser.type_text(&browser.find("input[data-var-input='region']"), "eu-west-1");
    let shown = browser.text(&browser.find_all(".code-block code")[1]);
    assert_eq!(shown, "echo eu-west-1");
    browser.eval("window.__copied = null; navigator.clipboard.writeText = t => { window.__copied = t; return Promise.resolve(); }; return true;", json!([]));
    browser.click(&browser.find(".code-block .copy-code"));
    browser.wait_for(
        "return typeof window.__copied === 'string';",
        "copying the command",
    );
    let copied = browser.eval("return window.__copied;", json!([]));
    assert_eq!(
        copied,
        json!("aws ec2 describe-instances --region eu-west-1 --owner {{account_id}}\n")
    );
}

/// Serves `root` on 127.0.0.1, one request per connection, until `stop` is set; then the port
/// is closed, as when the network goes away.
pub(super) fn static_server(
    root: std::path::PathBuf,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
) -> (u16, std::thread::JoinHandle<()>) {
    use std::io::{BufRead, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        for stream in listener.incoming() {
            if stop.load(std::sync::atomic::Ordering::SeqCst) {
                break;
            }
            let Ok(mut stream) = stream else { continue };
            let mut reader = std::io::BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            while let Ok(n) = reader.read_line(&mut String::new()) {
                if n <= 2 {
                    break;
                }
            }
            let path = line
                .split_whitespace()
                .nth(1)
                .unwrap_or("/")
                .split('?')
                .next()
                .unwrap_or("/")
                .trim_start_matches('/')
                .to_string();
            let file = root.join(if path.is_empty() {
                "index.html".to_string()
            } else {
                path
            });
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("js") => "text/javascript",
                Some("css") => "text/css",
                _ => "application/octet-stream",
            };
            let (status, body) = match std::fs::read(&file) {
                Ok(bytes) => ("200 OK", bytes),
                Err(_) => ("404 Not Found", b"missing".to_vec()),
            };
            let head = format!(
                "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream
                .write_all(head.as_bytes())
                .and_then(|_| stream.write_all(&body));
        }
    });
    (port, handle)
}

#[test]
fn a_site_visited_once_keeps_working_when_the_network_is_gone() {
    let site = super::harness::built_repository_site();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (port, handle) = static_server(site.path().join("site"), std::sync::Arc::clone(&stop));
    let browser = Browser::start();
    browser.goto(&format!("http://127.0.0.1:{port}/index.html"));
    // The worker stores the site while it installs; wait until it holds the pages and has
    // taken over (until then, navigations still go to the network).
    let count = "caches.keys().then(k => Promise.all(k.map(n => caches.open(n).then(c => c.keys())))).then(l => { window.__stored = l.reduce((n, r) => n + r.length, 0); }); var c = navigator.serviceWorker.controller; return (window.__stored || 0) > 40 && !!c && c.state === 'activated';";
    let started = Instant::now();
    while browser.eval(count, json!([])) != json!(true) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the service worker did not store the site"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    // The network goes away: the server stops and its port is closed.
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let _ = std::net::TcpStream::connect(("127.0.0.1", port));
    handle.join().unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let refused = std::net::TcpStream::connect(("127.0.0.1", port)).is_err();
    assert!(refused, "the server still accepts connections");
    browser.goto(&format!(
        "http://127.0.0.1:{port}/playbooks/account-lockout.html"
    ));
    browser.wait_for(
        "return !!document.querySelector('main h1');",
        "the page from the store",
    );
    assert_eq!(
        browser.text(&browser.find("main h1")),
        "Account access lockout"
    );
}

#[test]
fn on_a_phone_every_runbook_and_playbook_shows_its_first_action_on_the_first_screen() {
    let site = super::harness::built_repository_site();
    let browser = Browser::start_phone(390, 844);
    let mut pages = Vec::new();
    for folder in ["runbooks", "playbooks"] {
        for entry in
            std::fs::read_dir(super::harness::repo_root().join("content").join(folder)).unwrap()
        {
            let name = entry.unwrap().file_name().to_string_lossy().to_string();
            let Some(stem) = name.strip_suffix(".md") else {
                continue;
            };
            // A translation (`account-lockout.zh.md`) is published under its language's folder.
            match stem.split_once('.') {
                _ if stem.starts_with("_index") => {}
                Some((stem, "zh")) => pages.push(format!("zh/{folder}/{stem}.html")),
                Some(_) => {}
                None => pages.push(format!("{folder}/{stem}.html")),
            }
        }
    }
    assert!(pages.len() >= 8, "{pages:?}");
    for page in pages {
        browser.goto(&format!("file://{}/site/{page}", site.path().display()));
        browser.wait_for("return document.readyState === 'complete';", "loading");
        let measured = browser.eval(
            "var h = Array.from(document.querySelectorAll('.content h2')).find(function (h) { return /first|immediate|首要/i.test(h.textContent); });
             var first = h ? h.nextElementSibling : document.querySelector('.content').firstElementChild;
             if (first && /^(OL|UL)$/.test(first.tagName)) first = first.querySelector('li');
             var r = first.getBoundingClientRect();
             return [r.top, r.top + Math.min(r.height, 40), window.innerHeight, window.innerWidth, first.textContent.slice(0, 40)];",
            json!([]),
        );
        let bottom = measured[1].as_f64().unwrap();
        let height = measured[2].as_f64().unwrap();
        assert_eq!(measured[3].as_f64().unwrap(), 390.0, "viewport width");
        assert!(
            bottom <= height,
            "{page}: the first action ({}) starts at {} px on a {height} px screen",
            measured[4],
            measured[0]
        );
    }
}

#[test]
fn on_a_phone_wide_tables_scroll_and_the_strip_takes_the_severity_colour() {
    let site = super::harness::built_repository_site();
    let browser = Browser::start_phone(390, 844);
    for page in [
        "reference/severity-levels.html",
        "operations/severity-matrix.html",
        "operations/contacts.html",
    ] {
        browser.goto(&format!("file://{}/site/{page}", site.path().display()));
        browser.wait_for("return document.readyState === 'complete';", "loading");
        // Every table fits, or can be scrolled to its last column.
        let cut = browser.eval(
            "return Array.from(document.querySelectorAll('table')).filter(function (t) {
               var style = getComputedStyle(t);
               var scrolls = /auto|scroll/.test(style.overflowX);
               return t.getBoundingClientRect().right > window.innerWidth + 1 || (t.scrollWidth > t.clientWidth && !scrolls);
             }).length;",
            json!([]),
        );
        assert_eq!(cut, json!(0), "{page}: a table is cut off on a phone");
    }
    // The strip's edge is the severity's colour: sev1 red, not the accent of a sev3 page.
    let edge = |page: &str| {
        browser.goto(&format!("file://{}/site/{page}", site.path().display()));
        browser.eval(
            "return getComputedStyle(document.querySelector('.meta-strip')).borderLeftColor;",
            json!([]),
        )
    };
    assert_eq!(edge("runbooks/error-rate.html"), json!("rgb(185, 28, 28)"));
    assert_eq!(
        edge("runbooks/billing-anomaly.html"),
        json!("rgb(161, 98, 7)")
    );
}

#[test]
fn on_a_phone_a_filled_in_command_and_its_input_stay_in_view() {
    let site = super::harness::built_repository_site();
    let browser = Browser::start_phone(390, 844);
    browser.goto(&format!(
        "file://{}/site/runbooks/high-latency.html",
        site.path().display()
    ));
    browser.wait_for(
        "return !!document.querySelector(\"input[data-var-input='api_host']\");",
        "the variables bar",
    );
    let host = "api.eu-west-1.example-production.net";
    browser.type_text(&browser.find("input[data-var-input='api_host']"), host);
    let state = browser.eval(
        "var host = arguments[0], i = document.querySelector(\"input[data-var-input='api_host']\");
         var pres = Array.from(document.querySelectorAll('.code-block pre')).filter(function (p) { return p.textContent.indexOf(host) >= 0; });
         return [i.scrollWidth <= i.clientWidth + 1, i.getBoundingClientRect().right <= window.innerWidth,
                 pres.length, pres.every(function (p) { return p.scrollWidth <= p.clientWidth + 1; })];",
        json!([host]),
    );
    assert_eq!(state, json!([true, true, state[2], true]), "{state}");
    assert!(
        state[2].as_u64().unwrap() > 0,
        "the host shows in a command"
    );
}

#[test]
fn the_incident_packet_reads_guidance_first_and_lines_up_its_time_range() {
    let (_site, browser) = open_incident_packet();
    let layout = browser.eval(
        "var y = e => e.getBoundingClientRect().top;
         var x = s => document.querySelector(s).getBoundingClientRect().left;
         return {
           guidance_first: y(document.getElementById('what-makes-a-case-move')) < y(document.querySelector('form.ticket-form')),
           from: x('#field-time-range'), to: x('#field-time-range-end'),
           severity: document.querySelector('#field-severity').selectedOptions[0].textContent,
           matrix: !!document.querySelector('#help-severity a[href$=\"severity-matrix.html\"]')
         };",
        json!([]),
    );
    assert_eq!(layout["guidance_first"], json!(true), "{layout}");
    assert_eq!(
        layout["from"], layout["to"],
        "from and to inputs line up: {layout}"
    );
    assert_eq!(layout["severity"], json!("Choose one…"));
    assert_eq!(layout["matrix"], json!(true));
}

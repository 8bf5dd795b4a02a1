//! The service worker of sites that share an origin (`/a/` and `/b/` on one host, as project
//! pages are), served from 127.0.0.1 in headless Chromium: each site's offline store is its own.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::harness::Site;
use super::incident_tools_browser::static_server;
use super::webdriver::Browser;

/// Builds a small site whose home page says `text` into `<web>/<folder>`.
fn build_into(web: &std::path::Path, folder: &str, text: &str) {
    let site = Site::with(&[
        ("content/_index.md", &format!("# {text}\n")),
        ("content/disk.md", &format!("# Disk full\n\n{text}\n")),
    ]);
    let out = web.join(folder);
    let run = site.run(&["build", "-o", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// The origin's stores, each with the addresses it holds.
fn stores(browser: &Browser) -> Vec<(String, Vec<String>)> {
    let value = browser.eval_async(
        "var done = arguments[arguments.length - 1];
         caches.keys().then(function (names) {
           return Promise.all(names.map(function (n) {
             return caches.open(n).then(function (c) { return c.keys(); }).then(function (rs) { return [n, rs.map(function (r) { return r.url; })]; });
           }));
         }).then(done, function (e) { done(String(e)); });",
        json!([]),
    );
    let Value::Array(list) = value else {
        panic!("caches: {value}")
    };
    list.iter()
        .map(|pair| {
            let urls = pair[1].as_array().unwrap();
            (
                pair[0].as_str().unwrap().to_string(),
                urls.iter()
                    .map(|u| u.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

/// The names of the stores that hold the home page of the site at `home`.
fn stores_of(browser: &Browser, home: &str) -> Vec<String> {
    stores(browser)
        .into_iter()
        .filter(|(_, urls)| urls.iter().any(|u| u == home))
        .map(|(name, _)| name)
        .collect()
}

/// Opens `page` and waits until the worker of its site controls it, with its store holding
/// the site's home page `home`.
fn visit_until_stored(browser: &Browser, page: &str, home: &str) {
    browser.goto(page);
    let worker = format!("{}dontpanic-sw.js", home.trim_end_matches("index.html"));
    let started = Instant::now();
    loop {
        let controlled = browser.eval(
            "var c = navigator.serviceWorker.controller; return !!c && c.state === 'activated' && c.scriptURL === arguments[0];",
            json!([worker]),
        );
        if controlled == json!(true) && !stores_of(browser, home).is_empty() {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the worker of {page} did not store its site: {:?}",
            stores(browser)
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn two_sites_under_one_origin_keep_each_other_s_offline_store() {
    let web = tempfile::tempdir().unwrap();
    build_into(web.path(), "a", "Site A");
    build_into(web.path(), "b", "Site B");
    let stop = Arc::new(AtomicBool::new(false));
    let (port, handle) = static_server(web.path().to_path_buf(), Arc::clone(&stop));
    let origin = format!("http://127.0.0.1:{port}");
    let (home_a, home_b) = (
        format!("{origin}/a/index.html"),
        format!("{origin}/b/index.html"),
    );
    let browser = Browser::start();

    // Stores that workers of earlier builds left, named without their scope: one of each site.
    std::fs::write(
        web.path().join("plain.html"),
        "<!doctype html><title>x</title>",
    )
    .unwrap();
    browser.goto(&format!("{origin}/plain.html"));
    let made = browser.eval_async(
        "var done = arguments[arguments.length - 1], origin = arguments[0];
         function store(name, paths) {
           return caches.open(name).then(function (c) {
             return Promise.all(paths.map(function (p) { return c.put(origin + p, new Response('old')); }));
           });
         }
         Promise.all([
           store('dontpanic-00000000000000aa', ['/a/index.html', '/a/disk.html']),
           store('dontpanic-00000000000000bb', ['/b/index.html', '/b/disk.html']),
         ]).then(function () { done(true); }, function (e) { done(String(e)); });",
        json!([origin]),
    );
    assert_eq!(made, json!(true));
    let unscoped = |browser: &Browser| -> Vec<String> {
        stores(browser)
            .into_iter()
            .map(|(name, _)| name)
            .filter(|n| n.starts_with("dontpanic-"))
            .collect()
    };

    visit_until_stored(&browser, &home_a, &home_a);
    let first_a: Vec<String> = stores_of(&browser, &home_a)
        .into_iter()
        .filter(|n| !n.starts_with("dontpanic-"))
        .collect();
    assert_eq!(first_a.len(), 1, "{:?}", stores(&browser));
    // Site A's worker cleared away its own old store, and only its own.
    let started = Instant::now();
    while unscoped(&browser) != ["dontpanic-00000000000000bb"] {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "old stores: {:?}",
            stores(&browser)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    visit_until_stored(&browser, &home_b, &home_b);
    // The second site's worker, once active, has left the first site's store alone.
    assert_eq!(
        stores_of(&browser, &home_a),
        first_a,
        "site A's store after site B's worker took over: {:?}",
        stores(&browser)
    );
    let first_b = stores_of(&browser, &home_b);
    assert_eq!(first_b.len(), 1, "{:?}", stores(&browser));
    assert!(unscoped(&browser).is_empty(), "{:?}", stores(&browser));

    // A new build of the first site replaces its own store, and only its own.
    build_into(web.path(), "a", "Site A, rebuilt");
    browser.goto(&home_a);
    let started = Instant::now();
    loop {
        let now_a = stores_of(&browser, &home_a);
        if now_a.len() == 1 && now_a != first_a {
            break;
        }
        browser.eval(
            "navigator.serviceWorker.getRegistration().then(function (r) { if (r) r.update(); }); return true;",
            json!([]),
        );
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "site A's new worker did not replace its store: {:?}",
            stores(&browser)
        );
        std::thread::sleep(Duration::from_millis(300));
    }
    assert_eq!(
        stores_of(&browser, &home_b),
        first_b,
        "{:?}",
        stores(&browser)
    );

    stop.store(true, Ordering::SeqCst);
    let _ = std::net::TcpStream::connect(("127.0.0.1", port));
    handle.join().unwrap();
}

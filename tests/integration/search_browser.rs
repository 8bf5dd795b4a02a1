//! Search in the built site, opened from disk in headless Chromium: what a responder types and
//! what comes first.

use std::time::{Duration, Instant};

use serde_json::json;

use super::harness::{Site, built_repository_site};
use super::webdriver::Browser;

const ARROW_DOWN: &str = "\u{E015}";
const ENTER: &str = "\u{E007}";

fn open(browser: &Browser, dir: &tempfile::TempDir, page: &str) {
    browser.goto(&format!("file://{}/site/{page}", dir.path().display()));
}

/// Titles of the results shown in `container`, without their section names.
fn results(browser: &Browser, container: &str) -> Vec<String> {
    let script = format!(
        "return Array.from(document.querySelectorAll('{container} .search-result .search-result-title')).map(e => Array.from(e.childNodes).filter(n => !(n.classList && n.classList.contains('search-result-section'))).map(n => n.textContent).join(''));"
    );
    let value = browser.eval(&script, json!([]));
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Types `query` into the box at the top and returns the result titles once they settle on
/// something with `expected_first` first (or after five seconds).
fn search(browser: &Browser, query: &str, expected_first: &str) -> Vec<String> {
    let input = browser.find(".topbar .search-box input");
    browser.eval(
        "document.querySelector('.topbar .search-box input').value = ''; return true;",
        json!([]),
    );
    browser.type_text(&input, query);
    let started = Instant::now();
    loop {
        let titles = results(browser, ".topbar");
        if titles.first().is_some_and(|t| t.contains(expected_first))
            || started.elapsed() > Duration::from_secs(5)
        {
            return titles;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn typical_queries_put_the_right_page_first() {
    let site = built_repository_site();
    let browser = Browser::start();
    open(&browser, &site, "index.html");
    for (query, first) in [
        ("lockout", "Account access lockout"),
        ("lock", "Account access lockout"),
        ("escal", "Know the escalation path"),
        ("invocie", "Billing dispute"),
        ("charged", "Billing dispute"),
        ("AccessDenied", "Account access lockout"),
        ("RegionLatencySkew", "Regional performance slowdown"),
        ("BillingAnomaly", "Billing anomaly"),
        ("BudgetExceeded", "Billing dispute or unexpected charges"),
        ("locked out", "Account access lockout"),
        ("5xx", "High error rate"),
        ("régional slowdown", "Regional performance slowdown"),
    ] {
        let titles = search(&browser, query, first);
        assert!(
            titles.first().is_some_and(|t| t.contains(first)),
            "'{query}': expected '{first}' first, got {titles:?}"
        );
    }
}

#[test]
fn a_quoted_phrase_matches_only_pages_with_that_phrase() {
    let site = built_repository_site();
    let browser = Browser::start();
    open(&browser, &site, "index.html");
    let titles = search(&browser, "\"proof of ownership\"", "Account access lockout");
    assert_eq!(
        titles,
        ["Account access lockout"],
        "only the page with the exact phrase"
    );
}

/// A quoted phrase matches a page's tags, alert names and old addresses as it matches its text.
#[test]
fn a_quoted_phrase_finds_a_tag() {
    let site = Site::with(&[
        (
            "content/index.md",
            "# Home
",
        ),
        (
            "content/lockout.md",
            "+++\ntitle = \"Lockout\"\ntags = [\"access denied\"]\n+++\nWhen nobody can sign in.\n",
        ),
        (
            "content/other.md",
            "# Other\n\nAccess to the vault was denied once.\n",
        ),
    ]);
    site.build_ok();
    let browser = Browser::start();
    browser.goto(&format!(
        "file://{}/public/index.html",
        site.root().display()
    ));
    let titles = search(&browser, "\"access denied\"", "Lockout");
    assert_eq!(titles, ["Lockout"], "only the page tagged with the phrase");
}

#[test]
fn filter_chips_narrow_the_results() {
    let site = built_repository_site();
    let browser = Browser::start();
    open(&browser, &site, "index.html");
    let all = search(&browser, "billing", "Billing dispute");
    assert!(all.len() >= 2, "{all:?}");
    let template_chip =
        browser.find(".topbar .search-chip[data-filter='kind'][data-value='template']");
    browser.click(&template_chip);
    let started = Instant::now();
    loop {
        let kinds = browser.eval(
            "return Array.from(document.querySelectorAll('.topbar .search-result .badge-kind')).map(e => e.textContent);",
            json!([]),
        );
        let kinds: Vec<String> = serde_json::from_value(kinds).unwrap_or_default();
        if !kinds.is_empty() && kinds.iter().all(|k| k == "template") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the filter left {kinds:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn keyboard_picks_a_result_and_results_deep_link_to_the_heading() {
    let site = built_repository_site();
    let browser = Browser::start();
    open(&browser, &site, "index.html");
    // `/` focuses the box from anywhere on the page.
    let body = browser.find("body");
    browser.type_text(&body, "/");
    assert_eq!(
        browser.eval("return document.activeElement.type;", json!([])),
        json!("search")
    );
    let input = browser.find(".topbar .search-box input");
    search(&browser, "case with the provider", "");
    browser.type_text(&input, ARROW_DOWN);
    let href = browser.eval(
        "return document.querySelector('.search-result[aria-selected=true]').href;",
        json!([]),
    );
    browser.type_text(&input, ENTER);
    let started = Instant::now();
    while browser.url() != href.as_str().unwrap_or_default() {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "Enter did not open {href}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        browser.url().contains(".html#"),
        "a result inside a section links to its heading: {}",
        browser.url()
    );
}

#[test]
fn the_search_page_opens_with_the_query_from_its_address() {
    let site = built_repository_site();
    let browser = Browser::start();
    open(&browser, &site, "dontpanic/search.html?q=lockout");
    let started = Instant::now();
    loop {
        let titles = results(&browser, "#search-page");
        if titles
            .first()
            .is_some_and(|t| t.contains("Account access lockout"))
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "search page showed {titles:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = browser.text(&browser.find("#search-page .search-status"));
    assert!(status.contains("result"), "{status}");
}

#[test]
fn page_text_is_shown_as_text_and_never_run() {
    let site = Site::with(&[
        ("content/_index.md", "# Home\n"),
        (
            "content/evil.md",
            "+++\ntitle = \"<img src=x onerror=\\\"window.__pwned=1\\\">\"\n+++\nDanger <script>window.__pwned=2</script> zebrafish here.\n",
        ),
    ]);
    site.build_ok();
    let browser = Browser::start();
    browser.goto(&format!(
        "file://{}/public/index.html",
        site.root().display()
    ));
    let titles = search(&browser, "zebrafish", "<img");
    assert!(
        titles.first().is_some_and(|t| t.contains("<img src=x")),
        "{titles:?}"
    );
    let injected = browser.eval(
        "return document.querySelectorAll('.search-list img, .search-list script').length;",
        json!([]),
    );
    assert_eq!(injected, json!(0));
    assert_eq!(
        browser.eval("return window.__pwned === undefined;", json!([])),
        json!(true)
    );
}

#[test]
fn the_browser_and_the_build_make_the_same_terms() {
    let site = built_repository_site();
    let browser = Browser::start();
    open(&browser, &site, "index.html");
    let words = [
        "charges",
        "charged",
        "charging",
        "Policies",
        "invoices",
        "stopped",
        "lockout",
        "status",
        "addresses",
        "boxes",
        "Ärger",
        "CAFÉ",
        "naïve",
        "AccessDenied",
        "ERR_QUOTA_EXCEEDED",
        "HTTP",
        "503",
        "eu",
        "p95",
        "caching",
        "used",
        "is",
        "bus",
        "glass",
        "riches",
        "matches",
        "filling",
        "buzzed",
    ];
    let from_browser = browser.eval(
        "return arguments[0].map(w => window.dontpanicSearch.term(w));",
        json!([words]),
    );
    let from_build: Vec<String> = words
        .iter()
        .map(|w| dontpanic::search::text::terms(w)[0].text.clone())
        .collect();
    assert_eq!(from_browser, json!(from_build));
}

//! The built repository site opened from disk in headless Chromium: navigation, theme toggle,
//! copy buttons, and no request leaving the page.

use super::harness::{repo_root, run_in};
use super::webdriver::Browser;

fn built_site() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let run = run_in(
        &repo_root(),
        &["build", "-o", out.path().join("site").to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    out
}

fn file_url(dir: &tempfile::TempDir, page: &str) -> String {
    format!("file://{}/site/{page}", dir.path().display())
}

/// What a reader sees: the page heading, and whether the browser shows a folder listing.
fn heading(browser: &Browser) -> String {
    let h1 = browser.find("main h1");
    browser.text(&h1)
}

#[test]
fn navigation_links_open_pages_from_disk() {
    let site = built_site();
    let browser = Browser::start();
    browser.goto(&file_url(&site, "index.html"));
    assert_eq!(heading(&browser), "Don't Panic");

    let top_level = browser.find_all(".sidebar .nav-tree > li > a").len();
    assert!(
        top_level >= 4,
        "only {top_level} top-level navigation links"
    );
    let mut visited = 0;
    for i in 0..top_level {
        browser.goto(&file_url(&site, "index.html"));
        let link = browser.find_all(".sidebar .nav-tree > li > a")[i].clone();
        let title = browser.text(&link);
        browser.click(&link);
        let url = browser.url();
        assert!(url.ends_with(".html"), "{title} opened {url}, not a page");
        assert_eq!(
            heading(&browser),
            title,
            "clicking '{title}' shows its page"
        );
        // The section now shows its pages in the sidebar: follow the first one too.
        let children = browser.find_all(".sidebar .nav-item.open > ul > li > a");
        assert!(
            !children.is_empty(),
            "section '{title}' lists no pages in the navigation"
        );
        let child_title = browser.text(&children[0]);
        browser.click(&children[0]);
        assert_eq!(heading(&browser), child_title);
        let crumbs = browser.find_all(".breadcrumbs a");
        assert_eq!(
            browser.text(crumbs.last().unwrap()),
            title,
            "breadcrumbs lead back to '{title}'"
        );
        visited += 2;
    }
    assert!(visited >= 8);
}

#[test]
fn next_links_walk_the_whole_site_and_nothing_loads_from_elsewhere() {
    let site = built_site();
    let browser = Browser::start();
    browser.goto(&file_url(&site, "playbooks/index.html"));
    let mut seen = Vec::new();
    for _ in 0..200 {
        let url = browser.url();
        assert!(!seen.contains(&url), "the next links loop back to {url}");
        let foreign = browser.eval(
            "return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith('file://'));",
            serde_json::json!([]),
        );
        assert_eq!(
            foreign,
            serde_json::json!([]),
            "{url} loaded from elsewhere"
        );
        seen.push(url);
        let next = browser.find_all(".pager-next");
        let Some(next) = next.first() else { break };
        browser.click(next);
    }
    let pages = std::fs::read_dir(site.path().join("site/playbooks"))
        .unwrap()
        .count();
    assert!(seen.len() > pages, "walked only {} pages", seen.len());
}

#[test]
fn theme_choice_is_remembered_across_pages() {
    let site = built_site();
    let browser = Browser::start();
    browser.goto(&file_url(&site, "index.html"));
    let toggle = browser.find(".theme-toggle");
    assert_eq!(
        browser.property(&toggle, "hidden"),
        serde_json::json!(false),
        "toggle is shown once scripts run"
    );
    let before = browser.eval(
        "return getComputedStyle(document.body).backgroundColor;",
        serde_json::json!([]),
    );
    browser.click(&toggle);
    let chosen = browser.eval(
        "return document.documentElement.dataset.theme;",
        serde_json::json!([]),
    );
    let after = browser.eval(
        "return getComputedStyle(document.body).backgroundColor;",
        serde_json::json!([]),
    );
    assert_ne!(before, after, "the page changed colour");
    browser.goto(&file_url(&site, "playbooks/regional-slowdown.html"));
    let kept = browser.eval(
        "return document.documentElement.dataset.theme;",
        serde_json::json!([]),
    );
    assert_eq!(kept, chosen);
}

#[test]
fn code_blocks_get_a_working_copy_button() {
    let site = built_site();
    let browser = Browser::start();
    browser.goto(&file_url(&site, "templates/incident-packet.html"));
    let button = browser.find(".code-block .copy-code");
    assert_eq!(
        browser.property(&button, "hidden"),
        serde_json::json!(false)
    );
    browser.click(&button);
    let label = browser.text(&button);
    assert!(
        label == "Copied" || label == "Select and copy",
        "button says {label}"
    );
}

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
pub(super) fn results(browser: &Browser, container: &str) -> Vec<String> {
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

/// The URLs of the first `limit` results for `query`, as the search box ranks them.
pub(super) fn result_urls(browser: &Browser, limit: usize, query: &str) -> Vec<String> {
    let value = browser.eval_async(
        "var done = arguments[arguments.length - 1];
         window.dontpanicSearch.query(arguments[1], arguments[0]).then(function (found) {
           done(found.results.map(function (r) { return r.url; }));
         });",
        json!([limit, query]),
    );
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
pub(super) fn search(browser: &Browser, query: &str, expected_first: &str) -> Vec<String> {
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
        // Misspelt words whose stems are far from the right ones.
        ("escalaton", "Know the escalation path"),
        ("acount lokcout", "Account access lockout"),
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
    search(&browser, "crypto mining", "");
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

/// The word cases the browser's rules are unit-tested on (tests/js/text.test.js) are the
/// build's terms too, so the two sides agree on them without a browser.
#[test]
fn the_terms_the_script_tests_expect_are_the_builds() {
    let text =
        std::fs::read_to_string(super::harness::repo_root().join("tests/js/terms.json")).unwrap();
    let cases: serde_json::Value = serde_json::from_str(&text).unwrap();
    let cases = cases["terms"].as_array().unwrap();
    assert!(cases.len() > 100, "{} cases", cases.len());
    let differ: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let (word, expected) = (case[0].as_str().unwrap(), case[1].as_str().unwrap());
            let made = &dontpanic::search::text::terms(word)[0].text;
            (made != expected)
                .then(|| format!("{word}: build {made}, tests/js/terms.json {expected}"))
        })
        .collect();
    assert!(differ.is_empty(), "{differ:#?}");
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
    // And every word the shipped site's pages use.
    let mut all: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    let mut seen = std::collections::BTreeSet::new();
    for entry in walkdir::WalkDir::new(super::harness::repo_root().join("content")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            for token in dontpanic::search::text::tokens(&text) {
                if seen.insert(token.to_string()) {
                    all.push(token.to_string());
                }
            }
        }
    }
    assert!(all.len() > 1000, "{} words", all.len());
    let from_browser = browser.eval(
        "return arguments[0].map(w => window.dontpanicSearch.term(w));",
        json!([all]),
    );
    let from_build: Vec<String> = all
        .iter()
        .map(|w| dontpanic::search::text::terms(w)[0].text.clone())
        .collect();
    let from_browser: Vec<String> = serde_json::from_value(from_browser).unwrap();
    let differ: Vec<String> = all
        .iter()
        .zip(from_build.iter().zip(&from_browser))
        .filter(|(_, (a, b))| a != b)
        .map(|(w, (a, b))| format!("{w}: build {a}, browser {b}"))
        .collect();
    assert!(differ.is_empty(), "{differ:#?}");
    // Text written without spaces is cut into the same pairs of characters on both sides,
    // whatever script, and mixed with Latin words and identifiers.
    let texts = [
        "账户被锁定，无法登录控制台",
        "アカウントがロックされました",
        "サーバーのディスクがいっぱい",
        "AWS账户 ERR_QUOTA_EXCEEDED 超出配额",
        "계정 잠금 해제",
        "锁",
        "ガ\u{3099}ス カ\u{3099}ス",
        "証明書の期限切れ eu-west-1",
    ];
    let from_browser = browser.eval(
        "return arguments[0].map(t => window.dontpanicSearch.text.textTerms(t).join(' '));",
        json!([texts]),
    );
    let from_build: Vec<String> = texts
        .iter()
        .map(|t| dontpanic::search::text::query_terms(t).join(" "))
        .collect();
    assert_eq!(from_browser, json!(from_build));
    // The vocabulary's terms the build ships are the ones the browser would make.
    let vocabulary = dontpanic::search::vocabulary::builtin();
    let entries: Vec<&String> = vocabulary.groups.values().flatten().collect();
    let from_browser = browser.eval_async(
        "var done = arguments[arguments.length - 1];
         var s = window.dontpanicSearch, entries = arguments[0];
         s.query('lockout', 8).then(function () { done(entries.map(s.phraseTerms)); });",
        json!([entries]),
    );
    let from_build: Vec<String> = entries
        .iter()
        .map(|e| dontpanic::search::entry_terms(e, &vocabulary.fillers))
        .collect();
    assert_eq!(from_browser, json!(from_build));
}

#[test]
fn a_vocabulary_phrase_no_page_has_is_read_as_its_words() {
    // "out of memory" is a phrase of the built-in vocabulary; neither it nor its group's other
    // entries are on any page, but "memory" is.
    let site = Site::with(&[
        ("content/_index.md", "# Home\n"),
        (
            "content/memory.md",
            "# Memory overcommit\n\nPods ask for more memory than there is; the kernel kills the biggest process on a node when memory runs low.\n",
        ),
        ("content/disk.md", "# Disk\n\nThe disk is out of space.\n"),
        // Matches "node" and "out" in its title, but is not about memory.
        (
            "content/files.md",
            "# Node almost out of files\n\nThe node has used its inodes.\n",
        ),
    ]);
    site.build_ok();
    let browser = Browser::start();
    browser.goto(&format!(
        "file://{}/public/index.html",
        site.root().display()
    ));
    let found = result_urls(&browser, 5, "out of memory");
    assert_eq!(found[0], "memory.html", "{found:?}");
    // The phrase is read as the word it shares with its group ("memory pressure"), not as
    // "out" too, which every other thing running out has: the page with "node" and "out" in
    // its title comes after the one about memory.
    let found = result_urls(&browser, 5, "node out of memory");
    assert_eq!(found[0], "memory.html", "{found:?}");
}

#[test]
fn every_group_of_the_built_in_vocabulary_joins_its_words() {
    // One page per group, written with the group's first entry only; a query for any other
    // entry of the group finds it.
    let vocabulary = dontpanic::search::vocabulary::builtin();
    let mut files = vec![("content/_index.md".to_string(), "# Home\n".to_string())];
    for (name, group) in &vocabulary.groups {
        files.push((
            format!("content/{name}.md"),
            format!("# Group {name}\n\nThe page says {}.\n", group[0]),
        ));
    }
    let site = Site::with_owned(&files);
    site.build_ok();
    let browser = Browser::start();
    browser.goto(&format!(
        "file://{}/public/index.html",
        site.root().display()
    ));
    let mut failures = Vec::new();
    for (name, group) in &vocabulary.groups {
        for entry in &group[1..] {
            let found = result_urls(&browser, 50, entry);
            let url = format!("{name}.html");
            if !found.contains(&url) {
                failures.push(format!("{name}: '{entry}' does not find '{}'", group[0]));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Types `query` into the box at the top and waits until `script` (a function body over the
/// top bar's result list, `arguments[0]`) returns true.
fn type_until(browser: &Browser, query: &str, script: &str, what: &str) {
    let input = browser.find(".topbar .search-box input");
    browser.eval(
        "document.querySelector('.topbar .search-box input').value = ''; return true;",
        json!([]),
    );
    browser.type_text(&input, query);
    browser.wait_for(
        &format!(
            "return (function () {{ {script} }})(document.querySelector('.topbar .search-list'));"
        ),
        what,
    );
}

#[test]
fn a_word_no_page_uses_leaves_the_pages_that_match_the_others_with_a_note() {
    let site = built_repository_site();
    let browser = Browser::start();
    open(&browser, &site, "index.html");
    type_until(
        &browser,
        "renewal zebra",
        "var n = arguments[0].querySelector('.search-note'); return !!n && arguments[0].querySelectorAll('.search-result').length > 0;",
        "results with a note",
    );
    let note = browser.text(&browser.find(".topbar .search-note"));
    assert_eq!(
        note,
        "Showing pages that match 1 of 2 words: zebra not found."
    );
}

#[test]
fn a_misspelling_that_finds_nothing_offers_a_word_and_the_playbooks() {
    let site = built_repository_site();
    let browser = Browser::start();
    open(&browser, &site, "index.html");
    type_until(
        &browser,
        "lcokout",
        "return !!arguments[0].querySelector('.search-suggestion-link');",
        "a suggestion",
    );
    let empty = browser.text(&browser.find(".topbar .search-empty"));
    assert!(empty.contains("No page matches “lcokout”."), "{empty}");
    assert!(empty.contains("Did you mean lockout?"), "{empty}");
    assert!(
        empty.contains("Start from a scenario playbook:")
            && empty.contains("Regional performance slowdown")
            && empty.contains("Suspected security incident"),
        "{empty}"
    );
    browser.click(&browser.find(".topbar .search-suggestion-link"));
    browser.wait_for(
        "var t = document.querySelector('.topbar .search-result .search-result-title'); return !!t && t.textContent.indexOf('Account access lockout') === 0;",
        "the suggestion's results",
    );
}

#[test]
fn contacts_are_found_by_name_role_and_number() {
    let site = built_repository_site();
    let browser = Browser::start();
    open(&browser, &site, "index.html");
    // Each result links to the row of the person the query names.
    for (query, row) in [
        ("0142", "contact-dana"),
        ("mei tanaka", "contact-mei"),
        ("security lead phone", "contact-mei"),
    ] {
        type_until(
            &browser,
            query,
            &format!(
                "var a = arguments[0].querySelector('.search-result'); return !!a && a.textContent.indexOf('Contacts and escalation') === 0 && a.getAttribute('href') === 'operations/contacts.html#{row}';"
            ),
            &format!("'{query}' finding the contacts page at {row}"),
        );
    }
}

#[test]
fn a_runbook_found_by_its_title_shows_its_first_step() {
    let site = built_repository_site();
    let browser = Browser::start();
    open(&browser, &site, "index.html");
    type_until(
        &browser,
        "high error rate",
        "return !!arguments[0].querySelector('.search-result-step');",
        "a first step under the runbook",
    );
    let step = browser.text(&browser.find(".topbar .search-result-step"));
    assert!(step.starts_with("First step: "), "{step}");
    let marked = browser.eval(
        "return Array.from(document.querySelectorAll('.topbar .search-result:first-child .search-result-title mark')).map(m => m.textContent);",
        json!([]),
    );
    assert_eq!(marked, json!(["High", "error", "rate"]));
}

#[test]
fn filters_are_grouped_labelled_and_in_order_and_the_search_page_has_one_box() {
    let site = built_repository_site();
    let browser = Browser::start();
    open(&browser, &site, "dontpanic/search.html?q=incident");
    browser.wait_for(
        "return document.querySelectorAll('#search-page .search-chip-group').length === 3;",
        "three filter groups",
    );
    let groups = browser.eval(
        "return Array.from(document.querySelectorAll('#search-page .search-chip-group')).map(function (g) {
           return [g.querySelector('.search-chip-label').textContent].concat(Array.from(g.querySelectorAll('.search-chip')).map(function (c) { return c.textContent; }));
         });",
        json!([]),
    );
    assert_eq!(groups[0][0], "Kind");
    assert_eq!(groups[1], json!(["Severity", "sev1", "sev2", "sev3"]));
    assert_eq!(groups[2][0], "Service");
    let services: Vec<String> = serde_json::from_value(groups[2].clone()).unwrap();
    assert!(
        services.contains(&"Cloud account and support contract".to_string()),
        "{services:?}"
    );
    let mut sorted = services[1..].to_vec();
    sorted.sort_by_key(|s| s.to_lowercase());
    assert_eq!(services[1..], sorted[..], "services by name");
    let visible_boxes = browser.eval(
        "return Array.from(document.querySelectorAll('.search-box input[type=search]')).filter(function (i) { return getComputedStyle(i).visibility !== 'hidden' && i.offsetParent !== null; }).length;",
        json!([]),
    );
    assert_eq!(visible_boxes, json!(1));
}

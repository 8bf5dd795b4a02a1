//! Search quality on the shipped site: the responder queries of `tests/search/queries.toml`,
//! run in headless Chromium against the built site opened from disk, scored as the benchmark
//! says (first = 1, top three = 0.5) and printed, so a change that helps one phrasing and hurts
//! another shows.

use serde::Deserialize;

use super::harness::{built_repository_site, repo_root};
use super::search_browser::result_urls;
use super::webdriver::Browser;

#[derive(Deserialize)]
struct Query {
    query: String,
    expect: Vec<String>,
}

#[derive(Deserialize)]
struct Sets {
    shared: Vec<Query>,
    own: Vec<Query>,
}

fn sets() -> Sets {
    let text = std::fs::read_to_string(repo_root().join("tests/search/queries.toml")).unwrap();
    toml::from_str(&text).unwrap()
}

/// Scores a set and prints each query's outcome; returns the score in halves.
fn score(browser: &Browser, name: &str, queries: &[Query]) -> u32 {
    let mut halves = 0;
    println!("search benchmark, {name} queries:");
    for q in queries {
        let urls = result_urls(browser, 8, &q.query);
        let at = urls.iter().position(|u| q.expect.iter().any(|e| e == u));
        let points = match at {
            Some(0) => 2,
            Some(1 | 2) => 1,
            _ => 0,
        };
        halves += points;
        println!(
            "  {:>3}  {:<40} {}",
            ["0", "0.5", "1"][points as usize],
            q.query,
            urls.iter().take(3).cloned().collect::<Vec<_>>().join("  ")
        );
    }
    println!("  score: {} of {}", halves as f64 / 2.0, queries.len());
    halves
}

#[test]
fn responder_queries_find_the_right_page() {
    let site = built_repository_site();
    let browser = Browser::start();
    browser.goto(&format!("file://{}/site/index.html", site.path().display()));
    let sets = sets();
    let shared = score(&browser, "shared", &sets.shared);
    let own = score(&browser, "own", &sets.own);
    // The targets: at least 18 of 20 in each set.
    assert!(
        shared >= 36,
        "shared queries scored {} of 20",
        shared as f64 / 2.0
    );
    assert!(own >= 36, "own queries scored {} of 20", own as f64 / 2.0);
}

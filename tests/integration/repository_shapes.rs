//! One repository of each shape teams bring (MkDocs, Hugo, mdBook, plain GitHub), as
//! `tests/fixtures/repos/` holds them, built as they are: no `dontpanic.toml`, no edit. Each
//! builds without a warning, reads as it did in its old tool, and works opened from disk.

use std::path::Path;

use serde_json::json;

use super::harness::{Run, repo_root, run_in};
use super::webdriver::Browser;

/// A copy of the fixture repository `name`, so that building it writes nothing into the tree.
fn repository(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(
        &repo_root().join("tests/fixtures/repos").join(name),
        dir.path(),
    );
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn build_clean(dir: &Path) -> Run {
    let run = run_in(dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    run
}

fn output(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join("public").join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The sidebar's entries, in order, as text.
fn sidebar(html: &str) -> Vec<String> {
    let nav = &html[html.find("class=\"nav-tree\"").expect("a sidebar")..];
    let nav = &nav[..nav.find("</nav>").unwrap_or(nav.len())];
    nav.split("<a ")
        .skip(1)
        .filter_map(|a| {
            let text = &a[a.find('>')? + 1..];
            Some(text[..text.find('<')?].trim().to_string())
        })
        .collect()
}

#[test]
fn an_mkdocs_repository_keeps_its_nav_settings_and_syntax() {
    let repo = repository("mkdocs");
    build_clean(repo.path());
    let home = output(repo.path(), "index.html");
    assert!(
        home.contains("<title>Payments on-call"),
        "mkdocs.yml's site_name"
    );
    let page = output(repo.path(), "alerts/disk-full.html");
    assert_eq!(
        sidebar(&page),
        [
            "Before an incident",
            "Alerts",
            "Disk almost full",
            "API latency"
        ],
        "the nav's order and titles"
    );
    let roles = output(repo.path(), "before/roles.html");
    assert_eq!(
        sidebar(&roles),
        ["Before an incident", "Roles", "Support tiers", "Alerts"]
    );
    assert!(page.contains("class=\"callout callout-caution\""), "{page}");
    assert!(
        page.contains("<strong>Linux</strong>") && page.contains("<strong>Kubernetes</strong>")
    );
    assert!(
        page.contains("Page the <strong>payments on-call</strong> first"),
        "the snippet"
    );
    assert!(
        !page.contains("--8&lt;--") && !page.contains("{:"),
        "{page}"
    );
    assert!(roles.contains("<details"), "a folding admonition");
    assert!(!roles.contains("*[SLO]"), "abbreviations are not text");
    assert!(page.contains(
        "https://github.com/example/payments-runbooks/edit/main/docs/alerts/disk-full.md"
    ));

    // `import` writes the same settings into a dontpanic.toml, and says what it left out.
    let import = run_in(repo.path(), &["import", "mkdocs"]);
    assert_eq!(import.code, 0, "{}", import.stderr);
    let config = std::fs::read_to_string(repo.path().join("dontpanic.toml")).unwrap();
    assert!(config.contains("content_dir = \"docs\"\n"), "{config}");
    assert!(config.contains("base_url = \"https://ops.example.com/payments/\"\n"));
    assert!(config.contains("old_addresses = \"mkdocs\""), "{config}");
    assert!(import.stderr.contains("Not carried over (the look and plugins of mkdocs): theme, nav: 1 link(s) to other sites"), "{}", import.stderr);
    build_clean(repo.path());
    let old = output(repo.path(), "before/roles/index.html");
    assert!(old.contains("url=../roles.html"), "MkDocs' address: {old}");
    let again = run_in(repo.path(), &["import", "mkdocs"]);
    assert_eq!(again.code, 2, "an existing config is never replaced");
}

#[test]
fn a_hugo_repository_keeps_its_shortcodes_weights_and_addresses() {
    let repo = repository("hugo");
    build_clean(repo.path());
    let page = output(repo.path(), "docs/database/failover.html");
    assert!(
        page.contains("class=\"callout callout-caution\""),
        "hint danger: {page}"
    );
    assert!(page.contains("<strong>AWS</strong>") && page.contains("<strong>GCP</strong>"));
    assert!(!page.contains("{{&lt;") && !page.contains("{{<"), "{page}");
    assert!(
        page.contains("href=\"replication-lag.html\""),
        "ref to a page"
    );
    let home = output(repo.path(), "index.html");
    assert!(
        home.contains("Ask in #platform-oncall"),
        "param from hugo.toml"
    );
    assert!(home.contains("href=\"docs/database/failover.html\""));
    assert_eq!(sidebar(&page)[..3], ["Runbooks", "Database", "Failover"]);
    let lag = output(repo.path(), "docs/database/replication-lag.html");
    assert!(
        lag.contains("src=\"../../images/lag.svg\""),
        "static/ file: {lag}"
    );
    assert!(
        lag.contains("href=\"failover.html\""),
        "a link relative to Hugo's page address"
    );
    let alias = output(repo.path(), "runbooks/db-failover/index.html");
    assert!(alias.contains("failover.html"), "{alias}");
    // Hugo's own addresses, lower case, keep working: links written for them resolve, and
    // the old address redirects (alert rules and bookmarks use it).
    let network = output(repo.path(), "docs/network/index.html");
    assert!(
        network.contains("href=\"DNSLatencyHigh.html\""),
        "{network}"
    );
    let old = output(repo.path(), "docs/network/dnslatencyhigh/index.html");
    assert!(old.contains("url=../DNSLatencyHigh.html"), "{old}");
    let old = output(repo.path(), "docs/database/failover/index.html");
    assert!(old.contains("url=../failover.html"), "{old}");
}

#[test]
fn an_mdbook_follows_its_summary_and_includes() {
    let repo = repository("mdbook");
    build_clean(repo.path());
    let page = output(repo.path(), "incidents/bucket-unreachable.html");
    assert_eq!(
        sidebar(&page),
        [
            "Incidents",
            "Bucket unreachable",
            "Slow uploads",
            "Multipart uploads stuck",
            "Glossary"
        ],
        "SUMMARY.md's order"
    );
    assert!(page.contains("http_code"), "the included lines: {page}");
    assert!(
        page.contains("Read before you act"),
        "an admonish block: {page}"
    );
    assert!(
        !page.contains("{{#include") && !page.contains("ANCHOR"),
        "{page}"
    );
    assert!(
        !repo.path().join("public/SUMMARY.html").exists(),
        "the summary is not a page"
    );
    let home = output(repo.path(), "index.html");
    assert!(
        home.contains("<title>Storage on-call book"),
        "book.toml's title"
    );
    assert!(
        home.contains("class=\"callout callout-important\""),
        "{home}"
    );
}

#[test]
fn a_github_repository_links_to_its_own_files() {
    let repo = repository("github");
    // A clone: its origin names the hosted repository.
    std::fs::create_dir(repo.path().join(".git")).unwrap();
    std::fs::write(
        repo.path().join(".git/config"),
        "[remote \"origin\"]\n\turl = git@github.com:example/ops.git\n",
    )
    .unwrap();
    std::fs::write(repo.path().join(".git/HEAD"), "ref: refs/heads/trunk\n").unwrap();
    let run = run_in(repo.path(), &["build", "--content", "docs"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let page = output(repo.path(), "runbooks/cert-expiry.html");
    assert!(
        page.contains("href=\"https://github.com/example/ops/blob/trunk/scripts/renew-cert.sh\""),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"queue-backlog.html#drain\"><img src=\"lock.svg\""),
        "raw HTML links: {page}"
    );
    assert!(page.contains("class=\"callout callout-warning\""));
    let index = output(repo.path(), "index.html");
    assert!(!index.contains("_TOC_"));
    assert!(
        index.contains("href=\"runbooks/queue-backlog.html\""),
        "a repository-root link"
    );
}

/// Opened from disk, each shows its callouts and tabs, and a link leads to its page.
#[test]
fn every_shape_works_opened_from_disk() {
    let browser = Browser::start();
    for (name, page, link, lands_on) in [
        (
            "mkdocs",
            "alerts/disk-full.html",
            "a[href='api-latency.html']",
            "API latency",
        ),
        (
            "hugo",
            "docs/database/failover.html",
            "a[href='replication-lag.html']",
            "Replication lag",
        ),
        (
            "mdbook",
            "incidents/bucket-unreachable.html",
            ".content a[href='slow-uploads.html']",
            "Slow uploads",
        ),
        (
            "github",
            "runbooks/cert-expiry.html",
            "a[href='queue-backlog.html#drain']",
            "Queue backlog",
        ),
    ] {
        let repo = repository(name);
        let content = if name == "github" { "docs" } else { "" };
        let args: Vec<&str> = if content.is_empty() {
            vec!["build"]
        } else {
            vec!["build", "--content", content]
        };
        let run = run_in(repo.path(), &args);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        browser.goto(&format!("file://{}/public/{page}", repo.path().display()));
        browser.wait_for("return document.readyState === 'complete';", "the page");
        let shown = browser.eval(
            "var c = document.querySelector('.callout');
             return { callout: !!c && c.getBoundingClientRect().height > 0,
                      text: document.querySelector('.content').innerText };",
            json!([]),
        );
        assert_eq!(shown["callout"], json!(true), "{name}: a visible callout");
        let text = shown["text"].as_str().unwrap_or_default();
        assert!(
            !text.contains("{{") && !text.contains("!!!") && !text.contains("--8<--"),
            "{name}: {text}"
        );
        browser.click(&browser.find(link));
        browser.wait_for(
            &format!("return document.querySelector('h1') && document.querySelector('h1').textContent.includes({:?});", lands_on),
            &format!("{name}: the linked page"),
        );
    }
}

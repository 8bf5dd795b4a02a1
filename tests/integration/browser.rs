//! The built repository site opened from disk in headless Chromium: navigation, theme toggle,
//! copy buttons, and no request leaving the page.

use super::harness::built_repository_site;
use super::webdriver::Browser;

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
    let site = built_repository_site();
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
        let is_section = browser.find_all(".sidebar .nav-tree > li")[i].clone();
        let is_section = browser
            .property(&is_section, "className")
            .as_str()
            .unwrap_or("")
            .contains("nav-section");
        browser.click(&link);
        let url = browser.url();
        assert!(url.ends_with(".html"), "{title} opened {url}, not a page");
        assert_eq!(
            heading(&browser),
            title,
            "clicking '{title}' shows its page"
        );
        visited += 1;
        if !is_section {
            continue;
        }
        // The section now shows its pages in the sidebar: follow the first one too.
        let children = browser.find_all(".sidebar .nav-section.open > ul > li > a");
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
        visited += 1;
    }
    assert!(visited >= 8);
}

#[test]
fn next_links_walk_the_whole_site_and_nothing_loads_from_elsewhere() {
    let site = built_repository_site();
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
    let site = built_repository_site();
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
    // Chromium stores the choice asynchronously; a page opened a moment later must have it.
    let url = file_url(&site, "playbooks/regional-slowdown.html");
    let kept = format!("return document.documentElement.dataset.theme === {chosen};");
    browser.reopen_until(&url, &kept, "the theme choice");
}

#[test]
fn code_blocks_get_a_working_copy_button() {
    let site = built_repository_site();
    let browser = Browser::start();
    browser.goto(&file_url(&site, "templates/status-update.html"));
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

fn live_site() -> super::harness::Site {
    let long_body: String = (1..=80)
        .map(|i| format!("Paragraph {i} of the runbook.\n\n"))
        .collect();
    super::harness::Site::with(&[
        ("content/_index.md", "# Home\n"),
        (
            "content/disk.md",
            &format!("# Disk full\n\nOriginal text.\n\n{long_body}"),
        ),
        (
            "themes/default/static/assets/style.css",
            "body { background: rgb(250, 250, 250); }\n",
        ),
    ])
}

#[test]
fn an_open_page_shows_an_edit_by_itself_and_keeps_its_scroll_position() {
    let site = live_site();
    let preview = super::serve_harness::Preview::start(site.root(), &[]);
    let browser = Browser::start();
    browser.goto(&format!("http://127.0.0.1:{}/disk.html", preview.port));
    browser.wait_for(
        "return document.body.innerText.includes('Original text.');",
        "first load",
    );
    // Let the page open its live-reload stream, then scroll down.
    browser.wait_for(
        "window.scrollTo(0, 1500); return window.scrollY > 1000;",
        "scrolling",
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    let long_body: String = (1..=80)
        .map(|i| format!("Paragraph {i} of the runbook.\n\n"))
        .collect();
    site.write(
        "content/disk.md",
        &format!("# Disk full\n\nEdited text.\n\n{long_body}"),
    );
    browser.wait_for(
        "return document.body.innerText.includes('Edited text.');",
        "the edit showing up",
    );
    browser.wait_for(
        "return window.scrollY > 1000;",
        "the scroll position coming back",
    );
}

#[test]
fn a_stylesheet_change_applies_without_a_reload() {
    let site = live_site();
    let preview = super::serve_harness::Preview::start(site.root(), &[]);
    let browser = Browser::start();
    browser.goto(&format!("http://127.0.0.1:{}/disk.html", preview.port));
    browser.wait_for("return document.readyState === 'complete';", "first load");
    browser.eval(
        "window.__notReloaded = true; return true;",
        serde_json::json!([]),
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    // An edit of the theme's stylesheet, which every page links.
    site.write(
        "themes/default/static/assets/style.css",
        "body { background: rgb(1, 2, 3); }\n",
    );
    browser.wait_for(
        "return getComputedStyle(document.body).backgroundColor === 'rgb(1, 2, 3)';",
        "the new stylesheet applying",
    );
    assert_eq!(
        browser.eval(
            "return window.__notReloaded === true;",
            serde_json::json!([])
        ),
        serde_json::json!(true),
        "the page was reloaded"
    );
}

/// Three pages of one folder, by weight, and the page that has them as neighbours.
fn neighbour(title: &str, weight: i32, extra: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\nweight = {weight}\n{extra}+++\n\n{body}\n")
}

#[test]
fn every_kind_of_edit_shows_in_an_open_page() {
    let site = super::harness::Site::with(&[
        ("dontpanic.toml", "title = \"Ops\"\n"),
        ("content/_index.md", "# Home\n"),
        ("content/a.md", &neighbour("Alpha", 1, "", "A.")),
        ("content/b.md", &neighbour("Bravo", 2, "", "Text of Bravo.")),
        ("content/c.md", &neighbour("Charlie", 3, "", "C.")),
    ]);
    let preview = super::serve_harness::Preview::start(site.root(), &[]);
    let browser = Browser::start();
    browser.goto(&format!("http://127.0.0.1:{}/b.html", preview.port));
    browser.wait_for(
        "return document.body.innerText.includes('Text of Bravo.');",
        "first load",
    );
    // Let the page open its live-reload stream.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let sidebar = "var s = document.getElementById('sidebar').innerText;";

    // The open page's text.
    site.write("content/b.md", &neighbour("Bravo", 2, "", "Edited text."));
    browser.wait_for(
        "return document.body.innerText.includes('Edited text.');",
        "a body edit",
    );
    // A neighbour's title: the sidebar and the pager of the open page name it anew.
    site.write("content/a.md", &neighbour("Alpha renamed", 1, "", "A."));
    browser.wait_for(
        &format!(
            "{sidebar} return s.includes('Alpha renamed') && \
             document.querySelector('.pager-prev').innerText.includes('Alpha renamed');"
        ),
        "a neighbour's title edit",
    );
    // A neighbour's weight: the sidebar's order changes.
    site.write("content/c.md", &neighbour("Charlie", 0, "", "C."));
    browser.wait_for(
        &format!("{sidebar} return s.indexOf('Charlie') >= 0 && s.indexOf('Charlie') < s.indexOf('Alpha renamed');"),
        "a weight edit",
    );
    // The open page's front matter.
    site.write(
        "content/b.md",
        &neighbour(
            "Bravo",
            2,
            "description = \"Now described.\"\n",
            "Edited text.",
        ),
    );
    browser.wait_for(
        "var l = document.querySelector('.lede'); return l !== null && l.innerText === 'Now described.';",
        "a front-matter edit",
    );
    // The config: the site's name in the top bar.
    site.write("dontpanic.toml", "title = \"Operations\"\n");
    browser.wait_for(
        "return document.querySelector('.brand').innerText.includes('Operations');",
        "a config edit",
    );
    // A template: the site's own copy of the pager partial.
    let pager = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/templates/partials_pager.html"),
    )
    .unwrap();
    site.write(
        "themes/default/templates/partials_pager.html",
        &format!("<p id=\"pager-note\">Pager from the site's theme.</p>\n{pager}"),
    );
    browser.wait_for(
        "var p = document.getElementById('pager-note'); return p !== null && p.innerText.includes(\"site's theme\");",
        "a template edit",
    );
}

#[test]
fn build_errors_show_over_the_page_and_go_away_when_fixed() {
    let site = live_site();
    let preview = super::serve_harness::Preview::start(site.root(), &[]);
    let browser = Browser::start();
    browser.goto(&format!("http://127.0.0.1:{}/disk.html", preview.port));
    browser.wait_for("return document.readyState === 'complete';", "first load");
    std::thread::sleep(std::time::Duration::from_millis(300));
    site.write(
        "content/disk.md",
        "+++\nweight = \"first\"\n+++\n# Disk full\n",
    );
    browser.wait_for(
        "var o = document.getElementById('dontpanic-overlay'); return !!o && o.innerText.includes(\"content/disk.md:2:10: error: 'weight' should be a whole number\");",
        "the error overlay",
    );
    assert!(
        browser
            .text(&browser.find("main"))
            .contains("Original text."),
        "the last good page stays under the overlay"
    );
    site.write("content/disk.md", "# Disk full\n\nRepaired text.\n");
    browser.wait_for(
        "return document.body.innerText.includes('Repaired text.') && !document.getElementById('dontpanic-overlay');",
        "the fixed page without overlay",
    );
}

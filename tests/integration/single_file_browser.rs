//! The single-file copy opened from disk in Chromium: navigation (sidebar, links in pages, back,
//! old addresses), search, keyboard shortcuts, checklists, the ticket form, variables and
//! images, all inside one file that asks for nothing else.

use serde_json::json;

use super::harness::{Site, repository_single_file};
use super::webdriver::Browser;

/// The repository's site as one file: its folder, and the file's URL.
fn repository_copy() -> (tempfile::TempDir, String) {
    let (dir, target) = repository_single_file();
    (dir, format!("file://{}", target.display()))
}

fn heading(browser: &Browser) -> String {
    browser
        .eval(
            "var h = document.querySelector('main h1'); return h ? h.textContent.trim() : '';",
            json!([]),
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn wait_for_heading(browser: &Browser, title: &str) {
    browser.wait_for(
        &format!(
            "var h = document.querySelector('main h1'); return !!h && h.textContent.trim() === {};",
            json!(title)
        ),
        &format!("showing “{title}” (showing “{}”)", heading(browser)),
    );
}

fn hash(browser: &Browser) -> String {
    browser
        .eval("return location.hash;", json!([]))
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// Opens `url` afresh: a new document, not a jump within the one open.
fn reload(browser: &Browser, url: &str) {
    browser.goto("about:blank");
    browser.goto(url);
}

fn visible(browser: &Browser, css: &str) -> bool {
    browser.eval(
        "var e = document.querySelector(arguments[0]); return !!e && e.offsetParent !== null;",
        json!([css]),
    ) == json!(true)
}

#[test]
fn the_copy_navigates_from_disk_and_loads_nothing_else() {
    let (_dir, url) = repository_copy();
    let browser = Browser::start();
    browser.goto(&url);
    wait_for_heading(&browser, "Don't Panic");
    assert_eq!(hash(&browser), "", "the home page keeps the plain address");

    // The sidebar opens a section and lists its pages.
    let lockout = "#sidebar a[data-route='playbooks/account-lockout.html']";
    assert!(
        !visible(&browser, lockout),
        "closed sections hide their pages"
    );
    browser.click(&browser.find("#sidebar a[data-route='playbooks/index.html']"));
    wait_for_heading(&browser, "Scenario playbooks");
    assert_eq!(hash(&browser), "#/playbooks/index.html");
    assert!(visible(&browser, lockout));

    browser.click(&browser.find(lockout));
    wait_for_heading(&browser, "Account access lockout");
    assert_eq!(
        browser.eval(
            "return document.querySelector(arguments[0]).getAttribute('aria-current');",
            json!([lockout])
        ),
        json!("page")
    );
    let title = browser.eval("return document.title;", json!([]));
    assert_eq!(title, json!("Account access lockout · Don't Panic"));
    assert_eq!(
        browser.eval(
            "return document.body.classList.contains('kind-playbook');",
            json!([])
        ),
        json!(true)
    );

    // The skip link stays on the page shown.
    browser.eval(
        "document.querySelector('.skip-link').click(); return true;",
        json!([]),
    );
    browser.wait_for(
        "return location.hash === '#/playbooks/account-lockout.html#main';",
        "the skip link's address",
    );
    assert_eq!(heading(&browser), "Account access lockout");

    // A link written in the page's Markdown, then back.
    browser.click(&browser.find("main a[href='#/playbooks/security-incident.html']"));
    wait_for_heading(&browser, "Suspected security incident");
    browser.eval("history.back(); return true;", json!([]));
    wait_for_heading(&browser, "Account access lockout");

    // The table of contents jumps within the page and names the heading in the address.
    let toc = browser.find_all(".toc a");
    assert!(!toc.is_empty(), "a table of contents");
    browser.click(&toc[1]);
    browser.wait_for(
        "return /^#\\/playbooks\\/account-lockout\\.html#[a-z-]+$/.test(location.hash);",
        "the anchor in the address",
    );
    let anchor = hash(&browser).rsplit('#').next().unwrap().to_string();
    let top = browser.eval(
        "return document.getElementById(arguments[0]).getBoundingClientRect().top;",
        json!([anchor]),
    );
    assert!(
        top.as_f64().unwrap().abs() < 80.0,
        "scrolled to #{anchor}: {top}"
    );

    // Opening an address afresh shows its page; old addresses lead to their page.
    reload(&browser, &format!("{url}#/runbooks/saturation.html"));
    wait_for_heading(&browser, "Resource saturation");
    browser.eval(
        "location.hash = '#/alerts/ApiLatencyHigh/'; return true;",
        json!([]),
    );
    browser.wait_for(
        "return location.hash === '#/runbooks/high-latency.html';",
        "the alert address leading to its runbook",
    );
    browser.eval(
        "location.hash = '#/no/such/page.html'; return true;",
        json!([]),
    );
    wait_for_heading(&browser, "Page not found");

    // Keyboard: g h goes home.
    browser.type_text(&browser.find("body"), "gh");
    wait_for_heading(&browser, "Don't Panic");

    // Everything came from the file itself.
    let loaded = browser.eval(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; }).filter(function (n) { return !/^data:/.test(n); });",
        json!([]),
    );
    assert_eq!(loaded, json!([]), "files loaded besides the copy");
}

#[test]
fn search_in_the_copy_finds_and_opens_pages() {
    let (_dir, url) = repository_copy();
    let browser = Browser::start();
    browser.goto(&url);
    wait_for_heading(&browser, "Don't Panic");
    let input = browser.find(".topbar input[type=search]");
    browser.type_text(&input, "lockout");
    browser.wait_for(
        "return Array.prototype.some.call(document.querySelectorAll('.search-panel .search-result-title'), function (t) { return t.textContent.indexOf('Account access lockout') === 0; });",
        "a result for the lockout playbook",
    );
    browser.eval(
        "Array.prototype.find.call(document.querySelectorAll('.search-panel .search-result'), function (a) { return a.textContent.indexOf('Account access lockout') === 0; }).click(); return true;",
        json!([]),
    );
    wait_for_heading(&browser, "Account access lockout");
    assert!(
        hash(&browser).starts_with("#/playbooks/account-lockout.html"),
        "{}",
        hash(&browser)
    );

    // From a page deeper down, results still lead to the right page.
    browser.eval(
        "location.hash = '#/runbooks/high-latency.html'; return true;",
        json!([]),
    );
    wait_for_heading(&browser, "High API latency");
    let input = browser.find(".topbar input[type=search]");
    assert_eq!(
        browser.eval("return [document.querySelector('.topbar input[type=search]').value, document.querySelectorAll('.search-panel .search-result').length];", json!([])),
        json!(["", 0]),
        "a new page starts with an empty search box"
    );
    browser.type_text(&input, "invoice");
    browser.wait_for(
        "return !!document.querySelector('.search-panel .search-result');",
        "results for invoice",
    );
    // Enter opens the first result: its link, written from this page, leads to its page.
    let first = browser.eval(
        "return new URL(document.querySelector('.search-panel .search-result').getAttribute('href'), 'x:/runbooks/high-latency.html').pathname.slice(1);",
        json!([]),
    );
    let first = first.as_str().unwrap().to_string();
    browser.type_text(&input, "\u{E007}");
    browser.wait_for(
        &format!(
            "return location.hash.indexOf({}) === 0;",
            json!(format!("#/{first}"))
        ),
        "Enter opening the first result",
    );
    let shown = heading(&browser);
    assert!(
        !shown.is_empty() && shown != "Page not found",
        "{first}: {shown}"
    );

    // The search page, with its query in the address.
    browser.eval(
        "location.hash = '#/dontpanic/search.html?q=billing'; return true;",
        json!([]),
    );
    wait_for_heading(&browser, "Search");
    browser.wait_for(
        "return /^\\d+ results?$/.test(document.querySelector('.search-status').textContent);",
        "the search page's results",
    );
    assert_eq!(
        browser.eval(
            "return document.querySelector('#search-page input').value;",
            json!([])
        ),
        json!("billing")
    );
}

#[test]
fn checklists_forms_and_variables_work_in_the_copy() {
    let (_dir, url) = repository_copy();
    let browser = Browser::start();
    let page = format!("{url}#/preflight/support-tier.html");
    browser.goto(&page);
    browser.wait_for(
        "return !!document.querySelector('.checklist-progress');",
        "the checklist bar",
    );
    let before = browser.text(&browser.find(".checklist-progress"));
    let boxes = browser.find_all("input.task-check");
    browser.click(&boxes[0]);
    let after = browser.text(&browser.find(".checklist-progress"));
    assert_ne!(before, after);
    let id = browser.eval(
        "return document.querySelector('input.task-check').getAttribute('data-check');",
        json!([]),
    );
    let ticked = format!(
        "var b = document.querySelector(\"input.task-check[data-check='{}']\"); return !!b && b.checked;",
        id.as_str().unwrap()
    );
    // Chromium stores the tick asynchronously: opened again a moment later, it is there.
    let started = std::time::Instant::now();
    loop {
        reload(&browser, &page);
        browser.wait_for(
            "return !!document.querySelector('.checklist-progress');",
            "the checklist bar",
        );
        if browser.eval(&ticked, json!([])) == json!(true) {
            break;
        }
        assert!(
            started.elapsed().as_secs() < 5,
            "the tick was not remembered"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert_eq!(browser.text(&browser.find(".checklist-progress")), after);

    // Going to another page sets up that page's tools: the ticket form.
    browser.eval(
        "location.hash = '#/templates/incident-packet.html'; return true;",
        json!([]),
    );
    browser.wait_for(
        "return !!document.querySelector('form.ticket-form');",
        "the ticket form",
    );
    let zone = browser.text(&browser.find(".ticket-zone"));
    assert!(zone.starts_with("your time zone: "), "{zone}");
    browser.click(&browser.find(".ticket-now"));
    let filled = browser.eval(
        "return document.querySelector('.ticket-form input[type=datetime-local]').value;",
        json!([]),
    );
    assert!(
        filled.as_str().unwrap().len() == 16,
        "Now fills the time: {filled}"
    );

    // And the variables bar of a runbook whose commands have placeholders.
    browser.eval(
        "location.hash = '#/runbooks/high-latency.html'; return true;",
        json!([]),
    );
    browser.wait_for(
        "return !!document.querySelector(\"input[data-var-input='api_host']\");",
        "the variables bar",
    );
    browser.type_text(
        &browser.find("input[data-var-input='api_host']"),
        "api.example.net",
    );
    let shown = browser.eval(
        "return Array.prototype.map.call(document.querySelectorAll('.code-block code'), function (c) { return c.textContent; }).join('\\n');",
        json!([]),
    );
    assert!(
        shown
            .as_str()
            .unwrap()
            .contains("https://api.example.net/health"),
        "{shown}"
    );
    // Quick view toggles with t.
    browser.type_text(&browser.find("body"), "t");
    browser.wait_for(
        "return document.body.classList.contains('quick-view');",
        "quick view",
    );
}

#[test]
fn images_of_the_content_show_inside_the_copy() {
    let site = Site::with(&[
        (
            "content/_index.md",
            "# Home\n\n![a red square](img/square.svg)\n\n[the square](img/square.svg)\n",
        ),
        (
            "content/img/square.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"12\" height=\"12\"><rect width=\"12\" height=\"12\" fill=\"red\"/></svg>",
        ),
    ]);
    let run = site.run(&["build", "--single-file", "copy.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let browser = Browser::start();
    browser.goto(&format!("file://{}/copy.html", site.root().display()));
    browser.wait_for(
        "var i = document.querySelector('main img'); return !!i && i.complete && i.naturalWidth === 12;",
        "the image showing",
    );
    let link = browser.eval(
        "var a = document.querySelector('main p a'); return [a.getAttribute('href').slice(0, 19), a.getAttribute('download')];",
        json!([]),
    );
    assert_eq!(link, json!(["data:image/svg+xml;", "square.svg"]));
}

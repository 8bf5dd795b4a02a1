//! One markup payload through every string a site's content and config can carry, into every
//! form the site is read in: the folder from disk, the preview, the single-file copy, the
//! binder, search results, the alert index and quick view. In Chromium, no dialog may open and
//! no element of the payload may exist in the page.

use serde_json::json;

use super::harness::Site;
use super::serve_harness::Preview;
use super::webdriver::Browser;

/// Closes a double-quoted attribute, then a single-quoted one, then opens an element.
const BREAKOUT: &str = "\"'><svg onload=alert(2)>";
/// An element that runs script as soon as it is parsed into a page.
const ELEMENT: &str = "<img src=x onerror=alert(1)>";

/// The payload in a TOML basic string.
fn toml(text: &str) -> String {
    format!("{ELEMENT}{BREAKOUT}{text}").replace('"', "\\\"")
}

/// A site whose every title, name, label, help text, alert and checklist item carries the
/// payload, with the word "payloadword" to search for.
pub fn payload_site() -> Site {
    let p = |text: &str| toml(text);
    let config = format!(
        r#"title = "Site {site}"
description = "{desc}"
[alerts]
rules = ["monitoring/*.yaml"]
[[severity]]
id = "sev1"
name = "{sev}"
description = "{sevdesc}"
response = "{resp}"
vendor = "{vendor}"
[contacts.dana]
name = "{contact}"
role = "{role}"
timezone = "Europe/Dublin"
channels = {{ phone = "+353 1 555 0142", chat = "{chat}", email = "dana@example.com" }}
[teams.oncall]
name = "{team}"
escalation = ["dana"]
[services.api]
name = "{service}"
team = "oncall"
alerts = ["ApiDown{alert}"]
"#,
        site = p(""),
        desc = p(" description"),
        sev = p(" severity"),
        sevdesc = p(" severity description"),
        resp = p(" response"),
        vendor = p(" vendor"),
        contact = p(" contact"),
        role = p(" role"),
        chat = p(" chat"),
        team = p(" team"),
        service = p(" service"),
        alert = ELEMENT,
    );
    let rules = format!(
        "groups:\n  - name: api\n    rules:\n      - alert: 'ApiDown{ELEMENT}'\n        expr: up{{job=\"{}\"}} == 0\n        labels:\n          severity: sev1\n        annotations:\n          summary: '{} summary'\n",
        ELEMENT.replace('"', "\\\""),
        ELEMENT,
    );
    let runbook = format!(
        r#"+++
title = "Runbook payloadword {title}"
description = "{desc}"
kind = "runbook"
severity = "sev1"
owner = "dana"
services = ["api"]
alerts = ["ApiDown{ELEMENT}"]
escalation = ["oncall"]
tags = ["{tag}"]
last_reviewed = 2026-11-20
+++
## First actions

1. Look at `{{{{region}}}}` payloadword.

```sh
curl https://{{{{region}}}}.example.com
```

## Escalation

Call the team.
"#,
        title = p(""),
        desc = p(" description"),
        tag = p(" tag"),
    );
    let template = format!(
        r#"+++
title = "Packet {title}"
kind = "template"
[[fields]]
id = "a"
label = "{label}"
help = "{help}"
required = true
[[fields]]
id = "b"
label = "Pick"
type = "select"
options = ["{option}", "two"]
+++
Fill it in.
"#,
        title = p(""),
        label = p(" label"),
        help = p(" help"),
        option = p(" option"),
    );
    let section = format!(
        "+++\ntitle = \"Section {}\"\ndescription = \"{}\"\n+++\n",
        p(""),
        p(" section description")
    );
    let home = format!("+++\ntitle = \"Home {}\"\n+++\nWelcome.\n", p(""));
    // A checklist item's text is Markdown, so the payload in it is raw HTML, as it is in
    // a page's body: both are sanitised.
    let checklist = format!(
        "+++\ntitle = \"Checklist {}\"\nkind = \"checklist\"\n+++\n- [ ] Item payloadword {ELEMENT}{BREAKOUT}\n- [ ] Second\n\n<style onload=alert(3)>\n\n<details open><summary>More {ELEMENT}</summary>\n\nText <a href=\"javascript:alert(4)\">x</a>\n\n</details>\n",
        p(""),
    );
    Site::with(&[
        ("dontpanic.toml", &config),
        ("monitoring/alerts.yaml", &rules),
        ("content/_index.md", &home),
        ("content/runbooks/_index.md", &section),
        ("content/runbooks/api.md", &runbook),
        ("content/templates/packet.md", &template),
        ("content/checks/list.md", &checklist),
    ])
}

/// The pages of every kind, generated pages included, by their path in the site.
const PAGES: [&str; 10] = [
    "index.html",
    "runbooks/index.html",
    "runbooks/api.html",
    "checks/list.html",
    "templates/packet.html",
    "operations/contacts.html",
    "operations/severity-matrix.html",
    "operations/alerts.html",
    "operations/services.html",
    "dontpanic/binder.html",
];

/// Elements and attributes the payload would leave in the page had it been taken as markup (an
/// `<img src=x>` whose handler was taken out is inert, and may stay).
const INJECTED: &str = "return Array.from(document.querySelectorAll(\
    'style:not(head style), [onerror], [onload], a[href^=\"javascript:\" i]')).map(function (e) { \
    return e.outerHTML.slice(0, 120); });";

fn assert_inert(browser: &Browser, form: &str, what: &str) {
    // An image that fails to load reports it a moment after the page is parsed.
    std::thread::sleep(std::time::Duration::from_millis(150));
    if let Some(text) = browser.open_dialog() {
        panic!("{form}, {what}: a dialog opened ({text})");
    }
    let injected = browser.eval(INJECTED, json!([]));
    assert_eq!(
        injected,
        json!([]),
        "{form}, {what}: payload elements in the page"
    );
}

/// Types the search word into the page's search box and waits for results.
fn search(browser: &Browser, form: &str) {
    let input = browser.find("input[type=search]");
    browser.type_text(&input, "payloadword");
    browser.wait_for(
        "return document.querySelectorAll('.search-list a').length > 0;",
        &format!("{form}: search results"),
    );
}

/// Quick view on, and the variables bar given the payload as a value.
fn quick_view_and_variables(browser: &Browser, form: &str) {
    browser.wait_for(
        "return !!document.querySelector('.quick-view-toggle') && !!document.querySelector('[data-var-input]');",
        &format!("{form}: quick view and variables"),
    );
    let toggle = browser.find(".quick-view-toggle");
    browser.click(&toggle);
    let input = browser.find("[data-var-input]");
    browser.type_text(&input, &format!("{ELEMENT}{BREAKOUT}"));
    assert_inert(browser, form, "quick view with a typed variable");
}

fn visit_all(browser: &Browser, form: &str, url_of: &dyn Fn(&str) -> String) {
    for page in PAGES {
        browser.goto("about:blank");
        browser.goto(&url_of(page));
        browser.wait_for(
            "return document.readyState === 'complete' && !!document.querySelector('main');",
            &format!("{form}: {page} open"),
        );
        assert_inert(browser, form, page);
    }
    browser.goto("about:blank");
    browser.goto(&url_of("runbooks/api.html"));
    search(browser, form);
    assert_inert(browser, form, "search results");
    browser.goto("about:blank");
    browser.goto(&url_of("runbooks/api.html"));
    quick_view_and_variables(browser, form);
}

#[test]
fn no_payload_runs_in_the_folder_from_disk_or_in_the_preview() {
    let site = payload_site();
    let build = site.run(&["build", "--today", "2026-12-01"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let browser = Browser::start();
    let public = site.root().join("public");
    visit_all(&browser, "folder", &|page| {
        format!("file://{}", public.join(page).display())
    });

    let preview = Preview::start(site.root(), &[]);
    let port = preview.port;
    visit_all(&browser, "serve", &|page| {
        format!("http://127.0.0.1:{port}/{page}")
    });
}

#[test]
fn no_payload_runs_in_the_single_file_copy() {
    let site = payload_site();
    let copy = site.root().join("copy.html");
    let build = site.run(&[
        "build",
        "--today",
        "2026-12-01",
        "--single-file",
        copy.to_str().unwrap(),
    ]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let browser = Browser::start();
    visit_all(&browser, "single-file", &|page| {
        format!("file://{}#/{page}", copy.display())
    });
}

#[test]
fn no_payload_is_markup_in_any_built_document() {
    let site = payload_site();
    let build = site.run(&["build", "--today", "2026-12-01"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    for file in super::harness::files_under(&site.root().join("public")) {
        if !file.ends_with(".html") {
            continue;
        }
        let html = site.output(&file);
        for raw in ["<img src=x", "<svg onload"] {
            assert!(!html.contains(raw), "{file} holds {raw} as markup");
        }
    }
}

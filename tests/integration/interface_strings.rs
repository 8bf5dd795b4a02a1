//! The interface in the site's language: a site with `language = "de"` (or "ja", "ar") shows
//! the search box, the skip link, the sidebar's "more" links, the generated pages and the 404
//! page from that language's catalog; a site's `i18n/<code>.toml` changes a string; `check`
//! names what a site's own catalog lacks; and the scripts' strings show in the browser.

use super::harness::Site;
use super::webdriver::Browser;

const OPERATIONS: &str = "[[severity]]\nid = \"sev1\"\nname = \"Critical\"\n\n\
[contacts.dana]\nname = \"Dana\"\ntimezone = \"Europe/Berlin\"\n";

/// A site in `language` with a folder of twenty pages (more than the sidebar shows beside a
/// page), the contacts and severity pages, and a code block.
fn site_in(language: &str) -> Site {
    let mut files = vec![
        (
            "dontpanic.toml".to_string(),
            format!("title = \"Ops\"\nlanguage = \"{language}\"\n\n{OPERATIONS}"),
        ),
        (
            "content/_index.md".to_string(),
            "# Ops\n\n```bash\nsystemctl restart api\n```\n".to_string(),
        ),
    ];
    for n in 0..20 {
        files.push((
            format!("content/runbooks/r{n:02}.md"),
            format!("# Runbook {n:02}\n\nText.\n"),
        ));
    }
    let site = Site::with_owned(&files);
    site.build_ok();
    site
}

fn sidebar(page: &str) -> &str {
    let start = page.find("id=\"sidebar\"").unwrap_or(0);
    let end = page[start..]
        .find("</nav>")
        .map_or(page.len(), |e| start + e);
    &page[start..end]
}

#[test]
fn a_german_site_shows_its_interface_in_german() {
    let site = site_in("de");
    let page = site.output("runbooks/r10.html");
    assert!(page.contains("<html lang=\"de\" dir=\"ltr\">"), "{page}");
    assert!(page.contains("placeholder=\"Suchen  ( / )\""), "{page}");
    assert!(page.contains(">Zum Inhalt springen</a>"), "{page}");
    assert!(page.contains(">Startseite</a>"), "{page}");
    let nav = sidebar(&page);
    assert!(nav.contains(" weitere in Runbooks</a>"), "{nav}");
    assert!(!nav.contains(" more in "), "{nav}");
    assert!(page.contains("assets/strings.de.js"), "{page}");

    let contacts = site.output("operations/contacts.html");
    assert!(
        contacts.contains("<h1>Kontakte und Eskalation</h1>"),
        "{contacts}"
    );
    assert!(contacts.contains("<th>Ortszeit</th>"), "{contacts}");
    let severity = site.output("operations/severity-matrix.html");
    assert!(severity.contains("<h1>Schweregrade</h1>"), "{severity}");

    let not_found = site.output("404.html");
    assert!(
        not_found.contains("<h1>Seite nicht gefunden</h1>"),
        "{not_found}"
    );
    assert!(
        not_found.contains("Gehen Sie zur <a href=\"index.html\">Startseite</a> und wählen"),
        "{not_found}"
    );

    let script = site.output("dontpanic/assets/strings.de.js");
    assert!(script.contains("window.dontpanicStrings"), "{script}");
    assert!(script.contains("Keine Seite passt zu"), "{script}");
}

#[test]
fn a_japanese_site_shows_its_interface_in_japanese() {
    let site = site_in("ja");
    let page = site.output("runbooks/r10.html");
    assert!(page.contains("placeholder=\"検索  ( / )\""), "{page}");
    assert!(page.contains(">本文へスキップ</a>"), "{page}");
    assert!(
        sidebar(&page).contains("Runbooksにほか "),
        "{}",
        sidebar(&page)
    );
    let contacts = site.output("operations/contacts.html");
    assert!(
        contacts.contains("<h1>連絡先とエスカレーション</h1>"),
        "{contacts}"
    );
    assert!(
        site.output("404.html")
            .contains("<h1>ページが見つかりません</h1>")
    );
}

#[test]
fn an_arabic_site_shows_its_interface_in_arabic() {
    let site = site_in("ar");
    let page = site.output("runbooks/r10.html");
    assert!(page.contains("<html lang=\"ar\" dir=\"rtl\">"), "{page}");
    assert!(page.contains("placeholder=\"ابحث  ( / )\""), "{page}");
    assert!(page.contains(">انتقل إلى المحتوى</a>"), "{page}");
    let contacts = site.output("operations/contacts.html");
    assert!(
        contacts.contains("<h1>جهات الاتصال والتصعيد</h1>"),
        "{contacts}"
    );
    assert!(
        site.output("404.html")
            .contains("<h1>الصفحة غير موجودة</h1>")
    );
}

#[test]
fn a_site_catalog_changes_one_string_and_keeps_the_rest() {
    let site = Site::with(&[
        ("dontpanic.toml", "title = \"Ops\"\nlanguage = \"de\"\n"),
        ("content/a.md", "# A\n"),
        (
            "i18n/de.toml",
            "[general]\nskip_to_content = \"Direkt zum Runbook\"\n",
        ),
    ]);
    let run = site.build_ok();
    let page = site.output("a.html");
    assert!(page.contains(">Direkt zum Runbook</a>"), "{page}");
    assert!(page.contains("placeholder=\"Suchen  ( / )\""), "{page}");
    assert!(!run.stderr.contains("i18n-missing-key"), "{}", run.stderr);
}

#[test]
fn check_lists_the_keys_a_site_catalog_lacks_and_its_typos() {
    let site = Site::with(&[
        ("dontpanic.toml", "title = \"Ops\"\nlanguage = \"nl\"\n"),
        ("content/a.md", "# A\n"),
        (
            "i18n/nl.toml",
            "[search]\ntitle = \"Zoeken\"\nplaceholdr = \"Zoeken\"\n",
        ),
    ]);
    let run = site.run(&["check"]);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(
        all.contains("i18n/nl.toml:1:1: warning: this catalog lacks"),
        "{all}"
    );
    assert!(all.contains("search.placeholder, search.results"), "{all}");
    assert!(all.contains("they show in English"), "{all}");
    let json = site.run(&["check", "--format", "json"]);
    assert!(
        json.stdout.contains("\"i18n-missing-key\""),
        "{}",
        json.stdout
    );
    assert!(
        all.contains("i18n/nl.toml:3:1: warning: unknown interface string 'search.placeholdr'"),
        "{all}"
    );
    assert!(all.contains("did you mean 'search.placeholder'?"), "{all}");
}

#[test]
fn a_malformed_site_catalog_stops_the_build_at_its_line() {
    let site = Site::with(&[
        ("content/a.md", "# A\n"),
        (
            "i18n/de.toml",
            "[general]\nskip_to_content = \"x\"\nmenu = \n",
        ),
    ]);
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("i18n/de.toml:3:"), "{}", run.stderr);
}

#[test]
fn scripts_show_their_strings_in_german() {
    let site = site_in("de");
    let browser = Browser::start();
    browser.goto(&format!(
        "file://{}/public/index.html",
        site.root().display()
    ));
    browser.wait_for(
        "var b = document.querySelector('.copy-code'); return !!b && !b.hidden;",
        "the copy button",
    );
    assert_eq!(browser.text(&browser.find(".copy-code")), "Kopieren");
    let input = browser.find(".topbar input[type=search]");
    browser.click(&input);
    browser.type_text(&input, "qqqzzz");
    browser.wait_for(
        "return !!document.querySelector('.search-empty');",
        "the no-results text",
    );
    let empty = browser.text(&browser.find(".search-empty p"));
    assert_eq!(empty, "Keine Seite passt zu „qqqzzz“.");
}

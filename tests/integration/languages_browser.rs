//! Sites in several languages in Chromium, from disk: the switcher keeps the page, an
//! untranslated page says so, a Chinese query typed into the box finds the Chinese page, a
//! query the Chinese pages cannot answer finds the English page (marked), and a right-to-left
//! page on a phone does not scroll sideways.

use serde_json::json;

use super::harness::Site;
use super::search_browser::search;
use super::webdriver::Browser;

fn site() -> Site {
    let site = Site::with(&[
        (
            "dontpanic.toml",
            "title = \"Ops\"\n[languages.en]\n[languages.zh-Hans]\nprefix = \"zh\"\n[languages.ar]\n",
        ),
        (
            "content/_index.md",
            "# Home\n\nStart at the [lockout playbook](playbooks/lockout.md).\n",
        ),
        (
            "content/_index.zh.md",
            "# 首页\n\n从[账号锁定预案](playbooks/lockout.md)开始。\n",
        ),
        (
            "content/_index.ar.md",
            "# الرئيسية\n\nابدأ من [دليل قفل الحساب](playbooks/lockout.md).\n",
        ),
        ("content/playbooks/_index.md", "# Playbooks\n"),
        (
            "content/playbooks/lockout.md",
            "+++\ntitle = \"Account lockout\"\nkind = \"playbook\"\n+++\n## Symptoms\n\nNobody can sign in to the console.\n",
        ),
        (
            "content/playbooks/lockout.zh.md",
            "+++\ntitle = \"账号锁定\"\nkind = \"playbook\"\n+++\n## 症状\n\n所有人都无法登录控制台，账户被锁定。\n",
        ),
        (
            "content/playbooks/billing.md",
            "+++\ntitle = \"Billing dispute\"\n+++\nAn unexpected invoice from the provider.\n",
        ),
        (
            "content/playbooks/lockout.ar.md",
            "+++\ntitle = \"قفل الحساب\"\n+++\n## الأعراض\n\nلا يستطيع أحد تسجيل الدخول إلى وحدة التحكم. شغّل `kubectl get pods --all-namespaces --field-selector=status.phase!=Running` أولاً.\n\n| العمود الأول | العمود الثاني | العمود الثالث |\n|---|---|---|\n| قيمة طويلة جداً هنا | قيمة أخرى | ثالثة |\n",
        ),
    ]);
    site.build_ok();
    site
}

fn open(browser: &Browser, site: &Site, page: &str) {
    browser.goto(&format!("file://{}/public/{page}", site.root().display()));
    browser.wait_for("return document.readyState === 'complete';", "loading");
}

#[test]
fn the_switcher_keeps_the_page_and_an_untranslated_page_says_so() {
    let site = site();
    let browser = Browser::start();
    open(&browser, &site, "playbooks/lockout.html");
    let links = browser.eval(
        "return Array.from(document.querySelectorAll('.language-switch a')).map(a => [a.textContent, a.getAttribute('hreflang')]);",
        json!([]),
    );
    assert_eq!(
        links,
        json!([
            ["English", "en"],
            ["العربية", "ar"],
            ["简体中文", "zh-Hans"]
        ])
    );
    browser.eval(
        "document.querySelector('.language-switch summary').click(); return true;",
        json!([]),
    );
    browser.eval(
        "document.querySelector('.language-switch a[hreflang=\"zh-Hans\"]').click(); return true;",
        json!([]),
    );
    browser.wait_for(
        "return location.href.endsWith('/zh/playbooks/lockout.html');",
        "the Chinese page",
    );
    let title = browser.eval(
        "return document.querySelector('h1').textContent;",
        json!([]),
    );
    assert_eq!(title, json!("账号锁定"));
    assert_eq!(
        browser.eval("return document.documentElement.lang;", json!([])),
        json!("zh-Hans")
    );

    // The billing page has no Chinese text: its Chinese address shows the English one, says so
    // in Chinese, and marks the text as English.
    open(&browser, &site, "zh/playbooks/billing.html");
    let notice = browser.eval(
        "var n = document.querySelector('.notice-untranslated'); return [n.textContent, n.lang, document.querySelector('main').lang, document.querySelector('h1').textContent];",
        json!([]),
    );
    assert_eq!(
        notice,
        json!(["尚未翻译：显示英文原文", "zh-Hans", "en", "Billing dispute"])
    );
}

#[test]
fn a_chinese_query_finds_the_chinese_page_and_an_english_one_falls_back() {
    let site = site();
    let browser = Browser::start();
    open(&browser, &site, "zh/index.html");
    let titles = search(&browser, "账户被锁定", "账号锁定");
    assert_eq!(
        titles.first().map(String::as_str),
        Some("账号锁定"),
        "{titles:?}"
    );
    // Only the English pages say "invoice": found in the English index, and marked so.
    let titles = search(&browser, "invoice", "Billing dispute");
    assert!(
        titles
            .first()
            .is_some_and(|t| t.contains("Billing dispute")),
        "{titles:?}"
    );
    let marked = browser.eval(
        "return Array.from(document.querySelectorAll('.topbar .search-result')).some(r => /English|英文|\\ben\\b/.test(r.textContent));",
        json!([]),
    );
    assert_eq!(marked, json!(true));
}

#[test]
fn a_right_to_left_page_on_a_phone_does_not_scroll_sideways() {
    let site = site();
    let browser = Browser::start_phone(390, 844);
    open(&browser, &site, "ar/playbooks/lockout.html");
    let measured = browser.eval(
        "return [document.documentElement.dir, document.documentElement.scrollWidth, window.innerWidth, getComputedStyle(document.querySelector('code')).direction];",
        json!([]),
    );
    assert_eq!(measured[0], json!("rtl"));
    assert!(measured[1].as_i64() <= measured[2].as_i64(), "{measured}");
    assert_eq!(measured[3], json!("ltr"));
}

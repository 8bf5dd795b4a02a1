//! Words that every JavaScript object answers to (`constructor`, `__proto__`, `toString`…) are
//! words like any other in the built site, opened from disk in headless Chromium: in a query,
//! in a page, as a synonym or service, as a placeholder, a ticket field or a checklist item.

use serde_json::{Value, json};

use super::harness::Site;
use super::webdriver::Browser;

/// Names `Object.prototype` holds, and so every object literal answers to.
const INHERITED: [&str; 8] = [
    "constructor",
    "__proto__",
    "toString",
    "hasOwnProperty",
    "valueOf",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "__defineGetter__",
];

/// Collects what would show in the console: errors, rejected promises nobody handled and
/// `console.error`, from now on in the page shown.
const RECORD_ERRORS: &str = "window.__errors = [];
    window.addEventListener('error', function (e) { window.__errors.push(String(e.message)); });
    window.addEventListener('unhandledrejection', function (e) { window.__errors.push(String(e.reason && e.reason.stack || e.reason)); });
    var original = console.error;
    console.error = function () { window.__errors.push(Array.prototype.join.call(arguments, ' ')); original.apply(console, arguments); };
    return true;";

fn errors(browser: &Browser) -> Value {
    browser.eval("return window.__errors;", json!([]))
}

fn words_site() -> Site {
    let site = Site::with(&[
        (
            "dontpanic.toml",
            "[search.synonyms]\nconstructor = [\"builder\"]\n\"__proto__\" = [\"prototype\"]\n\n[services.constructor]\nname = \"Constructor API\"\n\n[services.\"__proto__\"]\nname = \"Prototype service\"\n",
        ),
        (
            "content/object.md",
            "+++\nservices = [\"constructor\"]\n+++\n# Object constructor\n\nThe constructor runs first; check hasOwnProperty before trusting a key.\n",
        ),
        (
            "content/pollution.md",
            "+++\nservices = [\"__proto__\"]\n+++\n# Pollution\n\nA payload sets __proto__ on a merged object.\n",
        ),
        (
            "content/builder.md",
            "# Builder service\n\nThe builder restarts nightly.\n",
        ),
    ]);
    site.build_ok();
    site
}

/// What the search page shows for `?q=<word>` once it has answered: the result titles, or the
/// "nothing found" message.
fn search_page_answer(browser: &Browser, site: &Site, word: &str) -> (Vec<String>, String) {
    let url = format!(
        "file://{}/public/dontpanic/search.html?q={}",
        site.root().display(),
        word
    );
    browser.goto(&url);
    browser.wait_for(
        "return !!document.querySelector('#search-page .search-list .search-result, #search-page .search-list .search-empty');",
        &format!("an answer to ?q={word}"),
    );
    let value = browser.eval(
        "var list = document.querySelector('#search-page .search-list');
         return [Array.from(list.querySelectorAll('.search-result .search-result-title')).map(function (e) {
                   return Array.from(e.childNodes).filter(function (n) { return !(n.classList && n.classList.contains('search-result-section')); }).map(function (n) { return n.textContent; }).join('');
                 }), (list.querySelector('.search-empty > p') || {}).textContent || ''];",
        json!([]),
    );
    let titles = value[0]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    (titles, value[1].as_str().unwrap_or_default().to_string())
}

#[test]
fn a_query_for_a_word_objects_inherit_finds_pages_or_says_nothing_was_found() {
    let site = words_site();
    let browser = Browser::start();
    for word in INHERITED {
        let (titles, empty) = search_page_answer(&browser, &site, word);
        assert!(
            titles.is_empty() != empty.is_empty(),
            "?q={word}: results {titles:?} or a message, got message {empty:?}"
        );
        if titles.is_empty() {
            assert_eq!(empty, format!("No page matches “{word}”."));
        }
        match word {
            // The pages that say it, and the page its synonym finds.
            "constructor" => {
                assert!(
                    titles.iter().any(|t| t == "Object constructor"),
                    "{titles:?}"
                );
                assert!(titles.iter().any(|t| t == "Builder service"), "{titles:?}");
            }
            "__proto__" => assert!(titles.iter().any(|t| t == "Pollution"), "{titles:?}"),
            "hasOwnProperty" => assert_eq!(titles, ["Object constructor"]),
            _ => {}
        }
    }
    // The filters name both services by their names.
    let chips = browser.eval(
        "return Array.from(document.querySelectorAll('.search-chip[data-filter=service]')).map(function (b) { return b.textContent; });",
        json!([]),
    );
    assert_eq!(chips, json!(["Constructor API", "Prototype service"]));

    // Typed into the box, and asked of the engine, no word throws.
    browser.eval(RECORD_ERRORS, json!([]));
    for word in INHERITED {
        let answer = browser.eval_async(
            "var done = arguments[arguments.length - 1];
             window.dontpanicSearch.query(arguments[0], 8).then(function (found) {
               done({ titles: found.results.map(function (r) { return r.title; }), suggestion: found.suggestion });
             }, function (error) { done({ error: String(error && error.stack || error) }); });",
            json!([word]),
        );
        assert!(answer.get("error").is_none(), "{word}: {answer}");
        assert!(
            answer["suggestion"].is_null() || answer["suggestion"].is_string(),
            "{word}: {answer}"
        );
    }
    let input = browser.find("#search-page .search-box input");
    for word in INHERITED {
        browser.eval(
            "document.querySelector('#search-page .search-box input').value = ''; return true;",
            json!([]),
        );
        browser.type_text(&input, word);
        browser.wait_for(
            &format!(
                "var list = document.querySelector('#search-page .search-list'); return !!list.querySelector('.search-result') || list.textContent.indexOf('“{word}”') >= 0;"
            ),
            &format!("an answer to typing {word}"),
        );
    }
    assert_eq!(errors(&browser), json!([]));
}

#[test]
fn placeholders_named_like_object_methods_show_their_own_name_and_what_was_typed() {
    let site = Site::with(&[(
        "content/cmd.md",
        "# Commands\n\n```bash\necho {{constructor}} {{__proto__}} {{toString}}\n```\n",
    )]);
    site.build_ok();
    let browser = Browser::start();
    let url = format!("file://{}/public/cmd.html", site.root().display());
    browser.goto(&url);
    browser.wait_for(
        "return !!document.querySelector('.variables-bar');",
        "the variables bar",
    );
    let code = || browser.text(&browser.find(".code-block code"));
    assert_eq!(code(), "echo {{constructor}} {{__proto__}} {{toString}}");
    let values = browser.eval(
        "return Array.from(document.querySelectorAll('.variables-bar input')).map(function (i) { return i.value; });",
        json!([]),
    );
    assert_eq!(values, json!(["", "", ""]), "nothing typed yet");
    browser.type_text(&browser.find("input[data-var-input='constructor']"), "c-1");
    browser.type_text(&browser.find("input[data-var-input='__proto__']"), "p-2");
    assert_eq!(code(), "echo c-1 p-2 {{toString}}");
    browser.eval("window.__copied = null; navigator.clipboard.writeText = t => { window.__copied = t; return Promise.resolve(); }; return true;", json!([]));
    browser.click(&browser.find(".code-block .copy-code"));
    browser.wait_for(
        "return typeof window.__copied === 'string';",
        "copying the command",
    );
    assert_eq!(
        browser.eval("return window.__copied;", json!([])),
        json!("echo c-1 p-2 {{toString}}\n")
    );
    // What was typed is remembered, `__proto__` too.
    browser.reopen_until(
        &url,
        "var c = document.querySelector('.code-block code'); return !!c && c.innerText.trim() === 'echo c-1 p-2 {{toString}}';",
        "the typed values",
    );
}

#[test]
fn ticket_fields_and_checklist_items_named_like_object_methods_keep_their_own_values() {
    let site = Site::with(&[
        (
            "content/case.md",
            "+++\ntitle = \"Case\"\nkind = \"template\"\n\n[[fields]]\nid = \"constructor\"\nlabel = \"Builder\"\n\n[[fields]]\nid = \"__proto__\"\nlabel = \"Prototype\"\n\n[[fields]]\nid = \"toString\"\nlabel = \"Text\"\n+++\n",
        ),
        (
            "content/ready.md",
            "# Ready\n\n- [x] Built {#constructor}\n- [ ] Shipped\n",
        ),
    ]);
    site.build_ok();
    let browser = Browser::start();
    let case = format!("file://{}/public/case.html", site.root().display());
    browser.goto(&case);
    browser.wait_for(
        "return !!document.querySelector('form.ticket-form [data-clear]');",
        "the form",
    );
    let values = browser.eval(
        "return Array.from(document.querySelectorAll('form.ticket-form input[name]')).map(function (i) { return [i.name, i.value]; });",
        json!([]),
    );
    assert_eq!(
        values,
        json!([["constructor", ""], ["__proto__", ""], ["toString", ""]]),
        "empty fields"
    );
    browser.type_text(&browser.find("input[name='__proto__']"), "kept");
    browser.reopen_until(
        &case,
        "var f = document.querySelector(\"input[name='__proto__']\"); return !!f && f.value === 'kept';",
        "the field named __proto__",
    );

    let ready = format!("file://{}/public/ready.html", site.root().display());
    browser.goto(&ready);
    browser.wait_for(
        "return !!document.querySelector('.checklist-progress');",
        "the checklist bar",
    );
    let progress = || browser.text(&browser.find(".checklist-progress"));
    assert_eq!(progress(), "Checklist: 1 of 2 done", "as the page says");
    browser.click(&browser.find("input[data-check='constructor']"));
    browser.wait_for(
        "return document.querySelector('.checklist-progress').textContent === 'Checklist: 0 of 2 done';",
        "the untick",
    );
    browser.reopen_until(
        &ready,
        "var b = document.querySelector(\"input[data-check='constructor']\"); return !!b && !b.checked;",
        "the untick",
    );
    assert_eq!(progress(), "Checklist: 0 of 2 done");
}

//! Raw HTML in pages: the tags runbooks use are kept, anything that could run script is taken
//! out with a warning at its line, GFM's disallowed tags show as text, and a site that trusts
//! its authors can keep raw HTML as written.

use super::harness::Site;

const PAGE: &str = "# Disk full\n\n<details><summary>Why</summary>\n\nPress <kbd>Ctrl</kbd>+<kbd>C</kbd>.<sup>1</sup><br>\n\n</details>\n\n<img src=\"x.png\" width=\"40\" height=\"20\" onerror=\"alert(1)\">\n\n<div class=\"note\"><span class=\"tag\">ok</span></div>\n\n<iframe src=\"https://example.com\"></iframe>\n\n<a href=\"jav&#x61;script:alert(3)\">click</a> and <object data=\"x.swf\"></object>\n\n<style onload=alert(2)>\n\nAfter the style.\n";

fn site(config: &str) -> Site {
    Site::with(&[
        ("dontpanic.toml", config),
        ("content/index.md", "# Home\n"),
        ("content/disk.md", PAGE),
        ("content/x.png", "png"),
    ])
}

#[test]
fn raw_html_keeps_what_runbooks_use_and_loses_what_runs() {
    let site = site("");
    let build = site.build();
    assert_eq!(build.code, 0, "{}", build.stderr);
    let html = site.output("disk.html");
    for kept in [
        "<details><summary>Why</summary>",
        "<kbd>Ctrl</kbd>",
        "<sup>1</sup><br>",
        "<img src=\"x.png\" width=\"40\" height=\"20\">",
        "<div class=\"note\"><span class=\"tag\">ok</span></div>",
    ] {
        assert!(html.contains(kept), "{kept} missing:\n{html}");
    }
    for gone in ["onerror", "<style", "alert(3)", "<object", "<iframe"] {
        assert!(!html.contains(gone), "{gone} kept:\n{html}");
    }
    // GFM's disallowed tags are text, and an unclosed <style> swallows nothing.
    assert!(html.contains("&lt;style"), "{html}");
    assert!(html.contains("&lt;iframe"), "{html}");
    // CommonMark reads the rest of the page after an unclosed <style> as its raw HTML block;
    // escaped, it is shown, as GitHub shows it.
    assert!(html.contains("After the style."), "{html}");

    let stderr = &build.stderr;
    assert!(
        stderr.contains("content/disk.md:9:1: warning: raw HTML that could run code")
            && stderr.contains("the onerror attribute of <img>"),
        "{stderr}"
    );
    assert!(stderr.contains("content/disk.md:17:1:") && stderr.contains("<style> (shown as text)"));
    assert!(
        stderr.contains("content/disk.md:13:1:") && stderr.contains("<iframe> (shown as text)")
    );
    assert!(
        stderr.contains("content/disk.md:15:1:") && stderr.contains("a javascript: address in <a>")
    );
    assert!(stderr.contains("<object>"), "{stderr}");
    assert!(
        stderr.contains("trust_raw_html"),
        "the hint names the setting: {stderr}"
    );
    assert!(
        !stderr.contains("link to 'jav"),
        "a script address is no broken link: {stderr}"
    );

    let check = site.run(&["check", "--deny-warnings"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
}

#[test]
fn a_site_that_trusts_its_authors_keeps_raw_html_as_written() {
    let site = site("[markdown]\ntrust_raw_html = true\n");
    let build = site.build();
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(!build.stderr.contains("raw HTML"), "{}", build.stderr);
    let html = site.output("disk.html");
    assert!(html.contains("onerror=\"alert(1)\""), "{html}");
    assert!(html.contains("<style onload=alert(2)>"), "{html}");
}

#[test]
fn the_binder_and_a_fields_help_are_cleaned_too() {
    let site = Site::with(&[
        ("content/index.md", "# Home\n"),
        ("content/disk.md", PAGE),
        (
            "content/packet.md",
            "+++\ntitle = \"Packet\"\nkind = \"template\"\n[[fields]]\nid = \"a\"\nlabel = \"A\"\nhelp = \"See <img src=x onerror=alert(5)>\"\n+++\nFill it in.\n",
        ),
    ]);
    site.build_ok();
    let binder = site.output("dontpanic/binder.html");
    assert!(
        binder.contains("<kbd>Ctrl</kbd>"),
        "the binder has the page"
    );
    for gone in ["onerror=", "<style", "<iframe"] {
        assert!(!binder.contains(gone), "{gone} in the binder");
    }
    assert!(!site.output("packet.html").contains("<img src=x onerror"));
}

//! What Markdown turns into on the page: links, anchors, callouts, code, images.

use super::harness::Site;

#[test]
fn md_links_become_page_urls_and_files_are_copied() {
    let site = Site::with(&[
        ("content/_index.md", "# Home\n"),
        (
            "content/runbooks/disk.md",
            "# Disk\n\nSee [lockout](../playbooks/lockout.md#first-actions), [home](../_index.md), [section](../playbooks/) and ![graph](img/graph.png) and [pdf](files/contract.pdf).\n",
        ),
        (
            "content/playbooks/lockout.md",
            "# Lockout\n\n## First actions\n",
        ),
        ("content/runbooks/img/graph.png", "PNG"),
        ("content/runbooks/files/contract.pdf", "PDF"),
    ]);
    let run = site.build_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let disk = site.output("runbooks/disk.html");
    assert!(
        disk.contains("href=\"../playbooks/lockout.html#first-actions\""),
        "{disk}"
    );
    assert!(disk.contains("href=\"../index.html\""));
    assert!(
        disk.contains("href=\"../playbooks/index.html\""),
        "folder links name the file"
    );
    assert!(disk.contains("src=\"img/graph.png\""));
    assert_eq!(site.output("runbooks/img/graph.png"), "PNG");
    assert_eq!(site.output("runbooks/files/contract.pdf"), "PDF");
}

#[test]
fn broken_links_and_anchors_warn_with_file_and_line_but_build() {
    let site = Site::with(&[
        (
            "content/a.md",
            "+++\ntitle = \"A\"\n+++\nIntro\n\nSee [gone](gone.md) and [b](b.md#nope) and [self](#missing).\n",
        ),
        ("content/b.md", "# B\n\n## Real heading\n"),
    ]);
    let run = site.build_ok();
    assert!(
        run.stderr
            .contains("content/a.md:6:5: warning: link to 'gone.md': no page at 'gone.md'"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "content/a.md:6:25: warning: link to 'b.md#nope': 'b.md' has no heading '#nope'"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "content/a.md:6:44: warning: link to '#missing': this page has no heading '#missing'"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("with 3 warnings"), "{}", run.stderr);
}

#[test]
fn headings_have_unique_ids_anchor_links_and_a_table_of_contents() {
    let site = Site::with(&[(
        "content/p.md",
        "# P\n\n## Steps\n\n## Steps\n\n### Detail {#custom .quick}\n",
    )]);
    site.build_ok();
    let page = site.output("p.html");
    assert!(
        page.contains("<h2 id=\"steps\">Steps<a class=\"anchor\" href=\"#steps\""),
        "{page}"
    );
    assert!(page.contains("<h2 id=\"steps-1\">"));
    assert!(page.contains("<h3 id=\"custom\" class=\"quick\">"));
    assert!(page.contains("<nav class=\"toc\""));
    assert!(page.contains("<a href=\"#steps-1\">Steps</a>"));
}

#[test]
fn alerts_tables_tasks_footnotes_and_definitions_render() {
    let site = Site::with(&[(
        "content/p.md",
        "# P\n\n> [!CAUTION]\n> Never do this.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [ ] open\n- [x] done\n\nTerm\n: meaning\n\nText[^n]\n\n[^n]: The note.\n\n~~gone~~ \"quoted\"\n\n<div class=\"raw\">raw html</div>\n",
    )]);
    site.build_ok();
    let page = site.output("p.html");
    for needle in [
        "<div class=\"callout callout-caution\" role=\"note\"><p class=\"callout-title\">Caution</p>",
        "<table>",
        "type=\"checkbox\"",
        "<dt>Term</dt>",
        "The note.",
        "<del>gone</del>",
        "“quoted”",
        "<div class=\"raw\">raw html</div>",
    ] {
        assert!(page.contains(needle), "missing {needle}");
    }
}

#[test]
fn code_is_highlighted_with_classes_and_has_a_copy_button() {
    let site = Site::with(&[(
        "content/p.md",
        "# P\n\n```python\nprint('hi')\n```\n\n```klingon\n<qapla>\n```\n",
    )]);
    site.build_ok();
    let page = site.output("p.html");
    assert!(
        page.contains("<code class=\"language-python\"><span class=\"hl-support\">print</span>(<span class=\"hl-string\">&#39;hi&#39;</span>"),
        "{page}"
    );
    assert!(!page.contains("style=\""), "no inline colours");
    assert!(
        page.contains("&lt;qapla&gt;"),
        "unknown language is plain text"
    );
    assert_eq!(page.matches("class=\"copy-code\"").count(), 2);
    assert!(site.has_output("dontpanic/assets/copy-code.js"));
}

const TEMPLATE_WITH_GUIDANCE: &str = r#"+++
title = "Case"
kind = "template"

[[fields]]
id = "summary"
label = "Summary"

[[fields]]
id = "severity"
label = "Severity"
type = "select"
options = ["High", "Low"]
help = "See the [matrix](levels.md#matrix), then *pick*."

[[fields]]
id = "region"
label = "Region"
help = "As in [the list](regions.md)."
+++

Copy it into the case.

## Read first

Times in UTC.

<!-- form -->

## Afterwards

Note the case number.
"#;

#[test]
fn a_template_puts_its_form_where_the_marker_is_and_its_help_may_link() {
    let site = Site::with(&[
        ("content/case.md", TEMPLATE_WITH_GUIDANCE),
        ("content/levels.md", "# Levels\n\n## Matrix\n"),
    ]);
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = site.output("case.html");
    let read_first = html.find("id=\"read-first\"").expect("first guidance");
    let form = html.find("<form class=\"ticket-form\"").expect("the form");
    let afterwards = html.find("id=\"afterwards\"").expect("later guidance");
    assert!(read_first < form && form < afterwards);
    assert!(
        html.contains("See the <a href=\"levels.html#matrix\">matrix</a>, then <em>pick</em>."),
        "{html}"
    );
    assert!(html.contains("<option value=\"\">Choose one…</option><option>High</option>"));
    // The broken link in a help is reported at the help's line of the front matter.
    assert!(
        run.stderr.contains(
            "content/case.md:19:15: warning: link to 'regions.md': no page at 'regions.md'"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn without_a_marker_the_form_follows_the_introduction() {
    let site = Site::with(&[(
        "content/case.md",
        &TEMPLATE_WITH_GUIDANCE
            .replace("<!-- form -->\n", "")
            .replace("(regions.md)", "(case.md)"),
    )]);
    site.build_ok();
    let html = site.output("case.html");
    let intro = html
        .find("Copy it into the case.")
        .expect("the introduction");
    let form = html.find("<form class=\"ticket-form\"").expect("the form");
    let read_first = html.find("id=\"read-first\"").expect("guidance");
    assert!(intro < form && form < read_first);
}

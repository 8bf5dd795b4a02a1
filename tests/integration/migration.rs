//! Runbook repositories written for GitHub, GitLab or MkDocs build as they are: their title
//! headings, table-of-contents markers and anchor styles.

use super::harness::Site;

#[test]
fn a_github_style_repository_reads_as_it_did_there() {
    let site = Site::with(&[
        (
            "content/README.md",
            "# Ops runbooks\n\nSee [disk](disk.md#diagnosis--containment), [the GitLab way](disk.md#diagnosis-containment) and [the top](disk.md#disk-almost-full).\n",
        ),
        (
            "content/disk.md",
            "<!-- maintained by the storage team -->\n\n[![status](badge.svg)](https://ci.example.com)\n\n[[_TOC_]]\n\n# Disk almost full\n\n## Diagnosis & containment\n\n## --latency\n",
        ),
        (
            "content/badge.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ]);
    let run = site.build_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let page = site.output("disk.html");
    assert_eq!(page.matches("<h1").count(), 1, "one visible title: {page}");
    assert!(page.contains("<h1>Disk almost full</h1>"), "{page}");
    assert!(!page.contains("_TOC_"), "the marker is not shown");
    assert!(page.contains("id=\"--latency\""), "GitHub's ids, exactly");
    assert!(page.contains("id=\"disk-almost-full\""));
    let home = site.output("index.html");
    assert!(home.contains("href=\"disk.html#diagnosis-containment\""));
}

/// A repository laid out for MkDocs keeps its pages in `docs/`: point at it, don't copy.
#[test]
fn content_dir_points_at_the_repository_s_own_folder() {
    let site = Site::with(&[
        ("docs/index.md", "# Runbooks\n\nSee [disk](disk.md).\n"),
        ("docs/disk.md", "# Disk full\n"),
        (
            "dontpanic.toml",
            "content_dir = \"docs\"\nrepo_url = \"https://github.com/acme/ops\"\n",
        ),
    ]);
    let run = site.build_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert!(site.output("disk.html").contains("<h1>Disk full</h1>"));
    assert!(site.output("disk.html").contains("/edit/main/docs/disk.md"));
    // --content does the same without a config, and check follows it.
    site.write("dontpanic.toml", "");
    site.write("docs/broken.md", "[x](nowhere.md)\n");
    let run = site.run(&["check", "--content", "docs"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("docs/broken.md:1:1: error: link to 'nowhere.md'"),
        "{}",
        run.stderr
    );
    let refused = site.run(&["build", "-o", "docs/out", "--content", "docs"]);
    assert_eq!(
        refused.code, 2,
        "the pages' folder is protected: {}",
        refused.stderr
    );
    site.write("dontpanic.toml", "content_dir = \"../elsewhere\"\n");
    let bad = site.build();
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr.contains("is not one folder of the site root"),
        "{}",
        bad.stderr
    );
}

#[test]
fn mkdocs_admonitions_become_callouts() {
    let site = Site::with(&[(
        "content/index.md",
        "# Runbooks\n\n!!! warning \"Do not reboot the primary\"\n    The disk is *rebuilding*.\n\n    Wait for it.\n\n??? tip \"Why\"\n    Folded away.\n\n???+ danger\n    Open from the start.\n\nAfter.\n",
    )]);
    let run = site.build_ok();
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
    let html = site.output("index.html");
    assert!(html.contains("<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Do not reboot the primary</p>"), "{html}");
    assert!(html.contains("<em>rebuilding</em>"));
    assert!(html.contains(
        "<details class=\"callout callout-tip\"><summary class=\"callout-title\">Why</summary>"
    ));
    assert!(html.contains("<details class=\"callout callout-caution\" open><summary class=\"callout-title\">Danger</summary>"));
    assert!(!html.contains("!!!") && !html.contains("???"), "{html}");
    assert!(html.contains("<p>After.</p>"));
}

/// Pages written for a Hugo site: `ref` links are checked and rewritten, params come from
/// `[extra]`, theme callouts are callouts, and an unknown shortcode is named, its text kept.
#[test]
fn hugo_shortcodes_read_right() {
    let site = Site::with(&[
        (
            "dontpanic.toml",
            "[extra]\nBookRepo = \"https://github.com/acme/runbooks\"\n",
        ),
        ("content/_index.md", "# Runbooks\n"),
        (
            "content/node/_index.md",
            "---\ntitle: node\nbookCollapseSection: true\nweight: 10\n---\n",
        ),
        (
            "content/node/NodeClockNotSynchronising.md",
            "# NodeClockNotSynchronising\n\nSee [skew]({{< ref \"./NodeClockSkewDetected.md\" >}}).\n\nEdit on [GitHub]({{< param BookRepo >}}/edit).\n\n{{< hint danger >}}\nDo not restart chronyd blindly.\n{{< /hint >}}\n\n{{< mermaid >}}graph{{< /mermaid >}}\n",
        ),
        (
            "content/node/NodeClockSkewDetected.md",
            "# NodeClockSkewDetected\n",
        ),
    ]);
    let run = site.build_ok();
    let page = site.output("node/NodeClockNotSynchronising.html");
    assert!(
        page.contains("href=\"NodeClockSkewDetected.html\""),
        "{page}"
    );
    assert!(page.contains("href=\"https://github.com/acme/runbooks/edit\""));
    assert!(page.contains("callout callout-caution"), "{page}");
    assert!(!page.contains("{{&lt;") && !page.contains("{{<"), "{page}");
    assert!(
        run.stderr.contains("content/node/NodeClockNotSynchronising.md:11:1: warning: Hugo shortcode 'mermaid' is not known here"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("with 1 warning"), "{}", run.stderr);
}

/// A Hugo site's own config keeps its `params`: `{{< param >}}` finds them with no copy.
#[test]
fn hugo_params_come_from_the_hugo_config_beside_the_site() {
    let site = Site::with(&[
        (
            "config.yaml",
            "title: Runbooks\nparams:\n  BookRepo: \"https://github.com/acme/runbooks\"\n",
        ),
        (
            "content/_index.md",
            "# Runbooks\n\n[Add one]({{< param BookRepo >}}/new/main)\n",
        ),
    ]);
    let run = site.build_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert!(
        site.output("index.html")
            .contains("href=\"https://github.com/acme/runbooks/new/main\"")
    );
}

#[test]
fn sibling_folders_named_alike_are_told_apart_in_the_navigation() {
    let site = Site::with(&[
        ("content/index.md", "# Home\n"),
        ("content/google-cloud-storage/bucket.md", "# Bucket\n"),
        ("content/google_cloud_storage/quota.md", "# Quota\n"),
        ("content/whos-on-call.md", "Text only.\n"),
    ]);
    site.build_ok();
    let home = site.output("index.html");
    let nav = &home[home.find("id=\"sidebar\"").unwrap()..];
    assert!(
        nav.contains(">google-cloud-storage<") && nav.contains(">google_cloud_storage<"),
        "{nav}"
    );
    assert!(nav.contains(">Whos on call<"), "{nav}");
}

#[test]
fn mkdocs_tabs_attribute_lists_and_abbreviations_never_show_as_text() {
    let site = Site::with(&[(
        "content/index.md",
        "# Disk\n\n=== \"Linux\"\n    ```bash\n    df -h\n    ```\n\n=== \"macOS\"\n    Use Disk Utility.\n\nThe HTML report.\n{: .lead }\n\n*[HTML]: Hyper Text Markup Language\n",
    )]);
    let run = site.build_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let page = site.output("index.html");
    let html = &page[page.find("<main").unwrap()..page.find("</main>").unwrap()];
    for raw in ["===", "{:", "*[HTML]"] {
        assert!(!html.contains(raw), "{raw} shown: {html}");
    }
    assert!(html.contains("<strong>Linux</strong>") && html.contains("<strong>macOS</strong>"));
    assert!(
        html.contains("language-bash"),
        "the tab's code block is a code block"
    );
}

/// Links from a page to the repository's own files (scripts, rule files) outside the pages'
/// folder lead to the file in the hosted repository once the config names it.
#[test]
fn links_out_of_the_pages_folder_lead_to_the_repository() {
    let site = Site::with(&[
        (
            "docs/index.md",
            "# Ops\n\nRun [the script](../scripts/rotate.sh).\n",
        ),
        ("scripts/rotate.sh", "#!/bin/sh\n"),
        ("dontpanic.toml", "content_dir = \"docs\"\n"),
    ]);
    let run = site.build_ok();
    assert!(
        run.stderr.contains("leads outside the content folder"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("set repo_url"), "{}", run.stderr);
    site.write(
        "dontpanic.toml",
        "content_dir = \"docs\"\nrepo_url = \"https://github.com/acme/ops\"\n",
    );
    let run = site.build_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert!(
        site.output("index.html")
            .contains("href=\"https://github.com/acme/ops/blob/main/scripts/rotate.sh\"")
    );
}

//! What an include may paste into a page: only what the site could publish itself, and never
//! more than a page may hold. On the real file system, as a checkout leaves it.

use super::harness::Site;

fn site_with_secrets() -> Site {
    Site::with(&[
        ("content/index.md", "# Home\n"),
        (
            ".git/config",
            "[http \"https://git.example.com/\"]\n\textraheader = AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzXzEyMw==\n",
        ),
        (".env", "DB_PASSWORD=Wq9rT2xLm4\n"),
        (".gitignore", "local/\n"),
        ("local/notes.md", "my local notes\n"),
        ("includes/contacts.md", "Call **Dana**.\n"),
    ])
}

#[test]
fn hidden_and_ignored_files_are_never_included() {
    let site = site_with_secrets();
    site.write(
        "content/leak.md",
        "# Leak\n\n--8<-- \".git/config\"\n\n{{#include ../.env}}\n\n--8<-- \"local/notes.md\"\n\n--8<-- \"includes/contacts.md\"\n",
    );
    let build = site.build();
    assert_eq!(build.code, 1, "{}", build.stderr);
    let stderr = &build.stderr;
    assert!(
        stderr
            .contains("content/leak.md:3:1: error: cannot include '.git/config': '.git' is hidden"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/leak.md:5:1: error: cannot include '../.env': '.env' is hidden"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/leak.md:7:1: error: cannot include 'local/notes.md': the repository's ignore rules (.gitignore)"),
        "{stderr}"
    );
    assert!(!site.root().join("public").exists(), "nothing is written");
    for secret in ["AUTHORIZATION", "Wq9rT2xLm4", "eC1hY2Nl"] {
        assert!(
            !stderr.contains(secret),
            "the message repeats the secret: {stderr}"
        );
    }

    // Without the refused lines, the page builds with the committed include.
    site.write(
        "content/leak.md",
        "# Leak\n\n--8<-- \"includes/contacts.md\"\n",
    );
    site.build_ok();
    assert!(
        site.output("leak.html")
            .contains("Call <strong>Dana</strong>.")
    );
}

#[test]
fn a_link_inside_the_site_to_a_hidden_file_is_refused_too() {
    let site = site_with_secrets();
    std::os::unix::fs::symlink(
        site.root().join(".git/config"),
        site.root().join("includes/config.md"),
    )
    .unwrap();
    site.write(
        "content/leak.md",
        "# Leak\n\n--8<-- \"includes/config.md\"\n",
    );
    let build = site.build();
    assert_eq!(build.code, 1);
    assert!(
        build.stderr.contains("'.git' is hidden"),
        "{}",
        build.stderr
    );
}

#[test]
fn the_secret_check_reads_the_page_with_its_includes() {
    let site = Site::with(&[
        ("content/index.md", "# Home\n"),
        (
            "includes/db.md",
            "Connect with postgres://app:Wq9rT2xLm4@db.internal/app\n",
        ),
        ("content/db.md", "# Database\n\n--8<-- \"includes/db.md\"\n"),
    ]);
    let check = site.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains("this looks like a password in an address"),
        "{}",
        check.stderr
    );
    assert!(!check.stderr.contains("Wq9rT2xLm4"));
}

#[test]
fn includes_cannot_grow_a_page_past_its_limit() {
    // Four files that each include the next twenty times: 20^4 copies of the last.
    let mut files: Vec<(String, String)> = vec![
        ("content/index.md".into(), "# Home\n".into()),
        (
            "dontpanic.toml".into(),
            "[limits]\npage_size_mb = 1\n".into(),
        ),
        ("includes/l4.md".into(), "x".repeat(2_000) + "\n"),
    ];
    for level in 1..4 {
        let line = format!("--8<-- \"includes/l{}.md\"\n", level + 1);
        files.push((format!("includes/l{level}.md"), line.repeat(20)));
    }
    files.push((
        "content/bomb.md".into(),
        format!("# Bomb\n\n{}", "--8<-- \"includes/l1.md\"\n".repeat(20)),
    ));
    let site = Site::with_owned(&files);
    let started = std::time::Instant::now();
    let build = site.build();
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(
        build
            .stderr
            .contains("the page grows past 1 MB; it and the includes after it are left out"),
        "{}",
        build.stderr
    );
    assert_eq!(
        build.stderr.matches("grows past").count(),
        1,
        "said once: {}",
        build.stderr
    );
    // Not a timing test: a build that reads 160,000 files takes many seconds, one that stops
    // at the limit well under one.
    assert!(started.elapsed().as_secs() < 30);
}

/// Work that grew with the square of a page's repeats: ids for repeated headings and checklist
/// items, and links into a page of many headings. Not a benchmark: each took 40 s or more
/// before, and takes well under a second now.
#[test]
fn repeated_headings_items_and_missing_anchors_cost_one_step_each() {
    let headings = "## Same\n\ntext\n\n".repeat(20_000);
    let items = "- [ ] same item\n".repeat(20_000);
    let links: String = (0..10_000)
        .map(|i| format!("[x](other.md#missing-{i}) "))
        .collect();
    let other: String = (0..10_000)
        .map(|i| format!("## Heading number {i}\n\n"))
        .collect();
    let site = Site::with(&[
        ("content/index.md", "# Home\n"),
        ("content/headings.md", &format!("# Headings\n\n{headings}")),
        ("content/items.md", &format!("# Items\n\n{items}")),
        ("content/links.md", &format!("# Links\n\n{links}")),
        ("content/other.md", &format!("# Other\n\n{other}")),
    ]);
    let started = std::time::Instant::now();
    let build = site.build();
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());
    let html = site.output("headings.html");
    assert!(
        html.contains("id=\"same-19999\""),
        "the last repeat has its own id"
    );
    assert!(
        site.output("items.html").contains("data-check=\"t"),
        "items keep ids"
    );
    assert!(
        build
            .stderr
            .contains("9950 more broken links on this page not shown")
    );
}

#[test]
fn a_page_that_would_render_to_too_much_html_is_an_error_at_its_line() {
    let deep = format!("{}deep\n", "> ".repeat(5_000));
    // A table of ampersands: two bytes a cell, fourteen of HTML. (pulldown-cmark already
    // bounds the other amplifier, a reference to a long address used over and over.)
    let row = format!("|{}\n", "&|".repeat(100));
    let references = format!("{}|{}\n{}", row, "-|".repeat(100), row.repeat(4_000));
    let site = Site::with(&[
        ("dontpanic.toml", "[limits]\npage_size_mb = 1\n"),
        ("content/index.md", "# Home\n"),
        ("content/deep.md", &format!("# Deep\n\nText.\n\n{deep}")),
        ("content/refs.md", &format!("# Refs\n\n{references}")),
    ]);
    let build = site.build();
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(
        build.stderr.contains(
            "content/deep.md:5:1: error: this line nests 5000 blockquotes or list items (at most 64)"
        ),
        "{}",
        build.stderr
    );
    assert!(
        build
            .stderr
            .contains("content/refs.md:1:1: error: the page renders to more than 5 MB of HTML"),
        "{}",
        build.stderr
    );
    // Nested as deep as people write, the page builds.
    site.write("content/deep.md", "# Deep\n\n> - > 1. quoted list\n");
    site.write("content/refs.md", "# Refs\n");
    site.build_ok();
}

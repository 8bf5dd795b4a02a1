//! Bad input: every problem reported at once, located, with a hint; never a panic.

use super::harness::Site;

#[test]
fn unknown_front_matter_field_is_a_warning_with_line_and_suggestion() {
    let site = Site::with(&[(
        "content/playbooks/lockout.md",
        "+++\ntitle = \"Lockout\"\nseverty = \"sev1\"\n+++\n",
    )]);
    let run = site.build();
    assert_eq!(run.code, 0, "an unknown key never stops the build");
    assert!(
        run.stderr.contains("content/playbooks/lockout.md:3:1: warning: unknown field 'severty' (kept for templates as page.extra.severty)\n  = hint: did you mean 'severity'?"),
        "{}",
        run.stderr
    );
    let strict = site.run(&["check", "--deny-warnings"]);
    assert_eq!(strict.code, 1, "check --deny-warnings stays strict");
}

#[test]
fn every_error_is_reported_in_one_run_sorted_by_file() {
    let site = Site::with(&[
        ("content/b.md", "---\nowner: [sam, kim]\n---\n"),
        ("content/a.md", "+++\nkind = \"runbok\"\n+++\n"),
        ("content/c.md", "+++\nlast_reviewed = \"yesterday\"\n+++\n"),
        ("content/ok.md", "# Fine\n"),
    ]);
    let run = site.build();
    assert_eq!(run.code, 1);
    let a = run.stderr.find("content/a.md:2:").expect(&run.stderr);
    let b = run
        .stderr
        .find("content/b.md:2:8: error: 'owner' should be a string")
        .expect(&run.stderr);
    let c = run.stderr.find("content/c.md:2:").expect(&run.stderr);
    assert!(a < b && b < c, "{}", run.stderr);
    assert!(
        run.stderr.contains("build failed: 3 errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn bom_and_crlf_are_accepted_and_lines_still_count_right() {
    let site = Site::new();
    site.write_bytes(
        "content/win.md",
        b"\xef\xbb\xbf+++\r\ntitle = \"Windows\"\r\n+++\r\n\r\n[x](nowhere.md)\r\n",
    );
    let run = site.build_ok();
    assert!(site.output("win.html").contains("<h1>Windows</h1>"));
    assert!(
        run.stderr.contains("content/win.md:5:1: warning"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_that_is_not_utf8_is_named() {
    let site = Site::new();
    site.write_bytes("content/latin1.md", b"# Caf\xe9\n");
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content/latin1.md:1:6: error: the file is not valid UTF-8 text"),
        "{}",
        run.stderr
    );
}

#[test]
fn config_errors_name_the_line() {
    let site = Site::with(&[
        ("dontpanic.toml", "title = \"Ops\"\ntitel = \"x\"\n"),
        ("content/a.md", "# A\n"),
    ]);
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "dontpanic.toml:2:1: error: unknown field 'titel'\n  = hint: did you mean 'title'?"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn unclosed_front_matter_is_an_error_not_a_page() {
    let site = Site::with(&[("content/a.md", "+++\ntitle = \"x\"\n\n# Body\n")]);
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content/a.md:1:1: error: front matter opened with '+++' is never closed"),
        "{}",
        run.stderr
    );
}

#[test]
fn two_section_pages_in_one_folder_are_an_error() {
    let site = Site::with(&[
        ("content/x/_index.md", "# X\n"),
        ("content/x/index.md", "# Also X\n"),
    ]);
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("more than one section page"),
        "{}",
        run.stderr
    );
}

#[test]
fn template_syntax_errors_name_the_template_and_line() {
    let site = Site::with(&[
        ("content/a.md", "# A\n"),
        (
            "themes/default/templates/page.html",
            "{% extends \"base.html\" %}\n\n{% block main %}{% if %}{% endblock main %}\n",
        ),
    ]);
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("themes/default/templates/page.html:3:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("template error"), "{}", run.stderr);
}

#[test]
fn strange_input_never_panics() {
    let nasty: &[(&str, &[u8])] = &[
        ("content/empty.md", b""),
        ("content/only-fm.md", b"+++\n+++"),
        ("content/dashes.md", b"---"),
        ("content/deep.md", &[b'>'; 5000]),
        (
            "content/brackets.md",
            b"[[[[[[[[[[]]]]]]]]]]]((((((((\n[x](<>)\n[y](../../../../etc/passwd)\n",
        ),
        (
            "content/html.md",
            b"<script>alert(1)</script>\n<div id=\"\"></div>\n",
        ),
        ("content/heads.md", b"#\n##\n# \n## {#}\n"),
        ("content/yaml-list.md", b"---\n- a\n- b\n---\n"),
        ("content/nul.md", b"a\x00b\n"),
    ];
    let site = Site::new();
    for (path, bytes) in nasty {
        site.write_bytes(path, bytes);
    }
    let run = site.build();
    assert!(
        run.code == 0 || run.code == 1,
        "exit {}: {}",
        run.code,
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn a_missing_content_folder_says_what_to_do() {
    let site = Site::new();
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("content:"), "{}", run.stderr);
    assert!(run.stderr.contains("dontpanic init"), "{}", run.stderr);
}

#[test]
fn pages_that_would_overwrite_generated_files_are_errors() {
    let site = Site::with(&[
        ("content/404.md", "# My 404\n"),
        ("content/dontpanic/binder.md", "# Our binder\n"),
        ("static/robots.txt", "User-agent: *\n"),
    ]);
    let run = site.build();
    assert_eq!(run.code, 1);
    for expected in [
        "content/404.md:1:1: error: this page would be written at 404.html, where dontpanic writes the page hosts show for a missing address",
        "content/dontpanic/binder.md:1:1: error: this page would be written at dontpanic/binder.html, where dontpanic writes the generator's own folder",
        "= hint: rename or move it out of dontpanic/, or set generated_prefix in dontpanic.toml",
        "static/robots.txt:1:1: error: this file would be written at robots.txt",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
    // Another prefix frees the name.
    site.remove("content/404.md");
    site.remove("static/robots.txt");
    site.write("dontpanic.toml", "generated_prefix = \"_site-tools\"\n");
    let run = site.build_ok();
    assert!(!run.stderr.contains("error"), "{}", run.stderr);
    assert!(site.output("dontpanic/binder.html").contains("Our binder"));
    assert!(site.has_output("_site-tools/binder.html"));
    assert!(site.has_output("_site-tools/assets/style.css"));
}

/// Names a team's content plausibly uses are the team's: a `search/` section, `assets/` with a
/// stylesheet of its own, a `binder.md`, a `sw.js`.
#[test]
fn content_may_use_the_names_of_common_folders_and_files() {
    let site = Site::with(&[
        ("content/index.md", "# Home\n"),
        (
            "content/search/_index.md",
            "# Search tips\n\nHow to search the logs.\n",
        ),
        ("content/binder.md", "# The paper binder\n"),
        ("content/assets/style.css", "body { color: hotpink }"),
        ("content/sw.js", "// not a service worker"),
    ]);
    let run = site.build_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert!(
        site.output("search/index.html")
            .contains("How to search the logs.")
    );
    assert!(site.output("binder.html").contains("The paper binder"));
    assert_eq!(site.output("assets/style.css"), "body { color: hotpink }");
    assert!(
        !site
            .output("dontpanic/assets/style.css")
            .contains("hotpink")
    );
    assert!(
        site.output("index.html")
            .contains("dontpanic/assets/style.css")
    );
}

#[test]
fn ticket_fields_of_unknown_type_are_errors() {
    let site = Site::with(&[(
        "content/t.md",
        "+++\ntitle = \"T\"\nkind = \"template\"\n\n[[fields]]\nid = \"when\"\nlabel = \"When\"\ntype = \"datetme\"\n+++\n",
    )]);
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("content/t.md:8:1: error: field 'when' has unknown type 'datetme'\n  = hint: did you mean 'datetime'?"), "{}", run.stderr);
}

//! Small or odd input with a bounded cost and an error that names the place: nesting in YAML
//! and raw HTML, folder trees deeper than the sidebar, rule-file patterns that would walk a
//! disk or a loop, names the output cannot hold, what a terminal would run, and files in the
//! output that the build did not write. Each on the real file system, through the binary.

use std::os::unix::fs::symlink;
use std::time::{Duration, Instant};

use super::harness::Site;

#[test]
fn deep_yaml_nesting_is_an_error_at_its_bracket_in_front_matter_and_rule_files() {
    let deep = "[".repeat(100_000);
    let site = Site::with(&[
        (
            "content/index.md",
            &format!("---\ntitle: Home\ntags: {deep}\n---\n# Home\n"),
        ),
        ("monitoring/rules.yaml", &format!("groups: {deep}\n")),
        (
            "dontpanic.toml",
            "[alerts]\nrules = ['monitoring/*.yaml']\n",
        ),
    ]);
    let started = Instant::now();
    let build = site.build();
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(
        build
            .stderr
            .contains("content/index.md:3:71: error: YAML nested more than 64 levels deep"),
        "{}",
        build.stderr
    );
    assert!(
        build
            .stderr
            .contains("monitoring/rules.yaml:1:73: warning: YAML nested more than 64 levels deep"),
        "{}",
        build.stderr
    );
}

#[test]
fn a_date_that_is_not_one_is_reported_at_the_value() {
    let site = Site::with(&[(
        "content/index.md",
        "---\ntitle: Home\nlast_reviewed: 2026-13-45\n---\n# Home\n",
    )]);
    let build = site.build();
    assert_eq!(build.code, 1);
    assert!(
        build
            .stderr
            .contains("content/index.md:3:16: error: '2026-13-45' is not a date"),
        "{}",
        build.stderr
    );
}

#[test]
fn rule_patterns_never_follow_links_out_or_round_and_absolute_ones_are_refused() {
    let site = Site::with(&[
        ("content/index.md", "# Home\n\nalerts answered here\n"),
        (
            "monitoring/rules.yaml",
            "groups:\n- name: g\n  rules:\n  - alert: DiskFull\n    expr: up == 0\n",
        ),
        (
            "dontpanic.toml",
            "[alerts]\nrules = [\n  'monitoring/**/*.yaml',\n  '/etc/**/*.yaml',\n]\n",
        ),
    ]);
    // A loop back to the folder itself, and a link out to the whole disk.
    symlink(
        site.root().join("monitoring"),
        site.root().join("monitoring/again"),
    )
    .unwrap();
    symlink("/", site.root().join("monitoring/disk")).unwrap();
    let started = Instant::now();
    let check = site.run(&["check"]);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        check.stderr.contains(
            "dontpanic.toml:4:1: error: alert rules pattern '/etc/**/*.yaml' is an absolute path"
        ),
        "the single-quoted pattern is found at its own line: {}",
        check.stderr
    );
    assert!(
        check
            .stderr
            .contains("monitoring/rules.yaml:4:1: warning: alert 'DiskFull' has no runbook"),
        "the rule file itself is read once: {}",
        check.stderr
    );
    assert_eq!(
        check
            .stderr
            .matches("alert 'DiskFull' has no runbook")
            .count(),
        1,
        "{}",
        check.stderr
    );
}

#[test]
fn a_folder_tree_deeper_than_the_sidebar_still_builds() {
    let site = Site::new();
    let mut folder = String::from("content");
    for level in 1..=25 {
        folder.push_str(&format!("/l{level}"));
        site.write(&format!("{folder}/page.md"), &format!("# Level {level}\n"));
    }
    site.build_ok();
    let deepest = format!("{}/page.html", folder.trim_start_matches("content/"));
    assert!(site.output(&deepest).contains("Level 25"));
}

#[test]
fn raw_html_nested_past_the_limit_is_an_error_at_its_line_and_quick() {
    let nested = "<div>".repeat(100_000);
    let site = Site::with(&[(
        "content/index.md",
        &format!(
            "# Home\n\nText.\n\n{nested}deep{}\n",
            "</div>".repeat(100_000)
        ),
    )]);
    let started = Instant::now();
    let build = site.build();
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(
        build.stderr.contains(
            "content/index.md:5:2561: error: raw HTML nests more than 512 elements inside each other"
        ),
        "{}",
        build.stderr
    );
}

#[test]
fn names_the_output_cannot_hold_are_errors_naming_the_files() {
    let site = Site::with(&[
        ("content/index.md", "# Home\n"),
        ("content/runbooks/disk.md", "# Disk\n"),
        ("static/runbooks/disk.html", "<h1>not the runbook</h1>"),
        ("content/Docs/a.md", "# A\n"),
        ("content/docs/b.md", "# B\n"),
        ("content/back\\slash.md", "# Backslash\n"),
    ]);
    let build = site.build();
    assert_eq!(build.code, 1, "{}", build.stderr);
    let stderr = &build.stderr;
    assert!(
        stderr.contains("content/runbooks/disk.md:1:1: error: this page and the file 'static/runbooks/disk.html' both write runbooks/disk.html"),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "content/Docs/a.md:1:1: error: Docs differs from another output's address only in case"
        ) && stderr.contains("content/docs/b.md:1:1: error: docs differs"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/back\\slash.md:1:1: error: the file name holds a backslash"),
        "{stderr}"
    );
}

#[test]
fn links_with_ordinary_names_to_hidden_files_are_not_published() {
    let site = Site::with(&[
        ("content/index.md", "# Home\n"),
        (
            ".git/config",
            "[remote \"origin\"]\n\turl = https://x:Wq9rT2xLm4@git.example.com/r\n",
        ),
    ]);
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    symlink(site.root().join(".git"), site.root().join("static/repo")).unwrap();
    symlink(
        site.root().join(".git/config"),
        site.root().join("content/settings.md"),
    )
    .unwrap();
    let build = site.build();
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(
        build
            .stderr
            .contains("static/repo:1:1: error: symbolic link to ")
            && build.stderr.contains("which is hidden ('.git')"),
        "{}",
        build.stderr
    );
    assert!(
        build
            .stderr
            .contains("content/settings.md:1:1: error: symbolic link to ")
    );
    assert!(!site.has_output("repo/config"));
    assert!(!site.has_output("settings.html"));
}

#[test]
fn control_characters_in_names_reach_the_terminal_as_escapes() {
    let site = Site::with(&[(
        "content/index.md",
        "---\ntitle: Home\nseverty: high\n---\n# Home\n",
    )]);
    site.write("content/\u{1b}[2Jwiped.md", "---\nweight: ten\n---\n# X\n");
    let build = site.build();
    assert_eq!(build.code, 1);
    assert!(!build.stderr.contains('\u{1b}'), "{:?}", build.stderr);
    assert!(
        build
            .stderr
            .contains("content/\\u{1b}[2Jwiped.md:2:9: error:"),
        "{}",
        build.stderr
    );
}

#[test]
fn a_file_someone_put_in_the_output_is_never_deleted_by_the_next_build() {
    let site = Site::with(&[("content/index.md", "# Home\n")]);
    site.build_ok();
    site.build_ok();
    site.write("public/notes.txt", "the on-call's own notes");
    let build = site.build();
    assert_eq!(build.code, 2, "{}", build.stderr);
    assert!(
        build.stderr.contains(
            "holds files that dontpanic did not write, which replacing it would delete: notes.txt"
        ),
        "{}",
        build.stderr
    );
    assert_eq!(
        std::fs::read_to_string(site.root().join("public/notes.txt")).unwrap(),
        "the on-call's own notes"
    );
    // Through a link too: the folder the link names is the output.
    let elsewhere = tempfile::tempdir().unwrap();
    let web_root = elsewhere.path().join("www");
    std::fs::rename(site.root().join("public"), &web_root).unwrap();
    symlink(&web_root, site.root().join("public")).unwrap();
    let build = site.build();
    assert_eq!(build.code, 2, "{}", build.stderr);
    assert!(web_root.join("notes.txt").exists());
    std::fs::remove_file(web_root.join("notes.txt")).unwrap();
    site.build_ok();
    assert!(web_root.join("index.html").exists());
}

#[test]
fn secrets_in_the_config_and_in_credentials_form_are_found() {
    let site = Site::with(&[
        (
            "content/index.md",
            "# Home\n\n    aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzK9q2R7abc\n",
        ),
        (
            "dontpanic.toml",
            "title = \"Ops\"\n[extra]\nslack_token = \"T09Q2k3m4n5p6q7r8s9t\"\n",
        ),
    ]);
    let check = site.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains(
            "content/index.md:3:5: error: this looks like a secret written into a variable"
        ),
        "{}",
        check.stderr
    );
    assert!(
        check.stderr.contains(
            "dontpanic.toml:3:1: error: this looks like a secret written into a variable"
        ),
        "{}",
        check.stderr
    );
    assert!(!check.stderr.contains("T09Q2k3m4n5p6q7r8s9t"));
}

#[test]
fn a_single_file_copy_over_its_size_limit_names_the_biggest_file() {
    let site = Site::with(&[
        ("content/index.md", "# Home\n\n![map](map.png)\n"),
        ("dontpanic.toml", "[limits]\nsingle_file_mb = 1\n"),
    ]);
    site.write_bytes("content/map.png", &vec![0u8; 2_000_000]);
    let run = site.run(&["build", "--single-file", "copy.html"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/map.png:1:1: error: this file takes 3 MB of the single-file copy")
            && run.stderr.contains("[limits] single_file_mb allows 1"),
        "{}",
        run.stderr
    );
    assert!(!site.root().join("copy.html").exists());
}

#[test]
fn new_refuses_a_title_of_more_than_one_line_and_escapes_quotes() {
    let site = Site::with(&[("content/index.md", "# Home\n")]);
    let run = site.run(&["new", "runbook", "content/a.md", "--title", "Disk\nfull"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("the title holds a line break"),
        "{}",
        run.stderr
    );
    assert!(!site.root().join("content/a.md").exists());
    let run = site.run(&[
        "new",
        "runbook",
        "content/b.md",
        "--title",
        "The \"big\" one \\ two",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let built = site.run(&["build", "--today", "2026-12-01"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    assert!(
        site.output("b.html")
            .contains("The &quot;big&quot; one \\ two")
    );
}

#[test]
fn a_file_reached_by_many_links_is_read_once() {
    let site = Site::with(&[(
        "content/big.md",
        &format!("# Big\n\n{}", "word word word\n\n".repeat(2_000)),
    )]);
    std::fs::create_dir_all(site.root().join("content/l")).unwrap();
    for i in 0..50 {
        symlink("../big.md", site.root().join(format!("content/l/b{i}.md"))).unwrap();
    }
    let build = site.build();
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(
        build.stderr.contains(
            "content/l/b0.md:1:1: warning: this file is also reached as content/big.md; it is read once"
        ),
        "{}",
        build.stderr
    );
    assert!(site.has_output("big.html"));
    assert!(!site.has_output("l/b0.html"));
}

#[test]
fn an_alias_never_replaces_a_file_an_alert_address_or_a_page_of_another_case() {
    let site = Site::with(&[
        (
            "content/a.md",
            "+++\ntitle = \"A\"\naliases = [\"B.html\", \"file.txt\", \"alerts/DiskFull/\"]\n+++\nx\n",
        ),
        (
            "content/b.md",
            "+++\ntitle = \"B\"\nalerts = [\"DiskFull\"]\n+++\nx\n",
        ),
        ("static/file.txt", "kept"),
        ("content/ǅ.md", "# Dz\n"),
        ("content/ǆ.md", "# dz\n"),
    ]);
    let build = site.build();
    assert_eq!(build.code, 1, "{}", build.stderr);
    for expected in [
        "content/a.md:3:1: error: alias 'B.html' (B.html) differs from b.html only in case",
        "content/a.md:3:1: error: alias 'file.txt' would be written at file.txt, over the file 'static/file.txt'",
        "content/a.md:3:1: error: alias 'alerts/DiskFull/' would be written at alerts/DiskFull/index.html, over the address of alert 'DiskFull'",
        "content/ǅ.md:1:1: error: ǅ.html differs from another output's address only in case",
    ] {
        assert!(
            build.stderr.contains(expected),
            "{expected}\n{}",
            build.stderr
        );
    }
}

#[test]
fn a_generated_prefix_that_differs_from_a_folder_only_in_case_is_refused() {
    let site = Site::with(&[
        ("content/runbooks/r.md", "# R\n"),
        ("dontpanic.toml", "generated_prefix = \"Runbooks\"\n"),
    ]);
    let build = site.build();
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(
        build
            .stderr
            .contains("error: Runbooks differs from another output's address only in case"),
        "{}",
        build.stderr
    );
}

#[test]
fn a_config_that_is_a_pipe_is_an_error_not_a_wait() {
    let site = Site::with(&[("content/index.md", "# Home\n")]);
    let pipe =
        std::ffi::CString::new(site.root().join("dontpanic.toml").to_str().unwrap()).unwrap();
    // SAFETY: a valid, NUL-terminated path; mkfifo only creates the node.
    assert_eq!(unsafe { libc::mkfifo(pipe.as_ptr(), 0o600) }, 0);
    let started = Instant::now();
    let build = site.build();
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(
        build
            .stderr
            .contains("dontpanic.toml:1:1: error: cannot read: not a regular file"),
        "{}",
        build.stderr
    );
}

#[test]
fn alerts_json_names_files_from_the_site_root_and_rule_secrets_are_found() {
    let site = Site::with(&[
        (
            "content/disk.md",
            "+++\ntitle = \"Disk\"\nalerts = [\"DiskFull\"]\n+++\nx\n",
        ),
        (
            "monitoring/rules.yaml",
            "groups:\n- name: g\n  rules:\n  - alert: DiskFull\n    expr: probe{token=\"ghp_0123456789abcdefghijABCDEFGHIJ012345\"} == 0\n",
        ),
        (
            "dontpanic.toml",
            "[alerts]\nrules = [\"monitoring/*.yaml\"]\n",
        ),
    ]);
    let root = site.root().canonicalize().unwrap();
    let build = super::harness::run_in(&root, &["build", "--root", root.to_str().unwrap()]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let json = site.output("alerts.json");
    assert!(json.contains("\"page\": \"content/disk.md\""), "{json}");
    assert!(!json.contains(root.to_str().unwrap()), "{json}");
    let check = site.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains("monitoring/rules.yaml:4:1: error: this looks like a GitHub token"),
        "{}",
        check.stderr
    );
}

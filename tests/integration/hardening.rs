//! What a clumsy team or a hostile file can do to a site: links out of the site, editor
//! droppings, script URLs, long code lines, interrupted builds, odd output paths, odd names.
//! Each test is one such case, on the real file system.

use std::os::unix::fs::symlink;

use super::harness::{Site, files_under};

fn page(title: &str) -> String {
    format!("# {title}\n\nSome text.\n")
}

#[test]
fn a_static_folder_linked_out_of_the_site_is_an_error_everywhere() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("id_ed25519"), "PRIVATE KEY").unwrap();
    let site = Site::with(&[("content/index.md", &page("Home"))]);
    site.build_ok();
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    symlink(outside.path(), site.root().join("static/ssh")).unwrap();

    let build = site.build();
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(
        build
            .stderr
            .contains("static/ssh:1:1: error: symbolic link to ")
            && build
                .stderr
                .contains(&outside.path().canonicalize().unwrap().display().to_string()),
        "names the link and its target: {}",
        build.stderr
    );
    assert!(!site.has_output("ssh/id_ed25519"));
    assert!(site.has_output("index.html"), "the previous output stays");

    let check = site.run(&["check"]);
    assert_eq!(check.code, 1);
    assert!(check.stderr.contains("static/ssh"), "{}", check.stderr);
    let single = site.run(&["build", "--single-file", "copy.html"]);
    assert_eq!(single.code, 1);
    assert!(!site.root().join("copy.html").exists());
}

#[test]
fn a_content_link_out_of_the_site_is_an_error_and_one_inside_is_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("notes.md"), "# Outside\n").unwrap();
    let site = Site::with(&[
        ("content/index.md", &page("Home")),
        ("shared/diagram.txt", "inside the site"),
    ]);
    symlink(
        site.root().join("shared/diagram.txt"),
        site.root().join("content/diagram.txt"),
    )
    .unwrap();
    site.build_ok();
    assert_eq!(site.output("diagram.txt"), "inside the site");

    symlink(outside.path(), site.root().join("content/elsewhere")).unwrap();
    let build = site.build();
    assert_eq!(build.code, 1);
    assert!(
        build
            .stderr
            .contains("content/elsewhere:1:1: error: symbolic link to "),
        "{}",
        build.stderr
    );
}

#[test]
fn editor_droppings_are_never_built_or_published() {
    let site = Site::with(&[
        ("content/index.md", &page("Home")),
        ("content/runbooks/disk.md", &page("Disk")),
        ("content/runbooks/disk.md___jb_tmp___", "half a save"),
        ("content/runbooks/disk.md___jb_old___", "the old text"),
        ("content/runbooks/disk.md.bck", "a backup"),
        ("content/runbooks/.disk.md.swp", "vim swap"),
        ("static/logo.svg~", "backup"),
        ("static/.secret", "hidden"),
    ]);
    // Emacs' lock file is a symbolic link to a target that does not exist.
    symlink(
        "someone@host.1234:1700000000",
        site.root().join("content/runbooks/.#disk.md"),
    )
    .unwrap();
    let build = site.build_ok();
    assert!(!build.stderr.contains("warning"), "{}", build.stderr);
    let files = files_under(&site.root().join("public"));
    for dropping in ["___jb_", ".bck", ".swp", "~", ".#", ".secret"] {
        assert!(
            !files.iter().any(|f| f.contains(dropping)),
            "{dropping} published: {files:?}"
        );
    }
}

#[test]
fn a_dangling_link_that_is_not_an_editor_lock_is_a_warning() {
    let site = Site::with(&[("content/index.md", &page("Home"))]);
    symlink(
        "/nonexistent/target.png",
        site.root().join("content/graph.png"),
    )
    .unwrap();
    let build = site.build_ok();
    assert!(
        build.stderr.contains("content/graph.png:1:1: warning: symbolic link to /nonexistent/target.png, which does not exist"),
        "{}",
        build.stderr
    );
}

#[test]
fn script_links_become_plain_text_with_a_warning() {
    let site = Site::with(&[(
        "content/index.md",
        "# Home\n\n[click](javascript:alert(1)) and [tab](java\tscript:alert(2))\n\n\
         ![x](data:text/html;base64,PHNjcmlwdD4=) ![ok](data:image/png;base64,iVBORw0KGgo=)\n\n\
         [vb](VBScript:msgbox) [fine](https://example.com)\n\n## Steps {onclick=alert(3) data-step=one}\n",
    )]);
    let build = site.build_ok();
    let html = site.output("index.html");
    for bad in [
        "javascript:",
        "vbscript:",
        "VBScript:",
        "data:text/html",
        "onclick",
    ] {
        assert!(!html.contains(bad), "{bad} reached the page");
    }
    assert!(html.contains("click") && html.contains("href=\"https://example.com\""));
    assert!(html.contains("src=\"data:image/png;base64,iVBORw0KGgo=\""));
    assert!(html.contains("data-step=\"one\""));
    assert!(
        build
            .stderr
            .contains("content/index.md:3:1: warning: a link to a 'javascript:' address"),
        "{}",
        build.stderr
    );
    assert!(
        build
            .stderr
            .contains("heading attribute 'onclick' is left out"),
        "{}",
        build.stderr
    );
}

#[test]
fn a_file_name_with_a_colon_never_becomes_a_scheme() {
    let site = Site::with(&[
        ("content/index.md", &page("Home")),
        ("content/javascript:alert(1).md", &page("Odd name")),
    ]);
    site.build_ok();
    let home = site.output("index.html");
    assert!(!home.contains("href=\"javascript:"), "{home}");
    assert!(
        home.contains("href=\"javascript%3Aalert(1).html\""),
        "{home}"
    );
    assert!(site.has_output("javascript:alert(1).html"));
}

#[test]
fn a_long_shell_line_is_built_at_once_and_named() {
    let line = format!(
        "curl -s -H 'X-Token: {}' https://api.example.com/v1/items | jq '.items[] | .id'",
        "ab12".repeat(800)
    );
    let site = Site::with(&[(
        "content/index.md",
        &format!("# Home\n\nText.\n\n```bash\n{line}\n```\n"),
    )]);
    let started = std::time::Instant::now();
    let build = site.build_ok();
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert!(
        build
            .stderr
            .contains("content/index.md:5:1: warning: line 1 of the code block has"),
        "{}",
        build.stderr
    );
    assert!(site.output("index.html").contains("ab12ab12"));
}

#[test]
fn two_builds_of_the_same_sources_are_byte_identical() {
    let site = Site::with(&[
        ("content/index.md", &page("Home")),
        ("content/runbooks/disk.md", &page("Disk")),
        (
            "dontpanic.toml",
            "base_url = \"https://runbooks.example.com/\"\n",
        ),
    ]);
    for out in ["one", "two"] {
        let run = site.run(&["build", "--today", "2026-12-01", "-o", out]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let (one, two) = (site.root().join("one"), site.root().join("two"));
    let files = files_under(&one);
    assert_eq!(files, files_under(&two));
    assert!(files.contains(&"dontpanic-sw.js".to_string()));
    for file in &files {
        assert_eq!(
            std::fs::read(one.join(file)).unwrap(),
            std::fs::read(two.join(file)).unwrap(),
            "{file} differs"
        );
    }
    // One changed page: a new service worker version.
    site.write("content/runbooks/disk.md", &page("Disk, changed"));
    let run = site.run(&["build", "--today", "2026-12-01", "-o", "three"]);
    assert_eq!(run.code, 0);
    let version = |dir: &str| {
        let sw = std::fs::read_to_string(site.root().join(dir).join("dontpanic-sw.js")).unwrap();
        sw.lines()
            .find(|l| l.contains("const VERSION"))
            .unwrap()
            .to_string()
    };
    assert_ne!(version("one"), version("three"));
}

#[test]
fn output_paths_are_checked_after_dots_and_links_are_resolved() {
    let site = Site::with(&[("content/index.md", &page("Home"))]);
    for target in ["public/../content/out", "./public/../../", "content/./x/.."] {
        let run = site.run(&["build", "-o", target]);
        assert_eq!(run.code, 2, "{target}: {}", run.stderr);
        assert!(run.stderr.contains("refusing to write"), "{}", run.stderr);
    }
    symlink(site.root().join("content"), site.root().join("out-link")).unwrap();
    let run = site.run(&["build", "-o", "out-link/built"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = site.run(&["build", "--single-file", "public/../content/copy.html"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    site.write(
        "dontpanic.toml",
        "output_dir = \"public/../content/generated\"\n",
    );
    let run = site.build();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!site.root().join("content/generated").exists());
    assert!(!site.root().join("content/out").exists());
}

/// What `kill -9` in the middle of a build leaves: staging folders, and, between the two renames
/// of a swap, the previous output renamed aside with nothing in its place.
#[test]
fn the_next_build_repairs_what_an_interrupted_one_left() {
    let site = Site::with(&[("content/index.md", &page("Home"))]);
    site.build_ok();
    let marker = site.root().join("public/.dontpanic-output");
    assert!(marker.is_file());
    // A dead build's staging folder, and a dead build's previous output set aside.
    let dead = 4_000_000; // above any pid_max, so never a running process
    let staging = site.root().join(format!(".public.staging-{dead}"));
    std::fs::create_dir_all(staging.join("runbooks")).unwrap();
    std::fs::copy(&marker, staging.join(".dontpanic-output")).unwrap();
    std::fs::rename(
        site.root().join("public"),
        site.root()
            .join(format!(".public.staging-{}.old", dead + 1)),
    )
    .unwrap();
    // Something of the user's that looks similar but is not ours stays.
    let foreign = site.root().join(format!(".public.staging-{}", dead + 2));
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    // A build stopped before it marked its staging folder left it empty: that may go.
    let unmarked = site.root().join(format!(".public.staging-{}", dead + 3));
    std::fs::create_dir_all(&unmarked).unwrap();

    // Even a build that fails gives the previous output back first.
    site.write("content/broken.md", "+++\ntitle = \n+++\n");
    assert_eq!(site.build().code, 1);
    assert!(
        site.output("index.html").contains("Home"),
        "previous output restored"
    );
    site.remove("content/broken.md");
    site.build_ok();
    let names: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.contains(&dead.to_string()) || n.contains(&(dead + 1).to_string())),
        "{names:?}"
    );
    assert!(
        foreign.join("notes.txt").is_file(),
        "a folder without the marker is not ours"
    );
    assert!(
        !unmarked.exists(),
        "an empty unmarked staging folder is removed"
    );
}

#[test]
fn builds_killed_at_random_moments_leave_no_waste_and_always_a_site() {
    let mut files: Vec<(String, String)> = vec![("content/index.md".into(), page("Home"))];
    for n in 0..600 {
        files.push((
            format!("content/runbooks/r{n}.md"),
            format!("# Runbook {n}\n\n```bash\necho {n}\n```\n\n## Steps\n\nText {n}.\n"),
        ));
    }
    let site = Site::with_owned(&files);
    site.build_ok();
    for delay_ms in [20, 50, 100, 200, 350, 500] {
        let mut child = std::process::Command::new(super::harness::binary())
            .arg("build")
            .current_dir(site.root())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            site.root().join("public/index.html").is_file()
                || std::fs::read_dir(site.root()).unwrap().any(|e| e
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".old")),
            "after a kill at {delay_ms} ms the previous output is somewhere on disk"
        );
    }
    site.build_ok();
    let hidden: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(hidden.is_empty(), "left behind: {hidden:?}");
    assert!(site.output("runbooks/r599.html").contains("Runbook 599"));
}

#[test]
fn every_front_matter_problem_of_a_file_is_reported_in_one_run() {
    let site = Site::with(&[
        (
            "content/a.md",
            "+++\ntitle = 42\nweight = \"ten\"\nseverty = \"sev1\"\n+++\nText\n",
        ),
        ("content/b.md", "---\ntitle: 42\nkind: runbok\n---\nText\n"),
    ]);
    let run = site.build();
    assert_eq!(run.code, 1);
    for expected in [
        // A wrong value is reported at the value, an unknown key at the key.
        "content/a.md:2:9: error: 'title' should be a string, not the number 42",
        "content/a.md:3:10: error: 'weight' should be a whole number",
        "content/a.md:4:1: warning: unknown field 'severty'",
        "content/b.md:2:8: error: 'title' should be a string, not the number 42",
        "content/b.md:3:7: error: unknown value 'runbok'",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
}

#[test]
fn utf16_empty_and_oversized_pages_are_named() {
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("# Hello\n".encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let site = Site::with(&[
        ("content/index.md", &page("Home")),
        ("content/empty.md", ""),
    ]);
    site.write_bytes("content/windows.md", &utf16);
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "content/windows.md:1:1: error: the file is UTF-16 text, which is not supported"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("save it as UTF-8"));
    site.remove("content/windows.md");
    let run = site.build_ok();
    assert!(
        run.stderr.contains(
            "content/empty.md:1:1: warning: the page is empty: it has no title and no text"
        ),
        "{}",
        run.stderr
    );

    site.write("content/huge.md", &"x".repeat(11 * 1024 * 1024));
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "content/huge.md:1:1: error: the page is 11.0 MB, more than the limit of 10 MB"
        ),
        "{}",
        run.stderr
    );
    site.write("dontpanic.toml", "[limits]\npage_size_mb = 20\n");
    site.build_ok();
}

#[test]
fn broken_link_warnings_per_page_are_capped_and_counted() {
    let links: String = (0..5000)
        .map(|i| format!("[x](missing-{i}.md)\n"))
        .collect();
    let site = Site::with(&[("content/index.md", &format!("# Home\n\n{links}"))]);
    let run = site.build_ok();
    let lines = run
        .stderr
        .lines()
        .filter(|l| l.contains("no page at"))
        .count();
    assert_eq!(lines, 50);
    assert!(
        run.stderr
            .contains("4950 more broken links on this page not shown"),
        "{}",
        run.stderr
    );
}

#[test]
fn names_that_differ_only_in_case_stop_the_build() {
    let site = Site::with(&[
        ("content/index.md", &page("Home")),
        ("content/Setup.md", &page("Setup")),
        ("content/setup.md", &page("setup")),
    ]);
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/Setup.md:1:1: error: Setup.html differs from another output's address only in case"),
        "{}",
        run.stderr
    );
    assert!(!site.has_output("index.html"));
}

#[test]
fn a_decomposed_file_name_gets_a_composed_address_and_both_link_forms_work() {
    let nfd = "cafe\u{301}"; // "café" as macOS writes file names
    let nfc = "caf\u{e9}";
    let site = Site::with(&[(
        "content/index.md",
        &format!("# Home\n\n[one]({nfc}.md) [two]({nfd}.md) [three](caf%C3%A9.md)\n"),
    )]);
    site.write(&format!("content/{nfd}.md"), &page("Café"));
    let run = site.build_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    assert!(site.has_output(&format!("{nfc}.html")));
    let home = site.output("index.html");
    assert!(
        home.matches("href=\"caf%C3%A9.html\"").count() >= 3,
        "{home}"
    );
    assert!(
        !home.contains("cafe%CC%81"),
        "no decomposed address is written"
    );
}

/// A page whose front matter has an error is still a page: links to it are not reported as
/// broken on top of its own error.
#[test]
fn a_page_with_errors_still_exists_for_links() {
    let site = Site::with(&[
        (
            "content/index.md",
            "# Home\n\nSee [the lockout playbook](lockout.md#first-actions).\n",
        ),
        (
            "content/lockout.md",
            "+++\ntitle = 7\n+++\n## First actions\n",
        ),
    ]);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/lockout.md:2:9: error:"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("content/index.md"), "{}", run.stderr);
}

#[test]
fn pages_written_for_other_tools_build_with_their_keys() {
    let site = Site::with(&[
        ("content/index.md", "# Home\n"),
        (
            "content/runbooks/disk.md",
            "---\ntitle: Disk almost full on the database hosts\nlinkTitle: Disk full\nweight: 2\ndate: 2024-03-01\nlastmod: 2024-05-01\nslug: disk\nlayout: docs\nbookCollapseSection: true\nhide:\n  - toc\n---\n## One\n## Two\n",
        ),
        (
            "content/runbooks/api.md",
            "---\ntitle: API down\nsidebar_label: API\nsidebar_position: 1\nid: api-down\nstatus: new\n---\n## One\n## Two\n",
        ),
    ]);
    let run = site.build_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let disk = site.output("runbooks/disk.html");
    assert!(
        disk.contains("<h1>Disk almost full on the database hosts</h1>"),
        "{disk}"
    );
    assert!(!disk.contains("class=\"toc\""), "hide: [toc] is honoured");
    let nav = &disk[disk.find("class=\"sidebar\"").unwrap()..];
    let api_at = nav.find(">API<").expect("the sidebar uses sidebar_label");
    let disk_at = nav.find(">Disk full<").expect("the sidebar uses linkTitle");
    assert!(api_at < disk_at, "sidebar_position orders the pages");
    assert!(site.output("runbooks/api.html").contains("class=\"toc\""));
}

/// Two builds of the same sources at the same moment, on a machine they keep busy, give the
/// same bytes: no limit depends on the clock. The pages carry code that a clock-bound
/// highlighter would give up on under load.
#[test]
fn two_builds_at_the_same_time_are_byte_identical() {
    let block = format!(
        "```yaml\n{}```\n\n",
        "key: [a, {b: \"c d e\"}, 'x y', 1.5e3] # comment here\n".repeat(3_600)
    );
    let mut files: Vec<(String, String)> = vec![("content/index.md".into(), page("Home"))];
    for i in 0..24 {
        files.push((
            format!("content/runbooks/r{i}.md"),
            format!("# Runbook {i}\n\n{block}"),
        ));
    }
    let site = super::harness::Site::with_owned(&files);
    let root = site.root().to_path_buf();
    let builds: Vec<std::thread::JoinHandle<super::harness::Run>> = ["one", "two"]
        .into_iter()
        .map(|out| {
            let root = root.clone();
            std::thread::spawn(move || {
                super::harness::run_in(&root, &["build", "--today", "2026-12-01", "-o", out])
            })
        })
        .collect();
    for build in builds {
        let run = build.join().unwrap();
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let (one, two) = (root.join("one"), root.join("two"));
    let files = files_under(&one);
    assert_eq!(files, files_under(&two));
    for file in &files {
        assert!(
            std::fs::read(one.join(file)).unwrap() == std::fs::read(two.join(file)).unwrap(),
            "{file} differs"
        );
    }
}

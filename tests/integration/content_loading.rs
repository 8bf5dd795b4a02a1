//! Loading the content folder: pages, sections, front matter formats, titles, drafts.

use super::harness::Site;

#[test]
fn init_writes_a_site_that_builds() {
    let parent = tempfile::tempdir().unwrap();
    let run = super::harness::run_in(parent.path(), &["init", "my-site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(parent.path().join("my-site/dontpanic.toml").is_file());
    assert!(parent.path().join("my-site/content/_index.md").is_file());
    let run = super::harness::run_in(parent.path(), &["build", "--root", "my-site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("Built "), "{}", run.stderr);
    assert!(run.stderr.contains(" pages in "), "{}", run.stderr);
    assert!(
        run.stdout.is_empty(),
        "messages go to stderr, stdout stays clean: {}",
        run.stdout
    );
    assert!(
        parent
            .path()
            .join("my-site/public/playbooks/account-lockout.html")
            .is_file()
    );
}

#[test]
fn init_never_overwrites_an_existing_site() {
    let site = Site::with(&[("dontpanic.toml", "title = \"Mine\"\n")]);
    let run = site.run(&["init", "."]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("refusing to overwrite"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(site.root().join("dontpanic.toml")).unwrap(),
        "title = \"Mine\"\n"
    );
}

#[test]
fn section_files_and_folders_without_one_become_sections() {
    let site = Site::with(&[
        ("content/_index.md", "# Home\n"),
        (
            "content/guides/README.md",
            "# All the guides\n\nGuide intro.\n",
        ),
        ("content/guides/a.md", "# Guide A\n"),
        ("content/network-ops/b.md", "# Page B\n"),
    ]);
    site.build_ok();
    let guides = site.output("guides/index.html");
    assert!(guides.contains("<h1>All the guides</h1>"), "{guides}");
    assert!(guides.contains("Guide intro."));
    assert!(
        guides.contains("href=\"a.html\""),
        "section lists its pages"
    );
    let generated = site.output("network-ops/index.html");
    assert!(
        generated.contains("<h1>Network ops</h1>"),
        "titled from the folder name"
    );
    assert!(generated.contains("href=\"b.html\""));
    let home = site.output("index.html");
    assert!(
        home.contains(">Network ops</a>"),
        "folder without index is in the navigation"
    );
}

#[test]
fn front_matter_in_toml_yaml_or_none() {
    let site = Site::with(&[
        (
            "content/toml.md",
            "+++\ntitle = \"From TOML\"\ntags = [\"x\"]\n+++\nBody\n",
        ),
        (
            "content/yaml.md",
            "---\ntitle: From YAML\nkind: runbook\nowner: sam\n---\nBody\n",
        ),
        ("content/heading.md", "# From the heading\n\nBody\n"),
        ("content/file-name-only.md", "Just text.\n"),
    ]);
    site.build_ok();
    assert!(site.output("toml.html").contains("<h1>From TOML</h1>"));
    let yaml = site.output("yaml.html");
    assert!(yaml.contains("<h1>From YAML</h1>"));
    assert!(
        yaml.contains("class=\"meta-strip\""),
        "runbooks get the header strip"
    );
    let heading = site.output("heading.html");
    assert_eq!(
        heading.matches("From the heading</h1>").count(),
        1,
        "title is not printed twice"
    );
    assert!(
        site.output("file-name-only.html")
            .contains("<h1>File name only</h1>")
    );
}

#[test]
fn default_kind_of_a_section_applies_to_its_pages() {
    let site = Site::with(&[
        (
            "content/rb/_index.md",
            "+++\ndefault_kind = \"runbook\"\n+++\n",
        ),
        (
            "content/rb/disk.md",
            "+++\ntitle = \"Disk\"\nowner = \"ops\"\n+++\n",
        ),
        (
            "content/rb/note.md",
            "+++\ntitle = \"Note\"\nkind = \"page\"\n+++\n",
        ),
    ]);
    site.build_ok();
    assert!(
        site.output("rb/disk.html")
            .contains(" class=\"kind-runbook\">")
    );
    assert!(
        site.output("rb/note.html")
            .contains(" class=\"kind-page\">")
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = Site::with(&[
        ("content/_index.md", "# Home\n"),
        (
            "content/wip.md",
            "+++\ntitle = \"Work in progress\"\ndraft = true\n+++\n",
        ),
    ]);
    site.build_ok();
    assert!(!site.has_output("wip.html"));
    assert!(!site.output("index.html").contains("Work in progress"));
    let run = site.run(&["build", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        site.output("wip.html")
            .contains("<h1>Work in progress</h1>")
    );
}

#[test]
fn navigation_is_ordered_by_weight_then_title() {
    let site = Site::with(&[
        ("content/b.md", "# Bravo\n"),
        ("content/a.md", "# Alpha\n"),
        ("content/z.md", "+++\ntitle = \"Zulu\"\nweight = 1\n+++\n"),
    ]);
    site.build_ok();
    let home = site.output("index.html");
    let pos = |t: &str| {
        home.find(&format!(">{t}</a>"))
            .unwrap_or_else(|| panic!("{t} missing"))
    };
    assert!(
        pos("Zulu") < pos("Alpha") && pos("Alpha") < pos("Bravo"),
        "{home}"
    );
    let alpha = site.output("a.html");
    assert!(alpha.contains("rel=\"prev\"") && alpha.contains("rel=\"next\""));
    assert!(alpha.contains("href=\"b.html\" rel=\"next\""), "{alpha}");
}

#[test]
fn editor_leftovers_and_hidden_files_are_ignored() {
    let site = Site::with(&[
        ("content/page.md", "# Page\n"),
        ("content/.page.md.swp", "junk"),
        ("content/page.md~", "junk"),
        ("content/.hidden/secret.md", "# Secret\n"),
    ]);
    site.build_ok();
    let files = super::harness::files_under(&site.root().join("public"));
    assert!(
        !files
            .iter()
            .any(|f| f.contains("swp") || f.ends_with('~') || f.contains("hidden")),
        "{files:?}"
    );
}

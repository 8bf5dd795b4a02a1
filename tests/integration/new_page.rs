//! `dontpanic new`: pages from archetypes, never over an existing file.

use super::harness::Site;

#[test]
fn new_writes_a_page_of_the_kind_with_title_and_todays_review_date() {
    let site = Site::new();
    let run = site.run(&[
        "new",
        "playbook",
        "content/playbooks/dns-outage.md",
        "--title",
        "DNS outage",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text =
        std::fs::read_to_string(site.root().join("content/playbooks/dns-outage.md")).unwrap();
    let today = jiff::ZonedDateTime::now().date().to_string();
    assert!(text.contains("title = \"DNS outage\""), "{text}");
    assert!(text.contains("kind = \"playbook\""));
    assert!(text.contains(&format!("last_reviewed = {today}")));
    // The sections check asks of a playbook are all there; only the owner is left to fill in.
    let check = site.run(&["check", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_str(&check.stdout).unwrap();
    let codes: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, ["missing-owner"], "{}", check.stdout);
}

#[test]
fn new_never_overwrites() {
    let site = Site::with(&[("content/disk.md", "# Mine\n")]);
    let run = site.run(&["new", "runbook", "content/disk.md"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("already exists; refusing to overwrite it"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(site.root().join("content/disk.md")).unwrap(),
        "# Mine\n"
    );
}

#[test]
fn a_site_theme_can_bring_its_own_archetype() {
    let site = Site::with(&[(
        "themes/default/archetypes/runbook.md",
        "+++\ntitle = \"{{ title }}\"\nkind = \"runbook\"\n+++\nHouse style.\n",
    )]);
    let run = site.run(&["new", "runbook", "content/x.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(site.root().join("content/x.md")).unwrap();
    assert_eq!(
        text,
        "+++\ntitle = \"X\"\nkind = \"runbook\"\n+++\nHouse style.\n"
    );
}

/// Run from elsewhere with `--root`, PATH is taken inside that site, and a path that leaves it
/// is refused.
#[test]
fn new_writes_relative_to_the_root_and_never_outside_it() {
    let site = Site::with(&[("content/index.md", "# Ops\n")]);
    let elsewhere = tempfile::tempdir().unwrap();
    let root = site.root().to_str().unwrap();
    let run = super::harness::run_in(
        elsewhere.path(),
        &[
            "new",
            "runbook",
            "content/runbooks/disk-full.md",
            "--root",
            root,
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.root().join("content/runbooks/disk-full.md").is_file());
    assert!(
        !elsewhere.path().join("content").exists(),
        "nothing written where it ran"
    );
    let run = super::harness::run_in(
        elsewhere.path(),
        &["new", "runbook", "../../outside.md", "--root", root],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("outside the site root"),
        "{}",
        run.stderr
    );
}

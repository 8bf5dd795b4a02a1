//! The file:line a problem is reported at is where the key is written, as the parser read it:
//! a key written quoted, a key nested under another, a key's name also written inside a
//! multi-line string before it, in front matter (TOML and YAML) and in config files.

use super::harness::{Run, Site};

/// A config that declares one severity level and one contact, so that references are checked.
const DECLARED: &str =
    "[[severity]]\nid = \"sev1\"\nname = \"Critical\"\n\n[contacts.dana]\nname = \"Dana\"\n";

fn assert_reports(run: &Run, expected: &str) {
    assert!(
        run.stderr.contains(expected),
        "expected {expected:?} in:\n{}",
        run.stderr
    );
}

#[test]
fn a_quoted_toml_front_matter_key_is_reported_at_its_line() {
    let site = Site::with(&[
        ("dontpanic.toml", DECLARED),
        (
            "content/slow.md",
            "+++\ntitle = \"Slow API\"\n\"severity\" = \"sev9\"\n+++\n# Slow\n",
        ),
    ]);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_reports(
        &run,
        "content/slow.md:3:1: error: unknown severity level 'sev9' in severity",
    );
}

#[test]
fn a_toml_key_also_written_earlier_in_a_multi_line_string_is_reported_where_it_is_set() {
    let site = Site::with(&[(
        "content/disk.md",
        "+++\ntitle = \"Disk\"\ndescription = \"\"\"\naliases = [\"old/\"]\n\"\"\"\naliases = [\"https://elsewhere.example/x\"]\n+++\n# Disk\n",
    )]);
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_reports(
        &run,
        "content/disk.md:6:1: error: alias 'https://elsewhere.example/x' is not a path inside the site",
    );
}

#[test]
fn a_quoted_yaml_front_matter_key_is_reported_at_its_line() {
    let site = Site::with(&[
        ("dontpanic.toml", DECLARED),
        (
            "content/slow.md",
            "---\ntitle: Slow API\n'owner': nobody\n---\n# Slow\n",
        ),
    ]);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_reports(
        &run,
        "content/slow.md:3:1: error: unknown contact or team 'nobody' in owner",
    );
}

#[test]
fn a_yaml_front_matter_key_nested_under_another_is_not_taken_for_the_top_level_one() {
    let site = Site::with(&[
        ("dontpanic.toml", DECLARED),
        (
            "content/slow.md",
            "---\ntitle: Slow API\nextra:\n  owner: dana\nowner: nobody\n---\n# Slow\n",
        ),
    ]);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_reports(
        &run,
        "content/slow.md:5:1: error: unknown contact or team 'nobody' in owner",
    );
}

#[test]
fn a_yaml_front_matter_type_error_is_at_the_value_not_at_a_mention_in_a_block_scalar() {
    let site = Site::with(&[(
        "content/a.md",
        "---\ndescription: |\n  weight: 3 kg\nweight: heavy\n---\n# A\n",
    )]);
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_reports(
        &run,
        "content/a.md:4:9: error: 'weight' should be a whole number",
    );
}

#[test]
fn a_yaml_front_matter_key_in_a_flow_mapping_is_reported_at_its_line() {
    let site = Site::with(&[
        ("dontpanic.toml", DECLARED),
        (
            "content/slow.md",
            "---\n{title: Slow API,\n  owner: nobody}\n---\n# Slow\n",
        ),
    ]);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_reports(
        &run,
        "content/slow.md:3:3: error: unknown contact or team 'nobody' in owner",
    );
}

#[test]
fn a_config_key_also_written_earlier_in_a_multi_line_string_is_reported_where_it_is_set() {
    let site = Site::with(&[
        (
            "dontpanic.toml",
            "description = \"\"\"\ncontent_dir = \"docs\"\n\"\"\"\ncontent_dir = \"../elsewhere\"\n",
        ),
        ("content/a.md", "# A\n"),
    ]);
    let run = site.run(&["check"]);
    assert_ne!(run.code, 0, "{}", run.stderr);
    assert_reports(
        &run,
        "dontpanic.toml:4:1: error: content_dir '../elsewhere' is not one folder of the site root",
    );
}

#[test]
fn a_config_address_under_a_dotted_key_is_reported_at_its_line() {
    let site = Site::with(&[
        (
            "dontpanic.toml",
            "title = \"Ops\"\n\n[contacts.dana]\nname = \"Dana\"\nchannels.chat = \"javascript:alert(1)\"\n",
        ),
        ("content/a.md", "# A\n"),
    ]);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_reports(
        &run,
        "dontpanic.toml:5:17: error: contacts.dana.channels.chat 'javascript:alert(1)'",
    );
}

#[test]
fn a_mkdocs_address_is_reported_at_its_own_key_not_a_nested_one_of_the_same_name() {
    let site = Site::with(&[
        (
            "mkdocs.yml",
            "site_name: Payments\nextra:\n  repo_url: https://fine.example/\n\"repo_url\": 'javascript:alert(1)//'\n",
        ),
        ("docs/index.md", "# Payments\n"),
    ]);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_reports(
        &run,
        "mkdocs.yml:4:1: error: repo_url 'javascript:alert(1)//' is a 'javascript:' address",
    );
}

#[test]
fn an_mdbook_address_is_reported_in_its_table_not_at_a_mention_in_a_string() {
    let site = Site::with(&[
        (
            "book.toml",
            "[book]\ntitle = \"Ops\"\ndescription = \"\"\"\ngit-repository-url = \"x\"\n\"\"\"\n\n[output.html]\ngit-repository-url = \"javascript:alert(1)\"\n",
        ),
        ("src/index.md", "# Ops\n"),
    ]);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_reports(
        &run,
        "book.toml:8:1: error: git-repository-url 'javascript:alert(1)' is a 'javascript:' address",
    );
}

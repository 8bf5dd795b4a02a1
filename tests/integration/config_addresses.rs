//! Every address the config hands to a link is one a reader may click: http(s) for the site,
//! the repository and chat channels, mailto: for e-mail, tel: for phones. Anything else is an
//! error at its line in build, check, serve and import, and never reaches a page.

use std::time::Duration;

use super::harness::Site;
use super::serve_harness::Preview;

/// A config with an address no link may have at each key that becomes one; its lines and
/// columns are those of the values.
const BAD: &str = "title = \"Ops\"
base_url = \"data:text/html,<script>alert(1)</script>\"
repo_url = \"javascript:alert(1)//\"

[contacts.dana]
name = \"Dana\"
channels = { phone = \"javascript:alert(1)\", email = \"dana@example.com\" }

[contacts.ravi]
name = \"Ravi\"
[contacts.ravi.channels]
email = \"mailto:javascript:alert(1)\"
chat = \"  JaVaScRiPt:alert(1)\"
pager = \"vbscript:msgbox(1)\"
phone = \"tel:+91 80 5550 1107\"
";

/// The lines every command prints for `BAD`.
const BAD_LINES: [&str; 6] = [
    "dontpanic.toml:2:12: error: base_url 'data:text/html,<script>alert(1)</script>' is a 'data:' address; a link may only be http(s)\n  = hint: write the site's full address, starting with https://",
    "dontpanic.toml:3:12: error: repo_url 'javascript:alert(1)//' is a 'javascript:' address; a link may only be http(s)\n  = hint: write the repository's web address, starting with https://",
    "dontpanic.toml:7:22: error: contacts.dana.channels.phone 'javascript:alert(1)' is not a phone number\n  = hint: write the number",
    "dontpanic.toml:12:9: error: contacts.ravi.channels.email 'mailto:javascript:alert(1)' is not an e-mail address\n  = hint: write the address",
    "dontpanic.toml:13:8: error: contacts.ravi.channels.chat '  JaVaScRiPt:alert(1)' is a 'JaVaScRiPt:' address; a link may only be http(s)\n  = hint: write a web address starting with https://, or plain text",
    "dontpanic.toml:14:9: error: contacts.ravi.channels.pager 'vbscript:msgbox(1)' is a 'vbscript:' address; a link may only be http(s)",
];

fn assert_reports_every_bad_address(stderr: &str) {
    for line in BAD_LINES {
        assert!(stderr.contains(line), "missing\n{line}\nin\n{stderr}");
    }
}

#[test]
fn an_address_no_link_may_have_is_an_error_at_its_line_in_build_and_check() {
    let site = Site::with(&[
        ("dontpanic.toml", BAD),
        (
            "content/disk.md",
            "+++\nkind = \"runbook\"\nowner = \"dana\"\n+++\n# Disk full\n",
        ),
    ]);
    let build = site.build();
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert_reports_every_bad_address(&build.stderr);
    assert!(!site.has_output("index.html"), "nothing was written");
    let check = site.run(&["check"]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert_reports_every_bad_address(&check.stderr);
    // The rest of the config still counts: a page may name the contacts.
    assert!(
        !check.stderr.contains("unknown contact"),
        "{}",
        check.stderr
    );

    // Control characters and case do not hide a scheme, nor does the command line.
    site.write(
        "dontpanic.toml",
        "repo_url = \"\\u0001javascript:alert(1)\"\nbase_url = \"https://ops.example.com/\"\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "dontpanic.toml:1:12: error: repo_url '\\u{1}javascript:alert(1)' holds a control character"
        ),
        "{}",
        run.stderr
    );
    site.write("dontpanic.toml", "");
    let run = site.run(&["build", "--base-url", "JAVASCRIPT:alert(1)"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "--base-url:1:12: error: base_url 'JAVASCRIPT:alert(1)' is a 'JAVASCRIPT:' address"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn each_address_is_linked_in_the_form_it_was_written() {
    let site = Site::with(&[
        (
            "dontpanic.toml",
            "repo_url = \"HTTPS://github.com/acme/ops\"\n\n[contacts.dana]\nname = \"Dana\"\nchannels = { phone = \"tel:+353 1 555 0142\", email = \"mailto:dana@example.com\", chat = \"@dana\", pager = \"https://pager.example.com/dana\" }\n",
        ),
        ("content/_index.md", "# Runbooks\n"),
    ]);
    site.build_ok();
    let contacts = site.output("operations/contacts.html");
    for link in [
        "<a href=\"tel:+35315550142\">+353 1 555 0142</a>",
        "<a href=\"mailto:dana@example.com\">dana@example.com</a>",
        "<a href=\"https://pager.example.com/dana\">https://pager.example.com/dana</a>",
        "<span class=\"muted\">chat:</span> @dana<br>",
    ] {
        assert!(contacts.contains(link), "{link} in {contacts}");
    }
    assert!(
        site.output("index.html")
            .contains("href=\"HTTPS://github.com/acme/ops/edit/main/content/_index.md\"")
    );
}

#[test]
fn serve_shows_the_error_and_keeps_the_last_good_site() {
    let site = Site::with(&[
        (
            "dontpanic.toml",
            "repo_url = \"https://github.com/acme/ops\"\n",
        ),
        ("content/_index.md", "# Runbooks\n"),
    ]);
    let preview = Preview::start(site.root(), &[]);
    site.write("dontpanic.toml", "repo_url = \"javascript:alert(1)//\"\n");
    let page = preview.wait_until("/", Duration::from_secs(20), |r| {
        r.body.contains("dontpanic-errors")
    });
    assert!(
        page.body.contains(
            "dontpanic.toml:1:12: error: repo_url 'javascript:alert(1)//' is a 'javascript:' address"
        ),
        "{}",
        page.body
    );
    assert!(!page.body.contains("href=\"javascript:"), "{}", page.body);
}

/// A repository built with its MkDocs settings (no `dontpanic.toml`): the address in
/// `mkdocs.yml` is checked as one in `dontpanic.toml` is.
#[test]
fn another_tool_s_address_no_link_may_have_is_an_error_at_its_line() {
    let site = Site::with(&[
        (
            "mkdocs.yml",
            "site_name: Payments\nsite_url: https://ops.example.com/\nrepo_url: 'javascript:alert(1)//'\n",
        ),
        ("docs/index.md", "# Payments\n"),
    ]);
    for command in ["build", "check"] {
        let run = site.run(&[command]);
        assert_eq!(run.code, 1, "{command}: {}", run.stderr);
        assert!(
            run.stderr.contains("mkdocs.yml:3:1: error: repo_url 'javascript:alert(1)//' is a 'javascript:' address; a link may only be http(s)\n  = hint: write the repository's web address"),
            "{command}: {}",
            run.stderr
        );
    }

    // `import` does not carry it over: it names the line and writes nothing.
    let import = site.run(&["import", "mkdocs"]);
    assert_eq!(import.code, 1, "{}", import.stderr);
    assert!(
        import.stderr.contains(
            "mkdocs.yml:3:1: error: repo_url 'javascript:alert(1)//' is a 'javascript:' address"
        ),
        "{}",
        import.stderr
    );
    assert!(
        import
            .stderr
            .contains("dontpanic.toml was not written: fix the address in mkdocs.yml first"),
        "{}",
        import.stderr
    );
    assert!(!site.root().join("dontpanic.toml").exists());

    site.write(
        "mkdocs.yml",
        "site_name: Payments\nsite_url: https://ops.example.com/\nrepo_url: https://github.com/acme/pay\n",
    );
    let import = site.run(&["import", "mkdocs"]);
    assert_eq!(import.code, 0, "{}", import.stderr);
    let written = std::fs::read_to_string(site.root().join("dontpanic.toml")).unwrap();
    assert!(
        written.contains("repo_url = \"https://github.com/acme/pay\"\n"),
        "{written}"
    );
}

/// Hugo's `baseURL = "/"` is a path, not an address: left out, and the repository still builds.
#[test]
fn a_site_address_written_as_a_path_is_left_out() {
    let site = Site::with(&[
        (
            "hugo.toml",
            "baseURL = \"/\"\ntitle = \"Platform\"\n[params]\nBookRepo = \"data:text/html,x\"\n",
        ),
        ("content/_index.md", "# Platform\n"),
    ]);
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("hugo.toml:4:1: error: BookRepo 'data:text/html,x' is a 'data:' address"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("baseURL"), "{}", run.stderr);
    site.write(
        "hugo.toml",
        "baseURL = \"/\"\ntitle = \"Platform\"\n[params]\nBookRepo = \"https://github.com/acme/rb\"\n",
    );
    site.build_ok();
    let import = site.run(&["import", "hugo"]);
    assert_eq!(import.code, 0, "{}", import.stderr);
    assert!(
        import.stderr.contains("The site address '/' is a path"),
        "{}",
        import.stderr
    );
    let written = std::fs::read_to_string(site.root().join("dontpanic.toml")).unwrap();
    assert!(!written.contains("base_url"), "{written}");
    site.build_ok();
}

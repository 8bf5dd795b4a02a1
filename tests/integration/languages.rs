//! Sites in several languages: where each language's pages are published, `lang`, `dir` and
//! `hreflang`, untranslated pages shown in the default language under the other's address,
//! links kept in the reader's language, and each language's own navigation.

use crate::harness::Site;

const CONFIG: &str = "title = \"Ops\"\ndefault_language = \"en\"\n[languages.en]\n[languages.zh]\nname = \"中文\"\n[languages.ar]\n";

fn suffix_site() -> Site {
    Site::with(&[
        ("dontpanic.toml", CONFIG),
        (
            "content/_index.md",
            "# Home\n\nStart at [the lockout playbook](playbooks/lockout.md).\n",
        ),
        (
            "content/_index.zh.md",
            "# 首页\n\n从[账号锁定预案](playbooks/lockout.md)开始。\n",
        ),
        ("content/playbooks/_index.md", "# Playbooks\n"),
        (
            "content/playbooks/lockout.md",
            "+++\ntitle = \"Account lockout\"\naliases = [\"old/lockout/\"]\nalerts = [\"AccountLocked\"]\n+++\nSee [disk full](disk.md) and ![flow](flow.png).\n",
        ),
        (
            "content/playbooks/lockout.zh.md",
            "+++\ntitle = \"账号锁定\"\naliases = [\"old/lockout/\"]\nalerts = [\"AccountLocked\"]\n+++\n见[磁盘已满](disk.md)和 ![流程](flow.png)。\n",
        ),
        ("content/playbooks/disk.md", "# Disk full\n\nFree space.\n"),
        ("content/playbooks/flow.png", "png"),
        ("content/playbooks/flow.zh.png", "png zh"),
    ])
}

#[test]
fn each_language_is_published_under_its_folder_with_lang_dir_and_hreflang() {
    let site = suffix_site();
    let run = site.build_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let zh = site.output("zh/playbooks/lockout.html");
    assert!(zh.contains("<html lang=\"zh\" dir=\"ltr\">"), "{zh}");
    assert!(
        zh.contains("<h1>账号锁定</h1>") || zh.contains(">账号锁定</h1>"),
        "{zh}"
    );
    assert!(
        zh.contains(
            "<link rel=\"alternate\" hreflang=\"en\" href=\"../../playbooks/lockout.html\">"
        ),
        "{zh}"
    );
    assert!(
        zh.contains(
            "<link rel=\"alternate\" hreflang=\"ar\" href=\"../../ar/playbooks/lockout.html\">"
        ),
        "{zh}"
    );
    // The link to a page that has no Chinese text stays in Chinese addresses, and the image
    // is the Chinese one.
    assert!(zh.contains("href=\"disk.html\""), "{zh}");
    assert!(zh.contains("src=\"flow.png\""), "{zh}");
    assert_eq!(
        std::fs::read_to_string(site.root().join("public/zh/playbooks/flow.png")).unwrap(),
        "png zh"
    );

    let en = site.output("playbooks/lockout.html");
    assert!(en.contains("<html lang=\"en\" dir=\"ltr\">"), "{en}");
    assert!(
        en.contains("hreflang=\"zh\" href=\"../zh/playbooks/lockout.html\""),
        "{en}"
    );

    let ar = site.output("ar/playbooks/lockout.html");
    assert!(ar.contains("<html lang=\"ar\" dir=\"rtl\">"), "{ar}");
    // Arabic has no text for the page: it shows the English one under its own address, and
    // its image falls back to the English file.
    assert!(ar.contains("Account lockout"), "{ar}");
    assert!(ar.contains("src=\"../../playbooks/flow.png\""), "{ar}");

    // The old address leads to the default language's page, once.
    assert!(
        site.output("old/lockout/index.html")
            .contains("playbooks/lockout.html")
    );
}

#[test]
fn each_language_has_its_own_home_and_navigation() {
    let site = suffix_site();
    site.build_ok();
    let zh_home = site.output("zh/index.html");
    assert!(zh_home.contains("首页"), "{zh_home}");
    let sidebar = |page: &str| {
        let start = page.find("id=\"sidebar\"").unwrap();
        page[start..start + page[start..].find("</nav>").unwrap()].to_string()
    };
    let zh = sidebar(&site.output("zh/playbooks/disk.html"));
    assert!(zh.contains("href=\"../index.html\""), "{zh}");
    assert!(zh.contains(">账号锁定<"), "{zh}");
    assert!(!zh.contains("Account lockout"), "{zh}");
    let en = sidebar(&site.output("index.html"));
    assert!(!en.contains("zh/") && !en.contains("ar/"), "{en}");
}

#[test]
fn the_folder_layout_mirrors_the_default_tree() {
    let site = Site::with(&[
        ("dontpanic.toml", "[languages.en]\n[languages.de]\n"),
        ("content/_index.md", "# Home\n"),
        (
            "content/runbooks/disk.md",
            "# Disk full\n\nSee [latency](latency.md).\n",
        ),
        ("content/runbooks/latency.md", "# High latency\n"),
        ("content/de/_index.md", "# Start\n"),
        (
            "content/de/runbooks/disk.md",
            "# Festplatte voll\n\nSiehe [Latenz](latency.md).\n",
        ),
    ]);
    site.build_ok();
    let de = site.output("de/runbooks/disk.html");
    assert!(de.contains("<html lang=\"de\""), "{de}");
    assert!(
        de.contains("Festplatte voll") && de.contains("href=\"latency.html\""),
        "{de}"
    );
    assert!(
        site.output("de/runbooks/latency.html")
            .contains("High latency")
    );
    assert!(!site.has_output("de/de/runbooks/disk.html"));
}

#[test]
fn translations_of_one_page_are_checked_once() {
    let site = suffix_site();
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(!run.stdout.contains("more than one page"), "{}", run.stdout);
}

#[test]
fn a_language_that_is_not_a_code_is_an_error_at_its_line() {
    let site = Site::with(&[
        ("dontpanic.toml", "title = \"Ops\"\n\n[languages.en_US]\n"),
        ("content/_index.md", "# Home\n"),
    ]);
    let run = site.build();
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("dontpanic.toml:3")
            && run.stderr.contains("'en_US' is not a language code"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_site_in_one_language_keeps_dotted_names() {
    let site = Site::with(&[
        ("content/_index.md", "# Home\n"),
        ("content/notes.zh.md", "# Notes\n"),
    ]);
    site.build_ok();
    assert!(site.has_output("notes.zh.html"));
    assert!(!site.output("notes.zh.html").contains("hreflang"));
}

#[test]
fn a_translation_older_than_its_source_is_flagged_and_listed() {
    let site = suffix_site();
    let status = site.run(&["i18n", "status"]);
    assert_eq!(status.code, 0, "{}", status.stderr);
    // The fingerprint to stamp the translation with, and where each language stands.
    let line = status
        .stdout
        .lines()
        .find(|l| l.starts_with("content/playbooks/lockout.md"))
        .unwrap_or_else(|| panic!("{}", status.stdout));
    let fingerprint = line.split('"').nth(1).unwrap().to_string();
    assert!(
        status
            .stdout
            .contains("zh       translated (no translated_from)  content/playbooks/lockout.zh.md"),
        "{}",
        status.stdout
    );
    assert!(
        status.stdout.contains("ar       missing"),
        "{}",
        status.stdout
    );

    let stamped = |from: &str| {
        format!(
            "+++\ntitle = \"账号锁定\"\ntranslated_from = \"{from}\"\n+++\n见[磁盘已满](disk.md)。\n"
        )
    };
    site.write("content/playbooks/lockout.zh.md", &stamped(&fingerprint));
    let run = site.run(&["check", "--deny-warnings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        site.run(&["i18n", "status"])
            .stdout
            .contains("zh       translated  content/playbooks/lockout.zh.md")
    );

    // The English page changes: the translation is now behind it.
    site.write(
        "content/playbooks/lockout.md",
        "+++\ntitle = \"Account lockout\"\n+++\nFirst, check the identity provider's status page.\n",
    );
    let run = site.run(&["check"]);
    assert!(
        run.stderr.contains("content/playbooks/lockout.zh.md:3:1")
            && run.stderr.contains("translation-outdated: content/playbooks/lockout.md changed after this translation was made"),
        "{}",
        run.stderr
    );
    assert!(
        site.run(&["i18n", "status"])
            .stdout
            .contains("zh       outdated")
    );
}

#[test]
fn the_preview_follows_a_new_translation_and_an_edit_of_the_source() {
    use crate::serve_harness::Preview;
    let wait = std::time::Duration::from_secs(20);
    let site = suffix_site();
    let preview = Preview::start(site.root(), &[]);
    preview.wait_until("/zh/playbooks/disk.html", wait, |r| {
        r.body.contains("Disk full")
    });
    // The untranslated page gets its translation: its Chinese address now shows it.
    site.write("content/playbooks/disk.zh.md", "# 磁盘已满\n\n释放空间。\n");
    preview.wait_until("/zh/playbooks/disk.html", wait, |r| {
        r.body.contains("磁盘已满")
    });
    // The English page changes: its English address shows it, the translation stays.
    site.write(
        "content/playbooks/disk.md",
        "# Disk almost full\n\nFree space now.\n",
    );
    preview.wait_until("/playbooks/disk.html", wait, |r| {
        r.body.contains("Disk almost full")
    });
    let zh = preview.get("/zh/playbooks/disk.html");
    assert!(
        zh.body.contains("磁盘已满") && !zh.body.contains("notice-untranslated"),
        "{}",
        zh.body
    );
}

#[test]
fn an_mkdocs_site_with_static_i18n_builds_each_language_without_a_config_of_ours() {
    let site = Site::with(&[
        (
            "mkdocs.yml",
            "site_name: Runbooks\nplugins:\n  - i18n:\n      docs_structure: suffix\n      fallback_to_default: true\n      languages:\n        - locale: en\n          default: true\n          name: English\n        - locale: fr\n          name: Français\n",
        ),
        (
            "docs/index.md",
            "# Runbooks\n\nSee [the disk runbook](disk.md).\n",
        ),
        (
            "docs/index.fr.md",
            "# Procédures\n\nVoir [la procédure disque](disk.md).\n",
        ),
        ("docs/disk.md", "# Disk full\n"),
        ("docs/disk.fr.md", "# Disque plein\n"),
        ("docs/latency.md", "# High latency\n"),
    ]);
    let run = site.build_ok();
    assert!(!run.stderr.contains("broken"), "{}", run.stderr);
    let fr = site.output("fr/disk.html");
    assert!(
        fr.contains("<html lang=\"fr\"") && fr.contains("Disque plein"),
        "{fr}"
    );
    assert!(site.output("fr/index.html").contains("href=\"disk.html\""));
    assert!(site.output("fr/latency.html").contains("High latency"));
    // One sidebar entry per page, not "Disk full" and "disk.fr" side by side.
    let home = site.output("index.html");
    assert!(
        !home.contains("disk.fr") && !home.contains("Disque plein"),
        "{home}"
    );
}

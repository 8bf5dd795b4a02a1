//! `build --single-file`: one HTML file that carries the whole site. What the file holds, and
//! that the command never loses anyone's data. (The browser tests open it.)

use std::io::Read;

use base64::prelude::{BASE64_STANDARD, Engine as _};
use flate2::read::GzDecoder;
use serde_json::Value;

use super::harness::{Site, attribute_values, repo_root, repository_single_file};

fn small_site() -> Site {
    Site::with(&[
        (
            "content/_index.md",
            "# Home\n\nSee [disk](runbooks/disk.md).\n",
        ),
        (
            "content/runbooks/disk.md",
            "+++\ntitle = \"Disk full\"\nkind = \"runbook\"\naliases = [\"old-disk.html\"]\n+++\n\n## First actions\n\n- [ ] Free space\n\n![graph](graph.svg)\n",
        ),
        (
            "content/runbooks/graph.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\" fill=\"red\"/></svg>",
        ),
    ])
}

/// What the copy carries, decoded as its script decodes it: the index, and every page and
/// script by path.
struct Carried {
    index: Value,
    entries: serde_json::Map<String, Value>,
}

fn carried(html: &str) -> Carried {
    let text_of = |id: &str| {
        let open = format!("id=\"{id}\">");
        let start = html.find(&open).map(|i| i + open.len())?;
        let end = start + html[start..].find("</script>")?;
        Some(&html[start..end])
    };
    let index: Value = serde_json::from_str(text_of("dontpanic-data").unwrap()).unwrap();
    let mut entries = serde_json::Map::new();
    let mut n = 0;
    while let Some(text) = text_of(&format!("dontpanic-chunk-{n}")) {
        let compressed = BASE64_STANDARD.decode(text).unwrap();
        let mut json = String::new();
        GzDecoder::new(&compressed[..])
            .read_to_string(&mut json)
            .unwrap();
        let chunk: serde_json::Map<String, Value> = serde_json::from_str(&json).unwrap();
        entries.extend(chunk);
        n += 1;
    }
    Carried { index, entries }
}

fn read(site: &Site, path: &str) -> String {
    std::fs::read_to_string(site.root().join(path)).unwrap()
}

#[test]
fn one_file_holds_every_page_and_asks_for_nothing_outside() {
    let site = small_site();
    let run = site.run(&["build", "--single-file", "copy.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("into one file") && run.stderr.contains("copy.html"),
        "{}",
        run.stderr
    );
    assert!(
        !site.has_output("index.html"),
        "no folder is built beside it"
    );
    let html = read(&site, "copy.html");
    assert!(html.starts_with("<!doctype html>\n<!-- dontpanic single-file copy"));
    // Every page is in it, the runbook with its image as a data URL.
    let copy = carried(&html);
    let runbook = &copy.entries["runbooks/disk.html"];
    // As HTML text; the browser tests see it as the page's title.
    assert_eq!(runbook["title"], "Disk full · Don&#39;t Panic");
    assert!(runbook["main"].as_str().unwrap().contains("Free space"));
    assert!(
        runbook["body"]
            .as_str()
            .unwrap()
            .contains(" data-page=\"runbooks/disk.html\""),
        "{}",
        runbook["body"]
    );
    assert!(
        copy.index["files"]["runbooks/graph.svg"]
            .as_str()
            .unwrap()
            .starts_with("data:image/svg+xml;base64,")
    );
    assert_eq!(
        copy.index["redirects"]["old-disk.html"],
        "runbooks/disk.html"
    );
    assert!(
        copy.entries["dontpanic/search/meta.js"]
            .as_str()
            .unwrap()
            .contains("dontpanicSearch"),
        "the search index"
    );
    // Styles and scripts are inside; nothing is loaded from a file or a host.
    assert!(html.contains("<style>"));
    assert!(
        attribute_values(&html, "src").is_empty(),
        "no src attributes"
    );
    let hrefs = attribute_values(&html, "href");
    assert!(
        hrefs
            .iter()
            .all(|h| !h.ends_with(".css") && !h.starts_with("http")),
        "{hrefs:?}"
    );
    assert!(
        !html.contains("dontpanic-sw.js"),
        "no service worker in a file"
    );
    assert!(
        html.contains("dontpanic:page"),
        "the theme's scripts are inlined"
    );
}

#[test]
fn the_repository_site_fits_in_one_file() {
    let (_dir, target) = repository_single_file();
    let copy = carried(&std::fs::read_to_string(&target).unwrap());
    for page in [
        "playbooks/account-lockout.html",
        "templates/incident-packet.html",
        "dontpanic/binder.html",
        "dontpanic/search.html",
        "operations/contacts.html",
        "404.html",
    ] {
        assert!(copy.entries.contains_key(page), "{page} missing");
        assert!(
            copy.index["pages"][page].is_u64(),
            "{page} not in the index"
        );
    }
    assert_eq!(
        copy.index["redirects"]["alerts/ApiLatencyHigh/index.html"], "runbooks/high-latency.html",
        "alert addresses lead to their runbook"
    );
}

#[test]
fn a_second_build_replaces_its_own_copy_but_never_someone_elses_file() {
    let site = small_site();
    assert_eq!(site.run(&["build", "--single-file", "copy.html"]).code, 0);
    site.write("content/runbooks/disk.md", "# Disk almost full\n");
    let run = site.run(&["build", "--single-file", "copy.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let copy = carried(&read(&site, "copy.html"));
    assert_eq!(
        copy.entries["runbooks/disk.html"]["title"],
        "Disk almost full · Don&#39;t Panic"
    );

    site.write("notes.html", "<p>my notes</p>");
    let run = site.run(&["build", "--single-file", "notes.html"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("notes.html exists and was not written by dontpanic"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&site, "notes.html"), "<p>my notes</p>");
}

#[test]
fn a_failed_build_leaves_the_previous_copy_as_it_was() {
    let site = small_site();
    assert_eq!(site.run(&["build", "--single-file", "copy.html"]).code, 0);
    let before = read(&site, "copy.html");
    site.write(
        "content/runbooks/disk.md",
        "+++\ntitle = \"Disk\"\nweight = \"one\"\n+++\n",
    );
    let run = site.run(&["build", "--single-file", "copy.html"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/runbooks/disk.md:3:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("the previous output is as it was"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&site, "copy.html"), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn the_copy_stays_out_of_the_sources_and_folders() {
    let site = small_site();
    let run = site.run(&["build", "--single-file", "content/copy.html"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("holds the site's sources"),
        "{}",
        run.stderr
    );
    assert!(!site.root().join("content/copy.html").exists());

    std::fs::create_dir_all(site.root().join("somewhere")).unwrap();
    let run = site.run(&["build", "--single-file", "somewhere"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("somewhere is a folder"),
        "{}",
        run.stderr
    );

    let run = site.run(&["build", "--single-file", "copy.html", "-o", "public"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
}

/// What a copy of `small_site` with this change to base.html says.
fn single_file_with_base(change: impl Fn(String) -> String) -> String {
    let site = small_site();
    let base =
        std::fs::read_to_string(repo_root().join("themes/default/templates/base.html")).unwrap();
    site.write("themes/default/templates/base.html", &change(base));
    let run = site.run(&["build", "--single-file", "copy.html"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!site.root().join("copy.html").exists());
    // The folder build does not need what the copy needs.
    site.build_ok();
    run.stderr
}

#[test]
fn a_theme_without_what_the_copy_needs_is_told_what_to_keep() {
    let stderr = single_file_with_base(|base| {
        base.replace("<main id=\"main\" tabindex=\"-1\"", "<div id=\"content\"")
            .replace("</main>", "</div>")
    });
    assert!(
        stderr.contains(
            "themes/default/templates/base.html:1:1: error: base.html has no <main id=\"main\"> around {% block main %}"
        ),
        "{stderr}"
    );
    // base.html with a block taken away (what it held stays).
    for block in ["assets", "body_attributes"] {
        let stderr = single_file_with_base(|base| {
            base.replace(&format!("{{% block {block} %}}"), "")
                .replace(&format!("{{% endblock {block} %}}"), "")
        });
        assert!(
            stderr.contains(&format!(
                "error: base.html lacks a block (Block `{block}` is not defined in any parent template)"
            )) && stderr.contains("keep the blocks title, body_attributes, main and assets"),
            "{stderr}"
        );
    }
}

#[test]
fn a_site_over_the_limit_is_refused_before_it_is_built() {
    let site = Site::with(&[
        ("dontpanic.toml", "[limits]\nsingle_file_pages = 2\n"),
        ("content/_index.md", "# Home\n"),
        ("content/a.md", "# A\n"),
        ("content/b.md", "# B\n"),
    ]);
    let run = site.run(&["build", "--single-file", "kit.html"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("error: the site has 3 pages; a single-file copy holds at most 2"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("raise [limits] single_file_pages"));
    assert!(!site.root().join("kit.html").exists());
}

//! `dontpanic serve` after an edit of each kind of source (a page, a theme template,
//! `dontpanic.toml`, a file of `static/`): the served site shows the edit, and a content edit
//! after it keeps showing it (a rebuild reads again only what changed, and must never fall
//! back to what was there before).

use std::time::Duration;

use super::harness::Site;
use super::serve_harness::Preview;

const WAIT: Duration = Duration::from_secs(10);

fn site() -> Site {
    Site::with(&[
        ("dontpanic.toml", "title = \"Ops One\"\n"),
        ("content/_index.md", "# Home\n\n[Disk](disk.md)\n"),
        ("content/disk.md", "# Disk full\n\nFirst version.\n"),
        ("static/notes.txt", "first notes"),
        (
            "themes/default/templates/page.html",
            "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">Theme one: {{ page.title }}</p>{% endblock main %}",
        ),
    ])
}

/// Edits the page's title and waits until the page shows it: a content-only rebuild.
fn edit_content(site: &Site, preview: &Preview, title: &str) -> String {
    site.write("content/disk.md", &format!("# {title}\n\nText.\n"));
    preview
        .wait_until("/disk.html", WAIT, |r| r.body.contains(title))
        .body
}

#[test]
fn serve_shows_a_content_edit_with_the_theme_config_and_static_files_it_had() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    let page = preview.get("/disk.html").body;
    assert!(page.contains("Theme one: Disk full"), "{page}");
    let page = edit_content(&site, &preview, "Disk nearly full");
    assert!(page.contains("Theme one: Disk nearly full"), "{page}");
    assert!(page.contains("Ops One"), "{page}");
    assert_eq!(preview.get("/notes.txt").body, "first notes");
}

#[test]
fn serve_shows_a_theme_template_edit_and_keeps_it_after_a_content_edit() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    site.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">Theme two: {{ page.title }}</p>{% endblock main %}",
    );
    preview.wait_until("/disk.html", WAIT, |r| {
        r.body.contains("Theme two: Disk full")
    });
    let page = edit_content(&site, &preview, "Disk nearly full");
    assert!(page.contains("Theme two: Disk nearly full"), "{page}");
}

#[test]
fn serve_shows_a_config_edit_and_keeps_it_after_a_content_edit() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    site.write("dontpanic.toml", "title = \"Ops Two\"\n");
    preview.wait_until("/disk.html", WAIT, |r| r.body.contains("Ops Two"));
    let page = edit_content(&site, &preview, "Disk nearly full");
    assert!(
        page.contains("Ops Two") && !page.contains("Ops One"),
        "{page}"
    );
}

#[test]
fn serve_shows_a_static_file_edit_and_a_new_one_and_keeps_them_after_a_content_edit() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    site.write("static/notes.txt", "second notes");
    preview.wait_until("/notes.txt", WAIT, |r| r.body == "second notes");
    site.write("static/extra/more.txt", "more notes");
    preview.wait_until("/extra/more.txt", WAIT, |r| r.status == 200);
    edit_content(&site, &preview, "Disk nearly full");
    assert_eq!(preview.get("/notes.txt").body, "second notes");
    assert_eq!(preview.get("/extra/more.txt").body, "more notes");
}

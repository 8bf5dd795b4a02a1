//! The output folder: relative URLs, atomic replacement, aliases, sitemap, 404, theme overrides.

use super::harness::{Site, attribute_values, files_under};

fn small_site() -> Site {
    Site::with(&[
        ("content/_index.md", "# Home\n\n[deep](a/b/deep.md)\n"),
        (
            "content/a/b/deep.md",
            "+++\ntitle = \"Deep\"\naliases = [\"old/deep/\", \"legacy.html\"]\nlast_reviewed = 2026-01-02\n+++\n[home](../../_index.md)\n",
        ),
        ("content/top.md", "# Top\n"),
    ])
}

#[test]
fn every_internal_url_is_relative() {
    let site = small_site();
    site.build_ok();
    for file in files_under(&site.root().join("public"))
        .iter()
        .filter(|f| f.ends_with(".html") && *f != "404.html")
    {
        let html = site.output(file);
        for url in attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"))
        {
            assert!(!url.starts_with('/'), "{file}: absolute URL {url}");
            assert!(
                !url.ends_with('/'),
                "{file}: folder URL {url} would show a listing from disk"
            );
            assert!(!url.contains("://"), "{file}: external request {url}");
        }
    }
    let deep = site.output("a/b/deep.html");
    assert!(deep.contains("href=\"../../dontpanic/assets/style.css?v="));
    assert!(deep.contains("href=\"../../index.html\""));
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = small_site();
    site.build_ok();
    let before: Vec<(String, Vec<u8>)> = files_under(&site.root().join("public"))
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(site.root().join("public").join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    site.write("content/top.md", "+++\ntitle = [\"oops\"]\n+++\n");
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("nothing was written, the previous output is as it was"),
        "{}",
        run.stderr
    );
    let after: Vec<(String, Vec<u8>)> = files_under(&site.root().join("public"))
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(site.root().join("public").join(&f)).unwrap();
            (f, bytes)
        })
        .collect();
    assert_eq!(before, after);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind");
}

#[test]
fn a_template_error_also_leaves_the_previous_output_untouched() {
    let site = small_site();
    site.build_ok();
    let index = site.output("index.html");
    site.write("themes/default/templates/page.html", "{% extends \"base.html\" %}\n{% block main %}\n{{ page.no_such_field.x }}\n{% endblock main %}\n");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("themes/default/templates/page.html:3:"),
        "{}",
        run.stderr
    );
    assert_eq!(site.output("index.html"), index);
}

#[test]
fn a_deleted_page_disappears_from_the_output() {
    let site = small_site();
    site.build_ok();
    assert!(site.has_output("top.html"));
    site.remove("content/top.md");
    site.build_ok();
    assert!(!site.has_output("top.html"));
}

#[test]
fn aliases_redirect_to_the_page() {
    let site = small_site();
    site.build_ok();
    let redirect = site.output("old/deep/index.html");
    assert!(redirect.contains("url=../../a/b/deep.html"), "{redirect}");
    assert!(site.output("legacy.html").contains("url=a/b/deep.html"));
}

#[test]
fn a_site_is_private_unless_the_config_says_public() {
    let site = small_site();
    let run = site.run(&["build", "--base-url", "https://ops.example.com/runbooks"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        site.output("robots.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>(),
        ["User-agent: *", "Disallow: /"]
    );
    assert!(
        !site.has_output("sitemap.xml"),
        "a private site has no sitemap"
    );
    for page in [
        "index.html",
        "a/b/deep.html",
        "404.html",
        "dontpanic/search.html",
        "dontpanic/binder.html",
    ] {
        assert!(
            site.output(page)
                .contains("<meta name=\"robots\" content=\"noindex, nofollow\">"),
            "{page}"
        );
    }
    assert!(
        site.output("legacy.html")
            .contains("content=\"noindex, nofollow\"")
    );

    site.write("dontpanic.toml", "[publish]\npublic = true\n");
    let run = site.run(&["build", "--base-url", "https://ops.example.com/runbooks"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!site.output("index.html").contains("noindex"));
    assert_eq!(
        site.output("robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://ops.example.com/runbooks/sitemap.xml\n"
    );
    let sitemap = site.output("sitemap.xml");
    assert!(
        sitemap.contains(
            "<loc>https://ops.example.com/runbooks/a/b/deep.html</loc><lastmod>2026-01-02</lastmod>"
        ),
        "{sitemap}"
    );
    site.build_ok();
    assert!(
        !site.has_output("sitemap.xml"),
        "no sitemap without the site's address"
    );
}

#[test]
fn the_404_page_finds_its_way_under_any_sub_path() {
    let site = small_site();
    let run = site.run(&["build", "--base-url", "https://ops.example.com/runbooks"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let not_found = site.output("404.html");
    assert!(
        not_found.contains("href=\"/runbooks/dontpanic/assets/style.css?v="),
        "with the address known, links start at its path: {not_found}"
    );
    assert!(!not_found.contains("XMLHttpRequest"));
    site.build_ok();
    let not_found = site.output("404.html");
    assert!(
        not_found.contains("href=\"dontpanic/assets/style.css?v="),
        "{not_found}"
    );
    let probe = not_found
        .find("XMLHttpRequest")
        .expect("the root is found in the browser");
    let stylesheet = not_found.find("dontpanic/assets/style.css?v=").unwrap();
    assert!(
        probe < stylesheet,
        "the root is found before anything loads"
    );
}

#[test]
fn site_templates_override_the_built_in_ones_file_by_file() {
    let site = small_site();
    site.write("themes/default/templates/page.html", "{% extends \"base.html\" %}{% block main %}<p class=\"custom\">{{ page.title }}</p>{% endblock main %}");
    site.write("static/extra.txt", "hello");
    site.build_ok();
    assert!(
        site.output("top.html")
            .contains("<p class=\"custom\">Top</p>")
    );
    assert!(
        site.output("index.html").contains("class=\"card-list\""),
        "other templates stay built in"
    );
    assert_eq!(site.output("extra.txt"), "hello");
}

#[test]
fn no_request_leaves_the_page() {
    let site = small_site();
    site.build_ok();
    for file in files_under(&site.root().join("public"))
        .iter()
        .filter(|f| f.ends_with(".html") || f.ends_with(".css") || f.ends_with(".js"))
    {
        let text = site.output(file);
        for needle in ["http://", "https://", "//fonts.", "@import"] {
            let allowed = text.matches("http://www.w3.org").count();
            assert!(
                text.matches(needle).count() <= allowed,
                "{file} mentions {needle}"
            );
        }
    }
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let site = small_site();
    site.write("mine/notes.txt", "precious");
    let run = site.run(&["build", "-o", "mine"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("was not written by dontpanic"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(site.root().join("mine/notes.txt")).unwrap(),
        "precious"
    );
    let run = site.run(&["build", "-o", "content/out"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = site.run(&["build", "-o", "."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn a_404_page_is_written() {
    let site = small_site();
    site.build_ok();
    assert!(site.output("404.html").contains("<h1>Page not found</h1>"));
}

#[test]
fn the_binder_holds_every_page_with_links_inside_it() {
    let site = small_site();
    site.build_ok();
    let binder = site.output("dontpanic/binder.html");
    let home = binder.find("<h1>Home</h1>").expect("home in the binder");
    let deep = binder
        .find("<h1>Deep</h1>")
        .expect("deep page in the binder");
    let top = binder.find("<h1>Top</h1>").expect("top page in the binder");
    assert!(home < deep && deep < top, "in navigation order");
    let ids = super::harness::attribute_values(&binder, "id");
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(
        unique.len(),
        ids.len(),
        "ids collide in the binder: {ids:?}"
    );
    for href in super::harness::attribute_values(&binder, "href")
        .iter()
        .filter(|h| h.starts_with("#p"))
    {
        assert!(
            ids.contains(&href[1..].to_string()),
            "binder link {href} leads nowhere"
        );
    }
    assert!(
        binder.contains("<a href=\"#p"),
        "links between pages stay inside the binder"
    );
}

#[test]
fn the_service_worker_is_written_and_can_be_switched_off() {
    let site = small_site();
    site.build_ok();
    assert!(
        site.output("dontpanic-sw.js").contains("\"a/b/deep.html\""),
        "the worker stores the pages"
    );
    // Pages name the worker, which the theme's script registers.
    assert!(
        site.output("index.html")
            .contains("data-service-worker=\"dontpanic-sw.js\"")
    );
    assert!(
        site.output("dontpanic/assets/dontpanic.js")
            .contains("serviceWorker.register")
    );
    site.write("dontpanic.toml", "[offline]\nservice_worker = false\n");
    site.build_ok();
    assert!(!site.has_output("dontpanic-sw.js"));
    assert!(!site.output("index.html").contains("data-service-worker"));
}

/// A site too big to print as one document gets a binder in parts: every page is in one of
/// them, a part ends where a top-level section does, and links lead across parts.
#[test]
fn a_large_site_s_binder_comes_in_parts_that_hold_every_page() {
    let mut files: Vec<(String, String)> = vec![("content/_index.md".into(), "# Home\n".into())];
    for (section, count) in [("alerts", 420), ("playbooks", 200)] {
        files.push((
            format!("content/{section}/_index.md"),
            format!("# {section}\n"),
        ));
        for i in 0..count {
            files.push((
                format!("content/{section}/p{i:03}.md"),
                format!("# {section} {i:03}\n\nSee [the first alert](../alerts/p000.md#why).\n\n## Why\n"),
            ));
        }
    }
    let site = Site::with_owned(&files);
    site.build_ok();
    let first = site.output("dontpanic/binder.html");
    let second = site.output("dontpanic/binder-2.html");
    assert!(!site.has_output("dontpanic/binder-3.html"));
    assert!(first.contains("In 2 parts"), "the parts are listed");
    assert!(
        first.contains("<a href=\"binder-2.html\">Part 2: playbooks – playbooks 199</a>"),
        "{}",
        &first[..first.len().min(4000)]
    );
    assert!(second.contains("<a href=\"binder.html\">Part 1: Home – alerts 419</a>"));
    // Every page in exactly one part.
    for i in [0, 419] {
        assert!(first.contains(&format!("<h1>alerts {i:03}</h1>")));
        assert!(!second.contains(&format!("<h1>alerts {i:03}</h1>")));
    }
    assert!(second.contains("<h1>playbooks 000</h1>") && second.contains("<h1>playbooks 199</h1>"));
    // A link to a page in the other part leads there, to the heading.
    let anchor = first
        .split("id=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .find(|id| id.starts_with('p') && id.ends_with("-why"))
        .expect("the first alert's heading");
    assert!(
        second.contains(&format!("href=\"binder.html#{anchor}\"")),
        "{anchor}"
    );
    assert!(first.contains(&format!("href=\"#{anchor}\"")));
}

#[test]
fn pages_load_one_script_that_holds_every_script_of_the_theme_overrides_included() {
    let site = small_site();
    site.write(
        "themes/default/static/assets/extra.js",
        "window.extraLoaded = true; // no newline at the end",
    );
    site.write(
        "themes/default/static/assets/copy-code.js",
        "window.ownCopy = 1;\n",
    );
    site.build_ok();
    let scripts = attribute_values(&site.output("index.html"), "src");
    assert_eq!(scripts.len(), 1, "{scripts:?}");
    assert!(
        scripts[0].starts_with("dontpanic/assets/dontpanic.js?v="),
        "{scripts:?}"
    );
    let bundle = site.output("dontpanic/assets/dontpanic.js");
    assert!(bundle.contains("window.extraLoaded = true; // no newline at the end\n;\n"));
    assert!(bundle.contains("window.ownCopy = 1;"));
    assert!(
        !bundle.contains("window.dontpanicCopy = copyText"),
        "the site's copy-code.js replaces the theme's"
    );
    assert!(
        !bundle.contains("// assets/single-file.js"),
        "the single-file copy's router is not for pages"
    );
    // The search box needs the engine loaded before it, and the engine its parts (the engine
    // is search/engine.js, needed by search.js, since it was split the way src/search/ is).
    let at = |name: &str| bundle.find(&format!("// assets/{name}\n")).unwrap();
    assert!(at("search/text.js") < at("search/engine.js"));
    assert!(at("search/engine.js") < at("search.js"));
}

#[test]
fn a_theme_script_comes_after_the_scripts_it_needs_and_a_missing_one_fails_the_build() {
    let site = small_site();
    // A site's script in a folder of its own, needed by one at the top: it comes first,
    // although its name sorts later.
    site.write(
        "themes/default/static/assets/a-status.js",
        "// The status banner.\n// needs: z/format.js\nwindow.banner = window.format('ok');\n",
    );
    site.write(
        "themes/default/static/assets/z/format.js",
        "window.format = function (s) { return '[' + s + ']'; };\n",
    );
    site.build_ok();
    let bundle = site.output("dontpanic/assets/dontpanic.js");
    let format = bundle.find("// assets/z/format.js\n").unwrap();
    let status = bundle.find("// assets/a-status.js\n").unwrap();
    assert!(format < status);

    site.write(
        "themes/default/static/assets/a-status.js",
        "// The status banner.\n// needs: z/format.js z/missing.js\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "themes/default/static/assets/a-status.js:2:23: error: needs assets/z/missing.js, which the theme does not have"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("// needs: search/text.js"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_large_site_stores_the_pages_people_start_from_on_a_first_visit() {
    let mut files: Vec<(String, String)> = vec![
        ("content/_index.md".into(), "# Home\n".into()),
        (
            "content/playbooks/outage.md".into(),
            "+++\ntitle = \"Outage\"\nkind = \"playbook\"\n+++\n\n## Steps\n\nGo.\n".into(),
        ),
    ];
    for n in 0..1_000 {
        files.push((
            format!("content/alerts/a{n}.md"),
            format!("# Alert {n}\n\nCheck {n}.\n"),
        ));
    }
    let site = Site::with_owned(&files);
    site.build_ok();
    let worker = site.output("dontpanic-sw.js");
    for stored in [
        "\"index.html\"",
        "\"alerts/index.html\"",
        "\"playbooks/outage.html\"",
        "\"dontpanic/search.html\"",
        "\"dontpanic/assets/dontpanic.js\"",
        "\"dontpanic/search/meta.js\"",
    ] {
        assert!(
            worker.contains(stored),
            "{stored} is stored on a first visit"
        );
    }
    assert!(
        !worker.contains("\"alerts/a7.html\""),
        "other pages are stored as they are opened"
    );
    assert!(!worker.contains("binder"), "nor the binder");
    // Pages it answers from the network are stored as they come.
    assert!(worker.contains("store.put(request, copy)"));

    // A site of up to 1,000 pages (its generated pages counted) is stored whole.
    for n in 950..1_000 {
        site.remove(&format!("content/alerts/a{n}.md"));
    }
    site.build_ok();
    let worker = site.output("dontpanic-sw.js");
    assert!(worker.contains("\"alerts/a7.html\"") && worker.contains("dontpanic/binder.html"));
}

/// A site too large to print whole gets the responder's kit as its binder: the home page,
/// the playbooks, checklists and templates, after the directory; it says what it left out.
#[test]
fn a_very_large_site_s_binder_is_the_responder_s_kit() {
    let mut files: Vec<(String, String)> = vec![("content/_index.md".into(), "# Home\n".into())];
    files.push((
        "content/playbooks/_index.md".into(),
        "+++\ntitle = \"Playbooks\"\ndefault_kind = \"playbook\"\n+++\n".into(),
    ));
    files.push((
        "content/playbooks/lockout.md".into(),
        "# Account lockout\n\n## First actions\n\nCall the backup admin.\n".into(),
    ));
    files.push((
        "content/checks/ready.md".into(),
        "+++\ntitle = \"Ready\"\nkind = \"checklist\"\n+++\n- [ ] Pager charged\n".into(),
    ));
    files.push(("content/alerts/_index.md".into(), "# Alerts\n".into()));
    for i in 0..2_100 {
        files.push((
            format!("content/alerts/a{i:04}.md"),
            format!("# Alert runbook {i:04}\n\nCheck the thing.\n"),
        ));
    }
    let site = Site::with_owned(&files);
    site.build_ok();
    let binder = site.output("dontpanic/binder.html");
    assert!(!site.has_output("dontpanic/binder-2.html"), "one part");
    assert!(binder.contains("<h1>Account lockout</h1>") && binder.contains("<h1>Ready</h1>"));
    assert!(
        !binder.contains("Alert runbook 0000"),
        "runbooks stay on the site"
    );
    assert!(
        binder.contains("its other 2103 pages are on the site and in its single-file copy"),
        "{}",
        &binder[..binder.len().min(3000)]
    );
}

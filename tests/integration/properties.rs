//! Properties checked on generated input every run, bounded in time (a few dozen cases each):
//! no panic, titles and file names full of markup never appear unescaped, and every link the
//! generator wrote for a page is relative. Longer runs are the fuzzers' job (fuzz/).

use std::path::Path;

use dontpanic::markdown::{KeepLinks, render};
use dontpanic::output::SiteFiles;
use dontpanic::pipeline::{BuildOptions, Cache, build_in_memory, configure};
use proptest::prelude::*;

/// Text with the characters that break HTML, URLs and Markdown when mishandled.
fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("<script>alert(1)</script>".to_string()),
            Just("\"'><img src=x onerror=alert(1)>".to_string()),
            Just("javascript:alert(1)".to_string()),
            Just("&amp;&lt;".to_string()),
            Just("{{ x }}".to_string()),
            Just("[a](b)".to_string()),
            "[a-zA-Z0-9 ]{1,8}",
            "\\PC{1,4}",
        ],
        1..5,
    )
    .prop_map(|parts| parts.concat())
}

/// Every file of the site built in memory, its pages included (the preview themes pages
/// when asked: here all of them are asked for).
fn build(files: &[(String, String)]) -> Vec<(String, Vec<u8>)> {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let options = BuildOptions {
        root: dir.path().to_path_buf(),
        ..BuildOptions::default()
    };
    let today = "2026-12-01".parse().unwrap();
    let mut cache = Cache::default();
    let Ok(first) = build_in_memory(
        &options,
        configure(&options),
        &mut cache,
        &SiteFiles::default(),
        today,
        &[],
    ) else {
        return Vec::new();
    };
    let every_page: Vec<String> = first.site.pages.iter().map(|p| p.url.clone()).collect();
    let Ok(rebuilt) = build_in_memory(
        &options,
        configure(&options),
        &mut cache,
        &first.files,
        today,
        &every_page,
    ) else {
        return Vec::new();
    };
    let mut out: Vec<(String, Vec<u8>)> = rebuilt
        .files
        .paths()
        .filter_map(|p| Some((p.to_string(), rebuilt.files.get(p)?.to_vec())))
        .collect();
    out.extend(rebuilt.themed.into_iter().map(|(p, b)| (p, b.to_vec())));
    out
}

fn html_pages(files: &[(String, Vec<u8>)]) -> Vec<(String, String)> {
    files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, bytes)| {
            let text = String::from_utf8(bytes.clone()).expect("output is valid UTF-8");
            (p.clone(), text)
        })
        .collect()
}

/// Every `href="..."` and `src="..."` value in `html`.
fn urls(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            rest = &rest[at + attribute.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            out.push(rest[..end].to_string());
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn markdown_never_panics_and_script_links_never_become_hrefs(body in "\\PC{0,300}", extra in hostile_text()) {
        let text = format!("{body}\n[x]({extra})\n# {extra}\n```bash\n{extra}\n```\n");
        let rendered = render(&text, &KeepLinks);
        if !text.contains('<') {
            prop_assert!(!rendered.html.to_ascii_lowercase().contains("href=\"javascript:"));
        }
    }

    #[test]
    fn any_page_file_parses_or_is_refused_with_a_line(text in "(\\+\\+\\+\n|---\n)?\\PC{0,200}(\n\\+\\+\\+\n|\n---\n)?\\PC{0,100}") {
        match dontpanic::content::parse_page("a.md", Path::new("content/a.md"), &text) {
            Ok(_) => {}
            Err(problems) => prop_assert!(!problems.is_empty()),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn titles_and_file_names_full_of_markup_are_escaped_and_links_stay_relative(
        title in hostile_text(),
        name in "[a-z0-9:<>\"' &#?%-]{1,12}",
    ) {
        let name = name.trim().replace(['/', '\\'], "-");
        prop_assume!(!name.is_empty() && !name.starts_with('.') && !name.starts_with('#') && !name.ends_with('~'));
        let front = format!("+++\ntitle = {}\n+++\nBody text.\n", toml_string(&title));
        let files = build(&[
            ("content/_index.md".into(), "# Home\n".into()),
            (format!("content/runbooks/{name}.md"), front),
        ]);
        let pages = html_pages(&files);
        prop_assert!(!pages.is_empty(), "the site built");
        for (path, html) in &pages {
            if title.contains('<') {
                prop_assert!(!html.contains(&title), "{path} shows the title unescaped");
            }
            prop_assert!(!html.contains("<script>alert(1)"), "{path}");
            prop_assert!(!html.contains("onerror=alert(1)>"), "{path}");
            for url in urls(html) {
                let lower = url.to_ascii_lowercase();
                let external = ["http://", "https://", "mailto:", "tel:", "data:image/"]
                    .iter()
                    .any(|s| lower.starts_with(s));
                // The 404 page is served at any missing address, so its links start at the site's
                // root path by design.
                if external || url.starts_with('#') || path == "404.html" {
                    continue;
                }
                let first = url.split('/').next().unwrap_or("");
                prop_assert!(!url.starts_with('/'), "{path}: {url} is not relative");
                prop_assert!(!first.contains(':'), "{path}: {url} has a scheme");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// One hostile string in every field that content and config can set, read back from every
    /// page the build writes (the binder, the operations pages, redirects and the 404 page
    /// included): it is never there as markup.
    #[test]
    fn any_string_in_any_field_is_never_markup_in_any_page(text in hostile_text()) {
        prop_assume!(text.contains('<'));
        let t = toml_string(&text);
        let config = format!(
            "title = {t}\ndescription = {t}\n[[severity]]\nid = \"sev1\"\nname = {t}\ndescription = {t}\nresponse = {t}\nvendor = {t}\n\
             [contacts.dana]\nname = {t}\nrole = {t}\nchannels = {{ chat = \"@dana\" }}\n[teams.oncall]\nname = {t}\nescalation = [\"dana\"]\n\
             [services.api]\nname = {t}\nteam = \"oncall\"\nalerts = [\"ApiDown\"]\n"
        );
        let runbook = format!(
            "+++\ntitle = {t}\ndescription = {t}\nkind = \"runbook\"\nseverity = \"sev1\"\nowner = \"dana\"\nservices = [\"api\"]\n\
             alerts = [\"ApiDown\"]\nescalation = [\"oncall\"]\ntags = [{t}]\naliases = [\"old/runbook/\"]\nlast_reviewed = 2026-11-20\n+++\n\
             ## First actions\n\n1. {text}\n\n- [ ] {text}\n\n```sh\ncurl {{{{region}}}} {text}\n```\n"
        );
        let template = format!(
            "+++\ntitle = {t}\nkind = \"template\"\n[[fields]]\nid = \"a\"\nlabel = {t}\nhelp = {t}\n\
             [[fields]]\nid = \"b\"\nlabel = {t}\ntype = \"select\"\noptions = [{t}, \"two\"]\n+++\nFill it in.\n"
        );
        let files = build(&[
            ("dontpanic.toml".into(), config),
            ("content/_index.md".into(), format!("+++\ntitle = {t}\n+++\n{text}\n")),
            ("content/runbooks/_index.md".into(), format!("+++\ntitle = {t}\ndescription = {t}\n+++\n")),
            ("content/runbooks/api.md".into(), runbook),
            ("content/templates/packet.md".into(), template),
        ]);
        let pages = html_pages(&files);
        prop_assert!(pages.len() > 8, "the site built: {:?}", pages.iter().map(|p| &p.0).collect::<Vec<_>>());
        for (path, html) in &pages {
            prop_assert!(!html.contains(&text), "{path} holds the string as written: {text:?} at {:?}", html.find(&text).map(|i| &html[i.saturating_sub(200)..(i + 60).min(html.len())]));
            prop_assert!(!html.contains("<script>alert(1)"), "{path}");
            prop_assert!(!html.contains("onerror=alert(1)>"), "{path}");
        }
    }
}

fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

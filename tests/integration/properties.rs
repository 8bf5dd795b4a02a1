//! Properties checked on generated input every run, bounded in time (a few dozen cases each):
//! no panic, titles and file names full of markup never appear unescaped, and every link the
//! generator wrote for a page is relative. Longer runs are the fuzzers' job (fuzz/).

use std::path::Path;

use dontpanic::markdown::{KeepLinks, render};
use dontpanic::output::SiteFiles;
use dontpanic::pipeline::{BuildOptions, Cache, build_in_memory};
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
    let Ok(first) = build_in_memory(&options, &mut cache, &SiteFiles::default(), today, &[]) else {
        return Vec::new();
    };
    let every_page: Vec<String> = first.site.pages.iter().map(|p| p.url.clone()).collect();
    let Ok(rebuilt) = build_in_memory(&options, &mut cache, &first.files, today, &every_page)
    else {
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

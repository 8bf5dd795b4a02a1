use super::*;
use crate::output::{MemorySite, Sink};
use crate::theme::ROUTER;

fn site(files: &[(&str, &str)]) -> SiteFiles {
    let memory = MemorySite::new();
    for (path, text) in files {
        memory.write(path, text.as_bytes().to_vec()).unwrap();
    }
    memory.finish()
}

/// The frame as the theme renders it for the copy: no content of its own, cut where its
/// stylesheets go.
const FRAME: [&str; 2] = [
    "<!doctype html>\n<html><head><title>Home · Site</title>\n",
    "</head>\n<body class=\"is-home\" data-page=\"index.html\"><nav><a href=\"runbooks/index.html\">Runbooks</a></nav>\n<main id=\"main\" tabindex=\"-1\">\n<noscript>JS</noscript>\n</main>\n</body></html>",
];

/// A page's parts as the theme writes them for the copy.
fn page(title: &str, main: &str) -> String {
    serde_json::json!({"title": title, "body": " class=\"kind-runbook\" data-root=\"../\"", "main": main})
        .to_string()
}

/// The text of the script element with this id.
fn element_text<'a>(html: &'a str, id: &str) -> &'a str {
    let open = format!("id=\"{id}\">");
    let start = html.find(&open).unwrap() + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    &html[start..end]
}

/// The index the router reads first, parsed back.
fn index_of(html: &str) -> serde_json::Value {
    serde_json::from_str(element_text(html, "dontpanic-data")).unwrap()
}

/// Chunk `n`, decoded as the router decodes it.
fn chunk_of(html: &str, n: u64) -> serde_json::Value {
    use std::io::Read;
    let compressed = BASE64_STANDARD
        .decode(element_text(html, &format!("dontpanic-chunk-{n}")))
        .unwrap();
    let mut json = String::new();
    flate2::read::GzDecoder::new(&compressed[..])
        .read_to_string(&mut json)
        .unwrap();
    serde_json::from_str(&json).unwrap()
}

/// A page or script of the copy, found through the index.
fn entry(html: &str, kind: &str, path: &str) -> serde_json::Value {
    let n = index_of(html)[kind][path]
        .as_u64()
        .unwrap_or_else(|| panic!("{path} is not in the index"));
    chunk_of(html, n)[path].clone()
}

fn bundle_of<'a>(parts: &'a Pages, files: &'a SiteFiles, pages: &'a [String]) -> Bundle<'a> {
    Bundle {
        frame: FRAME,
        parts,
        files,
        pages,
        not_found: "404.html",
        styles: &[],
        theme_scripts: &[],
        router: ROUTER,
        redirects: &[],
        scripts: &[],
        embedded: &[],
    }
}

#[test]
fn one_document_carries_every_page_style_script_and_file() {
    let runbook = page(
        "Disk full",
        "<h1>Disk full</h1><img src=\"graph.png\"><pre>&lt;/script&gt; and </script-ish></pre>",
    );
    let parts = Pages::from_json([
        ("index.html", page("Home · Site", "<h1>Home</h1>").as_str()),
        ("runbooks/index.html", &runbook),
        ("404.html", &page("Page not found", "<h1>Not here</h1>")),
    ]);
    let files = site(&[
        (
            "assets/style.css",
            "body{background:url(img/bg.png)} a{color:red}",
        ),
        ("assets/img/bg.png", "PNG"),
        ("assets/a.js", "window.a = 1;"),
        ("assets/local.js", "window.local = '</script>';"),
        ("assets/single-file.js", "window.router = 1;"),
        ("runbooks/graph.png", "GRAPH"),
        ("search/meta.js", "dontpanicSearch.meta({});"),
    ]);
    let pages = ["index.html".to_string(), "runbooks/index.html".to_string()];
    let html = bundle(&Bundle {
        styles: &["assets/style.css".into()],
        theme_scripts: &[
            "assets/a.js".into(),
            "assets/local.js".into(),
            "assets/single-file.js".into(),
        ],
        redirects: &[("old/index.html".into(), "runbooks/index.html".into())],
        scripts: &["search/meta.js".into()],
        embedded: &["runbooks/graph.png".into()],
        ..bundle_of(&parts, &files, &pages)
    })
    .unwrap();

    assert!(html.starts_with(&format!("<!doctype html>\n{MARKER}\n<html>")));
    assert!(is_single_file(html.as_bytes()));
    // The stylesheet is inside the head, with its image.
    assert!(html.contains(
        "<title>Home · Site</title>\n<style>body{background:url(\"data:image/png;base64,UE5H\")} a{color:red}</style>\n</head>"
    ));
    // The theme's scripts are inlined once each, after the data, the router first.
    assert_eq!(html.matches("window.router = 1;").count(), 1);
    let data_at = html.find("dontpanic-chunk-0").unwrap();
    let router_at = html.find("window.router = 1;").unwrap();
    let a_at = html.find("window.a = 1;").unwrap();
    let local_at = html.find("window.local").unwrap();
    let end_at = html.find("</body>").unwrap();
    assert!(data_at < router_at && router_at < a_at && a_at < local_at && local_at < end_at);
    assert!(html.contains("window.local = '<\\/script>';"));
    assert!(html.contains("<main id=\"main\" tabindex=\"-1\">\n<noscript>"));

    let runbook = entry(&html, "pages", "runbooks/index.html");
    assert_eq!(runbook["title"], "Disk full");
    assert_eq!(runbook["body"], " class=\"kind-runbook\" data-root=\"../\"");
    assert_eq!(
        runbook["main"],
        "<h1>Disk full</h1><img src=\"graph.png\"><pre>&lt;/script&gt; and </script-ish></pre>"
    );
    assert_eq!(entry(&html, "pages", "index.html")["main"], "<h1>Home</h1>");
    let index = index_of(&html);
    assert_eq!(index["notFound"], "404.html");
    assert_eq!(
        entry(&html, "pages", "404.html")["main"],
        "<h1>Not here</h1>"
    );
    assert_eq!(index["redirects"]["old/index.html"], "runbooks/index.html");
    assert_eq!(
        index["files"]["runbooks/graph.png"],
        "data:image/png;base64,R1JBUEg="
    );
    assert_eq!(
        entry(&html, "scripts", "search/meta.js"),
        "dontpanicSearch.meta({});"
    );
    // Nothing in the data can end its script element.
    assert!(!element_text(&html, "dontpanic-data").contains("</"));
}

#[test]
fn a_script_that_opens_a_comment_and_names_a_script_tag_ends_where_the_copy_ends_it() {
    // After `<!--`, a `<script>` would make the tokenizer take the copy's `</script>` as the
    // end of that inner tag: the element would run on and swallow the rest of the file.
    let parts = Pages::from_json([("index.html", page("Home", "").as_str())]);
    let files = site(&[(
        "assets/a.js",
        "var comment = /<!--/; var tag = \"<SCRIPT>\"; var end = \"</Script>\";",
    )]);
    let pages = ["index.html".to_string()];
    let html = bundle(&Bundle {
        theme_scripts: &["assets/a.js".into()],
        ..bundle_of(&parts, &files, &pages)
    })
    .unwrap();
    assert!(html.contains(
        "<script>var comment = /<!--/; var tag = \"\\x3CSCRIPT>\"; var end = \"<\\/Script>\";</script>\n</body>"
    ));
}

#[test]
fn a_frame_without_a_body_end_is_refused_with_the_reason() {
    let parts = Pages::from_json([("index.html", page("Home", "").as_str())]);
    let files = SiteFiles::default();
    let pages = ["index.html".to_string()];
    let error = bundle(&Bundle {
        frame: [
            "<!doctype html><html><head>",
            "</head><body><main id=\"main\"></main>",
        ],
        ..bundle_of(&parts, &files, &pages)
    })
    .unwrap_err();
    assert_eq!(error, BundleError::MissingElement("</body>"));
    assert!(error.to_string().contains("</body>"));
}

#[test]
fn a_missing_page_is_named() {
    let parts = Pages::from_json([("index.html", page("Home", "").as_str())]);
    let pages = ["index.html".to_string(), "gone/index.html".to_string()];
    let files = SiteFiles::default();
    let error = bundle(&bundle_of(&parts, &files, &pages)).unwrap_err();
    assert_eq!(error, BundleError::MissingPage("gone/index.html".into()));
}

#[test]
fn relative_urls_resolve_to_site_paths() {
    assert_eq!(
        resolve("runbooks/disk/index.html", "../../assets/a.js").as_deref(),
        Some("assets/a.js")
    );
    assert_eq!(
        resolve("runbooks/index.html", "disk/?x=1#top").as_deref(),
        Some("runbooks/disk/index.html")
    );
    assert_eq!(
        resolve("index.html", "my%20file.pdf").as_deref(),
        Some("my file.pdf")
    );
    assert_eq!(resolve("index.html", "../../x.js"), None);
    for external in [
        "https://x.example/a.js",
        "//cdn.example/a.js",
        "data:text/plain,x",
        "mailto:a@b",
        "#top",
        "",
    ] {
        assert_eq!(resolve("index.html", external), None, "{external}");
    }
}

#[test]
fn only_our_own_files_count_as_single_files() {
    assert!(!is_single_file(
        b"<!doctype html><html><body>mine</body></html>"
    ));
    assert!(is_single_file(
        format!("<!doctype html>\n{MARKER}\n<html>").as_bytes()
    ));
}

#[test]
fn large_sites_are_packed_into_several_chunks_in_reading_order() {
    let big = "x".repeat(100 * 1024);
    let value = format!("\"{big}\"");
    let entries: Vec<(&str, Json)> = (0..7)
        .map(|i| (["a", "b", "c", "d", "e", "f", "g"][i], Json::Text(&value)))
        .collect();
    let (chunks, placement) = pack(&entries);
    // 100 KiB each: a chunk closes once it holds 256 KiB or more.
    assert_eq!(placement, [0, 0, 0, 1, 1, 1, 2]);
    assert_eq!(chunks.len(), 3);
    assert!(
        chunks[0].len() < 10_000,
        "repetitive text compresses: {}",
        chunks[0].len()
    );
}

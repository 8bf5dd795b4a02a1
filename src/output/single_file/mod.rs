//! The single-file copy: one HTML document that holds the whole built site. Its frame is the
//! home page (with the full navigation). Every page's parts (title, `<body>` attributes and
//! `<main>` content, as the theme rendered them for the copy) and the search index's scripts
//! ride along as JSON in gzip-compressed chunks (base64 in `<script>` elements), so that the
//! file stays small and opening it decodes only the chunk of the page shown. Images and other
//! files are data URLs; the theme's stylesheets and scripts are inlined, its router
//! (`assets/single-file.js`) first.

mod pages;

pub use pages::{Collected, Pages};

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::{Read, Write};
use std::path::Path;

use base64::prelude::{BASE64_STANDARD, Engine as _};
use flate2::Compression;
use flate2::write::GzEncoder;
use rayon::prelude::*;
use serde::Serialize;

use super::{Protected, SiteFiles, content_type};
use crate::error::{Error, Result};
use crate::site::url;

/// Written right after the doctype: how a later build knows the file is its own to replace.
pub const MARKER: &str = "<!-- dontpanic single-file copy: written by `dontpanic build --single-file`, replaced whole by the next one -->";

/// What goes into the file. Paths are output paths, as the build wrote them into `files`.
pub struct Bundle<'a> {
    /// The frame: the home page with every section's pages in its navigation and no content
    /// of its own, cut in two where its stylesheets go.
    pub frame: [&'a str; 2],
    /// The parts of every page the theme rendered.
    pub parts: &'a Pages,
    /// Every other file of the site.
    pub files: &'a SiteFiles,
    /// The pages to carry, in this order; the first is the home page.
    pub pages: &'a [String],
    /// The page shown for an address that is no page.
    pub not_found: &'a str,
    /// The theme's stylesheets, inlined into the frame.
    pub styles: &'a [String],
    /// The theme's scripts, run once each from the end of the frame: the router first, then
    /// these in order.
    pub theme_scripts: &'a [String],
    /// The output path of the theme's router script (`theme::ROUTER`).
    pub router: &'a str,
    /// Old addresses (aliases, alert addresses) and the page each leads to.
    pub redirects: &'a [(String, String)],
    /// Scripts that pages load when needed (the search index), carried as text.
    pub scripts: &'a [String],
    /// Other files that pages may link to or show (images, downloads), carried as data URLs.
    pub embedded: &'a [String],
}

/// Why a bundle could not be made.
#[derive(Debug, PartialEq, Eq)]
pub enum BundleError {
    /// The frame lacks an element the copy needs.
    MissingElement(&'static str),
    /// A page to carry is not among the built files.
    MissingPage(String),
}

impl std::fmt::Display for BundleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BundleError::MissingElement(what) => write!(
                f,
                "the home page has no {what}: the single-file copy adds its pages' data there"
            ),
            BundleError::MissingPage(path) => write!(f, "{path} was not built"),
        }
    }
}

/// What the router reads first: where each page and script is, and everything small.
#[derive(Serialize)]
struct Index<'a> {
    /// Page path → the chunk that holds it.
    pages: BTreeMap<&'a str, usize>,
    /// Script path → the chunk that holds its text.
    scripts: BTreeMap<&'a str, usize>,
    /// The page shown for an address that is no page (a key of `pages`).
    #[serde(rename = "notFound")]
    not_found: Option<&'a str>,
    redirects: BTreeMap<&'a str, &'a str>,
    /// File path → data URL.
    files: BTreeMap<&'a str, String>,
}

/// Entries are packed into chunks of at least this much JSON before compression: big enough
/// to compress well, small enough to decode in a moment.
const CHUNK_SIZE: usize = 256 * 1024;

/// Makes the single-file document.
pub fn bundle(bundle: &Bundle) -> std::result::Result<String, BundleError> {
    let [head, rest] = bundle.frame;
    let body_end = rest
        .to_ascii_lowercase()
        .rfind("</body")
        .ok_or(BundleError::MissingElement("</body>"))?;
    let (chunks, index) = pack_site(bundle)?;

    let mut html = String::with_capacity(chunks.iter().map(String::len).sum::<usize>() + (1 << 20));
    match doctype_end(head) {
        Some(end) => {
            html.push_str(&head[..end]);
            html.push('\n');
            html.push_str(MARKER);
            html.push_str(&head[end..]);
        }
        None => {
            html.push_str(MARKER);
            html.push('\n');
            html.push_str(head);
        }
    }
    for style in bundle.styles {
        if let Some(bytes) = bundle.files.get(style) {
            let css = inline_css_urls(&String::from_utf8_lossy(bytes), style, bundle.files);
            html.push_str("<style>");
            html.push_str(&escape_style(&css));
            html.push_str("</style>\n");
        }
    }
    html.push_str(&rest[..body_end]);
    push_tail(&mut html, &index, chunks, bundle);
    html.push_str(&rest[body_end..]);
    Ok(html)
}

/// What goes before `</body>`: the index, the chunks, then the router and the theme's scripts
/// (the router first, so that the page is there when they set it up).
fn push_tail(tail: &mut String, index: &Index, chunks: Vec<String>, bundle: &Bundle) {
    let json = serde_json::to_string(index).unwrap_or_else(|_| "{}".into());
    tail.push_str("<script type=\"application/json\" id=\"dontpanic-data\">");
    tail.push_str(&escape_json_for_script(&json));
    tail.push_str("</script>\n");
    // Each chunk is let go once copied, so the file and its chunks are not held twice.
    for (n, chunk) in chunks.into_iter().enumerate() {
        tail.push_str(&format!(
            "<script type=\"application/octet-stream\" id=\"dontpanic-chunk-{n}\">"
        ));
        tail.push_str(&chunk);
        tail.push_str("</script>\n");
    }
    let router = bundle.router;
    let ordered = std::iter::once(router).chain(
        bundle
            .theme_scripts
            .iter()
            .map(String::as_str)
            .filter(|s| *s != router),
    );
    for script in ordered.filter_map(|path| bundle.files.get(path)) {
        tail.push_str("<script>");
        tail.push_str(&escape_script(&String::from_utf8_lossy(script)));
        tail.push_str("</script>\n");
    }
}

/// Writes the copy to `target` in one step (a file beside it, then a rename), so a reader never
/// sees half a file. Refuses what `check_target` refuses.
pub fn write(target: &Path, html: &str, protected: &Protected) -> Result<()> {
    check_target(target, protected)?;
    let temporary = super::beside(target, "partial")?;
    if let Err(e) = fs::write(&temporary, html) {
        let _ = fs::remove_file(&temporary);
        return Err(Error::io(target, e));
    }
    fs::rename(&temporary, target).map_err(|e| {
        let _ = fs::remove_file(&temporary);
        Error::io(target, e)
    })
}

/// Whether the copy may be written at `target`: not among the site's sources, not over a
/// folder, and not over a file that this module did not write. Checked before building too,
/// so a refused target costs no build.
pub fn check_target(target: &Path, protected: &Protected) -> Result<()> {
    if let Some(source) = protected.clash(target) {
        return Err(Error::usage(
            format!(
                "refusing to write the single-file copy into {}: it holds the site's sources",
                source.display()
            ),
            Some("write it beside the content, e.g. --single-file dontpanic.html".into()),
        ));
    }
    if target.is_dir() {
        return Err(Error::usage(
            format!("{} is a folder", target.display()),
            Some("give --single-file a file name, e.g. dontpanic.html".into()),
        ));
    }
    if target.exists() {
        let mut head = Vec::new();
        let opened = crate::files::open(target).and_then(|f| f.take(512).read_to_end(&mut head));
        opened.map_err(|e| Error::io(target, e))?;
        if !is_single_file(&head) {
            return Err(Error::usage(
                format!(
                    "{} exists and was not written by dontpanic; refusing to replace it",
                    target.display()
                ),
                Some("choose another file name, or remove this file first".into()),
            ));
        }
    }
    Ok(())
}

/// Every page and script the copy carries, packed into chunks, and the index that finds them.
fn pack_site<'a>(bundle: &'a Bundle) -> std::result::Result<(Vec<String>, Index<'a>), BundleError> {
    let not_found = Some(bundle.not_found).filter(|p| bundle.parts.contains(p));
    let mut carried: Vec<&str> = bundle.pages.iter().map(String::as_str).collect();
    if let Some(path) = not_found.filter(|p| !carried.contains(p)) {
        carried.push(path);
    }
    let mut entries: Vec<(&str, Json)> = Vec::with_capacity(carried.len() + bundle.scripts.len());
    for path in &carried {
        let parts = bundle
            .parts
            .get(path)
            .ok_or_else(|| BundleError::MissingPage(path.to_string()))?;
        entries.push((path, Json::Deflated(parts)));
    }
    let page_count = entries.len();
    let texts: Vec<(&str, String)> = bundle
        .scripts
        .iter()
        .filter_map(|path| {
            let bytes = bundle.files.get(path)?;
            let text = serde_json::to_string(&String::from_utf8_lossy(bytes)).ok()?;
            Some((path.as_str(), text))
        })
        .collect();
    entries.extend(texts.iter().map(|(path, text)| (*path, Json::Text(text))));
    let (chunks, placement) = pack(&entries);
    let carried_set: HashSet<&str> = carried.iter().copied().collect();
    let placed = |range: std::ops::Range<usize>| -> BTreeMap<&'a str, usize> {
        range.map(|i| (entries[i].0, placement[i])).collect()
    };
    let index = Index {
        pages: placed(0..page_count),
        scripts: placed(page_count..entries.len()),
        not_found,
        redirects: bundle
            .redirects
            .iter()
            .filter(|(from, _)| !carried_set.contains(from.as_str()))
            .map(|(from, to)| (from.as_str(), to.as_str()))
            .collect(),
        files: bundle
            .embedded
            .iter()
            .filter_map(|path| {
                let bytes = bundle.files.get(path)?;
                Some((path.as_str(), data_url(path, bytes)))
            })
            .collect(),
    };
    Ok((chunks, index))
}

/// An entry's value: JSON text, or a page's parts as the build keeps them.
#[derive(Clone, Copy)]
enum Json<'a> {
    Text(&'a str),
    Deflated(&'a pages::Deflated),
}

impl Json<'_> {
    fn len(self) -> usize {
        match self {
            Json::Text(text) => text.len(),
            Json::Deflated(parts) => parts.len,
        }
    }

    fn push_to(self, out: &mut String) {
        match self {
            Json::Text(text) => out.push_str(text),
            Json::Deflated(parts) => parts.inflate_into(out),
        }
    }
}

/// Packs the entries (key, JSON value) into chunks in order: each chunk is one JSON object,
/// gzip-compressed and base64-encoded. Returns the chunks and each entry's chunk number.
fn pack(entries: &[(&str, Json)]) -> (Vec<String>, Vec<usize>) {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut size = CHUNK_SIZE;
    for (i, (_, value)) in entries.iter().enumerate() {
        if size >= CHUNK_SIZE {
            groups.push(Vec::new());
            size = 0;
        }
        if let Some(group) = groups.last_mut() {
            group.push(i);
        }
        size += value.len();
    }
    let mut placement = vec![0; entries.len()];
    for (n, group) in groups.iter().enumerate() {
        for &i in group {
            placement[i] = n;
        }
    }
    let chunks = groups
        .par_iter()
        .map(|group| {
            let mut json = String::from("{");
            for (k, &i) in group.iter().enumerate() {
                let (key, value) = entries[i];
                if k > 0 {
                    json.push(',');
                }
                json.push_str(&serde_json::to_string(key).unwrap_or_default());
                json.push(':');
                value.push_to(&mut json);
            }
            json.push('}');
            let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
            // Writing into memory cannot fail.
            let _ = encoder.write_all(json.as_bytes());
            BASE64_STANDARD.encode(encoder.finish().unwrap_or_default())
        })
        .collect();
    (chunks, placement)
}

/// True when `text` begins like a file this module wrote.
pub fn is_single_file(text: &[u8]) -> bool {
    let head = &text[..text.len().min(512)];
    String::from_utf8_lossy(head).contains(MARKER)
}

/// A stylesheet's `url(...)`s to files of the site, as data URLs.
fn inline_css_urls(css: &str, css_path: &str, files: &SiteFiles) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find("url(") {
        let (before, after) = rest.split_at(at + "url(".len());
        out.push_str(before);
        let Some(close) = after.find(')') else {
            rest = after;
            break;
        };
        let raw = after[..close].trim();
        let unquoted = raw.trim_matches(|c| c == '"' || c == '\'');
        match resolve(css_path, unquoted).and_then(|p| files.get(&p).map(|b| (p, b))) {
            Some((path, bytes)) => out.push_str(&format!("\"{}\"", data_url(&path, bytes))),
            None => out.push_str(raw),
        }
        rest = &after[close..];
    }
    out.push_str(rest);
    out
}

/// Whether a URL points into the site (a relative path), not at another host or a data URL.
fn is_local(url: &str) -> bool {
    let url = url.trim();
    let scheme = url
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && !s.contains('/') && !s.contains('?'));
    !(url.is_empty() || url.starts_with("//") || url.starts_with('#') || scheme)
}

/// The site path a relative URL on the page at `from` points to, without query or fragment.
fn resolve(from: &str, link: &str) -> Option<String> {
    if !is_local(link) {
        return None;
    }
    let link = link.split(['?', '#']).next().unwrap_or_default();
    let folder = from.rsplit_once('/').map_or("", |(folder, _)| folder);
    let mut path = url::join_normalized(folder, &url::decode_path(link))?;
    if link.ends_with('/') || path.is_empty() {
        path = if path.is_empty() {
            "index.html".into()
        } else {
            format!("{path}/index.html")
        };
    }
    Some(path)
}

fn data_url(path: &str, bytes: &[u8]) -> String {
    let kind = content_type(path).replace("; ", ";");
    format!("data:{kind};base64,{}", BASE64_STANDARD.encode(bytes))
}

/// JSON inside `<script type="application/json">` must not end the element or open a
/// comment there; `<\/` and `\u003c!--` mean the same to the JSON parser.
fn escape_json_for_script(json: &str) -> String {
    json.replace("</", "<\\/").replace("<!--", "\\u003c!--")
}

/// A script's text inside `<script>`: `</script` in a string would end the element early, and
/// a `<script` after a `<!--` would end it late: the tokenizer then takes the next `</script>`
/// as closing that inner tag, and the element runs on over the rest of the file. `<\/` and
/// `\x3C` read as `</` and `<` in a string or a regular expression, and a comment holds either.
fn escape_script(js: &str) -> String {
    let js = replace_opening_bracket(js, "</script", "<\\");
    replace_opening_bracket(&js, "<script", "\\x3C")
}

fn escape_style(css: &str) -> String {
    replace_opening_bracket(css, "</style", "<\\")
}

/// `text` with the `<` that starts each match of `needle` (any case) replaced by `with`; the
/// rest of the match is kept as written, so a string's `</SCRIPT>` keeps its case.
fn replace_opening_bracket(text: &str, needle: &str, with: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (at, _) in lower.match_indices(needle) {
        out.push_str(&text[last..at]);
        out.push_str(with);
        last = at + 1;
    }
    out.push_str(&text[last..]);
    out
}

fn doctype_end(html: &str) -> Option<usize> {
    let start = html.trim_start();
    let offset = html.len() - start.len();
    start
        .get(..9)
        .filter(|d| d.eq_ignore_ascii_case("<!doctype"))
        .and_then(|_| start.find('>'))
        .map(|end| offset + end + 1)
}

#[cfg(test)]
mod tests;

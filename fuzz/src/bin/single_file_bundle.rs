//! The single-file copy's packing: arbitrary page parts, page paths, redirects, stylesheets and
//! scripts bundled into the frame, then read back as a browser and the copy's router would.
//!
//! The input is NUL-separated fields (missing ones are empty): home title, home main, page path,
//! page title, page main, body attributes, theme script, stylesheet, search script, redirect
//! from, embedded file name.
use std::io::Read;

use base64::prelude::{BASE64_STANDARD, Engine as _};
use dontpanic::output::single_file::{Bundle, MARKER, Pages, bundle};
use dontpanic::output::{MemorySite, Sink};
use serde_json::{Value, json};

/// The frame as the default theme renders it for the copy, cut where its stylesheets go.
const FRAME: [&str; 2] = [
    "<!doctype html>\n<html><head><title>Home</title>\n",
    "</head>\n<body class=\"is-home\"><main id=\"main\">\n<noscript>JS</noscript>\n</main>\n</body></html>",
];

const ROUTER: &str = "assets/single-file.js";

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let input = String::from_utf8_lossy(data);
        let mut fields = input.split('\0');
        let mut next = || fields.next().unwrap_or_default();
        let (home_title, home_main) = (next(), next());
        let page_path = next();
        let (title, main, body) = (next(), next(), next());
        let (theme_script, style, search_script) = (next(), next(), next());
        let (redirect_from, embedded) = (next(), next());
        // The home page is always there, the other page only at a path of its own.
        let page_path = Some(page_path).filter(|p| *p != "index.html");

        let home = json!({"title": home_title, "body": "", "main": home_main}).to_string();
        let page = json!({"title": title, "body": body, "main": main}).to_string();
        let mut parts = vec![("index.html", home.as_str())];
        parts.extend(page_path.map(|p| (p, page.as_str())));
        let pages_json = Pages::from_json(parts.iter().copied());

        let memory = MemorySite::new();
        let write = |path: &str, text: &str| {
            // A name the site refuses (`../x`) is simply not among its files.
            let _ = memory.write(path, text.as_bytes().to_vec());
        };
        // Written first: an embedded file named like one of the others is that other file.
        write(embedded, "EMBEDDED");
        write(ROUTER, "window.router = 1;");
        write("assets/theme.js", theme_script);
        write("assets/style.css", style);
        write("search/index.js", search_script);
        let files = memory.finish();

        let mut pages = vec!["index.html".to_string()];
        pages.extend(page_path.map(str::to_string));
        let redirects = [(redirect_from.to_string(), "index.html".to_string())];
        let styles = ["assets/style.css".to_string()];
        let theme_scripts = ["assets/theme.js".to_string()];
        let scripts = ["search/index.js".to_string()];
        let embedded_list = [embedded.to_string()];
        let html = bundle(&Bundle {
            frame: FRAME,
            parts: &pages_json,
            files: &files,
            pages: &pages,
            not_found: "404.html",
            styles: &styles,
            theme_scripts: &theme_scripts,
            router: ROUTER,
            redirects: &redirects,
            scripts: &scripts,
            embedded: &embedded_list,
        })
        .expect("every page carried is among the parts, and the frame has </body>");

        // The head: the marker after the doctype, then the one stylesheet, ended where it was
        // written and nowhere before.
        let head = FRAME[0].replacen("\n", &format!("\n{MARKER}\n"), 1);
        let rest = html.strip_prefix(head.as_str()).expect("the frame's head comes first");
        let rest = rest.strip_prefix("<style>").expect("the stylesheet is inlined");
        let style_end = raw_text_end(rest, "style").expect("the style element ends");
        let rest = rest[style_end..]
            .strip_prefix("</style>\n")
            .expect("the style element ends where the copy ended it, not inside the stylesheet");
        let body_end = FRAME[1].rfind("</body").unwrap();
        let mut rest = rest
            .strip_prefix(&FRAME[1][..body_end])
            .expect("the frame's body follows the head");

        // The tail: the index, each chunk, the router and the theme's script, each element
        // ended by the tag the copy wrote for it.
        let mut elements: Vec<(String, &str)> = Vec::new();
        while let Some(after) = rest.strip_prefix("<script") {
            let open_end = after.find('>').expect("the start tag ends") + 1;
            let text = &after[open_end..];
            let end = script_end(text).expect("every script element ends");
            elements.push((after[..open_end].to_string(), &text[..end]));
            rest = text[end..]
                .strip_prefix("</script>\n")
                .expect("a script element ends where the copy ended it, not inside its text");
        }
        assert_eq!(rest, &FRAME[1][body_end..], "the frame's end closes the document");

        let (open, index_text) = &elements[0];
        assert_eq!(open, " type=\"application/json\" id=\"dontpanic-data\">");
        let index: Value = serde_json::from_str(index_text).expect("the index is JSON");
        let chunks: Vec<Value> = elements[1..]
            .iter()
            .take_while(|(open, _)| open.contains("dontpanic-chunk-"))
            .map(|(_, text)| chunk(text))
            .collect();
        let scripts_run: Vec<&str> = elements[1 + chunks.len()..]
            .iter()
            .map(|(_, text)| *text)
            .collect();
        assert_eq!(scripts_run.len(), 2, "the router and the theme's script run once each");
        assert_eq!(scripts_run[0], "window.router = 1;");

        // Each page reads back as the theme wrote it.
        for (path, json) in &parts {
            let n = index["pages"][*path].as_u64().expect("every page is indexed") as usize;
            let expected: Value = serde_json::from_str(json).unwrap();
            assert_eq!(chunks[n][*path], expected, "{path} reads back");
        }
        let n = index["scripts"]["search/index.js"].as_u64().expect("the script is indexed");
        assert_eq!(chunks[n as usize]["search/index.js"], search_script);
        if !parts.iter().any(|(path, _)| *path == redirect_from) {
            assert_eq!(index["redirects"][redirect_from], "index.html");
        }
    });
}

/// A chunk decoded as the router decodes it: base64, then gzip, then JSON.
fn chunk(text: &str) -> Value {
    let compressed = BASE64_STANDARD.decode(text).expect("a chunk is base64");
    let mut json = String::new();
    flate2::read::GzDecoder::new(&compressed[..])
        .read_to_string(&mut json)
        .expect("a chunk is gzip of text");
    serde_json::from_str(&json).expect("a chunk is JSON")
}

/// Whether `text` at `at` starts `</name` followed by what ends a tag name, as the HTML
/// tokenizer sees an end tag that closes a raw text or script element.
fn end_tag_at(text: &[u8], at: usize, name: &str) -> bool {
    text[at..].starts_with(b"</") && tag_name_at(text, at + 2, name)
}

/// Whether `name` (ASCII, any case) stands at `at`, followed by whitespace, `/` or `>`.
fn tag_name_at(text: &[u8], at: usize, name: &str) -> bool {
    let end = at + name.len();
    end < text.len()
        && text[at..end].eq_ignore_ascii_case(name.as_bytes())
        && matches!(text[end], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>')
}

/// Where a `<style>` element's text ends: at the first `</style` the tokenizer takes as its
/// end tag (a raw text element has no other states).
fn raw_text_end(text: &str, name: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find(|&i| end_tag_at(bytes, i, name))
}

/// Where a `<script>` element's text ends, following the HTML tokenizer's script data states:
/// `<!--` escapes, and inside that `<script` escapes twice, so that a `</script` there does
/// not end the element.
fn script_end(text: &str) -> Option<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let bytes = text.as_bytes();
    let mut state = State::Data;
    // Dashes just seen in an escaped state: `-->` goes back to plain script data.
    let mut dashes = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match state {
            State::Data => {
                if end_tag_at(bytes, i, "script") {
                    return Some(i);
                }
                if bytes[i..].starts_with(b"<!--") {
                    state = State::Escaped;
                    // The two dashes of `<!--` already count: `<!-->` ends the escape.
                    dashes = 2;
                    i += 4;
                    continue;
                }
            }
            State::Escaped => {
                if end_tag_at(bytes, i, "script") {
                    return Some(i);
                }
                if b == b'<' && tag_name_at(bytes, i + 1, "script") {
                    state = State::DoubleEscaped;
                    dashes = 0;
                    i += 1 + "script".len();
                    continue;
                }
                if b == b'>' && dashes >= 2 {
                    state = State::Data;
                }
            }
            State::DoubleEscaped => {
                if end_tag_at(bytes, i, "script") {
                    state = State::Escaped;
                    dashes = 0;
                    i += 2 + "script".len();
                    continue;
                }
                if b == b'>' && dashes >= 2 {
                    state = State::Data;
                }
            }
        }
        dashes = if b == b'-' && state != State::Data {
            dashes + 1
        } else {
            0
        };
        i += 1;
    }
    None
}

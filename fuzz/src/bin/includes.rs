//! MkDocs snippets (`--8<--`) and mdBook includes (`{{#include}}`) expanded in arbitrary page
//! text, against a small site folder written once at start. The first byte sets how far the
//! page's size limit is above its own text (0 to 127 bytes one by one, then up to 8 KB in steps
//! of 64, so that the fixture's files just fit, or just do not); the rest is the page's body.
use std::path::{Path, PathBuf};

use dontpanic::content::includes::{Budget, Place, expand};

/// The files a page may include, and some it may not (hidden, ignored, escaping the root).
const FILES: &[(&str, &str)] = &[
    ("includes/contacts.md", "Call **Dana**.\n\n- +1 555 0100\n"),
    ("includes/no-newline.md", "one line without an end"),
    ("includes/crlf.md", "first\r\nsecond\r\n\r\nthird\r\n"),
    (
        "includes/nested.md",
        "Before\n    --8<-- \"includes/contacts.md\"\n\t{{#include ../docs/ops/check.sh:probe}}\nAfter\n",
    ),
    (
        "includes/indented-block.md",
        "--8<--\n        includes/nested.md\n        includes/crlf.md\n--8<--\n",
    ),
    ("includes/loop.md", "  --8<-- \"includes/loop.md\"\n"),
    (
        "includes/twice.md",
        "--8<-- \"includes/nested.md\"\n--8<-- \"includes/nested.md\"\n",
    ),
    (
        "docs/ops/check.sh",
        "#!/bin/sh\n# ANCHOR: probe\ncurl -sf $HOST\n# ANCHOR_END: probe\nexit 0\n",
    ),
    ("docs/ops/short.md", "a\nb\nc\nd\ne\n"),
    (".env", "TOKEN=§secret\n"),
    (".gitignore", "*.local.md\n"),
    ("includes/notes.local.md", "§ignored\n"),
];

/// The site folder, written once: the same names and text every run, so a finding replays.
fn fixture() -> PathBuf {
    let root = std::env::temp_dir().join("dontpanic-fuzz-includes");
    let big = "A line of a long included file, to outgrow the page's budget.\n".repeat(80);
    for (rel, text) in FILES.iter().copied().chain([("includes/big.md", big.as_str())]) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).expect("the fixture folder is written");
        std::fs::write(&path, text).expect("the fixture folder is written");
    }
    root.canonicalize().expect("the fixture folder exists")
}

fn main() {
    let root = fixture();
    let content = root.join("docs");
    let folder = content.join("ops");
    afl::fuzz!(|data: &[u8]| {
        let Some((&size, body)) = data.split_first() else {
            return;
        };
        let Ok(body) = std::str::from_utf8(body) else {
            return;
        };
        let room = match size {
            0..128 => u64::from(size),
            _ => 64 * u64::from(size - 128),
        };
        // The page's own text is within the limit: the loader refuses a bigger file unread.
        let limit = body.len() as u64 + room;
        let budget = Budget::new(limit, body.len());
        let place = Place {
            root: &root,
            content: &content,
            folder: &folder,
            budget: &budget,
        };
        let offset = 3;
        let Some((text, problems)) = expand(body, &place, Path::new("docs/ops/page.md"), offset)
        else {
            assert!(!body.contains("--8<--") && !body.contains("{{#"));
            return;
        };
        // "the page's size limit holds for that text, includes and all"
        assert!(
            text.len() as u64 <= limit,
            "expanded to {} bytes, over the page's limit of {limit}",
            text.len()
        );
        let body_lines = body.split_inclusive('\n').count();
        for problem in &problems {
            assert!(
                problem.line > offset && problem.line <= offset + body_lines,
                "{problem}: not a line of the page's body ({body_lines} lines after {offset})"
            );
        }
        // Nothing hidden or ignored gets in: only those files hold a `§`.
        if !body.contains('§') {
            assert!(!text.contains('§'), "a hidden or ignored file was included");
        }
    });
}

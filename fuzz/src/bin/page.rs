//! A page file (front matter and Markdown) through parsing and rendering.
use std::path::Path;

use dontpanic::markdown::{KeepLinks, render};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = dontpanic::content::decode_text(Path::new("fuzz.md"), data.to_vec()) else {
            return;
        };
        if let Ok(page) = dontpanic::content::parse_page("fuzz.md", Path::new("fuzz.md"), &text) {
            let rendered = render(&page.body, &KeepLinks);
            // Script URLs written as Markdown links never reach an href.
            if !page.body.contains('<') {
                assert!(
                    !rendered
                        .html
                        .to_ascii_lowercase()
                        .contains("href=\"javascript:")
                );
            }
        }
    });
}

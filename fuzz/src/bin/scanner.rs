//! The single-file copy's HTML scanner on arbitrary markup.
use dontpanic::output::single_file::scan;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let html = String::from_utf8_lossy(data);
        let tags = scan::start_tags(&html);
        let _ = scan::title(&html, &tags);
        for tag in tags.iter().take(64) {
            if let Some(inner) = scan::inner_of_unique(&html, tag) {
                assert!(inner.start <= inner.end && inner.end <= html.len());
            }
            if let Some(end) = scan::end_tag(&html, "main", 0) {
                assert!(end.end <= html.len());
            }
        }
        let _ = scan::decode_entities(&html);
    });
}

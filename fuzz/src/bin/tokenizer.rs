//! The search tokenizer: folding, splitting into words and terms, stemming.
use dontpanic::search::text;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let input = String::from_utf8_lossy(data);
        let _ = text::fold(&input);
        for word in text::words(&input).take(1000) {
            let _ = text::stem(word);
        }
        let _ = text::terms(&input);
    });
}

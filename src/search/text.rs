//! How text becomes search terms. The browser runs the same steps on a query (the theme's
//! `assets/search/text.js` mirrors this file; both are tested on `tests/js/terms.json`), so both
//! sides must agree: fold case and accents, split into words and identifiers, and reduce English
//! words to their Snowball (Porter2) stem ("charges" and "charged" both become "charg").

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

/// A term and whether it is the word as written (identifiers) or one of its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    /// A part of an identifier (`quota` in `ERR_QUOTA_EXCEEDED`, `west` in `eu-west-1`): counts
    /// less than the whole.
    pub is_part: bool,
}

/// Lower case without accents: `Ärger` → `arger`. Only the combining marks U+0300–U+036F are
/// dropped, exactly as the browser side does.
pub fn fold(text: &str) -> String {
    // Most words are ASCII, where folding is lowering; decomposing them would change nothing.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The terms of `text`, in order.
pub fn terms(text: &str) -> Vec<Term> {
    let mut out = Vec::new();
    for token in tokens(text) {
        let joined = token.contains(['-', '.']);
        if joined && token.chars().any(|c| c.is_numeric()) {
            // `eu-west-1`, `10.0.0.1`, `v2.3`: the whole as written, and its words as parts.
            out.push(Term {
                text: fold(token),
                is_part: false,
            });
            for word in words(token) {
                out.extend(
                    word_terms(word)
                        .into_iter()
                        .map(|t| Term { is_part: true, ..t }),
                );
            }
        } else {
            // `on-call`, `example.com`: words joined by punctuation are the words.
            for word in words(token) {
                out.extend(word_terms(word));
            }
        }
    }
    out
}

/// The terms a query reads in `text`, as the browser makes them (search/text.js `textTerms`):
/// words joined with a digit whole, identifiers whole, other words stemmed; no parts.
pub fn query_terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for token in tokens(text) {
        if token.contains(['-', '.']) && token.chars().any(|c| c.is_numeric()) {
            out.push(fold(token));
            continue;
        }
        for word in words(token) {
            let lower = fold(word);
            out.push(if is_identifier(word) {
                lower
            } else {
                stem(&lower)
            });
        }
    }
    out
}

/// The terms of one word: an identifier whole and its parts, or an English word's stem.
fn word_terms(word: &str) -> Vec<Term> {
    let lower = fold(word);
    if !is_identifier(word) {
        return vec![Term {
            text: stem(&lower),
            is_part: false,
        }];
    }
    let mut out = vec![Term {
        text: lower,
        is_part: false,
    }];
    let parts = identifier_parts(word);
    if parts.len() > 1 {
        for part in parts {
            let part = fold(part);
            if part.chars().count() >= 2 {
                out.push(Term {
                    text: stem(&part),
                    is_part: true,
                });
            }
        }
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Tokens: runs of letters, digits and underscores, joined by single `-` or `.` between them
/// (`eu-west-1`, `on-call`, `10.0.0.1`).
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_word_char(c) {
            start.get_or_insert(i);
            continue;
        }
        let joins = (c == '-' || c == '.')
            && start.is_some()
            && chars.peek().is_some_and(|&(_, next)| is_word_char(next));
        if joins {
            continue;
        }
        if let Some(s) = start.take() {
            out.push(&text[s..i]);
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// Runs of letters, digits and underscores.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
}

/// Written as an identifier: has an underscore or a digit, or a capital after a small letter
/// (`AccessDenied`, `ERR_QUOTA`, `sev1`, `503`).
fn is_identifier(word: &str) -> bool {
    let mut previous_lower = false;
    for c in word.chars() {
        if c == '_' || c.is_numeric() || (previous_lower && c.is_uppercase()) {
            return true;
        }
        previous_lower = c.is_lowercase();
    }
    false
}

/// `ERR_QUOTA_EXCEEDED` → `ERR`, `QUOTA`, `EXCEEDED`; `AccessDenied` → `Access`, `Denied`.
fn identifier_parts(word: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut previous: Option<char> = None;
    for (i, c) in word.char_indices() {
        let boundary = match previous {
            Some(p) => {
                c == '_'
                    || p == '_'
                    || (p.is_lowercase() && c.is_uppercase())
                    || (p.is_numeric() != c.is_numeric())
            }
            None => false,
        };
        if boundary && i > start {
            parts.push(&word[start..i]);
            start = i;
        }
        if c == '_' {
            start = i + 1;
        }
        previous = Some(c);
    }
    if start < word.len() {
        parts.push(&word[start..]);
    }
    parts
        .into_iter()
        .filter(|p| !p.is_empty() && *p != "_")
        .collect()
}

/// The English (Porter2) stem of a folded word. Only plain ASCII letters are stemmed (the
/// browser's copy of the algorithm works on exactly those); anything else stays as it is.
pub fn stem(word: &str) -> String {
    static ENGLISH: OnceLock<Stemmer> = OnceLock::new();
    /// Stems already worked out on this thread: a site uses a few thousand words many times
    /// over, and stemming each occurrence again was a tenth of a large build. Emptied when
    /// full, so a long preview session cannot grow it without end.
    const REMEMBERED: usize = 100_000;
    thread_local! {
        static KNOWN: std::cell::RefCell<rustc_hash::FxHashMap<String, String>> =
            std::cell::RefCell::default();
    }
    if !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    KNOWN.with(|known| {
        let mut known = known.borrow_mut();
        if let Some(stem) = known.get(word) {
            return stem.clone();
        }
        if known.len() >= REMEMBERED {
            known.clear();
        }
        let stem = ENGLISH
            .get_or_init(|| Stemmer::create(Algorithm::English))
            .stem(word)
            .into_owned();
        known.insert(word.to_string(), stem.clone());
        stem
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        terms(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn inflections_share_a_stem() {
        for (a, b) in [
            ("charges", "charged"),
            ("charging", "charge"),
            ("locked", "lock"),
            ("policies", "policy"),
            ("invoices", "invoice"),
            ("stopped", "stop"),
            ("escalation", "escalate"),
            ("rotating", "rotation"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} / {b}");
        }
        assert_eq!(stem("lockout"), "lockout");
        assert_eq!(stem("status"), "status");
        assert_eq!(stem("news"), "news");
    }

    #[test]
    fn case_and_accents_are_folded() {
        assert_eq!(texts("Ärger CAFÉ"), ["arger", "cafe"]);
    }

    #[test]
    fn identifiers_stay_whole_and_also_give_their_parts() {
        let t = terms("AccessDenied");
        assert_eq!(
            t[0],
            Term {
                text: "accessdenied".into(),
                is_part: false
            }
        );
        assert!(t.iter().any(|p| p.text == "access" && p.is_part));
        assert_eq!(texts("ERR_QUOTA_EXCEEDED")[0], "err_quota_exceeded");
        assert!(texts("ERR_QUOTA_EXCEEDED").contains(&"quota".to_string()));
        assert_eq!(texts("HTTP 503"), ["http", "503"]);
        assert_eq!(texts("sev1 5xx"), ["sev1", "sev", "5xx", "xx"]);
    }

    #[test]
    fn joined_words_with_digits_stay_whole() {
        let t = terms("eu-west-1");
        assert_eq!(t[0].text, "eu-west-1");
        assert!(!t[0].is_part);
        assert!(t[1..].iter().all(|p| p.is_part));
        assert_eq!(texts("eu-west-1"), ["eu-west-1", "eu", "west", "1"]);
        assert_eq!(texts("10.0.0.1")[0], "10.0.0.1");
        // Without a digit they are ordinary words, and sentence punctuation never joins.
        assert_eq!(texts("on-call"), ["on", "call"]);
        assert_eq!(texts("done. Then - next"), ["done", "then", "next"]);
    }
}

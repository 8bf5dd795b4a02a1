//! How text becomes search terms. The browser runs the same steps on a query (the theme's
//! `assets/search/text.js` mirrors this file; both are tested on `tests/js/terms.json`), so both
//! sides must agree: fold case and accents, split into words and identifiers, and reduce English
//! words to their Snowball (Porter2) stem ("charges" and "charged" both become "charg").
//! Other languages' words are stemmed by their Snowball stemmer here only (the index tells the
//! browser each form's stem), and Chinese, Japanese and Korean, written without spaces, are
//! cut into overlapping pairs of characters.

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

use super::language::Stemming;

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

/// The terms of `text`, in order, English words stemmed.
pub fn terms(text: &str) -> Vec<Term> {
    terms_in(text, Stemming::English)
}

/// The terms of `text`, in order, its words stemmed as `stemming` says.
pub fn terms_in(text: &str, stemming: Stemming) -> Vec<Term> {
    let mut out = Vec::new();
    for token in tokens(text) {
        if is_cjk_run(token) {
            out.extend(cjk_terms(token));
            continue;
        }
        let joined = token.contains(['-', '.']);
        if joined && token.chars().any(|c| c.is_numeric()) {
            // `eu-west-1`, `10.0.0.1`, `v2.3`: the whole as written, and its words as parts.
            out.push(Term {
                text: fold(token),
                is_part: false,
            });
            for word in words(token) {
                out.extend(
                    word_terms(word, stemming)
                        .into_iter()
                        .map(|t| Term { is_part: true, ..t }),
                );
            }
        } else {
            // `on-call`, `example.com`: words joined by punctuation are the words.
            for word in words(token) {
                out.extend(word_terms(word, stemming));
            }
        }
    }
    out
}

/// The terms a query reads in `text`, as the browser makes them (search/text.js `textTerms`):
/// words joined with a digit whole, identifiers whole, other words stemmed; no parts.
pub fn query_terms(text: &str) -> Vec<String> {
    query_terms_in(text, Stemming::English)
}

/// The terms a query reads in `text`, its words stemmed as `stemming` says (the browser looks
/// each word's stem up in the index's forms): a run of CJK characters gives its pairs.
pub fn query_terms_in(text: &str, stemming: Stemming) -> Vec<String> {
    let mut out = Vec::new();
    for token in tokens(text) {
        if is_cjk_run(token) {
            out.extend(cjk_query_terms(token));
            continue;
        }
        if token.contains(['-', '.']) && token.chars().any(|c| c.is_numeric()) {
            out.push(fold(token));
            continue;
        }
        for word in words(token) {
            out.push(if is_identifier(word) {
                fold(word)
            } else {
                stem_in(word, stemming)
            });
        }
    }
    out
}

/// The stem of one word (not an identifier) as written, folded.
pub fn stem_in(word: &str, stemming: Stemming) -> String {
    match stemming {
        Stemming::English => stem(&fold(word)),
        // The Snowball stemmers know their language's accents ("créées", "Ausfälle"): they
        // get the word lowered, and the stem is folded after.
        Stemming::Snowball(algorithm) => {
            let lower: String = word.nfc().flat_map(char::to_lowercase).collect();
            fold(&snowball(algorithm, &lower))
        }
        Stemming::None => fold(word),
    }
}

/// A word's folded form and its stem, when they differ and only the build can tell (a
/// language without a stemmer in the browser): what the index's forms table holds.
pub fn form(word: &str, stemming: Stemming) -> Option<(String, String)> {
    if !matches!(stemming, Stemming::Snowball(_)) || is_identifier(word) {
        return None;
    }
    let stem = stem_in(word, stemming);
    let folded = fold(word);
    (stem != folded).then_some((folded, stem))
}

/// The forms (folded word → stem) of every word of `text` whose stem differs.
pub fn forms(text: &str, stemming: Stemming) -> Vec<(String, String)> {
    if !matches!(stemming, Stemming::Snowball(_)) {
        return Vec::new();
    }
    tokens(text)
        .into_iter()
        .filter(|t| !is_cjk_run(t))
        .flat_map(words)
        .filter_map(|w| form(w, stemming))
        .collect()
}

/// The terms of one word: an identifier whole and its parts, or a word's stem.
fn word_terms(word: &str, stemming: Stemming) -> Vec<Term> {
    let lower = fold(word);
    if !is_identifier(word) {
        return vec![Term {
            text: stem_in(word, stemming),
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
                    text: stem_in(&part, stemming),
                    is_part: true,
                });
            }
        }
    }
    out
}

fn is_word_char(c: char) -> bool {
    (c.is_alphanumeric() || c == '_') && !is_cjk(c)
}

/// A character of a script written without spaces between words: Han (Chinese characters and
/// Japanese kanji), Hiragana, Katakana (with its long-vowel mark and voicing marks) and Hangul.
/// The ranges are spelt out, the same in search/text.js, so that both sides agree whatever
/// Unicode version each knows.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{3005}'..='\u{3007}'
        | '\u{3041}'..='\u{3096}'
        | '\u{3099}'..='\u{309F}'
        | '\u{30A1}'..='\u{30FA}'
        | '\u{30FC}'..='\u{30FF}'
        | '\u{3131}'..='\u{318E}'
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{A960}'..='\u{A97F}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{D7B0}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF66}'..='\u{FF9F}'
        | '\u{20000}'..='\u{3134F}')
}

/// A token made of CJK characters (tokens are never mixed).
pub fn is_cjk_run(token: &str) -> bool {
    token.chars().next().is_some_and(is_cjk)
}

/// Whether the index also holds each CJK character alone (as a part, counting half), so that a
/// query of one character finds every pair it is in, not only those it begins.
const CJK_UNIGRAMS: bool = true;

/// A run of CJK characters as the index holds it: each pair of neighbours (`账户被锁定` →
/// `账户 户被 被锁 锁定`), a character alone when the run is one, and each character as a part.
fn cjk_terms(run: &str) -> Vec<Term> {
    let chars: Vec<char> = run.nfc().collect();
    let mut out: Vec<Term> = cjk_pairs(&chars)
        .into_iter()
        .map(|text| Term {
            text,
            is_part: false,
        })
        .collect();
    if CJK_UNIGRAMS && chars.len() > 1 {
        out.extend(chars.iter().map(|c| Term {
            text: c.to_string(),
            is_part: true,
        }));
    }
    out
}

/// A run of CJK characters as a query reads it: its pairs, or the character alone.
fn cjk_query_terms(run: &str) -> Vec<String> {
    let chars: Vec<char> = run.nfc().collect();
    cjk_pairs(&chars)
}

fn cjk_pairs(chars: &[char]) -> Vec<String> {
    if chars.len() == 1 {
        return vec![chars[0].to_string()];
    }
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

/// Tokens: runs of letters, digits and underscores, joined by single `-` or `.` between them
/// (`eu-west-1`, `on-call`, `10.0.0.1`), and runs of CJK characters, each a token of its own
/// (`AWS账户` → `AWS`, `账户`).
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut in_cjk = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let cjk = is_cjk(c);
        if cjk || is_word_char(c) {
            if cjk != in_cjk
                && let Some(s) = start.take()
            {
                out.push(&text[s..i]);
            }
            if start.is_none() {
                in_cjk = cjk;
                start = Some(i);
            }
            continue;
        }
        let joins = (c == '-' || c == '.')
            && start.is_some()
            && !in_cjk
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

/// A lowered word's stem by a Snowball stemmer, remembered per thread as the English ones are.
fn snowball(algorithm: Algorithm, word: &str) -> String {
    const REMEMBERED: usize = 100_000;
    thread_local! {
        static KNOWN: std::cell::RefCell<rustc_hash::FxHashMap<(u8, String), String>> =
            std::cell::RefCell::default();
        static STEMMERS: std::cell::RefCell<Vec<(Algorithm, Stemmer)>> =
            std::cell::RefCell::default();
    }
    let key = (algorithm as u8, word.to_string());
    if let Some(stem) = KNOWN.with(|known| known.borrow().get(&key).cloned()) {
        return stem;
    }
    let stem = STEMMERS.with(|stemmers| {
        let mut stemmers = stemmers.borrow_mut();
        let at = match stemmers.iter().position(|(a, _)| *a == algorithm) {
            Some(at) => at,
            None => {
                stemmers.push((algorithm, Stemmer::create(algorithm)));
                stemmers.len() - 1
            }
        };
        stemmers[at].1.stem(word).into_owned()
    });
    KNOWN.with(|known| {
        let mut known = known.borrow_mut();
        if known.len() >= REMEMBERED {
            known.clear();
        }
        known.insert(key, stem.clone());
    });
    stem
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

    #[test]
    fn cjk_runs_are_their_own_tokens_and_pairs_of_characters() {
        assert_eq!(
            tokens("AWS账户被锁定了。请重试"),
            ["AWS", "账户被锁定了", "请重试"]
        );
        assert_eq!(query_terms("账户被锁定"), ["账户", "户被", "被锁", "锁定"]);
        // One character alone stays itself.
        assert_eq!(query_terms("锁"), ["锁"]);
        // Katakana's long-vowel mark belongs to the word; a decomposed voiced kana is read as
        // the composed one.
        assert_eq!(query_terms("サーバー"), ["サー", "ーバ", "バー"]);
        assert_eq!(query_terms("カ\u{3099}ス"), query_terms("ガス"));
        // The index also holds each character, as a part.
        let t = terms("锁定");
        assert_eq!(t[0].text, "锁定");
        assert!(!t[0].is_part);
        assert!(t.iter().any(|p| p.text == "锁" && p.is_part));
        // Hangul too.
        assert_eq!(query_terms("계정 잠금"), ["계정", "잠금"]);
    }

    #[test]
    fn other_languages_are_stemmed_by_their_own_stemmer_and_give_their_forms() {
        let german = Stemming::Snowball(Algorithm::German);
        assert_eq!(
            query_terms_in("Zugriffe", german),
            query_terms_in("Zugriff", german)
        );
        assert_eq!(
            query_terms_in("Ausfälle", german),
            query_terms_in("Ausfall", german)
        );
        let french = Stemming::Snowball(Algorithm::French);
        assert_eq!(
            query_terms_in("certificats expirés", french),
            query_terms_in("certificat expiré", french)
        );
        assert_eq!(
            forms("Zugriffe verweigern", german),
            [
                ("zugriffe".to_string(), "zugriff".to_string()),
                ("verweigern".to_string(), "verweig".to_string())
            ]
        );
        // Identifiers and words that are their own stem have no form.
        assert!(forms("AccessDenied Zugriff", german).is_empty());
        // English words stay with Porter2, whatever the language list says.
        assert!(forms("charges", Stemming::English).is_empty());
    }
}

//! The built-in incident vocabulary (`vocabulary.toml`, and `vocabulary.<language>.toml` for
//! other languages): stop words, contractions and groups of words a responder and a writer use
//! for the same thing. It is data, shipped to the browser in the index's meta file (only the
//! index's own language's), so the query side reads exactly what is here.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    #[serde(default)]
    pub stop_words: Vec<String>,
    #[serde(default)]
    pub fillers: Vec<String>,
    #[serde(default)]
    pub contractions: BTreeMap<String, String>,
    pub groups: BTreeMap<String, Vec<String>>,
}

const SOURCE: &str = include_str!("vocabulary.toml");

/// The shipped vocabulary. Its file is part of the program, and a unit test reads it, so it
/// cannot fail to parse in a released binary.
pub fn builtin() -> &'static Vocabulary {
    static PARSED: OnceLock<Vocabulary> = OnceLock::new();
    PARSED.get_or_init(|| toml::from_str(SOURCE).expect("the built-in search vocabulary parses"))
}

/// The other languages' vocabularies, by primary subtag.
const LANGUAGES: [(&str, &str); 5] = [
    ("de", include_str!("vocabulary.de.toml")),
    ("es", include_str!("vocabulary.es.toml")),
    ("fr", include_str!("vocabulary.fr.toml")),
    ("ja", include_str!("vocabulary.ja.toml")),
    ("zh", include_str!("vocabulary.zh.toml")),
];

/// The shipped vocabulary of a language (its primary subtag: `zh` for `zh-Hans`), or `None`
/// when there is none for it. Each file is part of the program and a unit test reads it.
pub fn for_language(primary: &str) -> Option<&'static Vocabulary> {
    static PARSED: [OnceLock<Vocabulary>; LANGUAGES.len()] = [const { OnceLock::new() }; 5];
    if primary == "en" {
        return Some(builtin());
    }
    let at = LANGUAGES.iter().position(|(code, _)| *code == primary)?;
    Some(PARSED[at].get_or_init(|| {
        toml::from_str(LANGUAGES[at].1).expect("a built-in search vocabulary parses")
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::text;
    use std::collections::HashSet;

    #[test]
    fn every_entry_is_searchable_and_means_something() {
        let vocabulary = builtin();
        let stop: HashSet<&str> = vocabulary.stop_words.iter().map(String::as_str).collect();
        assert_eq!(
            stop.len(),
            vocabulary.stop_words.len(),
            "a stop word is listed twice"
        );
        for (name, group) in &vocabulary.groups {
            assert!(group.len() >= 3, "group {name} is too small to help");
            let mut seen = HashSet::new();
            for entry in group {
                assert!(seen.insert(entry.to_lowercase()), "{name}: '{entry}' twice");
                let terms = text::terms(entry);
                assert!(!terms.is_empty(), "{name}: '{entry}' has no words");
                // An entry made only of stop words would be dropped from a query before it
                // could be looked up.
                let words: Vec<String> = text::words(entry).map(text::fold).collect();
                assert!(
                    words.iter().any(|w| !stop.contains(w.as_str())),
                    "{name}: '{entry}' is only stop words"
                );
            }
        }
        for (short, long) in &vocabulary.contractions {
            assert!(short.chars().all(|c| c.is_ascii_lowercase()), "{short}");
            assert!(long.contains(' '), "{short} = {long}");
        }
    }

    #[test]
    fn every_language_s_entries_are_searchable_and_distinct() {
        for (code, _) in LANGUAGES {
            let vocabulary = for_language(code).expect(code);
            let stemming = crate::search::language::Language::new(code).stemming;
            let stop: HashSet<&str> = vocabulary.stop_words.iter().map(String::as_str).collect();
            for (name, group) in &vocabulary.groups {
                assert!(
                    group.len() >= 3,
                    "{code}: group {name} is too small to help"
                );
                let mut seen = HashSet::new();
                for entry in group {
                    let terms = text::query_terms_in(entry, stemming);
                    assert!(!terms.is_empty(), "{code} {name}: '{entry}' has no words");
                    assert!(
                        seen.insert(terms.join(" ")),
                        "{code} {name}: '{entry}' reads as another entry"
                    );
                    let tokens = text::tokens(entry);
                    assert!(
                        tokens
                            .iter()
                            .any(|t| !stop.contains(text::fold(t).as_str())),
                        "{code} {name}: '{entry}' is only stop words"
                    );
                }
            }
            // Lockout, slowness, outage, billing, security, disk, certificates, rate limits.
            assert!(vocabulary.groups.len() >= 8, "{code}");
        }
        assert!(for_language("ko").is_none());
    }
}

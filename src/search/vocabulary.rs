//! The built-in incident vocabulary (`vocabulary.toml`): stop words, contractions and groups of
//! words a responder and a writer use for the same thing. It is data, shipped to the browser
//! in the index's meta file, so the query side reads exactly what is here.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    pub stop_words: Vec<String>,
    pub fillers: Vec<String>,
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
}

//! The language of a search index: its BCP 47 code, how its words are stemmed, and which
//! built-in vocabulary reads its queries. Knows nothing of pages or of the files written.

use rust_stemmers::Algorithm;

/// How the words of a language become terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stemming {
    /// The English Porter2 stemmer, written a second time in the browser (search/text.js), on
    /// plain ASCII letters only: what the index has always done.
    English,
    /// A Snowball stemmer that exists only at build time: the index carries each surface
    /// form's stem (its "forms"), and the browser looks typed words up there.
    Snowball(Algorithm),
    /// No stemmer (Chinese, Japanese, Korean and languages the crate does not know): words are
    /// only folded.
    None,
}

/// A search index's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// As the caller gave it (`en`, `zh-Hans`, `pt-BR`).
    pub code: String,
    pub stemming: Stemming,
}

impl Language {
    /// The language of `code`, a BCP 47 tag: only its primary subtag chooses the stemmer, so
    /// `pt-BR` stems as `pt` and `zh-Hant` segments as `zh`.
    pub fn new(code: &str) -> Language {
        let stemming = match primary(code).as_str() {
            "en" => Stemming::English,
            "ar" => Stemming::Snowball(Algorithm::Arabic),
            "da" => Stemming::Snowball(Algorithm::Danish),
            "nl" => Stemming::Snowball(Algorithm::Dutch),
            "fi" => Stemming::Snowball(Algorithm::Finnish),
            "fr" => Stemming::Snowball(Algorithm::French),
            "de" => Stemming::Snowball(Algorithm::German),
            "el" => Stemming::Snowball(Algorithm::Greek),
            "hu" => Stemming::Snowball(Algorithm::Hungarian),
            "it" => Stemming::Snowball(Algorithm::Italian),
            "no" | "nb" | "nn" => Stemming::Snowball(Algorithm::Norwegian),
            "pt" => Stemming::Snowball(Algorithm::Portuguese),
            "ro" => Stemming::Snowball(Algorithm::Romanian),
            "ru" => Stemming::Snowball(Algorithm::Russian),
            "es" => Stemming::Snowball(Algorithm::Spanish),
            "sv" => Stemming::Snowball(Algorithm::Swedish),
            "ta" => Stemming::Snowball(Algorithm::Tamil),
            "tr" => Stemming::Snowball(Algorithm::Turkish),
            _ => Stemming::None,
        };
        Language {
            code: code.to_string(),
            stemming,
        }
    }

    /// The default language of an index, and of every index built before languages existed.
    pub fn english() -> Language {
        Language::new("en")
    }

    /// The primary subtag, lower case: `zh` for `zh-Hans`.
    pub fn primary(&self) -> String {
        primary(&self.code)
    }

    /// Exactly the index written before languages existed: nothing about the language is
    /// written, so English output stays as it was.
    pub fn is_plain_english(&self) -> bool {
        self.code == "en"
    }

    /// Whether the index carries a forms table (surface word → stem) for the browser.
    pub fn has_forms(&self) -> bool {
        matches!(self.stemming, Stemming::Snowball(_))
    }
}

fn primary(code: &str) -> String {
    code.split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_primary_subtag_chooses_the_stemmer() {
        assert_eq!(Language::new("en").stemming, Stemming::English);
        assert_eq!(
            Language::new("pt-BR").stemming,
            Stemming::Snowball(Algorithm::Portuguese)
        );
        assert_eq!(
            Language::new("DE").stemming,
            Stemming::Snowball(Algorithm::German)
        );
        assert_eq!(Language::new("zh-Hans").stemming, Stemming::None);
        assert_eq!(Language::new("zh-Hans").primary(), "zh");
        assert_eq!(Language::new("ja").stemming, Stemming::None);
        assert!(Language::new("en").is_plain_english());
        assert!(!Language::new("en-GB").is_plain_english());
    }
}

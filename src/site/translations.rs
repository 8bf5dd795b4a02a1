//! How far each language's pages follow the default language's: translated, outdated (the
//! source changed after the translation), or missing. A translation says which text it was made
//! from with `translated_from`, the source page's fingerprint: a hash of its Markdown, stable
//! across builds and machines, which `dontpanic i18n status` prints. Chosen over the history of
//! a repository because it works in any checkout (a shallow CI clone, a copied folder, no git)
//! and says exactly which text was translated, not when a file was last touched.

use super::{PageId, Site};
use crate::content::SourcePage;
use crate::diagnostic::Diagnostic;
use crate::languages::{DEFAULT, LanguageId};

/// Where one page stands in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Translated from the source as it is now.
    Translated,
    /// Translated, without saying from which text: whether it is current cannot be told.
    Unstamped,
    /// Translated from an earlier text of the source.
    Outdated,
    /// Shown in the default language.
    Missing,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Translated => "translated",
            State::Unstamped => "translated (no translated_from)",
            State::Outdated => "outdated",
            State::Missing => "missing",
        }
    }
}

/// One default-language page in one other language.
pub struct Row {
    /// The default-language page.
    pub source: PageId,
    pub language: LanguageId,
    /// Its page in that language (a fallback when `Missing`).
    pub page: PageId,
    pub state: State,
}

/// The fingerprint of a page's text, as `translated_from` writes it: 12 hex digits of the
/// 64-bit FNV-1a hash of its Markdown body and title (the front matter's other fields are not
/// translated, so a change of a review date does not make every translation outdated).
pub fn fingerprint(source: &SourcePage) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let title = source.front.title.as_deref().unwrap_or("");
    for byte in title.bytes().chain([0]).chain(source.body.trim().bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:012x}", hash >> 16)
}

/// Every default-language page with a file, in reading order, in each other language.
pub fn status(site: &Site) -> Vec<Row> {
    let mut rows = Vec::new();
    if !site.config.languages.is_multilingual() {
        return rows;
    }
    for &id in &site.order {
        let page = &site.pages[id];
        let Some(source) = &page.source else { continue };
        if page.language != DEFAULT {
            continue;
        }
        let current = fingerprint(source);
        for (language, other) in site.translations(id) {
            if language == DEFAULT {
                continue;
            }
            let translation = &site.pages[other];
            let state = if translation.fallback {
                State::Missing
            } else {
                match &translation.front().translated_from {
                    None => State::Unstamped,
                    Some(from) if from.trim().eq_ignore_ascii_case(&current) => State::Translated,
                    Some(_) => State::Outdated,
                }
            };
            rows.push(Row {
                source: id,
                language,
                page: other,
                state,
            });
        }
    }
    rows
}

/// Whether the page is a translation made from an earlier text of its source.
pub fn is_outdated(site: &Site, id: PageId) -> bool {
    let page = &site.pages[id];
    if page.language == DEFAULT || page.fallback {
        return false;
    }
    let Some(from) = &page.front().translated_from else {
        return false;
    };
    site.translations(id)
        .into_iter()
        .find(|(language, _)| *language == DEFAULT)
        .and_then(|(_, source)| site.pages[source].source.as_ref())
        .is_some_and(|source| !from.trim().eq_ignore_ascii_case(&fingerprint(source)))
}

/// `translation-outdated`: a translation whose source changed since, at its `translated_from`.
pub fn check(site: &Site) -> Vec<Diagnostic> {
    status(site)
        .into_iter()
        .filter(|row| row.state == State::Outdated)
        .filter_map(|row| {
            let translation = site.pages[row.page].source.as_ref()?;
            let source = site.pages[row.source].source.as_ref()?;
            let line = translation.field_position("translated_from").line;
            let now = fingerprint(source);
            Some(
                Diagnostic::warning(
                    &translation.display_path,
                    line,
                    1,
                    format!(
                        "translation-outdated: {} changed after this translation was made",
                        source.display_path.display()
                    ),
                )
                .with_code("translation-outdated")
                .with_hint(format!(
                    "bring the translation up to date, then set translated_from = \"{now}\""
                )),
            )
        })
        .collect()
}

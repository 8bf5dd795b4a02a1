//! The site's own synonyms that can find nothing, for `check`: made by the same walk as the
//! index, so that the two cannot disagree about what a page says.

use super::*;

/// The site's own synonyms (`[search.synonyms]` keys) that can find nothing: neither the key
/// nor any alternative has all its words on some page (titles, names and generated pages
/// included). Such an entry is usually misspelt or outdated.
pub fn unmatched_synonyms(site: &Site) -> Vec<String> {
    // The same walk as the index's, so the two cannot disagree about what a page says.
    use rayon::prelude::*;
    let known: rustc_hash::FxHashSet<String> = site
        .order
        .par_iter()
        .map(|&id| {
            gather(site, id, Stemming::English)
                .terms
                .into_iter()
                .map(|t| t.term)
                .collect::<Vec<_>>()
        })
        .flatten()
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    let matches = |entry: &String| {
        let terms = text::terms(entry);
        !terms.is_empty()
            && terms
                .iter()
                .filter(|t| !t.is_part)
                .all(|t| known.contains(&t.text))
    };
    site.config
        .search
        .synonyms
        .iter()
        .filter(|(key, alternatives)| !matches(key) && !alternatives.iter().any(matches))
        .map(|(key, _)| key.clone())
        .collect()
}

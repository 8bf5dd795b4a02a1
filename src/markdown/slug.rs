//! Heading ids, made the way GitHub makes them, so that `page.md#first-ten-minutes` links work
//! both on GitHub and in the built site.

use std::collections::{HashMap, HashSet};

/// GitHub's rule: lower case; keep letters, digits, combining marks, `-` and `_`; spaces
/// become `-`; drop the rest. Hyphens are not collapsed: `## --latency` is `--latency`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric()
            || c == '-'
            || c == '_'
            || unicode_normalization::char::is_combining_mark(c)
        {
            slug.extend(c.to_lowercase());
        } else if c == ' ' {
            slug.push('-');
        }
    }
    slug
}

/// The id GitLab and MkDocs make of the same heading: runs of hyphens collapsed to one, none
/// at either end (`diagnosis--containment` → `diagnosis-containment`).
pub fn collapse_hyphens(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end_matches('-').to_string()
}

/// Hands out ids unique within one page: a repeated heading gets `-1`, `-2`, as on GitHub.
#[derive(Default)]
pub struct UniqueIds {
    taken: HashSet<String>,
    /// For each id asked for, the suffix to try next: twenty thousand headings of one text
    /// then cost one step each, not one per heading before them.
    next_suffix: HashMap<String, usize>,
}

impl UniqueIds {
    pub fn claim(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() { "section" } else { wanted };
        if self.taken.insert(base.to_string()) {
            return base.to_string();
        }
        let n = self.next_suffix.entry(base.to_string()).or_insert(0);
        loop {
            *n += 1;
            let id = format!("{base}-{n}");
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }

    /// Takes `id` as it is if no heading has it yet.
    pub fn claim_exact(&mut self, id: &str) -> bool {
        self.taken.insert(id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_github() {
        assert_eq!(slugify("First ten minutes"), "first-ten-minutes");
        assert_eq!(slugify("Diagnosis & containment"), "diagnosis--containment");
        assert_eq!(slugify("Open a case (P1)"), "open-a-case-p1");
        assert_eq!(slugify("Ärger mit_Rechnungen"), "ärger-mit_rechnungen");
        assert_eq!(slugify("HTTP 503?"), "http-503");
        assert_eq!(slugify("--latency"), "--latency");
        assert_eq!(slugify("Café crème"), "café-crème");
        assert_eq!(slugify("Cafe\u{301}"), "cafe\u{301}");
        assert_eq!(
            collapse_hyphens("diagnosis--containment"),
            "diagnosis-containment"
        );
        assert_eq!(collapse_hyphens("--latency"), "latency");
    }

    #[test]
    fn repeated_ids_get_numbers() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("steps"), "steps");
        assert_eq!(ids.claim("steps"), "steps-1");
        assert_eq!(ids.claim("steps"), "steps-2");
        assert_eq!(ids.claim(""), "section");
    }
}

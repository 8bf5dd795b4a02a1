//! Heading ids, made the way GitHub makes them, so that `page.md#first-ten-minutes` links work
//! both on GitHub and in the built site.

use std::collections::HashSet;

/// GitHub's rule: lower case; keep letters, digits, `-` and `_`; spaces become `-`; drop the rest.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            slug.extend(c.to_lowercase());
        } else if c == ' ' {
            slug.push('-');
        }
    }
    slug
}

/// Hands out ids unique within one page: a repeated heading gets `-1`, `-2`, as on GitHub.
#[derive(Default)]
pub struct UniqueIds {
    taken: HashSet<String>,
}

impl UniqueIds {
    pub fn claim(&mut self, wanted: &str) -> String {
        let base = if wanted.is_empty() { "section" } else { wanted };
        let mut id = base.to_string();
        let mut n = 0;
        while !self.taken.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
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

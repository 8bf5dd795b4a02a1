//! How text becomes search terms. The browser runs the same steps on a query (search.js mirrors
//! this file), so both sides must agree: fold case and accents, split into words and
//! identifiers, and strip common English endings ("charges" and "charged" both become "charg").

use unicode_normalization::UnicodeNormalization;

/// A term and whether it is the word as written (identifiers) or one of its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    /// A part of an identifier (`quota` in `ERR_QUOTA_EXCEEDED`): counts less than the whole.
    pub is_part: bool,
}

/// Lower case without accents: `Ärger` → `arger`. Only the combining marks U+0300–U+036F are
/// dropped, exactly as the browser side does.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The terms of `text`, in order.
pub fn terms(text: &str) -> Vec<Term> {
    let mut out = Vec::new();
    for raw in words(text) {
        let lower = fold(raw);
        if is_identifier(raw) {
            let parts = identifier_parts(raw);
            out.push(Term {
                text: lower,
                is_part: false,
            });
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
        } else {
            out.push(Term {
                text: stem(&lower),
                is_part: false,
            });
        }
    }
    out
}

/// Runs of letters, digits and underscores.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

/// Written as an identifier: has an underscore or a digit, or a capital after a small letter
/// (`AccessDenied`, `ERR_QUOTA`, `eu-west-1` parts, `503`).
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

/// A light English stemmer: plurals, `-ed`, `-ing`, then a final `e`. Words that are not plain
/// ASCII letters, or are short, stay as they are.
pub fn stem(word: &str) -> String {
    if word.len() <= 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    let mut w = word.to_string();
    if w.ends_with("ies") && w.len() > 4 {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.ends_with("es")
        && ["ses", "xes", "zes", "ches", "shes"]
            .iter()
            .any(|e| w.ends_with(e))
    {
        w.truncate(w.len() - 2);
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w.truncate(w.len() - 1);
    }
    let mut stripped = false;
    for suffix in ["ing", "ed"] {
        if w.ends_with(suffix) && w.len() - suffix.len() >= 3 {
            w.truncate(w.len() - suffix.len());
            stripped = true;
            break;
        }
    }
    let bytes = w.as_bytes();
    if stripped
        && bytes.len() >= 2
        && bytes[bytes.len() - 1] == bytes[bytes.len() - 2]
        && !b"lsz".contains(&bytes[bytes.len() - 1])
    {
        w.truncate(w.len() - 1);
    }
    if w.len() > 3 && w.ends_with('e') {
        w.truncate(w.len() - 1);
    }
    w
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
        ] {
            assert_eq!(stem(a), stem(b), "{a} / {b}");
        }
        assert_eq!(stem("lockout"), "lockout");
        assert_eq!(stem("status"), "status");
    }

    #[test]
    fn case_and_accents_are_folded() {
        assert_eq!(texts("Ärger CAFÉ"), ["arger", "caf"]);
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
        assert_eq!(texts("eu-west-1"), ["eu", "west", "1"]);
    }
}

//! Text that looks like a credential. A runbook site is read by many and often published: a key
//! pasted into it is a leaked key. Messages name the kind of secret and where, never the secret.

use crate::content::SourcePage;
use crate::diagnostic::Diagnostic;

/// What a secret looks like: a fixed prefix, then at least `min` characters from `charset`.
struct Pattern {
    name: &'static str,
    prefixes: &'static [&'static str],
    min: usize,
    charset: fn(char) -> bool,
}

fn upper_or_digit(c: char) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit()
}

fn token(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

const PATTERNS: [Pattern; 6] = [
    Pattern {
        name: "an AWS access key id",
        prefixes: &["AKIA", "ASIA"],
        min: 16,
        charset: upper_or_digit,
    },
    Pattern {
        name: "a GitHub token",
        prefixes: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
        min: 30,
        charset: token,
    },
    Pattern {
        name: "a Slack token",
        prefixes: &["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-"],
        min: 20,
        charset: token,
    },
    Pattern {
        name: "a Google API key",
        prefixes: &["AIza"],
        min: 35,
        charset: token,
    },
    Pattern {
        name: "a Stripe secret key",
        prefixes: &["sk_live_", "rk_live_"],
        min: 20,
        charset: token,
    },
    Pattern {
        name: "a GitLab token",
        prefixes: &["glpat-"],
        min: 20,
        charset: token,
    },
];

/// Every line of the page (front matter included) that holds something like a secret.
pub fn scan(source: &SourcePage) -> Vec<Diagnostic> {
    let front_lines = source
        .front_source
        .lines()
        .enumerate()
        .map(|(n, l)| (n + 2, l));
    let body_lines = source
        .body
        .lines()
        .enumerate()
        .map(|(n, l)| (source.body_line_offset + n + 1, l));
    let lines: Vec<(usize, &str)> = front_lines.chain(body_lines).collect();
    let mut out = Vec::new();
    for (i, &(line_number, line)) in lines.iter().enumerate() {
        if let Some((column, what)) = find(line) {
            // A runbook may name the marker to say what to look for; a key is the marker with
            // key material under it.
            if what == "a private key"
                && !lines.get(i + 1).is_some_and(|(_, next)| key_material(next))
            {
                continue;
            }
            out.push(
                Diagnostic::error(&source.display_path, line_number, column, format!("this looks like {what}"))
                    .with_hint("remove it, revoke it if it was real, and point to where the team keeps secrets instead")
                    .with_code("secret"),
            );
        }
    }
    out
}

/// A line of a key's body: a long run of base64.
fn key_material(line: &str) -> bool {
    let line = line.trim();
    line.len() >= 40
        && line
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=')
}

/// The 1-based column and kind of the first secret-like text in `line`.
fn find(line: &str) -> Option<(usize, &'static str)> {
    if line.contains("-----BEGIN") && line.contains("PRIVATE KEY") {
        let at = line.find("-----BEGIN").unwrap_or(0);
        return Some((line[..at].chars().count() + 1, "a private key"));
    }
    for pattern in &PATTERNS {
        for prefix in pattern.prefixes {
            for (at, _) in line.match_indices(prefix) {
                let starts_word = line[..at].chars().next_back().is_none_or(|c| !token(c));
                let rest = &line[at + prefix.len()..];
                let length = rest.chars().take_while(|&c| (pattern.charset)(c)).count();
                if starts_word && length >= pattern.min {
                    return Some((line[..at].chars().count() + 1, pattern.name));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_secret_shapes_are_found_at_their_column() {
        assert_eq!(
            find("key: AKIAIOSFODNN7EXAMPLE"),
            Some((6, "an AWS access key id"))
        );
        assert_eq!(
            find("-----BEGIN OPENSSH PRIVATE KEY-----"),
            Some((1, "a private key"))
        );
        assert_eq!(
            find(&format!("token ghp_{}", "a".repeat(36))),
            Some((7, "a GitHub token"))
        );
        assert_eq!(
            find(&format!("xoxb-{}", "1".repeat(24))),
            Some((1, "a Slack token"))
        );
    }

    #[test]
    fn ordinary_text_is_not_a_secret() {
        assert_eq!(find("AKIA is the prefix of AWS key ids"), None);
        assert_eq!(find("see the ghp_ prefix"), None);
        assert_eq!(find("-----BEGIN CERTIFICATE-----"), None);
    }
}

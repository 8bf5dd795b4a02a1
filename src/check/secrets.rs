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
    scan_lines(&source.display_path, &lines)
}

/// Every line of a config file (`dontpanic.toml`, whose `[extra]` goes into templates) that
/// holds something like a secret.
pub fn scan_config(display_path: &std::path::Path, text: &str) -> Vec<Diagnostic> {
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(n, l)| (n + 1, l)).collect();
    scan_lines(display_path, &lines)
}

/// An alerting rule's expression and runbook address, which the alert index publishes.
pub fn scan_alert_rule(rule: &crate::site::AlertRule) -> Vec<Diagnostic> {
    let lines: Vec<(usize, &str)> = rule
        .expr
        .lines()
        .map(|l| (rule.line, l))
        .chain(rule.runbook_url.as_deref().map(|u| (rule.url_line, u)))
        .collect();
    scan_lines(&rule.file, &lines)
        .into_iter()
        // The column is within the value, not the file's line: the line is what helps.
        .map(|d| Diagnostic { column: 1, ..d })
        .collect()
}

fn scan_lines(display_path: &std::path::Path, lines: &[(usize, &str)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, &(line_number, line)) in lines.iter().enumerate() {
        if let Some((column, what)) = find(line) {
            // A runbook may name the marker to say what to look for; a key is the marker with
            // key material under it.
            // PGP's armour puts headers (`Version: …`) and a blank line before the key: the
            // first line that is neither decides.
            let armour = |line: &str| {
                let line = line.trim();
                line.is_empty()
                    || line.split_once(": ").is_some_and(|(name, _)| {
                        !name.is_empty()
                            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    })
            };
            if what == "a private key"
                && !lines
                    .iter()
                    .skip(i + 1)
                    .take(6)
                    .find(|(_, next)| !armour(next))
                    .is_some_and(|(_, next)| key_material(next))
            {
                continue;
            }
            out.push(
                Diagnostic::error(display_path, line_number, column, format!("this looks like {what}"))
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
    if let Some(found) = credential_header(line)
        .or_else(|| password_in_address(line))
        .or_else(|| password_on_command_line(line))
        .or_else(|| secret_assignment(line))
    {
        return Some(found);
    }
    for pattern in &PATTERNS {
        for prefix in pattern.prefixes {
            for (at, _) in line.match_indices(prefix) {
                let starts_word = line[..at].chars().next_back().is_none_or(|c| !token(c));
                let rest = &line[at + prefix.len()..];
                let length = rest.chars().take_while(|&c| (pattern.charset)(c)).count();
                // AWS documents its example keys (AKIAIOSFODNN7EXAMPLE): they open no account.
                let example = rest[..length].ends_with("EXAMPLE");
                if starts_word && length >= pattern.min && !example {
                    return Some((line[..at].chars().count() + 1, pattern.name));
                }
            }
        }
    }
    None
}

/// The column of `needle` (ASCII, lower case) in `line`, case-insensitively, and where it ends.
fn find_folded(line: &str, needle: &str) -> Option<(usize, usize)> {
    let lower = line.to_ascii_lowercase();
    let at = lower.find(needle)?;
    Some((line[..at].chars().count() + 1, at + needle.len()))
}

/// An HTTP `Authorization` header with its credentials (`Authorization: Basic eDp5…`), as a
/// checkout's `.git/config` keeps it or a pasted `curl -H` shows it.
fn credential_header(line: &str) -> Option<(usize, &'static str)> {
    let (column, end) = find_folded(line, "authorization:")?;
    let rest = line[end..].trim_start();
    let (scheme, value) = rest.split_once(char::is_whitespace)?;
    let value: String = value
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "+/=-._~".contains(*c))
        .collect();
    let long_enough = match scheme.to_ascii_lowercase().as_str() {
        "basic" => value.len() >= 8,
        "bearer" | "token" => value.len() >= 16,
        _ => false,
    };
    (long_enough && !is_placeholder(&value)).then_some((column, "an HTTP authorization header"))
}

/// A user and password given to a command: `curl -u user:secret`, `--user user:secret`.
fn password_on_command_line(line: &str) -> Option<(usize, &'static str)> {
    for flag in [" -u ", " --user ", " --user="] {
        let Some(at) = line.find(flag) else { continue };
        let value: String = line[at + flag.len()..]
            .trim_start()
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '"' && *c != '\'')
            .collect();
        let Some((_, password)) = value.split_once(':') else {
            continue;
        };
        let looked_up = password.starts_with(['$', '<', '{', '%', '`']);
        if password.len() >= 6 && !looked_up && !is_placeholder(password) {
            return Some((
                line[..at + 1].chars().count() + 1,
                "a password on a command line",
            ));
        }
    }
    None
}

/// An address with a password in it: `https://user:secret@host/`.
fn password_in_address(line: &str) -> Option<(usize, &'static str)> {
    for (at, _) in line.match_indices("://") {
        let rest = &line[at + 3..];
        let authority: &str = rest
            .split(|c: char| c == '/' || c.is_whitespace() || c == '"' || c == '\'' || c == '>')
            .next()
            .unwrap_or("");
        let Some((userinfo, _host)) = authority.rsplit_once('@') else {
            continue;
        };
        let Some((_, password)) = userinfo.split_once(':') else {
            continue;
        };
        if password.len() >= 6 && !is_placeholder(password) {
            let start = line[..at]
                .rfind(|c: char| !c.is_ascii_alphanumeric() && c != '+')
                .map_or(0, |i| i + 1);
            return Some((
                line[..start].chars().count() + 1,
                "a password in an address",
            ));
        }
    }
    None
}

/// `NAME=value` as a `.env` file or a shell holds it, `name = value` as `~/.aws/credentials`
/// or TOML does, `name: value` as YAML and JSON do, where the name says secret (`DB_PASSWORD=…`,
/// `aws_secret_access_key = …`, `"api_token": "…"`) and the value is written out rather than
/// looked up.
fn secret_assignment(line: &str) -> Option<(usize, &'static str)> {
    let trimmed = line
        .trim_start()
        .trim_start_matches(['-', ' '])
        .trim_start_matches("export ")
        .trim_start();
    let separator = trimmed.find(['=', ':'])?;
    let colon = trimmed[separator..].starts_with(':');
    let name = trimmed[..separator].trim().trim_matches(['"', '\'']);
    let value = &trimmed[separator + 1..];
    let value = value.trim().trim_end_matches(',');
    let secret_name = !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && [
            "PASSWORD",
            "PASSWD",
            "SECRET",
            "TOKEN",
            "API_KEY",
            "APIKEY",
            "PRIVATE_KEY",
        ]
        .iter()
        .any(|word| name.to_ascii_uppercase().contains(word));
    let value = value.trim().trim_matches(['"', '\'']);
    // After a colon the line may be prose ("Token: ask the on-call lead"): there only a value
    // that looks generated (letters and digits, 16 or more) counts.
    let generated = value.len() >= 16
        && value.chars().any(|c| c.is_ascii_digit())
        && value.chars().any(|c| c.is_ascii_alphabetic());
    let literal = (!colon || generated)
        && value.len() >= 8
        && !value.contains(char::is_whitespace)
        && !value.starts_with(['$', '<', '{', '[', '(', '*', '%', '`'])
        && !is_placeholder(value);
    (secret_name && literal).then(|| {
        let at = line.find(name).unwrap_or(0);
        (
            line[..at].chars().count() + 1,
            "a secret written into a variable",
        )
    })
}

/// A value that says it stands for one: `<token>`, `xxxxxxxx`, `changeme`, `EXAMPLE…`.
fn is_placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let one_char = lower.chars().all(|c| lower.starts_with(c));
    one_char
        || [
            "example",
            "changeme",
            "redacted",
            "placeholder",
            "password",
            "secret",
            "your",
            "xxxx",
            "****",
            "...",
        ]
        .iter()
        .any(|word| lower.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_secret_shapes_are_found_at_their_column() {
        assert_eq!(
            find("key: AKIAJ4WQ2NRTYKQPZL3M"),
            Some((6, "an AWS access key id"))
        );
        assert_eq!(
            find("\textraheader = AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzXzEyMw=="),
            Some((16, "an HTTP authorization header"))
        );
        assert_eq!(
            find("curl -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIi'"),
            Some((10, "an HTTP authorization header"))
        );
        assert_eq!(
            find("curl -u admin:Wq9rT2xLm4 https://api.internal/"),
            Some((6, "a password on a command line"))
        );
        assert_eq!(
            find("db: postgres://app:Wq9!rT2x@db.internal:5432/app"),
            Some((5, "a password in an address"))
        );
        assert_eq!(
            find("DB_PASSWORD=hunter2hunter2"),
            Some((1, "a secret written into a variable"))
        );
        assert_eq!(
            find("export STRIPE_API_KEY=\"k8s7d6f5g4h3\""),
            Some((8, "a secret written into a variable"))
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
        // ~/.aws/credentials, YAML and JSON write the name in lower case, with spaces or a colon.
        assert_eq!(
            find("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzK9q2R7abc"),
            Some((1, "a secret written into a variable"))
        );
        assert_eq!(
            find("  api_token: 3f9a7c21b8e44d05a6c1"),
            Some((3, "a secret written into a variable"))
        );
        assert_eq!(
            find("  \"client_secret\": \"Zk81mQ0pW7xY2vB5nR4t\","),
            Some((4, "a secret written into a variable"))
        );
    }

    #[test]
    fn a_pgp_private_key_block_is_found() {
        let text = format!(
            "-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n{}\n",
            "lQOYBF0abcDEFghiJKLmnoPQRstuVWXyz0123456789+/abcdEFGH"
        );
        let found = scan_config(std::path::Path::new("key.md"), &text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 1);
    }

    #[test]
    fn a_config_secret_is_found_at_its_line() {
        let text = "title = \"x\"\n[extra]\nslack_token = \"T09Q2k3m4n5p6q7r8s9t\"\n";
        let found = scan_config(std::path::Path::new("dontpanic.toml"), text);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].line, found[0].column), (3, 1));
    }

    #[test]
    fn ordinary_text_is_not_a_secret() {
        assert_eq!(find("AKIA is the prefix of AWS key ids"), None);
        assert_eq!(find("see the ghp_ prefix"), None);
        assert_eq!(find("-----BEGIN CERTIFICATE-----"), None);
        // AWS's documented example keys, and values that are looked up or stand for one.
        assert_eq!(find("aws_access_key_id = AKIAIOSFODNN7EXAMPLE"), None);
        assert_eq!(find("DB_PASSWORD=$(vault kv get -field=pw db)"), None);
        assert_eq!(find("API_TOKEN=<your token>"), None);
        assert_eq!(find("TOKEN=xxxxxxxxxxxx"), None);
        assert_eq!(find("Token: ask the on-call lead for one"), None);
        assert_eq!(find("curl -u admin:$API_PASSWORD https://x/"), None);
        assert_eq!(find("curl -u \"$USER:<password>\" https://x/"), None);
        assert_eq!(find("password: see the team vault"), None);
        assert_eq!(find("secret_rotation: every-ninety-days"), None);
        assert_eq!(find("Authorization: Bearer <token>"), None);
        assert_eq!(find("https://user:password@host/"), None);
        assert_eq!(
            find("see https://example.com/a:b@c and PASSWORD_POLICY=strict"),
            None
        );
    }
}

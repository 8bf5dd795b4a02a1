//! The addresses the config hands to links, and the forms each may take: the site's and the
//! repository's addresses and a contact's chat (or other) channel are http(s); an e-mail
//! channel is a `mailto:` or plain address, a phone channel a `tel:` or plain number. Any other
//! scheme (`javascript:`, `data:`, `vbscript:`, `file:` …, in any case, behind spaces or control
//! characters) would run or open something when a reader clicks the link: it is an error at the
//! value's line, and the value is dropped so that nothing links to it.

use std::path::Path;

use super::Config;
use super::foreign::Foreign;
use crate::diagnostic::Diagnostic;

/// What an address is for, and so which forms it may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// `base_url`: the site's own address.
    Site,
    /// `repo_url`: the repository's web address.
    Repository,
    /// A contact's `email` channel.
    Email,
    /// A contact's `phone` channel.
    Phone,
    /// Any other channel (`chat`, `pager` …): plain text, or a web address that is linked.
    Channel,
}

/// Why a value is not an address for its use: what it is, and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub reason: String,
    pub hint: &'static str,
}

/// `value` as it is used for `what`: trimmed, and an e-mail or phone channel without its
/// `mailto:` or `tel:` (the theme writes that, and shows the address or number as it is read).
pub fn address(value: &str, what: Use) -> Result<String, Refusal> {
    let value = value.trim();
    let refuse = |reason: String| Refusal {
        reason,
        hint: hint(what),
    };
    if value.chars().any(char::is_control) {
        return Err(refuse("holds a control character".into()));
    }
    match what {
        Use::Site | Use::Repository => {
            if is_web(value) {
                Ok(value.to_string())
            } else {
                Err(refuse(not_web(value)))
            }
        }
        Use::Email => {
            let bare = strip_scheme(value, "mailto:");
            if is_email(bare) {
                Ok(bare.to_string())
            } else {
                Err(refuse("is not an e-mail address".into()))
            }
        }
        Use::Phone => {
            let bare = strip_scheme(value, "tel:");
            if is_phone(bare) {
                Ok(bare.to_string())
            } else {
                Err(refuse("is not a phone number".into()))
            }
        }
        Use::Channel => match scheme(value) {
            Some(_) if !is_web(value) => Err(refuse(not_web(value))),
            _ => Ok(value.to_string()),
        },
    }
}

/// The address a link to a channel's value goes to: `mailto:` for e-mail, `tel:` for a phone
/// (digits only), the value itself for a web address, none for plain text (`@dana`).
pub fn channel_href(name: &str, value: &str) -> Option<String> {
    match name {
        "email" => Some(format!("mailto:{value}")),
        "phone" => Some(format!("tel:{}", value.replace(' ', ""))),
        _ => is_web(value).then(|| value.to_string()),
    }
}

fn hint(what: Use) -> &'static str {
    match what {
        Use::Site => {
            "write the site's full address, starting with https:// (e.g. https://runbooks.example.com/)"
        }
        Use::Repository => {
            "write the repository's web address, starting with https:// (e.g. https://github.com/acme/runbooks)"
        }
        Use::Email => "write the address (dana@example.com), or mailto:dana@example.com",
        Use::Phone => "write the number (+353 1 555 0142), or tel:+35315550142",
        Use::Channel => {
            "write a web address starting with https://, or plain text such as @dana or #ops-oncall"
        }
    }
}

fn not_web(value: &str) -> String {
    match scheme(value) {
        Some(scheme) => format!("is a '{scheme}:' address; a link may only be http(s)"),
        None => "is not an http(s) address".into(),
    }
}

/// `http://` or `https://` (in any case) and then a host.
fn is_web(value: &str) -> bool {
    let lower = value.get(..8).unwrap_or(value).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &value[8..]
    } else if lower.starts_with("http://") {
        &value[7..]
    } else {
        return false;
    };
    !rest.is_empty() && !rest.starts_with(['/', '\\'])
}

/// The scheme a value starts with (`javascript` in `javascript:alert(1)`), as a browser reads
/// it; none for plain text such as `Slack: #ops` (a space after the colon) or `@dana`.
fn scheme(value: &str) -> Option<&str> {
    let (scheme, rest) = value.split_once(':')?;
    let mut chars = scheme.chars();
    let starts = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let valid = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (starts && valid && !rest.starts_with(char::is_whitespace) && !rest.is_empty())
        .then_some(scheme)
}

fn strip_scheme<'a>(value: &'a str, scheme: &str) -> &'a str {
    match value.get(..scheme.len()) {
        Some(start) if start.eq_ignore_ascii_case(scheme) => &value[scheme.len()..],
        _ => value,
    }
}

/// `name@host`, maybe with `?subject=…`: nothing a scheme, markup or entity is made of.
fn is_email(value: &str) -> bool {
    let address = value.split('?').next().unwrap_or_default();
    let Some((name, host)) = address.rsplit_once('@') else {
        return false;
    };
    let plain = |part: &str| {
        !part.is_empty()
            && !part.chars().any(|c| {
                c.is_whitespace() || matches!(c, ':' | '/' | '\\' | '<' | '>' | '"' | '\'' | '&')
            })
    };
    plain(name) && plain(host) && !value.contains(['<', '>', '"', '\'', '\\'])
}

/// Digits with the signs numbers are written with (`+353 (1) 555-0142`, `,` and `;ext=12`
/// after them); letters only for an extension (`ext. 12`); no scheme, markup or entity.
fn is_phone(value: &str) -> bool {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    digits >= 3
        && value.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    ' ' | '+' | '-' | '.' | '(' | ')' | '/' | '*' | '#' | ',' | ';' | '='
                )
        })
}

/// Checks every address in `config` (read from the file `path`), keeping each as it is used
/// and dropping the ones no link may have; returns an error for each of those, at the line and
/// column of its value.
pub fn check(path: &Path, config: &mut Config) -> Vec<Diagnostic> {
    // Every value read from the file has a position; the top of the file is only a guard.
    let at = |key: &[&str]| {
        config
            .positions
            .value(key)
            .map_or((1, 1), |p| (p.line, p.column))
    };
    let mut problems = Vec::new();
    let mut refused = |key: &str, value: &str, refusal: Refusal, (line, column)| {
        problems.push(
            Diagnostic::error(
                path,
                line,
                column,
                format!("{key} '{}' {}", value.escape_debug(), refusal.reason),
            )
            .with_hint(refusal.hint),
        );
    };
    if let Some(url) = config.base_url.take().filter(|u| !u.trim().is_empty()) {
        match address(&url, Use::Site) {
            Ok(url) => config.base_url = Some(format!("{}/", url.trim_end_matches('/'))),
            Err(r) => refused("base_url", &url, r, at(&["base_url"])),
        }
    }
    if let Some(url) = config.repo_url.take().filter(|u| !u.trim().is_empty()) {
        match address(&url, Use::Repository) {
            Ok(url) => config.repo_url = Some(url),
            Err(r) => refused("repo_url", &url, r, at(&["repo_url"])),
        }
    }
    for (id, contact) in &mut config.contacts {
        contact.channels = std::mem::take(&mut contact.channels)
            .into_iter()
            .filter_map(|(name, value)| {
                let what = match name.as_str() {
                    "email" => Use::Email,
                    "phone" => Use::Phone,
                    _ => Use::Channel,
                };
                match address(&value, what) {
                    Ok(value) => Some((name, value)),
                    Err(r) => {
                        let key = format!("contacts.{id}.channels.{name}");
                        refused(&key, &value, r, at(&["contacts", id, "channels", &name]));
                        None
                    }
                }
            })
            .collect();
    }
    problems
}

/// The addresses another tool's config gives, as dontpanic may use them, and an error at the
/// line of each one no link may have. A site address written as a path (Hugo's `baseURL =
/// "/"`) says nothing about the host and is left out quietly.
pub struct ForeignAddresses {
    pub base_url: Option<String>,
    pub repo_url: Option<String>,
    pub problems: Vec<Diagnostic>,
}

pub fn foreign(foreign: &Foreign, file: &Path) -> ForeignAddresses {
    let mut problems = Vec::new();
    let mut take = |value: Option<&String>, ours: &str, what: Use| -> Option<String> {
        let value = value?.trim();
        if value.is_empty() || (what == Use::Site && !value.contains(':')) {
            return None;
        }
        match address(value, what) {
            Ok(url) => Some(url),
            Err(r) => {
                let (key, line) = foreign.sources.get(ours).map_or((ours, 1), |(path, line)| {
                    (path.last().copied().unwrap_or(ours), *line)
                });
                problems.push(
                    Diagnostic::error(
                        file,
                        line,
                        1,
                        format!("{key} '{}' {}", value.escape_debug(), r.reason),
                    )
                    .with_hint(r.hint),
                );
                None
            }
        }
    };
    let base_url = take(foreign.base_url.as_ref(), "base_url", Use::Site);
    let repo_url = take(foreign.repo_url.as_ref(), "repo_url", Use::Repository);
    ForeignAddresses {
        base_url: base_url.map(|u| format!("{}/", u.trim_end_matches('/'))),
        repo_url,
        problems,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_are_site_and_repository_addresses() {
        for ok in [
            "https://github.com/acme/ops",
            "http://intranet/runbooks/",
            "HTTPS://Example.com",
            "  https://padded.example.com  ",
        ] {
            assert!(address(ok, Use::Repository).is_ok(), "{ok}");
        }
        for bad in [
            "javascript:alert(1)//",
            "JaVaScRiPt:alert(1)",
            " \tjavascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "&#106;avascript:alert(1)",
            "javascript&colon;alert(1)",
            "https:/example.com",
            "https:\\\\example.com",
            "https://",
            "//example.com",
            "github.com/acme/ops",
            "mailto:a@b.c",
        ] {
            assert!(address(bad, Use::Repository).is_err(), "{bad:?}");
            assert!(address(bad, Use::Site).is_err(), "{bad:?}");
        }
        let refusal = address("javascript:alert(1)//", Use::Repository).unwrap_err();
        assert_eq!(
            refusal.reason,
            "is a 'javascript:' address; a link may only be http(s)"
        );
    }

    #[test]
    fn channels_take_their_own_forms() {
        assert_eq!(
            address("mailto:dana@example.com", Use::Email).as_deref(),
            Ok("dana@example.com")
        );
        assert_eq!(
            address("dana@example.com", Use::Email).as_deref(),
            Ok("dana@example.com")
        );
        assert_eq!(
            address("tel:+353 1 555 0142", Use::Phone).as_deref(),
            Ok("+353 1 555 0142")
        );
        for ok in [
            "+1 (555) 010-0199 ext. 12",
            "0800 555 0100",
            "+15550100;ext=7",
        ] {
            assert!(address(ok, Use::Phone).is_ok(), "{ok}");
        }
        for ok in [
            "@dana",
            "#ops-oncall",
            "Slack: #ops",
            "https://chat.example.com/ops",
        ] {
            assert_eq!(address(ok, Use::Channel).as_deref(), Ok(ok));
        }
        for bad in [
            "javascript:alert(1)",
            "mailto:javascript:alert(1)",
            "dana@example.com\"><b>",
            "dana",
            "data:text/html,x@y",
        ] {
            assert!(address(bad, Use::Email).is_err(), "{bad:?}");
        }
        for bad in [
            "javascript:alert(1)",
            "tel:javascript:alert(123)",
            "&#58;123456",
            "12",
        ] {
            assert!(address(bad, Use::Phone).is_err(), "{bad:?}");
        }
        for bad in [
            "javascript:alert(1)",
            "  JAVASCRIPT:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "slack://open?team=T1",
            "@dana\u{7}",
        ] {
            assert!(address(bad, Use::Channel).is_err(), "{bad:?}");
        }
        assert_eq!(
            channel_href("phone", "+353 1 555 0142").as_deref(),
            Some("tel:+35315550142")
        );
        assert_eq!(channel_href("chat", "@dana"), None);
    }
}

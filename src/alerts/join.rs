//! Every alert, with its rule and its page, and what is wrong between them. Reads the site
//! model only; the diagnostics name the rule's file and line, or the page's.

use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use crate::config::{AlertsConfig as AlertLevels, Level as ConfigLevel};
use crate::diagnostic::Diagnostic;
use crate::site::{AlertRule, PageId, Site};

/// How an alert stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    Ok,
    NoRunbook,
    BrokenUrl,
    UrlMismatch,
    NoRule,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Ok => "ok",
            State::NoRunbook => "no runbook",
            State::BrokenUrl => "broken URL",
            State::UrlMismatch => "URL mismatch",
            State::NoRule => "no rule",
        }
    }
}

/// One alert as both sides know it.
pub struct Joined<'a> {
    pub name: &'a str,
    pub rule: Option<&'a AlertRule>,
    /// The page that lists the alert (the first in reading order).
    pub page: Option<PageId>,
    /// Where the rule's `runbook_url` leads, when it leads to a page.
    pub url_page: Option<PageId>,
    pub state: State,
}

/// Every alert the rules define or a page lists, sorted by name.
pub fn join(site: &Site) -> Vec<Joined<'_>> {
    let mut names: Vec<&str> = site.alert_rules().iter().map(|r| r.name.as_str()).collect();
    // The page of each alert: the first in reading order to list it.
    let mut page_of: HashMap<&str, PageId> = HashMap::default();
    for &id in &site.order {
        for alert in &site.pages[id].front().alerts {
            page_of.entry(alert.as_str()).or_insert(id);
            names.push(alert);
        }
    }
    names.sort_by_cached_key(|n| (n.to_lowercase(), *n));
    names.dedup();
    names
        .into_iter()
        .map(|name| {
            let rule = site.alert_rule(name);
            let page = page_of.get(name).copied();
            let url = rule.and_then(|r| r.runbook_url.as_deref());
            let url_page = url.and_then(|u| resolve(site, u, name));
            let state = match (rule, url) {
                (None, _) => State::NoRule,
                (Some(_), Some(_)) if url_page.is_none() => State::BrokenUrl,
                (Some(_), Some(_)) if !lists(site, url_page, name) => State::UrlMismatch,
                (Some(_), _) if page.is_none() && url_page.is_none() => State::NoRunbook,
                _ => State::Ok,
            };
            Joined {
                name,
                rule,
                page: page.or(url_page),
                url_page,
                state,
            }
        })
        .collect()
}

/// The page a URL's path would lead to if letter case did not matter.
fn differs_in_case(site: &Site, url: &str) -> Option<PageId> {
    let address = url.split('#').next().unwrap_or(url);
    let path = match site.config.base_url.as_deref() {
        Some(base) => address.strip_prefix(base.trim_end_matches('/'))?,
        None => address.split_once("://").map_or(address, |(_, rest)| {
            rest.split_once('/').map_or("", |(_, p)| p)
        }),
    };
    site.page_at_ignoring_case(path)
}

fn lists(site: &Site, page: Option<PageId>, alert: &str) -> bool {
    page.is_some_and(|p| site.pages[p].front().alerts.iter().any(|a| a == alert))
}

/// The page a `runbook_url` leads to: compared with `base_url` when it is set (else the URL's
/// path, also with its leading folders taken off, as a site served under a sub-path has them),
/// through page addresses, old addresses and `alerts/<Name>/`; an `#anchor` must exist. A
/// `{{ $labels.alertname }}` stands for the alert's own name; any other template matches any
/// one path segment.
pub fn resolve(site: &Site, url: &str, alert: &str) -> Option<PageId> {
    let url = substitute_alert_name(url, alert);
    let (address, anchor) = match url.split_once('#') {
        Some((a, anchor)) => (a.to_string(), Some(anchor.to_string())),
        None => (url.clone(), None),
    };
    let path = match site.config.base_url.as_deref() {
        Some(base) if address.starts_with(base.trim_end_matches('/')) => {
            vec![address[base.trim_end_matches('/').len()..].to_string()]
        }
        Some(_) if address.contains("://") => return None,
        _ => {
            let path = address
                .split_once("://")
                .map_or(address.as_str(), |(_, rest)| {
                    rest.split_once('/').map_or("", |(_, p)| p)
                });
            let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
            // Taking folders off never leaves nothing: that would be the home page.
            (0..segments.len().max(1))
                .map(|skip| segments[skip.min(segments.len())..].join("/"))
                .filter(|p| !p.is_empty() || path.trim_matches('/').is_empty())
                .collect()
        }
    };
    // The site's addresses are decoded paths: `alerts/Disk%20full/` is `alerts/Disk full/`.
    let page = path.iter().find_map(|p| {
        if p.contains("{{") {
            matching_page(site, p)
        } else {
            site.page_at(&crate::site::url::decode_path(p))
        }
    })?;
    match anchor {
        Some(anchor) if !anchor.contains("{{") => site.pages[page]
            .rendered
            .anchors
            .contains(&anchor)
            .then_some(page),
        _ => Some(page),
    }
}

/// `{{ $labels.alertname }}` (and Go-template spellings of it) replaced by the alert's name.
fn substitute_alert_name(url: &str, alert: &str) -> String {
    let mut out = String::new();
    let mut rest = url;
    while let Some(start) = rest.find("{{") {
        let Some(end) = rest[start..].find("}}") else {
            break;
        };
        let inner = rest[start + 2..start + end].trim().trim_matches('-').trim();
        out.push_str(&rest[..start]);
        if inner.ends_with("alertname") {
            out.push_str(alert);
        } else {
            out.push_str(&rest[start..start + end + 2]);
        }
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out
}

/// The first page whose address or redirect matches `pattern`, a template standing for any
/// characters but `/`.
fn matching_page(site: &Site, pattern: &str) -> Option<PageId> {
    let trimmed = pattern.trim_start_matches('/').trim_end_matches('/');
    let parts: Vec<&str> = trimmed.split("{{").collect();
    let mut literal: Vec<String> = vec![parts[0].to_string()];
    for part in &parts[1..] {
        literal.push(
            part.split_once("}}")
                .map_or("", |(_, after)| after)
                .to_string(),
        );
    }
    let fits = |candidate: &str| {
        let candidate = candidate
            .trim_end_matches("index.html")
            .trim_end_matches(".html")
            .trim_end_matches('/');
        wildcard(candidate, &literal)
    };
    site.order
        .iter()
        .copied()
        .find(|&id| fits(&site.pages[id].url))
        .or_else(|| {
            site.redirects
                .iter()
                .find(|(from, _)| fits(from))
                .map(|(_, to)| *to)
        })
}

/// Whether `text` is the pieces with anything but `/` between them.
fn wildcard(text: &str, pieces: &[String]) -> bool {
    let Some(rest) = text.strip_prefix(pieces[0].as_str()) else {
        return false;
    };
    if pieces.len() == 1 {
        return rest.is_empty();
    }
    (0..=rest.len())
        .filter(|&i| rest.is_char_boundary(i) && !rest[..i].contains('/'))
        .any(|i| wildcard(&rest[i..], &pieces[1..]))
}

/// One alert as `alerts.json` and `dontpanic alerts` give it to the alerting side.
#[derive(Serialize)]
pub struct Row<'a> {
    pub name: &'a str,
    pub state: State,
    /// The alert's stable address on the site: absolute when `base_url` is set.
    pub url: Option<String>,
    pub title: Option<&'a str>,
    pub severity: Option<&'a str>,
    pub owner: Option<&'a str>,
    pub services: Vec<&'a str>,
    /// The page's source file.
    pub page: Option<String>,
    pub rule: Option<RuleRow<'a>>,
}

#[derive(Serialize)]
pub struct RuleRow<'a> {
    pub file: String,
    pub line: usize,
    pub group: &'a str,
    pub expr: &'a str,
    #[serde(rename = "for")]
    pub for_: &'a str,
    pub severity: &'a str,
    /// The rule's `runbook_url`, with what may not stand bare in a URL percent-encoded.
    pub runbook_url: Option<String>,
}

/// A page's source file from the site root (`content/runbooks/disk.md`): the same wherever the
/// site is built, so `alerts.json` does not carry the build machine's folders.
fn source_file(site: &Site, page: PageId) -> String {
    let page = &site.pages[page];
    let Some(source) = &page.source else {
        return page.display_path.display().to_string();
    };
    let folder = site.config.content_dir.trim_matches('/');
    if folder.is_empty() || folder == "." {
        source.rel_path.clone()
    } else {
        format!("{folder}/{}", source.rel_path)
    }
}

/// Every alert with its page and rule, for the alerting side.
pub fn rows(site: &Site) -> Vec<Row<'_>> {
    join(site)
        .into_iter()
        .map(|j| {
            let page = j.page.filter(|&p| lists(site, Some(p), j.name));
            let front = page.map(|p| site.pages[p].front());
            Row {
                name: j.name,
                state: j.state,
                url: suggested_url(site, j.name, page),
                title: page.map(|p| site.pages[p].title.as_str()),
                severity: front.and_then(|f| f.severity.as_deref()).or(j
                    .rule
                    .map(|r| r.severity.as_str())
                    .filter(|s| !s.is_empty())),
                owner: front.and_then(|f| f.owner.as_deref()),
                services: front
                    .map(|f| f.services.iter().map(String::as_str).collect())
                    .unwrap_or_default(),
                page: page.map(|p| source_file(site, p)),
                rule: j.rule.map(|r| RuleRow {
                    file: r.file.display().to_string(),
                    line: r.line,
                    group: &r.group,
                    expr: &r.expr,
                    for_: &r.for_,
                    severity: &r.severity,
                    runbook_url: r.runbook_url.as_deref().map(encode_url),
                }),
            }
        })
        .collect()
}

/// The diagnostics of the join, at the levels the config sets; and, whatever the levels, an
/// error for every alert a page lists under a name that cannot be its address (the rules' own
/// names are checked where they are read).
pub fn check(site: &Site, levels: &AlertLevels) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = site
        .order
        .iter()
        .filter_map(|&id| site.pages[id].source.as_ref())
        .flat_map(|source| {
            let front = &source.front;
            front.alerts.iter().filter_map(move |name| {
                super::rules::name_problem(&source.display_path, listed_line(source, name), name)
            })
        })
        .collect();
    if site.alert_rules().is_empty() {
        return out;
    }
    let listed: Vec<&str> = site
        .order
        .iter()
        .flat_map(|&id| site.pages[id].front().alerts.iter().map(String::as_str))
        .collect();
    let listed = Spellings::new(&listed);
    let defined: Vec<&str> = site.alert_rules().iter().map(|r| r.name.as_str()).collect();
    let defined = Spellings::new(&defined);
    for joined in join(site) {
        let name = joined.name;
        match (joined.state, joined.rule) {
            (State::NoRunbook, Some(rule)) => {
                let mut d = at(levels.missing_runbook, &rule.file, rule.line)(format!(
                    "alert '{name}' has no runbook: no page lists it in `alerts`{}",
                    if rule.runbook_url.is_some() {
                        " and its runbook_url leads to none"
                    } else {
                        ""
                    }
                ))
                .with_code("alert-without-runbook");
                d = d.with_hint(match listed.other(name) {
                    Some(other) => {
                        format!("a page lists '{other}': the same alert, spelt differently?")
                    }
                    None => format!("add `alerts = [\"{name}\"]` to the page that answers it"),
                });
                out.push(d);
            }
            (State::BrokenUrl, Some(rule)) => {
                let url = rule.runbook_url.as_deref().unwrap_or_default();
                out.push(
                    at(levels.broken_url, &rule.file, rule.url_line)(format!(
                        "runbook_url of alert '{name}' leads to no page of this site: {url}"
                    ))
                    .with_code("runbook-url-broken")
                    .with_hint(match (suggested_url(site, name, joined.page), differs_in_case(site, url)) {
                        (Some(good), _) => format!("use {good}"),
                        (None, Some(page)) => format!(
                            "{} has this address in other letter case (Hugo lowercases addresses): list the alert in its `alerts` and use alerts/{name}/, or add the address to its `aliases`",
                            site.pages[page].display_path.display()
                        ),
                        (None, None) => "point it at alerts/<Name>/ on this site, and list the alert on its page".into(),
                    }),
                );
            }
            (State::UrlMismatch, Some(rule)) => {
                let shown = joined
                    .url_page
                    .map(|p| site.pages[p].display_path.display().to_string())
                    .unwrap_or_default();
                out.push(
                    at(levels.url_mismatch, &rule.file, rule.url_line)(format!(
                        "runbook_url of alert '{name}' leads to {shown}, which does not list it in `alerts`"
                    ))
                    .with_code("runbook-url-mismatch")
                    .with_hint(match suggested_url(site, name, joined.page.filter(|&p| lists(site, Some(p), name))) {
                        Some(good) => format!("use {good}, or add the alert to that page's `alerts`"),
                        None => format!("add `\"{name}\"` to that page's `alerts`"),
                    }),
                );
            }
            (State::NoRule, _) => {
                let Some(page) = joined.page else { continue };
                let Some(source) = &site.pages[page].source else {
                    continue;
                };
                let line = listed_line(source, name);
                let mut d = at(levels.unknown_alert, &source.display_path, line)(format!(
                    "alert '{name}' is defined by no alert rule: renamed or deleted?"
                ))
                .with_code("runbook-without-alert");
                if let Some(other) = defined.other(name) {
                    d = d.with_hint(format!("a rule defines '{other}'"));
                }
                out.push(d);
            }
            _ => {}
        }
    }
    out
}

/// The line of a page that lists `name` in its `alerts`: the alert's own line when the list
/// spans lines.
fn listed_line(source: &crate::content::SourcePage, name: &str) -> usize {
    source.item_line("alerts", &source.front.alerts, name)
}

fn at(
    level: ConfigLevel,
    file: &std::path::Path,
    line: usize,
) -> impl FnOnce(String) -> Diagnostic + '_ {
    move |message| match level {
        ConfigLevel::Error => Diagnostic::error(file, line, 1, message),
        ConfigLevel::Warning => Diagnostic::warning(file, line, 1, message),
    }
}

/// A name that differs from `name` only in case or by `_`/`-`.
/// Names as they are compared for "spelt differently": case, `_` and `-` set aside. Made once
/// for a list, so that a rule file of tens of thousands of alerts is not compared pair by pair.
struct Spellings<'a>(HashMap<String, Vec<&'a str>>);

impl<'a> Spellings<'a> {
    fn new(names: &[&'a str]) -> Self {
        let mut by_key: HashMap<String, Vec<&'a str>> = HashMap::default();
        for &name in names {
            let same = by_key.entry(spelling_key(name)).or_default();
            // Two other spellings are enough to name one that is not `name` itself.
            if same.len() < 2 && !same.contains(&name) {
                same.push(name);
            }
        }
        Spellings(by_key)
    }

    /// A name of the list spelt like `name` but not the same.
    fn other(&self, name: &str) -> Option<&'a str> {
        self.0
            .get(&spelling_key(name))?
            .iter()
            .copied()
            .find(|n| *n != name)
    }
}

fn spelling_key(name: &str) -> String {
    name.to_lowercase().replace(['_', '-'], "")
}

#[cfg(test)]
fn closest<'a>(name: &str, names: &[&'a str]) -> Option<&'a str> {
    Spellings::new(names).other(name)
}

/// `url` with every byte that may not stand bare in a URL percent-encoded (spaces, quotes,
/// control characters, non-ASCII), and what may (reserved characters, escapes already written)
/// kept. A `{{ … }}` label template is kept whole: Alertmanager fills it in before anyone
/// follows the link.
pub fn encode_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    let mut rest = url;
    while !rest.is_empty() {
        if rest.starts_with("{{")
            && let Some(end) = rest.find("}}")
            && !rest[..end].chars().any(char::is_control)
        {
            out.push_str(&rest[..end + 2]);
            rest = &rest[end + 2..];
            continue;
        }
        let c = rest.chars().next().unwrap_or_default();
        if c.is_ascii_graphic() && !"\"<>\\^`{|}".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The address a rule should use for `alert`: its stable `alerts/<Name>/` address on the site.
pub fn suggested_url(site: &Site, alert: &str, page: Option<PageId>) -> Option<String> {
    page?;
    let path = site.paths.alert(alert)?;
    // Percent-encoded: this is pasted into rules and read by tools as a URL.
    let folder = crate::site::url::encode_path(path.trim_end_matches("index.html"));
    Some(match site.config.base_url.as_deref() {
        Some(base) => format!("{}/{folder}", base.trim_end_matches('/')),
        None => folder.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_templates_stand_for_the_alert_or_any_segment() {
        assert_eq!(
            substitute_alert_name("https://x/alerts/{{ $labels.alertname }}/", "A"),
            "https://x/alerts/A/"
        );
        assert_eq!(
            substitute_alert_name("https://x/{{ .Labels.service }}/", "A"),
            "https://x/{{ .Labels.service }}/"
        );
        let pieces = vec!["runbooks/".to_string(), "-down".to_string()];
        assert!(wildcard("runbooks/api-down", &pieces));
        assert!(!wildcard("runbooks/a/b-down", &pieces));
    }

    #[test]
    fn names_differing_in_case_or_separators_are_close() {
        assert_eq!(closest("ApiDown", &["apidown", "Other"]), Some("apidown"));
        assert_eq!(closest("Api_Down", &["ApiDown"]), Some("ApiDown"));
        assert_eq!(closest("ApiDown", &["ApiUp"]), None);
    }
}

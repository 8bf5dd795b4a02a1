//! The rules `check` adds to what the build validates: what keeps a runbook site true and safe
//! to publish. Each rule reads the site model and returns diagnostics; none writes anything.

pub mod references;
mod secrets;

use std::collections::BTreeMap;

use crate::config::ReviewPolicy;
use crate::content::{Kind, SourcePage};
use crate::diagnostic::Diagnostic;
use crate::site::{Page, Site};

/// Every rule, on every page.
/// `config_path` is how diagnostics name `dontpanic.toml`; `unmatched_synonyms` are the keys of
/// `[search.synonyms]` that no page matches, as the search index reads the pages (the caller
/// asks `search`, a later stage this module does not reach into).
pub fn rules(
    site: &Site,
    config_path: &std::path::Path,
    unmatched_synonyms: Vec<String>,
    today: jiff::civil::Date,
) -> Vec<Diagnostic> {
    let mut out = synonym_warnings(site, config_path, unmatched_synonyms);
    out.extend(secrets::scan_config(config_path, &site.config.source));
    for rule in site.alert_rules() {
        out.extend(secrets::scan_alert_rule(rule));
    }
    // A fallback is a copy of a default-language page: that page is checked.
    out.extend(crate::site::translations::check(site));
    for page in site.pages.iter().filter(|p| !p.fallback) {
        let Some(source) = &page.source else { continue };
        out.extend(secrets::scan(source));
        out.extend(placeholders(page, source));
        out.extend(required_sections(page, &site.config.required_sections));
        out.extend(review(page, source, &site.config.review, today));
    }
    out
}

/// Words that say a runbook is not finished.
const PLACEHOLDERS: [&str; 4] = ["TODO", "TBD", "FIXME", "XXX"];

fn placeholders(page: &Page, source: &SourcePage) -> Vec<Diagnostic> {
    if matches!(page.kind, Kind::Page | Kind::Template) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (n, line) in source.body.lines().enumerate() {
        for word in PLACEHOLDERS {
            if let Some(column) = find_word(line, word) {
                out.push(
                    Diagnostic::warning(&page.display_path, source.body_line_offset + n + 1, column, format!("placeholder '{word}' left in a {}", page.kind.as_str()))
                        .with_hint("finish the step or remove the placeholder: at 2 a.m. nobody can fill it in")
                        .with_code("placeholder"),
                );
            }
        }
    }
    out
}

/// The 1-based column of `word` standing alone in `line` (case-sensitive).
fn find_word(line: &str, word: &str) -> Option<usize> {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    line.match_indices(word).find_map(|(i, _)| {
        let before = line[..i].chars().next_back();
        let after = line[i + word.len()..].chars().next();
        (!before.is_some_and(is_word) && !after.is_some_and(is_word))
            .then(|| line[..i].chars().count() + 1)
    })
}

/// Sections a playbook must have: what each is for, words that name it in a heading, and a
/// heading to suggest.
/// A playbook's required sections: each with the words a heading may contain, in the languages
/// the interface ships in (a translated playbook is held to the same sections), and the
/// heading suggested when it is missing.
const PLAYBOOK_SECTIONS: [(&str, &[&str], &str); 4] = [
    (
        "triggers or symptoms",
        &[
            "trigger",
            "symptom",
            "触发",
            "症状",
            "トリガー",
            "症状",
            "발생 조건",
            "증상",
            "auslöser",
            "symptom",
            "déclencheur",
            "symptôme",
            "disparador",
            "síntoma",
            "gatilho",
            "sintoma",
            "المحفز",
            "الأعراض",
            "أعراض",
        ],
        "Triggers and symptoms",
    ),
    (
        "first actions",
        &[
            "first action",
            "first step",
            "immediate",
            "first minutes",
            "首要",
            "第一步",
            "立即",
            "初動",
            "最初",
            "直ちに",
            "초기 조치",
            "즉시",
            "erste maßnahmen",
            "erste schritte",
            "sofort",
            "premières actions",
            "premiers gestes",
            "immédiat",
            "primeras acciones",
            "inmediat",
            "primeiras ações",
            "imediat",
            "الإجراءات الأولى",
            "فور",
        ],
        "First actions",
    ),
    (
        "escalation",
        &[
            "escalat",
            "升级",
            "エスカレーション",
            "에스컬레이션",
            "eskalation",
            "escalade",
            "escalamiento",
            "escalación",
            "escalonamento",
            "التصعيد",
        ],
        "Escalation",
    ),
    (
        "resolution",
        &[
            "resolv",
            "resolution",
            "解决",
            "解決",
            "해결",
            "gelöst",
            "behoben",
            "lösung",
            "résolu",
            "résolution",
            "resuelto",
            "resolución",
            "resolvido",
            "resolução",
            "الحل",
            "حل",
        ],
        "What \"resolved\" means",
    ),
];

fn required_sections(page: &Page, configured: &BTreeMap<String, Vec<String>>) -> Vec<Diagnostic> {
    let headings: Vec<String> = page
        .rendered
        .headings
        .iter()
        .map(|h| h.text.to_lowercase())
        .collect();
    let has = |words: &[&str]| {
        headings
            .iter()
            .any(|h| words.iter().any(|w| h.contains(&w.to_lowercase())))
    };
    let missing = |name: &str, suggestion: &str| {
        Diagnostic::error(
            &page.display_path,
            1,
            1,
            format!("{} has no section for {name}", page.kind.as_str()),
        )
        .with_hint(format!("add one, e.g. '## {suggestion}'"))
        .with_code("missing-section")
    };
    // `[required_sections]` in the config replaces the built-in list for a kind: each entry is
    // words separated by `|`, any of which a heading may contain.
    if let Some(entries) = configured.get(page.kind.as_str()) {
        return entries
            .iter()
            .filter_map(|entry| {
                let words: Vec<&str> = entry
                    .split('|')
                    .map(str::trim)
                    .filter(|w| !w.is_empty())
                    .collect();
                let first = words.first().copied().unwrap_or(entry);
                (!words.is_empty() && !has(&words))
                    .then(|| missing(first, &crate::site::url::humanize(first)))
            })
            .collect();
    }
    if page.kind != Kind::Playbook {
        return Vec::new();
    }
    PLAYBOOK_SECTIONS
        .iter()
        .filter(|(_, words, _)| !has(words))
        .map(|(name, _, suggestion)| missing(name, suggestion))
        .collect()
}

/// Runbooks and playbooks have an owner and a review date that is not in the future; a page
/// past its review period is due, and past two periods, stale.
fn review(
    page: &Page,
    source: &SourcePage,
    policy: &ReviewPolicy,
    today: jiff::civil::Date,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let front = &source.front;
    let needs_owner = matches!(page.kind, Kind::Runbook | Kind::Playbook);
    if needs_owner && front.owner.as_deref().is_none_or(|o| o.trim().is_empty()) {
        out.push(
            Diagnostic::error(
                &page.display_path,
                1,
                1,
                format!("{} has no owner", page.kind.as_str()),
            )
            .with_hint("add owner = \"...\": who keeps this page true")
            .with_code("missing-owner"),
        );
    }
    let Some(reviewed) = front.last_reviewed else {
        if needs_owner {
            out.push(
                Diagnostic::error(
                    &page.display_path,
                    1,
                    1,
                    format!("{} has no last_reviewed date", page.kind.as_str()),
                )
                .with_hint(format!(
                    "add last_reviewed = {today} once someone has checked it against reality"
                ))
                .with_code("missing-review-date"),
            );
        }
        return out;
    };
    let line = source.field_position("last_reviewed").line;
    let Some(state) = crate::site::review::review(front, page.kind, policy, today) else {
        return out;
    };
    let (age, period) = (state.age, state.period.unwrap_or(0));
    let hint = "check the page against reality, then update last_reviewed";
    let diagnostic = match state.freshness {
        crate::site::review::Freshness::Fresh => return out,
        crate::site::review::Freshness::Soon => Diagnostic::warning(
            &page.display_path,
            line,
            1,
            format!("review due in {} days: last reviewed {age} days ago, review is every {period} days", i64::from(period) - age),
        )
        .with_hint("plan the review now")
        .with_code("review-soon"),
        crate::site::review::Freshness::Future => Diagnostic::error(
            &page.display_path,
            line,
            1,
            format!("last_reviewed {reviewed} is in the future"),
        )
        .with_hint(format!(
            "use the day of the review, today at the latest ({today})"
        ))
        .with_code("future-review-date"),
        crate::site::review::Freshness::Stale => Diagnostic::warning(
            &page.display_path,
            line,
            1,
            format!("stale: last reviewed {age} days ago, review is every {period} days"),
        )
        .with_hint(hint)
        .with_code("stale"),
        crate::site::review::Freshness::Due => Diagnostic::warning(
            &page.display_path,
            line,
            1,
            format!("review due: last reviewed {age} days ago, review is every {period} days"),
        )
        .with_hint(hint)
        .with_code("review-due"),
    };
    out.push(diagnostic);
    out
}

/// A site synonym no page can match: named at its line in `dontpanic.toml`.
fn synonym_warnings(
    site: &Site,
    path: &std::path::Path,
    unmatched: Vec<String>,
) -> Vec<Diagnostic> {
    // The config's text as it was parsed: no second read of the file.
    let text = &site.config.source;
    // Where each quoted string is first written, found in one pass: looking each synonym up
    // in the whole text was quadratic (30,000 synonyms took over a minute).
    let mut quoted_at: std::collections::HashMap<&str, (usize, usize)> = Default::default();
    for (n, line) in text.lines().enumerate() {
        let mut rest = line;
        let mut offset = 0;
        while let Some(open) = rest.find('"') {
            let Some(close) = rest[open + 1..].find('"') else {
                break;
            };
            let inner = &rest[open + 1..open + 1 + close];
            quoted_at
                .entry(inner)
                .or_insert((n + 1, line[..offset + open].chars().count() + 1));
            offset += open + close + 2;
            rest = &rest[open + close + 2..];
        }
    }
    unmatched
        .into_iter()
        .map(|entry| {
            let (line, column) = quoted_at.get(entry.as_str()).copied().unwrap_or((1, 1));
            Diagnostic::warning(
                path,
                line,
                column,
                format!("search synonym '{entry}' finds nothing: no page uses it or any of its alternatives"),
            )
            .with_code("synonym-unmatched")
            .with_hint("check the spelling of its alternatives, or remove it if the pages no longer say them")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_whole_words() {
        assert_eq!(find_word("- TODO: call", "TODO"), Some(3));
        assert_eq!(find_word("TODOS and MYTODO", "TODO"), None);
        assert_eq!(find_word("é TBD", "TBD"), Some(3));
    }
}

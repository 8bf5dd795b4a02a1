//! Front matter that names things declared in `dontpanic.toml` — severity levels, contacts,
//! teams, services, alerts — must name ones that exist. A list left empty in the config is not
//! checked: a site declares what it wants checked. Also: an alert is answered by one page only.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::Config;
use crate::content::SourcePage;
use crate::diagnostic::{Diagnostic, did_you_mean, list_paths};
use crate::site::Site;

/// Problems with references, at build time (errors).
pub fn check(site: &Site, config_path: &Path) -> Vec<Diagnostic> {
    let config = &site.config;
    let mut out = config_references(config, config_path);
    let severities: Vec<&str> = config.severity.iter().map(|s| s.id.as_str()).collect();
    let people: Vec<&str> = config
        .contacts
        .keys()
        .chain(config.teams.keys())
        .map(String::as_str)
        .collect();
    let services: Vec<&str> = config.services.keys().map(String::as_str).collect();
    let declared_alerts: Vec<&str> = config
        .services
        .values()
        .flat_map(|s| s.alerts.iter().map(String::as_str))
        .collect();
    let mut answered: BTreeMap<&str, Vec<&SourcePage>> = BTreeMap::new();

    // A fallback is a copy of a default-language page, which is checked itself.
    for page in site.pages.iter().filter(|p| !p.fallback) {
        let Some(source) = &page.source else { continue };
        let front = &source.front;
        let mut check = |field: &'static str, value: &str, known: &[&str], what: &str| {
            if !known.is_empty() && !known.contains(&value) {
                out.push(unknown(source, field, value, known, what));
            }
        };
        if let Some(severity) = &front.severity {
            check("severity", severity, &severities, "severity level");
        }
        if let Some(owner) = &front.owner {
            check("owner", owner, &people, "contact or team");
        }
        for name in &front.escalation {
            check("escalation", name, &people, "contact or team");
        }
        for service in &front.services {
            check("services", service, &services, "service");
        }
        for alert in &front.alerts {
            check("alerts", alert, &declared_alerts, "alert");
            // A translation answers the alert with its default-language page.
            if source.language == crate::languages::DEFAULT {
                answered.entry(alert).or_default().push(source);
            }
        }
    }
    for (alert, pages) in answered.into_iter().filter(|(_, p)| p.len() > 1) {
        let all = list_paths(pages.iter().map(|p| p.display_path.as_path()));
        for page in pages {
            out.push(
                Diagnostic::error(
                    &page.display_path,
                    page.item_line("alerts", &page.front.alerts, alert),
                    1,
                    format!("alert '{alert}' is answered by more than one page"),
                )
                .with_hint(format!(
                    "keep it on one of {}: a monitoring rule links to a single runbook",
                    all
                ))
                .with_code("duplicate-alert"),
            );
        }
    }
    out
}

fn unknown(
    source: &SourcePage,
    field: &'static str,
    value: &str,
    known: &[&str],
    what: &str,
) -> Diagnostic {
    let hint = match did_you_mean(value, known.iter().copied()) {
        Some(close) => format!("did you mean '{close}'?"),
        None => format!("declared in dontpanic.toml: {}", known.join(", ")),
    };
    // A value of a list is placed on its item's line (a list written over several lines has one
    // item a line), a single value at its key.
    let front = &source.front;
    let list = match field {
        "escalation" => front.escalation.as_slice(),
        "services" => front.services.as_slice(),
        "alerts" => front.alerts.as_slice(),
        _ => &[],
    };
    let (line, column) = if list.is_empty() {
        let at = source.field_position(field);
        (at.line, at.column)
    } else {
        (source.item_line(field, list, value), 1)
    };
    Diagnostic::error(
        &source.display_path,
        line,
        column,
        format!("unknown {what} '{value}' in {field}"),
    )
    .with_hint(hint)
    .with_code("unknown-reference")
}

/// The config's own references: teams list contacts, services name a team.
fn config_references(config: &Config, path: &Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // The line of a value as the parser read it; the top of the file is only a guard.
    let line_of = |path: &[&str]| config.positions.value(path).map_or(1, |at| at.line);
    let contacts: Vec<&str> = config.contacts.keys().map(String::as_str).collect();
    for (id, team) in &config.teams {
        for (index, member) in team.escalation.iter().enumerate() {
            if !config.contacts.contains_key(member) {
                let hint = did_you_mean(member, contacts.iter().copied()).map_or_else(
                    || "add it under [contacts] or fix the name".to_string(),
                    |c| format!("did you mean '{c}'?"),
                );
                out.push(
                    Diagnostic::error(
                        path,
                        line_of(&["teams", id, "escalation", &index.to_string()]),
                        1,
                        format!("team '{id}' escalates to unknown contact '{member}'"),
                    )
                    .with_hint(hint)
                    .with_code("unknown-reference"),
                );
            }
        }
    }
    let teams: Vec<&str> = config.teams.keys().map(String::as_str).collect();
    for (id, service) in &config.services {
        if let Some(team) = &service.team
            && !config.teams.contains_key(team)
        {
            let hint = did_you_mean(team, teams.iter().copied()).map_or_else(
                || "add it under [teams] or fix the name".to_string(),
                |t| format!("did you mean '{t}'?"),
            );
            out.push(
                Diagnostic::error(
                    path,
                    line_of(&["services", id, "team"]),
                    1,
                    format!("service '{id}' belongs to unknown team '{team}'"),
                )
                .with_hint(hint)
                .with_code("unknown-reference"),
            );
        }
    }
    out
}

//! The text of what the site generates from its config (contacts, severity levels, alerts,
//! services) and of a ticket template's fields, as searchable sections. These pages have no
//! Markdown, yet they hold what a responder looks for at 2 a.m.: who to call and their number.

use crate::site::generated::Generated;
use crate::site::{Page, Site};

/// A section of searchable text: its anchor on the page (`None`: the top), heading and text.
pub struct Section {
    pub anchor: Option<String>,
    pub heading: String,
    pub text: String,
}

fn section(anchor: &str, heading: String, text: String) -> Section {
    Section {
        anchor: Some(anchor.to_string()),
        heading,
        text,
    }
}

/// The sections a generated page shows, with the anchors its template gives them.
pub fn sections(site: &Site, generated: &Generated) -> Vec<Section> {
    let config = &site.config;
    let name_of = |id: &str| config.person_name(id).unwrap_or(id).to_string();
    match generated {
        Generated::Contacts => {
            let mut out: Vec<Section> = config
                .teams
                .iter()
                .map(|(id, team)| {
                    let order: Vec<String> = team.escalation.iter().map(|c| name_of(c)).collect();
                    section(
                        &crate::site::generated::team_anchor(id),
                        team.name.clone(),
                        format!("Escalate to, in order: {}", order.join(", ")),
                    )
                })
                .collect();
            out.extend(config.contacts.iter().map(|(id, person)| {
                let channels: Vec<String> = person
                    .channels
                    .iter()
                    .map(|(kind, value)| format!("{kind}: {value}"))
                    .collect();
                section(
                    &crate::site::generated::contact_anchor(id),
                    person.name.clone(),
                    format!(
                        "{}. {}. {}",
                        person.role,
                        channels.join(", "),
                        person.timezone
                    ),
                )
            }));
            out
        }
        Generated::Severity => config
            .severity
            .iter()
            .map(|level| {
                section(
                    &level.id,
                    format!("{} {}", level.id, level.name),
                    format!(
                        "{} Response: {} Vendor: {}",
                        level.description, level.response, level.vendor
                    ),
                )
            })
            .collect(),
        Generated::Alerts => site
            .alert_pages()
            .into_iter()
            .map(|(alert, page)| {
                let runbook = page.map(|p| site.pages[p].title.as_str()).unwrap_or("");
                section(alert, alert.to_string(), runbook.to_string())
            })
            .collect(),
        Generated::Service(id) => {
            let Some(service) = config.services.get(id) else {
                return Vec::new();
            };
            let team = service.team.as_deref().map(name_of).unwrap_or_default();
            let escalation: Vec<String> = service
                .team
                .as_deref()
                .and_then(|t| config.teams.get(t))
                .map(|t| t.escalation.iter().map(|c| name_of(c)).collect())
                .unwrap_or_default();
            vec![
                Section {
                    anchor: None,
                    heading: String::new(),
                    text: format!("{team}. Escalation: {}", escalation.join(", ")),
                },
                section("alerts", "Alerts".into(), service.alerts.join(" ")),
            ]
        }
        Generated::Services => vec![Section {
            anchor: None,
            heading: String::new(),
            text: config
                .services
                .values()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(". "),
        }],
        Generated::Review => Vec::new(),
    }
}

/// A template's form fields: their labels, help and choices, as text of the page's top.
pub fn field_text(page: &Page) -> (String, String) {
    let fields = &page.front().fields;
    let labels: Vec<&str> = fields.iter().map(|f| f.label.as_str()).collect();
    let help: Vec<String> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            // The help as shown: its Markdown links as their words, without the address.
            let help = page.rendered.field_help.get(i).map_or(&f.help, |h| &h.text);
            format!("{help} {}", f.options.join(" "))
        })
        .collect();
    (labels.join(". "), help.join(" "))
}

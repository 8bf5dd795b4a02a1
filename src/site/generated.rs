//! Pages the site generates from what `dontpanic.toml` declares, so a responder finds them in
//! the navigation: the severity matrix, the contacts and escalation directory, the alert index,
//! one page per service (under a services page that lists them), and the review report. They
//! live in the `operations/` section.

use crate::strings::Catalog;

/// What a generated page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Generated {
    Severity,
    Contacts,
    Alerts,
    /// The list of services; the service pages are its children.
    Services,
    Service(String),
    Review,
}

impl Generated {
    /// Its title in the language of `strings`.
    pub fn title(&self, service_name: Option<&str>, strings: &Catalog) -> String {
        match self {
            Generated::Service(id) => {
                strings.format("generated.service", &[("name", service_name.unwrap_or(id))])
            }
            other => strings.text(other.key()).to_string(),
        }
    }

    /// Its key in the catalogs' `[generated]` table.
    fn key(&self) -> &'static str {
        match self {
            Generated::Severity => "generated.severity",
            Generated::Contacts => "generated.contacts",
            Generated::Alerts => "generated.alerts",
            Generated::Services | Generated::Service(_) => "generated.services",
            Generated::Review => "generated.review",
        }
    }

    /// Its output path (`operations/contacts.html`).
    pub fn path(&self) -> String {
        format!("{FOLDER}/{}", self.file())
    }

    /// The file name in the `operations/` folder.
    pub fn file(&self) -> String {
        match self {
            Generated::Severity => "severity-matrix.html".into(),
            Generated::Contacts => "contacts.html".into(),
            Generated::Alerts => "alerts.html".into(),
            Generated::Services => "services.html".into(),
            Generated::Service(id) => format!("service-{id}.html"),
            Generated::Review => "review-report.html".into(),
        }
    }

    /// The theme template that renders it.
    pub fn template(&self) -> &'static str {
        match self {
            Generated::Severity => "severity.html",
            Generated::Contacts => "contacts.html",
            Generated::Alerts => "alerts.html",
            Generated::Services => "section.html",
            Generated::Service(_) => "service.html",
            Generated::Review => "review.html",
        }
    }

    /// Order in the section: the pages a responder reaches for first, first.
    pub fn weight(&self) -> i64 {
        match self {
            Generated::Contacts => 1,
            Generated::Severity => 2,
            Generated::Alerts => 3,
            Generated::Services | Generated::Service(_) => 4,
            Generated::Review => 5,
        }
    }
}

impl Generated {
    /// The page's purpose in one line, for its card and search result (a service's is made
    /// from the config, by the site).
    pub fn description(&self, strings: &Catalog) -> Option<String> {
        match self {
            Generated::Service(_) => None,
            other => Some(
                strings
                    .text(&format!("{}_description", other.key()))
                    .to_string(),
            ),
        }
    }
}

/// The anchor of a team's row on the contacts page (the template `contacts.html` gives its
/// rows these ids).
pub fn team_anchor(id: &str) -> String {
    format!("team-{id}")
}

/// The anchor of a person's row on the contacts page.
pub fn contact_anchor(id: &str) -> String {
    format!("contact-{id}")
}

/// Where `id` (a person or a team of the config) is on the contacts page, relative to the page
/// at `from` (an output path); `None` for an id the config does not declare, or when the site
/// has no contacts page.
pub fn contact_url(site: &super::Site, from: &str, id: &str) -> Option<String> {
    let config = &site.config;
    let anchor = if config.contacts.contains_key(id) {
        contact_anchor(id)
    } else if config.teams.contains_key(id) {
        team_anchor(id)
    } else {
        return None;
    };
    let contacts = Generated::Contacts.path();
    if !site.has_output(&contacts) {
        return None;
    }
    if from == contacts {
        return Some(format!("#{anchor}"));
    }
    Some(format!(
        "{}#{anchor}",
        super::url::relative(from, &contacts)
    ))
}

/// The folder the generated pages are written to (a content folder of that name is shared).
pub const FOLDER: &str = "operations";

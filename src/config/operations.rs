//! What a team declares about how it operates: severity levels, contacts and teams, services
//! with their alerts, and how often pages are reviewed. Pages refer to these by id.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::dates::{Date, Period};

/// One `[[severity]]` level, most severe first.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SeverityLevel {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// How fast the team responds (`15m`, `1h`, `next business day`).
    #[serde(default)]
    pub response: String,
    /// The cloud provider's support severity to open a case with.
    #[serde(default)]
    pub vendor: String,
}

/// `[contacts.<id>]`: a person who can be reached.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    #[serde(default)]
    pub role: String,
    /// How to reach them: `phone`, `chat`, `email`, or any other channel name.
    #[serde(default)]
    pub channels: BTreeMap<String, String>,
    /// IANA time zone (`Europe/Berlin`), to show their local time.
    #[serde(default)]
    pub timezone: String,
    /// When someone last confirmed these details.
    pub verified: Option<Date>,
}

/// `[teams.<id>]`: a group with an ordered escalation list of contacts.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Team {
    pub name: String,
    #[serde(default)]
    pub escalation: Vec<String>,
}

/// `[services.<id>]`: something the team runs, who owns it, and the alerts that fire for it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub name: String,
    /// What the service is, in one line: its card on the services page.
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub team: Option<String>,
    #[serde(default)]
    pub alerts: Vec<String>,
}

/// `[review]`: how often each kind of page is reviewed when it sets no `review_every`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReviewPolicy {
    pub runbook: Option<Period>,
    pub playbook: Option<Period>,
    pub checklist: Option<Period>,
    pub template: Option<Period>,
    pub page: Option<Period>,
    /// Warn this long before a page falls due.
    pub warn_before: Option<Period>,
}

impl Default for ReviewPolicy {
    fn default() -> Self {
        ReviewPolicy {
            runbook: Some(Period { days: 90 }),
            playbook: Some(Period { days: 90 }),
            checklist: Some(Period { days: 180 }),
            template: Some(Period { days: 180 }),
            page: None,
            warn_before: None,
        }
    }
}

//! The data of the generated operations pages, from the config and the pages that refer to it.
//! URLs are relative to the page being rendered.

use serde::Serialize;

use crate::site::generated::Generated;
use crate::site::review;
use crate::site::{PageId, Site, url};

use super::values::{BuildInfo, Link, Reach};

#[derive(Serialize, Default)]
pub struct Operations<'a> {
    pub severity: Vec<Level<'a>>,
    pub contacts: Vec<Person<'a>>,
    pub teams: Vec<TeamRow<'a>>,
    pub alerts: Vec<Alert<'a>>,
    /// Whether the site reads alert rules: only then is "no rule found" worth saying.
    pub rules_read: bool,
    pub service: Option<ServiceRow<'a>>,
    pub review: Vec<ReviewRow<'a>>,
}

#[derive(Serialize)]
pub struct Level<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub response: &'a str,
    pub vendor: &'a str,
    pub rank: usize,
    pub pages: Vec<Link<'a>>,
}

#[derive(Serialize)]
pub struct Person<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub channels: Vec<Channel<'a>>,
    pub timezone: &'a str,
    pub verified: Option<String>,
    pub verified_days_ago: Option<i64>,
}

#[derive(Serialize)]
pub struct Channel<'a> {
    pub name: &'a str,
    pub value: &'a str,
    /// Where a link to it goes (`mailto:`, `tel:`, a web address), none for plain text; the
    /// config has checked every value (`config::urls`).
    pub href: Option<String>,
}

#[derive(Serialize)]
pub struct TeamRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// Whom to call, in escalation order, linked to their entries and with their numbers.
    pub escalation: Vec<Reach<'a>>,
}

#[derive(Serialize)]
pub struct Alert<'a> {
    pub name: &'a str,
    /// The rule that defines it, when the site reads alert rules.
    pub rule: Option<&'a crate::site::AlertRule>,
    pub service: Option<&'a str>,
    pub page: Option<Link<'a>>,
    /// The stable address monitoring rules can link to (`alerts/<name>/`).
    pub redirect: String,
    /// The page's address in the binder, where the binder lists the alert.
    pub binder_href: Option<String>,
    /// The page that answers it, for the binder to find it in its parts.
    #[serde(skip)]
    pub page_id: Option<PageId>,
}

#[derive(Serialize)]
pub struct ServiceRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub team: Option<&'a str>,
    pub escalation: Vec<Reach<'a>>,
    pub alerts: Vec<Alert<'a>>,
    pub pages: Vec<Link<'a>>,
}

#[derive(Serialize)]
pub struct ReviewRow<'a> {
    pub page: Link<'a>,
    pub owner: Option<&'a str>,
    pub last_reviewed: String,
    pub age: i64,
    pub state: &'static str,
}

/// What the binder prints first, as a responder needs it without a network: the contacts and
/// escalation directory, the severity matrix and the alert index. Links in it are not used (the
/// binder links its own sections).
/// `in_binder` gives a page's address in the binder being written.
pub fn directory<'a>(
    site: &'a Site,
    build: &BuildInfo,
    in_binder: &dyn Fn(PageId) -> Option<String>,
) -> Operations<'a> {
    static PARTS: [Generated; 3] = [Generated::Contacts, Generated::Severity, Generated::Alerts];
    let mut all = Operations::default();
    for what in &PARTS {
        let part = operations(site, crate::site::HOME, what, build);
        match what {
            Generated::Contacts => {
                all.contacts = part.contacts;
                all.teams = part.teams;
            }
            Generated::Severity => all.severity = part.severity,
            _ => {
                all.alerts = part.alerts;
                all.rules_read = !site.alert_rules().is_empty();
            }
        }
    }
    for alert in &mut all.alerts {
        alert.binder_href = alert.page_id.and_then(in_binder);
    }
    all
}

pub fn operations<'a>(
    site: &'a Site,
    id: PageId,
    generated: &'a Generated,
    build: &BuildInfo,
) -> Operations<'a> {
    let from = site.pages[id].url.as_str();
    let link = |to: PageId| Link {
        title: &site.pages[to].title,
        url: url::relative(from, &site.pages[to].url),
    };
    let config = &site.config;
    let pages_where = |keep: &dyn Fn(PageId) -> bool| -> Vec<Link<'a>> {
        site.order
            .iter()
            .copied()
            .filter(|&p| site.pages[p].source.is_some() && keep(p))
            .map(link)
            .collect()
    };
    let person_name = |id: &'a str| -> &'a str { config.person_name(id).unwrap_or(id) };
    let escalation_of = |team: &'a str| -> Vec<Reach<'a>> {
        config
            .teams
            .get(team)
            .map(|t| {
                t.escalation
                    .iter()
                    .map(|c| Reach::of(site, from, c))
                    .collect()
            })
            .unwrap_or_default()
    };
    let alert_rows = |filter: &dyn Fn(&str) -> bool| -> Vec<Alert<'a>> {
        site.alert_pages()
            .into_iter()
            .filter(|(a, _)| filter(a))
            .map(|(name, page)| Alert {
                name,
                rule: site.alert_rule(name),
                service: config
                    .services
                    .iter()
                    .find(|(_, s)| s.alerts.iter().any(|x| x == name))
                    .map(|(_, s)| s.name.as_str()),
                page: page.map(link),
                page_id: page,
                binder_href: None,
                redirect: site
                    .paths
                    .alert(name)
                    .map(|path| url::relative(from, &path))
                    .unwrap_or_default(),
            })
            .collect()
    };
    let mut ops = Operations::default();
    match generated {
        Generated::Severity => {
            ops.severity = config
                .severity
                .iter()
                .enumerate()
                .map(|(rank, level)| Level {
                    id: &level.id,
                    name: &level.name,
                    description: &level.description,
                    response: &level.response,
                    vendor: &level.vendor,
                    rank,
                    pages: pages_where(&|p| {
                        site.pages[p].front().severity.as_deref() == Some(level.id.as_str())
                    }),
                })
                .collect();
        }
        Generated::Contacts => {
            ops.contacts = config
                .contacts
                .iter()
                .map(|(id, c)| Person {
                    id,
                    name: &c.name,
                    role: &c.role,
                    channels: c
                        .channels
                        .iter()
                        .map(|(k, v)| Channel {
                            name: k,
                            value: v,
                            href: crate::config::urls::channel_href(k, v),
                        })
                        .collect(),
                    timezone: &c.timezone,
                    verified: c.verified.map(|d| d.to_string()),
                    verified_days_ago: c.verified.map(|d| (build.today - d.0).get_days() as i64),
                })
                .collect();
            ops.teams = config
                .teams
                .iter()
                .map(|(id, t)| TeamRow {
                    id,
                    name: &t.name,
                    escalation: t
                        .escalation
                        .iter()
                        .map(|c| Reach::of(site, from, c))
                        .collect(),
                })
                .collect();
        }
        Generated::Alerts => {
            ops.alerts = alert_rows(&|_| true);
            ops.rules_read = !config.alerts.rules.is_empty() || !site.alert_rules().is_empty();
        }
        Generated::Service(service_id) => {
            if let Some(service) = config.services.get(service_id) {
                ops.service = Some(ServiceRow {
                    id: service_id,
                    name: &service.name,
                    team: service.team.as_deref().map(person_name),
                    escalation: service
                        .team
                        .as_deref()
                        .map(escalation_of)
                        .unwrap_or_default(),
                    alerts: alert_rows(&|a| service.alerts.iter().any(|x| x == a)),
                    pages: pages_where(&|p| {
                        site.pages[p]
                            .front()
                            .services
                            .iter()
                            .any(|s| s == service_id)
                    }),
                });
            }
        }
        // The services page lists its children, the service pages, as cards.
        Generated::Services => {}
        Generated::Review => {
            let mut rows: Vec<(i64, ReviewRow)> = site
                .order
                .iter()
                .filter_map(|&p| {
                    let page = &site.pages[p];
                    let front = page.front();
                    let state = review::review(front, page.kind, &config.review, build.today)?;
                    let owner = front.owner.as_deref().map(person_name);
                    let reviewed = front.last_reviewed?.to_string();
                    Some((
                        state.age,
                        ReviewRow {
                            page: link(p),
                            owner,
                            last_reviewed: reviewed,
                            age: state.age,
                            state: state.freshness.as_str(),
                        },
                    ))
                })
                .collect();
            // Oldest first: what needs a look soonest.
            rows.sort_by_key(|row| std::cmp::Reverse(row.0));
            ops.review = rows.into_iter().map(|(_, row)| row).collect();
        }
    }
    ops
}

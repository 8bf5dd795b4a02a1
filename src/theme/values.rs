//! Small values every template context shares: facts about the build, and a link. Kept apart
//! so that the page context and the operations pages both use them without importing each other.

use serde::Serialize;

/// Facts about the build itself, the same for every page.
#[derive(Debug, Clone, Serialize)]
pub struct BuildInfo {
    pub version: &'static str,
    /// The day of the build (`2026-11-26`), from which review ages are counted.
    pub date: String,
    #[serde(skip)]
    pub today: jiff::civil::Date,
    /// What is being written: `folder`, `preview` or `single-file`.
    pub mode: crate::plan::Mode,
    /// The version of the theme's files (`Theme::assets_version`), for their addresses:
    /// `assets/style.css?v={{ build.assets }}`.
    pub assets: String,
}

impl BuildInfo {
    pub fn new(today: jiff::civil::Date, mode: crate::plan::Mode) -> Self {
        BuildInfo {
            version: env!("CARGO_PKG_VERSION"),
            date: today.to_string(),
            today,
            mode,
            assets: String::new(),
        }
    }

    /// The same, with the theme's version for the addresses of its files.
    pub fn with_theme(mut self, theme: &super::Theme) -> Self {
        self.assets = theme.assets_version();
        self
    }
}

/// A titled link, its URL relative to the page being rendered.
#[derive(Serialize)]
pub struct Link<'a> {
    pub title: &'a str,
    pub url: String,
}

/// Someone to escalate to, as a responder needs them: the name, a link to their entry on the
/// contacts page, and a number to call. For a team, the number is that of the first person in
/// its escalation order, who is named (`via`).
#[derive(Serialize)]
pub struct Reach<'a> {
    pub name: &'a str,
    pub url: Option<String>,
    pub phone: Option<&'a str>,
    pub via: Option<&'a str>,
}

impl<'a> Reach<'a> {
    /// `id` (a contact or team of the config, else shown as written), linked from the page at
    /// `from` (an output path).
    pub fn of(site: &'a crate::site::Site, from: &str, id: &'a str) -> Reach<'a> {
        let config = &site.config;
        let url = crate::site::generated::contact_url(site, from, id);
        let phone_of = |person: &str| {
            config
                .contacts
                .get(person)
                .and_then(|c| c.channels.get("phone"))
                .map(String::as_str)
        };
        let (phone, via) = match config.teams.get(id) {
            Some(team) => {
                let first = team.escalation.iter().find(|p| phone_of(p).is_some());
                (
                    first.and_then(|p| phone_of(p)),
                    first.and_then(|p| config.person_name(p)),
                )
            }
            None => (phone_of(id), None),
        };
        Reach {
            name: config.person_name(id).unwrap_or(id),
            url,
            phone,
            via,
        }
    }
}

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
    pub mode: crate::pipeline::Mode,
    /// The version of the theme's files (`Theme::assets_version`), for their addresses:
    /// `assets/style.css?v={{ build.assets }}`.
    pub assets: String,
}

impl BuildInfo {
    pub fn new(today: jiff::civil::Date, mode: crate::pipeline::Mode) -> Self {
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

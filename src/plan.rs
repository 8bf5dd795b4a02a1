//! What a build writes, decided once per mode. The same stages make a folder for a static
//! host, `serve`'s preview in memory, or the single-file copy; they differ only in which
//! outputs they produce and when. A build asks its mode for a `Plan` and the writer follows it,
//! so a new output is one field here and one place in the writer, and nothing else branches on
//! the mode.
//!
//! Knows the config, not pages or templates: the theme and the pipeline both import it.

use crate::config::Config;

/// What the write stage produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// A folder for any static host.
    Folder,
    /// `serve`'s copy in memory.
    Preview,
    /// Everything in one HTML file.
    SingleFile,
}

/// When an output is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// With the build, before it ends.
    Build,
    /// When a reader asks for it (the preview themes pages and builds the search index and the
    /// binder on request: most edits are previewed with one page open and no search).
    Request,
}

/// Every output a build of one mode produces, beside the files every mode copies (the theme's
/// assets, the site's static files and the content's files, the search page and the 404 page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub mode: Mode,
    /// The pages, each through its template.
    pub pages: When,
    /// The search index's files.
    pub search_index: When,
    /// The printable binder, in one part or several.
    pub binder: When,
    /// A small page at each alias and alert address that leads to its page. The single-file
    /// copy carries the old addresses in its index instead.
    pub redirect_pages: bool,
    /// The offline store's worker (a file cannot register one, and in the preview it would keep
    /// serving old pages over live ones).
    pub service_worker: bool,
    /// `robots.txt`, and the files the configured static host reads (`[publish] host`).
    pub host_files: bool,
    /// `alerts.json`, for the alerting side.
    pub alerts_json: bool,
    /// `sitemap.xml`: only for a public site with a known address.
    pub sitemap: bool,
}

impl Mode {
    /// What this mode writes for a site with `config`.
    pub fn plan(self, config: &Config) -> Plan {
        let folder = self == Mode::Folder;
        let preview = self == Mode::Preview;
        let made = if preview { When::Request } else { When::Build };
        Plan {
            mode: self,
            pages: made,
            search_index: made,
            binder: made,
            redirect_pages: self != Mode::SingleFile,
            service_worker: folder && config.offline.service_worker,
            host_files: folder,
            alerts_json: self != Mode::SingleFile,
            sitemap: config.base_url.is_some() && config.publish.public,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_mode_has_its_outputs() {
        let mut config = Config::default();
        config.offline.service_worker = true;
        let folder = Mode::Folder.plan(&config);
        assert_eq!(folder.pages, When::Build);
        assert!(folder.service_worker && folder.host_files && folder.redirect_pages);
        let preview = Mode::Preview.plan(&config);
        assert_eq!(
            (preview.pages, preview.search_index, preview.binder),
            (When::Request, When::Request, When::Request)
        );
        assert!(!preview.service_worker && !preview.host_files && preview.redirect_pages);
        let copy = Mode::SingleFile.plan(&config);
        assert_eq!(copy.search_index, When::Build);
        assert!(!copy.service_worker && !copy.redirect_pages && !copy.alerts_json);
        config.offline.service_worker = false;
        assert!(!Mode::Folder.plan(&config).service_worker);
    }
}

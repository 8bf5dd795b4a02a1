//! Every address the build writes that is not a content page, decided once and in one place:
//! writers, the search index, the single-file copy, `serve` and the theme ask here, and the
//! clash check knows exactly which names the generator claims.
//!
//! The generator's own files live under one prefix (`dontpanic/` unless `generated_prefix` says
//! otherwise), so that a team's `search/`, `assets/` or `binder.md` is simply content. Only
//! what hosts and browsers look for at the root stays there: `404.html`, `sitemap.xml`,
//! `robots.txt`, and the service worker (whose folder is the scope it may serve).

use serde::Serialize;

/// Where `alerts/<Name>/` redirects live: a stable address that monitoring rules link to.
pub const ALERTS_FOLDER: &str = "alerts";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutputPaths {
    /// The folder of the generator's own files, without a trailing slash: `dontpanic`.
    pub prefix: String,
    /// The theme's static files: `dontpanic/assets/` holds `style.css`.
    pub theme: String,
    /// The search page (its `?q=` address can be shared).
    pub search_page: String,
    /// The folder of the search index's scripts, with a trailing slash.
    pub search_index: String,
    /// Every page in one printable document.
    pub binder: String,
    /// Served by hosts for any missing address.
    pub not_found: String,
    pub sitemap: String,
    pub robots: String,
    /// Every alert with its runbook's address, for the alerting side (Alertmanager templates,
    /// Grafana, chat bots).
    pub alerts_json: String,
    /// At the root, so that its scope is the whole site.
    pub service_worker: String,
    /// Host files read at the root: Netlify, Cloudflare Pages and GitLab Pages redirects and
    /// headers, GitHub Pages' switch that turns Jekyll off.
    pub host_redirects: String,
    pub host_headers: String,
    pub no_jekyll: String,
    /// Host configuration that is not served from the root (nginx, S3): `dontpanic/host/`.
    pub host_dir: String,
}

impl Default for OutputPaths {
    fn default() -> Self {
        OutputPaths::new(crate::config::DEFAULT_GENERATED_PREFIX)
    }
}

impl OutputPaths {
    pub fn new(prefix: &str) -> Self {
        let prefix = prefix.trim_matches('/').to_string();
        OutputPaths {
            theme: format!("{prefix}/"),
            search_page: format!("{prefix}/search.html"),
            search_index: format!("{prefix}/search/"),
            binder: format!("{prefix}/binder.html"),
            not_found: "404.html".into(),
            sitemap: "sitemap.xml".into(),
            robots: "robots.txt".into(),
            alerts_json: "alerts.json".into(),
            service_worker: format!("{prefix}-sw.js"),
            host_redirects: "_redirects".into(),
            host_headers: "_headers".into(),
            no_jekyll: ".nojekyll".into(),
            host_dir: format!("{prefix}/host/"),
            prefix,
        }
    }

    /// Where a file of the theme's `static/` folder is written (`assets/style.css` →
    /// `dontpanic/assets/style.css`).
    pub fn theme_file(&self, rel_path: &str) -> String {
        format!("{}{rel_path}", self.theme)
    }

    /// Where a script of the search index is written (`meta.js` → `dontpanic/search/meta.js`).
    pub fn search_file(&self, name: &str) -> String {
        format!("{}{name}", self.search_index)
    }

    /// Part `index` (0 first) of a binder in several parts: the first is `binder`, the others
    /// `binder-2.html`, `binder-3.html`, ...
    pub fn binder_part(&self, index: usize) -> String {
        if index == 0 {
            self.binder.clone()
        } else {
            format!("{}/binder-{}.html", self.prefix, index + 1)
        }
    }

    /// Whether `path` is the binder or one of its parts.
    pub fn is_binder(&self, path: &str) -> bool {
        path == self.binder
            || path
                .strip_prefix(self.prefix.as_str())
                .and_then(|rest| rest.strip_prefix("/binder-"))
                .and_then(|rest| rest.strip_suffix(".html"))
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    }

    pub fn is_search_file(&self, path: &str) -> bool {
        // The default language's index, or another language's under its folder
        // (`zh/dontpanic/search/`).
        let in_language = path
            .split_once('/')
            .is_some_and(|(_, rest)| rest.starts_with(&self.search_index));
        (path.starts_with(&self.search_index) || in_language) && path.ends_with(".js")
    }

    /// The redirect page of an alert's stable address, or `None` for a name that cannot be one
    /// path segment (`alert_name_problem` says why, for the diagnostic).
    pub fn alert(&self, name: &str) -> Option<String> {
        alert_name_problem(name)
            .is_none()
            .then(|| format!("{ALERTS_FOLDER}/{name}/index.html"))
    }

    /// What the generator writes at `path`, if it claims it: a page or file of the site's
    /// content at that path would be replaced or would replace it.
    pub fn claimed(&self, path: &str) -> Option<&'static str> {
        if path
            .strip_prefix(self.prefix.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        {
            return Some("the generator's own folder");
        }
        match path {
            p if p == self.not_found => Some("the page hosts show for a missing address"),
            p if p == self.sitemap => Some("the sitemap"),
            p if p == self.alerts_json => Some("the alert list for the alerting side"),
            p if p == self.robots => Some("the file that tells search engines what to index"),
            p if p == self.service_worker => Some("the service worker"),
            p if p == self.host_redirects || p == self.host_headers || p == self.no_jekyll => {
                Some("a file the static host reads")
            }
            _ => None,
        }
    }
}

/// Why an alert's name cannot be the one folder of its address `alerts/<Name>/`, if it cannot.
/// Prometheus takes any text as a name; a path segment cannot hold a separator, what ends a
/// URL's path, or a control character (which would end a line of a host file, too).
pub fn alert_name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("it is empty")
    } else if name.chars().any(char::is_control) {
        Some("it holds a control character")
    } else if name.contains(['/', '\\']) {
        Some("it holds a slash, which would make two folders of it")
    } else if name.contains(['?', '#']) {
        Some("it holds '?' or '#', which end the path of a URL")
    } else if name == "." || name == ".." {
        Some("'.' and '..' name a folder that exists already")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_files_live_under_the_prefix() {
        let paths = OutputPaths::default();
        assert_eq!(paths.search_page, "dontpanic/search.html");
        assert_eq!(paths.search_file("t/ab.js"), "dontpanic/search/t/ab.js");
        assert_eq!(
            paths.theme_file("assets/style.css"),
            "dontpanic/assets/style.css"
        );
        assert_eq!(paths.binder, "dontpanic/binder.html");
        assert_eq!(paths.service_worker, "dontpanic-sw.js");
        assert!(paths.claimed("dontpanic/binder.html").is_some());
        assert!(paths.claimed("404.html").is_some());
        for content in [
            "search/index.html",
            "assets/style.css",
            "binder.html",
            "dontpanicky.html",
        ] {
            assert_eq!(paths.claimed(content), None, "{content}");
        }
        assert_eq!(OutputPaths::new("_gen/").binder, "_gen/binder.html");
    }

    #[test]
    fn alert_addresses_are_one_segment() {
        let paths = OutputPaths::default();
        assert_eq!(
            paths.alert("ApiDown").as_deref(),
            Some("alerts/ApiDown/index.html")
        );
        assert_eq!(paths.alert("a/b"), None);
        assert_eq!(paths.alert(".."), None);
        for bad in [
            "a?b", "a#b", "a\\b", "a\nb", "a\rb", "a\u{0}b", "a\u{85}b", "",
        ] {
            assert_eq!(paths.alert(bad), None, "{bad:?}");
        }
        assert_eq!(
            paths.alert("Disk full ..Ärger").as_deref(),
            Some("alerts/Disk full ..Ärger/index.html")
        );
    }
}

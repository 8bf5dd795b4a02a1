//! The service worker of a built site: on a first visit over http(s) it stores the site's
//! pages and assets, then answers from the network when there is one and from its store when
//! there is not, so a site visited once keeps working when the network is gone. Every page it
//! answers from the network is stored too. Its store is named by its scope, so that sites
//! sharing an origin (`/a/` and `/b/`) keep their own and a new build replaces only its own.

use crate::content::Kind;
use crate::site::{HOME, Site};

const SCRIPT: &str = include_str!("service-worker.js");

/// Up to this many pages, a first visit stores them all (some 15 MB). A larger site would cost
/// a download of hundreds of megabytes behind one visit, and again after every build: its
/// first visit stores the pages people start from, and the others as they are opened.
pub const STORE_EVERY_PAGE_UP_TO: usize = 1_000;

/// Whether a first visit stores every page (and the binder) of `site`.
pub fn stores_every_page(site: &Site) -> bool {
    site.pages.len() <= STORE_EVERY_PAGE_UP_TO
}

/// The pages a first visit stores: all of them, or on a large site the home page, the section
/// pages, the pages the site generates (contacts, severity levels, the alert index), the
/// playbooks, the checklists and the templates (the support ticket's packet).
pub fn first_visit_pages(site: &Site) -> Vec<String> {
    let every = stores_every_page(site);
    site.pages
        .iter()
        .enumerate()
        .filter(|(id, page)| {
            every
                || *id == HOME
                || page.is_section
                || page.generated.is_some()
                || matches!(page.kind, Kind::Playbook | Kind::Checklist | Kind::Template)
        })
        .map(|(_, page)| page.url.clone())
        .collect()
}

/// The worker's script, with the files to store and `version`, a hash of every file the build
/// wrote: it changes exactly when something the worker stores may have changed.
pub fn service_worker(files: &[String], version: u64) -> String {
    let list = serde_json::to_string(files).unwrap_or_else(|_| "[]".into());
    SCRIPT
        .replace("\"__VERSION__\"", &format!("\"{version:016x}\""))
        .replace("[/*FILES*/]", &list)
}

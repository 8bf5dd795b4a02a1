//! The link stage: every link and reference checked against the rendered site, the redirects
//! settled, alerts joined with their runbooks, and output addresses checked for clashes. No
//! I/O: it reads the site model and returns diagnostics.

use std::path::Path;

use super::{Cache, shown};
use crate::config;
use crate::content::Asset;
use crate::diagnostic::{Diagnostic, Level};
use crate::site::{self, Site};

/// Checks the rendered `site` (built from `root`, with the content folder's `assets` and the
/// `static_files`) and settles its redirects. `link_level` is how broken links count: warnings
/// for `build` and `serve`, errors for `check`, which also takes the alert levels the config
/// sets.
pub(super) fn run(
    site: &mut Site,
    link_level: Level,
    cache: &mut Cache,
    root: &Path,
    assets: &[Asset],
    static_files: &[Asset],
) -> Vec<Diagnostic> {
    let mut diagnostics = site::links::check_remembering(site, link_level, &mut cache.links);
    diagnostics.extend(crate::check::references::check(
        site,
        &shown(root, config::FILE_NAME),
    ));
    let (aliases, alias_problems) = site::redirects(site);
    diagnostics.extend(alias_problems);
    site.settle_redirects(aliases);
    // The build reports what is wrong between alerts and runbooks; `check` at the levels the
    // config sets.
    let mut alert_levels = site.config.alerts.clone();
    if link_level == Level::Warning {
        use crate::config::Level as L;
        alert_levels.missing_runbook = L::Warning;
        alert_levels.broken_url = L::Warning;
        alert_levels.url_mismatch = L::Warning;
        alert_levels.unknown_alert = L::Warning;
    }
    diagnostics.extend(crate::alerts::join::check(site, &alert_levels));
    diagnostics.extend(site::output_conflicts(
        site,
        assets,
        static_files,
        &shown(root, "static"),
    ));
    diagnostics
}

//! The site model: every page's URL, the section tree, navigation order, and resolution of the
//! links written in Markdown. Pure data: no files, no HTML templates.

pub mod binder;
pub mod generated;
pub mod links;
mod outputs;
pub mod paths;
pub mod review;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::content::{Content, FrontMatter, Kind, SourcePage};
use crate::markdown::{LinkRewriter, Rendered};

/// Addresses between output files, a level below the model (the config needs them too); kept
/// reachable here, where the rest of the build has always found them.
pub use crate::url;
pub use binder::{BinderLinks, binder_anchor};
pub use outputs::{output_conflicts, redirects};
pub use paths::OutputPaths;

pub type PageId = usize;

/// The home page is always page 0.
pub const HOME: PageId = 0;

#[derive(Debug)]
pub struct Page {
    /// The Markdown source; `None` for a folder without a section page, and for a home page
    /// the content folder does not provide.
    pub source: Option<Arc<SourcePage>>,
    /// Path relative to the content folder: the `.md` file, or the folder for generated sections.
    pub rel_path: String,
    pub display_path: PathBuf,
    /// Output path relative to the site root: `runbooks/disk-full.html`.
    pub url: String,
    pub is_section: bool,
    /// For a section, the folder it stands for; for a page, the folder it sits in.
    pub folder: String,
    pub parent: Option<PageId>,
    pub children: Vec<PageId>,
    pub kind: Kind,
    pub title: String,
    pub rendered: Arc<Rendered>,
    /// For a page the site generates from the config: what it shows.
    pub generated: Option<generated::Generated>,
    /// A generated page's purpose in one line (a Markdown page's is its front matter's).
    pub summary: Option<String>,
    /// The page's place and sidebar title in the old tool's navigation (`mkdocs.yml`'s nav,
    /// `SUMMARY.md`), when the repository has one.
    pub outline_position: Option<usize>,
    pub outline_title: Option<String>,
}

impl Page {
    pub fn front(&self) -> &FrontMatter {
        static EMPTY: std::sync::LazyLock<FrontMatter> =
            std::sync::LazyLock::new(FrontMatter::default);
        self.source.as_ref().map_or(&EMPTY, |s| &s.front)
    }

    /// The page's one-line description: the front matter's, else a generated page's purpose.
    pub fn description(&self) -> Option<&str> {
        self.front()
            .description
            .as_deref()
            .or(self.summary.as_deref())
    }

    /// The title the sidebar shows: the front matter's `nav_title`, the old tool's navigation's,
    /// else the page's.
    pub fn nav_title(&self) -> &str {
        self.front()
            .nav_title
            .as_deref()
            .or(self.outline_title.as_deref())
            .filter(|t| !t.trim().is_empty())
            .unwrap_or(&self.title)
    }

    fn weight(&self) -> Option<i64> {
        self.front()
            .weight
            .or(self.generated.as_ref().map(|g| g.weight()))
    }
}

/// Where a link written in a page leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Another page (or the same one), with the `#anchor` if any.
    Page { id: PageId, anchor: Option<String> },
    /// A file copied from the content folder, by its path there.
    Asset(String),
    /// Another site, `mailto:`, or nothing to check.
    External,
    /// A page left out because it is a draft.
    Draft(String),
    /// A page whose file has errors of its own (reported there).
    Unparsed,
    /// A file of the repository outside the pages' folder, at this address in the hosted
    /// repository.
    Repository(String),
    /// Nothing at that path; the normalized path, when it stays inside the content folder.
    Missing(Option<String>),
}

/// One alerting rule of the monitoring side, where it was written. The pipeline has the
/// `alerts` loader read them and hands them to the site (`set_alert_rules`); the model never
/// reads rule files itself.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AlertRule {
    pub name: String,
    pub group: String,
    pub expr: String,
    /// `for:` as written (`5m`), empty when the rule fires at once.
    pub for_: String,
    pub severity: String,
    pub runbook_url: Option<String>,
    /// The file as diagnostics name it, and the lines of the rule and of its `runbook_url`.
    pub file: PathBuf,
    pub line: usize,
    pub url_line: usize,
}

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Every address the build writes that is not a content page.
    pub paths: OutputPaths,
    pub pages: Vec<Page>,
    /// Pages in reading order: home, then depth first through the sections.
    pub order: Vec<PageId>,
    /// Where each page stands in `order`.
    order_position: Vec<usize>,
    by_source: HashMap<String, PageId>,
    by_folder: HashMap<String, PageId>,
    by_url: HashMap<String, PageId>,
    assets: HashSet<String>,
    /// Files of the site's `static/` folder, copied to the same place in the output (Hugo's
    /// `/images/x.png` links lead there).
    static_files: HashSet<String>,
    /// See `by_lower_case_address`.
    lower_case_addresses: std::sync::OnceLock<HashMap<String, PageId>>,
    drafts: HashSet<String>,
    /// Pages whose file has errors: they exist, links to them are fine.
    unparsed: HashSet<String>,
    /// How diagnostics name the content folder.
    content_display: PathBuf,
    /// Redirect pages the build writes, and the page each leads to: aliases and the stable
    /// `alerts/<Name>/` addresses. Settled in the link stage (`settle_redirects`).
    pub redirects: Vec<(String, PageId)>,
    /// The alerting rules the monitoring side defines (`[alerts] rules`), and where the first
    /// rule of each name stands among them.
    alert_rules: Vec<AlertRule>,
    alert_rule_at: HashMap<String, usize>,
}

impl Site {
    /// Lays out the loaded content: one page per `.md` file, one section page per folder, each
    /// with its URL and parent. Titles and order come later, from `attach_rendered`.
    pub fn layout(config: Config, content: Content, content_display: PathBuf) -> Site {
        // Sized for the pages at once: growing maps of ten thousand entries step by step was a
        // fifth of laying them out.
        let n = content.pages.len() + 1;
        let mut site = Site {
            paths: OutputPaths::new(&config.generated_prefix),
            config,
            pages: Vec::with_capacity(n),
            order: Vec::new(),
            order_position: Vec::new(),
            by_source: HashMap::with_capacity_and_hasher(n, Default::default()),
            by_folder: HashMap::default(),
            by_url: HashMap::with_capacity_and_hasher(n, Default::default()),
            alert_rules: Vec::new(),
            alert_rule_at: HashMap::default(),
            assets: content.assets.iter().map(|a| a.rel_path.clone()).collect(),
            static_files: HashSet::default(),
            lower_case_addresses: Default::default(),
            drafts: content.drafts.into_iter().collect(),
            unparsed: content.unparsed.into_iter().collect(),
            content_display: content_display.clone(),
            redirects: Vec::new(),
        };
        let mut sources = content.pages;
        let home_index = sources
            .iter()
            .position(|p| p.is_section && p.folder().is_empty());
        let home_source = home_index.map(|i| sources.remove(i));
        site.push_section("", home_source, &content_display);

        // Folders first, shallow before deep, so that every page's parent exists when it is added.
        // Each page's folder and the folders above it, once: borrowed from the pages' own
        // folder names (a folder's parents are its prefixes), and a folder already seen has
        // its parents seen too.
        let mut seen: HashSet<&str> = HashSet::default();
        for page in &sources {
            let mut folder = page.folder().trim_matches('/');
            while !folder.is_empty() && seen.insert(folder) {
                folder = parent_folder(folder);
            }
        }
        let mut folders: Vec<String> = seen.into_iter().map(str::to_string).collect();
        folders.sort_by_key(|f| (f.matches('/').count(), f.clone()));
        let mut section_sources: HashMap<String, Arc<SourcePage>> = HashMap::default();
        let mut plain = Vec::new();
        for page in sources {
            if page.is_section && !section_sources.contains_key(page.folder()) {
                section_sources.insert(page.folder().to_string(), page);
            } else {
                plain.push(page);
            }
        }
        for folder in folders {
            let source = section_sources.remove(&folder);
            site.push_section(&folder, source, &content_display);
        }
        for page in plain {
            site.push_page(page);
        }
        site.push_generated(&content_display);
        site
    }

    /// Adds the pages generated from the config's declarations, in `operations/`.
    fn push_generated(&mut self, content_display: &std::path::Path) {
        use generated::Generated;
        let config = &self.config;
        let mut wanted = Vec::new();
        if !config.contacts.is_empty() || !config.teams.is_empty() {
            wanted.push(Generated::Contacts);
        }
        if !config.severity.is_empty() {
            wanted.push(Generated::Severity);
        }
        let any_alerts = self.pages.iter().any(|p| !p.front().alerts.is_empty())
            || config.services.values().any(|s| !s.alerts.is_empty());
        if any_alerts {
            wanted.push(Generated::Alerts);
        }
        wanted.extend(
            config
                .services
                .keys()
                .map(|id| Generated::Service(id.clone())),
        );
        if self.pages.iter().any(|p| p.front().last_reviewed.is_some()) {
            wanted.push(Generated::Review);
        }
        if wanted.is_empty() {
            return;
        }
        let folder = generated::FOLDER;
        let section = match self.by_folder.get(folder) {
            Some(&id) => id,
            None => self.push_section(folder, None, content_display),
        };
        // The service pages sit under one "Services" page, so that a site with many services
        // adds one entry to the operations section, not one per service.
        let mut services_page = None;
        for page in wanted {
            let parent = match (&page, services_page) {
                (Generated::Service(_), Some(services)) => services,
                (Generated::Service(_), None) => {
                    let services =
                        self.push_generated_page(Generated::Services, section, content_display);
                    let services = services.unwrap_or(section);
                    services_page = Some(services);
                    services
                }
                _ => section,
            };
            self.push_generated_page(page, parent, content_display);
        }
    }

    /// Adds one generated page under `parent`, unless a content page has its address.
    fn push_generated_page(
        &mut self,
        page: generated::Generated,
        parent: PageId,
        content_display: &std::path::Path,
    ) -> Option<PageId> {
        let folder = generated::FOLDER;
        let id = self.pages.len();
        let url = format!("{folder}/{}", page.file());
        if self.by_url.contains_key(&url) {
            // A content page already has that address: it wins, and output_conflicts says so.
            return None;
        }
        self.by_url.insert(url.clone(), id);
        let summary = match &page {
            generated::Generated::Service(service) => Some(self.service_summary(service)),
            other => other.description().map(str::to_string),
        };
        self.pages.push(Page {
            source: None,
            rel_path: url.clone(),
            display_path: content_display.join(folder),
            url,
            is_section: page == generated::Generated::Services,
            folder: folder.to_string(),
            parent: Some(parent),
            children: Vec::new(),
            kind: Kind::Page,
            title: String::new(),
            rendered: unrendered(),
            generated: Some(page),
            summary,
            outline_position: None,
            outline_title: None,
        });
        self.pages[parent].children.push(id);
        Some(id)
    }

    /// A service's line on its card: the config's description, else who owns it and how many
    /// runbooks and alerts it has.
    fn service_summary(&self, service_id: &str) -> String {
        let Some(service) = self.config.services.get(service_id) else {
            return String::new();
        };
        if let Some(description) = service.description.as_deref().filter(|d| !d.is_empty()) {
            return description.to_string();
        }
        let pages = self
            .pages
            .iter()
            .filter(|p| p.front().services.iter().any(|s| s == service_id))
            .count();
        let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        let mut parts = Vec::new();
        if let Some(team) = service.team.as_deref() {
            let name = self
                .config
                .teams
                .get(team)
                .map(|t| t.name.as_str())
                .or_else(|| self.config.contacts.get(team).map(|c| c.name.as_str()))
                .unwrap_or(team);
            parts.push(format!("Owned by {name}"));
        }
        parts.push(count(pages, "page"));
        if !service.alerts.is_empty() {
            parts.push(count(service.alerts.len(), "alert"));
        }
        parts.join(" · ")
    }

    fn push_section(
        &mut self,
        folder: &str,
        source: Option<Arc<SourcePage>>,
        content_display: &std::path::Path,
    ) -> PageId {
        let id = self.pages.len();
        let parent = (!folder.is_empty()).then(|| self.by_folder[parent_folder(folder)]);
        let (rel_path, display_path) = match &source {
            Some(s) => (s.rel_path.clone(), s.display_path.clone()),
            None => (folder.to_string(), content_display.join(folder)),
        };
        let kind = source
            .as_ref()
            .and_then(|s| s.front.kind)
            .unwrap_or_default();
        if let Some(s) = &source {
            self.by_source.insert(s.rel_path.clone(), id);
        }
        let url = url::folder_index(folder);
        self.by_folder.insert(folder.to_string(), id);
        self.by_url.insert(url.clone(), id);
        self.pages.push(Page {
            source,
            rel_path,
            display_path,
            url,
            is_section: true,
            folder: folder.to_string(),
            parent,
            children: Vec::new(),
            kind,
            title: String::new(),
            rendered: unrendered(),
            generated: None,
            summary: None,
            outline_position: None,
            outline_title: None,
        });
        if let Some(parent) = parent {
            self.pages[parent].children.push(id);
        }
        id
    }

    fn push_page(&mut self, source: Arc<SourcePage>) -> PageId {
        let id = self.pages.len();
        let folder = source.folder().to_string();
        let parent = self.by_folder[&folder];
        let kind = source
            .front
            .kind
            .or_else(|| self.default_kind(parent))
            .unwrap_or_default();
        // A second section file in one folder was reported by `load`; it is laid out as a page.
        let url = url::page_output_path(&source.rel_path, false);
        self.by_source.insert(source.rel_path.clone(), id);
        self.by_url.insert(url.clone(), id);
        self.pages.push(Page {
            rel_path: source.rel_path.clone(),
            display_path: source.display_path.clone(),
            source: Some(source),
            url,
            is_section: false,
            folder,
            parent: Some(parent),
            children: Vec::new(),
            kind,
            title: String::new(),
            rendered: unrendered(),
            generated: None,
            summary: None,
            outline_position: None,
            outline_title: None,
        });
        self.pages[parent].children.push(id);
        id
    }

    /// Siblings whose titles were made from their names and came out the same
    /// (`google-cloud-storage/` and `google_cloud_storage/`) show their names as written, so the
    /// navigation never lists two identical entries.
    fn tell_apart_titles_made_from_names(&mut self) {
        let from_name = |page: &Page| {
            page.generated.is_none()
                && page
                    .source
                    .as_ref()
                    .is_none_or(|s| s.front.title.is_none() && page.rendered.title.is_none())
        };
        for parent in 0..self.pages.len() {
            // Most folders' pages all have titles of their own: nothing to tell apart there.
            if !self.pages[parent]
                .children
                .iter()
                .any(|&child| from_name(&self.pages[child]))
            {
                continue;
            }
            let children = self.pages[parent].children.clone();
            let mut seen: HashMap<String, usize> = HashMap::default();
            for &child in &children {
                *seen
                    .entry(self.pages[child].title.to_lowercase())
                    .or_default() += 1;
            }
            for &child in &children {
                let page = &self.pages[child];
                if from_name(page) && seen[&page.title.to_lowercase()] > 1 {
                    let name = if page.is_section {
                        page.folder
                            .rsplit('/')
                            .next()
                            .unwrap_or(&page.folder)
                            .to_string()
                    } else {
                        page.source
                            .as_ref()
                            .map_or(String::new(), |s| s.file_stem().to_string())
                    };
                    if !name.is_empty() {
                        self.pages[child].title = name;
                    }
                }
            }
        }
    }

    /// The `default_kind` of the nearest section above that sets one.
    fn default_kind(&self, mut section: PageId) -> Option<Kind> {
        loop {
            if let Some(kind) = self.pages[section].front().default_kind {
                return Some(kind);
            }
            section = self.pages[section].parent?;
        }
    }

    /// Gives the pages the old tool's navigation lists their place and sidebar title, and a
    /// folder the title of the navigation's section around its pages. A section without a
    /// place of its own takes its first listed page's, so that it sits where its pages do.
    pub fn apply_outline(&mut self, outline: &crate::content::outline::Outline) {
        let by_path: HashMap<String, &crate::content::outline::Entry> = outline
            .pages
            .iter()
            .map(|(path, entry)| (url::decode_path(path), entry))
            .collect();
        for page in &mut self.pages {
            let Some(source) = &page.source else { continue };
            if let Some(entry) = by_path.get(&source.rel_path) {
                page.outline_position = Some(entry.position);
                page.outline_title = entry.title.clone();
            }
        }
        for (folder, title) in &outline.folders {
            if let Some(&id) = self.by_folder.get(&url::decode_path(folder))
                && self.pages[id].outline_title.is_none()
            {
                self.pages[id].outline_title = Some(title.clone());
            }
        }
        // Deepest first, so that a section's place is known before its parent's is settled.
        let mut sections: Vec<PageId> = (0..self.pages.len())
            .filter(|&id| self.pages[id].is_section)
            .collect();
        sections.sort_by_key(|&id| std::cmp::Reverse(self.pages[id].folder.matches('/').count()));
        for id in sections {
            let first = self.pages[id]
                .children
                .iter()
                .filter_map(|&c| self.pages[c].outline_position)
                .min();
            let page = &mut self.pages[id];
            page.outline_position = match (page.outline_position, first) {
                (Some(own), Some(first)) => Some(own.min(first)),
                (own, first) => own.or(first),
            };
        }
    }

    /// Takes each page's rendered Markdown (indexed like `pages`), settles titles, and sorts
    /// sections by weight then title to fix the navigation and reading order.
    pub fn attach_rendered(&mut self, rendered: Vec<Arc<Rendered>>) {
        for (page, rendered) in self.pages.iter_mut().zip(rendered) {
            page.title = title_of(page, &rendered, &self.config);
            page.rendered = rendered;
        }
        self.tell_apart_titles_made_from_names();
        // The old tool's navigation first, where there is one; then weight, then title.
        let keys: Vec<(usize, bool, i64, String)> = self
            .pages
            .iter()
            .map(|p| {
                (
                    p.outline_position.unwrap_or(usize::MAX),
                    p.weight().is_none(),
                    p.weight().unwrap_or(0),
                    p.title.to_lowercase(),
                )
            })
            .collect();
        for page in &mut self.pages {
            page.children.sort_by(|a, b| keys[*a].cmp(&keys[*b]));
        }
        self.order.clear();
        let mut stack = vec![HOME];
        while let Some(id) = stack.pop() {
            self.order.push(id);
            stack.extend(self.pages[id].children.iter().rev());
        }
        self.order_position = vec![0; self.pages.len()];
        for (position, &id) in self.order.iter().enumerate() {
            self.order_position[id] = position;
        }
    }

    /// The pages before and after `id` in reading order.
    pub fn neighbours(&self, id: PageId) -> (Option<PageId>, Option<PageId>) {
        let Some(&position) = self.order_position.get(id) else {
            return (None, None);
        };
        let previous = position.checked_sub(1).map(|p| self.order[p]);
        (previous, self.order.get(position + 1).copied())
    }

    /// Ancestors of a page from the home page down, the page itself excluded.
    pub fn ancestors(&self, id: PageId) -> Vec<PageId> {
        let mut chain = Vec::new();
        let mut current = self.pages[id].parent;
        while let Some(p) = current {
            chain.push(p);
            current = self.pages[p].parent;
        }
        chain.reverse();
        chain
    }

    /// Where the link `dest`, written in page `from`, leads.
    pub fn resolve(&self, from: PageId, dest: &str) -> Target {
        let dest = dest.trim();
        if dest.is_empty() || is_external(dest) {
            return Target::External;
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((path, anchor)) => (path, Some(anchor.to_string()).filter(|a| !a.is_empty())),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        if path.is_empty() {
            return Target::Page { id: from, anchor };
        }
        let page = &self.pages[from];
        // Addresses are NFC (see content::tree); a link typed on macOS may be NFD.
        let decoded = crate::content::tree::nfc(url::decode_path(path));
        let in_content = url::join_normalized(&page.folder, &decoded).or_else(|| {
            // Up and out of the pages' folder, then back into it (`../../docs/x.md` from
            // `docs/a/b.md`), as links written on GitHub do.
            let in_repository = self.in_repository(&page.folder, &decoded)?;
            let content = self.config.content_dir.trim_end_matches('/');
            in_repository
                .strip_prefix(content)
                .and_then(|rest| rest.strip_prefix('/'))
                .map(str::to_string)
        });
        let Some(joined) = in_content else {
            // One more level up is the pages' folder when read from the page's own address.
            if let Some(&id) = self.relative_to_page_address(from, &decoded) {
                return Target::Page { id, anchor };
            }
            // Out of the pages' folder: a file of the repository (a script, a rule file), which
            // the hosted repository shows when the config names it.
            let in_repository = self.in_repository(&page.folder, &decoded);
            if let Some(url) = in_repository.and_then(|p| self.config.repository_file_url(&p)) {
                return Target::Repository(url);
            }
            return Target::Missing(None);
        };
        let found = if joined.ends_with(".md") {
            self.by_source.get(&joined)
        } else if path.ends_with('/') || joined.is_empty() {
            self.by_folder.get(&joined)
        } else {
            self.by_url
                .get(&joined)
                .or_else(|| self.by_folder.get(&joined))
        }
        .or_else(|| self.written_for_another_tool(&joined))
        .or_else(|| self.relative_to_page_address(from, &decoded));
        match found {
            Some(&id) => Target::Page { id, anchor },
            None if self.assets.contains(&joined) || self.static_files.contains(&joined) => {
                Target::Asset(joined)
            }
            None if self.drafts.contains(&joined) => Target::Draft(joined),
            None if self.unparsed.contains(&joined) => Target::Unparsed,
            None => Target::Missing(Some(joined)),
        }
    }

    /// The alerting rules the monitoring side defines, in file order.
    pub fn alert_rules(&self) -> &[AlertRule] {
        &self.alert_rules
    }

    /// The first rule of that name.
    pub fn alert_rule(&self, name: &str) -> Option<&AlertRule> {
        self.alert_rule_at
            .get(name)
            .map(|&at| &self.alert_rules[at])
    }

    pub fn set_alert_rules(&mut self, rules: Vec<AlertRule>) {
        self.alert_rule_at.clear();
        for (at, rule) in rules.iter().enumerate() {
            self.alert_rule_at.entry(rule.name.clone()).or_insert(at);
        }
        self.alert_rules = rules;
    }

    /// Every alert name with the page answering it (the first in reading order to name it):
    /// the alerts services declare and those pages list.
    pub fn alert_pages(&self) -> Vec<(&str, Option<PageId>)> {
        let mut pages: HashMap<&str, Option<PageId>> = HashMap::default();
        for service in self.config.services.values() {
            for alert in &service.alerts {
                pages.entry(alert).or_insert(None);
            }
        }
        for rule in &self.alert_rules {
            pages.entry(&rule.name).or_insert(None);
        }
        for &id in &self.order {
            for alert in &self.pages[id].front().alerts {
                pages.entry(alert).or_insert(None).get_or_insert(id);
            }
        }
        let mut alerts: Vec<(&str, Option<PageId>)> = pages.into_iter().collect();
        alerts.sort_by_cached_key(|(a, _)| (a.to_lowercase(), *a));
        alerts
    }

    /// The page an address of the built site shows: a page's own URL (`runbooks/disk.html`,
    /// also without `.html`, or a folder's `index.html`), or a redirect (old addresses and
    /// `alerts/<Name>/`) to it.
    pub fn page_at(&self, path: &str) -> Option<PageId> {
        let path = path.trim_start_matches('/');
        let trimmed = path.trim_end_matches('/');
        let candidates = [
            path.to_string(),
            format!("{trimmed}/index.html"),
            format!("{trimmed}.html"),
            if trimmed.is_empty() {
                "index.html".to_string()
            } else {
                trimmed.to_string()
            },
        ];
        candidates.iter().find_map(|c| {
            self.by_url.get(c).copied().or_else(|| {
                self.redirects
                    .iter()
                    .find(|(from, _)| from == c)
                    .map(|(_, to)| *to)
            })
        })
    }

    /// A page whose address differs from `path` only in case (Hugo lowercases addresses;
    /// dontpanic keeps the file's name), for a hint.
    pub fn page_at_ignoring_case(&self, path: &str) -> Option<PageId> {
        let wanted = path
            .trim_start_matches('/')
            .trim_end_matches('/')
            .to_lowercase();
        self.order.iter().copied().find(|&id| {
            let url = self.pages[id].url.to_lowercase();
            let url = url.trim_end_matches("index.html").trim_end_matches(".html");
            url.trim_end_matches('/') == wanted
        })
    }

    /// Settles the redirect pages: the aliases found valid, then a stable address for every
    /// alert a page answers, unless a page or an alias already has that address.
    pub fn settle_redirects(&mut self, aliases: Vec<(String, PageId)>) {
        let mut taken: HashSet<String> = aliases.iter().map(|(path, _)| path.clone()).collect();
        let mut redirects = aliases;
        let alerts: Vec<(String, PageId)> = self
            .alert_pages()
            .into_iter()
            .filter_map(|(alert, page)| Some((self.paths.alert(alert)?, page?)))
            .collect();
        for (path, id) in alerts {
            if !self.has_output(&path) && taken.insert(path.clone()) {
                redirects.push((path, id));
            }
        }
        self.redirects = redirects;
    }

    /// The path from the repository's root that `dest`, written in a page of `folder`, names.
    fn in_repository(&self, folder: &str, dest: &str) -> Option<String> {
        let content = self.config.content_dir.trim_end_matches('/');
        let base = if folder.is_empty() {
            content.to_string()
        } else {
            format!("{content}/{folder}")
        };
        url::join_normalized(&base, dest)
    }

    /// Hugo and MkDocs give a page the address of a folder (`database/failover/`), and links
    /// written there are relative to it: `../replication-lag/` from `database/failover.md`.
    fn relative_to_page_address(&self, from: PageId, dest: &str) -> Option<&PageId> {
        let page = &self.pages[from];
        if page.is_section || dest.starts_with('/') || dest.ends_with(".md") {
            return None;
        }
        let stem = page.rel_path.strip_suffix(".md")?;
        let joined = url::join_normalized(stem, dest)?;
        self.written_for_another_tool(&joined)
    }

    /// Records the site's `static/` files, which links may name as they are copied.
    pub fn add_static_files(&mut self, files: impl IntoIterator<Item = String>) {
        self.static_files.extend(files);
    }

    /// The file of the site copied to `path` of the output, named by its folder.
    pub fn copied_file(&self, path: &str) -> Option<String> {
        if self.static_files.contains(path) {
            Some(format!("static/{path}"))
        } else if self.assets.contains(path) {
            Some(format!("{}/{path}", self.config.content_dir))
        } else {
            None
        }
    }

    /// A link as other tools write it, when the plain reading finds nothing: a site address
    /// without `.html` (`/docs/add-runbook/`, MkDocs' and Hugo's page URLs), or a path from the
    /// repository's root that starts with the content folder (`/docs/kube/x.md` when the pages
    /// are in `docs/`).
    fn written_for_another_tool(&self, joined: &str) -> Option<&PageId> {
        let found = self.written_for_another_tool_as_cased(joined);
        let from_hugo = self
            .config
            .foreign
            .as_ref()
            .is_some_and(|f| f.tool == "hugo");
        if found.is_some() || !from_hugo {
            return found;
        }
        // Hugo lowercases its addresses: `/runbooks/alertmanager/alertmanagerdown/` is
        // `AlertmanagerDown.md`.
        let wanted = joined.trim_end_matches('/').to_lowercase();
        let wanted = wanted.strip_suffix(".md").unwrap_or(&wanted);
        self.by_lower_case_address().get(wanted)
    }

    /// Every page by its address in lower case, without `.md` (a folder's page also by the
    /// folder), the first in source order when two meet; made once, when a link needs it.
    fn by_lower_case_address(&self) -> &HashMap<String, PageId> {
        self.lower_case_addresses.get_or_init(|| {
            let mut map = HashMap::default();
            for (id, page) in self.pages.iter().enumerate() {
                let Some(source) = &page.source else { continue };
                let path = source.rel_path.to_lowercase();
                let stem = path.strip_suffix(".md").unwrap_or(&path).to_string();
                let folder = stem
                    .strip_suffix("/_index")
                    .or_else(|| stem.strip_suffix("/index"))
                    .map(str::to_string);
                map.entry(stem).or_insert(id);
                if let Some(folder) = folder {
                    map.entry(folder).or_insert(id);
                }
            }
            map
        })
    }

    fn written_for_another_tool_as_cased(&self, joined: &str) -> Option<&PageId> {
        let bare = joined.trim_end_matches('/');
        let from_repository = bare
            .strip_prefix(self.config.content_dir.as_str())
            .and_then(|rest| rest.strip_prefix('/'));
        [Some(bare), from_repository]
            .into_iter()
            .flatten()
            .find_map(|candidate| {
                self.by_source
                    .get(candidate)
                    .or_else(|| self.by_source.get(&format!("{candidate}.md")))
                    .or_else(|| self.by_url.get(&format!("{candidate}.html")))
                    .or_else(|| self.by_folder.get(candidate))
            })
    }

    /// The page written at output path `path` (`runbooks/disk.html`), if one is.
    pub fn page_id_at(&self, path: &str) -> Option<PageId> {
        self.by_url.get(path).copied()
    }

    /// True when `path` is the output path of one of the pages.
    pub fn has_output(&self, path: &str) -> bool {
        self.by_url.contains_key(path)
    }

    /// Every source path of a page, for "did you mean" hints.
    pub fn source_paths(&self) -> impl Iterator<Item = &str> {
        self.by_source.keys().map(String::as_str)
    }

    /// The rewriter that turns the links written in page `from` into relative URLs.
    pub fn link_rewriter(&self, from: PageId) -> PageLinks<'_> {
        PageLinks { site: self, from }
    }
}

pub struct PageLinks<'a> {
    site: &'a Site,
    from: PageId,
}

impl LinkRewriter for PageLinks<'_> {
    fn rewrite(&self, dest: &str) -> Option<String> {
        let from_url = &self.site.pages[self.from].url;
        match self.site.resolve(self.from, dest) {
            Target::Page { id, anchor } => {
                let mut href = if id == self.from
                    && !dest.trim_start().starts_with(['.', '/'])
                    && dest.starts_with('#')
                {
                    String::new()
                } else {
                    url::relative(from_url, &self.site.pages[id].url)
                };
                if let Some(anchor) = anchor {
                    href.push('#');
                    href.push_str(&anchor);
                }
                Some(href)
            }
            Target::Asset(path) => Some(url::relative(from_url, &path)),
            Target::Repository(url) => Some(url),
            _ => None,
        }
    }

    fn param(&self, name: &str) -> Option<String> {
        self.site.config.param(name)
    }
}

fn title_of(page: &Page, rendered: &Rendered, config: &Config) -> String {
    if let Some(generated) = &page.generated {
        let service = match generated {
            generated::Generated::Service(id) => config.services.get(id).map(|s| s.name.as_str()),
            _ => None,
        };
        return generated.title(service);
    }
    if let Some(title) = page
        .front()
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
    {
        return title.trim().to_string();
    }
    if let Some(title) = &rendered.title {
        return title.clone();
    }
    if page.is_section && page.folder.is_empty() {
        return config.title.clone();
    }
    if page.is_section {
        return url::humanize(page.folder.rsplit('/').next().unwrap_or(&page.folder));
    }
    let stem = page.source.as_ref().map_or("", |s| s.file_stem());
    url::humanize(stem)
}

fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    // A scheme: letters, digits, `+.-`, then `:` before any `/`, `?` or `#`.
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
        }
        None => false,
    }
}

/// What a page holds until the render stage: one shared empty text, not one per page.
fn unrendered() -> Arc<Rendered> {
    static EMPTY: std::sync::OnceLock<Arc<Rendered>> = std::sync::OnceLock::new();
    Arc::clone(EMPTY.get_or_init(Arc::default))
}

fn parent_folder(folder: &str) -> &str {
    folder.rsplit_once('/').map_or("", |(parent, _)| parent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::loader_for_tests::page;

    fn site(paths: &[&str]) -> Site {
        let content = Content {
            pages: paths.iter().map(|p| Arc::new(page(p))).collect(),
            assets: vec![crate::content::Asset {
                source: PathBuf::from("x"),
                rel_path: "runbooks/img/graph.png".into(),
            }],
            drafts: vec!["runbooks/wip.md".into()],
            unparsed: Vec::new(),
            diagnostics: Vec::new(),
        };
        Site::layout(Config::default(), content, PathBuf::from("content"))
    }

    fn id(site: &Site, rel: &str) -> PageId {
        site.by_source[rel]
    }

    #[test]
    fn md_links_resolve_to_pages_and_rewrite_to_relative_urls() {
        let s = site(&[
            "_index.md",
            "runbooks/disk.md",
            "playbooks/_index.md",
            "playbooks/lockout.md",
        ]);
        let from = id(&s, "runbooks/disk.md");
        let links = s.link_rewriter(from);
        assert_eq!(
            links.rewrite("../playbooks/lockout.md#first").as_deref(),
            Some("../playbooks/lockout.html#first")
        );
        assert_eq!(
            links.rewrite("../playbooks/").as_deref(),
            Some("../playbooks/index.html")
        );
        assert_eq!(
            links.rewrite("../playbooks/_index.md").as_deref(),
            Some("../playbooks/index.html")
        );
        assert_eq!(
            links.rewrite("/playbooks/lockout.md").as_deref(),
            Some("../playbooks/lockout.html")
        );
        assert_eq!(
            links.rewrite("../_index.md").as_deref(),
            Some("../index.html")
        );
        assert_eq!(links.rewrite("#local").as_deref(), Some("#local"));
        assert_eq!(
            links.rewrite("img/graph.png").as_deref(),
            Some("img/graph.png")
        );
        assert_eq!(links.rewrite("https://example.com/x.md"), None);
        assert_eq!(links.rewrite("mailto:ops@example.com"), None);
    }

    #[test]
    fn unresolvable_links_say_why() {
        let s = site(&["runbooks/disk.md"]);
        let from = id(&s, "runbooks/disk.md");
        assert_eq!(
            s.resolve(from, "wip.md"),
            Target::Draft("runbooks/wip.md".into())
        );
        assert_eq!(
            s.resolve(from, "gone.md"),
            Target::Missing(Some("runbooks/gone.md".into()))
        );
        assert_eq!(
            s.resolve(from, "../../../etc/passwd"),
            Target::Missing(None)
        );
    }

    #[test]
    fn folders_without_section_page_are_generated_and_titled() {
        let mut s = site(&["network-ops/vpn.md"]);
        s.attach_rendered(vec![Arc::default(); s.pages.len()]);
        let folder = s.by_folder["network-ops"];
        assert!(s.pages[folder].source.is_none());
        assert_eq!(s.pages[folder].title, "Network ops");
        assert_eq!(s.pages[folder].url, "network-ops/index.html");
        assert_eq!(s.pages[HOME].title, "Don't Panic");
    }
}

//! Building the site model from the loaded content: one page per `.md` file and one section
//! page per folder, each with its URL and parent; the pages the config generates; the old
//! tool's navigation; titles and reading order once pages are rendered; and the redirects
//! settled in the link stage. Reads no files.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use super::generated;
use super::{HOME, OutputPaths, Page, PageId, Site};
use crate::config::Config;
use crate::content::{Content, Kind, SourcePage};
use crate::markdown::Rendered;
use crate::url;

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
            language_roots: Vec::new(),
            translations: HashMap::default(),
            translated: Vec::new(),
            strings: Default::default(),
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
        site.settle_languages();
        site
    }

    /// Each language's home page (its folder's page, the root of its own tree) and each page's
    /// translations. A language without a folder has the site's home as its own.
    fn settle_languages(&mut self) {
        let languages = &self.config.languages;
        self.language_roots = (0..languages.list.len())
            .map(|id| {
                let folder = languages.published_path(id, "");
                self.by_folder.get(&folder).copied().unwrap_or(HOME)
            })
            .collect();
        self.translated = vec![false; languages.list.len()];
        for page in &self.pages {
            if !page.fallback && page.source.is_some() {
                self.translated[page.language] = true;
            }
        }
        if !languages.is_multilingual() {
            return;
        }
        for (id, page) in self.pages.iter().enumerate() {
            let key = languages.of_path(&page.rel_path).1.into_owned();
            self.translations
                .entry(key)
                .or_default()
                .push((page.language, id));
        }
        for list in self.translations.values_mut() {
            list.sort();
            list.dedup_by_key(|(language, _)| *language);
        }
    }

    /// The language of the pages in `folder` (relative to the content folder): the one whose
    /// output folder it is in.
    fn language_of_folder(&self, folder: &str) -> crate::languages::LanguageId {
        let first = folder.split('/').next().unwrap_or("");
        self.config
            .languages
            .list
            .iter()
            .position(|l| !l.prefix.is_empty() && l.prefix == first)
            .unwrap_or(crate::languages::DEFAULT)
    }

    /// Whether `folder` is a language's own folder (`zh`): the root of that language's tree.
    fn is_language_folder(&self, folder: &str) -> bool {
        !folder.is_empty()
            && self
                .config
                .languages
                .list
                .iter()
                .skip(1)
                .any(|l| l.prefix == folder)
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
            // Settled in the site's language with the titles (`attach_rendered`).
            _ => None,
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
            language: crate::languages::DEFAULT,
            fallback: false,
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
        // A language's folder is the root of its own tree, not a section of the home page.
        let parent = (!folder.is_empty() && !self.is_language_folder(folder))
            .then(|| self.by_folder[parent_folder(folder)]);
        let language = match &source {
            Some(s) => s.language,
            None => self.language_of_folder(folder),
        };
        let fallback = source.as_ref().is_some_and(|s| s.fallback);
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
            language,
            fallback,
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
        let (source_language, source_fallback) = (source.language, source.fallback);
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
            language: source_language,
            fallback: source_fallback,
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
        let strings = self.strings.for_language(&self.config.language);
        for (page, rendered) in self.pages.iter_mut().zip(rendered) {
            page.title = title_of(page, &rendered, &self.config, &strings);
            if let Some(generated) = &page.generated
                && let Some(description) = generated.description(&strings)
            {
                page.summary = Some(description);
            }
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
        // The home page's tree, then each other language's.
        // A language without a folder of its own has the home page as its root: each tree once.
        let mut roots: Vec<PageId> = Vec::new();
        for &root in self.language_roots.iter().chain([&HOME]) {
            if !roots.contains(&root) {
                roots.push(root);
            }
        }
        for root in roots {
            let mut stack = vec![root];
            while let Some(id) = stack.pop() {
                self.order.push(id);
                stack.extend(self.pages[id].children.iter().rev());
            }
        }
        self.order_position = vec![0; self.pages.len()];
        for (position, &id) in self.order.iter().enumerate() {
            self.order_position[id] = position;
        }
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
}

fn title_of(
    page: &Page,
    rendered: &Rendered,
    config: &Config,
    strings: &crate::strings::Catalog,
) -> String {
    if let Some(generated) = &page.generated {
        let service = match generated {
            generated::Generated::Service(id) => config.services.get(id).map(|s| s.name.as_str()),
            _ => None,
        };
        return generated.title(service, strings);
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

/// What a page holds until the render stage: one shared empty text, not one per page.
fn unrendered() -> Arc<Rendered> {
    static EMPTY: std::sync::OnceLock<Arc<Rendered>> = std::sync::OnceLock::new();
    Arc::clone(EMPTY.get_or_init(Arc::default))
}

fn parent_folder(folder: &str) -> &str {
    folder.rsplit_once('/').map_or("", |(parent, _)| parent)
}

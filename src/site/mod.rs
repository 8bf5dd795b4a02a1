//! The site model: its types (`Site`, `Page`, `Target`, `AlertRule`) and what the later stages
//! ask of them (reading order, ancestors, the page at an address, alerts and their pages).
//! Building the model is `layout`, following links is `resolve`. Pure data: no files, no HTML
//! templates.

pub mod binder;
pub mod generated;
mod layout;
pub mod links;
mod outputs;
pub mod paths;
mod resolve;
pub mod review;
pub mod translations;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::content::{FrontMatter, Kind, SourcePage};
use crate::markdown::Rendered;

/// Addresses between output files, a level below the model (the config needs them too); kept
/// reachable here, where the rest of the build has always found them.
pub use crate::url;
pub use binder::{BinderLinks, binder_anchor};
pub use outputs::{output_conflicts, redirects};
pub use paths::OutputPaths;
pub use resolve::PageLinks;

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
    /// The page's language (`config.languages`); 0, the default, in a site of one.
    pub language: crate::languages::LanguageId,
    /// A page of the default language shown under another language's address, untranslated.
    pub fallback: bool,
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
    /// Each language's home page, by language: the site's home for the default language, the
    /// page of its folder (`zh/`) for each other, whose tree is a site of its own beside it.
    pub language_roots: Vec<PageId>,
    /// The pages that are one page in several languages, by the page's path in the default
    /// language's tree: each with its language.
    translations: HashMap<String, Vec<(crate::languages::LanguageId, PageId)>>,
    /// Whether each language has pages of its own (not only untranslated copies).
    translated: Vec<bool>,
    /// The interface's strings: the shipped catalogs with the theme's and the site's own
    /// `i18n/<code>.toml` over them (set by the load stage). Generated pages take their titles
    /// from them; the theme asks them for each page's language.
    pub strings: crate::strings::Catalogs,
}

impl Site {
    /// The pages before and after `id` in reading order.
    pub fn neighbours(&self, id: PageId) -> (Option<PageId>, Option<PageId>) {
        let Some(&position) = self.order_position.get(id) else {
            return (None, None);
        };
        let previous = position.checked_sub(1).map(|p| self.order[p]);
        (previous, self.order.get(position + 1).copied())
    }

    /// The home page of the language `id` is in: the site's home, or a language's folder page.
    pub fn root_of(&self, id: PageId) -> PageId {
        self.language_roots
            .get(self.pages[id].language)
            .copied()
            .unwrap_or(HOME)
    }

    /// The page in every language the site has it in, `id` itself included, in the order of
    /// `config.languages` (a single entry in a site of one language).
    pub fn translations(&self, id: PageId) -> Vec<(crate::languages::LanguageId, PageId)> {
        let page = &self.pages[id];
        let key = self.config.languages.of_path(&page.rel_path).1;
        match self.translations.get(key.as_ref()) {
            Some(all) => all.clone(),
            None => vec![(page.language, id)],
        }
    }

    /// The folder of language `id`'s search index, from the site's root: the default
    /// language's is `paths.search_index`, another's the same under its folder
    /// (`zh/dontpanic/search/`).
    pub fn search_index_folder(&self, id: crate::languages::LanguageId) -> String {
        if id == crate::languages::DEFAULT {
            return self.paths.search_index.clone();
        }
        let prefix = &self.config.languages.list[id].prefix;
        format!("{prefix}/{}", self.paths.search_index)
    }

    /// Whether language `language` has pages of its own, not only the default's untranslated.
    pub fn has_translations(&self, language: crate::languages::LanguageId) -> bool {
        self.translated.get(language).copied().unwrap_or(false)
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Content;
    use crate::content::loader_for_tests::page;
    use crate::markdown::LinkRewriter;

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

//! The data every template sees, typed and documented in one place. All URLs in it are
//! relative to the page being rendered, so templates never compute paths.
//!
//! Top-level names: `site`, `page`, `root` (the `../` prefix to the site root), `nav`,
//! `breadcrumbs`, `previous`, `next`, `children`, `build`; and, added when rendering from the
//! page's catalog (`strings`), `t` (the interface strings as nested maps:
//! `{{ t.search.placeholder }}`, `{{ t.nav.more_in | count(n=3, section=title) }}`) and
//! `strings_script` (the scripts' strings, under the theme folder).

use serde::Serialize;

use super::binder_context::{BinderPage, BinderPart};
use super::nav::{NAV_TOP_WINDOW, nav_items, nav_window};
pub use super::nav::{NavItem, NavScope};
use crate::site::{HOME, PageId, Site, url};

pub use super::values::{BuildInfo, Link};

#[derive(Serialize)]
pub struct SiteInfo<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    pub base_url: Option<&'a str>,
    /// Pages register the offline service worker.
    pub service_worker: bool,
    /// The config says the site is public; otherwise pages ask not to be indexed.
    pub public: bool,
    /// Where the generator's files are, from the site root (`paths.theme`, `paths.search_page`,
    /// `paths.search_index`, `paths.binder`, `paths.service_worker`): a template writes
    /// `{{ root }}{{ site.paths.theme }}assets/style.css`.
    pub paths: &'a crate::site::OutputPaths,
    pub extra: &'a serde_json::Value,
}

#[derive(Serialize)]
pub struct TocEntry<'a> {
    pub level: u8,
    pub id: &'a str,
    pub text: &'a str,
}

#[derive(Serialize)]
pub struct PageInfo<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub kind: &'static str,
    /// Runbooks and playbooks show their owner, severity, services and review date up top.
    pub show_meta: bool,
    pub severity: Option<&'a str>,
    /// The level's name and rank (0 is the most severe) when the config declares levels.
    pub severity_name: Option<&'a str>,
    pub severity_rank: Option<usize>,
    pub owner: Option<&'a str>,
    /// The owner's name from the config's contacts or teams.
    pub owner_name: Option<&'a str>,
    /// The owner's entry on the generated contacts page, relative to this page.
    pub owner_url: Option<String>,
    pub services: &'a [String],
    pub alerts: &'a [String],
    /// The rules of this page's alerts that the monitoring side defines: what fired.
    pub alert_rules: Vec<&'a crate::site::AlertRule>,
    /// Whom to escalate to, in order: names linked to their contact entries, with a number.
    pub escalation: Vec<super::values::Reach<'a>>,
    /// The owner's number, when the config has one (for a team, its first person's).
    pub owner_phone: Option<&'a str>,
    pub regions: &'a [String],
    pub tags: &'a [String],
    /// For a template page: the fields of its ticket form, in order.
    pub fields: Vec<TicketField<'a>>,
    pub last_reviewed: Option<String>,
    /// `last_reviewed` as the page's language writes a date.
    pub last_reviewed_shown: Option<String>,
    /// "today", "1 day ago", "42 days ago".
    pub reviewed_ago: Option<String>,
    /// "fresh", "due" (past the review period), "stale" (past two) or "future".
    pub review_state: Option<&'static str>,
    pub review_every: Option<String>,
    /// The rendered Markdown body before a template's form (empty without a form).
    pub content_before_form: &'a str,
    /// The rendered Markdown body (after the form, for a template).
    pub content: &'a str,
    pub toc: Vec<TocEntry<'a>>,
    /// Output path from the site root (`runbooks/disk-full.html`).
    pub path: &'a str,
    /// Source path in the content folder (`runbooks/disk-full.md`).
    pub source_path: &'a str,
    pub is_home: bool,
    pub is_section: bool,
    pub extra: Option<&'a serde_json::Value>,
    /// Where the page's source is edited, when the config names the repository.
    pub edit_url: Option<String>,
    /// The page asks for the site's navigation to be hidden (`hide: [navigation]`).
    pub hide_navigation: bool,
    /// The page's language (`<html lang>`) and its direction, `ltr` or `rtl`.
    pub lang: &'a str,
    pub dir: &'static str,
    /// The home page of the page's language, relative to the page.
    pub home_url: String,
    /// The page in each language of a site in several (none in a site of one), for the
    /// switcher and `hreflang`: this page's own entry is `current`.
    pub translations: Vec<Translation<'a>>,
    /// For a page shown untranslated under its language's address: the name of the language
    /// it is written in.
    pub fallback_from: Option<String>,
    /// A translation made from an earlier text of its source (`translated_from`).
    pub outdated: bool,
    /// The language of the page's text when it is not the page's: an untranslated page's.
    pub content_lang: Option<&'a str>,
    /// The folder of the search index of the page's language, from the site's root.
    pub search_index: String,
}

/// The page in one language of the site.
#[derive(Serialize)]
pub struct Translation<'a> {
    /// The BCP 47 code, for `hreflang` and `lang`.
    pub code: &'a str,
    /// The language's name in itself, for the switcher.
    pub name: &'a str,
    /// Relative to the page (the switcher's link, which works from disk too).
    pub url: String,
    /// The full address when the site's is known (`hreflang`), else `url`.
    pub address: String,
    pub current: bool,
    /// The page exists in that language only as the default language's text.
    pub fallback: bool,
}

/// One input of a ticket template's form.
#[derive(Serialize)]
pub struct TicketField<'a> {
    pub id: &'a str,
    pub label: &'a str,
    /// text, textarea, select, datetime, datetime-range or list.
    pub kind: &'a str,
    pub options: &'a [String],
    pub required: bool,
    /// Rendered inline Markdown: it may link to the severity matrix.
    pub help: &'a str,
}

#[derive(Serialize)]
pub struct Child<'a> {
    pub title: &'a str,
    pub url: String,
    pub description: Option<&'a str>,
    pub kind: &'static str,
    pub severity: Option<&'a str>,
    pub is_section: bool,
    /// Pages below a section, all levels.
    pub count: usize,
}

#[derive(Serialize)]
pub struct PageContext<'a> {
    pub site: SiteInfo<'a>,
    pub page: PageInfo<'a>,
    pub root: String,
    pub nav: Vec<NavItem<'a>>,
    /// Top-level entries left out of `nav` (the home page lists them all).
    pub nav_more: usize,
    pub breadcrumbs: Vec<Link<'a>>,
    pub previous: Option<Link<'a>>,
    pub next: Option<Link<'a>>,
    pub children: Vec<Child<'a>>,
    pub build: &'a BuildInfo,
    /// For the generated operations pages: their data (see `operations.rs`).
    pub operations: Option<super::operations::Operations<'a>>,
    /// For the binder: every page of this part, in navigation order.
    pub binder: Vec<BinderPage<'a>>,
    /// For a binder in several parts: every part, this one marked.
    pub binder_parts: Vec<BinderPart>,
    /// For the binder of a site too large to print whole: how many pages it leaves out (it
    /// holds the responder's kit: the home page, playbooks, checklists and templates).
    pub binder_left_out: usize,
    /// For the 404 page of a site whose address is not known: find the site's root from the
    /// address the page is shown at, before anything loads.
    pub find_root: bool,
}

/// The context of `redirect.html`: an alias pointing at its page.
#[derive(Serialize)]
pub struct RedirectContext<'a> {
    pub site: SiteInfo<'a>,
    pub title: &'a str,
    pub target: String,
    /// The page's interface strings (given to the template as `t`).
    #[serde(skip)]
    pub strings: std::sync::Arc<super::catalog::Catalog>,
}

/// The language of page `id`'s interface: its language's (the site's in a site of one). Every
/// interface string of a page comes through here.
pub fn page_language(site: &Site, id: PageId) -> &str {
    &site.config.languages.list[site.pages[id].language].code
}

/// The interface strings of page `id`, in its language.
pub fn strings(site: &Site, id: PageId) -> std::sync::Arc<super::catalog::Catalog> {
    site.strings.for_language(page_language(site, id))
}

impl<'a> RedirectContext<'a> {
    pub fn new(site: &'a Site, alias_path: &str, id: PageId, build: &BuildInfo) -> Self {
        RedirectContext {
            site: site_info(site, build),
            title: &site.pages[id].title,
            target: url::relative(alias_path, &site.pages[id].url),
            strings: strings(site, id),
        }
    }
}

fn site_info<'a>(site: &'a Site, build: &BuildInfo) -> SiteInfo<'a> {
    SiteInfo {
        title: &site.config.title,
        description: &site.config.description,
        language: &site.config.language,
        base_url: site.config.base_url.as_deref(),
        service_worker: build.mode.plan(&site.config).service_worker,
        public: site.config.publish.public,
        paths: &site.paths,
        extra: &site.config.extra,
    }
}

pub fn page_context<'a>(
    site: &'a Site,
    id: PageId,
    build: &'a BuildInfo,
    scope: NavScope,
) -> PageContext<'a> {
    let page = &site.pages[id];
    let from = page.url.as_str();
    let link = |to: PageId| Link {
        title: &site.pages[to].title,
        url: url::relative(from, &site.pages[to].url),
    };
    let (previous, next) = site.neighbours(id);
    let (previous, next) = (previous.map(link), next.map(link));
    let ancestors = site.ancestors(id);
    let root = site.root_of(id);
    let breadcrumbs = if id == root {
        Vec::new()
    } else {
        ancestors.iter().map(|&a| link(a)).collect()
    };
    let children = page
        .children
        .iter()
        .map(|&c| child(site, from, c))
        .collect();
    let (nav, before, after) = nav_items(
        site,
        from,
        &site.pages[root].children,
        id,
        &ancestors,
        scope,
        1,
    );
    PageContext {
        nav_more: before + after,
        site: site_info(site, build),
        page: page_info(site, id, build),
        root: url::root_prefix(from),
        nav,
        breadcrumbs,
        previous,
        next,
        children,
        build,
        operations: page
            .generated
            .as_ref()
            .map(|g| super::operations::operations(site, id, g, build)),
        binder: Vec::new(),
        binder_parts: Vec::new(),
        binder_left_out: 0,
        find_root: false,
    }
}

/// The 404 page's context. A host serves it at whatever address was missing, at any depth:
/// with the site's address path known (`/ops/runbooks/`, from `base_url`), its links start
/// there; without it, its links are written from the site's root and the page finds that root
/// in the browser (`find_root`).
pub fn not_found_context<'a>(
    site: &'a Site,
    root: Option<&str>,
    build: &'a BuildInfo,
) -> PageContext<'a> {
    let prefix = root.unwrap_or("").to_string();
    let mut ctx = special_context(
        site,
        "Page not found",
        prefix.clone(),
        |to| format!("{prefix}{}", url::encode_path(to)),
        build,
    );
    ctx.find_root = root.is_none();
    ctx
}

/// The context of a page the site generates at `path` (the search page).
pub fn generated_context<'a>(
    site: &'a Site,
    path: &str,
    title: &'a str,
    build: &'a BuildInfo,
) -> PageContext<'a> {
    let mut ctx = special_context(
        site,
        title,
        url::root_prefix(path),
        |to| url::relative(path, to),
        build,
    );
    ctx.breadcrumbs = vec![Link {
        title: &site.pages[HOME].title,
        url: url::relative(path, &site.pages[HOME].url),
    }];
    ctx
}

fn special_context<'a>(
    site: &'a Site,
    title: &'a str,
    root: String,
    link: impl Fn(&str) -> String,
    build: &'a BuildInfo,
) -> PageContext<'a> {
    let top = &site.pages[HOME].children;
    let window = nav_window(top.len(), None, NAV_TOP_WINDOW);
    let nav_more = top.len() - window.len();
    let nav = top[window]
        .iter()
        .map(|&c| NavItem {
            title: &site.pages[c].title,
            url: link(&site.pages[c].url),
            kind: site.pages[c].kind.as_str(),
            is_section: site.pages[c].is_section,
            active: false,
            open: false,
            children: Vec::new(),
            more_before: 0,
            more_after: 0,
        })
        .collect();
    let mut page = page_info(site, HOME, build);
    page.home_url = link(&site.pages[HOME].url);
    page.translations.clear();
    page.title = title;
    page.description = None;
    page.content = "";
    page.content_before_form = "";
    page.toc.clear();
    page.edit_url = None;
    page.is_home = false;
    page.show_meta = false;
    PageContext {
        nav_more,
        site: site_info(site, build),
        page,
        root,
        nav,
        breadcrumbs: Vec::new(),
        previous: None,
        next: None,
        children: Vec::new(),
        build,
        operations: None,
        binder: Vec::new(),
        binder_parts: Vec::new(),
        binder_left_out: 0,
        find_root: false,
    }
}

fn page_info<'a>(site: &'a Site, id: PageId, build: &BuildInfo) -> PageInfo<'a> {
    let page = &site.pages[id];
    let language = &site.config.languages.list[page.language];
    let front = page.front();
    let (content_before_form, content) = split_at_form(&page.rendered, !front.fields.is_empty());
    let kind = page.kind.as_str();
    let level = front.severity.as_deref().and_then(|id| {
        site.config
            .severity
            .iter()
            .enumerate()
            .find(|(_, l)| l.id == id)
    });
    PageInfo {
        title: &page.title,
        description: page.description(),
        kind,
        show_meta: matches!(kind, "runbook" | "playbook"),
        severity: front.severity.as_deref(),
        severity_name: level.map(|(_, l)| l.name.as_str()),
        severity_rank: level.map(|(rank, _)| rank),
        owner: front.owner.as_deref(),
        owner_name: front
            .owner
            .as_deref()
            .and_then(|id| site.config.person_name(id)),
        owner_url: front
            .owner
            .as_deref()
            .and_then(|id| crate::site::generated::contact_url(site, &page.url, id)),
        services: &front.services,
        alerts: &front.alerts,
        alert_rules: front
            .alerts
            .iter()
            .filter_map(|a| site.alert_rule(a))
            .collect(),
        escalation: front
            .escalation
            .iter()
            .map(|id| super::values::Reach::of(site, &page.url, id))
            .collect(),
        owner_phone: front
            .owner
            .as_deref()
            .and_then(|id| super::values::Reach::of(site, &page.url, id).phone),
        regions: &front.regions,
        tags: &front.tags,
        fields: front
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| TicketField {
                id: &f.id,
                label: &f.label,
                kind: &f.kind,
                options: &f.options,
                required: f.required,
                help: page
                    .rendered
                    .field_help
                    .get(i)
                    .map_or("", |h| h.html.as_str()),
            })
            .collect(),
        last_reviewed: front.last_reviewed.map(|d| d.to_string()),
        last_reviewed_shown: front
            .last_reviewed
            .map(|d| strings(site, id).date(&d.to_string())),
        reviewed_ago: front
            .last_reviewed
            .map(|d| strings(site, id).days_ago((build.today - d.0).get_days().into())),
        review_state: crate::site::review::review(
            front,
            page.kind,
            &site.config.review,
            build.today,
        )
        .map(|r| r.freshness.as_str()),
        review_every: front.review_every.map(|p| p.to_string()),
        content_before_form,
        content,
        toc: page
            .rendered
            .headings
            .iter()
            .filter(|h| h.level <= 3 && !front.hide.iter().any(|x| x == "toc"))
            .map(|h| TocEntry {
                level: h.level,
                id: &h.id,
                text: &h.text,
            })
            .collect(),
        path: &page.url,
        source_path: &page.rel_path,
        is_home: site.root_of(id) == id,
        is_section: page.is_section,
        extra: front.extra.as_ref(),
        edit_url: page
            .source
            .as_ref()
            .and_then(|s| site.config.edit_url(s.file_path())),
        hide_navigation: front.hide.iter().any(|x| x == "navigation"),
        lang: &language.code,
        dir: language.direction.as_str(),
        home_url: url::relative(&page.url, &site.pages[site.root_of(id)].url),
        translations: translations(site, id),
        fallback_from: page.fallback.then(|| language_name_in(site, id)),
        outdated: crate::site::translations::is_outdated(site, id),
        search_index: search_index_of(site, page.language),
        content_lang: page
            .fallback
            .then(|| site.config.languages.default_language().code.as_str()),
    }
}

/// The index a page of `language` searches: its language's when it has pages of its own,
/// else the default language's.
fn search_index_of(site: &Site, language: crate::languages::LanguageId) -> String {
    if language == crate::languages::DEFAULT || site.has_translations(language) {
        site.search_index_folder(language)
    } else {
        site.paths.search_index.clone()
    }
}

/// The default language's name as a sentence of page `id`'s language says it ("showing
/// English", "显示英文原文"): the catalog's `language_names`, else the language's own name.
fn language_name_in(site: &Site, id: PageId) -> String {
    let default = site.config.languages.default_language();
    let primary = default
        .code
        .split('-')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let key = format!("language_names.{primary}");
    let strings = strings(site, id);
    match strings.entries().contains_key(&key) {
        true => strings.text(&key).to_string(),
        false => default.name.clone(),
    }
}

/// The page in each of the site's languages, for the switcher and `hreflang`: none in a site
/// of one language.
fn translations(site: &Site, id: PageId) -> Vec<Translation<'_>> {
    let languages = &site.config.languages;
    if !languages.is_multilingual() {
        return Vec::new();
    }
    let from = &site.pages[id].url;
    site.translations(id)
        .into_iter()
        .map(|(language, other)| Translation {
            code: &languages.list[language].code,
            name: &languages.list[language].name,
            url: url::relative(from, &site.pages[other].url),
            // Search engines ask for full addresses; without one the address is relative.
            address: match &site.config.base_url {
                Some(base) => format!("{base}{}", site.pages[other].url),
                None => url::relative(from, &site.pages[other].url),
            },
            current: other == id,
            fallback: site.pages[other].fallback,
        })
        .collect()
}

fn child<'a>(site: &'a Site, from: &str, id: PageId) -> Child<'a> {
    let page = &site.pages[id];
    Child {
        title: &page.title,
        url: url::relative(from, &page.url),
        description: page.description(),
        kind: page.kind.as_str(),
        severity: page.front().severity.as_deref(),
        is_section: page.is_section,
        count: count_pages(site, id),
    }
}

fn count_pages(site: &Site, id: PageId) -> usize {
    site.pages[id]
        .children
        .iter()
        .map(|&c| 1 + count_pages(site, c))
        .sum()
}

/// A template's body split where its form goes (`Rendered::form_at`, the start when it has no
/// place for one). A page without a form is all "after".
fn split_at_form(rendered: &crate::markdown::Rendered, has_form: bool) -> (&str, &str) {
    let html = rendered.html.as_str();
    if !has_form {
        return ("", html);
    }
    html.split_at(rendered.form_at.unwrap_or(0).min(html.len()))
}

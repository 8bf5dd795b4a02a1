//! The data every template sees, typed and documented in one place. All URLs in it are
//! relative to the page being rendered, so templates never compute paths.
//!
//! Top-level names: `site`, `page`, `root` (the `../` prefix to the site root), `nav`,
//! `breadcrumbs`, `previous`, `next`, `children`, `build`.

use serde::Serialize;

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
pub struct NavItem<'a> {
    pub title: &'a str,
    pub url: String,
    pub kind: &'static str,
    pub is_section: bool,
    /// This is the page being rendered.
    pub active: bool,
    /// A section on the way to the page being rendered: its children are listed.
    pub open: bool,
    pub children: Vec<NavItem<'a>>,
    /// Children of this section left out of `children` before and after the ones listed: a page
    /// lists at most `NAV_WINDOW` of its section's pages, around itself, and links to the
    /// section's own page (which lists them all) for the rest.
    pub more_before: usize,
    pub more_after: usize,
}

/// The most entries of one section a page's sidebar lists: a folder of a thousand alert
/// runbooks must not make every one of its pages a thousand links long. Five on each side of
/// the page: the rest are one link away on the section's page, and every entry here is
/// repeated on each page of the section (on a 10,000-page site, 25 of them were a quarter of
/// every page's bytes).
pub const NAV_WINDOW: usize = 11;

/// The most top-level sections the sidebar lists: more of them, since they are the site's
/// map, and a site has far fewer of them than a section has pages.
pub const NAV_TOP_WINDOW: usize = 25;

/// Which of `count` entries to list when the one at `focus` (if any) should be among them:
/// a window of at most `limit`, centred on the focus where it can be.
pub fn nav_window(count: usize, focus: Option<usize>, limit: usize) -> std::ops::Range<usize> {
    if count <= limit {
        return 0..count;
    }
    let focus = focus.unwrap_or(0);
    let start = focus.saturating_sub(limit / 2).min(count - limit);
    start..start + limit
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

/// One part of the binder, as the parts list shows it.
#[derive(Serialize, Clone)]
pub struct BinderPart {
    pub number: usize,
    /// Its output path; in the context, its address from the part being written.
    pub path: String,
    pub first: String,
    pub last: String,
    pub pages: usize,
    /// The part being written (set in the context).
    pub current: bool,
}

/// One page's content rendered for the binder.
pub struct BinderEntry {
    pub id: PageId,
    pub html: String,
}

#[derive(Serialize)]
pub struct BinderPage<'a> {
    /// The id of the page's part of the binder (`p12`).
    pub anchor: String,
    pub title: &'a str,
    /// The sections above it: `Scenario playbooks › Account lockout`.
    pub path: String,
    pub kind: &'static str,
    pub severity: Option<&'a str>,
    pub owner: Option<&'a str>,
    pub last_reviewed: Option<String>,
    pub content: &'a str,
    pub is_section: bool,
}

/// The context of part `index` of the binder (of `parts`), holding `entries`; `part_of` says
/// in which part each page is, for the alert index's links.
pub fn binder_context<'a>(
    site: &'a Site,
    entries: &'a [BinderEntry],
    parts: &[BinderPart],
    index: usize,
    part_of: &std::collections::HashMap<PageId, usize>,
    build: &'a BuildInfo,
) -> PageContext<'a> {
    let here = site.paths.binder_part(index);
    let mut ctx = generated_context(site, &here, "Binder", build);
    let in_binder = |id: PageId| crate::site::binder::binder_href(site, part_of, &here, id, None);
    ctx.operations = Some(super::operations::directory(site, build, &in_binder));
    ctx.binder_left_out = crate::site::binder::left_out(site, part_of);
    if parts.len() > 1 {
        ctx.binder_parts = parts
            .iter()
            .map(|part| BinderPart {
                path: url::relative(&here, &part.path),
                current: part.number == index + 1,
                ..part.clone()
            })
            .collect();
    }
    ctx.binder = entries
        .iter()
        .map(|entry| {
            let page = &site.pages[entry.id];
            let front = page.front();
            BinderPage {
                anchor: crate::site::binder_anchor(entry.id),
                title: &page.title,
                path: site
                    .ancestors(entry.id)
                    .iter()
                    .skip(1)
                    .map(|&a| site.pages[a].title.as_str())
                    .collect::<Vec<_>>()
                    .join(" › "),
                kind: page.kind.as_str(),
                severity: front.severity.as_deref(),
                owner: front.owner.as_deref(),
                last_reviewed: front.last_reviewed.map(|d| d.to_string()),
                content: &entry.html,
                is_section: page.is_section,
            }
        })
        .collect();
    ctx
}

/// The context of `redirect.html`: an alias pointing at its page.
#[derive(Serialize)]
pub struct RedirectContext<'a> {
    pub site: SiteInfo<'a>,
    pub title: &'a str,
    pub target: String,
}

impl<'a> RedirectContext<'a> {
    pub fn new(site: &'a Site, alias_path: &str, id: PageId, build: &BuildInfo) -> Self {
        RedirectContext {
            site: site_info(site, build),
            title: &site.pages[id].title,
            target: url::relative(alias_path, &site.pages[id].url),
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

/// How much of the navigation a page lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NavScope {
    /// The top level and the sections on the way to the page (every built page).
    Path,
    /// Every section's pages, closed ones marked so: for the single-file copy, whose one
    /// navigation serves every page.
    Everything,
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
    let breadcrumbs = if id == HOME {
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
        &site.pages[HOME].children,
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
        reviewed_ago: front.last_reviewed.map(|d| days_ago(d.0, build.today)),
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
        is_home: id == HOME,
        is_section: page.is_section,
        extra: front.extra.as_ref(),
        edit_url: page
            .source
            .as_ref()
            .and_then(|s| site.config.edit_url(&s.rel_path)),
        hide_navigation: front.hide.iter().any(|x| x == "navigation"),
    }
}

fn days_ago(day: jiff::civil::Date, today: jiff::civil::Date) -> String {
    let days = (today - day).get_days();
    match days {
        0 => "today".into(),
        1 => "1 day ago".into(),
        d if d < 0 => "in the future".into(),
        d => format!("{d} days ago"),
    }
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

/// The navigation entries for `ids` (one section's children), windowed for built pages, and
/// how many were left out before and after.
fn nav_items<'a>(
    site: &'a Site,
    from: &str,
    ids: &[PageId],
    current: PageId,
    ancestors: &[PageId],
    scope: NavScope,
    depth: usize,
) -> (Vec<NavItem<'a>>, usize, usize) {
    let range = if scope == NavScope::Everything {
        0..ids.len()
    } else {
        let focus = ids
            .iter()
            .position(|&c| c == current || ancestors.contains(&c));
        let limit = if depth <= 1 {
            NAV_TOP_WINDOW
        } else {
            NAV_WINDOW
        };
        nav_window(ids.len(), focus, limit)
    };
    let (before, after) = (range.start, ids.len() - range.end);
    let items = ids[range]
        .iter()
        .map(|&c| nav_item(site, from, c, current, ancestors, scope, depth))
        .collect();
    (items, before, after)
}

/// Levels of sections the sidebar shows inside each other. The theme draws each level with a
/// component that calls itself, and the template engine allows twenty calls deep; no reader
/// follows more than a dozen levels anyway.
pub const NAV_DEPTH: usize = 12;

fn nav_item<'a>(
    site: &'a Site,
    from: &str,
    id: PageId,
    current: PageId,
    ancestors: &[PageId],
    scope: NavScope,
    depth: usize,
) -> NavItem<'a> {
    let page = &site.pages[id];
    let open = page.is_section && (id == current || ancestors.contains(&id));
    let (children, more_before, more_after) = if depth >= NAV_DEPTH {
        // Deeper sections are reached through their section page ("N more in …").
        (Vec::new(), 0, page.children.len())
    } else if open || scope == NavScope::Everything {
        nav_items(
            site,
            from,
            &page.children,
            current,
            ancestors,
            scope,
            depth + 1,
        )
    } else {
        (Vec::new(), 0, 0)
    };
    NavItem {
        title: page.nav_title(),
        url: url::relative(from, &page.url),
        kind: page.kind.as_str(),
        is_section: page.is_section,
        active: id == current,
        open,
        children,
        more_before,
        more_after,
    }
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

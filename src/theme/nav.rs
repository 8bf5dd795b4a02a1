//! The sidebar as one page sees it: the top level, and the children of each section on the way
//! to the page, windowed so that a large section does not make every one of its pages a list
//! of all the others. All URLs are relative to the page being rendered.

use serde::Serialize;

use crate::site::{PageId, Site, url};

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

/// How much of the navigation a page lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NavScope {
    /// The top level and the sections on the way to the page (every built page).
    Path,
    /// Every section's pages, closed ones marked so: for the single-file copy, whose one
    /// navigation serves every page.
    Everything,
}

/// The navigation entries for `ids` (one section's children), windowed for built pages, and
/// how many were left out before and after.
pub(super) fn nav_items<'a>(
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

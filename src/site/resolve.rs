//! Where a link written in a page leads: relative paths to `.md` files as GitHub reads them,
//! and, when that finds nothing, the addresses Hugo and MkDocs gave the pages (folder-style,
//! lower case, from the repository's root). Also the rewriter that turns each link into a
//! relative URL for the render stage.

use rustc_hash::FxHashMap as HashMap;

use super::{PageId, Site, Target};
use crate::markdown::LinkRewriter;
use crate::url;

impl Site {
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
        let joined = self.in_its_language(joined);
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

    /// In a site of several languages, a path that names nothing as written may name a page
    /// or file by its language: `lockout.zh.md` (the suffix layout) is the Chinese page at
    /// `zh/lockout.md`, and `zh/img/diagram.png`, linked from a Chinese page as its English
    /// source links `img/diagram.png`, is the English image when there is no Chinese one.
    fn in_its_language(&self, joined: String) -> String {
        let languages = &self.config.languages;
        if !languages.is_multilingual() || self.names_something(&joined) {
            return joined;
        }
        let (language, key) = languages.of_path(&joined);
        let published = languages.published_path(language, &key);
        if self.names_something(&published) {
            return published;
        }
        if language != crate::languages::DEFAULT && self.names_something(&key) {
            return key.into_owned();
        }
        joined
    }

    fn names_something(&self, path: &str) -> bool {
        self.by_source.contains_key(path)
            || self.by_url.contains_key(path)
            || self.by_folder.contains_key(path)
            || self.assets.contains(path)
            || self.static_files.contains(path)
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

pub(super) fn is_external(dest: &str) -> bool {
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

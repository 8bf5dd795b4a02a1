//! The theme: a tera environment with the embedded default templates, overridden file by file
//! from the site's `themes/<name>/` folder, and the static files (CSS, JS) that ship with it.
//! Turns the site model into HTML documents; reads nothing beyond the theme folder.

mod binder_context;
pub use crate::strings as catalog;
mod context;
mod filters;
mod nav;
pub mod operations;
mod parts;
mod scripts;
mod values;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::Dir;

use crate::diagnostic::Diagnostic;
use crate::site::{PageId, Site};

pub use binder_context::{BinderEntry, BinderPart};
use context::NavScope;
pub use context::{BuildInfo, RedirectContext};
pub use parts::ASSETS_MARK;

/// The templates that make a whole page (all but the redirect stub, which the single-file copy
/// carries as an address, not a page).
const PAGE_TEMPLATES: [&str; 11] = [
    "page.html",
    "section.html",
    "home.html",
    "404.html",
    "search.html",
    "binder.html",
    "severity.html",
    "contacts.html",
    "alerts.html",
    "service.html",
    "review.html",
];

/// The one script a page loads: every script of the theme's `assets/` folder (the site's
/// overrides included) but the single-file copy's router, and the scripts they need, each after
/// what it needs (`scripts::bundle`). One request instead of a dozen, and one tag in each
/// page's head. A theme that ships its own file of this name keeps it.
pub const SCRIPTS: &str = "assets/dontpanic.js";

/// The single-file copy's router, which only the copy runs: it shows the page the address
/// names and keeps links inside the file.
pub const ROUTER: &str = "assets/single-file.js";

/// A file of the theme's `static/` folder, copied to the output at `rel_path`.
#[derive(Debug, Clone)]
pub struct ThemeAsset {
    pub rel_path: String,
    pub bytes: Vec<u8>,
}

pub struct Theme {
    tera: tera::Tera,
    /// Template name → the path to print in diagnostics.
    template_paths: BTreeMap<String, PathBuf>,
    pub assets: Vec<ThemeAsset>,
    /// Themes for the single-file copy: each page comes out as its parts (JSON of
    /// `parts::PageParts`), not as a document.
    parts: bool,
}

impl Theme {
    /// A short hash of every file of the theme's `static/` folder: templates add it to their
    /// addresses (`style.css?v=…`), so a cache may keep them for ever and a changed stylesheet
    /// has a new address.
    pub fn assets_version(&self) -> String {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let mut hasher = DefaultHasher::new();
        for asset in &self.assets {
            (&asset.rel_path, &asset.bytes).hash(&mut hasher);
        }
        format!("{:08x}", hasher.finish() as u32)
    }

    /// Loads the embedded default theme with the files of `dir` (the site's `themes/<name>`,
    /// shown as `display` in diagnostics) laid over it.
    pub fn load(dir: &Path, display: &Path) -> Result<Theme, Vec<Diagnostic>> {
        let mut templates: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
        let mut assets: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        // Where each asset comes from, for diagnostics.
        let mut asset_paths: BTreeMap<String, PathBuf> = BTreeMap::new();
        let builtin = Path::new("(built-in theme)");
        collect_embedded(default_theme(), &mut |rel, bytes| {
            if let Some(name) = rel.strip_prefix("templates/") {
                let text = String::from_utf8_lossy(bytes).into_owned();
                templates.insert(name.to_string(), (builtin.join(rel), text));
            } else if let Some(asset) = rel.strip_prefix("static/") {
                assets.insert(asset.to_string(), bytes.to_vec());
                asset_paths.insert(asset.to_string(), builtin.join(rel));
            }
        });

        let mut diagnostics = Vec::new();
        if dir.is_dir() {
            // The theme folder is themes/<name> under the site root.
            let site_root = dir.parent().and_then(Path::parent).unwrap_or(dir);
            let (found, problems) = crate::content::tree::walk(dir, display, site_root);
            diagnostics.extend(problems);
            for file in found {
                let rel = file.rel_path;
                let shown = display.join(&rel);
                let bytes = match std::fs::read(&file.path) {
                    Ok(bytes) => bytes,
                    Err(e) => {
                        diagnostics.push(Diagnostic::error(
                            &shown,
                            0,
                            0,
                            format!("cannot read: {e}"),
                        ));
                        continue;
                    }
                };
                if let Some(name) = rel.strip_prefix("templates/") {
                    match crate::content::decode_text(&shown, bytes) {
                        Ok(text) => {
                            templates.insert(name.to_string(), (shown, text));
                        }
                        Err(d) => diagnostics.push(d),
                    }
                } else if let Some(asset) = rel.strip_prefix("static/") {
                    assets.insert(asset.to_string(), bytes);
                    asset_paths.insert(asset.to_string(), shown);
                }
            }
        }

        let mut tera = tera::Tera::new();
        filters::register(&mut tera);
        // Every template is escaped, whatever its name: the copy's frame and parts templates
        // have names of their own, and a theme's template named otherwise still renders titles
        // and names from content. Markup that is meant (rendered Markdown) says `| safe`.
        tera.autoescape_on([""]);
        let template_paths: BTreeMap<String, PathBuf> = templates
            .iter()
            .map(|(n, (p, _))| (n.clone(), p.clone()))
            .collect();
        if let Err(error) = tera.add_raw_templates(
            templates
                .iter()
                .map(|(name, (_, text))| (name.as_str(), text.as_str())),
        ) {
            diagnostics.push(template_diagnostic(&error, &template_paths, "templates"));
        }
        for required in PAGE_TEMPLATES.into_iter().chain(["redirect.html"]) {
            if !template_paths.contains_key(required) {
                diagnostics.push(Diagnostic::error(
                    display.join("templates"),
                    0,
                    0,
                    format!("the theme has no {required}"),
                ));
            }
        }
        if !assets.contains_key(SCRIPTS) {
            match scripts::bundle(&assets, &asset_paths) {
                Ok(bundle) => {
                    assets.insert(SCRIPTS.to_string(), bundle);
                }
                Err(problems) => diagnostics.extend(problems),
            }
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        Ok(Theme {
            tera,
            template_paths,
            assets: assets
                .into_iter()
                .map(|(rel_path, bytes)| ThemeAsset { rel_path, bytes })
                .collect(),
            parts: false,
        })
    }

    /// This theme as the single-file copy uses it: every page rendered as its parts, and a
    /// frame to show them in (`render_frame`).
    pub fn for_single_file(&self) -> Result<Theme, Diagnostic> {
        let mut tera = self.tera.clone();
        let added = parts::templates(&PAGE_TEMPLATES);
        tera.add_raw_templates(added.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| {
                // The theme's own templates loaded: what fails here is a block these extend.
                let cause = e.to_string();
                let cause = cause.lines().next().unwrap_or_default();
                self.needs_blocks(&format!(
                    "lacks a block ({})",
                    cause.trim_start_matches("error: ")
                ))
            })?;
        Ok(Theme {
            tera,
            template_paths: self.template_paths.clone(),
            assets: self.assets.clone(),
            parts: true,
        })
    }

    /// The HTML document of page `id`.
    pub fn render_page(
        &self,
        site: &Site,
        id: PageId,
        build: &BuildInfo,
    ) -> Result<String, Diagnostic> {
        let page = &site.pages[id];
        let template = if let Some(generated) = &page.generated {
            generated.template()
        } else if site.root_of(id) == id {
            // The site's home, or a language's.
            "home.html"
        } else if page.is_section {
            "section.html"
        } else {
            "page.html"
        };
        let ctx = context::page_context(site, id, build, NavScope::Path);
        self.render(template, &ctx, &context::strings(site, id))
    }

    /// The frame of the single-file copy (of a theme from `for_single_file`): the home page
    /// with every section's pages in its navigation, which the copy's script opens and marks for
    /// the page shown, its own content left out and `ASSETS_MARK` where its stylesheet and
    /// script tags were.
    pub fn render_frame(&self, site: &Site, build: &BuildInfo) -> Result<String, Diagnostic> {
        let ctx = context::page_context(site, crate::site::HOME, build, NavScope::Everything);
        let frame = self.document(
            parts::FRAME,
            &ctx,
            &context::strings(site, crate::site::HOME),
        )?;
        let lacking = if !frame.contains(ASSETS_MARK) {
            Some("has no {% block assets %} around its stylesheet and script tags")
        } else if !frame.to_ascii_lowercase().contains("<main") {
            Some("has no <main id=\"main\"> around {% block main %}")
        } else {
            None
        };
        match lacking {
            Some(what) => Err(self.needs_blocks(what)),
            None => Ok(frame),
        }
    }

    /// Said at base.html when the copy cannot take a page apart.
    fn needs_blocks(&self, what: &str) -> Diagnostic {
        let path = self
            .template_paths
            .get("base.html")
            .cloned()
            .unwrap_or_else(|| PathBuf::from("templates/base.html"));
        Diagnostic::error(
            path,
            0,
            0,
            format!("base.html {what}: the single-file copy shows each page's parts in the home page's frame"),
        )
        .with_hint(format!(
            "keep the blocks {} and assets of the built-in base.html, and <main id=\"main\"> around the main block",
            parts::BLOCKS.join(", ")
        ))
    }

    /// The "page not found" document; `root` is the site's address path (`/` or `/ops/runbooks/`)
    /// when it is known, because a host serves it at whatever URL was missing.
    pub fn render_not_found(
        &self,
        site: &Site,
        root: Option<&str>,
        build: &BuildInfo,
    ) -> Result<String, Diagnostic> {
        self.render(
            "404.html",
            &context::not_found_context(site, root, build),
            &context::strings(site, crate::site::HOME),
        )
    }

    /// The search page, at `site.paths.search_page`.
    pub fn render_search(&self, site: &Site, build: &BuildInfo) -> Result<String, Diagnostic> {
        let strings = context::strings(site, crate::site::HOME);
        self.render(
            "search.html",
            &context::generated_context(site, &site.paths.search_page, "Search", build),
            &strings,
        )
    }

    /// Part `index` of the binder (of `parts`): `entries` are its pages' contents rendered for
    /// it, in navigation order; `part_of` says which part holds each page.
    pub fn render_binder(
        &self,
        site: &Site,
        entries: &[BinderEntry],
        parts: &[BinderPart],
        index: usize,
        part_of: &std::collections::HashMap<crate::site::PageId, usize>,
        build: &BuildInfo,
    ) -> Result<String, Diagnostic> {
        let strings = context::strings(site, crate::site::HOME);
        self.render(
            "binder.html",
            &binder_context::binder_context(site, entries, parts, index, part_of, build),
            &strings,
        )
    }

    /// An old address's stub page: always a document (the single-file copy carries old
    /// addresses in its index, not as pages).
    pub fn render_redirect(&self, ctx: &RedirectContext) -> Result<String, Diagnostic> {
        self.document("redirect.html", ctx, &ctx.strings)
    }

    /// A page through `template`: the document, or for the single-file copy its parts as JSON.
    fn render(
        &self,
        template: &str,
        ctx: &impl serde::Serialize,
        strings: &catalog::Catalog,
    ) -> Result<String, Diagnostic> {
        if !self.parts {
            return self.document(template, ctx, strings);
        }
        let rendered = self.document(&parts::parts_template(template), ctx, strings)?;
        let parts = parts::split(&rendered).ok_or_else(|| {
            self.needs_blocks(&format!(
                "does not render each of the blocks {} once",
                parts::BLOCKS.join(", ")
            ))
        })?;
        Ok(serde_json::to_string(&parts).unwrap_or_default())
    }

    /// `template` with `ctx`, and the page's interface strings: `t` (the catalog as nested
    /// maps, `{{ t.search.placeholder }}`) and `strings_script` (the path of the scripts'
    /// strings under the theme folder). Added here, not serialized with each page: the catalog
    /// is made once per language and shared.
    fn document(
        &self,
        template: &str,
        ctx: &impl serde::Serialize,
        strings: &catalog::Catalog,
    ) -> Result<String, Diagnostic> {
        let mut context = tera::Context::from_serialize(ctx)
            .map_err(|e| template_diagnostic(&e, &self.template_paths, template))?;
        context.insert_value("t", strings.template_value());
        let script = if strings.needs_script() {
            strings.script_path()
        } else {
            String::new()
        };
        context.insert("strings_script", &script);
        self.tera
            .render(template, &context)
            .map_err(|e| template_diagnostic(&e, &self.template_paths, template))
    }
}

fn collect_embedded(dir: &Dir<'static>, visit: &mut impl FnMut(&str, &'static [u8])) {
    for file in dir.files() {
        if let Some(rel) = file.path().to_str() {
            visit(&rel.replace('\\', "/"), file.contents());
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, visit);
    }
}

/// A tera error as a diagnostic at the template's file and line, with the whole cause chain:
/// tera nests the real reason inside its errors.
fn template_diagnostic(
    error: &tera::Error,
    paths: &BTreeMap<String, PathBuf>,
    fallback: &str,
) -> Diagnostic {
    let (name, line, column, mut message) = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => (
            report.filename().to_string(),
            report.span().start_line,
            report.span().start_col + 1,
            report.message().to_string(),
        ),
        other => (fallback.to_string(), 0, 0, other.to_string()),
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    let path = paths
        .get(&name)
        .cloned()
        .unwrap_or_else(|| PathBuf::from(format!("templates/{name}")));
    Diagnostic::error(path, line, column, format!("template error: {message}"))
}

/// The interface strings of page `id`, in its language.
pub fn page_strings(site: &Site, id: PageId) -> std::sync::Arc<catalog::Catalog> {
    context::strings(site, id)
}

/// The catalog of each language the site's pages are in, once each, that needs its scripts'
/// strings file (`Catalog::script_path`) beside the theme's scripts (English needs none).
pub fn page_catalogs(site: &Site) -> Vec<std::sync::Arc<catalog::Catalog>> {
    let mut seen = std::collections::BTreeMap::new();
    for id in std::iter::once(crate::site::HOME).chain(0..site.pages.len()) {
        let language = context::page_language(site, id);
        if !seen.contains_key(language) {
            seen.insert(language.to_string(), context::strings(site, id));
        }
    }
    seen.into_values().filter(|c| c.needs_script()).collect()
}

/// The embedded default theme's files, for `init` to write out or for inspection.
pub use crate::embedded::default_theme;

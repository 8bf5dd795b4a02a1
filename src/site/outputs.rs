//! Output paths that pages, aliases and copied files would share: redirects for aliases, and
//! the collisions that would make one output silently replace another.

use std::collections::HashMap;

use super::resolve::is_external;
use super::{Page, PageId, Site, url};
use crate::diagnostic::{Diagnostic, list_paths};

/// Problems in the laid-out site that no single file shows: aliases that collide with pages.
pub fn redirects(site: &Site) -> (Vec<(String, PageId)>, Vec<Diagnostic>) {
    let mut redirects = Vec::new();
    let mut diagnostics = Vec::new();
    let mut taken: HashMap<String, PageId> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.url.clone(), i))
        .collect();
    // Every address an alias could take from something else, in the case a case-insensitive
    // disk or host compares them: pages, copied files and the alerts' stable addresses.
    let mut folded: HashMap<String, String> = HashMap::new();
    for url in taken.keys() {
        folded.insert(fold_case(url).into_owned(), url.clone());
    }
    let alert_addresses: HashMap<String, &str> = site
        .alert_pages()
        .into_iter()
        .filter_map(|(alert, _)| Some((site.paths.alert(alert)?, alert)))
        .collect();
    // Old addresses belong to the default language's page: a translation or fallback of it
    // carries the same aliases and would take them twice.
    let default_language = |page: &&Page| page.language == crate::languages::DEFAULT;
    for (id, page) in site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| default_language(p))
    {
        for alias in &page.front().aliases {
            let line = page
                .source
                .as_ref()
                .map_or(1, |s| s.item_line("aliases", &s.front.aliases, alias));
            let path = match alias_output_path(alias) {
                Ok(path) => path,
                Err(why) => {
                    diagnostics.push(
                        Diagnostic::error(
                            &page.display_path,
                            line,
                            1,
                            format!("alias '{}' {why}", alias.escape_debug()),
                        )
                        .with_hint(
                            "write the old URL path, e.g. \"runbooks/old-name/\" or \"old-page.html\"",
                        ),
                    );
                    continue;
                }
            };
            if let Some(what) = site.paths.claimed(&path) {
                diagnostics.push(
                    Diagnostic::error(
                        &page.display_path,
                        line,
                        1,
                        format!("alias '{alias}' would be written at {path}, where dontpanic writes {what}"),
                    )
                    .with_hint(rename_hint(&site.paths, &path))
                    .with_code("reserved-name"),
                );
                continue;
            }
            let file = site
                .copied_file(&path)
                .map(|f| format!("the file '{f}'"))
                .or_else(|| {
                    alert_addresses
                        .get(&path)
                        .map(|a| format!("the address of alert '{a}'"))
                });
            if let Some(what) = file {
                diagnostics.push(
                    Diagnostic::error(
                        &page.display_path,
                        line,
                        1,
                        format!("alias '{alias}' would be written at {path}, over {what}"),
                    )
                    .with_hint("remove the alias, or rename what it would replace")
                    .with_code("output-conflict"),
                );
                continue;
            }
            let same_but_case = folded
                .get(fold_case(&path).as_ref())
                .filter(|other| **other != path);
            if let Some(other) = same_but_case {
                diagnostics.push(
                    Diagnostic::error(
                        &page.display_path,
                        line,
                        1,
                        format!("alias '{alias}' ({path}) differs from {other} only in case"),
                    )
                    .with_hint("on a case-insensitive disk or host one would replace the other: remove the alias")
                    .with_code("case-collision"),
                );
                continue;
            }
            match taken.get(&path) {
                Some(&other) => diagnostics.push(
                    Diagnostic::error(
                        &page.display_path,
                        line,
                        1,
                        format!("alias '{alias}' would overwrite {}", site.pages[other].url),
                    )
                    .with_hint(format!(
                        "{} already uses that URL; remove the alias or move that page",
                        site.pages[other].display_path.display()
                    )),
                ),
                None => {
                    taken.insert(path.clone(), id);
                    folded.insert(fold_case(&path).into_owned(), path.clone());
                    redirects.push((path, id));
                }
            }
        }
    }
    // The addresses the old tool gave the pages keep working (bookmarks, alert rules'
    // runbook_url), unless something else has them.
    if let Some(tool) = site.config.old_addresses {
        for (id, page) in site.pages.iter().enumerate() {
            let Some(source) = &page.source else { continue };
            let Some(path) = old_address(tool.as_str(), &source.rel_path) else {
                continue;
            };
            if taken.contains_key(&path) || site.paths.claimed(&path).is_some() {
                continue;
            }
            taken.insert(path.clone(), id);
            redirects.push((path, id));
        }
    }
    (redirects, diagnostics)
}

/// A path as a case-insensitive disk or host compares it. Titlecase letters (`ǅ`) and other
/// non-ASCII ones fold too, not only what `is_uppercase` names.
fn fold_case(path: &str) -> std::borrow::Cow<'_, str> {
    if path
        .bytes()
        .any(|b| !b.is_ascii() || b.is_ascii_uppercase())
    {
        std::borrow::Cow::Owned(path.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(path)
    }
}

/// Where `tool` published the page at `rel_path`: MkDocs at `before/roles/` (a folder's index
/// page at the folder), Hugo the same in lower case; mdBook's `.html` addresses are dontpanic's.
fn old_address(tool: &str, rel_path: &str) -> Option<String> {
    let stem = rel_path.strip_suffix(".md")?;
    let (folder, name) = stem.rsplit_once('/').unwrap_or(("", stem));
    let index_names: &[&str] = match tool {
        "mkdocs" => &["index", "README"],
        "hugo" => &["_index", "index"],
        _ => return None,
    };
    let address = if index_names.contains(&name) {
        folder.to_string()
    } else {
        stem.to_string()
    };
    if address.is_empty() {
        return None;
    }
    let address = if tool == "hugo" {
        address.to_lowercase()
    } else {
        address
    };
    Some(format!("{address}/index.html"))
}

/// `old/path/` and `old/path` → `old/path/index.html`; `old.html` stays. An alias is the path
/// a browser asks for, so percent-escapes copied from an address bar are decoded
/// (`old%20page/` is the folder `old page/`, which hosts serve at that address); what no path
/// can hold is refused, with the reason.
fn alias_output_path(alias: &str) -> Result<String, &'static str> {
    const NOT_A_PATH: &str = "is not a path inside the site";
    let trimmed = alias.trim().trim_start_matches('/');
    if trimmed.is_empty() || is_external(trimmed) {
        return Err(NOT_A_PATH);
    }
    if trimmed.contains(['?', '#']) {
        return Err("holds '?' or '#': an old address is a path, without a query or a fragment");
    }
    let decoded = url::decode_path(trimmed);
    if decoded.chars().any(char::is_control) {
        return Err("holds a control character");
    }
    if decoded.contains('\\') {
        return Err("holds a backslash: separate folders with '/'");
    }
    let normalized = url::join_normalized("", &decoded).ok_or(NOT_A_PATH)?;
    if normalized.is_empty() {
        return Err(NOT_A_PATH);
    }
    if decoded.ends_with('/') || !normalized.rsplit('/').next().unwrap_or("").contains('.') {
        Ok(format!("{normalized}/index.html"))
    } else {
        Ok(normalized)
    }
}

/// Files of the content folder that would land on a page's output path (`guide.html` beside
/// `guide.md`): one would silently replace the other.
pub fn output_conflicts(
    site: &Site,
    assets: &[crate::content::Asset],
    static_files: &[crate::content::Asset],
    static_display: &std::path::Path,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    // A static file is copied to the same place in the output: on a page's address it would
    // silently replace the page.
    // Every copied file, as diagnostics name it.
    let copied: Vec<(&crate::content::Asset, std::path::PathBuf)> = assets
        .iter()
        .map(|a| (a, site.content_display.join(&a.rel_path)))
        .chain(
            static_files
                .iter()
                .map(|a| (a, static_display.join(&a.rel_path))),
        )
        .collect();
    for (asset, shown) in &copied {
        if let Some(&id) = site.by_url.get(&asset.rel_path) {
            let page = &site.pages[id];
            diagnostics.push(
                Diagnostic::error(
                    &page.display_path,
                    1,
                    1,
                    format!(
                        "this page and the file '{}' both write {}",
                        shown.display(),
                        page.url
                    ),
                )
                .with_hint("rename one of them")
                .with_code("output-conflict"),
            );
        }
    }
    diagnostics.extend(case_collisions(site, assets, static_files, static_display));
    for page in site.pages.iter().filter(|p| p.source.is_some()) {
        if let Some(what) = site.paths.claimed(&page.url) {
            diagnostics.push(
                Diagnostic::error(
                    &page.display_path,
                    1,
                    1,
                    format!(
                        "this page would be written at {}, where dontpanic writes {what}",
                        page.url
                    ),
                )
                .with_hint(rename_hint(&site.paths, &page.url))
                .with_code("reserved-name"),
            );
        }
    }
    for (asset, shown) in &copied {
        if let Some(what) = site.paths.claimed(&asset.rel_path) {
            diagnostics.push(
                Diagnostic::error(
                    shown,
                    0,
                    0,
                    format!(
                        "this file would be written at {}, where dontpanic writes {what}",
                        asset.rel_path
                    ),
                )
                .with_hint(rename_hint(&site.paths, &asset.rel_path))
                .with_code("reserved-name"),
            );
        }
    }
    diagnostics
}

/// Two outputs whose paths differ only in case (`Setup.md` beside `setup.md`): on a
/// case-insensitive file system or host one silently replaces the other, so the build refuses
/// them as `check` does.
fn case_collisions(
    site: &Site,
    assets: &[crate::content::Asset],
    static_files: &[crate::content::Asset],
    static_display: &std::path::Path,
) -> Vec<Diagnostic> {
    use std::borrow::Cow;
    use std::path::Path;
    // Addresses are nearly always lower case already: those are not copied to be compared.
    fn lower(path: &str) -> Cow<'_, str> {
        fold_case(path)
    }
    let mut by_lower: rustc_hash::FxHashMap<Cow<str>, Vec<(&str, Cow<Path>)>> =
        rustc_hash::FxHashMap::default();
    for page in site.pages.iter().filter(|p| p.source.is_some()) {
        by_lower
            .entry(lower(&page.url))
            .or_default()
            .push((&page.url, Cow::Borrowed(page.display_path.as_path())));
    }
    for asset in assets {
        by_lower.entry(lower(&asset.rel_path)).or_default().push((
            &asset.rel_path,
            Cow::Owned(site.content_display.join(&asset.rel_path)),
        ));
    }
    // A static file on a page's own address is an output conflict, reported above; here only
    // its case is compared.
    for file in static_files {
        let entry = by_lower.entry(lower(&file.rel_path)).or_default();
        if !entry.iter().any(|(url, _)| *url == file.rel_path) {
            entry.push((
                &file.rel_path,
                Cow::Owned(static_display.join(&file.rel_path)),
            ));
        }
    }
    // Folders too: `Docs/a.md` and `docs/b.md` are one folder on a case-insensitive disk. Each
    // folder is named by the first output found in it.
    let mut folders: rustc_hash::FxHashMap<Cow<str>, Vec<(&str, Cow<Path>)>> =
        rustc_hash::FxHashMap::default();
    for (_, outputs) in by_lower.iter() {
        for (url, path) in outputs {
            for (at, _) in url.match_indices('/') {
                let folder = &url[..at];
                let same = folders.entry(lower(folder)).or_default();
                if !same.iter().any(|(f, _)| *f == folder) {
                    same.push((folder, path.clone()));
                }
            }
        }
    }
    // The generator's own folder is one too (`generated_prefix = "Runbooks"` beside `runbooks/`).
    let prefix = site.paths.prefix.as_str();
    let same = folders.entry(lower(prefix)).or_default();
    if !same.iter().any(|(f, _)| *f == prefix) {
        same.push((
            prefix,
            Cow::Owned(std::path::PathBuf::from("dontpanic.toml")),
        ));
    }
    for (folder, mut named) in folders {
        if named.len() > 1 {
            named.sort();
            by_lower
                .entry(Cow::Owned(format!("{folder}/")))
                .or_default()
                .extend(named.into_iter().map(|(f, path)| {
                    let shown: &str = f;
                    (shown, path)
                }));
        }
    }
    // In address order, as the diagnostics are reported the same way every time.
    let mut clashes: Vec<_> = by_lower.into_iter().filter(|(_, p)| p.len() > 1).collect();
    clashes.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = Vec::new();
    for (_, clashing) in clashes {
        let all = list_paths(clashing.iter().map(|(_, path)| path.as_ref()));
        for (url, path) in clashing {
            out.push(
                Diagnostic::error(
                    path.as_ref(),
                    1,
                    1,
                    format!("{url} differs from another output's address only in case"),
                )
                .with_hint(format!("rename one of {all}"))
                .with_code("case-collision"),
            );
        }
    }
    out
}

/// How to get out of the generator's way: rename the file, or, for the generator's folder, pick
/// another `generated_prefix`.
fn rename_hint(paths: &super::OutputPaths, path: &str) -> String {
    if path.starts_with(&format!("{}/", paths.prefix)) {
        format!(
            "rename or move it out of {}/, or set generated_prefix in dontpanic.toml to a name your content does not use",
            paths.prefix
        )
    } else {
        "rename or move it".to_string()
    }
}

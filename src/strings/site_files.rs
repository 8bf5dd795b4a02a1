//! The catalogs a site and its theme add (`i18n/<code>.toml`), each laid over the shipped one
//! key by key, and what `check` says about them: a file that does not parse, an unknown key,
//! the keys a catalog of a language the binary does not ship lacks.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::*;
use crate::diagnostic::Diagnostic;

/// A theme's or a site's own catalog file.
#[derive(Debug, Clone)]
struct Override {
    /// As diagnostics name it.
    shown: PathBuf,
    code: String,
    entries: BTreeMap<String, Entry>,
}

/// The catalogs of one site: the shipped ones with the theme's `i18n/<code>.toml` and then the
/// site's `i18n/<code>.toml` laid over them. `for_language` is the one way to a page's strings.
#[derive(Debug, Clone, Default)]
pub struct Catalogs {
    overrides: Vec<Override>,
    made: Arc<Mutex<HashMap<String, Arc<Catalog>>>>,
}

/// The folder of a site's (and a theme's) own catalogs.
pub const FOLDER: &str = "i18n";

impl Catalogs {
    /// Reads the catalog files of `theme_dir` and then `site_root` (each `i18n/*.toml`), shown
    /// in diagnostics through `shown`. A file that does not parse is an error at its line; an
    /// unknown key is a warning at its line; a site's file that lacks keys English has is one
    /// warning (`i18n-missing-key`) naming them.
    pub fn load(
        site_root: &Path,
        theme_dir: &Path,
        shown: impl Fn(&Path) -> PathBuf,
    ) -> (Catalogs, Vec<Diagnostic>) {
        let english = built_in_entries("en");
        let mut overrides = Vec::new();
        let mut diagnostics = Vec::new();
        for (dir, own_site) in [(theme_dir, false), (site_root, true)] {
            let folder = dir.join(FOLDER);
            let Ok(listing) = std::fs::read_dir(&folder) else {
                continue;
            };
            let mut files: Vec<PathBuf> = listing
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect();
            files.sort();
            for path in files {
                let Some(code) = path.file_stem().and_then(|s| s.to_str()) else {
                    continue;
                };
                let display = shown(&path);
                let text = match std::fs::read_to_string(&path) {
                    Ok(text) => text,
                    Err(e) => {
                        diagnostics.push(Diagnostic::error(
                            &display,
                            0,
                            0,
                            format!("cannot read: {e}"),
                        ));
                        continue;
                    }
                };
                // A site's file for a language no shipped catalog covers falls back to English
                // where it says nothing: those keys are worth a warning. Under a shipped
                // language, or in a theme, a file changes a few strings on purpose.
                let compare = own_site && resolve(code) == "en" && !code.starts_with("en");
                match check_file(&display, &text, &english, compare) {
                    Ok((entries, problems)) => {
                        diagnostics.extend(problems);
                        overrides.push(Override {
                            shown: display,
                            code: code.to_string(),
                            entries,
                        });
                    }
                    Err(d) => diagnostics.push(d),
                }
            }
        }
        (
            Catalogs {
                overrides,
                made: Default::default(),
            },
            diagnostics,
        )
    }

    /// The strings for a page in the BCP 47 language `code`: the shipped catalog it resolves
    /// to, then the theme's and the site's files for English and for `code`'s closest code
    /// that has one (`de` for `de-AT`), key by key.
    pub fn for_language(&self, code: &str) -> Arc<Catalog> {
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(catalog) = made.get(code) {
            return Arc::clone(catalog);
        }
        let codes: Vec<&str> = self.overrides.iter().map(|o| o.code.as_str()).collect();
        let own = resolve_among(code, &codes);
        let layers = self
            .overrides
            .iter()
            .filter(|o| o.code == "en")
            .chain(
                self.overrides
                    .iter()
                    .filter(|o| own.is_some_and(|c| c == o.code && c != "en")),
            )
            .map(|o| &o.entries);
        let catalog = Arc::new(merged(code, layers));
        made.insert(code.to_string(), Arc::clone(&catalog));
        catalog
    }

    /// The files read, for diagnostics and tests.
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        self.overrides.iter().map(|o| o.shown.as_path())
    }
}

/// One catalog file parsed and compared with English: its entries, and warnings for its
/// unknown keys and (for a site's own file) the keys it lacks.
fn check_file(
    shown: &Path,
    text: &str,
    english: &BTreeMap<String, Entry>,
    report_missing: bool,
) -> Result<(BTreeMap<String, Entry>, Vec<Diagnostic>), Diagnostic> {
    let parsed = parse(text).map_err(|(line, message)| {
        Diagnostic::error(
            shown,
            line,
            1,
            format!("cannot read this catalog: {message}"),
        )
        .with_hint(
            "write each string as `key = \"text\"` under its [table], as in the built-in en.toml",
        )
    })?;
    let mut problems = Vec::new();
    let known: Vec<&str> = english.keys().map(String::as_str).collect();
    for (key, (_, line)) in &parsed {
        if !english.contains_key(key) {
            let mut d =
                Diagnostic::warning(shown, *line, 1, format!("unknown interface string '{key}'"))
                    .with_code("i18n-unknown-key");
            if let Some(near) = crate::diagnostic::did_you_mean(key, known.iter().copied()) {
                d = d.with_hint(format!("did you mean '{near}'?"));
            }
            problems.push(d);
        }
    }
    if report_missing {
        let missing: Vec<&str> = english
            .keys()
            .filter(|k| !parsed.contains_key(*k))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            let shown_keys = missing.join(", ");
            problems.push(
                Diagnostic::warning(
                    shown,
                    1,
                    1,
                    format!(
                        "this catalog lacks {} of the interface's {} strings ({shown_keys}); they show in English",
                        missing.len(),
                        english.len()
                    ),
                )
                .with_code("i18n-missing-key"),
            );
        }
    }
    let entries = parsed.into_iter().map(|(k, (e, _))| (k, e)).collect();
    Ok((entries, problems))
}

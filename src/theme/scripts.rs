//! The one script every page loads (`SCRIPTS`): the theme's scripts joined, each after the
//! scripts it needs. A script says what it needs in its opening comment, by path under
//! `assets/` (`// needs: search/text.js search/scoring.js`); pages opened from disk cannot load
//! modules, so the order in the bundle is what makes a script's needs there before it runs.
//! Knows the theme's static files only, never how pages use them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;

use super::ROUTER;

/// A needed script, as its line of the opening comment says it.
struct Need {
    /// The path under `assets/`, as written.
    name: String,
    line: usize,
    column: usize,
}

const HINT_NAMES: &str = "a script names what it needs by its path under assets/, separated by spaces: `// needs: search/text.js copy-code.js`";

/// Each script of the bundle with the scripts it needs (their paths in `assets`) and where it
/// says so.
type Needs<'a> = BTreeMap<&'a str, Vec<(&'a str, Need)>>;

/// The bundle of `assets` (the theme's static files by path, the site's overrides in place):
/// every script directly in `assets/` but the single-file copy's router, and every script they
/// need, in name order except that what a script needs comes just before it. `origins` are the
/// paths to name in diagnostics. A need that is missing, or scripts that need each other in a
/// circle, are errors at the `needs:` line.
pub fn bundle(
    assets: &BTreeMap<String, Vec<u8>>,
    origins: &BTreeMap<String, PathBuf>,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let shown = |path: &str| {
        origins
            .get(path)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(path))
    };
    let mut problems = Vec::new();
    let mut needs: Needs = BTreeMap::new();
    let mut pending: Vec<&str> = assets
        .keys()
        .map(String::as_str)
        .filter(|p| p.ends_with(".js") && *p != ROUTER)
        .filter(|p| {
            p.strip_prefix("assets/")
                .is_some_and(|name| !name.contains('/'))
        })
        .collect();
    while let Some(path) = pending.pop() {
        if needs.contains_key(path) {
            continue;
        }
        let mut found = Vec::new();
        for need in needs_of(assets.get(path).map_or(&[][..], Vec::as_slice)) {
            let full = format!("assets/{}", need.name);
            let problem = if !need.name.ends_with(".js") || need.name.starts_with('/') {
                Err((
                    format!("'{}' in a needs line is not a script's path", need.name),
                    HINT_NAMES.to_string(),
                ))
            } else if full == ROUTER {
                Err((
                    format!("needs {full}, the single-file copy's router, which pages do not load"),
                    "take it out of the needs line".to_string(),
                ))
            } else {
                assets.get_key_value(&full).ok_or_else(|| {
                    (
                        format!("needs {full}, which the theme does not have"),
                        format!(
                            "add it to the theme's static/assets/ folder, or correct the name ({HINT_NAMES})"
                        ),
                    )
                })
            };
            match problem {
                Ok((key, _)) => {
                    pending.push(key);
                    found.push((key.as_str(), need));
                }
                Err((message, hint)) => problems.push(
                    Diagnostic::error(shown(path), need.line, need.column, message).with_hint(hint),
                ),
            }
        }
        needs.insert(path, found);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut out = Vec::new();
    for path in ordered(&needs, &shown)? {
        out.extend_from_slice(format!("// {path}\n").as_bytes());
        out.extend_from_slice(assets.get(path).map_or(&[][..], Vec::as_slice));
        // A file may end without a newline, inside a comment, or without a semicolon.
        out.extend_from_slice(b"\n;\n");
    }
    Ok(out)
}

/// The scripts of `needs` in name order, each moved after what it needs (depth first, in the
/// order its `needs:` line names them), or the circles found.
fn ordered<'a>(
    needs: &Needs<'a>,
    shown: &dyn Fn(&str) -> PathBuf,
) -> Result<Vec<&'a str>, Vec<Diagnostic>> {
    const ON_THE_WAY: bool = false;
    const PLACED: bool = true;
    let mut state: BTreeMap<&str, bool> = BTreeMap::new();
    let mut order = Vec::new();
    let mut problems = Vec::new();
    for &first in needs.keys() {
        if state.contains_key(first) {
            continue;
        }
        // The scripts being placed, each with how many of its needs are seen to.
        let mut stack = vec![(first, 0)];
        state.insert(first, ON_THE_WAY);
        while let Some(&(path, next)) = stack.last() {
            let Some((needed, need)) = needs.get(path).and_then(|list| list.get(next)) else {
                state.insert(path, PLACED);
                order.push(path);
                stack.pop();
                continue;
            };
            if let Some(top) = stack.last_mut() {
                top.1 += 1;
            }
            match state.get(needed) {
                None => {
                    state.insert(needed, ON_THE_WAY);
                    stack.push((needed, 0));
                }
                Some(&ON_THE_WAY) => {
                    let from = stack.iter().position(|(p, _)| p == needed).unwrap_or(0);
                    let circle: Vec<&str> = stack[from..]
                        .iter()
                        .map(|(p, _)| *p)
                        .chain([*needed])
                        .collect();
                    problems.push(
                        Diagnostic::error(
                            shown(path),
                            need.line,
                            need.column,
                            format!("scripts need each other in a circle: {}", circle.join(" → ")),
                        )
                        .with_hint(
                            "a script runs after what it needs: take one of these needs out, or move what they share into a script of its own",
                        ),
                    );
                }
                Some(_) => {}
            }
        }
    }
    if problems.is_empty() {
        Ok(order)
    } else {
        Err(problems)
    }
}

/// The `needs:` lines of a script's opening comment (the `//` lines it starts with), so that a
/// line of code or a later comment that happens to say "needs:" is not read as one.
fn needs_of(script: &[u8]) -> Vec<Need> {
    let mut out = Vec::new();
    for (n, line) in script.split(|&b| b == b'\n').enumerate() {
        let line = String::from_utf8_lossy(line);
        // A byte order mark is not text a browser shows, nor one this rule should stop at.
        let trimmed = line.trim().trim_start_matches('\u{feff}');
        if trimmed.is_empty() {
            continue;
        }
        let Some(comment) = trimmed.strip_prefix("//") else {
            break;
        };
        let Some(names) = comment.trim_start().strip_prefix("needs:") else {
            continue;
        };
        // Where the names start in the line, for the column of each.
        let names_at = names.as_ptr() as usize - line.as_ptr() as usize;
        let mut start = None;
        for (i, c) in names.char_indices().chain([(names.len(), ' ')]) {
            let separates = c.is_whitespace() || c == ',';
            match start {
                None if !separates => start = Some(i),
                Some(s) if separates => {
                    out.push(Need {
                        name: names[s..i].to_string(),
                        line: n + 1,
                        column: line[..names_at + s].chars().count() + 1,
                    });
                    start = None;
                }
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn theme(files: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        files
            .iter()
            .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
            .collect()
    }

    fn origins(assets: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, PathBuf> {
        assets
            .keys()
            .map(|p| (p.clone(), PathBuf::from("themes/default/static").join(p)))
            .collect()
    }

    /// The files of a bundle, in order.
    fn order(files: &[(&str, &str)]) -> Vec<String> {
        let assets = theme(files);
        let bundle = bundle(&assets, &origins(&assets)).unwrap_or_else(|d| panic!("{d:?}"));
        String::from_utf8(bundle)
            .unwrap()
            .lines()
            .filter_map(|l| l.strip_prefix("// assets/"))
            .map(str::to_string)
            .collect()
    }

    fn errors(files: &[(&str, &str)]) -> Vec<Diagnostic> {
        let assets = theme(files);
        bundle(&assets, &origins(&assets)).expect_err("an error")
    }

    #[test]
    fn each_script_comes_after_what_it_needs_and_the_rest_in_name_order() {
        let files = [
            (
                "assets/a.js",
                "// Box.\n// needs: lib/z.js\nwindow.a = window.z;\n",
            ),
            ("assets/b.js", "window.b = 1;\n"),
            ("assets/c.js", "// needs: lib/y.js, e.js\n"),
            ("assets/e.js", "// needs: b.js\n"),
            ("assets/lib/y.js", "// needs: lib/z.js\n"),
            ("assets/lib/z.js", "window.z = 1;\n"),
            // Not needed by any script: a folder's script is the theme's to load as it likes.
            ("assets/lib/unused.js", "window.unused = 1;\n"),
            ("assets/single-file.js", "window.router = 1;\n"),
            ("assets/style.css", "body {}\n"),
        ];
        assert_eq!(
            order(&files),
            ["lib/z.js", "a.js", "b.js", "lib/y.js", "e.js", "c.js"]
        );
    }

    #[test]
    fn the_default_theme_loads_the_search_engine_after_its_parts_and_before_the_box() {
        let mut assets = BTreeMap::new();
        for file in super::super::default_theme()
            .get_dir("static/assets")
            .into_iter()
            .flat_map(|d| d.files().chain(d.dirs().flat_map(|s| s.files())))
        {
            let rel = file.path().to_string_lossy().replace('\\', "/");
            let rel = rel.trim_start_matches("static/").to_string();
            assets.insert(rel, file.contents().to_vec());
        }
        let bundle = bundle(&assets, &BTreeMap::new()).unwrap_or_else(|d| panic!("{d:?}"));
        let bundle = String::from_utf8(bundle).unwrap();
        let at = |name: &str| {
            bundle
                .find(&format!("// assets/{name}\n"))
                .unwrap_or_else(|| panic!("{name} is not in the bundle"))
        };
        assert!(at("search/text.js") < at("search/vocabulary.js"));
        assert!(at("search/scoring.js") < at("search/engine.js"));
        assert!(at("search/vocabulary.js") < at("search/engine.js"));
        assert!(at("search/engine.js") < at("search.js"));
        assert!(at("copy-code.js") < at("checklist.js"));
        assert!(!bundle.contains("// assets/single-file.js"));
    }

    #[test]
    fn a_missing_script_is_an_error_at_the_line_that_needs_it() {
        let problems = errors(&[
            (
                "assets/a.js",
                "// A box.\n// needs: b.js  search/gone.js\ncode();\n",
            ),
            ("assets/b.js", "\n"),
        ]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        let d = &problems[0];
        assert_eq!(d.path, Path::new("themes/default/static/assets/a.js"));
        assert_eq!((d.line, d.column), (2, 17));
        assert_eq!(
            d.message,
            "needs assets/search/gone.js, which the theme does not have"
        );
        assert!(
            d.hint
                .as_deref()
                .unwrap()
                .contains("// needs: search/text.js")
        );
    }

    #[test]
    fn scripts_that_need_each_other_are_an_error_naming_each_of_them() {
        let problems = errors(&[
            ("assets/a.js", "// needs: b.js\n"),
            ("assets/b.js", "// needs: lib/c.js\n"),
            ("assets/lib/c.js", "// Helpers.\n// needs: a.js\n"),
            ("assets/d.js", "// needs: d.js\n"),
        ]);
        let messages: Vec<(String, usize, &str)> = problems
            .iter()
            .map(|d| (d.path.display().to_string(), d.line, d.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    "themes/default/static/assets/lib/c.js".to_string(),
                    2,
                    "scripts need each other in a circle: assets/a.js → assets/b.js → assets/lib/c.js → assets/a.js"
                ),
                (
                    "themes/default/static/assets/d.js".to_string(),
                    1,
                    "scripts need each other in a circle: assets/d.js → assets/d.js"
                ),
            ]
        );
    }

    #[test]
    fn only_the_opening_comment_says_what_a_script_needs() {
        let files = [
            (
                "assets/a.js",
                "\u{feff}// Box.\r\n\r\n//   needs: c.js\r\nvar x = 1; // needs: gone.js\n// needs: gone.js\n",
            ),
            ("assets/b.js", ""),
            ("assets/c.js", ""),
        ];
        assert_eq!(order(&files), ["c.js", "a.js", "b.js"]);
    }

    #[test]
    fn a_needs_line_names_scripts_by_their_path() {
        for (line, message) in [
            (
                "// needs: search/text",
                "'search/text' in a needs line is not a script's path",
            ),
            (
                "// needs: single-file.js",
                "needs assets/single-file.js, the single-file copy's router, which pages do not load",
            ),
        ] {
            let problems = errors(&[("assets/a.js", line), ("assets/single-file.js", "")]);
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert_eq!(problems[0].message, message);
            assert_eq!((problems[0].line, problems[0].column), (1, 11));
        }
    }
}

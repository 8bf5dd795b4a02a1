//! The layout of the sources holds: no two top-level modules of `src/` import each other, even
//! through others (each stage imports only those before it), and no file of `src/` is longer
//! than 600 lines before its unit tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let src = super::harness::repo_root().join("src");
            let rel = path
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

fn before_tests(text: &str) -> &str {
    text.split("#[cfg(test)]").next().unwrap_or(text)
}

#[test]
fn top_level_modules_import_each_other_in_one_direction_only() {
    let mut files = Vec::new();
    sources(&super::harness::repo_root().join("src"), &mut files);
    let mut imports: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, text) in &files {
        let top = rel
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".rs")
            .to_string();
        if ["main", "lib", "cmd"].contains(&top.as_str()) || rel.ends_with("/tests.rs") {
            continue;
        }
        let body = before_tests(text);
        for (at, _) in body.match_indices("crate::") {
            let name: String = body[at + 7..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            if !name.is_empty() && name != top {
                imports.entry(top.clone()).or_default().insert(name);
            }
        }
    }
    // Every module reachable from each: a module that reaches itself is in a circle.
    for start in imports.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&String> = imports[start].iter().collect();
        while let Some(module) = stack.pop() {
            if module == start {
                panic!("{start} imports itself through others: {imports:#?}");
            }
            if seen.insert(module.clone()) {
                stack.extend(imports.get(module).into_iter().flatten());
            }
        }
    }
}

#[test]
fn no_source_file_is_longer_than_600_lines_before_its_tests() {
    let mut files = Vec::new();
    sources(&super::harness::repo_root().join("src"), &mut files);
    let long: Vec<String> = files
        .iter()
        .map(|(rel, text)| (rel, before_tests(text).lines().count()))
        .filter(|(_, lines)| *lines > 600)
        .map(|(rel, lines)| format!("{rel}: {lines}"))
        .collect();
    assert!(long.is_empty(), "{long:?}");
}

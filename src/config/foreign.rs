//! The site settings another tool's config holds: MkDocs' `mkdocs.yml`, Hugo's `hugo.toml`
//! (or `config.toml`), mdBook's `book.toml`. A repository without a `dontpanic.toml` builds
//! with them (title, description, address, repository, pages' folder), and `dontpanic import`
//! writes them into one. Reading only; what these files say about looks is not carried over.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::positions::{self, Positions};

/// What was read from another tool's config.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Foreign {
    /// `mkdocs`, `hugo` or `mdbook`.
    pub tool: &'static str,
    /// The file it came from, relative to the root.
    pub file: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub base_url: Option<String>,
    pub repo_url: Option<String>,
    /// The folder of pages, relative to the root.
    pub content_dir: String,
    /// Settings present in the file that dontpanic does not carry over, by name.
    pub left_out: Vec<String>,
    /// MkDocs' `nav`, for the sidebar's order and titles (`content::outline`).
    pub nav: Option<serde_json::Value>,
    /// Hugo's `params`, for `{{< param >}}` in pages written for Hugo.
    pub params: serde_json::Map<String, serde_json::Value>,
    /// Where `base_url` and `repo_url` were read: the path of the file's own key for each
    /// (`["output", "html", "git-repository-url"]`), and its line.
    pub sources: BTreeMap<&'static str, (&'static [&'static str], usize)>,
    /// The languages the tool builds the site in (mkdocs-static-i18n's `languages`, Hugo's
    /// `[languages]`), the default one marked; empty for a site of one.
    pub languages: Vec<ForeignLanguage>,
}

/// One language of another tool's multilingual site.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ForeignLanguage {
    pub code: String,
    pub name: Option<String>,
    pub default: bool,
    pub right_to_left: bool,
}

/// The tools, in the order they are looked for.
pub const TOOLS: [&str; 3] = ["mkdocs", "hugo", "mdbook"];

/// The first of MkDocs, Hugo and mdBook whose config is at `root` and reads.
pub fn detect(root: &Path) -> Option<Foreign> {
    TOOLS
        .iter()
        .find_map(|tool| read(root, tool).ok().flatten())
}

/// The config of `tool` at `root`: `Ok(None)` when there is none, `Err` when it does not read.
pub fn read(root: &Path, tool: &str) -> Result<Option<Foreign>, String> {
    match tool {
        "mkdocs" => read_first(root, &["mkdocs.yml", "mkdocs.yaml"], mkdocs),
        "hugo" => read_first(
            root,
            &[
                "hugo.toml",
                "hugo.yaml",
                "hugo.yml",
                "config.toml",
                "config.yaml",
                "config.yml",
            ],
            hugo,
        ),
        "mdbook" => read_first(root, &["book.toml"], mdbook),
        other => Err(format!("'{other}' is not one of {}", TOOLS.join(", "))),
    }
}

type Parse = fn(&str, &serde_json::Value) -> Option<Foreign>;

/// The first of `keys` (each a path into `value`) that holds text: the text and its path.
fn first_text(
    value: &serde_json::Value,
    keys: &[&'static [&'static str]],
) -> Option<(String, &'static [&'static str])> {
    keys.iter()
        .find_map(|path| text(value, path).map(|t| (t, *path)))
}

fn read_first(root: &Path, names: &[&str], parse: Parse) -> Result<Option<Foreign>, String> {
    for name in names {
        let Ok(text) = crate::files::read_to_string(&root.join(name)) else {
            continue;
        };
        let (value, positions) = if name.ends_with(".toml") {
            positions::parse_toml::<toml::Table>(&text)
                .map_err(|e| format!("{name}: {}", e.message()))
                .and_then(|(t, positions)| {
                    let value = serde_json::to_value(t).map_err(|e| format!("{name}: {e}"))?;
                    Ok((value, positions))
                })?
        } else if let Some((line, column)) = crate::yaml::too_deep(&text) {
            return Err(format!(
                "{name}:{line}:{column}: {}",
                crate::yaml::too_deep_message()
            ));
        } else {
            let value = serde_norway::from_str::<serde_norway::Value>(&text)
                .map_err(|e| format!("{name}: {e}"))
                .map(|v| yaml_to_json(&v))?;
            (value, Positions::yaml(&text))
        };
        return Ok(parse(name, &value).map(|mut found| {
            // Lines for the errors about its addresses, from where the parser read each key.
            for (path, line) in found.sources.values_mut() {
                *line = positions.key(path).map_or(1, |at| at.line);
            }
            found
        }));
    }
    Ok(None)
}

/// YAML as JSON, with tags (`!!python/name:...`) read as their value.
pub(crate) fn yaml_to_json(value: &serde_norway::Value) -> serde_json::Value {
    use serde_norway::Value as Y;
    match value {
        Y::Null => serde_json::Value::Null,
        Y::Bool(b) => serde_json::Value::Bool(*b),
        Y::Number(n) => serde_json::to_value(n).unwrap_or(serde_json::Value::Null),
        Y::String(s) => serde_json::Value::String(s.clone()),
        Y::Sequence(items) => items.iter().map(yaml_to_json).collect(),
        Y::Mapping(map) => serde_json::Value::Object(
            map.iter()
                .filter_map(|(k, v)| Some((k.as_str()?.to_string(), yaml_to_json(v))))
                .collect(),
        ),
        Y::Tagged(tagged) => yaml_to_json(&tagged.value),
    }
}

fn text(value: &serde_json::Value, path: &[&str]) -> Option<String> {
    let mut current = value;
    for key in path {
        current = current.get(key)?;
    }
    current
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The keys of `value` not in `carried`, as `what` names them.
fn others(value: &serde_json::Value, carried: &[&str]) -> Vec<String> {
    value
        .as_object()
        .map(|map| {
            map.keys()
                .filter(|k| !carried.contains(&k.as_str()))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

fn mkdocs(file: &str, value: &serde_json::Value) -> Option<Foreign> {
    let mut left_out = others(
        value,
        &[
            "site_name",
            "site_description",
            "site_url",
            "repo_url",
            "docs_dir",
            "nav",
            "markdown_extensions",
            "edit_uri",
            "repo_name",
            "site_author",
            "copyright",
        ],
    );
    let external = value.get("nav").map(count_external).unwrap_or(0);
    if external > 0 {
        left_out.push(format!("nav: {external} link(s) to other sites"));
    }
    let base_url = first_text(value, &[&["site_url"]]);
    let repo_url = first_text(value, &[&["repo_url"]]);
    Some(Foreign {
        tool: "mkdocs",
        file: file.to_string(),
        title: text(value, &["site_name"]),
        description: text(value, &["site_description"]),
        sources: sources(&base_url, &repo_url),
        base_url: base_url.map(|(url, _)| url),
        repo_url: repo_url.map(|(url, _)| url),
        content_dir: text(value, &["docs_dir"]).unwrap_or_else(|| "docs".into()),
        left_out,
        nav: value.get("nav").cloned(),
        params: Default::default(),
        languages: mkdocs_languages(value),
    })
}

/// mkdocs-static-i18n's languages: `plugins: [i18n: {languages: [{locale, name, default}]}]`
/// (version 1), or `languages: {fr: {name}}` beside `default_language` (version 0).
fn mkdocs_languages(value: &serde_json::Value) -> Vec<ForeignLanguage> {
    use serde_json::Value as J;
    let i18n = match value.get("plugins") {
        Some(J::Array(plugins)) => plugins.iter().find_map(|p| p.get("i18n")),
        Some(J::Object(plugins)) => plugins.get("i18n"),
        _ => None,
    };
    let Some(i18n) = i18n else {
        return Vec::new();
    };
    let default = text(i18n, &["default_language"]);
    match i18n.get("languages") {
        Some(J::Array(languages)) => languages
            .iter()
            .filter_map(|l| {
                Some(ForeignLanguage {
                    code: text(l, &["locale"])?,
                    name: text(l, &["name"]),
                    default: l.get("default") == Some(&J::Bool(true)),
                    right_to_left: false,
                })
            })
            .collect(),
        Some(J::Object(languages)) => languages
            .iter()
            .map(|(code, l)| ForeignLanguage {
                code: code.clone(),
                name: text(l, &["name"]),
                default: default.as_deref() == Some(code.as_str()),
                right_to_left: false,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Hugo's `[languages.<code>]` (`languageName`, `languageDirection`) and
/// `defaultContentLanguage` (English when absent).
fn hugo_languages(value: &serde_json::Value) -> Vec<ForeignLanguage> {
    let Some(languages) = value.get("languages").and_then(|l| l.as_object()) else {
        return Vec::new();
    };
    let default = text(value, &["defaultContentLanguage"]).unwrap_or_else(|| "en".into());
    languages
        .iter()
        .map(|(code, l)| ForeignLanguage {
            code: code.clone(),
            name: text(l, &["languageName"]),
            default: code.eq_ignore_ascii_case(&default),
            right_to_left: text(l, &["languageDirection"]).as_deref() == Some("rtl"),
        })
        .collect()
}

/// Which keys gave the addresses (their lines are filled in from the parser's positions).
fn sources(
    base_url: &Option<(String, &'static [&'static str])>,
    repo_url: &Option<(String, &'static [&'static str])>,
) -> BTreeMap<&'static str, (&'static [&'static str], usize)> {
    [("base_url", base_url), ("repo_url", repo_url)]
        .into_iter()
        .filter_map(|(ours, found)| Some((ours, (found.as_ref()?.1, 0))))
        .collect()
}

fn count_external(nav: &serde_json::Value) -> usize {
    match nav {
        serde_json::Value::String(s) => usize::from(s.contains("://")),
        serde_json::Value::Array(items) => items.iter().map(count_external).sum(),
        serde_json::Value::Object(map) => map.values().map(count_external).sum(),
        _ => 0,
    }
}

fn hugo(file: &str, value: &serde_json::Value) -> Option<Foreign> {
    // A `config.toml` that is not Hugo's (it names no title, base URL or content) is not taken.
    let known = [
        "title",
        "baseURL",
        "baseurl",
        "contentDir",
        "params",
        "theme",
    ];
    if !known.iter().any(|k| value.get(k).is_some()) {
        return None;
    }
    let params = value.get("params").cloned().unwrap_or_default();
    let base_url = first_text(value, &[&["baseURL"], &["baseurl"]]);
    let repo_url = first_text(
        value,
        &[&["params", "BookRepo"], &["params", "github_repo"]],
    )
    .or_else(|| first_text(value, &[&["params", "editURL"]]).filter(|(u, _)| u.contains("://")));
    Some(Foreign {
        params: params.as_object().cloned().unwrap_or_default(),
        nav: None,
        tool: "hugo",
        file: file.to_string(),
        title: text(value, &["title"]),
        description: text(&params, &["description"]).or_else(|| text(&params, &["Description"])),
        sources: sources(&base_url, &repo_url),
        base_url: base_url.map(|(url, _)| url),
        repo_url: repo_url.map(|(url, _)| url),
        content_dir: text(value, &["contentDir"]).unwrap_or_else(|| "content".into()),
        languages: hugo_languages(value),
        left_out: others(
            value,
            &[
                "title",
                "baseURL",
                "baseurl",
                "contentDir",
                "params",
                "languageCode",
                "languages",
                "defaultContentLanguage",
                "markup",
            ],
        ),
    })
}

fn mdbook(file: &str, value: &serde_json::Value) -> Option<Foreign> {
    let book = value.get("book")?;
    let html = value
        .get("output")
        .and_then(|o| o.get("html"))
        .cloned()
        .unwrap_or_default();
    let mut left_out: Vec<String> = others(value, &["book", "output"])
        .into_iter()
        .map(|k| format!("[{k}]"))
        .collect();
    left_out.extend(
        others(
            &html,
            &["git-repository-url", "site-url", "edit-url-template"],
        )
        .into_iter()
        .map(|k| format!("output.html.{k}")),
    );
    let repo_url = first_text(value, &[&["output", "html", "git-repository-url"]]);
    Some(Foreign {
        tool: "mdbook",
        file: file.to_string(),
        title: text(book, &["title"]),
        description: text(book, &["description"]),
        base_url: None,
        sources: sources(&None, &repo_url),
        repo_url: repo_url.map(|(url, _)| url),
        content_dir: text(book, &["src"]).unwrap_or_else(|| "src".into()),
        left_out,
        ..Foreign::default()
    })
}

/// A `dontpanic.toml` holding what `foreign` carries over, with a comment naming its source.
pub fn to_config_text(foreign: &Foreign) -> String {
    let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = format!(
        "# Settings taken from {} by `dontpanic import {}`.\n",
        foreign.file, foreign.tool
    );
    if let Some(title) = &foreign.title {
        out.push_str(&format!("title = {}\n", quoted(title)));
    }
    if let Some(description) = &foreign.description {
        out.push_str(&format!("description = {}\n", quoted(description)));
    }
    if let Some(base_url) = &foreign.base_url {
        out.push_str(&format!("base_url = {}\n", quoted(base_url)));
    }
    if let Some(repo_url) = &foreign.repo_url {
        out.push_str(&format!("repo_url = {}\n", quoted(repo_url)));
    }
    out.push_str(&format!(
        "content_dir = {}\n",
        quoted(foreign.content_dir.trim_end_matches('/'))
    ));
    if let Some(old) = super::OldAddresses::of_tool(foreign.tool) {
        out.push_str(&format!(
            "old_addresses = {}  # its page addresses redirect to the pages\n",
            quoted(old.as_str())
        ));
    }
    let languages: Vec<&ForeignLanguage> = foreign
        .languages
        .iter()
        .filter(|l| crate::languages::is_language_tag(&l.code))
        .collect();
    if let Some(default) = languages.iter().find(|l| l.default).or(languages.first()) {
        out.push_str(&format!(
            "default_language = {}
",
            quoted(&default.code)
        ));
    }
    for language in &languages {
        out.push_str(&format!("\n[languages.{}]\n", quoted(&language.code)));
        if let Some(name) = &language.name {
            out.push_str(&format!("name = {}\n", quoted(name)));
        }
        if language.right_to_left {
            out.push_str("direction = \"rtl\"\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        dir
    }

    #[test]
    fn mkdocs_settings_are_read_and_the_rest_named() {
        let dir = at(&[(
            "mkdocs.yml",
            "site_name: Payments on-call\nsite_url: https://ops.example.com/\nrepo_url: https://github.com/acme/pay\ntheme:\n  name: material\nextra_css: [x.css]\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\nnav:\n  - index.md\n  - Status: https://status.example.com\n",
        )]);
        let found = detect(dir.path()).unwrap();
        assert_eq!(found.tool, "mkdocs");
        assert_eq!(found.title.as_deref(), Some("Payments on-call"));
        assert_eq!(found.content_dir, "docs");
        assert_eq!(
            found.left_out,
            ["extra_css", "theme", "nav: 1 link(s) to other sites"]
        );
        let config = to_config_text(&found);
        assert!(
            config.contains("title = \"Payments on-call\"\n"),
            "{config}"
        );
        assert!(config.contains("repo_url = \"https://github.com/acme/pay\"\n"));
        let (_, problems) =
            crate::config::Config::parse(Path::new("dontpanic.toml"), &config).expect("it reads");
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn the_languages_of_mkdocs_static_i18n_and_hugo_are_read() {
        let dir = at(&[(
            "mkdocs.yml",
            "site_name: Runbooks\nplugins:\n  - search\n  - i18n:\n      docs_structure: suffix\n      languages:\n        - locale: ja\n          default: true\n          name: 日本語\n        - locale: en\n          name: English\n",
        )]);
        let found = detect(dir.path()).unwrap();
        let codes: Vec<(&str, bool)> = found
            .languages
            .iter()
            .map(|l| (l.code.as_str(), l.default))
            .collect();
        assert_eq!(codes, [("ja", true), ("en", false)]);
        let text = to_config_text(&found);
        let (config, _) = crate::config::Config::parse(Path::new("dontpanic.toml"), &text).unwrap();
        assert_eq!(config.languages.default_language().code, "ja");
        assert_eq!(config.languages.list[1].name, "English");

        let dir = at(&[(
            "hugo.toml",
            "title = \"Ops\"\ndefaultContentLanguage = \"fr\"\n[languages.fr]\nlanguageName = \"Français\"\n[languages.ar]\nlanguageDirection = \"rtl\"\n",
        )]);
        let found = detect(dir.path()).unwrap();
        let mut config = crate::config::Config::default();
        config.take_foreign(&found, Path::new("hugo.toml"));
        let codes: Vec<&str> = config
            .languages
            .list
            .iter()
            .map(|l| l.code.as_str())
            .collect();
        assert_eq!(codes, ["fr", "ar"]);
        assert_eq!(
            config.languages.list[1].direction,
            crate::languages::Direction::Rtl
        );
        assert!(!found.left_out.contains(&"languages".to_string()));
    }

    #[test]
    fn hugo_and_mdbook_settings_are_read() {
        let dir = at(&[(
            "hugo.toml",
            "baseURL = \"https://rb.example.com/\"\ntitle = \"Platform\"\ntheme = \"hugo-book\"\n[params]\nBookRepo = \"https://github.com/acme/rb\"\n",
        )]);
        let hugo = read(dir.path(), "hugo").unwrap().unwrap();
        assert_eq!(hugo.base_url.as_deref(), Some("https://rb.example.com/"));
        assert_eq!(hugo.repo_url.as_deref(), Some("https://github.com/acme/rb"));
        assert_eq!(hugo.left_out, ["theme"]);
        let dir = at(&[(
            "book.toml",
            "[book]\ntitle = \"Storage\"\nsrc = \"pages\"\n[output.html]\ngit-repository-url = \"https://github.com/acme/s\"\nadditional-css = [\"x.css\"]\n[preprocessor.mermaid]\n",
        )]);
        let book = detect(dir.path()).unwrap();
        assert_eq!((book.tool, book.content_dir.as_str()), ("mdbook", "pages"));
        assert_eq!(
            book.left_out,
            ["[preprocessor]", "output.html.additional-css"]
        );
        assert!(read(dir.path(), "jekyll").is_err());
        let unrelated = at(&[("config.toml", "[server]\nport = 1\n")]);
        assert_eq!(read(unrelated.path(), "hugo"), Ok(None));
    }
}

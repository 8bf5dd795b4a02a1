//! The interface's strings per language: the catalogs shipped in `themes/default/i18n/`, a
//! language code's catalog found through BCP 47 fallbacks, a theme's and a site's own
//! `i18n/<code>.toml` laid over it key by key, and what templates and scripts read from it.
//! Knows nothing of pages: whoever renders one says which language it is in.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The catalogs the binary ships, by code. `en` is the reference: every other has its keys.
pub const BUILT_IN: [&str; 9] = ["en", "zh-Hans", "ja", "ko", "de", "fr", "es", "pt", "ar"];

/// The table whose strings the theme's scripts read (`strings.<code>.js`).
const SCRIPT_TABLE: &str = "scripts";

/// CLDR plural categories: a table of only these keys is one string's plural forms.
const PLURAL_CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// One string of a catalog.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Text(String),
    /// Forms by CLDR category (`one`, `other`...); `other` is always there.
    Plural(BTreeMap<String, String>),
}

impl Entry {
    /// The form for `n` in `language` (the catalog's code).
    fn form(&self, language: &str, n: i64) -> &str {
        match self {
            Entry::Text(text) => text,
            Entry::Plural(forms) => {
                let category = plural_category(language, n);
                forms
                    .get(category)
                    .or_else(|| forms.get("other"))
                    .map_or("", String::as_str)
            }
        }
    }

    /// Its `{placeholders}`, every form's together.
    pub fn placeholders(&self) -> std::collections::BTreeSet<String> {
        let texts: Vec<&String> = match self {
            Entry::Text(text) => vec![text],
            Entry::Plural(forms) => forms.values().collect(),
        };
        texts.into_iter().flat_map(|t| placeholders_of(t)).collect()
    }
}

fn placeholders_of(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end)
                if after[..end]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                found.push(after[..end].to_string());
                rest = &after[end + 1..];
            }
            _ => rest = after,
        }
    }
    found
}

/// The CLDR plural category of an integer `n` in `language`, for the shipped languages (and a
/// one/other rule for the rest): enough for counts of pages, days and results.
pub fn plural_category(language: &str, n: i64) -> &'static str {
    let base = language.split(['-', '_']).next().unwrap_or("");
    let n = n.unsigned_abs();
    match base {
        "zh" | "ja" | "ko" => "other",
        // French and Portuguese (Brazil's, the usual one) say "0 page" like "1 page".
        "fr" | "pt" => {
            if n <= 1 {
                "one"
            } else {
                "other"
            }
        }
        "ar" => match (n, n % 100) {
            (0, _) => "zero",
            (1, _) => "one",
            (2, _) => "two",
            (_, 3..=10) => "few",
            (_, 11..=99) => "many",
            _ => "other",
        },
        _ => {
            if n == 1 {
                "one"
            } else {
                "other"
            }
        }
    }
}

/// The shipped catalog a BCP 47 code reads: the exact code, then its language with the script
/// it is written in (`zh`, `zh-CN` → `zh-Hans`; `zh-TW`, `zh-Hant` have none, so English), then
/// the language alone (`pt-BR` → `pt`), then `en`.
pub fn resolve(code: &str) -> &'static str {
    resolve_among(code, &BUILT_IN).unwrap_or("en")
}

/// The first of `codes` that `code` falls back to, by the rules of `resolve` (case-insensitive).
fn resolve_among<'c>(code: &str, codes: &[&'c str]) -> Option<&'c str> {
    let find = |wanted: &str| {
        codes
            .iter()
            .copied()
            .find(|c| c.eq_ignore_ascii_case(wanted))
    };
    if let Some(exact) = find(code) {
        return Some(exact);
    }
    let mut parts = code.split(['-', '_']);
    let language = parts.next().unwrap_or("").to_ascii_lowercase();
    let rest: Vec<String> = parts.map(str::to_ascii_lowercase).collect();
    if language == "zh" {
        // Chinese is told apart by script; a region says which one its readers use.
        let traditional = rest
            .iter()
            .any(|p| matches!(p.as_str(), "hant" | "tw" | "hk" | "mo"));
        return if traditional {
            find("zh-Hant")
        } else {
            find("zh-Hans").or_else(|| find("zh"))
        };
    }
    find(&language)
}

/// A language's catalog: its strings with English filling what it lacks, as templates and
/// scripts read them.
#[derive(Debug)]
pub struct Catalog {
    /// The code the catalog was asked for (`de-AT`); plural rules follow it.
    code: String,
    entries: BTreeMap<String, Entry>,
    /// `entries` as nested maps, `t` in templates (built once: a page's context only clones
    /// the handle).
    value: tera::Value,
    /// `strings.<code>.js`: the scripts' strings.
    script: String,
}

impl Catalog {
    fn new(code: &str, entries: BTreeMap<String, Entry>) -> Catalog {
        let value = nested(&entries, code);
        let script = script_of(&entries);
        Catalog {
            code: code.to_string(),
            entries,
            value,
            script,
        }
    }

    /// The language code the catalog was asked for.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The string at `key` (`search.placeholder`); the key itself when no catalog has it.
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        self.entries.get(key).map_or(key, |e| e.form(&self.code, 0))
    }

    /// The string at `key` with its `{name}` parameters filled in.
    pub fn format(&self, key: &str, params: &[(&str, &str)]) -> String {
        fill(self.text(key), params)
    }

    /// The form of `key` for the count `n`, `{n}` and `params` filled in.
    pub fn count(&self, key: &str, n: i64, params: &[(&str, &str)]) -> String {
        let form = self.entries.get(key).map_or(key, |e| e.form(&self.code, n));
        let n = n.to_string();
        let mut all = vec![("n", n.as_str())];
        all.extend_from_slice(params);
        fill(form, &all)
    }

    /// A date (`YYYY-MM-DD`) as the language writes it; other text unchanged.
    pub fn date(&self, iso: &str) -> String {
        let parts: Vec<&str> = iso.split('-').collect();
        match parts.as_slice() {
            [year, month, day] if year.len() == 4 && month.len() == 2 && day.len() == 2 => self
                .format(
                    "dates.date",
                    &[("year", year), ("month", month), ("day", day)],
                ),
            _ => iso.to_string(),
        }
    }

    /// "today", "3 days ago".
    pub fn days_ago(&self, days: i64) -> String {
        match days {
            0 => self.text("dates.today").to_string(),
            d if d < 0 => self.text("dates.in_future").to_string(),
            d => self.count("dates.days_ago", d, &[]),
        }
    }

    /// Every key with its entry, English included where the language lacks one.
    pub fn entries(&self) -> &BTreeMap<String, Entry> {
        &self.entries
    }

    /// The catalog as nested maps, for templates (`{{ t.search.placeholder }}`). A plural
    /// string is a map of its forms with `_language`, for the `count` filter.
    pub fn template_value(&self) -> tera::Value {
        self.value.clone()
    }

    /// The text of `strings.<code>.js`: `window.dontpanicStrings`, the strings the scripts use
    /// by key (`search.no_results`).
    pub fn script(&self) -> &str {
        &self.script
    }

    /// Whether pages need `strings.<code>.js`: the scripts carry their English text, so an
    /// English page (whose script strings nobody changed) loads one script fewer.
    pub fn needs_script(&self) -> bool {
        self.script != for_language("en").script
    }

    /// Where the scripts' strings are, under the theme's folder.
    pub fn script_path(&self) -> String {
        format!("assets/strings.{}.js", self.code)
    }
}

/// `text` with each `{name}` of `params` replaced; unknown names stay as written.
pub fn fill(text: &str, params: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let replaced = after.find('}').and_then(|end| {
            let name = &after[..end];
            params
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (v, end))
        });
        match replaced {
            Some((value, end)) => {
                out.push_str(value);
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `entries` as nested maps of safe strings: the catalog is written by the theme's and the
/// site's authors, like a template's own text, and shows as written (`person's`, not escaped).
fn nested(entries: &BTreeMap<String, Entry>, code: &str) -> tera::Value {
    enum Node {
        Leaf(tera::Value),
        Table(BTreeMap<String, Node>),
    }
    fn into_value(node: Node) -> tera::Value {
        match node {
            Node::Leaf(value) => value,
            Node::Table(table) => tera::Value::from(
                table
                    .into_iter()
                    .map(|(k, v)| (k, into_value(v)))
                    .collect::<BTreeMap<String, tera::Value>>(),
            ),
        }
    }
    let mut root: BTreeMap<String, Node> = BTreeMap::new();
    'entries: for (key, entry) in entries {
        let mut parts: Vec<&str> = key.split('.').collect();
        let Some(last) = parts.pop() else { continue };
        let mut table = &mut root;
        for part in parts {
            let slot = table
                .entry(part.to_string())
                .or_insert_with(|| Node::Table(BTreeMap::new()));
            // Keys come from a TOML tree: no key is both a string and a table.
            let Node::Table(inner) = slot else {
                continue 'entries;
            };
            table = inner;
        }
        let value = match entry {
            Entry::Text(text) => tera::Value::safe_string(text),
            Entry::Plural(forms) => {
                let mut map: BTreeMap<String, tera::Value> = forms
                    .iter()
                    .map(|(k, v)| (k.clone(), tera::Value::safe_string(v)))
                    .collect();
                map.insert("_language".into(), tera::Value::from(code));
                tera::Value::from(map)
            }
        };
        table.insert(last.to_string(), Node::Leaf(value));
    }
    into_value(Node::Table(root))
}

fn script_of(entries: &BTreeMap<String, Entry>) -> String {
    let prefix = format!("{SCRIPT_TABLE}.");
    let strings: serde_json::Map<String, serde_json::Value> = entries
        .iter()
        .filter_map(|(key, entry)| {
            let key = key.strip_prefix(&prefix)?;
            let value = match entry {
                Entry::Text(text) => serde_json::Value::String(text.clone()),
                Entry::Plural(forms) => serde_json::to_value(forms).unwrap_or_default(),
            };
            Some((key.to_string(), value))
        })
        .collect();
    let json = serde_json::to_string(&strings).unwrap_or_else(|_| "{}".into());
    // `</` would end an inline script in the single-file copy.
    format!(
        "// The interface's strings for the theme's scripts, in this site's language.\nwindow.dontpanicStrings = {};\n",
        json.replace("</", "<\\/")
    )
}

/// A catalog file's text as flat keys (`search.placeholder`), each with its line.
pub fn parse(text: &str) -> Result<BTreeMap<String, (Entry, usize)>, (usize, String)> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let line = e
            .span()
            .map_or(1, |s| crate::diagnostic::line_col(text, s.start).0);
        (line, e.message().to_string())
    })?;
    let lines = key_lines(text);
    let mut out = BTreeMap::new();
    flatten(&table, "", &lines, &mut out)?;
    Ok(out)
}

fn flatten(
    table: &toml::Table,
    prefix: &str,
    lines: &HashMap<String, usize>,
    out: &mut BTreeMap<String, (Entry, usize)>,
) -> Result<(), (usize, String)> {
    for (name, value) in table {
        let key = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        let line = lines.get(&key).copied().unwrap_or(1);
        match value {
            toml::Value::String(text) => {
                out.insert(key, (Entry::Text(text.clone()), line));
            }
            toml::Value::Table(inner)
                if !inner.is_empty()
                    && inner.contains_key("other")
                    && inner
                        .keys()
                        .all(|k| PLURAL_CATEGORIES.contains(&k.as_str())) =>
            {
                let mut forms = BTreeMap::new();
                for (category, form) in inner {
                    let toml::Value::String(form) = form else {
                        return Err((line, format!("'{key}.{category}' must be a string")));
                    };
                    forms.insert(category.clone(), form.clone());
                }
                out.insert(key, (Entry::Plural(forms), line));
            }
            toml::Value::Table(inner) => flatten(inner, &key, lines, out)?,
            other => {
                return Err((
                    line,
                    format!(
                        "'{key}' must be a string or a table of plural forms, not a {}",
                        other.type_str()
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The line of each key of a catalog file (`[search]` then `placeholder = …` is
/// `search.placeholder`), for diagnostics; toml's tables do not keep positions.
fn key_lines(text: &str) -> HashMap<String, usize> {
    let mut lines = HashMap::new();
    let mut table = String::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(header) = line.strip_prefix('[').and_then(|l| l.split(']').next()) {
            table = header.trim().replace(['"', ' '], "");
            lines.entry(table.clone()).or_insert(i + 1);
            continue;
        }
        let Some((key, _)) = line.split_once('=') else {
            continue;
        };
        let key = key.trim().trim_matches('"');
        if key.is_empty() || key.starts_with('#') {
            continue;
        }
        let full = if table.is_empty() {
            key.to_string()
        } else {
            format!("{table}.{key}")
        };
        lines.entry(full).or_insert(i + 1);
    }
    lines
}

/// The shipped catalog of `code`'s file, as flat keys.
fn built_in_entries(code: &str) -> BTreeMap<String, Entry> {
    let text = crate::embedded::default_theme()
        .get_file(format!("i18n/{code}.toml"))
        .and_then(|f| f.contents_utf8())
        .unwrap_or("");
    // The shipped files are tested to parse; a broken one gives English, not a panic.
    parse(text)
        .map(|m| m.into_iter().map(|(k, (e, _))| (k, e)).collect())
        .unwrap_or_default()
}

/// English, then the shipped catalog `code` resolves to, then `layers` in order, key by key.
fn merged<'a>(
    code: &str,
    layers: impl IntoIterator<Item = &'a BTreeMap<String, Entry>>,
) -> Catalog {
    let mut entries = built_in_entries("en");
    let shipped = resolve(code);
    if shipped != "en" {
        entries.extend(built_in_entries(shipped));
    }
    for layer in layers {
        for (key, entry) in layer {
            entries.insert(key.clone(), entry.clone());
        }
    }
    Catalog::new(code, entries)
}

/// The shipped catalog for a BCP 47 `code` (`de`, `zh-CN`, `pt-BR`), with the fallbacks of
/// `resolve` and English for any key it lacks. A site keeps the ones it uses (`Catalogs`).
pub fn for_language(code: &str) -> Arc<Catalog> {
    Arc::new(merged(code, []))
}

mod site_files;
pub use site_files::Catalogs;

#[cfg(test)]
mod tests;

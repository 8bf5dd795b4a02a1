//! Front matter: splitting it off a page (TOML between `+++`, YAML between `---`) and reading
//! its fields. Parsing is pure: text in, fields or a located diagnostic out.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use crate::dates::{Date, Period};

use super::foreign_keys::Foreign;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::positions::{self, Position, Positions};
use crate::diagnostic::serde_errors::{
    tidy_serde_message, toml_diagnostic, with_unknown_field_hint,
};

/// What a page can be. Kinds decide the header strip, the checks that apply and, later, the
/// interactive features (checklists, ticket forms).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Runbook,
    Playbook,
    Checklist,
    Template,
    #[default]
    Page,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Runbook => "runbook",
            Kind::Playbook => "playbook",
            Kind::Checklist => "checklist",
            Kind::Template => "template",
            Kind::Page => "page",
        }
    }

    pub const ALL: [&'static str; 5] = ["runbook", "playbook", "checklist", "template", "page"];
}

/// One input of a ticket template's form.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    pub id: String,
    pub label: String,
    #[serde(rename = "type", default = "default_field_type")]
    pub kind: String,
    #[serde(default)]
    pub options: Vec<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub help: String,
}

fn default_field_type() -> String {
    "text".into()
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FrontMatter {
    pub title: Option<String>,
    /// A shorter title for the navigation (Hugo's `linkTitle`, Docusaurus' `sidebar_label`).
    pub nav_title: Option<String>,
    /// Parts of the page not to show: `toc` (the page's contents), `navigation` (the sidebar),
    /// as MkDocs Material writes it.
    pub hide: Vec<String>,
    pub description: Option<String>,
    pub kind: Option<Kind>,
    /// On a section page: the kind of the pages in its folder that do not set one.
    pub default_kind: Option<Kind>,
    pub severity: Option<String>,
    pub services: Vec<String>,
    pub regions: Vec<String>,
    pub tags: Vec<String>,
    pub owner: Option<String>,
    /// Contacts or teams to escalate to, in order.
    pub escalation: Vec<String>,
    /// Alert names this page answers.
    pub alerts: Vec<String>,
    pub last_reviewed: Option<Date>,
    pub review_every: Option<Period>,
    pub weight: Option<i64>,
    pub draft: bool,
    pub aliases: Vec<String>,
    pub fields: Vec<Field>,
    pub extra: Option<serde_json::Value>,
    /// On a translation: the fingerprint of the default-language page it was translated from
    /// (`dontpanic i18n status` prints it), so that `check` can tell when that page changed.
    pub translated_from: Option<String>,
}

pub const FIELDS: &[&str] = &[
    "title",
    "nav_title",
    "hide",
    "description",
    "kind",
    "default_kind",
    "severity",
    "services",
    "regions",
    "tags",
    "owner",
    "escalation",
    "alerts",
    "last_reviewed",
    "review_every",
    "weight",
    "draft",
    "aliases",
    "fields",
    "extra",
    "translated_from",
];

/// A page's text split into its front matter and its Markdown body.
#[derive(Debug)]
pub struct Split<'a> {
    pub front: FrontMatter,
    pub front_source: &'a str,
    /// Where each front matter key is written, in lines of the file.
    pub positions: Positions,
    pub body: &'a str,
    /// How many lines of the file come before `body`, to turn body lines into file lines.
    pub body_line_offset: usize,
    /// Problems that do not stop the build: keys nobody defines, odd values in other tools' keys.
    pub warnings: Vec<Diagnostic>,
}

/// Splits and parses the front matter of `text` (already free of BOM and CRLF). Every problem
/// in the front matter is returned, not only the first.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Vec<Diagnostic>> {
    let (delimiter, is_toml) = if starts_with_line(text, "+++") {
        ("+++", true)
    } else if starts_with_line(text, "---") {
        ("---", false)
    } else {
        return Ok(Split {
            front: FrontMatter::default(),
            front_source: "",
            positions: Positions::default(),
            body: text,
            body_line_offset: 0,
            warnings: Vec::new(),
        });
    };
    let after_open = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = after_open;
    let mut closing = None;
    for line in text[after_open..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == delimiter || (!is_toml && bare == "...") {
            closing = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((close_start, body_start)) = closing else {
        return Err(vec![
            Diagnostic::error(
                path,
                1,
                1,
                format!("front matter opened with '{delimiter}' is never closed"),
            )
            .with_hint(format!(
                "add a line with only '{delimiter}' after the last front matter field"
            )),
        ]);
    };
    let source = &text[after_open..close_start];
    let (entries, positions) = if is_toml {
        toml_entries(path, source)
    } else {
        yaml_entries(path, source)
    }
    .map_err(|d| vec![d])?;
    let positions = positions.below(FIRST_LINE);
    let (front, warnings) = read_fields(path, &positions, entries)?;
    let problems = check_fields(path, &positions, &front.fields);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Split {
        front,
        front_source: source,
        positions,
        body: &text[body_start..],
        body_line_offset: text[..body_start].matches('\n').count(),
        warnings,
    })
}

fn starts_with_line(text: &str, delimiter: &str) -> bool {
    text.lines()
        .next()
        .is_some_and(|first| first.trim_end() == delimiter)
}

/// Front matter starts on line 2 of the file, after its opening delimiter.
const FIRST_LINE: usize = 1;

/// The input types a ticket form knows.
pub const FIELD_TYPES: [&str; 6] = [
    "text",
    "textarea",
    "select",
    "datetime",
    "datetime-range",
    "list",
];

/// A ticket form's fields must have known types, options for a select, and distinct ids.
fn check_fields(path: &Path, positions: &Positions, fields: &[Field]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (index, field) in fields.iter().enumerate() {
        let index = index.to_string();
        // The line of the field's own key, else of the field, else of `fields`.
        let line_of = |key: &str| {
            positions
                .value(&["fields", &index, key])
                .or_else(|| positions.value(&["fields", &index]))
                .or_else(|| positions.key(&["fields"]))
                .map_or(FIRST_LINE + 1, |p| p.line)
        };
        if !FIELD_TYPES.contains(&field.kind.as_str()) {
            let hint = crate::diagnostic::did_you_mean(&field.kind, FIELD_TYPES).map_or_else(
                || format!("use one of: {}", FIELD_TYPES.join(", ")),
                |t| format!("did you mean '{t}'?"),
            );
            problems.push(
                Diagnostic::error(
                    path,
                    line_of("type"),
                    1,
                    format!("field '{}' has unknown type '{}'", field.id, field.kind),
                )
                .with_hint(hint)
                .with_code("front-matter"),
            );
        }
        if field.kind == "select" && field.options.is_empty() {
            problems.push(
                Diagnostic::error(
                    path,
                    line_of("id"),
                    1,
                    format!("select field '{}' has no options", field.id),
                )
                .with_hint("add options = [\"...\", \"...\"]")
                .with_code("front-matter"),
            );
        }
        if !seen.insert(field.id.as_str()) {
            problems.push(
                Diagnostic::error(
                    path,
                    line_of("id"),
                    1,
                    format!("two fields have the id '{}'", field.id),
                )
                .with_hint("give each field its own id")
                .with_code("front-matter"),
            );
        }
    }
    problems
}

/// The keys of a front matter with their values, and where each is written in the front matter.
type Entries = (Vec<(String, Value)>, Positions);

/// The keys of TOML front matter with their values, in the order written; a syntax error is
/// one diagnostic (nothing after it can be read).
fn toml_entries(path: &Path, source: &str) -> Result<Entries, Diagnostic> {
    let (table, positions) = positions::parse_toml::<toml::Table>(source)
        .map_err(|e| toml_diagnostic(path, source, FIRST_LINE, &e, FIELDS))?;
    let entries = table
        .into_iter()
        .map(|(key, value)| (key, toml_to_json(value)))
        .collect();
    Ok((entries, positions))
}

fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

/// The keys of YAML front matter with their values; a syntax error is one diagnostic.
fn yaml_entries(path: &Path, source: &str) -> Result<Entries, Diagnostic> {
    if source.trim().is_empty() {
        return Ok(Default::default());
    }
    if let Some((line, column)) = crate::yaml::too_deep(source) {
        return Err(Diagnostic::error(
            path,
            FIRST_LINE + line,
            column,
            crate::yaml::too_deep_message(),
        )
        .with_hint("front matter holds flat fields: write the value as a list or a string"));
    }
    let value: serde_norway::Value = serde_norway::from_str(source).map_err(|e| {
        let raw = e.to_string();
        // serde_norway appends " at line L column C" to its messages; the location is ours to print.
        let message = raw.split(" at line ").next().unwrap_or(&raw).to_string();
        let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        let line = crate::yaml::line_within(source, line);
        Diagnostic::error(
            path,
            FIRST_LINE + line,
            column,
            tidy_serde_message(&message),
        )
    })?;
    let not_a_mapping = || {
        Diagnostic::error(
            path,
            FIRST_LINE + 1,
            1,
            "front matter is not a list of 'key: value' lines",
        )
        .with_hint("write one field per line, e.g. title: Disk full")
    };
    let serde_norway::Value::Mapping(mapping) = value else {
        return if value.is_null() {
            Ok(Default::default())
        } else {
            Err(not_a_mapping())
        };
    };
    let positions = Positions::yaml(source);
    let entries = mapping
        .into_iter()
        .map(|(key, value)| {
            let key = key.as_str().ok_or_else(not_a_mapping)?.to_string();
            let value = serde_json::to_value(&value).map_err(|e| {
                let at = positions
                    .key(&[&key])
                    .unwrap_or(Position { line: 1, column: 1 });
                Diagnostic::error(
                    path,
                    FIRST_LINE + at.line,
                    at.column,
                    format!("'{key}' cannot be read: {e}"),
                )
            })?;
            Ok((key, value))
        })
        .collect::<Result<_, _>>()?;
    Ok((entries, positions))
}

/// serde's "invalid type: integer `42`, expected a string" as a person would say it:
/// "'title' should be a string, not the number 42". Other messages are kept.
fn type_message(key: &str, message: &str) -> String {
    let Some(rest) = message.strip_prefix("invalid type: ") else {
        return tidy_serde_message(message);
    };
    let Some((found, expected)) = rest.split_once(", expected ") else {
        return tidy_serde_message(message);
    };
    let expected = match expected {
        "i64" | "u64" | "i32" | "u32" => "a whole number",
        "a sequence" => "a list",
        "a map" | "struct Field" => "a table",
        other => other,
    };
    let found = found
        .replace("integer ", "the number ")
        .replace("floating point ", "the number ")
        .replace("sequence", "a list")
        .replace("map", "a table")
        .replace('`', "")
        .replace("string ", "the text ");
    format!("'{key}' should be {expected}, not {found}")
}

/// Reads every field on its own, so that each wrong type is reported with its line in one run.
/// Types are strict whatever the syntax: YAML's `title: 42` is a number, not a title. A key left
/// empty (`tags:` in YAML) counts as not set. Keys other tools define are mapped or kept for
/// templates (`foreign_keys`); a key nobody defines is a warning, kept for templates too.
fn read_fields(
    path: &Path,
    positions: &Positions,
    entries: Vec<(String, Value)>,
) -> Result<(FrontMatter, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut valid = serde_json::Map::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    // Values from other tools' keys: used where the page does not set ours.
    let mut mapped = serde_json::Map::new();
    let mut kept = serde_json::Map::new();
    let mut extra_tags: Vec<Value> = Vec::new();
    for (key, value) in entries {
        if value.is_null() {
            continue;
        }
        // A key is warned about at its own line, a wrong value shown where the value starts. A
        // key without a position (the two YAML parsers disagree) is put at the top.
        let top = Position {
            line: FIRST_LINE + 1,
            column: 1,
        };
        let line = positions.key(&[&key]).unwrap_or(top).line;
        let value_at = positions.value(&[&key]).unwrap_or(top);
        if !FIELDS.contains(&key.as_str()) {
            match super::foreign_keys::foreign(&key) {
                Some(Foreign::NavTitle) if value.is_string() => {
                    mapped.insert("nav_title".into(), value);
                }
                Some(Foreign::Weight) if value.is_i64() => {
                    mapped.insert("weight".into(), value);
                }
                Some(Foreign::Published) if value == Value::Bool(false) => {
                    mapped.insert("draft".into(), Value::Bool(true));
                }
                Some(Foreign::Tags) => match value {
                    Value::Array(items) => {
                        extra_tags.extend(items.into_iter().filter(Value::is_string))
                    }
                    Value::String(_) => extra_tags.push(value),
                    _ => {}
                },
                Some(_) => {
                    kept.insert(key, value);
                }
                None => {
                    let message = format!("unknown field `{key}`");
                    let diagnostic = Diagnostic::warning(
                        path,
                        line,
                        1,
                        format!("unknown field '{key}' (kept for templates as page.extra.{key})"),
                    )
                    .with_code("unknown-field");
                    warnings.push(with_unknown_field_hint(diagnostic, &message, FIELDS));
                    kept.insert(key, value);
                }
            }
            continue;
        }
        let alone = Value::Object([(key.clone(), value.clone())].into_iter().collect());
        match serde_json::from_value::<FrontMatter>(alone) {
            Ok(_) => {
                valid.insert(key, value);
            }
            Err(e) => {
                let message = e.to_string();
                let diagnostic = Diagnostic::error(
                    path,
                    value_at.line,
                    value_at.column,
                    type_message(&key, &message),
                );
                problems.push(with_unknown_field_hint(diagnostic, &message, FIELDS));
            }
        }
    }
    if !problems.is_empty() {
        // The warnings of a page that does not build are still worth knowing in the same run.
        problems.append(&mut warnings);
        problems.sort_by_key(|d| d.line);
        return Err(problems);
    }
    for (key, value) in mapped {
        valid.entry(key).or_insert(value);
    }
    if !extra_tags.is_empty() {
        let tags = valid
            .entry("tags")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(tags) = tags {
            for tag in extra_tags {
                if !tags.contains(&tag) {
                    tags.push(tag);
                }
            }
        }
    }
    if !kept.is_empty() {
        let extra = valid
            .entry("extra")
            .or_insert_with(|| Value::Object(Default::default()));
        if let Value::Object(extra) = extra {
            for (key, value) in kept {
                extra.entry(key).or_insert(value);
            }
        }
    }
    let front = serde_json::from_value(Value::Object(valid)).map_err(|e| {
        vec![Diagnostic::error(
            path,
            FIRST_LINE + 1,
            1,
            tidy_serde_message(&e.to_string()),
        )]
    })?;
    warnings.sort_by_key(|d| d.line);
    Ok((front, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Split<'_>, Diagnostic> {
        split(Path::new("content/a.md"), text).map_err(|mut ds| ds.remove(0))
    }

    fn problems(text: &str) -> Vec<(usize, String)> {
        match split(Path::new("content/a.md"), text) {
            Ok(_) => Vec::new(),
            Err(ds) => ds.into_iter().map(|d| (d.line, d.message)).collect(),
        }
    }

    #[test]
    fn every_wrong_type_and_unknown_key_is_reported_at_once() {
        let found = problems(
            "+++\ntitle = 42\nweight = \"ten\"\nseverty = \"sev1\"\ndraft = \"no\"\n+++\n",
        );
        let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 3, 4, 5], "{found:?}");
        assert_eq!(found[0].1, "'title' should be a string, not the number 42");
        assert_eq!(
            found[1].1,
            "'weight' should be a whole number, not the text \"ten\""
        );
        assert!(
            found[2].1.starts_with("unknown field 'severty'"),
            "{found:?}"
        );
    }

    #[test]
    fn yaml_types_are_as_strict_as_toml() {
        let found = problems("---\ntitle: 42\ntags: [a, b]\nweight: three\n---\n");
        let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [2, 4], "{found:?}");
        let ok = parse("---\ntitle: \"42\"\ntags:\nweight: 3\n---\n").unwrap();
        assert_eq!(ok.front.title.as_deref(), Some("42"));
        assert!(ok.front.tags.is_empty(), "an empty key counts as not set");
    }

    #[test]
    fn toml_front_matter_is_read_and_body_follows() {
        let s = parse("+++\ntitle = \"Disk full\"\nkind = \"runbook\"\nlast_reviewed = 2026-03-01\nreview_every = \"6w\"\n+++\n# Hi\n").unwrap();
        assert_eq!(s.front.title.as_deref(), Some("Disk full"));
        assert_eq!(s.front.kind, Some(Kind::Runbook));
        assert_eq!(s.front.last_reviewed.unwrap().to_string(), "2026-03-01");
        assert_eq!(s.front.review_every.unwrap().days, 42);
        assert_eq!(s.body, "# Hi\n");
        assert_eq!(s.body_line_offset, 6);
    }

    #[test]
    fn yaml_front_matter_is_read() {
        let s = parse("---\ntitle: Lockout\ntags: [iam, access]\nlast_reviewed: 2026-01-05\nweight: 3\n---\nBody").unwrap();
        assert_eq!(s.front.title.as_deref(), Some("Lockout"));
        assert_eq!(s.front.tags, ["iam", "access"]);
        assert_eq!(s.front.weight, Some(3));
        assert_eq!(s.front.last_reviewed.unwrap().to_string(), "2026-01-05");
        assert_eq!(s.body, "Body");
    }

    #[test]
    fn no_front_matter_means_defaults() {
        let s = parse("# Title\n\ntext").unwrap();
        assert!(s.front.title.is_none());
        assert_eq!(s.body_line_offset, 0);
    }

    fn warnings(text: &str) -> Vec<Diagnostic> {
        split(Path::new("content/a.md"), text).unwrap().warnings
    }

    #[test]
    fn unknown_toml_field_is_a_warning_with_line_and_suggestion() {
        let w = warnings("+++\ntitle = \"x\"\nseverty = \"sev1\"\n+++\n");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, 3);
        assert!(!w[0].is_error());
        assert!(
            w[0].message.starts_with("unknown field 'severty'"),
            "{}",
            w[0].message
        );
        assert_eq!(w[0].hint.as_deref(), Some("did you mean 'severity'?"));
    }

    #[test]
    fn unknown_yaml_field_is_a_warning_with_line_and_suggestion() {
        let w = warnings("---\ntitle: x\ntags: [a]\nowenr: sam\n---\n");
        assert_eq!(w[0].line, 4);
        assert_eq!(w[0].hint.as_deref(), Some("did you mean 'owner'?"));
    }

    #[test]
    fn other_tools_keys_are_mapped_or_kept_without_a_word() {
        let s = parse(
            "---\ntitle: Disk full\nlinkTitle: Disk\nsidebar_position: 4\ndate: 2024-01-01\nhide:\n  - toc\ncategories: [storage]\ntags: [disk]\nbookHidden: true\npublished: false\n---\n",
        )
        .unwrap();
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
        assert_eq!(s.front.nav_title.as_deref(), Some("Disk"));
        assert_eq!(s.front.weight, Some(4));
        assert!(s.front.draft, "published: false is a draft");
        assert_eq!(s.front.hide, ["toc"]);
        assert_eq!(s.front.tags, ["disk", "storage"]);
        let extra = s.front.extra.unwrap();
        assert_eq!(extra["date"], "2024-01-01");
        assert_eq!(extra["bookHidden"], true);
        let ours = parse("+++\nweight = 1\nnav_order = 9\n+++\n").unwrap();
        assert_eq!(ours.front.weight, Some(1), "our own key wins");
    }

    #[test]
    fn bad_date_and_period_are_explained() {
        let e = parse("+++\nlast_reviewed = \"last week\"\n+++\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("YYYY-MM-DD"), "{}", e.message);
        let e = parse("---\nreview_every: 3 months\n---\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("90d or 6w"), "{}", e.message);
    }

    #[test]
    fn unknown_kind_is_an_error_on_its_line() {
        let e = parse("+++\n\nkind = \"runbok\"\n+++\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("runbok"), "{}", e.message);
        assert_eq!(e.message, "unknown value 'runbok'");
        assert_eq!(e.hint.as_deref(), Some("did you mean 'runbook'?"));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let e = parse("+++\ntitle = \"x\"\n\nno end").unwrap_err();
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn problems_are_placed_where_the_parser_read_the_key() {
        // A quoted key, after its name written inside a multi-line string.
        let found =
            problems("+++\ndescription = \"\"\"\nweight = 1\n\"\"\"\n\"weight\" = \"ten\"\n+++\n");
        assert_eq!(found[0].0, 5, "{found:?}");
        // A value on the lines after its key is shown where it starts.
        let e = parse("---\ntitle:\n  - a\n---\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 3));
        // A form field's id, unquoted in YAML, at its own line.
        let found = problems(
            "---\nkind: template\nfields:\n  - id: a\n    label: A\n  - id: a\n    label: B\n---\n",
        );
        assert_eq!(found, [(6, "two fields have the id 'a'".to_string())]);
    }

    #[test]
    fn yaml_syntax_error_is_located() {
        let e = parse("---\ntitle: x\ntags: [a, b\n---\n").unwrap_err();
        assert!(e.line >= 3, "line {}", e.line);
    }
}

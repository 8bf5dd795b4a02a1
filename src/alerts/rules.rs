//! Reading alerting rules from the monitoring side: Prometheus-style rule files (also Thanos,
//! Loki, Mimir), Kubernetes `PrometheusRule` manifests (multi-document, other kinds skipped) and
//! Grafana-provisioned alert rules. Recording rules are left out. A file that is a template
//! (Helm `{{ … }}` where YAML expects a value) is one warning, not a failure.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_norway::Value;

use crate::diagnostic::Diagnostic;

/// The model's type: the loader makes them, the site holds them.
pub use crate::site::AlertRule;

/// A pattern of rule files and where it was written (the config's file and line, or the
/// command line), for diagnostics about the pattern itself.
pub struct Pattern {
    pub glob: String,
    pub written_in: PathBuf,
    pub line: usize,
}

/// How many folder entries one pattern may look at: `**` from a folder far above the site
/// would otherwise walk a whole disk.
const MAX_VISITED: usize = 200_000;

/// Reads every file the patterns (relative to `root`) name. Returns the rules in file order and
/// what was wrong with the files.
pub fn load(root: &Path, patterns: &[Pattern]) -> (Vec<AlertRule>, Vec<Diagnostic>) {
    let mut rules = Vec::new();
    let mut diagnostics = Vec::new();
    let mut files: Vec<PathBuf> = Vec::new();
    let mut seen: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    for Pattern {
        glob: pattern,
        written_in,
        line,
    } in patterns
    {
        let at = |message: String| {
            Diagnostic::error(written_in, *line, 1, message).with_code("alert-rules")
        };
        let matched = match files_matching(root, pattern) {
            Ok(found) => found,
            Err(refusal) => {
                diagnostics.push(refusal.diagnostic(pattern, at));
                continue;
            }
        };
        if matched.stopped_early {
            diagnostics.push(
                Diagnostic::warning(
                    written_in,
                    *line,
                    1,
                    format!(
                        "alert rules pattern '{pattern}' stopped after looking at {MAX_VISITED} \
                         entries"
                    ),
                )
                .with_code("alert-rules")
                .with_hint("start the pattern at the folder that holds the rule files"),
            );
        }
        for link in &matched.links_left_out {
            diagnostics.push(
                Diagnostic::warning(
                    written_in,
                    *line,
                    1,
                    format!(
                        "alert rules pattern '{pattern}': '{}' is a link out of the folder the \
                         pattern starts at, and is not read",
                        link.display()
                    ),
                )
                .with_code("alert-rules"),
            );
        }
        if matched.files.is_empty() {
            diagnostics.push(
                Diagnostic::warning(
                    written_in,
                    *line,
                    1,
                    format!("alert rules pattern '{pattern}' matches no file"),
                )
                .with_code("alert-rules")
                .with_hint("patterns are relative to the site root, e.g. ../monitoring/**/*.yaml"),
            );
        }
        for path in matched.files {
            if seen.insert(path.clone()) {
                files.push(path);
            }
        }
    }
    for path in files {
        let shown = path
            .strip_prefix(root)
            .map(Path::to_path_buf)
            .unwrap_or(path.clone());
        match crate::files::read_to_string(&path) {
            Ok(text) => {
                let (found, problems) = parse(&shown, &text);
                rules.extend(found);
                diagnostics.extend(problems);
            }
            Err(e) => diagnostics.push(
                Diagnostic::warning(&shown, 1, 1, format!("cannot read alert rules: {e}"))
                    .with_code("alert-rules"),
            ),
        }
    }
    (rules, diagnostics)
}

/// What one pattern found.
struct Matched {
    files: Vec<PathBuf>,
    /// Links whose target lies outside the folder the pattern starts at.
    links_left_out: Vec<PathBuf>,
    stopped_early: bool,
}

/// Why a pattern was not walked.
enum Refusal {
    Absolute,
    FileSystemRoot,
    Invalid(glob::PatternError),
}

impl Refusal {
    fn diagnostic(&self, pattern: &str, at: impl Fn(String) -> Diagnostic) -> Diagnostic {
        match self {
            Refusal::Absolute => at(format!(
                "alert rules pattern '{pattern}' is an absolute path"
            ))
            .with_hint("write it relative to the site root, e.g. ../monitoring/**/*.yaml"),
            Refusal::FileSystemRoot => at(format!(
                "alert rules pattern '{pattern}' starts at the root of the file system"
            ))
            .with_hint("start the pattern at the folder that holds the rule files"),
            Refusal::Invalid(e) => at(format!(
                "alert rules pattern '{pattern}' is not a valid glob: {e}"
            )),
        }
    }
}

/// How patterns match paths: `*` stays within a folder, as in a shell.
const MATCHING: glob::MatchOptions = glob::MatchOptions {
    case_sensitive: true,
    require_literal_separator: true,
    require_literal_leading_dot: false,
};

/// Whether `rel` (a path relative to the site root) is, or holds, a file `pattern` names: what
/// a change must touch for the rules to be read again.
pub fn names(pattern: &str, rel: &Path) -> bool {
    let parts: Vec<&str> = pattern
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let is_wild = |part: &str| part.contains(['*', '?', '[', '{']);
    let literal: PathBuf = parts.iter().take_while(|p| !is_wild(p)).collect();
    // A folder the walk starts in (or one above it) appeared or went.
    if literal.starts_with(rel) {
        return true;
    }
    glob::Pattern::new(&parts.join("/")).is_ok_and(|p| p.matches_path_with(rel, MATCHING))
}

/// The files a pattern names. Its leading plain folders (`../monitoring`) are where the walk
/// starts; from there no folder link is followed, so a link loop or a link out of the tree
/// cannot make the walk endless, and a file link is read only when it stays inside that folder.
fn files_matching(root: &Path, pattern: &str) -> Result<Matched, Refusal> {
    let absolute = pattern.starts_with(['/', '\\'])
        || pattern.as_bytes().get(1) == Some(&b':')
        || Path::new(pattern).is_absolute();
    if absolute {
        return Err(Refusal::Absolute);
    }
    let is_wild = |part: &str| part.contains(['*', '?', '[', '{']);
    let parts: Vec<&str> = pattern
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let literal = parts.iter().take_while(|p| !is_wild(p)).count();
    let base = parts[..literal]
        .iter()
        .fold(root.to_path_buf(), |b, p| b.join(p));
    let rest = parts[literal..].join("/");
    let mut found = Matched {
        files: Vec::new(),
        links_left_out: Vec::new(),
        stopped_early: false,
    };
    if rest.is_empty() {
        if base.is_file() {
            found.files.push(base);
        }
        return Ok(found);
    }
    let matcher = glob::Pattern::new(&rest).map_err(Refusal::Invalid)?;
    let Ok(real_base) = base.canonicalize() else {
        return Ok(found);
    };
    if real_base.parent().is_none() {
        return Err(Refusal::FileSystemRoot);
    }
    let depth = if rest.contains("**") {
        usize::MAX
    } else {
        parts.len() - literal
    };
    let walk = walkdir::WalkDir::new(&base)
        .follow_links(false)
        .max_depth(depth)
        .sort_by_file_name();
    for (visited, entry) in walk.into_iter().filter_map(Result::ok).enumerate() {
        if visited >= MAX_VISITED {
            found.stopped_early = true;
            break;
        }
        let Ok(relative) = entry.path().strip_prefix(&base) else {
            continue;
        };
        if !matcher.matches_path_with(relative, MATCHING) {
            continue;
        }
        let kind = entry.file_type();
        if kind.is_file() {
            found.files.push(entry.into_path());
        } else if kind.is_symlink() {
            match entry.path().canonicalize() {
                Ok(target) if target.starts_with(&real_base) && target.is_file() => {
                    found.files.push(entry.into_path())
                }
                Ok(target) if target.is_file() => found.links_left_out.push(entry.into_path()),
                _ => {}
            }
        }
    }
    Ok(found)
}

/// The alerting rules of one file's text.
pub fn parse(file: &Path, text: &str) -> (Vec<AlertRule>, Vec<Diagnostic>) {
    if let Some(line) = template_line(text) {
        let warning = Diagnostic::warning(
            file,
            line,
            1,
            "a template, not YAML: its alert rules are not read",
        )
        .with_code("alert-rules-template")
        .with_hint("point [alerts] rules at the rendered files (helm template … > rules.yaml)");
        return (Vec::new(), vec![warning]);
    }
    if let Some((line, column)) = crate::yaml::too_deep(text) {
        let warning = Diagnostic::warning(file, line, column, crate::yaml::too_deep_message())
            .with_code("alert-rules");
        return (Vec::new(), vec![warning]);
    }
    let mut found: Vec<(String, String, String, String, String, Option<String>)> = Vec::new();
    for document in serde_norway::Deserializer::from_str(text) {
        let value = match Value::deserialize(document) {
            Ok(value) => value,
            Err(e) => {
                let at = e.location().map_or(1, |l| line_at(text, l.index()));
                let line = crate::yaml::line_within(text, at);
                let warning = Diagnostic::warning(
                    file,
                    line,
                    1,
                    format!("alert rules are not valid YAML: {e}"),
                )
                .with_code("alert-rules");
                return (Vec::new(), vec![warning]);
            }
        };
        collect(&value, &mut found);
    }
    // Lines: each rule's `alert:` (or `title:`) line, in order, and the `runbook_url:` after it.
    let lines: Vec<&str> = text.lines().collect();
    let mut from = 0;
    let mut rules = Vec::new();
    let mut problems = Vec::new();
    for (name, group, expr, for_, severity, runbook_url) in found {
        // A name written with escapes (`"Disk\nfull"`) is not found as written: then the next
        // alert's line is the one.
        let line = lines[from..]
            .iter()
            .position(|l| names_rule(l, &name))
            .or_else(|| lines[from..].iter().position(|l| starts_alert(l)))
            .map(|i| from + i)
            .unwrap_or(from)
            .min(lines.len().saturating_sub(1));
        let next_rule = lines[line + 1..]
            .iter()
            .position(|l| starts_rule(l))
            .map_or(lines.len(), |i| line + 1 + i);
        let url_line = lines[line..next_rule]
            .iter()
            .position(|l| l.trim_start().starts_with("runbook_url:"))
            .map_or(line, |i| line + i);
        from = (line + 1).min(lines.len());
        problems.extend(name_problem(file, line + 1, &name));
        if let Some(url) = &runbook_url
            && url.chars().any(char::is_control)
        {
            problems.push(
                Diagnostic::error(
                    file,
                    url_line + 1,
                    1,
                    format!(
                        "runbook_url of alert '{}' holds a control character: no URL can",
                        name.escape_debug()
                    ),
                )
                .with_code("alert-rules")
                .with_hint(
                    "write the address on one line, e.g. https://runbooks.example.com/alerts/Name/",
                ),
            );
        }
        rules.push(AlertRule {
            name,
            group,
            expr,
            for_,
            severity,
            runbook_url,
            file: file.to_path_buf(),
            line: line + 1,
            url_line: url_line + 1,
        });
    }
    (rules, problems)
}

/// An error at `file:line` when the alert's name cannot be its address on the site: every
/// alert gets `alerts/<Name>/`, and a name that cannot be one folder would silently get none.
pub fn name_problem(file: &Path, line: usize, name: &str) -> Option<Diagnostic> {
    let problem = crate::site::paths::alert_name_problem(name)?;
    Some(
        Diagnostic::error(
            file,
            line,
            1,
            format!(
                "alert '{}' cannot have its address alerts/<Name>/ on the site: {problem}",
                name.escape_debug()
            ),
        )
        .with_code("alert-name")
        .with_hint(
            "rename the alert without '/', '\\', '?', '#' or control characters (and not '.' or \
             '..'), e.g. DiskAlmostFull",
        ),
    )
}

type Found = (String, String, String, String, String, Option<String>);

/// The alerting rules of one YAML document, whatever its format.
fn collect(document: &Value, out: &mut Vec<Found>) {
    let groups = match document.get("kind").and_then(Value::as_str) {
        Some("PrometheusRule") => document.get("spec").and_then(|s| s.get("groups")),
        Some(_) => None,
        None => document.get("groups"),
    };
    let Some(groups) = groups.and_then(Value::as_sequence) else {
        return;
    };
    for group in groups {
        let group_name = text(group.get("name"));
        let Some(rules) = group.get("rules").and_then(Value::as_sequence) else {
            continue;
        };
        for rule in rules {
            // Prometheus names an alert `alert`; Grafana provisioning names it `title`.
            let (name, expr) = match (rule.get("alert"), rule.get("title")) {
                (Some(alert), _) => (text(Some(alert)), text(rule.get("expr"))),
                (None, Some(title)) => (text(Some(title)), grafana_expr(rule)),
                (None, None) => continue, // a recording rule
            };
            if name.is_empty() {
                continue;
            }
            let annotations = rule.get("annotations");
            let url = annotations
                .and_then(|a| a.get("runbook_url"))
                .map(|v| text(Some(v)))
                .filter(|u| !u.is_empty());
            let severity = text(rule.get("labels").and_then(|l| l.get("severity")));
            out.push((
                name,
                group_name.clone(),
                expr.trim().to_string(),
                text(rule.get("for")),
                severity,
                url,
            ));
        }
    }
}

/// A Grafana rule's query: the first data source model with an `expr`.
fn grafana_expr(rule: &Value) -> String {
    rule.get("data")
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .find_map(|d| d.get("model").and_then(|m| m.get("expr")))
        .map(|e| text(Some(e)))
        .unwrap_or_default()
}

fn text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// Whether a line starts a rule named `name`: `- alert: Name`, `alert: "Name"`, `- title: Name`.
fn names_rule(line: &str, name: &str) -> bool {
    let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
    let Some(rest) = trimmed
        .strip_prefix("alert:")
        .or_else(|| trimmed.strip_prefix("title:"))
    else {
        return false;
    };
    let value = rest.trim().trim_matches(['"', '\'']);
    value == name
}

fn starts_alert(line: &str) -> bool {
    let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
    trimmed.starts_with("alert:") || trimmed.starts_with("title:")
}

fn starts_rule(line: &str) -> bool {
    let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
    ["alert:", "record:", "title:"]
        .iter()
        .any(|key| trimmed.starts_with(key))
}

/// The line of `text` that byte `index` is on, counting `\n` as the rest of dontpanic and an
/// editor do. The YAML parser's own line number also counts a lone `\r` (and U+0085, U+2028,
/// U+2029) as a line break, so a file with those named a line it does not have.
fn line_at(text: &str, index: usize) -> usize {
    let before = &text.as_bytes()[..index.min(text.len())];
    1 + before.iter().filter(|&&b| b == b'\n').count()
}

/// The first line where a template puts `{{` where YAML expects a value or a key: such a file
/// is rendered by Helm before it is YAML. `{{ $labels.x }}` inside a value is fine.
fn template_line(text: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            let trimmed = line.trim_start();
            let value = trimmed
                .strip_prefix("- ")
                .unwrap_or(trimmed)
                .split_once(": ")
                .map_or(trimmed, |(_, v)| v)
                .trim_start();
            trimmed.starts_with("{{") || value.starts_with("{{")
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_names_the_files_it_reads_and_the_folders_above_them() {
        let names = |pattern: &str, path: &str| names(pattern, Path::new(path));
        assert!(names("monitoring/*.yaml", "monitoring/alerts.yaml"));
        assert!(names("./monitoring/*.yaml", "monitoring/alerts.yaml"));
        assert!(names("content/alerts/**/*.yml", "content/alerts/db/pg.yml"));
        assert!(names(
            "content/alerts/rules.yml",
            "content/alerts/rules.yml"
        ));
        assert!(names("content/alerts/*.yml", "content/alerts"));
        assert!(!names("monitoring/*.yaml", "monitoring/sub/alerts.yaml"));
        assert!(!names("monitoring/*.yaml", "content/page.md"));
        assert!(!names("../monitoring/*.yaml", "monitoring/alerts.yaml"));
    }

    #[test]
    fn prometheus_rules_with_lines_and_no_recording_rules() {
        let text = "groups:\n- name: api\n  rules:\n  - record: job:rate5m\n    expr: rate(x[5m])\n  - alert: ApiDown\n    expr: up == 0\n    for: 5m\n    labels:\n      severity: critical\n    annotations:\n      summary: down\n      runbook_url: https://runbooks.example.com/alerts/ApiDown/\n  - alert: \"ApiSlow\"\n    expr: latency > 1\n";
        let (rules, problems) = parse(Path::new("r.yaml"), text);
        assert!(problems.is_empty());
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0].name, "ApiDown");
        assert_eq!(rules[0].line, 6);
        assert_eq!(rules[0].url_line, 13);
        assert_eq!(rules[0].for_, "5m");
        assert_eq!(rules[0].severity, "critical");
        assert_eq!(rules[1].name, "ApiSlow");
        assert_eq!(rules[1].line, 14);
        assert_eq!(rules[1].runbook_url, None);
    }

    #[test]
    fn a_yaml_error_names_the_line_an_editor_shows() {
        // A lone `\r` ends a line for the YAML parser, which then put this error on line 4 of
        // a file of 2 lines; the line is counted from where the error is, by `\n`.
        let text = "groups:\r- name: a\r  rules: [\n  - alert: B: C\n";
        let (rules, problems) = parse(Path::new("r.yaml"), text);
        assert!(rules.is_empty());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, 2, "{}", problems[0]);
        // An error at the end of a file without a last line break is on its last line.
        let (_, problems) = parse(Path::new("r.yaml"), "groups:\n- name: 'a");
        assert_eq!(problems[0].line, 2, "{}", problems[0]);
    }

    #[test]
    fn templates_are_one_warning() {
        let text = "groups:\n{{- range .Values.groups }}\n- name: x\n";
        let (rules, problems) = parse(Path::new("t.yaml"), text);
        assert!(rules.is_empty());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, 2);
        // A label template inside a value is not a template file.
        let ok = "groups:\n- name: a\n  rules:\n  - alert: A\n    expr: x\n    annotations:\n      runbook_url: https://x/{{ $labels.alertname }}\n";
        assert_eq!(parse(Path::new("a.yaml"), ok).0.len(), 1);
    }
}

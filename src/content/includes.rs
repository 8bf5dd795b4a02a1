//! Files other tools paste into a page before reading it: MkDocs' snippets
//! (`--8<-- "includes/contacts.md"`, one per line or a block of names between two `--8<--`
//! lines) and mdBook's `{{#include path}}`. The named file is read when the site could publish
//! it itself (`include_rules`); anything else is an error at the line that names it, and that
//! line is left out. Inclusion happens when the page is read, so the rest of the pipeline sees
//! one text, and the page's size limit holds for that text, includes and all.

use std::cell::Cell;
use std::path::{Path, PathBuf};

use super::include_rules::{self, Refusal};
use crate::diagnostic::Diagnostic;

/// How deep included files may include others (a file including itself stops there).
const MAX_DEPTH: usize = 4;

/// Includes one page may make in all, nested ones counted: a few files that each include the
/// next twenty times would otherwise mean a hundred thousand reads.
const MAX_INCLUDES: usize = 1_000;

/// What one page's includes may still add: bytes (the page's size limit, less its own text)
/// and includes.
pub struct Budget {
    bytes: Cell<u64>,
    includes: Cell<usize>,
    /// The page's size limit, to say it.
    limit: u64,
    /// Said already: one error per page is enough.
    spent: Cell<bool>,
}

impl Budget {
    pub fn new(limit: u64, body_len: usize) -> Budget {
        Budget {
            bytes: Cell::new(limit.saturating_sub(body_len as u64)),
            includes: Cell::new(MAX_INCLUDES),
            limit,
            spent: Cell::new(false),
        }
    }
}

/// Where a page sits, to find the files it names.
pub struct Place<'a> {
    /// The site's root: MkDocs resolves snippet names from it, and nothing outside it is read.
    pub root: &'a Path,
    /// The content folder: a snippet name is also looked for there.
    pub content: &'a Path,
    /// The folder of the page: mdBook resolves its include paths from it.
    pub folder: &'a Path,
    /// What the page's includes may still add.
    pub budget: &'a Budget,
}

/// `body` with every include replaced by the file it names, and a diagnostic (at the page's
/// line, `line_offset` lines before the body) for each that could not be included. `None` when
/// the page includes nothing.
pub fn expand(
    body: &str,
    place: &Place,
    display: &Path,
    line_offset: usize,
) -> Option<(String, Vec<Diagnostic>)> {
    if !body.contains("--8<--") && !body.contains("{{#") {
        return None;
    }
    let mut problems = Vec::new();
    let text = expand_at(body, place, 0, &mut |line, message, hint| {
        problems.push(
            Diagnostic::error(display, line_offset + line, 1, message)
                .with_hint(hint)
                .with_code("include-unreadable"),
        );
    });
    Some((text, problems))
}

type Report<'r> = dyn FnMut(usize, String, &'static str) + 'r;

fn expand_at(body: &str, place: &Place, depth: usize, report: &mut Report) -> String {
    let mut out = String::with_capacity(body.len());
    // Inside a `--8<--` block: the names are on the lines until the closing marker.
    let mut in_block = false;
    for (index, line) in body.split_inclusive('\n').enumerate() {
        let line_number = index + 1;
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = &content[..content.len() - content.trim_start().len()];
        let trimmed = content.trim();
        if trimmed == "--8<--" {
            in_block = !in_block;
            continue;
        }
        if in_block {
            if !trimmed.is_empty() && !trimmed.starts_with(';') {
                include(trimmed, indent, place, depth, line_number, report, &mut out);
            }
            continue;
        }
        if let Some(name) = snippet_name(trimmed) {
            include(&name, indent, place, depth, line_number, report, &mut out);
            continue;
        }
        if let Some(escaped) = trimmed.strip_prefix(";--8<--") {
            out.push_str(indent);
            out.push_str("--8<--");
            out.push_str(escaped);
            out.push('\n');
            continue;
        }
        if content.contains("{{#") {
            out.push_str(&mdbook_includes(content, place, depth, line_number, report));
            out.push_str(&line[content.len()..]);
            continue;
        }
        out.push_str(line);
    }
    out
}

/// The file name of a one-line snippet: `--8<-- "name"` or `--8<-- 'name'`.
fn snippet_name(line: &str) -> Option<String> {
    let rest = line.strip_prefix("--8<--")?.trim();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let inner = rest[1..].strip_suffix(quote)?;
    (!inner.is_empty()).then(|| inner.to_string())
}

/// A line with `{{#include path}}` (or `rustdoc_include`, `playground`) in it, those replaced;
/// `{{#title ...}}` sets the browser title in mdBook and is left out.
fn mdbook_includes(
    line: &str,
    place: &Place,
    depth: usize,
    line_number: usize,
    report: &mut Report,
) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find("{{#") {
        let Some(len) = rest[start..].find("}}") else {
            break;
        };
        let inner = rest[start + 3..start + len].trim();
        let (command, argument) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        out.push_str(&rest[..start]);
        match command {
            "include" | "rustdoc_include" | "playground" => {
                let mut included = String::new();
                let by_page = Place {
                    budget: place.budget,
                    root: place.root,
                    content: place.folder,
                    folder: place.folder,
                };
                include(
                    argument.trim(),
                    "",
                    &by_page,
                    depth,
                    line_number,
                    report,
                    &mut included,
                );
                out.push_str(included.strip_suffix('\n').unwrap_or(&included));
            }
            "title" => {}
            _ => out.push_str(&rest[start..start + len + 2]),
        }
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    out
}

/// Appends the file `spec` names (`path`, `path:3:10` for lines 3 to 10, `path:name` for
/// mdBook's `ANCHOR: name` part), each line after `indent`.
fn include(
    spec: &str,
    indent: &str,
    place: &Place,
    depth: usize,
    line_number: usize,
    report: &mut Report,
    out: &mut String,
) {
    let (name, selection) = split_selection(spec);
    if depth >= MAX_DEPTH {
        report(
            line_number,
            format!("'{name}' is included more than {MAX_DEPTH} levels deep"),
            "an included file probably includes itself; include it from one place",
        );
        return;
    }
    if name.contains("://") {
        report(
            line_number,
            format!("'{name}' is an address: only files of the repository are included"),
            "copy the text into a file of the repository and include that",
        );
        return;
    }
    let path = match find(name, place) {
        Ok(path) => path,
        Err(Refusal::Missing) => {
            report(
                line_number,
                format!("cannot include '{name}': no such file inside the site's folder"),
                "MkDocs snippets are found from the repository's root, mdBook includes from the page's folder",
            );
            return;
        }
        Err(Refusal::Hidden(part)) => {
            report(
                line_number,
                format!(
                    "cannot include '{name}': '{part}' is hidden, and an include reads only what the site could publish"
                ),
                "hidden files hold credentials (.git/config, .env): copy what the page needs into a file of the site",
            );
            return;
        }
        Err(Refusal::Ignored(rule_file)) => {
            report(
                line_number,
                format!(
                    "cannot include '{name}': the repository's ignore rules ({}) keep it out of git",
                    rule_file.display()
                ),
                "an ignored file is often local or secret: include a file that is committed",
            );
            return;
        }
    };
    if !within_budget(place.budget, &path, name, line_number, report) {
        return;
    }
    let text = match crate::files::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            report(
                line_number,
                format!("cannot include '{name}': {e}"),
                "include a text file",
            );
            return;
        }
    };
    let selected = select(&text, selection);
    let left = place.budget.bytes.get();
    if selected.len() as u64 > left {
        over_budget(place.budget, name, line_number, report);
        return;
    }
    place.budget.bytes.set(left - selected.len() as u64);
    let inner_place = Place {
        budget: place.budget,
        root: place.root,
        content: place.content,
        folder: path.parent().unwrap_or(place.folder),
    };
    let expanded = expand_at(
        &selected,
        &inner_place,
        depth + 1,
        &mut |_, message, hint| report(line_number, message, hint),
    );
    let mut pasted = String::with_capacity(expanded.len());
    for line in expanded.lines() {
        if !line.is_empty() {
            pasted.push_str(indent);
        }
        pasted.push_str(line);
        pasted.push('\n');
    }
    // The indentation and line ends added here are page text too: a file of many lines pasted
    // under a deeply indented snippet line would otherwise grow the page past its limit.
    let growth = pasted.len().saturating_sub(expanded.len()) as u64;
    let left = place.budget.bytes.get();
    if growth > left {
        over_budget(place.budget, name, line_number, report);
        return;
    }
    place.budget.bytes.set(left - growth);
    out.push_str(&pasted);
}

/// `path:3:10` → (`path`, `3:10`); a Windows-looking drive letter is not a selection.
fn split_selection(spec: &str) -> (&str, &str) {
    let spec = spec.trim().trim_matches(['"', '\'']);
    match spec.split_once(':') {
        Some((name, selection)) if !name.is_empty() && name.len() > 1 => (name, selection),
        _ => (spec, ""),
    }
}

/// The lines `selection` asks for: `3:10`, `3:`, `:10`, `3` (from line 3), or an anchor name.
fn select(text: &str, selection: &str) -> String {
    if selection.is_empty() {
        return text.to_string();
    }
    let lines: Vec<&str> = text.lines().collect();
    let number = |s: &str| s.trim().parse::<usize>().ok();
    let (from, to) = match selection.split_once(':') {
        Some((a, b)) if number(a).is_some() || number(b).is_some() || (a.is_empty()) => {
            (number(a).unwrap_or(1), number(b).unwrap_or(lines.len()))
        }
        None if number(selection).is_some() => (number(selection).unwrap_or(1), lines.len()),
        _ => return anchored(&lines, selection.trim()),
    };
    let from = from.max(1);
    let to = to.min(lines.len());
    if from > to {
        return String::new();
    }
    let mut out = lines[from - 1..to].join("\n");
    out.push('\n');
    out
}

/// The lines between `ANCHOR: name` and `ANCHOR_END: name`, without any anchor lines.
fn anchored(lines: &[&str], name: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in lines {
        if line.contains(&format!("ANCHOR_END: {name}")) {
            inside = false;
        } else if line.contains(&format!("ANCHOR: {name}")) {
            inside = true;
        } else if inside && !line.contains("ANCHOR: ") && !line.contains("ANCHOR_END: ") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The file `name` stands for: from the root, the content folder or the page's folder, in that
/// order, when the site may read it (`include_rules`).
fn find(name: &str, place: &Place) -> Result<PathBuf, Refusal> {
    include_rules::allowed(place.root, &[place.root, place.content, place.folder], name)
}

/// Whether one more include of the file at `path` fits the page's budget (counted here); a
/// file larger than what is left is not read at all.
fn within_budget(
    budget: &Budget,
    path: &Path,
    name: &str,
    line_number: usize,
    report: &mut Report,
) -> bool {
    let includes = budget.includes.get();
    if includes == 0 {
        if !budget.spent.replace(true) {
            report(
                line_number,
                format!(
                    "the page makes more than {MAX_INCLUDES} includes; '{name}' and the rest are left out"
                ),
                "an included file probably includes others many times over: include each once",
            );
        }
        return false;
    }
    budget.includes.set(includes - 1);
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > budget.bytes.get() {
        over_budget(budget, name, line_number, report);
        return false;
    }
    true
}

fn over_budget(budget: &Budget, name: &str, line_number: usize, report: &mut Report) {
    if budget.spent.replace(true) {
        return;
    }
    report(
        line_number,
        format!(
            "with '{name}' included, the page grows past {} MB; it and the includes after it are left out",
            budget.limit / (1024 * 1024)
        ),
        "include less, split the page, or raise [limits] page_size_mb",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("includes/contacts.md", "Call **Dana**.\n\n- +1 555 0100\n");
        write(
            "docs/ops/check.sh",
            "#!/bin/sh\n# ANCHOR: probe\ncurl -sf $HOST\n# ANCHOR_END: probe\nexit 0\n",
        );
        write("includes/loop.md", "--8<-- \"includes/loop.md\"\n");
        dir
    }

    fn run(dir: &Path, body: &str) -> (String, Vec<String>) {
        run_within(dir, body, 1024 * 1024)
    }

    /// `run` for a page whose size limit is `limit` bytes.
    fn run_within(dir: &Path, body: &str, limit: u64) -> (String, Vec<String>) {
        let budget = Budget::new(limit, body.len());
        let place = Place {
            budget: &budget,
            root: dir,
            content: &dir.join("docs"),
            folder: &dir.join("docs/ops"),
        };
        let (text, problems) =
            expand(body, &place, Path::new("docs/ops/page.md"), 3).expect("an include");
        let problems = problems.iter().map(|d| d.to_string()).collect();
        (text, problems)
    }

    #[test]
    fn mkdocs_snippets_are_pasted_with_their_indentation() {
        let dir = site();
        let (text, problems) = run(
            dir.path(),
            "# Page\n\n!!! note\n    --8<-- \"includes/contacts.md\"\n\n--8<--\nincludes/contacts.md\n--8<--\n;--8<-- \"shown as written\"\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            text,
            "# Page\n\n!!! note\n    Call **Dana**.\n\n    - +1 555 0100\n\nCall **Dana**.\n\n- +1 555 0100\n--8<-- \"shown as written\"\n"
        );
    }

    #[test]
    fn the_indentation_of_pasted_lines_counts_toward_the_page_size_limit() {
        // Ten lines of 2 bytes, each pasted after 8 spaces: 100 bytes where the page had 38.
        // Only the file's 20 bytes were counted, so the page grew past its limit.
        let dir = site();
        std::fs::write(
            dir.path().join("includes/ten.md"),
            "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n",
        )
        .unwrap();
        let body = "--8<--\n        includes/ten.md\n--8<--\n";
        let limit = body.len() as u64 + 20;
        let (text, problems) = run_within(dir.path(), body, limit);
        assert!(text.len() as u64 <= limit, "{} bytes: {text:?}", text.len());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("'includes/ten.md' included, the page grows past"),
            "{}",
            problems[0]
        );
        // With room for the indented lines, they are pasted.
        let (text, problems) = run_within(dir.path(), body, body.len() as u64 + 100);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            text,
            "        a\n        b\n        c\n        d\n        e\n        f\n        g\n        h\n        i\n        j\n"
        );
    }

    #[test]
    fn mdbook_includes_take_lines_and_anchors_from_the_page_folder() {
        let dir = site();
        let (text, _) = run(
            dir.path(),
            "```sh\n{{#include check.sh:probe}}\n```\n{{#include check.sh:1:1}}\n{{#title Checks}}\n",
        );
        assert_eq!(text, "```sh\ncurl -sf $HOST\n```\n#!/bin/sh\n\n");
    }

    #[test]
    fn a_missing_file_an_escape_from_the_root_or_a_loop_is_an_error_at_its_line() {
        let dir = site();
        let (text, problems) = run(
            dir.path(),
            "text\n--8<-- \"includes/none.md\"\n--8<-- \"../../etc/passwd\"\n--8<-- \"includes/loop.md\"\n",
        );
        assert_eq!(text, "text\n");
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems[0]
                .starts_with("docs/ops/page.md:5:1: error: cannot include 'includes/none.md'"),
            "{}",
            problems[0]
        );
        assert!(problems[1].contains("cannot include '../../etc/passwd'"));
        assert!(problems[2].starts_with("docs/ops/page.md:7:1: error: 'includes/loop.md' is included more than 4 levels deep"), "{}", problems[2]);
    }
}

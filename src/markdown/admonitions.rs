//! MkDocs (Python-Markdown) admonitions, `!!! warning "Title"` with an indented body, and
//! their collapsible form `??? note` / `???+ note`, rewritten as the GitHub alerts this
//! renderer draws as callouts (`> [!WARNING]`). Line for line, so that messages keep pointing
//! at the right line; the title and whether the block folds are returned by line, for the
//! renderer to use when it draws the callout.

use std::collections::HashMap;

use super::prepass::{Fences, ending};

/// How an admonition is drawn beyond its kind.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Admonition {
    /// The title written after the kind; `Some("")` asks for no title at all.
    pub title: Option<String>,
    /// `??? kind` folds (closed); `???+ kind` folds and starts open.
    pub folds: Option<bool>,
}

/// mdBook's admonish blocks (the mdbook-admonish preprocessor): a fenced block whose info
/// string is `admonish warning title="Careful" collapsible=true`, written as the MkDocs
/// admonition it means (`??? warning "Careful"` with the body indented), line for line, for
/// `rewrite` to draw. `None` when there are none.
pub fn from_admonish_fences(body: &str) -> Option<String> {
    if !body.contains("admonish") {
        return None;
    }
    let mut out = String::with_capacity(body.len() + 256);
    let mut fences = Fences::default();
    // The fence that closes the admonish block being read.
    let mut open: Option<String> = None;
    let mut changed = false;
    for line in body.split_inclusive('\n') {
        let bare = line.trim();
        if let Some(fence) = &open {
            let closes = bare.len() >= fence.len() && bare.chars().all(|c| fence.starts_with(c));
            if closes {
                open = None;
                out.push_str(ending(line));
            } else if bare.is_empty() {
                out.push_str(line);
            } else {
                out.push_str("    ");
                out.push_str(line);
            }
            continue;
        }
        let marker = bare.chars().next().filter(|c| *c == '`' || *c == '~');
        if let Some(c) = marker {
            let fence: String = bare.chars().take_while(|x| *x == c).collect();
            let info = bare[fence.len()..].trim();
            if fence.len() >= 3
                && let Some(rest) = info.strip_prefix("admonish")
                && (rest.is_empty() || rest.starts_with(' '))
                && !fences.is_inside()
            {
                let (kind, title, folds) = admonish_info(rest);
                let marker = if folds { "???" } else { "!!!" };
                let title = title
                    .map(|t| format!(" \"{}\"", t.replace('"', "'")))
                    .unwrap_or_default();
                out.push_str(&format!("{marker} {kind}{title}{}", ending(line)));
                open = Some(fence);
                changed = true;
                continue;
            }
        }
        fences.is_code(line);
        out.push_str(line);
    }
    changed.then_some(out)
}

/// `warning title="Careful" collapsible=true` → (kind, title, folds).
fn admonish_info(info: &str) -> (String, Option<String>, bool) {
    let info = info.trim();
    let kind = info
        .split_whitespace()
        .next()
        .filter(|w| !w.contains('='))
        .unwrap_or("note")
        .to_string();
    let title = info.find("title=\"").and_then(|at| {
        let rest = &info[at + 7..];
        rest.find('"').map(|end| rest[..end].to_string())
    });
    let folds = info.contains("collapsible=true");
    (kind, title, folds)
}

/// `body` with its admonitions as GitHub alerts, and what each one's first line asks for (by
/// 1-based line); `None` when there are none.
pub fn rewrite(body: &str) -> Option<(String, HashMap<usize, Admonition>)> {
    if !body.contains("!!!") && !body.contains("???") {
        return None;
    }
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    let mut out = String::with_capacity(body.len() + 64);
    let mut found = HashMap::new();
    let mut fences = Fences::default();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if fences.is_code(line) {
            out.push_str(line);
            i += 1;
            continue;
        }
        let Some((kind, admonition)) = parse_marker(line) else {
            out.push_str(line);
            i += 1;
            continue;
        };
        found.insert(i + 1, admonition);
        out.push_str(&format!("> [!{kind}]{}", ending(line)));
        i += 1;
        // The body: lines indented by four spaces (or a tab), blank lines between them.
        while i < lines.len() {
            let line = lines[i];
            let indented = line
                .strip_prefix("    ")
                .or_else(|| line.strip_prefix('\t'));
            if let Some(inner) = indented {
                out.push_str("> ");
                out.push_str(inner);
                i += 1;
            } else if line.trim().is_empty()
                && lines[i + 1..]
                    .iter()
                    .find(|l| !l.trim().is_empty())
                    .is_some_and(|l| l.starts_with("    ") || l.starts_with('\t'))
            {
                out.push('>');
                out.push_str(ending(line));
                i += 1;
            } else {
                break;
            }
        }
    }
    (!found.is_empty()).then_some((out, found))
}

/// `!!! warning "Title"`, `??? note`, `???+ tip ""` → the GitHub alert kind and the rest.
fn parse_marker(line: &str) -> Option<(&'static str, Admonition)> {
    let bare = line.trim_end();
    let (folds, rest) = if let Some(rest) = bare.strip_prefix("!!! ") {
        (None, rest)
    } else if let Some(rest) = bare.strip_prefix("???+ ") {
        (Some(true), rest)
    } else if let Some(rest) = bare.strip_prefix("??? ") {
        (Some(false), rest)
    } else {
        return None;
    };
    let rest = rest.trim();
    let (words, title) = match rest.find('"') {
        Some(at) => {
            let quoted = rest[at + 1..].strip_suffix('"')?;
            (&rest[..at], Some(quoted.to_string()))
        }
        None => (rest, None),
    };
    // `!!! note inline end` and other classes after the kind: the kind is the first word.
    let kind = words.split_whitespace().next()?;
    if !kind
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let title = title.or_else(|| {
        // Without a title, MkDocs shows the kind, capitalised, as the title.
        let mut chars = kind.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
    });
    Some((github_kind(kind), Admonition { title, folds }))
}

/// Material's admonition kinds (and their aliases) as the five GitHub alert kinds.
fn github_kind(kind: &str) -> &'static str {
    match kind.to_ascii_lowercase().as_str() {
        "tip" | "hint" | "success" | "check" | "done" | "question" | "help" | "faq" => "TIP",
        "important" => "IMPORTANT",
        "warning" | "caution" | "attention" => "WARNING",
        "danger" | "error" | "failure" | "fail" | "missing" | "bug" => "CAUTION",
        _ => "NOTE",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admonitions_become_alerts_line_for_line() {
        let body = "Text\n\n!!! warning \"Do not reboot\"\n    The disk is rebuilding.\n\n    Wait for it.\n\nAfter.\n";
        let (out, found) = rewrite(body).unwrap();
        assert_eq!(
            out,
            "Text\n\n> [!WARNING]\n> The disk is rebuilding.\n>\n> Wait for it.\n\nAfter.\n"
        );
        assert_eq!(out.lines().count(), body.lines().count());
        assert_eq!(found[&3].title.as_deref(), Some("Do not reboot"));
        let (out, found) =
            rewrite("??? danger\n    Hidden.\n\n???+ note \"\"\n    Shown.\n").unwrap();
        assert!(
            out.starts_with("> [!CAUTION]\n> Hidden.\n\n> [!NOTE]\n"),
            "{out}"
        );
        assert_eq!(
            found[&1],
            Admonition {
                title: Some("Danger".into()),
                folds: Some(false)
            }
        );
        assert_eq!(
            found[&4],
            Admonition {
                title: Some(String::new()),
                folds: Some(true)
            }
        );
        assert_eq!(rewrite("```\n!!! note\n    x\n```\n"), None);
    }

    #[test]
    fn mdbook_admonish_blocks_become_admonitions_line_for_line() {
        let md = "Text\n\n````admonish warning title=\"Do not delete\"\nThe bucket is *shared*.\n\n```sh\nls\n```\n````\n\n~~~admonish tip collapsible=true\nFolded.\n~~~\n\n```rust\n// admonish in code\n```\n";
        let out = from_admonish_fences(md).expect("rewritten");
        assert_eq!(out.lines().count(), md.lines().count());
        assert_eq!(
            out,
            "Text\n\n!!! warning \"Do not delete\"\n    The bucket is *shared*.\n\n    ```sh\n    ls\n    ```\n\n\n??? tip\n    Folded.\n\n\n```rust\n// admonish in code\n```\n"
        );
        let html = super::super::render(md, &super::super::KeepLinks).html;
        assert!(
            html.contains("callout callout-caution") || html.contains("callout callout-warning"),
            "{html}"
        );
        assert!(html.contains("<details"), "{html}");
    }
}

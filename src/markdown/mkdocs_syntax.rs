//! The rest of the Python-Markdown syntax MkDocs sites use, so that none of it shows as text:
//!
//! - content tabs (`=== "Linux"` with an indented body) are shown one after another, each body
//!   under its tab's name in bold;
//! - attribute lists (`{: .class }`, `{:target="_blank"}`) are dropped, on a line of their own
//!   or at the end of one;
//! - abbreviation definitions (`*[HTML]: Hyper Text Markup Language`) are dropped.
//!
//! Line for line, so that messages keep pointing at the right line; code blocks are left alone.

use super::prepass::{Fences, ending};

/// `body` rewritten, or `None` when it has none of this syntax.
pub fn rewrite(body: &str) -> Option<String> {
    if !body.contains("===") && !body.contains("{:") && !body.contains("*[") {
        return None;
    }
    let lines: Vec<&str> = body.split_inclusive('\n').collect();
    let mut out = String::with_capacity(body.len());
    let mut fences = Fences::default();
    let mut in_tab = false;
    let mut changed = false;
    for line in lines {
        let bare = line.trim();
        let end = ending(line);
        if fences.is_code(line) {
            out.push_str(dedent(line, in_tab));
            continue;
        }
        if let Some(label) = tab_label(line) {
            out.push_str(&format!("**{label}**{end}"));
            in_tab = true;
            changed = true;
            continue;
        }
        if in_tab && !bare.is_empty() && !line.starts_with("    ") && !line.starts_with('\t') {
            in_tab = false;
        }
        if is_abbreviation(bare) || (bare.starts_with("{:") && bare.ends_with('}')) {
            out.push_str(end);
            changed = true;
            continue;
        }
        let line = dedent(line, in_tab);
        match trailing_attributes(line) {
            Some(kept) => {
                out.push_str(kept);
                out.push_str(end);
                changed = true;
            }
            None => out.push_str(line),
        }
    }
    changed.then_some(out)
}

fn dedent(line: &str, in_tab: bool) -> &str {
    if !in_tab {
        return line;
    }
    line.strip_prefix("    ")
        .or_else(|| line.strip_prefix('\t'))
        .unwrap_or(line)
}

/// `=== "Linux"` (or `===! "Linux"`, `===+ "Linux"`) → `Linux`.
fn tab_label(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("===")?;
    let rest = rest.strip_prefix(['!', '+']).unwrap_or(rest);
    let quoted = rest.trim().strip_prefix('"')?.strip_suffix('"')?;
    Some(quoted)
}

/// `*[HTML]: Hyper Text Markup Language`.
fn is_abbreviation(bare: &str) -> bool {
    bare.strip_prefix("*[")
        .and_then(|rest| rest.split_once("]:"))
        .is_some_and(|(name, _)| !name.is_empty() && !name.contains(']'))
}

/// A line ending in `{: … }` (an attribute list for the paragraph or heading), without it.
fn trailing_attributes(line: &str) -> Option<&str> {
    let bare = line.trim_end();
    if !bare.ends_with('}') {
        return None;
    }
    let start = bare.rfind("{:")?;
    let inside = &bare[start + 2..bare.len() - 1];
    if inside.contains(['{', '}']) {
        return None;
    }
    Some(bare[..start].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_attributes_and_abbreviations_are_rewritten_line_for_line() {
        let body = "=== \"Linux\"\n    ```bash\n    df -h\n    ```\n=== \"macOS\"\n    Use Disk Utility.\n\nAfter {: .note }\n[Docs](x.md){:target=\"_blank\"}\n{: .lead }\n*[HTML]: Hyper Text Markup Language\n";
        let out = rewrite(body).unwrap();
        assert_eq!(
            out,
            "**Linux**\n```bash\ndf -h\n```\n**macOS**\nUse Disk Utility.\n\nAfter\n[Docs](x.md)\n\n\n"
        );
        assert_eq!(out.lines().count(), body.lines().count());
        assert_eq!(rewrite("Plain {not attributes}\n"), None);
    }
}

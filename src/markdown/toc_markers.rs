//! Table-of-contents markers that other tools expand and we do not need (every page has its
//! contents box): GitLab's `[[_TOC_]]`, Python-Markdown's and Azure DevOps' `[TOC]`/`[[TOC]]`,
//! kramdown's `{:toc}`, and the `<!-- toc -->` … `<!-- tocstop -->` block markdown-toc writes
//! (with the list it generated between them). Each line is blanked, not removed, so line
//! numbers in messages stay right; code blocks are left alone.

use super::prepass::{Fences, ending};

/// `body` without the markers, or `None` when it has none.
pub fn remove(body: &str) -> Option<String> {
    // Most pages have none: "toc" alone is in too many words (protocol, stock) to decide on.
    let toc_comment = body.contains("<!--") && body.to_ascii_lowercase().contains("<!-- toc");
    let has_marker = ["[[_TOC_]]", "[TOC]", "[[TOC]]", "{:toc}", "{{< toc >}}"]
        .iter()
        .any(|m| body.contains(m));
    if !has_marker && !toc_comment {
        return None;
    }
    let mut out = String::with_capacity(body.len());
    let mut fences = Fences::default();
    let mut inside_generated = false;
    let mut changed = false;
    for line in body.split_inclusive('\n') {
        let bare = line.trim();
        if fences.is_code(line) {
            out.push_str(line);
            continue;
        }
        let lower = bare.to_ascii_lowercase();
        let marker = matches!(
            bare,
            "[[_TOC_]]" | "[TOC]" | "[[TOC]]" | "{:toc}" | "* TOC" | "{{< toc >}}"
        ) || lower == "<!-- toc -->";
        let closes = lower == "<!-- tocstop -->" || lower == "<!-- /toc -->";
        if marker || closes || inside_generated {
            if lower == "<!-- toc -->" {
                inside_generated = true;
            }
            if closes {
                inside_generated = false;
            }
            changed = true;
            out.push_str(ending(line));
            continue;
        }
        out.push_str(line);
    }
    // A `<!-- toc -->` that is never closed marks a place, not a block: keep what follows.
    if inside_generated {
        return remove_single_markers(body);
    }
    changed.then_some(out)
}

/// Only the one-line markers, for a body whose `<!-- toc -->` is never closed.
fn remove_single_markers(body: &str) -> Option<String> {
    let out: String = body
        .split_inclusive('\n')
        .map(|line| {
            let bare = line.trim();
            let marker = matches!(bare, "[[_TOC_]]" | "[TOC]" | "[[TOC]]" | "{:toc}")
                || bare.eq_ignore_ascii_case("<!-- toc -->");
            if marker { ending(line) } else { line }
        })
        .collect();
    (out != body).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_blanked_and_lines_kept() {
        let body = "# T\n\n[[_TOC_]]\n\n## A\n\n[TOC]\n";
        assert_eq!(remove(body).unwrap(), "# T\n\n\n\n## A\n\n\n");
        let generated = "<!-- toc -->\n- [A](#a)\n- [B](#b)\n<!-- tocstop -->\n## A\n";
        assert_eq!(remove(generated).unwrap(), "\n\n\n\n## A\n");
        let open = "<!-- toc -->\n## A\ntext\n";
        assert_eq!(remove(open).unwrap(), "\n## A\ntext\n");
        let code = "```\n[TOC]\n```\n";
        assert_eq!(remove(code), None);
    }
}

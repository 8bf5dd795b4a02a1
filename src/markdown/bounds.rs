//! The bounds on one page's rendering: how deep its lines may nest, how much HTML it may grow
//! to, and the short page put in place of one that passes them. A page over a bound is refused
//! with an error rather than rendered in part.

use super::{MAX_ELEMENTS, MAX_NESTING, RenderNote, Rendered};

/// The page's HTML as it is written, refusing to grow past `max` bytes.
pub struct BoundedHtml<'a> {
    pub html: &'a mut String,
    pub max: usize,
}

impl std::fmt::Write for BoundedHtml<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if self.html.len() + s.len() > self.max {
            return Err(std::fmt::Error);
        }
        self.html.push_str(s);
        Ok(())
    }
}

/// A page that is not rendered: one paragraph that says so, and the error.
pub fn refused(error: RenderNote) -> Rendered {
    Rendered {
        html: "<p>This page could not be rendered: see the build's errors.</p>\n".into(),
        errors: vec![error],
        ..Rendered::default()
    }
}

/// The error for a page whose line `line` opens `depth` blockquotes or list items.
pub fn too_deep_error(line: usize, depth: usize) -> RenderNote {
    RenderNote {
        line,
        column: 1,
        code: "page-too-deep",
        message: format!(
            "this line nests {depth} blockquotes or list items (at most {MAX_NESTING}); the page is not rendered"
        ),
        hint: "nest fewer levels: a reader cannot follow more than a few",
    }
}

/// The error for a page past `max_html` bytes of HTML or `MAX_ELEMENTS` elements.
pub fn too_large_error(max_html: usize) -> RenderNote {
    RenderNote {
        line: 1,
        column: 1,
        code: "page-too-large",
        message: format!(
            "the page renders to more than {} MB of HTML or {MAX_ELEMENTS} elements; it is not rendered",
            max_html / (1024 * 1024)
        ),
        hint: "split the page, or raise [limits] page_size_mb (a page may render to five times it)",
    }
}

/// The first line that opens more than `MAX_NESTING` blockquotes or list items, and how many.
pub fn too_deep(body: &str) -> Option<(usize, usize)> {
    for (number, line) in body.lines().enumerate() {
        let bytes = line.as_bytes();
        // Cheap first: a line with fewer marker characters than the limit cannot pass it.
        if bytes.len() <= MAX_NESTING {
            continue;
        }
        let mut depth = 0;
        let mut i = 0;
        loop {
            while i < bytes.len() && bytes[i] == b' ' {
                i += 1;
            }
            let Some(&c) = bytes.get(i) else { break };
            if c == b'>' {
                i += 1;
            } else if matches!(c, b'-' | b'*' | b'+')
                && bytes.get(i + 1).is_some_and(|b| *b == b' ' || *b == b'\t')
            {
                i += 2;
            } else if c.is_ascii_digit() {
                let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                match bytes.get(i + digits) {
                    Some(b'.' | b')') if digits <= 9 => i += digits + 1,
                    _ => break,
                }
            } else {
                break;
            }
            depth += 1;
        }
        if depth > MAX_NESTING {
            return Some((number + 1, depth));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::markdown::{KeepLinks, MAX_NESTING, render};

    #[test]
    fn a_line_nested_past_the_limit_refuses_the_page_at_that_line() {
        let deep = "> ".repeat(MAX_NESTING + 1);
        let out = render(&format!("Intro\n\n{deep}x\n"), &KeepLinks);
        assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
        assert_eq!(
            (out.errors[0].code, out.errors[0].line),
            ("page-too-deep", 3)
        );
        assert!(out.html.contains("could not be rendered"), "{}", out.html);
        // At the limit, the page renders.
        let at_limit = "> ".repeat(MAX_NESTING);
        assert!(
            render(&format!("{at_limit}x\n"), &KeepLinks)
                .errors
                .is_empty()
        );
    }
}

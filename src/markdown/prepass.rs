//! What the line-for-line pre-passes (TOC markers, Hugo shortcodes, MkDocs syntax,
//! admonitions) share: they leave fenced code alone, and keep each line's ending so that line
//! numbers in messages stay right.

/// Follows fenced code blocks line by line.
#[derive(Debug, Default)]
pub struct Fences {
    open: Option<&'static str>,
}

impl Fences {
    /// Whether the lines read so far left a fenced code block open.
    pub fn is_inside(&self) -> bool {
        self.open.is_some()
    }

    /// Whether `line` belongs to a fenced code block (its fences included); reading the lines
    /// in order keeps track of where blocks open and close.
    pub fn is_code(&mut self, line: &str) -> bool {
        let bare = line.trim();
        if let Some(open) = self.open {
            if bare.starts_with(open) {
                self.open = None;
            }
            return true;
        }
        for fence in ["```", "~~~"] {
            if bare.starts_with(fence) {
                self.open = Some(fence);
                return true;
            }
        }
        false
    }
}

/// The line's ending, to keep when a line is replaced.
pub fn ending(line: &str) -> &'static str {
    if line.ends_with('\n') { "\n" } else { "" }
}

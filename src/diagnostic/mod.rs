//! One error/warning type for everything a site can get wrong: the file, the line and column,
//! what is wrong and, where it helps, what to do. Knows nothing of how it was found.

pub mod positions;
pub mod serde_errors;

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Error,
    Warning,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Error => "error",
            Level::Warning => "warning",
        })
    }
}

/// A problem in the site, located in a file. `line` and `column` count from 1, from the top of
/// the file (front matter delimiters included); 0 means "the whole file".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub level: Level,
    pub message: String,
    pub hint: Option<String>,
    /// A stable name for the kind of problem (`broken-link`), for tools reading `check --format json`.
    pub code: &'static str,
}

impl Diagnostic {
    pub fn error(
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            column,
            level: Level::Error,
            message: message.into(),
            hint: None,
            code: "error",
        }
    }

    pub fn warning(
        path: impl Into<PathBuf>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            level: Level::Warning,
            ..Diagnostic::error(path, line, column, message)
        }
    }

    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    fn sort_key(&self) -> (&Path, usize, usize, Level, &str) {
        (
            &self.path,
            self.line,
            self.column,
            self.level,
            &self.message,
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = self.line.max(1);
        let column = self.column.max(1);
        write!(
            f,
            "{}:{line}:{column}: {}: {}",
            printable(&self.path.display().to_string()),
            self.level,
            printable(&self.message)
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {}", printable(hint))?;
        }
        Ok(())
    }
}

/// Text from a site (a file name, an alert name, a title) as it may go to a terminal: control
/// characters (an escape sequence can move the cursor, recolour or retitle the terminal, a
/// carriage return can overwrite the line before) and the marks that reverse the direction of
/// text are written as `\u{1b}`, so what is printed is what is there.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Sorts by file, then position, and drops exact repeats (the same broken link written twice on
/// one line is one problem).
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
}

/// Paths as a hint lists them: `content/a.md, content/b.md`.
pub fn list_paths<'a>(paths: impl IntoIterator<Item = &'a Path>) -> String {
    paths
        .into_iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// 1-based line and column of a byte offset in `text` (column counted in characters).
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The closest of `candidates` to `word`, when it is close enough to be what was meant.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word = word.to_lowercase();
    let length = word.chars().count();
    candidates
        .into_iter()
        .filter_map(|c| {
            let allowed = (c.chars().count() / 3).max(1) + usize::from(c.len() > 8);
            // The distance is at least the difference in length: most candidates of a long
            // list are ruled out without being compared.
            if c.chars().count().abs_diff(length) > allowed {
                return None;
            }
            let d = edit_distance(&word, &c.to_lowercase());
            (d <= allowed).then_some((d, c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Edit distance where swapping two neighbouring letters counts as one edit ("titel").
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_path_line_column_level_and_hint() {
        let d = Diagnostic::error("content/a.md", 3, 1, "unknown front matter field 'severty'")
            .with_hint("did you mean 'severity'?");
        assert_eq!(
            d.to_string(),
            "content/a.md:3:1: error: unknown front matter field 'severty'\n  = hint: did you mean 'severity'?"
        );
    }

    #[test]
    fn control_characters_are_printed_as_escapes() {
        let d = Diagnostic::error("con\x1b[2Jtent/a\r.md", 1, 1, "alert 'Disk\x07Full'")
            .with_hint("rename \u{202e}gpj.md");
        assert_eq!(
            d.to_string(),
            "con\\u{1b}[2Jtent/a\\u{d}.md:1:1: error: alert 'Disk\\u{7}Full'\n  = hint: rename \\u{202e}gpj.md"
        );
        assert_eq!(printable("plain café"), "plain café");
    }

    #[test]
    fn line_col_counts_lines_and_characters() {
        let text = "ab\nçd\nef";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 5), (2, 2));
        assert_eq!(line_col(text, 999), (3, 3));
    }

    #[test]
    fn suggestions_are_close_words_only() {
        let fields = ["title", "severity", "services", "owner"];
        assert_eq!(did_you_mean("severty", fields), Some("severity"));
        assert_eq!(did_you_mean("titel", fields), Some("title"));
        assert_eq!(did_you_mean("zzzzzz", fields), None);
    }

    #[test]
    fn sort_orders_by_file_then_line_and_removes_repeats() {
        let mut list = vec![
            Diagnostic::error("b.md", 1, 1, "x"),
            Diagnostic::error("a.md", 9, 1, "y"),
            Diagnostic::error("a.md", 2, 1, "z"),
            Diagnostic::error("a.md", 2, 1, "z"),
        ];
        sort(&mut list);
        let order: Vec<_> = list
            .iter()
            .map(|d| (d.path.to_str().unwrap(), d.line))
            .collect();
        assert_eq!(order, [("a.md", 2), ("a.md", 9), ("b.md", 1)]);
    }
}

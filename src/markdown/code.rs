//! Fenced and indented code blocks: their text gathered as the parser hands it over, then
//! written highlighted with a copy button (or plain for print), placeholders marked, and a note
//! for the author when the block was too long or slow to highlight.

use pulldown_cmark::CodeBlockKind;

use super::highlight::{self, HighlightMemo, highlight};
use super::lines::LineIndex;
use super::{RenderNote, Rendered, variables};
use crate::html::escape;

/// A code block being read.
pub struct OpenBlock {
    language: String,
    text: String,
    /// Where the block starts in the page's Markdown.
    offset: usize,
}

impl OpenBlock {
    /// A block of `kind` starting at byte `offset`: its language is the info string's first word.
    pub fn new(kind: CodeBlockKind, offset: usize) -> Self {
        let language = match kind {
            CodeBlockKind::Fenced(info) => {
                info.split([' ', ',', '{']).next().unwrap_or("").to_string()
            }
            CodeBlockKind::Indented => String::new(),
        };
        OpenBlock {
            language,
            text: String::new(),
            offset,
        }
    }

    pub fn push_str(&mut self, text: &str) {
        self.text.push_str(text);
    }
}

/// How a page's code blocks are written.
pub struct Writer<'a> {
    /// Plain, without a copy button (the binder's).
    pub for_print: bool,
    pub budget: highlight::Budget,
    pub memo: &'a HighlightMemo,
}

impl Writer<'_> {
    /// The finished block's HTML; its text goes to the page's search text, and a note to `out`
    /// when it is shown without highlighting.
    pub fn finish(&mut self, block: OpenBlock, lines: &LineIndex, out: &mut Rendered) -> String {
        out.push_text(&block.text, '\n');
        let (html, plain_because) = self.code_block(&block.text, &block.language);
        if let Some(reason) = plain_because {
            let (line, column) = lines.locate(block.offset);
            out.notes.push(RenderNote {
                line,
                column,
                code: "code-not-highlighted",
                message: format!("{reason}; shown without highlighting"),
                hint: "break the line up (a shell line can end with \\), or mark the block as text",
            });
        }
        html
    }

    /// The block's HTML, and why it is not highlighted when it was too long or slow for that.
    /// A fenced or indented block: highlighted with a copy button, or `for_print` plain without.
    fn code_block(&mut self, code: &str, language: &str) -> (String, Option<String>) {
        let class = if language.is_empty() {
            String::new()
        } else {
            format!(" class=\"language-{}\"", escape(language))
        };
        if self.for_print {
            let plain = variables::highlight_with_placeholders(code, |code| {
                highlight::Highlighted::plain(code, None)
            });
            let html = format!(
                "<div class=\"code-block\"><pre><code{class}>{}</code></pre></div>\n",
                plain.html
            );
            return (html, None);
        }
        let (budget, memo) = (&mut self.budget, self.memo);
        let highlighted = variables::highlight_with_placeholders(code, |code| {
            highlight(code, language, budget, memo)
        });
        (
            format!(
                "<div class=\"code-block\"><button type=\"button\" class=\"copy-code\" hidden>Copy</button><pre><code{class}>{}</code></pre></div>\n",
                highlighted.html
            ),
            highlighted.plain_because,
        )
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::{KeepLinks, render};

    fn html(md: &str) -> String {
        render(md, &KeepLinks).html
    }

    #[test]
    fn code_blocks_are_highlighted_with_a_copy_button() {
        let out = html("```bash\necho hi\n```\n\n```nosuchlang\n<x>\n```\n");
        assert!(
            out.contains("<button type=\"button\" class=\"copy-code\""),
            "{out}"
        );
        assert!(out.contains("class=\"language-bash\""));
        assert!(out.contains("hl-"));
        assert!(out.contains("&lt;x&gt;"));
    }
}

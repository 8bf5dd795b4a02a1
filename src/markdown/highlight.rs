//! Build-time code highlighting with syntect. Emits CSS classes (`hl-keyword`, ...) rather than
//! inline colours, so the theme's light and dark palettes both apply. The syntax set is loaded
//! once per process.

use std::sync::LazyLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use crate::html::escape;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The inner HTML of a `<code>` element for `code` in `language`. Unknown or missing languages,
/// and code the highlighter chokes on, come out as escaped plain text.
pub fn highlight(code: &str, language: &str) -> String {
    let Some(syntax) = find_syntax(language) else {
        return escape(code);
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return escape(code);
        }
    }
    generator.finalize()
}

fn find_syntax(language: &str) -> Option<&'static SyntaxReference> {
    let language = language.trim().to_ascii_lowercase();
    let token = match language.as_str() {
        "" | "text" | "txt" | "plain" | "plaintext" => return None,
        "console" | "shell" | "zsh" | "shell-session" => "bash",
        "yml" => "yaml",
        "ps1" | "powershell" => return None,
        other => other,
    };
    SYNTAXES.find_syntax_by_token(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes() {
        let html = highlight("echo \"hi\"\n", "bash");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("hi"));
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        assert_eq!(highlight("<b>&\n", "no-such-language"), "&lt;b&gt;&amp;\n");
    }
}

//! Guards put before every YAML parse (front matter, `mkdocs.yml`, alert rule files): a bound
//! on flow nesting, and error lines kept inside the text.
//!
//! The YAML parser's work grows with the square of flow nesting (`[[[[…`): 100,000 levels took
//! 22 s. No front matter, MkDocs config or rule file nests anywhere near [`MAX_DEPTH`], so text
//! that does is refused at the bracket that goes too deep, before the parser sees it. Block
//! nesting needs no guard: each level costs a wider indent, so its depth is bounded by the
//! square root of the text's size.

/// The deepest flow nesting (`[` and `{` inside each other) accepted.
pub const MAX_DEPTH: usize = 64;

/// Where flow nesting first passes [`MAX_DEPTH`]: the 1-based line and column of the bracket.
pub fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut line = 1;
    let mut column = 0;
    // Quotes and comments hide brackets; a bracket opens a flow collection only where a value
    // can start (after indentation, `- `, `: `, `? `, or inside a flow), not inside a plain
    // scalar such as `title: Fix [urgent] bug`.
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut comment = false;
    let mut value_can_start = true;
    let mut previous = '\n';
    for c in text.chars() {
        if c == '\n' {
            line += 1;
            column = 0;
            comment = false;
            value_can_start = true;
            previous = c;
            // A single-quoted or double-quoted scalar may span lines; a plain one may not.
            continue;
        }
        column += 1;
        if comment {
            continue;
        }
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if q == '"' && c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            previous = c;
            continue;
        }
        match c {
            '#' if previous.is_whitespace() => comment = true,
            '"' | '\'' if value_can_start => quote = Some(c),
            '[' | '{' if value_can_start || depth > 0 => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some((line, column));
                }
            }
            ']' | '}' if depth > 0 => depth -= 1,
            _ => {}
        }
        value_can_start = match c {
            ' ' | '\t' => value_can_start || matches!(previous, ':' | '-' | '?' | ',' | '[' | '{'),
            '[' | '{' | ',' => depth > 0 || value_can_start,
            _ => false,
        };
        previous = c;
    }
    None
}

/// The message for text refused by [`too_deep`].
pub fn too_deep_message() -> String {
    format!("YAML nested more than {MAX_DEPTH} levels deep ('[' or '{{' inside each other)")
}

/// A line a parser reported, kept within the text: at its end a parser names the line after
/// the last one.
pub fn line_within(text: &str, line: usize) -> usize {
    let lines = text.lines().count().max(1);
    line.clamp(1, lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_flow_nesting_is_found_at_its_bracket() {
        let text = format!("title: x\ntags: {}", "[".repeat(MAX_DEPTH + 5));
        assert_eq!(too_deep(&text), Some((2, 7 + MAX_DEPTH)));
        let braces = format!("a: {}", "{".repeat(100_000));
        assert!(too_deep(&braces).is_some());
    }

    #[test]
    fn ordinary_yaml_is_not_too_deep() {
        let text = "title: Fix [urgent] bug\nservices: [api, billing]\nmap: {a: [1, {b: 2}]}\n";
        assert_eq!(too_deep(text), None);
        let plain = format!("title: see {}\n", "[".repeat(200));
        assert_eq!(too_deep(&plain), None, "brackets inside a plain scalar");
        let quoted = format!("title: \"{}\"\n", "[".repeat(200));
        assert_eq!(too_deep(&quoted), None);
        let commented = format!("a: 1 # {}\n", "[".repeat(200));
        assert_eq!(too_deep(&commented), None);
        let nested = format!("a: {}{}\n", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(too_deep(&nested), None);
    }

    #[test]
    fn a_reported_line_stays_in_the_text() {
        assert_eq!(line_within("a: 1\nb: [", 3), 2);
        assert_eq!(line_within("", 5), 1);
        assert_eq!(line_within("a\nb\nc", 2), 2);
    }
}

//! Placeholders in code blocks (`{{region}}`, `{{ account_id }}`): marked so that the page's
//! variables bar can put the reader's values into what is shown and copied.

use super::highlight::Highlighted;

/// A placeholder found in code: its byte range and name.
fn placeholders(code: &str) -> Vec<(usize, usize, &str)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = code[from..].find("{{").map(|i| from + i) {
        let Some(end) = code[start + 2..].find("}}").map(|i| start + 2 + i) else {
            break;
        };
        let name = code[start + 2..end].trim();
        let valid = !name.is_empty()
            && name.len() <= 40
            && name
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if valid {
            found.push((start, end + 2, name));
            from = end + 2;
        } else {
            from = start + 2;
        }
    }
    found
}

/// Highlights `code` with `highlight`, keeping each placeholder whole: it is swapped for a word
/// the highlighter leaves in one piece, then turned into `<span class="var" data-var="name">`.
pub fn highlight_with_placeholders(
    code: &str,
    mut highlight: impl FnMut(&str) -> Highlighted,
) -> Highlighted {
    let found = placeholders(code);
    if found.is_empty() {
        return highlight(code);
    }
    let mut masked = String::with_capacity(code.len());
    let mut last = 0;
    for (n, (start, end, _)) in found.iter().enumerate() {
        masked.push_str(&code[last..*start]);
        masked.push_str(&sentinel(n));
        last = *end;
    }
    masked.push_str(&code[last..]);
    let mut highlighted = highlight(&masked);
    // One pass over the HTML: each sentinel is replaced where it is found, so the cost stays
    // linear however many placeholders a block holds.
    let html = &highlighted.html;
    let mut out = String::with_capacity(html.len() + found.len() * 40);
    let mut rest = html.as_str();
    while let Some(at) = rest.find(SENTINEL_START) {
        out.push_str(&rest[..at]);
        let after = &rest[at + SENTINEL_START.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let number = after[..digits].parse::<usize>().ok();
        match number
            .and_then(|n| found.get(n))
            .filter(|_| after[digits..].starts_with('X'))
        {
            Some((_, _, name)) => {
                out.push_str(&format!(
                    "<span class=\"var\" data-var=\"{name}\">{{{{{name}}}}}</span>"
                ));
                rest = &after[digits + 1..];
            }
            None => {
                out.push_str(SENTINEL_START);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    highlighted.html = out;
    highlighted
}

const SENTINEL_START: &str = "DPVAR";

fn sentinel(n: usize) -> String {
    format!("{SENTINEL_START}{n}X")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_names_in_double_braces() {
        let names: Vec<&str> =
            placeholders("aws --region {{region}} {{ account_id }} {{not valid!}} {{}}")
                .iter()
                .map(|p| p.2)
                .collect();
        assert_eq!(names, ["region", "account_id"]);
    }

    #[test]
    fn placeholders_survive_highlighting_as_spans() {
        let html =
            highlight_with_placeholders("echo {{region}} and {{zone}}\n", |code| Highlighted {
                html: format!("<b>{code}</b>"),
                plain_because: None,
            })
            .html;
        assert_eq!(
            html,
            "<b>echo <span class=\"var\" data-var=\"region\">{{region}}</span> and <span class=\"var\" data-var=\"zone\">{{zone}}</span>\n</b>"
        );
    }
}

//! Hugo shortcodes in pages written for a Hugo site, so that they read right here instead of
//! showing as `{{< … >}}` text:
//!
//! - `{{< ref "x.md" >}}` and `relref` become the path itself, so the link is checked and
//!   rewritten like any link to a page;
//! - `{{< param "name" >}}` becomes the site's `[extra]` value of that name;
//! - the callout shortcodes of common themes (`hint`, `notice`, `alert`, `callout`, `note`,
//!   `tip`, `warning`, `details`, `expand`) become GitHub alerts, which are drawn as callouts;
//! - `tabs` / `tab "Name"` show each tab's text under its name in bold, one after another;
//! - any other shortcode is dropped, its inner text kept, with a warning naming it.
//!
//! Line for line, so that messages keep pointing at the right line.

use super::prepass::{Fences, ending};

/// A shortcode this module did not know, or a value it could not find: (1-based line, message).
pub type Note = (usize, String);

/// `body` with its shortcodes handled, and what it could not do; `None` when there are none.
pub fn rewrite(body: &str, param: &dyn Fn(&str) -> Option<String>) -> Option<(String, Vec<Note>)> {
    if !body.contains("{{<") && !body.contains("{{%") {
        return None;
    }
    let mut out = String::with_capacity(body.len());
    let mut notes = Vec::new();
    let mut fences = Fences::default();
    // Inside a callout shortcode: its lines are quoted.
    let mut quoting = false;
    for (n, line) in body.split_inclusive('\n').enumerate() {
        let bare = line.trim();
        if fences.is_code(line) {
            push_line(&mut out, line, quoting);
            continue;
        }
        // A line that is only a callout shortcode opens or closes a quote.
        if let Some(code) = whole_line_shortcode(bare) {
            let name = code.name.as_str();
            // Tabs show one after another, each under its name, as MkDocs' tabs do here.
            if name == "tabs" || (name == "tab" && code.closing) {
                out.push_str(ending(line));
                continue;
            }
            if name == "tab" {
                let label = code.args.first().map_or("", String::as_str);
                out.push_str(&format!("**{label}**{}", ending(line)));
                continue;
            }
            if CALLOUTS.contains(&name) {
                if code.closing {
                    quoting = false;
                    out.push_str(ending(line));
                } else {
                    quoting = true;
                    out.push_str(&format!("> [!{}]{}", alert_kind(&code.args), ending(line)));
                }
                continue;
            }
        }
        let rewritten = inline(line, n + 1, param, &mut notes);
        push_line(&mut out, &rewritten, quoting);
    }
    Some((out, notes))
}

const CALLOUTS: [&str; 9] = [
    "hint", "notice", "alert", "callout", "note", "tip", "warning", "details", "expand",
];

fn push_line(out: &mut String, line: &str, quoting: bool) {
    if quoting {
        out.push_str(if line.trim().is_empty() { ">" } else { "> " });
        out.push_str(if line.trim().is_empty() {
            ending(line)
        } else {
            line
        });
    } else {
        out.push_str(line);
    }
}

struct Shortcode {
    name: String,
    args: Vec<String>,
    closing: bool,
}

/// Parses the inside of `{{< … >}}`: `name arg "quoted arg"` or `/name`.
fn parse(inner: &str) -> Option<Shortcode> {
    let inner = inner.trim();
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(rest) => (true, rest.trim()),
        None => (false, inner),
    };
    let mut words = Vec::new();
    let mut rest = inner;
    while !rest.is_empty() {
        rest = rest.trim_start();
        if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"')?;
            words.push(quoted[..end].to_string());
            rest = &quoted[end + 1..];
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            words.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    let name = words.first()?.clone();
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    Some(Shortcode {
        name,
        args: words
            .into_iter()
            .skip(1)
            .filter(|w| !w.contains('='))
            .collect(),
        closing,
    })
}

fn whole_line_shortcode(bare: &str) -> Option<Shortcode> {
    let inner = bare
        .strip_prefix("{{<")
        .and_then(|r| r.strip_suffix(">}}"))
        .or_else(|| bare.strip_prefix("{{%").and_then(|r| r.strip_suffix("%}}")))?;
    if inner.contains("{{") {
        return None;
    }
    parse(inner)
}

/// One line with its inline shortcodes replaced.
fn inline(
    line: &str,
    number: usize,
    param: &dyn Fn(&str) -> Option<String>,
    notes: &mut Vec<Note>,
) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        let open = [rest.find("{{<"), rest.find("{{%")]
            .into_iter()
            .flatten()
            .min();
        let Some(start) = open else { break };
        let close_marker = if rest[start..].starts_with("{{<") {
            ">}}"
        } else {
            "%}}"
        };
        let Some(len) = rest[start + 3..].find(close_marker) else {
            break;
        };
        out.push_str(&rest[..start]);
        let inner = &rest[start + 3..start + 3 + len];
        match parse(inner) {
            Some(code) if matches!(code.name.as_str(), "ref" | "relref") && !code.closing => {
                out.push_str(code.args.first().map_or("", String::as_str));
            }
            Some(code) if code.name == "param" && !code.closing => {
                let name = code.args.first().cloned().unwrap_or_default();
                match param(&name) {
                    Some(value) => out.push_str(&value),
                    None => {
                        notes.push((
                            number,
                            format!("Hugo's {{{{< param \"{name}\" >}}}} has no value: set {name} under [extra] in dontpanic.toml"),
                        ));
                        out.push_str(&name);
                    }
                }
            }
            Some(code) if CALLOUTS.contains(&code.name.as_str()) => {}
            Some(code) => {
                if !code.closing {
                    notes.push((
                        number,
                        format!(
                            "Hugo shortcode '{}' is not known here; it is left out and its text kept",
                            code.name
                        ),
                    ));
                }
            }
            None => out.push_str(&rest[start..start + 3 + len + 3]),
        }
        rest = &rest[start + 3 + len + 3..];
    }
    out.push_str(rest);
    out
}

/// A theme's callout style (`info`, `warning`, `danger`, …) as a GitHub alert kind.
fn alert_kind(args: &[String]) -> &'static str {
    match args.first().map(|a| a.to_ascii_lowercase()).as_deref() {
        Some("tip" | "success" | "green") => "TIP",
        Some("warning" | "warn" | "orange" | "yellow") => "WARNING",
        Some("danger" | "error" | "red") => "CAUTION",
        Some("important") => "IMPORTANT",
        _ => "NOTE",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(name: &str) -> Option<String> {
        (name == "BookRepo").then(|| "https://github.com/acme/runbooks".to_string())
    }

    #[test]
    fn refs_params_and_callouts_are_rewritten_line_for_line() {
        let body = "See [skew]({{< ref \"./NodeClockSkewDetected.md\" >}}).\nRepo: {{< param BookRepo >}}\n{{< hint warning >}}\nCareful.\n{{< /hint >}}\n{{< youtube abc >}}\n";
        let (out, notes) = rewrite(body, &params).unwrap();
        assert_eq!(
            out,
            "See [skew](./NodeClockSkewDetected.md).\nRepo: https://github.com/acme/runbooks\n> [!WARNING]\n> Careful.\n\n\n"
        );
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].0, 6);
        assert!(notes[0].1.contains("'youtube'"));
        let (_, notes) = rewrite("{{< param Missing >}}\n", &params).unwrap();
        assert!(notes[0].1.contains("set Missing under [extra]"));
    }
}

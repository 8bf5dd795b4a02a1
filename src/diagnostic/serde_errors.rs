//! Turning serde's errors (from toml, YAML and JSON) into located diagnostics a person can act
//! on: the line of the key, a short message, and "did you mean" for unknown keys and values.

use std::path::Path;

use super::{Diagnostic, did_you_mean, line_col};

/// A TOML error as a diagnostic located in the whole file: `first_line` is the file line on
/// which `text` starts (front matter starts after its `+++`), counting from 0.
pub fn toml_diagnostic(
    path: &Path,
    text: &str,
    first_line: usize,
    error: &toml::de::Error,
    fields: &[&str],
) -> Diagnostic {
    let (line, column) = error
        .span()
        .map_or((1, 1), |span| line_col(text, span.start));
    let message = error.message().trim().to_string();
    let diagnostic = Diagnostic::error(
        path,
        first_line + line,
        column,
        tidy_serde_message(&message),
    );
    with_unknown_field_hint(diagnostic, &message, fields)
}

/// serde says "unknown field `severty`, expected one of `a`, `b`..." — too long for a terminal
/// line; keep the field and put the suggestion in the hint.
pub fn tidy_serde_message(message: &str) -> String {
    if let Some(name) = unknown_field_name(message) {
        return format!("unknown field '{name}'");
    }
    if let Some((value, _)) = unknown_variant(message) {
        return format!("unknown value '{value}'");
    }
    message.replace('`', "'")
}

/// serde's "unknown variant `runbok`, expected one of `runbook`, `playbook`": the value given
/// and the ones allowed.
fn unknown_variant(message: &str) -> Option<(&str, Vec<&str>)> {
    let rest = message.split("unknown variant `").nth(1)?;
    let (value, rest) = rest.split_once('`')?;
    let allowed = rest.split('`').skip(1).step_by(2).collect();
    Some((value, allowed))
}

pub fn with_unknown_field_hint(
    diagnostic: Diagnostic,
    message: &str,
    fields: &[&str],
) -> Diagnostic {
    if let Some((value, allowed)) = unknown_variant(message) {
        return match did_you_mean(value, allowed.iter().copied()) {
            Some(suggestion) => diagnostic.with_hint(format!("did you mean '{suggestion}'?")),
            None => diagnostic.with_hint(format!("use one of: {}", allowed.join(", "))),
        };
    }
    let Some(name) = unknown_field_name(message) else {
        return diagnostic;
    };
    match did_you_mean(name, fields.iter().copied()) {
        Some(suggestion) => diagnostic.with_hint(format!("did you mean '{suggestion}'?")),
        None => diagnostic.with_hint(format!(
            "known fields: {}; free-form values go under 'extra'",
            fields.join(", ")
        )),
    }
}

fn unknown_field_name(message: &str) -> Option<&str> {
    let rest = message.split("unknown field `").nth(1)?;
    rest.split('`').next()
}

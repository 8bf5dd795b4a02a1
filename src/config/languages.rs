//! The config's languages: `default_language`, `language` and `[languages]` resolved into the
//! site's list (each code and folder checked at its line), or another tool's languages taken
//! when the site has no config of its own.

use std::path::Path;

use super::{Config, foreign};
use crate::diagnostic::Diagnostic;
use crate::diagnostic::positions::Position;
use crate::languages::Languages;

/// The site's languages from `default_language`, `language` and `[languages]`, each code and
/// output folder checked at its line.
pub(super) fn resolve(path: &Path, config: &Config) -> Result<Languages, Diagnostic> {
    let at = |keys: &[&str]| {
        config
            .positions
            .key(keys)
            .unwrap_or(Position { line: 1, column: 1 })
    };
    let explicit_language = config.positions.key(&["language"]).is_some();
    let default = match &config.default_language {
        Some(code) => code.clone(),
        None if explicit_language => config.language.clone(),
        None => "en".to_string(),
    };
    let refuse = |at: Position, message: String, hint: &str| {
        Diagnostic::error(path, at.line, at.column, message).with_hint(hint.to_string())
    };
    if !crate::languages::is_language_tag(&default) {
        let key = if config.default_language.is_some() {
            "default_language"
        } else {
            "language"
        };
        return Err(refuse(
            at(&[key]),
            format!("'{default}' is not a language code"),
            "write a BCP 47 code such as en, de, zh-Hans or pt-BR",
        ));
    }
    for (code, language) in &config.language_table {
        if !crate::languages::is_language_tag(code) {
            return Err(refuse(
                at(&["languages", code]),
                format!("[languages.{code}]: '{code}' is not a language code"),
                "write a BCP 47 code such as en, de, zh-Hans or pt-BR",
            ));
        }
        if let Some(prefix) = &language.prefix
            && !crate::languages::is_prefix(prefix)
        {
            return Err(refuse(
                at(&["languages", code, "prefix"]),
                format!("[languages.{code}] prefix '{prefix}' is not one folder name"),
                "use letters, digits, '-' or '_', or \"\" for the root",
            ));
        }
    }
    if config.language_table.is_empty() {
        return Ok(Languages::single(&default));
    }
    Languages::new(&default, &config.language_table).map_err(|message| {
        refuse(
            at(&["languages"]),
            message,
            "give each language its own prefix under [languages.<code>]",
        )
    })
}

/// The languages another tool builds the site in, as `[languages]` would say them (codes
/// that are not language tags are left out); the site's languages are resolved from them.
pub(super) fn take_foreign(config: &mut Config, foreign: &foreign::Foreign) {
    let languages: Vec<&foreign::ForeignLanguage> = foreign
        .languages
        .iter()
        .filter(|l| crate::languages::is_language_tag(&l.code))
        .collect();
    let Some(default) = languages.iter().find(|l| l.default).or(languages.first()) else {
        return;
    };
    config.default_language = Some(default.code.clone());
    for language in &languages {
        let direction = language
            .right_to_left
            .then_some(crate::languages::Direction::Rtl);
        config.language_table.insert(
            language.code.clone(),
            crate::languages::LanguageConfig {
                name: language.name.clone(),
                direction,
                prefix: None,
            },
        );
    }
    if let Ok(resolved) = Languages::new(&default.code, &config.language_table) {
        config.languages = resolved;
    }
}

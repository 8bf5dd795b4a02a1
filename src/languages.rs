//! The languages of a site: which there are (`default_language`, `[languages.<code>]`), what
//! each is called and which way it is written, where its pages are published, and which
//! language a content file is in (`page.zh.md` beside `page.md`, or `zh/page.md` mirroring
//! the default language's tree). Knows the config, not pages.

use std::collections::BTreeMap;

use serde::Deserialize;

/// `[languages.<code>]`: one language of the site, all keys optional.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct LanguageConfig {
    /// Shown in the language switcher; the language's own name by default ("中文").
    pub name: Option<String>,
    /// `ltr` or `rtl`; by default from the code (Arabic, Hebrew, Persian, Urdu... are `rtl`).
    pub direction: Option<Direction>,
    /// The folder of the output its pages are published under: the code by default (`zh/`),
    /// nothing for the default language (the root).
    pub prefix: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// One language as the build uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// The BCP 47 code as configured (`zh-Hans`, `pt-BR`).
    pub code: String,
    pub name: String,
    pub direction: Direction,
    /// The output folder of its pages, without slashes; empty for the root.
    pub prefix: String,
}

/// The site's languages, the default one first. A site without `[languages]` has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Languages {
    pub list: Vec<Language>,
}

/// An index into `Languages::list`; 0 is the default language.
pub type LanguageId = usize;

/// The default language's id.
pub const DEFAULT: LanguageId = 0;

impl Languages {
    /// The languages `default_language` and `[languages]` declare (the default one is added
    /// when the table does not list it), or the one `language` names. Codes and prefixes are
    /// checked by the config (`problems`).
    pub fn new(
        default: &str,
        configured: &BTreeMap<String, LanguageConfig>,
    ) -> Result<Languages, String> {
        let mut list = Vec::with_capacity(configured.len() + 1);
        let default_config = configured
            .iter()
            .find(|(code, _)| same_code(code, default))
            .map(|(_, c)| c.clone())
            .unwrap_or_default();
        list.push(language(default, &default_config, true));
        for (code, config) in configured {
            if !same_code(code, default) {
                list.push(language(code, config, false));
            }
        }
        for (i, a) in list.iter().enumerate() {
            if let Some(b) = list[..i].iter().find(|b| b.prefix == a.prefix) {
                return Err(format!(
                    "languages '{}' and '{}' are both published under '{}/'",
                    b.code, a.code, a.prefix
                ));
            }
        }
        Ok(Languages { list })
    }

    /// One language, for a site without `[languages]`.
    pub fn single(code: &str) -> Languages {
        Languages {
            list: vec![language(code, &LanguageConfig::default(), true)],
        }
    }

    pub fn is_multilingual(&self) -> bool {
        self.list.len() > 1
    }

    pub fn default_language(&self) -> &Language {
        &self.list[DEFAULT]
    }

    /// The language with this code (compared without regard to case), if the site has it.
    pub fn find(&self, code: &str) -> Option<LanguageId> {
        self.list.iter().position(|l| same_code(&l.code, code))
    }

    /// The language of the content file at `rel_path` and the path it has in the default
    /// language's tree: `playbooks/lockout.zh.md` and `zh/playbooks/lockout.md` are both
    /// (zh, `playbooks/lockout.md`); `playbooks/lockout.en.md` is the default language's
    /// `playbooks/lockout.md` when English is the default. A site with one language leaves
    /// every path as it is.
    pub fn of_path<'a>(&self, rel_path: &'a str) -> (LanguageId, std::borrow::Cow<'a, str>) {
        use std::borrow::Cow;
        if !self.is_multilingual() {
            return (DEFAULT, Cow::Borrowed(rel_path));
        }
        // The folder layout: the first folder names a language by code (or its prefix).
        if let Some((first, rest)) = rel_path.split_once('/')
            && let Some(id) = self.list.iter().position(|l| {
                same_code(&l.code, first) || (!l.prefix.is_empty() && l.prefix == first)
            })
        {
            let (_, inner) = self.of_suffix(rest);
            return (id, Cow::Owned(inner.into_owned()));
        }
        self.of_suffix(rel_path)
    }

    /// The suffix layout alone: `name.<code>.ext`.
    fn of_suffix<'a>(&self, rel_path: &'a str) -> (LanguageId, std::borrow::Cow<'a, str>) {
        use std::borrow::Cow;
        let (folder, file) = match rel_path.rsplit_once('/') {
            Some((folder, file)) => (Some(folder), file),
            None => (None, rel_path),
        };
        let Some((stem, extension)) = file.rsplit_once('.') else {
            return (DEFAULT, Cow::Borrowed(rel_path));
        };
        let Some((name, code)) = stem.rsplit_once('.') else {
            return (DEFAULT, Cow::Borrowed(rel_path));
        };
        if name.is_empty() {
            return (DEFAULT, Cow::Borrowed(rel_path));
        }
        // The code, or the language's output folder when it has another (`page.zh.md` for
        // `zh-Hans` published under `zh/`).
        let language = self.find(code).or_else(|| {
            self.list
                .iter()
                .position(|l| !l.prefix.is_empty() && l.prefix.eq_ignore_ascii_case(code))
        });
        match language {
            Some(id) => {
                let plain = match folder {
                    Some(folder) => format!("{folder}/{name}.{extension}"),
                    None => format!("{name}.{extension}"),
                };
                (id, Cow::Owned(plain))
            }
            None => (DEFAULT, Cow::Borrowed(rel_path)),
        }
    }

    /// Where the page at `path` (in the default language's tree) is published in language `id`:
    /// under its prefix.
    pub fn published_path(&self, id: LanguageId, path: &str) -> String {
        let prefix = &self.list[id].prefix;
        if prefix.is_empty() {
            path.to_string()
        } else if path.is_empty() {
            prefix.clone()
        } else {
            format!("{prefix}/{path}")
        }
    }
}

fn language(code: &str, config: &LanguageConfig, is_default: bool) -> Language {
    Language {
        code: code.to_string(),
        name: config
            .name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| builtin_name(code).to_string()),
        direction: config.direction.unwrap_or_else(|| direction_of(code)),
        prefix: match &config.prefix {
            Some(prefix) => prefix.trim_matches('/').to_string(),
            None if is_default => String::new(),
            None => code.to_string(),
        },
    }
}

fn same_code(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Whether `code` is a language tag as BCP 47 writes one: a primary subtag of 2–3 letters (or
/// 5–8), then subtags of 1–8 letters or digits, joined by `-`.
pub fn is_language_tag(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or("");
    let primary_ok =
        matches!(primary.len(), 2 | 3 | 5..=8) && primary.bytes().all(|b| b.is_ascii_alphabetic());
    primary_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Whether `prefix` can be an output folder: one plain name (or nothing).
pub fn is_prefix(prefix: &str) -> bool {
    let prefix = prefix.trim_matches('/');
    prefix.is_empty() || crate::url::is_folder_name(prefix)
}

/// Right to left for the scripts written so: Arabic, Hebrew, Persian, Urdu, Pashto, Sindhi,
/// Uyghur, Dhivehi, Yiddish, Central Kurdish.
fn direction_of(code: &str) -> Direction {
    let primary = code.split('-').next().unwrap_or("").to_ascii_lowercase();
    let rtl = [
        "ar", "he", "iw", "fa", "ur", "ps", "sd", "ug", "dv", "yi", "ckb",
    ];
    if rtl.contains(&primary.as_str()) || code.to_ascii_lowercase().contains("-arab") {
        Direction::Rtl
    } else {
        Direction::Ltr
    }
}

/// A language's name in itself, for the switcher; the code when it is not one of these.
pub fn builtin_name(code: &str) -> &str {
    let lower = code.to_ascii_lowercase();
    match lower.as_str() {
        "zh-hans" | "zh-cn" | "zh-sg" => "简体中文",
        "zh-hant" | "zh-tw" | "zh-hk" | "zh-mo" => "繁體中文",
        "pt-br" => "Português (Brasil)",
        "pt-pt" => "Português (Portugal)",
        _ => match lower.split('-').next().unwrap_or("") {
            "en" => "English",
            "zh" => "中文",
            "ja" => "日本語",
            "ko" => "한국어",
            "de" => "Deutsch",
            "fr" => "Français",
            "es" => "Español",
            "pt" => "Português",
            "it" => "Italiano",
            "nl" => "Nederlands",
            "pl" => "Polski",
            "ru" => "Русский",
            "uk" => "Українська",
            "tr" => "Türkçe",
            "sv" => "Svenska",
            "da" => "Dansk",
            "nb" | "no" => "Norsk",
            "fi" => "Suomi",
            "cs" => "Čeština",
            "hu" => "Magyar",
            "ro" => "Română",
            "el" => "Ελληνικά",
            "ar" => "العربية",
            "he" | "iw" => "עברית",
            "fa" => "فارسی",
            "ur" => "اردو",
            "hi" => "हिन्दी",
            "bn" => "বাংলা",
            "id" => "Bahasa Indonesia",
            "ms" => "Bahasa Melayu",
            "vi" => "Tiếng Việt",
            "th" => "ไทย",
            _ => code,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(codes: &[&str]) -> Languages {
        let configured = codes
            .iter()
            .map(|c| (c.to_string(), LanguageConfig::default()))
            .collect();
        Languages::new("en", &configured).unwrap()
    }

    #[test]
    fn a_file_says_its_language_by_suffix_or_folder() {
        let languages = site(&["en", "zh", "pt-BR"]);
        let of = |p| {
            let (id, key) = languages.of_path(p);
            (languages.list[id].code.clone(), key.into_owned())
        };
        assert_eq!(
            of("playbooks/lockout.md"),
            ("en".into(), "playbooks/lockout.md".into())
        );
        assert_eq!(
            of("playbooks/lockout.zh.md"),
            ("zh".into(), "playbooks/lockout.md".into())
        );
        assert_eq!(
            of("playbooks/lockout.en.md"),
            ("en".into(), "playbooks/lockout.md".into())
        );
        assert_eq!(
            of("zh/playbooks/lockout.md"),
            ("zh".into(), "playbooks/lockout.md".into())
        );
        assert_eq!(of("_index.pt-br.md"), ("pt-BR".into(), "_index.md".into()));
        assert_eq!(
            of("img/diagram.zh.png"),
            ("zh".into(), "img/diagram.png".into())
        );
        // A dot that names no language of the site is part of the name.
        assert_eq!(of("notes/v1.2.md"), ("en".into(), "notes/v1.2.md".into()));
        assert_eq!(of("archive.tar.gz"), ("en".into(), "archive.tar.gz".into()));
        assert_eq!(of(".zh.md"), ("en".into(), ".zh.md".into()));
    }

    #[test]
    fn one_language_leaves_names_alone() {
        let languages = Languages::single("en");
        assert_eq!(languages.of_path("lockout.zh.md").1, "lockout.zh.md");
        assert!(!languages.is_multilingual());
    }

    #[test]
    fn names_directions_and_prefixes_have_defaults() {
        let mut configured = BTreeMap::new();
        configured.insert("ar".to_string(), LanguageConfig::default());
        configured.insert(
            "zh-Hans".to_string(),
            LanguageConfig {
                name: Some("中文".into()),
                prefix: Some("cn/".into()),
                ..LanguageConfig::default()
            },
        );
        let languages = Languages::new("en", &configured).unwrap();
        let codes: Vec<_> = languages.list.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["en", "ar", "zh-Hans"]);
        assert_eq!(languages.list[0].prefix, "");
        assert_eq!(languages.list[1].direction, Direction::Rtl);
        assert_eq!(languages.list[1].name, "العربية");
        assert_eq!(languages.list[2].prefix, "cn");
        assert_eq!(
            languages.published_path(2, "playbooks/a.html"),
            "cn/playbooks/a.html"
        );
        // A file may name its language by its folder too.
        assert_eq!(languages.of_path("a.cn.md").0, 2);
        assert_eq!(languages.of_path("a.zh-hans.md").0, 2);
    }

    #[test]
    fn two_languages_under_one_folder_are_refused() {
        let mut configured = BTreeMap::new();
        configured.insert(
            "de".to_string(),
            LanguageConfig {
                prefix: Some("x".into()),
                ..LanguageConfig::default()
            },
        );
        configured.insert(
            "fr".to_string(),
            LanguageConfig {
                prefix: Some("x".into()),
                ..LanguageConfig::default()
            },
        );
        assert!(Languages::new("en", &configured).is_err());
    }

    #[test]
    fn language_tags_are_checked() {
        for good in ["en", "zh-Hans", "pt-BR", "sr-Latn-RS", "yue"] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in [
            "",
            "e",
            "english1",
            "zh_CN",
            "../x",
            "en-",
            "de-toolongsubtag",
        ] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}

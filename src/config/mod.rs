//! `dontpanic.toml`: the site's settings. Unknown keys are errors (a typo must not be silently
//! ignored); free-form data lives under `[extra]`. Knows nothing of pages.

pub mod foreign;
mod git_remote;
mod languages;
mod operations;
pub mod urls;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::positions::{self, Position, Positions};
use crate::diagnostic::serde_errors::toml_diagnostic;

pub use git_remote::git_origin;
pub use operations::{Contact, ReviewPolicy, Service, SeverityLevel, Team};

pub const FILE_NAME: &str = crate::sources::CONFIG_FILE;

/// The folder of the output that holds the generator's own files, unless `generated_prefix`
/// names another.
pub const DEFAULT_GENERATED_PREFIX: &str = "dontpanic";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Shown in the header and the browser tab.
    pub title: String,
    /// One line for the home page and meta tags.
    pub description: String,
    /// Where the site is published (`https://intranet/ops/runbooks/`): enables sitemap.xml.
    pub base_url: Option<String>,
    /// The `lang` attribute of every page of a site in one language.
    pub language: String,
    /// The language of pages that do not say theirs (no `.zh.md` suffix, no `zh/` folder): `en`
    /// when neither this nor `language` is set.
    pub default_language: Option<String>,
    /// `[languages.<code>]`: the languages of a site in several, each with its switcher name,
    /// direction and output folder. The resolved list is `Config::languages`.
    #[serde(rename = "languages")]
    pub language_table: BTreeMap<String, crate::languages::LanguageConfig>,
    /// The languages resolved from the keys above (the default first); set by `parse`.
    #[serde(skip)]
    pub languages: crate::languages::Languages,
    /// Folder under `themes/` whose files override the embedded default theme.
    pub theme: String,
    /// Output folder of `build`, relative to the site root.
    pub output_dir: String,
    /// The folder of the site root that holds the pages: `content`, or `docs` in a repository
    /// laid out for MkDocs, `src` for mdBook.
    pub content_dir: String,
    /// The folder of the output that holds the generator's own files (theme assets, search
    /// index, binder), so that no content name clashes with them.
    pub generated_prefix: String,
    /// The addresses another tool gave the pages, kept as redirects: `mkdocs`
    /// (`before/roles/`) or `hugo` (the same, lower case). Without a `dontpanic.toml`, the
    /// tool whose config is at the root.
    pub old_addresses: Option<OldAddresses>,
    /// Search settings: `[search.synonyms]`.
    pub search: SearchConfig,
    /// `[offline]`: the service worker that keeps a visited site working without a network.
    pub offline: OfflineConfig,
    /// `[markdown]`: how pages are rendered (raw HTML sanitised, or trusted).
    pub markdown: MarkdownConfig,
    /// `[[severity]]` levels, most severe first; pages' `severity` must name one when any exist.
    pub severity: Vec<SeverityLevel>,
    /// `[contacts.<id>]`: people a page's `owner` or `escalation` may name.
    pub contacts: BTreeMap<String, Contact>,
    /// `[teams.<id>]`: teams a page's `owner` or `escalation` may name.
    pub teams: BTreeMap<String, Team>,
    /// `[services.<id>]`: services a page's `services` must name when any exist.
    pub services: BTreeMap<String, Service>,
    /// `[review]`: default review periods per kind of page.
    pub review: ReviewPolicy,
    /// `[required_sections]`: per kind, the headings `check` asks for (`"trigger|symptom"`).
    pub required_sections: BTreeMap<String, Vec<String>>,
    /// The repository the site's sources live in (`https://github.com/org/runbooks`): every
    /// page gets an "Edit this page" link to its source file there.
    pub repo_url: Option<String>,
    /// The branch edits are made on.
    pub repo_branch: String,
    /// Where the site root sits inside the repository (`docs/ops`), when not at its top.
    pub repo_path: String,
    /// `[publish]`: whether the site is public, and the host it is published to.
    pub publish: Publish,
    /// `[limits]`: how big one page may be, how many broken links are printed per page.
    pub limits: Limits,
    /// `[alerts]`: the alerting rule files to check the runbooks against, and how loudly.
    pub alerts: AlertsConfig,
    /// Free-form values for custom templates.
    pub extra: serde_json::Value,
    /// The config of the tool the repository was built with before (MkDocs, Hugo, mdBook), when
    /// it is at the root: read once per build for its settings, Hugo's `params` (pages written
    /// for Hugo find their `{{< param >}}` values) and MkDocs' `nav` (the sidebar).
    #[serde(skip)]
    pub foreign: Option<foreign::Foreign>,
    /// The config file's text (scanned for secrets and search synonyms).
    #[serde(skip)]
    pub source: String,
    /// Where each key of the config file is written, as the parser read it: for problems found
    /// after parsing.
    #[serde(skip)]
    pub positions: Positions,
}

/// Whose page addresses a site keeps as redirects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OldAddresses {
    Mkdocs,
    Hugo,
}

impl OldAddresses {
    pub fn of_tool(tool: &str) -> Option<OldAddresses> {
        match tool {
            "mkdocs" => Some(OldAddresses::Mkdocs),
            "hugo" => Some(OldAddresses::Hugo),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            OldAddresses::Mkdocs => "mkdocs",
            OldAddresses::Hugo => "hugo",
        }
    }
}

/// How the built folder is published.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Publish {
    /// Runbooks are internal: unless this is true, every page asks search engines not to index
    /// it, `robots.txt` disallows everything, and no sitemap is written.
    pub public: bool,
    /// The host the folder is published to: `build` also writes the files it reads
    /// (redirects, cache headers, ...).
    pub host: Option<Host>,
    /// For `host = "nginx"`: the folder nginx serves the site from (default: the output folder).
    pub nginx_root: Option<String>,
}

/// Static hosts whose own conventions `build` can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Host {
    Netlify,
    Cloudflare,
    GithubPages,
    GitlabPages,
    S3,
    Nginx,
}

impl Host {
    pub const ALL: [&'static str; 6] = [
        "netlify",
        "cloudflare",
        "github-pages",
        "gitlab-pages",
        "s3",
        "nginx",
    ];

    pub fn parse(name: &str) -> Option<Host> {
        Some(match name {
            "netlify" => Host::Netlify,
            "cloudflare" => Host::Cloudflare,
            "github-pages" => Host::GithubPages,
            "gitlab-pages" => Host::GitlabPages,
            "s3" => Host::S3,
            "nginx" => Host::Nginx,
            _ => return None,
        })
    }
}

/// Bounds that keep one bad file from stalling a build or flooding the terminal.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// The largest page file read, in megabytes (a bigger one is an error).
    pub page_size_mb: u64,
    /// Broken links reported per page; the rest are counted in one last line.
    pub link_warnings_per_page: usize,
    /// Pages a `--single-file` copy holds at most (20,000 make a file of some 46 MB).
    pub single_file_pages: usize,
    /// Megabytes a `--single-file` copy may take, images and downloads included (each is
    /// carried in the file, a third bigger as base64).
    pub single_file_mb: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            page_size_mb: 10,
            link_warnings_per_page: 50,
            single_file_pages: 20_000,
            single_file_mb: 100,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Raw HTML in pages is kept as written, script and event handlers included. Off by
    /// default: one pull request could otherwise put script on the team's intranet origin.
    pub trust_raw_html: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OfflineConfig {
    /// Register a service worker (served over http or https only) that keeps a site visited
    /// once available without a network (which pages: `pipeline::offline`).
    pub service_worker: bool,
}

impl Default for OfflineConfig {
    fn default() -> Self {
        OfflineConfig {
            service_worker: true,
        }
    }
}

/// How loud a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AlertsConfig {
    /// Glob patterns of alert rule files, relative to the site root (may leave it:
    /// `../monitoring/**/*.yaml`).
    /// Each keeps where it was written in `dontpanic.toml`, for errors about the pattern.
    pub rules: Vec<toml::Spanned<String>>,
    /// `alert-without-runbook`: a rule whose alert no page answers.
    pub missing_runbook: Level,
    /// `runbook-url-broken`: a `runbook_url` that leads to no page of the site.
    pub broken_url: Level,
    /// `runbook-url-mismatch`: a `runbook_url` that leads to a page not listing the alert.
    pub url_mismatch: Level,
    /// `runbook-without-alert`: a page listing an alert no rule defines.
    pub unknown_alert: Level,
}

impl Default for AlertsConfig {
    fn default() -> Self {
        AlertsConfig {
            rules: Vec::new(),
            missing_runbook: Level::Warning,
            broken_url: Level::Error,
            url_mismatch: Level::Warning,
            unknown_alert: Level::Warning,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// The site's own vocabulary: a query for the key also finds each of its alternatives
    /// (`"5xx" = ["server error", "internal error"]`), in addition to the built-in groups.
    pub synonyms: std::collections::BTreeMap<String, Vec<String>>,
    /// Whether the built-in incident vocabulary (`src/search/vocabulary.toml`) is used.
    pub builtin_synonyms: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            synonyms: Default::default(),
            builtin_synonyms: true,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Don't Panic".into(),
            description: String::new(),
            base_url: None,
            language: "en".into(),
            default_language: None,
            language_table: BTreeMap::new(),
            languages: crate::languages::Languages::single("en"),
            theme: "default".into(),
            output_dir: "public".into(),
            content_dir: "content".into(),
            generated_prefix: DEFAULT_GENERATED_PREFIX.into(),
            old_addresses: None,
            search: SearchConfig::default(),
            offline: OfflineConfig::default(),
            markdown: MarkdownConfig::default(),
            severity: Vec::new(),
            contacts: BTreeMap::new(),
            teams: BTreeMap::new(),
            services: BTreeMap::new(),
            review: ReviewPolicy::default(),
            required_sections: BTreeMap::new(),
            publish: Publish::default(),
            repo_url: None,
            repo_branch: "main".into(),
            repo_path: String::new(),
            limits: Limits::default(),
            alerts: AlertsConfig::default(),
            extra: serde_json::Value::Object(Default::default()),
            foreign: None,
            source: String::new(),
            positions: Positions::default(),
        }
    }
}

const FIELDS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "default_language",
    "languages",
    "theme",
    "output_dir",
    "content_dir",
    "generated_prefix",
    "old_addresses",
    "search",
    "offline",
    "markdown",
    "severity",
    "contacts",
    "teams",
    "services",
    "review",
    "required_sections",
    "publish",
    "repo_url",
    "repo_branch",
    "repo_path",
    "limits",
    "extra",
];

impl Config {
    /// The path part of `base_url` (`/` or `/ops/runbooks/`): where the site is served on its
    /// host, for the 404 page and the hosts' redirect files. `None` without a `base_url`.
    pub fn base_path(&self) -> Option<String> {
        let rest = self.base_url.as_deref()?.split_once("://")?.1;
        Some(
            rest.find('/')
                .map_or_else(|| "/".into(), |i| rest[i..].to_string()),
        )
    }

    /// The address at which the source of the page at `content_path` (relative to the content
    /// folder) is edited in the repository: GitHub's and Gitea's `edit/BRANCH/PATH`, GitLab's
    /// `-/edit/BRANCH/PATH`, Bitbucket's `src/BRANCH/PATH?mode=edit`.
    pub fn edit_url(&self, content_path: &str) -> Option<String> {
        self.repository_address(true, &format!("{}/{content_path}", self.content_dir))
    }

    /// The address of the file at `repo_relative` (a path from the site root, `scripts/x.sh`)
    /// in the hosted repository, when the config names it.
    pub fn repository_file_url(&self, repo_relative: &str) -> Option<String> {
        self.repository_address(false, repo_relative)
    }

    fn repository_address(&self, edit: bool, site_relative: &str) -> Option<String> {
        let repo = self.repo_url.as_deref()?.trim_end_matches('/');
        let mut path: Vec<&str> = self
            .repo_path
            .split('/')
            .filter(|p| !p.is_empty())
            .collect();
        path.extend(site_relative.split('/').filter(|p| !p.is_empty()));
        let path = crate::url::encode_path(&path.join("/"));
        let branch = crate::url::encode_path(&self.repo_branch);
        let host = repo
            .split("://")
            .nth(1)
            .unwrap_or(repo)
            .split('/')
            .next()
            .unwrap_or("");
        let view = if edit { "edit" } else { "blob" };
        Some(if host.contains("gitlab") {
            format!("{repo}/-/{view}/{branch}/{path}")
        } else if host.contains("bitbucket") {
            let mode = if edit { "?mode=edit" } else { "" };
            format!("{repo}/src/{branch}/{path}{mode}")
        } else {
            format!("{repo}/{view}/{branch}/{path}")
        })
    }

    /// A value of `[extra]` as text (Hugo's `{{< param >}}` reads site parameters).
    pub fn param(&self, name: &str) -> Option<String> {
        // Hugo's parameter names are case-insensitive.
        let hugo = || {
            self.foreign
                .as_ref()?
                .params
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| value)
        };
        match self.extra.get(name).or_else(hugo)? {
            serde_json::Value::String(text) => Some(text.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            serde_json::Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// Takes another tool's settings (for a repository without a `dontpanic.toml`, whose
    /// config is `file`): an address no link may have is left out, with an error at its line.
    pub fn take_foreign(&mut self, foreign: &foreign::Foreign, file: &Path) -> Vec<Diagnostic> {
        if let Some(title) = &foreign.title {
            self.title = title.clone();
        }
        if let Some(description) = &foreign.description {
            self.description = description.clone();
        }
        let addresses = urls::foreign(foreign, file);
        if addresses.base_url.is_some() {
            self.base_url = addresses.base_url;
        }
        if addresses.repo_url.is_some() {
            self.repo_url = addresses.repo_url;
        }
        self.old_addresses = OldAddresses::of_tool(foreign.tool);
        languages::take_foreign(self, foreign);
        let folder = foreign.content_dir.trim_end_matches('/');
        if !folder.is_empty() && !folder.contains(['/', '\\']) && !folder.starts_with('.') {
            self.content_dir = folder.to_string();
        }
        addresses.problems
    }

    /// The name of the contact or team with this id.
    pub fn person_name(&self, id: &str) -> Option<&str> {
        self.contacts
            .get(id)
            .map(|c| c.name.as_str())
            .or_else(|| self.teams.get(id).map(|t| t.name.as_str()))
    }

    /// Parses the text of a config file; `path` is only used to name it in diagnostics. A file
    /// that does not read is one error; a config that reads comes with the errors about
    /// addresses no link may have (`urls`), which are left out of it.
    pub fn parse(path: &Path, text: &str) -> Result<(Config, Vec<Diagnostic>), Diagnostic> {
        let (mut config, positions) = positions::parse_toml::<Config>(text)
            .map_err(|e| toml_diagnostic(path, text, 0, &e, FIELDS))?;
        config.source = text.to_string();
        config.positions = positions;
        // Every key read from the file has a position; the top of the file is only a guard.
        let at = |positions: &Positions, key: &str| {
            positions
                .key(&[key])
                .unwrap_or(Position { line: 1, column: 1 })
        };
        let prefix = config.generated_prefix.trim_matches('/');
        if !crate::url::is_folder_name(prefix) {
            let at = at(&config.positions, "generated_prefix");
            return Err(Diagnostic::error(
                path,
                at.line,
                at.column,
                format!(
                    "generated_prefix '{}' is not one folder name",
                    config.generated_prefix
                ),
            )
            .with_hint("use letters, digits, '-' or '_', e.g. generated_prefix = \"dontpanic\""));
        }
        config.generated_prefix = prefix.to_string();
        let content = config.content_dir.trim_matches('/');
        let reserved = [
            config.output_dir.as_str(),
            crate::sources::STATIC_DIR,
            crate::sources::THEMES_DIR,
            ".",
        ];
        if content.is_empty()
            || content.contains(['/', '\\'])
            || content.starts_with('.')
            || reserved.contains(&content)
        {
            let at = at(&config.positions, "content_dir");
            return Err(Diagnostic::error(
                path,
                at.line,
                at.column,
                format!("content_dir '{}' is not one folder of the site root", config.content_dir),
            )
            .with_hint("name one folder beside dontpanic.toml, e.g. content_dir = \"docs\" (not static, themes or the output folder)"));
        }
        config.content_dir = content.to_string();
        config.languages = languages::resolve(path, &config)?;
        let problems = urls::check(path, &mut config);
        Ok((config, problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_come_from_the_table_the_default_first() {
        let (config, _) = Config::parse(
            Path::new("dontpanic.toml"),
            "default_language = \"en\"\n[languages.zh]\nname = \"中文\"\n[languages.ar]\n",
        )
        .unwrap();
        let codes: Vec<&str> = config
            .languages
            .list
            .iter()
            .map(|l| l.code.as_str())
            .collect();
        assert_eq!(codes, ["en", "ar", "zh"]);
        assert_eq!(config.languages.list[2].name, "中文");
        let error = Config::parse(
            Path::new("dontpanic.toml"),
            "title = \"x\"\n[languages.\"zh_CN\"]\n",
        )
        .unwrap_err();
        assert_eq!(
            (error.line, error.message.as_str()),
            (2, "[languages.zh_CN]: 'zh_CN' is not a language code")
        );
        // Without the table, `language` keeps its meaning.
        let (config, _) = Config::parse(Path::new("x"), "language = \"de\"\n").unwrap();
        assert_eq!(config.languages, crate::languages::Languages::single("de"));
    }

    #[test]
    fn missing_keys_take_defaults() {
        let (config, problems) =
            Config::parse(Path::new("dontpanic.toml"), "title = \"Ops\"\n").unwrap();
        assert!(problems.is_empty());
        assert_eq!(config.title, "Ops");
        assert_eq!(config.output_dir, "public");
        assert_eq!(config.base_url, None);
    }

    #[test]
    fn unknown_key_names_line_and_suggestion() {
        let error = Config::parse(
            Path::new("dontpanic.toml"),
            "title = \"Ops\"\nbase_ulr = \"x\"\n",
        )
        .unwrap_err();
        assert_eq!(error.line, 2);
        assert_eq!(error.message, "unknown field 'base_ulr'");
        assert_eq!(error.hint.as_deref(), Some("did you mean 'base_url'?"));
    }

    #[test]
    fn base_url_gets_one_trailing_slash() {
        let (config, _) = Config::parse(
            Path::new("x"),
            "base_url = \"https://ops.example.com/runbooks//\"",
        )
        .unwrap();
        assert_eq!(
            config.base_url.as_deref(),
            Some("https://ops.example.com/runbooks/")
        );
    }
}

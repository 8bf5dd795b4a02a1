//! The site's config as one run sees it: `dontpanic.toml` (or another tool's settings), the
//! clone's origin, and the command line laid over them. Read once per build and handed down to
//! the stages; nothing else in the pipeline reads the config file.

use std::path::Path;

use super::{BuildOptions, shown};
use crate::config::{self, Config};
use crate::content;
use crate::diagnostic::Diagnostic;

/// The config a build uses, and what was wrong with it (a config with errors gives way to the
/// defaults, so that the build still reports everything else).
#[derive(Debug, Clone)]
pub struct Configured {
    pub config: Config,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the config at `options.root` and lays the command line's `--base-url`, `--host` and
/// `--content` over it.
pub fn configure(options: &BuildOptions) -> Configured {
    let (mut config, mut diagnostics) =
        load_config(&options.root).unwrap_or_else(|d| (Config::default(), vec![d]));
    if let Some(base_url) = &options.base_url {
        let text = format!("base_url = {}", toml::Value::String(base_url.clone()));
        match Config::parse(Path::new("--base-url"), &text) {
            Ok((parsed, problems)) => {
                config.base_url = parsed.base_url;
                diagnostics.extend(problems);
            }
            Err(d) => diagnostics.push(d),
        }
    }
    if options.host.is_some() {
        config.publish.host = options.host;
    }
    if let Some(content) = &options.content {
        config.content_dir = content.clone();
    }
    Configured {
        config,
        diagnostics,
    }
}

/// The site's config, and the errors about addresses in it that no link may have (left out of
/// it); `Err` when the file does not read.
pub fn load_config(root: &Path) -> Result<(Config, Vec<Diagnostic>), Diagnostic> {
    let foreign = config::foreign::detect(root);
    let path = root.join(config::FILE_NAME);
    let shown = shown(root, config::FILE_NAME);
    let (mut config, problems) = match crate::files::read(&path) {
        Ok(bytes) => {
            let text = content::decode_text(&shown, bytes)?;
            Config::parse(&shown, &text)?
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // Without one, a repository built by another tool keeps that tool's settings.
            let mut config = Config::default();
            let problems = match &foreign {
                Some(foreign) => config.take_foreign(foreign, &super::shown(root, &foreign.file)),
                None => Vec::new(),
            };
            (config, problems)
        }
        Err(e) => return Err(Diagnostic::error(shown, 0, 0, format!("cannot read: {e}"))),
    };
    config.foreign = foreign;
    // Another tool's settings may name the site's one language.
    if config.language_table.is_empty() && config.default_language.is_none() {
        config.languages = crate::languages::Languages::single(&config.language);
    }
    if config.repo_url.is_none()
        && let Some((url, branch)) = config::git_origin(root)
    {
        config.repo_url = Some(url);
        if let Some(branch) = branch {
            config.repo_branch = branch;
        }
    }
    Ok((config, problems))
}

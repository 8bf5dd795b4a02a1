//! Which files an include may paste into a page: only what the site could publish itself.
//! Never anything outside the site's root (links resolved), never a hidden file or a file in
//! a hidden folder (`.git/config` holds a checkout's credentials, `.env` a service's), and
//! never a path that the repository's ignore rules keep out of git (`.gitignore` files from
//! the root down, and `.git/info/exclude`, read as git reads them).

use std::path::{Path, PathBuf};

use ignore::gitignore::{Gitignore, GitignoreBuilder};

/// Why a file may not be included, said to the page's author.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Not found inside the root (or found only outside it).
    Missing,
    /// The file, or a folder on its way, is hidden.
    Hidden(String),
    /// The repository's ignore rules exclude it (the file that says so, from the root).
    Ignored(PathBuf),
}

/// The file `name` stands for, looked for from each of `bases` in turn, when it may be read.
pub fn allowed(root: &Path, bases: &[&Path], name: &str) -> Result<PathBuf, Refusal> {
    let root = root.canonicalize().map_err(|_| Refusal::Missing)?;
    let path = bases
        .iter()
        .filter_map(|base| base.join(name).canonicalize().ok())
        .find(|path| path.starts_with(&root) && path.is_file())
        .ok_or(Refusal::Missing)?;
    let rel = path.strip_prefix(&root).map_err(|_| Refusal::Missing)?;
    // The name as written may hide a dot behind a link: the resolved path decides.
    if let Some(hidden) = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .find(|part| part.starts_with('.'))
    {
        return Err(Refusal::Hidden(hidden.into_owned()));
    }
    if let Some(rule_file) = ignored_by(&root, rel) {
        let shown = rule_file.strip_prefix(&root).unwrap_or(&rule_file);
        return Err(Refusal::Ignored(shown.to_path_buf()));
    }
    Ok(path)
}

/// The ignore file whose rules exclude `rel` (a file under `root`), as git decides: each
/// folder's `.gitignore` from the root down, a deeper one overriding, a `!pattern` taking a
/// file back, and a file in an excluded folder staying excluded.
fn ignored_by(root: &Path, rel: &Path) -> Option<PathBuf> {
    // Git never looks inside a folder it ignores: a `!file` rule cannot take back a file whose
    // folder is excluded (`secrets/` then `!secrets/ok.md` still excludes it). So each folder on
    // the way is judged first, from the root down, then the file.
    let parts: Vec<_> = rel.components().collect();
    let mut rule_files = vec![root.join(".git/info/exclude"), root.join(".gitignore")];
    let mut matchers: Vec<(PathBuf, Gitignore)> = Vec::new();
    let take_rules = |rule_files: &mut Vec<PathBuf>, matchers: &mut Vec<(PathBuf, Gitignore)>| {
        for rule_file in rule_files.drain(..).filter(|f| f.is_file()) {
            if let Some(matcher) = matcher(&rule_file, root) {
                matchers.push((rule_file, matcher));
            }
        }
    };
    let mut path = root.to_path_buf();
    for (i, part) in parts.iter().enumerate() {
        take_rules(&mut rule_files, &mut matchers);
        path.push(part);
        let is_dir = i + 1 < parts.len();
        // The rule files apply in order, a deeper one overriding: the last that matches decides.
        let mut verdict: Option<&PathBuf> = None;
        for (rule_file, matcher) in &matchers {
            let found = matcher.matched(&path, is_dir);
            if found.is_ignore() {
                verdict = Some(rule_file);
            } else if found.is_whitelist() {
                verdict = None;
            }
        }
        if let Some(rule_file) = verdict {
            return Some(rule_file.clone());
        }
        if is_dir {
            rule_files.push(path.join(".gitignore"));
        }
    }
    None
}

/// The rules of one ignore file; `.git/info/exclude` applies from the root.
fn matcher(rule_file: &Path, root: &Path) -> Option<Gitignore> {
    let base = if rule_file.ends_with(".git/info/exclude") {
        root
    } else {
        rule_file.parent()?
    };
    let mut builder = GitignoreBuilder::new(base);
    // A line git would not understand is skipped, as git skips it.
    let _ = builder.add(rule_file);
    builder.build().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn hidden_and_ignored_files_are_refused_and_others_read() {
        let dir = tree(&[
            (
                ".git/config",
                "[http]\n\textraheader = AUTHORIZATION: basic eDp5\n",
            ),
            (".env", "TOKEN=1"),
            ("ops/.secrets/db.md", "x"),
            (".gitignore", "*.local.md\nbuild/\n!keep.local.md\n"),
            ("notes.local.md", "x"),
            ("keep.local.md", "x"),
            ("build/out.md", "x"),
            ("ops/.gitignore", "private.md\n"),
            ("ops/private.md", "x"),
            ("ops/public.md", "x"),
        ]);
        let root = dir.path();
        let allowed = |name: &str| allowed(root, &[root], name);
        assert_eq!(allowed(".git/config"), Err(Refusal::Hidden(".git".into())));
        assert_eq!(allowed(".env"), Err(Refusal::Hidden(".env".into())));
        assert_eq!(
            allowed("ops/.secrets/db.md"),
            Err(Refusal::Hidden(".secrets".into()))
        );
        assert!(matches!(
            allowed("notes.local.md"),
            Err(Refusal::Ignored(_))
        ));
        assert!(matches!(allowed("build/out.md"), Err(Refusal::Ignored(_))));
        assert!(
            matches!(allowed("ops/private.md"), Err(Refusal::Ignored(f)) if f.ends_with("ops/.gitignore"))
        );
        assert!(allowed("keep.local.md").is_ok());
        assert!(allowed("ops/public.md").is_ok());
        assert_eq!(allowed("ops/../../x"), Err(Refusal::Missing));
    }

    #[test]
    fn a_file_cannot_be_taken_back_from_an_ignored_folder() {
        let dir = tree(&[
            (
                ".gitignore",
                "secrets/\n!secrets/ok.md\n**/private/**\nbuild/*\n!build/keep.md\n",
            ),
            ("secrets/ok.md", "x"),
            ("a/private/b/p.md", "x"),
            ("build/keep.md", "x"),
            ("build/other.md", "x"),
        ]);
        let root = dir.path();
        let allowed = |name: &str| allowed(root, &[root], name);
        // As git: the folder is excluded, so nothing in it comes back...
        assert!(matches!(allowed("secrets/ok.md"), Err(Refusal::Ignored(_))));
        assert!(matches!(
            allowed("a/private/b/p.md"),
            Err(Refusal::Ignored(_))
        ));
        assert!(matches!(
            allowed("build/other.md"),
            Err(Refusal::Ignored(_))
        ));
        // ...but `build/*` excludes the files, not the folder, so one can be taken back.
        assert!(allowed("build/keep.md").is_ok());
    }

    #[test]
    fn a_link_to_a_hidden_file_is_refused() {
        let dir = tree(&[(".git/config", "secret")]);
        std::os::unix::fs::symlink(dir.path().join(".git/config"), dir.path().join("notes.md"))
            .unwrap();
        assert_eq!(
            allowed(dir.path(), &[dir.path()], "notes.md"),
            Err(Refusal::Hidden(".git".into()))
        );
    }
}

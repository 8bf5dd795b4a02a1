//! Where the site's repository is hosted, read from the clone itself: the `origin` remote of
//! `.git/config` and the branch checked out. Supplies the config's `repo_url` and
//! `repo_branch` when `dontpanic.toml` leaves them out; knows nothing else of the config.

use std::path::Path;

/// The web address of the repository the site root is a clone of (its `origin` remote), and
/// the branch checked out, so that links to the repository's own files and "Edit this page"
/// work without a `repo_url`. `None` for a folder that is not a clone's top, or a remote that
/// is not a web host (a local path).
pub fn git_origin(root: &Path) -> Option<(String, Option<String>)> {
    let git = root.join(".git");
    let config = std::fs::read_to_string(git.join("config")).ok()?;
    let mut in_origin = false;
    let mut url = None;
    for line in config.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_origin = line.replace(' ', "") == "[remote\"origin\"]";
            continue;
        }
        if in_origin
            && let Some((key, value)) = line.split_once('=')
            && key.trim() == "url"
        {
            url = Some(value.trim().to_string());
            break;
        }
    }
    let web = web_address(&url?)?;
    let branch = std::fs::read_to_string(git.join("HEAD"))
        .ok()
        .and_then(|head| {
            head.trim()
                .strip_prefix("ref: refs/heads/")
                .map(str::to_string)
        });
    Some((web, branch))
}

/// `git@github.com:acme/ops.git`, `ssh://git@host:22/acme/ops.git` or
/// `https://user@host/acme/ops.git` → `https://host/acme/ops`.
fn web_address(remote: &str) -> Option<String> {
    let (host, path) = if let Some(rest) = remote
        .strip_prefix("https://")
        .or_else(|| remote.strip_prefix("http://"))
        .or_else(|| remote.strip_prefix("ssh://"))
        .or_else(|| remote.strip_prefix("git://"))
    {
        let (authority, path) = rest.split_once('/')?;
        let host = authority.rsplit('@').next()?;
        let host = host.split(':').next()?;
        (host.to_string(), path.to_string())
    } else {
        // scp-like: user@host:path
        let (user_host, path) = remote.split_once(':')?;
        if user_host.contains('/') || !user_host.contains('@') {
            return None;
        }
        (user_host.rsplit('@').next()?.to_string(), path.to_string())
    };
    let path = path.trim_matches('/').trim_end_matches(".git");
    if host.is_empty() || !host.contains('.') || path.is_empty() {
        return None;
    }
    Some(format!("https://{host}/{path}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clone_s_origin_gives_the_repository_s_web_address() {
        for (remote, web) in [
            (
                "git@github.com:acme/ops.git",
                Some("https://github.com/acme/ops"),
            ),
            (
                "ssh://git@gitlab.example.com:2222/team/run/books.git",
                Some("https://gitlab.example.com/team/run/books"),
            ),
            (
                "https://token@github.com/acme/ops",
                Some("https://github.com/acme/ops"),
            ),
            ("/srv/git/ops.git", None),
            ("../ops", None),
        ] {
            assert_eq!(web_address(remote).as_deref(), web, "{remote}");
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        std::fs::write(dir.path().join(".git/config"), "[core]\n\tbare = false\n[remote \"upstream\"]\n\turl = git@github.com:other/x.git\n[remote \"origin\"]\n\turl = git@github.com:acme/ops.git\n").unwrap();
        std::fs::write(dir.path().join(".git/HEAD"), "ref: refs/heads/trunk\n").unwrap();
        assert_eq!(
            git_origin(dir.path()),
            Some(("https://github.com/acme/ops".into(), Some("trunk".into())))
        );
    }
}

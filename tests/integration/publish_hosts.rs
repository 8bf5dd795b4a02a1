//! The files `build --host` writes for each static host, read back the way that host documents
//! them: `_redirects` lines of `from to status`, `_headers` blocks of a path and indented
//! headers, S3 routing rules as JSON, `.nojekyll` for GitHub Pages, nginx's own syntax check.

use super::harness::Site;

fn site() -> Site {
    Site::with(&[
        ("content/_index.md", "# Ops\n"),
        (
            "content/runbooks/disk-full.md",
            "+++\ntitle = \"Disk full\"\naliases = [\"old/disk/\", \"disk.html\"]\nalerts = [\"DiskAlmostFull\"]\n+++\n\nText.\n",
        ),
    ])
}

fn build(site: &Site, host: &str) {
    let run = site.run(&[
        "build",
        "--host",
        host,
        "--base-url",
        "https://ops.example.com/runbooks/",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// `_redirects` as Netlify, Cloudflare Pages and GitLab Pages parse it.
fn parse_redirects(text: &str) -> Vec<(String, String, u16)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(fields.len(), 3, "from, to, status: {line}");
            assert!(
                fields[0].starts_with('/') && fields[1].starts_with('/'),
                "{line}"
            );
            (
                fields[0].to_string(),
                fields[1].to_string(),
                fields[2].parse().expect("a status code"),
            )
        })
        .collect()
}

#[test]
fn netlify_and_cloudflare_get_redirects_and_headers() {
    for host in ["netlify", "cloudflare"] {
        let site = site();
        build(&site, host);
        let rules = parse_redirects(&site.output("_redirects"));
        let target = "/runbooks/runbooks/disk-full.html";
        for from in [
            "/runbooks/old/disk/",
            "/runbooks/old/disk",
            "/runbooks/disk.html",
            "/runbooks/alerts/DiskAlmostFull/",
        ] {
            assert!(
                rules.contains(&(from.to_string(), target.to_string(), 301)),
                "{host}: {from} in {rules:?}"
            );
        }
        // `_headers`: a path line, then indented `Name: value` lines.
        let headers = site.output("_headers");
        let mut blocks: Vec<(String, Vec<(String, String)>)> = Vec::new();
        for line in headers
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            if line.starts_with(' ') {
                let (name, value) = line.trim().split_once(": ").expect("Name: value");
                blocks
                    .last_mut()
                    .unwrap()
                    .1
                    .push((name.into(), value.into()));
            } else {
                assert!(line.starts_with('/'), "{line}");
                blocks.push((line.to_string(), Vec::new()));
            }
        }
        let assets = blocks
            .iter()
            .find(|(path, _)| path == "/runbooks/dontpanic/assets/*")
            .expect("a rule for the theme's files");
        assert!(
            assets
                .1
                .iter()
                .any(|(n, v)| n == "Cache-Control" && v.contains("immutable"))
        );
    }
}

#[test]
fn gitlab_pages_gets_redirects_and_github_pages_no_jekyll() {
    let site = site();
    build(&site, "gitlab-pages");
    assert!(!parse_redirects(&site.output("_redirects")).is_empty());
    assert!(!site.has_output("_headers"));
    build(&site, "github-pages");
    assert!(site.has_output(".nojekyll"));
    assert!(
        !site.has_output("_redirects"),
        "GitHub Pages reads no redirects file"
    );
    assert!(
        site.output("old/disk/index.html")
            .contains("url=../../runbooks/disk-full.html")
    );
}

#[test]
fn s3_gets_routing_rules_that_parse() {
    let site = site();
    build(&site, "s3");
    let rules: serde_json::Value =
        serde_json::from_str(&site.output("dontpanic/host/s3-routing-rules.json")).unwrap();
    let rules = rules.as_array().unwrap();
    assert!(rules.len() <= 50, "S3 takes at most 50 rules");
    assert!(
        rules
            .iter()
            .any(|r| r["Condition"]["KeyPrefixEquals"] == "old/disk/"
                && r["Redirect"]["ReplaceKeyWith"] == "runbooks/disk-full.html"
                && r["Redirect"]["HttpRedirectCode"] == "301")
    );
}

#[test]
fn the_nginx_config_passes_nginx_own_check() {
    let site = site();
    build(&site, "nginx");
    let conf = site.root().join("public/dontpanic/host/nginx.conf");
    let text = std::fs::read_to_string(&conf).unwrap();
    assert!(text.contains(
        "location = /runbooks/old/disk/ { return 301 /runbooks/runbooks/disk-full.html; }"
    ));
    let work = tempfile::tempdir().unwrap();
    let main = work.path().join("nginx.conf");
    std::fs::write(
        &main,
        format!(
            "pid {0}/nginx.pid;\nerror_log {0}/error.log;\nevents {{}}\nhttp {{ server {{ listen 127.0.0.1:1; include {1}; }} }}\n",
            work.path().display(),
            conf.display()
        ),
    )
    .unwrap();
    let nginx = ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .expect("nginx is installed (scripts/test installs it)");
    let check = std::process::Command::new(nginx)
        .args(["-t", "-c"])
        .arg(&main)
        .arg("-p")
        .arg(work.path())
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn an_unknown_host_is_a_usage_error() {
    let site = site();
    let run = site.run(&["build", "--host", "geocities"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("netlify, cloudflare, github-pages"),
        "{}",
        run.stderr
    );
}

#[test]
fn pages_link_to_their_source_when_the_repository_is_named() {
    let site = site();
    site.build_ok();
    assert!(
        !site
            .output("runbooks/disk-full.html")
            .contains("Edit this page")
    );
    site.write(
        "dontpanic.toml",
        "repo_url = \"https://github.com/acme/ops/\"\nrepo_path = \"docs/site\"\n",
    );
    site.build_ok();
    assert!(site.output("runbooks/disk-full.html").contains(
        "<a href=\"https://github.com/acme/ops/edit/main/docs/site/content/runbooks/disk-full.md\" rel=\"noopener\">Edit this page</a>"
    ));
    assert!(
        site.output("index.html")
            .contains("edit/main/docs/site/content/_index.md")
    );
    assert!(!site.output("404.html").contains("Edit this page"));
    site.write(
        "dontpanic.toml",
        "repo_url = \"https://gitlab.example.com/acme/ops\"\nrepo_branch = \"trunk\"\n",
    );
    site.build_ok();
    assert!(site.output("runbooks/disk-full.html").contains(
        "https://gitlab.example.com/acme/ops/-/edit/trunk/content/runbooks/disk-full.md"
    ));
}

/// Paths from content are written in each host file's own form. `_redirects` (Netlify,
/// Cloudflare Pages, GitLab Pages) splits lines at spaces and reads `*` as a splat, so every
/// path is percent-encoded there; an alias copied from an address bar
/// (`old%20name/`) is the address it names, not a folder called `old%20name`.
#[test]
fn redirect_files_encode_every_path_from_content() {
    let site = Site::with(&[
        ("content/_index.md", "# Ops\n"),
        (
            "content/runbooks/disk full.md",
            "+++\ntitle = \"Disk full\"\naliases = [\"docs/old page/\", \"docs/old%20name/\", \"Ärger/\", \"wild*card/\", \"100%/\"]\nalerts = [\"Disk Full\"]\n+++\n\nText.\n",
        ),
    ]);
    for host in ["netlify", "gitlab-pages"] {
        build(&site, host);
        let rules = parse_redirects(&site.output("_redirects"));
        let target = "/runbooks/runbooks/disk%20full.html";
        for from in [
            "/runbooks/docs/old%20page/",
            "/runbooks/docs/old%20name/",
            "/runbooks/%C3%84rger/",
            "/runbooks/wild%2Acard/",
            "/runbooks/100%25/",
            "/runbooks/alerts/Disk%20Full/",
        ] {
            assert!(
                rules.contains(&(from.to_string(), target.to_string(), 301)),
                "{host}: {from} in {rules:?}"
            );
        }
        for (from, to, _) in &rules {
            assert!(
                !from.contains(['*', ':', ' ']) && !to.contains(['*', ':', ' ']),
                "{host}: {from} {to}"
            );
        }
    }
    // The HTML redirect pages are where those addresses lead on any host.
    assert!(site.has_output("docs/old name/index.html"));
    assert!(!site.has_output("docs/old%20name/index.html"));
}

/// What no old address can hold is an error at the page's `aliases` line, with the reason.
#[test]
fn aliases_that_no_address_can_be_are_errors() {
    for (alias, reason) in [
        ("old?x=1/", "holds '?' or '#'"),
        ("old#part", "holds '?' or '#'"),
        ("old\\\\page/", "holds a backslash"),
        ("old\\npage/", "holds a control character"),
        ("old%0Apage/", "holds a control character"),
    ] {
        let site = Site::with(&[
            ("content/_index.md", "# Ops\n"),
            (
                "content/disk.md",
                &format!("+++\ntitle = \"Disk\"\naliases = [\"{alias}\"]\n+++\nText.\n"),
            ),
        ]);
        let run = site.run(&["build", "--host", "netlify"]);
        assert_eq!(run.code, 1, "{alias}: {}", run.stderr);
        assert!(
            run.stderr.contains("content/disk.md:3:1: error: alias '")
                && run.stderr.contains(reason),
            "{alias}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_dollar_in_the_folder_or_path_nginx_serves_is_refused() {
    for config in [
        "[publish]\nhost = \"nginx\"\nnginx_root = \"/srv/run$books\"\n",
        "base_url = \"https://intranet.example.com/ops$/\"\n[publish]\nhost = \"nginx\"\n",
    ] {
        let site = Site::with(&[("dontpanic.toml", config), ("content/index.md", "# Home\n")]);
        let build = site.build();
        assert_eq!(build.code, 1, "{config}: {}", build.stderr);
        assert!(
            build
                .stderr
                .contains("holds a '$', which nginx reads as a variable"),
            "{}",
            build.stderr
        );
        assert!(!site.has_output("index.html"), "nothing is written");
    }
}

//! What a static host reads besides the site: real HTTP redirects for aliases and alert
//! addresses, cache headers, and switches such as GitHub Pages' `.nojekyll`. Each file is made
//! from the site model alone (paths, redirects, base URL); the writer writes them.
//!
//! Caching follows one rule everywhere: the theme's files carry a version in their address
//! (`style.css?v=…`, see `BuildInfo::assets`), so hosts may keep them for a year; everything
//! else (pages, the search index, the service worker) is revalidated on every visit, so a
//! changed runbook is never served stale.

use std::path::Path;

use crate::config::Host;
use crate::site::Site;
use crate::site::url::{decode_path, encode_path};

/// Cache-Control for the theme's versioned files.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Cache-Control for everything else: use a copy only after asking whether it changed.
pub const REVALIDATE: &str = "no-cache";

/// The files `host` reads, as (output path, text). `output` is where the folder is written
/// (for nginx, which needs the folder's place on disk unless the config names it).
pub fn files(
    site: &Site,
    host: Host,
    output: &Path,
) -> Result<Vec<(String, String)>, crate::diagnostic::Diagnostic> {
    let paths = &site.paths;
    if host == Host::Nginx {
        nginx_paths_are_literal(site, output)?;
    }
    Ok(match host {
        Host::Netlify | Host::Cloudflare => vec![
            (paths.host_redirects.clone(), redirects_file(site)),
            (paths.host_headers.clone(), headers_file(site)),
        ],
        Host::GitlabPages => vec![(paths.host_redirects.clone(), redirects_file(site))],
        // Without it, GitHub Pages runs Jekyll, which drops files and folders starting with `_`.
        Host::GithubPages => vec![(paths.no_jekyll.clone(), String::new())],
        Host::S3 => vec![(
            format!("{}s3-routing-rules.json", paths.host_dir),
            s3_routing_rules(site),
        )],
        Host::Nginx => vec![(
            format!("{}nginx.conf", paths.host_dir),
            nginx_conf(site, output),
        )],
    })
}

/// nginx reads `$` in `alias` and `error_page` as the start of a variable, quoted or not, and
/// has no escape for it: a folder or address path with one would serve something else, or
/// stop nginx from starting. Refused, with where it comes from.
fn nginx_paths_are_literal(
    site: &Site,
    output: &Path,
) -> Result<(), crate::diagnostic::Diagnostic> {
    let root = site.config.publish.nginx_root.clone().unwrap_or_else(|| {
        std::path::absolute(output)
            .unwrap_or_default()
            .display()
            .to_string()
    });
    let (what, value, key) = if root.contains('$') {
        ("folder", root, "[publish] nginx_root")
    } else if base_path(site).contains('$') {
        ("address path", base_path(site), "base_url")
    } else {
        return Ok(());
    };
    Err(crate::diagnostic::Diagnostic::error(
        crate::config::FILE_NAME,
        0,
        0,
        format!(
            "the site's {what} {value} holds a '$', which nginx reads as a variable in alias and error_page"
        ),
        )
        .with_hint(format!("choose a {what} without '$' ({key})"))
        .with_code("nginx-path"))
}

/// The path the site is served under, decoded: `/` or `/ops/runbooks/`, from `base_url`.
///
/// Every path in here is kept decoded (the file's own name, as the site model has it) and
/// written out in each host's own form: nginx matches `location` against the decoded URI, so
/// it gets the path itself, quoted; `_redirects` lines are split at spaces and match the
/// address as sent, so they get it percent-encoded.
fn base_path(site: &Site) -> String {
    decode_path(&site.config.base_path().unwrap_or_else(|| "/".into()))
}

/// Every redirect as (address asked for, address of the page), both decoded paths from the
/// host's root. An alias `old/deep/index.html` is asked for as `old/deep/` and
/// `old/deep/index.html` (and `old/deep` without the slash).
fn redirect_pairs(site: &Site) -> Vec<(String, String)> {
    let base = base_path(site);
    let mut pairs = Vec::new();
    for (path, id) in &site.redirects {
        let target = format!("{base}{}", site.pages[*id].url);
        let from = format!("{base}{path}");
        if let Some(folder) = from.strip_suffix("index.html") {
            pairs.push((folder.to_string(), target.clone()));
            if let Some(bare) = folder.strip_suffix('/').filter(|b| !b.is_empty()) {
                pairs.push((bare.to_string(), target.clone()));
            }
        }
        pairs.push((from, target));
    }
    pairs
}

/// `_redirects` as Netlify, Cloudflare Pages and GitLab Pages read it: `from to 301`, one per
/// line, first match wins.
fn redirects_file(site: &Site) -> String {
    let mut text =
        String::from("# Written by dontpanic build: old addresses and alert addresses.\n");
    for (from, to) in redirect_pairs(site) {
        text.push_str(&format!(
            "{} {} 301\n",
            redirects_path(&from),
            redirects_path(&to)
        ));
    }
    text
}

/// A path as one field of a `_redirects` line: percent-encoded, so no space, `#` or non-ASCII
/// letter splits or ends it, and with `*` encoded too, since these hosts read a bare one as a
/// splat that matches anything (`:` starts a placeholder, and `encode_path` encodes it already).
fn redirects_path(path: &str) -> String {
    encode_path(path).replace('*', "%2A")
}

/// `_headers` as Netlify and Cloudflare Pages read it: a path pattern, then indented headers.
/// Both hosts apply every rule that matches, so the rules do not overlap on Cache-Control: their
/// default for everything else already revalidates (`max-age=0, must-revalidate`).
fn headers_file(site: &Site) -> String {
    let base = redirects_path(&base_path(site));
    format!(
        "# Written by dontpanic build. The theme's files carry their version in their address and\n\
         # may be kept for a year; everything else keeps the host's default, checked on every visit.\n\
         {base}*\n  X-Content-Type-Options: nosniff\n\
         {base}{}*\n  Cache-Control: {IMMUTABLE}\n",
        site.paths.theme_file("assets/")
    )
}

/// S3 website routing rules (the JSON of the bucket's `RoutingRules`): one rule per old
/// address. S3 allows 50 rules; the HTML redirect pages cover the rest.
fn s3_routing_rules(site: &Site) -> String {
    let rules: Vec<serde_json::Value> = site
        .redirects
        .iter()
        .take(50)
        .map(|(path, id)| {
            let key = path.strip_suffix("index.html").unwrap_or(path);
            serde_json::json!({
                "Condition": { "KeyPrefixEquals": key },
                "Redirect": {
                    "ReplaceKeyWith": site.pages[*id].url,
                    "HttpRedirectCode": "301"
                }
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&rules).unwrap_or_else(|_| "[]".into());
    text.push('\n');
    text
}

/// An nginx `location` block serving the site at its path, with real redirects, cache headers
/// and the 404 page, to `include` inside a `server` block.
fn nginx_conf(site: &Site, output: &Path) -> String {
    let base = base_path(site);
    let root = site.config.publish.nginx_root.clone().unwrap_or_else(|| {
        std::path::absolute(output)
            .unwrap_or_else(|_| output.to_path_buf())
            .display()
            .to_string()
    });
    let root = format!("{}/", root.trim_end_matches('/'));
    let assets = format!("{base}{}", site.paths.theme_file("assets/"));
    let mut text = format!(
        "# Written by dontpanic build. Include it inside a server block:\n\
         #   server {{ listen 80; server_name runbooks.internal; include {}; }}\n\
         # The site is served at {} from {} ([publish] nginx_root changes the folder).\n\n",
        nginx_string(&format!("{root}{}nginx.conf", site.paths.host_dir)),
        comment_safe(&base),
        comment_safe(&root),
    );
    text.push_str(&format!(
        "location {} {{\n    alias {};\n    index index.html;\n    error_page 404 {};\n    \
         add_header Cache-Control \"{REVALIDATE}\" always;\n    add_header X-Content-Type-Options nosniff always;\n    \
         location {} {{\n        add_header Cache-Control \"{IMMUTABLE}\" always;\n        add_header X-Content-Type-Options nosniff always;\n    }}\n    \
         location {} {{\n        deny all;\n    }}\n}}\n",
        nginx_string(&base),
        nginx_string(&root),
        nginx_string(&format!("{base}{}", site.paths.not_found)),
        nginx_string(&assets),
        nginx_string(&format!("{base}{}", site.paths.host_dir)),
    ));
    for (from, to) in redirect_pairs(site) {
        // The address to match as nginx sees it, decoded; the redirect's target as the
        // browser gets it, encoded, with `$` too, which `return` would read as a variable.
        text.push_str(&format!(
            "location = {} {{ return 301 {}; }}\n",
            nginx_string(&from),
            nginx_string(&encode_path(&to).replace('$', "%24"))
        ));
    }
    text
}

/// A string as one nginx token: bare when it holds only plain path characters, else quoted,
/// with the escapes nginx's parser knows (`\"`, `\\`, and `\n`, `\r`, `\t`, so that no line
/// of the file is broken).
fn nginx_string(text: &str) -> String {
    if !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/-._~%".contains(&b))
    {
        return text.to_string();
    }
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Text for a `#` comment line: a line break would end the comment.
fn comment_safe(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nginx_strings_are_bare_or_quoted_with_nginx_escapes() {
        assert_eq!(nginx_string("/a/b-c_d.html"), "/a/b-c_d.html");
        assert_eq!(nginx_string("/old page/"), "\"/old page/\"");
        assert_eq!(nginx_string("/a$b;{c}"), "\"/a$b;{c}\"");
        assert_eq!(
            nginx_string("/say \"hi\"\\x\n"),
            "\"/say \\\"hi\\\"\\\\x\\n\""
        );
        assert_eq!(redirects_path("/wild*card/Ä b"), "/wild%2Acard/%C3%84%20b");
    }
}

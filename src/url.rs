//! Relative URLs between output files. Every internal link in the built site is relative, so it
//! works from disk, at the root of a host and under a sub-path alike.

/// Whether `name` can be one folder of the output that the build names itself (the generated
/// files' folder, a language's folder): letters, digits, `-` and `_`, not hidden.
pub fn is_folder_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The output path of the page for `rel_path` (a `.md` path relative to the content folder).
/// Pages become `name.html` beside their source; section pages become the folder's `index.html`:
/// from disk, a link to a folder would show a file listing, so links always name the file.
pub fn page_output_path(rel_path: &str, is_section: bool) -> String {
    if is_section {
        return folder_index(rel_path.rsplit_once('/').map_or("", |(dir, _)| dir));
    }
    match rel_path.strip_suffix(".md") {
        Some(stem) => format!("{stem}.html"),
        None => rel_path.to_string(),
    }
}

pub fn folder_index(folder: &str) -> String {
    if folder.is_empty() {
        "index.html".into()
    } else {
        format!("{folder}/index.html")
    }
}

/// The path from the folder of `from` (an output path) to `to` (an output path), percent-encoded.
pub fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from
        .split('/')
        .collect::<Vec<_>>()
        .split_last()
        .map_or(Vec::new(), |(_, d)| d.to_vec());
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dir.len() - common);
    out.push_str(&encode_path(&to_parts[common..].join("/")));
    if out.is_empty() { "./".into() } else { out }
}

/// `../` repeated to climb from `from` (an output path) to the site root; empty at the top.
pub fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// Percent-encodes what may not stand bare in a URL path (spaces, `#`, `?`, non-ASCII stays as
/// UTF-8 percent escapes so every browser agrees). A colon is encoded too: a file named
/// `javascript:x.md` must never become a link with a scheme.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Undoes percent-encoding in a link someone wrote (`my%20page.md`); bad escapes stay as written.
pub fn decode_path(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(value) = path
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(value);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
}

/// Joins `link` onto `folder` and resolves `.` and `..`; `None` when it climbs out of the top.
pub fn join_normalized(folder: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = if link.starts_with('/') {
        Vec::new()
    } else {
        folder.split('/').filter(|p| !p.is_empty()).collect()
    };
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

/// Words from a file or folder name: `disk-full` → `Disk full`.
pub fn humanize(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let words = words.trim();
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_keep_the_folder_layout() {
        assert_eq!(
            page_output_path("runbooks/disk-full.md", false),
            "runbooks/disk-full.html"
        );
        assert_eq!(
            page_output_path("runbooks/_index.md", true),
            "runbooks/index.html"
        );
        assert_eq!(page_output_path("README.md", true), "index.html");
    }

    #[test]
    fn relative_urls_climb_and_descend() {
        assert_eq!(relative("a/b/c.html", "a/x/y.html"), "../x/y.html");
        assert_eq!(relative("index.html", "a/b.html"), "a/b.html");
        assert_eq!(relative("a/b.html", "index.html"), "../index.html");
        assert_eq!(relative("a/b.html", "a/b.html"), "b.html");
        assert_eq!(relative("a/b.html", "a/my page.html"), "my%20page.html");
    }

    #[test]
    fn root_prefix_counts_folders() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("a/b/c.html"), "../../");
    }

    #[test]
    fn links_are_joined_and_normalized() {
        assert_eq!(
            join_normalized("runbooks", "../playbooks/x.md").as_deref(),
            Some("playbooks/x.md")
        );
        assert_eq!(
            join_normalized("runbooks", "./x.md").as_deref(),
            Some("runbooks/x.md")
        );
        assert_eq!(
            join_normalized("runbooks", "/ref/y.md").as_deref(),
            Some("ref/y.md")
        );
        assert_eq!(join_normalized("", "../x.md"), None);
    }

    #[test]
    fn decoding_undoes_encoding() {
        assert_eq!(decode_path("my%20page.md"), "my page.md");
        assert_eq!(decode_path("100%"), "100%");
        assert_eq!(decode_path(&encode_path("Ärger #1.md")), "Ärger #1.md");
    }

    #[test]
    fn names_are_humanized() {
        assert_eq!(humanize("disk-full"), "Disk full");
        assert_eq!(humanize("account_lockout"), "Account lockout");
    }
}

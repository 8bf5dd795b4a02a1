//! How the index's files are written: postings delta-encoded as text, grouped into shards by
//! prefix, and a large shard or a chunk of documents deflated and in base64, all as scripts a
//! page opened from disk can load.

use std::collections::BTreeMap;

use super::text;

/// A JSON object as script that makes it with `JSON.parse`, not as an object literal: in a
/// literal, a key `"__proto__"` (a word of a page, a synonym, a service id) sets the object's
/// prototype instead of being a key, and that word would be lost to search.
pub(super) fn parsed_in_script(json: &str) -> String {
    let quoted = json.replace('\\', "\\\\").replace('\'', "\\'");
    format!("JSON.parse('{quoted}')")
}

/// A shard of postings as script. Postings are digits and commas, which deflate to about a
/// quarter: a large shard is stored packed as documents are (a large site's index is mostly
/// postings), a small one as plain JSON, where packing would save little and cost an inflate.
pub(super) fn shard_in_script(json: &str) -> String {
    if json.len() >= PACK_SHARD_BYTES {
        let packed = packed(json);
        if packed.len() < json.len() {
            return format!("\"{packed}\"");
        }
    }
    parsed_in_script(json)
}

/// A shard at least this large is stored deflated.
pub(super) const PACK_SHARD_BYTES: usize = 4 * 1024;

/// Documents are most of the index (their text is kept for snippets and phrase checks), and
/// text compresses well: each chunk is stored deflated, in base64 so that it stays a script a
/// page opened from disk can load; the browser inflates it with `DecompressionStream`. About a
/// third of the plain size.
pub(super) fn packed(json: &str) -> String {
    use base64::Engine;
    use std::io::Write;
    let mut encoder =
        flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing into memory cannot fail.
    let _ = encoder.write_all(json.as_bytes());
    let bytes = encoder.finish().unwrap_or_default();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Postings as text, `doc,section,score,doc,section,score…` with each document number given as
/// the difference from the one before (they ascend), which keeps large lists short. Numbers and
/// commas only: the browser reads a list as a JSON array, natively.
pub(super) fn encode(list: &[(u32, u32, u32)]) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(list.len() * 8);
    let mut previous = 0;
    for &(doc, section, score) in list {
        // Writing into a String cannot fail.
        let _ = write!(out, "{},{section},{score},", doc - previous);
        previous = doc;
    }
    out.pop();
    out
}

/// Groups terms into shards by prefix: two characters at first, and a shard larger than
/// `SHARD_BYTES` is split by one more character (terms as long as the prefix stay in it), so
/// that a query loads one small file even on a large site.
pub(super) fn shard(terms: BTreeMap<String, String>) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let mut groups: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (term, postings) in terms {
        // A CJK term is two characters (or one): shards of such terms go by their first.
        let length = if text::is_cjk_run(&term) { 1 } else { 2 };
        groups
            .entry(shard_key(&term, length))
            .or_default()
            .insert(term, postings);
    }
    let mut pending: Vec<(String, BTreeMap<String, String>)> = groups.into_iter().collect();
    while let Some((key, group)) = pending.pop() {
        let size: usize = group.iter().map(|(t, p)| t.len() + p.len() + 6).sum();
        let length = key.chars().count();
        let splittable = group.keys().any(|t| t.chars().count() > length);
        if size <= SHARD_BYTES || !splittable || length >= MAX_KEY {
            out.insert(key, group);
            continue;
        }
        let mut children: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for (term, postings) in group {
            children
                .entry(shard_key(&term, length + 1))
                .or_default()
                .insert(term, postings);
        }
        pending.extend(children);
    }
    out
}

/// A shard over this size is split by a longer prefix.
pub(super) const SHARD_BYTES: usize = 48 * 1024;
/// Prefixes stop growing here.
pub(super) const MAX_KEY: usize = 6;

/// The first `length` characters of a term.
pub fn shard_key(term: &str, length: usize) -> String {
    term.chars().take(length).collect()
}

/// A shard key as a file name: ASCII letters and digits as they are, anything else in hex, so
/// that every file system and host takes it.
pub fn file_name(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("_{:x}", c as u32)
            }
        })
        .collect()
}

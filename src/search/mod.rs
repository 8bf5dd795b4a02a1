//! The search index, built from the text the Markdown pass extracted (no HTML is parsed again).
//! It is split so that a query loads little: `meta.js` (what exists), one shard of terms per
//! two-letter prefix, and small chunks of documents for the results shown. Every file is a
//! script that hands its data to `window.dontpanicSearch`, because pages opened from disk may
//! not fetch JSON. Knows nothing of HTML templates.

pub mod text;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::site::{HOME, Site};

/// Documents per file: few, so that a list of results loads little beyond what it shows, yet
/// a large site does not become tens of thousands of small files.
pub const DOCS_PER_CHUNK: usize = 4;
/// Text kept per section for snippets and phrase checks.
const SECTION_TEXT: usize = 800;

/// Points a term earns in each field: the title first, then headings, then names.
const TITLE: u32 = 40;
const HEADING: u32 = 16;
const NAMES: u32 = 12;
const DESCRIPTION: u32 = 6;
const BODY: u32 = 1;

/// One file of the index: its path under the output root and its text.
pub struct IndexFile {
    pub path: String,
    pub text: String,
}

#[derive(Serialize)]
struct Meta<'a> {
    version: u32,
    docs: usize,
    chunk: usize,
    shards: Vec<&'a str>,
    kinds: Vec<&'a str>,
    severities: Vec<&'a str>,
    services: Vec<&'a str>,
    synonyms: &'a BTreeMap<String, Vec<String>>,
}

/// A document as the browser sees it: [title, url, path, kind, severity, services, names
/// (alerts and tags), sections, description], each section [anchor, heading, text].
type Doc<'a> = (
    &'a str,
    &'a str,
    String,
    &'a str,
    &'a str,
    &'a [String],
    Vec<&'a str>,
    Vec<(Option<&'a str>, &'a str, String)>,
    &'a str,
);

/// Builds every file of the index for `site`.
pub fn build(site: &Site) -> Vec<IndexFile> {
    let ids = &site.order;
    let mut postings: HashMap<String, Vec<(u32, u32, u32)>> = HashMap::new();
    let mut docs: Vec<Doc> = Vec::with_capacity(ids.len());
    let (mut kinds, mut severities, mut services) = (Vec::new(), Vec::new(), Vec::new());
    let mut attributes = Vec::with_capacity(ids.len());

    for (doc, &id) in ids.iter().enumerate() {
        let page = &site.pages[id];
        let front = page.front();
        let mut scores: HashMap<(String, u32), u32> = HashMap::new();
        let mut add = |text: &str, section: u32, weight: u32| {
            for term in text::terms(text) {
                let points = if term.is_part {
                    weight.div_ceil(2)
                } else {
                    weight
                };
                *scores.entry((term.text, section)).or_default() += points;
            }
        };
        add(&page.title, 0, TITLE);
        if let Some(description) = &front.description {
            add(description, 0, DESCRIPTION);
        }
        for name in front
            .alerts
            .iter()
            .chain(&front.tags)
            .chain(&front.services)
            .chain(&front.regions)
            .chain(&front.aliases)
        {
            add(name, 0, NAMES);
        }
        let mut sections = vec![(None, page.title.as_str(), String::new())];
        for section in &page.rendered.sections {
            let index = match &section.anchor {
                None => 0,
                Some(anchor) => {
                    sections.push((
                        Some(anchor.as_str()),
                        section.heading.as_str(),
                        String::new(),
                    ));
                    add(&section.heading, (sections.len() - 1) as u32, HEADING);
                    (sections.len() - 1) as u32
                }
            };
            add(&section.text, index, BODY);
            let kept = &mut sections[index as usize].2;
            kept.push_str(truncate(
                section.text.trim(),
                SECTION_TEXT.saturating_sub(kept.len()),
            ));
        }
        // One posting per term and document: the document's total, and its best section for
        // the deep link.
        let mut per_term: HashMap<String, (u32, u32, u32)> = HashMap::new();
        for ((term, section), score) in scores {
            let entry = per_term.entry(term).or_insert((0, section, 0));
            entry.0 += score;
            if score > entry.2 || (score == entry.2 && section < entry.1) {
                (entry.1, entry.2) = (section, score);
            }
        }
        for (term, (total, best, _)) in per_term {
            postings
                .entry(term)
                .or_default()
                .push((doc as u32, best, total.min(99_999)));
        }
        let kind = page.kind.as_str();
        let severity = front.severity.as_deref().unwrap_or("");
        attributes.push((
            index_of(&mut kinds, kind),
            if severity.is_empty() {
                -1
            } else {
                index_of(&mut severities, severity) as i64
            },
            front
                .services
                .iter()
                .map(|s| index_of(&mut services, s))
                .collect::<Vec<_>>(),
        ));
        let path = site
            .ancestors(id)
            .into_iter()
            .filter(|&a| a != HOME)
            .map(|a| site.pages[a].title.as_str())
            .collect::<Vec<_>>()
            .join(" › ");
        let description = front.description.as_deref().unwrap_or("");
        // Alert names, tags and old addresses: a query that is exactly one of them puts the page
        // first, and a quoted phrase finds them as it finds the text.
        let names: Vec<&str> = front
            .alerts
            .iter()
            .chain(&front.tags)
            .chain(&front.aliases)
            .map(String::as_str)
            .collect();
        docs.push((
            &page.title,
            &page.url,
            path,
            kind,
            severity,
            &front.services,
            names,
            sections,
            description,
        ));
    }

    let encoded: BTreeMap<String, String> = postings
        .into_iter()
        .map(|(term, list)| (term, encode(&list)))
        .collect();
    let shards = shard(encoded);
    let mut files = Vec::new();
    for (key, terms) in &shards {
        let json = serde_json::to_string(terms).unwrap_or_default();
        files.push(IndexFile {
            path: site.paths.search_file(&format!("t/{}.js", file_name(key))),
            text: format!(
                "dontpanicSearch.terms({},{json});\n",
                serde_json::to_string(key).unwrap_or_default()
            ),
        });
    }
    for (n, chunk) in docs.chunks(DOCS_PER_CHUNK).enumerate() {
        let json = serde_json::to_string(chunk).unwrap_or_default();
        files.push(IndexFile {
            path: site.paths.search_file(&format!("d/{n}.js")),
            text: format!("dontpanicSearch.docs({n},{json});\n"),
        });
    }
    let attributes_json = serde_json::to_string(&attributes).unwrap_or_default();
    files.push(IndexFile {
        path: site.paths.search_file("attributes.js"),
        text: format!("dontpanicSearch.attributes({attributes_json});\n"),
    });
    let meta = Meta {
        version: 1,
        docs: docs.len(),
        chunk: DOCS_PER_CHUNK,
        shards: shards.keys().map(String::as_str).collect(),
        kinds,
        severities,
        services,
        synonyms: &site.config.search.synonyms,
    };
    let meta_json = serde_json::to_string(&meta).unwrap_or_default();
    files.push(IndexFile {
        path: site.paths.search_file("meta.js"),
        text: format!("dontpanicSearch.meta({meta_json});\n"),
    });
    files
}

/// Postings as text, `doc,section,score;` with each document number given as the difference
/// from the one before (they ascend), which keeps large lists short.
fn encode(list: &[(u32, u32, u32)]) -> String {
    let mut out = String::with_capacity(list.len() * 8);
    let mut previous = 0;
    for &(doc, section, score) in list {
        out.push_str(&format!("{},{section},{score};", doc - previous));
        previous = doc;
    }
    out.pop();
    out
}

/// Groups terms into shards by prefix: two characters at first, and a shard larger than
/// `SHARD_BYTES` is split by one more character (terms as long as the prefix stay in it), so
/// that a query loads one small file even on a large site.
fn shard(terms: BTreeMap<String, String>) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    let mut groups: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (term, postings) in terms {
        groups
            .entry(shard_key(&term, 2))
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
const SHARD_BYTES: usize = 48 * 1024;
/// Prefixes stop growing here.
const MAX_KEY: usize = 6;

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

fn index_of<'a>(list: &mut Vec<&'a str>, value: &'a str) -> usize {
    match list.iter().position(|v| *v == value) {
        Some(i) => i,
        None => {
            list.push(value);
            list.len() - 1
        }
    }
}

fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_file_names_are_portable() {
        assert_eq!(file_name("ab"), "ab");
        assert_eq!(file_name("ä_"), "_e4_5f");
        assert_eq!(shard_key("lockout", 2), "lo");
        assert_eq!(shard_key("x", 2), "x");
    }

    #[test]
    fn postings_are_delta_encoded() {
        assert_eq!(
            encode(&[(3, 0, 40), (10, 2, 1), (11, 1, 5)]),
            "3,0,40;7,2,1;1,1,5"
        );
    }

    #[test]
    fn large_shards_split_by_a_longer_prefix() {
        let big = "1,0,1;".repeat(SHARD_BYTES / 12);
        let terms: BTreeMap<String, String> = [
            ("in", "0,0,1"),
            ("incident", big.as_str()),
            ("invoice", big.as_str()),
            ("zebra", "0,0,1"),
        ]
        .into_iter()
        .map(|(t, p)| (t.to_string(), p.to_string()))
        .collect();
        let shards = shard(terms);
        let keys: Vec<&str> = shards.keys().map(String::as_str).collect();
        assert_eq!(keys, ["in", "inc", "inv", "ze"]);
    }
}

//! The search index, built from the text the Markdown pass extracted (no HTML is parsed again)
//! and from what the generated pages show. It is split so that a query loads little: `meta.js`
//! (what exists, and the vocabulary queries are read with), one shard of terms per two-letter
//! prefix, small chunks of documents for the results shown, and `words.js`, loaded only when
//! nothing matched, for "did you mean". Every file is a
//! script that hands its data to `window.dontpanicSearch`, because pages opened from disk may
//! not fetch JSON. Knows nothing of HTML templates.

mod document;
mod files;
mod synonyms;
pub use synonyms::unmatched_synonyms;
mod generated;
pub mod language;
mod scoring;
pub mod text;
pub mod vocabulary;

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use serde::Serialize;

use crate::content::Kind;
use crate::site::{HOME, Site};
use document::{Gathered, Sections, gather};
use files::{encode, packed, parsed_in_script, shard, shard_in_script};
pub use files::{file_name, shard_key};
use language::{Language, Stemming};
use scoring::{Collection, Counts, Lengths};

/// Documents per file: few, so that a list of results loads little beyond what it shows, yet
/// a large site does not become tens of thousands of small files. Eight deflate to a quarter
/// less than twice four do (the judged 10,000-page corpus: 15.4 MB in 2,506 files at four,
/// 11.6 MB in 1,253 at eight), for some 9 KB per result's chunk.
pub const DOCS_PER_CHUNK: usize = 8;
/// Words offered for "did you mean", most frequent first.
const SUGGESTION_WORDS: usize = 20_000;
/// Scenario playbooks listed when a query finds nothing.
const FALLBACK_PAGES: usize = 12;

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
    /// The config's severity levels, most severe first: the order filters show them in.
    severity_order: Vec<&'a str>,
    /// Services' names by id: filters show the name.
    service_names: BTreeMap<&'a str, &'a str>,
    /// The site's own `[search.synonyms]`, and the built-in vocabulary's groups (none when the
    /// site turned them off), each entry as the terms a query reads ("sign in", "locked out"),
    /// so that a page opening the search stems none of them.
    synonyms: BTreeMap<String, Vec<String>>,
    groups: Vec<Vec<String>>,
    stop_words: &'a [String],
    fillers: &'a [String],
    contractions: &'a BTreeMap<String, String>,
    /// `[title, url]` of the scenario playbooks, offered when nothing matches.
    playbooks: Vec<(&'a str, &'a str)>,
    /// The index's language (BCP 47), written only when it is not plain `en`, so that an
    /// English index stays as it was; the browser reads its absence as `en`.
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    /// The keys of the forms shards (`f/<key>.js`: folded word → stem), for a language whose
    /// stemmer the browser does not have.
    #[serde(skip_serializing_if = "Option::is_none")]
    forms: Option<Vec<&'a str>>,
    /// The folder (from the site's root) of the default language's index, searched too when
    /// this one finds little.
    #[serde(skip_serializing_if = "Option::is_none")]
    fallback: Option<&'a str>,
}

/// What one index covers and where it goes: `build_each_for`.
pub struct Scope<'a> {
    /// The pages' language, a BCP 47 code (`en`, `de`, `zh-Hans`, `ja`).
    pub language: &'a str,
    /// The pages indexed, in the order results break ties in.
    pub pages: &'a [crate::site::PageId],
    /// Where its files go, from the output's root, ending in `/` (`dontpanic/search/zh/`).
    pub folder: &'a str,
    /// The folder of the default language's index, when this is another language's: the
    /// browser searches it too when this one finds little, and marks what it found there.
    pub fallback: Option<&'a str>,
}

/// A document as the browser sees it: [title, url, path, kind, severity, services, names
/// (alerts and tags), sections, description, first step], each section [anchor, heading, text].
type Doc<'a> = (
    &'a str,
    &'a str,
    String,
    &'a str,
    &'a str,
    &'a [String],
    Vec<&'a str>,
    Sections,
    &'a str,
    Option<&'a str>,
);

/// One document's occurrences of one term.
struct Posting {
    doc: u32,
    /// The section where the term weighs most: results link to it.
    section: u32,
    counts: Counts,
}

/// Terms as numbers while the index is built, with the first form each was seen written in
/// (for "did you mean").
#[derive(Default)]
struct Terms {
    ids: HashMap<String, u32>,
    postings: Vec<Vec<Posting>>,
    written: Vec<String>,
}

impl Terms {
    /// Numbers one document's terms and adds its postings.
    fn add(&mut self, doc: u32, gathered: Vec<document::DocumentTerm>) {
        for term in gathered {
            let id = match self.ids.get(&term.term) {
                Some(&id) => id,
                None => {
                    let id = self.postings.len() as u32;
                    self.ids.insert(term.term, id);
                    self.postings.push(Vec::new());
                    self.written.push(term.written);
                    id
                }
            };
            self.postings[id as usize].push(Posting {
                doc,
                section: term.section,
                counts: term.counts,
            });
        }
    }
}

/// Pages gathered side by side at a time: enough to keep every core busy, few enough that
/// their text is not all held at once on a large site.
const GATHER_BATCH: usize = 256;

/// Builds every file of the index for `site`.
pub fn build(site: &Site) -> Vec<IndexFile> {
    let mut files = Vec::new();
    build_each(site, &mut |file| files.push(file));
    files
}

/// Builds every file of the index for `site`, handing each to `emit` as soon as it is made:
/// at 100,000 pages the index is some 150 MB of text, not to be held until the last file.
pub fn build_each(site: &Site, emit: &mut dyn FnMut(IndexFile)) {
    // One index per language, each of its own pages (a language's untranslated copies of the
    // default language's pages are left to the default index, which its queries fall back on).
    let languages = &site.config.languages;
    for (id, language) in languages.list.iter().enumerate() {
        let pages: Vec<crate::site::PageId> = site
            .order
            .iter()
            .copied()
            .filter(|&page| site.pages[page].language == id && !site.pages[page].fallback)
            .collect();
        if id != crate::languages::DEFAULT && pages.is_empty() {
            continue;
        }
        let folder = site.search_index_folder(id);
        let scope = Scope {
            language: &language.code,
            pages: &pages,
            folder: &folder,
            fallback: (id != crate::languages::DEFAULT).then_some(site.paths.search_index.as_str()),
        };
        build_each_for(site, &scope, emit);
    }
}

/// Builds the index of the pages `scope.pages`, in language `scope.language`, into
/// `scope.folder`: one index per language, each in its own folder. An index outside the
/// default folder names its folder in every file it writes (the browser may load two indexes
/// at once, and each file must say which it belongs to).
pub fn build_each_for(site: &Site, scope: &Scope, emit: &mut dyn FnMut(IndexFile)) {
    let language = Language::new(scope.language);
    let stemming = language.stemming;
    let ids = scope.pages;
    let folder = scope.folder;
    let file_path = |name: &str| format!("{folder}{name}");
    // The trailing argument that names the index, for all but the default one.
    let tag = if folder == site.paths.search_index {
        String::new()
    } else {
        format!(",{}", serde_json::to_string(folder).unwrap_or_default())
    };
    let with_forms = language.has_forms();
    // Every form seen (folded word → stem): the first stem a form was given wins, in page order.
    let mut all_forms: BTreeMap<String, String> = BTreeMap::new();
    let mut chunk_forms: Vec<(String, String)> = Vec::new();
    let mut ready_forms: Vec<Vec<(String, String)>> = Vec::new();
    let mut terms = Terms::default();
    let mut lengths: Vec<Lengths> = Vec::with_capacity(ids.len());
    // Documents are written out a chunk at a time as they are gathered: kept whole until the
    // end, their text was the largest part of a 100,000-page build's memory.
    let mut pending: Vec<Doc> = Vec::with_capacity(DOCS_PER_CHUNK);
    let mut ready: Vec<(usize, Vec<Doc>)> = Vec::new();
    let (mut kinds, mut severities, mut services) = (Vec::new(), Vec::new(), Vec::new());
    let mut attributes = Vec::with_capacity(ids.len());

    // Pages are gathered side by side, a batch at a time, then numbered in order: the same
    // index as one page after the other, in a fraction of the time.
    let mut gathered: std::collections::VecDeque<Gathered> = Default::default();
    for (doc, &id) in ids.iter().enumerate() {
        if gathered.is_empty() {
            use rayon::prelude::*;
            let batch = &ids[doc..(doc + GATHER_BATCH).min(ids.len())];
            gathered = batch
                .par_iter()
                .map(|&id| gather(site, id, stemming))
                .collect::<Vec<_>>()
                .into();
        }
        let Some(Gathered {
            terms: page_terms,
            lengths: page_lengths,
            sections,
            forms: page_forms,
        }) = gathered.pop_front()
        else {
            break;
        };
        for (form, stem) in &page_forms {
            if !all_forms.contains_key(form) {
                all_forms.insert(form.clone(), stem.clone());
            }
        }
        chunk_forms.extend(page_forms);
        terms.add(doc as u32, page_terms);
        lengths.push(page_lengths);
        let page = &site.pages[id];
        let front = page.front();

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
        let first_step = match page.kind {
            Kind::Runbook | Kind::Playbook => page.rendered.first_step.as_deref(),
            _ => None,
        };
        pending.push((
            &page.title,
            &page.url,
            path,
            kind,
            severity,
            &front.services,
            names,
            sections,
            description,
            first_step,
        ));
        let last = doc + 1 == ids.len();
        if pending.len() == DOCS_PER_CHUNK || last {
            ready.push((doc / DOCS_PER_CHUNK, std::mem::take(&mut pending)));
            ready_forms.push(std::mem::take(&mut chunk_forms));
        }
        // Chunks are deflated side by side, and handed on in order.
        if ready.len() == 64 || last {
            use rayon::prelude::*;
            let files: Vec<IndexFile> = ready
                .par_iter()
                .zip(&ready_forms)
                .map(|((n, docs), forms)| {
                    let forms = with_forms.then_some(forms.as_slice());
                    document_chunk(&file_path, &tag, *n, docs, forms)
                })
                .collect();
            ready.clear();
            ready_forms.clear();
            files.into_iter().for_each(&mut *emit);
        }
    }

    let collection = Collection::new(&lengths);
    let mut encoded: BTreeMap<String, String> = BTreeMap::new();
    let mut frequency: Vec<(usize, u32)> = Vec::with_capacity(terms.postings.len());
    let Terms {
        ids: term_ids,
        postings,
        ..
    } = &mut terms;
    // Lists are scored and encoded side by side, a batch of terms at a time, and each batch's
    // lists let go once encoded.
    let all: Vec<(&String, u32)> = term_ids.iter().map(|(t, &id)| (t, id)).collect();
    for batch in all.chunks(32 * 1024) {
        use rayon::prelude::*;
        let done: Vec<(String, String, usize)> = batch
            .par_iter()
            .map(|&(term, id)| {
                let list = &postings[id as usize];
                let idf = collection.idf(list.len());
                let scored: Vec<(u32, u32, u32)> = list
                    .iter()
                    .map(|p| {
                        (
                            p.doc,
                            p.section,
                            collection.score(idf, &p.counts, &lengths[p.doc as usize]),
                        )
                    })
                    .collect();
                (term.clone(), encode(&scored), list.len())
            })
            .collect();
        for (&(_, id), (term, list, count)) in batch.iter().zip(done) {
            postings[id as usize] = Vec::new();
            encoded.insert(term, list);
            frequency.push((count, id));
        }
    }
    let shards = shard(encoded);
    for (key, terms) in &shards {
        let json = serde_json::to_string(terms).unwrap_or_default();
        emit(IndexFile {
            path: file_path(&format!("t/{}.js", file_name(key))),
            text: format!(
                "dontpanicSearch.terms({},{}{tag});\n",
                serde_json::to_string(key).unwrap_or_default(),
                shard_in_script(&json)
            ),
        });
    }
    let attributes_json = serde_json::to_string(&attributes).unwrap_or_default();
    emit(IndexFile {
        path: file_path("attributes.js"),
        text: format!("dontpanicSearch.attributes({attributes_json}{tag});\n"),
    });
    emit(IndexFile {
        path: file_path("words.js"),
        text: format!(
            "dontpanicSearch.words({}{tag});\n",
            serde_json::to_string(&suggestion_words(&terms, frequency)).unwrap_or_default()
        ),
    });
    // Only the index's own language's vocabulary: an English page's meta is as it was, and a
    // language without one gets none (the site's own synonyms still apply).
    static NONE: std::sync::OnceLock<vocabulary::Vocabulary> = std::sync::OnceLock::new();
    let vocabulary = vocabulary::for_language(&language.primary()).unwrap_or_else(|| {
        NONE.get_or_init(|| vocabulary::Vocabulary {
            stop_words: Vec::new(),
            fillers: Vec::new(),
            contractions: BTreeMap::new(),
            groups: BTreeMap::new(),
        })
    });
    let fillers = &filler_terms_in(&vocabulary.fillers, stemming);
    let groups: Vec<Vec<String>> = if site.config.search.builtin_synonyms {
        vocabulary
            .groups
            .values()
            .map(|g| {
                g.iter()
                    .map(|e| phrase_terms(e, fillers, stemming))
                    .collect()
            })
            .collect()
    } else {
        Vec::new()
    };
    let synonyms = site
        .config
        .search
        .synonyms
        .iter()
        .map(|(key, alternatives)| {
            (
                phrase_terms(key, fillers, stemming),
                alternatives
                    .iter()
                    .map(|a| phrase_terms(a, fillers, stemming))
                    .collect(),
            )
        })
        .collect();
    // What a query may type that no page has: the vocabulary's and the synonyms' words are
    // looked up in the forms as the pages' are.
    let form_shards = if with_forms {
        let said = vocabulary
            .groups
            .values()
            .flatten()
            .chain(&vocabulary.stop_words)
            .chain(&vocabulary.fillers)
            .chain(site.config.search.synonyms.keys())
            .chain(site.config.search.synonyms.values().flatten());
        for entry in said {
            for (form, stem) in text::forms(entry, stemming) {
                all_forms.entry(form).or_insert(stem);
            }
        }
        let shards = shard(all_forms);
        for (key, forms) in &shards {
            let json = serde_json::to_string(forms).unwrap_or_default();
            emit(IndexFile {
                path: file_path(&format!("f/{}.js", file_name(key))),
                text: format!(
                    "dontpanicSearch.forms({},{}{tag});\n",
                    serde_json::to_string(key).unwrap_or_default(),
                    parsed_in_script(&json)
                ),
            });
        }
        Some(shards.into_keys().collect::<Vec<_>>())
    } else {
        None
    };
    let meta = Meta {
        version: 2,
        docs: ids.len(),
        chunk: DOCS_PER_CHUNK,
        shards: shards.keys().map(String::as_str).collect(),
        kinds,
        severities,
        services,
        severity_order: site.config.severity.iter().map(|l| l.id.as_str()).collect(),
        service_names: site
            .config
            .services
            .iter()
            .map(|(id, s)| (id.as_str(), s.name.as_str()))
            .collect(),
        synonyms,
        groups,
        stop_words: &vocabulary.stop_words,
        fillers: &vocabulary.fillers,
        contractions: &vocabulary.contractions,
        playbooks: ids
            .iter()
            .map(|&id| &site.pages[id])
            .filter(|p| p.kind == Kind::Playbook && !p.is_section)
            .take(FALLBACK_PAGES)
            .map(|p| (p.title.as_str(), p.url.as_str()))
            .collect(),
        language: (!language.is_plain_english()).then_some(scope.language),
        forms: form_shards
            .as_ref()
            .map(|keys| keys.iter().map(String::as_str).collect()),
        fallback: scope.fallback,
    };
    let meta_json = serde_json::to_string(&meta).unwrap_or_default();
    emit(IndexFile {
        path: file_path("meta.js"),
        text: format!(
            "dontpanicSearch.meta({}{tag});\n",
            parsed_in_script(&meta_json)
        ),
    });
}

/// A vocabulary entry's terms as a query reads them, without the phrase fillers (unless nothing
/// else is left), joined by spaces: what assets/search/vocabulary.js makes of it.
pub fn entry_terms(entry: &str, fillers: &[String]) -> String {
    entry_terms_in(entry, fillers, "en")
}

/// A vocabulary entry's terms in `language`, as the browser reads them with that language's
/// index.
pub fn entry_terms_in(entry: &str, fillers: &[String], language: &str) -> String {
    let stemming = Language::new(language).stemming;
    phrase_terms(entry, &filler_terms_in(fillers, stemming), stemming)
}

/// The fillers as terms, worked out once for all the entries.
fn filler_terms_in(fillers: &[String], stemming: Stemming) -> Vec<String> {
    fillers
        .iter()
        .flat_map(|f| text::query_terms_in(f, stemming))
        .collect()
}

fn phrase_terms(entry: &str, fillers: &[String], stemming: Stemming) -> String {
    let terms = text::query_terms_in(entry, stemming);
    let kept: Vec<&str> = terms
        .iter()
        .filter(|t| !fillers.contains(t))
        .map(String::as_str)
        .collect();
    if kept.is_empty() {
        terms.join(" ")
    } else {
        kept.join(" ")
    }
}

/// One file of documents: chunk `n`, deflated. For a language whose stemmer the browser does
/// not have, it carries its documents' forms too (deflated), so that the browser reads their
/// text as the index does (phrases, the section to link to, a title's words).
fn document_chunk(
    path: &dyn Fn(&str) -> String,
    tag: &str,
    n: usize,
    docs: &[Doc],
    forms: Option<&[(String, String)]>,
) -> IndexFile {
    let json = serde_json::to_string(docs).unwrap_or_default();
    let forms = match forms {
        Some(forms) => {
            let table: BTreeMap<&str, &str> = forms
                .iter()
                .map(|(f, s)| (f.as_str(), s.as_str()))
                .collect();
            let json = serde_json::to_string(&table).unwrap_or_default();
            format!(",\"{}\"", packed(&json))
        }
        None if tag.is_empty() => String::new(),
        None => ",null".to_string(),
    };
    IndexFile {
        path: path(&format!("d/{n}.js")),
        text: format!(
            "dontpanicSearch.docs({n},\"{}\"{forms}{tag});\n",
            packed(&json)
        ),
    }
}

/// The words "did you mean" may offer: each term as first written, most frequent first, without
/// numbers and very short words (a one-letter change there is another word, not a typo).
fn suggestion_words(terms: &Terms, mut frequency: Vec<(usize, u32)>) -> Vec<&str> {
    frequency.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    frequency
        .into_iter()
        .map(|(_, id)| terms.written[id as usize].as_str())
        .filter(|w| {
            w.chars().count() >= 4 && w.chars().all(|c| c.is_alphabetic() && !text::is_cjk(c))
        })
        .take(SUGGESTION_WORDS)
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

#[cfg(test)]
mod tests {
    use super::*;
    use files::SHARD_BYTES;

    #[test]
    fn shard_file_names_are_portable() {
        assert_eq!(file_name("ab"), "ab");
        assert_eq!(file_name("ä_"), "_e4_5f");
        assert_eq!(shard_key("lockout", 2), "lo");
        assert_eq!(shard_key("x", 2), "x");
    }

    #[test]
    fn index_objects_are_parsed_in_script_whatever_their_text() {
        assert_eq!(
            parsed_in_script(r#"{"__proto__":"1,0,48","it's":"a\\b"}"#),
            r#"JSON.parse('{"__proto__":"1,0,48","it\'s":"a\\\\b"}')"#
        );
    }

    #[test]
    fn a_large_shard_is_stored_deflated_and_a_small_one_as_json() {
        use base64::Engine;
        use std::io::Read;
        let small = r#"{"disk":"0,0,900"}"#;
        assert!(shard_in_script(small).starts_with("JSON.parse('"));
        let postings = (0..2000)
            .map(|n| format!("{},0,{}", n % 7 + 1, n % 900))
            .collect::<Vec<_>>()
            .join(",");
        let large = format!(r#"{{"disk":"{postings}"}}"#);
        let script = shard_in_script(&large);
        assert!(
            script.len() * 2 < large.len(),
            "{} of {}",
            script.len(),
            large.len()
        );
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(script.trim_matches('"'))
            .unwrap();
        let mut back = String::new();
        flate2::read::DeflateDecoder::new(bytes.as_slice())
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, large);
    }

    #[test]
    fn postings_are_delta_encoded() {
        assert_eq!(
            encode(&[(3, 0, 40), (10, 2, 1), (11, 1, 5)]),
            "3,0,40,7,2,1,1,1,5"
        );
    }

    #[test]
    fn large_shards_split_by_a_longer_prefix() {
        let big = "1,0,1,".repeat(SHARD_BYTES / 12);
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

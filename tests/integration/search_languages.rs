//! Search in the reader's language: the fixture in tests/fixtures/search_languages (runbooks in
//! Chinese, Japanese, German, French and Spanish, and a few in English) built into one index
//! per language with `search::build_each_for`, written to disk, and queried by the browser's
//! engine run in node over those files (tests/js/run_index.js), as a page opened from disk
//! loads them. The queries and the page each should find are in the fixture's queries.json,
//! written before they were first run.

use std::path::Path;
use std::process::Command;

use dontpanic::output::SiteFiles;
use dontpanic::pipeline::{BuildOptions, Cache, build_in_memory, configure};
use dontpanic::search::{Scope, build_each_for};

use super::harness::repo_root;

const DEFAULT: &str = "dontpanic/search/";

/// Builds the fixture and writes each language's index into `out`: the pages under `zh/`,
/// `ja/`, `de/`, `fr/`, `es/` into `dontpanic/search/<language>/` (falling back on the default
/// index), the others into the default index, in English.
fn write_indexes(out: &Path) {
    let options = BuildOptions {
        root: repo_root().join("tests/fixtures/search_languages"),
        ..BuildOptions::default()
    };
    let built = build_in_memory(
        &options,
        configure(&options),
        &mut Cache::default(),
        &SiteFiles::default(),
        "2026-12-01".parse().unwrap(),
        &[],
    )
    .unwrap_or_else(|_| panic!("the fixture builds"));
    let site = &built.site;
    let mut write = |file: dontpanic::search::IndexFile| {
        let path = out.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, file.text).unwrap();
    };
    let languages = ["zh", "ja", "de", "fr", "es"];
    let of = |language: &str| -> Vec<usize> {
        site.order
            .iter()
            .copied()
            .filter(|&id| site.pages[id].url.starts_with(&format!("{language}/")))
            .collect()
    };
    for language in languages {
        let folder = format!("{DEFAULT}{language}/");
        let pages = of(language);
        let scope = Scope {
            language,
            pages: &pages,
            folder: &folder,
            fallback: Some(DEFAULT),
        };
        build_each_for(site, &scope, &mut write);
    }
    let english: Vec<usize> = site
        .order
        .iter()
        .copied()
        .filter(|&id| {
            !languages
                .iter()
                .any(|l| site.pages[id].url.starts_with(&format!("{l}/")))
        })
        .collect();
    let scope = Scope {
        language: "en",
        pages: &english,
        folder: DEFAULT,
        fallback: None,
    };
    build_each_for(site, &scope, &mut write);
}

struct Answer {
    query: String,
    urls: Vec<String>,
    other: Vec<Option<String>>,
}

/// Runs `queries` on the index in `folder` under `root`, in node.
fn run(root: &Path, folder: &str, queries: &[&str]) -> Vec<Answer> {
    let output = Command::new("node")
        .arg(repo_root().join("tests/js/run_index.js"))
        .arg(root)
        .arg(folder)
        .arg(serde_json::to_string(queries).unwrap())
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answers: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    answers
        .into_iter()
        .map(|a| Answer {
            query: a["query"].as_str().unwrap_or("").to_string(),
            urls: serde_json::from_value(a["urls"].clone()).unwrap(),
            other: serde_json::from_value(a["other"].clone()).unwrap(),
        })
        .collect()
}

fn queries() -> serde_json::Value {
    let text =
        std::fs::read_to_string(repo_root().join("tests/fixtures/search_languages/queries.json"))
            .unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn each_language_s_queries_find_their_page_first() {
    let dir = tempfile::tempdir().unwrap();
    write_indexes(dir.path());
    // To look at the files (or weigh them) after a run: KEEP_INDEX=/some/folder.
    if let Ok(keep) = std::env::var("KEEP_INDEX") {
        write_indexes(Path::new(&keep));
    }
    let set = queries();
    let mut report = Vec::new();
    let mut misses = Vec::new();
    for language in ["zh", "ja", "de", "fr", "es"] {
        let cases = set[language].as_array().unwrap();
        let typed: Vec<&str> = cases.iter().map(|c| c[0].as_str().unwrap()).collect();
        let answers = run(dir.path(), &format!("{DEFAULT}{language}/"), &typed);
        let (mut first, mut reciprocal) = (0, 0.0);
        for (case, answer) in cases.iter().zip(&answers) {
            let expected = case[1].as_str().unwrap();
            match answer.urls.iter().position(|u| u == expected) {
                Some(0) => {
                    first += 1;
                    reciprocal += 1.0;
                }
                Some(n) => {
                    reciprocal += 1.0 / (n + 1) as f64;
                    misses.push(format!("{}: {expected} at {}", answer.query, n + 1));
                }
                None => misses.push(format!(
                    "{}: {expected} not in {:?}",
                    answer.query, answer.urls
                )),
            }
        }
        report.push(format!(
            "{language}: {first}/{} first, MRR {:.2}",
            cases.len(),
            reciprocal / cases.len() as f64
        ));
    }
    println!("{}\n{}", report.join("\n"), misses.join("\n"));
    assert!(misses.is_empty(), "{report:#?}\n{misses:#?}");
}

#[test]
fn a_german_query_with_no_german_page_finds_the_english_one_marked() {
    let dir = tempfile::tempdir().unwrap();
    write_indexes(dir.path());
    let answers = run(
        dir.path(),
        "dontpanic/search/de/",
        &["ConsumerLagHigh", "Zugriff verweigert"],
    );
    assert_eq!(
        answers[0].urls.first().map(String::as_str),
        Some("kafka.html")
    );
    assert_eq!(answers[0].other[0].as_deref(), Some("en"));
    // A query the German pages answer stays with them, unmarked.
    assert_eq!(
        answers[1].urls.first().map(String::as_str),
        Some("de/kontosperre.html")
    );
    assert_eq!(answers[1].other[0], None);
}

#[test]
fn an_english_index_written_through_the_new_entry_point_is_the_old_one() {
    // The default path (`build_each`) and `build_each_for` in English over the same pages
    // write the same files, byte for byte: nothing about languages leaks into English.
    let options = BuildOptions {
        root: repo_root().join("tests/fixtures/search_languages"),
        ..BuildOptions::default()
    };
    let built = build_in_memory(
        &options,
        configure(&options),
        &mut Cache::default(),
        &SiteFiles::default(),
        "2026-12-01".parse().unwrap(),
        &[],
    )
    .unwrap_or_else(|_| panic!("the fixture builds"));
    let site = &built.site;
    let old: Vec<(String, String)> = dontpanic::search::build(site)
        .into_iter()
        .map(|f| (f.path, f.text))
        .collect();
    let mut new = Vec::new();
    build_each_for(
        site,
        &Scope {
            language: "en",
            pages: &site.order,
            folder: &site.paths.search_index,
            fallback: None,
        },
        &mut |f| new.push((f.path, f.text)),
    );
    assert_eq!(old, new);
    let meta = &old.iter().find(|(p, _)| p.ends_with("meta.js")).unwrap().1;
    assert!(!meta.contains("\"language\"") && !meta.contains("\"forms\""));
}

#[test]
fn the_browser_reads_every_german_and_french_word_of_the_pages_as_the_build_stems_it() {
    let dir = tempfile::tempdir().unwrap();
    write_indexes(dir.path());
    for language in ["de", "fr"] {
        let folder = repo_root().join(format!(
            "tests/fixtures/search_languages/content/{language}"
        ));
        let mut texts = Vec::new();
        for entry in std::fs::read_dir(folder).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            texts.extend(
                text.lines()
                    .filter(|l| !l.trim().is_empty())
                    .map(String::from),
            );
        }
        let typed: Vec<&str> = texts.iter().map(String::as_str).collect();
        let output = Command::new("node")
            .arg(repo_root().join("tests/js/run_index.js"))
            .arg(dir.path())
            .arg(format!("{DEFAULT}{language}/"))
            .arg(serde_json::to_string(&typed).unwrap())
            .arg("terms")
            .output()
            .expect("node runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let answers: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
        let stemming = dontpanic::search::language::Language::new(language).stemming;
        let mut differ = Vec::new();
        for (text, answer) in typed.iter().zip(&answers) {
            let from_browser: Vec<String> =
                serde_json::from_value(answer["terms"].clone()).unwrap();
            let from_build: Vec<String> = dontpanic::search::text::words(text)
                .map(|w| dontpanic::search::text::query_terms_in(w, stemming)[0].clone())
                .collect();
            if from_browser != from_build {
                differ.push(format!(
                    "{text}: build {from_build:?}, browser {from_browser:?}"
                ));
            }
        }
        assert!(differ.is_empty(), "{differ:#?}");
    }
}

//! The content of a site in several languages, laid out by language: each page and file moves
//! to where its language publishes it (`playbooks/lockout.zh.md` and `zh/playbooks/lockout.md`
//! both become `zh/playbooks/lockout.md`), and every page of the default language that a
//! language has not translated yet is copied under that language's folder, marked as a
//! fallback. Each language then has the whole tree, so links between pages stay in the reader's
//! language and the site model needs nothing more than its folders.

use std::sync::Arc;

use rustc_hash::FxHashSet as HashSet;

use super::{Content, SourcePage};
use crate::diagnostic::Diagnostic;
use crate::languages::{DEFAULT, Languages};

/// Moves `content`'s pages and files to their language's place and adds the fallbacks. A site
/// in one language is left as it is.
pub fn lay_out(content: &mut Content, languages: &Languages) {
    if !languages.is_multilingual() {
        return;
    }
    let mut taken: HashSet<String> = HashSet::default();
    let mut pages: Vec<Arc<SourcePage>> = Vec::with_capacity(content.pages.len());
    // Each language's pages in the order they were found, the default language's first.
    let mut sources = std::mem::take(&mut content.pages);
    sources.sort_by_key(|p| languages.of_path(&p.rel_path).0 != DEFAULT);
    let mut defaults: Vec<(String, Arc<SourcePage>)> = Vec::new();
    for source in sources {
        let (language, key) = languages.of_path(&source.rel_path);
        let key = key.into_owned();
        let published = languages.published_path(language, &key);
        if !taken.insert(published.clone()) {
            content.diagnostics.push(
                Diagnostic::warning(
                    &source.display_path,
                    0,
                    0,
                    format!(
                        "another file is already the {} page '{}': this one is left out",
                        languages.list[language].code, key
                    ),
                )
                .with_code("duplicate-translation")
                .with_hint("keep one of `page.md` and `page.<default language>.md`"),
            );
            continue;
        }
        let moved = if published == source.rel_path && language == DEFAULT {
            source
        } else {
            Arc::new(in_language(&source, language, &published, false))
        };
        if language == DEFAULT {
            defaults.push((key, Arc::clone(&moved)));
        }
        pages.push(moved);
    }
    for language in 1..languages.list.len() {
        for (key, source) in &defaults {
            let published = languages.published_path(language, key);
            if taken.insert(published.clone()) {
                pages.push(Arc::new(in_language(source, language, &published, true)));
            }
        }
    }
    content.pages = pages;
    for asset in &mut content.assets {
        let (language, key) = languages.of_path(&asset.rel_path);
        asset.rel_path = languages.published_path(language, &key);
    }
}

fn in_language(
    source: &SourcePage,
    language: usize,
    published: &str,
    fallback: bool,
) -> SourcePage {
    let mut page = source.clone();
    page.written_as = Some(source.file_path().to_string());
    page.rel_path = published.to_string();
    page.is_section = super::is_section_file(published);
    page.language = language;
    page.fallback = fallback;
    page
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::loader_for_tests::page;
    use crate::languages::LanguageConfig;

    fn languages() -> Languages {
        let configured = [("en", ""), ("zh", "")]
            .iter()
            .map(|(c, _)| (c.to_string(), LanguageConfig::default()))
            .collect();
        Languages::new("en", &configured).unwrap()
    }

    #[test]
    fn translations_move_under_their_language_and_the_rest_falls_back() {
        let mut content = Content::default();
        for path in [
            "_index.md",
            "playbooks/lockout.md",
            "playbooks/lockout.zh.md",
            "runbooks/disk.en.md",
        ] {
            content.pages.push(Arc::new(page(path)));
        }
        lay_out(&mut content, &languages());
        let mut laid: Vec<(String, usize, bool, bool)> = content
            .pages
            .iter()
            .map(|p| (p.rel_path.clone(), p.language, p.fallback, p.is_section))
            .collect();
        laid.sort();
        assert_eq!(
            laid,
            [
                ("_index.md".into(), 0, false, true),
                ("playbooks/lockout.md".into(), 0, false, false),
                ("runbooks/disk.md".into(), 0, false, false),
                ("zh/_index.md".into(), 1, true, true),
                ("zh/playbooks/lockout.md".into(), 1, false, false),
                ("zh/runbooks/disk.md".into(), 1, true, false),
            ]
        );
    }

    #[test]
    fn a_second_file_for_one_page_is_left_out_with_a_warning() {
        let mut content = Content::default();
        content.pages.push(Arc::new(page("a.en.md")));
        content.pages.push(Arc::new(page("a.md")));
        lay_out(&mut content, &languages());
        let defaults: Vec<_> = content.pages.iter().filter(|p| p.language == 0).collect();
        assert_eq!(defaults.len(), 1);
        assert_eq!(content.diagnostics[0].code, "duplicate-translation");
    }
}

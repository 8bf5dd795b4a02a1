//! The shipped catalogs against English, the BCP 47 fallbacks, plural forms, and a site's own
//! files: what a reader of each language ends up seeing.

use super::*;

#[test]
fn every_shipped_catalog_has_exactly_the_english_keys_and_placeholders() {
    let english = built_in_entries("en");
    assert!(english.len() > 150, "en.toml parses");
    for code in BUILT_IN {
        let text = crate::embedded::default_theme()
            .get_file(format!("i18n/{code}.toml"))
            .and_then(|f| f.contents_utf8())
            .unwrap_or_else(|| panic!("i18n/{code}.toml is shipped"));
        let own = parse(text).unwrap_or_else(|e| panic!("{code}.toml:{}: {}", e.0, e.1));
        let missing: Vec<&String> = english.keys().filter(|k| !own.contains_key(*k)).collect();
        let extra: Vec<&String> = own.keys().filter(|k| !english.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{code}.toml lacks {missing:?}");
        assert!(
            extra.is_empty(),
            "{code}.toml has keys English lacks: {extra:?}"
        );
        for (key, (entry, line)) in &own {
            assert_eq!(
                entry.placeholders(),
                english[key].placeholders(),
                "{code}.toml:{line}: '{key}' has other placeholders than English"
            );
            if let Entry::Plural(forms) = entry {
                assert!(
                    forms.contains_key("other"),
                    "{code}.toml:{line}: '{key}' lacks 'other'"
                );
            }
        }
    }
}

#[test]
fn codes_fall_back_by_script_then_language_then_english() {
    assert_eq!(resolve("zh-Hans"), "zh-Hans");
    assert_eq!(resolve("zh"), "zh-Hans");
    assert_eq!(resolve("zh-CN"), "zh-Hans");
    assert_eq!(resolve("zh-SG"), "zh-Hans");
    assert_eq!(resolve("zh-TW"), "en");
    assert_eq!(resolve("zh-HK"), "en");
    assert_eq!(resolve("zh-Hant"), "en");
    assert_eq!(resolve("pt-BR"), "pt");
    assert_eq!(resolve("de-AT"), "de");
    assert_eq!(resolve("DE"), "de");
    assert_eq!(resolve("nl"), "en");
    assert_eq!(resolve(""), "en");
}

#[test]
fn a_catalog_speaks_its_language_and_fills_in_parameters() {
    let de = for_language("de-AT");
    assert_eq!(de.text("search.title"), "Suche");
    assert_eq!(
        de.count("nav.more_in", 3, &[("section", "Playbooks")]),
        "3 weitere in Playbooks"
    );
    assert_eq!(de.days_ago(1), "vor 1 Tag");
    assert_eq!(de.date("2024-03-09"), "09.03.2024");
    assert_eq!(for_language("ja").text("search.title"), "検索");
    assert_eq!(for_language("zh-CN").text("search.title"), "搜索");
    assert_eq!(for_language("zh-TW").text("search.title"), "Search");
    let en = for_language("en");
    assert_eq!(en.days_ago(0), "today");
    assert_eq!(en.days_ago(42), "42 days ago");
    assert_eq!(en.date("2024-03-09"), "2024-03-09");
}

#[test]
fn arabic_counts_take_their_own_plural_forms() {
    let ar = for_language("ar");
    assert_eq!(ar.count("general.pages", 2, &[]), "صفحتان");
    assert_eq!(ar.count("general.pages", 5, &[]), "5 صفحات");
    assert_eq!(ar.count("general.pages", 11, &[]), "11 صفحة");
    assert_eq!(plural_category("ar", 102), "other");
    assert_eq!(plural_category("fr", 0), "one");
    assert_eq!(plural_category("ja", 1), "other");
}

#[test]
fn the_scripts_get_only_their_table() {
    let de = for_language("de");
    let script = de.script();
    assert!(script.starts_with("// "));
    assert!(script.contains("window.dontpanicStrings = {"));
    assert!(script.contains("\"search.no_results\":\"Keine Seite passt zu „{query}“.\""));
    assert!(
        !script.contains("Zum Inhalt springen"),
        "template strings stay out"
    );
    assert_eq!(de.script_path(), "assets/strings.de.js");
}

#[test]
fn a_malformed_site_catalog_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("i18n")).unwrap();
    std::fs::write(
        dir.path().join("i18n/de.toml"),
        "[search]\ntitle = \"Suchen\"\nplaceholder = \n",
    )
    .unwrap();
    let (_, problems) = Catalogs::load(dir.path(), &dir.path().join("themes/x"), |p| {
        p.strip_prefix(dir.path()).unwrap().to_path_buf()
    });
    assert_eq!(problems.len(), 1, "{problems:?}");
    let shown = problems[0].to_string();
    assert!(shown.starts_with("i18n/de.toml:3:"), "{shown}");
    assert!(problems[0].is_error());
}

#[test]
fn a_site_catalog_overrides_key_by_key_and_warns_of_typos() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("i18n")).unwrap();
    std::fs::write(
        dir.path().join("i18n/de.toml"),
        "[search]\ntitle = \"Finden\"\nplacehlder = \"x\"\n",
    )
    .unwrap();
    let (catalogs, problems) = Catalogs::load(dir.path(), &dir.path().join("themes/x"), |p| {
        p.strip_prefix(dir.path()).unwrap().to_path_buf()
    });
    let de = catalogs.for_language("de");
    assert_eq!(de.text("search.title"), "Finden");
    assert_eq!(de.text("search.filters"), "Filter");
    assert_eq!(problems.len(), 1, "{problems:?}");
    let shown = problems[0].to_string();
    assert!(shown.contains("i18n/de.toml:3:"), "{shown}");
    assert!(
        shown.contains("unknown interface string 'search.placehlder'"),
        "{shown}"
    );
    assert!(
        shown.contains("did you mean 'search.placeholder'"),
        "{shown}"
    );
}

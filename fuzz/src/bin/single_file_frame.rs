//! The single-file copy's frame (the home page with every section's pages in its navigation)
//! rendered by the default theme, with arbitrary text as the site's title and description and
//! as the pages' titles, navigation titles and descriptions: markup in them stays text.
//!
//! The input is NUL-separated fields (missing ones are empty): site title, site description,
//! home title, section title, page title, page navigation title, page description, title of a
//! page taken from its first heading.
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use dontpanic::config::Config;
use dontpanic::content::{Content, SourcePage, parse_page};
use dontpanic::markdown::Rendered;
use dontpanic::pipeline::Mode;
use dontpanic::site::Site;
use dontpanic::theme::{BuildInfo, Theme};

/// Markup that the default theme's frame never writes itself, so any of it in the frame came
/// from the input unescaped.
const FOREIGN_TAGS: [&str; 4] = ["<img", "<svg", "<iframe", "<object"];

fn page(rel_path: &str) -> SourcePage {
    parse_page(rel_path, &Path::new("content").join(rel_path), "").expect("an empty page parses")
}

/// The frame of a site of four pages (home, a section, two pages in it) titled from `fields`.
fn frame(theme: &Theme, build: &BuildInfo, fields: &[&str]) -> String {
    let field = |n: usize| fields.get(n).copied().unwrap_or_default().to_string();
    let non_empty = |n: usize| Some(field(n)).filter(|f| !f.is_empty());
    let config = Config {
        title: field(0),
        description: field(1),
        ..Config::default()
    };
    let mut home = page("_index.md");
    home.front.title = non_empty(2);
    let mut section = page("runbooks/_index.md");
    section.front.title = non_empty(3);
    let mut runbook = page("runbooks/disk.md");
    runbook.front.title = non_empty(4);
    runbook.front.nav_title = non_empty(5);
    runbook.front.description = non_empty(6);
    let headed = page("runbooks/headed.md");
    let content = Content {
        pages: [home, section, runbook, headed].into_iter().map(Arc::new).collect(),
        ..Content::default()
    };
    let mut site = Site::layout(config, content, PathBuf::from("content"));
    let rendered: Vec<Arc<Rendered>> = site
        .pages
        .iter()
        .map(|p| {
            let mut rendered = Rendered::default();
            if p.url == "runbooks/headed.html" {
                rendered.title = non_empty(7);
            }
            Arc::new(rendered)
        })
        .collect();
    site.attach_rendered(rendered);
    theme.render_frame(&site, build).expect("the default theme renders its frame")
}

fn main() {
    let theme = Theme::load(Path::new("/nonexistent"), Path::new("themes/default"))
        .expect("the default theme loads")
        .for_single_file()
        .expect("the default theme makes a frame");
    let today = jiff::civil::date(2026, 12, 1);
    let build = BuildInfo::new(today, Mode::SingleFile).with_theme(&theme);
    let plain = frame(&theme, &build, &["Site", "About", "Home", "Runbooks", "Disk", "D", "x", "H"]);
    let plain = plain.to_ascii_lowercase();
    for tag in FOREIGN_TAGS {
        assert!(!plain.contains(tag), "the theme's frame writes {tag} itself");
    }
    // The theme is read, never changed, by each run: a panic cannot leave it half-updated.
    let (theme, build) = (AssertUnwindSafe(theme), AssertUnwindSafe(build));
    afl::fuzz!(|data: &[u8]| {
        let input = String::from_utf8_lossy(data);
        let fields: Vec<&str> = input.split('\0').collect();
        let html = frame(&theme, &build, &fields).to_ascii_lowercase();
        let input = input.to_ascii_lowercase();
        for tag in FOREIGN_TAGS {
            if input.contains(tag) {
                assert!(!html.contains(tag), "{tag} of the input is in the frame unescaped");
            }
        }
    });
}

//! Output that grows linearly: a page's HTML does not grow with the number of its siblings,
//! and everything stays reachable without JavaScript through the section's own page.

use super::harness::Site;

fn flat_site(pages: usize) -> Site {
    let mut files: Vec<(String, String)> = vec![
        ("content/_index.md".into(), "# Ops\n".into()),
        (
            "content/alerts-runbooks/_index.md".into(),
            "# Alert runbooks\n".into(),
        ),
    ];
    for n in 0..pages {
        files.push((
            format!("content/alerts-runbooks/alert-{n:04}.md"),
            format!("# Alert {n:04} firing\n\n## First actions\n\nCheck the dashboard for service {n}.\n"),
        ));
    }
    Site::with_owned(&files)
}

fn average_page_bytes(site: &Site, pages: usize) -> f64 {
    let total: usize = (0..pages)
        .map(|n| {
            site.output(&format!("alerts-runbooks/alert-{n:04}.html"))
                .len()
        })
        .sum();
    total as f64 / pages as f64
}

#[test]
fn a_page_in_a_folder_of_a_thousand_is_no_bigger_than_one_in_a_folder_of_a_hundred() {
    let small = flat_site(100);
    small.build_ok();
    let large = flat_site(1000);
    large.build_ok();
    let (small_bytes, large_bytes) = (
        average_page_bytes(&small, 100),
        average_page_bytes(&large, 1000),
    );
    assert!(
        large_bytes <= small_bytes * 1.2,
        "{large_bytes:.0} bytes per page in a 1,000-page folder, {small_bytes:.0} in a 100-page one"
    );

    // The sidebar of a page deep in the folder lists its neighbours and itself, and links to
    // the section for the rest.
    let page = large.output("alerts-runbooks/alert-0500.html");
    let sidebar = &page[page.find("id=\"sidebar\"").unwrap()..page.find("</nav>").unwrap()];
    assert!(
        sidebar.contains("aria-current=\"page\">Alert 0500 firing<"),
        "{sidebar}"
    );
    assert!(sidebar.contains("alert-0499.html") && sidebar.contains("alert-0501.html"));
    assert!(!sidebar.contains("alert-0100.html") && !sidebar.contains("alert-0900.html"));
    assert!(
        sidebar.contains(">495 more in Alert runbooks</a>"),
        "{sidebar}"
    );
    assert!(
        sidebar.contains(">494 more in Alert runbooks</a>"),
        "{sidebar}"
    );

    // Without JavaScript, the section's page lists every page of the folder.
    let section = large.output("alerts-runbooks/index.html");
    for n in [0, 499, 999] {
        assert!(
            section.contains(&format!("href=\"alert-{n:04}.html\"")),
            "alert {n}"
        );
    }
}

//! Runbook repositories written for GitHub, GitLab or MkDocs build as they are: their title
//! headings, table-of-contents markers and anchor styles.

use super::harness::Site;

#[test]
fn a_github_style_repository_reads_as_it_did_there() {
    let site = Site::with(&[
        (
            "content/README.md",
            "# Ops runbooks\n\nSee [disk](disk.md#diagnosis--containment), [the GitLab way](disk.md#diagnosis-containment) and [the top](disk.md#disk-almost-full).\n",
        ),
        (
            "content/disk.md",
            "<!-- maintained by the storage team -->\n\n[![status](badge.svg)](https://ci.example.com)\n\n[[_TOC_]]\n\n# Disk almost full\n\n## Diagnosis & containment\n\n## --latency\n",
        ),
        (
            "content/badge.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ]);
    let run = site.build_ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let page = site.output("disk.html");
    assert_eq!(page.matches("<h1").count(), 1, "one visible title: {page}");
    assert!(page.contains("<h1>Disk almost full</h1>"), "{page}");
    assert!(!page.contains("_TOC_"), "the marker is not shown");
    assert!(page.contains("id=\"--latency\""), "GitHub's ids, exactly");
    assert!(page.contains("id=\"disk-almost-full\""));
    let home = site.output("index.html");
    assert!(home.contains("href=\"disk.html#diagnosis-containment\""));
}

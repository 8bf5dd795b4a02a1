//! Symbolic links where the build writes: an output folder that is a link, and links planted
//! under the names of the writer's own working folders. Nothing outside the output is ever
//! removed or emptied. On the real file system.

use std::os::unix::fs::symlink;

use super::harness::{Site, files_under, run_in};

fn home() -> (&'static str, &'static str) {
    ("content/index.md", "# Home\n\nSome text.\n")
}

#[test]
fn an_output_folder_that_is_a_link_is_written_through_and_stays_a_link() {
    let site = Site::with(&[home()]);
    let web = tempfile::tempdir().unwrap();
    let web_root = web.path().join("www");
    let first = site.run(&["build", "-o", web_root.to_str().unwrap()]);
    assert_eq!(first.code, 0, "{}", first.stderr);
    std::fs::write(web.path().join("beside.txt"), "not ours").unwrap();
    symlink(&web_root, site.root().join("public")).unwrap();

    site.write("content/runbooks/disk.md", "# Disk full\n\nFree space.\n");
    let build = site.build();
    assert_eq!(build.code, 0, "{}", build.stderr);
    let public = site.root().join("public");
    assert!(
        std::fs::symlink_metadata(&public).unwrap().is_symlink(),
        "public is still the link"
    );
    assert!(
        web_root.join("runbooks/disk.html").is_file(),
        "the new page is in the web root"
    );
    assert!(web_root.join("index.html").is_file());
    assert_eq!(
        std::fs::read_to_string(web.path().join("beside.txt")).unwrap(),
        "not ours"
    );
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .chain(std::fs::read_dir(web.path()).unwrap())
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".staging-"))
        .collect();
    assert!(leftovers.is_empty(), "working folders left: {leftovers:?}");
    // And again: the second build through the link works as well.
    let again = site.build();
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(web_root.join("runbooks/disk.html").is_file());
}

#[test]
fn a_planted_staging_link_is_never_followed_or_emptied() {
    let site = Site::with(&[home()]);
    site.build_ok();
    // Any folder with a marker, e.g. another site's output, or a folder someone marked.
    let victim = tempfile::tempdir().unwrap();
    std::fs::write(victim.path().join(".dontpanic-output"), "x").unwrap();
    std::fs::write(victim.path().join("precious.txt"), "keep me").unwrap();
    for name in [".public.staging-99999", ".public.staging-99998.old"] {
        symlink(victim.path(), site.root().join(name)).unwrap();
    }

    for _ in 0..2 {
        let build = site.build();
        assert_eq!(build.code, 0, "{}", build.stderr);
        assert!(site.has_output("index.html"));
    }
    assert_eq!(
        std::fs::read_to_string(victim.path().join("precious.txt")).unwrap(),
        "keep me"
    );
    assert!(victim.path().join(".dontpanic-output").exists());
    assert!(
        std::fs::symlink_metadata(site.root().join("public"))
            .unwrap()
            .is_dir()
    );
}

#[test]
fn a_planted_link_inside_a_dead_builds_folder_is_removed_as_a_link() {
    let site = Site::with(&[home()]);
    site.build_ok();
    let victim = tempfile::tempdir().unwrap();
    std::fs::write(victim.path().join("precious.txt"), "keep me").unwrap();
    let dead = site.root().join(".public.staging-99997");
    std::fs::create_dir(&dead).unwrap();
    std::fs::write(dead.join(".dontpanic-output"), "x").unwrap();
    symlink(victim.path(), dead.join("runbooks")).unwrap();

    site.build_ok();
    assert!(!dead.exists(), "the dead build's folder is cleared");
    assert_eq!(files_under(victim.path()), vec!["precious.txt"]);
}

#[test]
fn an_output_link_to_nowhere_or_to_itself_is_refused_with_both_named() {
    let site = Site::with(&[home()]);
    symlink(site.root().join("gone"), site.root().join("public")).unwrap();
    let build = site.build();
    assert_eq!(build.code, 2, "{}", build.stderr);
    assert!(
        build.stderr.contains("public is a symbolic link to")
            && build.stderr.contains("gone, which does not exist"),
        "{}",
        build.stderr
    );

    std::fs::remove_file(site.root().join("public")).unwrap();
    symlink("public", site.root().join("public")).unwrap();
    let build = site.build();
    assert_eq!(build.code, 2, "{}", build.stderr);
    assert!(
        build.stderr.contains("points back to itself"),
        "{}",
        build.stderr
    );
}

#[test]
fn an_output_link_to_a_folder_dontpanic_did_not_write_is_refused() {
    let site = Site::with(&[home()]);
    let theirs = tempfile::tempdir().unwrap();
    std::fs::write(theirs.path().join("index.php"), "<?php").unwrap();
    symlink(theirs.path(), site.root().join("public")).unwrap();
    let build = run_in(site.root(), &["build"]);
    assert_eq!(build.code, 2, "{}", build.stderr);
    assert!(
        build.stderr.contains("was not written by dontpanic"),
        "{}",
        build.stderr
    );
    assert_eq!(files_under(theirs.path()), vec!["index.php"]);
}

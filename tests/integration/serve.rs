//! `dontpanic serve`: edits of every kind show up, errors show over the last good site, and
//! the server answers only what it should.

use std::time::Duration;

use super::harness::Site;
use super::serve_harness::Preview;

const WAIT: Duration = Duration::from_secs(10);

fn site() -> Site {
    Site::with(&[
        ("content/_index.md", "# Home\n\n[Disk](runbooks/disk.md)\n"),
        ("content/runbooks/_index.md", "# Runbooks\n"),
        (
            "content/runbooks/disk.md",
            "# Disk full\n\nFirst version.\n",
        ),
    ])
}

#[test]
fn an_edit_in_place_is_served_after_the_rebuild() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    assert!(
        preview
            .get("/runbooks/disk.html")
            .body
            .contains("First version.")
    );
    site.write(
        "content/runbooks/disk.md",
        "# Disk full\n\nSecond version.\n",
    );
    preview.wait_until("/runbooks/disk.html", WAIT, |r| {
        r.body.contains("Second version.")
    });
}

#[test]
fn saving_through_a_temp_file_and_rename_is_seen() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    // What vim, JetBrains and VS Code do: write a temporary file, then rename it over the page.
    site.write("content/runbooks/.disk.md.swp", "swap");
    site.write(
        "content/runbooks/disk.md.tmp",
        "# Disk full\n\nRenamed in.\n",
    );
    std::fs::rename(
        site.root().join("content/runbooks/disk.md.tmp"),
        site.root().join("content/runbooks/disk.md"),
    )
    .unwrap();
    std::fs::remove_file(site.root().join("content/runbooks/.disk.md.swp")).unwrap();
    preview.wait_until("/runbooks/disk.html", WAIT, |r| {
        r.body.contains("Renamed in.")
    });
}

#[test]
fn deleted_and_recreated_pages_and_folders_come_and_go() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    site.remove("content/runbooks/disk.md");
    preview.wait_until("/runbooks/disk.html", WAIT, |r| r.status == 404);
    site.write("content/runbooks/disk.md", "# Disk full\n\nBack again.\n");
    preview.wait_until("/runbooks/disk.html", WAIT, |r| {
        r.status == 200 && r.body.contains("Back again.")
    });

    // A new folder of pages, then the folder deleted and created again.
    site.write("content/network/vpn.md", "# VPN down\n");
    site.write("content/network/dns.md", "# DNS broken\n");
    preview.wait_until("/network/vpn.html", WAIT, |r| r.status == 200);
    preview.wait_until("/network/index.html", WAIT, |r| {
        r.body.contains("DNS broken")
    });
    std::fs::remove_dir_all(site.root().join("content/network")).unwrap();
    preview.wait_until("/network/vpn.html", WAIT, |r| r.status == 404);
    site.write("content/network/vpn.md", "# VPN down again\n");
    preview.wait_until("/network/vpn.html", WAIT, |r| {
        r.body.contains("VPN down again")
    });
    site.write("content/network/vpn.md", "# VPN edited after re-creation\n");
    preview.wait_until("/network/vpn.html", WAIT, |r| {
        r.body.contains("VPN edited after re-creation")
    });
}

#[test]
fn a_moved_page_is_served_at_its_new_place_and_links_follow() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    std::fs::create_dir_all(site.root().join("content/storage")).unwrap();
    std::fs::rename(
        site.root().join("content/runbooks/disk.md"),
        site.root().join("content/storage/disk.md"),
    )
    .unwrap();
    preview.wait_until("/storage/disk.html", WAIT, |r| r.status == 200);
    assert_eq!(preview.get("/runbooks/disk.html").status, 404);
    site.write("content/_index.md", "# Home\n\n[Disk](storage/disk.md)\n");
    preview.wait_until("/index.html", WAIT, |r| {
        r.body.contains("href=\"storage/disk.html\"")
    });
}

#[test]
fn a_burst_of_changes_is_one_rebuild_and_droppings_none() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    let before = preview.builds();
    for i in 0..50 {
        site.write(
            &format!("content/bulk/page-{i:02}.md"),
            &format!("# Bulk {i}\n"),
        );
    }
    preview.wait_until("/bulk/page-49.html", WAIT, |r| r.status == 200);
    std::thread::sleep(Duration::from_millis(300));
    let after_burst = preview.builds();
    assert!(
        after_burst - before <= 2,
        "{} rebuilds for one burst:\n{}",
        after_burst - before,
        preview.log().join("\n")
    );

    for dropping in [
        "content/.page.md.swp",
        "content/page.md~",
        "content/.#page.md",
        "content/4913",
        "public/index.html",
    ] {
        site.write(dropping, "x");
    }
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        preview.builds(),
        after_burst,
        "editor droppings or the output folder triggered a rebuild"
    );
}

#[test]
fn a_build_error_keeps_the_last_good_site_and_shows_an_overlay_until_fixed() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    site.write(
        "content/runbooks/disk.md",
        "+++\ntitle = 1\n+++\nBroken version.\n",
    );
    let broken = preview.wait_until("/runbooks/disk.html", WAIT, |r| {
        r.body.contains("dontpanic-errors")
    });
    assert_eq!(broken.status, 200);
    assert!(
        broken.body.contains("First version."),
        "the last good page stays"
    );
    assert!(
        broken.body.contains(
            "content/runbooks/disk.md:2:9: error: 'title' should be a string, not the number 1"
        ),
        "{}",
        broken.body
    );
    preview.wait_for_log("Build failed: 1 error", WAIT);
    site.write(
        "content/runbooks/disk.md",
        "# Disk full\n\nFixed version.\n",
    );
    let fixed = preview.wait_until("/runbooks/disk.html", WAIT, |r| {
        r.body.contains("Fixed version.")
    });
    assert!(!fixed.body.contains("dontpanic-errors"));
}

#[test]
fn serve_never_writes_the_output_folder() {
    let site = site();
    site.build_ok();
    let before = super::harness::files_under(&site.root().join("public"));
    let index = site.output("index.html");
    let preview = Preview::start(site.root(), &[]);
    site.write(
        "content/runbooks/disk.md",
        "# Disk full\n\nChanged while serving.\n",
    );
    preview.wait_until("/runbooks/disk.html", WAIT, |r| {
        r.body.contains("Changed while serving.")
    });
    assert_eq!(
        super::harness::files_under(&site.root().join("public")),
        before
    );
    assert_eq!(site.output("index.html"), index);
    assert!(
        !index.contains("__dontpanic"),
        "no live reload in built output"
    );
}

#[test]
fn live_reload_is_injected_into_html_only() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    let page = preview.get("/runbooks/disk.html");
    assert!(
        page.body.contains("<script src=\"/__dontpanic/live.js\""),
        "{}",
        page.body
    );
    let css = preview.get("/dontpanic/assets/style.css");
    assert_eq!(
        css.header("Content-Type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    assert!(!css.body.contains("__dontpanic"));
    let script = preview.get("/__dontpanic/live.js");
    assert!(script.body.contains("EventSource"));
    assert!(
        !page.body.contains("data-service-worker"),
        "no service worker in the preview"
    );
    assert_eq!(preview.get("/dontpanic-sw.js").status, 404);
}

#[test]
fn only_site_files_are_served() {
    let site = site();
    site.write("secret.txt", "do not serve");
    let preview = Preview::start(site.root(), &[]);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/runbooks%2f..%2f..%2fsecret.txt",
        "/runbooks/..\\..\\secret.txt",
        "//etc/passwd",
        "/dontpanic.toml",
        "/content/runbooks/disk.md",
    ] {
        let response = preview.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
            preview.port
        ));
        assert!(
            response.status == 400 || response.status == 404,
            "{path}: {}",
            response.status
        );
        assert!(
            !response.body.contains("do not serve") && !response.body.contains("root:"),
            "{path} leaked"
        );
    }
}

#[test]
fn requests_for_other_hosts_are_refused() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    let evil = preview.raw(&format!(
        "GET / HTTP/1.1\r\nHost: attacker.example:{}\r\n\r\n",
        preview.port
    ));
    assert_eq!(evil.status, 403);
    let local = preview.raw(&format!(
        "GET / HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
        preview.port
    ));
    assert_eq!(local.status, 200);
}

#[test]
fn http_behaves_like_a_careful_static_server() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    let page = preview.get("/runbooks/disk.html");
    assert_eq!(page.status, 200);
    assert_eq!(page.header("Cache-Control").as_deref(), Some("no-store"));
    assert_eq!(
        page.header("X-Content-Type-Options").as_deref(),
        Some("nosniff")
    );
    assert_eq!(
        page.header("Content-Type").as_deref(),
        Some("text/html; charset=utf-8")
    );

    let head = preview.raw(&format!(
        "HEAD /runbooks/disk.html HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
        preview.port
    ));
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());

    let folder = preview.get("/runbooks");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("Location").as_deref(), Some("/runbooks/"));
    assert!(preview.get("/runbooks/").body.contains("<h1>Runbooks</h1>"));

    let missing = preview.get("/no/such/page.html");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"));

    let post = preview.raw(&format!(
        "POST / HTTP/1.1\r\nHost: localhost:{}\r\nContent-Length: 0\r\n\r\n",
        preview.port
    ));
    assert_eq!(post.status, 405);
    assert_eq!(post.header("Allow").as_deref(), Some("GET, HEAD"));
}

#[test]
fn over_long_requests_are_refused() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    let long_line = preview.raw(&format!(
        "GET /{} HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "a".repeat(20_000)
    ));
    assert_eq!(long_line.status, 414);
    let big_header = preview.raw(&format!(
        "GET / HTTP/1.1\r\nHost: localhost\r\nX-Junk: {}\r\n\r\n",
        "b".repeat(40_000)
    ));
    assert_eq!(big_header.status, 431);
    assert_eq!(preview.get("/").status, 200, "the server still answers");
}

#[test]
fn idle_live_reload_streams_do_not_block_other_requests() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    let mut streams = Vec::new();
    for _ in 0..40 {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", preview.port)).unwrap();
        std::io::Write::write_all(
            &mut stream,
            format!(
                "GET /__dontpanic/events HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
                preview.port
            )
            .as_bytes(),
        )
        .unwrap();
        streams.push(stream);
    }
    // A client that sends half a request and stalls.
    let mut slow = std::net::TcpStream::connect(("127.0.0.1", preview.port)).unwrap();
    std::io::Write::write_all(&mut slow, b"GET / HTTP/1.1\r\nHo").unwrap();
    let started = std::time::Instant::now();
    assert_eq!(preview.get("/runbooks/disk.html").status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "a page took {:?} with idle streams open",
        started.elapsed()
    );
    drop(streams);
}

#[test]
fn a_taken_port_moves_to_the_next_free_one() {
    let site = site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let preview = Preview::start(site.root(), &["--port", &port.to_string()]);
    assert_ne!(preview.port, port);
    preview.wait_for_log(&format!("Port {port} is in use"), WAIT);
    assert_eq!(preview.get("/").status, 200);
}

#[test]
fn the_whole_content_folder_deleted_and_restored_is_watched_again() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    std::fs::remove_dir_all(site.root().join("content")).unwrap();
    preview.wait_for_log("content folder does not exist", WAIT);
    site.write("content/_index.md", "# Home again\n");
    preview.wait_until("/", WAIT, |r| {
        r.status == 200 && r.body.contains("Home again")
    });
    site.write("content/_index.md", "# Home edited after the restore\n");
    preview.wait_until("/", WAIT, |r| {
        r.body.contains("Home edited after the restore")
    });
}

#[test]
fn polling_sees_edits_too() {
    let site = site();
    let preview = Preview::start(site.root(), &["--poll"]);
    site.write(
        "content/runbooks/disk.md",
        "# Disk full\n\nSeen by polling.\n",
    );
    preview.wait_until("/runbooks/disk.html", WAIT, |r| {
        r.body.contains("Seen by polling.")
    });
}

#[test]
fn symbolic_links_out_of_the_site_are_not_served() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "outside secret").unwrap();
    let site = site();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.root().join("content/leak.txt"),
    )
    .unwrap();
    let preview = Preview::start(site.root(), &[]);
    let response = preview.get("/leak.txt");
    assert_ne!(response.status, 200);
    assert!(!response.body.contains("outside secret"));
    preview.wait_for_log("content/leak.txt:1:1: error: symbolic link to ", WAIT);
}

#[test]
fn the_search_index_follows_edits() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    let meta = preview.get("/dontpanic/search/meta.js");
    assert_eq!(meta.status, 200);
    assert_eq!(
        meta.header("Content-Type").as_deref(),
        Some("text/javascript; charset=utf-8")
    );
    assert!(
        meta.body.starts_with("dontpanicSearch.meta("),
        "{}",
        meta.body
    );
    site.write(
        "content/runbooks/disk.md",
        "# Disk full\n\nCall the zanzibar team.\n",
    );
    preview.wait_until("/runbooks/disk.html", WAIT, |r| r.body.contains("zanzibar"));
    let shard = preview.get("/dontpanic/search/t/za.js");
    assert_eq!(
        shard.status,
        200,
        "{}",
        preview.get("/dontpanic/search/meta.js").body
    );
    assert!(shard.body.contains("\"zanzibar\""), "{}", shard.body);
}

#[test]
fn the_binder_is_served_on_demand() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    let binder = preview.get("/dontpanic/binder.html");
    assert_eq!(binder.status, 200);
    assert!(
        binder.body.contains("<h1>Disk full</h1>"),
        "{}",
        binder.body
    );
    assert!(
        binder.body.contains("/__dontpanic/live.js"),
        "live reload in the binder too"
    );
}

#[test]
fn generated_pages_and_headers_follow_front_matter_and_config_edits() {
    let site = Site::with(&[
        ("dontpanic.toml", "[contacts.dana]\nname = \"Dana\"\n"),
        (
            "content/disk.md",
            "+++\ntitle = \"Disk full\"\nkind = \"runbook\"\nowner = \"dana\"\nlast_reviewed = 2026-01-01\n+++\n## Steps\n",
        ),
    ]);
    let preview = Preview::start(site.root(), &[]);
    assert!(
        preview
            .get("/operations/review-report.html")
            .body
            .contains("2026-01-01")
    );
    site.write("content/disk.md", "+++\ntitle = \"Disk full\"\nkind = \"runbook\"\nowner = \"dana\"\nlast_reviewed = 2026-02-02\n+++\n## Steps\n");
    preview.wait_until("/operations/review-report.html", WAIT, |r| {
        r.body.contains("2026-02-02")
    });
    site.write(
        "dontpanic.toml",
        "[contacts.dana]\nname = \"Dana Whitfield\"\n",
    );
    preview.wait_until("/disk.html", WAIT, |r| {
        r.body.contains(">Dana Whitfield</a>")
    });
}

#[test]
fn serving_a_root_that_does_not_exist_says_so() {
    let parent = tempfile::tempdir().unwrap();
    let run = super::harness::run_in(
        parent.path(),
        &["serve", "--root", "no-such-site", "--port", "0"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("the site root no-such-site does not exist"),
        "{}",
        run.stderr
    );
}

/// Requests with a body were once forwarded without it and never answered; 512 of them took
/// the preview down for good. Each is now refused at once and the server keeps answering.
#[test]
fn requests_with_a_body_are_refused_at_once_and_never_pile_up() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    let started = std::time::Instant::now();
    let post = preview.raw(&format!(
        "POST /runbooks/disk.html HTTP/1.1\r\nHost: localhost:{}\r\nContent-Length: 11\r\n\r\nhello=world",
        preview.port
    ));
    assert_eq!(post.status, 405);
    assert_eq!(post.header("Allow").as_deref(), Some("GET, HEAD"));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );

    let get_with_body = preview.raw(&format!(
        "GET / HTTP/1.1\r\nHost: localhost:{}\r\nContent-Length: 3\r\n\r\nabc",
        preview.port
    ));
    assert_eq!(get_with_body.status, 413);

    // Many at once, from threads, as `curl -d` in a loop would: every one is answered.
    let port = preview.port;
    let answered: Vec<u16> = (0..8)
        .map(|_| {
            std::thread::spawn(move || {
                (0..100)
                    .map(|_| {
                        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
                        stream
                            .set_read_timeout(Some(Duration::from_secs(10)))
                            .unwrap();
                        let request = format!(
                            "PUT /x HTTP/1.1\r\nHost: localhost:{port}\r\nContent-Length: 4\r\n\r\nbody"
                        );
                        std::io::Write::write_all(&mut stream, request.as_bytes()).unwrap();
                        let mut reply = String::new();
                        let _ = std::io::Read::read_to_string(&mut stream, &mut reply);
                        reply
                            .split_whitespace()
                            .nth(1)
                            .and_then(|s| s.parse().ok())
                            .unwrap_or(0)
                    })
                    .collect::<Vec<u16>>()
            })
        })
        .flat_map(|t| t.join().unwrap())
        .collect();
    assert_eq!(answered.len(), 800);
    assert!(answered.iter().all(|&s| s == 405), "{answered:?}");
    assert_eq!(preview.get("/runbooks/disk.html").status, 200);
}

/// A client that trickles its request head a byte at a time is cut off at the head deadline
/// (10 s), and while it trickles, others are answered at once.
#[test]
fn a_slow_client_is_cut_off_and_blocks_nobody() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    let mut slow = std::net::TcpStream::connect(("127.0.0.1", preview.port)).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let started = std::time::Instant::now();
    let trickle = std::thread::spawn(move || {
        for byte in b"GET / HTTP/1.1\r\nX-Slow: ".iter().cycle().take(60) {
            if std::io::Write::write_all(&mut slow, &[*byte]).is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        let mut rest = Vec::new();
        let _ = std::io::Read::read_to_end(&mut slow, &mut rest);
        rest
    });
    for _ in 0..20 {
        let asked = std::time::Instant::now();
        assert_eq!(preview.get("/runbooks/disk.html").status, 200);
        assert!(asked.elapsed() < Duration::from_secs(1));
    }
    let answer = trickle.join().unwrap();
    assert!(
        answer.is_empty() || !String::from_utf8_lossy(&answer).contains("200 OK"),
        "a head that never ends is not served"
    );
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(16),
        "the slow client was held for {took:?}"
    );
}

#[test]
fn a_doubled_slash_redirects_on_this_host_and_foreign_pages_cannot_listen() {
    let site = site();
    let preview = Preview::start(site.root(), &[]);
    let doubled = preview.get("//runbooks");
    assert_eq!(doubled.status, 301);
    assert_eq!(doubled.header("Location").as_deref(), Some("/runbooks/"));

    let foreign = preview.raw(&format!(
        "GET /__dontpanic/events HTTP/1.1\r\nHost: localhost:{}\r\nOrigin: http://evil.example.com\r\n\r\n",
        preview.port
    ));
    assert_eq!(foreign.status, 403);
}

#[test]
fn serve_watches_the_configured_content_folder() {
    let site = Site::with(&[
        ("dontpanic.toml", "content_dir = \"docs\"\n"),
        ("docs/index.md", "# Runbooks\n\nFirst text.\n"),
    ]);
    let preview = Preview::start(site.root(), &[]);
    assert!(preview.get("/").body.contains("First text."));
    site.write("docs/index.md", "# Runbooks\n\nEdited in docs.\n");
    preview.wait_until("/", WAIT, |r| r.body.contains("Edited in docs."));
}

/// The preview themes a page when it is asked for and keeps it; an edit themes again only the
/// pages that were open (and the home page), whatever changed and however many pages there are.
#[test]
fn serve_themes_only_the_pages_asked_for() {
    let mut files: Vec<(String, String)> = (0..40)
        .map(|i| {
            (
                format!("content/runbooks/r{i:02}.md"),
                format!("+++\ntitle = \"Runbook {i:02}\"\n+++\nText {i}.\n"),
            )
        })
        .collect();
    files.push(("content/_index.md".into(), "# Home\n".into()));
    let site = Site::with_owned(&files);
    let preview = Preview::start(site.root(), &[]);
    let first = preview.wait_for_log("Built ", WAIT);
    assert!(
        first.contains("(1 rendered)"),
        "the home page only: {first}"
    );

    let asked = preview.get("/runbooks/r05.html");
    assert_eq!(asked.status, 200);
    assert_eq!(asked.header("x-dontpanic-themed").as_deref(), Some("now"));
    let again = preview.get("/runbooks/r05.html");
    assert_eq!(
        again.header("x-dontpanic-themed"),
        None,
        "kept from the first request"
    );

    // A title the navigation of the pages around it shows (it sorts where the old one did, in
    // their sidebar's window): only the open page and the home page are themed with the build,
    // and the open page shows the new title at once.
    site.write(
        "content/runbooks/r06.md",
        "+++\ntitle = \"Runbook 06 renamed\"\n+++\nText 6.\n",
    );
    let rebuilt = preview.wait_for_log("r06.md", WAIT);
    assert!(rebuilt.contains("(2 rendered)"), "{rebuilt}");
    let open = preview.get("/runbooks/r05.html");
    assert!(open.body.contains("Runbook 06 renamed"), "{}", open.body);
    assert_eq!(
        open.header("x-dontpanic-themed"),
        None,
        "themed with the build"
    );
    let other = preview.get("/runbooks/r08.html");
    assert_eq!(other.header("x-dontpanic-themed").as_deref(), Some("now"));
    assert!(other.body.contains("Runbook 06 renamed"));
}

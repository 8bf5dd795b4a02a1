//! The built folder behind a real nginx under a sub-path, with the configuration `build --host
//! nginx` writes: navigation, real redirects for aliases and alert addresses, the 404 page at a
//! deep unknown address, search, and caching that picks up a changed stylesheet. nginx comes
//! from Debian's package (scripts/test installs it when missing).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::harness::Site;
use super::webdriver::Browser;

struct Nginx {
    child: Child,
    port: u16,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn nginx_binary() -> PathBuf {
    ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .expect("nginx is installed (scripts/test installs Debian's nginx)")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts nginx on a loopback port with `include` inside its one server block.
fn start_nginx(work: &Path, include: &Path, port: u16) -> Nginx {
    let config = work.join("nginx.conf");
    let user = if running_as_root() {
        "user root;\n"
    } else {
        ""
    };
    std::fs::write(
        &config,
        format!(
            "{user}daemon off;\nworker_processes 1;\npid {work}/nginx.pid;\nerror_log {work}/error.log;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n  include /etc/nginx/mime.types;\n  access_log off;\n\
               client_body_temp_path {work}/body; proxy_temp_path {work}/proxy; fastcgi_temp_path {work}/fcgi;\n\
               uwsgi_temp_path {work}/uwsgi; scgi_temp_path {work}/scgi;\n\
               server {{\n    listen 127.0.0.1:{port};\n    server_name localhost;\n    include \"{}\";\n  }}\n}}\n",
            include.display(),
            work = work.display()
        ),
    )
    .unwrap();
    let mut child = Command::new(nginx_binary())
        .arg("-c")
        .arg(&config)
        .arg("-p")
        .arg(work)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start nginx");
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            let mut said = String::new();
            let _ = child.stderr.take().map(|mut e| e.read_to_string(&mut said));
            panic!("nginx exited ({status}): {said}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "nginx did not start: {}",
            std::fs::read_to_string(work.join("error.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Nginx { child, port }
}

/// nginx's workers read the folders; a temp dir is private to its owner.
fn readable_by_nginx(folders: &[&Path]) {
    use std::os::unix::fs::PermissionsExt;
    for folder in folders {
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

fn running_as_root() -> bool {
    std::env::var("USER").is_ok_and(|u| u == "root")
        || std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
            s.lines()
                .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
        })
}

/// A raw GET: status and head.
fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    let _ = stream.read_to_string(&mut text);
    let head = text.split("\r\n\r\n").next().unwrap_or("").to_string();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head)
}

fn header(head: &str, name: &str) -> Option<String> {
    head.lines().find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_string())
    })
}

fn site() -> Site {
    Site::with(&[
        ("content/_index.md", "# Ops\n\nStart here.\n"),
        (
            "content/runbooks/disk-full.md",
            "+++\ntitle = \"Disk full\"\naliases = [\"old/disk/\", \"old page/\"]\nalerts = [\"DiskAlmostFull\", \"Disk Almost Full\"]\n+++\n\n## First actions\n\nFree space on the volume.\n",
        ),
        ("content/runbooks/_index.md", "# Runbooks\n"),
        (
            "content/runbooks/lockout.md",
            "# Account lockout\n\nWhen nobody can sign in.\n",
        ),
    ])
}

fn build(site: &Site, port: u16, out: &Path) {
    let run = site.run(&[
        "build",
        "--host",
        "nginx",
        "--base-url",
        &format!("http://127.0.0.1:{port}/runbooks/"),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_site_behind_nginx_under_a_sub_path_works_with_the_generated_config() {
    let site = site();
    let work = tempfile::tempdir().unwrap();
    readable_by_nginx(&[work.path(), site.root()]);
    let out = site.root().join("public");
    let port = free_port();
    build(&site, port, &out);
    let nginx = start_nginx(work.path(), &out.join("dontpanic/host/nginx.conf"), port);
    let port = nginx.port;

    let (status, head) = get(port, "/runbooks/old/disk/");
    assert_eq!(status, 301, "{head}");
    assert!(
        header(&head, "Location")
            .unwrap()
            .ends_with("/runbooks/runbooks/disk-full.html"),
        "{head}"
    );
    let (status, head) = get(port, "/runbooks/alerts/DiskAlmostFull/");
    assert_eq!(status, 301, "{head}");
    // nginx matches `location` against the decoded address: an alias with a space gets its
    // 301 too, not the HTML redirect page beside it.
    for path in [
        "/runbooks/old%20page/",
        "/runbooks/old%20page",
        "/runbooks/alerts/Disk%20Almost%20Full/",
    ] {
        let (status, head) = get(port, path);
        assert_eq!(status, 301, "{path}: {head}");
        assert!(
            header(&head, "Location")
                .unwrap()
                .ends_with("/runbooks/runbooks/disk-full.html"),
            "{path}: {head}"
        );
    }
    let (status, head) = get(port, "/runbooks/index.html");
    assert_eq!(status, 200);
    assert_eq!(header(&head, "Cache-Control").as_deref(), Some("no-cache"));
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    let css = home
        .split("href=\"")
        .find(|s| s.starts_with("dontpanic/assets/style.css?v="))
        .and_then(|s| s.split('"').next())
        .expect("a versioned stylesheet address")
        .to_string();
    let (status, head) = get(port, &format!("/runbooks/{css}"));
    assert_eq!(status, 200);
    assert!(
        header(&head, "Cache-Control")
            .unwrap()
            .contains("immutable"),
        "{head}"
    );
    assert_eq!(get(port, "/runbooks/dontpanic/host/nginx.conf").0, 403);
    assert_eq!(get(port, "/runbooks/a/b/c/missing.html").0, 404);

    let browser = Browser::start();
    let base = format!("http://127.0.0.1:{port}/runbooks/");
    browser.goto(&base);
    browser.wait_for(
        "return document.querySelector('main h1') !== null",
        "the home page",
    );
    let link = browser.find(".sidebar a[href='runbooks/index.html']");
    browser.click(&link);
    browser.wait_for(
        "return location.pathname === '/runbooks/runbooks/index.html'",
        "the runbooks section",
    );

    browser.goto(&format!("{base}old/disk/"));
    browser.wait_for(
        "return location.pathname === '/runbooks/runbooks/disk-full.html' && document.querySelector('main h1').textContent.includes('Disk full')",
        "the alias redirect",
    );
    browser.goto(&format!("{base}alerts/DiskAlmostFull/"));
    browser.wait_for(
        "return location.pathname === '/runbooks/runbooks/disk-full.html'",
        "the alert redirect",
    );

    // The 404 page at a deep unknown address: styled, and its links lead into the site.
    browser.goto(&format!("{base}a/b/c/missing.html"));
    browser.wait_for(
        "return document.querySelector('main h1') && document.querySelector('main h1').textContent === 'Page not found'",
        "the 404 page",
    );
    let styled = browser.eval(
        "return getComputedStyle(document.documentElement).getPropertyValue('--bg').trim() !== ''",
        serde_json::json!([]),
    );
    assert_eq!(
        styled,
        serde_json::json!(true),
        "the 404 page has its stylesheet"
    );
    let home_link = browser.find("main a[href$='index.html']");
    browser.click(&home_link);
    browser.wait_for(
        "return location.pathname === '/runbooks/index.html'",
        "the home page from the 404 page",
    );

    // Search works from the server.
    let input = browser.find(".search-box input[type=search]");
    browser.type_text(&input, "lockout");
    browser.wait_for(
        "return [...document.querySelectorAll('.search-list a')].some(a => a.textContent.includes('Account lockout'))",
        "a search result",
    );

    // A second visit takes the stylesheet from the cache; a rebuild with a changed stylesheet
    // gives it a new address, so the change shows at once.
    browser.goto(&base);
    let cached = browser.eval(
        "return performance.getEntriesByType('resource').filter(e => e.name.includes('style.css')).map(e => e.transferSize)",
        serde_json::json!([]),
    );
    assert_eq!(
        cached,
        serde_json::json!([0]),
        "the stylesheet came from the cache"
    );
    site.write(
        "themes/default/static/assets/style.css",
        &format!(
            "{}\nbody {{ outline: 7px solid rgb(1, 2, 3); }}\n",
            std::fs::read_to_string(
                super::harness::repo_root().join("themes/default/static/assets/style.css")
            )
            .unwrap()
        ),
    );
    build(&site, port, &out);
    browser.goto(&base);
    browser.wait_for(
        "return getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'",
        "the changed stylesheet",
    );
}

/// Without `base_url` the 404 page does not know the path the site is served under; it finds
/// it in the browser, so a deep unknown address under `/docs/ops/` still shows a styled page
/// whose links work.
#[test]
fn the_404_page_without_a_base_url_works_under_a_sub_path() {
    let site = site();
    let work = tempfile::tempdir().unwrap();
    readable_by_nginx(&[work.path(), site.root()]);
    site.build_ok();
    let out = site.root().join("public");
    let include = work.path().join("site.conf");
    std::fs::write(
        &include,
        format!(
            "location /docs/ops/ {{ alias {}/; error_page 404 /docs/ops/404.html; }}\n",
            out.display()
        ),
    )
    .unwrap();
    let nginx = start_nginx(work.path(), &include, free_port());
    let browser = Browser::start();
    browser.goto(&format!(
        "http://127.0.0.1:{}/docs/ops/runbooks/deep/er/missing.html",
        nginx.port
    ));
    browser.wait_for(
        "return document.querySelector('main h1') && document.querySelector('main h1').textContent === 'Page not found'",
        "the 404 page",
    );
    let styled = browser.eval(
        "return getComputedStyle(document.documentElement).getPropertyValue('--bg').trim() !== ''",
        serde_json::json!([]),
    );
    assert_eq!(styled, serde_json::json!(true), "the stylesheet was found");
    let link = browser.find(".sidebar a[href='runbooks/index.html']");
    browser.click(&link);
    browser.wait_for(
        "return location.pathname === '/docs/ops/runbooks/index.html'",
        "a navigation link from the 404 page",
    );
}

/// Everything nginx reads from the generated file is in its own syntax: a site under a path with
/// a space, written to a folder with a space, with pages, aliases and alerts whose names hold
/// spaces, quotes, `$` and letters outside ASCII. Each redirect is a real 301 to an address that
/// nginx then serves, and a missing page gets the site's 404 page.
#[test]
fn paths_with_spaces_quotes_and_dollars_work_behind_nginx() {
    let site = Site::with(&[
        ("content/_index.md", "# Ops\n"),
        (
            "content/run books/disk full.md",
            "+++\ntitle = \"Disk full\"\naliases = [\"old page/\", 'say \"cheese\"/', \"cost$HOME/\", \"Ärger;{x}/\"]\nalerts = [\"Disk Full\"]\n+++\n\nFree space.\n",
        ),
    ]);
    let work = tempfile::tempdir().unwrap();
    let web = tempfile::tempdir().unwrap();
    let out = web.path().join("web root");
    readable_by_nginx(&[work.path(), web.path()]);
    let port = free_port();
    let run = site.run(&[
        "build",
        "--host",
        "nginx",
        "--base-url",
        &format!("http://127.0.0.1:{port}/ops%20runbooks/"),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    readable_by_nginx(&[&out]);
    let nginx = start_nginx(work.path(), &out.join("dontpanic/host/nginx.conf"), port);
    let page = "/ops%20runbooks/run%20books/disk%20full.html";
    assert_eq!(get(nginx.port, page).0, 200);
    for path in [
        "/ops%20runbooks/old%20page/",
        "/ops%20runbooks/say%20%22cheese%22/",
        "/ops%20runbooks/cost$HOME/",
        "/ops%20runbooks/cost%24HOME/",
        "/ops%20runbooks/%C3%84rger;%7Bx%7D/",
        "/ops%20runbooks/alerts/Disk%20Full/",
    ] {
        let (status, head) = get(nginx.port, path);
        assert_eq!(status, 301, "{path}: {head}");
        let location = header(&head, "Location").unwrap();
        assert!(location.ends_with(page), "{path}: {head}");
    }
    let (status, _) = get(nginx.port, "/ops%20runbooks/no/such/page.html");
    assert_eq!(status, 404);
    let mut stream = TcpStream::connect(("127.0.0.1", nginx.port)).unwrap();
    write!(
        stream,
        "GET /ops%20runbooks/no/such/page.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut body = String::new();
    let _ = stream.read_to_string(&mut body);
    assert!(
        body.contains("Page not found"),
        "the site's 404 page: {body}"
    );
    assert_eq!(
        get(nginx.port, "/ops%20runbooks/dontpanic/host/nginx.conf").0,
        403
    );
}

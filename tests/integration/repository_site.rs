//! The repository's own Don't Panic site builds cleanly and has no broken internal link.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::harness::{
    attribute_values, build_repository_site, built_repository_site, files_under, repo_root,
};

#[test]
fn repository_site_builds_without_warnings_and_every_internal_link_resolves() {
    let (out, run) = build_repository_site();
    let target = out.path().join("site");
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);

    let files = files_under(&target);
    let html_files: Vec<&String> = files.iter().filter(|f| f.ends_with(".html")).collect();
    let ids: HashMap<&str, HashSet<String>> = html_files
        .iter()
        .map(|f| {
            (
                f.as_str(),
                attribute_values(&read(&target, f), "id")
                    .into_iter()
                    .collect(),
            )
        })
        .collect();
    let mut checked = 0;
    for file in html_files.iter().filter(|f| **f != "404.html") {
        let html = read(&target, file);
        for href in attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"))
        {
            if href.contains(':') {
                continue;
            }
            let href = href.split('?').next().unwrap_or(&href).to_string();
            let (path, anchor) = href.split_once('#').unwrap_or((&href, ""));
            let resolved = if path.is_empty() {
                file.to_string()
            } else {
                resolve(file, path)
            };
            assert!(
                files.contains(&resolved),
                "{file}: link {href} points at missing {resolved}"
            );
            if !anchor.is_empty() && resolved.ends_with(".html") {
                assert!(
                    ids[resolved.as_str()].contains(anchor),
                    "{file}: link {href}: no id '{anchor}' in {resolved}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn repository_home_points_to_the_four_scenarios() {
    let out = built_repository_site();
    let home = read(&out.path().join("site"), "index.html");
    assert!(home.contains("What is happening?"));
    for page in [
        "regional-slowdown",
        "billing-dispute",
        "account-lockout",
        "security-incident",
    ] {
        assert!(
            home.contains(&format!("href=\"playbooks/{page}.html\"")),
            "{page}"
        );
    }
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap()
}

fn resolve(from: &str, link: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in link.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            other => parts.push(other),
        }
    }
    parts.join("/").replace("%20", " ")
}

#[test]
fn the_binder_starts_with_every_phone_number_the_severity_matrix_and_the_alerts() {
    let site = built_repository_site();
    let binder = std::fs::read_to_string(site.path().join("site/dontpanic/binder.html")).unwrap();
    let config: toml::Value =
        toml::from_str(&std::fs::read_to_string(repo_root().join("dontpanic.toml")).unwrap())
            .unwrap();
    let directory = binder
        .find("id=\"directory\"")
        .expect("the directory section");
    let contents = binder.find("class=\"binder-contents\"").unwrap();
    assert!(directory < contents, "the directory comes first");
    let part = &binder[directory..contents];
    for (id, contact) in config["contacts"].as_table().unwrap() {
        if let Some(phone) = contact["channels"].get("phone").and_then(|p| p.as_str()) {
            assert!(
                part.contains(&format!(
                    "<a href=\"tel:{}\">{phone}</a>",
                    phone.replace(' ', "")
                )),
                "{id}'s phone number {phone} is not in the binder's directory"
            );
        }
    }
    for level in config["severity"].as_array().unwrap() {
        assert!(part.contains(level["name"].as_str().unwrap()));
    }
    assert!(part.contains("<code>ApiErrorRateHigh</code>"));
    assert!(
        part.contains("High error rate</a>"),
        "alerts link to their runbook in the binder"
    );
    // No empty "Operations" part: its pages are in the directory.
    assert!(!binder.contains("<h1>Operations</h1>"));
}

#[test]
fn escalation_names_link_to_their_contacts_with_a_number_to_call() {
    let site = built_repository_site();
    let read = |path: &str| std::fs::read_to_string(site.path().join("site").join(path)).unwrap();
    let page = read("runbooks/error-rate.html");
    let strip = &page[page
        .find("<dt>Escalate to</dt>")
        .expect("an escalation in the strip")..];
    let strip = &strip[..strip.find("</dd>").unwrap()];
    assert!(
        strip.contains("<a href=\"../operations/contacts.html#team-platform-oncall\">Platform on-call</a> <a class=\"tel\" href=\"tel:+918055501107\">+91 80 5550 1107</a> <span class=\"muted\">(Ravi Menon)</span>"),
        "{strip}"
    );
    let owner = &page[page.find("<dt>Owner</dt>").unwrap()..];
    assert!(
        owner[..owner.find("</dd>").unwrap()].contains("href=\"tel:"),
        "the owner has a number"
    );
    // The contacts page's escalation order carries the numbers too, linked to the rows below.
    let contacts = read("operations/contacts.html");
    let order = &contacts
        [contacts.find("id=\"escalation\"").unwrap()..contacts.find("id=\"people\"").unwrap()];
    assert!(
        order.contains(
            "<a href=\"#contact-ravi\">Ravi Menon</a> <a class=\"tel\" href=\"tel:+918055501107\">"
        ),
        "{order}"
    );
}

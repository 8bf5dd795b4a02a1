//! Alerts and runbooks joined: alert rules of each format read from files, every finding at
//! the rule's or the page's file:line, `alerts.json`, `dontpanic alerts`, and the alert index.

use serde_json::{Value, json};

use super::harness::{Site, repo_root};
use super::webdriver::{Browser, which};

fn fixture(name: &str) -> String {
    std::fs::read_to_string(repo_root().join("tests/fixtures/alerts").join(name)).unwrap()
}

fn runbook(title: &str, alerts: &str) -> String {
    format!("+++\ntitle = \"{title}\"\nalerts = [{alerts}]\n+++\n## First actions\n\nLook.\n")
}

/// A site with a page for some of the fixtures' alerts, and the fixtures under rules/.
fn site(config: &str) -> Site {
    let site = Site::with(&[
        ("dontpanic.toml", config),
        ("content/_index.md", "# Home\n"),
        (
            "content/runbooks/api.md",
            &runbook("API down", "\"ApiDown\""),
        ),
        (
            "content/runbooks/storage.md",
            &runbook("Storage latency", "\"StorageLatency\""),
        ),
        (
            "content/runbooks/payments.md",
            &runbook("Payments errors", "\"PaymentsErrors\""),
        ),
        (
            "content/runbooks/old.md",
            "+++\ntitle = \"Old\"\nalerts = [\n  \"Other\",\n  \"apislow\",\n]\n+++\n## First actions\n",
        ),
    ]);
    for name in [
        "prometheus.yaml",
        "manifests.yaml",
        "grafana.yaml",
        "helm.yaml",
    ] {
        site.write(&format!("rules/{name}"), &fixture(name));
    }
    site
}

const CONFIG: &str = "title = \"T\"\n\n[alerts]\nrules = [\"rules/*.yaml\"]\n";

#[test]
fn each_finding_is_at_the_rule_or_the_page_with_its_code() {
    let site = site(CONFIG);
    let run = site.run(&["check"]);
    let err = &run.stderr;
    for expected in [
        "rules/prometheus.yaml:20:1: error: runbook_url of alert 'ApiSlow' leads to no page of this site: https://runbooks.example.com/runbooks/gone.html",
        "rules/prometheus.yaml:26:1: warning: runbook_url of alert 'DiskFull' leads to content/runbooks/api.md, which does not list it in `alerts`",
        "rules/prometheus.yaml:27:1: warning: alert 'QueueBacklog' has no runbook: no page lists it in `alerts`",
        "rules/helm.yaml:4:1: warning: a template, not YAML: its alert rules are not read",
        "content/runbooks/old.md:5:1: warning: alert 'apislow' is defined by no alert rule: renamed or deleted?",
        "= hint: a rule defines 'ApiSlow'",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    // The template's alerts and the Grafana rule's anchor resolve; the PrometheusRule among
    // other kinds is read.
    assert!(!err.contains("PaymentsErrors"), "{err}");
    assert!(!err.contains("StorageLatency"), "{err}");
    assert!(!err.contains("ApiDown"), "{err}");
    // A broken runbook_url is an error: check fails.
    assert_eq!(run.code, 1, "{err}");

    let json = site.run(&["check", "--format", "json"]);
    let list: Value = serde_json::from_str(&json.stdout).unwrap();
    let codes: Vec<(&str, &str, u64)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["file"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    for expected in [
        ("runbook-url-broken", "rules/prometheus.yaml", 20),
        ("runbook-url-mismatch", "rules/prometheus.yaml", 26),
        ("alert-without-runbook", "rules/prometheus.yaml", 27),
        ("alert-rules-template", "rules/helm.yaml", 4),
        ("runbook-without-alert", "content/runbooks/old.md", 5),
    ] {
        assert!(codes.contains(&expected), "{expected:?} not in {codes:?}");
    }
}

#[test]
fn levels_are_set_per_finding_and_rules_can_come_from_the_command_line() {
    // Everything a warning: check passes unless warnings are denied.
    let quiet = site("title = \"T\"\n\n[alerts]\nbroken_url = \"warning\"\n");
    let run = quiet.run(&["check", "--alert-rules", "rules/prometheus.yaml"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: runbook_url of alert 'ApiSlow'"),
        "{}",
        run.stderr
    );
    assert_eq!(
        quiet
            .run(&[
                "check",
                "--alert-rules",
                "rules/prometheus.yaml",
                "--deny-warnings"
            ])
            .code,
        1
    );
    // A missing runbook made an error fails check.
    let strict = site(
        "title = \"T\"\n\n[alerts]\nrules = [\"rules/prometheus.yaml\"]\nbroken_url = \"warning\"\nmissing_runbook = \"error\"\n",
    );
    let run = strict.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error: alert 'QueueBacklog' has no runbook"),
        "{}",
        run.stderr
    );
    // The build reports, but a broken runbook_url does not stop it.
    let run = site(CONFIG).build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("warning: runbook_url of alert 'ApiSlow'"),
        "{}",
        run.stderr
    );
}

#[test]
fn alerts_json_gives_each_alert_its_address() {
    let site = site(CONFIG);
    site.build();
    let written: Value = serde_json::from_str(&site.output("alerts.json")).unwrap();
    let alerts = written["alerts"].as_array().unwrap();
    let api = alerts.iter().find(|a| a["name"] == "ApiDown").unwrap();
    assert_eq!(api["url"], "alerts/ApiDown/");
    assert_eq!(api["title"], "API down");
    assert_eq!(api["state"], "ok");
    assert_eq!(api["rule"]["file"], "rules/prometheus.yaml");
    assert_eq!(api["rule"]["line"], 6);
    assert_eq!(api["rule"]["for"], "5m");
    let backlog = alerts.iter().find(|a| a["name"] == "QueueBacklog").unwrap();
    assert_eq!(backlog["state"], "no-runbook");
    assert_eq!(backlog["url"], Value::Null);
    let other = alerts.iter().find(|a| a["name"] == "Other").unwrap();
    assert_eq!(other["state"], "no-rule");

    // With base_url the addresses are absolute, and `alerts --format json` says the same.
    let run = site.run(&["build", "--base-url", "https://ops.example.com/runbooks/"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written: Value = serde_json::from_str(&site.output("alerts.json")).unwrap();
    let api = written["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "ApiDown")
        .unwrap()
        .clone();
    assert_eq!(
        api["url"],
        "https://ops.example.com/runbooks/alerts/ApiDown/"
    );
    let listed = site.run(&[
        "alerts",
        "--format",
        "json",
        "--base-url",
        "https://ops.example.com/runbooks/",
    ]);
    let listed: Value = serde_json::from_str(&listed.stdout).unwrap();
    assert_eq!(listed["alerts"], written["alerts"]);
}

#[test]
fn the_alerts_command_shows_states_and_the_annotations_to_paste() {
    let site = site(CONFIG);
    let run = site.run(&["alerts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].starts_with("ALERT"), "{}", run.stdout);
    let row = |name: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no row for {name}:\n{}", run.stdout))
            .to_string()
    };
    assert!(row("ApiDown").contains("ok") && row("ApiDown").contains("rules/prometheus.yaml:6"));
    assert!(row("ApiSlow").contains("broken URL"));
    assert!(row("DiskFull").contains("URL mismatch"));
    assert!(row("QueueBacklog").contains("no runbook"));
    assert!(row("Other").contains("no rule"));

    let run = site.run(&[
        "alerts",
        "--annotations",
        "--base-url",
        "https://runbooks.example.com/",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // DiskFull has no page of its own: nothing to suggest. ApiSlow neither.
    assert_eq!(run.stdout, "", "{}", run.stdout);

    // A page for the alerts that have none: now each gets its line.
    site.write(
        "content/runbooks/disk.md",
        &runbook("Disk full", "\"DiskFull\", \"QueueBacklog\", \"ApiSlow\""),
    );
    site.write("content/runbooks/old.md", &runbook("Old", "\"Other\""));
    let run = site.run(&[
        "alerts",
        "--annotations",
        "--base-url",
        "https://runbooks.example.com/",
    ]);
    assert_eq!(
        run.stdout,
        "rules/prometheus.yaml:14: ApiSlow (broken URL)\n      runbook_url: https://runbooks.example.com/alerts/ApiSlow/\n\
         rules/prometheus.yaml:21: DiskFull (URL mismatch)\n      runbook_url: https://runbooks.example.com/alerts/DiskFull/\n\
         rules/prometheus.yaml:27: QueueBacklog (no runbook_url)\n      runbook_url: https://runbooks.example.com/alerts/QueueBacklog/\n"
    );
}

#[test]
fn the_rule_fixtures_and_the_shipped_rules_are_valid_for_prometheus() {
    let Some(promtool) = which("promtool") else {
        eprintln!("promtool not installed (Debian package prometheus): skipped");
        return;
    };
    for file in [
        repo_root().join("tests/fixtures/alerts/prometheus.yaml"),
        repo_root().join("monitoring/alerts.yaml"),
    ] {
        let out = std::process::Command::new(&promtool)
            .args(["check", "rules"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}{}",
            file.display(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn the_alert_index_shows_each_rule_and_what_has_none() {
    let site = site(CONFIG);
    site.write(
        "content/runbooks/api.md",
        "+++\ntitle = \"API down\"\nkind = \"runbook\"\nalerts = [\"ApiDown\"]\n+++\n## First actions\n",
    );
    site.build();
    let browser = Browser::start();
    browser.goto(&format!(
        "file://{}/public/operations/alerts.html",
        site.root().display()
    ));
    let row = browser.find("tr[id='ApiDown']");
    let text = browser.text(&row);
    assert!(
        text.to_lowercase().contains("critical") && text.contains("api · for 5m"),
        "{text}"
    );
    // The expression is folded away until asked for.
    let shown = |browser: &Browser| {
        browser.eval(
            "var d = document.querySelector(\"tr[id='ApiDown'] details\"); return d.open && d.textContent.indexOf('up{job=\"api\"} == 0') >= 0;",
            json!([]),
        )
    };
    assert_eq!(shown(&browser), json!(false));
    browser.click(&browser.find("tr[id='ApiDown'] summary"));
    assert_eq!(shown(&browser), json!(true));
    let other = browser.text(&browser.find("tr[id='Other']"));
    assert!(other.contains("no rule found"), "{other}");
    // The runbook shows what fired.
    browser.goto(&format!(
        "file://{}/public/runbooks/api.html",
        site.root().display()
    ));
    let strip = browser.text(&browser.find(".meta-strip .alert-expr"));
    assert!(
        strip.contains("ApiDown")
            && strip.contains("up{job=\"api\"} == 0")
            && strip.contains("for 5m"),
        "{strip}"
    );
}

#[test]
fn a_url_that_differs_only_in_case_names_the_page_it_meant() {
    // Hugo lowercases addresses; a site moved here keeps its files' names.
    let site = Site::with(&[
        (
            "dontpanic.toml",
            "title = \"T\"\nbase_url = \"https://runbooks.example.com/\"\n\n[alerts]\nrules = [\"rules.yaml\"]\n",
        ),
        ("content/_index.md", "# Home\n"),
        ("content/runbooks/NodeDown.md", "# NodeDown\n\n## Meaning\n"),
        (
            "rules.yaml",
            "groups:\n- name: n\n  rules:\n  - alert: NodeDown\n    expr: up == 0\n    annotations:\n      runbook_url: https://runbooks.example.com/runbooks/nodedown\n",
        ),
    ]);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "rules.yaml:7:1: error: runbook_url of alert 'NodeDown' leads to no page of this site"
        ) && run
            .stderr
            .contains("hint: content/runbooks/NodeDown.md has this address in other letter case"),
        "{}",
        run.stderr
    );
}

/// Prometheus takes any text as an alert's name, but `alerts/<Name>/` is one folder: a name
/// with `/`, `?`, `#`, a control character, or `..`, once got no address and no word about
/// it, and `alerts.json` held a raw newline. Each is now an error at the line that names it,
/// in the rule file or in the page's front matter.
#[test]
fn alert_names_that_cannot_be_an_address_are_errors_at_their_line() {
    let site = Site::with(&[
        ("dontpanic.toml", CONFIG),
        ("content/_index.md", "# Home\n"),
        (
            "content/runbooks/disk.md",
            "+++\ntitle = \"Disk\"\nalerts = [\n  \"DiskFull\",\n  \"Disk/Slow\",\n]\n+++\nText.\n",
        ),
        (
            "rules/disk.yaml",
            "groups:\n- name: disk\n  rules:\n  - alert: DiskFull\n    expr: x > 1\n  - alert: Disk/Slow\n    expr: x > 2\n  - alert: \"What?\"\n    expr: x > 3\n  - alert: \"A#B\"\n    expr: x > 4\n  - alert: \"..\"\n    expr: x > 5\n  - alert: \"Disk\\nGone\"\n    expr: x > 6\n  - alert: Tabbed\n    expr: x > 7\n    annotations:\n      runbook_url: \"https://runbooks.example.com/alerts/\\nTabbed/\"\n",
        ),
    ]);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for expected in [
        "rules/disk.yaml:6:1: error: alert 'Disk/Slow' cannot have its address alerts/<Name>/ on the site: it holds a slash",
        "rules/disk.yaml:8:1: error: alert 'What?' cannot have its address alerts/<Name>/ on the site: it holds '?' or '#'",
        "rules/disk.yaml:10:1: error: alert 'A#B' cannot have its address",
        "rules/disk.yaml:12:1: error: alert '..' cannot have its address",
        "rules/disk.yaml:14:1: error: alert 'Disk\\nGone' cannot have its address alerts/<Name>/ on the site: it holds a control character",
        "rules/disk.yaml:19:1: error: runbook_url of alert 'Tabbed' holds a control character",
        "content/runbooks/disk.md:5:1: error: alert 'Disk/Slow' cannot have its address",
    ] {
        assert!(
            run.stderr.contains(expected),
            "missing {expected:?} in:\n{}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("'DiskFull' cannot"), "{}", run.stderr);
    let build = site.run(&["build"]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(
        build
            .stderr
            .contains("alert 'What?' cannot have its address")
    );

    // A page listing such an alert is an error without any rule file too.
    site.write("dontpanic.toml", "title = \"T\"\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/runbooks/disk.md:5:1: error: alert 'Disk/Slow' cannot"),
        "{}",
        run.stderr
    );
}

/// Every URL in `alerts.json` is percent-encoded: an alert named with a space or a letter
/// outside ASCII gets an address a tool can follow, and a `runbook_url` written with a space
/// is given encoded (its label template kept whole). A rule may point at the encoded address.
#[test]
fn alerts_json_urls_are_percent_encoded() {
    let site = Site::with(&[
        ("dontpanic.toml", CONFIG),
        ("content/_index.md", "# Home\n"),
        (
            "content/runbooks/disk.md",
            &runbook("Disk", "\"Disk Full\", \"Ärger 100%\", \"Templated\""),
        ),
        (
            "rules/disk.yaml",
            "groups:\n- name: disk\n  rules:\n  - alert: Disk Full\n    expr: x > 1\n    annotations:\n      runbook_url: https://ops.example.com/runbooks/alerts/Disk%20Full/\n  - alert: Ärger 100%\n    expr: x > 2\n    annotations:\n      runbook_url: https://ops.example.com/runbooks/alerts/Ärger 100%25/\n  - alert: Templated\n    expr: x > 3\n    annotations:\n      runbook_url: https://ops.example.com/runbooks/alerts/{{ $labels.alertname }}/\n",
        ),
    ]);
    let run = site.run(&["build", "--base-url", "https://ops.example.com/runbooks/"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("runbook_url"), "{}", run.stderr);
    let written: Value = serde_json::from_str(&site.output("alerts.json")).unwrap();
    let by_name = |name: &str| {
        written["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == name)
            .unwrap_or_else(|| panic!("{name} in {written}"))
            .clone()
    };
    let disk = by_name("Disk Full");
    assert_eq!(
        disk["url"],
        "https://ops.example.com/runbooks/alerts/Disk%20Full/"
    );
    assert_eq!(disk["state"], "ok");
    let other = by_name("Ärger 100%");
    assert_eq!(
        other["url"],
        "https://ops.example.com/runbooks/alerts/%C3%84rger%20100%25/"
    );
    assert_eq!(
        other["rule"]["runbook_url"],
        "https://ops.example.com/runbooks/alerts/%C3%84rger%20100%25/"
    );
    assert_eq!(
        by_name("Templated")["rule"]["runbook_url"],
        "https://ops.example.com/runbooks/alerts/{{ $labels.alertname }}/"
    );
    // The redirect page is where the encoded address leads.
    assert!(site.has_output("alerts/Disk Full/index.html"));
    assert!(site.has_output("alerts/Ärger 100%/index.html"));
    for alert in written["alerts"].as_array().unwrap() {
        for url in [&alert["url"], &alert["rule"]["runbook_url"]] {
            if let Some(url) = url.as_str() {
                let outside = url.replace("{{ $labels.alertname }}", "");
                assert!(
                    outside.bytes().all(|b| b.is_ascii_graphic()),
                    "not encoded: {url:?}"
                );
            }
        }
    }
}

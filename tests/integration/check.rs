//! `dontpanic check`: each kind of mistake, located, coded, with the right exit code, in both
//! output formats.

use serde_json::Value;

use super::harness::{SHIPPED_DAY, Site, repo_root, run_in};

/// The date `days` days before today, as front matter writes it: review rules count from today.
fn days_ago(days: i64) -> String {
    let today = jiff::ZonedDateTime::now().date();
    today
        .checked_sub(jiff::Span::new().days(days))
        .unwrap()
        .to_string()
}

fn runbook(extra: &str, body: &str) -> String {
    let reviewed = days_ago(10);
    format!(
        "+++\ntitle = \"Disk full\"\nkind = \"runbook\"\nowner = \"ops\"\nlast_reviewed = {reviewed}\n{extra}+++\n{body}"
    )
}

fn json(site: &Site, extra: &[&str]) -> (i32, Vec<Value>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let run = site.run(&args);
    let list: Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    (run.code, list.as_array().cloned().unwrap_or_default())
}

fn find<'a>(list: &'a [Value], code: &str) -> &'a Value {
    list.iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {list:#?}"))
}

#[test]
fn a_clean_site_passes() {
    let site = Site::with(&[
        ("content/_index.md", "# Home\n"),
        ("content/disk.md", &runbook("", "## Steps\n")),
    ]);
    let run = site.run(&["check", "--deny-warnings"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("check: no problems found"));
}

#[test]
fn broken_links_and_anchors_are_errors_with_their_place() {
    let site = Site::with(&[
        (
            "content/disk.md",
            &runbook("", "Intro\n\n[gone](gone.md) and [anchor](other.md#nope)\n"),
        ),
        ("content/other.md", "# Other\n\n## Real\n"),
    ]);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content/disk.md:9:1: error: link to 'gone.md': no page at 'gone.md'"),
        "{}",
        run.stderr
    );
    let (code, list) = json(&site, &[]);
    assert_eq!(code, 1);
    let link = find(&list, "broken-link");
    assert_eq!(
        (
            link["file"].as_str(),
            link["line"].as_u64(),
            link["column"].as_u64()
        ),
        (Some("content/disk.md"), Some(9), Some(1))
    );
    assert_eq!(link["level"], "error");
    let anchor = find(&list, "broken-anchor");
    assert_eq!(anchor["line"], 9);
    // The page's title heading keeps its id too, so links to it work.
    assert_eq!(anchor["hint"], "headings there: #other, #real");
}

#[test]
fn playbooks_need_their_sections() {
    let page = format!(
        "+++\ntitle = \"P\"\nkind = \"playbook\"\nowner = \"ops\"\nlast_reviewed = {}\n+++\n## Symptoms\n## First actions\n## Resolution\n",
        days_ago(1)
    );
    let site = Site::with(&[("content/p.md", &page)]);
    let (code, list) = json(&site, &[]);
    assert_eq!(code, 1);
    let missing = find(&list, "missing-section");
    assert_eq!(missing["message"], "playbook has no section for escalation");
    assert_eq!(missing["hint"], "add one, e.g. '## Escalation'");
    assert_eq!(
        list.iter()
            .filter(|d| d["code"] == "missing-section")
            .count(),
        1
    );
}

#[test]
fn review_dates_are_checked() {
    let future = format!(
        "+++\ntitle = \"F\"\nkind = \"runbook\"\nowner = \"ops\"\nlast_reviewed = {}\n+++\n",
        days_ago(-3)
    );
    let due = format!(
        "+++\ntitle = \"D\"\nkind = \"runbook\"\nowner = \"ops\"\nreview_every = \"4w\"\nlast_reviewed = {}\n+++\n",
        days_ago(40)
    );
    let stale = format!(
        "+++\ntitle = \"S\"\nkind = \"runbook\"\nowner = \"ops\"\nlast_reviewed = {}\n+++\n",
        days_ago(200)
    );
    let site = Site::with(&[
        ("content/future.md", &future),
        ("content/due.md", &due),
        ("content/stale.md", &stale),
        (
            "content/undated.md",
            "+++\ntitle = \"U\"\nkind = \"playbook\"\n+++\n## Symptoms\n## First actions\n## Escalation\n## Resolved\n",
        ),
    ]);
    let (code, list) = json(&site, &[]);
    assert_eq!(code, 1);
    let future = find(&list, "future-review-date");
    assert_eq!(
        (future["file"].as_str(), future["line"].as_u64()),
        (Some("content/future.md"), Some(5))
    );
    let stale = find(&list, "stale");
    assert_eq!(
        (stale["file"].as_str(), stale["level"].as_str()),
        (Some("content/stale.md"), Some("warning"))
    );
    assert_eq!(find(&list, "missing-owner")["file"], "content/undated.md");
    assert_eq!(
        find(&list, "missing-review-date")["file"],
        "content/undated.md"
    );
    let due = find(&list, "review-due");
    assert_eq!(
        (due["file"].as_str(), due["line"].as_u64()),
        (Some("content/due.md"), Some(6))
    );
    assert_eq!(
        due["message"],
        "review due: last reviewed 40 days ago, review is every 28 days"
    );
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let site = Site::with(&[(
        "content/disk.md",
        &runbook("", "## Steps\n\n- TODO: write the steps\n"),
    )]);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/disk.md:9:3: warning: placeholder 'TODO' left in a runbook"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("check: 0 errors, 1 warning"),
        "{}",
        run.stderr
    );
    assert_eq!(site.run(&["check", "--deny-warnings"]).code, 1);
}

#[test]
fn secrets_are_errors_that_never_repeat_the_secret() {
    let key = "AKIAJ4WQ2NRTYKQPZL3M";
    let site = Site::with(&[(
        "content/disk.md",
        &runbook("", &format!("Use the key {key} to log in.\n")),
    )]);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content/disk.md:7:13: error: this looks like an AWS access key id"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains(key),
        "the secret is printed: {}",
        run.stderr
    );
    let (_, list) = json(&site, &[]);
    assert!(!serde_json::to_string(&list).unwrap().contains(key));
    assert_eq!(find(&list, "secret")["column"], 13);
}

#[test]
fn addresses_that_differ_only_in_case_collide() {
    let site = Site::with(&[("content/Disk.md", "# A\n"), ("content/disk.md", "# B\n")]);
    let (code, list) = json(&site, &[]);
    assert_eq!(code, 1);
    let collisions: Vec<&Value> = list
        .iter()
        .filter(|d| d["code"] == "case-collision")
        .collect();
    assert_eq!(collisions.len(), 2, "{list:#?}");
}

#[test]
fn check_writes_nothing() {
    let site = Site::with(&[("content/disk.md", &runbook("", "## Steps\n"))]);
    site.run(&["check"]);
    assert!(!site.root().join("public").exists());
}

#[test]
fn the_repository_site_passes_check_with_warnings_denied() {
    let run = run_in(
        &repo_root(),
        &["check", "--deny-warnings", "--today", SHIPPED_DAY],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// The pinned day keeps CI green; the calendar still moves for everyone else: half a year on,
/// the shipped runbooks are due for review and `check --deny-warnings` says so.
#[test]
fn the_repository_site_falls_due_when_the_day_moves_on() {
    let run = run_in(
        &repo_root(),
        &["check", "--deny-warnings", "--today", "2027-06-01"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("review"), "{}", run.stderr);
    let run = std::process::Command::new(super::harness::binary())
        .args(["check", "--deny-warnings"])
        .env("SOURCE_DATE_EPOCH", "1811808000") // 2027-06-01
        .current_dir(repo_root())
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(1),
        "SOURCE_DATE_EPOCH moves the day too"
    );
}

#[test]
fn a_day_that_is_not_a_date_is_a_usage_error() {
    let site = Site::with(&[("content/a.md", "# A\n")]);
    let run = site.run(&["check", "--today", "tomorrow"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("YYYY-MM-DD"), "{}", run.stderr);
}

const DECLARED: &str = "[[severity]]\nid = \"sev1\"\nname = \"Critical\"\n\n[[severity]]\nid = \"sev2\"\nname = \"Major\"\n\n\
[contacts.dana]\nname = \"Dana\"\n\n[teams.platform]\nname = \"Platform\"\nescalation = [\"dana\"]\n\n\
[services.api]\nname = \"API\"\nteam = \"platform\"\nalerts = [\"ApiLatencyHigh\"]\n";

#[test]
fn references_must_name_what_the_config_declares() {
    let page = format!(
        "+++\ntitle = \"Slow API\"\nkind = \"runbook\"\nseverity = \"sev9\"\nowner = \"dnaa\"\nescalation = [\"platform\", \"nobody\"]\nservices = [\"apii\"]\nalerts = [\"ApiLatencyHihg\"]\nlast_reviewed = {}\n+++\n",
        days_ago(1)
    );
    let site = Site::with(&[("dontpanic.toml", DECLARED), ("content/slow.md", &page)]);
    let build = site.build();
    assert_eq!(build.code, 1, "references are checked by build too");
    assert!(
        build
            .stderr
            .contains("content/slow.md:4:1: error: unknown severity level 'sev9' in severity"),
        "{}",
        build.stderr
    );
    let (code, list) = json(&site, &[]);
    assert_eq!(code, 1);
    let by_line = |line: u64| {
        list.iter()
            .find(|d| d["line"] == line && d["code"] == "unknown-reference")
            .unwrap_or_else(|| panic!("line {line}: {list:#?}"))
    };
    assert_eq!(by_line(4)["hint"], "did you mean 'sev1'?");
    assert_eq!(by_line(5)["hint"], "did you mean 'dana'?");
    assert_eq!(
        by_line(6)["message"],
        "unknown contact or team 'nobody' in escalation"
    );
    assert_eq!(by_line(7)["hint"], "did you mean 'api'?");
    assert_eq!(by_line(8)["hint"], "did you mean 'ApiLatencyHigh'?");
}

#[test]
fn an_alert_is_answered_by_one_page_only() {
    let page = |title: &str| {
        format!(
            "+++\ntitle = \"{title}\"\nkind = \"runbook\"\nowner = \"dana\"\nalerts = [\"ApiLatencyHigh\"]\nlast_reviewed = {}\n+++\n",
            days_ago(1)
        )
    };
    let site = Site::with(&[
        ("dontpanic.toml", DECLARED),
        ("content/a.md", &page("A")),
        ("content/b.md", &page("B")),
    ]);
    let (code, list) = json(&site, &[]);
    assert_eq!(code, 1);
    let duplicates: Vec<&Value> = list
        .iter()
        .filter(|d| d["code"] == "duplicate-alert")
        .collect();
    assert_eq!(duplicates.len(), 2, "{list:#?}");
    assert_eq!(duplicates[0]["line"], 5);
}

#[test]
fn the_config_own_references_are_checked() {
    let config = DECLARED.replace("escalation = [\"dana\"]", "escalation = [\"dnaa\"]");
    let site = Site::with(&[("dontpanic.toml", &config), ("content/a.md", "# A\n")]);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("dontpanic.toml:14:1: error: team 'platform' escalates to unknown contact 'dnaa'\n  = hint: did you mean 'dana'?"), "{}", run.stderr);
}

#[test]
fn the_header_strip_shows_level_owner_and_review_state() {
    let page = format!(
        "+++\ntitle = \"Slow API\"\nkind = \"runbook\"\nseverity = \"sev2\"\nowner = \"platform\"\nlast_reviewed = {}\n+++\n",
        days_ago(400)
    );
    let site = Site::with(&[("dontpanic.toml", DECLARED), ("content/slow.md", &page)]);
    site.build_ok();
    let html = site.output("slow.html");
    assert!(html.contains("class=\"badge badge-severity severity-sev2 severity-rank-1\" title=\"Major\">sev2</span>"), "{html}");
    assert!(
        html.contains(
            "<dt>Owner</dt><dd><a href=\"operations/contacts.html#team-platform\">Platform</a></dd>"
        ),
        "{html}"
    );
    assert!(
        html.contains("(400 days ago)</span> <span class=\"badge badge-stale\">stale</span>"),
        "{html}"
    );
}

#[test]
fn the_config_declarations_become_pages_in_the_navigation() {
    let runbook = format!(
        "+++\ntitle = \"Slow API\"\nkind = \"runbook\"\nseverity = \"sev1\"\nowner = \"platform\"\nservices = [\"api\"]\nalerts = [\"ApiLatencyHigh\"]\nlast_reviewed = {}\n+++\n",
        days_ago(200)
    );
    let config = format!("{DECLARED}\n[contacts.dana.channels]\nphone = \"+1 555 0100\"\n")
        .replace(
            "name = \"Dana\"",
            "name = \"Dana\"\ntimezone = \"Europe/Dublin\"",
        );
    let site = Site::with(&[
        ("dontpanic.toml", &config),
        ("content/_index.md", "# Home\n"),
        ("content/slow.md", &runbook),
    ]);
    site.build_ok();

    let severity = site.output("operations/severity-matrix.html");
    assert!(severity.contains("<strong>Critical</strong>"), "{severity}");
    assert!(
        severity.contains("<a href=\"../slow.html\">Slow API</a>"),
        "pages listed at their level"
    );

    let contacts = site.output("operations/contacts.html");
    assert!(
        contacts
            .contains("<td><strong>Platform</strong><br><code>platform</code></td><td><a href=\"#contact-dana\">Dana</a> <a class=\"tel\" href=\"tel:+15550100\">+1 555 0100</a></td>"),
        "{contacts}"
    );
    assert!(contacts.contains("data-timezone=\"Europe/Dublin\""));
    assert!(contacts.contains("<a href=\"tel:+15550100\">+1 555 0100</a>"));

    let alerts = site.output("operations/alerts.html");
    assert!(
        alerts.contains("<td><code>ApiLatencyHigh</code></td>"),
        "{alerts}"
    );
    assert!(alerts.contains("<a href=\"../slow.html\">Slow API</a>"));
    assert!(alerts.contains("<a href=\"../alerts/ApiLatencyHigh/index.html\">"));
    let redirect = site.output("alerts/ApiLatencyHigh/index.html");
    assert!(redirect.contains("url=../../slow.html"), "{redirect}");

    let service = site.output("operations/service-api.html");
    assert!(service.contains("<h1>Service: API</h1>"), "{service}");
    assert!(service.contains("<li><a href=\"../slow.html\">Slow API</a></li>"));
    // Service pages sit under one services page, whose cards say what each is; the
    // operations section lists that page once, and each of its cards has a purpose line.
    let services = site.output("operations/services.html");
    assert!(
        services.contains("<span class=\"card-title\">Service: API</span><span class=\"card-text\">Owned by Platform · 1 page · 1 alert</span>"),
        "{services}"
    );
    assert!(
        service.contains("<a href=\"services.html\">Services</a>"),
        "breadcrumb: {service}"
    );
    let operations = site.output("operations/index.html");
    assert!(
        !operations.contains("card-title\">Service: API"),
        "{operations}"
    );
    assert!(
        operations.contains("<span class=\"card-title\">Services</span><span class=\"card-text\">")
    );
    assert!(operations.contains("<span class=\"card-title\">Contacts and escalation</span><span class=\"card-text\">Who to call"));

    let review = site.output("operations/review-report.html");
    assert!(
        review.contains("<span class=\"badge badge-stale\">stale</span>"),
        "{review}"
    );

    let home = site.output("index.html");
    assert!(
        home.contains(">Operations</a>"),
        "the section is in the navigation"
    );
}

#[test]
fn required_sections_and_early_review_warnings_come_from_the_config() {
    let config = "[required_sections]\nrunbook = [\"diagnos\", \"rollback|roll back\"]\n\n[review]\nrunbook = \"30d\"\nwarn_before = \"7d\"\n";
    let page = format!(
        "+++\ntitle = \"Deploy\"\nkind = \"runbook\"\nowner = \"ops\"\nlast_reviewed = {}\n+++\n## Diagnosis\n## Verify\n",
        days_ago(25)
    );
    let site = Site::with(&[("dontpanic.toml", config), ("content/deploy.md", &page)]);
    let (code, list) = json(&site, &[]);
    assert_eq!(code, 1);
    let missing: Vec<&Value> = list
        .iter()
        .filter(|d| d["code"] == "missing-section")
        .collect();
    assert_eq!(missing.len(), 1, "{list:#?}");
    assert_eq!(missing[0]["message"], "runbook has no section for rollback");
    let soon = find(&list, "review-soon");
    assert_eq!(
        soon["message"],
        "review due in 5 days: last reviewed 25 days ago, review is every 30 days"
    );
}

/// A runbook that tells what a leaked key looks like names the marker; only the marker with key
/// material under it is a secret.
#[test]
fn a_private_key_marker_alone_is_not_a_secret() {
    let site = Site::with(&[(
        "content/disk.md",
        &runbook(
            "",
            "Search the repository for `-----BEGIN PRIVATE KEY-----` lines.\n\n```\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0\n-----END RSA PRIVATE KEY-----\n```\n",
        ),
    )]);
    let (_, list) = json(&site, &[]);
    let secrets: Vec<&Value> = list.iter().filter(|d| d["code"] == "secret").collect();
    assert_eq!(secrets.len(), 1, "{secrets:?}");
    assert_eq!(secrets[0]["line"], 10);
}

#[test]
fn a_site_synonym_that_finds_nothing_is_a_warning_at_its_line() {
    let site = Site::with(&[
        (
            "dontpanic.toml",
            "title = \"T\"\n\n[search.synonyms]\n\"hacked\" = [\"breach\"]\n\"bill\" = [\"invoyce\", \"chargez\"]\n",
        ),
        ("content/_index.md", "# Home\n"),
        (
            "content/breach.md",
            "# Breach\n\nWhat to do after a breach.\n",
        ),
    ]);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "dontpanic.toml:5:1: warning: search synonym 'bill' finds nothing: no page uses it or any of its alternatives"
        ),
        "{}",
        run.stderr
    );
    // "hacked" is the responder's word: its alternative is on a page, so it is useful.
    assert!(!run.stderr.contains("'hacked'"), "{}", run.stderr);
    assert_eq!(site.run(&["check", "--deny-warnings"]).code, 1);
}

//! A Prometheus-style alert rule file (or a `PrometheusRule` manifest, or Grafana's
//! provisioning) parsed from arbitrary text: every line it names is a line of that text.
use std::path::Path;

use dontpanic::alerts::rules::parse;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let (rules, problems) = parse(Path::new("rules.yaml"), text);
        // One past the last line is where an error at the end of a file ending in a newline is.
        let last = text.lines().count() + 1;
        let is_line = |line: usize| (1..=last).contains(&line);
        for rule in &rules {
            assert!(is_line(rule.line), "alert {:?} at line {} of {}", rule.name, rule.line, last - 1);
            assert!(is_line(rule.url_line), "runbook_url of {:?} at line {} of {}", rule.name, rule.url_line, last - 1);
            assert!(!rule.name.is_empty());
        }
        for problem in &problems {
            assert!(is_line(problem.line), "{problem}: the text has {} lines", last - 1);
        }
    });
}

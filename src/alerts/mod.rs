//! Alerts and runbooks joined: the alerting rules of the monitoring side (`rules`) checked
//! against the pages that answer them (`join`), so that every alert has a runbook and every
//! `runbook_url` leads to the right page.

pub mod join;
pub mod rules;

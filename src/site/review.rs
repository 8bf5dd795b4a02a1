//! How fresh a page is (part of the site model, so that `check` and the theme agree): its age since `last_reviewed` against its review period (its own
//! `review_every`, else the config's `[review]` default for its kind). Shared by `check`, which
//! warns, and the theme, which shows a badge.

use crate::config::ReviewPolicy;
use crate::content::{FrontMatter, Kind, Period};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// Within its review period (or it has none).
    Fresh,
    /// Within the config's `warn_before` of falling due.
    Soon,
    /// Past its review period.
    Due,
    /// Past two review periods.
    Stale,
    /// Reviewed "in the future": a typo in the date.
    Future,
}

impl Freshness {
    pub fn as_str(self) -> &'static str {
        match self {
            Freshness::Fresh => "fresh",
            Freshness::Soon => "soon",
            Freshness::Due => "due",
            Freshness::Stale => "stale",
            Freshness::Future => "future",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Review {
    /// Days since the review (negative in the future).
    pub age: i64,
    /// Days between reviews, when the page has a period.
    pub period: Option<u32>,
    pub freshness: Freshness,
}

/// The review state of a page, or `None` when it has no `last_reviewed`.
pub fn review(
    front: &FrontMatter,
    kind: Kind,
    policy: &ReviewPolicy,
    today: jiff::civil::Date,
) -> Option<Review> {
    let reviewed = front.last_reviewed?;
    let age = (today - reviewed.0).get_days() as i64;
    let period = front
        .review_every
        .or(policy_period(policy, kind))
        .map(|p| p.days);
    let freshness = match period {
        _ if age < 0 => Freshness::Future,
        Some(p) if age > i64::from(p) * 2 => Freshness::Stale,
        Some(p) if age > i64::from(p) => Freshness::Due,
        Some(p)
            if policy
                .warn_before
                .is_some_and(|w| age > i64::from(p) - i64::from(w.days)) =>
        {
            Freshness::Soon
        }
        _ => Freshness::Fresh,
    };
    Some(Review {
        age,
        period,
        freshness,
    })
}

/// Days between reviews when a page sets none, from the config's `[review]`.
fn policy_period(policy: &ReviewPolicy, kind: Kind) -> Option<Period> {
    match kind {
        Kind::Runbook => policy.runbook,
        Kind::Playbook => policy.playbook,
        Kind::Checklist => policy.checklist,
        Kind::Template => policy.template,
        Kind::Page => policy.page,
    }
}

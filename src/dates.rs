//! Dates and periods as written in front matter and config: `2026-03-01`, `90d`, `6w`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// A calendar date (`2026-03-01`), written bare in TOML or as a string in YAML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub jiff::civil::Date);

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Date {
    fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        // A TOML datetime may carry a time; the review date only needs the day.
        let day = text.get(..10).unwrap_or(text);
        day.parse::<jiff::civil::Date>()
            .map(Date)
            .map_err(|_| format!("'{text}' is not a date: write it as YYYY-MM-DD, e.g. 2026-03-01"))
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date such as 2026-03-01")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
            // toml hands its datetimes over as a one-entry map.
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Date, A::Error> {
                let Some((_, value)) = map.next_entry::<String, String>()? else {
                    return Err(serde::de::Error::custom(
                        "expected a date such as 2026-03-01",
                    ));
                };
                Date::parse(&value).map_err(serde::de::Error::custom)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// How often a page must be checked against reality: `90d`, `6w`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub days: u32,
}

impl Period {
    pub fn parse(text: &str) -> Result<Period, String> {
        let text = text.trim();
        let invalid =
            || format!("'{text}' is not a review period: write days or weeks, e.g. 90d or 6w");
        let (number, unit) = text.split_at(
            text.find(|c: char| !c.is_ascii_digit())
                .unwrap_or(text.len()),
        );
        let number: u32 = number.parse().map_err(|_| invalid())?;
        let days = match unit.trim() {
            "d" | "day" | "days" => number,
            "w" | "week" | "weeks" => number.saturating_mul(7),
            _ => return Err(invalid()),
        };
        if days == 0 {
            return Err(invalid());
        }
        Ok(Period { days })
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.days.is_multiple_of(7) {
            write!(f, "{}w", self.days / 7)
        } else {
            write!(f, "{}d", self.days)
        }
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Period::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The day the site is checked or built for: `--today YYYY-MM-DD` when given, else the
/// `SOURCE_DATE_EPOCH` convention of reproducible builds (seconds since 1970, read as UTC),
/// else the calendar today. Pinning the day makes review dates, "reviewed N days ago" and
/// the whole output the same on every run.
pub fn resolve_today(
    flag: Option<&str>,
    source_date_epoch: Option<&str>,
) -> Result<jiff::civil::Date, String> {
    if let Some(day) = flag {
        return day.trim().parse::<jiff::civil::Date>().map_err(|_| {
            format!("--today '{day}' is not a date: write it as YYYY-MM-DD, e.g. 2026-03-01")
        });
    }
    if let Some(epoch) = source_date_epoch.map(str::trim).filter(|e| !e.is_empty()) {
        let seconds: i64 = epoch.parse().map_err(|_| {
            format!("SOURCE_DATE_EPOCH '{epoch}' is not a number of seconds since 1970-01-01")
        })?;
        let instant = jiff::Timestamp::from_second(seconds)
            .map_err(|_| format!("SOURCE_DATE_EPOCH '{epoch}' is out of range"))?;
        return Ok(instant.to_zoned_datetime(jiff::tz::TimeZone::UTC).date());
    }
    Ok(jiff::ZonedDateTime::now().date())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_comes_from_the_flag_then_source_date_epoch() {
        let day = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
        assert_eq!(
            resolve_today(Some("2027-02-03"), Some("0")),
            Ok(day("2027-02-03"))
        );
        assert_eq!(
            resolve_today(None, Some("1700000000")),
            Ok(day("2023-11-14"))
        );
        assert!(
            resolve_today(Some("next tuesday"), None)
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
        assert!(
            resolve_today(None, Some("soon"))
                .unwrap_err()
                .contains("SOURCE_DATE_EPOCH")
        );
    }
}

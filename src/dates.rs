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

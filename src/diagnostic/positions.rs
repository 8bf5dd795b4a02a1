//! Where each key of a TOML or YAML document is written, taken from the parser while it reads
//! the text, so that a problem found later (a wrong type, an unknown name, an address no link
//! may have) is reported on the key's own line. Searching the text again for `key =` or
//! `key:` got quoted keys, dotted keys, nested and inline tables, flow mappings and a key's
//! name written inside a multi-line string wrong.
//!
//! TOML: the `toml` crate parses to a spanned document (`toml::de::DeTable`), which is both
//! walked for positions and deserialized, so the text is parsed once.
//!
//! YAML: `serde_norway` gives no positions through serde, and the event parser under it
//! (`unsafe-libyaml-norway`) is a C-style API that would need unsafe code here. So the text is
//! read a second time by `saphyr-parser`, a safe YAML event parser whose events carry their
//! marks; only marks are taken from it, values still come from `serde_norway`. Where the two
//! parsers disagree (a text only one of them reads), keys simply have no position and callers
//! fall back to the top of the document.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, Span};
use serde::de::DeserializeOwned;
use toml::de::{DeTable, DeValue};

/// A 1-based line and column (the column counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Copy)]
struct Place {
    key: Position,
    value: Position,
}

/// The position of every key of one document and of every item of its lists, by path from the
/// top: `["contacts", "dana", "channels", "chat"]`, and `["aliases", "1"]` for the second item
/// of `aliases` (an item's key position is its value's).
#[derive(Debug, Clone, Default)]
pub struct Positions {
    places: HashMap<Vec<String>, Place>,
}

impl Positions {
    /// Where the key at `path` is written.
    pub fn key(&self, path: &[&str]) -> Option<Position> {
        self.place(path).map(|p| p.key)
    }

    /// Where the value of the key at `path` starts.
    pub fn value(&self, path: &[&str]) -> Option<Position> {
        self.place(path).map(|p| p.value)
    }

    fn place(&self, path: &[&str]) -> Option<&Place> {
        let path: Vec<String> = path.iter().map(|s| (*s).to_string()).collect();
        self.places.get(&path)
    }

    /// The same positions for a document that starts `lines` lines into its file (front matter
    /// starts after its opening delimiter).
    pub fn below(mut self, lines: usize) -> Positions {
        for place in self.places.values_mut() {
            place.key.line += lines;
            place.value.line += lines;
        }
        self
    }

    /// The first place recorded for a path wins: a later duplicate is an error of its own.
    fn record(&mut self, path: Vec<String>, key: Position, value: Position) {
        self.places.entry(path).or_insert(Place { key, value });
    }

    /// Where each key of a YAML document is written; no positions for text that does not read
    /// (its syntax error is reported by the parse that reads its values).
    pub fn yaml(text: &str) -> Positions {
        let mut positions = Positions::default();
        // One frame per open mapping or sequence; `None` for one whose place has no path (a
        // mapping or sequence used as a key, and everything under it), so nothing in it is
        // recorded.
        let mut frames: Vec<Frame> = Vec::new();
        for event in Parser::new_from_str(text) {
            let Ok((event, span)) = event else { break };
            let at = yaml_position(&span);
            let opens = match event {
                Event::DocumentEnd => break,
                Event::MappingEnd | Event::SequenceEnd => {
                    frames.pop();
                    continue;
                }
                Event::MappingStart(..) => Some(true),
                Event::SequenceStart(..) => Some(false),
                Event::Scalar(..) | Event::Alias(_) => None,
                _ => continue,
            };
            let key_text = match &event {
                Event::Scalar(value, ..) => Some(value.to_string()),
                _ => None,
            };
            // The path of this node when it is a value, its place recorded; `None` for a key
            // (remembered until its value comes) and for anything without a path.
            let path = match frames.last_mut() {
                None => Some(Vec::new()),
                Some(Frame::Mapping { path, key }) => match key.take() {
                    None => {
                        // A key that is not text (a mapping or sequence) names nothing.
                        *key = Some(key_text.map(|k| (k, at)));
                        None
                    }
                    Some(named) => match (path.as_ref(), named) {
                        (Some(parent), Some((name, key_at))) => {
                            let mut here = parent.clone();
                            here.push(name);
                            positions.record(here.clone(), key_at, at);
                            Some(here)
                        }
                        _ => None,
                    },
                },
                Some(Frame::Sequence { path, next }) => {
                    let here = path.as_ref().map(|parent| {
                        let mut here = parent.clone();
                        here.push(next.to_string());
                        here
                    });
                    *next += 1;
                    if let Some(here) = &here {
                        positions.record(here.clone(), at, at);
                    }
                    here
                }
            };
            if let Some(is_mapping) = opens {
                frames.push(Frame::new(path, is_mapping));
            }
        }
        positions
    }
}

/// An open YAML collection while its events are read.
enum Frame {
    /// `key`: `None` while a key is awaited, then the key read (`Some(None)` for one that is
    /// not text) until its value comes.
    Mapping {
        path: Option<Vec<String>>,
        key: Option<Option<(String, Position)>>,
    },
    Sequence {
        path: Option<Vec<String>>,
        next: usize,
    },
}

impl Frame {
    fn new(path: Option<Vec<String>>, is_mapping: bool) -> Frame {
        if is_mapping {
            Frame::Mapping { path, key: None }
        } else {
            Frame::Sequence { path, next: 0 }
        }
    }
}

/// saphyr's marks count lines from 1 and columns from 0.
fn yaml_position(span: &Span) -> Position {
    Position {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

/// Parses TOML once into `T` and the position of each of its keys.
pub fn parse_toml<T: DeserializeOwned>(text: &str) -> Result<(T, Positions), toml::de::Error> {
    let document = DeTable::parse(text)?;
    let lines = LineStarts::new(text);
    let mut positions = Positions::default();
    // Walked with a list of what is left to visit, not by recursion: nesting is as deep as the
    // text makes it.
    let mut left: Vec<(Vec<String>, &DeValue<'_>)> = Vec::new();
    visit_table(&[], document.get_ref(), &lines, &mut positions, &mut left);
    while let Some((path, value)) = left.pop() {
        match value {
            DeValue::Table(table) => visit_table(&path, table, &lines, &mut positions, &mut left),
            DeValue::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    let mut here = path.clone();
                    here.push(index.to_string());
                    let at = lines.position(item.span().start);
                    left.push((here.clone(), item.get_ref()));
                    positions.record(here, at, at);
                }
            }
            _ => {}
        }
    }
    let value = T::deserialize(toml::de::Deserializer::from(document))?;
    Ok((value, positions))
}

/// Records the place of each key of `table` (at `parent`) and leaves its value to visit.
fn visit_table<'a, 'i>(
    parent: &[String],
    table: &'a DeTable<'i>,
    lines: &LineStarts<'_>,
    positions: &mut Positions,
    left: &mut Vec<(Vec<String>, &'a DeValue<'i>)>,
) {
    for (key, value) in table.iter() {
        let mut here = parent.to_vec();
        here.push(key.get_ref().to_string());
        positions.record(
            here.clone(),
            lines.position(key.span().start),
            lines.position(value.span().start),
        );
        left.push((here, value.get_ref()));
    }
}

/// The byte offset at which each line starts, to turn offsets into lines without counting from
/// the top for every key.
struct LineStarts<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineStarts<'a> {
    fn new(text: &'a str) -> LineStarts<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineStarts { text, starts }
    }

    fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let start = self.starts[line - 1];
        Position {
            line,
            column: self.text[start..offset].chars().count() + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> Option<Position> {
        Some(Position { line, column })
    }

    fn toml(text: &str) -> Positions {
        parse_toml::<toml::Table>(text).unwrap().1
    }

    #[test]
    fn toml_keys_are_found_quoted_dotted_nested_and_after_a_multi_line_string() {
        let text = "description = \"\"\"\naliases = 1\n\"\"\"\n\"aliases\" = [\"a\",\n  \"b\"]\nfront.kind = \"x\"\n\n[contacts.dana]\nchannels = { chat = \"c\" }\n\n[[fields]]\nid = \"x\"\n";
        let p = toml(text);
        assert_eq!(p.key(&["aliases"]), at(4, 1));
        assert_eq!(p.value(&["aliases"]), at(4, 13));
        assert_eq!(p.value(&["aliases", "1"]), at(5, 3));
        assert_eq!(p.key(&["front", "kind"]), at(6, 7));
        assert_eq!(
            p.value(&["contacts", "dana", "channels", "chat"]),
            at(9, 21)
        );
        assert_eq!(p.key(&["fields", "0", "id"]), at(12, 1));
        assert_eq!(p.key(&["kind"]), None);
    }

    #[test]
    fn toml_columns_count_characters() {
        let p = toml("title = \"é\"; weight = 1\n".replace(';', "\n").as_str());
        assert_eq!(p.value(&["weight"]), at(2, 11));
        let p = toml("t = \"ééé\"\nw = 1");
        assert_eq!(p.value(&["w"]), at(2, 5));
    }

    #[test]
    fn yaml_keys_are_found_quoted_in_flow_mappings_and_after_a_block_scalar() {
        let text = "description: |\n  owner: x\n'owner': dana\nextra:\n  alerts: [A]\n\"alerts\":\n  - One\n  - Two\nmap: {a: 1,\n  b: [x, y]}\n? [complex]\n: ignored\n";
        let p = Positions::yaml(text);
        assert_eq!(p.key(&["owner"]), at(3, 1));
        assert_eq!(p.value(&["owner"]), at(3, 10));
        assert_eq!(p.key(&["extra", "alerts"]), at(5, 3));
        assert_eq!(p.key(&["alerts"]), at(6, 1));
        assert_eq!(p.value(&["alerts", "1"]), at(8, 5));
        assert_eq!(p.key(&["map", "b"]), at(10, 3));
        assert_eq!(p.value(&["map", "b", "1"]), at(10, 10));
        assert_eq!(p.key(&["complex"]), None);
    }

    #[test]
    fn a_yaml_text_that_does_not_read_has_no_positions() {
        assert_eq!(Positions::yaml("a: [1, 2\nb: 3").key(&["b"]), None);
    }

    #[test]
    fn positions_move_below_a_first_line() {
        let p = Positions::yaml("a: 1\n").below(1);
        assert_eq!(p.key(&["a"]), at(2, 1));
    }
}

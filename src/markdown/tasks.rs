//! Task list items (`- [ ] step`) become checklist items with a stable id, so a browser can
//! remember which were ticked: the id is written as `{#id}` at the end of the item, or else
//! made from a hash of the item's text (the same text keeps its tick when items move).

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::slug::UniqueIds;
use crate::html::escape;

/// Rewrites the task items in `events`: each gets a `task-item` class and a checkbox carrying
/// its id in `data-check`.
pub fn mark(mut events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut ids = UniqueIds::default();
    let mut i = 0;
    while i + 1 < events.len() {
        let is_task = matches!(events[i], Event::Start(Tag::Item))
            && matches!(events[i + 1], Event::TaskListMarker(_));
        if !is_task {
            i += 1;
            continue;
        }
        let checked = matches!(events[i + 1], Event::TaskListMarker(true));
        // The item's own text: up to its end or a nested list.
        let mut text = String::new();
        let mut last_text = None;
        let mut j = i + 2;
        while j < events.len() {
            match &events[j] {
                Event::Start(Tag::List(_)) | Event::End(TagEnd::Item) => break,
                Event::Text(t) | Event::Code(t) => {
                    text.push_str(t);
                    if matches!(events[j], Event::Text(_)) {
                        last_text = Some(j);
                    }
                }
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                _ => {}
            }
            j += 1;
        }
        let explicit = explicit_id(&text);
        if let (Some(_), Some(at)) = (&explicit, last_text)
            && let Event::Text(t) = &events[at]
            && let Some(cut) = t.rfind("{#")
        {
            let kept = t[..cut].trim_end().to_string();
            events[at] = Event::Text(CowStr::from(kept));
        }
        let wanted = explicit.unwrap_or_else(|| format!("t{:08x}", hash(&text)));
        let id = ids.claim(&wanted);
        events[i] = Event::Html(CowStr::from("<li class=\"task-item\">"));
        events[i + 1] = Event::Html(CowStr::from(format!(
            "<input type=\"checkbox\" class=\"task-check\" data-check=\"{}\"{} disabled> ",
            escape(&id),
            if checked { " checked" } else { "" }
        )));
        i += 2;
    }
    events
}

/// `Call the vendor {#call-vendor}` → `call-vendor`.
fn explicit_id(text: &str) -> Option<String> {
    let text = text.trim_end();
    let inner = text.strip_suffix('}')?;
    let start = inner.rfind("{#")?;
    let id = inner[start + 2..].trim();
    (!id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_'))
    .then(|| id.to_string())
}

/// FNV-1a over the item's words: spacing changes keep the id.
fn hash(text: &str) -> u32 {
    let mut h: u32 = 0x811c9dc5;
    for word in text.split_whitespace() {
        for byte in word.bytes().chain(std::iter::once(b' ')) {
            h ^= u32::from(byte);
            h = h.wrapping_mul(0x01000193);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_ids_are_read_from_the_end() {
        assert_eq!(
            explicit_id("Call the vendor {#call-vendor}").as_deref(),
            Some("call-vendor")
        );
        assert_eq!(explicit_id("No id here"), None);
        assert_eq!(explicit_id("Bad {#no spaces allowed}"), None);
    }

    #[test]
    fn hashes_ignore_spacing() {
        assert_eq!(hash("Check  the\ttier"), hash("Check the tier"));
        assert_ne!(hash("Check the tier"), hash("Check the tiers"));
    }
}

//! The first thing a page tells its reader to do: the first line of its first numbered or
//! checkbox item (a bullet item when it has none). Search shows it under a runbook's title, so
//! a responder who searched for the page sees where to start.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Longest step kept, in bytes.
const MAX: usize = 200;

#[derive(Default)]
pub struct FirstStep {
    /// Nesting of the lists around the event being read: whether each is ordered.
    lists: Vec<bool>,
    /// The item being read, and whether it is an action (numbered or a checkbox).
    reading: Option<(String, bool)>,
    /// Whether the item being read has ended its first line.
    line_ended: bool,
    action: Option<String>,
    bullet: Option<String>,
}

impl FirstStep {
    pub fn observe(&mut self, event: &Event) {
        if self.action.is_some() {
            return;
        }
        match event {
            Event::Start(Tag::List(start)) => {
                self.finish();
                self.lists.push(start.is_some());
            }
            Event::End(TagEnd::List(_)) => {
                self.finish();
                self.lists.pop();
            }
            Event::Start(Tag::Item) => {
                self.finish();
                let ordered = self.lists.last().copied().unwrap_or(false);
                self.reading = Some((String::new(), ordered));
                self.line_ended = false;
            }
            Event::End(TagEnd::Item) => self.finish(),
            Event::TaskListMarker(_) => {
                if let Some((_, action)) = self.reading.as_mut() {
                    *action = true;
                }
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => {
                self.line_ended |= self.reading.as_ref().is_some_and(|(t, _)| !t.is_empty());
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((text, _)) = self.reading.as_mut()
                    && !self.line_ended
                {
                    text.push_str(t);
                }
            }
            _ => {}
        }
    }

    fn finish(&mut self) {
        let Some((text, action)) = self.reading.take() else {
            return;
        };
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let mut end = text.len().min(MAX);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let kept = text[..end].to_string();
        if action {
            self.action = Some(kept);
        } else if self.bullet.is_none() {
            self.bullet = Some(kept);
        }
    }

    pub fn take(mut self) -> Option<String> {
        self.finish();
        self.action.or(self.bullet)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn first(markdown: &str) -> Option<String> {
        let mut step = FirstStep::default();
        for event in Parser::new_ext(markdown, Options::ENABLE_TASKLISTS) {
            step.observe(&event);
        }
        step.take()
    }

    #[test]
    fn a_numbered_or_checkbox_item_wins_over_a_bullet() {
        let page = "Symptoms:\n\n- pages time out\n\n## Steps\n\n1. Check the **status page**.\n   Then wait.\n2. Page the vendor.\n";
        assert_eq!(first(page).as_deref(), Some("Check the status page."));
        assert_eq!(
            first("- [ ] Open a case\n- [ ] Call").as_deref(),
            Some("Open a case")
        );
        assert_eq!(
            first("- only bullets\n- here").as_deref(),
            Some("only bullets")
        );
        assert_eq!(first("No lists at all."), None);
    }
}

//! Build-time code highlighting with syntect. Emits CSS classes (`hl-keyword`, ...) rather than
//! inline colours, so the theme's light and dark palettes both apply. Each token gets at most
//! one class, the one of the innermost scope the theme colours (`comment`, `keyword`, ...), and
//! neighbouring tokens of one class share a span: a grammar's full scope names for every token
//! would make code four times its size in the page. The syntax set (read-only) is loaded once
//! per process; the memo of highlighted blocks is the caller's (`HighlightMemo`).
//!
//! Highlighting is bounded: some grammars (bash among them) take time that grows with the cube
//! of a line's length, so one long one-liner could stall a build for minutes. A block with a line
//! longer than `MAX_LINE`, more than `MAX_BLOCK` bytes, or past what is left of its page's
//! `Budget`, is shown as plain escaped text, and the caller is told why so it can warn. The
//! bounds count bytes, never time: the same sources build to the same bytes on a busy machine.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use crate::html::escape;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The scopes the theme colours, each with its class. A token takes the class of the innermost
/// scope (of those around it) that one of these is a prefix of.
static COLOURED: LazyLock<Vec<(Scope, &'static str)>> = LazyLock::new(|| {
    [
        ("comment", "hl-comment"),
        ("keyword", "hl-keyword"),
        ("storage", "hl-storage"),
        ("string", "hl-string"),
        ("constant", "hl-constant"),
        ("entity", "hl-entity"),
        ("variable", "hl-variable"),
        ("support", "hl-support"),
        // Punctuation is drawn in the code's own colour: a span around every colon and
        // bracket was a tenth of a page's bytes, for a colour next to the text's.
        ("punctuation", PLAIN),
    ]
    .into_iter()
    .filter_map(|(name, class)| Some((Scope::new(name).ok()?, class)))
    .collect()
});

/// The "class" of scopes shown as plain text, though a scope around them is coloured.
const PLAIN: &str = "";

/// The class of a token inside `stack`, if the theme colours it. The quotes of a string and
/// the marker of a comment take the string's or comment's class; other punctuation is plain.
fn class_of(stack: &ScopeStack) -> Option<&'static str> {
    let mut classes = stack.as_slice().iter().rev().filter_map(|scope| {
        COLOURED
            .iter()
            .find(|(prefix, _)| prefix.is_prefix_of(*scope))
            .map(|(_, class)| *class)
    });
    let innermost = classes.next()?;
    if innermost == PLAIN {
        return classes.find(|c| *c == "hl-string" || *c == "hl-comment");
    }
    Some(innermost)
}

/// Writes code as spans of one class each, joining neighbours of the same class.
#[derive(Default)]
struct Spans {
    html: String,
    open: Option<&'static str>,
}

impl Spans {
    fn push(&mut self, text: &str, class: Option<&'static str>) {
        if text.is_empty() {
            return;
        }
        if class != self.open {
            if self.open.is_some() {
                self.html.push_str("</span>");
            }
            if let Some(class) = class {
                self.html.push_str("<span class=\"");
                self.html.push_str(class);
                self.html.push_str("\">");
            }
            self.open = class;
        }
        self.html.push_str(&escape(text));
    }

    fn finish(mut self) -> String {
        if self.open.is_some() {
            self.html.push_str("</span>");
        }
        self.html
    }
}

/// Longest line (in bytes) that is highlighted. Measured on eleven line shapes, the slowest
/// shipped grammar takes under 0.1 s at 1,500 bytes; real runbooks have command lines of
/// 400–700 bytes that should stay highlighted. A grammar that goes cubic on some line is
/// still cut off here, and by the time budget below.
pub const MAX_LINE: usize = 1000;
/// Largest block that is highlighted.
pub const MAX_BLOCK: usize = 256 * 1024;

/// The highlighting work one page may ask for, in `cost` units of about a microsecond each on
/// the slowest shipped grammars (Java and YAML take some 15 ms on a 750-byte line and 60 ms on
/// a 1,500-byte one; bash 1.3 ms on a 1,000-byte line). A page's code is then highlighted in
/// two seconds at worst, and forty slow blocks no longer take ten. Typical pages use a few
/// thousand units, a 250 KB manifest under a million.
pub const PAGE_WORK: u64 = 2 << 20;

/// What is left of a page's highlighting work.
#[derive(Debug)]
pub struct Budget {
    left: u64,
}

impl Default for Budget {
    fn default() -> Self {
        Budget { left: PAGE_WORK }
    }
}

/// The work a block asks for: a unit a byte, and a line's square over 40 besides, since the
/// slow grammars take time that grows with the square of a line's length.
fn cost(code: &str) -> u64 {
    code.lines()
        .map(|line| {
            let len = line.len() as u64 + 1;
            len + len * len / 40
        })
        .sum()
}

/// A highlighted block, or plain text and the reason it is plain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlighted {
    pub html: String,
    /// Set when the block was too long or too slow to highlight (it is then escaped text).
    pub plain_because: Option<String>,
}

impl Highlighted {
    pub fn plain(code: &str, reason: Option<String>) -> Self {
        Highlighted {
            html: escape(code),
            plain_because: reason,
        }
    }
}

/// Blocks highlighted lately, by language and text: `serve` renders again a page whose text
/// changed around unchanged code, and a block shared by many pages is highlighted once.
/// Bounded by the bytes it holds (a few pages' worth while editing, not a whole site's, which
/// a build renders once); emptied when full. Owned by whoever renders (the pipeline's cache
/// keeps one from build to build); pages rendered in parallel share it behind a lock.
#[derive(Default)]
pub struct HighlightMemo {
    memo: Mutex<Memo>,
}

const MEMO_BYTES: usize = 4 * 1024 * 1024;

#[derive(Default)]
struct Memo {
    blocks: HashMap<(String, String), Highlighted>,
    bytes: usize,
}

impl HighlightMemo {
    fn get(&self, key: &(String, String)) -> Option<Highlighted> {
        self.memo
            .lock()
            .ok()
            .and_then(|memo| memo.blocks.get(key).cloned())
    }

    fn keep(&self, key: (String, String), highlighted: &Highlighted) {
        if let Ok(mut memo) = self.memo.lock() {
            let size = key.0.len() + key.1.len() + highlighted.html.len();
            if memo.bytes + size > MEMO_BYTES {
                memo.blocks.clear();
                memo.bytes = 0;
            }
            memo.bytes += size;
            memo.blocks.insert(key, highlighted.clone());
        }
    }

    /// How many blocks it holds.
    #[cfg(test)]
    pub(crate) fn blocks(&self) -> usize {
        self.memo.lock().map_or(0, |memo| memo.blocks.len())
    }
}

/// The inner HTML of a `<code>` element for `code` in `language`. Unknown or missing languages,
/// code the highlighter chokes on, and code past what is left of the page's `budget` come out
/// as escaped plain text. The block's cost is charged whether or not `memo` holds it already,
/// so that what is highlighted never depends on what the process did earlier.
pub fn highlight(
    code: &str,
    language: &str,
    budget: &mut Budget,
    memo: &HighlightMemo,
) -> Highlighted {
    if find_syntax(language).is_none() {
        return Highlighted::plain(code, None);
    }
    if let Some(reason) = too_long(code) {
        return Highlighted::plain(code, Some(reason));
    }
    let cost = cost(code);
    if cost > budget.left {
        budget.left = 0;
        return Highlighted::plain(
            code,
            Some("the page's code blocks are past the highlighting budget of one page".into()),
        );
    }
    budget.left -= cost;
    let key = (language.to_string(), code.to_string());
    if let Some(found) = memo.get(&key) {
        return found;
    }
    let highlighted = highlight_uncached(code, language);
    memo.keep(key, &highlighted);
    highlighted
}

fn highlight_uncached(code: &str, language: &str) -> Highlighted {
    let Some(syntax) = find_syntax(language) else {
        return Highlighted::plain(code, None);
    };
    highlight_syntax(code, syntax)
}

/// Why a block is too long to highlight at all, if it is.
fn too_long(code: &str) -> Option<String> {
    if code.len() > MAX_BLOCK {
        return Some(format!(
            "code block of {} KB is longer than {} KB",
            code.len() / 1024,
            MAX_BLOCK / 1024
        ));
    }
    let (number, line) = code
        .lines()
        .enumerate()
        .find(|(_, line)| line.len() > MAX_LINE)?;
    Some(format!(
        "line {} of the code block has {} characters (more than {MAX_LINE})",
        number + 1,
        line.chars().count()
    ))
}

fn highlight_syntax(code: &str, syntax: &SyntaxReference) -> Highlighted {
    let mut state = ParseState::new(syntax);
    let mut stack = ScopeStack::new();
    let mut spans = Spans::default();
    for line in LinesWithEndings::from(code) {
        let Ok(ops) = state.parse_line(line, &SYNTAXES) else {
            return Highlighted::plain(code, None);
        };
        let mut at = 0;
        for (position, op) in ops {
            let position = position.min(line.len());
            if position > at {
                spans.push(&line[at..position], class_of(&stack));
                at = position;
            }
            if stack.apply(&op).is_err() {
                return Highlighted::plain(code, None);
            }
        }
        spans.push(&line[at..], class_of(&stack));
    }
    Highlighted {
        html: spans.finish(),
        plain_because: None,
    }
}

fn find_syntax(language: &str) -> Option<&'static SyntaxReference> {
    let language = language.trim().to_ascii_lowercase();
    let token = match language.as_str() {
        "" | "text" | "txt" | "plain" | "plaintext" => return None,
        "console" | "shell" | "zsh" | "shell-session" => "bash",
        "yml" => "yaml",
        "ps1" | "powershell" => return None,
        other => other,
    };
    SYNTAXES.find_syntax_by_token(token)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn highlight(code: &str, language: &str) -> Highlighted {
        super::highlight(
            code,
            language,
            &mut Budget::default(),
            &HighlightMemo::default(),
        )
    }

    #[test]
    fn a_page_past_its_budget_gets_plain_code_and_the_same_whatever_came_before() {
        let block = format!(
            "{}\n",
            "x=\"$(echo ${HOME}/a-b_c) && ls | grep 'q'\" ".repeat(20)
        )
        .repeat(40);
        let memo = HighlightMemo::default();
        let page = |budget: &mut Budget| {
            (0..40)
                .map(|_| {
                    super::highlight(&block, "bash", budget, &memo)
                        .plain_because
                        .is_some()
                })
                .collect::<Vec<bool>>()
        };
        let first = page(&mut Budget::default());
        assert!(!first[0], "the first block is highlighted");
        assert!(first[39], "the last is past the budget");
        // Highlighted blocks are remembered; the page comes out the same the second time.
        assert_eq!(page(&mut Budget::default()), first);
    }

    #[test]
    fn the_callers_memo_keeps_highlighted_blocks_and_gives_the_same_html() {
        let memo = HighlightMemo::default();
        let code = "echo \"hi\" | grep h\n";
        let first = super::highlight(code, "bash", &mut Budget::default(), &memo);
        assert_eq!(memo.blocks(), 1);
        let again = super::highlight(code, "bash", &mut Budget::default(), &memo);
        assert_eq!(again, first);
        assert_eq!(memo.blocks(), 1, "the second time comes from the memo");
        // Plain text (no language) is not remembered: there is nothing to save.
        super::highlight(code, "", &mut Budget::default(), &memo);
        assert_eq!(memo.blocks(), 1);
        // Another memo starts empty: nothing is shared through the process.
        assert_eq!(HighlightMemo::default().blocks(), 0);
    }

    #[test]
    fn known_language_gets_classes() {
        let html = highlight("echo \"hi\"\n", "bash").html;
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(html.contains("hi"));
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        let out = highlight("<b>&\n", "no-such-language");
        assert_eq!(out.html, "&lt;b&gt;&amp;\n");
        assert_eq!(out.plain_because, None);
    }

    /// A one-liner that took ~50 s in the bash grammar comes back at once, plain, with a reason.
    #[test]
    fn a_long_shell_line_is_plain_and_quick() {
        let line = format!(
            "curl -s -H 'Authorization: Bearer {}' https://api.example.com/v1/x | jq .\n",
            "a1b2c3".repeat(500)
        );
        let started = Instant::now();
        let out = highlight(&line, "bash");
        assert!(started.elapsed() < Duration::from_secs(1));
        assert!(!out.html.contains("hl-"), "plain text expected");
        assert!(out.plain_because.unwrap().contains("characters"));
    }

    /// Every grammar this binary ships, at the longest line it will highlight, stays well inside
    /// the budget, so the line bound alone keeps builds quick whatever the language.
    #[test]
    fn every_shipped_syntax_is_quick_at_the_longest_highlighted_line() {
        let samples = [
            "x=\"$(echo ${HOME}/a-b_c) && ls -la | grep 'q' ; f(){ :; }\" ",
            "{\"a\": [1, 2.5e3, \"s\\\"t\"], \"b\": {\"c\": null}} <x a='1'> /* c */ ",
        ];
        for syntax in SYNTAXES.syntaxes() {
            for sample in samples {
                let line: String = sample.chars().cycle().take(MAX_LINE).collect();
                let started = Instant::now();
                let out = highlight_syntax(&format!("{line}\n"), syntax);
                let took = started.elapsed();
                assert!(
                    took < Duration::from_millis(2000),
                    "{} took {took:?} on a {MAX_LINE}-byte line",
                    syntax.name
                );
                assert!(out.plain_because.is_none());
            }
        }
    }

    /// Measures every shipped grammar on one long line, unbounded, slowest first:
    /// `cargo test --release --lib measure_long_lines -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn measure_long_lines_per_syntax() {
        let samples: [fn(usize) -> String; 11] = [
            |n| format!("export TOKEN={}", "eyJhbGciOi_J9.".repeat(n / 14)),
            |n| format!("ls {}", "/a-b/c_d".repeat(n / 8)),
            |n| {
                format!(
                    "kubectl patch x -p '{}'",
                    "{\"a\":[1,{\"b\":2}]},".repeat(n / 20)
                )
            },
            |n| format!("echo {}", "a".repeat(n)),
            |n| "word ".repeat(n / 5),
            |n| "--opt=val ".repeat(n / 10),
            |n| "| grep x ".repeat(n / 9),
            |n| "$A ".repeat(n / 3),
            |n| {
                "x=\"$(echo ${HOME}/a-b_c) && ls -la | grep 'q' ; f(){ :; }\" {\"a\": [1, 2.5e3]} "
                    .chars()
                    .cycle()
                    .take(n)
                    .collect()
            },
            |n| format!("curl -H 'X-Token: {}' https://x", "ab12".repeat(n / 4)),
            |n| format!("echo {}", "Zm9vYmFy".repeat(n / 8)),
        ];
        for length in [375, 750, 1500] {
            let mut times: Vec<(Duration, &str)> = SYNTAXES
                .syntaxes()
                .iter()
                .map(|syntax| {
                    let worst = samples
                        .iter()
                        .map(|sample| {
                            let started = Instant::now();
                            highlight_syntax(&format!("{}\n", sample(length)), syntax);
                            started.elapsed()
                        })
                        .max()
                        .unwrap_or_default();
                    (worst, syntax.name.as_str())
                })
                .collect();
            times.sort_by(|a, b| b.cmp(a));
            let top: Vec<String> = times
                .iter()
                .take(5)
                .map(|(t, name)| format!("{name} {:.3}s", t.as_secs_f64()))
                .collect();
            println!("{length} chars: slowest {}", top.join(", "));
        }
    }
}

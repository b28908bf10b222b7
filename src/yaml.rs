//! YAML mappings with the line of every key, for `site.yaml` and front
//! matter, so that every complaint can name its line.

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

/// How deep YAML may nest. Front matter and settings need three or four
/// levels; the YAML parser takes seconds over input nested thousands deep,
/// so such input is refused before it is parsed.
const MAX_DEPTH: usize = 64;

/// Refuses `text` (YAML, TOML or JSON) nested deeper than [`MAX_DEPTH`],
/// naming the 1-based line, before any parser sees it: settings, front
/// matter and data files from any source go through this.
pub fn check_depth(text: &str) -> Result<(), (usize, String)> {
    match too_deep(text) {
        None => Ok(()),
        Some(line) => Err((
            line,
            format!(
                "nested more than {MAX_DEPTH} levels deep; settings and front matter need a few"
            ),
        )),
    }
}

/// The 1-based line where `text` nests deeper than [`MAX_DEPTH`]: by
/// flow brackets (`[[[`, `{{{`, outside quotes, even when closed on the
/// same line) or by blocks (indentation and `- - -` on one line). Brackets
/// count only where a flow collection can be: as a value (after `key:`,
/// `key =`, `- `) or inside one; in a plain or quoted text (`title: a
/// [[[[ b`) they are letters. An estimate that errs towards counting more.
fn too_deep(text: &str) -> Option<usize> {
    let mut flow = 0usize;
    let mut indents: Vec<usize> = vec![];
    for (n, line) in text.lines().enumerate() {
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        while indents.last().is_some_and(|&i| i >= indent) {
            indents.pop();
        }
        indents.push(indent);
        let dashes = body
            .split_inclusive(' ')
            .take_while(|w| matches!(w.trim_end(), "-" | "?"))
            .count();
        if indents.len() + dashes > MAX_DEPTH {
            return Some(n + 1);
        }
        let rest = match flow {
            0 => {
                let after_dashes = body.split_inclusive(' ').skip(dashes).collect::<String>();
                let value = value_of(after_dashes.trim_start()).to_string();
                if !value.starts_with(['[', '{']) {
                    continue;
                }
                value
            }
            _ => body.to_string(),
        };
        // Inside a flow collection: a quote opens a quoted text only where
        // a text starts (O'Brien is a plain word).
        let mut quote = None;
        let mut prev = ' ';
        for c in rest.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if matches!(prev, '[' | '{' | ',' | ':' | ' ') => {
                    quote = Some(c)
                }
                (None, '#') if prev == ' ' => break,
                (None, '[' | '{') => {
                    flow += 1;
                    if flow > MAX_DEPTH {
                        return Some(n + 1);
                    }
                }
                (None, ']' | '}') => {
                    flow = flow.saturating_sub(1);
                    if flow == 0 {
                        break;
                    }
                }
                _ => {}
            }
            prev = c;
        }
    }
    None
}

/// What follows a key on a line (`tags: [a]` → `[a]`, TOML's `x = [1]`
/// → `[1]`); the line itself when it has no key (`[1, 2]`, a continued
/// text).
fn value_of(line: &str) -> &str {
    // A quoted key: its separator comes after its closing quote.
    let from = match line.chars().next() {
        Some(q @ ('"' | '\'')) => line[1..].find(q).map_or(line.len(), |i| i + 2),
        _ => 0,
    };
    let rest = &line[from..];
    let at = [": ", " = ", "= ", "="]
        .iter()
        .filter_map(|sep| rest.find(sep).map(|i| (i, sep.len())))
        .min();
    match at {
        Some((i, len)) => line[from + i + len..].trim_start(),
        None if rest.ends_with(':') => "",
        None => line,
    }
}

/// A parsed top-level mapping: each key with its value and its line.
pub struct Doc {
    pub entries: Vec<Entry>,
}

pub struct Entry {
    pub key: String,
    pub value: Value,
    /// 1-based line in the file the YAML came from.
    pub line: usize,
}

/// An error at a line of the file.
pub type LineError = (usize, String);

impl Doc {
    /// Parses `text`, whose first line is line `first_line` of its file.
    pub fn parse(text: &str, first_line: usize) -> Result<Doc, LineError> {
        if text.trim().is_empty() {
            return Ok(Doc { entries: vec![] });
        }
        check_depth(text).map_err(|(line, msg)| (first_line + line - 1, format!("YAML {msg}")))?;
        let map: Mapping = serde_yaml::from_str(text).map_err(|e| {
            let raw = strip_location(&e.to_string()).to_string();
            let msg = format!("YAML: {raw}{}", hint(&raw));
            match e.location() {
                // The offending line, with a caret under where the parser stopped.
                Some(l) => {
                    let shown = text.lines().nth(l.line() - 1).unwrap_or("");
                    let caret = " ".repeat(shown.chars().take(l.column() - 1).count());
                    (
                        first_line + l.line() - 1,
                        format!("{msg}\n    {shown}\n    {caret}^"),
                    )
                }
                None => (first_line, msg),
            }
        })?;
        let entries = map
            .into_iter()
            .map(|(k, value)| {
                let key = match k {
                    Value::String(s) => s,
                    other => serde_yaml::to_string(&other)
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                };
                let line = first_line + key_line(text, &key);
                Entry { key, value, line }
            })
            .collect();
        Ok(Doc { entries })
    }
}

impl Entry {
    /// The value as `T`, or an error at this key's line naming the key.
    pub fn get<T: DeserializeOwned>(&self, expected: &str) -> Result<T, LineError> {
        serde_yaml::from_value(self.value.clone())
            .map_err(|_| (self.line, format!("`{}` must be {expected}", self.key)))
    }
}

/// 0-based line of a top-level `key:` in `text` (0 when not found).
fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start_matches(['"', '\'']);
            l.starts_with(key)
                && l[key.len()..]
                    .trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with(':')
        })
        .unwrap_or(0)
}

/// What to do about the YAML mistakes people make most.
fn hint(msg: &str) -> &'static str {
    if msg.contains("mapping values are not allowed") {
        "; a value holding \": \" needs quotes, e.g. title: \"Kosovo: the report\""
    } else if msg.contains("expected ',' or ']'") {
        "; a list opened with [ above is not closed with ]"
    } else if msg.contains("cannot start any token") {
        "; put the value in double quotes"
    } else if msg.contains("did not find expected key")
        || msg.contains("could not find expected ':'")
    {
        "; each line should be `key: value`, indented as the lines above"
    } else {
        ""
    }
}

fn strip_location(msg: &str) -> &str {
    msg.split(" at line ").next().unwrap_or(msg)
}

/// The known key closest to a mistyped one, if any is close enough.
pub fn nearest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::levenshtein(key, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| k)
}

/// Message for a key that is not one of `known`.
pub fn unknown_key(key: &str, known: &[&str]) -> String {
    match nearest(key, known) {
        Some(k) => format!("unknown key `{key}`; did you mean `{k}`?"),
        None => format!("unknown key `{key}`; known keys are {}", known.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_carry_their_lines() {
        let doc = Doc::parse("title: A\n\ntags:\n  - x\ndate: 2004-05-07\n", 2).unwrap();
        let lines: Vec<_> = doc
            .entries
            .iter()
            .map(|e| (e.key.as_str(), e.line))
            .collect();
        assert_eq!(lines, [("title", 2), ("tags", 4), ("date", 6)]);
    }

    #[test]
    fn syntax_errors_carry_the_file_line() {
        let (line, msg) = Doc::parse("title: A\ntags: [a, b\n", 2).err().unwrap();
        assert!(line >= 3, "{line}");
        assert!(msg.starts_with("YAML:"), "{msg}");
    }

    #[test]
    fn brackets_count_only_where_they_nest() {
        let deep = format!("{}1{}", "[".repeat(100), "]".repeat(100));
        for nested in [
            format!("tags: {deep}\n"),
            format!("x = {deep}\n"),
            format!("- {deep}\n"),
            format!("a:\n  - b: {deep}\n"),
            format!("x: [\n{}\n]\n", "[".repeat(70)),
            format!("{{\"a\": {deep}}}\n"),
        ] {
            assert!(too_deep(&nested).is_some(), "{nested}");
        }
        // Brackets in a text, plain or quoted, are letters: a headline with
        // a run of them is written and read back.
        let many = "[".repeat(100);
        for text in [
            format!("title: Sold in a café {many} and moved\n"),
            format!("title: 'Sold {many}'\n"),
            format!("title: \"O'Brien's {many}\"\n"),
            format!("tags: [O'Brien, \"a {many}\"]\n"),
            format!("title = \"{many}\"\n"),
        ] {
            assert_eq!(too_deep(&text), None, "{text}");
        }
    }

    #[test]
    fn nearest_key() {
        let known = ["title", "date", "tags", "source_url"];
        assert_eq!(nearest("titel", &known), Some("title"));
        assert_eq!(nearest("sourceurl", &known), Some("source_url"));
        assert_eq!(nearest("zzzzzz", &known), None);
    }
}

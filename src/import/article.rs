//! An imported story written as a front-matter Markdown article. Every
//! field is quoted and the body escaped, so that whatever a clipping holds
//! (`<script>`, `{{ }}`, `*`, `#`, `[`) shows on the page as the same text.

use std::fmt::Write;

use super::clipping::{Block, Span, Story};

/// What the importer decided about a story, beyond the story itself.
pub struct Meta<'a> {
    pub tags: &'a [String],
    pub warnings: &'a [String],
    pub related: &'a [String],
    /// Written as a draft even with a date (its section is not known).
    pub draft: bool,
}

/// The article file's text.
pub fn markdown(story: &Story, meta: &Meta) -> String {
    let mut out = String::from("---\n");
    field(&mut out, "title", Some(&story.title));
    if let Some(d) = story.date {
        let _ = writeln!(out, "date: {}", d.iso());
    }
    if story.date.is_none() || meta.draft {
        out.push_str("draft: true\n");
    }
    field(&mut out, "author", story.author.as_deref());
    field(&mut out, "dateline", story.dateline.as_deref());
    field(&mut out, "source", story.source.as_deref());
    field(&mut out, "source_url", story.source_url.as_deref());
    field(&mut out, "copyright", story.copyright.as_deref());
    field(&mut out, "lang", story.lang.as_deref());
    list(&mut out, "tags", meta.tags);
    list(&mut out, "warnings", meta.warnings);
    list(&mut out, "related", meta.related);
    out.push_str("---\n");
    for (i, block) in story.body.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match block {
            Block::Paragraph(p) => out.push_str(&escape(p)),
            Block::Heading(h) => {
                out.push_str("## ");
                out.push_str(&escape(h));
            }
            Block::List(items) => {
                let lines: Vec<String> = items
                    .iter()
                    .map(|item| format!("- {}", escape(item)))
                    .collect();
                out.push_str(&lines.join("\n"));
            }
            Block::Image { src, alt } => {
                let _ = write!(out, "![{}](<{}>)", escape(alt), link_target(src));
            }
            Block::Quote(q) => {
                out.push_str("> ");
                out.push_str(&escape(q));
            }
            Block::Linked(spans) => {
                for span in spans {
                    match span {
                        Span::Text(t) => out.push_str(&escape(t)),
                        Span::Link(t, href) => {
                            let _ = write!(out, "[{}](<{}>)", escape(t), link_target(href));
                        }
                    }
                }
            }
        }
        out.push('\n');
    }
    out
}

/// The story's text, for classifying it.
pub fn plain_body(story: &Story) -> String {
    super::page::text_of(&story.body)
}

/// A link's address inside `<…>`: the characters that would end it or
/// start markup are percent-encoded.
fn link_target(href: &str) -> String {
    let mut out = String::with_capacity(href.len());
    for c in href.chars() {
        match c {
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            ' ' => out.push_str("%20"),
            '\\' => out.push_str("%5C"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn field(out: &mut String, key: &str, value: Option<&str>) {
    if let Some(v) = value.filter(|v| !v.trim().is_empty()) {
        let _ = writeln!(out, "{key}: {}", quote(v));
    }
}

pub(crate) fn list(out: &mut String, key: &str, values: &[String]) {
    if !values.is_empty() {
        let items: Vec<String> = values.iter().map(|v| quote(v)).collect();
        let _ = writeln!(out, "{key}: [{}]", items.join(", "));
    }
}

/// A YAML double-quoted scalar.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Escapes text so Markdown shows it as written: every character that
/// could start markup gets a backslash, and so does anything at the start
/// of the line that Markdown would read as a block (`#`, `>`, `-`, `1.`).
pub fn escape(text: &str) -> String {
    const MARKUP: [bool; 256] = {
        let mut t = [false; 256];
        let special = b"\\`*_[]<>|~&{}$^";
        let mut i = 0;
        while i < special.len() {
            t[special[i] as usize] = true;
            i += 1;
        }
        t
    };
    let mut out = String::with_capacity(text.len() + 8);
    let mut from = 0;
    // The characters to escape are ASCII, so a byte scan finds them.
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if MARKUP[b as usize] {
            out.push_str(&text[from..i]);
            out.push('\\');
            from = i;
        }
    }
    out.push_str(&text[from..]);
    // `#`, `-`, `+`, `=` open a block at the start; so does `1.` or `1)`,
    // escaped after its digits.
    let digits = out.bytes().take_while(u8::is_ascii_digit).count();
    let numbered = digits > 0 && matches!(out.as_bytes().get(digits), Some(b'.' | b')'));
    if numbered || out.starts_with(['#', '-', '+', '=']) {
        out.insert(digits, '\\');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::render;

    #[test]
    fn escaped_text_renders_as_the_same_text() {
        for text in [
            "<script>alert(1)</script> and {{ site.title }} {% if x %}",
            "# not a heading",
            "- not a list",
            "1. not a list either",
            "*stars* _under_ [link](x) `code` a|b ~~s~~ &amp; \\ $x$ ^y",
            "> not a quote",
        ] {
            let html = render(&escape(text), false, "/").html;
            let shown = html
                .trim()
                .trim_start_matches("<p>")
                .trim_end_matches("</p>");
            let shown = shown
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&");
            assert_eq!(shown, text, "{html}");
        }
    }

    #[test]
    fn front_matter_is_quoted_yaml() {
        let story = Story {
            title: "Kosovo: \"quoted\" {{ x }}".into(),
            body: vec![
                Block::Paragraph("Text.".into()),
                Block::Heading("Sub".into()),
                Block::List(vec!["a".into()]),
            ],
            ..Story::default()
        };
        let md = markdown(
            &story,
            &Meta {
                tags: &["UN".into()],
                warnings: &[],
                related: &[],
                draft: false,
            },
        );
        assert_eq!(
            md,
            "---\ntitle: \"Kosovo: \\\"quoted\\\" {{ x }}\"\ndraft: true\ntags: [\"UN\"]\n---\nText.\n\n## Sub\n\n- a\n"
        );
        let split = crate::frontmatter::split(&md).unwrap();
        let fm = crate::frontmatter::parse_article(&split, &mut vec![]).unwrap();
        assert_eq!(fm.title.as_deref(), Some("Kosovo: \"quoted\" {{ x }}"));
    }
}

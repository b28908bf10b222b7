//! Markdown bodies that hold HTML (an old site's posts): each top-level
//! block with HTML in it, an HTML element with the Markdown inside it
//! included, is rendered as the old site rendered it and read back through
//! the converter; the rest of the body stays as its author wrote it.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use super::doc::Block;
use super::html::{self, Converted};

/// What a stand-in footnote says: a character of private use.
const STAND_IN: &str = "\u{e000}";

/// The body with its HTML made Markdown. Links stay as written (the
/// caller relinks them); the summary divider `<!-- more -->` is kept and
/// other comments go.
pub fn markdown_with_html(body: &str) -> (String, Converted) {
    let mut report = Converted::default();
    if !body.contains('<') {
        return (body.to_string(), report);
    }
    let parser = Parser::new_ext(body, crate::markdown::options()).into_offset_iter();
    let mut definitions: String = parser
        .reference_definitions()
        .iter()
        .filter_map(|(_, d)| body.get(d.span.clone()))
        .map(|d| format!("\n{}\n", d.trim()))
        .collect();
    let mut tops: Vec<(Range<usize>, bool, bool)> = vec![];
    let mut depth = 0usize;
    for (ev, range) in parser {
        match ev {
            // A region's references to the body's footnotes read as such
            // against a stand-in note, which is left out again.
            Event::Start(Tag::FootnoteDefinition(label)) => {
                definitions.push_str(&format!("\n[^{label}]: {STAND_IN}\n"));
                if depth == 0 {
                    tops.push((range, false, false));
                }
                depth += 1;
            }
            Event::Start(tag) => {
                if depth == 0 {
                    tops.push((range, false, matches!(tag, Tag::HtmlBlock)));
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Html(_) | Event::InlineHtml(_) => match tops.last_mut() {
                Some(top) if depth > 0 => top.1 = true,
                _ => tops.push((range, true, true)),
            },
            _ => {
                if depth == 0 {
                    tops.push((range, false, false));
                }
            }
        }
    }
    let regions = regions(body, &tops);
    if regions.is_empty() {
        return (body.to_string(), report);
    }
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    for r in regions {
        out.push_str(&body[at..r.start]);
        let region = &body[r.clone()];
        out.push_str(&convert(region, &definitions, &mut report));
        out.push_str(&region[region.trim_end().len()..]);
        at = r.end;
    }
    out.push_str(&body[at..]);
    (out, report)
}

/// The stretches of the body to convert: each top-level block with HTML,
/// an HTML element taken whole to its closing tag (with the blocks of
/// Markdown inside it), overlapping stretches joined.
fn regions(body: &str, tops: &[(Range<usize>, bool, bool)]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = vec![];
    for (range, has_html, html_block) in tops {
        let covered = out.last().is_some_and(|l| range.start < l.end);
        if !has_html && !covered {
            continue;
        }
        let mut r = range.clone();
        if *html_block {
            if let Some(end) = whole_element(body, r.start) {
                r.end = r.end.max(end);
            }
        }
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    // A region ends at a line's end, so that what follows stays a block.
    for r in &mut out {
        if let Some(nl) = body[r.end..].find('\n') {
            if body[r.end..r.end + nl].trim().is_empty() {
                r.end += nl;
            }
        }
    }
    out
}

fn convert(region: &str, definitions: &str, report: &mut Converted) -> String {
    let t = region.trim();
    if t.starts_with("<!--") && t.ends_with("-->") && t.matches("<!--").count() == 1 {
        // Hugo's and Jekyll's summary divider is placard's too.
        let more = t.trim_start_matches("<!--").trim_end_matches("-->").trim() == "more";
        return if more {
            "<!-- more -->".into()
        } else {
            String::new()
        };
    }
    // Inside an element, a line indented after a blank line would be code
    // to Markdown; to the old site's renderer it was the element's text.
    // Code keeps its indentation.
    // A Markdown block (a list, a quote) with HTML inside keeps its own
    // indentation: there it is the block's structure.
    let element = t.starts_with('<');
    let mut source = String::with_capacity(region.len() + definitions.len());
    let (mut fence, mut pre) = (false, false);
    for line in region.split_inclusive('\n') {
        let t = line.trim_start_matches([' ', '\t']);
        let lower = t.to_ascii_lowercase();
        let fence_line = t.starts_with("```") || t.starts_with("~~~");
        // A fence keeps its indentation from its opening line to its
        // closing one, the code between them too.
        let keep = !element || fence || fence_line || pre;
        if fence_line {
            fence = !fence;
        }
        if lower.contains("<pre") {
            pre = true;
        }
        if lower.contains("</pre>") {
            pre = false;
        }
        source.push_str(if keep { line } else { t });
    }
    source.push_str(definitions);
    let mut rendered = String::new();
    pulldown_cmark::html::push_html(
        &mut rendered,
        Parser::new_ext(&source, crate::markdown::options()),
    );
    let got = html::read(
        &rendered,
        &html::Options {
            keep_relative: true,
            ..html::Options::default()
        },
    );
    report.notes.extend(got.notes);
    report.needs.extend(got.needs);
    let mut blocks = got.blocks;
    blocks.retain(|b| {
        !matches!(b, Block::Note { blocks, .. } if super::doc::text_of(blocks).trim() == STAND_IN)
    });
    let md = super::markdown::write(&blocks);
    md.trim_end().to_string()
}

/// Where the element opening at `start` closes (after its `>`), counting
/// the elements of its name nested in it; None for a void or unclosed one.
fn whole_element(body: &str, start: usize) -> Option<usize> {
    let lower = body[start..].to_ascii_lowercase();
    let name: String = lower
        .trim_start()
        .strip_prefix('<')?
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    if name.is_empty()
        || matches!(
            name.as_str(),
            "br" | "hr" | "img" | "input" | "meta" | "link" | "source" | "wbr" | "area" | "col"
        )
    {
        return None;
    }
    let (open, close) = (format!("<{name}"), format!("</{name}"));
    let mut depth = 0usize;
    let mut at = 0;
    while at < lower.len() {
        let next_open = lower[at..].find(&open).map(|i| at + i);
        let next_close = lower[at..].find(&close).map(|i| at + i);
        match (next_open, next_close) {
            (Some(o), Some(c)) if o < c => {
                let after = lower[o + open.len()..].chars().next();
                if after.is_some_and(|ch| ch.is_whitespace() || ch == '>' || ch == '/') {
                    depth += 1;
                }
                at = o + open.len();
            }
            (_, Some(c)) => {
                depth = depth.saturating_sub(1);
                let end = lower[c..].find('>').map(|i| c + i + 1)?;
                if depth == 0 {
                    return Some(start + end);
                }
                at = end;
            }
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(body: &str) -> String {
        markdown_with_html(body).0
    }

    #[test]
    fn markdown_inside_html_blocks_is_rendered_and_the_rest_kept() {
        let body = "Intro *kept* as [written][r].\n\n<details>\n<summary>More</summary>\n\nSee [the report][r] and ![a chart](/c.png).\n\n</details>\n\nAfter.\n\n[r]: /report/\n";
        let got = md(body);
        assert!(
            got.starts_with("Intro *kept* as [written][r].\n\n"),
            "{got}"
        );
        assert!(got.contains("**More**"), "{got}");
        assert!(
            got.contains("See [the report](/report/) and ![a chart](/c.png)."),
            "{got}"
        );
        assert!(
            !got.contains("<details") && !got.contains("</details>"),
            "{got}"
        );
        assert!(got.ends_with("After.\n\n[r]: /report/\n"), "{got}");
    }

    #[test]
    fn inline_tags_comments_and_code() {
        let got = md(
            "A <a href=“https://x.org/”>curly</a> link<br>and a break.\n\n<!--more-->\n\n<!-- a note -->\n\n```html\n<p>code</p>\n```\n\n<pre>\n# kept\n</pre>\n",
        );
        assert_eq!(
            got,
            "A [curly](https://x.org/) link\\\nand a break.\n\n<!-- more -->\n\n\n\n```html\n<p>code</p>\n```\n\n```\n# kept\n```\n"
        );
    }

    #[test]
    fn a_list_with_html_keeps_its_items_and_their_code() {
        let got = md(
            "* <code>x</code> one\n\n  ```ruby\n  a = 1\n  ```\n\n* two\n\n  ```ruby\n  b = 2\n  ```\n",
        );
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            Parser::new_ext(&got, crate::markdown::options()),
        );
        assert_eq!(html.matches("<li>").count(), 2, "{got}\n{html}");
        assert_eq!(html.matches("<pre>").count(), 2, "{got}\n{html}");
        assert!(!html.contains("```"), "{got}\n{html}");
    }
}

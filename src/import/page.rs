//! Saved web pages: parsed with html5ever (through dom_query), the article
//! found by two proven extractors (rs-trafilatura, and dom_smoothie's port
//! of Readability.js as the second opinion), its metadata read from what
//! pages carry (JSON-LD, OpenGraph, `<meta>`, `<time>`, bylines).

use dom_query::{Document, NodeRef};
use rustc_hash::FxHashMap;

use super::clipping::{Block, Span, Story};
use crate::date::Date;

/// Elements whose text is never the article's.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "form", "button", "select", "textarea",
    "iframe", "svg", "canvas", "object", "embed", "head", "title", "aside", "dialog", "menu",
];

/// Elements that end a paragraph.
const BREAKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "table",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "tfoot",
    "caption",
    "dl",
    "dd",
    "dt",
    "hr",
    "br",
    "figure",
    "figcaption",
    "address",
    "center",
    "details",
    "summary",
    "pre",
    "body",
    "html",
    "fieldset",
    "legend",
];

/// The article of a saved web page, or None when neither extractor finds
/// one (the caller then reads the page's whole text).
pub fn read(html: &str) -> Option<Story> {
    // An extractor that fails on a strange page must not take the whole
    // import with it: the page is then read whole, as with no article.
    std::panic::catch_unwind(|| extract(html)).ok().flatten()
}

fn extract(html: &str) -> Option<Story> {
    let first = rs_trafilatura::extract_with_options(
        html,
        &rs_trafilatura::Options {
            include_links: true,
            include_tables: true,
            ..Default::default()
        },
    )
    .ok();
    let second = dom_smoothie::Readability::new(html, None, None)
        .ok()
        .and_then(|mut r| r.parse().ok());
    let first_blocks = first
        .as_ref()
        .and_then(|r| r.content_html.as_deref())
        .map(blocks_of_html)
        .unwrap_or_default();
    let second_blocks = second
        .as_ref()
        .map(|a| blocks_of_html(&a.content))
        .unwrap_or_default();
    let images = images_in_place(&second_blocks);
    let mut body = choose(first_blocks, second_blocks);
    // rs-trafilatura drops images (and loses text around figures when
    // asked to keep them): Readability's are put back where it had them.
    if !body.iter().any(|b| matches!(b, Block::Image { .. })) {
        for (image, after) in images {
            // Before the first block after it that both have; at the end
            // when nothing follows it; left out when nothing of what
            // follows it is the article's.
            let at = after.iter().find_map(|t| {
                body.iter()
                    .position(|b| text_of(std::slice::from_ref(b)) == *t)
            });
            match at {
                Some(i) => body.insert(i, image),
                None if after.is_empty() => body.push(image),
                None => {}
            }
        }
    }
    let page = Document::from(html);
    let meta = first.as_ref().map(|r| &r.metadata);
    let mut s = Story {
        title: clean(
            meta.and_then(|m| m.title.clone())
                .or_else(|| second.as_ref().map(|a| a.title.clone()))
                .unwrap_or_default()
                .as_str(),
        ),
        ..Story::default()
    };
    // The page's own headline, when it is the one its metadata shortened
    // (a site's name cut off) or the one its <title> holds.
    let h1 = clean(&page.select("h1").first().text());
    let head_title = clean(&page.select("title").first().text());
    if !h1.is_empty()
        && (s.title.is_empty()
            || h1.starts_with(s.title.as_str())
            || (h1.len() > s.title.len() && head_title.contains(h1.as_str())))
    {
        s.title = h1;
    }
    if s.title.is_empty() {
        s.title = head_title;
    }
    s.author = [
        meta.and_then(|m| m.author.clone()),
        second.as_ref().and_then(|a| a.byline.clone()),
    ]
    .into_iter()
    .flatten()
    .map(|a| clean(strip_by(&a)))
    .find(|a| !a.is_empty() && a.len() < 200 && !is_label(a));
    s.date = second
        .as_ref()
        .and_then(|a| a.published_time.as_deref())
        .and_then(super::dates::parse_stamp)
        .or_else(|| {
            meta.and_then(|m| m.date)
                .and_then(|d| Date::parse(&d.format("%Y-%m-%d").to_string()).ok())
        })
        .or_else(|| time_element(&page));
    // The publisher: the name a page gives itself (og:site_name), else
    // what the extractors read (JSON-LD publisher, application name), else
    // the host. A handle (`@verge`) or the headline again is no name.
    let og = page
        .select("meta[property='og:site_name']")
        .attr("content")
        .map(|v| v.to_string());
    s.source = [
        og,
        meta.and_then(|m| m.sitename.clone()),
        second.as_ref().and_then(|a| a.site_name.clone()),
    ]
    .into_iter()
    .flatten()
    .map(|n| clean(&n))
    .find(|n| {
        !n.is_empty()
            && n.split_whitespace().count() <= 8
            && !n.contains(". ")
            && !n.starts_with('@')
            && *n != s.title
    })
    .or_else(|| {
        meta.and_then(|m| m.hostname.clone())
            .map(|h| h.trim_start_matches("www.").to_string())
    });
    s.source_url = meta
        .and_then(|m| m.url.clone())
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"));
    s.lang = meta
        .and_then(|m| m.language.clone())
        .or_else(|| second.as_ref().and_then(|a| a.lang.clone()))
        .map(|l| {
            l.split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        })
        .filter(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase()));
    // Absolute links need the page's address; without one a link is text.
    let base = s
        .source_url
        .as_deref()
        .and_then(|u| url::Url::parse(u).ok());
    absolutise(&mut body, base.as_ref());
    lead_lines(&mut s, &mut body);
    s.body = body;
    (!s.title.is_empty()).then_some(s)
}

/// The shorter text when the first extractor's holds the second's and is
/// much longer: the first then took in boilerplate around the article (the
/// comparison trafilatura itself makes with its Readability fallback).
fn choose(first: Vec<Block>, second: Vec<Block>) -> Vec<Block> {
    let (a, b) = (text_of(&first), text_of(&second));
    let (wa, wb) = (words(&a), words(&b));
    if wb.is_empty() {
        return first;
    }
    if wa.is_empty() {
        return second;
    }
    let (sa, sb) = (shingles(&wa), shingles(&wb));
    let inside: usize = sb
        .iter()
        .map(|(k, n)| (*n).min(*sa.get(k).unwrap_or(&0)))
        .sum();
    let total: usize = sb.values().sum();
    if inside * 10 >= total * 9 && wb.len() * 2 < wa.len() {
        second
    } else {
        first
    }
}

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| !w.is_empty())
        .collect()
}

fn shingles(words: &[&str]) -> FxHashMap<u64, usize> {
    use std::hash::BuildHasher;
    let build = rustc_hash::FxBuildHasher;
    let mut out = FxHashMap::default();
    for w in words.windows(4.min(words.len())) {
        *out.entry(build.hash_one(w)).or_insert(0) += 1;
    }
    out
}

/// Each image of a text, with the texts of the blocks after it.
fn images_in_place(blocks: &[Block]) -> Vec<(Block, Vec<String>)> {
    blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, Block::Image { .. }))
        .map(|(i, b)| {
            let after = blocks[i + 1..]
                .iter()
                .filter(|n| !matches!(n, Block::Image { .. }))
                .map(|n| text_of(std::slice::from_ref(n)))
                .collect();
            (b.clone(), after)
        })
        .collect()
}

/// The plain text of blocks, a line each.
pub fn text_of(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Paragraph(t) | Block::Heading(t) | Block::Quote(t) => out.push_str(t),
            Block::List(items) => out.push_str(&items.join("\n")),
            // An image's alt text is not text a reader reads.
            Block::Image { .. } => continue,
            Block::Linked(spans) => {
                for s in spans {
                    out.push_str(s.text());
                }
            }
        }
        out.push('\n');
    }
    out
}

/// A date from `<time datetime>` or `<meta itemprop=datePublished>`.
fn time_element(page: &Document) -> Option<Date> {
    for sel in ["meta[itemprop=datePublished]", "time[datetime]"] {
        let node = page.select(sel);
        let attr = if sel.starts_with("meta") {
            "content"
        } else {
            "datetime"
        };
        if let Some(d) = node.attr(attr).and_then(|v| super::dates::parse_stamp(&v)) {
            return Some(d);
        }
    }
    None
}

/// The article's leading lines that are a byline, a date or the headline
/// again: they fill what the page's metadata left empty, and leave the body.
fn lead_lines(s: &mut Story, body: &mut Vec<Block>) {
    let mut drop = 0;
    for b in body.iter().take(6) {
        let text = match b {
            Block::Paragraph(t) | Block::Heading(t) => t.as_str(),
            Block::Linked(_) => "",
            _ => break,
        };
        if text.is_empty() {
            break;
        }
        if text.eq_ignore_ascii_case(&s.title) {
            drop += 1;
            continue;
        }
        let mut probe = Story::default();
        if text.len() < 160 && super::clipping::header_line(&mut probe, text) {
            s.author = s.author.take().or(probe.author);
            s.date = s.date.or(probe.date);
            s.dateline = s.dateline.take().or(probe.dateline);
            s.copyright = s.copyright.take().or(probe.copyright);
            drop += 1;
            continue;
        }
        break;
    }
    body.drain(..drop);
}

/// Links made absolute against the page's address; a link that cannot be
/// (no address, or not a web or mail link) keeps its text only.
fn absolutise(body: &mut [Block], base: Option<&url::Url>) {
    for b in body.iter_mut() {
        let Block::Linked(spans) = b else { continue };
        for span in spans.iter_mut() {
            let Span::Link(text, href) = span else {
                continue;
            };
            let joined = match base {
                Some(base) => base.join(href).ok(),
                None => url::Url::parse(href).ok(),
            };
            match joined.filter(|u| matches!(u.scheme(), "http" | "https" | "mailto")) {
                Some(u) => *href = u.to_string(),
                None => *span = Span::Text(std::mem::take(text)),
            }
        }
        if spans.iter().all(|s| matches!(s, Span::Text(_))) {
            let text: String = spans.iter().map(Span::text).collect();
            *b = Block::Paragraph(text);
        }
    }
}

/// A form's or a theme's word standing where a name should be.
fn is_label(name: &str) -> bool {
    const LABELS: [&str; 8] = [
        "username",
        "user",
        "admin",
        "administrator",
        "guest",
        "anonymous",
        "author",
        "name",
    ];
    LABELS.iter().any(|l| name.eq_ignore_ascii_case(l))
}

/// A byline without its "By" or "By:".
fn strip_by(s: &str) -> &str {
    let t = s.trim();
    match t.get(..2) {
        Some(by) if by.eq_ignore_ascii_case("by") && !t[2..].starts_with(char::is_alphanumeric) => {
            t[2..].trim_start_matches([':', ' '])
        }
        _ => t,
    }
}

/// Whitespace collapsed, trimmed.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    super::text::strip_controls(&out)
}

/// The blocks of an HTML fragment or page.
pub fn blocks_of_html(html: &str) -> Vec<Block> {
    let doc = Document::from(html);
    let mut w = Walker::default();
    match doc.body() {
        Some(body) => w.walk(&body),
        None => w.walk(&doc.root()),
    }
    w.flush();
    w.out
}

#[derive(Default)]
struct Walker {
    out: Vec<Block>,
    spans: Vec<Span>,
    /// Inside a list item, a quote or a heading: the kind of block the
    /// text being gathered makes.
    list: Option<Vec<String>>,
    quote: bool,
    heading: bool,
}

impl Walker {
    fn walk(&mut self, node: &NodeRef) {
        for child in node.children_it(false) {
            if child.is_text() {
                self.text(&child.text());
                continue;
            }
            let Some(name) = child.node_name() else {
                continue;
            };
            let name = name.to_ascii_lowercase();
            if SKIP.contains(&name.as_str()) || hidden(&child) {
                continue;
            }
            match name.as_str() {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    self.flush();
                    self.heading = true;
                    self.walk(&child);
                    self.flush();
                    self.heading = false;
                }
                "ul" | "ol" if self.list.is_none() => {
                    self.flush();
                    self.list = Some(vec![]);
                    self.walk(&child);
                    self.flush();
                    if let Some(items) = self.list.take().filter(|i| !i.is_empty()) {
                        self.out.push(Block::List(items));
                    }
                }
                "li" => {
                    self.flush();
                    self.walk(&child);
                    self.flush();
                }
                "blockquote" if !self.quote => {
                    self.flush();
                    self.quote = true;
                    self.walk(&child);
                    self.flush();
                    self.quote = false;
                }
                "a" => {
                    let text = child.text();
                    match child.attr("href") {
                        Some(href) if !text.trim().is_empty() && self.list.is_none() => {
                            let text = clean(&text);
                            self.spans.push(Span::Link(text, href.trim().to_string()));
                        }
                        _ => self.walk(&child),
                    }
                }
                "img" => {
                    // Only a page's own files: a remote image is never fetched.
                    if let Some(src) = child.attr("src").filter(|s| {
                        !s.contains("://") && !s.starts_with("//") && !s.starts_with("data:")
                    }) {
                        self.flush();
                        let alt = clean(&child.attr("alt").unwrap_or_default());
                        self.out.push(Block::Image {
                            src: src.trim().to_string(),
                            alt,
                        });
                    }
                }
                n if BREAKS.contains(&n) => {
                    self.flush();
                    self.walk(&child);
                    self.flush();
                }
                _ => self.walk(&child),
            }
        }
    }

    fn text(&mut self, raw: &str) {
        match self.spans.last_mut() {
            Some(Span::Text(t)) => t.push_str(raw),
            _ => self.spans.push(Span::Text(raw.to_string())),
        }
    }

    /// Ends the text gathered so far as a block of its kind.
    fn flush(&mut self) {
        let spans = std::mem::take(&mut self.spans);
        let mut spans = join_spans(spans);
        if spans.is_empty() {
            return;
        }
        let plain = || spans.iter().map(Span::text).collect::<String>();
        if let Some(items) = self.list.as_mut() {
            items.push(plain());
        } else if self.heading {
            self.out.push(Block::Heading(plain()));
        } else if self.quote {
            self.out.push(Block::Quote(plain()));
        } else if spans.iter().any(|s| matches!(s, Span::Link(..))) {
            self.out.push(Block::Linked(std::mem::take(&mut spans)));
        } else {
            self.out.push(Block::Paragraph(plain()));
        }
    }
}

/// Spans with whitespace collapsed across their borders; empty if no text.
fn join_spans(spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = vec![];
    let mut space = false;
    for span in spans {
        let (raw, link) = match span {
            Span::Text(t) => (t, None),
            Span::Link(t, h) => (t, Some(h)),
        };
        let lead = raw.starts_with(char::is_whitespace);
        let trail = raw.ends_with(char::is_whitespace);
        let text = clean(&raw);
        if text.is_empty() {
            space |= lead || trail;
            continue;
        }
        let sep = if (space || lead) && !out.is_empty() {
            " "
        } else {
            ""
        };
        match (link, out.last_mut()) {
            (None, Some(Span::Text(t))) => {
                t.push_str(sep);
                t.push_str(&text);
            }
            (None, _) => {
                if !sep.is_empty() {
                    out.push(Span::Text(sep.into()));
                }
                out.push(Span::Text(text));
                // Merge the separator into the text just pushed.
                if let [.., Span::Text(a), Span::Text(b)] = out.as_mut_slice() {
                    a.push_str(b);
                    out.pop();
                }
            }
            (Some(h), _) => {
                if !sep.is_empty() {
                    match out.last_mut() {
                        Some(Span::Text(t)) => t.push_str(sep),
                        _ => out.push(Span::Text(sep.into())),
                    }
                }
                out.push(Span::Link(text, h));
            }
        }
        space = trail;
    }
    out
}

/// `hidden`, `aria-hidden` and `display:none` elements are not read.
fn hidden(node: &NodeRef) -> bool {
    node.has_attr("hidden")
        || node
            .attr("aria-hidden")
            .is_some_and(|v| v.as_ref() == "true")
        || node.attr("style").is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            s.to_ascii_lowercase().contains("display:none")
        })
}

/// A saved page as clipping text, for pages no extractor reads (too short,
/// or no article): the headline (`<h1>`, else `<title>`), then a block per
/// paragraph, `## ` subheadings and `- ` list items.
pub fn page_text(html: &str) -> String {
    let doc = Document::from(html);
    let h1 = clean(&doc.select("h1").first().text());
    let headline = if h1.is_empty() {
        clean(&doc.select("title").first().text())
    } else {
        h1
    };
    // A page's own header and footer are the site's, not the story's.
    doc.select("header, footer").remove();
    let mut w = Walker::default();
    match doc.body() {
        Some(body) => w.walk(&body),
        None => w.walk(&doc.root()),
    }
    w.flush();
    let mut out = headline.clone();
    for b in w.out {
        let line = match &b {
            Block::Heading(h) if *h == headline => continue,
            Block::Heading(h) => format!("## {h}"),
            Block::List(items) => items
                .iter()
                .map(|i| format!("- {i}"))
                .collect::<Vec<_>>()
                .join("\n\n"),
            other => text_of(std::slice::from_ref(other)).trim_end().to_string(),
        };
        out.push_str("\n\n");
        out.push_str(&line);
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_keep_structure_and_links() {
        let b = blocks_of_html(
            "<div>Intro <b>bold</b> text<h2>Sub</h2><p>See <a href='https://x.org/a'>the report</a>, now.</p>\
             <ul><li>one</li><li>two</li></ul><blockquote><p>Said.</p></blockquote>\
             <script>if (a < b) { x() }</script><p>After the script.</p></div>",
        );
        assert_eq!(
            b,
            [
                Block::Paragraph("Intro bold text".into()),
                Block::Heading("Sub".into()),
                Block::Linked(vec![
                    Span::Text("See ".into()),
                    Span::Link("the report".into(), "https://x.org/a".into()),
                    Span::Text(", now.".into()),
                ]),
                Block::List(vec!["one".into(), "two".into()]),
                Block::Quote("Said.".into()),
                Block::Paragraph("After the script.".into()),
            ]
        );
    }
}

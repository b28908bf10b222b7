//! HTML read as blocks: parsed with html5ever (through dom_query), then
//! walked. Only what Markdown can say comes out (paragraphs, headings,
//! lists, quotes, code, tables, figures, emphasis, links, images), so no
//! markup of the page reaches the article: scripts, styles, forms, hidden
//! elements and attributes are gone by construction. Links and images are
//! made absolute against the page's address; embeds become links.

use std::collections::HashMap;

use dom_query::{Document, NodeRef};

use super::doc::{Block, Inline};

/// How to read a page or a fragment.
#[derive(Clone, Copy, Default)]
pub struct Options<'a> {
    /// The page's address: relative links and images are made absolute
    /// against it.
    pub base: Option<&'a url::Url>,
    /// Links and images that cannot be made absolute are kept as written
    /// (a migration relinks them) rather than dropped to their text.
    pub keep_relative: bool,
    /// A whole page: its header, footer, navigation and asides are the
    /// site's, not the article's.
    pub page: bool,
    /// Images are the files saved with the page: relative ones are kept as
    /// written (the caller finds them), others left out (never fetched).
    pub saved_images: bool,
}

/// What a conversion made, and what a person may want to know of it.
#[derive(Debug, Default)]
pub struct Converted {
    pub blocks: Vec<Block>,
    /// What was changed on the way (an embed that became a link).
    pub notes: Vec<String>,
    /// What a person must see to (a form that cannot come across).
    pub needs: Vec<String>,
}

/// Elements whose content is never text of the article.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "button", "select",
    "textarea", "input", "option", "svg", "math", "canvas", "map", "nav", "menu", "dialog",
    "frameset", "frame", "source", "track", "param",
];

/// Elements that are the page's own, not the article's, on a whole page.
const PAGE_CHROME: &[&str] = &["header", "footer", "aside"];

/// Deeper than this, an element's text is read without its structure (a
/// page nested a hundred thousand deep must not exhaust the stack).
const MAX_DEPTH: usize = 200;

/// Where pages keep their footnotes: Pandoc, Hugo and kramdown
/// (`.footnotes`, `role="doc-endnotes"`), WordPress's footnotes block, and
/// the like.
const NOTES: &str = "[role~=doc-endnotes], .footnotes, .footnote-list, .wp-block-footnotes";

/// The footnotes of a page: each note's id (`fn:1`, a WordPress note's
/// uuid) and the number it is shown by, counted in the order of the page.
fn footnotes(doc: &Document) -> HashMap<String, String> {
    let mut ids = HashMap::new();
    for list in doc.select(NOTES).nodes() {
        for li in list.descendants_it() {
            if !li.node_name().is_some_and(|n| n.eq_ignore_ascii_case("li")) {
                continue;
            }
            if let Some(id) = li.attr("id").filter(|i| !i.trim().is_empty()) {
                if !ids.contains_key(id.as_ref()) {
                    let n = ids.len() + 1;
                    ids.insert(id.to_string(), n.to_string());
                }
            }
        }
    }
    ids
}

/// A footnote's link back to where it was referred to (`↩`): it leads
/// nowhere once the note is a Markdown footnote, which has its own.
fn backlink(a: &NodeRef) -> bool {
    if !a.attr("href").is_some_and(|h| h.starts_with('#')) {
        return false;
    }
    let has = |attr: &str, word: &str| {
        a.attr(attr)
            .is_some_and(|v| v.to_ascii_lowercase().contains(word))
    };
    let text: String = a
        .text()
        .chars()
        .filter(|c| !matches!(c, '\u{fe0e}' | '\u{fe0f}'))
        .collect();
    has("role", "doc-backlink")
        || has("class", "backref")
        || has("class", "reversefootnote")
        || has("class", "footnote-back")
        || matches!(text.trim(), "↩" | "↑" | "^" | "⤴" | "⮐" | "↵")
}

/// The blocks of an HTML page or fragment.
pub fn read(html: &str, opts: &Options) -> Converted {
    let doc = Document::from(html);
    let mut w = Walker {
        footnotes: footnotes(&doc),
        opts,
        notes: vec![],
        needs: vec![],
        depth: 0,
        remote_images: 0,
    };
    let root = doc.body().unwrap_or_else(|| doc.root());
    let blocks = w.blocks(&root);
    if w.remote_images > 0 {
        let n = w.remote_images;
        w.notes.push(format!(
            "{n} image{} on another host left out (placard never fetches them): save the page with its images (\"Web page, complete\") to bring them in",
            if n == 1 { "" } else { "s" }
        ));
    }
    Converted {
        blocks,
        notes: dedup(w.notes),
        needs: dedup(w.needs),
    }
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    v.retain(|n| seen.insert(n.clone()));
    v
}

struct Walker<'o> {
    opts: &'o Options<'o>,
    /// The page's footnotes: each one's id and the number it is shown by.
    footnotes: HashMap<String, String>,
    notes: Vec<String>,
    needs: Vec<String>,
    depth: usize,
    /// Images on other hosts left out (with saved images only).
    remote_images: usize,
}

impl Walker<'_> {
    /// The blocks of an element's children.
    fn blocks(&mut self, node: &NodeRef) -> Vec<Block> {
        let mut b = Builder::default();
        self.children(node, &mut b);
        b.finish()
    }

    /// The inline runs of an element's children, its blocks joined.
    fn runs(&mut self, node: &NodeRef) -> Vec<Inline> {
        let mut out = vec![];
        for block in self.blocks(node) {
            if !out.is_empty() {
                out.push(Inline::text(" "));
            }
            match block {
                Block::Paragraph(r) | Block::Heading { content: r, .. } => out.extend(r),
                Block::Image { src, alt } => out.push(Inline::Image { src, alt }),
                other => out.push(Inline::Text(super::doc::block_text_of(&other))),
            }
        }
        out
    }

    fn children(&mut self, node: &NodeRef, b: &mut Builder) {
        if self.depth >= MAX_DEPTH {
            b.text(&node.text());
            return;
        }
        self.depth += 1;
        for child in node.children_it(false) {
            self.node(&child, b);
        }
        self.depth -= 1;
    }

    fn node(&mut self, n: &NodeRef, b: &mut Builder) {
        if n.is_text() {
            b.text(&n.text());
            return;
        }
        if !n.is_element() {
            return;
        }
        let Some(name) = n.node_name() else { return };
        let name = name.to_ascii_lowercase();
        let name = name.as_str();
        if SKIP.contains(&name) || hidden(n) || (self.opts.page && PAGE_CHROME.contains(&name)) {
            return;
        }
        if !self.block_element(n, name, b) {
            self.inline_element(n, name, b);
        }
    }

    /// A block-level element made a block; false when `name` is none.
    fn block_element(&mut self, n: &NodeRef, name: &str, b: &mut Builder) -> bool {
        if !self.footnotes.is_empty() && n.is(NOTES) {
            self.notes(n, b);
            return true;
        }
        // A note as pulldown-cmark renders one (a Markdown post's, read
        // back): its label is its id.
        if name == "div" && n.is(".footnote-definition[id]") {
            let label = n.attr("id").unwrap_or_default().to_string();
            let mut inner = Builder::default();
            for child in n.children_it(false) {
                if !child.is(".footnote-definition-label") {
                    self.node(&child, &mut inner);
                }
            }
            b.block(Block::Note {
                label,
                blocks: inner.finish(),
            });
            return true;
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name.as_bytes()[1] - b'0';
                let id = n.attr("id").map(|i| i.to_string());
                let content = self.runs(n);
                b.block(Block::Heading { level, id, content });
            }
            "ul" | "ol" | "dir" => {
                let start = (name == "ol").then(|| {
                    n.attr("start")
                        .and_then(|s| s.trim().parse::<u64>().ok())
                        .unwrap_or(1)
                });
                let items = self.items(n);
                if !items.is_empty() {
                    b.block(Block::List { start, items });
                }
            }
            "blockquote" => {
                let inner = self.blocks(n);
                b.block(Block::Quote(inner));
            }
            "pre" | "xmp" | "listing" | "plaintext" => b.block(code_block(n)),
            "table" => self.table(n, b),
            "figcaption" | "caption" => {
                let runs = self.runs(n);
                b.block(Block::Paragraph(vec![Inline::Emphasis(runs)]));
            }
            "dt" | "summary" => {
                let runs = self.runs(n);
                b.block(Block::Paragraph(vec![Inline::Strong(runs)]));
            }
            "hr" => b.block(Block::Rule),
            "iframe" | "embed" | "object" | "video" | "audio" => self.embed(n, name, b),
            "form" => self.needs.push(
                "a form was left out (a static site cannot take what readers type): link to where readers can fill it in".into(),
            ),
            _ if is_block(name) => {
                b.flush();
                self.children(n, b);
                b.flush();
            }
            _ => return false,
        }
        true
    }

    /// An inline element made the runs of its kind (an unknown one is its
    /// content).
    fn inline_element(&mut self, n: &NodeRef, name: &str, b: &mut Builder) {
        if matches!(name, "a" | "sup") && !self.footnotes.is_empty() {
            if let Some(label) = self.note_ref(n) {
                b.inline(Inline::NoteRef(label));
                return;
            }
        }
        if name == "sup" && n.is(".footnote-reference") {
            let href = n
                .descendants_it()
                .find_map(|a| a.is("a").then(|| a.attr("href")).flatten());
            if let Some(label) = href.as_deref().and_then(|h| h.strip_prefix('#')) {
                b.inline(Inline::NoteRef(label.to_string()));
                return;
            }
        }
        if name == "a" && backlink(n) {
            return;
        }
        match name {
            "br" => b.inline(Inline::Break),
            "img" | "image" if !pixel(n) => {
                if let Some(src) = image_src(n).and_then(|s| self.address(&s, true)) {
                    let alt = clean(&n.attr("alt").unwrap_or_default());
                    b.inline(Inline::Image { src, alt });
                }
            }
            "img" | "image" => {}
            "sup" | "sub" => match raised(&n.text(), name == "sup") {
                Some(t) => b.text(&t),
                None => self.children(n, b),
            },
            "a" => match n.attr("href").and_then(|h| self.address(&h, false)) {
                Some(href) => self.framed(n, b, Frame::Link(href)),
                None => self.children(n, b),
            },
            "strong" | "b" => self.framed(n, b, Frame::Strong),
            "em" | "i" | "cite" | "dfn" => self.framed(n, b, Frame::Emphasis),
            "del" | "s" | "strike" => self.framed(n, b, Frame::Strike),
            "code" | "kbd" | "samp" | "tt" | "var" => {
                let text = collapse(&n.text());
                if text.trim().is_empty() {
                    b.text(&text);
                } else {
                    b.inline(Inline::Code(text.trim().to_string()));
                }
            }
            "q" => {
                b.text("“");
                self.children(n, b);
                b.text("”");
            }
            _ => self.children(n, b),
        }
    }

    /// A page's footnotes, each a Markdown footnote; what else the element
    /// holds (a rule, a heading "Notes") is left out.
    fn notes(&mut self, n: &NodeRef, b: &mut Builder) {
        for li in n.descendants_it() {
            if !li.node_name().is_some_and(|n| n.eq_ignore_ascii_case("li")) {
                continue;
            }
            let Some(label) = li
                .attr("id")
                .and_then(|i| self.footnotes.get(i.as_ref()).cloned())
            else {
                continue;
            };
            let blocks = self.blocks(&li);
            b.block(Block::Note { label, blocks });
        }
    }

    /// The footnote a link (or a `<sup>` around one) refers to.
    fn note_ref(&self, n: &NodeRef) -> Option<String> {
        let is_a = |x: &NodeRef| x.node_name().is_some_and(|n| n.eq_ignore_ascii_case("a"));
        let link = match is_a(n) {
            true => *n,
            false => n.descendants_it().find(is_a)?,
        };
        let href = link.attr("href")?;
        self.footnotes.get(href.strip_prefix('#')?).cloned()
    }

    fn framed(&mut self, n: &NodeRef, b: &mut Builder, frame: Frame) {
        b.open(frame);
        self.children(n, b);
        b.close();
    }

    /// The items of a list: each `li`'s blocks; anything else inside the
    /// list belongs to the item before it.
    fn items(&mut self, list: &NodeRef) -> Vec<Vec<Block>> {
        let mut items: Vec<Vec<Block>> = vec![];
        for child in list.children_it(false) {
            let li = child
                .node_name()
                .is_some_and(|n| n.eq_ignore_ascii_case("li"));
            if li && !hidden(&child) {
                self.depth += 1;
                let blocks = if self.depth >= MAX_DEPTH {
                    vec![super::doc::paragraph(collapse(&child.text()))]
                } else {
                    self.blocks(&child)
                };
                self.depth -= 1;
                items.push(blocks);
                continue;
            }
            let mut b = Builder::default();
            self.node(&child, &mut b);
            let blocks = b.finish();
            if blocks.is_empty() {
                continue;
            }
            match items.last_mut() {
                Some(last) => last.extend(blocks),
                None => items.push(blocks),
            }
        }
        items
    }

    fn table(&mut self, table: &NodeRef, b: &mut Builder) {
        let mut rows: Vec<NodeRef> = vec![];
        let mut caption = None;
        for child in table.children_it(false) {
            match child.node_name().map(|n| n.to_ascii_lowercase()).as_deref() {
                Some("tr") => rows.push(child),
                Some("thead" | "tbody" | "tfoot") => rows.extend(
                    child
                        .children_it(false)
                        .filter(|r| r.node_name().is_some_and(|n| n.eq_ignore_ascii_case("tr"))),
                ),
                Some("caption") => caption = Some(child),
                _ => {}
            }
        }
        let width = rows.iter().map(|r| cells(r).len()).max().unwrap_or(0);
        // A table laid out for the page (one column, or cells holding
        // lists, tables, quotes, code or headings) is its contents, in order.
        let layout = width <= 1
            || rows.iter().flat_map(|r| cells(r)).any(|c| {
                c.descendants_it().any(|d| {
                    d.node_name().is_some_and(|n| {
                        matches!(
                            n.to_ascii_lowercase().as_str(),
                            "ul" | "ol"
                                | "table"
                                | "blockquote"
                                | "pre"
                                | "h1"
                                | "h2"
                                | "h3"
                                | "h4"
                                | "h5"
                                | "h6"
                        )
                    })
                })
            });
        if let Some(c) = &caption {
            self.node(c, b);
        }
        if layout {
            self.unwrap_table(&rows, b);
            return;
        }
        let mut grid: Vec<Vec<Vec<Inline>>> = rows
            .iter()
            .map(|r| cells(r).iter().map(|c| self.runs(c)).collect())
            .collect();
        if grid.is_empty() {
            return;
        }
        let head = grid.remove(0);
        b.block(Block::Table { head, rows: grid });
    }

    /// A table whose cells hold more than a line each, as its contents in
    /// order: each row's first cell, when it is a short name for what
    /// follows (`layout` | what it does), in bold before the others.
    fn unwrap_table(&mut self, rows: &[NodeRef], b: &mut Builder) {
        b.flush();
        for r in rows {
            let row = cells(r);
            for (i, c) in row.iter().enumerate() {
                let blocks = self.blocks(c);
                let label = match blocks.as_slice() {
                    [Block::Paragraph(runs)] if i == 0 && row.len() > 1 => {
                        super::doc::plain(runs).chars().count() <= 80
                    }
                    _ => false,
                };
                for block in blocks {
                    match block {
                        Block::Paragraph(runs) if label => {
                            b.block(Block::Paragraph(vec![Inline::Strong(runs)]))
                        }
                        other => b.block(other),
                    }
                }
            }
        }
    }

    fn embed(&mut self, n: &NodeRef, tag: &str, b: &mut Builder) {
        let src = n
            .attr("src")
            .or_else(|| n.attr("data"))
            .or_else(|| {
                n.children_it(false)
                    .find(|c| {
                        c.node_name()
                            .is_some_and(|x| x.eq_ignore_ascii_case("source"))
                    })
                    .and_then(|s| s.attr("src"))
            })
            .map(|s| trim_quotes(&s).to_string())
            .filter(|u| u.starts_with("http") || u.starts_with("//"));
        match src {
            Some(url) => {
                let url = super::embeds::watch_url(&url);
                let text = super::embeds::link_text(&url);
                b.block(Block::Paragraph(vec![Inline::Link {
                    href: url.clone(),
                    content: vec![Inline::Text(text)],
                }]));
                self.notes
                    .push(format!("an embedded {tag} became a link to {url}"));
            }
            None => {
                self.notes
                    .push(format!("an embedded {tag} without an address was removed"));
            }
        }
    }

    /// An address as the article keeps it: absolute against the page's,
    /// or as written when relative ones are kept; None for what a reader
    /// must never be sent to (`javascript:`, `data:`) or cannot reach.
    fn address(&mut self, raw: &str, image: bool) -> Option<String> {
        // Browsers drop tabs and line ends inside addresses.
        let raw: String = trim_quotes(raw.trim())
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        if raw.is_empty() {
            return None;
        }
        let scheme = scheme_of(&raw);
        if image && self.opts.saved_images {
            let remote = scheme.is_some() || raw.starts_with("//");
            if remote {
                self.remote_images += 1;
                return None;
            }
            return Some(raw);
        }
        // A link to a place in the article itself stays one.
        if raw.starts_with('#') && !image {
            return Some(raw);
        }
        let allowed = |s: &str| match image {
            true => matches!(s, "http" | "https"),
            false => matches!(s, "http" | "https" | "mailto" | "tel"),
        };
        if let Some(s) = &scheme {
            return allowed(s).then_some(raw);
        }
        if raw.starts_with("@/") && self.opts.keep_relative {
            return Some(raw);
        }
        if raw.starts_with("//") && self.opts.base.is_none() {
            return Some(format!("https:{raw}"));
        }
        match self.opts.base {
            Some(base) => base
                .join(&raw)
                .ok()
                .filter(|u| allowed(u.scheme()))
                .map(|u| u.to_string()),
            None if self.opts.keep_relative => Some(raw),
            None => None,
        }
    }
}

/// The cells of a table row.
fn cells<'a>(row: &NodeRef<'a>) -> Vec<NodeRef<'a>> {
    row.children_it(false)
        .filter(|c| {
            c.node_name()
                .is_some_and(|n| n.eq_ignore_ascii_case("td") || n.eq_ignore_ascii_case("th"))
        })
        .collect()
}

/// `mailto` of `mailto:x@y`; None when the address has no scheme.
fn scheme_of(s: &str) -> Option<String> {
    let (head, _) = s.split_once(':')?;
    let mut chars = head.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| head.to_ascii_lowercase())
}

/// An attribute written with typographic quotes (`href=“…”`, pasted from a
/// word processor) means what it would between straight ones.
fn trim_quotes(s: &str) -> &str {
    s.trim_matches(['“', '”', '‘', '’', '″', '„', '"', '\''])
}

/// A tracking pixel: an image one pixel (or none) wide or high.
fn pixel(n: &NodeRef) -> bool {
    ["width", "height"].iter().any(|a| {
        n.attr(a)
            .and_then(|v| v.trim().trim_end_matches("px").parse::<u32>().ok())
            .is_some_and(|v| v <= 1)
    })
}

/// Superscript or subscript text in the characters Unicode has for it
/// (`MC²`, `H₂O`), when it has them all; None otherwise.
fn raised(text: &str, sup: bool) -> Option<String> {
    const DIGITS_UP: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    const DIGITS_DOWN: [char; 10] = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 8 {
        return None;
    }
    text.chars()
        .map(|c| match (c, sup) {
            ('0'..='9', true) => Some(DIGITS_UP[c as usize - '0' as usize]),
            ('0'..='9', false) => Some(DIGITS_DOWN[c as usize - '0' as usize]),
            ('+', true) => Some('⁺'),
            ('-', true) => Some('⁻'),
            ('+', false) => Some('₊'),
            ('-', false) => Some('₋'),
            ('n', true) => Some('ⁿ'),
            _ => None,
        })
        .collect()
}

/// An image's address: `src`, else what lazy-loading scripts keep it in.
fn image_src(n: &NodeRef) -> Option<String> {
    for attr in ["src", "data-src", "data-lazy-src", "data-original"] {
        if let Some(v) = n.attr(attr).filter(|v| {
            let v = v.trim();
            !v.is_empty() && !v.starts_with("data:")
        }) {
            return Some(v.to_string());
        }
    }
    let set = n.attr("srcset").or_else(|| n.attr("data-srcset"))?;
    set.split(',')
        .next()?
        .split_whitespace()
        .next()
        .map(str::to_string)
}

/// Code kept as written, with its language when the page names one
/// (`language-x`, `lang-x`, `brush: x`, `data-lang`).
fn code_block(pre: &NodeRef) -> Block {
    let mut text = String::new();
    code_text(pre, &mut text, 0);
    let text = text.strip_prefix('\n').unwrap_or(&text).to_string();
    let mut lang = lang_of(pre);
    if lang.is_none() {
        lang = pre
            .children_it(false)
            .find(|c| {
                c.node_name()
                    .is_some_and(|n| n.eq_ignore_ascii_case("code"))
            })
            .and_then(|c| lang_of(&c));
    }
    Block::Code { lang, text }
}

fn code_text(n: &NodeRef, out: &mut String, depth: usize) {
    for c in n.children_it(false) {
        if c.is_text() {
            out.push_str(&c.text());
        } else if c.node_name().is_some_and(|x| x.eq_ignore_ascii_case("br")) {
            out.push('\n');
        } else if depth > MAX_DEPTH {
            out.push_str(&c.text());
        } else if c.is_element() && !hidden(&c) {
            code_text(&c, out, depth + 1);
        }
    }
}

/// Languages a page may name by a class of that name alone.
const LANGUAGES: &[&str] = &[
    "bash",
    "c",
    "cpp",
    "csharp",
    "css",
    "diff",
    "go",
    "html",
    "ini",
    "java",
    "javascript",
    "js",
    "json",
    "kotlin",
    "lua",
    "markdown",
    "perl",
    "php",
    "python",
    "ruby",
    "rust",
    "scss",
    "sh",
    "shell",
    "sql",
    "swift",
    "toml",
    "ts",
    "typescript",
    "xml",
    "yaml",
    "yml",
];

fn lang_of(n: &NodeRef) -> Option<String> {
    for attr in ["data-lang", "data-language", "lang"] {
        if let Some(l) = n.attr(attr).filter(|l| !l.trim().is_empty()) {
            if attr != "lang" || LANGUAGES.contains(&l.trim()) {
                return Some(l.trim().to_ascii_lowercase());
            }
        }
    }
    let class = n.attr("class")?.to_ascii_lowercase();
    if let Some(i) = class.find("brush:") {
        let l: String = class[i + 6..]
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '#')
            .collect();
        return Some(l).filter(|l| !l.is_empty());
    }
    for word in class.split_whitespace() {
        for prefix in ["language-", "lang-", "highlight-source-", "highlight-"] {
            if let Some(l) = word.strip_prefix(prefix).filter(|l| !l.is_empty()) {
                return Some(l.to_string());
            }
        }
    }
    class
        .split_whitespace()
        .find(|w| LANGUAGES.contains(w))
        .map(str::to_string)
}

/// Elements that begin and end a paragraph.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "address"
            | "center"
            | "details"
            | "dl"
            | "dd"
            | "figure"
            | "fieldset"
            | "legend"
            | "li"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "body"
            | "html"
            | "hgroup"
            | "noframes"
    )
}

/// `hidden`, `aria-hidden`, `display:none` and `visibility:hidden`
/// elements are not read: a reader never saw them.
pub fn hidden(node: &NodeRef) -> bool {
    node.has_attr("hidden")
        || node
            .attr("aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        || node.attr("style").is_some_and(|s| {
            let s: String = s
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
}

/// Whitespace collapsed as a browser shows it (a no-break space is a space).
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{a0}' {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    if space {
        out.push(' ');
    }
    crate::convert::decode::strip_controls(&out)
}

/// Whitespace collapsed and trimmed.
pub fn clean(s: &str) -> String {
    collapse(s).trim().to_string()
}

/// An open inline element.
#[derive(Clone)]
enum Frame {
    Strong,
    Emphasis,
    Strike,
    Link(String),
}

impl Frame {
    fn wrap(&self, runs: Vec<Inline>) -> Inline {
        match self {
            Frame::Strong => Inline::Strong(runs),
            Frame::Emphasis => Inline::Emphasis(runs),
            Frame::Strike => Inline::Strike(runs),
            Frame::Link(href) => Inline::Link {
                href: href.clone(),
                content: runs,
            },
        }
    }
}

/// Gathers blocks, and the inline runs of the paragraph being read with
/// the inline elements open around them.
#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    runs: Vec<Inline>,
    open: Vec<(Frame, Vec<Inline>)>,
    /// The text so far ends in a space (or a line): the next one's
    /// leading space is the same space.
    space: bool,
}

impl Builder {
    fn current(&mut self) -> &mut Vec<Inline> {
        match self.open.last_mut() {
            Some((_, runs)) => runs,
            None => &mut self.runs,
        }
    }

    fn text(&mut self, raw: &str) {
        let mut t = collapse(raw);
        if self.space || self.is_empty() {
            t = t.trim_start().to_string();
        }
        if t.is_empty() {
            return;
        }
        self.space = t.ends_with(' ');
        match self.current().last_mut() {
            Some(Inline::Text(last)) => last.push_str(&t),
            _ => self.current().push(Inline::Text(t)),
        }
    }

    fn is_empty(&self) -> bool {
        self.runs.is_empty() && self.open.iter().all(|(_, r)| r.is_empty())
    }

    fn inline(&mut self, i: Inline) {
        self.space = matches!(i, Inline::Break);
        self.current().push(i);
    }

    fn open(&mut self, f: Frame) {
        self.open.push((f, vec![]));
    }

    fn close(&mut self) {
        if let Some((f, runs)) = self.open.pop() {
            if !runs.is_empty() {
                let i = f.wrap(runs);
                self.current().push(i);
            }
        }
    }

    /// Ends the paragraph being read; the inline elements open around it
    /// go on in the next one. Two line breaks in a row end a paragraph.
    fn flush(&mut self) {
        let frames: Vec<Frame> = self.open.iter().map(|(f, _)| f.clone()).collect();
        while !self.open.is_empty() {
            self.close();
        }
        let runs = std::mem::take(&mut self.runs);
        self.open = frames.into_iter().map(|f| (f, vec![])).collect();
        self.space = false;
        let mut para: Vec<Inline> = vec![];
        let mut breaks = 0;
        for r in runs {
            match r {
                Inline::Break => breaks += 1,
                Inline::Text(t) if t.trim().is_empty() && breaks > 0 => {}
                other => {
                    if breaks >= 2 {
                        self.paragraph(std::mem::take(&mut para));
                    } else if breaks == 1 {
                        para.push(Inline::Break);
                    }
                    breaks = 0;
                    para.push(other);
                }
            }
        }
        self.paragraph(para);
    }

    fn paragraph(&mut self, runs: Vec<Inline>) {
        let empty = runs
            .iter()
            .all(|r| matches!(r, Inline::Text(t) if t.trim().is_empty()));
        if empty {
            return;
        }
        // A paragraph that is only an address (an embed, as WordPress and
        // others write them) is a link to it.
        if let [Inline::Text(t)] = runs.as_slice() {
            let url = t.trim();
            let web = url.starts_with("https://") || url.starts_with("http://");
            if web && !url.contains(char::is_whitespace) && url::Url::parse(url).is_ok() {
                let text = match super::embeds::link_text(url) {
                    t if t.starts_with("Open the embedded") => url.to_string(),
                    t => t,
                };
                self.blocks.push(Block::Paragraph(vec![Inline::Link {
                    href: super::embeds::watch_url(url),
                    content: vec![Inline::Text(text)],
                }]));
                return;
            }
        }
        self.blocks.push(Block::Paragraph(runs));
    }

    fn block(&mut self, b: Block) {
        self.flush();
        self.blocks.push(b);
    }

    fn finish(mut self) -> Vec<Block> {
        self.flush();
        super::markdown::canonical(self.blocks)
    }
}

#[cfg(test)]
mod tests {
    use super::super::doc::{Block, Inline, heading, list, paragraph};
    use super::*;

    fn blocks(html: &str) -> Vec<Block> {
        read(html, &Options::default()).blocks
    }

    #[test]
    fn structure_emphasis_and_links_are_kept() {
        let base = url::Url::parse("https://news.example/2020/story.html").unwrap();
        let got = read(
            "<div>Intro <b>bold</b> text<h2>Sub</h2><p>See <a href='/report'>the report</a>, now.</p>\
             <ul><li>one</li><li>two</li></ul><blockquote><p>Said.</p></blockquote>\
             <script>if (a < b) { x() }</script><p>After <a href=\"javascript:alert(1)\">this</a>.</p></div>",
            &Options {
                base: Some(&base),
                ..Options::default()
            },
        );
        assert_eq!(
            got.blocks,
            [
                Block::Paragraph(vec![
                    Inline::text("Intro "),
                    Inline::Strong(vec![Inline::text("bold")]),
                    Inline::text(" text"),
                ]),
                heading("Sub"),
                Block::Paragraph(vec![
                    Inline::text("See "),
                    Inline::Link {
                        href: "https://news.example/report".into(),
                        content: vec![Inline::text("the report")],
                    },
                    Inline::text(", now."),
                ]),
                list(["one".into(), "two".into()]),
                Block::Quote(vec![paragraph("Said.")]),
                paragraph("After this."),
            ]
        );
    }

    #[test]
    fn code_keeps_its_lines_and_language() {
        assert_eq!(
            blocks("<pre># not a heading\n  indented &lt;b&gt;</pre>"),
            [Block::Code {
                lang: None,
                text: "# not a heading\n  indented <b>\n".into()
            }]
        );
        assert_eq!(
            blocks(
                "<pre><code class=\"language-rust\">fn main() {}</code></pre><pre class=\"brush: php; gutter: false\">echo 1;</pre>"
            ),
            [
                Block::Code {
                    lang: Some("rust".into()),
                    text: "fn main() {}\n".into()
                },
                Block::Code {
                    lang: Some("php".into()),
                    text: "echo 1;\n".into()
                }
            ]
        );
    }

    #[test]
    fn tables_figures_and_definitions() {
        assert_eq!(
            blocks(
                "<table><tr><th>Year</th><th>Cases</th></tr><tr><td>2004</td><td>12</td></tr></table>"
            ),
            [Block::Table {
                head: vec![vec![Inline::text("Year")], vec![Inline::text("Cases")]],
                rows: vec![vec![vec![Inline::text("2004")], vec![Inline::text("12")]]],
            }]
        );
        assert_eq!(
            blocks(
                "<figure><img src='https://x.org/a.png' alt='A chart'><figcaption>The chart</figcaption></figure><dl><dt>Term</dt><dd>Meaning</dd></dl>"
            ),
            [
                Block::Image {
                    src: "https://x.org/a.png".into(),
                    alt: "A chart".into()
                },
                Block::Paragraph(vec![Inline::Emphasis(vec![Inline::text("The chart")])]),
                Block::Paragraph(vec![Inline::Strong(vec![Inline::text("Term")])]),
                paragraph("Meaning"),
            ]
        );
    }

    #[test]
    fn hidden_things_forms_and_embeds() {
        let got = read(
            "<p>Kept</p><div style='display: none'>Paywall</div><div hidden>Hidden</div>\
             <form><label>Name</label><input></form><iframe src='https://www.youtube.com/embed/abc'></iframe>",
            &Options::default(),
        );
        assert_eq!(
            got.blocks,
            [
                paragraph("Kept"),
                Block::Paragraph(vec![Inline::Link {
                    href: "https://www.youtube.com/watch?v=abc".into(),
                    content: vec![Inline::text("Watch the video on YouTube")],
                }]),
            ]
        );
        assert_eq!((got.notes.len(), got.needs.len()), (1, 1));
    }

    #[test]
    fn curly_quoted_addresses_and_double_breaks() {
        assert_eq!(
            read(
                "<p>One<br><br>Two<br>three <a href=“https://x.org/”>x</a></p>",
                &Options::default()
            )
            .blocks,
            [
                paragraph("One"),
                Block::Paragraph(vec![
                    Inline::text("Two"),
                    Inline::Break,
                    Inline::text("three "),
                    Inline::Link {
                        href: "https://x.org/".into(),
                        content: vec![Inline::text("x")],
                    },
                ]),
            ]
        );
    }

    #[test]
    fn pixels_powers_anchors_and_images_left_out() {
        let got = read(
            "<p>E = MC<sup>2</sup>, H<sub>2</sub>O, see<sup>note</sup> <a href='#part-2'>part 2</a>\
             <img src='https://t.example/p.gif' width='1' height='1'></p><p><img src='https://x.org/a.jpg' alt='A'></p>",
            &Options {
                saved_images: true,
                ..Options::default()
            },
        );
        assert_eq!(
            got.blocks,
            [Block::Paragraph(vec![
                Inline::text("E = MC², H₂O, seenote "),
                Inline::Link {
                    href: "#part-2".into(),
                    content: vec![Inline::text("part 2")],
                },
            ])]
        );
        assert!(
            got.notes[0].starts_with("1 image on another host left out"),
            "{:?}",
            got.notes
        );
    }

    #[test]
    fn a_deep_page_is_read_without_exhausting_the_stack() {
        let html = format!(
            "{}deep{}",
            "<div><span>".repeat(5000),
            "</span></div>".repeat(5000)
        );
        let got = std::thread::spawn(move || blocks(&html)).join().unwrap();
        assert_eq!(got, [paragraph("deep")]);
    }
}

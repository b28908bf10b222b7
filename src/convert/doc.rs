//! The shape of a converted article: blocks of inline runs, the part of
//! HTML (and of a text clipping) that Markdown can say. Every way in builds
//! one of these and [`super::markdown::write`] writes it, so a clipping,
//! a saved page and a migrated post are escaped and laid out alike.

/// A block of an article body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(Vec<Inline>),
    Heading {
        /// 1 to 6.
        level: u8,
        /// An id the old page gave it (kept, so links to it keep working).
        id: Option<String>,
        content: Vec<Inline>,
    },
    List {
        /// The first number of a numbered list; None for bullets.
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Quote(Vec<Block>),
    /// Code kept verbatim, with its language when the page named one.
    Code {
        lang: Option<String>,
        text: String,
    },
    /// A table: its head row (empty when it had none) and its rows.
    Table {
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// An image standing alone (a figure's, or a paragraph of one image).
    Image {
        src: String,
        alt: String,
    },
    Rule,
    /// A footnote (`[^label]: …`) and what it says.
    Note {
        label: String,
        blocks: Vec<Block>,
    },
}

/// A run of text inside a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Emphasis(Vec<Inline>),
    Strong(Vec<Inline>),
    Strike(Vec<Inline>),
    Code(String),
    Link {
        href: String,
        content: Vec<Inline>,
    },
    Image {
        src: String,
        alt: String,
    },
    /// A line break inside a paragraph.
    Break,
    /// A reference to the footnote of this label (`[^label]`).
    NoteRef(String),
}

impl Inline {
    pub fn text(t: impl Into<String>) -> Inline {
        Inline::Text(t.into())
    }
}

/// A paragraph of plain text.
pub fn paragraph(text: impl Into<String>) -> Block {
    Block::Paragraph(vec![Inline::Text(text.into())])
}

/// A level-2 heading of plain text.
pub fn heading(text: impl Into<String>) -> Block {
    Block::Heading {
        level: 2,
        id: None,
        content: vec![Inline::Text(text.into())],
    }
}

/// A bulleted list of plain items.
pub fn list(items: impl IntoIterator<Item = String>) -> Block {
    Block::List {
        start: None,
        items: items.into_iter().map(|i| vec![paragraph(i)]).collect(),
    }
}

/// The text a reader reads in blocks, a line a block (a list item, a table
/// row, a line of code each a line); images' alt texts are not read.
pub fn text_of(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        block_text(b, &mut out);
    }
    out
}

/// The text of one block, as [`text_of`] gives it, without its line end.
pub fn block_text_of(block: &Block) -> String {
    let mut out = String::new();
    block_text(block, &mut out);
    out.truncate(out.trim_end_matches('\n').len());
    out
}

fn block_text(b: &Block, out: &mut String) {
    match b {
        Block::Paragraph(c) | Block::Heading { content: c, .. } => {
            inline_text(c, out);
            out.push('\n');
        }
        Block::List { items, .. } => {
            for item in items {
                for b in item {
                    block_text(b, out);
                }
            }
        }
        Block::Quote(inner) | Block::Note { blocks: inner, .. } => {
            for b in inner {
                block_text(b, out);
            }
        }
        Block::Code { text, .. } => {
            out.push_str(text.trim_end_matches('\n'));
            out.push('\n');
        }
        Block::Table { head, rows } => {
            for row in std::iter::once(head).chain(rows).filter(|r| !r.is_empty()) {
                for (i, cell) in row.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    inline_text(cell, out);
                }
                out.push('\n');
            }
        }
        Block::Image { .. } | Block::Rule => {}
    }
}

/// The plain text of inline runs (a break is a space).
pub fn inline_text(runs: &[Inline], out: &mut String) {
    for r in runs {
        match r {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strike(c) => inline_text(c, out),
            Inline::Link { content, .. } => inline_text(content, out),
            Inline::Image { .. } | Inline::NoteRef(_) => {}
            Inline::Break => out.push(' '),
        }
    }
}

/// The plain text of inline runs.
pub fn plain(runs: &[Inline]) -> String {
    let mut out = String::new();
    inline_text(runs, &mut out);
    out
}

/// Every image of the blocks (standing alone or inside text), to rename or
/// drop: `f` gives false to drop one.
pub fn retain_images(blocks: &mut Vec<Block>, f: &mut dyn FnMut(&mut String, &str) -> bool) {
    blocks.retain_mut(|b| match b {
        Block::Image { src, alt } => f(src, alt),
        Block::Paragraph(c) | Block::Heading { content: c, .. } => {
            retain_inline_images(c, f);
            true
        }
        Block::List { items, .. } => {
            for item in items {
                retain_images(item, f);
            }
            true
        }
        Block::Quote(inner) | Block::Note { blocks: inner, .. } => {
            retain_images(inner, f);
            true
        }
        Block::Table { head, rows } => {
            for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                retain_inline_images(cell, f);
            }
            true
        }
        Block::Code { .. } | Block::Rule => true,
    });
    // A paragraph that held only dropped images is gone too.
    blocks.retain(|b| !matches!(b, Block::Paragraph(c) if c.is_empty()));
}

fn retain_inline_images(runs: &mut Vec<Inline>, f: &mut dyn FnMut(&mut String, &str) -> bool) {
    runs.retain_mut(|r| match r {
        Inline::Image { src, alt } => f(src, alt),
        Inline::Emphasis(c) | Inline::Strong(c) | Inline::Strike(c) => {
            retain_inline_images(c, f);
            true
        }
        Inline::Link { content, .. } => {
            retain_inline_images(content, f);
            true
        }
        _ => true,
    });
}

/// Every link of the blocks, to rewrite its address: `f` gives the new
/// one, or None to keep the link's text only.
pub fn map_links(blocks: &mut [Block], f: &mut dyn FnMut(&str) -> Option<String>) {
    for b in blocks {
        match b {
            Block::Paragraph(c) | Block::Heading { content: c, .. } => map_inline_links(c, f),
            Block::List { items, .. } => {
                for item in items {
                    map_links(item, f);
                }
            }
            Block::Quote(inner) => map_links(inner, f),
            Block::Table { head, rows } => {
                for cell in head.iter_mut().chain(rows.iter_mut().flatten()) {
                    map_inline_links(cell, f);
                }
            }
            _ => {}
        }
    }
}

fn map_inline_links(runs: &mut Vec<Inline>, f: &mut dyn FnMut(&str) -> Option<String>) {
    let mut out = Vec::with_capacity(runs.len());
    for r in runs.drain(..) {
        match r {
            Inline::Link { href, mut content } => {
                map_inline_links(&mut content, f);
                match f(&href) {
                    Some(href) => out.push(Inline::Link { href, content }),
                    None => out.extend(content),
                }
            }
            Inline::Emphasis(mut c) => {
                map_inline_links(&mut c, f);
                out.push(Inline::Emphasis(c));
            }
            Inline::Strong(mut c) => {
                map_inline_links(&mut c, f);
                out.push(Inline::Strong(c));
            }
            Inline::Strike(mut c) => {
                map_inline_links(&mut c, f);
                out.push(Inline::Strike(c));
            }
            other => out.push(other),
        }
    }
    *runs = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_what_a_reader_reads() {
        let blocks = vec![
            heading("Sub"),
            Block::Paragraph(vec![
                Inline::text("See "),
                Inline::Link {
                    href: "https://x.org/".into(),
                    content: vec![Inline::Strong(vec![Inline::text("the report")])],
                },
                Inline::Break,
                Inline::Image {
                    src: "a.png".into(),
                    alt: "not read".into(),
                },
                Inline::text("now."),
            ]),
            list(["one".to_string(), "two".to_string()]),
            Block::Image {
                src: "b.png".into(),
                alt: "not read".into(),
            },
        ];
        assert_eq!(text_of(&blocks), "Sub\nSee the report now.\none\ntwo\n");
    }

    #[test]
    fn links_and_images_can_be_rewritten_or_dropped() {
        let mut blocks = vec![
            Block::Paragraph(vec![
                Inline::Link {
                    href: "/a/".into(),
                    content: vec![Inline::text("a")],
                },
                Inline::Link {
                    href: "javascript:x()".into(),
                    content: vec![Inline::text("b")],
                },
            ]),
            Block::Paragraph(vec![Inline::Image {
                src: "x.png".into(),
                alt: String::new(),
            }]),
        ];
        map_links(&mut blocks, &mut |h| {
            h.starts_with('/')
                .then(|| format!("https://old.example{h}"))
        });
        retain_images(&mut blocks, &mut |_, _| false);
        assert_eq!(
            blocks,
            [Block::Paragraph(vec![
                Inline::Link {
                    href: "https://old.example/a/".into(),
                    content: vec![Inline::text("a")],
                },
                Inline::text("b"),
            ])]
        );
    }
}

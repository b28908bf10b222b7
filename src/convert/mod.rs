//! One way from what comes in to an article body: every way in (saved
//! pages, text clippings, and each source of `placard migrate`) decodes
//! its files with [`decode`], reads HTML with [`html`] into the blocks of
//! [`doc`], and writes them with [`markdown`]; Markdown that holds HTML
//! goes through [`mixed`], and links are rewritten with [`links`]. A fix
//! made here is made for all of them.

pub mod decode;
pub mod doc;
pub mod embeds;
pub mod html;
pub mod links;
pub mod markdown;
pub mod mixed;

pub use html::Options;

/// An HTML fragment or page as an article body.
#[derive(Debug, Default)]
pub struct Article {
    pub markdown: String,
    /// The images it shows, as the body names them.
    pub images: Vec<String>,
    /// What was changed on the way.
    pub notes: Vec<String>,
    /// What a person must see to.
    pub needs: Vec<String>,
}

/// HTML as Markdown: sanitised by construction (only what Markdown can
/// say comes out), links and images absolute against `opts.base`, code
/// verbatim with its language, embeds as links.
pub fn html_to_markdown(html: &str, opts: &Options) -> Article {
    if too_deep(html) {
        // Its text, without the tags: never a crash.
        let words = crate::text::plain_text(html, usize::MAX);
        let mut markdown = String::new();
        markdown::escape(&words, &mut markdown);
        return Article {
            markdown,
            images: vec![],
            notes: vec![],
            needs: vec![format!(
                "its HTML nests elements more than {MAX_DEPTH} deep: brought across as plain text"
            )],
        };
    }
    let got = html::read(html, opts);
    let mut images = vec![];
    let mut blocks = got.blocks;
    doc::retain_images(&mut blocks, &mut |src, _| {
        images.push(src.clone());
        true
    });
    Article {
        markdown: markdown::write(&blocks),
        images,
        notes: got.notes,
        needs: got.needs,
    }
}

/// The text of an HTML fragment (a title, an excerpt) on one line, as a
/// reader reads it: tags gone, entities decoded, `>` and `&` in the text
/// kept.
pub fn html_text(html: &str) -> String {
    let text = doc::text_of(&html::read(html, &Options::default()).blocks);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How deep a page's elements may nest: real pages stay far below; a
/// crafted one (100,000 nested `<span>`) would take the parsers' stack or
/// minutes.
pub const MAX_DEPTH: usize = 1000;

/// Whether `html` nests elements deeper than [`MAX_DEPTH`], counting
/// opening and closing tags (not those HTML closes by itself, nor void
/// or self-closed ones).
pub fn too_deep(html: &str) -> bool {
    const OPTIONAL: &[&str] = &[
        "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot",
        "colgroup", "caption", "rb", "rt", "rp", "html", "head", "body", "br", "img", "hr",
        "input", "meta", "link", "source", "area", "base", "col", "embed", "param", "track", "wbr",
    ];
    let bytes = html.as_bytes();
    let mut depth: usize = 0;
    for i in memchr::memchr_iter(b'<', bytes) {
        let rest = &bytes[i + 1..];
        let (closing, rest) = match rest.first() {
            Some(b'/') => (true, &rest[1..]),
            _ => (false, rest),
        };
        let len = rest
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if len == 0 || !rest[0].is_ascii_alphabetic() {
            continue;
        }
        let name = &rest[..len];
        if OPTIONAL
            .iter()
            .any(|o| o.as_bytes().eq_ignore_ascii_case(name))
        {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        let end = memchr::memchr(b'>', rest).unwrap_or(rest.len());
        if end > 0 && rest[end - 1] == b'/' {
            continue;
        }
        depth += 1;
        if depth > MAX_DEPTH {
            return true;
        }
    }
    false
}

/// Whether a text holds HTML paragraphs rather than text that mentions a
/// tag: two or more tags of blocks (`<p>`, `<br>`, `<div>`, `</li>`,
/// `<pre>`, `<table>` …), where a clipping that quotes `<script>` or
/// `<b>` has none.
pub fn looks_like_html(text: &str) -> bool {
    const BLOCKS: &[&str] = &[
        "p",
        "br",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "table",
        "tr",
        "td",
        "th",
        "pre",
        "figure",
        "figcaption",
        "dl",
        "dt",
        "dd",
        "section",
        "article",
        "details",
        "summary",
        "hr",
    ];
    let mut found = 0;
    for (i, _) in text.match_indices('<') {
        let rest = text[i + 1..].trim_start_matches('/');
        let name: String = rest
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        let after = rest[name.len()..].chars().next();
        if BLOCKS.contains(&name.as_str()) && matches!(after, Some('>' | ' ' | '/' | '\n')) {
            found += 1;
            if found >= 2 {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_markdown_that_shows_no_markup() {
        let got = html_to_markdown(
            "<p>Hello <strong>world</strong> <script>alert(1)</script><a href=\"https://e.org/\" onclick=\"x()\">link</a> &amp; more</p>\
             <iframe src=\"https://www.youtube.com/embed/abc123?rel=0\"></iframe><ul><li>one</li></ul><img src=\"a.png\" alt=\"A\">",
            &Options {
                keep_relative: true,
                ..Options::default()
            },
        );
        assert_eq!(
            got.markdown,
            "Hello **world** [link](https://e.org/) & more\n\n[Watch the video on YouTube](https://www.youtube.com/watch?v=abc123)\n\n- one\n\n![A](a.png)\n"
        );
        assert_eq!(got.images, ["a.png"]);
        assert_eq!(got.notes.len(), 1, "{:?}", got.notes);
    }

    #[test]
    fn text_that_mentions_a_tag_is_not_html() {
        assert!(!looks_like_html(
            "The <script>alert(1)</script> headline <b>bold</b>\n\nText."
        ));
        assert!(looks_like_html("<p>One</p>\n<p>Two</p>"));
        assert!(looks_like_html("Line one<br>\nline two<br>"));
        assert!(looks_like_html("<pre>code</pre>"));
        assert!(!looks_like_html("a <p-value> of 0.05, and <p>"));
    }

    #[test]
    fn only_real_nesting_counts_as_deep() {
        // Unclosed paragraphs, list items and void elements do not nest.
        let sloppy = "<div><p>a<br>".repeat(3) + &"<p>x<li>y<img src=a><hr/>".repeat(5000);
        assert!(!too_deep(&sloppy));
        let balanced = "<div>a</div>".repeat(10_000);
        assert!(!too_deep(&balanced));
        assert!(too_deep(&"<span>".repeat(MAX_DEPTH + 1)));
        assert!(!too_deep(&"<span/>".repeat(MAX_DEPTH + 1)));
    }
}

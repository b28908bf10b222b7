//! A WordPress post's content as WordPress shows it, as HTML for the one
//! converter: block comments gone (a code block's language kept),
//! shortcodes converted (`[caption]` an image with its caption, `[embed]`,
//! `[video]` and the like links, `[code]` code) or removed with a note,
//! paragraphs made from blank lines as `wpautop` makes them, never inside
//! `<pre>`.

use super::super::source::split_args;
use crate::convert::embeds::{link_text, watch_url};
use crate::text::escape;

/// The content as the HTML WordPress would show.
pub fn html(content: &str, notes: &mut Vec<String>) -> String {
    let text = block_comments(&content.replace("\r\n", "\n"));
    let text = shortcodes(&text, notes);
    autop(&text)
}

/// Gutenberg's `<!-- wp:paragraph -->` comments gone; a code block's
/// language (`<!-- wp:syntaxhighlighter/code {"language":"bash"} -->`)
/// given to the `<pre>` that follows.
fn block_comments(content: &str) -> String {
    let mut text = String::with_capacity(content.len());
    let mut rest = content;
    let mut lang: Option<String> = None;
    while let Some(i) = rest.find("<!-- wp:").or_else(|| rest.find("<!-- /wp:")) {
        let (before, comment) = rest.split_at(i);
        text.push_str(&with_lang(before, lang.take().as_deref()));
        let end = comment.find("-->").map_or(comment.len(), |e| e + 3);
        lang = json_value(&comment[..end], "language");
        rest = &comment[end..];
    }
    text.push_str(&with_lang(rest, lang.as_deref()));
    text
}

/// `html` with its first `<pre` naming `lang`.
fn with_lang(html: &str, lang: Option<&str>) -> String {
    match (lang, html.find("<pre")) {
        (Some(l), Some(i)) if l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') => {
            format!("{}<pre data-lang=\"{l}\"{}", &html[..i], &html[i + 4..])
        }
        _ => html.to_string(),
    }
}

/// A string value of a block comment's JSON attributes.
fn json_value(comment: &str, key: &str) -> Option<String> {
    let at = comment.find(&format!("\"{key}\""))? + key.len() + 2;
    let rest = comment[at..].trim_start().strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}

/// Shortcodes WordPress and its common plugins register.
const KNOWN: &[&str] = &[
    "caption",
    "wp_caption",
    "embed",
    "video",
    "audio",
    "youtube",
    "gallery",
    "playlist",
    "vimeo",
    "soundcloud",
    "tweet",
    "contact-form",
    "contact-form-7",
    "code",
    "sourcecode",
    "latex",
    "googlemaps",
    "slideshow",
    "polldaddy",
];

/// WordPress's shortcodes: `[caption]`, `[embed]`, `[video]`, `[audio]`,
/// `[youtube]`, `[code]`, `[gallery]` and any other `[name …]`: a name
/// WordPress knows, or one no text would be (`[give_receipt]`, `[x id=3]`).
fn shortcodes(text: &str, notes: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('[') {
        // What code holds is code, brackets and all.
        if let Some(end) = inside_code(rest, i) {
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        let end = after.find(']').filter(|&e| {
            let attrs = &after[name.len()..e];
            let closed = rest.contains(&format!("[/{name}]"));
            !name.is_empty()
                && !attrs.contains('[')
                && (attrs.is_empty() || attrs.starts_with(char::is_whitespace))
                && (KNOWN.contains(&name.as_str())
                    || name.contains(['_', '-'])
                    || attrs.contains('=')
                    || closed)
        });
        let Some(end) = end else {
            out.push('[');
            rest = after;
            continue;
        };
        let attrs = &after[name.len()..end];
        let body_start = i + 1 + end + 1;
        let closing = format!("[/{name}]");
        let (inner, next) = match rest[body_start..].find(&closing) {
            Some(c) => (
                &rest[body_start..body_start + c],
                body_start + c + closing.len(),
            ),
            None => ("", body_start),
        };
        out.push_str(&shortcode(&name, attrs, inner, notes));
        rest = &rest[next..];
    }
    out.push_str(rest);
    out
}

/// Where the `<pre>` or `<code>` element around byte `at` of `text` ends,
/// when one is open there.
fn inside_code(text: &str, at: usize) -> Option<usize> {
    let lower = text[..at].to_ascii_lowercase();
    for tag in ["pre", "code"] {
        let open = lower.rfind(&format!("<{tag}"));
        let closed = lower.rfind(&format!("</{tag}>"));
        if let Some(o) = open.filter(|&o| closed.is_none_or(|c| c < o)) {
            let boundary = lower[o + 1 + tag.len()..].chars().next();
            if !boundary.is_some_and(|c| c == '>' || c.is_whitespace()) {
                continue;
            }
            let close = format!("</{tag}>");
            return Some(
                text[at..]
                    .to_ascii_lowercase()
                    .find(&close)
                    .map_or(text.len(), |e| at + e + close.len()),
            );
        }
    }
    None
}

/// What one shortcode becomes.
fn shortcode(name: &str, attrs: &str, inner: &str, notes: &mut Vec<String>) -> String {
    match name {
        "caption" | "wp_caption" => {
            // `<img …> The caption` (the image perhaps in a link): the
            // image, then its caption, which may hold links of its own.
            let (img, caption) = split_caption(inner);
            let caption = match caption.is_empty() {
                true => attr(attrs, "caption").unwrap_or_default(),
                false => caption.to_string(),
            };
            format!("<figure>{img}<figcaption>{caption}</figcaption></figure>")
        }
        "embed" | "video" | "audio" | "youtube" | "vimeo" | "soundcloud" | "tweet" => {
            let url = attr(attrs, "src")
                .or_else(|| attr(attrs, "url"))
                .or_else(|| attr(attrs, "mp4"))
                .or_else(|| Some(inner.trim().to_string()).filter(|u| u.starts_with("http")))
                .or_else(|| {
                    Some(attrs.trim().trim_start_matches('=').trim().to_string())
                        .filter(|u| u.starts_with("http"))
                });
            match url {
                Some(url) => {
                    let url = watch_url(&url);
                    notes.push(format!("[{name}] became a link to {url}"));
                    format!(
                        "<p><a href=\"{}\">{}</a></p>",
                        escape(&url),
                        link_text(&url)
                    )
                }
                None => {
                    notes.push(format!("[{name}] without an address was removed"));
                    String::new()
                }
            }
        }
        "code" | "sourcecode" => {
            let lang = attr(attrs, "language")
                .or_else(|| attr(attrs, "lang"))
                .unwrap_or_default();
            // The plugins keep code as written; the visual editor escapes it.
            let code = match inner.contains('<') || !inner.contains("&lt;") {
                true => escape(inner.trim_matches('\n')),
                false => inner.trim_matches('\n').to_string(),
            };
            format!(
                "<pre data-lang=\"{}\"><code>{code}</code></pre>",
                escape(&lang)
            )
        }
        _ => {
            notes.push(format!(
                "the shortcode [{name}] has no equivalent and was removed"
            ));
            inner.to_string()
        }
    }
}

/// A `[caption]`'s image (with the link around it) and its caption.
fn split_caption(inner: &str) -> (&str, &str) {
    let t = inner.trim_start();
    let lower = t.to_ascii_lowercase();
    let end = match lower.starts_with("<a") {
        true => lower.find("</a>").map(|e| e + 4),
        false => lower
            .find("<img")
            .and_then(|i| lower[i..].find('>').map(|e| i + e + 1)),
    };
    match end {
        Some(e) => (&t[..e], t[e..].trim()),
        None => ("", inner.trim()),
    }
}

/// Paragraphs from blank lines (and line breaks within them), as
/// WordPress's `wpautop` makes them for content written without `<p>`;
/// what a `<pre>` holds is left as it is.
fn autop(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    loop {
        let lower = rest.to_ascii_lowercase();
        let Some(start) = lower.find("<pre") else {
            paragraphs(rest, &mut out);
            return out;
        };
        paragraphs(&rest[..start], &mut out);
        let end = lower[start..]
            .find("</pre>")
            .map_or(rest.len(), |e| start + e + "</pre>".len());
        out.push_str(&rest[start..end]);
        out.push_str("\n\n");
        rest = &rest[end..];
    }
}

/// The elements `wpautop` treats as blocks: no paragraph around them, no
/// line break beside their tags.
const BLOCKS: &[&str] = &[
    "table",
    "thead",
    "tfoot",
    "caption",
    "col",
    "colgroup",
    "tbody",
    "tr",
    "td",
    "th",
    "div",
    "dl",
    "dd",
    "dt",
    "ul",
    "ol",
    "li",
    "pre",
    "form",
    "map",
    "area",
    "blockquote",
    "address",
    "math",
    "style",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "fieldset",
    "legend",
    "section",
    "article",
    "aside",
    "hgroup",
    "header",
    "footer",
    "nav",
    "figure",
    "figcaption",
    "details",
    "menu",
    "summary",
];

/// The name of the tag `s` starts with (`<p`, `</li`), if it is a block's.
fn block_tag_at(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('<') else {
        return false;
    };
    let name: String = rest
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    BLOCKS.contains(&name.as_str())
}

fn paragraphs(text: &str, out: &mut String) {
    for chunk in text.split("\n\n") {
        let t = chunk.trim();
        if t.is_empty() {
            continue;
        }
        // A line end inside a paragraph is a line break, but beside a
        // block's tag it is only the source's layout.
        let mut lines = t.lines().map(str::trim).peekable();
        let mut body = String::with_capacity(t.len() + 16);
        while let Some(line) = lines.next() {
            body.push_str(line);
            let Some(next) = lines.peek() else { break };
            let after_block = line
                .rfind('<')
                .is_some_and(|i| line.ends_with('>') && block_tag_at(&line[i..]));
            body.push_str(if after_block || block_tag_at(next) {
                "\n"
            } else {
                "<br>\n"
            });
        }
        if block_tag_at(t) {
            out.push_str(&body);
        } else {
            out.push_str("<p>");
            out.push_str(&body);
            out.push_str("</p>");
        }
        out.push_str("\n\n");
    }
}

/// The value of `key="…"` among a shortcode's attributes.
fn attr(attrs: &str, key: &str) -> Option<String> {
    let (_, args) = split_args(&format!("_ {attrs}"));
    args.into_iter()
        .find(|(k, _)| k.as_deref() == Some(key))
        .map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markdown(content: &str, notes: &mut Vec<String>) -> String {
        let html = html(content, notes);
        crate::convert::html_to_markdown(
            &html,
            &crate::convert::Options {
                keep_relative: true,
                ..Default::default()
            },
        )
        .markdown
    }

    #[test]
    fn blocks_captions_and_paragraphs() {
        let mut notes = vec![];
        let md = markdown(
            "<!-- wp:paragraph -->\nFirst line\nsecond line\n\nNext [gallery ids=\"1,2\"] [sic] [give_receipt]\n<!-- /wp:paragraph -->\n\n[caption id=\"a\" width=\"300\"]<img src=\"/wp-content/uploads/a.jpg\" alt=\"A\" /> The caption[/caption]",
            &mut notes,
        );
        assert_eq!(
            md,
            "First line\\\nsecond line\n\nNext \\[sic\\]\n\n![A](/wp-content/uploads/a.jpg)\n\n*The caption*\n"
        );
        assert_eq!(notes.len(), 2, "{notes:?}");
    }

    #[test]
    fn a_caption_with_a_link_stays_one_caption() {
        let mut notes = vec![];
        let md = markdown(
            "[caption id=\"a\"]<a href=\"https://x.org/big.jpg\"><img src=\"https://x.org/a.jpg\" alt=\"A\" /></a> Look at <a href=\"https://x.org/\">this</a> love.[/caption]",
            &mut notes,
        );
        assert_eq!(
            md,
            "[![A](https://x.org/a.jpg)](https://x.org/big.jpg)\n\n*Look at [this](https://x.org/) love.*\n"
        );
    }

    #[test]
    fn code_keeps_its_lines_blank_ones_too() {
        let mut notes = vec![];
        let md = markdown(
            "Before.\n\n<pre>\n# a comment\n\nif (a < b) {}\n</pre>\n\n[code language=\"php\"]\n<?php echo $a; ?>\n\n// done\n[/code]\n\n<!-- wp:syntaxhighlighter/code {\"language\":\"bash\"} -->\n<pre class=\"wp-block-syntaxhighlighter-code\">ls -l</pre>\n<!-- /wp:syntaxhighlighter/code -->",
            &mut notes,
        );
        assert_eq!(
            md,
            "Before.\n\n```\n# a comment\n\nif (a < b) {}\n```\n\n```php\n<?php echo $a; ?>\n\n// done\n```\n\n```bash\nls -l\n```\n"
        );
    }
}

//! The addresses of a Markdown body's links and images rewritten where
//! pulldown-cmark finds them (inline, autolinks, reference definitions),
//! so that nothing inside code, and nothing that only looks like a link,
//! is ever touched.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

/// One link or image of a body, as `rewrite` shows it to its caller.
pub struct Link<'a> {
    /// The address as written.
    pub url: &'a str,
    pub image: bool,
}

/// What becomes of a link or an image.
pub enum Rewrite {
    /// Another address.
    Url(String),
    /// Its text only (an image's alt text): it leads nowhere.
    Text,
}

/// `body` with the address of each link and image replaced where `f`
/// gives another. E-mail autolinks are not addresses of the site and are
/// never shown to `f`.
pub fn rewrite(body: &str, mut f: impl FnMut(&Link) -> Option<String>) -> String {
    rewrite_with(body, |l| f(l).map(Rewrite::Url))
}

/// [`rewrite`], where `f` may also turn a link or image into its text.
pub fn rewrite_with(body: &str, mut f: impl FnMut(&Link) -> Option<Rewrite>) -> String {
    let mut edits: Vec<(Range<usize>, String)> = vec![];
    let parser = Parser::new_ext(body, crate::markdown::options()).into_offset_iter();
    // Definitions first: a reference link goes where its definition does,
    // and one whose definition leads nowhere is its text.
    let mut textual: std::collections::HashSet<String> = Default::default();
    for (_, d) in parser.reference_definitions().iter() {
        let Some(at) = definition_destination(body, d.span.clone()) else {
            continue;
        };
        let link = Link {
            url: strip_angles(&body[at.clone()]),
            image: false,
        };
        match f(&link) {
            Some(Rewrite::Url(new)) => edits.push((at, angled_if_needed(&new))),
            Some(Rewrite::Text) => {
                textual.insert(d.dest.to_string());
                // The definition's line goes, its line end with it.
                let end = d.span.end + usize::from(body[d.span.end..].starts_with('\n'));
                edits.push((d.span.start..end, String::new()));
            }
            None => {}
        }
    }
    // Open links and images: where each began, how, whether it is one
    // whose definition leads nowhere, and where its text ended so far.
    let mut open: Vec<(Range<usize>, LinkType, bool, bool, usize)> = vec![];
    for (ev, range) in parser {
        match ev {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                let text = textual.contains(dest_url.as_ref());
                open.push((range.clone(), link_type, false, text, range.start + 1))
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => {
                let text = textual.contains(dest_url.as_ref());
                open.push((range.clone(), link_type, true, text, range.start + 2))
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                let Some((whole, kind, image, text, text_end)) = open.pop() else {
                    continue;
                };
                let e = match text {
                    true => as_text(body, whole.clone(), image, text_end),
                    false => edit(body, whole.clone(), kind, image, text_end, &mut f),
                };
                if let Some(e) = e {
                    let e = with_inner_edits(body, e, &whole, image, &mut edits);
                    edits.push(e);
                }
                if let Some(outer) = open.last_mut() {
                    outer.4 = outer.4.max(whole.end);
                }
            }
            _ => {
                if let Some(o) = open.last_mut() {
                    o.4 = o.4.max(range.end);
                }
            }
        }
    }
    apply(body, edits)
}

/// A link become its text keeps the edits made inside that text (an
/// image in the link, itself rewritten): they are taken out of `edits`
/// and made to the text.
fn with_inner_edits(
    body: &str,
    (range, text): (Range<usize>, String),
    whole: &Range<usize>,
    image: bool,
    edits: &mut Vec<(Range<usize>, String)>,
) -> (Range<usize>, String) {
    let start = text_start(whole, image);
    let end = start + text.len();
    if range != *whole || body.get(start..end) != Some(text.as_str()) {
        return (range, text);
    }
    let (inner, rest): (Vec<_>, Vec<_>) = std::mem::take(edits)
        .into_iter()
        .partition(|(r, _)| r.start >= start && r.end <= end);
    *edits = rest;
    let shifted = inner
        .into_iter()
        .map(|(r, t)| (r.start - start..r.end - start, t))
        .collect();
    (range, apply(&text, shifted))
}

/// A link or image (`[text](…)`, `[text][label]`, `![alt](…)`) as its
/// text.
fn as_text(
    body: &str,
    whole: Range<usize>,
    image: bool,
    text_end: usize,
) -> Option<(Range<usize>, String)> {
    let start = text_start(&whole, image);
    let text = body.get(start..text_end.clamp(start, whole.end))?;
    Some((whole, text.to_string()))
}

/// Where a link's text (an image's alt text) starts: after `[` or `![`.
fn text_start(whole: &Range<usize>, image: bool) -> usize {
    whole.start + if image { 2 } else { 1 }
}

fn edit(
    body: &str,
    whole: Range<usize>,
    kind: LinkType,
    image: bool,
    text_end: usize,
    f: &mut impl FnMut(&Link) -> Option<Rewrite>,
) -> Option<(Range<usize>, String)> {
    match kind {
        LinkType::Inline => {
            let at = inline_destination(body, whole.clone(), text_end)?;
            let link = Link {
                url: strip_angles(&body[at.clone()]),
                image,
            };
            match f(&link)? {
                Rewrite::Url(new) => Some((at, angled_if_needed(&new))),
                Rewrite::Text => as_text(body, whole, image, text_end),
            }
        }
        LinkType::Autolink => {
            let url = body.get(whole.start + 1..whole.end - 1)?;
            let mut text = String::new();
            super::markdown::escape(url, &mut text);
            match f(&Link { url, image })? {
                Rewrite::Url(new) => Some((whole, format!("[{text}]({})", angled_if_needed(&new)))),
                Rewrite::Text => Some((whole, text)),
            }
        }
        // Reference links are rewritten at their definitions.
        _ => None,
    }
}

/// Where the address of the inline link spanning `whole` is written:
/// after the `](` that follows its text.
fn inline_destination(body: &str, whole: Range<usize>, text_end: usize) -> Option<Range<usize>> {
    let from = text_end.min(whole.end);
    let open = body[from..whole.end].find("](")? + from + 2;
    let rest = &body[open..whole.end];
    let lead = rest.len() - rest.trim_start().len();
    let start = open + lead;
    let rest = &body[start..whole.end];
    if rest.starts_with('<') {
        let end = rest.find('>')?;
        return Some(start..start + end + 1);
    }
    let mut depth = 0i32;
    let mut escaped = false;
    for (i, c) in rest.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '(' => depth += 1,
            ')' if depth == 0 => return Some(start..start + i),
            ')' => depth -= 1,
            c if c.is_whitespace() => return Some(start..start + i),
            _ => {}
        }
    }
    None
}

/// Where the address of a reference definition (`[label]: url "title"`)
/// is written.
fn definition_destination(body: &str, span: Range<usize>) -> Option<Range<usize>> {
    let text = body.get(span.clone())?;
    let colon = text.find("]:")? + 2;
    let rest = &text[colon..];
    let lead = rest.len() - rest.trim_start().len();
    let start = span.start + colon + lead;
    let rest = &body[start..span.end];
    let len = match rest.strip_prefix('<') {
        Some(r) => r.find('>')? + 2,
        None => rest.find(char::is_whitespace).unwrap_or(rest.len()),
    };
    (len > 0).then_some(start..start + len)
}

fn strip_angles(s: &str) -> &str {
    s.strip_prefix('<')
        .and_then(|s| s.strip_suffix('>'))
        .unwrap_or(s)
}

fn angled_if_needed(url: &str) -> String {
    let mut depth = 0i32;
    let balanced = url.chars().all(|c| {
        depth += match c {
            '(' => 1,
            ')' => -1,
            _ => 0,
        };
        depth >= 0
    }) && depth == 0;
    if url.is_empty() || !balanced || url.contains(char::is_whitespace) || url.contains(['<', '>'])
    {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_string()
    }
}

fn apply(body: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    if edits.is_empty() {
        return body.to_string();
    }
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(body.len() + 64);
    let mut at = 0;
    for (r, text) in edits {
        if r.start < at {
            continue;
        }
        out.push_str(&body[at..r.start]);
        out.push_str(&text);
        at = r.end;
    }
    out.push_str(&body[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_become_its_text_keeps_its_image_rewritten() {
        let out = rewrite_with("[![a](/small.png)](/big.png) after", |l| {
            Some(match l.image {
                true => Rewrite::Url("/found.png".into()),
                false => Rewrite::Text,
            })
        });
        assert_eq!(out, "![a](/found.png) after");
        let out = rewrite_with("[![a](/small.png)](/big.png)", |_| Some(Rewrite::Text));
        assert_eq!(out, "a");
    }

    fn upper(body: &str) -> String {
        rewrite(body, |l| {
            Some(match l.image {
                true => format!("IMG{}", l.url),
                false => l.url.to_uppercase(),
            })
        })
    }

    #[test]
    fn links_images_autolinks_and_definitions_but_never_code() {
        assert_eq!(
            upper(
                "[a](x/y \"t\") ![i](p.png) [b](<has space>) [r][d] <http://h/a> <me@x.org>\n\n`[c](code)`\n\n    [d](indented)\n\n```\n[e](fenced)\n```\n\n[d]: /def\n"
            ),
            "[a](X/Y \"t\") ![i](IMGp.png) [b](<HAS SPACE>) [r][d] [http://h/a](HTTP://H/A) <me@x.org>\n\n`[c](code)`\n\n    [d](indented)\n\n```\n[e](fenced)\n```\n\n[d]: /DEF\n"
        );
    }

    #[test]
    fn a_link_or_image_can_become_its_text() {
        let got = rewrite_with(
            "[*the* report](/gone/) and ![a chart](/) and [kept](/x/)",
            |l| (l.url != "/x/").then_some(Rewrite::Text),
        );
        assert_eq!(got, "*the* report and a chart and [kept](/x/)");
    }

    #[test]
    fn a_reference_whose_definition_leads_nowhere_is_its_text() {
        let got = rewrite_with(
            "See [the guide][g] and [g], or [kept][k].\n\n[g]: /gone/\n[k]: /x/\n",
            |l| (l.url == "/gone/").then_some(Rewrite::Text),
        );
        assert_eq!(got, "See the guide and g, or [kept][k].\n\n[k]: /x/\n");
    }

    #[test]
    fn a_link_whose_text_holds_brackets_and_links_is_found() {
        assert_eq!(
            upper("[see [x] and `](no)`](a) [![img](i.png)](b(c))"),
            "[see [x] and `](no)`](A) [![img](IMGi.png)](B(C))"
        );
    }
}

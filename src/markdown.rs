//! Markdown to HTML: pulldown-cmark with our own heading ids (for the table
//! of contents), the summary, the word count and reading time.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

use crate::images::Images;
use crate::slug::slugify;

/// The marker that ends a hand-picked summary.
const MORE: &str = "<!-- more -->";
const WORDS_PER_MINUTE: usize = 200;

/// An article body turned into HTML.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub summary_html: String,
    pub toc: Vec<Heading>,
    pub word_count: usize,
    pub reading_minutes: usize,
    /// `@/…` links to other articles, resolved when pages are rendered.
    pub internal: Vec<Reference>,
    /// `@/…` links to articles this build leaves out, shown as text.
    pub unpublished: Vec<Reference>,
    /// Links to places on this site: as written, and as written into the
    /// page.
    pub links: Vec<(String, Reference)>,
    /// Images on this site (URLs as written into the page).
    pub images: Vec<Reference>,
    /// Images on other hosts, shown as links instead: a reader's browser
    /// never contacts another host.
    pub remote_images: Vec<Reference>,
    /// Images without alt text (of no use to a reader who cannot see them).
    pub unlabelled_images: Vec<Reference>,
    /// The first of the site's raster images: its URL as written into the
    /// page, its width and height (for `og:image`).
    pub first_image: Option<(String, u32, u32)>,
}

/// A link or image of the body, with where it stands in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub url: String,
    /// Byte offset in the body, for the line of an error.
    pub offset: usize,
}

/// One entry of the table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// How to render a body: raw HTML allowed or not, the site's base path,
/// and the URL of the folder the Markdown file is in (relative links and
/// images resolve from there, as in an editor's preview).
pub struct Setting<'a> {
    pub allow_html: bool,
    pub base_path: &'a str,
    pub folder: &'a str,
    /// The site's prepared images, for their sizes and smaller copies.
    pub images: Option<&'a Images>,
    /// Articles this build leaves out (drafts, future-dated), by file: a
    /// link to one is its text.
    pub left_out: Option<&'a std::collections::HashSet<String>>,
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `body` as if it were in the site's root folder.
pub fn render(body: &str, allow_html: bool, base_path: &str) -> Rendered {
    render_with(
        body,
        &Setting {
            allow_html,
            base_path,
            folder: base_path,
            images: None,
            left_out: None,
        },
    )
}

/// Renders `body`. Unless `allow_html`, raw HTML is shown as text (HTML
/// comments are dropped), so a pasted `<script>` can never run. Links and
/// images starting with `/` get the site's `base_path`, so a site deployed
/// under a subpath keeps working; relative ones resolve from the file's
/// folder; `@/section/file.md#anchor` links are kept for the render stage.
pub fn render_with(body: &str, setting: &Setting) -> Rendered {
    let Events {
        events: mut all,
        internal,
        unpublished,
        links,
        images,
        remote_images,
        unlabelled_images,
        first_image,
    } = events(body, setting);
    let toc = assign_heading_ids(&mut all);
    let word_count = count_words(&all);
    highlight(&mut all);
    let mut out = Rendered {
        html: String::with_capacity(body.len() * 3 / 2),
        toc,
        word_count,
        reading_minutes: word_count.div_ceil(WORDS_PER_MINUTE).max(1),
        internal,
        unpublished,
        links,
        images,
        remote_images,
        unlabelled_images,
        first_image,
        ..Rendered::default()
    };
    out.summary_html = match body.find(MORE) {
        Some(i) => {
            let mut head = events(&body[..i], setting).events;
            assign_heading_ids(&mut head);
            let mut s = String::new();
            html::push_html(&mut s, head.into_iter());
            s
        }
        None => first_paragraph(&all),
    };
    html::push_html(&mut out.html, all.into_iter());
    out
}

/// Fenced code blocks in a language placard knows, highlighted (see
/// [`crate::highlight`]); others as they were.
fn highlight(events: &mut Vec<Event<'_>>) {
    use pulldown_cmark::{CodeBlockKind, TagEnd};
    let fenced = |e: &Event| matches!(e, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(i))) if !i.is_empty());
    if !events.iter().any(fenced) {
        return;
    }
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = &events[i] {
            let end = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::CodeBlock)))
                .map(|n| i + n);
            if let Some(end) = end {
                let code: String = events[i + 1..end]
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                if let Some(html) = crate::highlight::code_block(info, &code) {
                    out.push(Event::Html(html.as_ref().to_owned().into()));
                    i = end + 1;
                    continue;
                }
            }
        }
        out.push(std::mem::replace(&mut events[i], Event::SoftBreak));
        i += 1;
    }
    *events = out;
}

/// A body's events and the references found in it.
struct Events<'a> {
    events: Vec<Event<'a>>,
    internal: Vec<Reference>,
    unpublished: Vec<Reference>,
    links: Vec<(String, Reference)>,
    images: Vec<Reference>,
    remote_images: Vec<Reference>,
    unlabelled_images: Vec<Reference>,
    first_image: Option<(String, u32, u32)>,
}

/// What becomes of an image.
enum Fate {
    Kept,
    /// Unsafe URL: shown as its alt text.
    Dropped,
    /// On another host: a link to it, with the alt text.
    Linked,
    /// One of the site's raster images: written as a `<picture>` once its
    /// alt text is read.
    Picture,
}

/// A site image whose alt text is being read.
struct Pending<'i> {
    image: &'i crate::images::Image,
    src: String,
    title: String,
    alt: String,
}

/// The body's events, with links and images rebased, heading attributes
/// cut to a safe `id` and `class`, and the internal links and images found.
fn events<'a>(body: &'a str, setting: &Setting) -> Events<'a> {
    let (mut internal, mut images, mut remote_images) = (vec![], vec![], vec![]);
    let mut site_links = vec![];
    let mut unlabelled_images = vec![];
    let mut first_image = None;
    let mut pending: Option<Pending> = None;
    let mut pictures = 0usize;
    let mut rebase = |url: CowStr<'a>, offset: usize, image: bool| -> CowStr<'a> {
        let written = url.to_string();
        let url = match rebased(&url, setting) {
            Some(new) => CowStr::from(new),
            None => url,
        };
        if url.starts_with("@/") {
            internal.push(Reference {
                url: url.to_string(),
                offset,
            });
        } else if url.starts_with(setting.base_path) && !url.starts_with("//") {
            let found = Reference {
                url: url.to_string(),
                offset,
            };
            match image {
                true => images.push(found),
                false => site_links.push((written, found)),
            }
        }
        url
    };
    let mut out = vec![];
    let mut unpublished = vec![];
    // Links open around this point: whether each is shown as its text only
    // (it leads to an article this build leaves out).
    let mut open_links: Vec<bool> = vec![];
    // Images nest (an image in another's alt text): what became of each
    // open one, to end it the same way.
    let mut open_images = vec![];
    // Links open around this point: an image there cannot become a link.
    let mut links = 0usize;
    for (ev, range) in Parser::new_ext(body, options()).into_offset_iter() {
        if pending.is_some() {
            // Inside a site image: its text is the alt text.
            match ev {
                Event::Text(t) | Event::Code(t) => {
                    pending.as_mut().expect("pending").alt.push_str(&t)
                }
                Event::Start(Tag::Image { .. }) => open_images.push(Fate::Dropped),
                Event::End(TagEnd::Image) => {
                    if let Some(Fate::Picture) = open_images.pop() {
                        let p = pending.take().expect("pending");
                        if p.alt.trim().is_empty() {
                            unlabelled_images.push(Reference {
                                url: p.src.clone(),
                                offset: range.start,
                            });
                        }
                        let title = Some(p.title.as_str());
                        let html = crate::images::markup(
                            p.image,
                            &p.src,
                            &p.alt,
                            title,
                            pictures == 0,
                            setting.base_path,
                        );
                        pictures += 1;
                        out.push(Event::InlineHtml(CowStr::from(html)));
                    }
                }
                _ => {}
            }
            continue;
        }
        match &ev {
            Event::Start(Tag::Link { dest_url, .. }) => {
                links += 1;
                let left_out = setting.left_out.is_some_and(|l| {
                    dest_url
                        .strip_prefix("@/")
                        .and_then(|f| f.split('#').next())
                        .is_some_and(|f| l.contains(f.trim_start_matches('/')))
                });
                open_links.push(left_out);
                if left_out {
                    unpublished.push(Reference {
                        url: dest_url.to_string(),
                        offset: range.start,
                    });
                    continue;
                }
            }
            Event::End(TagEnd::Link) => {
                links = links.saturating_sub(1);
                if open_links.pop() == Some(true) {
                    continue;
                }
            }
            _ => {}
        }
        let ev = match ev {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = if link_type == pulldown_cmark::LinkType::Email {
                    // `<name@host>`: an address to write to (the renderer
                    // adds `mailto:`), never a page of the site.
                    dest_url
                } else if safe_url(&dest_url) {
                    rebase(dest_url, range.start, false)
                } else {
                    CowStr::from("#")
                };
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if !safe_url(&dest_url) {
                    open_images.push(Fate::Dropped);
                    continue;
                }
                if remote(&dest_url) {
                    remote_images.push(Reference {
                        url: dest_url.to_string(),
                        offset: range.start,
                    });
                    if links > 0 {
                        open_images.push(Fate::Dropped);
                        continue;
                    }
                    open_images.push(Fate::Linked);
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                } else {
                    let dest_url = rebase(dest_url, range.start, true);
                    let site_image = setting.images.and_then(|i| {
                        let rel = dest_url.strip_prefix(setting.base_path)?;
                        i.by_path.get(&normalise(rel.split(['?', '#']).next()?))
                    });
                    if let Some(image) = site_image {
                        if first_image.is_none() {
                            first_image = Some((dest_url.to_string(), image.width, image.height));
                        }
                        open_images.push(Fate::Picture);
                        pending = Some(Pending {
                            image,
                            src: dest_url.to_string(),
                            title: title.to_string(),
                            alt: String::new(),
                        });
                        continue;
                    }
                    open_images.push(Fate::Kept);
                    Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                }
            }
            Event::End(TagEnd::Image) => match open_images.pop() {
                Some(Fate::Dropped) => continue,
                Some(Fate::Linked) => Event::End(TagEnd::Link),
                _ => Event::End(TagEnd::Image),
            },
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs: _,
            }) => Event::Start(Tag::Heading {
                level,
                // Only what names the heading: never `onclick`, `style` or
                // any other attribute a pasted heading could carry.
                id: id.filter(|i| safe_name(i)),
                classes: classes.into_iter().filter(|c| safe_name(c)).collect(),
                attrs: vec![],
            }),
            Event::Html(h) | Event::InlineHtml(h) if !setting.allow_html => {
                let t = h.trim();
                if t.starts_with("<!--") && t.ends_with("-->") {
                    continue;
                }
                Event::Text(h)
            }
            other => other,
        };
        out.push(ev);
    }
    Events {
        events: out,
        internal,
        unpublished,
        links: site_links,
        images,
        remote_images,
        unlabelled_images,
        first_image,
    }
}

/// `a/b/../c` → `a/c`: a URL path inside the site as an output path.
pub fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = vec![];
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// An `id` or class name a heading may carry: letters, digits, `-` and `_`.
pub(crate) fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// Whether a URL is on another host: with a scheme other than the ones
/// that stay on the reader's machine, or protocol-relative (`//host/`).
fn remote(url: &str) -> bool {
    // Browsers skip leading spaces and controls, and read `\` as `/`.
    let url = url.trim_start_matches(|c: char| c <= ' ');
    let slash = |b: Option<&u8>| matches!(b, Some(b'/' | b'\\'));
    let b = url.as_bytes();
    (slash(b.first()) && slash(b.get(1)))
        || url
            .split(['/', '\\', '?', '#'])
            .next()
            .is_some_and(|first| first.contains(':'))
}

/// Whether a link or image URL may stay: relative, `#`, `@/`, or with the
/// scheme http, https, mailto or tel. `javascript:`, `data:`, `vbscript:`
/// and the rest would run or embed something from a pasted clipping.
fn safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match cleaned
        .split(['/', '?', '#'])
        .next()
        .and_then(|first| first.split_once(':'))
    {
        None => true,
        Some((scheme, _)) => matches!(scheme, "http" | "https" | "mailto" | "tel"),
    }
}

/// A link's URL as the page needs it, or None to keep it as written:
/// `/x` gets the base path, `x` the folder's path; URLs with a scheme,
/// `//host`, `#anchor` and `@/` links stay.
fn rebased(url: &str, setting: &Setting) -> Option<String> {
    if let Some(rest) = url.strip_prefix('/') {
        return (!rest.starts_with('/') && setting.base_path != "/")
            .then(|| format!("{}{rest}", setting.base_path));
    }
    let scheme = url
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|first| first.contains(':'));
    if url.is_empty() || scheme || url.starts_with('#') || url.starts_with("@/") {
        return None;
    }
    Some(format!("{}{url}", setting.folder))
}

/// Gives every heading without an `{#id}` the slug of its text, unique in
/// the document, and returns the table of contents.
fn assign_heading_ids(events: &mut [Event<'_>]) -> Vec<Heading> {
    let mut toc = vec![];
    let mut used = std::collections::HashSet::new();
    // The next number to try for each base slug: twenty thousand headings
    // of one title are numbered in one pass, not counted up from 1 each.
    let mut next: std::collections::HashMap<String, usize> = Default::default();
    let mut i = 0;
    while i < events.len() {
        let Event::Start(Tag::Heading { level, id, .. }) = &events[i] else {
            i += 1;
            continue;
        };
        let (level, explicit) = (*level, id.clone());
        let mut title = String::new();
        let mut j = i + 1;
        while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
            if let Event::Text(t) | Event::Code(t) = &events[j] {
                title.push_str(t);
            }
            j += 1;
        }
        let id = match explicit {
            Some(id) => id.to_string(),
            None => {
                let base = match slugify(&title) {
                    s if s.is_empty() => "section".to_string(),
                    s => s,
                };
                let n = next.entry(base.clone()).or_insert(0);
                let mut id = base.clone();
                while used.contains(&id) {
                    *n += 1;
                    id = format!("{base}-{n}");
                }
                id
            }
        };
        used.insert(id.clone());
        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
            *slot = Some(CowStr::from(id.clone()));
        }
        toc.push(Heading {
            level: heading_number(level),
            id,
            title,
        });
        i = j + 1;
    }
    toc
}

fn heading_number(level: HeadingLevel) -> u8 {
    level as u8
}

fn first_paragraph(events: &[Event<'_>]) -> String {
    let Some(start) = events
        .iter()
        .position(|e| matches!(e, Event::Start(Tag::Paragraph)))
    else {
        return String::new();
    };
    let end = events[start..]
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Paragraph)))
        .map_or(events.len(), |n| start + n + 1);
    let mut s = String::new();
    html::push_html(&mut s, events[start..end].iter().cloned());
    s
}

fn count_words(events: &[Event<'_>]) -> usize {
    events
        .iter()
        .map(|e| match e {
            Event::Text(t) | Event::Code(t) if t.is_ascii() => {
                // What split_whitespace counts: the starts of words.
                const SPACE: [bool; 256] = {
                    let mut t = [false; 256];
                    t[b' ' as usize] = true;
                    t[b'\t' as usize] = true;
                    t[b'\n' as usize] = true;
                    t[0x0b] = true;
                    t[0x0c] = true;
                    t[b'\r' as usize] = true;
                    t
                };
                let b = t.as_bytes();
                let first = b.first().is_some_and(|&c| !SPACE[c as usize]) as usize;
                first
                    + b.iter()
                        .zip(b.get(1..).unwrap_or_default())
                        .filter(|&(&x, &y)| SPACE[x as usize] && !SPACE[y as usize])
                        .count()
            }
            Event::Text(t) | Event::Code(t) => t.split_whitespace().count(),
            _ => 0,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let r = render(
            "## Trading houses\n\ntext\n\n## Trading houses\n\n### Own {#mine}\n",
            false,
            "/",
        );
        assert!(
            r.html
                .contains(r#"<h2 id="trading-houses">Trading houses</h2>"#),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"<h2 id="trading-houses-1">"#));
        assert!(r.html.contains(r#"<h3 id="mine">Own</h3>"#));
        let ids: Vec<_> = r.toc.iter().map(|h| (h.level, h.id.as_str())).collect();
        assert_eq!(
            ids,
            [(2, "trading-houses"), (2, "trading-houses-1"), (3, "mine")]
        );
    }

    #[test]
    fn summary_is_the_first_paragraph_or_the_text_before_more() {
        let r = render("# T\n\nFirst *one*.\n\nSecond.\n", false, "/");
        assert_eq!(r.summary_html, "<p>First <em>one</em>.</p>\n");
        let r = render(
            "Lead.\n\nMore lead.\n\n<!-- more -->\n\nRest.\n",
            false,
            "/",
        );
        assert_eq!(r.summary_html, "<p>Lead.</p>\n<p>More lead.</p>\n");
        assert!(!r.html.contains("more --"));
    }

    #[test]
    fn extensions_and_smart_punctuation() {
        let r = render(
            "\"Quoted\" -- it's ~~gone~~.[^1]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[^1]: Note.\n",
            false,
            "/",
        );
        assert!(
            r.html
                .contains("\u{201c}Quoted\u{201d} \u{2013} it\u{2019}s"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<del>gone</del>"));
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("footnote-definition"));
    }

    #[test]
    fn raw_html_is_text_unless_allowed() {
        let r = render("Hi <script>alert(1)</script>\n\n<div>x</div>\n", false, "/");
        assert!(!r.html.contains("<script>"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;"));
        assert!(
            render("<div>x</div>\n", true, "/")
                .html
                .contains("<div>x</div>")
        );
    }

    #[test]
    fn unsafe_urls_never_reach_the_page() {
        let r = render(
            "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(2)) [c]( java\tscript:x) [d](vbscript:x) [ok](https://example.org/) [m](mailto:a@example.org)\n\n\
             ![pixel](data:image/png;base64,AAAA) ![chart](/img/chart.png) ![x](file:///etc/passwd)\n",
            false,
            "/",
        );
        let html = r.html.to_ascii_lowercase();
        for bad in ["javascript:", "vbscript:", "data:", "file:"] {
            assert!(!html.contains(bad), "{bad} got through: {}", r.html);
        }
        assert!(r.html.contains(r##"<a href="#">a</a>"##), "{}", r.html);
        assert!(
            r.html.contains("pixel") && !r.html.contains("<img src=\"data"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains(r#"href="https://example.org/""#)
                && r.html.contains("mailto:a@example.org")
        );
        assert!(
            r.html
                .contains(r#"<img src="/img/chart.png" alt="chart" />"#),
            "{}",
            r.html
        );
    }

    #[test]
    fn root_links_follow_the_base_path() {
        let r = render(
            "[a](/tags/un/) [b](//example.org/) ![c](/img/x.png)\n",
            false,
            "/campaign/",
        );
        assert!(
            r.html.contains(r#"href="/campaign/tags/un/""#),
            "{}",
            r.html
        );
        assert!(r.html.contains(r#"href="//example.org/""#));
        assert!(r.html.contains(r#"src="/campaign/img/x.png""#));
    }

    #[test]
    fn words_and_reading_time() {
        let body = "word ".repeat(450);
        let r = render(&body, false, "/");
        assert_eq!(r.word_count, 450);
        assert_eq!(r.reading_minutes, 3);
    }
}

//! feed: RSS 2.0 feeds (site, section, tag), the sitemap and robots.txt,
//! written directly as XML with everything escaped.

use std::fmt::Write;

use crate::load::Site;
use crate::render::permalink;

/// A feed to write: where it lives and which articles it carries.
pub struct Feed<'a> {
    /// URL path of the feed's folder, e.g. `/sex-trade/`.
    pub dir: String,
    pub title: String,
    pub description: &'a str,
    pub pages: &'a [usize],
}

/// Every feed of the site: `/rss.xml`, one per section, one per tag.
pub fn feeds(site: &Site) -> Vec<Feed<'_>> {
    let c = &site.config;
    let mut feeds = vec![];
    for (i, s) in site.sections.iter().enumerate() {
        let title = if i == 0 {
            c.title.clone()
        } else {
            format!("{} – {}", s.title, c.title)
        };
        let description = if s.matter.description.is_empty() {
            &c.description
        } else {
            &s.matter.description
        };
        feeds.push(Feed {
            dir: s.path.clone(),
            title,
            description,
            pages: &s.pages,
        });
    }
    for t in &site.tags {
        feeds.push(Feed {
            dir: format!("/tags/{}/", t.slug),
            title: format!("{} – {}", t.name, c.title),
            description: &c.description,
            pages: &t.pages,
        });
    }
    feeds
}

/// The RSS 2.0 document of one feed: newest `feed_limit` articles with full
/// content, absolute links and RFC 822 dates.
/// `items` holds each article's `<item>` once made: an article is in the
/// site's feed, its sections' and its tags', and escaping its whole text
/// again for each was the largest cost of writing feeds.
pub fn rss(site: &Site, feed: &Feed, items: &[std::sync::OnceLock<String>]) -> String {
    let c = &site.config;
    let self_url = permalink(c, &format!("{}rss.xml", feed.dir));
    let mut x = String::with_capacity(4096);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n");
    let _ = writeln!(x, "<title>{}</title>", esc(&feed.title));
    let _ = writeln!(x, "<link>{}</link>", esc(&permalink(c, &feed.dir)));
    let _ = writeln!(
        x,
        "<description>{}</description>",
        esc(if feed.description.is_empty() {
            &feed.title
        } else {
            feed.description
        })
    );
    let _ = writeln!(x, "<language>{}</language>", esc(&c.language));
    let _ = writeln!(
        x,
        "<atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
        esc(&self_url)
    );
    let _ = writeln!(x, "<generator>placard</generator>");
    let dated = feed
        .pages
        .iter()
        .copied()
        .filter(|&i| site.pages[i].fm.date.is_some());
    let mut first = true;
    for i in dated.take(c.feed_limit) {
        let p = &site.pages[i];
        let date = p.fm.date.expect("filtered");
        if first {
            // The newest article's date, so that an unchanged site gives an unchanged feed.
            let _ = writeln!(x, "<lastBuildDate>{}</lastBuildDate>", date.rfc822());
            first = false;
        }
        match items.get(i) {
            Some(cell) => x.push_str(cell.get_or_init(|| item(site, p))),
            None => x.push_str(&item(site, p)),
        }
    }
    x.push_str("</channel>\n</rss>\n");
    x
}

/// One article as an RSS `<item>`: full content, absolute links.
fn item(site: &Site, p: &crate::load::Page) -> String {
    let c = &site.config;
    let date = p.fm.date.expect("feeds carry dated articles");
    let link = esc(&permalink(c, &p.path));
    let mut x = String::with_capacity(p.rendered.html.len() * 5 / 4 + 512);
    x.push_str("<item>\n");
    let _ = writeln!(
        x,
        "<title>{}</title>",
        esc(p.fm.title.as_deref().unwrap_or_default())
    );
    let _ = writeln!(x, "<link>{link}</link>");
    let _ = writeln!(x, "<guid isPermaLink=\"true\">{link}</guid>");
    let _ = writeln!(x, "<pubDate>{}</pubDate>", date.rfc822());
    if let Some(author) = &p.fm.author {
        let _ = writeln!(x, "<dc:creator>{}</dc:creator>", esc(author));
    }
    for &t in &p.tags {
        let _ = writeln!(x, "<category>{}</category>", esc(&site.tags[t].name));
    }
    let html = absolute_links(
        &crate::render::resolve_internal(site, &p.rendered.html, &c.base_url),
        c,
    );
    x.push_str("<description><![CDATA[");
    cdata(&mut x, &html);
    x.push_str("]]></description>\n");
    x.push_str("</item>\n");
    x
}

/// Root-relative links in article HTML made absolute, as feed readers need:
/// `href="/…"` and `src="/…"` get the site's origin.
fn absolute_links(html: &str, c: &crate::config::Config) -> String {
    let origin_end = c.base_url.len() - c.base_path().len();
    let origin = &c.base_url[..origin_end];
    let mut out = String::with_capacity(html.len() + 256);
    let mut from = 0;
    for at in memchr::memmem::find_iter(html.as_bytes(), b"=\"/") {
        let before = &html.as_bytes()[..at];
        if before.ends_with(b"href") || before.ends_with(b"src") {
            out.push_str(&html[from..at + 2]);
            out.push_str(origin);
            from = at + 2;
        } else if before.ends_with(b"srcset") {
            // `srcset="/a.webp 480w, /b.webp 960w"`: each URL.
            let end = html[at + 2..].find('"').map_or(html.len(), |e| at + 2 + e);
            out.push_str(&html[from..at + 2]);
            for (i, candidate) in html[at + 2..end].split(", ").enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                if candidate.starts_with('/') {
                    out.push_str(origin);
                }
                out.push_str(candidate);
            }
            from = end;
        }
    }
    out.push_str(&html[from..]);
    out
}

/// The sitemap: every HTML page, with the article's last change.
pub fn sitemap(site: &Site, paths: &[String]) -> String {
    let c = &site.config;
    let lastmod: std::collections::HashMap<&str, String> = site
        .pages
        .iter()
        .filter_map(|p| Some((p.path.as_str(), p.fm.updated.or(p.fm.date)?.iso())))
        .collect();
    let mut sorted: Vec<&String> = paths.iter().collect();
    sorted.sort();
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in sorted {
        let _ = write!(x, "<url><loc>{}</loc>", esc(&permalink(c, path)));
        if let Some(m) = lastmod.get(path.as_str()) {
            let _ = write!(x, "<lastmod>{m}</lastmod>");
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    x
}

/// A page at an old URL that sends the reader (and search engines) on to
/// the article: a meta refresh, a canonical link and a plain link.
pub fn redirect_page(site: &Site, page: &crate::load::Page) -> String {
    let c = &site.config;
    let url = esc(&crate::render::url(c, &page.path));
    let title = esc(page.fm.title.as_deref().unwrap_or_default());
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved: {title}</title>\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n\
         <p>This page has moved to <a href=\"{url}\">{title}</a>.</p>\n</body>\n</html>\n",
        lang = esc(&c.language),
        canonical = esc(&permalink(c, &page.path)),
    )
}

/// Netlify's `_redirects`: each alias to its article, permanently (301).
pub fn netlify_redirects(site: &Site) -> String {
    let mut out = String::from("# Old URLs (article aliases) and where they moved.\n");
    for p in &site.pages {
        for a in &p.aliases {
            let _ = writeln!(
                out,
                "{} {} 301",
                redirect_field(&crate::render::url(&site.config, a)),
                redirect_field(&crate::render::url(&site.config, &p.path))
            );
        }
    }
    out
}

/// A URL as one field of a `_redirects` rule: every byte but letters,
/// digits and `/-._~%` percent-encoded, so that no folder name can add a
/// field or a rule (a space, a tab, a line break) or a splat (`*`, `:x`).
fn redirect_field(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for &b in url.as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~%".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        permalink(&site.config, "/sitemap.xml")
    )
}

/// Adds `s` to a CDATA section: as it is, but for the control characters
/// XML 1.0 forbids (dropped) and `]]>`, which would end the section (split
/// across two).
fn cdata(out: &mut String, s: &str) {
    let forbidden = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r');
    if !s.bytes().any(forbidden) && memchr::memmem::find(s.as_bytes(), b"]]>").is_none() {
        out.push_str(s);
        return;
    }
    for (i, piece) in s.split("]]>").enumerate() {
        if i > 0 {
            out.push_str("]]]]><![CDATA[>");
        }
        out.extend(
            piece
                .chars()
                .filter(|&c| !(c.is_ascii() && forbidden(c as u8))),
        );
    }
}

/// Escapes text for XML, and drops the control characters XML 1.0
/// forbids (a clipping may carry them). The characters to change are
/// ASCII, so a byte scan finds them and the text between is copied whole.
pub fn esc(s: &str) -> String {
    const WITH: [&str; 7] = ["", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", ""];
    const TABLE: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut b = 0;
        while b < 0x20 {
            if !matches!(b, b'\t' | b'\n' | b'\r') {
                t[b as usize] = 6;
            }
            b += 1;
        }
        t[b'&' as usize] = 1;
        t[b'<' as usize] = 2;
        t[b'>' as usize] = 3;
        t[b'"' as usize] = 4;
        t[b'\'' as usize] = 5;
        t
    };
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut from = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        let k = TABLE[b as usize];
        if k != 0 {
            out.push_str(&s[from..i]);
            out.push_str(WITH[k as usize]);
            from = i + 1;
        }
    }
    out.push_str(&s[from..]);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_xml() {
        assert_eq!(
            super::esc("a<b & \"c\"\u{0}'\u{1f}\t>é"),
            "a&lt;b &amp; &quot;c&quot;&apos;\t&gt;é"
        );
    }

    #[test]
    fn cdata_sections_hold_any_text() {
        let mut out = String::new();
        super::cdata(&mut out, "<p>a]]>b\u{1}</p>\n");
        assert_eq!(out, "<p>a]]]]><![CDATA[>b</p>\n");
    }

    #[test]
    fn links_from_the_root_become_absolute() {
        let mut c = crate::config::Config::default();
        c.set_base_url("https://example.org/campaign/").unwrap();
        assert_eq!(
            super::absolute_links(
                r#"<a href="/campaign/a/">a</a> <img src="/campaign/i.png"> <a href="https://x.org/">x</a> <a title="/x" href="rel/">r</a>"#,
                &c
            ),
            r#"<a href="https://example.org/campaign/a/">a</a> <img src="https://example.org/campaign/i.png"> <a href="https://x.org/">x</a> <a title="/x" href="rel/">r</a>"#
        );
    }
}

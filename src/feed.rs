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
pub fn rss(site: &Site, feed: &Feed) -> String {
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
        .map(|&i| &site.pages[i])
        .filter(|p| p.fm.date.is_some());
    let mut first = true;
    for p in dated.take(c.feed_limit) {
        let date = p.fm.date.expect("filtered");
        if first {
            // The newest article's date, so that an unchanged site gives an unchanged feed.
            let _ = writeln!(x, "<lastBuildDate>{}</lastBuildDate>", date.rfc822());
            first = false;
        }
        let link = permalink(c, &p.path);
        x.push_str("<item>\n");
        let _ = writeln!(
            x,
            "<title>{}</title>",
            esc(p.fm.title.as_deref().unwrap_or_default())
        );
        let _ = writeln!(x, "<link>{}</link>", esc(&link));
        let _ = writeln!(x, "<guid isPermaLink=\"true\">{}</guid>", esc(&link));
        let _ = writeln!(x, "<pubDate>{}</pubDate>", date.rfc822());
        if let Some(author) = &p.fm.author {
            let _ = writeln!(x, "<dc:creator>{}</dc:creator>", esc(author));
        }
        for &t in &p.tags {
            let _ = writeln!(x, "<category>{}</category>", esc(&site.tags[t].name));
        }
        let _ = writeln!(
            x,
            "<description>{}</description>",
            esc(&absolute_links(
                &crate::render::resolve_internal(site, &p.rendered.html, &c.base_url),
                c
            ))
        );
        x.push_str("</item>\n");
    }
    x.push_str("</channel>\n</rss>\n");
    x
}

/// Root-relative links in article HTML made absolute, as feed readers need.
fn absolute_links(html: &str, c: &crate::config::Config) -> String {
    let origin_end = c.base_url.len() - c.base_path().len();
    let origin = &c.base_url[..origin_end];
    html.replace("href=\"/", &format!("href=\"{origin}/"))
        .replace("src=\"/", &format!("src=\"{origin}/"))
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
                crate::render::url(&site.config, a),
                crate::render::url(&site.config, &p.path)
            );
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

/// Escapes text for XML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids; a clipping may carry them.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_xml() {
        assert_eq!(super::esc("a<b & \"c\"\u{0}"), "a&lt;b &amp; &quot;c&quot;");
    }
}

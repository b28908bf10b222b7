//! feeds: the site's RSS 2.0 and Atom feeds (site, section, tag), the
//! sitemap, robots.txt, alias pages and Netlify's `_redirects`. Each but
//! `_redirects` is a template (`rss.xml`, `atom.xml`, `sitemap.xml`,
//! `robots.txt`, `alias.html`) a theme can override; this module gives
//! them their values.

use std::fmt::Write;

use serde::Serialize;

use crate::load::{Page, Site};

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
            dir: format!("{}/tags/{}/", site.prefix, t.slug),
            title: format!("{} – {}", t.name, c.title),
            description: &c.description,
            pages: &t.pages,
        });
    }
    for x in &site.taxonomies {
        for t in &x.terms {
            feeds.push(Feed {
                dir: format!("{}/{}/{}/", site.prefix, x.name, t.slug),
                title: format!("{} – {}", t.name, c.title),
                description: &c.description,
                pages: &t.pages,
            });
        }
    }
    feeds
}

/// What a feed template is given as `feed`: `items` holds the newest
/// `feed_limit` dated articles, newest first.
#[derive(Serialize)]
pub struct FeedView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    /// The folder's page, absolute.
    pub link: String,
    pub rss_url: String,
    pub atom_url: String,
    pub language: &'a str,
    /// The newest article's date, so that an unchanged site gives an
    /// unchanged feed (RFC 822, for RSS's `lastBuildDate`).
    pub updated_rfc822: Option<String>,
    /// The last change of any article it carries (RFC 3339, for Atom).
    pub updated: String,
}

impl<'a> Feed<'a> {
    /// The articles the feed carries: the newest dated ones.
    pub fn items(&self, site: &Site) -> impl Iterator<Item = usize> {
        let pages = &site.pages;
        self.pages
            .iter()
            .copied()
            .filter(move |&i| pages[i].fm.date.is_some())
            .take(site.config.feed_limit)
    }

    pub fn view<'v>(&'v self, site: &'v Site) -> FeedView<'v> {
        let c = &site.config;
        let newest = self.items(site).next().and_then(|i| site.pages[i].fm.date);
        // An article changed later than the newest was published.
        let changed = self
            .items(site)
            .filter_map(|i| site.pages[i].fm.updated.or(site.pages[i].fm.date))
            .max_by_key(|d| d.timestamp());
        FeedView {
            title: &self.title,
            description: if self.description.is_empty() {
                &self.title
            } else {
                self.description
            },
            link: site.permalink(&self.dir),
            rss_url: site.permalink(&format!("{}rss.xml", self.dir)),
            atom_url: site.permalink(&format!("{}atom.xml", self.dir)),
            language: &c.language,
            updated_rfc822: newest.map(|d| d.rfc822()),
            // Atom wants a date even of an empty feed: one that does not change.
            updated: changed.map_or_else(|| "1970-01-01T00:00:00Z".into(), |d| d.rfc3339()),
        }
    }
}

/// One article as feeds show it (`feed.items` of the templates): made once
/// for all the feeds it is in, since escaping its whole text again for each
/// was the largest cost of writing feeds.
#[derive(Serialize)]
pub struct Item<'a> {
    pub title: &'a str,
    /// The article's address, absolute.
    pub link: String,
    /// RFC 822 (RSS) and RFC 3339 (Atom).
    pub date_rfc822: String,
    pub date: String,
    pub updated: String,
    pub author: Option<&'a str>,
    pub categories: Vec<&'a str>,
    /// The summary, after the content warning when there is one.
    pub summary: Option<String>,
    /// The whole article as HTML with absolute links, its content warning
    /// first, safe to put inside a CDATA section as it is.
    pub content: String,
    /// "Content warning: This article describes rape.", in the article's
    /// language; None without warnings.
    pub warning: Option<String>,
    /// The article's language, when it is not the site's.
    pub lang: Option<&'a str>,
}

/// Article `p` as feeds show it; `words` are the theme's words in its
/// language.
pub fn item<'a>(site: &'a Site, p: &'a Page, words: &crate::strings::Strings) -> Item<'a> {
    let c = &site.config;
    let date = p.fm.date.expect("feeds carry dated articles");
    let lang = p.lang(&c.language);
    // A feed reader shows the text, not the page: the warning goes first,
    // where the page has it.
    let mut html = String::new();
    let mut warning = None;
    if !p.fm.warnings.is_empty() {
        let (label, text) = (
            words.get("content_warning"),
            words.describe_warnings(&p.fm.warnings),
        );
        html.push_str(&format!(
            "<p><strong>{}{}</strong>{}</p>\n",
            crate::text::escape(label),
            crate::text::escape(words.get("label_colon")),
            crate::text::escape(&text)
        ));
        warning = Some(format!("{label}{}{text}", words.get("label_colon")));
    }
    html.push_str(&absolute_links(
        &site.resolve_links(&p.rendered.html, true),
        c,
    ));
    let mut content = String::with_capacity(html.len() + 16);
    cdata(&mut content, &html);
    Item {
        title: p.fm.title.as_deref().unwrap_or_default(),
        link: site.permalink(&p.path),
        date_rfc822: date.rfc822(),
        date: date.rfc3339(),
        updated: p.fm.updated.unwrap_or(date).rfc3339(),
        author: p.fm.author.as_deref(),
        categories: p.tags.iter().map(|&t| site.tags[t].name.as_str()).collect(),
        summary: match (&warning, p.fm.summary.as_deref()) {
            (Some(w), Some(s)) => Some(format!("{w} {s}")),
            (_, s) => s.map(str::to_string),
        },
        content,
        warning,
        lang: (lang != c.language).then_some(lang),
    }
}

/// Root-relative links in article HTML made absolute, as feed readers need:
/// `href="/…"` and `src="/…"` get the site's origin.
fn absolute_links(html: &str, c: &crate::config::Config) -> String {
    let origin = crate::config::origin_of(&c.base_url);
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

/// One address of the sitemap, with the article's last change and, on a
/// site in several languages, the page in each (itself among them).
#[derive(Serialize)]
pub struct SitemapEntry {
    pub url: String,
    pub lastmod: Option<String>,
    pub alternates: Vec<super::views::Version>,
}

/// The sitemap's entries: every HTML page at `paths`, sorted.
pub fn sitemap(site: &Site, paths: &[(String, Vec<super::views::Version>)]) -> Vec<SitemapEntry> {
    let lastmod: std::collections::HashMap<&str, String> = site
        .pages
        .iter()
        .filter_map(|p| Some((p.path.as_str(), p.fm.updated.or(p.fm.date)?.iso())))
        .collect();
    let mut sorted: Vec<&(String, Vec<super::views::Version>)> = paths.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    sorted
        .into_iter()
        .map(|(path, alternates)| SitemapEntry {
            url: site.permalink(path),
            lastmod: lastmod.get(path.as_str()).cloned(),
            alternates: match alternates.len() > 1 {
                true => alternates.clone(),
                false => vec![],
            },
        })
        .collect()
}

/// Netlify's `_redirects`: each alias to its article, permanently (301),
/// in every language this host serves. On the site's own host, each other
/// language's own page for an address it does not have, and the addresses
/// of a language with a host of its own sent there; that host's
/// `_redirects` has its aliases.
pub fn netlify_redirects(site: &Site) -> String {
    let mut out = String::from("# Old URLs (article aliases) and where they moved.\n");
    let here: Vec<&Site> = match site.own_host {
        true => vec![site],
        false => site.every().filter(|s| !s.own_host).collect(),
    };
    for s in here {
        for p in &s.pages {
            for a in &p.aliases {
                let _ = writeln!(
                    out,
                    "{} {} 301",
                    redirect_field(&site.link(&s.alias_path(a))),
                    redirect_field(&site.link(&p.path))
                );
            }
        }
    }
    if !site.translations.is_empty() {
        out.push_str(
            "# Each language's own page for an address that is not there, or its own host.\n",
        );
    }
    for t in &site.translations {
        let home = redirect_field(&site.config.url(&format!("{}/", t.prefix)));
        match t.own_host {
            // `!`: the files are here too, in the folder that host serves.
            true => _ = writeln!(out, "{home}* {}:splat 301!", t.config.base_url),
            false => _ = writeln!(out, "{home}* {home}404.html 404"),
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

#[cfg(test)]
mod tests {
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

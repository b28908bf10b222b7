//! An RSS (2.0 or RDF) or Atom feed with full content: each item a post.
//! On the feed's own site an item's link is an old address to keep; on
//! another it is the item's source.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::fields;
use super::source::{Body, Document, Found, Settings, Source, Targets};
use super::wordpress::{host, read_xml};
use super::xml::Node;
use super::{Kind, Post};

/// A feed being read.
pub struct Feed {
    root: Node,
}

impl Feed {
    pub fn open(path: &Path) -> Result<Feed> {
        Ok(Feed {
            root: read_xml(path)?,
        })
    }

    fn atom(&self) -> bool {
        self.root.name == "feed"
    }

    /// What the feed's relative addresses are read from: its `xml:base`,
    /// else its own address (`rel="self"`), as a feed reader reads them.
    fn base(&self) -> String {
        let own = self
            .root
            .all("link")
            .find(|l| l.attr("rel") == Some("self"))
            .and_then(|l| l.attr("href"))
            .unwrap_or("");
        based(&self.root, own)
    }

    /// The feed's own title and address: its link, else the host its own
    /// address (`rel="self"`) is on.
    fn site(&self) -> (&str, String) {
        match self.atom() {
            true => {
                let own = match alternate(&self.root) {
                    a if a.is_empty() => origin(
                        self.root
                            .all("link")
                            .find(|l| l.attr("rel") == Some("self"))
                            .and_then(|l| l.attr("href"))
                            .unwrap_or(""),
                    ),
                    a => join(&self.base(), &a),
                };
                (self.root.text_of("title"), own)
            }
            false => {
                let c = self.root.child("channel").unwrap_or(&self.root);
                (c.text_of("title"), c.text_of("link").to_string())
            }
        }
    }
}

/// `https://host/` of an address; empty when it has none.
fn origin(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) if u.host_str().is_some() => {
            format!("{}://{}/", u.scheme(), u.host_str().unwrap_or(""))
        }
        _ => String::new(),
    }
}

/// `href` read from `base`; as written when it is whole already or
/// there is no base to read it from, and none when there is no `href`.
fn join(base: &str, href: &str) -> String {
    if href.trim().is_empty() {
        return String::new();
    }
    url::Url::parse(base)
        .and_then(|b| b.join(href.trim()))
        .map_or_else(|_| href.to_string(), String::from)
}

/// The address an element's relative addresses are read from: its own
/// `xml:base` (read from `base`), else `base`.
fn based(n: &Node, base: &str) -> String {
    match n.attr("xml:base") {
        Some(own) => join(base, own),
        None => base.to_string(),
    }
}

/// An Atom element's `alternate` link.
fn alternate(n: &Node) -> String {
    n.all("link")
        .find(|l| l.attr("rel").is_none_or(|r| r == "alternate"))
        .and_then(|l| l.attr("href"))
        .unwrap_or("")
        .to_string()
}

/// The first of `texts` that is not empty.
fn first<'a>(texts: impl IntoIterator<Item = &'a str>) -> &'a str {
    texts.into_iter().find(|t| !t.is_empty()).unwrap_or("")
}

impl Source for Feed {
    fn kind(&self) -> Kind {
        Kind::Feed
    }

    fn settings(&self) -> Settings {
        let (title, link) = self.site();
        let c = self.root.child("channel").unwrap_or(&self.root);
        let text = |t: &str| Some(t.to_string()).filter(|t| !t.is_empty());
        Settings {
            title: text(title),
            base_url: Some(link).filter(|s| s.contains("://")),
            description: text(c.text_of("description")).or_else(|| text(c.text_of("subtitle"))),
            language: text(c.text_of("language"))
                .or_else(|| c.attr("xml:lang").map(str::to_string)),
            languages: vec![],
            taxonomies: vec![],
        }
    }

    fn statics(&self, _left: &mut Vec<String>) -> Vec<(PathBuf, String)> {
        vec![]
    }

    fn documents(&mut self) -> Result<Found> {
        let (site_title, site) = self.site();
        let mut found = Found::default();
        if self.atom() {
            let feed_base = self.base();
            for e in self.root.all("entry") {
                let base = based(e, &feed_base);
                let link = match e.text_of("feedburner:origLink") {
                    "" => join(&base, &alternate(e)),
                    orig => orig.to_string(),
                };
                let title = e.child("title").map(atom_html).unwrap_or_default();
                let item = Item {
                    title: &title,
                    link: &link,
                    enclosure: e
                        .all("link")
                        .find(|l| l.attr("rel") == Some("enclosure"))
                        .and_then(|l| l.attr("href")),
                    date: first([e.text_of("published"), e.text_of("updated")]),
                    author: e
                        .child("author")
                        .map(|a| a.text_of("name").to_string())
                        .filter(|a| !a.is_empty()),
                    tags: e
                        .all("category")
                        .filter_map(|c| c.attr("term"))
                        .map(str::to_string)
                        .collect(),
                };
                let html = [e.child("content"), e.child("summary")]
                    .into_iter()
                    .flatten()
                    .map(atom_html)
                    .find(|h| !h.is_empty())
                    .unwrap_or_default();
                found
                    .documents
                    .push(item.document(&html, &site, site_title));
            }
            return Ok(found);
        }
        let channel = self.root.child("channel").unwrap_or(&self.root);
        let mut items: Vec<&Node> = channel.all("item").collect();
        items.extend(self.root.all("item"));
        for i in items {
            // FeedBurner's own address stands in for the post's.
            let link = join(
                &site,
                first([i.text_of("feedburner:origLink"), i.text_of("link")]),
            );
            let item = Item {
                title: i.text_of("title"),
                link: &link,
                enclosure: i.child("enclosure").and_then(|e| e.attr("url")),
                date: first([i.text_of("pubDate"), i.text_of("dc:date")]),
                author: Some(first([i.text_of("dc:creator"), i.text_of("author")]))
                    .filter(|a| !a.is_empty())
                    .map(str::to_string),
                tags: i
                    .all("category")
                    .map(|c| c.text.trim().to_string())
                    .collect(),
            };
            let html = first([i.text_of("content:encoded"), i.text_of("description")]);
            found.documents.push(item.document(html, &site, site_title));
        }
        Ok(found)
    }

    fn convert(&self, doc: &Document, _: &Targets) -> Body {
        Body::of_html(&doc.raw, doc.base.as_deref())
    }
}

/// An Atom text construct as HTML: `type="html"` holds escaped markup,
/// `type="xhtml"` markup as it is, `type="text"` plain text.
fn atom_html(node: &Node) -> String {
    match (node.attr("type"), &node.markup) {
        (Some("xhtml"), Some(markup)) => markup.trim().to_string(),
        (Some("text"), _) => {
            let text = node.text.trim();
            text.split("\n\n")
                .map(|p| format!("<p>{}</p>", crate::text::escape(p.trim())))
                .collect()
        }
        _ => node.text.trim().to_string(),
    }
}

/// What an RSS item or an Atom entry says of itself.
struct Item<'a> {
    title: &'a str,
    link: &'a str,
    /// A podcast's episode, or another file the item carries.
    enclosure: Option<&'a str>,
    date: &'a str,
    author: Option<String>,
    tags: Vec<String>,
}

impl Item<'_> {
    fn document(self, html: &str, site: &str, site_title: &str) -> Document {
        let link = self.link;
        let mut p = Post {
            origin: format!("item {link}"),
            section: "posts".into(),
            title: crate::convert::html_text(self.title),
            author: self.author,
            tags: self.tags,
            ..Post::default()
        };
        p.date = fields::date(self.date)
            .or_else(|| crate::import::dates::parse(self.date).map(|d| d.iso()));
        if p.date.is_none() && !self.date.is_empty() {
            p.needs
                .push(format!("the date {:?} could not be read", self.date));
        }
        // The last part of the item's address, unless it is the site's
        // home (a podcast's items all link there): then the title.
        let path = link.split(['?', '#']).next().unwrap_or("");
        let path = path
            .split_once("://")
            .map_or(path, |(_, r)| r.split_once('/').map_or("", |(_, p)| p));
        p.slug = path
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("")
            .trim_end_matches(".html")
            .to_string();
        if host(link) == host(site) && !host(site).is_empty() {
            p.old_urls.push(link.to_string());
        } else if !link.is_empty() {
            p.source_url = Some(link.to_string());
            p.source = Some(host(link).trim_start_matches("www.").to_string());
        }
        if p.source.is_none() && !site_title.is_empty() {
            p.source = Some(site_title.to_string());
        }
        let mut raw = html.to_string();
        if let Some(url) = self.enclosure.filter(|u| u.starts_with("http")) {
            let name = url.rsplit('/').next().unwrap_or(url);
            raw.push_str(&format!(
                "<p><a href=\"{}\">{}</a></p>",
                crate::text::escape(url),
                crate::text::escape(name)
            ));
            p.notes
                .push(format!("its enclosure became a link to {url}"));
        }
        Document {
            post: p,
            raw,
            html: true,
            base: Some(link.to_string()).filter(|l| l.contains("://")),
            ..Document::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feedburner_addresses_podcast_episodes_and_items_that_link_home() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feed.xml");
        std::fs::write(
            &path,
            "<rss xmlns:feedburner=\"http://rssnamespace.org/feedburner/ext/1.0\"><channel><title>Cast</title><link>http://cast.example/</link>\
             <item><title>Episode 99: Exit</title><link>http://cast.example/</link><enclosure url=\"http://cast.example/99.mp3\" type=\"audio/mpeg\"/><description>Talk.</description></item>\
             <item><title>Post</title><link>http://feedproxy.google.com/~r/x/abc</link><feedburner:origLink>http://cast.example/2016/03/post.html</feedburner:origLink><description>Text.</description></item>\
             </channel></rss>",
        )
        .unwrap();
        let mut feed = Feed::open(&path).unwrap();
        let found = feed.documents().unwrap();
        let (episode, post) = (&found.documents[0], &found.documents[1]);
        assert_eq!(episode.post.slug, "");
        assert!(
            episode
                .raw
                .contains("<a href=\"http://cast.example/99.mp3\">99.mp3</a>")
        );
        assert_eq!(post.post.slug, "post");
        assert_eq!(
            post.post.old_urls,
            ["http://cast.example/2016/03/post.html"]
        );
        assert_eq!(post.post.source_url, None);
    }
}

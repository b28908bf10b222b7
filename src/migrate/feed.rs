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

    /// The feed's own title and address.
    fn site(&self) -> (&str, String) {
        match self.atom() {
            true => (self.root.text_of("title"), alternate(&self.root)),
            false => {
                let c = self.root.child("channel").unwrap_or(&self.root);
                (c.text_of("title"), c.text_of("link").to_string())
            }
        }
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
        Settings {
            title: Some(title.to_string()).filter(|t| !t.is_empty()),
            base_url: Some(link).filter(|s| s.contains("://")),
        }
    }

    fn statics(&self) -> Vec<(PathBuf, String)> {
        vec![]
    }

    fn documents(&mut self) -> Result<Found> {
        let (site_title, site) = self.site();
        let mut found = Found::default();
        if self.atom() {
            for e in self.root.all("entry") {
                let item = Item {
                    title: e.text_of("title"),
                    link: &alternate(e),
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
                let html = first([e.text_of("content"), e.text_of("summary")]);
                found.documents.push(item.document(html, &site, site_title));
            }
            return Ok(found);
        }
        let channel = self.root.child("channel").unwrap_or(&self.root);
        let mut items: Vec<&Node> = channel.all("item").collect();
        items.extend(self.root.all("item"));
        for i in items {
            let item = Item {
                title: i.text_of("title"),
                link: i.text_of("link"),
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
        Body::of_html(&doc.raw)
    }
}

/// What an RSS item or an Atom entry says of itself.
struct Item<'a> {
    title: &'a str,
    link: &'a str,
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
            title: crate::text::plain_text(self.title, 300),
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
        p.slug = link
            .split(['?', '#'])
            .next()
            .unwrap_or("")
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
        Document {
            post: p,
            raw: html.to_string(),
            html: true,
            ..Document::default()
        }
    }
}

//! A WordPress export (WXR): posts and pages with their categories, tags,
//! authors, dates (GMT), status (drafts, private and password-protected
//! posts become drafts) and permalinks; attachments found beside the
//! export are copied beside the articles that show them.

mod content;
mod uploads;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};

use super::fields;
use super::source::{Body, Document, Found, Settings, Source, Targets};
use super::xml::{self, Node};
use super::{Kind, Post};

/// An export being read.
pub struct Wxr {
    root: Node,
    /// Where its uploads may be saved, beside the export.
    uploads: uploads::Uploads,
    /// Attachment URLs → the file beside the export, where there is one.
    local: HashMap<String, PathBuf>,
    missing_attachments: usize,
}

impl Wxr {
    pub fn open(path: &Path) -> Result<Wxr> {
        let root = read_xml(path)?;
        let beside = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let mut wxr = Wxr {
            root,
            uploads: uploads::Uploads::beside(&beside),
            local: HashMap::new(),
            missing_attachments: 0,
        };
        let (mut local, mut missing) = (HashMap::new(), 0);
        for item in wxr.items() {
            if item.text_of("wp:post_type") != "attachment" {
                continue;
            }
            let url = item.text_of("wp:attachment_url");
            match wxr.uploads.find(url) {
                Some(file) => {
                    local.insert(uploads::upload_key(url), file);
                }
                None => missing += 1,
            }
        }
        (wxr.local, wxr.missing_attachments) = (local, missing);
        Ok(wxr)
    }

    fn channel(&self) -> &Node {
        self.root.child("channel").unwrap_or(&self.root)
    }

    fn items(&self) -> Vec<&Node> {
        let mut items: Vec<&Node> = self.channel().all("item").collect();
        items.extend(self.root.all("item"));
        items
    }
}

/// An XML file's root element, or an error naming the file and line.
pub fn read_xml(path: &Path) -> Result<Node> {
    let text = crate::convert::decode::read(path)?;
    xml::parse(&text).map_err(|e| anyhow!("{}: {e}", path.display()))
}

/// The host of an address.
/// An address's host without `www.`.
fn bare_host(url: &str) -> &str {
    host(url).trim_start_matches("www.")
}

pub fn host(url: &str) -> &str {
    url.split("://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or("")
}

impl Source for Wxr {
    fn kind(&self) -> Kind {
        Kind::Wordpress
    }

    fn settings(&self) -> Settings {
        let c = self.channel();
        let text = |t: &str| Some(t.to_string()).filter(|t| !t.is_empty());
        Settings {
            title: text(c.text_of("title")),
            base_url: text(c.text_of("link")).filter(|s| s.contains("://")),
            description: text(c.text_of("description")),
            language: text(c.text_of("language")),
            languages: vec![],
            taxonomies: vec![],
        }
    }

    fn statics(&self, _left: &mut Vec<String>) -> Vec<(PathBuf, String)> {
        vec![]
    }

    fn documents(&mut self) -> Result<Found> {
        let channel = self.channel();
        // The blog's hosts: its address, and where the export was made
        // (a blog moved to another domain keeps its old one there).
        let site: Vec<String> = ["link", "wp:base_site_url", "wp:base_blog_url"]
            .iter()
            .map(|k| bare_host(channel.text_of(k)).to_string())
            .filter(|h| !h.is_empty())
            .collect();
        let authors: HashMap<&str, &str> = channel
            .all("wp:author")
            .map(|a| {
                (
                    a.text_of("wp:author_login"),
                    a.text_of("wp:author_display_name"),
                )
            })
            .collect();
        let mut found = Found::default();
        let mut skipped: HashMap<String, usize> = HashMap::new();
        for item in self.items() {
            let kind = item.text_of("wp:post_type");
            let status = item.text_of("wp:status");
            if !matches!(kind, "post" | "page") {
                if kind != "attachment" {
                    *skipped.entry(format!("of type `{kind}`")).or_default() += 1;
                }
                continue;
            }
            if matches!(status, "trash" | "auto-draft" | "inherit") {
                *skipped.entry(format!("in the {status}")).or_default() += 1;
                continue;
            }
            found.documents.push(Document {
                post: post(item, &site, &authors),
                raw: with_footnotes(item.text_of("content:encoded"), item),
                html: true,
                ..Document::default()
            });
        }
        for (what, n) in skipped {
            let s = if n == 1 { "" } else { "s" };
            found.left.push(format!("{n} item{s} {what}"));
        }
        if self.missing_attachments > 0 {
            found.left.push(format!(
                "{} attachments not found beside the export (wp-content/uploads/…)",
                self.missing_attachments
            ));
        }
        found.left.sort();
        Ok(found)
    }

    fn convert(&self, doc: &Document, _: &Targets) -> Body {
        let mut notes = vec![];
        let mut body = Body::of_html(&content::html(&doc.raw, &mut notes), None);
        body.notes.splice(0..0, notes);
        let (markdown, files, remote) =
            uploads::local_images(&body.markdown, &self.local, &self.uploads, &doc.post.slug);
        if remote > 0 {
            body.needs.push(format!(
                "{remote} image{} still on the old site (shown as links): put the site's wp-content folder (its uploads/, or a multisite's blogs.dir/) beside the export and migrate again",
                if remote == 1 { " is" } else { "s are" }
            ));
        }
        (body.markdown, body.files) = (markdown, files);
        body
    }
}

/// The content with its footnotes where WordPress shows them: the block
/// editor keeps them in the post's `footnotes` field (JSON: each note's
/// `id` and `content`), and the content holds only `<!-- wp:footnotes /-->`
/// and the references (`<sup data-fn="ID"><a href="#ID">1</a></sup>`).
fn with_footnotes(content: &str, item: &Node) -> String {
    #[derive(serde::Deserialize)]
    struct Note {
        id: String,
        content: String,
    }
    let meta = item
        .all("wp:postmeta")
        .find(|m| m.text_of("wp:meta_key") == "footnotes")
        .map(|m| m.text_of("wp:meta_value"));
    let notes: Vec<Note> = meta
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default();
    if notes.is_empty() {
        return content.to_string();
    }
    let mut list = String::from("<ol class=\"wp-block-footnotes\">");
    for n in &notes {
        let id = crate::text::escape(&n.id);
        list.push_str(&format!("<li id=\"{id}\">{}</li>", n.content));
    }
    list.push_str("</ol>");
    // Where the block stands (self-closed, or open and closed); else last.
    if let Some(at) = content.find("<!-- wp:footnotes") {
        let rest = &content[at..];
        let end = match (rest.find("/-->"), rest.find("<!-- /wp:footnotes -->")) {
            (Some(e), _) if !rest[..e].contains("-->") => e + 4,
            (_, Some(e)) => e + "<!-- /wp:footnotes -->".len(),
            _ => rest.find("-->").map_or(rest.len(), |e| e + 3),
        };
        return format!("{}{list}{}", &content[..at], &rest[end..]);
    }
    format!("{content}\n{list}")
}

/// A post or page of the export, its body still to convert.
fn post(item: &Node, site: &[String], authors: &HashMap<&str, &str>) -> Post {
    let kind = item.text_of("wp:post_type");
    let mut p = Post {
        origin: format!(
            "{kind} {} ({})",
            item.text_of("wp:post_id"),
            item.text_of("title")
        ),
        section: if kind == "page" { "pages" } else { "posts" }.into(),
        // WordPress shows a title's markup (`<em>`): its text is the title.
        title: crate::convert::html_text(item.text_of("title")),
        slug: percent_encoding::percent_decode_str(item.text_of("wp:post_name"))
            .decode_utf8_lossy()
            .into_owned(),
        ..Post::default()
    };
    p.date = fields::date(item.text_of("wp:post_date_gmt"))
        .map(
            |d| match d.len() > 10 && !d.ends_with('Z') && !d.contains('+') {
                true => format!("{d}Z"),
                false => d,
            },
        )
        .or_else(|| fields::date(item.text_of("wp:post_date")));
    let login = item.text_of("dc:creator");
    p.author = Some(
        authors
            .get(login)
            .copied()
            .filter(|a| !a.is_empty())
            .unwrap_or(login)
            .to_string(),
    )
    .filter(|a| !a.is_empty());
    for c in item.all("category") {
        let name = c.text.trim();
        if !name.is_empty() && name != "Uncategorized" {
            p.tags.push(name.to_string());
        }
    }
    p.summary = Some(item.text_of("excerpt:encoded").to_string()).filter(|e| !e.is_empty());
    status(&mut p, item);
    if !p.draft {
        let link = item.text_of("link");
        if !link.is_empty() && site.iter().any(|h| h == bare_host(link)) {
            p.old_urls.push(link.to_string());
        }
    }
    p
}

/// Drafts, pending, private and password-protected posts stay unpublished.
fn status(p: &mut Post, item: &Node) {
    match item.text_of("wp:status") {
        "publish" | "future" => {}
        "private" => {
            p.draft = true;
            p.notes
                .push("private on WordPress: brought across as a draft".into());
        }
        other => {
            p.draft = true;
            p.notes
                .push(format!("{other} on WordPress: brought across as a draft"));
        }
    }
    if !item.text_of("wp:post_password").is_empty() {
        p.draft = true;
        p.needs.push("protected by a password on WordPress: a draft now; publish it only if it may be read by all".into());
    }
}

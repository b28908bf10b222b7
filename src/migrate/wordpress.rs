//! A WordPress export (WXR) and an RSS or Atom feed: both XML files of
//! items. From WordPress: posts and pages with their categories, tags,
//! authors, dates (GMT), status (drafts, private and password-protected
//! posts become drafts) and permalinks; attachments found beside the
//! export are copied beside the articles that show them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};

use super::body;
use super::fields;
use super::xml::{self, Node};
use super::{Migration, Post};

pub fn read(path: &Path, feed: bool) -> Result<Migration> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let root = xml::parse(&text).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    match (feed, root.name.as_str()) {
        (_, "feed") => Ok(atom(&root)),
        (true, _) => Ok(rss(&root)),
        (false, _) => wxr(&root, path.parent().unwrap_or(Path::new("."))),
    }
}

/// The channel of an RSS document (RSS 2.0, or RDF's items beside it).
fn channel(root: &Node) -> (&Node, Vec<&Node>) {
    let channel = root.child("channel").unwrap_or(root);
    let mut items: Vec<&Node> = channel.all("item").collect();
    items.extend(root.all("item"));
    (channel, items)
}

fn host(url: &str) -> &str {
    url.split("://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or("")
}

fn wxr(root: &Node, beside: &Path) -> Result<Migration> {
    let (channel, items) = channel(root);
    let site = channel.text_of("link").to_string();
    let mut m = Migration {
        title: Some(channel.text_of("title").to_string()).filter(|t| !t.is_empty()),
        base_url: Some(site.clone()).filter(|s| s.contains("://")),
        ..Migration::default()
    };
    let authors: HashMap<&str, &str> = channel
        .all("wp:author")
        .map(|a| {
            (
                a.text_of("wp:author_login"),
                a.text_of("wp:author_display_name"),
            )
        })
        .collect();
    // Attachment URLs → the file beside the export, where there is one.
    let mut local: HashMap<String, PathBuf> = HashMap::new();
    let mut missing_attachments = 0;
    for item in items
        .iter()
        .filter(|i| i.text_of("wp:post_type") == "attachment")
    {
        let url = item.text_of("wp:attachment_url");
        match find_upload(url, beside) {
            Some(file) => {
                local.insert(upload_key(url), file);
            }
            None => missing_attachments += 1,
        }
    }
    let mut skipped: HashMap<String, usize> = HashMap::new();
    for item in &items {
        let kind = item.text_of("wp:post_type");
        let status = item.text_of("wp:status");
        if !matches!(kind, "post" | "page") {
            if kind != "attachment" {
                *skipped.entry(format!("of type `{kind}`")).or_default() += 1;
            }
            continue;
        }
        if status == "trash" || status == "auto-draft" || status == "inherit" {
            *skipped.entry(format!("in the {status}")).or_default() += 1;
            continue;
        }
        let mut p = Post {
            origin: format!(
                "{kind} {} ({})",
                item.text_of("wp:post_id"),
                item.text_of("title")
            ),
            section: if kind == "page" {
                "pages".into()
            } else {
                "posts".into()
            },
            title: item.text_of("title").to_string(),
            slug: item.text_of("wp:post_name").to_string(),
            ..Post::default()
        };
        p.slug = percent_encoding::percent_decode_str(&p.slug)
            .decode_utf8_lossy()
            .into_owned();
        let gmt = item.text_of("wp:post_date_gmt");
        p.date = fields::date(gmt)
            .map(|d| {
                if d.len() > 10 && !d.ends_with('Z') && !d.contains('+') {
                    format!("{d}Z")
                } else {
                    d
                }
            })
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
        let excerpt = item.text_of("excerpt:encoded");
        if !excerpt.is_empty() {
            let mut n = vec![];
            let s = body::html_to_markdown(excerpt, &mut n);
            p.summary = Some(crate::text::plain_text(&s, 300)).filter(|s| !s.is_empty());
        }
        match status {
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
        if !p.draft {
            let link = item.text_of("link");
            if !link.is_empty() && host(link) == host(&site) {
                p.old_urls.push(link.to_string());
            }
        }
        let mut notes = vec![];
        let mut text = body::wordpress(item.text_of("content:encoded"), &mut notes);
        let prefix = Some(crate::slug::slugify(&p.slug))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| crate::slug::slugify(&p.title));
        let (rewritten, copied, remote) = local_images(&text, &local, beside, &prefix);
        text = rewritten;
        p.files = copied;
        if remote > 0 {
            p.needs.push(format!(
                "{remote} image{} still on the old site (shown as links): put the export's wp-content/uploads beside it and migrate again",
                if remote == 1 { " is" } else { "s are" }
            ));
        }
        p.body = text;
        p.notes.extend(notes);
        m.posts.push(p);
    }
    for (what, n) in skipped {
        m.left
            .push(format!("{n} item{} {what}", if n == 1 { "" } else { "s" }));
    }
    if missing_attachments > 0 {
        m.left.push(format!(
            "{missing_attachments} attachments not found beside the export (wp-content/uploads/…)"
        ));
    }
    m.left.sort();
    Ok(m)
}

/// `https://x.org/wp-content/uploads/2013/03/a-300x200.jpg` →
/// `2013/03/a.jpg`: an upload's path, without WordPress's size suffix.
fn upload_key(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let path = match path.find("/uploads/").or_else(|| path.find("/files/")) {
        Some(i) => path[i..]
            .split_once('/')
            .map_or("", |(_, r)| r)
            .split_once('/')
            .map_or("", |(_, r)| r),
        None => host_path(path),
    };
    let (stem, ext) = path.rsplit_once('.').unwrap_or((path, ""));
    let stem = match stem.rsplit_once('-') {
        Some((s, size))
            if size.split_once('x').is_some_and(|(w, h)| {
                !w.is_empty()
                    && !h.is_empty()
                    && w.bytes().all(|b| b.is_ascii_digit())
                    && h.bytes().all(|b| b.is_ascii_digit())
            }) =>
        {
            s
        }
        _ => stem,
    };
    format!("{stem}.{ext}")
}

fn host_path(url: &str) -> &str {
    match url.split_once("://") {
        Some((_, r)) => r.find('/').map_or("", |i| &r[i + 1..]),
        None => url.trim_start_matches('/'),
    }
}

/// The file an upload URL names, beside the export: under
/// `wp-content/uploads/`, `uploads/` or the URL's own path.
fn find_upload(url: &str, beside: &Path) -> Option<PathBuf> {
    let key = upload_key(url);
    let path = host_path(url.split(['?', '#']).next().unwrap_or(""));
    [
        beside.join("wp-content/uploads").join(&key),
        beside.join("uploads").join(&key),
        beside.join(path),
    ]
    .into_iter()
    // Never a file outside the export's folder.
    .find(|p| p.is_file() && !key.contains("..") && !path.contains(".."))
}

/// The body with the images and links to uploads found beside the export
/// pointing at copies beside the article; the copies to make; how many
/// images stay on another host.
fn local_images(
    md: &str,
    local: &HashMap<String, PathBuf>,
    beside: &Path,
    slug: &str,
) -> (String, Vec<(PathBuf, String)>, usize) {
    let mut files: Vec<(PathBuf, String)> = vec![];
    let mut remote = 0;
    let out = body::rewrite_links(md, |url, image| {
        // An attachment of the export, or any upload saved beside it.
        let upload = url.contains("/uploads/") || url.contains(".files.wordpress.com/");
        let found = local
            .get(&upload_key(url))
            .cloned()
            .or_else(|| upload.then(|| find_upload(url, beside)).flatten())
            .filter(|_| url.starts_with("http") || url.starts_with('/'));
        let Some(file) = found else {
            remote += usize::from(image && url.starts_with("http"));
            return None;
        };
        let name = format!(
            "{slug}-{}",
            file.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        if !files.iter().any(|(_, n)| n == &name) {
            files.push((file, name.clone()));
        }
        Some(name)
    });
    (out, files, remote)
}

fn rss(root: &Node) -> Migration {
    let (channel, items) = channel(root);
    let site = channel.text_of("link");
    let mut m = Migration {
        title: Some(channel.text_of("title").to_string()).filter(|t| !t.is_empty()),
        base_url: Some(site.to_string()).filter(|s| s.contains("://")),
        ..Migration::default()
    };
    for item in items {
        let html = [item.text_of("content:encoded"), item.text_of("description")]
            .into_iter()
            .find(|t| !t.is_empty())
            .unwrap_or("");
        let date = [item.text_of("pubDate"), item.text_of("dc:date")]
            .into_iter()
            .find(|t| !t.is_empty())
            .unwrap_or("");
        let author = [item.text_of("dc:creator"), item.text_of("author")]
            .into_iter()
            .find(|t| !t.is_empty())
            .map(str::to_string);
        let categories = item
            .all("category")
            .map(|c| c.text.trim().to_string())
            .collect();
        m.posts.push(entry(
            item.text_of("title"),
            item.text_of("link"),
            date,
            author,
            categories,
            html,
            site,
            channel.text_of("title"),
        ));
    }
    m
}

fn atom(root: &Node) -> Migration {
    let alternate = |n: &Node| -> String {
        n.all("link")
            .find(|l| l.attr("rel").is_none_or(|r| r == "alternate"))
            .and_then(|l| l.attr("href"))
            .unwrap_or("")
            .to_string()
    };
    let site = alternate(root);
    let mut m = Migration {
        title: Some(root.text_of("title").to_string()).filter(|t| !t.is_empty()),
        base_url: Some(site.clone()).filter(|s| s.contains("://")),
        ..Migration::default()
    };
    for e in root.all("entry") {
        let html = [e.text_of("content"), e.text_of("summary")]
            .into_iter()
            .find(|t| !t.is_empty())
            .unwrap_or("");
        let date = [e.text_of("published"), e.text_of("updated")]
            .into_iter()
            .find(|t| !t.is_empty())
            .unwrap_or("");
        let author = e
            .child("author")
            .map(|a| a.text_of("name").to_string())
            .filter(|a| !a.is_empty());
        let categories = e
            .all("category")
            .filter_map(|c| c.attr("term"))
            .map(str::to_string)
            .collect();
        m.posts.push(entry(
            e.text_of("title"),
            &alternate(e),
            date,
            author,
            categories,
            html,
            &site,
            root.text_of("title"),
        ));
    }
    m
}

/// One feed item as a post: on the feed's own site, its link is an old
/// address; elsewhere, its source.
#[allow(clippy::too_many_arguments)]
fn entry(
    title: &str,
    link: &str,
    date: &str,
    author: Option<String>,
    tags: Vec<String>,
    html: &str,
    site: &str,
    site_title: &str,
) -> Post {
    let mut p = Post {
        origin: format!("item {link}"),
        section: "posts".into(),
        title: title.to_string(),
        author,
        tags,
        ..Post::default()
    };
    p.title = crate::text::plain_text(&p.title, 300);
    p.date = fields::date(date).or_else(|| crate::import::dates::parse(date).map(|d| d.iso()));
    if p.date.is_none() && !date.is_empty() {
        p.needs.push(format!("the date {date:?} could not be read"));
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
    let mut notes = vec![];
    p.body = body::html_to_markdown(html, &mut notes);
    p.notes = notes;
    p
}

#[cfg(test)]
mod tests {
    #[test]
    fn upload_keys_drop_the_size() {
        assert_eq!(
            super::upload_key("https://x.files.wordpress.com/2013/03/a-300x200.jpg?w=300"),
            "2013/03/a.jpg"
        );
        assert_eq!(
            super::upload_key("https://x.org/wp-content/uploads/2013/03/b.png"),
            "2013/03/b.png"
        );
    }
}

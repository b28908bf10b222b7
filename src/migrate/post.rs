//! One post of the old site as it will be written, and what every source
//! needs alike before its links are made: each post named once (a unique
//! slug in its section), its old addresses as plain paths, a title and a
//! date, tags a site can hold.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use crate::article::Draft;
use crate::slug::{Slugs, slugify, slugify_as};

/// One post of the old site, as it will be written.
#[derive(Debug, Default, Clone)]
pub struct Post {
    /// Where it came from, as the report names it.
    pub origin: String,
    /// The section folder under content/ (`posts`, `news/2019`).
    pub section: String,
    pub slug: String,
    pub title: String,
    /// As front matter writes it: `2019-05-01` or RFC 3339.
    pub date: Option<String>,
    pub updated: Option<String>,
    pub author: Option<String>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    /// A web archive's snapshot of the source.
    pub archive_url: Option<String>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub draft: bool,
    /// Old addresses (paths on the old site) that must keep answering; the
    /// first is where the old site had the post.
    pub old_urls: Vec<String>,
    /// That first address, kept: relative links resolve from it.
    pub home: Option<String>,
    /// Its source file, from the old site's content folder (`post/a.md`):
    /// links to other files by their paths resolve from it.
    pub file: Option<String>,
    /// Its language, when it is one of the site's others (`fr`): then it
    /// is the translation of the post whose source file is `original`, or
    /// a post in that language only.
    pub lang: Option<String>,
    pub original: Option<String>,
    /// The language its text is in where the old site says so (`lang:
    /// zh_CN`) and it is no translation: the article's `lang:`, unless it
    /// is the site's own.
    pub written_in: Option<String>,
    pub body: String,
    /// Files that go beside the article: (where it is now, its new name).
    pub files: Vec<(std::path::PathBuf, String)>,
    /// What was changed on the way that a person may want to know.
    pub notes: Vec<String>,
    /// What a person must see to.
    pub needs: Vec<String>,
}

impl Post {
    /// Its article under content/: `posts/my-post.md`, a translation's
    /// `posts/my-post.fr.md`.
    pub fn article(&self) -> String {
        match &self.lang {
            Some(l) => format!("{}/{}.{l}.md", self.section, self.slug),
            None => format!("{}/{}.md", self.section, self.slug),
        }
    }

    /// Its new address: `/posts/my-post/`, a translation's
    /// `/fr/posts/my-post/`.
    pub fn url(&self) -> String {
        match &self.lang {
            Some(l) => format!("/{l}/{}/{}/", self.section, self.slug),
            None => format!("/{}/{}/", self.section, self.slug),
        }
    }

    /// The article it becomes.
    pub fn draft(&self) -> Draft {
        // A snapshot's address given for the source's is the snapshot's.
        let (source_url, snapshot) =
            crate::archive::split(crate::article::text(self.source_url.clone()));
        Draft {
            title: self.title.clone(),
            date: self.date.clone(),
            updated: self.updated.clone(),
            author: crate::article::text(self.author.clone()),
            source: crate::article::text(self.source.clone()),
            source_url,
            archive_url: crate::article::text(self.archive_url.clone()).or(snapshot),
            tags: crate::article::list(self.tags.clone()),
            summary: crate::article::text(self.summary.clone()),
            aliases: self.old_urls.clone(),
            draft: self.draft,
            lang: self.written_in.clone(),
            body: self.body.clone(),
            ..Draft::default()
        }
    }
}

/// Names every post once: its section and slug made URL parts, unique in
/// the section; its old addresses plain paths (the first kept as its
/// home); a title and a date where it had none; its tags trimmed.
pub fn name<'a>(posts: impl Iterator<Item = &'a mut Post>, style: Slugs) {
    let mut posts: Vec<&mut Post> = posts.collect();
    // Each language's names apart: a translation takes its original's.
    let mut taken: HashSet<(Option<String>, String, String)> = HashSet::new();
    let mut originals: std::collections::HashMap<String, (String, String)> = Default::default();
    for p in posts.iter_mut().filter(|p| p.lang.is_none()) {
        slug_and_section(p, style, &mut taken);
        if let Some(f) = &p.file {
            originals.insert(f.clone(), (p.section.clone(), p.slug.clone()));
        }
    }
    for p in posts.iter_mut().filter(|p| p.lang.is_some()) {
        let of = p.original.as_ref().and_then(|o| originals.get(o)).cloned();
        match of {
            Some((section, slug))
                if taken.insert((p.lang.clone(), section.clone(), slug.clone())) =>
            {
                (p.section, p.slug) = (section, slug)
            }
            _ => slug_and_section(p, style, &mut taken),
        }
    }
    for p in posts {
        old_addresses(p);
        // A post without a date is a page, not news: no date is made up
        // for it, but its last change, where the old site kept one, is one.
        if p.date.is_none() {
            if let Some(updated) = p.updated.take() {
                p.notes.push(format!(
                    "no date: its last change ({updated}) stands in for it"
                ));
                p.date = Some(updated);
            }
        }
        p.summary = p.summary.take().and_then(|s| plain(&s));
        if p.title.trim().is_empty() {
            p.title = p.slug.replace('-', " ");
            p.needs
                .push("no title: the file's name stands in for it".into());
        }
        tags(p);
    }
}

/// A summary as the text a reader reads: an excerpt written in HTML
/// (`<p>`, `<br><br>`, entities) is its text, on one line.
fn plain(summary: &str) -> Option<String> {
    // Written in Markdown (Hugo's and Jekyll's descriptions) or in HTML
    // (WordPress's excerpts): rendered, then read as text.
    let text = match summary.contains(['<', '&', '[', '*', '_', '`', '\\']) {
        true => {
            let mut html = String::new();
            pulldown_cmark::html::push_html(
                &mut html,
                pulldown_cmark::Parser::new_ext(summary, crate::markdown::options()),
            );
            crate::convert::html_text(&html)
        }
        false => summary.split_whitespace().collect::<Vec<_>>().join(" "),
    };
    (!text.is_empty()).then_some(text)
}

fn slug_and_section(
    p: &mut Post,
    style: Slugs,
    taken: &mut HashSet<(Option<String>, String, String)>,
) {
    p.section = p
        .section
        .split('/')
        .map(|s| slugify_as(s, style))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("/");
    if p.section.is_empty() {
        p.section = "posts".into();
    }
    let mut slug = crate::article::slug(&p.slug, style).unwrap_or_default();
    if slug.is_empty() || slug == "index" {
        slug = crate::article::slug(&p.title, style).unwrap_or_default();
    }
    if slug.is_empty() {
        slug = "post".into();
    }
    let base = slug.clone();
    let mut n = 2;
    while !taken.insert((p.lang.clone(), p.section.clone(), slug.clone())) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    if slug != slugify_as(&p.slug, style) && !p.slug.is_empty() {
        p.notes.push(format!("slug {:?} became {slug}", p.slug));
    }
    p.slug = slug;
}

fn old_addresses(p: &mut Post) {
    let new = p.url();
    if p.home.is_none() {
        p.home = p.old_urls.first().and_then(|u| plain_path(u));
    }
    let mut aliases = vec![];
    for old in std::mem::take(&mut p.old_urls) {
        let Some(path) = plain_path(&old) else {
            p.needs.push(format!(
                "the old address {old} cannot be redirected (a query or another host)"
            ));
            continue;
        };
        if path != new && path != "/" && !aliases.contains(&path) {
            aliases.push(path);
        }
    }
    p.old_urls = aliases;
}

fn tags(p: &mut Post) {
    for t in &mut p.tags {
        *t = t.trim().to_string();
    }
    p.tags.retain(|t| !t.is_empty() && !slugify(t).is_empty());
    p.tags.dedup();
    if p.tags.len() > 50 {
        p.tags.truncate(50);
        p.notes.push("more than 50 tags: the first 50 kept".into());
    }
    let mut seen = HashSet::new();
    p.tags.retain(|t| seen.insert(slugify(t)));
}

/// The sections the posts are in, the old site's titles first, each
/// folder above a section a section too.
pub fn sections<'a>(
    posts: impl Iterator<Item = &'a Post>,
    mut named: BTreeMap<String, String>,
) -> BTreeMap<String, String> {
    for p in posts {
        let mut dir = String::new();
        for part in p.section.split('/') {
            if !dir.is_empty() {
                dir.push('/');
            }
            dir.push_str(part);
            named.entry(dir.clone()).or_insert_with(|| title_case(part));
        }
    }
    named
}

/// `news-and-views` → `News And Views`.
pub fn title_case(dir: &str) -> String {
    let words: Vec<String> = dir
        .split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect();
    words.join(" ")
}

/// `https://old.example/2019/05/x/?a` → `/2019/05/x/`; a path with any
/// character an alias may not hold percent-encoded. None for a query-only
/// address (`/?p=12`).
pub fn plain_path(url: &str) -> Option<String> {
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => url,
    };
    if path.contains('?')
        && path
            .split('?')
            .next()
            .is_some_and(|p| p == "/" || p.is_empty())
    {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or("");
    let path = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_alphanumeric() || "/-._~%+".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    while out.contains("//") {
        out = out.replace("//", "/");
    }
    let parts: Vec<&str> = out.split('/').collect();
    if parts.iter().any(|p| *p == ".." || *p == ".") {
        return None;
    }
    let last = out.rsplit('/').next().unwrap_or("");
    Some(if out.ends_with('/') || last.contains('.') {
        out
    } else {
        format!("{out}/")
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_summary_in_html_is_its_text() {
        assert_eq!(
            super::plain("One<br><br>two &amp; <em>three</em>").as_deref(),
            Some("One two & three")
        );
        assert_eq!(
            super::plain("The [site](https://x.org/) uses **Commento**").as_deref(),
            Some("The site uses Commento")
        );
        assert_eq!(
            super::plain("Plain as written").as_deref(),
            Some("Plain as written")
        );
        assert_eq!(super::plain("<p> </p>"), None);
    }
}

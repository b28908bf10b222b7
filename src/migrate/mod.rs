//! `placard migrate`: an existing site brought across. A Hugo or Jekyll
//! site (its folder), a WordPress export (WXR) or an RSS/Atom feed (a file)
//! becomes articles and sections in content/, with their files, their old
//! addresses as aliases, drafts kept as drafts, and bodies in Markdown
//! with nothing shown as markup and nothing loaded from another host. No
//! article that exists is ever replaced. The report says what was brought
//! across, what was adjusted (by file) and what needs a person.

pub mod body;
mod fields;
mod hugo;
mod jekyll;
mod wordpress;
mod xml;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::import::article::{field, list, quote};
use crate::slug::slugify;

/// The kinds of site placard reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Hugo,
    Jekyll,
    Wordpress,
    Feed,
}

#[derive(Clone, Debug)]
pub struct MigrateOptions {
    pub source: PathBuf,
    pub root: PathBuf,
    /// Detected from the source when not given.
    pub from: Option<Kind>,
    pub dry_run: bool,
}

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
    /// When the source file last changed: the date of a post with none.
    pub modified: Option<String>,
    pub author: Option<String>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub draft: bool,
    /// Old addresses (paths on the old site) that must keep answering; the
    /// first is where the old site had the post.
    pub old_urls: Vec<String>,
    /// That first address, kept: relative links resolve from it.
    pub home: Option<String>,
    pub body: String,
    /// Files that go beside the article: (where it is now, its new name).
    pub files: Vec<(PathBuf, String)>,
    /// What was changed on the way that a person may want to know.
    pub notes: Vec<String>,
    /// What a person must see to.
    pub needs: Vec<String>,
}

/// What a source gives: its posts, the titles of its sections, its name.
#[derive(Debug, Default)]
pub struct Migration {
    pub kind: Option<Kind>,
    pub title: Option<String>,
    pub posts: Vec<Post>,
    /// Section folder → its title.
    pub sections: BTreeMap<String, String>,
    /// What the source holds that is not brought across, and why.
    pub left: Vec<String>,
    /// The old site's address (`https://old.example/`), for links to what
    /// was not brought across.
    pub base_url: Option<String>,
    /// The old site's static files: where each is, its path on the site.
    pub statics: Vec<(PathBuf, String)>,
}

/// What a migration did.
#[derive(Debug, Default)]
pub struct MigrateReport {
    pub kind: Option<Kind>,
    pub created_site: bool,
    pub articles: Vec<PathBuf>,
    pub drafts: usize,
    pub aliases: usize,
    pub files: usize,
    /// Articles that exist already with other content: kept as they are.
    pub kept: Vec<PathBuf>,
    pub unchanged: usize,
    pub adjusted: Vec<(String, String)>,
    pub needs: Vec<(String, String)>,
    pub left: Vec<String>,
    /// With --dry-run: each article's path and text.
    pub previews: Vec<(PathBuf, String)>,
}

/// What the source at `path` is, from what it holds.
pub fn detect(path: &Path) -> Result<Kind> {
    if path.is_dir() {
        let any = |names: &[&str]| names.iter().any(|n| path.join(n).is_file());
        if any(&["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json"])
            || (any(&["config.toml", "config.yaml", "config.yml", "config.json"])
                && path.join("content").is_dir())
            || path.join("config/_default").is_dir()
        {
            return Ok(Kind::Hugo);
        }
        if any(&["_config.yml", "_config.yaml", "_config.toml"]) || path.join("_posts").is_dir() {
            return Ok(Kind::Jekyll);
        }
        bail!(
            "{} is neither a Hugo site (hugo.toml, or config.toml with content/) nor a Jekyll site (_config.yml or _posts/); give --from",
            path.display()
        );
    }
    let head = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let head = String::from_utf8_lossy(&head[..head.len().min(8192)]).to_string();
    if head.contains("xmlns:wp=") || head.contains("<wp:wxr_version") {
        return Ok(Kind::Wordpress);
    }
    if head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:RDF") {
        return Ok(Kind::Feed);
    }
    bail!(
        "{} is not a WordPress export (WXR) or an RSS/Atom feed; give --from",
        path.display()
    )
}

pub fn migrate(opts: &MigrateOptions) -> Result<MigrateReport> {
    let kind = match opts.from {
        Some(k) => k,
        None => detect(&opts.source)?,
    };
    let mut migration = match kind {
        Kind::Hugo => hugo::read(&opts.source)?,
        Kind::Jekyll => jekyll::read(&opts.source)?,
        Kind::Wordpress => wordpress::read(&opts.source, false)?,
        Kind::Feed => wordpress::read(&opts.source, true)?,
    };
    migration.kind = Some(kind);
    finish(&mut migration);
    unique_aliases(&mut migration);
    relink(&mut migration);
    anchors(&mut migration);
    write(&migration, &opts.root, opts.dry_run)
}

/// What every source needs alike: unique slugs per section, aliases that
/// are plain paths and not the new address, links between posts.
fn finish(m: &mut Migration) {
    let mut taken: std::collections::HashSet<(String, String)> = Default::default();
    for p in &mut m.posts {
        p.section = p
            .section
            .split('/')
            .map(slugify)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("/");
        if p.section.is_empty() {
            p.section = "posts".into();
        }
        let mut slug = slugify(&p.slug);
        if slug.is_empty() || slug == "index" {
            slug = slugify(&p.title);
        }
        if slug.is_empty() {
            slug = "post".into();
        }
        let base = slug.clone();
        let mut n = 2;
        while !taken.insert((p.section.clone(), slug.clone())) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        if slug != slugify(&p.slug) && !p.slug.is_empty() {
            p.notes.push(format!("slug {:?} became {slug}", p.slug));
        }
        p.slug = slug;
        let new = format!("/{}/{}/", p.section, p.slug);
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
        if p.date.is_none() {
            let (date, whose) = match &p.modified {
                Some(d) => (d.clone(), "the file's last change"),
                None => (crate::date::Date::today().iso(), "today"),
            };
            p.notes
                .push(format!("no date: {whose} ({date}) stands in for it"));
            p.date = Some(date);
        }
        if p.title.trim().is_empty() {
            p.title = p.slug.replace('-', " ");
            p.needs
                .push("no title: the file's name stands in for it".into());
        }
        for t in &mut p.tags {
            *t = t.trim().to_string();
        }
        p.tags.retain(|t| !t.is_empty() && !slugify(t).is_empty());
        p.tags.dedup();
        if p.tags.len() > 50 {
            p.tags.truncate(50);
            p.notes.push("more than 50 tags: the first 50 kept".into());
        }
        let mut seen = std::collections::HashSet::new();
        p.tags.retain(|t| seen.insert(slugify(t)));
    }
    for p in &m.posts {
        let mut dir = String::new();
        for part in p.section.split('/') {
            if !dir.is_empty() {
                dir.push('/');
            }
            dir.push_str(part);
            m.sections
                .entry(dir.clone())
                .or_insert_with(|| title_case(part));
        }
    }
}

/// Links to places on the old site: to a post brought across, an `@/`
/// link; to a static file brought across, as they are; to anything else,
/// a link to the old site (or, with no address known, the text alone).
fn relink(m: &mut Migration) {
    let mut at: std::collections::HashMap<String, String> = Default::default();
    for p in &m.posts {
        let to = format!("{}/{}.md", p.section, p.slug);
        at.insert(format!("/{}/{}/", p.section, p.slug), to.clone());
        // Where the old site had the post first, then its other addresses;
        // the first post to claim an address keeps it.
        for old in p.home.iter().chain(&p.old_urls) {
            at.entry(old.clone()).or_insert_with(|| to.clone());
        }
    }
    let statics: std::collections::HashSet<String> =
        m.statics.iter().map(|(_, rel)| format!("/{rel}")).collect();
    let base = m
        .base_url
        .clone()
        .map(|b| b.trim_end_matches('/').to_string());
    let old_host = base.as_deref().map(|b| {
        b.split("://")
            .nth(1)
            .unwrap_or(b)
            .split('/')
            .next()
            .unwrap_or("")
            .to_string()
    });
    for p in &mut m.posts {
        let mut needs = vec![];
        let home = p.home.clone();
        let own_files: Vec<String> = p.files.iter().map(|(_, n)| n.clone()).collect();
        let mut fix = |url: &str| -> Option<String> {
            // A link relative to the old page: from where that page was.
            let scheme = url
                .split(['/', '?', '#'])
                .next()
                .is_some_and(|f| f.contains(':'));
            let joined;
            let url = if !url.is_empty() && !scheme && !url.starts_with(['/', '#', '@']) {
                let file = url.split(['#', '?']).next().unwrap_or("");
                if own_files.iter().any(|f| f == file) {
                    return None;
                }
                let home = home.as_deref()?;
                let dir = match home.ends_with('/') {
                    true => home,
                    false => home.rsplit_once('/').map_or("/", |(d, _)| d),
                };
                let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
                for seg in url.split('/') {
                    match seg {
                        ".." => {
                            parts.pop();
                        }
                        "." => {}
                        s => parts.push(s),
                    }
                }
                joined = format!("/{}", parts.join("/"));
                joined.as_str()
            } else {
                url
            };
            let on_old_host = old_host.as_deref().is_some_and(|h| {
                !h.is_empty()
                    && (url.starts_with(&format!("https://{h}/"))
                        || url.starts_with(&format!("http://{h}/")))
            });
            let root_relative = url.starts_with('/') && !url.starts_with("//");
            if !root_relative && !on_old_host {
                return None;
            }
            let (path_part, fragment) = match url.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (url, None),
            };
            let path = plain_path(path_part).unwrap_or_default();
            let bare = path.trim_end_matches('/').to_string();
            // Hugo and most servers give URLs in lower case.
            let lower = path.to_lowercase();
            let target = at
                .get(&path)
                .or_else(|| at.get(&bare))
                .or_else(|| at.get(&format!("{bare}.html")))
                .or_else(|| at.get(&lower));
            Some(match target {
                Some(t) => match fragment {
                    Some(f) => format!("@/{t}#{f}"),
                    None => format!("@/{t}"),
                },
                None if statics.contains(&bare) || statics.contains(&path) => {
                    url.split_once("://").map_or(url.to_string(), |(_, r)| {
                        r[r.find('/').unwrap_or(r.len())..].to_string()
                    })
                }
                None => match &base {
                    Some(b) => {
                        let abs = match url.contains("://") {
                            true => url.to_string(),
                            false => format!("{b}{url}"),
                        };
                        needs.push(format!("a link to {url} leads to the old site now ({abs}): it was not brought across"));
                        abs
                    }
                    None => {
                        needs.push(format!("a link to {url} was left pointing at the site's home: it was not brought across"));
                        "/".into()
                    }
                },
            })
        };
        let body = body::rewrite_links(&p.body, |url, _| fix(url));
        p.body = body;
        p.needs.extend(needs);
    }
}

/// Each old address answers once: an alias that is another article's or a
/// section's address, or that an earlier article has already, goes.
fn unique_aliases(m: &mut Migration) {
    let mut taken: std::collections::HashSet<String> = Default::default();
    for p in &m.posts {
        taken.insert(format!("/{}/{}/", p.section, p.slug));
    }
    for dir in m.sections.keys() {
        taken.insert(format!("/{dir}/"));
        taken.insert(format!("/{dir}/index.html"));
    }
    taken.insert("/index.html".into());
    for p in &mut m.posts {
        let mut kept = vec![];
        for a in std::mem::take(&mut p.old_urls) {
            let bare = a.trim_end_matches("index.html").to_string();
            if taken.contains(&a) || (bare != a && taken.contains(&bare)) {
                p.notes.push(format!(
                    "the old address {a} is another page's: not redirected here"
                ));
            } else {
                taken.insert(a.clone());
                kept.push(a);
            }
        }
        p.old_urls = kept;
    }
}

/// `@/` links to a heading of another article: the heading as placard
/// names it (the old site's generator named some differently), or the
/// article alone when it has no such heading.
fn anchors(m: &mut Migration) {
    let ids: std::collections::HashMap<String, Vec<String>> = m
        .posts
        .iter()
        .map(|p| {
            let toc = crate::markdown::render(&p.body, false, "/").toc;
            (
                format!("{}/{}.md", p.section, p.slug),
                toc.into_iter().map(|h| h.id).collect(),
            )
        })
        .collect();
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_lowercase()
    };
    for p in &mut m.posts {
        let mut notes = vec![];
        let body = body::rewrite_links(&p.body, |link, _| {
            let (file, anchor) = link.strip_prefix("@/")?.split_once('#')?;
            let known = ids.get(file)?;
            if known.iter().any(|k| k == anchor) {
                return None;
            }
            Some(match known.iter().find(|k| squash(k) == squash(anchor)) {
                Some(k) => format!("@/{file}#{k}"),
                None => {
                    notes.push(format!(
                        "the link to {link} leads to the article: it has no such heading"
                    ));
                    format!("@/{file}")
                }
            })
        });
        p.body = body;
        p.notes.extend(notes);
    }
}

/// The day `file` last changed, as front matter writes it.
fn modified(file: &Path) -> Option<String> {
    let t = std::fs::metadata(file).ok()?.modified().ok()?;
    let secs = t.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() as i64;
    Some(crate::date::Date::of_timestamp(secs).iso())
}

/// The files under `dir` that `keep` accepts, with their paths inside it.
fn static_files(dir: &Path, keep: fn(&str) -> bool) -> Vec<(PathBuf, String)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = crate::theme::slash_path(e.path().strip_prefix(dir).ok()?);
            (keep(&rel) && !rel.split('/').any(|p| p.starts_with('.')))
                .then(|| (e.into_path(), rel))
        })
        .collect()
}

/// Images, documents and media: what a site's pages link to.
fn is_media(rel: &str) -> bool {
    let ext = rel
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    matches!(
        ext.as_str(),
        "png"
            | "jpg"
            | "jpeg"
            | "gif"
            | "webp"
            | "svg"
            | "pdf"
            | "doc"
            | "docx"
            | "odt"
            | "rtf"
            | "txt"
            | "csv"
            | "xls"
            | "xlsx"
            | "ods"
            | "ppt"
            | "pptx"
            | "mp3"
            | "ogg"
            | "mp4"
            | "webm"
            | "zip"
            | "epub"
    )
}

/// `https://old.example/2019/05/x/?a` → `/2019/05/x/`; a path with any
/// character an alias may not hold percent-encoded. None for a query-only
/// address (`/?p=12`).
fn plain_path(url: &str) -> Option<String> {
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

fn title_case(dir: &str) -> String {
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

/// The article's text: front matter, then the body.
fn markdown(p: &Post) -> String {
    let mut out = String::from("---\n");
    field(&mut out, "title", Some(&p.title));
    if let Some(d) = &p.date {
        let _ = writeln!(out, "date: {d}");
    }
    if let Some(d) = &p.updated {
        let _ = writeln!(out, "updated: {d}");
    }
    field(&mut out, "author", p.author.as_deref());
    field(&mut out, "source", p.source.as_deref());
    field(&mut out, "source_url", p.source_url.as_deref());
    list(&mut out, "tags", &p.tags);
    field(&mut out, "summary", p.summary.as_deref());
    if !p.old_urls.is_empty() {
        let items: Vec<String> = p.old_urls.iter().map(|a| quote(a)).collect();
        let _ = writeln!(out, "aliases: [{}]", items.join(", "));
    }
    if p.draft {
        out.push_str("draft: true\n");
    }
    out.push_str("---\n");
    out.push_str(p.body.trim_start_matches('\n'));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn write(m: &Migration, root: &Path, dry_run: bool) -> Result<MigrateReport> {
    let mut report = MigrateReport {
        kind: m.kind,
        left: m.left.clone(),
        ..MigrateReport::default()
    };
    let content = root.join(crate::load::CONTENT);
    if !content.is_dir() {
        let empty = !root.exists()
            || std::fs::read_dir(root)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
        if !empty {
            bail!(
                "{} holds no content/ folder: give --root a placard site, or a new or empty folder (placard makes the site there)",
                root.display()
            );
        }
        if !dry_run {
            crate::init::init_with(root, m.title.as_deref(), false)?;
        }
        report.created_site = true;
    }
    for (from, rel) in &m.statics {
        let to = root.join("static").join(rel);
        if dry_run || to.exists() {
            continue;
        }
        std::fs::create_dir_all(to.parent().expect("in static"))?;
        std::fs::copy(from, &to).with_context(|| format!("cannot copy {}", from.display()))?;
        report.files += 1;
    }
    for (dir, title) in &m.sections {
        let index = content.join(dir).join("_index.md");
        if index.exists() || dry_run {
            continue;
        }
        std::fs::create_dir_all(index.parent().expect("in content"))?;
        std::fs::write(&index, format!("---\ntitle: {}\n---\n", quote(title)))
            .with_context(|| format!("cannot write {}", index.display()))?;
    }
    for p in &m.posts {
        let rel = PathBuf::from(crate::load::CONTENT)
            .join(&p.section)
            .join(format!("{}.md", p.slug));
        let text = markdown(p);
        for (all, notes) in [
            (&mut report.adjusted, &p.notes),
            (&mut report.needs, &p.needs),
        ] {
            let mut seen = std::collections::HashSet::new();
            for n in notes.iter().filter(|n| seen.insert(*n)) {
                all.push((p.origin.clone(), n.clone()));
            }
        }
        report.drafts += usize::from(p.draft);
        report.aliases += p.old_urls.len();
        if dry_run {
            report.previews.push((rel.clone(), text));
            report.articles.push(rel);
            report.files += p.files.len();
            continue;
        }
        let path = root.join(&rel);
        match std::fs::read_to_string(&path) {
            Ok(existing) if existing == text => report.unchanged += 1,
            Ok(_) => {
                report.kept.push(rel);
                continue;
            }
            Err(_) => {
                std::fs::create_dir_all(path.parent().expect("in content"))?;
                let mut f = std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&path)
                    .with_context(|| format!("cannot create {}", path.display()))?;
                std::io::Write::write_all(&mut f, text.as_bytes())?;
                report.articles.push(rel.clone());
            }
        }
        let dir = path.parent().expect("in content");
        for (from, name) in &p.files {
            let to = dir.join(name);
            if to.exists() {
                continue;
            }
            std::fs::copy(from, &to)
                .with_context(|| format!("cannot copy {} to {}", from.display(), to.display()))?;
            report.files += 1;
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(section: &str, slug: &str, old: &str, body: &str) -> Post {
        Post {
            origin: slug.into(),
            section: section.into(),
            slug: slug.into(),
            title: slug.into(),
            date: Some("2020-01-01".into()),
            old_urls: vec![old.into()],
            body: body.into(),
            ..Post::default()
        }
    }

    #[test]
    fn links_between_posts_follow_them_and_others_lead_to_the_old_site() {
        let mut m = Migration {
            base_url: Some("https://old.example/".into()),
            posts: vec![
                post(
                    "docs",
                    "a",
                    "/docs/guide/a/",
                    "See [b](../b/#two-words), [B](/Docs/Guide/B/), [c](https://old.example/c.html), [gone](/gone/) and [out](https://else.example/).\n\n[ref]: /docs/guide/b/\n",
                ),
                post("docs", "b", "/docs/guide/b/", "## Two words\n\nText.\n"),
                post("news", "c", "/c.html", "Alias taken: [a](/docs/guide/a/)"),
            ],
            ..Migration::default()
        };
        m.posts[2].old_urls.push("/docs/guide/b/".into());
        finish(&mut m);
        unique_aliases(&mut m);
        relink(&mut m);
        anchors(&mut m);
        let a = &m.posts[0];
        assert!(a.body.contains("[b](@/docs/b.md#two-words)"), "{}", a.body);
        assert!(a.body.contains("[c](@/news/c.md)"), "{}", a.body);
        assert!(a.body.contains("[B](@/docs/b.md)"), "{}", a.body);
        assert!(
            a.body.contains("[gone](https://old.example/gone/)"),
            "{}",
            a.body
        );
        assert!(
            a.body.contains("[out](https://else.example/)"),
            "{}",
            a.body
        );
        assert!(a.body.contains("[ref]: @/docs/b.md"), "{}", a.body);
        assert_eq!(a.needs.len(), 1, "{:?}", a.needs);
        // An old address two posts claim answers for the first.
        assert_eq!(m.posts[2].old_urls, ["/c.html"]);
        assert!(m.sections.contains_key("docs") && m.sections.contains_key("news"));
    }

    #[test]
    fn a_kramdown_id_names_its_heading_and_anchors_find_it() {
        let mut notes = vec![];
        let body = body::liquid(
            "## 1.0.1 / 2013-05-08\n{: #v1-0-1}\n\nText\n{: .note}\n",
            &Default::default(),
            &Default::default(),
            &mut notes,
        );
        assert_eq!(body, "## 1.0.1 / 2013-05-08 {#v1-0-1}\n\nText\n");
        let mut m = Migration {
            posts: vec![
                post("docs", "history", "/docs/history/", &body),
                post(
                    "docs",
                    "x",
                    "/x/",
                    "[a](@/docs/history.md#v1-0-1) [b](@/docs/history.md#Text-Missing)",
                ),
            ],
            ..Migration::default()
        };
        anchors(&mut m);
        assert_eq!(
            m.posts[1].body,
            "[a](@/docs/history.md#v1-0-1) [b](@/docs/history.md)"
        );
    }

    #[test]
    fn old_addresses_become_plain_paths() {
        assert_eq!(
            plain_path("https://old.example/2019/05/x").as_deref(),
            Some("/2019/05/x/")
        );
        assert_eq!(plain_path("/a b/é.html").as_deref(), Some("/a%20b/é.html"));
        assert_eq!(plain_path("https://old.example/?p=12"), None);
        assert_eq!(plain_path("/a/../b/"), None);
    }
}

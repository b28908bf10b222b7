//! A Jekyll site: its settings (title, permalink styles, collections),
//! its posts (`_posts/YYYY-MM-DD-title.md`, drafts in `_drafts/`), the
//! documents of collections that are output, and its Markdown pages, each
//! with the URL Jekyll gave it. Bodies go through Liquid, then the one
//! converter.

mod liquid;
mod permalinks;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use serde_yaml::Value;

use super::fields::{self, Fields};
use super::matter::{self, Authors};
use super::source::{Body, Document, Found, Settings, Source, Targets};
use super::{Kind, Post};
use crate::theme::slash_path;
use permalinks::{expand, literal_prefix, style, title_from};

/// A Jekyll site being read.
pub struct Jekyll {
    root: PathBuf,
    config: Value,
    /// `{{ site.x }}`: the settings' own values.
    vars: HashMap<String, String>,
    /// Author ids → names (`_data/authors.yml`).
    authors: Authors,
}

/// A collection of documents: `posts`, or one the site declares.
struct Collection {
    name: String,
    permalink: String,
    /// Folder under the site (`_posts`, `_docs`).
    dir: PathBuf,
}

impl Jekyll {
    pub fn open(root: &Path) -> Result<Jekyll> {
        let config = match ["_config.yml", "_config.yaml"]
            .iter()
            .find_map(|n| crate::paths::file(root, n))
        {
            Some(path) => {
                let text = crate::convert::decode::read(&path)?;
                let text = text.strip_prefix("---\n").unwrap_or(&text);
                // Its own lines, not those of the front matter it is read as.
                if let Err((line, msg)) = crate::yaml::check_depth(text) {
                    bail!("{}:{line}: {msg}", path.display());
                }
                let f = fields::read(&format!("---\n{text}\n---\n"), &mut vec![])
                    .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                Value::Mapping(
                    f.map
                        .into_iter()
                        .map(|(k, v)| (Value::String(k), v))
                        .collect(),
                )
            }
            None => Value::Null,
        };
        let mut vars = HashMap::new();
        if let Value::Mapping(map) = &config {
            for (k, v) in map {
                if let (Some(k), Some(v)) = (k.as_str(), v.as_str()) {
                    if !matches!(k, "url" | "baseurl") {
                        vars.insert(format!("site.{k}"), v.to_string());
                    }
                }
            }
        }
        Ok(Jekyll {
            root: root.to_path_buf(),
            config,
            vars,
            authors: Authors::load(&root.join("_data")),
        })
    }

    fn text(&self, key: &str) -> Option<String> {
        self.config
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_string)
    }

    /// The site's permalink pattern for posts and pages.
    fn global(&self) -> String {
        style(self.text("permalink").as_deref().unwrap_or("date"))
    }

    /// Posts, then each collection Jekyll outputs; the others, as left out.
    fn collections(&self, left: &mut Vec<String>) -> Vec<Collection> {
        let dir = self
            .root
            .join(self.text("collections_dir").unwrap_or_default());
        let declared = self.config.get("collections");
        let mut all = vec![Collection {
            name: "posts".into(),
            permalink: declared
                .and_then(|c| c.get("posts"))
                .and_then(|p| p.get("permalink"))
                .and_then(Value::as_str)
                .map(style)
                .unwrap_or_else(|| self.global()),
            dir: dir.join("_posts"),
        }];
        let Some(Value::Mapping(cs)) = declared else {
            return all;
        };
        for (name, c) in cs {
            let Some(name) = name.as_str().filter(|n| *n != "posts") else {
                continue;
            };
            if !c.get("output").and_then(Value::as_bool).unwrap_or(false) {
                left.push(format!(
                    "the collection `{name}` is not output by Jekyll: left out"
                ));
                continue;
            }
            all.push(Collection {
                name: name.to_string(),
                permalink: c
                    .get("permalink")
                    .and_then(Value::as_str)
                    .map(style)
                    .unwrap_or_else(|| "/:collection/:path:output_ext".into()),
                dir: dir.join(format!("_{name}")),
            });
        }
        all
    }

    /// The folders of a collection's documents, with the categories each
    /// gives: posts also live in `CATEGORY/_posts/`, and in `_drafts/`.
    fn folders(&self, c: &Collection) -> Vec<(PathBuf, Vec<String>)> {
        let mut dirs = vec![(c.dir.clone(), vec![])];
        if c.name != "posts" {
            return dirs;
        }
        let skipped = |e: &walkdir::DirEntry| {
            let n = e.file_name().to_string_lossy();
            e.depth() > 0
                && (n.starts_with('.') || matches!(n.as_ref(), "node_modules" | "vendor" | "_site"))
        };
        for e in walkdir::WalkDir::new(&self.root)
            .into_iter()
            .filter_entry(|e| !skipped(e))
            .filter_map(|e| e.ok())
        {
            let p = e.path();
            if !e.file_type().is_dir() || p.file_name().is_none_or(|n| n != "_posts") || p == c.dir
            {
                continue;
            }
            let rel = p
                .parent()
                .and_then(|d| d.strip_prefix(&self.root).ok())
                .map(slash_path)
                .unwrap_or_default();
            if rel
                .split('/')
                .any(|s| s.starts_with(['_', '.']) || s == "node_modules" || s == "vendor")
            {
                continue;
            }
            dirs.push((
                p.to_path_buf(),
                rel.split('/').map(str::to_string).collect(),
            ));
        }
        dirs.push((c.dir.with_file_name("_drafts"), vec![]));
        dirs
    }

    /// One document of a collection, or why it is left out.
    fn document(
        &self,
        c: &Collection,
        dir: &Path,
        cats: &[String],
        file: &Path,
    ) -> Result<Option<Document>, String> {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let rel = slash_path(file.strip_prefix(&self.root).unwrap_or(file));
        let drafts = dir.file_name().is_some_and(|n| n == "_drafts");
        let mut notes = vec![];
        let f = crate::convert::decode::read(file)
            .map_err(|e| format!("{e:#}"))
            .and_then(|t| fields::read(&t, &mut notes))
            .map_err(|e| format!("{rel}: {e}"))?;
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
        let in_dir = slash_path(file.strip_prefix(dir).unwrap_or(file));
        let path = in_dir.rsplit_once('.').map_or(in_dir.as_str(), |(s, _)| s);
        let (file_date, title_part) = match dated_name(stem) {
            Some((d, t)) if c.name == "posts" => (Some(d), t.to_string()),
            _ => (None, stem.to_string()),
        };
        if c.name == "posts" && file_date.is_none() && !drafts {
            return Err(format!(
                "{rel}: a post's file name must start with its date (YYYY-MM-DD-): Jekyll does not publish it either"
            ));
        }
        let mut p = post(&f, &self.authors, rel.clone(), &title_part, notes);
        p.date = p.date.or(file_date);
        // Posts kept in `blog/_posts/` and `events/_posts/` are the old
        // site's own sections.
        let folder = cats.join("/");
        let mut cats = cats.to_vec();
        cats.extend(f.list("categories"));
        cats.extend(f.list("category"));
        p.tags = cats.iter().cloned().chain(f.list("tags")).collect();
        p.draft = drafts || f.flag("published") == Some(false);
        let pattern = f.text("permalink").unwrap_or_else(|| c.permalink.clone());
        p.old_urls
            .push(expand(&pattern, &p, &cats, &c.name, path, &title_part));
        p.old_urls.extend(f.list("redirect_from"));
        p.section = match c.name.as_str() {
            "posts" if !folder.is_empty() => folder,
            "posts" => literal_prefix(&c.permalink).unwrap_or_else(|| "posts".into()),
            other => other.to_string(),
        };
        let raw = with_lead(&f, &mut p.notes);
        Ok(Some(Document {
            post: p,
            vars: page_vars(&f),
            keys: vec![
                rel.clone(),
                stem.to_string(),
                format!("_{}/{in_dir}", c.name),
            ],
            html: rel.ends_with(".html"),
            raw,
            ..Document::default()
        }))
    }

    /// Markdown pages outside the folders Jekyll keeps to itself.
    fn pages(&self, found: &mut Found) {
        let global = self.global();
        let walk = walkdir::WalkDir::new(&self.root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                let n = e.file_name().to_string_lossy();
                e.depth() == 0
                    || !(n.starts_with(['_', '.'])
                        || matches!(n.as_ref(), "node_modules" | "vendor" | "assets"))
            });
        for e in walk.filter_map(|e| e.ok()) {
            let file = e.path();
            let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let markdown = name.ends_with(".md") || name.ends_with(".markdown");
            let project = matches!(
                name,
                "README.md"
                    | "CHANGELOG.md"
                    | "LICENSE.md"
                    | "CONTRIBUTING.md"
                    | "CODE_OF_CONDUCT.md"
            );
            if !e.file_type().is_file() || !markdown || project {
                continue;
            }
            let rel = slash_path(file.strip_prefix(&self.root).unwrap_or(file));
            match self.page(file, &rel, &global) {
                Ok(Some(doc)) => found.documents.push(doc),
                Ok(None) => {}
                Err(why) => found.left.push(why),
            }
        }
    }

    fn page(&self, file: &Path, rel: &str, global: &str) -> Result<Option<Document>, String> {
        let text = crate::convert::decode::read(file).map_err(|e| format!("{e:#}"))?;
        if !text.starts_with("---") {
            return Ok(None); // Jekyll copies a file without front matter as it is
        }
        let mut notes = vec![];
        let f = fields::read(&text, &mut notes)
            .map_err(|_| format!("{rel}: front matter that cannot be read"))?;
        let stem = rel.rsplit_once('.').map_or(rel, |(s, _)| s).to_string();
        if stem == "index" || stem == "404" || stem.ends_with("/404") {
            return Err(format!(
                "{rel}: the site's own page (home or 404); placard makes its own"
            ));
        }
        // `about/index.md` is the page at /about/.
        let folder = stem.strip_suffix("/index");
        let name = folder
            .unwrap_or(&stem)
            .rsplit('/')
            .next()
            .unwrap_or(&stem)
            .to_string();
        let mut p = post(&f, &self.authors, rel.to_string(), &name, notes);
        p.section = "pages".into();
        p.slug = name;
        p.draft = f.flag("published") == Some(false);
        p.summary = f.text("description");
        p.updated = None;
        p.old_urls.push(match f.text("permalink") {
            Some(pl) => pl,
            None if folder.is_some() => format!("/{}/", folder.unwrap_or_default()),
            None if global.ends_with('/') => format!("/{stem}/"),
            None => format!("/{stem}.html"),
        });
        p.old_urls.extend(f.list("redirect_from"));
        let raw = with_lead(&f, &mut p.notes);
        Ok(Some(Document {
            post: p,
            vars: page_vars(&f),
            keys: vec![rel.to_string(), stem],
            raw,
            ..Document::default()
        }))
    }
}

/// A post's file name as Jekyll reads it: `2015-1-23-title` is the 23
/// January 2015 and `title` (months and days of one digit or two).
fn dated_name(stem: &str) -> Option<(String, &str)> {
    let mut parts = stem.splitn(4, '-');
    let (y, m, d, title) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let num = |s: &str, n: std::ops::RangeInclusive<usize>| {
        (n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())?
    };
    let date = format!(
        "{:04}-{:02}-{:02}",
        num(y, 4..=4)?,
        num(m, 1..=2)?,
        num(d, 1..=2)?
    );
    crate::date::Date::parse(&date).ok()?;
    Some((date, title))
}

/// `page.x` for each value of the front matter a template may show.
fn page_vars(f: &Fields) -> HashMap<String, String> {
    f.map
        .keys()
        .filter_map(|k| Some((format!("page.{k}"), f.text(k)?)))
        .collect()
}

/// The body, after what the page showed from its front matter (Jekyll
/// reads a relative image path from the site's root).
fn with_lead(f: &Fields, notes: &mut Vec<String>) -> String {
    matter::lead_html(f, &f.body, true, notes) + &f.body
}

/// What a document's front matter says: title, slug, dates, author (by
/// the name the site's authors file gives), summary.
fn post(
    f: &Fields,
    authors: &Authors,
    origin: String,
    title_part: &str,
    notes: Vec<String>,
) -> Post {
    let mut p = Post {
        origin,
        notes,
        author: authors.byline(f),
        title: f.text("title").unwrap_or_else(|| title_from(title_part)),
        slug: f.text("slug").unwrap_or_else(|| title_part.to_string()),
        date: f.text("date").and_then(|d| fields::date(&d)),
        updated: f
            .text("last_modified_at")
            .or_else(|| f.text("updated"))
            .and_then(|d| fields::date(&d)),
        summary: f.text("excerpt").or_else(|| f.text("description")),
        written_in: ["lang", "language", "locale"]
            .iter()
            .find_map(|k| f.text(k))
            .map(|l| l.trim().replace('_', "-"))
            .filter(|l| crate::config::language_code(l)),
        ..Post::default()
    };
    (p.source, p.source_url, p.archive_url) = super::matter::source(f);
    p
}

impl Source for Jekyll {
    fn kind(&self) -> Kind {
        Kind::Jekyll
    }

    fn settings(&self) -> Settings {
        Settings {
            title: self.text("title"),
            base_url: self.text("url").filter(|u| u.contains("://")).map(|u| {
                format!(
                    "{}{}",
                    u.trim_end_matches('/'),
                    self.text("baseurl").unwrap_or_default()
                )
            }),
            description: self.text("description"),
            language: self.text("lang").or_else(|| self.text("locale")),
            languages: vec![],
            taxonomies: vec![],
        }
    }

    /// The site's own files (images, documents) outside Jekyll's folders.
    fn statics(&self, left: &mut Vec<String>) -> Vec<(PathBuf, String)> {
        let mut out = vec![];
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(&self.root)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for dir in dirs {
            let name = dir
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            if name.starts_with(['_', '.']) || matches!(name.as_str(), "node_modules" | "vendor") {
                continue;
            }
            for (from, rel) in super::static_files(&self.root, &dir, super::is_media, left) {
                out.push((from, format!("{name}/{rel}")));
            }
        }
        out
    }

    fn documents(&mut self) -> Result<Found> {
        let mut found = Found::default();
        for c in self.collections(&mut found.left) {
            for (dir, cats) in self.folders(&c) {
                let walk = match crate::paths::walk(&self.root, &dir) {
                    Ok(walk) => walk,
                    Err(why) => {
                        found.left.push(why);
                        continue;
                    }
                };
                for e in walk
                    .into_iter()
                    .filter_map(|e| e.ok())
                    .filter(|e| e.file_type().is_file())
                {
                    let name = e.file_name().to_string_lossy();
                    if ![".md", ".markdown", ".html"]
                        .iter()
                        .any(|x| name.ends_with(x))
                    {
                        continue;
                    }
                    match self.document(&c, &dir, &cats, e.path()) {
                        Ok(Some(doc)) => found.documents.push(doc),
                        Ok(None) => {}
                        Err(why) => found.left.push(why),
                    }
                }
            }
        }
        self.pages(&mut found);
        Ok(found)
    }

    fn convert(&self, doc: &Document, targets: &Targets) -> Body {
        let (mut notes, mut needs) = (vec![], vec![]);
        // `{{ page.x }}` is the page's own front matter.
        let vars = [&doc.vars, &self.vars];
        let text = liquid::liquid(&doc.raw, targets, &vars, &mut notes, &mut needs);
        let mut body = match doc.html {
            true => Body::of_html(&text, None),
            false => {
                let (markdown, got) = crate::convert::mixed::markdown_with_html(&text);
                Body::from(markdown, got)
            }
        };
        body.notes.splice(0..0, notes);
        body.needs.splice(0..0, needs);
        body
    }
}

//! A Hugo site: its settings, then its content folder: each section's
//! `_index.md`, each page (a file, or a bundle's `index.md` with the files
//! beside it), with the URL Hugo gave it. Bodies go through Hugo's
//! shortcodes, then the one converter for the HTML they hold.

mod config;
mod shortcodes;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::fields::{self, Fields};
use super::matter::{self, Authors};
use super::source::{Body, Document, Found, Settings, Source, Targets};
use super::{Kind, Post};
use crate::theme::slash_path;

/// A Hugo site being read.
pub struct Hugo {
    root: PathBuf,
    settings: config::Settings,
    /// Author ids → names (`data/authors.toml`).
    authors: Authors,
}

impl Hugo {
    pub fn open(root: &Path) -> Result<Hugo> {
        Ok(Hugo {
            root: root.to_path_buf(),
            settings: config::settings(root)?,
            authors: Authors::load(&root.join("data")),
        })
    }
}

impl Source for Hugo {
    fn kind(&self) -> Kind {
        Kind::Hugo
    }

    fn settings(&self) -> Settings {
        let s = &self.settings;
        Settings {
            title: s.title.clone(),
            base_url: s.base_url.clone().filter(|u| u.contains("://")),
            description: s.description.clone(),
            language: Some(s.language.clone()),
            taxonomies: s.taxonomies.clone(),
            languages: s
                .languages
                .iter()
                .map(|l| crate::init::Language {
                    code: l.code.clone(),
                    name: l.name.clone(),
                    title: l.title.clone().filter(|t| Some(t) != s.title.as_ref()),
                    description: l.description.as_deref().map(crate::convert::html_text),
                })
                .collect(),
        }
    }

    fn statics(&self, left: &mut Vec<String>) -> Vec<(PathBuf, String)> {
        let mut out: Vec<(PathBuf, String)> = vec![];
        let mut taken: HashSet<String> = HashSet::new();
        let mut add = |from: PathBuf, rel: String| {
            if taken.insert(rel.clone()) {
                out.push((from, rel));
            }
        };
        for (dir, at) in &self.settings.statics {
            // A content folder's own pages are pages; its other files are
            // published beside them.
            let keep = match at.is_empty() {
                true => |_: &str| true,
                false => super::is_media,
            };
            for (from, rel) in super::static_files(&self.root, &self.root.join(dir), keep, left) {
                match at.is_empty() {
                    true => add(from, rel),
                    false => add(from, format!("{at}/{rel}")),
                }
            }
        }
        // Hugo publishes a content folder's other files at their paths;
        // those of a page bundle go beside its article. (A content folder
        // that is a link is told by `documents`.)
        let content = super::static_files(
            &self.root,
            &self.root.join(&self.settings.content),
            |_| true,
            &mut vec![],
        );
        let bundles: HashSet<String> = content
            .iter()
            .filter_map(|(_, r)| r.strip_suffix("/index.md").map(str::to_string))
            .collect();
        let in_bundle = |rel: &str| {
            let mut folder = rel;
            while let Some((parent, _)) = folder.rsplit_once('/') {
                if bundles.contains(parent) {
                    return true;
                }
                folder = parent;
            }
            false
        };
        for (from, rel) in content {
            if super::is_media(&rel) && !in_bundle(&rel) {
                add(from, rel);
            }
        }
        out
    }

    fn documents(&mut self) -> Result<Found> {
        let mut found = Found::default();
        for (dir, lang) in self.content_dirs(&mut found.left) {
            self.read_dir(&dir, lang.as_deref(), &mut found);
        }
        Ok(found)
    }

    fn convert(&self, doc: &Document, targets: &Targets) -> Body {
        let (mut notes, mut needs) = (vec![], vec![]);
        let text = shortcodes::convert(&doc.raw, targets, &mut notes, &mut needs);
        let mut body = match doc.html {
            true => Body::of_html(&text, None),
            false => {
                let (markdown, got) = crate::convert::mixed::markdown_with_html(&text);
                Body::from(markdown, got)
            }
        };
        let mut text = std::mem::take(&mut body.markdown);
        body.notes.splice(0..0, notes);
        body.needs.splice(0..0, needs);
        // A bundle's files go beside the article, named after it so that
        // two bundles' `cover.jpg` stay apart.
        if let Some(b) = &doc.bundle {
            let mut renamed = HashMap::new();
            for (from, orig) in bundle_files(b) {
                let new = format!("{}-{}", doc.post.slug, orig.replace('/', "-"));
                renamed.insert(orig, new.clone());
                body.files.push((from, new));
            }
            text = crate::convert::links::rewrite(&text, |l| {
                renamed.get(l.url.trim_start_matches("./")).cloned()
            });
        }
        body.markdown = text;
        body
    }
}

/// A file of a content folder, as the reader finds it.
struct File<'a> {
    path: &'a Path,
    /// Under its content folder, as Hugo names it (`post/a.md`).
    rel: String,
    /// The folder, as the report names it (`content/fr`).
    dir: &'a str,
    /// Its language, when not the site's own.
    lang: Option<String>,
    /// The original's file (a translation's `a.fr.md` is `a.md`'s).
    key: String,
}

impl Hugo {
    /// The content folders the old site builds, each with its language
    /// (None for its own); the folders beside them that no language
    /// builds are left out, and said so.
    fn content_dirs(&self, left: &mut Vec<String>) -> Vec<(String, Option<String>)> {
        let own = self.settings.content.trim_end_matches('/').to_string();
        let mut dirs = vec![(own.clone(), None)];
        for l in &self.settings.languages {
            if let Some(d) = l.content.as_deref().map(|d| d.trim_end_matches('/')) {
                if d != own {
                    dirs.push((d.to_string(), Some(l.code.clone())));
                }
            }
        }
        // `content/en`, `content/fr`: what else is in `content/` is of
        // languages the old site never built.
        let parent = |d: &str| d.rsplit_once('/').map(|(p, _)| p.to_string());
        let parents: std::collections::HashSet<Option<String>> =
            dirs.iter().map(|(d, _)| parent(d)).collect();
        if let (1, Some(Some(p))) = (parents.len(), parents.iter().next()) {
            if dirs.len() > 1 {
                for e in std::fs::read_dir(self.root.join(p))
                    .into_iter()
                    .flatten()
                    .flatten()
                {
                    let name = format!("{p}/{}", e.file_name().to_string_lossy());
                    if e.path().is_dir() && !dirs.iter().any(|(d, _)| *d == name) {
                        left.push(format!(
                            "{name}: the content of a language the old site does not build"
                        ));
                    }
                }
                left.sort();
            }
        }
        dirs
    }

    /// The language a file's name gives (`a.fr.md`), when the site has it
    /// and keeps its pages beside its own: the language and the original's
    /// name.
    fn named_language(&self, rel: &str) -> Option<(String, String)> {
        let (stem, ext) = rel.rsplit_once('.')?;
        let (name, code) = stem.rsplit_once('.')?;
        let code = code.to_ascii_lowercase();
        self.settings
            .languages
            .iter()
            .any(|l| l.code == code && l.content.is_none())
            .then(|| (code, format!("{name}.{ext}")))
    }

    /// Every page and section of one content folder.
    fn read_dir(&self, dir: &str, lang: Option<&str>, found: &mut Found) {
        let content = self.root.join(dir);
        let walk = match crate::paths::walk(&self.root, &content) {
            Ok(walk) => walk,
            Err(why) => {
                found.left.push(why);
                return;
            }
        };
        let files: Vec<PathBuf> = walk
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .collect();
        let bundles: Vec<PathBuf> = files
            .iter()
            .filter(|f| {
                f.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("index."))
            })
            .filter(|f| f.extension().is_some_and(|e| e == "md"))
            .filter_map(|f| f.parent().map(Path::to_path_buf))
            .collect();
        for path in &files {
            let rel = slash_path(path.strip_prefix(&content).expect("under content"));
            let (lang, key) = match (lang, self.named_language(&rel)) {
                (Some(l), _) => (Some(l.to_string()), rel.clone()),
                (None, Some((l, key))) => (Some(l), key),
                (None, None) => (None, rel.clone()),
            };
            let file = File {
                path,
                rel,
                dir,
                lang,
                key,
            };
            let bundle = bundles.iter().find(|b| path.starts_with(b));
            self.file(&file, bundle, found);
        }
    }

    /// One file of a content folder: a page, a section's page, or what
    /// is left out.
    fn file(&self, f: &File, bundle: Option<&PathBuf>, found: &mut Found) {
        let (rel, dir) = (&f.rel, f.dir);
        let name = f.path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let html = name.ends_with(".html") || name.ends_with(".htm");
        if !(name.ends_with(".md") || name.ends_with(".markdown") || html) {
            // The default language's media are static files (statics()).
            let copied =
                f.dir == self.settings.content.trim_end_matches('/') && super::is_media(rel);
            if bundle.is_none() && !name.starts_with('.') && !copied {
                found.left.push(format!("{dir}/{rel}: a file outside any page bundle; copy it to content/ or static/ by hand if a page uses it"));
            }
            return;
        }
        let mut notes = vec![];
        let read = crate::convert::decode::read(f.path)
            .map_err(|e| format!("{e:#}"))
            .and_then(|text| fields::read(&text, &mut notes));
        let fields = match read {
            Ok(fields) => fields,
            Err(e) => return found.left.push(format!("{dir}/{rel}: {e}")),
        };
        if name.starts_with("_index.") {
            let folder = rel.rsplit_once('/').map_or("", |(d, _)| d);
            if !folder.is_empty() {
                let title = fields.text("title").unwrap_or_else(|| folder.to_string());
                let section = config::section_dir(folder);
                match &f.lang {
                    None => found.sections.insert(section, title),
                    Some(l) => found
                        .translated_sections
                        .insert((section, l.clone()), title),
                };
            }
            return;
        }
        let index = name.starts_with("index.") && name.ends_with(".md");
        // A bundle's other pages are its resources, not pages.
        if bundle.is_some() && !index {
            return;
        }
        // The old site's not-found page: placard makes its own.
        if name.starts_with("404.") {
            return found.left.push(format!(
                "{dir}/{rel}: the site's own 404 page; placard makes its own"
            ));
        }
        // An HTML file with no front matter is a static file to Hugo.
        if html && !fields.body.is_empty() && fields.map.is_empty() {
            return found.left.push(format!("{dir}/{rel}: an HTML file without front matter, which Hugo copies as it is; put it under static/ if a page links to it"));
        }
        let mut doc = self.page(f, fields, bundle.map(PathBuf::as_path));
        doc.html = html;
        doc.post.notes.splice(0..0, notes);
        doc.bundle = bundle.cloned();
        found.documents.push(doc);
    }

    /// One page of the site, with the address Hugo gave it.
    fn page(&self, f: &File, fm: Fields, bundle: Option<&Path>) -> Document {
        let rel = f.key.as_str();
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        let (section_path, base) = match bundle {
            Some(_) => match dir.rsplit_once('/') {
                Some((parent, name)) => (parent.to_string(), name.to_string()),
                None => (String::new(), dir.to_string()),
            },
            None => {
                let stem = rel.rsplit('/').next().unwrap_or(rel);
                let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
                (dir.to_string(), stem.to_string())
            }
        };
        let mut p = Post {
            origin: format!("{}/{}", f.dir, f.rel),
            lang: f.lang.clone(),
            original: f.lang.as_ref().map(|_| f.key.clone()),
            file: Some(f.key.clone()),
            section: match section_path.is_empty() {
                true => "pages".into(),
                false => config::section_dir(&section_path),
            },
            title: fm.text("title").unwrap_or_default(),
            slug: fm.text("slug").unwrap_or_else(|| base.clone()),
            summary: fm.text("summary").or_else(|| fm.text("description")),
            author: self.authors.byline(&fm),
            draft: fm.flag("draft").unwrap_or(false),
            ..Post::default()
        };
        (p.source, p.source_url, p.archive_url) = matter::source(&fm);
        p.date = fm
            .text("date")
            .or_else(|| fm.text("publishdate"))
            .and_then(|d| fields::date(&d));
        p.updated = fm
            .text("lastmod")
            .and_then(|d| fields::date(&d))
            .filter(|u| Some(u) != p.date.as_ref());
        let taxonomies = self.settings.taxonomies.iter().map(String::as_str);
        for key in ["tags", "categories", "series"]
            .into_iter()
            .chain(taxonomies)
        {
            for t in fm.list(&key.to_ascii_lowercase()) {
                if !p.tags.contains(&t) {
                    p.tags.push(t);
                }
            }
        }
        if fm.flag("headless").unwrap_or(false) || fm.text("_build").is_some() {
            p.draft = true;
            p.notes
                .push("a headless page: brought across as a draft".into());
        }
        // Hugo publishes its other languages under /CODE/ (and its own, when
        // told to).
        let prefix = match (&f.lang, self.settings.language_in_subdir) {
            (Some(l), _) => format!("/{l}"),
            (None, true) => format!("/{}", self.settings.language),
            (None, false) => String::new(),
        };
        self.old_urls(&mut p, &fm, &section_path, &base, &prefix);
        let stem = rel.rsplit_once('.').map_or(rel, |(s, _)| s);
        let stem = stem.trim_end_matches("/index");
        // What its theme showed from the front matter; a relative image
        // is a bundle's own file, else from the site's root.
        let lead = matter::lead_html(&fm, &fm.body, bundle.is_none(), &mut p.notes);
        Document {
            post: p,
            keys: vec![rel.to_string(), stem.to_string()],
            raw: lead + &fm.body,
            ..Document::default()
        }
    }

    /// Where Hugo published the page (its `url`, else its section's
    /// permalink pattern, else its path), and its aliases.
    fn old_urls(&self, p: &mut Post, fm: &Fields, section_path: &str, base: &str, prefix: &str) {
        let top = section_path.split('/').next().unwrap_or("");
        let pattern = self
            .settings
            .permalinks
            .get(top)
            .or_else(|| self.settings.permalinks.get(section_path));
        let old = match (fm.text("url"), pattern) {
            (Some(u), _) => u,
            (None, Some(pattern)) => {
                format!("{prefix}{}", config::expand(pattern, p, section_path, base))
            }
            (None, None) => {
                let mut path = format!("{prefix}/");
                if !section_path.is_empty() {
                    path.push_str(section_path);
                    path.push('/');
                }
                path.push_str(&fm.text("slug").unwrap_or_else(|| base.to_string()));
                path.push('/');
                path.to_lowercase()
            }
        };
        p.old_urls.push(old.clone());
        for a in fm.list("aliases") {
            // Hugo reads an alias without a leading / from the page's folder.
            if a.starts_with('/') || a.contains("://") {
                p.old_urls.push(a);
            } else {
                let folder = old
                    .trim_end_matches('/')
                    .rsplit_once('/')
                    .map_or("", |(d, _)| d);
                p.old_urls.push(format!("{folder}/{a}"));
                p.notes.push(format!(
                    "the relative alias {a:?} is read from the page's folder"
                ));
            }
        }
    }
}

/// The files of a page bundle besides its pages: where each is, and its
/// path in the bundle.
fn bundle_files(bundle: &Path) -> Vec<(PathBuf, String)> {
    walkdir::WalkDir::new(bundle)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.path().extension().is_none_or(|x| x != "md"))
        .filter_map(|e| {
            let name = slash_path(e.path().strip_prefix(bundle).ok()?);
            (!name.split('/').any(|p| p.starts_with('.'))).then(|| (e.into_path(), name))
        })
        .collect()
}

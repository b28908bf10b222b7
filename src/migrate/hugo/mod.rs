//! A Hugo site: its settings, then its content folder: each section's
//! `_index.md`, each page (a file, or a bundle's `index.md` with the files
//! beside it), with the URL Hugo gave it. Bodies go through Hugo's
//! shortcodes, then the one converter for the HTML they hold.

mod config;
mod shortcodes;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::fields::{self, Fields};
use super::source::{Body, Document, Found, Settings, Source, Targets};
use super::{Kind, Post};
use crate::theme::slash_path;

/// A Hugo site being read.
pub struct Hugo {
    root: PathBuf,
    settings: config::Settings,
}

impl Hugo {
    pub fn open(root: &Path) -> Result<Hugo> {
        Ok(Hugo {
            root: root.to_path_buf(),
            settings: config::settings(root)?,
        })
    }
}

impl Source for Hugo {
    fn kind(&self) -> Kind {
        Kind::Hugo
    }

    fn settings(&self) -> Settings {
        Settings {
            title: self.settings.title.clone(),
            base_url: self.settings.base_url.clone().filter(|u| u.contains("://")),
        }
    }

    fn statics(&self) -> Vec<(PathBuf, String)> {
        super::static_files(&self.root.join("static"), |_| true)
    }

    fn documents(&mut self) -> Result<Found> {
        let content = self.root.join(&self.settings.content);
        let files: Vec<PathBuf> = walkdir::WalkDir::new(&content)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .collect();
        let bundles: Vec<PathBuf> = files
            .iter()
            .filter(|f| f.file_name().is_some_and(|n| n == "index.md"))
            .filter_map(|f| f.parent().map(Path::to_path_buf))
            .collect();
        let mut found = Found::default();
        for file in &files {
            let rel = slash_path(file.strip_prefix(&content).expect("under content"));
            let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let bundle = bundles.iter().find(|b| file.starts_with(b));
            if !(name.ends_with(".md") || name.ends_with(".markdown")) {
                if bundle.is_none() && !name.starts_with('.') {
                    found.left.push(format!("{}/{rel}: a file outside any page bundle; copy it to content/ or static/ by hand if a page uses it", self.settings.content));
                }
                continue;
            }
            let mut notes = vec![];
            let read = crate::convert::decode::read(file)
                .map_err(|e| format!("{e:#}"))
                .and_then(|text| fields::read(&text, &mut notes));
            let fields = match read {
                Ok(f) => f,
                Err(e) => {
                    found
                        .left
                        .push(format!("{}/{rel}: {e}", self.settings.content));
                    continue;
                }
            };
            if name == "_index.md" {
                let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
                if !dir.is_empty() {
                    let title = fields.text("title").unwrap_or_else(|| dir.to_string());
                    found.sections.insert(config::section_dir(dir), title);
                }
                continue;
            }
            // A bundle's other pages are its resources, not pages.
            if bundle.is_some() && name != "index.md" {
                continue;
            }
            let bundle = bundle.cloned();
            let mut doc = self.page(file, &rel, fields, bundle.as_deref());
            doc.post.notes.splice(0..0, notes);
            doc.bundle = bundle;
            found.documents.push(doc);
        }
        Ok(found)
    }

    fn convert(&self, doc: &Document, targets: &Targets) -> Body {
        let (mut notes, mut needs) = (vec![], vec![]);
        let text = shortcodes::convert(&doc.raw, targets, &mut notes, &mut needs);
        let (mut text, got) = crate::convert::mixed::markdown_with_html(&text);
        let mut body = Body::from(String::new(), got);
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

impl Hugo {
    /// One page of the site, with the address Hugo gave it.
    fn page(&self, file: &Path, rel: &str, fm: Fields, bundle: Option<&Path>) -> Document {
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
            origin: format!("{}/{rel}", self.settings.content),
            section: match section_path.is_empty() {
                true => "pages".into(),
                false => config::section_dir(&section_path),
            },
            modified: super::modified(file),
            title: fm.text("title").unwrap_or_default(),
            slug: fm.text("slug").unwrap_or_else(|| base.clone()),
            summary: fm.text("summary").or_else(|| fm.text("description")),
            author: fm
                .text("author")
                .or_else(|| fm.list("authors").first().cloned()),
            draft: fm.flag("draft").unwrap_or(false),
            ..Post::default()
        };
        p.date = fm
            .text("date")
            .or_else(|| fm.text("publishdate"))
            .and_then(|d| fields::date(&d));
        p.updated = fm
            .text("lastmod")
            .and_then(|d| fields::date(&d))
            .filter(|u| Some(u) != p.date.as_ref());
        for key in ["tags", "categories", "series"] {
            p.tags.extend(fm.list(key));
        }
        if fm.flag("headless").unwrap_or(false) || fm.text("_build").is_some() {
            p.draft = true;
            p.notes
                .push("a headless page: brought across as a draft".into());
        }
        self.old_urls(&mut p, &fm, &section_path, &base);
        let stem = rel.trim_end_matches(".md").trim_end_matches("/index");
        Document {
            post: p,
            keys: vec![rel.to_string(), stem.to_string()],
            raw: fm.body,
            ..Document::default()
        }
    }

    /// Where Hugo published the page (its `url`, else its section's
    /// permalink pattern, else its path), and its aliases.
    fn old_urls(&self, p: &mut Post, fm: &Fields, section_path: &str, base: &str) {
        let top = section_path.split('/').next().unwrap_or("");
        let pattern = self
            .settings
            .permalinks
            .get(top)
            .or_else(|| self.settings.permalinks.get(section_path));
        let old = match (fm.text("url"), pattern) {
            (Some(u), _) => u,
            (None, Some(pattern)) => config::expand(pattern, p, section_path, base),
            (None, None) => {
                let mut path = String::from("/");
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

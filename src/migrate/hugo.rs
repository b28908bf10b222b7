//! A Hugo site: its settings (title, permalinks), then content/: each
//! section's `_index.md`, each page (a file, or a bundle's `index.md` with
//! the files beside it), with the URL Hugo gave it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_yaml::Value;

use super::body::{self, Targets};
use super::fields::{self, Fields};
use super::{Migration, Post};
use crate::slug::slugify;

struct Settings {
    title: Option<String>,
    base_url: Option<String>,
    /// Section (or `page`) → URL pattern, e.g. `/:year/:month/:slug/`.
    permalinks: BTreeMap<String, String>,
    content: String,
}

fn settings(root: &Path) -> Result<Settings> {
    let mut value = Value::Null;
    for name in [
        "hugo.toml",
        "hugo.yaml",
        "hugo.yml",
        "hugo.json",
        "config.toml",
        "config.yaml",
        "config.yml",
        "config.json",
        "config/_default/hugo.toml",
        "config/_default/config.toml",
        "config/_default/hugo.yaml",
        "config/_default/config.yaml",
    ] {
        let path = root.join(name);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        value = if name.ends_with(".toml") {
            let t: toml::Table = toml::from_str(&text)
                .with_context(|| format!("{}: not TOML Hugo can read", path.display()))?;
            fields::from_toml(toml::Value::Table(t))
        } else if name.ends_with(".json") {
            let j: serde_json::Value = serde_json::from_str(&text)
                .with_context(|| format!("{}: not JSON", path.display()))?;
            serde_yaml::to_value(j)?
        } else {
            serde_yaml::from_str(&text).with_context(|| format!("{}: not YAML", path.display()))?
        };
        break;
    }
    let get = |k: &str| -> Option<&Value> {
        value
            .as_mapping()?
            .iter()
            .find(|(key, _)| key.as_str().is_some_and(|s| s.eq_ignore_ascii_case(k)))
            .map(|(_, v)| v)
    };
    let mut permalinks = BTreeMap::new();
    if let Some(Value::Mapping(m)) = get("permalinks") {
        for (k, v) in m {
            match (k.as_str(), v) {
                (Some(k), Value::String(p)) => {
                    permalinks.insert(k.to_string(), p.clone());
                }
                // Hugo 0.120's form: `permalinks: page: {posts: …}`.
                (Some("page"), Value::Mapping(inner)) => {
                    for (k, v) in inner {
                        if let (Some(k), Some(p)) = (k.as_str(), v.as_str()) {
                            permalinks.insert(k.to_string(), p.to_string());
                        }
                    }
                }
                _ => {}
            }
        }
    }
    Ok(Settings {
        title: get("title").and_then(Value::as_str).map(str::to_string),
        base_url: get("baseURL").and_then(Value::as_str).map(str::to_string),
        permalinks,
        content: content_dir(&get),
    })
}

/// Where the pages are: a module mount onto `content`, the default
/// language's `contentDir`, the site's `contentDir`, or `content/`.
fn content_dir<'v>(get: &dyn Fn(&str) -> Option<&'v Value>) -> String {
    let text = |v: Option<&Value>, k: &str| {
        v.and_then(|v| v.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let mounted = get("module")
        .and_then(|m| m.get("mounts"))
        .and_then(Value::as_sequence)
        .and_then(|mounts| {
            mounts
                .iter()
                .find(|m| m.get("target").and_then(Value::as_str) == Some("content"))
                .and_then(|m| text(Some(m), "source"))
        });
    let language = get("defaultContentLanguage")
        .and_then(Value::as_str)
        .unwrap_or("en");
    let by_language = text(get("languages").and_then(|l| l.get(language)), "contentDir");
    mounted
        .or(by_language)
        .or_else(|| {
            get("contentDir")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or_else(|| "content".into())
}

/// A page found, before its body is converted.
struct Found {
    file: PathBuf,
    rel: String,
    fields: Fields,
    notes: Vec<String>,
    bundle: Option<PathBuf>,
}

pub fn read(root: &Path) -> Result<Migration> {
    let s = settings(root)?;
    let content = root.join(&s.content);
    let mut m = Migration {
        title: s.title.clone(),
        base_url: s.base_url.clone().filter(|u| u.contains("://")),
        statics: super::static_files(&root.join("static"), |_| true),
        ..Migration::default()
    };
    let mut found = vec![];
    let mut bundles: Vec<PathBuf> = vec![];
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    for file in &files {
        if file.file_name().is_some_and(|n| n == "index.md") {
            bundles.push(file.parent().expect("in content").to_path_buf());
        }
    }
    for file in &files {
        let rel = file.strip_prefix(&content).expect("under content");
        let rel_str = crate::theme::slash_path(rel);
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let is_md = name.ends_with(".md") || name.ends_with(".markdown");
        let bundle = bundles.iter().find(|b| file.starts_with(b)).cloned();
        if !is_md {
            if bundle.is_none() && !name.starts_with('.') {
                m.left.push(format!("{}/{rel_str}: a file outside any page bundle; copy it to content/ or static/ by hand if a page uses it", s.content));
            }
            continue;
        }
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let mut notes = vec![];
        let fields = match fields::read(&text, &mut notes) {
            Ok(f) => f,
            Err(e) => {
                m.left.push(format!("{}/{rel_str}: {e}", s.content));
                continue;
            }
        };
        if name == "_index.md" {
            let dir = rel
                .parent()
                .map(crate::theme::slash_path)
                .unwrap_or_default();
            if !dir.is_empty() {
                let title = fields.text("title").unwrap_or_else(|| dir.clone());
                m.sections.insert(section_dir(&dir), title);
            }
            continue;
        }
        if bundle.is_some() && name != "index.md" {
            // A bundle's other pages are its resources, not pages.
            continue;
        }
        found.push(Found {
            file: file.clone(),
            rel: rel_str,
            fields,
            notes,
            bundle: bundle.filter(|_| name == "index.md"),
        });
    }
    // Where each page goes, so that `ref` shortcodes can name it.
    let mut targets = Targets::new();
    let mut posts: Vec<Post> = vec![];
    for f in &found {
        let rel = Path::new(&f.rel);
        let dir = rel
            .parent()
            .map(crate::theme::slash_path)
            .unwrap_or_default();
        let (section_path, base) = match &f.bundle {
            Some(_) => {
                let parent = Path::new(&dir)
                    .parent()
                    .map(crate::theme::slash_path)
                    .unwrap_or_default();
                let name = Path::new(&dir)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (parent, name)
            }
            None => (
                dir.clone(),
                rel.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            ),
        };
        let top = section_path.split('/').next().unwrap_or("").to_string();
        let mut p = Post {
            origin: format!("{}/{}", s.content, f.rel),
            section: if section_path.is_empty() {
                "pages".into()
            } else {
                section_dir(&section_path)
            },
            notes: f.notes.clone(),
            ..Post::default()
        };
        let fm = &f.fields;
        p.modified = super::modified(&f.file);
        p.title = fm.text("title").unwrap_or_default();
        p.slug = fm.text("slug").unwrap_or_else(|| base.clone());
        p.date = fm
            .text("date")
            .or_else(|| fm.text("publishdate"))
            .and_then(|d| fields::date(&d));
        p.updated = fm
            .text("lastmod")
            .and_then(|d| fields::date(&d))
            .filter(|u| Some(u) != p.date.as_ref());
        p.author = fm
            .text("author")
            .or_else(|| fm.list("authors").first().cloned());
        p.summary = fm.text("summary").or_else(|| fm.text("description"));
        let mut tags = fm.list("tags");
        tags.extend(fm.list("categories"));
        tags.extend(fm.list("series"));
        p.tags = tags;
        p.draft = fm.flag("draft").unwrap_or(false);
        if fm.flag("headless").unwrap_or(false) || fm.text("_build").is_some() {
            p.draft = true;
            p.notes
                .push("a headless page: brought across as a draft".into());
        }
        let old = match fm.text("url") {
            Some(u) => u,
            None => {
                let pattern = s
                    .permalinks
                    .get(&top)
                    .or_else(|| s.permalinks.get(&section_path));
                match pattern {
                    Some(pattern) => expand(pattern, &p, &section_path, &base),
                    None => {
                        let mut path = String::from("/");
                        if !section_path.is_empty() {
                            path.push_str(&section_path);
                            path.push('/');
                        }
                        path.push_str(&fm.text("slug").unwrap_or_else(|| base.clone()));
                        path.push('/');
                        path.to_lowercase()
                    }
                }
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
        if let Some(b) = &f.bundle {
            for file in &files {
                if file.starts_with(b) && file != &f.file {
                    let name = file.strip_prefix(b).expect("in bundle");
                    let md = name.extension().is_some_and(|e| e == "md");
                    if !md {
                        p.files.push((
                            file.clone(),
                            crate::theme::slash_path(name).replace('/', "-"),
                        ));
                    }
                }
            }
        }
        posts.push(p);
    }
    // The slugs as they will be written, for the targets of links.
    let mut fin = Migration {
        posts,
        ..Migration::default()
    };
    super::finish(&mut fin);
    for (f, p) in found.iter().zip(&fin.posts) {
        let to = format!("{}/{}.md", p.section, p.slug);
        targets.insert(f.rel.clone(), to.clone());
        let stem = f.rel.trim_end_matches(".md").trim_end_matches("/index");
        targets.insert(stem.to_string(), to.clone());
        targets.entry(p.slug.clone()).or_insert(to);
    }
    for (f, mut p) in found.iter().zip(fin.posts) {
        let mut notes = vec![];
        let text = body::hugo_shortcodes(&f.fields.body, &targets, &mut notes);
        let mut text = body::markdown_html(&text, &mut notes);
        // A bundle's files go beside the article, named after it so that
        // two bundles' `cover.jpg` stay apart.
        if let Some(b) = &f.bundle {
            let mut renamed = std::collections::HashMap::new();
            for (from, name) in &mut p.files {
                let orig = crate::theme::slash_path(from.strip_prefix(b).expect("in bundle"));
                *name = format!("{}-{}", p.slug, orig.replace('/', "-"));
                renamed.insert(orig, name.clone());
            }
            text = body::rewrite_links(&text, |url, _| {
                renamed.get(url.trim_start_matches("./")).cloned()
            });
        }
        p.body = text;
        p.notes.extend(notes);
        m.posts.push(p);
    }
    Ok(m)
}

/// A Hugo content folder as a section folder of placard.
fn section_dir(dir: &str) -> String {
    dir.split('/')
        .map(slugify)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("/")
}

/// A Hugo permalink pattern for this page.
fn expand(pattern: &str, p: &Post, section: &str, file: &str) -> String {
    let date = p.date.as_deref().unwrap_or("");
    let part = |a: usize, b: usize| date.get(a..b).unwrap_or("").to_string();
    let months = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let month_name = part(5, 7)
        .parse::<usize>()
        .ok()
        .and_then(|m| months.get(m.wrapping_sub(1)))
        .copied()
        .unwrap_or("");
    let mut out = pattern.to_string();
    for (key, value) in [
        (":year", part(0, 4)),
        (":monthname", month_name.to_string()),
        (":month", part(5, 7)),
        (":day", part(8, 10)),
        (
            ":slugorfilename",
            if p.slug.is_empty() {
                file.to_string()
            } else {
                p.slug.clone()
            },
        ),
        (
            ":slugorcontentbasename",
            if p.slug.is_empty() {
                file.to_string()
            } else {
                p.slug.clone()
            },
        ),
        (
            ":slug",
            if p.slug.is_empty() {
                slugify(&p.title)
            } else {
                p.slug.clone()
            },
        ),
        (":title", slugify(&p.title)),
        (":filename", file.to_string()),
        (":contentbasename", file.to_string()),
        (":sections", section.to_string()),
        (
            ":section",
            section.split('/').next().unwrap_or("").to_string(),
        ),
    ] {
        out = out.replace(key, &value);
    }
    let out = if out.starts_with('/') {
        out
    } else {
        format!("/{out}")
    };
    out.to_lowercase()
}

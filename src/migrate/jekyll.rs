//! A Jekyll site: its settings (title, permalink styles, collections),
//! its posts (`_posts/YYYY-MM-DD-title.md`, drafts in `_drafts/`), the
//! documents of collections that are output, and its Markdown pages, each
//! with the URL Jekyll gave it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_yaml::Value;

use super::body::{self, Targets};
use super::fields::{self, Fields};
use super::{Migration, Post};
use crate::slug::slugify;

struct Collection {
    name: String,
    permalink: String,
    /// Folder under the site (`_posts`, `_docs`).
    dir: PathBuf,
}

/// A document found, before its body is converted.
struct Found {
    rel: String,
    fields: Fields,
    post: Post,
    keys: Vec<String>,
}

fn style(permalink: &str) -> String {
    match permalink {
        "date" => "/:categories/:year/:month/:day/:title:output_ext".into(),
        "pretty" => "/:categories/:year/:month/:day/:title/".into(),
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext".into(),
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext".into(),
        "none" => "/:categories/:title:output_ext".into(),
        p => p.to_string(),
    }
}

pub fn read(root: &Path) -> Result<Migration> {
    let config: Value = match ["_config.yml", "_config.yaml"]
        .iter()
        .map(|n| root.join(n))
        .find(|p| p.is_file())
    {
        Some(path) => {
            let text = std::fs::read_to_string(&path)?;
            let text = text.strip_prefix("---\n").unwrap_or(&text);
            let mut notes = vec![];
            let f = fields::read(&format!("---\n{text}\n---\n"), &mut notes)
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
    let get = |k: &str| config.get(k);
    let global = style(get("permalink").and_then(Value::as_str).unwrap_or("date"));
    let text_of = |k: &str| get(k).and_then(Value::as_str).map(str::to_string);
    let mut m = Migration {
        title: text_of("title"),
        base_url: text_of("url").filter(|u| u.contains("://")).map(|u| {
            format!(
                "{}{}",
                u.trim_end_matches('/'),
                text_of("baseurl").unwrap_or_default()
            )
        }),
        ..Migration::default()
    };
    // The site's own files (images, documents) outside Jekyll's folders.
    for e in std::fs::read_dir(root).into_iter().flatten().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if e.path().is_dir()
            && !(name.starts_with('_')
                || name.starts_with('.')
                || matches!(name.as_str(), "node_modules" | "vendor"))
        {
            for (from, rel) in super::static_files(&e.path(), super::is_media) {
                m.statics.push((from, format!("{name}/{rel}")));
            }
        }
    }
    // `{{ site.repository }}` and the like: the settings' own values.
    let mut vars = std::collections::HashMap::new();
    if let Value::Mapping(map) = &config {
        for (k, v) in map {
            if let (Some(k), Some(v)) = (k.as_str(), v.as_str()) {
                if !matches!(k, "url" | "baseurl") {
                    vars.insert(format!("site.{k}"), v.to_string());
                }
            }
        }
    }
    let collections_dir = root.join(get("collections_dir").and_then(Value::as_str).unwrap_or(""));
    let mut collections = vec![];
    let posts_permalink = get("collections")
        .and_then(|c| c.get("posts"))
        .and_then(|p| p.get("permalink"))
        .and_then(Value::as_str)
        .map(style)
        .unwrap_or_else(|| global.clone());
    collections.push(Collection {
        name: "posts".into(),
        permalink: posts_permalink,
        dir: collections_dir.join("_posts"),
    });
    if let Some(Value::Mapping(cs)) = get("collections") {
        for (name, c) in cs {
            let Some(name) = name.as_str().filter(|n| *n != "posts") else {
                continue;
            };
            if !c.get("output").and_then(Value::as_bool).unwrap_or(false) {
                m.left.push(format!(
                    "the collection `{name}` is not output by Jekyll: left out"
                ));
                continue;
            }
            collections.push(Collection {
                name: name.to_string(),
                permalink: c
                    .get("permalink")
                    .and_then(Value::as_str)
                    .map(style)
                    .unwrap_or_else(|| "/:collection/:path:output_ext".into()),
                dir: collections_dir.join(format!("_{name}")),
            });
        }
    }
    let mut found: Vec<Found> = vec![];
    for c in &collections {
        // Posts also live in `CATEGORY/_posts/`: those folders are categories.
        let mut dirs: Vec<(PathBuf, Vec<String>)> = vec![(c.dir.clone(), vec![])];
        if c.name == "posts" {
            let skipped = |e: &walkdir::DirEntry| {
                let n = e.file_name().to_string_lossy();
                e.depth() > 0
                    && (n.starts_with('.')
                        || matches!(n.as_ref(), "node_modules" | "vendor" | "_site"))
            };
            for e in walkdir::WalkDir::new(root)
                .into_iter()
                .filter_entry(|e| !skipped(e))
                .filter_map(|e| e.ok())
            {
                let p = e.path();
                if e.file_type().is_dir()
                    && p.file_name().is_some_and(|n| n == "_posts")
                    && p != c.dir
                {
                    let rel = p
                        .parent()
                        .and_then(|d| d.strip_prefix(root).ok())
                        .map(crate::theme::slash_path)
                        .unwrap_or_default();
                    if rel.split('/').any(|s| {
                        s.starts_with('_')
                            || s.starts_with('.')
                            || s == "node_modules"
                            || s == "vendor"
                    }) {
                        continue;
                    }
                    dirs.push((
                        p.to_path_buf(),
                        rel.split('/').map(str::to_string).collect(),
                    ));
                }
            }
            dirs.push((collections_dir.join("_drafts"), vec![]));
        }
        for (dir, folder_cats) in dirs {
            let drafts = dir.file_name().is_some_and(|n| n == "_drafts");
            for e in walkdir::WalkDir::new(&dir)
                .sort_by_file_name()
                .into_iter()
                .filter_map(|e| e.ok())
            {
                if !e.file_type().is_file() {
                    continue;
                }
                let file = e.path();
                let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if !(name.ends_with(".md")
                    || name.ends_with(".markdown")
                    || name.ends_with(".html"))
                {
                    continue;
                }
                let rel = crate::theme::slash_path(file.strip_prefix(root).unwrap_or(file));
                let text = std::fs::read_to_string(file)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                let mut notes = vec![];
                let f = match fields::read(&text, &mut notes) {
                    Ok(f) => f,
                    Err(e) => {
                        m.left.push(format!("{rel}: {e}"));
                        continue;
                    }
                };
                let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
                let in_dir = crate::theme::slash_path(file.strip_prefix(&dir).unwrap_or(file));
                let path = in_dir
                    .rsplit_once('.')
                    .map_or(in_dir.as_str(), |(s, _)| s)
                    .to_string();
                let (file_date, title_part) = match (stem.get(..10), stem.get(11..)) {
                    (Some(d), Some(t))
                        if c.name == "posts" && crate::date::Date::parse(d).is_ok() =>
                    {
                        (Some(d.to_string()), t.to_string())
                    }
                    _ => (None, stem.to_string()),
                };
                if c.name == "posts" && file_date.is_none() && !drafts {
                    m.left.push(format!("{rel}: a post's file name must start with its date (YYYY-MM-DD-): Jekyll does not publish it either"));
                    continue;
                }
                let mut p = Post {
                    origin: rel.clone(),
                    section: String::new(),
                    notes,
                    ..Post::default()
                };
                p.modified = super::modified(file);
                p.title = f.text("title").unwrap_or_else(|| title_from(&title_part));
                p.slug = f.text("slug").unwrap_or_else(|| title_part.clone());
                p.date = f.text("date").and_then(|d| fields::date(&d)).or(file_date);
                p.updated = f
                    .text("last_modified_at")
                    .or_else(|| f.text("updated"))
                    .and_then(|d| fields::date(&d));
                p.author = f
                    .text("author")
                    .or_else(|| f.list("authors").first().cloned());
                p.summary = f.text("excerpt").or_else(|| f.text("description"));
                let mut cats = folder_cats.clone();
                cats.extend(f.list("categories"));
                cats.extend(f.list("category"));
                let mut tags = cats.clone();
                tags.extend(f.list("tags"));
                p.tags = tags;
                p.draft = drafts || f.flag("published") == Some(false);
                let pattern = f.text("permalink").unwrap_or_else(|| c.permalink.clone());
                let old = expand(&pattern, &p, &cats, &c.name, &path, &title_part);
                p.old_urls.push(old);
                p.old_urls.extend(f.list("redirect_from"));
                p.section = match c.name.as_str() {
                    "posts" => literal_prefix(&c.permalink).unwrap_or_else(|| "posts".into()),
                    other => other.to_string(),
                };
                let keys = vec![
                    rel.clone(),
                    stem.to_string(),
                    format!("_{}/{in_dir}", c.name),
                ];
                found.push(Found {
                    rel,
                    fields: f,
                    post: p,
                    keys,
                });
            }
        }
    }
    // Markdown pages outside the folders Jekyll keeps to itself.
    for e in walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let n = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(n.starts_with('_')
                    || n.starts_with('.')
                    || n == "node_modules"
                    || n == "vendor"
                    || n == "assets")
        })
        .filter_map(|e| e.ok())
    {
        let file = e.path();
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !e.file_type().is_file() || !(name.ends_with(".md") || name.ends_with(".markdown")) {
            continue;
        }
        let rel = crate::theme::slash_path(file.strip_prefix(root).unwrap_or(file));
        if matches!(
            name,
            "README.md" | "CHANGELOG.md" | "LICENSE.md" | "CONTRIBUTING.md" | "CODE_OF_CONDUCT.md"
        ) {
            continue;
        }
        let text = std::fs::read_to_string(file)?;
        if !text.starts_with("---") {
            continue; // Jekyll copies a file without front matter as it is
        }
        let mut notes = vec![];
        let Ok(f) = fields::read(&text, &mut notes) else {
            m.left
                .push(format!("{rel}: front matter that cannot be read"));
            continue;
        };
        let stem = rel
            .rsplit_once('.')
            .map_or(rel.as_str(), |(s, _)| s)
            .to_string();
        if stem == "index" || stem.ends_with("/index") || stem == "404" {
            m.left.push(format!(
                "{rel}: the site's own page (home or 404); placard makes its own"
            ));
            continue;
        }
        let mut p = Post {
            origin: rel.clone(),
            section: "pages".into(),
            notes,
            ..Post::default()
        };
        p.modified = super::modified(file);
        p.title = f
            .text("title")
            .unwrap_or_else(|| title_from(stem.rsplit('/').next().unwrap_or(&stem)));
        p.slug = stem.rsplit('/').next().unwrap_or(&stem).to_string();
        p.date = f.text("date").and_then(|d| fields::date(&d));
        p.draft = f.flag("published") == Some(false);
        p.summary = f.text("description");
        let old = match f.text("permalink") {
            Some(pl) => pl,
            None if global.ends_with('/') => format!("/{stem}/"),
            None => format!("/{stem}.html"),
        };
        p.old_urls.push(old);
        p.old_urls.extend(f.list("redirect_from"));
        let keys = vec![rel.clone(), stem.clone()];
        found.push(Found {
            rel,
            fields: f,
            post: p,
            keys,
        });
    }
    let mut fin = Migration {
        posts: found.iter().map(|f| f.post.clone()).collect(),
        ..Migration::default()
    };
    super::finish(&mut fin);
    let mut targets = Targets::new();
    for (f, p) in found.iter().zip(&fin.posts) {
        for k in &f.keys {
            targets.insert(k.clone(), format!("{}/{}.md", p.section, p.slug));
        }
    }
    for (f, mut p) in found.into_iter().zip(fin.posts) {
        let mut notes = vec![];
        let text = body::liquid(&f.fields.body, &targets, &vars, &mut notes);
        let text = if f.rel.ends_with(".html") {
            body::html_to_markdown(&text, &mut notes)
        } else {
            body::markdown_html(&text, &mut notes)
        };
        p.body = text;
        p.notes.extend(notes);
        m.posts.push(p);
    }
    Ok(m)
}

/// `jekyll-1-0-0-released` → `Jekyll 1 0 0 Released`, as Jekyll titles a
/// post without a title.
fn title_from(slug: &str) -> String {
    slug.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The pattern's first segment when it is a plain word (`/news/:year/…`
/// → `news`): the old site's own name for its posts.
fn literal_prefix(pattern: &str) -> Option<String> {
    let first = pattern.trim_start_matches('/').split('/').next()?;
    (!first.is_empty() && !first.contains(':'))
        .then(|| slugify(first))
        .filter(|s| !s.is_empty())
}

/// A Jekyll permalink pattern for this document.
fn expand(
    pattern: &str,
    p: &Post,
    cats: &[String],
    collection: &str,
    path: &str,
    title: &str,
) -> String {
    let date = p.date.as_deref().unwrap_or("");
    let part = |a: usize, b: usize| date.get(a..b).unwrap_or("").to_string();
    let trim0 = |s: String| s.trim_start_matches('0').to_string();
    // Jekyll's `:title`: the front matter's slug, or the file's title part.
    let slug = match p.slug.is_empty() {
        true => title.to_string(),
        false => p.slug.clone(),
    };
    let categories: Vec<String> = cats
        .iter()
        .map(|c| c.to_lowercase().replace(' ', "-"))
        .collect();
    let mut out = pattern.to_string();
    for (key, value) in [
        (":categories", categories.join("/")),
        (":collection", collection.to_string()),
        (":output_ext", ".html".to_string()),
        (":short_year", part(2, 4)),
        (":year", part(0, 4)),
        (":i_month", trim0(part(5, 7))),
        (":month", part(5, 7)),
        (":i_day", trim0(part(8, 10))),
        (":day", part(8, 10)),
        (":hour", part(11, 13)),
        (":minute", part(14, 16)),
        (":second", part(17, 19)),
        (":title", slug.clone()),
        (":slug", slug),
        (":name", title.to_string()),
        (":path", path.to_string()),
    ] {
        out = out.replace(key, &value);
    }
    if !out.starts_with('/') {
        out.insert(0, '/');
    }
    while out.contains("//") {
        out = out.replace("//", "/");
    }
    out
}

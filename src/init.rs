//! `placard init DIR`: a new site that builds as it is: commented settings,
//! the default theme (built in), a first section and article, a .gitignore
//! and Netlify's settings. A folder that holds anything is refused.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The files of a new site, by path; `TITLE` is filled in.
const FILES: &[(&str, &str)] = &[
    ("site.yaml", include_str!("init/site.yaml")),
    ("content/news/_index.md", include_str!("init/news-index.md")),
    (".gitignore", include_str!("init/gitignore")),
    ("netlify.toml", include_str!("init/netlify.toml")),
];

/// The first article's path and what it says.
const WELCOME: (&str, &str) = ("content/news/welcome.md", include_str!("init/welcome.md"));

/// Writes a new site into `dir` (made if missing); returns the files
/// written. The site's title is the folder's name until site.yaml says
/// otherwise.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    init_with(dir, None, true)
}

/// A new site titled `title` (the folder's name when None), with the
/// first section and article when `starter` (a migration brings its own).
pub fn init_with(dir: &Path, title: Option<&str>, starter: bool) -> Result<Vec<PathBuf>> {
    if dir.exists() {
        if !dir.is_dir() {
            bail!(
                "{} is a file; give a folder for the new site",
                dir.display()
            );
        }
        let mut entries =
            std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if let Some(entry) = entries.next() {
            let name = entry?.file_name();
            bail!(
                "{} is not empty (it holds {}, among others perhaps); give a new or empty folder, so that nothing in it is replaced",
                dir.display(),
                name.to_string_lossy()
            );
        }
    }
    let named = dir
        .canonicalize()
        .ok()
        .or_else(|| Some(dir.to_path_buf()))
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "Our campaign".into());
    let title = title.unwrap_or(&named);
    let quoted = crate::article::yaml_string(title);
    let mut written = vec![];
    for (rel, text) in FILES {
        if !starter && rel.starts_with("content/") {
            continue;
        }
        let text = text.replace("TITLE", &quoted);
        // Never replaces a file that appeared meanwhile.
        crate::article::create(dir, Path::new(rel), text.as_bytes())?;
        written.push(PathBuf::from(rel));
    }
    if starter {
        let welcome = crate::article::Draft {
            title: "Welcome to the archive".into(),
            date: Some(crate::date::Date::today().iso()),
            author: Some("The editors".into()),
            source: Some(title.to_string()),
            tags: Some(vec!["about".into()]),
            body: WELCOME.1.into(),
            ..crate::article::Draft::default()
        };
        crate::article::create(dir, Path::new(WELCOME.0), welcome.to_text().as_bytes())?;
        written.push(PathBuf::from(WELCOME.0));
    }
    std::fs::create_dir_all(dir.join(crate::load::CONTENT))
        .with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(written)
}

//! Reading a site's files: walking content/, parsing one Markdown file,
//! and listing the sections without loading the site.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use walkdir::WalkDir;

use super::{CONTENT, INDEX};
use crate::error::Problem;
use crate::frontmatter::{self, FrontMatter, SectionMatter};

/// One Markdown file, read.
pub(super) enum Parsed {
    Section(PathBuf, Box<SectionMatter>, String),
    Page(PathBuf, Box<FrontMatter>, String),
}

pub(super) fn walk(
    content: &Path,
    warnings: &mut Vec<Problem>,
    problems: &mut Vec<Problem>,
) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let (mut markdown, mut assets) = (vec![], vec![]);
    let entries = WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                problems.push(Problem::new(path, None, format!("cannot read: {e}")));
                continue;
            }
        };
        let rel = entry
            .path()
            .strip_prefix(content)
            .expect("under content")
            .to_path_buf();
        let shown = Path::new(CONTENT).join(&rel);
        if entry.path_is_symlink() {
            // A link out of the site could publish any file of the machine.
            let site = content.parent().unwrap_or(content);
            if crate::paths::within(site, entry.path()) {
                warnings.push(Problem::new(
                    shown,
                    None,
                    "symbolic link not followed; copy the file in instead",
                ));
            } else {
                problems.push(Problem::new(
                    shown,
                    None,
                    "symbolic link to a file outside the site, refused; copy the file in instead",
                ));
            }
        } else if !entry.file_type().is_file() || scratch(&entry.file_name().to_string_lossy()) {
            continue;
        } else if rel
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"))
        {
            markdown.push(shown);
        } else if rel.extension().is_some_and(|e| {
            ["markdown", "mdown", "mkd", "mkdn"]
                .iter()
                .any(|m| e.eq_ignore_ascii_case(m))
        }) {
            // Never published as it is: it may be a draft.
            warnings.push(Problem::new(
                shown,
                None,
                "not built and not published: placard builds articles from .md files; rename \
                 it to .md to publish it",
            ));
        } else if host_settings(&entry.file_name().to_string_lossy()) {
            warnings.push(Problem::new(
                shown,
                None,
                "not published: static hosts (Netlify, Cloudflare Pages, GitHub Pages) read a \
                 file of this name as the site's settings or code; if it is meant, put it in \
                 static/",
            ));
        } else if let Some(p) = crate::images::Kind::disguised(entry.path(), &shown) {
            problems.push(p);
        } else {
            assets.push(rel);
        }
    }
    (markdown, assets)
}

/// A file a static host reads as settings or runs as code: never
/// published from content/, where it lands by accident.
fn host_settings(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "_headers"
            | "_redirects"
            | "_worker.js"
            | "_routes.json"
            | "cname"
            | "netlify.toml"
            | "vercel.json"
            | "firebase.json"
            | "static.json"
            | "web.config"
    )
}

/// An editor's autosave, backup or swap file, or a half-written download
/// or import: never an article, never published.
fn scratch(name: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "~",
        ".bak",
        ".orig",
        ".swp",
        ".swo",
        ".swx",
        ".tmp",
        ".temp",
        ".part",
        ".crdownload",
        ".crswap",
        ".download",
        ".placard-tmp",
        ".save",
        ".sav",
        ".kate-swp",
        ".autosave",
        ".backup",
        ".bkp",
        ".old",
        ".lock",
        ".lck",
        // A draft its editor saved as text.
        ".md.txt",
        ".markdown.txt",
        ".sublime-workspace",
    ];
    let lower = name.to_ascii_lowercase();
    // Vim's swap files after the first: .swn, .swm … .swa.
    let vim_swap = lower.rsplit_once('.').is_some_and(|(_, e)| {
        e.len() == 3 && e.starts_with("sw") && e.as_bytes()[2].is_ascii_lowercase()
    });
    (name.starts_with('#') && name.ends_with('#'))
        // An office program's lock file; Windows' thumbnails of photos.
        || name.starts_with("~$")
        || matches!(lower.as_str(), "thumbs.db" | "ehthumbs.db" | "desktop.ini")
        || vim_swap
        || ENDINGS.iter().any(|e| lower.ends_with(e))
}

/// A file's front matter and body, with its warnings; or its problems.
type ParseResult = Result<(Parsed, Vec<Problem>), Vec<Problem>>;

pub(super) fn parse_file(
    root: &Path,
    rel: &Path,
    taxonomies: &[crate::config::Taxonomy],
) -> ParseResult {
    let at = |(line, msg): (usize, String)| Problem::new(rel, Some(line), msg);
    let bytes = std::fs::read(root.join(rel))
        .map_err(|e| vec![Problem::new(rel, None, format!("cannot read: {e}"))])?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        vec![Problem::new(
            rel,
            Some(line),
            "not UTF-8 text; save the file as UTF-8",
        )]
    })?;
    let split = frontmatter::split(&text).map_err(|e| vec![at(e)])?;
    let body = split.body.to_string();
    let mut warnings = vec![];
    let parsed = if rel
        .file_name()
        .is_some_and(|n| n == INDEX || index_translation(n))
    {
        let sm = frontmatter::parse_section(&split, &mut warnings)
            .map_err(|es| es.into_iter().map(at).collect::<Vec<_>>())?;
        Parsed::Section(rel.to_path_buf(), Box::new(sm), body)
    } else {
        let fm = frontmatter::parse_article_of(&split, &mut warnings, taxonomies)
            .map_err(|es| es.into_iter().map(at).collect::<Vec<_>>())?;
        Parsed::Page(rel.to_path_buf(), Box::new(fm), body)
    };
    // Front matter warns only of keys it does not know.
    let warnings = warnings
        .into_iter()
        .map(|w| at(w).of_kind(crate::error::Kind::UnknownKey))
        .collect();
    Ok((parsed, warnings))
}

/// `_index.ru.md`: a section's page in another language.
fn index_translation(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .and_then(|n| n.strip_prefix("_index."))
        .and_then(|n| n.strip_suffix(".md"))
        .is_some_and(super::looks_like_language)
}

/// A section, as import and new see it.
#[derive(Debug, Clone)]
pub struct SectionInfo {
    pub dir: String,
    pub title: String,
    pub keywords: Vec<String>,
}

/// Why `root` is not a site to read: there is no such folder, or it has
/// no content/.
pub fn no_site(root: &Path) -> &'static str {
    if root.is_dir() {
        "no content/ folder here: create content/ with one folder per section, or start a site with `placard init FOLDER`"
    } else {
        "no such folder: give the site's folder (holding site.yaml and content/) with --root, or start a site with `placard init FOLDER`"
    }
}

/// The sections of a site, from content/**/_index.md, without loading it
/// (for import and new).
pub fn section_list(root: &Path) -> anyhow::Result<Vec<SectionInfo>> {
    let content = root.join(CONTENT);
    if !content.is_dir() {
        bail!("{}: {}", root.display(), no_site(root));
    }
    let mut out = vec![];
    for e in walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_name() != "_index.md" || e.depth() == 1 {
            continue;
        }
        let dir = crate::theme::slash_path(
            e.path()
                .parent()
                .expect("in content")
                .strip_prefix(&content)
                .expect("under"),
        );
        let text = std::fs::read_to_string(e.path())
            .with_context(|| format!("cannot read {}", e.path().display()))?;
        let (title, keywords) = match frontmatter::split(&text) {
            Ok(split) => match frontmatter::parse_section(&split, &mut vec![]) {
                Ok(m) => (m.title.unwrap_or_else(|| dir.clone()), m.keywords),
                Err(_) => (dir.clone(), vec![]),
            },
            Err(_) => (dir.clone(), vec![]),
        };
        out.push(SectionInfo {
            dir,
            title,
            keywords,
        });
    }
    if out.is_empty() {
        bail!("content/ has no sections (folders with an _index.md); create them first");
    }
    Ok(out)
}

/// The files under `content` that a build copies as they are (not
/// Markdown, not hidden, not editor backups, not links), relative to it.
pub fn asset_files(content: &Path) -> Vec<PathBuf> {
    walk(content, &mut vec![], &mut vec![]).1
}

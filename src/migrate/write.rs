//! The migrated site written: a new site made where there was none, the
//! static files, a section page per section, an article per post (by the
//! one article writer: one that exists is never replaced) and the files
//! beside them. With `--dry-run`, only what would be written is told.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use super::MigrateReport;
use super::post::Post;
use crate::article::{self, Existing};
use crate::load::CONTENT;

/// What the driver hands over to be written.
pub struct Plan<'a> {
    pub settings: crate::init::Settings,
    pub statics: &'a [(PathBuf, String)],
    pub sections: &'a BTreeMap<String, String>,
    pub translated_sections: &'a BTreeMap<(String, String), String>,
    pub posts: &'a [Post],
}

pub fn write(plan: &Plan, root: &Path, dry_run: bool, report: &mut MigrateReport) -> Result<()> {
    if !root.join(CONTENT).is_dir() {
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
            crate::init::init_with(root, &plan.settings, false)?;
        }
        report.created_site = true;
    }
    if !dry_run {
        statics(plan.statics, root, report)?;
        sections(plan.sections, root)?;
        for ((dir, lang), title) in plan.translated_sections {
            let index = Path::new(CONTENT)
                .join(dir)
                .join(format!("_index.{lang}.md"));
            if plan.sections.contains_key(dir) && root.join(&index).symlink_metadata().is_err() {
                let text = format!("---\ntitle: {}\n---\n", article::yaml_string(title));
                article::create(root, &index, text.as_bytes())?;
            }
        }
    }
    for p in plan.posts {
        post(p, root, dry_run, report)?;
    }
    Ok(())
}

/// The old site's static files under static/, where nothing is yet.
fn statics(files: &[(PathBuf, String)], root: &Path, report: &mut MigrateReport) -> Result<()> {
    for (from, rel) in files {
        copy_new(from, root, &Path::new("static").join(rel), report)?;
    }
    Ok(())
}

/// Copies `from` to `root/to` unless something is there already.
fn copy_new(from: &Path, root: &Path, to: &Path, report: &mut MigrateReport) -> Result<()> {
    if root.join(to).symlink_metadata().is_ok() {
        return Ok(());
    }
    let bytes = crate::convert::decode::read_bytes(from)?;
    article::create(root, to, &bytes)?;
    report.files += 1;
    Ok(())
}

/// A section page for each section that has none.
fn sections(sections: &BTreeMap<String, String>, root: &Path) -> Result<()> {
    for (dir, title) in sections {
        let index = Path::new(CONTENT).join(dir).join("_index.md");
        if root.join(&index).symlink_metadata().is_ok() {
            continue;
        }
        let text = format!("---\ntitle: {}\n---\n", article::yaml_string(title));
        article::create(root, &index, text.as_bytes())?;
    }
    Ok(())
}

/// One post's article and files, with what the report says of it.
fn post(p: &Post, root: &Path, dry_run: bool, report: &mut MigrateReport) -> Result<()> {
    let rel = PathBuf::from(CONTENT).join(p.article());
    let text = p.draft().to_text();
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
        return Ok(());
    }
    match article::existing(&root.join(&rel), text.as_bytes()) {
        Existing::Same => report.unchanged += 1,
        Existing::Other => {
            report.kept.push(rel);
            return Ok(());
        }
        Existing::Nothing => {
            article::create(root, &rel, text.as_bytes())?;
            report.articles.push(rel.clone());
        }
    }
    let dir = rel.parent().expect("in content");
    for (from, name) in &p.files {
        copy_new(from, root, &dir.join(name), report)?;
    }
    Ok(())
}

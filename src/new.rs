//! new: starts an article in the right folder, with its front matter
//! filled in as a template to complete.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::date::Date;
use crate::load::{CONTENT, SectionInfo, section_list};

/// Writes `content/SECTION/SLUG.md` for `title` and returns its path
/// (relative to the site). `choose` picks a section when none is given;
/// it gets the sections and returns one's folder, or an error.
pub fn new_article(
    root: &Path,
    title: &str,
    section: Option<&str>,
    choose: &mut dyn FnMut(&[SectionInfo]) -> Result<String>,
) -> Result<PathBuf> {
    let title = title.trim();
    if title.is_empty() {
        bail!("the title is empty; write it in quotes: placard new \"The headline\"");
    }
    // Named as the site spells its URLs (`slugs:`).
    let style = crate::config::Config::load(root).map_or(Default::default(), |c| c.slugs);
    let slug = crate::slug::slugify_as(title, style);
    if slug.is_empty() {
        bail!("the title \"{title}\" has no letters or digits for a file name; add some");
    }
    let sections = section_list(root)?;
    let section = match section {
        Some(s) => s.trim_matches('/').to_string(),
        None => choose(&sections)?,
    };
    if !sections.iter().any(|s| s.dir == section) {
        bail!(
            "there is no section {section}; the sections are {}",
            names(&sections)
        );
    }
    let rel = Path::new(CONTENT).join(&section).join(format!("{slug}.md"));
    let text = template(title, Date::today());
    let opened = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(root.join(&rel));
    let mut file = match opened {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            bail!(
                "{} exists already; edit it, or choose another title",
                rel.display()
            )
        }
        other => other.with_context(|| format!("cannot create {}", rel.display()))?,
    };
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", rel.display()))?;
    Ok(rel)
}

/// The sections as `a, b, c`, for messages.
pub fn names(sections: &[SectionInfo]) -> String {
    sections
        .iter()
        .map(|s| s.dir.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn template(title: &str, today: Date) -> String {
    let quoted = title.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        "---\ntitle: \"{quoted}\"\ndate: {today}\nauthor: \"\"\nsource: \"\"\nsource_url: \"\"\ntags: []\nwarnings: []\n---\n\
         Write the article here, in Markdown. Its first paragraph is its summary in lists.\n"
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_template_parses() {
        let text = super::template(
            "Kosovo: a \"test\"",
            crate::date::Date::parse("2026-11-28").unwrap(),
        );
        let split = crate::frontmatter::split(&text).unwrap();
        let fm = crate::frontmatter::parse_article(&split, &mut vec![]).unwrap();
        assert_eq!(fm.title.as_deref(), Some("Kosovo: a \"test\""));
        assert_eq!(fm.date.unwrap().iso(), "2026-11-28");
        assert_eq!((fm.author, fm.source, fm.tags.len()), (None, None, 0));
    }
}

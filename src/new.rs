//! new: starts an article in the right folder, with its front matter
//! filled in as a template to complete.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

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
    let config = crate::config::Config::load(root).ok();
    // Named as the site spells its URLs (`slugs:`).
    let style = config.as_ref().map_or(Default::default(), |c| c.slugs);
    let taxonomies: Vec<&str> = config
        .iter()
        .flat_map(|c| c.taxonomies.iter().map(|t| t.name.as_str()))
        .collect();
    let slug = crate::slug::slugify_as(title, style);
    if slug.is_empty() {
        bail!("the title \"{title}\" has no letters or digits for a file name; add some");
    }
    let sections = section_list(root)?;
    let open: Vec<&SectionInfo> = sections
        .iter()
        .filter(|s| s.dir != crate::import::UNSORTED)
        .collect();
    let section = match (section, &open[..]) {
        (Some(s), _) => s.trim_matches('/').to_string(),
        (None, []) => bail!(
            "the site has no section yet; make one: a folder under content/ with an _index.md holding its `title:` (content/news/_index.md, say)"
        ),
        (None, [one]) => one.dir.clone(),
        (None, _) => choose(&sections)?,
    };
    if !sections.iter().any(|s| s.dir == section) {
        bail!(
            "there is no section {section}; the sections are {}. To make it, create content/{section}/_index.md holding its `title:`",
            names(&sections)
        );
    }
    let rel = Path::new(CONTENT).join(&section).join(format!("{slug}.md"));
    let text = template(title, Date::today(), &taxonomies);
    if root.join(&rel).symlink_metadata().is_ok() {
        bail!(
            "{} exists already; edit it, or choose another title",
            rel.display()
        );
    }
    crate::article::create(root, &rel, text.as_bytes())?;
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

/// The article to fill in: its title and today's date, blanks for its
/// author, source and lists (the site's taxonomies' among them).
fn template(title: &str, today: Date, taxonomies: &[&str]) -> String {
    let blank = || Some(String::new());
    crate::article::Draft {
        title: title.to_string(),
        date: Some(today.iso()),
        author: blank(),
        source: blank(),
        source_url: blank(),
        tags: Some(vec![]),
        warnings: Some(vec![]),
        terms: taxonomies.iter().map(|t| (t.to_string(), vec![])).collect(),
        body: "Write the article here, in Markdown. Its first paragraph is its summary in lists.\n"
            .into(),
        ..crate::article::Draft::default()
    }
    .to_text()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_template_parses() {
        let text = super::template(
            "Kosovo: a \"test\"",
            crate::date::Date::parse("2026-11-28").unwrap(),
            &["countries", "organisations"],
        );
        assert!(
            text.contains("\ncountries: []\norganisations: []\n"),
            "{text}"
        );
        let split = crate::frontmatter::split(&text).unwrap();
        let fm = crate::frontmatter::parse_article(&split, &mut vec![]).unwrap();
        assert_eq!(fm.title.as_deref(), Some("Kosovo: a \"test\""));
        assert_eq!(fm.date.unwrap().iso(), "2026-11-28");
        assert_eq!((fm.author, fm.source, fm.tags.len()), (None, None, 0));
    }
}

//! An article as every way in writes it (`import`, `migrate`, `new`):
//! one [`Draft`], serialised by serde in the front-matter order of the
//! design, named by one slug rule that follows `slugs:`, and written by
//! one writer that never replaces a file unless told to, never writes
//! through a symbolic link and never leaves a file half-written.

use std::io::Write as _;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::slug::{Slugs, slugify_as};

/// An article's front matter and body, in the order of the design.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
pub struct Draft {
    pub title: String,
    /// `YYYY-MM-DD` or RFC 3339, as front matter takes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_url: Option<String>,
    /// A web archive's snapshot of the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub archive_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dateline: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copyright: Option<String>,
    /// None leaves the key out; an empty list is written `[]` (a blank
    /// for the author to fill in).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warnings: Option<Vec<String>>,
    /// Terms of the site's other taxonomies, by the taxonomy's name
    /// (`countries: [Kosovo]`).
    #[serde(flatten, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub terms: std::collections::BTreeMap<String, Vec<String>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The Markdown body.
    #[serde(skip)]
    pub body: String,
}

/// A list as a draft holds it: None when empty.
pub fn list(items: Vec<String>) -> Option<Vec<String>> {
    Some(items).filter(|i| !i.is_empty())
}

/// A text as a draft holds it: None when blank.
pub fn text(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

impl Draft {
    /// The article file's text: front matter between `---` lines, then
    /// the body, ending in one line end.
    pub fn to_text(mut self) -> String {
        let body = std::mem::take(&mut self.body);
        let mut clean = self;
        clean.title = one_line(&clean.title);
        for v in [
            &mut clean.author,
            &mut clean.source,
            &mut clean.source_url,
            &mut clean.archive_url,
            &mut clean.dateline,
            &mut clean.copyright,
        ]
        .into_iter()
        .flatten()
        {
            *v = one_line(v);
        }
        let yaml = serde_yaml::to_string(&clean).expect("a draft is plain data");
        let mut out = String::with_capacity(yaml.len() + body.len() + 8);
        out.push_str("---\n");
        out.push_str(&yaml);
        out.push_str("---\n");
        out.push_str(body.trim_start_matches('\n'));
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out
    }
}

/// A field of one line, as the writer writes it: line ends and control
/// characters (which front matter would drop, changing the text) become
/// spaces, and runs of spaces one.
pub fn one_line(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A text as a YAML value of one line (`title: VALUE`), quoted where YAML
/// would read it otherwise (`2024`, `true`, `*x`).
pub fn yaml_string(s: &str) -> String {
    let yaml = serde_yaml::to_string(&one_line(s)).expect("a string is plain data");
    yaml.trim_end_matches('\n').to_string()
}

/// The slug of a title as the site spells its URLs, cut at a word to at
/// most 80 bytes; None when nothing usable is left.
pub fn slug(title: &str, style: Slugs) -> Option<String> {
    let slug = slugify_as(title, style);
    if slug.is_empty() {
        return None;
    }
    if slug.len() <= 80 {
        return Some(slug);
    }
    let mut end = 80;
    while !slug.is_char_boundary(end) {
        end -= 1;
    }
    let cut = slug[..end].rfind('-').filter(|&c| c > 0).unwrap_or(end);
    Some(slug[..cut].to_string())
}

/// What is at an article's path already.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Existing {
    Nothing,
    /// A file with these very bytes.
    Same,
    /// A file with other content (edited since, perhaps).
    Other,
}

/// What is at `path`, compared with `bytes`.
pub fn existing(path: &Path, bytes: &[u8]) -> Existing {
    match std::fs::read(path) {
        Ok(old) if old == bytes => Existing::Same,
        Ok(_) => Existing::Other,
        Err(_) if path.symlink_metadata().is_ok() => Existing::Other,
        Err(_) => Existing::Nothing,
    }
}

/// Writes a new file at `root/rel` (its folders made), only if nothing is
/// there: a file that appeared meanwhile is never replaced.
pub fn create(root: &Path, rel: &Path, bytes: &[u8]) -> Result<()> {
    let path = root.join(rel);
    no_links(root, rel)?;
    let dir = path.parent().unwrap_or(root);
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    no_links(root, rel)?;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    f.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Replaces the file at `root/rel`: written beside it under a hidden name
/// no build publishes, then renamed over it, so it is never half-written.
pub fn replace(root: &Path, rel: &Path, bytes: &[u8]) -> Result<()> {
    let path = root.join(rel);
    no_links(root, rel)?;
    let dir = path.parent().unwrap_or(root);
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    // A new file of its own (created exclusively, under a name nobody can
    // plant a link at beforehand).
    let mut builder = tempfile::Builder::new();
    builder.prefix(".").suffix(".placard-tmp");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    tmp.write_all(bytes)
        .with_context(|| format!("cannot write {}", tmp.path().display()))?;
    tmp.persist(&path)
        .map(drop)
        .with_context(|| format!("cannot write {}", path.display()))
}

/// An error when the path from `root` to `rel`, or `rel` itself, passes
/// through a symbolic link: what is written into a site stays in it.
fn no_links(root: &Path, rel: &Path) -> Result<()> {
    let mut at = root.to_path_buf();
    for part in rel.components() {
        match part {
            std::path::Component::Normal(p) => at.push(p),
            _ => bail!("{}: not a plain path inside the site", rel.display()),
        }
        if at
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
        {
            bail!(
                "{} is a symbolic link; placard does not write through links: remove it or write elsewhere",
                at.display()
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_back(text: &str) -> crate::frontmatter::FrontMatter {
        let split = crate::frontmatter::split(text).unwrap();
        let mut warnings = vec![];
        let fm =
            crate::frontmatter::parse_article_of(&split, &mut warnings, &["countries"]).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        fm
    }

    #[test]
    fn every_field_reads_back_as_written() {
        for title in [
            "Kosovo: \"quoted\" {{ x }}",
            "yes",
            "2004-05-06",
            "# not a comment",
            "- not a list",
            "'single' & *stars*",
            "null",
            "12",
            "Торговля людьми",
            "a\nline\tbreak",
        ] {
            let d = Draft {
                title: title.into(),
                date: Some("2004-05-06".into()),
                updated: Some("2004-05-07T10:00:00+02:00".into()),
                author: Some("Ian Traynor: \"the\" writer".into()),
                source: Some("@BBC News".into()),
                source_url: Some("https://example.org/a?b=1#c".into()),
                archive_url: Some(
                    "https://web.archive.org/web/20040506000000/https://example.org/a".into(),
                ),
                dateline: Some("Zagreb".into()),
                copyright: Some("© 2004 The Guardian".into()),
                tags: Some(vec!["UN".into(), "yes".into(), "%p".into()]),
                warnings: Some(vec!["sexual violence".into()]),
                terms: [("countries".into(), vec!["Kosovo".into(), "yes".into()])].into(),
                related: vec!["other-story".into()],
                summary: Some("Two\nlines: and more".into()),
                slug: Some("a-slug".into()),
                aliases: vec!["/old/path/".into()],
                draft: true,
                lang: Some("ru".into()),
                body: "Text.\n".into(),
            };
            let text = d.clone().to_text();
            assert!(text.contains("\ncountries:\n- Kosovo\n- yes\n"), "{text}");
            let fm = read_back(&text);
            let terms: Vec<_> = fm
                .terms
                .iter()
                .map(|(k, v, _)| (k.clone(), v.clone()))
                .collect();
            assert_eq!(
                terms,
                d.terms.clone().into_iter().collect::<Vec<_>>(),
                "{text}"
            );
            assert_eq!(
                fm.title.as_deref(),
                Some(one_line(title).as_str()),
                "{text}"
            );
            assert_eq!(fm.date.unwrap().iso(), "2004-05-06");
            assert!(fm.updated.is_some());
            assert_eq!(fm.author, d.author);
            assert_eq!(fm.source, d.source);
            assert_eq!(fm.source_url, d.source_url);
            assert_eq!(fm.archive_url, d.archive_url);
            assert_eq!(fm.dateline, d.dateline);
            assert_eq!(fm.copyright, d.copyright);
            assert_eq!(Some(fm.tags), d.tags);
            assert_eq!(Some(fm.warnings), d.warnings);
            assert_eq!(fm.related, d.related);
            assert_eq!(fm.summary, d.summary);
            assert_eq!(fm.slug, d.slug);
            assert_eq!(fm.aliases, d.aliases);
            assert!(fm.draft);
            assert!(text.ends_with("---\nText.\n"), "{text}");
        }
    }

    #[test]
    fn keys_come_in_the_order_of_the_design() {
        let d = Draft {
            title: "T".into(),
            date: Some("2020-01-02".into()),
            author: Some("".into()),
            tags: Some(vec![]),
            draft: true,
            ..Draft::default()
        };
        assert_eq!(
            d.to_text(),
            "---\ntitle: T\ndate: 2020-01-02\nauthor: ''\ntags: []\ndraft: true\n---\n"
        );
    }

    #[test]
    fn one_line_values_read_back_as_text() {
        for v in [
            "2024",
            "true",
            "*x",
            "Survivors' Voice: \"now\"",
            "null",
            "a # b",
        ] {
            let yaml = format!("title: {}\n", yaml_string(v));
            let back: std::collections::BTreeMap<String, String> =
                serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(back["title"], v, "{yaml}");
        }
    }

    #[test]
    fn slugs_follow_the_site_and_stay_short() {
        assert_eq!(
            slug("Торговля людьми в Молдове", Slugs::Ascii).as_deref(),
            Some("torgovlia-liudmi-v-moldove")
        );
        assert_eq!(
            slug("Торговля людьми в Молдове", Slugs::Unicode).as_deref(),
            Some("торговля-людьми-в-молдове")
        );
        let long = slug(&"Торговля ".repeat(20), Slugs::Unicode).unwrap();
        assert!(long.len() <= 80 && long.ends_with('я'), "{long}");
        assert_eq!(slug("…", Slugs::Ascii), None);
    }

    #[test]
    fn nothing_is_replaced_or_written_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let rel = Path::new("content/news/a.md");
        create(dir.path(), rel, b"one").unwrap();
        assert!(create(dir.path(), rel, b"two").is_err());
        assert_eq!(existing(&dir.path().join(rel), b"one"), Existing::Same);
        assert_eq!(existing(&dir.path().join(rel), b"two"), Existing::Other);
        replace(dir.path(), rel, b"two").unwrap();
        assert_eq!(std::fs::read(dir.path().join(rel)).unwrap(), b"two");
        #[cfg(unix)]
        {
            let elsewhere = tempfile::tempdir().unwrap();
            std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("content/linked"))
                .unwrap();
            let err = create(dir.path(), Path::new("content/linked/b.md"), b"x").unwrap_err();
            assert!(format!("{err:#}").contains("symbolic link"), "{err:#}");
            assert!(
                std::fs::read_dir(elsewhere.path())
                    .unwrap()
                    .next()
                    .is_none()
            );
        }
    }
}

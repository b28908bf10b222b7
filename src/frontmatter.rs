//! The one front-matter splitter and the article/section fields of
//! DESIGN.md, read with the line of every key.

use serde_yaml::{Mapping, Value};

use crate::date::Date;
use crate::slug::is_slug;
use crate::yaml::{Doc, Entry, LineError, nearest, unknown_key};

/// A file cut into its YAML and its Markdown body.
pub struct Split<'a> {
    pub yaml: &'a str,
    /// Line of the file where the YAML starts (1-based).
    pub yaml_line: usize,
    pub body: &'a str,
    pub body_line: usize,
}

/// Cuts `---\nYAML\n---\nBODY`. A leading BOM is ignored.
pub fn split(text: &str) -> Result<Split<'_>, LineError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() == "+++" {
        return Err((
            1,
            "this is TOML front matter (`+++`); placard reads YAML: put the fields between `---` lines, written `key: value` (`title = \"A\"` becomes `title: \"A\"`)"
                .into(),
        ));
    }
    if text[..first_end].trim_end() != "---" {
        return Err((
            1,
            "no front matter; start the file with a `---` line, then `title:` and `date:`, then `---`"
                .into(),
        ));
    }
    let mut pos = first_end;
    let mut line = 2;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if text[pos..end].trim_end() == "---" {
            return Ok(Split {
                yaml: &text[first_end..pos],
                yaml_line: 2,
                body: &text[end..],
                body_line: line + 1,
            });
        }
        pos = end;
        line += 1;
    }
    Err((
        1,
        "front matter is not closed; add a `---` line after it".into(),
    ))
}

/// The front matter of an article.
#[derive(Debug, Default)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub author: Option<String>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    /// A web archive's snapshot of the source (`archive_url`).
    pub archive_url: Option<String>,
    pub dateline: Option<String>,
    pub copyright: Option<String>,
    pub tags: Vec<String>,
    pub warnings: Vec<String>,
    pub related: Vec<String>,
    pub summary: Option<String>,
    pub slug: Option<String>,
    pub aliases: Vec<String>,
    pub draft: bool,
    /// Unknown keys, handed to templates as `extra`.
    pub extra: Mapping,
    /// Lines of keys that later checks may complain about.
    pub lines: KeyLines,
    /// Terms of the site's taxonomies: (taxonomy, terms, line).
    pub terms: Vec<(String, Vec<String>, usize)>,
    /// The template its page is rendered with, instead of its section's
    /// `page_template` or `page.html`.
    pub template: Option<String>,
}

#[derive(Debug, Default)]
pub struct KeyLines {
    /// Where the Markdown body starts.
    pub body: usize,
    pub title: usize,
    pub date: usize,
    pub tags: usize,
    pub related: usize,
    pub slug: usize,
    pub aliases: usize,
    pub template: usize,
}

pub const ARTICLE_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "author",
    "source",
    "source_url",
    "archive_url",
    "dateline",
    "copyright",
    "tags",
    "warnings",
    "related",
    "summary",
    "slug",
    "aliases",
    "draft",
    "lang",
    "template",
];

/// Parses article front matter. Hard errors come back as `Err`; unknown
/// keys are warnings (with the nearest known key) and go to `extra`.
pub fn parse_article(
    s: &Split,
    warnings: &mut Vec<LineError>,
) -> Result<FrontMatter, Vec<LineError>> {
    parse_article_of::<&str>(s, warnings, &[])
}

/// [`parse_article`] on a site with `taxonomies` (`countries`): their
/// keys are lists of terms, as `tags` is.
pub fn parse_article_of<T: AsRef<str>>(
    s: &Split,
    warnings: &mut Vec<LineError>,
    taxonomies: &[T],
) -> Result<FrontMatter, Vec<LineError>> {
    let doc = Doc::parse(s.yaml, s.yaml_line).map_err(|e| vec![e])?;
    let mut fm = FrontMatter::default();
    fm.lines.body = s.body_line;
    let mut errors = vec![];
    for e in &doc.entries {
        let r = match e.key.as_str() {
            "title" => {
                fm.lines.title = e.line;
                text(e).map(|v| fm.title = v)
            }
            "date" => {
                fm.lines.date = e.line;
                date(e).map(|v| fm.date = v)
            }
            "updated" => date(e).map(|v| fm.updated = v),
            "author" => text(e).map(|v| fm.author = v),
            "source" => text(e).map(|v| fm.source = v),
            "source_url" => text(e)
                .and_then(|v| web_address(e, v))
                .map(|v| fm.source_url = v),
            "archive_url" => text(e)
                .and_then(|v| web_address(e, v))
                .map(|v| fm.archive_url = v),
            "dateline" => text(e).map(|v| fm.dateline = v),
            "copyright" => text(e).map(|v| fm.copyright = v),
            "summary" => text(e).map(|v| fm.summary = v),
            "tags" => {
                fm.lines.tags = e.line;
                list(e).and_then(|v| tags(e, v)).map(|v| fm.tags = v)
            }
            key if taxonomies.iter().any(|t| t.as_ref() == key) => list(e)
                .and_then(|v| tags(e, v))
                .map(|v| fm.terms.push((key.to_string(), v, e.line))),
            "warnings" => list(e).map(|v| fm.warnings = v),
            "related" => {
                fm.lines.related = e.line;
                list(e).map(|v| fm.related = v)
            }
            "aliases" => {
                fm.lines.aliases = e.line;
                list(e).map(|v| fm.aliases = v)
            }
            "draft" => e.get("true or false").map(|v| fm.draft = v),
            "slug" => {
                fm.lines.slug = e.line;
                slug(e).map(|v| fm.slug = Some(v))
            }
            "template" => {
                fm.lines.template = e.line;
                template(e).map(|v| fm.template = v)
            }
            // The article's language, for `<html lang>` (as `extra.lang`).
            "lang" => text(e).and_then(|v| match v {
                Some(l)
                    if (2..=35).contains(&l.len())
                        && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') =>
                {
                    fm.extra
                        .insert(Value::String("lang".into()), Value::String(l));
                    Ok(())
                }
                _ => Err((
                    e.line,
                    "`lang` must be a language code like `ru` or `pt-BR`".into(),
                )),
            }),
            other => {
                let known: Vec<&str> = ARTICLE_KEYS
                    .iter()
                    .copied()
                    .chain(taxonomies.iter().map(AsRef::as_ref))
                    .collect();
                warnings.push((e.line, unknown_key(other, &known)));
                fm.extra
                    .insert(Value::String(other.into()), e.value.clone());
                Ok(())
            }
        };
        errors.extend(r.err());
    }
    match &fm.title {
        None => errors.push(
            match doc.entries.iter().find(|e| {
                !ARTICLE_KEYS.contains(&e.key.as_str())
                    && nearest(&e.key, ARTICLE_KEYS) == Some("title")
            }) {
                Some(e) => (
                    e.line,
                    format!("missing `title:`; did you mean `title` for `{}`?", e.key),
                ),
                None => (s.yaml_line, "missing `title:`; add the headline".into()),
            },
        ),
        Some(t) if t.trim().is_empty() => {
            errors.push((fm.lines.title, "`title` is empty; add the headline".into()))
        }
        _ => {}
    }
    if errors.is_empty() {
        Ok(fm)
    } else {
        Err(errors)
    }
}

/// Front matter of a section's `_index.md`.
#[derive(Clone, Debug, Default)]
pub struct SectionMatter {
    pub title: Option<String>,
    pub description: String,
    pub weight: i64,
    pub keywords: Vec<String>,
    pub per_page: Option<usize>,
    /// Shown in the site's menu (the default); `in_menu: false` keeps a
    /// section such as the importer's `unsorted/` out of it.
    pub in_menu: bool,
    /// Built only with `--drafts`, with everything in it (the importer's
    /// `unsorted/`).
    pub draft: bool,
    /// The template of its list pages instead of `section.html`, and the
    /// one of its articles' pages (and its subsections') instead of
    /// `page.html`, each with its line.
    pub template: Option<(String, usize)>,
    pub page_template: Option<(String, usize)>,
    pub extra: Mapping,
    /// The keys the file gives (a translation takes the others from its
    /// original).
    pub given: Vec<String>,
}

pub const SECTION_KEYS: &[&str] = &[
    "title",
    "description",
    "weight",
    "keywords",
    "per_page",
    "in_menu",
    "draft",
    "template",
    "page_template",
];

pub fn parse_section(
    s: &Split,
    warnings: &mut Vec<LineError>,
) -> Result<SectionMatter, Vec<LineError>> {
    let doc = Doc::parse(s.yaml, s.yaml_line).map_err(|e| vec![e])?;
    let mut sm = SectionMatter {
        in_menu: true,
        ..SectionMatter::default()
    };
    let mut errors = vec![];
    for e in &doc.entries {
        sm.given.push(e.key.clone());
        let r = match e.key.as_str() {
            "title" => text(e).map(|v| sm.title = v),
            "description" => text(e).map(|v| sm.description = v.unwrap_or_default()),
            "weight" => e.get("a whole number").map(|v| sm.weight = v),
            "keywords" => list(e).map(|v| sm.keywords = v),
            "in_menu" => e.get("true or false").map(|v| sm.in_menu = v),
            "draft" => e.get("true or false").map(|v| sm.draft = v),
            "template" => template(e).map(|v| sm.template = v.map(|t| (t, e.line))),
            "page_template" => template(e).map(|v| sm.page_template = v.map(|t| (t, e.line))),
            "per_page" => e
                .get::<usize>("a whole number above 0")
                .and_then(|v| {
                    if v == 0 {
                        Err((e.line, "`per_page` must be above 0".into()))
                    } else {
                        Ok(v)
                    }
                })
                .map(|v| sm.per_page = Some(v)),
            other => {
                warnings.push((e.line, unknown_key(other, SECTION_KEYS)));
                sm.extra
                    .insert(Value::String(other.into()), e.value.clone());
                Ok(())
            }
        };
        errors.extend(r.err());
    }
    if errors.is_empty() {
        Ok(sm)
    } else {
        Err(errors)
    }
}

/// Text, with numbers and booleans taken as their spelling; empty → None.
fn text(e: &Entry) -> Result<Option<String>, LineError> {
    let s = match &e.value {
        Value::Null => return Ok(None),
        Value::String(s) => without_controls(s),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return Err((e.line, format!("`{}` must be text", e.key))),
    };
    Ok((!s.trim().is_empty()).then_some(s))
}

/// `s` without control characters (NUL among them) other than tabs and
/// line breaks: a page may not hold them, and they show as nothing.
fn without_controls(s: &str) -> String {
    let unwanted = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if s.contains(unwanted) {
        s.replace(unwanted, "")
    } else {
        s.to_string()
    }
}

/// The most tags an article may have, and the longest tag: each tag is a
/// page of its own, and its name a folder name in the output.
pub const MAX_TAGS: usize = 50;
pub const MAX_TAG_CHARS: usize = 80;

fn tags(e: &Entry, tags: Vec<String>) -> Result<Vec<String>, LineError> {
    if tags.len() > MAX_TAGS {
        return Err((
            e.line,
            format!(
                "{} tags; an article may have {MAX_TAGS} at most: keep the ones readers would \
                 look for",
                tags.len()
            ),
        ));
    }
    if let Some(long) = tags.iter().find(|t| t.chars().count() > MAX_TAG_CHARS) {
        let start: String = long.chars().take(30).collect();
        return Err((
            e.line,
            format!(
                "tag \"{start}…\" is {} characters long; a tag may have {MAX_TAG_CHARS} at most",
                long.chars().count()
            ),
        ));
    }
    Ok(tags)
}

/// A list of text; a single text is a list of one.
fn list(e: &Entry) -> Result<Vec<String>, LineError> {
    let items = match &e.value {
        Value::Null => return Ok(vec![]),
        Value::Sequence(seq) => seq.clone(),
        one => vec![one.clone()],
    };
    items
        .into_iter()
        .map(|v| match v {
            Value::String(s) => Ok(without_controls(&s)),
            Value::Number(n) => Ok(n.to_string()),
            _ => Err((
                e.line,
                format!("`{}` must be a list of text, e.g. [a, b]", e.key),
            )),
        })
        .filter(|r| r.as_ref().map_or(true, |s| !s.trim().is_empty()))
        .collect()
}

/// A link readers may follow: only http and https, so that a pasted
/// `javascript:` address can never become a link on the page.
/// A template's name: a path under templates/ ending in `.html`
/// (`reports/list.html`), never leading out of it.
fn template(e: &Entry) -> Result<Option<String>, LineError> {
    match text(e)? {
        Some(t)
            if t.ends_with(".html")
                && !t.starts_with('/')
                && !t.contains('\\')
                && t.split('/').all(|p| !p.is_empty() && p != "." && p != "..") =>
        {
            Ok(Some(t))
        }
        Some(t) => Err((
            e.line,
            format!(
                "`{}` \"{t}\" must name a template under templates/, like `report.html`",
                e.key
            ),
        )),
        None => Ok(None),
    }
}

fn web_address(e: &Entry, v: Option<String>) -> Result<Option<String>, LineError> {
    match v {
        Some(url) if !(url.starts_with("https://") || url.starts_with("http://")) => Err((
            e.line,
            format!(
                "`{}` \"{url}\" is not a web address; write it in full, starting with https://",
                e.key
            ),
        )),
        other => Ok(other),
    }
}

fn date(e: &Entry) -> Result<Option<Date>, LineError> {
    match &e.value {
        Value::Null => Ok(None),
        Value::String(s) => Date::parse(s).map(Some).map_err(|m| (e.line, m)),
        other => {
            let shown = serde_yaml::to_string(other).unwrap_or_default();
            Err((
                e.line,
                format!(
                    "date \"{}\" is not a date; write it as YYYY-MM-DD",
                    shown.trim()
                ),
            ))
        }
    }
}

/// A `slug:` as its author spelt it: `a-z`, `0-9` and `-`, or the lower-case
/// letters of another script (`беженки`), whatever the site's `slugs:`.
fn slug(e: &Entry) -> Result<String, LineError> {
    let s: String = e.get("text")?;
    let letters = crate::slug::slugify_as(&s, crate::slug::Slugs::Unicode);
    if is_slug(&s) || (!s.is_empty() && letters == s) {
        Ok(s)
    } else {
        Err((
            e.line,
            format!(
                "slug \"{s}\" may hold only lower-case letters, digits and -; try \"{}\"",
                if letters.is_empty() {
                    crate::slug::slugify(&s)
                } else {
                    letters
                }
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(src: &str) -> (Result<FrontMatter, Vec<LineError>>, Vec<LineError>) {
        let s = split(src).unwrap();
        let mut w = vec![];
        (parse_article(&s, &mut w), w)
    }

    #[test]
    fn splits_front_matter_and_body() {
        let s = split("\u{feff}---\r\ntitle: A\r\n---\r\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
        assert_eq!(split("title: A\n").err().unwrap().0, 1);
        assert!(
            split("---\ntitle: A\n")
                .err()
                .unwrap()
                .1
                .contains("not closed")
        );
    }

    #[test]
    fn reads_article_fields() {
        let (fm, w) = article(
            "---\ntitle: Kosovo\ndate: 2004-05-07\ntags: [Kosovo, UN]\nwarnings: sexual violence\ntitel: x\n---\n",
        );
        let fm = fm.unwrap();
        assert_eq!(fm.title.as_deref(), Some("Kosovo"));
        assert_eq!(fm.date.unwrap().iso(), "2004-05-07");
        assert_eq!(fm.tags, ["Kosovo", "UN"]);
        assert_eq!(fm.warnings, ["sexual violence"]);
        assert_eq!(
            w,
            [(6, "unknown key `titel`; did you mean `title`?".to_string())]
        );
        assert!(fm.extra.contains_key("titel"));
    }

    #[test]
    fn a_misspelt_title_is_named_where_it_stands() {
        let errs = article("---\ndate: 2020-01-02\ntitel: Kosovo\n---\n")
            .0
            .unwrap_err();
        assert_eq!(
            errs,
            [(
                3,
                "missing `title:`; did you mean `title` for `titel`?".to_string()
            )]
        );
    }

    #[test]
    fn errors_name_their_lines() {
        let (fm, _) = article("---\nauthor: A\ndate: 2020-31-31\nslug: Bad Slug\n---\n");
        let errs = fm.unwrap_err();
        let lines: Vec<usize> = errs.iter().map(|e| e.0).collect();
        assert_eq!(lines, [3, 4, 2], "{errs:?}");
        assert!(errs[2].1.contains("missing `title:`"));
    }

    #[test]
    fn drafts_and_pages_need_no_date() {
        let (fm, _) = article("---\ntitle: A\ndraft: true\n---\n");
        assert!(fm.unwrap().draft);
        // An undated article is a page (see `checks::undated`).
        let (fm, _) = article("---\ntitle: About us\n---\n");
        assert!(fm.unwrap().date.is_none());
    }
}

//! What each kind of old site is to a migration: one small trait, as
//! mdBook's `Renderer` is to its outputs. A source says what it is, gives
//! the old site's settings and static files, lists its documents and
//! converts one; the driver ([`super::migrate`]) names, relinks and writes
//! them all alike.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use anyhow::Result;

use super::Kind;
use super::post::Post;

/// An old site being read.
pub trait Source {
    fn kind(&self) -> Kind;
    /// The old site's own settings.
    fn settings(&self) -> Settings;
    /// Its static files: where each is, and its path on the site; what
    /// is not read (a folder that is a link), told in `left`.
    fn statics(&self, left: &mut Vec<String>) -> Vec<(PathBuf, String)>;
    /// Its documents, with what it holds that is not brought across.
    fn documents(&mut self) -> Result<Found>;
    /// One document's body as Markdown, its links to other documents as
    /// `@/` links (`targets` names where each document goes).
    fn convert(&self, doc: &Document, targets: &Targets) -> Body;
}

/// What an old site says of itself.
#[derive(Debug, Default, Clone)]
pub struct Settings {
    pub title: Option<String>,
    /// Its address (`https://old.example/`), for links to what was not
    /// brought across, and the new site's.
    pub base_url: Option<String>,
    pub description: Option<String>,
    /// Its language (`en`, `pt-br`).
    pub language: Option<String>,
    /// Its other languages, as it builds them.
    pub languages: Vec<crate::init::Language>,
    /// Its taxonomies besides tags and categories, as its addresses name
    /// them (`/project_tags/x/`): their terms are tags on the new site.
    pub taxonomies: Vec<String>,
}

impl Settings {
    /// What the new site's site.yaml takes of them.
    pub fn for_init(&self) -> crate::init::Settings {
        crate::init::Settings {
            title: self.title.clone(),
            description: self.description.as_deref().map(crate::convert::html_text),
            base_url: self.base_url.clone(),
            language: self.language.as_ref().map(|l| l.to_ascii_lowercase()),
            languages: self.languages.clone(),
            slugs: None,
        }
    }
}

/// What a source holds.
#[derive(Debug, Default)]
pub struct Found {
    pub documents: Vec<Document>,
    /// Section folder → its title, as the old site named its sections.
    pub sections: BTreeMap<String, String>,
    /// (Section folder, language) → its title in that language.
    pub translated_sections: BTreeMap<(String, String), String>,
    /// What is not brought across, and why.
    pub left: Vec<String>,
}

/// One document of the old site, before its body is converted.
#[derive(Debug, Default)]
pub struct Document {
    /// What it will be written as (its body still empty).
    pub post: Post,
    /// The body as the source holds it.
    pub raw: String,
    /// The names other documents link to it by (`post/x.md`,
    /// `2019-05-01-x`), besides its slug.
    pub keys: Vec<String>,
    /// The body is HTML (a WordPress post, a feed item, an `.html` page),
    /// not Markdown.
    pub html: bool,
    /// The folder of files that belong to it (a Hugo page bundle).
    pub bundle: Option<PathBuf>,
    /// The address its HTML's relative links and images are relative to
    /// (a feed item's own).
    pub base: Option<String>,
    /// Values its template language may show (`page.title` → the title).
    pub vars: HashMap<String, String>,
}

/// What an `@/` link can name: a document's key or slug → the article's
/// path under content/ (`posts/my-post.md`).
pub type Targets = HashMap<String, String>;

/// A converted body.
#[derive(Debug, Default)]
pub struct Body {
    pub markdown: String,
    pub notes: Vec<String>,
    pub needs: Vec<String>,
    /// Files that go beside the article: where each is, its new name.
    pub files: Vec<(PathBuf, String)>,
}

impl Body {
    /// A body converted by the one converter, with what it noted.
    pub fn from(markdown: String, got: crate::convert::html::Converted) -> Body {
        Body {
            markdown,
            notes: got.notes,
            needs: got.needs,
            files: vec![],
        }
    }

    /// An HTML body, its links as written (the driver relinks them), or
    /// absolute against `base` when the document has one.
    pub fn of_html(html: &str, base: Option<&str>) -> Body {
        let base = base.and_then(|b| url::Url::parse(b).ok());
        let got = crate::convert::html_to_markdown(
            html,
            &crate::convert::Options {
                base: base.as_ref(),
                keep_relative: true,
                ..Default::default()
            },
        );
        Body {
            markdown: got.markdown,
            notes: got.notes,
            needs: got.needs,
            files: vec![],
        }
    }
}

/// The article a `ref`, `{% link %}` or `{% post_url %}` names.
pub fn resolve(target: &str, targets: &Targets) -> Option<String> {
    let (path, anchor) = match target.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (target, None),
    };
    let path = path.trim_start_matches('/');
    let stem = path.trim_end_matches(".md").trim_end_matches(".markdown");
    let found = targets
        .get(path)
        .or_else(|| targets.get(stem))
        .or_else(|| targets.get(stem.rsplit('/').next().unwrap_or(stem)))?;
    Some(match anchor {
        Some(a) => format!("{found}#{a}"),
        None => found.clone(),
    })
}

/// The arguments of a shortcode (Hugo's or WordPress's): its name, and
/// each argument, named (`src="x"`) or not.
pub fn split_args(inner: &str) -> (String, Vec<(Option<String>, String)>) {
    let mut words = vec![];
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in inner.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '"' | '`' | '\'' | '“' | '”') => {
                quote = Some(if c == '“' { '”' } else { c })
            }
            (None, c) if c.is_whitespace() => {
                if !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
            }
            (None, c) => cur.push(c),
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    let mut it = words.into_iter();
    let name = it.next().unwrap_or_default();
    let args = it
        .map(|w| match w.split_once('=') {
            Some((k, v)) if k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
                (Some(k.to_string()), v.to_string())
            }
            _ => (None, w),
        })
        .collect();
    (name, args)
}

//! What an old page showed from its front matter rather than its body: a
//! byline of one author or several (by name, or by an id the site's
//! `authors` data file names), a lead image, a video, speakers, a venue,
//! a link out. Themes render these around the body; placard's article has
//! a byline, and the rest goes at the top of the body, so that nothing a
//! reader saw is lost.

use std::collections::HashMap;
use std::path::Path;

use serde_yaml::Value;

use super::fields::{Fields, from_toml};
use crate::text::escape;

/// Author ids → names, from the site's `authors` data file
/// (`_data/authors.yml` for Jekyll, `data/authors.toml` for Hugo).
#[derive(Debug, Default)]
pub struct Authors(HashMap<String, String>);

impl Authors {
    /// The first of `dir/authors.{yml,yaml,toml,json}` that reads; none is
    /// no names.
    pub fn load(dir: &Path) -> Authors {
        let mut names = HashMap::new();
        for ext in ["yml", "yaml", "toml", "json"] {
            let file = crate::paths::file(dir, &format!("authors.{ext}"));
            let Some(Ok(text)) = file.map(std::fs::read_to_string) else {
                continue;
            };
            if crate::yaml::check_depth(&text).is_err() {
                continue;
            }
            let value: Option<Value> = match ext {
                "toml" => toml::from_str::<toml::Table>(&text)
                    .ok()
                    .map(|t| from_toml(toml::Value::Table(t))),
                "json" => serde_json::from_str::<serde_json::Value>(&text)
                    .ok()
                    .and_then(|j| serde_yaml::to_value(j).ok()),
                _ => serde_yaml::from_str(&text).ok(),
            };
            if let Some(Value::Mapping(m)) = value {
                for (id, v) in m {
                    if let (Some(id), Some(name)) = (id.as_str(), person(&v)) {
                        names.insert(id.to_string(), name);
                    }
                }
                break;
            }
        }
        Authors(names)
    }

    /// The byline: `author`, else `authors`, each by its name, joined.
    pub fn byline(&self, f: &Fields) -> Option<String> {
        let people = match people(f, "author") {
            p if p.is_empty() => people(f, "authors"),
            p => p,
        };
        let names: Vec<String> = people
            .into_iter()
            .map(|p| self.0.get(&p).cloned().unwrap_or(p))
            .collect();
        (!names.is_empty()).then(|| names.join(", "))
    }
}

/// A person as front matter gives one: a name, or a mapping with one.
fn person(v: &Value) -> Option<String> {
    let name = match v {
        Value::String(s) => s.clone(),
        Value::Mapping(m) => ["name", "display_name", "title"]
            .iter()
            .find_map(|k| m.get(*k).and_then(Value::as_str))?
            .to_string(),
        _ => return None,
    };
    Some(name.trim().to_string()).filter(|n| !n.is_empty())
}

/// The people `key` names: one, a list, or a list written as text
/// (`"['ana', 'bo']"`, as some exporters leave it). One name with a comma
/// in it ("Josh Aas, ISRG Executive Director") stays one.
fn people(f: &Fields, key: &str) -> Vec<String> {
    match f.map.get(key) {
        Some(Value::Sequence(items)) => items.iter().filter_map(person).collect(),
        Some(Value::String(s)) if s.trim().starts_with('[') && s.trim().ends_with(']') => {
            let inner = &s.trim()[1..s.trim().len() - 1];
            inner
                .split(',')
                .map(|n| n.trim().trim_matches(['"', '\'']).trim().to_string())
                .filter(|n| !n.is_empty())
                .collect()
        }
        Some(v) => person(v).into_iter().collect(),
        None => vec![],
    }
}

/// Keys themes show as a page's lead image, first found first: a path, or
/// a mapping that holds one (`header: {image: …}`, `cover: {image: …}`).
const IMAGE_KEYS: &[&str] = &[
    "image",
    "featured_image",
    "featuredimage",
    "feature_image",
    "featureimage",
    "cover",
    "cover_image",
    "coverimage",
    "hero",
    "hero_image",
    "banner",
    "header",
    "thumbnail",
    "logo",
    "images",
];

/// Keys naming people a page showed (`speakers: [{name: …}]`).
const PEOPLE_KEYS: &[&str] = &[
    "speakers",
    "speaker",
    "presenters",
    "presenter",
    "hosts",
    "guests",
    "panelists",
];

/// Keys of a page's place or event, shown as "Key: value".
const PLACE_KEYS: &[&str] = &["location", "venue", "event"];

/// Keys of an address a page linked out to.
const LINK_KEYS: &[&str] = &[
    "link",
    "link-out",
    "link_out",
    "external_url",
    "external_link",
    "website",
    "slides",
    "recording",
];

/// HTML for what the page showed from its front matter, to go above its
/// body (which the converter then reads as any other). An image the body
/// already shows is not shown twice. `root` says a relative image path is
/// from the site's root (Jekyll), not beside the page (a Hugo bundle's).
/// The source a post names of its own (`source`, `source_url`,
/// `archive_url`), as a clippings site keeps them: (name, address,
/// snapshot), addresses only when they are web addresses.
pub fn source(f: &Fields) -> (Option<String>, Option<String>, Option<String>) {
    let web = |key: &str| {
        f.text(key)
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
    };
    (f.text("source"), web("source_url"), web("archive_url"))
}

pub fn lead_html(f: &Fields, body: &str, root: bool, notes: &mut Vec<String>) -> String {
    let mut out = String::new();
    let mut shown = vec![];
    if let Some((src, alt)) = IMAGE_KEYS.iter().find_map(|k| image(f.map.get(*k)?)) {
        let name = src.rsplit('/').next().unwrap_or(&src);
        if !body.contains(name) {
            let src = match root && !src.contains("://") && !src.starts_with('/') {
                true => format!("/{src}"),
                false => src,
            };
            out += &format!(
                "<p><img src=\"{}\" alt=\"{}\"></p>\n",
                escape(&src),
                escape(&alt)
            );
            shown.push("its lead image");
        }
    }
    if let Some(url) = ["video", "youtube", "youtube_id", "vimeo"]
        .iter()
        .find_map(|k| video(&f.text(k)?))
    {
        if !body.contains(&url) {
            out += &format!("<p><a href=\"{0}\">{0}</a></p>\n", escape(&url));
            shown.push("its video");
        }
    }
    for key in PEOPLE_KEYS.iter().chain(PLACE_KEYS) {
        let names = match f.map.get(*key) {
            Some(Value::Mapping(m)) => m
                .iter()
                .filter_map(|(_, v)| v.as_str().map(str::to_string))
                .collect(),
            _ => people(f, key),
        };
        if !names.is_empty() {
            out += &format!("<p>{}: {}</p>\n", label(key), escape(&names.join(", ")));
            shown.push(key);
        }
    }
    for key in LINK_KEYS {
        if let Some(url) = f.text(key).filter(|u| u.starts_with("http")) {
            out += &format!("<p><a href=\"{0}\">{0}</a></p>\n", escape(&url));
            shown.push(key);
        }
    }
    if !shown.is_empty() {
        notes.push(format!(
            "from its front matter, {} now at the top of the body",
            shown.join(", ")
        ));
        // A blank line ends the HTML block before a Markdown body.
        out.push('\n');
    }
    out
}

/// An image path a value gives, with its alt text.
fn image(v: &Value) -> Option<(String, String)> {
    let (src, alt) = match v {
        Value::String(s) => (s.clone(), String::new()),
        Value::Sequence(items) => return items.iter().find_map(image),
        Value::Mapping(m) => {
            let src = [
                "image",
                "path",
                "src",
                "url",
                "feature",
                "overlay_image",
                "teaser",
            ]
            .iter()
            .find_map(|k| m.get(*k).and_then(Value::as_str))?;
            let alt = ["alt", "caption", "title"]
                .iter()
                .find_map(|k| m.get(*k).and_then(Value::as_str))
                .unwrap_or("");
            (src.to_string(), alt.to_string())
        }
        _ => return None,
    };
    let src = src.trim();
    // An image by its extension: `image:` also names container images
    // and booleans in some sites.
    let path = src.split(['?', '#']).next().unwrap_or("");
    let is_image = crate::images::Kind::of(path).is_some();
    (is_image && !src.contains(char::is_whitespace)).then(|| (src.to_string(), alt))
}

/// A video's address: as given, or a YouTube id's (11 characters) or a
/// Vimeo number's.
fn video(v: &str) -> Option<String> {
    let v = v.trim();
    if v.starts_with("https://") || v.starts_with("http://") {
        return Some(v.to_string());
    }
    let id_char = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    match v.len() {
        11 if v.chars().all(id_char) => Some(format!("https://www.youtube.com/watch?v={v}")),
        6..=10 if v.bytes().all(|b| b.is_ascii_digit()) => Some(format!("https://vimeo.com/{v}")),
        _ => None,
    }
}

/// `speakers` → "Speakers", `link_out` → "Link out".
fn label(key: &str) -> String {
    let words = key.replace(['_', '-'], " ");
    let mut c = words.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(yaml: &str) -> Fields {
        super::super::fields::read(&format!("---\n{yaml}---\n"), &mut vec![]).unwrap()
    }

    #[test]
    fn bylines_of_every_shape() {
        let mut names = Authors::default();
        names.0.insert("hborla".into(), "Holly Borla".into());
        let by = |y: &str| names.byline(&fields(y));
        assert_eq!(by("author: [hborla]\n").as_deref(), Some("Holly Borla"));
        assert_eq!(
            by("author: \"['ana', 'bo']\"\n").as_deref(),
            Some("ana, bo")
        );
        assert_eq!(
            by("author: Josh Aas, ISRG Executive Director\n").as_deref(),
            Some("Josh Aas, ISRG Executive Director")
        );
        assert_eq!(
            by("authors:\n  - name: Ana\n  - Bo\n").as_deref(),
            Some("Ana, Bo")
        );
        assert_eq!(by("author:\n  name: Cy\n").as_deref(), Some("Cy"));
        assert_eq!(by("title: x\n"), None);
    }

    #[test]
    fn what_a_theme_showed_goes_above_the_body() {
        let mut notes = vec![];
        let f = fields(
            "header:\n  image: assets/lead.jpg\nvideo: z3C7R_r75JI\nspeakers:\n  - name: Jane Doe\n  - name: John Roe\nlink-out: http://scalaupnorth.com\n",
        );
        let html = lead_html(&f, "Body", true, &mut notes);
        assert!(html.contains("<img src=\"/assets/lead.jpg\""), "{html}");
        assert!(html.contains("https://www.youtube.com/watch?v=z3C7R_r75JI"));
        assert!(html.contains("<p>Speakers: Jane Doe, John Roe</p>"));
        assert!(html.contains("http://scalaupnorth.com"));
        assert_eq!(notes.len(), 1);
        // Not twice, and never a container image.
        let f = fields("image: lead.jpg\n");
        assert_eq!(lead_html(&f, "![x](lead.jpg)", false, &mut notes), "");
        let f = fields("image: ghcr.io/stefanprodan/podinfo:latest\n");
        assert_eq!(lead_html(&f, "", false, &mut notes), "");
    }
}

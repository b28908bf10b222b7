//! Front matter at the top of a text clipping (YAML or TOML, in the keys
//! scraped archives use: `headline`, `byline`, `publisher`, `url` …): the
//! fields a clipping states, which win over what its text suggests.

use super::header::{set_byline, set_source};
use super::story::Story;
use crate::convert::doc;

/// Front matter at the top of a clipping (YAML between `---` lines, or TOML
/// between `+++` lines): its fields, and the text after it.
pub fn front_matter(text: &str) -> Option<(Fields, &str)> {
    let t = text.trim_start_matches('\n');
    let fence = if t.starts_with("---\n") {
        "---"
    } else if t.starts_with("+++\n") {
        "+++"
    } else {
        return None;
    };
    let after = &t[4..];
    let end = after
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .chain(std::iter::once(0))
        .find(|&i| {
            after[i..]
                .lines()
                .next()
                .is_some_and(|l| l.trim_end() == fence)
        })?;
    let head = &after[..end];
    let rest = after[end..].split_once('\n').map_or("", |(_, r)| r);
    crate::yaml::check_depth(head).ok()?;
    let map: std::collections::BTreeMap<String, String> = if fence == "---" {
        let v: serde_yaml::Value = serde_yaml::from_str(head).ok()?;
        v.as_mapping()?
            .iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_ascii_lowercase(), scalar_yaml(v)?)))
            .collect()
    } else {
        let v: toml::Table = toml::from_str(head).ok()?;
        v.iter()
            .filter_map(|(k, v)| Some((k.to_ascii_lowercase(), scalar_toml(v)?)))
            .collect()
    };
    let get = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| map.get(*k).cloned())
            .filter(|v| !v.trim().is_empty())
    };
    let fields = Fields {
        title: get(&["title", "headline"]).unwrap_or_default(),
        date: get(&[
            "date",
            "published",
            "publish_date",
            "pubdate",
            "date_published",
        ]),
        author: get(&["author", "byline", "by", "authors"]),
        source: get(&["source", "publisher", "publication", "newspaper"]),
        source_url: get(&["source_url", "url", "link", "original"]),
        archive_url: get(&["archive_url", "archived", "archive", "snapshot"]),
        dateline: get(&["dateline", "place"]),
        lang: get(&["lang", "language"]),
    };
    Some((fields, rest))
}

fn scalar_yaml(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Sequence(items) => {
            let parts: Vec<String> = items.iter().filter_map(scalar_yaml).collect();
            (!parts.is_empty()).then(|| parts.join(" and "))
        }
        serde_yaml::Value::Tagged(t) => scalar_yaml(&t.value),
        _ => None,
    }
}

fn scalar_toml(v: &toml::Value) -> Option<String> {
    match v {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        toml::Value::Integer(n) => Some(n.to_string()),
        toml::Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(scalar_toml).collect();
            (!parts.is_empty()).then(|| parts.join(" and "))
        }
        _ => None,
    }
}

/// A clipping's own front-matter fields.
pub struct Fields {
    pub title: String,
    pub date: Option<String>,
    pub author: Option<String>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    pub archive_url: Option<String>,
    pub dateline: Option<String>,
    pub lang: Option<String>,
}

impl Fields {
    /// The fields a clipping states win over what its text suggests.
    pub fn fill(self, s: &mut Story) {
        if !self.title.trim().is_empty() {
            let title = self.title.split_whitespace().collect::<Vec<_>>().join(" ");
            // The body's first line was taken for a headline: it is text.
            if s.title != title && !s.title.is_empty() && !s.title_guessed {
                s.body
                    .insert(0, doc::paragraph(std::mem::take(&mut s.title)));
            }
            s.title = title;
            s.title_guessed = false;
        }
        if let Some(d) = self.date {
            match super::dates::parse_stamp(&d) {
                Some(d) => s.date = Some(d),
                None => s.unreadable_date = Some(d),
            }
        }
        if let Some(a) = self.author {
            set_byline(s, &a);
        }
        if let Some(v) = self.source {
            set_source(s, &v);
        }
        if let Some(u) = self.source_url.filter(|u| u.starts_with("http")) {
            s.source_url = Some(u);
        }
        if let Some(u) = self.archive_url.filter(|u| u.starts_with("http")) {
            s.archive_url = Some(u);
        }
        s.dateline = self.dateline.or(s.dateline.take());
        s.lang = self
            .lang
            .map(|l| crate::text::primary(&l))
            .or(s.lang.take());
    }
}

//! A Hugo site's settings (title, address, permalinks, where its content
//! is) and the addresses its permalink patterns gave its pages.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde_yaml::Value;

use super::super::Post;
use super::super::fields;
use crate::slug::slugify;

/// What the driver needs of a Hugo site's settings.
pub struct Settings {
    pub title: Option<String>,
    pub base_url: Option<String>,
    /// Section (or `page`) → URL pattern, e.g. `/:year/:month/:slug/`.
    pub permalinks: BTreeMap<String, String>,
    pub content: String,
}

pub fn settings(root: &Path) -> Result<Settings> {
    let mut value = Value::Null;
    for name in [
        "hugo.toml",
        "hugo.yaml",
        "hugo.yml",
        "hugo.json",
        "config.toml",
        "config.yaml",
        "config.yml",
        "config.json",
        "config/_default/hugo.toml",
        "config/_default/config.toml",
        "config/_default/hugo.yaml",
        "config/_default/config.yaml",
    ] {
        let path = root.join(name);
        if !path.is_file() {
            continue;
        }
        let text = crate::convert::decode::read(&path)?;
        value = if name.ends_with(".toml") {
            let t: toml::Table = toml::from_str(&text)
                .with_context(|| format!("{}: not TOML Hugo can read", path.display()))?;
            fields::from_toml(toml::Value::Table(t))
        } else if name.ends_with(".json") {
            let j: serde_json::Value = serde_json::from_str(&text)
                .with_context(|| format!("{}: not JSON", path.display()))?;
            serde_yaml::to_value(j)?
        } else {
            serde_yaml::from_str(&text).with_context(|| format!("{}: not YAML", path.display()))?
        };
        break;
    }
    let get = |k: &str| -> Option<&Value> {
        value
            .as_mapping()?
            .iter()
            .find(|(key, _)| key.as_str().is_some_and(|s| s.eq_ignore_ascii_case(k)))
            .map(|(_, v)| v)
    };
    let mut permalinks = BTreeMap::new();
    if let Some(Value::Mapping(m)) = get("permalinks") {
        for (k, v) in m {
            match (k.as_str(), v) {
                (Some(k), Value::String(p)) => {
                    permalinks.insert(k.to_string(), p.clone());
                }
                // Hugo 0.120's form: `permalinks: page: {posts: …}`.
                (Some("page"), Value::Mapping(inner)) => {
                    for (k, v) in inner {
                        if let (Some(k), Some(p)) = (k.as_str(), v.as_str()) {
                            permalinks.insert(k.to_string(), p.to_string());
                        }
                    }
                }
                _ => {}
            }
        }
    }
    Ok(Settings {
        title: get("title").and_then(Value::as_str).map(str::to_string),
        base_url: get("baseURL").and_then(Value::as_str).map(str::to_string),
        permalinks,
        content: content_dir(&get),
    })
}

/// Where the pages are: a module mount onto `content`, the default
/// language's `contentDir`, the site's `contentDir`, or `content/`.
fn content_dir<'v>(get: &dyn Fn(&str) -> Option<&'v Value>) -> String {
    let text = |v: Option<&Value>, k: &str| {
        v.and_then(|v| v.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let mounted = get("module")
        .and_then(|m| m.get("mounts"))
        .and_then(Value::as_sequence)
        .and_then(|mounts| {
            mounts
                .iter()
                .find(|m| m.get("target").and_then(Value::as_str) == Some("content"))
                .and_then(|m| text(Some(m), "source"))
        });
    let language = get("defaultContentLanguage")
        .and_then(Value::as_str)
        .unwrap_or("en");
    let by_language = text(get("languages").and_then(|l| l.get(language)), "contentDir");
    mounted
        .or(by_language)
        .or_else(|| {
            get("contentDir")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or_else(|| "content".into())
}

/// A Hugo content folder as a section folder of placard.
pub fn section_dir(dir: &str) -> String {
    dir.split('/')
        .map(slugify)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("/")
}

/// A Hugo permalink pattern for this page.
pub fn expand(pattern: &str, p: &Post, section: &str, file: &str) -> String {
    let date = p.date.as_deref().unwrap_or("");
    let part = |a: usize, b: usize| date.get(a..b).unwrap_or("").to_string();
    let months = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let month_name = part(5, 7)
        .parse::<usize>()
        .ok()
        .and_then(|m| months.get(m.wrapping_sub(1)))
        .copied()
        .unwrap_or("");
    let mut out = pattern.to_string();
    for (key, value) in [
        (":year", part(0, 4)),
        (":monthname", month_name.to_string()),
        (":month", part(5, 7)),
        (":day", part(8, 10)),
        (
            ":slugorfilename",
            if p.slug.is_empty() {
                file.to_string()
            } else {
                p.slug.clone()
            },
        ),
        (
            ":slugorcontentbasename",
            if p.slug.is_empty() {
                file.to_string()
            } else {
                p.slug.clone()
            },
        ),
        (
            ":slug",
            if p.slug.is_empty() {
                slugify(&p.title)
            } else {
                p.slug.clone()
            },
        ),
        (":title", slugify(&p.title)),
        (":filename", file.to_string()),
        (":contentbasename", file.to_string()),
        (":sections", section.to_string()),
        (
            ":section",
            section.split('/').next().unwrap_or("").to_string(),
        ),
    ] {
        out = out.replace(key, &value);
    }
    let out = if out.starts_with('/') {
        out
    } else {
        format!("/{out}")
    };
    out.to_lowercase()
}

//! A Hugo site's settings (title, address, permalinks, where its content
//! is) and the addresses its permalink patterns gave its pages.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde_yaml::Value;

use super::super::Post;
use super::super::fields;
use crate::slug::slugify;

/// What the driver needs of a Hugo site's settings.
pub struct Settings {
    pub title: Option<String>,
    pub base_url: Option<String>,
    pub description: Option<String>,
    /// Section (or `page`) → URL pattern, e.g. `/:year/:month/:slug/`.
    pub permalinks: BTreeMap<String, String>,
    /// The default language's content folder.
    pub content: String,
    /// The default language (`en` unless the site says otherwise).
    pub language: String,
    /// Whether the default language, too, is published under `/CODE/`.
    pub language_in_subdir: bool,
    /// The site's other languages, as it builds them (none when it is in
    /// one language).
    pub languages: Vec<Lang>,
    /// Folders whose files the old site published as they are: each
    /// folder (under the site) and its path on the site (`static` at the
    /// top; a module mount onto `content/uploads` at `uploads`).
    pub statics: Vec<(String, String)>,
    /// Its taxonomies, as pages name them (`tags`, `project_tags`).
    pub taxonomies: Vec<String>,
}

/// One of a Hugo site's other languages.
#[derive(Clone, Debug, Default)]
pub struct Lang {
    pub code: String,
    pub name: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    /// Its own content folder, when it has one (else its pages are
    /// `NAME.CODE.md` beside the default language's).
    pub content: Option<String>,
}

/// The files a Hugo site's settings may be in, at its top.
const TOP: &[&str] = &[
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
];

pub fn settings(root: &Path) -> Result<Settings> {
    let value = config(root)?;
    let get = |k: &str| key(&value, k);
    let text = |k: &str| get(k).and_then(Value::as_str).map(str::to_string);
    let language = text("defaultContentLanguage")
        .unwrap_or_else(|| "en".into())
        .to_ascii_lowercase();
    let mut languages = vec![];
    let mut own = Lang::default();
    if let Some(Value::Mapping(langs)) = get("languages") {
        for (code, v) in langs {
            let Some(code) = code.as_str().map(str::to_ascii_lowercase) else {
                continue;
            };
            if key(v, "disabled").and_then(Value::as_bool) == Some(true) {
                continue;
            }
            let lang = language_of(&code, v);
            match code == language {
                true => own = lang,
                false => languages.push(lang),
            }
        }
    }
    let mounts = mounts(get("module"));
    // Module mounts onto `content` for a language are its content folder.
    for m in mounts.iter().filter(|m| m.target == "content") {
        let source = Some(m.source.clone());
        match &m.lang {
            Some(l) if *l == language => own.content = own.content.or(source),
            Some(l) => {
                if let Some(other) = languages.iter_mut().find(|x| x.code == *l) {
                    other.content = other.content.take().or(source);
                }
            }
            None => {}
        }
    }
    languages.sort_by(|a, b| a.code.cmp(&b.code));
    let description = described(&value);
    // The site's own language's settings stand in for the top's.
    Ok(Settings {
        title: text("title").or(own.title),
        base_url: text("baseURL"),
        description: description.or(own.description),
        permalinks: permalinks(get("permalinks")),
        content: own.content.unwrap_or_else(|| content_dir(&mounts, &get)),
        language,
        language_in_subdir: get("defaultContentLanguageInSubdir").and_then(Value::as_bool)
            == Some(true),
        languages,
        statics: static_dirs(&mounts, &get),
        taxonomies: match get("taxonomies") {
            Some(Value::Mapping(t)) => t
                .values()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            _ => vec!["tags".into(), "categories".into()],
        },
    })
}

/// Where the old site's files published as they are come from: its
/// `staticDir` (or `static/`), module mounts onto `static` and onto a
/// folder of `content` (whose files Hugo publishes beside its pages).
fn static_dirs<'v>(
    mounts: &[Mount],
    get: &dyn Fn(&str) -> Option<&'v Value>,
) -> Vec<(String, String)> {
    let mut dirs: Vec<(String, String)> = match get("staticDir") {
        Some(Value::String(d)) => vec![(d.clone(), String::new())],
        Some(Value::Sequence(ds)) => ds
            .iter()
            .filter_map(Value::as_str)
            .map(|d| (d.to_string(), String::new()))
            .collect(),
        _ => vec![("static".into(), String::new())],
    };
    dirs.retain(|(d, _)| inside(d));
    for m in mounts {
        let at = match m.target.split_once('/') {
            None if m.target == "static" => String::new(),
            Some(("static" | "content", rest)) => rest.to_string(),
            _ => continue,
        };
        if !dirs.iter().any(|(d, a)| *d == m.source && *a == at) {
            dirs.push((m.source.clone(), at));
        }
    }
    dirs
}

/// A folder the settings name that is inside the site: never an absolute
/// path or one that climbs out with `..` (migrate reads only the site).
fn inside(dir: &str) -> bool {
    !dir.starts_with(['/', '\\'])
        && !dir.contains(':')
        && !dir.split(['/', '\\']).any(|part| part == "..")
}

/// The site's description, or its `params`' (Hugo's themes read both).
fn described(v: &Value) -> Option<String> {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    text(key(v, "description"))
        .or_else(|| text(key(v, "params").and_then(|p| key(p, "description"))))
}

/// A key of a Hugo mapping, in any case (Hugo's keys are `baseURL` and
/// `baseurl` alike).
fn key<'v>(value: &'v Value, k: &str) -> Option<&'v Value> {
    value
        .as_mapping()?
        .iter()
        .find(|(key, _)| key.as_str().is_some_and(|s| s.eq_ignore_ascii_case(k)))
        .map(|(_, v)| v)
}

fn language_of(code: &str, v: &Value) -> Lang {
    let text = |k: &str| key(v, k).and_then(Value::as_str).map(str::to_string);
    Lang {
        code: code.to_string(),
        name: text("languageName").or_else(|| text("label")),
        title: text("title"),
        description: described(v),
        content: text("contentDir").filter(|d| inside(d)),
    }
}

/// The site's settings as one mapping: the file at its top, or the
/// `config/_default/` folder, where `hugo.toml` holds the top, `X.toml`
/// the key `X`, and `X.LANG.toml` language `LANG`'s (`languages.fr.toml`
/// is French's own settings).
fn config(root: &Path) -> Result<Value> {
    let mut top = serde_yaml::Mapping::new();
    if let Some(path) = TOP.iter().find_map(|n| crate::paths::file(root, n)) {
        merge(&mut top, read(&path)?);
    }
    let dir = root.join("config/_default");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| crate::paths::file(&dir, &e.file_name().to_string_lossy()))
        .collect();
    files.sort();
    for path in files {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let Some((stem, _)) = name.rsplit_once('.') else {
            continue;
        };
        let value = read(&path)?;
        let (what, lang) = match stem.split_once('.') {
            Some((what, lang)) => (what, Some(lang.to_ascii_lowercase())),
            None => (stem, None),
        };
        match (what, lang) {
            ("hugo" | "config", _) => merge(&mut top, value),
            (what, None) => merge_at(&mut top, &[what], value),
            ("languages", Some(lang)) => merge_at(&mut top, &["languages", &lang], value),
            (what, Some(lang)) => merge_at(&mut top, &["languages", &lang, what], value),
        }
    }
    Ok(Value::Mapping(top))
}

/// A settings file's mapping (TOML, YAML or JSON, by its name).
fn read(path: &Path) -> Result<Value> {
    let name = path.to_string_lossy();
    let text = crate::convert::decode::read(path)?;
    if let Err((line, msg)) = crate::yaml::check_depth(&text) {
        bail!("{}:{line}: {msg}", path.display());
    }
    Ok(if name.ends_with(".toml") {
        let t: toml::Table = toml::from_str(&text)
            .with_context(|| format!("{}: not TOML Hugo can read", path.display()))?;
        fields::from_toml(toml::Value::Table(t))
    } else if name.ends_with(".json") {
        let j: serde_json::Value =
            serde_json::from_str(&text).with_context(|| format!("{}: not JSON", path.display()))?;
        serde_yaml::to_value(j)?
    } else if name.ends_with(".yaml") || name.ends_with(".yml") {
        serde_yaml::from_str(&text).with_context(|| format!("{}: not YAML", path.display()))?
    } else {
        Value::Null
    })
}

fn merge(into: &mut serde_yaml::Mapping, value: Value) {
    if let Value::Mapping(m) = value {
        for (k, v) in m {
            match (into.get_mut(&k), v) {
                (Some(Value::Mapping(old)), Value::Mapping(new)) => merge(old, Value::Mapping(new)),
                (_, v) => {
                    into.insert(k, v);
                }
            }
        }
    }
}

/// `value` merged in at the path of keys `at`.
fn merge_at(into: &mut serde_yaml::Mapping, at: &[&str], value: Value) {
    let Some((first, rest)) = at.split_first() else {
        return merge(into, value);
    };
    let k = Value::String(first.to_string());
    let existing = into
        .iter()
        .find(|(key, _)| key.as_str().is_some_and(|s| s.eq_ignore_ascii_case(first)))
        .map(|(key, _)| key.clone())
        .unwrap_or(k);
    let entry = into
        .entry(existing)
        .or_insert_with(|| Value::Mapping(Default::default()));
    if !entry.is_mapping() {
        *entry = Value::Mapping(Default::default());
    }
    if let Value::Mapping(m) = entry {
        merge_at(m, rest, value);
    }
}

/// `permalinks:`, in either of Hugo's forms.
fn permalinks(value: Option<&Value>) -> BTreeMap<String, String> {
    let mut permalinks = BTreeMap::new();
    if let Some(Value::Mapping(m)) = value {
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
    permalinks
}

/// A module mount: a folder of the site, what Hugo mounts it as
/// (`content`, `static/img`), and for which language.
struct Mount {
    source: String,
    target: String,
    lang: Option<String>,
}

/// The module mounts of folders inside the site.
fn mounts(module: Option<&Value>) -> Vec<Mount> {
    module
        .and_then(|m| key(m, "mounts"))
        .and_then(Value::as_sequence)
        .into_iter()
        .flatten()
        .filter_map(|m| {
            let text = |k: &str| key(m, k).and_then(Value::as_str);
            Some(Mount {
                source: text("source").filter(|s| inside(s))?.to_string(),
                target: text("target")?.trim_matches('/').to_string(),
                lang: text("lang").map(str::to_ascii_lowercase),
            })
        })
        .collect()
}

/// Where the pages are: a module mount onto `content`, the site's
/// `contentDir`, or `content/`.
fn content_dir<'v>(mounts: &[Mount], get: &dyn Fn(&str) -> Option<&'v Value>) -> String {
    let mounted = mounts
        .iter()
        .find(|m| m.target == "content" && m.lang.is_none())
        .map(|m| m.source.clone());
    mounted
        .or_else(|| {
            get("contentDir")
                .and_then(Value::as_str)
                .filter(|d| inside(d))
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

#[cfg(test)]
mod tests {
    #[test]
    fn folders_outside_the_site_are_never_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("hugo.toml"),
            "contentDir = \"../elsewhere\"\nstaticDir = [\"/etc\", \"assets\"]\n\
             [languages.fr]\ncontentDir = \"/home/me/fr\"\n\
             [[module.mounts]]\nsource = \"../../secrets\"\ntarget = \"static\"\n\
             [[module.mounts]]\nsource = \"uploads\"\ntarget = \"content/uploads\"\n",
        )
        .unwrap();
        let s = super::settings(dir.path()).unwrap();
        assert_eq!(s.content, "content");
        assert_eq!(s.languages[0].content, None);
        assert_eq!(
            s.statics,
            [
                ("assets".to_string(), String::new()),
                ("uploads".to_string(), "uploads".to_string())
            ]
        );
    }
}

//! Data files a template reads as `data`: `data/helplines.yaml` is
//! `data.helplines`, `data/countries/uk.yaml` is `data.countries.uk`
//! (YAML, JSON or TOML). `helplines.ru.yaml` beside `helplines.yaml` is
//! what Russian pages see. A site's file replaces its theme's of the same
//! name.

use std::path::PathBuf;

use serde_json::{Map, Value};

use crate::error::{Problem, Problems};
use crate::theme::{Origin, Theme};

/// What `data` holds for pages in `lang`.
pub fn for_language(theme: &Theme, lang: &str) -> Result<Value, Problems> {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang);
    // Each key path from its own language's file when there is one, else
    // from the file of no language.
    let mut chosen: Vec<(Vec<String>, u8, &Origin, &PathBuf)> = vec![];
    let mut problems = vec![];
    // The site's own files (data/…) stand before its theme's.
    let site_own = |shown: &PathBuf| shown.starts_with("data");
    for (rel, (origin, shown)) in &theme.data {
        let Some((path, file_lang)) = key_path(rel) else {
            continue;
        };
        let rank = match file_lang {
            None => 0,
            Some(l) if l.eq_ignore_ascii_case(primary) => 1,
            Some(l) if l.eq_ignore_ascii_case(lang) => 2,
            Some(_) => continue,
        };
        match chosen.iter_mut().find(|(p, ..)| *p == path) {
            Some(c) if c.1 < rank || (c.1 == rank && site_own(shown) && !site_own(c.3)) => {
                *c = (path, rank, origin, shown)
            }
            // `helplines.yaml` and `helplines.json` side by side: which
            // one the templates see is not for placard to guess.
            Some(c) if c.1 == rank && site_own(shown) == site_own(c.3) => {
                problems.push(Problem::new(
                    shown,
                    None,
                    format!(
                        "`data.{}` is also {}; keep one of the two",
                        path.join("."),
                        c.3.display()
                    ),
                ));
            }
            Some(_) => {}
            None => chosen.push((path, rank, origin, shown)),
        }
    }
    let mut root = Map::new();
    let mut placed: Vec<(Vec<String>, &PathBuf)> = vec![];
    for (path, _, origin, shown) in chosen {
        let value = match parse(origin, shown) {
            Ok(v) => v,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        // `countries.yaml` and `countries/uk.yaml` cannot both be `countries`.
        if let Some((_, other)) = placed
            .iter()
            .find(|(p, _)| p.starts_with(&path) || path.starts_with(p))
        {
            problems.push(Problem::new(
                shown,
                None,
                format!(
                    "`data.{}` is also {}; rename one of them",
                    path.join("."),
                    other.display()
                ),
            ));
            continue;
        }
        insert(&mut root, &path, value);
        placed.push((path, shown));
    }
    Problems(problems).into_result()?;
    Ok(Value::Object(root))
}

/// `countries/uk.ru.yaml` → (`["countries", "uk"]`, `Some("ru")`); None
/// for a file that is not data (`notes.txt`).
fn key_path(rel: &str) -> Option<(Vec<String>, Option<&str>)> {
    let (stem, ext) = rel.rsplit_once('.')?;
    if !matches!(ext, "yaml" | "yml" | "json" | "toml") {
        return None;
    }
    let (stem, lang) = match stem.rsplit_once('.') {
        Some((s, l)) if crate::load::looks_like_language(l) && !s.ends_with('/') => (s, Some(l)),
        _ => (stem, None),
    };
    let path: Vec<String> = stem.split('/').map(str::to_string).collect();
    path.iter().all(|p| !p.is_empty()).then_some((path, lang))
}

fn insert(root: &mut Map<String, Value>, path: &[String], value: Value) {
    let (last, parents) = path.split_last().expect("a key path is never empty");
    let mut map = root;
    for p in parents {
        let entry = map
            .entry(p.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        map = match entry {
            Value::Object(m) => m,
            _ => unreachable!("a file's path is never another file's"),
        };
    }
    map.insert(last.clone(), value);
}

/// One data file, with its error's line.
fn parse(origin: &Origin, shown: &PathBuf) -> Result<Value, Problem> {
    let bytes = origin
        .read()
        .map_err(|e| Problem::new(shown, None, format!("cannot read: {e}")))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| Problem::new(shown, None, "not UTF-8 text; save the file as UTF-8"))?;
    crate::yaml::check_depth(text).map_err(|(line, m)| Problem::new(shown, Some(line), m))?;
    let ext = shown.extension().and_then(|e| e.to_str()).unwrap_or("");
    match ext {
        "json" => serde_json::from_str(text)
            .map_err(|e| Problem::new(shown, Some(e.line()), format!("JSON: {e}"))),
        "toml" => toml::from_str::<toml::Value>(text)
            .map_err(|e| {
                let line = e
                    .span()
                    .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
                Problem::new(shown, line, format!("TOML: {}", e.message()))
            })
            .and_then(|v| {
                serde_json::to_value(v).map_err(|e| Problem::new(shown, None, format!("TOML: {e}")))
            }),
        _ => serde_yaml::from_str::<serde_yaml::Value>(text)
            .map_err(|e| Problem::new(shown, e.location().map(|l| l.line()), format!("YAML: {e}")))
            .and_then(|v| {
                serde_json::to_value(v).map_err(|e| {
                    Problem::new(
                        shown,
                        None,
                        format!("YAML: {e} (keys must be text, and numbers ordinary ones)"),
                    )
                })
            }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(files: &[(&'static str, &'static str)]) -> Theme {
        let mut t = Theme::load(std::path::Path::new("/nonexistent"), "default").unwrap();
        t.data.clear();
        for (rel, text) in files {
            t.data.insert(
                rel.to_string(),
                (
                    Origin::Embedded(text.as_bytes()),
                    PathBuf::from("data").join(rel),
                ),
            );
        }
        t
    }

    #[test]
    fn files_are_keys_and_languages_choose_their_own() {
        let t = theme(&[
            (
                "helplines.yaml",
                "- name: Rape Crisis\n  phone: 0808 500 2222\n",
            ),
            (
                "helplines.ru.yaml",
                "- name: Горячая линия\n  phone: 8 800 7000 600\n",
            ),
            ("countries/uk.json", "{\"name\": \"United Kingdom\"}"),
            (
                "calendar.toml",
                "[[events]]\ndate = \"2026-11-25\"\nname = \"Orange Day\"\n",
            ),
            ("notes.txt", "not data"),
        ]);
        let en = for_language(&t, "en").unwrap();
        assert_eq!(en["helplines"][0]["name"], "Rape Crisis");
        assert_eq!(en["countries"]["uk"]["name"], "United Kingdom");
        assert_eq!(en["calendar"]["events"][0]["name"], "Orange Day");
        assert!(en.get("notes").is_none());
        let ru = for_language(&t, "ru").unwrap();
        assert_eq!(ru["helplines"][0]["name"], "Горячая линия");
        assert_eq!(ru["countries"]["uk"]["name"], "United Kingdom");
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let t = theme(&[("helplines.yaml", "- name: a\n  phone: [1, 2\n")]);
        let p = for_language(&t, "en").unwrap_err().0;
        assert_eq!(p[0].path, PathBuf::from("data/helplines.yaml"));
        assert!(p[0].line.is_some_and(|l| l >= 2), "{:?}", p[0]);
        let t = theme(&[("a.toml", "x = 1\ny = \n")]);
        let p = for_language(&t, "en").unwrap_err().0;
        assert_eq!(p[0].line, Some(2), "{:?}", p[0]);
        let t = theme(&[("countries.yaml", "uk: x\n"), ("countries/fr.yaml", "y\n")]);
        let p = for_language(&t, "en").unwrap_err().0;
        assert!(p[0].message.contains("`data.countries"), "{:?}", p[0]);
        // Two files of one name: an error naming both, not one kept.
        let t = theme(&[("helplines.yaml", "a: 1\n"), ("helplines.yml", "a: 2\n")]);
        let p = for_language(&t, "en").unwrap_err().0;
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].message
                .contains("`data.helplines` is also data/helplines.yaml"),
            "{:?}",
            p[0]
        );
    }
}

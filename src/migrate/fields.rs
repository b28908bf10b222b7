//! Front matter as Hugo and Jekyll write it: YAML (`---`), TOML (`+++`)
//! or JSON (`{ … }`), read into one map; duplicate YAML keys, which Jekyll
//! accepts, keep the last value, with a note.

use std::collections::BTreeMap;

use serde_yaml::Value;

/// The front matter's keys (lower case) and values, and the body.
#[derive(Debug, Default)]
pub struct Fields {
    pub map: BTreeMap<String, Value>,
    pub body: String,
}

/// Splits and reads `text`; notes say what was mended. An unreadable
/// front matter is an error saying why.
pub fn read(text: &str, notes: &mut Vec<String>) -> Result<Fields, String> {
    let text = text.trim_start_matches('\u{feff}');
    let (kind, head, body) = if let Some(rest) = strip_fence(text, "---") {
        let (h, b) =
            until_fence(rest, "---").ok_or("front matter opened with --- is never closed")?;
        ("yaml", h, b)
    } else if let Some(rest) = strip_fence(text, "+++") {
        let (h, b) =
            until_fence(rest, "+++").ok_or("front matter opened with +++ is never closed")?;
        ("toml", h, b)
    } else if text.starts_with('{') {
        let end = json_end(text).ok_or("JSON front matter is never closed")?;
        ("json", &text[..end], &text[end..])
    } else {
        return Ok(Fields {
            map: BTreeMap::new(),
            body: text.to_string(),
        });
    };
    crate::yaml::check_depth(head)
        .map_err(|(line, msg)| format!("front matter, line {}: {msg}", line + 1))?;
    let value: Value = match kind {
        "yaml" => {
            let head = last_key_wins(head, notes);
            if head.trim().is_empty() {
                Value::Mapping(Default::default())
            } else {
                serde_yaml::from_str(&head).map_err(|e| format!("YAML front matter: {e}"))?
            }
        }
        "toml" => {
            let t: toml::Table =
                toml::from_str(head).map_err(|e| format!("TOML front matter: {e}"))?;
            from_toml(toml::Value::Table(t))
        }
        _ => {
            let j: serde_json::Value =
                serde_json::from_str(head).map_err(|e| format!("JSON front matter: {e}"))?;
            serde_yaml::to_value(j).map_err(|e| e.to_string())?
        }
    };
    let mut map = BTreeMap::new();
    if let Value::Mapping(m) = value {
        for (k, v) in m {
            if let Some(k) = k.as_str() {
                map.insert(k.to_ascii_lowercase(), v);
            }
        }
    }
    Ok(Fields {
        map,
        body: body.trim_start_matches(['\r', '\n']).to_string(),
    })
}

/// A TOML value as YAML's, its dates as text.
pub fn from_toml(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i.into()),
        toml::Value::Float(f) => Value::Number(f.into()),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Sequence(a.into_iter().map(from_toml).collect()),
        toml::Value::Table(t) => Value::Mapping(
            t.into_iter()
                .map(|(k, v)| (Value::String(k), from_toml(v)))
                .collect(),
        ),
    }
}

fn strip_fence<'a>(text: &'a str, fence: &str) -> Option<&'a str> {
    let rest = text.strip_prefix(fence)?;
    let rest = rest.trim_start_matches([' ', '\t']);
    rest.strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))
}

/// The front matter up to the closing fence line, and what follows it.
fn until_fence<'a>(rest: &'a str, fence: &str) -> Option<(&'a str, &'a str)> {
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == fence {
            return Some((&rest[..at], &rest[at + line.len()..]));
        }
        at += line.len();
    }
    (rest.trim_end() == fence).then_some((rest, ""))
}

fn json_end(text: &str) -> Option<usize> {
    let mut depth = 0i32;
    let mut in_str = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_str => escaped = true,
            '"' => in_str = !in_str,
            '{' if !in_str => depth += 1,
            '}' if !in_str => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The YAML with each top-level key's earlier occurrences removed.
fn last_key_wins(yaml: &str, notes: &mut Vec<String>) -> String {
    let key_of = |line: &str| -> Option<String> {
        if line.starts_with([' ', '\t', '-', '#']) {
            return None;
        }
        let (k, _) = line.split_once(':')?;
        let k = k.trim().trim_matches(['"', '\'']);
        (!k.is_empty() && !k.contains(' ')).then(|| k.to_string())
    };
    // Each top-level entry: its key and its lines.
    let mut entries: Vec<(Option<String>, String)> = vec![];
    for line in yaml.split_inclusive('\n') {
        match key_of(line) {
            Some(k) => entries.push((Some(k), line.to_string())),
            None => match entries.last_mut() {
                Some(last) => last.1.push_str(line),
                None => entries.push((None, line.to_string())),
            },
        }
    }
    let mut last: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, (k, _)) in entries.iter().enumerate() {
        if let Some(k) = k {
            last.insert(k, i);
        }
    }
    let mut out = String::with_capacity(yaml.len());
    for (i, (k, text)) in entries.iter().enumerate() {
        match k {
            Some(k) if last[k.as_str()] != i => {
                notes.push(format!("`{k}` was given twice: the last one kept"));
            }
            _ => out.push_str(text),
        }
    }
    out
}

impl Fields {
    pub fn text(&self, key: &str) -> Option<String> {
        match self.map.get(key)? {
            Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Tagged(t) => match &t.value {
                Value::String(s) => Some(s.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    /// A list, or one value as a list of one (`tags: a` and `tags: [a]`),
    /// or words (`categories: news local`, as Jekyll reads them).
    pub fn list(&self, key: &str) -> Vec<String> {
        match self.map.get(key) {
            Some(Value::Sequence(items)) => items
                .iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s.trim().to_string()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .filter(|s| !s.is_empty())
                .collect(),
            Some(Value::String(s)) if key == "categories" && !s.contains(',') => {
                s.split_whitespace().map(str::to_string).collect()
            }
            Some(Value::String(s)) => s
                .split(',')
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect(),
            _ => vec![],
        }
    }

    pub fn flag(&self, key: &str) -> Option<bool> {
        match self.map.get(key)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) => match s.trim() {
                "true" | "yes" => Some(true),
                "false" | "no" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }
}

/// A date as Hugo, Jekyll and WordPress write them, in the form placard's
/// front matter takes (`2019-05-01`, `2019-05-01T10:00:00+02:00`); None
/// when it is no date.
pub fn date(text: &str) -> Option<String> {
    let t = text.trim().trim_matches(['"', '\'']);
    if t.len() < 10 || t.starts_with("0000") {
        return None;
    }
    let (day, rest) = t.split_at(10);
    crate::date::Date::parse(day).ok()?;
    let rest = rest.trim_start_matches(['T', 't', ' ']).trim();
    if rest.is_empty() {
        return Some(day.to_string());
    }
    let (time, zone) = match rest.find(['+', '-', 'Z', 'z', ' ']) {
        Some(i) => (&rest[..i], rest[i..].trim()),
        None => (rest, ""),
    };
    let time = time.split('.').next().unwrap_or(time);
    let time = match time.len() {
        5 => format!("{time}:00"),
        8 => time.to_string(),
        _ => return Some(day.to_string()),
    };
    let zone = match zone {
        "" => String::new(),
        "Z" | "z" | "UTC" | "GMT" => "Z".into(),
        z if z.len() == 5 && !z.contains(':') => format!("{}:{}", &z[..3], &z[3..]),
        z if z.len() == 6 => z.to_string(),
        _ => String::new(),
    };
    let full = format!("{day}T{time}{zone}");
    crate::date::Date::parse(&full)
        .ok()
        .map(|_| full)
        .or(Some(day.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_toml_json_and_duplicate_keys() {
        let mut notes = vec![];
        let f = read(
            "---\ntitle: A\ntags: [x, y]\ntitle: B\n---\nBody\n",
            &mut notes,
        )
        .unwrap();
        assert_eq!(f.text("title").as_deref(), Some("B"));
        assert_eq!(f.list("tags"), ["x", "y"]);
        assert_eq!(f.body, "Body\n");
        assert_eq!(notes.len(), 1);
        let f = read(
            "+++\ntitle = \"T\"\ndate = 2019-05-01T10:00:00+02:00\ndraft = true\n+++\nX",
            &mut notes,
        )
        .unwrap();
        assert_eq!(f.text("title").as_deref(), Some("T"));
        assert_eq!(f.flag("draft"), Some(true));
        assert_eq!(
            date(&f.text("date").unwrap()).as_deref(),
            Some("2019-05-01T10:00:00+02:00")
        );
        let f = read(
            "{\"title\": \"J\", \"categories\": [\"a\"]}\nText",
            &mut notes,
        )
        .unwrap();
        assert_eq!(f.text("title").as_deref(), Some("J"));
        assert_eq!(f.body, "Text");
    }

    #[test]
    fn dates_in_every_shape() {
        assert_eq!(
            date("2019-05-01 10:00:00 +0200").as_deref(),
            Some("2019-05-01T10:00:00+02:00")
        );
        assert_eq!(
            date("2012-01-08 19:46:29").as_deref(),
            Some("2012-01-08T19:46:29")
        );
        assert_eq!(date("2010-09-07").as_deref(), Some("2010-09-07"));
        assert_eq!(
            date("2021-03-10T12:00:00Z").as_deref(),
            Some("2021-03-10T12:00:00Z")
        );
        assert_eq!(date("0000-00-00 00:00:00"), None);
        assert_eq!(date("soon"), None);
    }
}

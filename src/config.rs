//! `site.yaml`: the site's settings, with every mistyped key reported
//! against the nearest known one.

use std::path::Path;

use serde::Serialize;
use serde_yaml::Mapping;

use crate::error::{Problem, Problems};
use crate::yaml::{Doc, LineError, unknown_key};

pub const FILE: &str = "site.yaml";

/// The settings a language of the site does not give, and so shows in the
/// site's own language (`from`): pages mark them with that `lang`.
#[derive(Clone, Debug, Default)]
pub struct Inherited {
    pub from: String,
    pub title: bool,
    pub description: bool,
    pub helplines: bool,
    pub actions: bool,
}

/// Settings from `site.yaml`; every field has a default.
#[derive(Clone, Debug, Serialize)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute URL ending in `/`, e.g. `https://example.org/campaign/`.
    pub base_url: String,
    pub language: String,
    pub theme: String,
    pub per_page: usize,
    pub feed_limit: usize,
    pub minify: bool,
    /// Raw HTML in Markdown is shown as text unless this is on.
    pub allow_html: bool,
    /// `check` warns about articles without a source or an author.
    pub warn_unsourced: bool,
    /// Lists of each year's and month's articles (`/2009/`, `/2009/06/`).
    pub archives: bool,
    pub exit: ExitLink,
    /// Support lines shown in every page's footer.
    pub helplines: Vec<Helpline>,
    /// Take-action blocks shown in every page's footer.
    pub actions: Vec<Action>,
    /// How URL parts of other scripts are spelt: transliterated (`ascii`,
    /// the default) or as written (`unicode`).
    pub slugs: crate::slug::Slugs,
    /// Whether site.yaml chose `slugs`; else each language gets its own
    /// default ([`crate::slug::Slugs::default_for`]).
    pub slugs_chosen: bool,
    /// What a language's settings take from the site's own language.
    #[serde(skip)]
    pub inherited: Inherited,
    /// The site's other languages, each published under `/CODE/`, with
    /// the settings that differ in it.
    pub languages: Vec<Language>,
    /// Ways to browse besides tags (`countries`, `organisations`): each
    /// article names its terms under the taxonomy's key, each term has its
    /// page at `/NAME/TERM/`.
    pub taxonomies: Vec<Taxonomy>,
    pub extra: Mapping,
}

/// One of `taxonomies:`: its key and folder (`countries`), and its title
/// in this language (`Countries`).
#[derive(Clone, Debug, Serialize)]
pub struct Taxonomy {
    pub name: String,
    pub title: String,
}

/// Its name, as front matter keys it.
impl AsRef<str> for Taxonomy {
    fn as_ref(&self) -> &str {
        &self.name
    }
}

/// Names a taxonomy cannot have: front matter's own keys, and the
/// folders placard writes at the top of a site.
const NOT_TAXONOMIES: &[&str] = &[
    "tags", "search", "safety", "assets", "page", "css", "js", "images",
];

/// A language a site is also published in, and what it says differently.
#[derive(Clone, Debug, Default, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    #[serde(skip_deserializing)]
    pub code: String,
    /// As the language names itself (`Русский`); known languages need none.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Its own address (a domain of its own, `https://example.fr/`): its
    /// pages are written into `public/CODE/`, the folder that host serves,
    /// with the theme's and the site's files beside them. Without it, the
    /// language is published under the site's `base_url`, at `/CODE/`.
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub exit: Option<LanguageExit>,
    #[serde(default)]
    pub helplines: Option<Vec<Helpline>>,
    #[serde(default)]
    pub actions: Option<Vec<Action>>,
    /// The taxonomies' titles in this language (`countries: Страны`).
    #[serde(default)]
    pub taxonomies: std::collections::BTreeMap<String, String>,
}

#[derive(Clone, Debug, Default, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageExit {
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub label: Option<String>,
}

/// A helpline: who to call, when, where.
#[derive(Clone, Debug, Default, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Helpline {
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub hours: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
}

/// Something a reader can do: sign, write, give, volunteer.
#[derive(Clone, Debug, Default, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub title: String,
    pub url: String,
    #[serde(default)]
    pub text: Option<String>,
}

/// Where the quick-exit control leaves for.
#[derive(Clone, Debug, Serialize)]
pub struct ExitLink {
    pub url: String,
    /// The button's words; the theme's `exit` string unless set.
    pub label: Option<String>,
}

/// Every key site.yaml takes.
pub const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "per_page",
    "feed_limit",
    "minify",
    "allow_html",
    "warn_unsourced",
    "archives",
    "exit",
    "helplines",
    "actions",
    "languages",
    "slugs",
    "taxonomies",
    "extra",
];

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "placard".into(),
            description: String::new(),
            base_url: "http://127.0.0.1:1111/".into(),
            language: "en".into(),
            theme: "default".into(),
            per_page: 10,
            feed_limit: 20,
            minify: true,
            allow_html: false,
            warn_unsourced: true,
            archives: false,
            exit: ExitLink {
                url: "https://www.bbc.co.uk/weather".into(),
                label: None,
            },
            helplines: vec![],
            actions: vec![],
            languages: vec![],
            taxonomies: vec![],
            slugs: Default::default(),
            slugs_chosen: false,
            inherited: Inherited::default(),
            extra: Mapping::new(),
        }
    }
}

/// A site without site.yaml builds with the defaults; this says so, since
/// its pages would name the wrong address and title once published.
pub fn missing(root: &Path) -> Option<Problem> {
    let d = Config::default();
    (!root.join(FILE).exists()).then(|| {
        Problem::new(
            FILE,
            None,
            format!(
                "there is no site.yaml, so the site is built with the defaults (title \"{}\", base_url {}); create it with at least `title:` and `base_url:` before publishing",
                d.title, d.base_url
            ),
        )
    })
}

impl Config {
    /// Reads `ROOT/site.yaml`; a site without one gets the defaults.
    pub fn load(root: &Path) -> Result<Config, Problems> {
        let path = root.join(FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes)
                .map_err(|_| Problem::new(FILE, None, "not UTF-8; save it as UTF-8"))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(Problem::new(FILE, None, format!("cannot read: {e}")).into()),
        };
        Config::parse(&text).map_err(|errs| {
            Problems(
                errs.into_iter()
                    .map(|(l, m)| Problem::new(FILE, Some(l), m))
                    .collect(),
            )
        })
    }

    /// Parses the text of a `site.yaml`, listing every problem.
    pub fn parse(text: &str) -> Result<Config, Vec<LineError>> {
        let doc = Doc::parse(text, 1).map_err(|e| vec![e])?;
        let mut c = Config::default();
        let mut errors = vec![];
        for e in &doc.entries {
            let r = match e.key.as_str() {
                "title" => e.get("text").map(|v| c.title = v),
                "description" => e.get("text").map(|v| c.description = v),
                "base_url" => e
                    .get::<String>("a URL")
                    .and_then(|v| normalise_base_url(&v).map_err(|m| (e.line, m)))
                    .map(|v| c.base_url = v),
                "language" => e.get("a language code like `en`").map(|v| c.language = v),
                "theme" => e
                    .get::<String>("a theme folder name")
                    .and_then(|v| theme_name(v).map_err(|m| (e.line, m)))
                    .map(|v| c.theme = v),
                "per_page" => e
                    .get::<usize>("a whole number above 0")
                    .and_then(|v| {
                        if v == 0 {
                            Err((e.line, "`per_page` must be above 0".into()))
                        } else {
                            Ok(v)
                        }
                    })
                    .map(|v| c.per_page = v),
                "feed_limit" => e.get("a whole number").map(|v| c.feed_limit = v),
                "minify" => e.get("true or false").map(|v| c.minify = v),
                "allow_html" => e.get("true or false").map(|v| c.allow_html = v),
                "warn_unsourced" => e.get("true or false").map(|v| c.warn_unsourced = v),
                "archives" => e.get("true or false").map(|v| c.archives = v),
                                "exit" => parse_exit(e, &mut c.exit),
                "helplines" => e
                    .get("a list of helplines, each with name and phone or url (hours, region optional)")
                    .map(|v| c.helplines = v),
                "actions" => e.get("a list of actions, each with title and url (text optional)").map(|v| c.actions = v),
                "languages" => parse_languages(e).map(|v| c.languages = v),
                "slugs" => e.get::<String>("`ascii` or `unicode`").and_then(|v| {
                    c.slugs = match v.as_str() {
                        "ascii" => crate::slug::Slugs::Ascii,
                        "unicode" => crate::slug::Slugs::Unicode,
                        other => return Err((e.line, format!("`slugs` is `ascii` (letters of other scripts transliterated) or `unicode` (kept as written), not `{other}`"))),
                    };
                    c.slugs_chosen = true;
                    Ok(())
                }),
                "taxonomies" => parse_taxonomies(e).map(|v| c.taxonomies = v),
                "extra" => e.get("a mapping").map(|v| c.extra = v),
                other => Err((e.line, unknown_key(other, KEYS))),
            };
            errors.extend(r.err());
        }
        // Footer links are followed by readers: web, phone and mail only.
        let line = |key: &str| {
            doc.entries
                .iter()
                .find(|e| e.key == key)
                .map_or(1, |e| e.line)
        };
        // A language's pages are under /CODE/: a taxonomy cannot be there.
        for t in &c.taxonomies {
            if t.name == c.language || c.languages.iter().any(|l| l.code == t.name) {
                errors.push((
                    line("taxonomies"),
                    format!(
                        "`{}` cannot be a taxonomy: it is the code of one of the site's languages, whose pages are under /{}/; choose another name",
                        t.name, t.name
                    ),
                ));
            }
        }
        let safe = |u: &str| {
            ["https://", "http://", "tel:", "mailto:"]
                .iter()
                .any(|s| u.starts_with(s))
        };
        let check_links = |errors: &mut Vec<LineError>,
                           helplines: &[Helpline],
                           actions: &[Action],
                           at: (usize, usize)| {
            for h in helplines {
                if let Some(u) = h.url.as_deref().filter(|u| !safe(u)) {
                    errors.push((
                        at.0,
                        format!("helpline url \"{u}\" must start with https://"),
                    ));
                }
            }
            for a in actions {
                if !safe(&a.url) {
                    errors.push((
                        at.1,
                        format!("action url \"{}\" must start with https://", a.url),
                    ));
                }
            }
        };
        check_links(
            &mut errors,
            &c.helplines,
            &c.actions,
            (line("helplines"), line("actions")),
        );
        let mut hosts: Vec<(String, String)> = vec![];
        for l in &c.languages {
            // The line of one of this language's keys, else its own.
            let key_line = |key: &str| nested_line(text, line("languages"), &l.code, key);
            check_links(
                &mut errors,
                l.helplines.as_deref().unwrap_or_default(),
                l.actions.as_deref().unwrap_or_default(),
                (key_line("helplines"), key_line("actions")),
            );
            if let Some(u) = l.exit.as_ref().and_then(|e| e.url.as_deref()) {
                if !(u.starts_with("https://") || u.starts_with("http://")) {
                    errors.push((
                        key_line("exit"),
                        format!("exit url \"{u}\" must start with https://"),
                    ));
                }
            }
            let at = key_line("base_url");
            if let Some(u) = &l.base_url {
                match normalise_base_url(u) {
                    Err(m) => errors.push((at, format!("in `languages: {}`: {m}", l.code))),
                    Ok(u) if base_path_of(&u) != "/" => errors.push((at, format!(
                        "`languages: {}` base_url {u} has a path: a language's own address is the home of a host of its own, like https://example.fr/; leave it out to publish the language under the site's address, at /{}/",
                        l.code, l.code
                    ))),
                    Ok(u) if origin_of(&u) == origin_of(&c.base_url) => errors.push((at, format!(
                        "`languages: {}` base_url {u} is on the site's own host; leave it out to publish the language there, at /{}/",
                        l.code, l.code
                    ))),
                    Ok(u) => {
                        if let Some(other) = hosts.iter().find(|(_, h)| origin_of(h) == origin_of(&u)) {
                            errors.push((at, format!(
                                "`languages: {}` and `languages: {}` have one host, {u}: each language's own address is the home of that language alone",
                                other.0, l.code
                            )));
                        }
                        hosts.push((l.code.clone(), u));
                    }
                }
            }
            if l.code.eq_ignore_ascii_case(&c.language) {
                errors.push((key_line(""), format!(
                    "`{}` is the site's own `language`; its settings are the ones at the top of site.yaml, so leave it out of `languages`",
                    l.code
                )));
            }
        }
        for l in &mut c.languages {
            l.base_url = l
                .base_url
                .as_deref()
                .and_then(|u| normalise_base_url(u).ok());
        }
        if !c.slugs_chosen {
            c.slugs = crate::slug::Slugs::default_for(&c.language);
        }
        if errors.is_empty() {
            Ok(c)
        } else {
            Err(errors)
        }
    }

    /// The path part of base_url, always starting and ending with `/`.
    pub fn base_path(&self) -> &str {
        base_path_of(&self.base_url)
    }

    /// `/x/` → the link as printed: base path + `x/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_path(), path.trim_start_matches('/'))
    }

    /// `/x/` → the absolute address: base URL + `x/` (see [`permalink_at`]).
    pub fn permalink(&self, path: &str) -> String {
        permalink_at(&self.base_url, path)
    }

    /// The settings of the site in one of its other languages.
    pub fn for_language(&self, l: &Language) -> Config {
        let mut c = self.clone();
        c.language = l.code.clone();
        c.base_url = l.base_url.clone().unwrap_or(c.base_url);
        c.title = l.title.clone().unwrap_or(c.title);
        c.description = l.description.clone().unwrap_or(c.description);
        if let Some(e) = &l.exit {
            c.exit.url = e.url.clone().unwrap_or(c.exit.url);
            // The default language's label is not this language's words.
            c.exit.label = e.label.clone();
        } else {
            c.exit.label = None;
        }
        c.inherited = Inherited {
            from: self.language.clone(),
            title: l.title.is_none(),
            description: l.description.is_none(),
            helplines: l.helplines.is_none(),
            actions: l.actions.is_none(),
        };
        c.helplines = l.helplines.clone().unwrap_or(c.helplines);
        c.actions = l.actions.clone().unwrap_or(c.actions);
        for t in &mut c.taxonomies {
            if let Some(title) = l.taxonomies.get(&t.name) {
                t.title = title.clone();
            }
        }
        c.languages = vec![];
        if !c.slugs_chosen {
            c.slugs = crate::slug::Slugs::default_for(&c.language);
        }
        c
    }

    /// Replaces base_url (from `--base-url`), checking it like the file's.
    /// A language with an address of its own keeps it.
    pub fn set_base_url(&mut self, url: &str) -> anyhow::Result<()> {
        let url = normalise_base_url(url).map_err(anyhow::Error::msg)?;
        let theirs = |l: &&Language| {
            l.base_url
                .as_deref()
                .is_some_and(|own| origin_of(own) == origin_of(&url))
        };
        if let Some(l) = self.languages.iter().find(theirs) {
            anyhow::bail!(
                "{url} is the host of `languages: {}` (its base_url in site.yaml); --base-url is the address of the site's own language, and that language is built into public/{}/ with the rest",
                l.code,
                l.code
            );
        }
        self.base_url = url;
        Ok(())
    }

    /// Every language published under base_url, at `/CODE/`, its own
    /// address (`languages: CODE: base_url`) set aside: the dev server's
    /// one address for the whole site.
    pub fn one_address(&mut self) {
        for l in &mut self.languages {
            l.base_url = None;
        }
    }
}

/// The line of `key` among the settings of `languages: CODE:` in
/// site.yaml's `text`, its `languages:` on line `from` (`""` for the
/// code's own line); `from` where it is not written one to a line.
fn nested_line(text: &str, from: usize, code: &str, key: &str) -> usize {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let mut lines = text.lines().enumerate().skip(from);
    let Some((at, own)) = lines.find(|(_, l)| {
        indent(l) > 0
            && l.trim_start()
                .strip_prefix(code)
                .is_some_and(|r| r.starts_with(':'))
    }) else {
        return from;
    };
    if key.is_empty() {
        return at + 1;
    }
    lines
        .take_while(|(_, l)| l.trim().is_empty() || indent(l) > indent(own))
        .find(|(_, l)| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|r| r.starts_with(':'))
        })
        .map_or(at + 1, |(i, _)| i + 1)
}

/// A base URL's scheme and host (`https://example.org`), without its path.
pub fn origin_of(base_url: &str) -> &str {
    &base_url[..base_url.len() - base_path_of(base_url).len()]
}

/// The path part of a base URL, always starting and ending with `/`.
pub fn base_path_of(base_url: &str) -> &str {
    let after_scheme = base_url.split_once("://").map_or("", |(_, r)| r);
    after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
}

/// `/x/` at `base_url` → its absolute address: base URL + `x/`, with
/// letters of other scripts (`slugs: unicode`) percent-encoded, as feeds
/// and sitemaps want them.
pub fn permalink_at(base_url: &str, path: &str) -> String {
    let path = path.trim_start_matches('/');
    match path.is_ascii() {
        true => format!("{base_url}{path}"),
        false => format!(
            "{base_url}{}",
            percent_encoding::utf8_percent_encode(path, percent_encoding::CONTROLS)
        ),
    }
}

/// A theme is a folder under the site's themes/: its name alone, never a
/// path, so that no folder elsewhere on the machine is published.
fn theme_name(name: String) -> Result<String, String> {
    let plain =
        !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', '\0', ':']);
    if plain {
        Ok(name)
    } else {
        Err(format!(
            "`theme` {name:?} is not a folder name; put the theme in themes/NAME/ and write \
             `theme: NAME`"
        ))
    }
}

/// `languages:`, a mapping of language codes to their settings.
fn parse_languages(e: &crate::yaml::Entry) -> Result<Vec<Language>, LineError> {
    let map: Mapping = e.get("a mapping of language codes (`ru:`) to their settings")?;
    let mut out = vec![];
    for (code, settings) in map {
        let Some(code) = code.as_str().filter(|c| language_code(c)) else {
            return Err((
                e.line,
                format!("in `languages`: {code:?} is not a language code like `ru` or `pt-BR`"),
            ));
        };
        let settings = match settings {
            serde_yaml::Value::Null => serde_yaml::Value::Mapping(Mapping::new()),
            other => other,
        };
        let mut l: Language = serde_yaml::from_value(settings).map_err(|err| {
            (
                e.line,
                format!(
                    "in `languages: {code}`: {err}; each language takes name, title, description, base_url, exit, helplines, actions and taxonomies"
                ),
            )
        })?;
        l.code = code.to_string();
        out.push(l);
    }
    Ok(out)
}

/// `ru`, `pt-BR`, `zh-Hant`: letters, digits and hyphens.
pub fn language_code(code: &str) -> bool {
    (2..=35).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && code.as_bytes()[0].is_ascii_alphabetic()
}

/// `taxonomies: [countries, organisations]`, or with their titles,
/// `taxonomies: {countries: Countries}`: each name a lower-case URL part
/// that is no front-matter key and no folder placard writes.
fn parse_taxonomies(e: &crate::yaml::Entry) -> Result<Vec<Taxonomy>, (usize, String)> {
    let pairs: Vec<(String, Option<String>)> = match &e.value {
        serde_yaml::Value::Sequence(_) => e
            .get::<Vec<String>>("a list of names, like [countries, organisations]")?
            .into_iter()
            .map(|n| (n, None))
            .collect(),
        serde_yaml::Value::Mapping(m) => m
            .iter()
            .map(|(k, v)| match (k.as_str(), v.as_str()) {
                (Some(k), Some(v)) => Ok((k.to_string(), Some(v.to_string()))),
                _ => Err((
                    e.line,
                    "`taxonomies` gives each name its title, like {countries: Countries}"
                        .to_string(),
                )),
            })
            .collect::<Result<_, _>>()?,
        serde_yaml::Value::Null => vec![],
        _ => {
            return Err((
                e.line,
                "`taxonomies` is a list of names, like [countries, organisations]".into(),
            ));
        }
    };
    let mut out: Vec<Taxonomy> = vec![];
    for (name, title) in pairs {
        let plain = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !plain {
            return Err((
                e.line,
                format!(
                    "taxonomy \"{name}\" must be a lower-case name of a-z, 0-9, - and _, like `countries`"
                ),
            ));
        }
        if crate::frontmatter::ARTICLE_KEYS.contains(&name.as_str())
            || NOT_TAXONOMIES.contains(&name.as_str())
        {
            return Err((
                e.line,
                format!(
                    "`{name}` cannot be a taxonomy: placard has a key or a folder of that name; choose another"
                ),
            ));
        }
        if out.iter().any(|t| t.name == name) {
            return Err((e.line, format!("taxonomy `{name}` is named twice")));
        }
        let title = title.unwrap_or_else(|| {
            let spaced = name.replace(['-', '_'], " ");
            let mut chars = spaced.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        });
        out.push(Taxonomy { name, title });
    }
    Ok(out)
}

fn parse_exit(e: &crate::yaml::Entry, exit: &mut ExitLink) -> Result<(), LineError> {
    let map: Mapping = e.get("a mapping with `url` and `label`")?;
    for (k, v) in map {
        let (Some(k), Some(v)) = (k.as_str(), v.as_str()) else {
            return Err((
                e.line,
                "`exit` takes `url: …` and `label: …` as text".into(),
            ));
        };
        match k {
            "url" if v.starts_with("https://") || v.starts_with("http://") => exit.url = v.into(),
            "url" => return Err((e.line, format!("exit url \"{v}\" must start with https://"))),
            "label" => exit.label = Some(v.into()),
            other => {
                return Err((
                    e.line,
                    format!("in `exit`: {}", unknown_key(other, &["url", "label"])),
                ));
            }
        }
    }
    Ok(())
}

fn normalise_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "base_url {url:?} has a space or a line break in it"
        ));
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url \"{url}\" must start with https:// or http://"))?;
    if rest.is_empty() || rest.starts_with('/') || url.contains(['?', '#', ' ']) {
        return Err(format!(
            "base_url \"{url}\" needs a host, e.g. https://example.org/"
        ));
    }
    let mut s = url.to_string();
    if !s.ends_with('/') {
        s.push('/');
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_settings_and_defaults() {
        let c = Config::parse("title: T\nbase_url: https://example.org/campaign\nper_page: 5\n")
            .unwrap();
        assert_eq!(c.title, "T");
        assert_eq!(c.base_url, "https://example.org/campaign/");
        assert_eq!(c.base_path(), "/campaign/");
        assert_eq!(c.per_page, 5);
        assert_eq!(c.feed_limit, 20);
        assert_eq!(Config::default().base_path(), "/");
    }

    #[test]
    fn every_mistake_is_listed_with_its_line() {
        let errs = Config::parse("titel: T\nper_page: none\nbase_url: example.org\n").unwrap_err();
        assert_eq!(errs.len(), 3);
        assert_eq!(
            errs[0],
            (1, "unknown key `titel`; did you mean `title`?".into())
        );
        assert_eq!(errs[1].0, 2);
        assert!(errs[2].1.contains("https://"), "{:?}", errs[2]);
    }

    #[test]
    fn a_language_has_an_address_of_its_own_unless_it_is_anothers() {
        let site =
            "base_url: https://example.org/\nlanguages:\n  fr:\n    base_url: https://example.fr\n";
        let c = Config::parse(site).unwrap();
        assert_eq!(
            c.languages[0].base_url.as_deref(),
            Some("https://example.fr/")
        );
        assert_eq!(
            c.for_language(&c.languages[0]).base_url,
            "https://example.fr/"
        );
        // Another address for the site keeps the language's; the dev
        // server's one address sets it aside.
        let mut preview = c.clone();
        preview.set_base_url("http://127.0.0.1:1111/").unwrap();
        let fr = preview.for_language(&preview.languages[0]);
        assert_eq!(fr.base_url, "https://example.fr/");
        // Though not at the language's own.
        let err = c.clone().set_base_url("https://example.fr/").unwrap_err();
        assert!(format!("{err}").contains("`languages: fr`"), "{err}");
        preview.one_address();
        let fr = preview.for_language(&preview.languages[0]);
        assert_eq!(fr.base_url, "http://127.0.0.1:1111/");

        for (yaml, says) in [
            (
                "  fr:\n    base_url: https://example.org\n",
                "on the site's own host",
            ),
            (
                "  fr:\n    base_url: https://example.org/fr/\n",
                "has a path",
            ),
            (
                "  fr:\n    base_url: https://example.fr/fr/\n",
                "has a path",
            ),
            (
                "  fr:\n    base_url: https://example.fr/\n  de:\n    base_url: https://example.fr\n",
                "`languages: fr` and `languages: de` have one host",
            ),
            (
                "  fr:\n    base_url: example.fr\n",
                "must start with https://",
            ),
        ] {
            let text = format!("base_url: https://example.org/\nlanguages:\n{yaml}");
            let errs = Config::parse(&text).unwrap_err();
            // At the line of the language's own base_url.
            let line = 2 + yaml.lines().count();
            assert!(
                errs.iter().any(|(at, m)| *at == line && m.contains(says)),
                "{yaml}: {errs:?}"
            );
        }
    }
}

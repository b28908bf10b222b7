//! `placard init DIR`: a new site that builds as it is: commented settings,
//! the default theme (built in), a first section and article, a .gitignore
//! and Netlify's settings. A folder that holds anything is refused.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The files of a new site, by path; `TITLE` is filled in.
const FILES: &[(&str, &str)] = &[
    ("site.yaml", include_str!("init/site.yaml")),
    ("content/news/_index.md", include_str!("init/news-index.md")),
    (".gitignore", include_str!("init/gitignore")),
    ("netlify.toml", include_str!("init/netlify.toml")),
];

/// The first article's path and what it says.
const WELCOME: (&str, &str) = ("content/news/welcome.md", include_str!("init/welcome.md"));

/// What a new site's settings say of it where they differ from a new
/// site's own (a migrated site's title, address and languages).
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub title: Option<String>,
    pub description: Option<String>,
    pub base_url: Option<String>,
    pub language: Option<String>,
    /// Its other languages.
    pub languages: Vec<Language>,
    /// `unicode` where addresses must keep their letters (`slugs:`).
    pub slugs: Option<String>,
}

/// One of a new site's other languages.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Language {
    #[serde(skip)]
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Writes a new site into `dir` (made if missing); returns the files
/// written. The site's title is the folder's name until site.yaml says
/// otherwise.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    init_with(dir, &Settings::default(), true)
}

/// site.yaml as `settings` make it: their values in place of a new site's.
fn site_yaml(template: &str, title: &str, settings: &Settings) -> String {
    let mut text = template.replace("TITLE", &crate::article::yaml_string(title));
    let mut set = |key: &str, value: &Option<String>| {
        let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) else {
            return;
        };
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{key}: ")))
            .map(str::to_string);
        if let Some(line) = line {
            text = text.replacen(
                &line,
                &format!("{key}: {}", crate::article::yaml_string(v)),
                1,
            );
        }
    };
    set("description", &settings.description);
    set("base_url", &settings.base_url);
    set(
        "language",
        &settings
            .language
            .clone()
            .filter(|l| crate::config::language_code(l)),
    );
    if let Some(style) = &settings.slugs {
        text = text.replacen("# slugs: ascii", &format!("slugs: {style}"), 1);
    }
    let others: serde_yaml::Mapping = settings
        .languages
        .iter()
        .filter(|l| crate::config::language_code(&l.code))
        .map(|l| {
            let v = serde_yaml::to_value(l).expect("plain data");
            (serde_yaml::Value::String(l.code.clone()), v)
        })
        .collect();
    if !others.is_empty() {
        let yaml = serde_yaml::to_string(&serde_yaml::Value::Mapping(
            [(
                serde_yaml::Value::String("languages".into()),
                serde_yaml::Value::Mapping(others),
            )]
            .into_iter()
            .collect(),
        ))
        .expect("plain data");
        text.push_str("# The site's other languages, each published under /CODE/.\n");
        text.push_str(&yaml);
    }
    text
}

/// Where this placard's release is published, for a new site's Netlify
/// build to download it from: `PLACARD_RELEASES` as `init` runs, else as
/// the release workflow set it when this binary was built
/// (.github/workflows/release.yml); None for a placard built from source.
fn releases() -> Result<Option<String>> {
    let Some(url) = std::env::var("PLACARD_RELEASES")
        .ok()
        .or_else(|| option_env!("PLACARD_RELEASES").map(str::to_string))
        .map(|url| url.trim().trim_end_matches('/').to_string())
        .filter(|url| !url.is_empty())
    else {
        return Ok(None);
    };
    // It stands, with the file's name after it, in a shell command inside
    // a TOML string: letters, digits and what a plain address holds only
    // (no query, no fragment, nothing the shell reads).
    let scheme = ["https://", "http://", "file://"]
        .iter()
        .any(|s| url.starts_with(s));
    let plain = url
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._~:/%@+,=".contains(c));
    if !scheme || !plain {
        bail!(
            "PLACARD_RELEASES={url:?} is not a plain https://, http:// or file:// address of a folder (no spaces, quotes, query or shell characters): netlify.toml cannot download placard from it"
        );
    }
    Ok(Some(url))
}

/// The Linux build of a release, as the release workflow names it: what
/// Netlify's build image runs.
const LINUX_BUILD: &str = "placard-x86_64-unknown-linux-gnu.tar.gz";

/// netlify.toml with its build commands: downloading this placard's
/// release when there is one, else `placard` from the build image's PATH.
fn netlify_toml(template: &str, releases: Option<&str>) -> String {
    let (from, placard) = match releases {
        Some(url) => (
            format!(
                "The build downloads placard {} for Linux from its release\n# ({url}/{LINUX_BUILD}).",
                env!("CARGO_PKG_VERSION")
            ),
            format!(
                "mkdir -p .placard-bin && curl -fsSL {url}/{LINUX_BUILD} | tar -xzf - -C .placard-bin placard && .placard-bin/placard"
            ),
        ),
        None => (
            "This placard was built from source, not downloaded from a release, so\n\
             # the build image needs placard on its PATH; or build on your machine\n\
             # and publish the folder it makes (`netlify deploy --prod --dir public`)."
                .to_string(),
            "placard".to_string(),
        ),
    };
    template
        .replace("WHERE_FROM", &from)
        .replace("PLACARD build", &format!("{placard} build"))
}

/// A new site (titled after its folder unless `settings` say otherwise),
/// with the first section and article when `starter` (a migration brings
/// its own).
pub fn init_with(dir: &Path, settings: &Settings, starter: bool) -> Result<Vec<PathBuf>> {
    if dir.exists() {
        if !dir.is_dir() {
            bail!(
                "{} is a file; give a folder for the new site",
                dir.display()
            );
        }
        let mut entries =
            std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if let Some(entry) = entries.next() {
            let name = entry?.file_name();
            bail!(
                "{} is not empty (it holds {}, among others perhaps); give a new or empty folder, so that nothing in it is replaced",
                dir.display(),
                name.to_string_lossy()
            );
        }
    }
    let named = dir
        .canonicalize()
        .ok()
        .or_else(|| Some(dir.to_path_buf()))
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "Our campaign".into());
    let title = settings.title.as_deref().unwrap_or(&named);
    let quoted = crate::article::yaml_string(title);
    let releases = releases()?;
    let mut written = vec![];
    for (rel, text) in FILES {
        if !starter && rel.starts_with("content/") {
            continue;
        }
        let text = match *rel {
            "site.yaml" => site_yaml(text, title, settings),
            "netlify.toml" => netlify_toml(text, releases.as_deref()),
            _ => text.replace("TITLE", &quoted),
        };
        // Never replaces a file that appeared meanwhile.
        crate::article::create(dir, Path::new(rel), text.as_bytes())?;
        written.push(PathBuf::from(rel));
    }
    if starter {
        let welcome = crate::article::Draft {
            title: "Welcome to the archive".into(),
            date: Some(crate::date::Date::today().iso()),
            author: Some("The editors".into()),
            source: Some(title.to_string()),
            tags: Some(vec!["about".into()]),
            body: WELCOME.1.into(),
            ..crate::article::Draft::default()
        };
        crate::article::create(dir, Path::new(WELCOME.0), welcome.to_text().as_bytes())?;
        written.push(PathBuf::from(WELCOME.0));
    }
    std::fs::create_dir_all(dir.join(crate::load::CONTENT))
        .with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(written)
}

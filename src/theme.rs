//! The theme: templates and static files, from three layers where a later
//! one wins file by file: the default theme embedded in the binary,
//! `themes/NAME/`, and the site's own `templates/`, `static/` and
//! `strings/` (the theme's words, see [`crate::strings`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Problem, Problems};

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)))),*]
    };
}

/// The default theme, so that a site without themes/ still builds.
pub(crate) const DEFAULT: &[(&str, &[u8])] = embed!(
    "templates/base.html",
    "templates/index.html",
    "templates/section.html",
    "templates/page.html",
    "templates/tags.html",
    "templates/tag.html",
    "templates/404.html",
    "templates/search.html",
    "templates/safety.html",
    "templates/partials/card.html",
    "templates/partials/pagination.html",
    "templates/partials/menu.html",
    "templates/partials/neighbour.html",
    "templates/rss.xml",
    "templates/atom.xml",
    "templates/sitemap.xml",
    "templates/robots.txt",
    "templates/alias.html",
    "templates/archive.html",
    "templates/taxonomy.html",
    "templates/term.html",
    "static/css/style.css",
    "static/favicon.svg",
    "static/js/placard.js",
    "static/js/search.js",
    "strings/en.yaml",
    "strings/fr.yaml",
    "strings/es.yaml",
    "strings/ru.yaml",
    "strings/uk.yaml",
    "strings/ro.yaml",
    "strings/ar.yaml",
    "strings/th.yaml",
    "strings/de.yaml",
    "strings/pt.yaml",
    "strings/it.yaml",
    "strings/pl.yaml",
    "strings/zh.yaml",
    "strings/he.yaml",
    "strings/fa.yaml",
    "strings/ur.yaml",
);

/// The templates of outputs every theme has, which a theme may override:
/// feeds, sitemap, robots.txt and the pages left at old addresses.
pub const BUILT_IN: &[&str] = &[
    "templates/rss.xml",
    "templates/atom.xml",
    "templates/sitemap.xml",
    "templates/robots.txt",
    "templates/alias.html",
];

/// The year and month lists and a taxonomy's pages, which a theme with a
/// `base.html` (they extend it) and none of its own gets.
const EXTENDING_BASE: &[&str] = &[
    "templates/archive.html",
    "templates/taxonomy.html",
    "templates/term.html",
];

/// Where a theme file came from: the embedded theme or a file on disk.
#[derive(Clone, Debug)]
pub enum Origin {
    Embedded(&'static [u8]),
    File(PathBuf),
}

/// Every template and static file of the site's theme, keyed by its path
/// inside `templates/` or `static/`.
pub struct Theme {
    pub templates: BTreeMap<String, (Origin, PathBuf)>,
    pub statics: BTreeMap<String, Origin>,
    /// Stylesheets and scripts → a copy under `assets/` whose name holds a
    /// hash of the content, so hosts can cache them for good. Empty unless
    /// [`Theme::fingerprint`] was called (the dev server does not).
    pub fingerprints: BTreeMap<String, String>,
    /// The theme's words by language (`strings/fr.yaml`), every layer's in
    /// order: a later layer overrides an earlier one key by key.
    pub strings: Vec<(String, Origin, PathBuf)>,
    /// Data files (`data/helplines.yaml`) by their path under data/: the
    /// site's replaces the theme's of the same path.
    pub data: BTreeMap<String, (Origin, PathBuf)>,
}

impl Theme {
    pub fn load(root: &Path, name: &str) -> Result<Theme, Problems> {
        let mut theme = Theme {
            templates: BTreeMap::new(),
            statics: BTreeMap::new(),
            fingerprints: BTreeMap::new(),
            strings: vec![],
            data: BTreeMap::new(),
        };
        let theme_dir = root.join("themes").join(name);
        for (path, bytes) in DEFAULT {
            if name == "default" || BUILT_IN.contains(path) || path.starts_with("strings/") {
                let shown = Path::new("themes/default").join(path);
                theme.add(path, Origin::Embedded(bytes), shown);
            }
        }
        if name != "default" && !theme_dir.is_dir() {
            return Err(Problem::new(crate::config::FILE, None, format!(
                "theme `{name}` not found: there is no folder themes/{name}/; use `theme: default` or add the folder"
            )).into());
        }
        let mut problems = vec![];
        for layer in [theme_dir, root.to_path_buf()] {
            for kind in ["templates", "static", "strings", "data"] {
                let dir = layer.join(kind);
                let walk = match crate::paths::walk(root, &dir) {
                    Ok(walk) => walk,
                    Err(why) => {
                        problems.push(Problem::new(
                            dir.strip_prefix(root).unwrap_or(&dir),
                            None,
                            why,
                        ));
                        continue;
                    }
                };
                for entry in walk.into_iter().filter_map(Result::ok) {
                    if !entry.file_type().is_file() && !entry.path_is_symlink() {
                        continue;
                    }
                    let rel = entry.path().strip_prefix(&dir).expect("under dir");
                    let key = format!("{kind}/{}", slash_path(rel));
                    let shown = entry
                        .path()
                        .strip_prefix(root)
                        .unwrap_or(entry.path())
                        .to_path_buf();
                    if entry.path_is_symlink() {
                        problems.push(Problem::new(
                            shown,
                            None,
                            "symbolic link not followed; copy the file in instead",
                        ));
                        continue;
                    }
                    theme.add(&key, Origin::File(entry.path().to_path_buf()), shown);
                }
            }
        }
        for template in EXTENDING_BASE {
            let name = template.trim_start_matches("templates/");
            if theme.templates.contains_key("base.html") && !theme.templates.contains_key(name) {
                if let Some((path, bytes)) = DEFAULT.iter().find(|(p, _)| p == template) {
                    theme.add(
                        path,
                        Origin::Embedded(bytes),
                        Path::new("themes/default").join(path),
                    );
                }
            }
        }
        Problems(problems).into_result()?;
        Ok(theme)
    }

    /// Names the fingerprinted copies: `css/style.css` →
    /// `assets/css/style.0123456789abcdef.css`.
    pub fn fingerprint(&mut self) -> std::io::Result<()> {
        for (rel, origin) in &self.statics {
            let Some((stem, ext)) = rel
                .rsplit_once('.')
                .filter(|(_, e)| matches!(*e, "css" | "js"))
            else {
                continue;
            };
            // The same bytes give the same name on every machine.
            let mut hash = crate::text::Fnv1a::default();
            std::hash::Hasher::write(&mut hash, &origin.read()?);
            let hash = std::hash::Hasher::finish(&hash);
            self.fingerprints
                .insert(rel.clone(), format!("assets/{stem}.{hash:016x}.{ext}"));
        }
        Ok(())
    }

    /// Where templates should point for each static file: its fingerprinted
    /// copy when there is one.
    pub fn asset_urls(&self, base_path: &str) -> BTreeMap<String, String> {
        self.statics
            .keys()
            .map(|rel| {
                (
                    rel.clone(),
                    format!("{base_path}{}", self.fingerprints.get(rel).unwrap_or(rel)),
                )
            })
            .collect()
    }

    fn add(&mut self, key: &str, origin: Origin, shown: PathBuf) {
        if let Some(t) = key.strip_prefix("templates/") {
            self.templates.insert(t.to_string(), (origin, shown));
        } else if let Some(s) = key.strip_prefix("static/") {
            self.statics.insert(s.to_string(), origin);
        } else if let Some(s) = key.strip_prefix("strings/") {
            self.strings.push((s.to_string(), origin, shown));
        } else if let Some(d) = key.strip_prefix("data/") {
            self.data.insert(d.to_string(), (origin, shown));
        }
    }
}

impl Origin {
    pub fn read(&self) -> std::io::Result<std::borrow::Cow<'static, [u8]>> {
        match self {
            Origin::Embedded(b) => Ok(std::borrow::Cow::Borrowed(b)),
            Origin::File(p) => std::fs::read(p).map(std::borrow::Cow::Owned),
        }
    }
}

/// A relative path with `/` separators on every system.
pub fn slash_path(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

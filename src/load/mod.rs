//! load: walk content/, parse every file's front matter in parallel, and
//! resolve sections, tags and related links into a [`Site`]. Reading files
//! is in `files`; what depends on the whole set of articles in `relink`.

mod files;
mod relink;

use files::{Parsed, parse_file, walk};
pub use files::{SectionInfo, asset_files, no_site, section_list};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Problem, Problems};
use crate::frontmatter::{FrontMatter, SectionMatter};
use crate::images::Images;
use crate::markdown::Rendered;
use crate::slug::slugify_as;

pub const CONTENT: &str = "content";
const INDEX: &str = "_index.md";

/// Everything a build renders, read from one site folder.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    /// Section 0 is the root (the home page); parents precede children.
    pub sections: Vec<Section>,
    /// Newest first.
    pub pages: Vec<Page>,
    /// By name, case-insensitively.
    pub tags: Vec<Tag>,
    /// Its taxonomies besides tags, in `taxonomies:` order.
    pub taxonomies: Vec<Taxonomy>,
    /// Articles by their file under content/ (`sex-trade/x.md`), for `@/` links.
    pub by_file: HashMap<String, usize>,
    /// Other files under content/ (images, PDFs), relative to content/.
    pub assets: Vec<PathBuf>,
    pub warnings: Vec<Problem>,
    pub opts: LoadOptions,
    /// Future-dated articles left out of this build.
    pub future_left_out: usize,
    /// Slugs of drafts this build leaves out, which `related` may name.
    hidden_drafts: Vec<String>,
    /// Folders of the sections left out as drafts, with all in them.
    draft_sections: Vec<String>,
    /// The files (under content/, as `@/` links name them) of the drafts
    /// and future-dated articles this build leaves out: a link to one is
    /// its text until the article is published.
    pub left_out: std::collections::HashSet<String>,
    /// The site's images, cleaned and measured by the images stage; empty
    /// until then.
    pub images: crate::images::Images,
    /// `/ru` for the site in one of its other languages, published under
    /// `/ru/`; empty for the site's own language. Every path of this site
    /// starts with it.
    pub prefix: String,
    /// A language with an address of its own (`languages: CODE:
    /// base_url`): its pages are still under `/CODE/` here, and written
    /// into `public/CODE/`, the folder its host serves as its root.
    pub own_host: bool,
    /// The site in each of its other languages (`languages:` in
    /// site.yaml), made of the `NAME.LANG.md` and `_index.LANG.md` files.
    pub translations: Vec<Site>,
    /// Every language of the site and every page's versions in them.
    pub languages: std::sync::Arc<Languages>,
    /// Articles of the site's own language by file, for `@/` links from a
    /// translation to an article it does not have in its language.
    fallback: HashMap<String, String>,
}

/// The languages of a site, its own first, and which pages exist in which.
#[derive(Debug, Default)]
pub struct Languages {
    pub list: Vec<LanguageLink>,
    /// By file under content/ without its language (`news/x.md`, a
    /// section's `news/_index.md`): each version's language (index into
    /// `list`) and URL path.
    pub versions: HashMap<String, Vec<(usize, String)>>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct LanguageLink {
    pub code: String,
    /// As the language names itself.
    pub name: String,
    /// `""` or `/ru`.
    pub prefix: String,
    /// Where this language is published: the site's base URL, or its
    /// own (`own_host`), where its `prefix` is the host's root.
    pub base_url: String,
    pub own_host: bool,
}

pub struct Section {
    /// Folder under content/, `""` for the root, e.g. `sex-trade/prostitution`.
    pub dir: String,
    /// URL path without the base path: `/sex-trade/prostitution/`.
    pub path: String,
    pub file: Option<PathBuf>,
    pub matter: SectionMatter,
    pub title: String,
    /// The language its title and description are in, where that is not
    /// the language of the site they are shown in: a section with no page
    /// in this language shows its original's (`lang` in the templates).
    pub title_lang: Option<String>,
    pub body: String,
    pub rendered: Rendered,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// Its own and its descendants' pages, newest first.
    pub pages: Vec<usize>,
}

pub struct Page {
    /// e.g. `content/sex-trade/sex-trafficking/kosovo.md`
    pub file: PathBuf,
    /// The file under content/ without its language: `sex-trade/kosovo.md`
    /// for `kosovo.ru.md`, what its translations share.
    pub key: String,
    pub section: usize,
    pub slug: String,
    /// URL path without the base path.
    pub path: String,
    pub fm: FrontMatter,
    pub body: String,
    pub rendered: Rendered,
    pub tags: Vec<usize>,
    /// Old URL paths that redirect here, checked and normalised.
    pub aliases: Vec<String>,
    /// The slug of each of `fm.tags`, made once when the file is read.
    pub tag_slugs: Vec<String>,
    /// Per taxonomy of the site (in `taxonomies:` order): the names of its
    /// terms this article gives, their slugs, and the line; then (after
    /// linking) the terms' indexes in [`Taxonomy::terms`].
    pub term_names: Vec<(Vec<String>, Vec<String>, usize)>,
    pub terms: Vec<Vec<usize>>,
    pub related: Vec<usize>,
    /// Changes whenever the file is read again: what incremental rebuilds
    /// compare to know which outputs show something new.
    pub version: u64,
}

impl Page {
    /// The article's language: its `lang`, else the site's.
    pub fn lang<'a>(&'a self, site: &'a str) -> &'a str {
        self.fm
            .extra
            .get("lang")
            .and_then(|v| v.as_str())
            .unwrap_or(site)
    }

    /// Renders an article's body with the site's settings.
    pub fn render(
        &mut self,
        config: &Config,
        images: &Images,
        left_out: &std::collections::HashSet<String>,
    ) {
        // Files beside the article are published where they are under
        // content/, whatever the language of the article.
        let dir = content_dir(&self.file);
        let folder = match dir.is_empty() {
            true => config.base_path().to_string(),
            false => format!("{}{dir}/", config.base_path()),
        };
        let setting = crate::markdown::Setting {
            allow_html: config.allow_html,
            base_path: config.base_path(),
            folder: &folder,
            images: Some(images),
            left_out: Some(left_out),
        };
        self.rendered = crate::markdown::render_with(&self.body, &setting);
    }

    /// The line of the file at a byte offset of the body, for errors.
    pub fn line_of(&self, offset: usize) -> usize {
        let before = self
            .body
            .get(..offset.min(self.body.len()))
            .unwrap_or(&self.body);
        self.fm.lines.body + before.matches('\n').count()
    }
}

static NEXT_VERSION: AtomicU64 = AtomicU64::new(1);

pub struct Tag {
    pub name: String,
    pub slug: String,
    pub pages: Vec<usize>,
}

/// The key of a year's (or a month's) archive among a page's versions.
pub fn archive_key(year: i32, month: Option<u8>) -> String {
    match month {
        None => format!("archive:{year}"),
        Some(m) => format!("archive:{year}-{m:02}"),
    }
}

/// One of the site's taxonomies (`countries`) with its terms, sorted by
/// name, each a [`Tag`] of it.
pub struct Taxonomy {
    pub name: String,
    pub title: String,
    pub terms: Vec<Tag>,
}

/// What [`Site::update_articles`] found wrong: in the files it read, and in
/// the site as a whole afterwards (a URL clash, a broken `related`).
pub struct Updated {
    pub file_problems: Vec<Problem>,
    pub site_problems: Vec<Problem>,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions {
    pub drafts: bool,
    /// Include articles dated after `now`.
    pub future: bool,
    /// Seconds since 1970 (UTC): what "future" is measured against.
    pub now: i64,
}

impl LoadOptions {
    /// Whether an article is built: drafts and future-dated ones only when asked.
    fn includes(&self, fm: &FrontMatter) -> bool {
        (self.drafts || !fm.draft)
            && (self.future || fm.date.is_none_or(|d| d.timestamp() <= self.now))
    }
}

impl Site {
    /// Reads `ROOT/content`, listing every problem rather than the first.
    pub fn load(root: &Path, config: Config, opts: LoadOptions) -> Result<Site, Problems> {
        let (site, problems) = Site::load_all(root, config, opts)?;
        Problems(problems).into_result()?;
        Ok(site)
    }

    /// Loads what can be loaded and lists every problem beside it, so that
    /// `check` can go on checking the rest of a site with a broken article
    /// or a bad `related` (files that do not parse are left out).
    pub fn load_all(
        root: &Path,
        config: Config,
        opts: LoadOptions,
    ) -> Result<(Site, Vec<Problem>), Problems> {
        let content = root.join(CONTENT);
        if !content.is_dir() {
            return Err(Problem::new(root, None, files::no_site(root)).into());
        }
        let mut problems = vec![];
        let mut warnings = vec![];
        let (markdown, assets) = walk(&content, &mut warnings, &mut problems);
        let parsed: Vec<_> = markdown
            .par_iter()
            .map(|rel| parse_file(root, rel, &config.taxonomies))
            .collect();
        // The site's own language, then each of `languages:`.
        let codes: Vec<String> = std::iter::once(config.language.clone())
            .chain(config.languages.iter().map(|l| l.code.clone()))
            .collect();
        language_folders(&codes[1..], &markdown, &mut problems);
        // Sections of the site's own language marked `draft: true`, with
        // everything in them, unless drafts are built.
        let draft_sections: Vec<String> = parsed
            .iter()
            .filter_map(|r| match r {
                Ok((Parsed::Section(file, matter, _), _))
                    if matter.draft && !opts.drafts && language_of(file).is_none() =>
                {
                    Some(content_dir(file)).filter(|d| !d.is_empty())
                }
                _ => None,
            })
            .collect();
        let mut parts: Vec<Part> = codes
            .iter()
            .map(|_| Part {
                draft_sections: draft_sections.clone(),
                ..Part::default()
            })
            .collect();
        for part in &mut parts[1..] {
            part.translation = true;
        }
        parts[0].sections.push(root_section());
        for result in parsed {
            let (parsed, w) = match result {
                Ok(ok) => ok,
                Err(p) => {
                    problems.extend(p);
                    continue;
                }
            };
            warnings.extend(w);
            let file = match &parsed {
                Parsed::Section(file, ..) | Parsed::Page(file, ..) => file.clone(),
            };
            // `x.ru.md` is in Russian when the site has Russian; other
            // dotted names are the site's own language's, as they always were.
            let is_section = matches!(parsed, Parsed::Section(..));
            let lang = match language_of(&file) {
                Some(code) => codes[1..]
                    .iter()
                    .position(|c| c.eq_ignore_ascii_case(code))
                    .map(|i| i + 1),
                None => Some(0),
            };
            let lang = match (lang, is_section) {
                (None, false) => {
                    let code = language_of(&file).unwrap_or_default();
                    warnings.push(Problem::new(
                        &file,
                        None,
                        format!(
                            "published as an article of its own in the site's language: `{code}` \
                             is not one of the site's languages; add it under `languages:` in \
                             site.yaml if this is a translation"
                        ),
                    ));
                    Some(0)
                }
                (other, _) => other,
            };
            let Some(lang) = lang else {
                let code = language_of(&file).unwrap_or_default();
                warnings.push(Problem::new(
                    &file,
                    None,
                    format!(
                        "left out: `{code}` is not one of the site's languages; add it under `languages:` in site.yaml to publish this translation, or rename the file"
                    ),
                ));
                continue;
            };
            let part = &mut parts[lang];
            let in_draft = part.in_draft_section(&file);
            match parsed {
                Parsed::Section(..) if in_draft => {}
                Parsed::Section(file, matter, body) => {
                    let dir = content_dir(&file);
                    if matter.draft && dir.is_empty() && !opts.drafts {
                        warnings.push(Problem::new(
                            &file,
                            None,
                            "`draft: true` is for sections: the home page is always published",
                        ));
                    }
                    let s = section(dir, Some(file), *matter, body);
                    match (lang, s.dir.is_empty()) {
                        (0, true) => part.sections[0] = s,
                        _ => part.sections.push(s),
                    }
                }
                Parsed::Page(file, mut fm, body) => {
                    if lang > 0 {
                        fm.extra.insert(
                            serde_yaml::Value::String("lang".into()),
                            serde_yaml::Value::String(codes[lang].clone()),
                        );
                    }
                    if in_draft {
                        fm.draft = true;
                    }
                    if opts.includes(&fm) {
                        part.articles.push((file, *fm, body));
                        continue;
                    }
                    part.left_out.insert(content_relative(&file));
                    if !fm.draft {
                        part.future_left_out += 1;
                    } else if let Some(stem) = file.file_stem() {
                        part.hidden_drafts.push(
                            fm.slug.clone().unwrap_or_else(|| {
                                slugify_as(&stem.to_string_lossy(), config.slugs)
                            }),
                        );
                    }
                }
            }
        }
        let mut parts = parts.into_iter();
        let own = parts.next().expect("the site's own language");
        let mut site = Site::assemble(
            root,
            config.clone(),
            opts,
            own,
            assets,
            warnings,
            &mut problems,
        );
        let fallback: HashMap<String, String> = site
            .pages
            .iter()
            .map(|p| (p.key.clone(), p.path.clone()))
            .collect();
        let mut parts: Vec<Part> = parts.collect();
        let originals: HashMap<&str, &Page> =
            site.pages.iter().map(|p| (p.key.as_str(), p)).collect();
        let mut inherited = vec![];
        for (l, part) in config.languages.iter().zip(parts.iter_mut()) {
            for (file, fm, _) in &mut part.articles {
                let key = translation_key(file, Some(&l.code));
                let Some(original) = originals.get(key.as_str()) else {
                    continue;
                };
                // A translation comes from its original's source: it
                // names its writer and publisher, links the original and
                // its snapshot as the original does, unless it says
                // otherwise.
                for (mine, theirs) in [
                    (&mut fm.author, &original.fm.author),
                    (&mut fm.source, &original.fm.source),
                    (&mut fm.source_url, &original.fm.source_url),
                    (&mut fm.archive_url, &original.fm.archive_url),
                ] {
                    if mine.is_none() {
                        mine.clone_from(theirs);
                    }
                }
                // A translation that gives no content warning keeps its
                // original's: no reader of it may meet the text unwarned.
                let warnings = &original.fm.warnings;
                if fm.warnings.is_empty() && !warnings.is_empty() {
                    let original = &original.file;
                    fm.warnings = warnings.clone();
                    inherited.push(Problem::new(
                        &*file,
                        Some(1),
                        format!(
                            "no `warnings:`, though its original {} warns of {}: the original's are shown, in its words, until this translation gives its own",
                            original.display(),
                            warnings.join(", ")
                        ),
                    ));
                }
            }
        }
        drop(originals);
        site.warnings.extend(inherited);
        for (l, part) in config.languages.iter().zip(parts) {
            let (part, orphans) = translated_sections(&site.sections, &config.language, part);
            for orphan in orphans {
                site.warnings.push(Problem::new(
                    orphan.file.unwrap_or_default(),
                    None,
                    "left out: its folder has no _index.md, so the section is not in the site's own language; add one",
                ));
            }
            let mut t = Site::assemble(
                root,
                config.for_language(l),
                opts,
                part,
                site.assets.clone(),
                vec![],
                &mut problems,
            );
            t.fallback = fallback.clone();
            t.own_host = l.base_url.is_some();
            site.translations.push(t);
        }
        // A link to a page this build leaves out (a draft) in any
        // language is its text in every other, unless it has its own.
        let left_out: Vec<String> = site.every().flat_map(|s| s.left_out.clone()).collect();
        let add = |s: &mut Site| {
            for file in &left_out {
                if !s.by_file.contains_key(file) {
                    s.left_out.insert(file.clone());
                }
            }
        };
        add(&mut site);
        site.translations.iter_mut().for_each(add);
        site.link_languages();
        Ok((site, problems))
    }

    /// The site in one language from its files: sections linked, articles
    /// placed, everything that depends on them all derived.
    fn assemble(
        root: &Path,
        config: Config,
        opts: LoadOptions,
        part: Part,
        assets: Vec<PathBuf>,
        warnings: Vec<Problem>,
        problems: &mut Vec<Problem>,
    ) -> Site {
        let prefix = match part.translation {
            true => format!("/{}", config.language),
            false => String::new(),
        };
        let mut sections = part.sections;
        if !prefix.is_empty() {
            for s in &mut sections {
                s.path = format!("{prefix}{}", s.path);
            }
        }
        let mut site = Site {
            root: root.to_path_buf(),
            config,
            sections,
            pages: vec![],
            tags: vec![],
            taxonomies: vec![],
            by_file: HashMap::new(),
            assets,
            warnings,
            opts,
            future_left_out: part.future_left_out,
            hidden_drafts: part.hidden_drafts,
            draft_sections: part.draft_sections,
            left_out: part.left_out,
            images: Default::default(),
            prefix,
            own_host: false,
            translations: vec![],
            languages: Default::default(),
            fallback: HashMap::new(),
        };
        site.link_sections();
        let index = site.section_index();
        let made: Vec<_> = part
            .articles
            .into_par_iter()
            .map(|(file, fm, body)| site.make_page(file, fm, body, &index))
            .collect();
        for page in made {
            match page {
                Ok(page) => site.pages.push(page),
                Err(p) => problems.push(p),
            }
        }
        problems.extend(site.relink());
        site
    }

    /// The site in each of its languages, its own first.
    pub fn every(&self) -> impl Iterator<Item = &Site> {
        std::iter::once(self).chain(&self.translations)
    }

    /// The base URL a path of the site (`/fr/x/`) is published at, and
    /// the path there: a language with an address of its own serves its
    /// `/fr/` as its root.
    fn placed<'p>(&self, path: &'p str) -> (&str, &'p str) {
        let list = &self.languages.list;
        for l in list.iter().filter(|l| l.own_host) {
            if let Some(rest) = path.strip_prefix(l.prefix.as_str())
                && rest.starts_with('/')
            {
                return (l.base_url.as_str(), rest);
            }
        }
        let main = list.first().map_or(&self.config.base_url, |l| &l.base_url);
        (main.as_str(), path)
    }

    /// A path of the site (`/fr/x/`) as this language's pages link it:
    /// from the base path on this language's host, whole on another's.
    pub fn link(&self, path: &str) -> String {
        let (base, rest) = self.placed(path);
        match base == self.config.base_url {
            true => self.config.url(rest),
            false => crate::config::permalink_at(base, rest),
        }
    }

    /// A path of the site (`/fr/x/`) as an absolute address, on the host
    /// of the language it is in.
    pub fn permalink(&self, path: &str) -> String {
        let (base, rest) = self.placed(path);
        crate::config::permalink_at(base, rest)
    }

    /// Where an article's old address (`aliases:`) is answered: as
    /// written, or on a language's own host, under its `/fr/`.
    pub fn alias_path(&self, alias: &str) -> String {
        match self.own_host {
            true => format!("{}{alias}", self.prefix),
            false => alias.to_string(),
        }
    }

    /// Which pages exist in which language, for every language's pages.
    fn link_languages(&mut self) {
        if self.translations.is_empty() {
            return;
        }
        let mut languages = Languages::default();
        let mut versions: HashMap<String, Vec<(usize, String)>> = HashMap::new();
        for (i, site) in std::iter::once(&*self)
            .chain(&self.translations)
            .enumerate()
        {
            let code = &site.config.language;
            languages.list.push(LanguageLink {
                code: code.clone(),
                name: self
                    .config
                    .languages
                    .iter()
                    .find(|l| &l.code == code)
                    .and_then(|l| l.name.clone())
                    .or_else(|| crate::strings::autonym(code).map(str::to_string))
                    .unwrap_or_else(|| code.clone()),
                prefix: site.prefix.clone(),
                base_url: site.config.base_url.clone(),
                own_host: site.own_host,
            });
            for p in &site.pages {
                versions
                    .entry(p.key.clone())
                    .or_default()
                    .push((i, p.path.clone()));
            }
            for s in &site.sections {
                versions
                    .entry(section_key(&s.dir))
                    .or_default()
                    .push((i, s.path.clone()));
            }
            // The years and months this language has articles of, for
            // the archive pages' versions (see output::archives).
            if site.config.archives {
                for d in site.pages.iter().filter_map(|p| p.fm.date) {
                    let (year, month) = (d.year, d.month);
                    for (key, path) in [
                        (archive_key(year, None), format!("{}/{year}/", site.prefix)),
                        (
                            archive_key(year, Some(month)),
                            format!("{}/{year}/{month:02}/", site.prefix),
                        ),
                    ] {
                        let these = versions.entry(key).or_default();
                        if these.last().is_none_or(|(l, _)| *l != i) {
                            these.push((i, path));
                        }
                    }
                }
            }
        }
        languages.versions = versions;
        let languages = std::sync::Arc::new(languages);
        self.languages = languages.clone();
        for t in &mut self.translations {
            t.languages = languages.clone();
        }
    }

    /// Reads the given article files again (changed, added or deleted),
    /// renders their Markdown and relinks the site. Problems leave the
    /// article as it was and are returned, with those of the whole site.
    pub fn update_articles(&mut self, files: &[PathBuf]) -> Updated {
        let mut problems = vec![];
        let index = self.section_index();
        for file in files {
            let existing = self.pages.iter().position(|p| &p.file == file);
            if !self.root.join(file).is_file() {
                if let Some(i) = existing {
                    self.pages.remove(i);
                }
                continue;
            }
            let page = match parse_file(&self.root, file, &self.config.taxonomies) {
                Ok((Parsed::Page(file, fm, body), _))
                    if self.opts.includes(&fm)
                        && !in_draft_section(&self.draft_sections, &file) =>
                {
                    self.make_page(file, *fm, body, &index).map_err(|p| vec![p])
                }
                Ok(_) => {
                    if let Some(i) = existing {
                        self.pages.remove(i);
                    }
                    self.left_out.insert(content_relative(file));
                    continue;
                }
                Err(ps) => Err(ps),
            };
            match page {
                Ok(mut page) => {
                    self.left_out.remove(&content_relative(&page.file));
                    page.render(&self.config, &self.images, &self.left_out);
                    match existing {
                        Some(i) => self.pages[i] = page,
                        None => self.pages.push(page),
                    }
                }
                Err(ps) => problems.extend(ps),
            }
        }
        Updated {
            file_problems: problems,
            site_problems: self.relink(),
        }
    }

    /// Sorts sections by folder so parents come first, then links the tree.
    fn link_sections(&mut self) {
        self.sections[1..].sort_by(|a, b| a.dir.cmp(&b.dir));
        let index = self.section_index();
        for i in 1..self.sections.len() {
            let parent = nearest_section(&index, parent_dir(&self.sections[i].dir));
            self.sections[i].parent = Some(parent);
            self.sections[parent].children.push(i);
        }
        for i in 0..self.sections.len() {
            let mut children = std::mem::take(&mut self.sections[i].children);
            children.sort_by(|&a, &b| {
                let (a, b) = (&self.sections[a], &self.sections[b]);
                (a.matter.weight, &a.title).cmp(&(b.matter.weight, &b.title))
            });
            self.sections[i].children = children;
        }
    }

    fn section_index(&self) -> HashMap<String, usize> {
        self.sections
            .iter()
            .enumerate()
            .map(|(i, s)| (s.dir.clone(), i))
            .collect()
    }

    /// An article placed in its section, with its slug and URL.
    fn make_page(
        &self,
        file: PathBuf,
        fm: FrontMatter,
        body: String,
        index: &HashMap<String, usize>,
    ) -> Result<Page, Problem> {
        let dir = content_dir(&file);
        let code = (!self.prefix.is_empty()).then_some(self.config.language.as_str());
        let key = translation_key(&file, code);
        let stem = Path::new(&key)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("");
        let style = self.config.slugs;
        let slug = fm.slug.clone().unwrap_or_else(|| slugify_as(stem, style));
        if slug.is_empty() {
            return Err(Problem::new(
                &file,
                Some(1),
                "the file name gives no usable URL; add `slug: some-name`",
            ));
        }
        let prefix = &self.prefix;
        let path = if dir.is_empty() {
            format!("{prefix}/{slug}/")
        } else {
            format!("{prefix}/{dir}/{slug}/")
        };
        let section = nearest_section(index, &dir);
        let version = NEXT_VERSION.fetch_add(1, Ordering::Relaxed);
        let tag_slugs = fm.tags.iter().map(|t| slugify_as(t, style)).collect();
        let term_names = self
            .config
            .taxonomies
            .iter()
            .map(|t| {
                fm.terms
                    .iter()
                    .find(|(name, ..)| *name == t.name)
                    .map(|(_, names, line)| {
                        let slugs = names.iter().map(|n| slugify_as(n, style)).collect();
                        (names.clone(), slugs, *line)
                    })
                    .unwrap_or_default()
            })
            .collect();
        Ok(Page {
            file,
            key,
            section,
            slug,
            path,
            fm,
            body,
            rendered: Rendered::default(),
            tags: vec![],
            aliases: vec![],
            tag_slugs,
            term_names,
            terms: vec![],
            related: vec![],
            version,
        })
    }

    /// The sections from the root down to `i`, root first.
    /// The template of an article's page: its own `template`, else the
    /// nearest `page_template` of its section or a section above it, else
    /// `page.html`.
    pub fn page_template(&self, page: usize) -> &str {
        let p = &self.pages[page];
        if let Some(t) = &p.fm.template {
            return t;
        }
        let mut at = Some(p.section);
        while let Some(i) = at {
            if let Some((t, _)) = &self.sections[i].matter.page_template {
                return t;
            }
            at = self.sections[i].parent;
        }
        "page.html"
    }

    /// The template of a section's list pages: its own `template`, else
    /// `section.html` (`index.html` for the home page).
    pub fn section_template(&self, section: usize) -> &str {
        match (&self.sections[section].matter.template, section) {
            (Some((t, _)), _) => t,
            (None, 0) => "index.html",
            (None, _) => "section.html",
        }
    }

    pub fn ancestors(&self, i: usize) -> Vec<usize> {
        let mut chain = vec![i];
        while let Some(p) = self.sections[*chain.last().expect("non-empty")].parent {
            chain.push(p);
        }
        chain.reverse();
        chain
    }
}

/// One language's files, read and sorted out.
#[derive(Default)]
struct Part {
    sections: Vec<Section>,
    articles: Vec<(PathBuf, FrontMatter, String)>,
    hidden_drafts: Vec<String>,
    left_out: std::collections::HashSet<String>,
    future_left_out: usize,
    /// A language other than the site's own.
    translation: bool,
    /// Folders of sections left out as drafts (`a/b`).
    draft_sections: Vec<String>,
}

impl Part {
    /// Whether a file is in (or is the page of) a section left out as a
    /// draft.
    fn in_draft_section(&self, file: &Path) -> bool {
        in_draft_section(&self.draft_sections, file)
    }
}

fn in_draft_section(draft_sections: &[String], file: &Path) -> bool {
    if draft_sections.is_empty() {
        return false;
    }
    let dir = content_dir(file);
    draft_sections.iter().any(|d| {
        dir.strip_prefix(d.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// A language's part with its sections: those of the site's own language
/// (root first, as they are sorted there) that have their page in this
/// language or articles in or below them, each from its `_index.LANG.md`
/// when it has one (else with the settings, not the text, of the
/// original). Section pages whose folder the site's own language
/// has no section for are returned apart. Nothing else is invented.
fn translated_sections(own: &[Section], own_lang: &str, mut part: Part) -> (Part, Vec<Section>) {
    // Every folder with something in this language, and those above it.
    let mut needed = std::collections::HashSet::new();
    let dirs = part.sections.iter().map(|s| s.dir.clone());
    for mut dir in dirs.chain(part.articles.iter().map(|(f, ..)| content_dir(f))) {
        while needed.insert(dir.clone()) && !dir.is_empty() {
            dir = parent_dir(&dir).to_string();
        }
    }
    let mut pages = std::mem::take(&mut part.sections);
    part.sections = own
        .iter()
        .enumerate()
        .filter(|(i, s)| *i == 0 || needed.contains(&s.dir))
        .map(|(_, s)| match pages.iter().position(|t| t.dir == s.dir) {
            Some(i) => with_original(pages.swap_remove(i), &s.matter),
            // Its settings, not its text: that is in the other language;
            // its title and description say in which.
            None => Section {
                title_lang: Some(own_lang.to_string()),
                ..section(s.dir.clone(), None, s.matter.clone(), String::new())
            },
        })
        .collect();
    (part, pages)
}

/// A section's page in another language, with the settings its file does
/// not give taken from the original's: its place in the menu (`weight`),
/// whether it is there (`in_menu`), its page length, its keywords, its
/// templates.
fn with_original(mut t: Section, original: &SectionMatter) -> Section {
    let given = |key: &str| t.matter.given.iter().any(|g| g == key);
    let (weight, in_menu, per_page, keywords) = (
        given("weight"),
        given("in_menu"),
        given("per_page"),
        given("keywords"),
    );
    if !weight {
        t.matter.weight = original.weight;
    }
    if !in_menu {
        t.matter.in_menu = original.in_menu;
    }
    if !per_page {
        t.matter.per_page = original.per_page;
    }
    if !keywords {
        t.matter.keywords = original.keywords.clone();
    }
    if !given("template") {
        t.matter.template = original.template.clone();
    }
    if !given("page_template") {
        t.matter.page_template = original.page_template.clone();
    }
    t
}

/// `x.ru.md`, `_index.ru.md` → `ru`: the language a file is a translation
/// into, by the part of its name before `.md`.
fn language_of(file: &Path) -> Option<&str> {
    let stem = file.file_stem()?.to_str()?;
    let (_, code) = stem.rsplit_once('.')?;
    looks_like_language(code).then_some(code)
}

/// `de`, `pt-BR`, `fil`: what a language code looks like (`v2`, `final`
/// do not), so that `report.v2.md` is just a name.
pub(crate) fn looks_like_language(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or_default();
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()))
}

/// The file under content/ a translation into `code` shares with its
/// original: `news/x.md` for `news/x.ru.md`.
fn translation_key(file: &Path, code: Option<&str>) -> String {
    let rel = content_relative(file);
    match code.and_then(|c| rel.strip_suffix(".md")?.strip_suffix(c)?.strip_suffix('.')) {
        Some(original) => format!("{original}.md"),
        None => rel,
    }
}

/// What a section's translations share: `news/_index.md`.
pub fn section_key(dir: &str) -> String {
    match dir.is_empty() {
        true => INDEX.to_string(),
        false => format!("{dir}/{INDEX}"),
    }
}

/// `content/a/b/x.md` → `a/b/x.md`, with `/` separators on every system.
fn content_relative(file: &Path) -> String {
    crate::theme::slash_path(file.strip_prefix(CONTENT).unwrap_or(file))
}

/// `content/a/b/x.md` → `a/b`, with `/` separators on every system.
fn content_dir(file: &Path) -> String {
    let parent = file.parent().unwrap_or(Path::new(""));
    let rel = parent.strip_prefix(CONTENT).unwrap_or(parent);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn parent_dir(dir: &str) -> &str {
    dir.rsplit_once('/').map_or("", |(p, _)| p)
}

fn nearest_section(index: &HashMap<String, usize>, mut dir: &str) -> usize {
    loop {
        if let Some(&i) = index.get(dir) {
            return i;
        }
        if dir.is_empty() {
            return 0;
        }
        dir = parent_dir(dir);
    }
}

fn root_section() -> Section {
    section(String::new(), None, SectionMatter::default(), String::new())
}

fn section(dir: String, file: Option<PathBuf>, matter: SectionMatter, body: String) -> Section {
    let path = if dir.is_empty() {
        "/".to_string()
    } else {
        format!("/{dir}/")
    };
    let title = matter
        .title
        .clone()
        .unwrap_or_else(|| dir.rsplit('/').next().unwrap_or("").replace('-', " "));
    Section {
        dir,
        path,
        file,
        matter,
        title,
        title_lang: None,
        body,
        rendered: Rendered::default(),
        parent: None,
        children: vec![],
        pages: vec![],
    }
}

/// An error for each file under content/ published where a language of
/// the site is (`content/uk/` and the Ukrainian `uk`, both at `/uk/`): one
/// would replace the other.
fn language_folders(codes: &[String], markdown: &[PathBuf], problems: &mut Vec<Problem>) {
    let mut told = std::collections::HashSet::new();
    for file in markdown {
        let rel = file.strip_prefix(CONTENT).unwrap_or(file);
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy());
        let first = first.as_deref().unwrap_or("");
        let name = first
            .strip_suffix(".md")
            .unwrap_or(first)
            .to_ascii_lowercase();
        if let Some(code) = codes.iter().find(|c| c.eq_ignore_ascii_case(&name)) {
            if told.insert(first.to_string()) {
                problems.push(Problem::new(
                    Path::new(CONTENT).join(first),
                    None,
                    format!(
                        "published at /{name}/, where the site in the language `{code}` is (languages: in site.yaml): one would replace the other; rename the folder or file"
                    ),
                ));
            }
        }
    }
}

//! load: walk content/, parse every file's front matter in parallel, and
//! resolve sections, tags and related links into a [`Site`]. Reading files
//! is in `files`; what depends on the whole set of articles in `relink`.

mod files;
mod relink;

use files::{Parsed, parse_file, walk};
pub use files::{SectionInfo, asset_files, section_list};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Problem, Problems};
use crate::frontmatter::{FrontMatter, SectionMatter};
use crate::images::Images;
use crate::markdown::Rendered;
use crate::slug::slugify;

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
    /// The site's images, cleaned and measured by the images stage; empty
    /// until then.
    pub images: crate::images::Images,
}

pub struct Section {
    /// Folder under content/, `""` for the root, e.g. `sex-trade/prostitution`.
    pub dir: String,
    /// URL path without the base path: `/sex-trade/prostitution/`.
    pub path: String,
    pub file: Option<PathBuf>,
    pub matter: SectionMatter,
    pub title: String,
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
    pub fn render(&mut self, config: &Config, images: &Images) {
        let dir = self
            .path
            .trim_end_matches('/')
            .rsplit_once('/')
            .map_or("", |(d, _)| d);
        let folder = format!(
            "{}{}",
            config.base_path(),
            format!("{dir}/").trim_start_matches('/')
        );
        let setting = crate::markdown::Setting {
            allow_html: config.allow_html,
            base_path: config.base_path(),
            folder: &folder,
            images: Some(images),
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
            return Err(Problem::new(
                CONTENT,
                None,
                "no content folder; create content/ with one folder per section",
            )
            .into());
        }
        let mut problems = vec![];
        let mut warnings = vec![];
        let (markdown, assets) = walk(&content, &mut warnings, &mut problems);
        let parsed: Vec<_> = markdown
            .par_iter()
            .map(|rel| parse_file(root, rel))
            .collect();
        let mut sections = vec![root_section()];
        let mut articles = vec![];
        let mut hidden_drafts = vec![];
        let mut future_left_out = 0;
        for result in parsed {
            match result {
                Ok((Parsed::Section(file, matter, body), w)) => {
                    warnings.extend(w);
                    let dir = content_dir(&file);
                    if dir.is_empty() {
                        sections[0] = section(dir, Some(file), matter, body);
                    } else {
                        sections.push(section(dir, Some(file), matter, body));
                    }
                }
                Ok((Parsed::Page(file, fm, body), w)) => {
                    warnings.extend(w);
                    if opts.includes(&fm) {
                        articles.push((file, *fm, body));
                    } else if !fm.draft {
                        future_left_out += 1;
                    } else if let Some(stem) = file.file_stem() {
                        hidden_drafts.push(
                            fm.slug
                                .clone()
                                .unwrap_or_else(|| slugify(&stem.to_string_lossy())),
                        );
                    }
                }
                Err(p) => problems.extend(p),
            }
        }
        let mut site = Site {
            root: root.to_path_buf(),
            config,
            sections,
            pages: vec![],
            tags: vec![],
            by_file: HashMap::new(),
            assets,
            warnings,
            opts,
            future_left_out,
            hidden_drafts,
            images: Default::default(),
        };
        site.link_sections();
        let index = site.section_index();
        let made: Vec<_> = articles
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
        Ok((site, problems))
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
            let page = match parse_file(&self.root, file) {
                Ok((Parsed::Page(file, fm, body), _)) if self.opts.includes(&fm) => {
                    self.make_page(file, *fm, body, &index).map_err(|p| vec![p])
                }
                Ok(_) => {
                    if let Some(i) = existing {
                        self.pages.remove(i);
                    }
                    continue;
                }
                Err(ps) => Err(ps),
            };
            match page {
                Ok(mut page) => {
                    page.render(&self.config, &self.images);
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
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let slug = fm.slug.clone().unwrap_or_else(|| slugify(stem));
        if slug.is_empty() {
            return Err(Problem::new(
                &file,
                Some(1),
                "the file name gives no usable URL; add `slug: some-name`",
            ));
        }
        let path = if dir.is_empty() {
            format!("/{slug}/")
        } else {
            format!("/{dir}/{slug}/")
        };
        let section = nearest_section(index, &dir);
        let version = NEXT_VERSION.fetch_add(1, Ordering::Relaxed);
        let tag_slugs = fm.tags.iter().map(|t| slugify(t)).collect();
        Ok(Page {
            file,
            section,
            slug,
            path,
            fm,
            body,
            rendered: Rendered::default(),
            tags: vec![],
            aliases: vec![],
            tag_slugs,
            related: vec![],
            version,
        })
    }

    /// The sections from the root down to `i`, root first.
    pub fn ancestors(&self, i: usize) -> Vec<usize> {
        let mut chain = vec![i];
        while let Some(p) = self.sections[*chain.last().expect("non-empty")].parent {
            chain.push(p);
        }
        chain.reverse();
        chain
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
        body,
        rendered: Rendered::default(),
        parent: None,
        children: vec![],
        pages: vec![],
    }
}

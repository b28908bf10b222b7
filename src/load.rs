//! load: walk content/, parse every file's front matter in parallel, and
//! resolve sections, tags and related links into a [`Site`].

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, bail};
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::Config;
use crate::error::{Problem, Problems};
use crate::frontmatter::{self, FrontMatter, SectionMatter};
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

enum Parsed {
    Section(PathBuf, SectionMatter, String),
    Page(PathBuf, Box<FrontMatter>, String),
}

impl Site {
    /// Reads `ROOT/content`, listing every problem rather than the first.
    pub fn load(root: &Path, config: Config, opts: LoadOptions) -> Result<Site, Problems> {
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
        };
        site.link_sections();
        let index = site.section_index();
        for (file, fm, body) in articles {
            match site.make_page(file, fm, body, &index) {
                Ok(page) => site.pages.push(page),
                Err(p) => problems.push(p),
            }
        }
        problems.extend(site.relink());
        Problems(problems).into_result()?;
        Ok(site)
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
                    crate::markdown::render_page(&mut page, &self.config);
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

    /// Sorts the articles and derives everything that depends on the whole
    /// set: section lists, tags, related links, URL clashes.
    fn relink(&mut self) -> Vec<Problem> {
        let mut problems = vec![];
        for s in &mut self.sections {
            s.pages.clear();
        }
        self.tags.clear();
        self.pages.sort_by(|a, b| {
            let key = |p: &Page| p.fm.date.map(|d| std::cmp::Reverse(d.timestamp()));
            // Undated drafts go last.
            key(a)
                .is_none()
                .cmp(&key(b).is_none())
                .then_with(|| key(a).cmp(&key(b)))
                .then_with(|| a.fm.title.cmp(&b.fm.title))
                .then_with(|| a.path.cmp(&b.path))
        });
        let mut urls: HashMap<Cow<str>, &Path> = self
            .sections
            .iter()
            .filter_map(|s| Some((Cow::Borrowed(s.path.as_str()), s.file.as_deref()?)))
            .collect();
        urls.insert(Cow::Borrowed("/tags/"), Path::new("the tag pages"));
        for page in &self.pages {
            if let Some(other) = urls.insert(Cow::Borrowed(&page.path), &page.file) {
                problems.push(Problem::new(
                    &page.file,
                    Some(page.fm.lines.slug.max(1)),
                    format!(
                        "its URL {} is already taken by {}; give one of them another `slug:`",
                        page.path,
                        other.display()
                    ),
                ));
            }
        }
        let mut aliases = vec![];
        for page in &self.pages {
            let mut mine = vec![];
            for a in &page.fm.aliases {
                let at = |msg: String| Problem::new(&page.file, Some(page.fm.lines.aliases), msg);
                match alias_path(a) {
                    Err(why) => problems.push(at(why)),
                    Ok(path) => match urls.insert(Cow::Owned(path.clone()), &page.file) {
                        Some(other) => problems.push(at(format!(
                            "alias {path} is already the URL of {}; remove one",
                            other.display()
                        ))),
                        None => mine.push(path),
                    },
                }
            }
            aliases.push(mine);
        }
        drop(urls);
        for (page, mine) in self.pages.iter_mut().zip(aliases) {
            page.aliases = mine;
        }
        for (i, page) in self.pages.iter().enumerate() {
            let mut s = Some(page.section);
            while let Some(si) = s {
                self.sections[si].pages.push(i);
                s = self.sections[si].parent;
            }
        }
        self.by_file = self
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (content_relative(&p.file), i))
            .collect();
        self.collect_tags(&mut problems);
        self.resolve_related(&mut problems);
        problems
    }

    /// The URL path an `@/` link names (`@/sex-trade/x.md`, a section's
    /// `@/sex-trade/_index.md`), with the article it names if it is one.
    pub fn link_target(&self, link: &str) -> Option<(String, Option<usize>)> {
        let file = link
            .strip_prefix("@/")?
            .split('#')
            .next()?
            .trim_start_matches('/');
        if let Some(&i) = self.by_file.get(file) {
            return Some((self.pages[i].path.clone(), Some(i)));
        }
        let dir = file
            .strip_suffix("_index.md")
            .unwrap_or(file)
            .trim_end_matches('/');
        self.sections
            .iter()
            .find(|s| s.dir == dir)
            .map(|s| (s.path.clone(), None))
    }

    /// Every `@/` link of every article that names no article or section,
    /// or a heading its article does not have.
    pub fn check_links(&self) -> Vec<Problem> {
        let mut problems = vec![];
        for page in &self.pages {
            for link in &page.rendered.internal {
                let line = page.fm.lines.body
                    + page.body[..link.offset.min(page.body.len())]
                        .matches('\n')
                        .count();
                let at = |msg: String| Problem::new(&page.file, Some(line), msg);
                let anchor = link.url.split_once('#').map(|(_, a)| a);
                match self.link_target(&link.url) {
                    None => problems.push(at(format!(
                        "link to {}: there is no such article or section; paths start at content/, e.g. @/sex-trade/prostitution/some-article.md",
                        link.url
                    ))),
                    Some((_, Some(i))) => {
                        let toc = &self.pages[i].rendered.toc;
                        if let Some(a) = anchor.filter(|a| !toc.iter().any(|h| h.id == *a)) {
                            let ids: Vec<String> = toc.iter().map(|h| format!("#{}", h.id)).collect();
                            let known = if ids.is_empty() { "it has no headings".to_string() } else { format!("its headings are {}", ids.join(", ")) };
                            problems.push(at(format!("link to {}: {} has no heading #{a}; {known}", link.url, self.pages[i].file.display())));
                        }
                    }
                    Some((_, None)) => {}
                }
            }
        }
        problems
    }

    fn collect_tags(&mut self, problems: &mut Vec<Problem>) {
        let mut by_slug: HashMap<&str, usize> = HashMap::new();
        let mut tags: Vec<Tag> = vec![];
        let mut page_tags: Vec<Vec<usize>> = Vec::with_capacity(self.pages.len());
        for (pi, page) in self.pages.iter().enumerate() {
            let mut mine = vec![];
            for (name, slug) in page.fm.tags.iter().zip(&page.tag_slugs) {
                if slug.is_empty() {
                    problems.push(Problem::new(&page.file, Some(page.fm.lines.tags), format!(
                        "tag \"{name}\" has no letters or digits for its URL; spell it with a-z or 0-9"
                    )));
                    continue;
                }
                let ti = *by_slug.entry(slug).or_insert_with(|| {
                    tags.push(Tag {
                        name: name.trim().to_string(),
                        slug: slug.clone(),
                        pages: vec![],
                    });
                    tags.len() - 1
                });
                if !mine.contains(&ti) {
                    mine.push(ti);
                    tags[ti].pages.push(pi);
                }
            }
            page_tags.push(mine);
        }
        drop(by_slug);
        for (page, mine) in self.pages.iter_mut().zip(page_tags) {
            page.tags = mine;
        }
        self.tags = tags;
        let mut order: Vec<usize> = (0..self.tags.len()).collect();
        order
            .sort_by_cached_key(|&i| (self.tags[i].name.to_lowercase(), self.tags[i].slug.clone()));
        let mut new_index = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old] = new;
        }
        let mut tags: Vec<Option<Tag>> = std::mem::take(&mut self.tags)
            .into_iter()
            .map(Some)
            .collect();
        self.tags = order
            .iter()
            .map(|&i| tags[i].take().expect("each tag once"))
            .collect();
        for page in &mut self.pages {
            for t in &mut page.tags {
                *t = new_index[*t];
            }
        }
    }

    /// `related` names articles by slug, by `section/slug`, or by URL path.
    fn resolve_related(&mut self, problems: &mut Vec<Problem>) {
        let hidden_drafts = &self.hidden_drafts;
        let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, p) in self.pages.iter().enumerate() {
            by_key.entry(p.slug.as_str()).or_default().push(i);
            by_key.entry(p.path.trim_matches('/')).or_default().push(i);
        }
        let mut resolved = vec![];
        for (i, page) in self.pages.iter().enumerate() {
            let mut found = vec![];
            for name in &page.fm.related {
                match by_key.get(name.trim().trim_matches('/')).map(Vec::as_slice) {
                    Some([one]) if *one != i => found.push(*one),
                    Some([_]) => {}
                    Some(many) => problems.push(Problem::new(
                        &page.file,
                        Some(page.fm.lines.related),
                        format!(
                            "related \"{name}\" matches {} articles; write it as {}",
                            many.len(),
                            many.iter()
                                .map(|&m| self.pages[m].path.trim_matches('/'))
                                .collect::<Vec<_>>()
                                .join(" or ")
                        ),
                    )),
                    None if hidden_drafts.iter().any(|d| {
                        name.trim().trim_matches('/').rsplit('/').next() == Some(d.as_str())
                    }) => {}
                    None => problems.push(Problem::new(
                        &page.file,
                        Some(page.fm.lines.related),
                        format!(
                            "related \"{name}\" is not the slug of any article; check the spelling"
                        ),
                    )),
                }
            }
            resolved.push(found);
        }
        for (page, related) in self.pages.iter_mut().zip(resolved) {
            page.related = related;
        }
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

fn walk(
    content: &Path,
    warnings: &mut Vec<Problem>,
    problems: &mut Vec<Problem>,
) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let (mut markdown, mut assets) = (vec![], vec![]);
    let entries = WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                problems.push(Problem::new(path, None, format!("cannot read: {e}")));
                continue;
            }
        };
        let rel = entry
            .path()
            .strip_prefix(content)
            .expect("under content")
            .to_path_buf();
        let shown = Path::new(CONTENT).join(&rel);
        if entry.path_is_symlink() {
            // A link out of the site could publish any file of the machine.
            let site = content.parent().and_then(|r| r.canonicalize().ok());
            let inside = entry
                .path()
                .canonicalize()
                .ok()
                .zip(site)
                .is_some_and(|(t, s)| t.starts_with(s));
            if inside {
                warnings.push(Problem::new(
                    shown,
                    None,
                    "symbolic link not followed; copy the file in instead",
                ));
            } else {
                problems.push(Problem::new(
                    shown,
                    None,
                    "symbolic link to a file outside the site, refused; copy the file in instead",
                ));
            }
        } else if !entry.file_type().is_file() || rel.to_string_lossy().ends_with('~') {
            continue;
        } else if rel.extension().is_some_and(|e| e == "md") {
            markdown.push(shown);
        } else {
            assets.push(rel);
        }
    }
    (markdown, assets)
}

type ParseResult = Result<(Parsed, Vec<Problem>), Vec<Problem>>;

fn parse_file(root: &Path, rel: &Path) -> ParseResult {
    let at = |(line, msg): (usize, String)| Problem::new(rel, Some(line), msg);
    let bytes = std::fs::read(root.join(rel))
        .map_err(|e| vec![Problem::new(rel, None, format!("cannot read: {e}"))])?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        vec![Problem::new(
            rel,
            Some(line),
            "not UTF-8 text; save the file as UTF-8",
        )]
    })?;
    let split = frontmatter::split(&text).map_err(|e| vec![at(e)])?;
    let body = split.body.to_string();
    let mut warnings = vec![];
    let parsed = if rel.file_name().is_some_and(|n| n == INDEX) {
        let sm = frontmatter::parse_section(&split, &mut warnings)
            .map_err(|es| es.into_iter().map(at).collect::<Vec<_>>())?;
        Parsed::Section(rel.to_path_buf(), sm, body)
    } else {
        let fm = frontmatter::parse_article(&split, &mut warnings)
            .map_err(|es| es.into_iter().map(at).collect::<Vec<_>>())?;
        Parsed::Page(rel.to_path_buf(), Box::new(fm), body)
    };
    Ok((parsed, warnings.into_iter().map(at).collect()))
}

/// A section, as import and new see it.
#[derive(Debug, Clone)]
pub struct SectionInfo {
    pub dir: String,
    pub title: String,
    pub keywords: Vec<String>,
}

/// The sections of a site, from content/**/_index.md, without loading it
/// (for import and new).
pub fn section_list(root: &Path) -> anyhow::Result<Vec<SectionInfo>> {
    let content = root.join(CONTENT);
    if !content.is_dir() {
        bail!(
            "{} has no content/ folder; create the site's sections first",
            root.display()
        );
    }
    let mut out = vec![];
    for e in walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.file_name() != "_index.md" || e.depth() == 1 {
            continue;
        }
        let dir = crate::theme::slash_path(
            e.path()
                .parent()
                .expect("in content")
                .strip_prefix(&content)
                .expect("under"),
        );
        let text = std::fs::read_to_string(e.path())
            .with_context(|| format!("cannot read {}", e.path().display()))?;
        let (title, keywords) = match frontmatter::split(&text) {
            Ok(split) => match frontmatter::parse_section(&split, &mut vec![]) {
                Ok(m) => (m.title.unwrap_or_else(|| dir.clone()), m.keywords),
                Err(_) => (dir.clone(), vec![]),
            },
            Err(_) => (dir.clone(), vec![]),
        };
        out.push(SectionInfo {
            dir,
            title,
            keywords,
        });
    }
    if out.is_empty() {
        bail!("content/ has no sections (folders with an _index.md); create them first");
    }
    Ok(out)
}

/// An alias as an output path: `/old/path/` (a trailing `/` is added unless
/// it names a file such as `/old.html`).
fn alias_path(alias: &str) -> Result<String, String> {
    let a = alias.trim();
    let fix = "write it as a path on this site, e.g. /old/path/";
    if !a.starts_with('/') || a.contains("://") {
        return Err(format!("alias \"{a}\" must start with /; {fix}"));
    }
    if a.split('/').any(|part| part == ".." || part == ".")
        || a.contains("//")
        || a.contains(['?', '#', '\\', '"', '<', '>', ' '])
    {
        return Err(format!("alias \"{a}\" is not a plain path; {fix}"));
    }
    let last = a.rsplit('/').next().unwrap_or("");
    Ok(if a.ends_with('/') || last.contains('.') {
        a.to_string()
    } else {
        format!("{a}/")
    })
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

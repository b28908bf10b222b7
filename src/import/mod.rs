//! import: raw clippings (text or saved web pages) become front-matter
//! Markdown articles in the right section of content/. Nothing is ever
//! lost: an existing article is only replaced with `--overwrite`, a
//! different story whose slug is taken gets another slug, and re-importing
//! a clipping changes nothing.

pub mod classify;
pub mod clipping;
pub mod dates;
pub mod draft;
pub mod fields;
pub mod header;
pub mod lang;
pub mod model;
pub mod page;
pub mod story;
pub mod words;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use crate::article::{self, Existing};
use crate::convert::{decode, doc};
use crate::error::Problem;
use crate::frontmatter;
use crate::load::CONTENT;
use crate::slug::{Slugs, slugify_as};
use classify::SectionInfo;
use story::Story;
use words::Words;

#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    pub root: PathBuf,
    pub paths: Vec<PathBuf>,
    /// Puts every story in this section instead of choosing.
    pub section: Option<String>,
    pub dry_run: bool,
    pub overwrite: bool,
}

/// What happened to one article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Written,
    Unchanged,
    Overwritten,
    /// Exists with other content and `--overwrite` was not given.
    Kept,
    WouldWrite,
    WouldOverwrite,
}

/// One article of the report.
#[derive(Debug)]
pub struct Row {
    pub input: PathBuf,
    /// Relative to the site root: `content/SECTION/SLUG.md`.
    pub article: PathBuf,
    pub section: String,
    pub date: Option<String>,
    pub warnings: Vec<String>,
    pub outcome: Outcome,
    pub markdown: String,
    /// Files copied beside the article (a saved page's images): from, to
    /// (relative to the site root).
    pub files: Vec<(PathBuf, PathBuf)>,
}

#[derive(Debug, Default)]
pub struct ImportReport {
    pub rows: Vec<Row>,
    /// Files that could not be imported.
    pub failures: Vec<Problem>,
    /// Things to check: weak section matches, missing dates, kept files.
    pub notes: Vec<Problem>,
}

/// An article already on the site.
struct OnSite {
    path: PathBuf,
    title: String,
    date: Option<String>,
    source: Option<String>,
}

pub fn import(opts: &ImportOptions) -> Result<ImportReport> {
    let root = &opts.root;
    let sections = crate::load::section_list(root)?;
    if let Some(s) = &opts.section {
        if !sections.iter().any(|x| &x.dir == s) {
            let known: Vec<&str> = sections.iter().map(|s| s.dir.as_str()).collect();
            bail!(
                "--section {s}: there is no such section; the sections are {}",
                known.join(", ")
            );
        }
    }
    let config = crate::config::Config::load(root).ok();
    // Files are named as the site spells its URLs (`slugs:`).
    let slugs = config.as_ref().map_or(Slugs::default(), |c| c.slugs);
    let site_lang = config.map_or_else(|| "en".into(), |c| crate::text::primary(&c.language));
    let (existing, spelling, model) = site_index(root, slugs);
    let menu: Vec<String> = sections.iter().map(|s| s.title.clone()).collect();
    let mut report = ImportReport::default();
    let inputs = expand(&opts.paths, &mut report.failures);
    let site = Site {
        sections: &sections,
        spelling: &spelling,
        lang: &site_lang,
        model: &model,
        menu: &menu,
    };
    let parsed = read_all(opts, &inputs, &site);
    // Slugs in input order, so that the same inputs always get the same files.
    let mut taken: HashSet<String> = HashSet::new();
    let mut planned = vec![];
    for (input, result) in parsed {
        match result {
            Ok(stories) => planned.extend(place(
                &input,
                stories,
                &Taken {
                    existing: &existing,
                    slugs,
                },
                &mut taken,
                &mut report,
            )),
            Err(why) => report.failures.push(Problem::new(&input, None, why)),
        }
    }
    let rows: Vec<(Row, Option<Problem>)> =
        planned.into_par_iter().map(|p| p.into_row(opts)).collect();
    for (row, note) in rows {
        report.notes.extend(note);
        report.rows.push(row);
    }
    if !opts.dry_run && report.rows.iter().any(|r| r.section == UNSORTED) {
        if let Err(e) = unsorted_index(root) {
            report.failures.push(Problem::new(
                Path::new(CONTENT).join(UNSORTED),
                None,
                format!("{e:#}"),
            ));
        }
    }
    if !opts.dry_run {
        write_all(root, &mut report);
    }
    Ok(report)
}

/// Reads, parses and classifies every clipping, in parallel.
fn read_all(
    opts: &ImportOptions,
    inputs: &[PathBuf],
    site: &Site,
) -> Vec<(PathBuf, Result<Vec<Classified>, String>)> {
    let progress = crate::progress::Progress::new("clippings", inputs.len());
    let parsed = inputs
        .par_iter()
        .map(|p| {
            let result = std::fs::read(p)
                .map_err(|e| format!("cannot read: {e}"))
                .and_then(|b| stories(p, &b, site.menu))
                .map(|stories| {
                    stories
                        .into_iter()
                        .map(|s| classify_story(opts, site, s))
                        .collect()
                });
            progress.inc();
            (p.clone(), result)
        })
        .collect();
    progress.finish();
    parsed
}

/// Writes the articles (and the images beside them) the report decided
/// to write; what cannot be written is a failure of its own.
fn write_all(root: &Path, report: &mut ImportReport) {
    let written: Vec<Result<(), Problem>> = report
        .rows
        .par_iter()
        .filter(|r| matches!(r.outcome, Outcome::Written | Outcome::Overwritten))
        .map(|r| {
            let bytes = r.markdown.as_bytes();
            match r.outcome {
                Outcome::Overwritten => article::replace(root, &r.article, bytes),
                _ => article::create(root, &r.article, bytes),
            }
            .and_then(|()| copy_files(root, &r.files))
            .map_err(|e| Problem::new(&r.article, None, format!("{e:#}")))
        })
        .collect();
    report
        .failures
        .extend(written.into_iter().filter_map(Result::err));
}

/// A story with what the importer found about it.
struct Classified {
    story: Story,
    /// The section, or why none could be chosen.
    section: Result<String, String>,
    tags: Vec<String>,
    warnings: Vec<String>,
    notes: Vec<String>,
}

/// What the importer knows of the site it imports into.
struct Site<'a> {
    sections: &'a [SectionInfo],
    spelling: &'a HashMap<String, String>,
    lang: &'a str,
    model: &'a model::Trained,
    /// The section titles, as a copied site menu would show them.
    menu: &'a [String],
}

/// How many of a story's words the articles of a section must use for the
/// section to be chosen from its articles alone (no keyword matched), and
/// to outvote the keywords' choice.
const ON_TOPIC: f64 = 0.6;
const OUTVOTE: f64 = 0.3;

fn classify_story(opts: &ImportOptions, site: &Site, mut story: Story) -> Classified {
    // The fields as the article will say them, so that the same story
    // found again is known for the same.
    story.title = article::one_line(&story.title);
    for field in [
        &mut story.author,
        &mut story.source,
        &mut story.dateline,
        &mut story.copyright,
    ] {
        *field = field.take().map(|v| article::one_line(&v));
    }
    // A snapshot's address found for the source's is the snapshot's; the
    // source's own is the page it keeps.
    let (url, snapshot) = crate::archive::split(story.source_url.take());
    story.source_url = url;
    story.archive_url = story.archive_url.take().or(snapshot);
    let (sections, spelling) = (site.sections, site.spelling);
    let text = format!("{}\n{}", story.title, story.text());
    // The language is written down only when it is not the site's.
    let found = story
        .lang
        .take()
        .or_else(|| lang::detect(&text).map(str::to_string));
    story.lang = found.filter(|l| l != site.lang);
    let title = Words::new(&story.title);
    let mut words = Words::new(&text);
    let mut notes = std::mem::take(&mut story.notes);
    let learned = site
        .model
        .best(&format!("{0}\n{0}\n{text}", story.title))
        .filter(|(dir, _)| sections.iter().any(|s| s.dir == *dir));
    let section = match &opts.section {
        Some(s) => Ok(s.clone()),
        None => match (classify::choose_section(sections, &title, &words), learned) {
            // The site's articles outvote the keywords: a men's group's
            // campaign stays with Men Speaking Out though it names a rape
            // crisis centre.
            (Some(choice), Some((dir, share))) if choice.dir != dir && share >= OUTVOTE => {
                notes.push(format!(
                    "{dir}: chosen from the articles already there (the keywords suggested {}); check it or use --section",
                    choice.dir
                ));
                Ok(dir.to_string())
            }
            (Some(choice), _) => {
                notes.extend(choice.warning);
                Ok(choice.dir)
            }
            (None, Some((dir, share))) if share >= ON_TOPIC => {
                notes.push(format!(
                    "{dir}: no keyword matched; chosen from the articles already there; check it or use --section"
                ));
                Ok(dir.to_string())
            }
            (None, _) => only_section(sections),
        },
    };
    let dir = section.as_deref().unwrap_or("");
    let parent = dir.rsplit_once('/').map(|(p, _)| p);
    let chain: Vec<&SectionInfo> = [Some(dir), parent]
        .into_iter()
        .flatten()
        .filter_map(|d| sections.iter().find(|s| s.dir == d))
        .collect();
    let warnings = classify::warnings(&words);
    let tags = classify::tags(&text, &mut words, &chain, &|slug| {
        spelling.get(slug).cloned()
    });
    if story.title_guessed {
        notes.push(
            "no headline was found, so its first sentence stands in as the title; written as a draft: give it a title and remove `draft: true`"
                .to_string(),
        );
    }
    if story.date.is_none() {
        notes.push(match &story.unreadable_date {
            Some(d) => {
                format!("the date \"{d}\" could not be read; written as a draft without a date")
            }
            None => "no date was found; written as a draft without a date".to_string(),
        });
    }
    Classified {
        story,
        section,
        tags,
        warnings,
        notes,
    }
}

/// A story with its file decided.
struct Planned {
    input: PathBuf,
    c: Classified,
    /// No section fits: a draft in `unsorted/`.
    unsorted: bool,
    section: String,
    path: PathBuf,
    /// Whether the site already has this file.
    exists: bool,
    related: Vec<String>,
}

/// Decides the file of each story of one clipping, and links the stories
/// to each other.
/// The section, kept out of the menu, where stories that fit no section
/// wait as drafts.
pub const UNSORTED: &str = "unsorted";

/// Stories of one clipping up to this many all list each other in `related`.
const ALL_RELATED: usize = 5;

/// The names taken on the site, and how the site spells them.
struct Taken<'a> {
    existing: &'a HashMap<String, Vec<OnSite>>,
    slugs: Slugs,
}

fn place(
    input: &Path,
    stories: Vec<Classified>,
    site: &Taken,
    taken: &mut HashSet<String>,
    report: &mut ImportReport,
) -> Vec<Planned> {
    let mut placed = vec![];
    let sibling = stories.iter().find_map(|c| c.section.clone().ok());
    for c in stories {
        for note in &c.notes {
            report.notes.push(Problem::new(
                input,
                None,
                format!("\"{}\": {note}", c.story.title),
            ));
        }
        let (section, unsorted) = match (&c.section, &sibling) {
            (Ok(s), _) => (s.clone(), false),
            // A story of a clipping whose others found a section goes with them.
            (Err(why), Some(s)) => {
                report.notes.push(Problem::new(
                    input,
                    None,
                    format!(
                        "\"{}\": {why}; it goes to {s} with the other stories of its clipping",
                        c.story.title
                    ),
                ));
                (s.clone(), false)
            }
            (Err(why), None) => {
                report.notes.push(Problem::new(
                    input,
                    None,
                    format!(
                        "\"{}\": {why}; written as a draft into content/{UNSORTED}/: move it to its section and remove `draft: true` (or import it with --section PATH)",
                        c.story.title
                    ),
                ));
                (UNSORTED.to_string(), true)
            }
        };
        let (path, exists) = target(&c.story, &section, site, taken);
        placed.push(Planned {
            input: input.to_path_buf(),
            c,
            unsorted,
            section,
            path,
            exists,
            related: vec![],
        });
    }
    let slugs: Vec<String> = placed
        .iter()
        .map(|p| {
            p.path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string()
        })
        .collect();
    // A few stories list each other; beyond that each lists the first and
    // its neighbours, so that twenty thousand stories in one file do not
    // make twenty thousand lists of twenty thousand.
    let n = slugs.len();
    for (i, p) in placed.iter_mut().enumerate() {
        let mut related: Vec<usize> = match n <= ALL_RELATED {
            true => (0..n).collect(),
            false => vec![0, i.saturating_sub(1), i + 1],
        };
        related.dedup();
        p.related = related
            .into_iter()
            .filter(|&j| j != i && j < n)
            .map(|j| slugs[j].clone())
            .collect();
    }
    placed
}

impl Planned {
    /// The article's text, and what writing it would do to the file there.
    fn into_row(mut self, opts: &ImportOptions) -> (Row, Option<Problem>) {
        // A saved page's images go beside the article, named after it.
        let stem = self
            .path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let mut files = vec![];
        doc::retain_images(&mut self.c.story.body, &mut |src, _| {
            let from = PathBuf::from(&*src);
            let ext = from
                .extension()
                .unwrap_or_default()
                .to_string_lossy()
                .to_ascii_lowercase();
            let name = format!("{stem}-{}.{ext}", files.len() + 1);
            files.push((from, self.path.with_file_name(&name)));
            *src = name;
            true
        });
        let c = &self.c;
        let markdown = draft::draft(
            &c.story,
            &draft::Meta {
                tags: &c.tags,
                warnings: &c.warnings,
                related: &self.related,
                draft: self.unsorted || c.story.title_guessed,
            },
        )
        .to_text();
        let mut note = None;
        // Only a file the site index listed is read; a new one is not there.
        let old = match self.exists {
            true => article::existing(&opts.root.join(&self.path), markdown.as_bytes()),
            false => Existing::Nothing,
        };
        let outcome = match old {
            Existing::Nothing if opts.dry_run => Outcome::WouldWrite,
            Existing::Nothing => Outcome::Written,
            Existing::Same => Outcome::Unchanged,
            Existing::Other if opts.overwrite && opts.dry_run => Outcome::WouldOverwrite,
            Existing::Other if opts.overwrite => Outcome::Overwritten,
            Existing::Other => {
                note = Some(Problem::new(
                    &self.path,
                    None,
                    "exists with other content (edited since?), so it was left as it is; --overwrite replaces it",
                ));
                Outcome::Kept
            }
        };
        let row = Row {
            input: self.input,
            article: self.path,
            section: self.section,
            date: c.story.date.map(|d| d.iso()),
            warnings: c.warnings.clone(),
            outcome,
            markdown,
            files,
        };
        (row, note)
    }
}

/// Where a story goes: the file of the same story if the site has it
/// (same headline, date and source, wherever it was moved), else a new
/// file in `section` whose slug no other article uses, in any section.
/// Says whether the file exists.
fn target(
    story: &Story,
    section: &str,
    site: &Taken,
    taken: &mut HashSet<String>,
) -> (PathBuf, bool) {
    let base = article::slug(&story.title, site.slugs).unwrap_or_else(|| "story".into());
    let date = story.date.map(|d| d.iso());
    let existing = site.existing;
    let same =
        |one: &OnSite| one.title == story.title && one.date == date && one.source == story.source;
    for n in 1.. {
        let slug = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        if taken.contains(&slug) {
            continue;
        }
        let found = match existing.get(&slug).map(Vec::as_slice) {
            Some([one]) if same(one) => (one.path.clone(), true),
            None => (
                Path::new(CONTENT).join(section).join(format!("{slug}.md")),
                false,
            ),
            _ => continue,
        };
        taken.insert(slug);
        return found;
    }
    unreachable!("some numbered slug is free")
}

/// The site's articles by slug, and its tags' spellings by tag slug.
fn site_index(
    root: &Path,
    slugs: Slugs,
) -> (
    HashMap<String, Vec<OnSite>>,
    HashMap<String, String>,
    model::Trained,
) {
    let content = root.join(CONTENT);
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file()
                && e.path().extension().is_some_and(|x| x == "md")
                && e.file_name() != "_index.md"
        })
        .map(|e| e.into_path())
        .collect();
    type Read = (PathBuf, Option<(frontmatter::FrontMatter, model::Counts)>);
    let read: Vec<Read> = files
        .par_iter()
        .map(|f| {
            let fm = std::fs::read_to_string(f).ok().and_then(|t| {
                let split = frontmatter::split(&t).ok()?;
                let fm = frontmatter::parse_article(&split, &mut vec![]).ok()?;
                let title = fm.title.as_deref().unwrap_or("");
                let counts = model::Counts::of(&format!("{title}\n{title}\n{}", split.body));
                Some((fm, counts))
            });
            (f.strip_prefix(root).unwrap_or(f).to_path_buf(), fm)
        })
        .collect();
    let (mut by_slug, mut spelling) = (HashMap::<String, Vec<OnSite>>::new(), HashMap::new());
    let mut model = model::Model::default();
    for (path, fm) in read {
        let section = path
            .strip_prefix(CONTENT)
            .ok()
            .and_then(Path::parent)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        let fm = fm.map(|(fm, counts)| {
            if !fm.draft {
                model.add(&section, counts);
            }
            fm
        });
        let stem = slugify_as(
            &path.file_stem().unwrap_or_default().to_string_lossy(),
            slugs,
        );
        let Some(fm) = fm else {
            by_slug.entry(stem).or_default().push(OnSite {
                path,
                title: String::new(),
                date: None,
                source: None,
            });
            continue;
        };
        for t in &fm.tags {
            spelling
                .entry(slugify_as(t, slugs))
                .or_insert_with(|| t.clone());
        }
        let slug = fm.slug.clone().unwrap_or(stem);
        by_slug.entry(slug).or_default().push(OnSite {
            path,
            title: fm.title.unwrap_or_default(),
            date: fm.date.map(|d| d.iso()),
            source: fm.source,
        });
    }
    (by_slug, spelling, model.trained())
}

/// Input files: the files named, and the clippings in the folders named.
fn expand(paths: &[PathBuf], failures: &mut Vec<Problem>) -> Vec<PathBuf> {
    let mut out = vec![];
    for p in paths {
        if p.is_dir() {
            for e in walkdir::WalkDir::new(p)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
            {
                let hidden = e.file_name().to_string_lossy().starts_with('.');
                let ext = e
                    .path()
                    .extension()
                    .map(|x| x.to_string_lossy().to_ascii_lowercase());
                let clipping =
                    matches!(ext.as_deref(), None | Some("txt" | "text" | "html" | "htm"));
                if e.file_type().is_file() && !hidden && clipping {
                    out.push(e.into_path());
                }
            }
        } else if p.is_file() {
            out.push(p.clone());
        } else {
            failures.push(Problem::new(p, None, "cannot read: no such file or folder"));
        }
    }
    out
}

/// The stories of one clipping file.
fn stories(path: &Path, bytes: &[u8], menu: &[String]) -> Result<Vec<Story>, String> {
    let text = decode::decode(bytes);
    let ext = path
        .extension()
        .map(|x| x.to_string_lossy().to_ascii_lowercase());
    let head = text
        .trim_start()
        .get(..15)
        .unwrap_or("")
        .to_ascii_lowercase();
    // A page, or text that is a page's HTML without saying so; HTML under
    // front matter is the clipping parser's.
    let fenced = text.starts_with("---\n") || text.starts_with("+++\n");
    let html = matches!(ext.as_deref(), Some("html" | "htm"))
        || head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (!fenced && crate::convert::looks_like_html(&text));
    if html && crate::convert::too_deep(&text) {
        return Err(format!(
            "its elements nest more than {} deep, deeper than any real page: not read",
            crate::convert::MAX_DEPTH
        ));
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    // A page's images are the files saved beside it; others are left out.
    let saved = |mut story: Story| {
        doc::retain_images(&mut story.body, &mut |src, _| match saved_file(dir, src) {
            Some(file) => {
                *src = file.to_string_lossy().into_owned();
                true
            }
            None => false,
        });
        story
    };
    if html {
        if let Some(story) = page::read(&text) {
            return Ok(vec![saved(story)]);
        }
        return clipping::parse_with(&page::page_text(&text), menu);
    }
    clipping::parse_with(&text, menu).map(|s| s.into_iter().map(saved).collect())
}

/// A site with one section and no keywords (a new site's `news/`): every
/// story is for it. Otherwise why no section was chosen.
fn only_section(sections: &[SectionInfo]) -> Result<String, String> {
    let open: Vec<&SectionInfo> = sections.iter().filter(|s| s.dir != UNSORTED).collect();
    match open[..] {
        [one] if one.keywords.is_empty() => Ok(one.dir.clone()),
        _ if open.iter().all(|s| s.keywords.is_empty()) => Err(
            "no section has `keywords:` to choose by (add them to each section's _index.md)"
                .to_string(),
        ),
        _ => Err("no section's keywords match it".to_string()),
    }
}

/// `content/unsorted/_index.md`, unless the site has it.
fn unsorted_index(root: &Path) -> Result<()> {
    let index = root.join(CONTENT).join(UNSORTED).join("_index.md");
    if index.exists() {
        return Ok(());
    }
    let text = "---\ntitle: \"Unsorted\"\ndescription: \"Imported stories that fit no section yet: never published until moved.\"\nin_menu: false\ndraft: true\nweight: 1000\n---\n";
    let rel = Path::new(CONTENT).join(UNSORTED).join("_index.md");
    match article::create(root, &rel, text.as_bytes()) {
        // Another import made it meanwhile.
        Err(_) if index.exists() => Ok(()),
        r => r,
    }
}

/// The file a saved page's image names, when the browser saved it beside
/// the page (in the page's folder or below it, no link leading out) and
/// it is an image.
fn saved_file(dir: &Path, src: &str) -> Option<PathBuf> {
    let src = src.split(['?', '#']).next()?;
    let decoded = percent_encoding::percent_decode_str(src).decode_utf8_lossy();
    let kind = crate::images::Kind::of(&decoded)?;
    (kind != crate::images::Kind::Unclean).then_some(())?;
    crate::paths::file(dir, &decoded)
}

/// Copies a saved page's images beside its article; a file already there
/// with the same bytes is left, one with other bytes is never replaced.
fn copy_files(root: &Path, files: &[(PathBuf, PathBuf)]) -> Result<()> {
    for (from, to) in files {
        let bytes =
            std::fs::read(from).with_context(|| format!("cannot read {}", from.display()))?;
        match article::existing(&root.join(to), &bytes) {
            Existing::Same => continue,
            Existing::Other => bail!(
                "{} exists with other content; the image was not copied",
                to.display()
            ),
            Existing::Nothing => article::create(root, to, &bytes)?,
        }
    }
    Ok(())
}

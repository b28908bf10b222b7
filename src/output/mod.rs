//! output: every file a build writes from the site is a [`Job`] (pages,
//! feeds, sitemap, redirects, the search index) rendered in parallel, with
//! one Tera instance compiled once. Each article's card
//! (what lists show of it) becomes a template value once and is shared by
//! every list and page that shows it: contexts borrow the site, they never
//! copy it. Each job has a fingerprint of what it shows, so that a rebuild
//! can render only the outputs a change touched.

mod archives;
pub(crate) mod clashes;
pub mod feeds;
mod jobs;
pub mod search;
mod views;

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use crate::error::{Problem, Problems};
use crate::load::Site;
use crate::theme::Theme;
use crate::write::{self, Sink};
use feeds::Feed;

pub use jobs::Job;

/// Tags on each page of the tag index.
pub const TAGS_PER_PAGE: usize = 200;

/// Templates compiled once, and the values every page shares.
pub struct Renderer<'s> {
    site: &'s Site,
    tera: Tera,
    /// Template name → the file it came from, for error messages.
    files: HashMap<String, PathBuf>,
    site_value: Value,
    /// The data files (`data/*.yaml`) as this language's pages see them.
    data_value: Value,
    /// The theme's words in the site's language, and as templates see them.
    strings: crate::strings::Strings,
    strings_value: Value,
    /// The theme's words in the other languages its articles are in (by
    /// `lang:`), where the theme has words for them: what a page and a card
    /// say about an article come in the article's language.
    other_words: Vec<(String, crate::strings::Strings, Value)>,
    /// The words as the text of pages in each language the site's pages
    /// are in shows them (`tm`), the site's language first: each word in
    /// another language marked with it (see [`crate::strings::Strings::marked`]).
    marked: Vec<(String, Value)>,
    cards: Vec<Value>,
    /// Per article, a hash of what its card shows.
    card_hashes: Vec<u64>,
    /// Per article, its position in its own section's list.
    positions: Vec<usize>,
    /// Each year's and month's articles (`archives: true`).
    archives: Vec<archives::Archive>,
    sections: Vec<Value>,
    feeds: Vec<Feed<'s>>,
    /// Made the first time a search job needs it.
    search: std::sync::OnceLock<search::SearchIndex>,
    /// Each article as feeds show it, made once for all the feeds it is in.
    feed_items: Vec<std::sync::OnceLock<Value>>,
    /// The site's own `static/_redirects` (rules of its own, or of the site
    /// it was before), written first in the `_redirects` placard makes.
    own_redirects: Option<String>,
}

/// Article cards kept between rebuilds, by file: the page version and tag
/// names each was made from, a hash of what it shows, and its value.
#[derive(Default)]
pub struct CardCache(HashMap<PathBuf, CachedCard>);

struct CachedCard {
    made_from: (u64, u64),
    shows: u64,
    value: Value,
}

impl<'s> Renderer<'s> {
    /// With `minify`, the templates are minified as they are compiled
    /// (see [`crate::minify`]).
    pub fn new(
        site: &'s Site,
        theme: &Theme,
        minify: bool,
        cache: &mut CardCache,
    ) -> Result<Renderer<'s>, Problems> {
        let new_tera = || {
            let mut tera = Tera::new();
            tera.set_escape_fn(crate::text::escape_into);
            tera
        };
        let mut tera = new_tera();
        let mut files = HashMap::new();
        let mut sources = vec![];
        let mut problems = vec![];
        for (name, (origin, shown)) in &theme.templates {
            files.insert(name.clone(), shown.clone());
            match origin.read().map(|b| String::from_utf8(b.into_owned())) {
                Ok(Ok(text)) => sources.push((name.clone(), text)),
                Ok(Err(_)) => problems.push(Problem::new(
                    shown,
                    None,
                    "not UTF-8 text; save the template as UTF-8",
                )),
                Err(e) => problems.push(Problem::new(shown, None, format!("cannot read: {e}"))),
            }
        }
        Problems(problems).into_result()?;
        let minified = || {
            sources.iter().map(|(name, text)| {
                let small = match name.ends_with(".html") {
                    true => crate::minify::template(text),
                    false => None,
                };
                (name.clone(), small.unwrap_or_else(|| text.clone()))
            })
        };
        if !(minify && tera.add_raw_templates(minified()).is_ok()) {
            // Errors are reported in the templates as written, whose lines
            // are the author's.
            tera = new_tera();
            tera.add_raw_templates(sources)
                .map_err(|e| Problems(vec![template_problem(&files, &e)]))?;
        }
        let feeds = feeds::feeds(site);
        let own_redirects = theme
            .statics
            .get(write::copy::REDIRECTS)
            .filter(|_| site.prefix.is_empty())
            .and_then(|origin| origin.read().ok())
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
        let mut strings = crate::strings::Strings::load(theme, &site.config.language)?;
        let data_value =
            Value::from_serializable(&crate::data::for_language(theme, &site.config.language)?);
        let exit = site.config.exit.label.clone();
        strings.name_exit(&exit.unwrap_or_else(|| strings.get("exit").to_string()));
        let mut other_words: Vec<(String, crate::strings::Strings, Value)> = vec![];
        for p in &site.pages {
            let lang = p.lang(&site.config.language);
            if lang != site.config.language
                && !other_words.iter().any(|(l, ..)| l == lang)
                && crate::strings::Strings::has_language(theme, lang)
            {
                let words = crate::strings::Strings::load(theme, lang)?;
                let value = Value::from_serializable(&words);
                other_words.push((lang.to_string(), words, value));
            }
        }
        let mut r = Renderer {
            site,
            tera,
            files,
            site_value: Value::none(),
            data_value,
            strings_value: Value::from_serializable(&strings),
            strings,
            other_words,
            marked: vec![],
            cards: vec![],
            card_hashes: vec![],
            positions: positions(site),
            archives: archives::archives(site),
            sections: vec![],
            feeds,
            search: std::sync::OnceLock::new(),
            feed_items: (0..site.pages.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            own_redirects,
        };
        for lang in std::iter::once(site.config.language.as_str())
            .chain(site.pages.iter().map(|p| p.lang(&site.config.language)))
        {
            if !r.marked.iter().any(|(l, _)| l == lang) {
                let marked = r.words(lang).marked(lang);
                r.marked.push((lang.to_string(), marked));
            }
        }
        r.site_value = Value::from_serializable(&r.site_view(theme));
        (r.cards, r.card_hashes) = r.cached_cards(cache);
        r.sections = (0..site.sections.len())
            .map(|i| Value::from_serializable(&r.section_view(i)))
            .collect();
        Ok(r)
    }

    /// Cards of every article, with the hash of what each shows: reused
    /// from `cache` when the article and its tag names are unchanged, made
    /// anew (in parallel) otherwise.
    fn cached_cards(&self, cache: &mut CardCache) -> (Vec<Value>, Vec<u64>) {
        let pages = &self.site.pages;
        let keys: Vec<(u64, u64)> = (0..pages.len())
            .map(|i| (pages[i].version, self.tag_names_hash(i)))
            .collect();
        let fresh: Vec<Option<CachedCard>> = pages
            .par_iter()
            .zip(&keys)
            .map(|(p, &made_from)| match cache.0.get(&p.file) {
                Some(c) if c.made_from == made_from => None,
                _ => {
                    let card = self.card(p);
                    let mut h = DefaultHasher::new();
                    card.hash(&mut h);
                    Some(CachedCard {
                        made_from,
                        shows: h.finish(),
                        value: Value::from_serializable(&card),
                    })
                }
            })
            .collect();
        let (mut cards, mut hashes) = (
            Vec::with_capacity(pages.len()),
            Vec::with_capacity(pages.len()),
        );
        for (p, made) in pages.iter().zip(fresh) {
            if let Some(card) = made {
                cache.0.insert(p.file.clone(), card);
            }
            let card = &cache.0[&p.file];
            cards.push(card.value.clone());
            hashes.push(card.shows);
        }
        (cards, hashes)
    }

    /// Renders every output into `out`; returns the number of HTML pages.
    pub fn render_all(&self, out: &dyn Sink) -> Result<usize, Problems> {
        let jobs = self.jobs();
        // Built up front, in parallel, rather than by whichever job comes first.
        self.search();
        let progress = crate::progress::Progress::new("files", jobs.len());
        let results: Vec<Result<(), (Problem, String)>> = jobs
            .par_iter()
            .map(|&job| {
                let bytes = self.render(job)?;
                progress.inc();
                out.put(&self.file_of(job), &bytes, job.is_html())
                    .map_err(|e| {
                        (
                            Problem::new(self.file_of(job), None, format!("{e:#}")),
                            self.file_of(job),
                        )
                    })
            })
            .collect();
        progress.finish();
        group_problems(results.into_iter().filter_map(Result::err))?;
        Ok(jobs
            .iter()
            .filter(|j| j.is_html() && !matches!(j, Job::Alias(..)))
            .count())
    }

    /// Renders some jobs into memory: (output file, bytes, is HTML).
    pub fn render_some(&self, jobs: &[Job]) -> Result<Vec<(String, Vec<u8>, bool)>, Problems> {
        let results: Vec<_> = jobs
            .par_iter()
            .map(|&job| Ok((self.file_of(job), self.render(job)?, job.is_html())))
            .collect();
        let mut done = vec![];
        let mut failed = vec![];
        for r in results {
            match r {
                Ok(x) => done.push(x),
                Err(e) => failed.push(e),
            }
        }
        group_problems(failed)?;
        Ok(done)
    }

    /// Renders one job into the bytes of its output file.
    fn render(&self, job: Job) -> Result<Vec<u8>, (Problem, String)> {
        let site = self.site;
        let path = self.path_of(job);
        let mut ctx = Context::new();
        ctx.insert_value("site", self.site_value.clone());
        ctx.insert_value("data", self.data_value.clone());
        ctx.insert_value("site_t", self.strings_value.clone());
        let lang = match job {
            Job::Page(i) => site.pages[i].lang(&site.config.language),
            _ => &site.config.language,
        };
        ctx.insert("lang", lang);
        ctx.insert("dir", crate::text::direction(lang));
        ctx.insert("og_locale", &crate::text::og_locale(lang));
        ctx.insert_value("t", self.words_value(lang).clone());
        ctx.insert_value("site_tm", self.marked[0].1.clone());
        let tm = self.marked.iter().find(|(l, _)| l == lang);
        ctx.insert_value("tm", tm.map_or(&self.marked[0].1, |(_, v)| v).clone());
        let template = match job {
            Job::Feed(f) | Job::Atom(f) => {
                let feed = &self.feeds[f];
                ctx.insert("feed", &feed.view(site));
                let items: Vec<Value> = feed.items(site).map(|i| self.feed_item(i)).collect();
                ctx.insert_value("items", Value::from(items));
                match job {
                    Job::Feed(_) => "rss.xml",
                    _ => "atom.xml",
                }
            }
            Job::Sitemap => {
                let paths: Vec<_> = self
                    .jobs()
                    .into_iter()
                    .filter(|j| j.is_html() && !matches!(j, Job::NotFound | Job::Alias(..)))
                    .map(|j| (self.path_of(j), self.versions(j)))
                    .collect();
                ctx.insert("entries", &feeds::sitemap(site, &paths));
                "sitemap.xml"
            }
            Job::Robots => {
                let own = self.permalink(&self.at("/sitemap.xml"));
                ctx.insert("sitemap_url", &own);
                // Each language on this host has its sitemap; one with a
                // host of its own, its own robots.txt.
                let mut all: Vec<String> = match site.own_host {
                    true => vec![],
                    false => (site.languages.list.iter())
                        .filter(|l| !l.own_host)
                        .map(|l| self.permalink(&format!("{}/sitemap.xml", l.prefix)))
                        .collect(),
                };
                if all.is_empty() {
                    all.push(own);
                }
                ctx.insert("sitemap_urls", &all);
                "robots.txt"
            }
            Job::Alias(i, _) => {
                let p = &site.pages[i];
                ctx.insert(
                    "page",
                    &views::Moved {
                        title: p.fm.title.as_deref().unwrap_or_default(),
                        url: self.url(&p.path),
                        permalink: self.permalink(&p.path),
                    },
                );
                "alias.html"
            }
            Job::Redirects => {
                let mut out = self.own_redirects.clone().unwrap_or_default();
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&feeds::netlify_redirects(site));
                return Ok(out.into_bytes());
            }
            Job::SearchWords(b) => return Ok(self.search().buckets[b].clone().into_bytes()),
            Job::SearchDocs(k) => {
                return Ok(self
                    .search()
                    .docs
                    .get(k)
                    .cloned()
                    .unwrap_or_default()
                    .into_bytes());
            }
            Job::Search => {
                // The languages of the words the search script shows,
                // where they are not the page's (`tl.search_none`: "en").
                let words = self.words(lang);
                let other: tera::Map = [
                    "search_none",
                    "search_one",
                    "search_many",
                    "search_short",
                    "search_failed",
                ]
                .into_iter()
                .filter_map(|key| Some((key.into(), Value::from(words.other_than(key, lang)?))))
                .collect();
                ctx.insert_value("tl", Value::from(other));
                "search.html"
            }
            Job::Safety => "safety.html",
            Job::Home | Job::Section(0, _) => {
                let number = match job {
                    Job::Section(_, n) => n,
                    _ => 1,
                };
                let paginator = self.paginator(
                    &self.at("/"),
                    &site.sections[0].pages,
                    number,
                    self.per_page(0),
                );
                ctx.insert_value("section", self.sections[0].clone());
                ctx.insert_value("pages", Value::from(paginator.items.clone()));
                ctx.insert("paginator", &paginator);
                self.or_default(site.section_template(0), "index.html")
            }
            Job::Section(i, n) => {
                let s = &site.sections[i];
                ctx.insert_value("section", self.sections[i].clone());
                ctx.insert(
                    "paginator",
                    &self.paginator(&s.path, &s.pages, n, self.per_page(i)),
                );
                self.or_default(site.section_template(i), "section.html")
            }
            Job::Page(i) => {
                ctx.insert_value("section", self.sections[site.pages[i].section].clone());
                ctx.insert("page", &self.page_view(i));
                self.or_default(site.page_template(i), "page.html")
            }
            Job::Tags(n) => {
                let (count, per) = (site.tags.len(), TAGS_PER_PAGE);
                let tags: Vec<_> = page_range(count, n, per)
                    .map(|i| self.tag_view(i))
                    .collect();
                ctx.insert("tags", &tags);
                ctx.insert(
                    "paginator",
                    &self.list_paginator(&self.at("/tags/"), count, n, per),
                );
                "tags.html"
            }
            Job::Tag(i, n) => {
                let t = &site.tags[i];
                ctx.insert("tag", &self.tag_view(i));
                ctx.insert(
                    "paginator",
                    &self.paginator(
                        &self.at(&format!("/tags/{}/", t.slug)),
                        &t.pages,
                        n,
                        site.config.per_page,
                    ),
                );
                "tag.html"
            }
            Job::Terms(k, n) => {
                let (count, per) = (site.taxonomies[k].terms.len(), TAGS_PER_PAGE);
                let terms: Vec<_> = page_range(count, n, per)
                    .map(|i| self.term_view(k, i))
                    .collect();
                ctx.insert("taxonomy", &self.taxonomy_view(k));
                ctx.insert("terms", &terms);
                ctx.insert(
                    "paginator",
                    &self.list_paginator(
                        &self.at(&format!("/{}/", site.taxonomies[k].name)),
                        count,
                        n,
                        per,
                    ),
                );
                "taxonomy.html"
            }
            Job::Term(k, i, n) => {
                let t = &site.taxonomies[k];
                ctx.insert("taxonomy", &self.taxonomy_view(k));
                ctx.insert("term", &self.term_view(k, i));
                ctx.insert(
                    "paginator",
                    &self.paginator(
                        &self.at(&format!("/{}/{}/", t.name, t.terms[i].slug)),
                        &t.terms[i].pages,
                        n,
                        site.config.per_page,
                    ),
                );
                "term.html"
            }
            Job::Archive(a, n) => {
                let archive = &self.archives[a];
                ctx.insert("archive", &self.archive_view(a));
                ctx.insert(
                    "paginator",
                    &self.paginator(&archive.path, &archive.pages, n, site.config.per_page),
                );
                "archive.html"
            }
            Job::NotFound => "404.html",
        };
        let versions = self.versions(job);
        // A list's later page is no other language's page: it has no
        // alternates, and its switcher leads to the list's first page in
        // each language.
        let first = job.first_page();
        let switch = match first == job {
            true => versions.clone(),
            false => self.versions(first),
        };
        ctx.insert("languages", &self.switcher(&switch));
        ctx.insert("alternates", &versions);
        ctx.insert("current_path", &self.url(&path));
        ctx.insert("current_url", &self.permalink(&path));
        self.tera
            .render(template, &ctx)
            .map(String::into_bytes)
            .map_err(|e| (template_problem(&self.files, &e), path))
    }

    /// The theme's words for what a page or card says about an article in
    /// `lang`: that language's, or else the site's.
    fn words(&self, lang: &str) -> &crate::strings::Strings {
        self.other_words
            .iter()
            .find(|(l, ..)| l == lang)
            .map_or(&self.strings, |(_, w, _)| w)
    }

    fn words_value(&self, lang: &str) -> &Value {
        self.other_words
            .iter()
            .find(|(l, ..)| l == lang)
            .map_or(&self.strings_value, |(.., v)| v)
    }

    /// The site this renders, in one of its languages.
    pub fn site(&self) -> &'s Site {
        self.site
    }

    fn search(&self) -> &search::SearchIndex {
        self.search
            .get_or_init(|| search::build(self.site, &|lang| self.words(lang)))
    }

    /// Article `i` as feeds show it, made the first time a feed needs it.
    fn feed_item(&self, i: usize) -> Value {
        self.feed_items[i]
            .get_or_init(|| {
                let p = &self.site.pages[i];
                let words = self.words(p.lang(&self.site.config.language));
                Value::from_serializable(&feeds::item(self.site, p, words))
            })
            .clone()
    }

    /// A template a section or an article names, or the one it replaces
    /// when the theme has none of that name (check reports it, once, at
    /// the line that names it).
    fn or_default<'t>(&self, name: &'t str, default: &'static str) -> &'t str {
        match self.files.contains_key(name) {
            true => name,
            false => default,
        }
    }

    /// What `archive.html` shows of archive `a`: its title in the site's
    /// language, and a year's months.
    fn archive_view(&self, a: usize) -> archives::ArchiveView {
        let archive = &self.archives[a];
        let words = &self.strings;
        let year_of = |year: i32| {
            self.archives
                .iter()
                .find(|y| y.year == year && y.month.is_none())
        };
        let month_title = |m: u8| words.month_year(archive.year, m);
        archives::ArchiveView {
            title: match archive.month {
                Some(m) => month_title(m),
                None => archive.year.to_string(),
            },
            year: archive.year,
            month: archive.month,
            url: self.url(&archive.path),
            count: archive.pages.len(),
            year_url: archive
                .month
                .and_then(|_| year_of(archive.year))
                .map(|y| self.url(&y.path)),
            year_title: archive.year.to_string(),
            months: match archive.month {
                Some(_) => vec![],
                None => self
                    .archives
                    .iter()
                    .filter(|m| m.year == archive.year)
                    .filter_map(|m| {
                        Some(archives::MonthLink {
                            title: month_title(m.month?),
                            url: self.url(&m.path),
                            count: m.pages.len(),
                        })
                    })
                    .collect(),
            },
        }
    }

    fn per_page(&self, section: usize) -> usize {
        self.site.sections[section]
            .matter
            .per_page
            .unwrap_or(self.site.config.per_page)
    }

    /// A path of the site (`/x/`, `/fr/x/`) as pages link it (see
    /// [`Site::link`]).
    pub fn url(&self, path: &str) -> String {
        self.site.link(path)
    }

    pub fn permalink(&self, path: &str) -> String {
        self.site.permalink(path)
    }
}

/// Where each article stands in its own section's list (for its
/// newer/older neighbours), found once rather than searched per article.
fn positions(site: &Site) -> Vec<usize> {
    let mut at = vec![0; site.pages.len()];
    for (si, s) in site.sections.iter().enumerate() {
        for (pos, &i) in s.pages.iter().enumerate() {
            if site.pages[i].section == si {
                at[i] = pos;
            }
        }
    }
    at
}

fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
}

/// The positions of list page `n` (from 1) of `len` items, `per_page` a page.
fn page_range(len: usize, n: usize, per_page: usize) -> std::ops::Range<usize> {
    ((n - 1) * per_page).min(len)..(n * per_page).min(len)
}

/// URL path of page `n` of a paginated list at `base`.
fn page_path(base: &str, n: usize) -> String {
    if n == 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}

/// One template mistake fails every page using it: report it once, with
/// the first page it failed on and how many more.
fn group_problems(failed: impl IntoIterator<Item = (Problem, String)>) -> Result<(), Problems> {
    let mut grouped: Vec<(Problem, Vec<String>)> = vec![];
    for (p, page) in failed {
        match grouped.iter_mut().find(|(q, _)| *q == p) {
            Some((_, pages)) => pages.push(page),
            None => grouped.push((p, vec![page])),
        }
    }
    let problems = grouped
        .into_iter()
        .map(|(mut p, pages)| {
            let more = match pages.len() - 1 {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            p.message = format!("{} (rendering {}{more})", p.message, pages[0]);
            p
        })
        .collect();
    Problems(problems).into_result()
}

/// A Tera error as a problem at the template's file and line.
fn template_problem(files: &HashMap<String, PathBuf>, e: &tera::Error) -> Problem {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let file = files
                .get(r.filename())
                .cloned()
                .unwrap_or_else(|| PathBuf::from(r.filename()));
            Problem::new(file, Some(r.span().start_line), r.message())
        }
        _ => Problem::new(
            "templates",
            None,
            e.to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        ),
    }
}

//! The outputs of a site as jobs: which exist, where each is written, and a
//! fingerprint of everything each one shows.

use std::hash::{DefaultHasher, Hash, Hasher};

use rustc_hash::FxHasher;

use super::{Renderer, page_count, page_path, page_range};

/// One output file of the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Job {
    Home,
    /// Section, page number (from 1); the root section's pages after the
    /// first are the home page's (`/page/2/`, …).
    Section(usize, usize),
    Page(usize),
    /// The tag index, page number (from 1).
    Tags(usize),
    /// Tag, page number (from 1).
    Tag(usize, usize),
    NotFound,
    /// RSS, then Atom, of each feed.
    Feed(usize),
    Atom(usize),
    Sitemap,
    Robots,
    /// Article, alias number: a page redirecting an old URL.
    Alias(usize, usize),
    /// Netlify's `_redirects`, when any article has aliases.
    Redirects,
    /// The search page.
    Search,
    /// What the quick exit does and does not do.
    Safety,
    /// One bucket of the search index's words.
    SearchWords(usize),
    /// One chunk of the search index's articles.
    SearchDocs(usize),
    /// A year's or a month's articles (archive, page number from 1).
    Archive(usize, usize),
    /// A taxonomy's list of its terms (taxonomy, page number from 1).
    Terms(usize, usize),
    /// One term's articles (taxonomy, term, page number from 1).
    Term(usize, usize, usize),
}

impl Job {
    /// The first page of the list whose later page this is (the home page
    /// for `/page/2/`); the job itself otherwise.
    pub fn first_page(self) -> Job {
        match self {
            Job::Section(0, _) => Job::Home,
            Job::Section(i, _) => Job::Section(i, 1),
            Job::Tags(_) => Job::Tags(1),
            Job::Tag(i, _) => Job::Tag(i, 1),
            Job::Archive(a, _) => Job::Archive(a, 1),
            Job::Terms(k, _) => Job::Terms(k, 1),
            Job::Term(k, i, _) => Job::Term(k, i, 1),
            other => other,
        }
    }

    pub fn is_html(self) -> bool {
        !matches!(
            self,
            Job::Feed(_)
                | Job::Atom(_)
                | Job::Sitemap
                | Job::Robots
                | Job::Redirects
                | Job::SearchWords(_)
                | Job::SearchDocs(_)
        )
    }
}

impl Renderer<'_> {
    /// Every output of the site.
    pub fn jobs(&self) -> Vec<Job> {
        let site = self.site;
        // Each language has its 404 page (`/ru/404.html`); one robots.txt
        // serves all on the site's host, and each language with a host of
        // its own has its own, and its own `_redirects`.
        let mut jobs = vec![
            Job::Home,
            Job::Sitemap,
            Job::Search,
            Job::Safety,
            Job::NotFound,
        ];
        if site.prefix.is_empty() || site.own_host {
            jobs.push(Job::Robots);
        }
        jobs.extend((0..super::search::BUCKETS).map(Job::SearchWords));
        jobs.extend(
            (0..site.pages.len().div_ceil(super::search::DOCS_PER_CHUNK)).map(Job::SearchDocs),
        );
        for (i, s) in site.sections.iter().enumerate() {
            // Page 1 of the root section is the home page.
            let first = if i == 0 { 2 } else { 1 };
            jobs.extend(
                (first..=page_count(s.pages.len(), self.per_page(i))).map(|n| Job::Section(i, n)),
            );
        }
        jobs.extend((1..=page_count(site.tags.len(), super::TAGS_PER_PAGE)).map(Job::Tags));
        for (i, t) in site.tags.iter().enumerate() {
            jobs.extend(
                (1..=page_count(t.pages.len(), site.config.per_page)).map(|n| Job::Tag(i, n)),
            );
        }
        for (k, t) in site.taxonomies.iter().enumerate() {
            jobs.extend(
                (1..=page_count(t.terms.len(), super::TAGS_PER_PAGE)).map(|n| Job::Terms(k, n)),
            );
            for (i, term) in t.terms.iter().enumerate() {
                jobs.extend(
                    (1..=page_count(term.pages.len(), site.config.per_page))
                        .map(|n| Job::Term(k, i, n)),
                );
            }
        }
        for (a, archive) in self.archives.iter().enumerate() {
            jobs.extend(
                (1..=page_count(archive.pages.len(), site.config.per_page))
                    .map(|n| Job::Archive(a, n)),
            );
        }
        jobs.extend((0..site.pages.len()).map(Job::Page));
        jobs.extend((0..self.feeds.len()).map(Job::Feed));
        jobs.extend((0..self.feeds.len()).map(Job::Atom));
        for (i, p) in site.pages.iter().enumerate() {
            jobs.extend((0..p.aliases.len()).map(|k| Job::Alias(i, k)));
        }
        let aliases = |s: &crate::load::Site| s.pages.iter().any(|p| !p.aliases.is_empty());
        // The other languages' 404 pages are found by a rule each.
        let wanted =
            aliases(site) || site.translations.iter().any(aliases) || !site.translations.is_empty();
        if site.prefix.is_empty() && (wanted || self.own_redirects.is_some())
            || site.own_host && aliases(site)
        {
            jobs.push(Job::Redirects);
        }
        jobs
    }

    /// The URL path a job is served at, without the base path.
    pub fn path_of(&self, job: Job) -> String {
        let site = self.site;
        match job {
            Job::Home => self.at("/"),
            Job::Section(i, n) => page_path(&site.sections[i].path, n),
            Job::Page(i) => site.pages[i].path.clone(),
            Job::Tags(n) => page_path(&self.at("/tags/"), n),
            Job::Tag(i, n) => page_path(&self.at(&format!("/tags/{}/", site.tags[i].slug)), n),
            Job::NotFound => self.at("/404.html"),
            Job::Feed(f) => format!("{}rss.xml", self.feeds[f].dir),
            Job::Atom(f) => format!("{}atom.xml", self.feeds[f].dir),
            Job::Sitemap => self.at("/sitemap.xml"),
            Job::Robots => self.at("/robots.txt"),
            Job::Alias(i, k) => site.alias_path(&site.pages[i].aliases[k]),
            Job::Redirects => self.at("/_redirects"),
            Job::Search => self.at("/search/"),
            Job::Safety => self.at("/safety/"),
            Job::SearchWords(b) => self.at(&format!("/search/words-{b}.json")),
            Job::SearchDocs(k) => self.at(&format!("/search/docs-{k}.json")),
            Job::Archive(a, n) => page_path(&self.archives[a].path, n),
            Job::Terms(k, n) => page_path(&self.at(&format!("/{}/", site.taxonomies[k].name)), n),
            Job::Term(k, i, n) => {
                let t = &site.taxonomies[k];
                page_path(&self.at(&format!("/{}/{}/", t.name, t.terms[i].slug)), n)
            }
        }
    }

    /// The file a job writes, relative to the output folder: its path as a
    /// static host looks it up, percent-encoding decoded (an old address
    /// `/a%E2%80%91b/` is the folder `a‑b`).
    pub fn file_of(&self, job: Job) -> String {
        let path = self.path_of(job);
        let path = decoded_path(path.trim_start_matches('/'));
        if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path
        }
    }

    /// A hash of everything `job` shows: equal fingerprints, equal output
    /// (for the same templates and settings).
    pub fn fingerprint(&self, job: Job) -> u64 {
        let site = self.site;
        // Called for every output after each save while serving: a fast
        // hash, over card hashes that are SipHash already.
        let mut h = FxHasher::default();
        job.hash(&mut h);
        self.path_of(job).hash(&mut h);
        let cards = |h: &mut FxHasher, items: &[usize]| {
            for &i in items {
                self.card_stamp(i).hash(h);
            }
        };
        let children = |h: &mut FxHasher, s: usize| {
            for &c in &site.sections[s].children {
                site.sections[c].pages.len().hash(h);
            }
        };
        match job {
            // The home page is page 1 of the root section's list.
            Job::Home | Job::Section(..) => {
                let (i, n) = match job {
                    Job::Section(i, n) => (i, n),
                    _ => (0, 1),
                };
                let (items, per) = (&site.sections[i].pages, self.per_page(i));
                items.len().hash(&mut h);
                cards(&mut h, &items[page_range(items.len(), n, per)]);
                children(&mut h, i);
            }
            Job::Page(i) => {
                let p = &site.pages[i];
                p.version.hash(&mut h);
                p.section.hash(&mut h);
                cards(&mut h, &p.related);
                let siblings = &site.sections[p.section].pages;
                let at = self.positions[i];
                cards(
                    &mut h,
                    &siblings[at.saturating_sub(1)..(at + 2).min(siblings.len())],
                );
            }
            Job::Tags(n) => {
                let per = super::TAGS_PER_PAGE;
                site.tags.len().hash(&mut h);
                for t in &site.tags[page_range(site.tags.len(), n, per)] {
                    (&t.name, &t.slug, t.pages.len()).hash(&mut h);
                }
            }
            Job::Tag(i, n) => {
                let (t, per) = (&site.tags[i], site.config.per_page);
                (&t.name, t.pages.len()).hash(&mut h);
                cards(&mut h, &t.pages[page_range(t.pages.len(), n, per)]);
            }
            Job::Feed(f) | Job::Atom(f) => {
                let feed = &self.feeds[f];
                let dated = feed
                    .pages
                    .iter()
                    .filter(|&&i| site.pages[i].fm.date.is_some());
                // Feeds carry whole articles, not only their cards.
                for &i in dated.take(site.config.feed_limit) {
                    let p = &site.pages[i];
                    (&p.file, p.version, self.card_stamp(i)).hash(&mut h);
                }
            }
            Job::Sitemap => {
                // What decides the sitemap's URLs and dates, without
                // building them: articles, list lengths, tags.
                for p in &site.pages {
                    (
                        &p.path,
                        p.fm.date.map(|d| d.timestamp()),
                        p.fm.updated.map(|d| d.timestamp()),
                    )
                        .hash(&mut h);
                }
                for s in &site.sections {
                    s.pages.len().hash(&mut h);
                }
                for t in &site.tags {
                    (&t.slug, t.pages.len()).hash(&mut h);
                }
            }
            Job::Terms(k, n) => {
                let (terms, per) = (&site.taxonomies[k].terms, super::TAGS_PER_PAGE);
                terms.len().hash(&mut h);
                for t in &terms[page_range(terms.len(), n, per)] {
                    (&t.name, &t.slug, t.pages.len()).hash(&mut h);
                }
            }
            Job::Term(k, i, n) => {
                let (t, per) = (&site.taxonomies[k].terms[i], site.config.per_page);
                (&t.name, t.pages.len()).hash(&mut h);
                cards(&mut h, &t.pages[page_range(t.pages.len(), n, per)]);
            }
            Job::Archive(a, n) => {
                let archive = &self.archives[a];
                let per = site.config.per_page;
                archive.pages.len().hash(&mut h);
                cards(
                    &mut h,
                    &archive.pages[page_range(archive.pages.len(), n, per)],
                );
                // A year's page lists its months.
                for m in self.archives.iter().filter(|m| m.year == archive.year) {
                    (m.month, m.pages.len()).hash(&mut h);
                }
            }
            Job::Alias(i, _) => (&site.pages[i].path, &site.pages[i].fm.title).hash(&mut h),
            Job::Redirects => {
                for p in &site.pages {
                    (&p.path, &p.aliases).hash(&mut h);
                }
            }
            // The search index is rebuilt with every full build; while
            // serving, edits do not rebuild it (it takes the whole site).
            Job::NotFound
            | Job::Robots
            | Job::Search
            | Job::Safety
            | Job::SearchWords(_)
            | Job::SearchDocs(_) => {}
        }
        h.finish()
    }

    /// What identifies article `i` as lists show it.
    fn card_stamp(&self, i: usize) -> u64 {
        self.card_hashes[i]
    }

    /// Tag names are spelt as first seen across the site, so a card can
    /// change when another article changes: hash the names it shows.
    pub(super) fn tag_names_hash(&self, i: usize) -> u64 {
        let mut h = DefaultHasher::new();
        let page = &self.site.pages[i];
        for &t in &page.tags {
            self.site.tags[t].name.hash(&mut h);
        }
        for (x, mine) in self.site.taxonomies.iter().zip(&page.terms) {
            for &t in mine {
                x.terms[t].name.hash(&mut h);
            }
        }
        h.finish()
    }
}

/// A URL path as the file a static host serves for it: percent-encoding
/// decoded, unless decoding would change its folders (an encoded `/`, `.`
/// or `..` segment, a control character): then as written.
fn decoded_path(path: &str) -> String {
    if !path.contains('%') {
        return path.to_string();
    }
    let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else {
        return path.to_string();
    };
    let same_folders = decoded.matches('/').count() == path.matches('/').count()
        && !decoded.chars().any(|c| c.is_control() || c == '\\')
        && decoded.split('/').all(|s| s != "." && s != "..");
    match same_folders {
        true => decoded.into_owned(),
        false => path.to_string(),
    }
}

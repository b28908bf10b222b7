//! What depends on the whole set of articles, done again after any of them
//! changes: their order, URL clashes and aliases, section lists, tags,
//! related articles, and internal links.

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::path::Path;

use super::{Page, Site, Tag, content_relative};
use crate::error::Problem;

impl Site {
    /// Sorts the articles and derives everything that depends on the whole
    /// set: section lists, tags, related links, URL clashes.
    pub(super) fn relink(&mut self) -> Vec<Problem> {
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
        urls.insert(
            Cow::Owned(format!("{}/tags/", self.prefix)),
            Path::new("the tag pages"),
        );
        for t in &self.config.taxonomies {
            urls.insert(
                Cow::Owned(format!("{}/{}/", self.prefix, t.name)),
                Path::new("the pages of a taxonomy in site.yaml"),
            );
        }
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
                // An undated article is a page, not news: in its section,
                // never on the home page.
                if si != 0 || page.fm.date.is_some() {
                    self.sections[si].pages.push(i);
                }
                s = self.sections[si].parent;
            }
        }
        self.by_file = self
            .pages
            .iter()
            .enumerate()
            .flat_map(|(i, p)| {
                // A translation answers to its own file and its original's.
                let own = content_relative(&p.file);
                let shared = (own != p.key).then(|| (p.key.clone(), i));
                std::iter::once((own, i)).chain(shared)
            })
            .collect();
        self.collect_tags(&mut problems);
        self.resolve_related(&mut problems);
        problems
    }

    /// `html` with its `@/…` links (kept by the Markdown stage) turned into the
    /// URLs of the articles and sections they name, with `#anchor`s: as
    /// pages link them, or `absolute` for feeds. Links that name nothing
    /// were reported by [`Site::check_links`] and stay as written.
    pub fn resolve_links<'h>(&self, html: &'h str, absolute: bool) -> std::borrow::Cow<'h, str> {
        if !html.contains("\"@/") {
            return std::borrow::Cow::Borrowed(html);
        }
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(i) = rest.find("\"@/") {
            out.push_str(&rest[..=i]);
            rest = &rest[i + 1..];
            let end = rest.find('"').unwrap_or(rest.len());
            let link = &rest[..end];
            match self.link_target(link) {
                Some((path, _)) => {
                    out.push_str(&match absolute {
                        true => self.permalink(&path),
                        false => self.link(&path),
                    });
                    if let Some((_, anchor)) = link.split_once('#') {
                        out.push('#');
                        out.push_str(anchor);
                    }
                }
                None => out.push_str(link),
            }
            rest = &rest[end..];
        }
        out.push_str(rest);
        std::borrow::Cow::Owned(out)
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
            // A translation's link to an article it does not have in its
            // language leads to the original.
            .or_else(|| self.fallback.get(file).map(|path| (path.clone(), None)))
            .or_else(|| self.other_language(file))
    }

    /// `@/news/x.ru.md` (or a section's `_index.ru.md`) from a page in
    /// another language: that version's address.
    fn other_language(&self, file: &str) -> Option<(String, Option<usize>)> {
        let (name, code) = file.strip_suffix(".md")?.rsplit_once('.')?;
        let list = &self.languages.list;
        let at = list
            .iter()
            .position(|l| l.code.eq_ignore_ascii_case(code))?;
        let versions = self.languages.versions.get(&format!("{name}.md"))?;
        let (_, path) = versions.iter().find(|(i, _)| *i == at)?;
        Some((path.clone(), None))
    }

    /// Every `@/` link of every article that names no article or section,
    /// or a heading its article does not have.
    pub fn check_links(&self) -> Vec<Problem> {
        let mut problems = vec![];
        for page in &self.pages {
            for link in &page.rendered.internal {
                let line = page.line_of(link.offset);
                let at = |msg: String| Problem::new(&page.file, Some(line), msg);
                let anchor = link.url.split_once('#').map(|(_, a)| a);
                match self.link_target(&link.url) {
                    None => problems.push(at(format!(
                        "link to {}: there is no such article or section; paths start at content/, e.g. @/sex-trade/prostitution/some-article.md",
                        link.url
                    ))),
                    // A published article's link to one that is not is
                    // its text in a build: no heading of it is needed.
                    Some((_, Some(i))) if self.unpublished(i) && !self.unpublished_page(page) => {}
                    Some((_, Some(i))) => {
                        let toc = &self.pages[i].rendered.toc;
                        if let Some(a) = anchor.filter(|a| !toc.iter().any(|h| h.id == *a)) {
                            let ids: Vec<String> = toc.iter().take(10).map(|h| format!("#{}", h.id)).collect();
                            let more = match toc.len().saturating_sub(10) {
                                0 => String::new(),
                                n => format!(" and {n} more"),
                            };
                            let known = if ids.is_empty() { "it has no headings".to_string() } else { format!("its headings are {}{more}", ids.join(", ")) };
                            problems.push(at(format!("link to {}: {} has no heading #{a}; {known}", link.url, self.pages[i].file.display())));
                        }
                    }
                    Some((_, None)) => {}
                }
            }
        }
        problems
    }

    /// A draft, or an article dated after this build.
    pub fn unpublished_page(&self, page: &super::Page) -> bool {
        page.fm.draft || page.fm.date.is_some_and(|d| d.timestamp() > self.opts.now)
    }

    fn unpublished(&self, i: usize) -> bool {
        self.unpublished_page(&self.pages[i])
    }

    fn collect_tags(&mut self, problems: &mut Vec<Problem>) {
        let base = format!("{}/tags", self.prefix);
        let (tags, page_tags) = collect_terms(
            &self.pages,
            |p| (&p.fm.tags[..], &p.tag_slugs[..], p.fm.lines.tags),
            &base,
            "tag",
            problems,
        );
        for (page, mine) in self.pages.iter_mut().zip(page_tags) {
            page.tags = mine;
        }
        self.tags = tags;
        let mut taxonomies = vec![];
        let mut page_terms: Vec<Vec<Vec<usize>>> = vec![vec![]; self.pages.len()];
        for (k, t) in self.config.taxonomies.iter().enumerate() {
            let base = format!("{}/{}", self.prefix, t.name);
            let what = format!("{} term", t.name);
            let (terms, per_page) = collect_terms(
                &self.pages,
                |p| {
                    let (names, slugs, line) = &p.term_names[k];
                    (&names[..], &slugs[..], *line)
                },
                &base,
                &what,
                problems,
            );
            for (mine, of_page) in page_terms.iter_mut().zip(per_page) {
                mine.push(of_page);
            }
            taxonomies.push(super::Taxonomy {
                name: t.name.clone(),
                title: t.title.clone(),
                terms,
            });
        }
        for (page, mine) in self.pages.iter_mut().zip(page_terms) {
            page.terms = mine;
        }
        self.taxonomies = taxonomies;
    }

    /// `related` names articles by slug, by `section/slug`, or by URL path.
    fn resolve_related(&mut self, problems: &mut Vec<Problem>) {
        let hidden_drafts = &self.hidden_drafts;
        let mut by_key: HashMap<&str, Vec<usize>> = HashMap::default();
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
}

/// An alias as an output path: `/old/path/` (a trailing `/` is added unless
/// it names a file such as `/old.html`).
pub(super) fn alias_path(alias: &str) -> Result<String, String> {
    let a = alias.trim();
    let fix = "write it as a path on this site, e.g. /old/path/";
    if !a.starts_with('/') || a.contains("://") {
        return Err(format!("alias {a:?} must start with /; {fix}"));
    }
    // Letters, digits and a few marks only: no space, tab or line break
    // (each would start another rule in `_redirects`), no `*`, `:` or `!`
    // (Netlify's splats, placeholders and forcing), no query or fragment.
    let plain = |c: char| c.is_alphanumeric() || "/-._~%+".contains(c);
    if a.split('/').any(|part| part == ".." || part == ".")
        || a.contains("//")
        || !a.chars().all(plain)
    {
        return Err(format!("alias {a:?} is not a plain path; {fix}"));
    }
    let last = a.rsplit('/').next().unwrap_or("");
    Ok(if a.ends_with('/') || last.contains('.') {
        a.to_string()
    } else {
        format!("{a}/")
    })
}

/// The terms of one taxonomy (tags, or one of `taxonomies:`) across
/// `pages`, each once by its slug, sorted by name, and each page's terms
/// as indexes into them. `names` gives a page's names, their slugs and
/// their line; `base` is the taxonomy's folder (`/tags`, `/ru/countries`).
fn collect_terms<'p>(
    pages: &'p [Page],
    names: impl Fn(&'p Page) -> (&'p [String], &'p [String], usize),
    base: &str,
    what: &str,
    problems: &mut Vec<Problem>,
) -> (Vec<Tag>, Vec<Vec<usize>>) {
    let mut by_slug: HashMap<&str, usize> = HashMap::default();
    let mut tags: Vec<Tag> = vec![];
    // Each term as its letters read (case and Latin accents aside), and
    // the article that named it first.
    let mut spelt: Vec<(String, usize)> = vec![];
    let mut page_tags: Vec<Vec<usize>> = Vec::with_capacity(pages.len());
    for (pi, page) in pages.iter().enumerate() {
        let mut mine = vec![];
        let (given, slugs, line) = names(page);
        for (name, slug) in given.iter().zip(slugs) {
            if slug.is_empty() {
                problems.push(Problem::new(&page.file, Some(line), format!(
                    "{what} \"{name}\" has no letters or digits for its URL; spell it with a-z or 0-9"
                )));
                continue;
            }
            let letters = crate::slug::slugify_as(name, crate::slug::Slugs::Unicode);
            let ti = *by_slug.entry(slug).or_insert_with(|| {
                tags.push(Tag {
                    name: name.trim().to_string(),
                    slug: slug.clone(),
                    pages: vec![],
                });
                spelt.push((letters.clone(), pi));
                tags.len() - 1
            });
            // Two words that only share their transliteration
            // (Arabic عالم "world" and علم "science" both `lm`) are two
            // terms: one page for both would show the one as the other.
            if spelt[ti].0 != letters {
                let first = &pages[spelt[ti].1];
                problems.push(Problem::new(
                    &page.file,
                    Some(line),
                    format!(
                        "{what} \"{}\" would share its address {base}/{slug}/ with the {what} \"{}\" of {}; \
                         add `slugs: unicode` to site.yaml to keep their letters in addresses, or spell one otherwise",
                        name.trim(),
                        tags[ti].name,
                        first.file.display()
                    ),
                ));
                continue;
            }
            if !mine.contains(&ti) {
                mine.push(ti);
                tags[ti].pages.push(pi);
            }
        }
        page_tags.push(mine);
    }
    drop(by_slug);
    let mut order: Vec<usize> = (0..tags.len()).collect();
    order.sort_by_cached_key(|&i| (tags[i].name.to_lowercase(), tags[i].slug.clone()));
    let mut new_index = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut slots: Vec<Option<Tag>> = tags.into_iter().map(Some).collect();
    let sorted = order
        .iter()
        .map(|&i| slots[i].take().expect("each term once"))
        .collect();
    for mine in &mut page_tags {
        for t in mine.iter_mut() {
            *t = new_index[*t];
        }
    }
    (sorted, page_tags)
}

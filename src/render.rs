//! render: one Tera instance, compiled once; every page of the site
//! rendered in parallel. Each article's card (the fields lists show) is
//! turned into a template value once and shared by every list, feed and
//! page that shows it: contexts borrow the site, they never copy it.

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::error::{Problem, Problems};
use crate::load::{Page, Site};
use crate::theme::Theme;
use crate::write::Output;

/// Templates compiled once, and the values every page shares.
pub struct Renderer<'s> {
    site: &'s Site,
    tera: Tera,
    /// Template name → the file it came from, for error messages.
    files: HashMap<String, PathBuf>,
    site_value: Value,
    cards: Vec<Value>,
    sections: Vec<Value>,
}

/// One HTML page of the output.
#[derive(Clone, Copy, Debug)]
enum Job {
    Home,
    Section(usize, usize),
    Page(usize),
    Tags,
    Tag(usize, usize),
    NotFound,
}

impl<'s> Renderer<'s> {
    pub fn new(site: &'s Site, theme: &Theme) -> Result<Renderer<'s>, Problems> {
        let mut tera = Tera::new();
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
        tera.add_raw_templates(sources)
            .map_err(|e| Problems(vec![template_problem(&files, &e)]))?;
        let mut r = Renderer {
            site,
            tera,
            files,
            site_value: Value::none(),
            cards: vec![],
            sections: vec![],
        };
        r.site_value = Value::from_serializable(&r.site_view());
        r.cards = site
            .pages
            .par_iter()
            .map(|p| Value::from_serializable(&r.card(p)))
            .collect();
        r.sections = (0..site.sections.len())
            .map(|i| Value::from_serializable(&r.section_view(i)))
            .collect();
        Ok(r)
    }

    /// Renders every HTML page into `out`; returns the URL paths written.
    pub fn render_all(&self, out: &Output) -> Result<Vec<String>, Problems> {
        let jobs = self.jobs();
        let results: Vec<Result<String, (Problem, String)>> = jobs
            .par_iter()
            .map(|&job| {
                let (path, html) = self.render(job)?;
                let file = if matches!(job, Job::NotFound) {
                    "404.html".into()
                } else {
                    format!("{path}index.html")
                };
                out.write_html(&file, &html).map_err(|e| {
                    let problem =
                        Problem::new(file.trim_start_matches('/'), None, format!("{e:#}"));
                    (problem, path.clone())
                })?;
                Ok(path)
            })
            .collect();
        let mut paths = vec![];
        // One template mistake fails every page using it: report it once.
        let mut problems: Vec<(Problem, Vec<String>)> = vec![];
        for r in results {
            match r {
                Ok(p) => paths.push(p),
                Err((p, page)) => match problems.iter_mut().find(|(q, _)| *q == p) {
                    Some((_, pages)) => pages.push(page),
                    None => problems.push((p, vec![page])),
                },
            }
        }
        let problems = problems
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
        Problems(problems).into_result()?;
        paths.retain(|p| p != "/404.html");
        Ok(paths)
    }

    fn jobs(&self) -> Vec<Job> {
        let site = self.site;
        let mut jobs = vec![Job::Home, Job::Tags, Job::NotFound];
        for (i, s) in site.sections.iter().enumerate().skip(1) {
            for n in 1..=page_count(s.pages.len(), self.per_page(i)) {
                jobs.push(Job::Section(i, n));
            }
        }
        for (i, t) in site.tags.iter().enumerate() {
            for n in 1..=page_count(t.pages.len(), site.config.per_page) {
                jobs.push(Job::Tag(i, n));
            }
        }
        jobs.extend((0..site.pages.len()).map(Job::Page));
        jobs
    }

    /// Renders one job into its URL path and HTML.
    fn render(&self, job: Job) -> Result<(String, String), (Problem, String)> {
        let site = self.site;
        let mut ctx = Context::new();
        ctx.insert_value("site", self.site_value.clone());
        let (template, path) = match job {
            Job::Home => {
                let newest: Vec<Value> = site.sections[0]
                    .pages
                    .iter()
                    .take(site.config.per_page)
                    .map(|&i| self.cards[i].clone())
                    .collect();
                ctx.insert_value("section", self.sections[0].clone());
                ctx.insert_value("pages", Value::from(newest));
                ("index.html", "/".to_string())
            }
            Job::Section(i, n) => {
                let s = &site.sections[i];
                let pager = self.paginator(&s.path, &s.pages, n, self.per_page(i));
                ctx.insert_value("section", self.sections[i].clone());
                ctx.insert_value("paginator", Value::from_serializable(&pager));
                ("section.html", pager.url_path)
            }
            Job::Page(i) => {
                let p = &site.pages[i];
                ctx.insert_value("section", self.sections[p.section].clone());
                ctx.insert_value("page", Value::from_serializable(&self.page_view(i)));
                ("page.html", p.path.clone())
            }
            Job::Tags => {
                let tags: Vec<TagView> = (0..site.tags.len()).map(|i| self.tag_view(i)).collect();
                ctx.insert("tags", &tags);
                ("tags.html", "/tags/".to_string())
            }
            Job::Tag(i, n) => {
                let t = &site.tags[i];
                let pager = self.paginator(
                    &format!("/tags/{}/", t.slug),
                    &t.pages,
                    n,
                    site.config.per_page,
                );
                ctx.insert("tag", &self.tag_view(i));
                ctx.insert_value("paginator", Value::from_serializable(&pager));
                ("tag.html", pager.url_path)
            }
            Job::NotFound => ("404.html", "/404.html".to_string()),
        };
        ctx.insert("current_path", &self.url(&path));
        ctx.insert("current_url", &self.permalink(&path));
        let html = self
            .tera
            .render(template, &ctx)
            .map_err(|e| (template_problem(&self.files, &e), path.clone()))?;
        Ok((path, html))
    }

    fn per_page(&self, section: usize) -> usize {
        self.site.sections[section]
            .matter
            .per_page
            .unwrap_or(self.site.config.per_page)
    }

    /// `/x/` → the link as printed: base path + `x/`.
    pub fn url(&self, path: &str) -> String {
        url(&self.site.config, path)
    }

    pub fn permalink(&self, path: &str) -> String {
        permalink(&self.site.config, path)
    }

    fn paginator(&self, base: &str, items: &[usize], number: usize, per_page: usize) -> Paginator {
        let total = page_count(items.len(), per_page);
        let page_path = |n: usize| {
            if n == 1 {
                base.to_string()
            } else {
                format!("{base}page/{n}/")
            }
        };
        let start = (number - 1) * per_page;
        Paginator {
            number,
            total,
            items: items
                .iter()
                .skip(start)
                .take(per_page)
                .map(|&i| self.cards[i].clone())
                .collect(),
            item_count: items.len(),
            first_url: self.url(base),
            prev_url: (number > 1).then(|| self.url(&page_path(number - 1))),
            next_url: (number < total).then(|| self.url(&page_path(number + 1))),
            last_url: self.url(&page_path(total)),
            url_path: page_path(number),
        }
    }

    fn site_view(&self) -> SiteView<'_> {
        let c = &self.site.config;
        SiteView {
            title: &c.title,
            description: &c.description,
            base_url: &c.base_url,
            base_path: c.base_path(),
            language: &c.language,
            exit: &c.exit,
            menu: self.menu(0),
            home_url: self.url("/"),
            tags_url: self.url("/tags/"),
            feed_url: self.url("/rss.xml"),
            extra: &c.extra,
        }
    }

    fn menu(&self, section: usize) -> Vec<MenuItem> {
        self.site.sections[section]
            .children
            .iter()
            .map(|&c| {
                let s = &self.site.sections[c];
                MenuItem {
                    title: s.title.clone(),
                    url: self.url(&s.path),
                    children: self.menu(c),
                }
            })
            .collect()
    }

    fn card(&self, p: &'s Page) -> Card<'s> {
        let fm = &p.fm;
        let section = &self.site.sections[p.section];
        Card {
            title: fm.title.as_deref().unwrap_or_default(),
            url: self.url(&p.path),
            permalink: self.permalink(&p.path),
            slug: &p.slug,
            date: fm.date.map(|d| d.iso()),
            date_display: fm.date.map(|d| d.display()),
            updated: fm.updated.map(|d| d.iso()),
            updated_display: fm.updated.map(|d| d.display()),
            author: fm.author.as_deref(),
            source: fm.source.as_deref(),
            source_url: fm.source_url.as_deref(),
            dateline: fm.dateline.as_deref(),
            copyright: fm.copyright.as_deref(),
            warnings: &fm.warnings,
            tags: p.tags.iter().map(|&t| self.tag_link(t)).collect(),
            summary: fm.summary.as_ref().map_or_else(
                || p.rendered.summary_html.clone(),
                |s| format!("<p>{}</p>", crate::feed::esc(s)),
            ),
            description: fm
                .summary
                .clone()
                .unwrap_or_else(|| plain_text(&p.rendered.summary_html, 200)),
            reading_minutes: p.rendered.reading_minutes,
            word_count: p.rendered.word_count,
            section_title: &section.title,
            section_url: self.url(&section.path),
            draft: fm.draft,
        }
    }

    fn page_view(&self, i: usize) -> PageView<'_> {
        let site = self.site;
        let p = &site.pages[i];
        let siblings = &site.sections[p.section].pages;
        let at = siblings.iter().position(|&s| s == i);
        let neighbour = |d: isize| {
            at.and_then(|a| siblings.get(a.checked_add_signed(d)?))
                .map(|&n| self.cards[n].clone())
        };
        PageView {
            card: self.cards[i].clone(),
            content: &p.rendered.html,
            toc: &p.rendered.toc,
            related: p.related.iter().map(|&r| self.cards[r].clone()).collect(),
            newer: neighbour(-1),
            older: neighbour(1),
            ancestors: self.breadcrumbs(p.section),
            extra: &p.fm.extra,
        }
    }

    fn section_view(&self, i: usize) -> SectionView<'_> {
        let s = &self.site.sections[i];
        SectionView {
            title: &s.title,
            description: &s.matter.description,
            url: self.url(&s.path),
            permalink: self.permalink(&s.path),
            feed_url: self.url(&format!("{}rss.xml", s.path)),
            content: &s.rendered.html,
            page_count: s.pages.len(),
            ancestors: self
                .breadcrumbs(i)
                .into_iter()
                .filter(|c| c.url != self.url(&s.path))
                .collect(),
            children: s
                .children
                .iter()
                .map(|&c| {
                    let c = &self.site.sections[c];
                    Crumb {
                        title: c.title.clone(),
                        url: self.url(&c.path),
                        count: c.pages.len(),
                    }
                })
                .collect(),
            extra: &s.matter.extra,
        }
    }

    fn breadcrumbs(&self, section: usize) -> Vec<Crumb> {
        self.site
            .ancestors(section)
            .into_iter()
            .map(|a| {
                let s = &self.site.sections[a];
                let title = if a == 0 {
                    "Home".to_string()
                } else {
                    s.title.clone()
                };
                Crumb {
                    title,
                    url: self.url(&s.path),
                    count: s.pages.len(),
                }
            })
            .collect()
    }

    fn tag_link(&self, t: usize) -> TagLink {
        let tag = &self.site.tags[t];
        TagLink {
            name: tag.name.clone(),
            url: self.url(&format!("/tags/{}/", tag.slug)),
        }
    }

    fn tag_view(&self, t: usize) -> TagView {
        let tag = &self.site.tags[t];
        TagView {
            link: self.tag_link(t),
            slug: tag.slug.clone(),
            count: tag.pages.len(),
            feed_url: self.url(&format!("/tags/{}/rss.xml", tag.slug)),
        }
    }
}

pub fn url(config: &crate::config::Config, path: &str) -> String {
    format!("{}{}", config.base_path(), path.trim_start_matches('/'))
}

pub fn permalink(config: &crate::config::Config, path: &str) -> String {
    format!("{}{}", config.base_url, path.trim_start_matches('/'))
}

/// Text of an HTML fragment, cut at a word boundary after `max` chars.
fn plain_text(html: &str, max: usize) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'");
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = String::new();
    for w in words {
        if out.chars().count() + w.chars().count() > max {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page).max(1)
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
        _ => Problem::new("templates", None, one_line(&e.to_string())),
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    language: &'a str,
    exit: &'a crate::config::ExitLink,
    menu: Vec<MenuItem>,
    home_url: String,
    tags_url: String,
    feed_url: String,
    extra: &'a serde_yaml::Mapping,
}

#[derive(Serialize)]
struct MenuItem {
    title: String,
    url: String,
    children: Vec<MenuItem>,
}

/// What a list shows of an article; built once per article.
#[derive(Serialize)]
struct Card<'a> {
    title: &'a str,
    url: String,
    permalink: String,
    slug: &'a str,
    date: Option<String>,
    date_display: Option<String>,
    updated: Option<String>,
    updated_display: Option<String>,
    author: Option<&'a str>,
    source: Option<&'a str>,
    source_url: Option<&'a str>,
    dateline: Option<&'a str>,
    copyright: Option<&'a str>,
    warnings: &'a [String],
    tags: Vec<TagLink>,
    summary: String,
    /// The summary as plain text, for `<meta name="description">`.
    description: String,
    reading_minutes: usize,
    word_count: usize,
    section_title: &'a str,
    section_url: String,
    draft: bool,
}

/// An article page: its shared card plus what only its own page shows.
#[derive(Serialize)]
struct PageView<'a> {
    #[serde(flatten)]
    card: Value,
    content: &'a str,
    toc: &'a [crate::markdown::Heading],
    related: Vec<Value>,
    newer: Option<Value>,
    older: Option<Value>,
    ancestors: Vec<Crumb>,
    extra: &'a serde_yaml::Mapping,
}

#[derive(Serialize)]
struct SectionView<'a> {
    title: &'a str,
    description: &'a str,
    url: String,
    permalink: String,
    feed_url: String,
    content: &'a str,
    page_count: usize,
    ancestors: Vec<Crumb>,
    children: Vec<Crumb>,
    extra: &'a serde_yaml::Mapping,
}

#[derive(Serialize)]
struct Crumb {
    title: String,
    url: String,
    count: usize,
}

#[derive(Serialize, Clone)]
struct TagLink {
    name: String,
    url: String,
}

#[derive(Serialize)]
struct TagView {
    #[serde(flatten)]
    link: TagLink,
    slug: String,
    count: usize,
    feed_url: String,
}

#[derive(Serialize)]
struct Paginator {
    number: usize,
    total: usize,
    items: Vec<Value>,
    item_count: usize,
    first_url: String,
    prev_url: Option<String>,
    next_url: Option<String>,
    last_url: String,
    #[serde(skip)]
    url_path: String,
}

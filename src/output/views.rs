//! What templates see: the site, article cards, article pages, sections,
//! tags and paginators, as serialisable views that borrow the site.

use serde::Serialize;
use tera::Value;

use super::{Renderer, page_count, page_path};
use crate::load::Page;

impl<'s> Renderer<'s> {
    /// A path of this site's language: `/tags/` is `/ru/tags/` in Russian.
    pub(super) fn at(&self, path: &str) -> String {
        format!("{}{path}", self.site.prefix)
    }

    /// The page a job shows in each language that has it, this language's
    /// among them; none on a site in one language.
    pub(super) fn versions(&self, job: super::Job) -> Vec<Version> {
        use super::Job;
        let site = self.site;
        let languages = &site.languages;
        if languages.list.len() < 2 {
            return vec![];
        }
        let key = match job {
            Job::Page(i) => site.pages[i].key.clone(),
            Job::Home => crate::load::section_key(""),
            Job::Section(i, 1) if i > 0 => crate::load::section_key(&site.sections[i].dir),
            Job::Archive(a, 1) => {
                crate::load::archive_key(self.archives[a].year, self.archives[a].month)
            }
            // Pages every language has, at the same address in each.
            Job::Search | Job::Safety | Job::Tags(1) | Job::Terms(_, 1) => {
                let own = self.path_of(job);
                let rest = own.strip_prefix(&site.prefix).unwrap_or(&own);
                return (languages.list.iter().enumerate())
                    .map(|(i, l)| self.version(i, &format!("{}{rest}", l.prefix)))
                    .collect();
            }
            _ => return vec![],
        };
        languages
            .versions
            .get(&key)
            .into_iter()
            .flatten()
            .map(|(i, path)| self.version(*i, path))
            .collect()
    }

    fn version(&self, i: usize, path: &str) -> Version {
        let l = &self.site.languages.list[i];
        Version {
            code: l.code.clone(),
            name: l.name.clone(),
            dir: crate::text::direction(&l.code),
            url: self.url(path),
            permalink: self.permalink(path),
            current: l.prefix == self.site.prefix,
            default: i == 0,
            og_locale: crate::text::og_locale(&l.code),
        }
    }

    /// The language switcher: every language, at this page's version in it
    /// or else at its home page.
    pub(super) fn switcher(&self, versions: &[Version]) -> Vec<Version> {
        let languages = &self.site.languages;
        if languages.list.len() < 2 {
            return vec![];
        }
        (0..languages.list.len())
            .map(|i| {
                let code = &languages.list[i].code;
                versions
                    .iter()
                    .find(|v| &v.code == code)
                    .cloned()
                    .unwrap_or_else(|| self.version(i, &format!("{}/", languages.list[i].prefix)))
            })
            .collect()
    }

    pub(super) fn site_view(&self, theme: &crate::theme::Theme) -> SiteView<'_> {
        let c = &self.site.config;
        SiteView {
            title: &c.title,
            description: &c.description,
            base_url: &c.base_url,
            base_path: c.base_path(),
            language: &c.language,
            dir: crate::text::direction(&c.language),
            exit: ExitView {
                url: &c.exit.url,
                label: c.exit.label.as_deref().unwrap_or(self.strings.get("exit")),
            },
            menu: self.menu(0),
            home_url: self.url(&self.at("/")),
            tags_url: self.url(&self.at("/tags/")),
            taxonomies: (0..self.site.taxonomies.len())
                .map(|k| self.taxonomy_view(k))
                .collect(),
            years: self
                .archives
                .iter()
                .filter(|a| a.month.is_none())
                .map(|a| YearLink {
                    title: a.year.to_string(),
                    url: self.url(&a.path),
                })
                .collect(),
            feed_url: self.url(&self.at("/rss.xml")),
            atom_url: self.url(&self.at("/atom.xml")),
            languages: &self.site.languages.list,
            search_url: self.url(&self.at("/search/")),
            safety_url: self.url(&self.at("/safety/")),
            extra: &c.extra,
            assets: theme.asset_urls(c.base_path()),
            helplines: &c.helplines,
            actions: &c.actions,
            inherited: {
                let i = &c.inherited;
                let lang = |inherited: bool| inherited.then(|| Lang::code(&i.from));
                Inherited {
                    title: lang(i.title && !c.title.is_empty()),
                    description: lang(i.description && !c.description.is_empty()),
                    helplines: lang(i.helplines && !c.helplines.is_empty()),
                    actions: lang(i.actions && !c.actions.is_empty()),
                }
            },
        }
    }

    pub(super) fn menu(&self, section: usize) -> Vec<MenuItem> {
        self.site.sections[section]
            .children
            .iter()
            .filter(|&&c| self.site.sections[c].matter.in_menu)
            .map(|&c| {
                let s = &self.site.sections[c];
                MenuItem {
                    lang: Lang::of(s),
                    title: s.title.clone(),
                    url: self.url(&s.path),
                    children: self.menu(c),
                }
            })
            .collect()
    }

    pub(super) fn card(&self, p: &'s Page) -> Card<'s> {
        let fm = &p.fm;
        let section = &self.site.sections[p.section];
        let site_lang = &self.site.config.language;
        let lang = p.lang(site_lang);
        let words = self.words(lang);
        Card {
            lang: (lang != site_lang).then_some(lang),
            dir: crate::text::direction(lang),
            date_lang: words.other_than("months", lang).map(Lang::code),
            reading_lang: words.other_than("minutes", lang).map(Lang::code),
            warning_lang: words.other_than("describes", lang).map(Lang::code),
            title: fm.title.as_deref().unwrap_or_default(),
            url: self.url(&p.path),
            permalink: self.permalink(&p.path),
            slug: &p.slug,
            date: fm.date.map(|d| d.iso()),
            date_display: fm.date.map(|d| words.date(&d)),
            updated: fm.updated.map(|d| d.iso()),
            updated_display: fm.updated.map(|d| words.date(&d)),
            author: fm.author.as_deref(),
            source: fm.source.as_deref(),
            source_url: fm.source_url.as_deref(),
            archive_url: fm.archive_url.as_deref(),
            dateline: fm.dateline.as_deref(),
            copyright: fm.copyright.as_deref(),
            warnings: &fm.warnings,
            warning_text: words.describe_warnings(&fm.warnings),
            tags: p.tags.iter().map(|&t| self.tag_link(t)).collect(),
            taxonomies: self.page_terms(p),
            summary: fm.summary.as_ref().map_or_else(
                || {
                    self.site
                        .resolve_links(&p.rendered.summary_html, false)
                        .into_owned()
                },
                |s| format!("<p>{}</p>", crate::text::escape(s)),
            ),
            description: fm
                .summary
                .clone()
                .unwrap_or_else(|| crate::text::plain_text(&p.rendered.summary_html, 200)),
            reading_minutes: p.rendered.reading_minutes,
            reading_time: words.count("minutes", p.rendered.reading_minutes as u64),
            section_title: &section.title,
            section_url: self.url(&section.path),
            draft: fm.draft,
        }
    }

    pub(super) fn page_view(&self, i: usize) -> PageView<'_> {
        let site = self.site;
        let p = &site.pages[i];
        let siblings = &site.sections[p.section].pages;
        let at = self.positions[i];
        let neighbour = |d: isize| {
            at.checked_add_signed(d)
                .and_then(|a| siblings.get(a))
                .map(|&n| self.cards[n].clone())
        };
        PageView {
            card: self.cards[i].clone(),
            content: self.site.resolve_links(&p.rendered.html, false),
            word_count: p.rendered.word_count,
            toc: &p.rendered.toc,
            json_ld: self.json_ld(p),
            related: p.related.iter().map(|&r| self.cards[r].clone()).collect(),
            newer: neighbour(-1),
            older: neighbour(1),
            ancestors: self.breadcrumbs(p.section),
            extra: &p.fm.extra,
            image: p
                .rendered
                .first_image
                .as_ref()
                .map(|(url, width, height)| ImageView {
                    url: self.absolute(url),
                    width: *width,
                    height: *height,
                }),
        }
    }

    /// A URL as written into a page (with the base path) made absolute,
    /// on this language's host, where the site's files are.
    fn absolute(&self, url: &str) -> String {
        let c = &self.site.config;
        c.permalink(url.strip_prefix(c.base_path()).unwrap_or(url))
    }

    pub(super) fn section_view(&self, i: usize) -> SectionView<'_> {
        let s = &self.site.sections[i];
        SectionView {
            lang: Lang::of(s),
            title: &s.title,
            description: &s.matter.description,
            url: self.url(&s.path),
            permalink: self.permalink(&s.path),
            feed_url: self.url(&format!("{}rss.xml", s.path)),
            atom_url: self.url(&format!("{}atom.xml", s.path)),
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
                .filter(|&&c| self.site.sections[c].matter.in_menu)
                .map(|&c| {
                    let c = &self.site.sections[c];
                    Crumb {
                        lang: Lang::of(c),
                        title: c.title.clone(),
                        url: self.url(&c.path),
                        count: c.pages.len(),
                    }
                })
                .collect(),
            extra: &s.matter.extra,
        }
    }

    pub(super) fn breadcrumbs(&self, section: usize) -> Vec<Crumb> {
        self.site
            .ancestors(section)
            .into_iter()
            .map(|a| {
                let s = &self.site.sections[a];
                let (title, lang) = if a == 0 {
                    (self.strings.get("home").to_string(), None)
                } else {
                    (s.title.clone(), Lang::of(s))
                };
                Crumb {
                    title,
                    lang,
                    url: self.url(&s.path),
                    count: s.pages.len(),
                }
            })
            .collect()
    }

    pub(super) fn tag_link(&self, t: usize) -> TagLink {
        let tag = &self.site.tags[t];
        TagLink {
            name: tag.name.clone(),
            url: self.url(&self.at(&format!("/tags/{}/", tag.slug))),
        }
    }

    /// Page `number` of the list of articles `items` at `base`.
    pub(super) fn paginator(
        &self,
        base: &str,
        items: &[usize],
        number: usize,
        per_page: usize,
    ) -> Paginator {
        Paginator {
            items: items[super::page_range(items.len(), number, per_page)]
                .iter()
                .map(|&i| self.cards[i].clone())
                .collect(),
            ..self.list_paginator(base, items.len(), number, per_page)
        }
    }

    /// Page `number` of a list of `count` things at `base`, without the
    /// things (the tag index shows tags, not articles).
    pub(super) fn list_paginator(
        &self,
        base: &str,
        count: usize,
        number: usize,
        per_page: usize,
    ) -> Paginator {
        let total = page_count(count, per_page);
        Paginator {
            number,
            total,
            items: vec![],
            item_count: count,
            first_url: self.url(base),
            prev_url: (number > 1).then(|| self.url(&page_path(base, number - 1))),
            next_url: (number < total).then(|| self.url(&page_path(base, number + 1))),
            last_url: self.url(&page_path(base, total)),
        }
    }

    /// schema.org `NewsArticle` data for an article, as JSON.
    fn json_ld(&self, p: &'s Page) -> String {
        let fm = &p.fm;
        let url = self.permalink(&p.path);
        let thing =
            |kind, name: &'s Option<String>| name.as_deref().map(|name| Thing { kind, name });
        crate::text::script_json(&NewsArticle {
            context: "https://schema.org",
            kind: "NewsArticle",
            headline: fm.title.as_deref().unwrap_or_default(),
            main_entity_of_page: url.clone(),
            url,
            in_language: p.lang(&self.site.config.language),
            date_published: fm.date.map(|d| d.iso()),
            date_modified: fm.updated.map(|d| d.iso()),
            author: thing("Person", &fm.author),
            publisher: thing("Organization", &fm.source),
            is_based_on: fm.source_url.as_deref(),
            archived_at: fm.archive_url.as_deref(),
            copyright_notice: fm.copyright.as_deref(),
            image: p
                .rendered
                .first_image
                .as_ref()
                .map(|(u, _, _)| self.absolute(u)),
            keywords: &fm.tags,
        })
    }

    /// An article's terms in each taxonomy that it gives any of.
    fn page_terms(&self, p: &crate::load::Page) -> Vec<TermsOf> {
        self.site
            .taxonomies
            .iter()
            .zip(&p.terms)
            .enumerate()
            .filter(|(_, (_, mine))| !mine.is_empty())
            .map(|(k, (t, mine))| TermsOf {
                name: t.name.clone(),
                title: t.title.clone(),
                url: self.url(&self.at(&format!("/{}/", t.name))),
                terms: mine.iter().map(|&i| self.term_link(k, i)).collect(),
            })
            .collect()
    }

    /// A taxonomy as its pages show it.
    pub(super) fn taxonomy_view(&self, k: usize) -> TaxonomyView {
        let t = &self.site.taxonomies[k];
        TaxonomyView {
            name: t.name.clone(),
            title: t.title.clone(),
            url: self.url(&self.at(&format!("/{}/", t.name))),
            count: t.terms.len(),
        }
    }

    /// Term `i` of taxonomy `k` as an article links it: no feed addresses
    /// made for every card.
    fn term_link(&self, k: usize, i: usize) -> TagLink {
        let (x, term) = (&self.site.taxonomies[k], &self.site.taxonomies[k].terms[i]);
        TagLink {
            name: term.name.clone(),
            url: self.url(&self.at(&format!("/{}/{}/", x.name, term.slug))),
        }
    }

    /// Term `i` of taxonomy `k`, as a tag is shown.
    pub(super) fn term_view(&self, k: usize, i: usize) -> TagView {
        let (x, term) = (&self.site.taxonomies[k], &self.site.taxonomies[k].terms[i]);
        let at = |file: &str| self.url(&self.at(&format!("/{}/{}/{file}", x.name, term.slug)));
        TagView {
            link: self.term_link(k, i),
            slug: term.slug.clone(),
            count: term.pages.len(),
            feed_url: at("rss.xml"),
            atom_url: at("atom.xml"),
        }
    }

    pub(super) fn tag_view(&self, t: usize) -> TagView {
        let tag = &self.site.tags[t];
        TagView {
            link: self.tag_link(t),
            slug: tag.slug.clone(),
            count: tag.pages.len(),
            feed_url: self.url(&self.at(&format!("/tags/{}/rss.xml", tag.slug))),
            atom_url: self.url(&self.at(&format!("/tags/{}/atom.xml", tag.slug))),
        }
    }
}

/// What an alias page is given as `page`: the article it sends readers to.
#[derive(Serialize)]
pub(super) struct Moved<'a> {
    pub title: &'a str,
    pub url: String,
    pub permalink: String,
}

/// schema.org data, the fields in the order they were always written.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    headline: &'a str,
    url: String,
    main_entity_of_page: String,
    in_language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Thing<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Thing<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_based_on: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    archived_at: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    copyright_notice: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    keywords: &'a [String],
}

#[derive(Serialize)]
struct Thing<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    /// Static file → the URL to use for it (fingerprinted when built).
    assets: std::collections::BTreeMap<String, String>,
    helplines: &'a [crate::config::Helpline],
    actions: &'a [crate::config::Action],
    /// What of these the language takes from the site's own.
    inherited: Inherited,
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    base_path: &'a str,
    language: &'a str,
    /// `rtl` or `ltr`.
    dir: &'static str,
    exit: ExitView<'a>,
    menu: Vec<MenuItem>,
    home_url: String,
    tags_url: String,
    /// The site's taxonomies besides tags (their index pages).
    taxonomies: Vec<TaxonomyView>,
    /// Each year's list of articles, newest first (`archives: true`).
    years: Vec<YearLink>,
    feed_url: String,
    atom_url: String,
    /// Every language of the site, its own first; empty when it has one.
    languages: &'a [crate::load::LanguageLink],
    search_url: String,
    safety_url: String,
    extra: &'a serde_yaml::Mapping,
}

/// A page in one of the site's languages.
#[derive(Serialize, Clone, Debug)]
pub struct Version {
    code: String,
    name: String,
    dir: &'static str,
    url: String,
    permalink: String,
    /// The language of the page showing it.
    current: bool,
    /// The site's own language: the version for readers of any other
    /// (`hreflang="x-default"`).
    default: bool,
    /// As Open Graph writes a locale: `pt_BR`.
    og_locale: String,
}

#[derive(Serialize)]
pub(super) struct ExitView<'a> {
    url: &'a str,
    label: &'a str,
}

#[derive(Serialize)]
pub(super) struct MenuItem {
    title: String,
    /// The title's language, when it is not the page's.
    lang: Option<Lang>,
    url: String,
    children: Vec<MenuItem>,
}

/// What a list shows of an article; built once per article.
#[derive(Serialize, Hash)]
pub(super) struct Card<'a> {
    /// The article's language when it is not the site's.
    lang: Option<&'a str>,
    dir: &'static str,
    /// The languages of what the card and page say about the article (its
    /// dates, reading time and warnings) where they are not the article's:
    /// the site's where the theme has no words in the article's, English
    /// where its words leave a gap.
    date_lang: Option<Lang>,
    reading_lang: Option<Lang>,
    warning_lang: Option<Lang>,
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
    /// A web archive's snapshot of the source.
    archive_url: Option<&'a str>,
    dateline: Option<&'a str>,
    copyright: Option<&'a str>,
    warnings: &'a [String],
    /// "This article describes rape and the abuse of children."
    warning_text: String,
    tags: Vec<TagLink>,
    /// Its terms of the site's other taxonomies.
    taxonomies: Vec<TermsOf>,
    summary: String,
    /// The summary as plain text, for `<meta name="description">`.
    description: String,
    reading_minutes: usize,
    /// "8 min", "8 دقائق": the reading time in the plural form its number
    /// takes in the article's language.
    reading_time: String,
    section_title: &'a str,
    section_url: String,
    draft: bool,
}

/// An article page: its shared card plus what only its own page shows.
#[derive(Serialize)]
pub(super) struct PageView<'a> {
    #[serde(flatten)]
    card: Value,
    content: std::borrow::Cow<'a, str>,
    word_count: usize,
    toc: &'a [crate::markdown::Heading],
    /// schema.org NewsArticle, as JSON for a `<script type="application/ld+json">`.
    json_ld: String,
    related: Vec<Value>,
    newer: Option<Value>,
    older: Option<Value>,
    ancestors: Vec<Crumb>,
    extra: &'a serde_yaml::Mapping,
    /// The article's first image, for `og:image`.
    image: Option<ImageView>,
}

#[derive(Serialize)]
pub(super) struct ImageView {
    /// Absolute.
    url: String,
    width: u32,
    height: u32,
}

#[derive(Serialize)]
pub(super) struct SectionView<'a> {
    title: &'a str,
    /// The language of its title and description, when it is not the
    /// page's (a section with no page in this language).
    lang: Option<Lang>,
    description: &'a str,
    url: String,
    permalink: String,
    feed_url: String,
    atom_url: String,
    content: &'a str,
    page_count: usize,
    ancestors: Vec<Crumb>,
    children: Vec<Crumb>,
    extra: &'a serde_yaml::Mapping,
}

#[derive(Serialize)]
pub(super) struct Crumb {
    title: String,
    lang: Option<Lang>,
    url: String,
    count: usize,
}

/// A language other than the page's, for `lang` and `dir` on what is in it.
#[derive(Serialize, Clone, Hash)]
pub(super) struct Lang {
    code: String,
    dir: &'static str,
}

impl Lang {
    fn of(s: &crate::load::Section) -> Option<Lang> {
        s.title_lang.as_deref().map(Lang::code)
    }

    fn code(code: &str) -> Lang {
        Lang {
            dir: crate::text::direction(code),
            code: code.to_string(),
        }
    }
}

/// The site's settings a language shows in the site's own language (its
/// title, description, helplines, actions), each with that language.
#[derive(Serialize)]
pub(super) struct Inherited {
    title: Option<Lang>,
    description: Option<Lang>,
    helplines: Option<Lang>,
    actions: Option<Lang>,
}

#[derive(Serialize, Clone, Hash)]
pub(super) struct TagLink {
    name: String,
    url: String,
}

/// An article's terms of one taxonomy.
#[derive(Serialize, Hash)]
pub(super) struct TermsOf {
    name: String,
    title: String,
    url: String,
    terms: Vec<TagLink>,
}

/// A year's list of articles, as the footer links it.
#[derive(Serialize)]
pub(super) struct YearLink {
    title: String,
    url: String,
}

/// A taxonomy, as its index and term pages are given it (`taxonomy`).
#[derive(Serialize)]
pub(super) struct TaxonomyView {
    name: String,
    title: String,
    url: String,
    count: usize,
}

#[derive(Serialize)]
pub(super) struct TagView {
    #[serde(flatten)]
    link: TagLink,
    slug: String,
    count: usize,
    feed_url: String,
    atom_url: String,
}

#[derive(Serialize)]
pub(super) struct Paginator {
    number: usize,
    total: usize,
    pub(super) items: Vec<Value>,
    item_count: usize,
    first_url: String,
    prev_url: Option<String>,
    next_url: Option<String>,
    last_url: String,
}

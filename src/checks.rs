//! The checks of what the pipeline made, the same for build, check and
//! serve: links to articles, headings and places on the site where
//! nothing will be, images no file provides (errors); images on other
//! hosts, without alt text or too large, and articles without a source or
//! an author (warnings, each of its [`Kind`]).

use std::collections::HashSet;

use crate::error::{Kind, Problem};
use crate::load::Site;
use crate::output::Renderer;
use crate::theme::{Theme, slash_path};

/// What the markdown stage made that points at nothing: `@/` links to no
/// article or heading, images that no file provides. Serve runs it again
/// after each edit.
pub fn made(site: &Site, theme: &Theme) -> Vec<Problem> {
    let mut problems = site.check_links();
    problems.extend(missing_images(site, theme));
    problems.extend(missing_templates(site, theme));
    problems
}

/// Templates that sections and articles name (`template`,
/// `page_template`) and no theme or site has.
fn missing_templates(site: &Site, theme: &Theme) -> Vec<Problem> {
    let missing = |name: &str| !theme.templates.contains_key(name);
    let named = |name: &str, key: &str| {
        let mut own: Vec<&str> = theme
            .templates
            .keys()
            .map(String::as_str)
            .filter(|t| t.ends_with(".html") && !t.starts_with("partials/"))
            .collect();
        own.sort_unstable();
        own.retain(|t| !matches!(*t, "base.html" | "alias.html" | "404.html"));
        match crate::yaml::nearest(name, &own) {
            Some(near) => format!(
                "`{key}`: there is no template {name}; did you mean {near}? (or add templates/{name})"
            ),
            None => format!(
                "`{key}`: there is no template {name}; add templates/{name}, or name one of {}",
                own.join(", ")
            ),
        }
    };
    let mut out = vec![];
    if site.config.archives && site.prefix.is_empty() && missing("archive.html") {
        out.push(Problem::new(
            crate::config::FILE,
            None,
            "`archives: true` needs templates/archive.html, which the theme lacks; add one (themes/default/templates/archive.html shows what it gets)",
        ));
    }
    if !site.config.taxonomies.is_empty() && site.prefix.is_empty() {
        for name in ["taxonomy.html", "term.html"]
            .into_iter()
            .filter(|n| missing(n))
        {
            out.push(Problem::new(
                crate::config::FILE,
                None,
                format!("`taxonomies` needs templates/{name}, which the theme lacks; add one (themes/default/templates/{name} shows what it gets)"),
            ));
        }
    }
    for s in &site.sections {
        let Some(file) = &s.file else { continue };
        for (key, t) in [
            ("template", &s.matter.template),
            ("page_template", &s.matter.page_template),
        ] {
            if let Some((name, line)) = t.as_ref().filter(|(n, _)| missing(n)) {
                out.push(Problem::new(file, Some(*line), named(name, key)));
            }
        }
    }
    for p in &site.pages {
        if let Some(name) = p.fm.template.as_deref().filter(|n| missing(n)) {
            out.push(Problem::new(
                &p.file,
                Some(p.fm.lines.template),
                named(name, "template"),
            ));
        }
    }
    out
}

/// What the site in one of its languages still shows in another: the
/// theme's words its strings lack, sections with no page in it (their
/// titles come from the original), the settings it takes from the site's
/// own language. One warning for the language, naming where to add each.
pub fn untranslated(site: &Site, theme: &Theme) -> Vec<Problem> {
    let lang = &site.config.language;
    let mut lacks = vec![];
    if let Ok(words) = crate::strings::Strings::load(theme, lang) {
        let missing = words.missing();
        if !missing.is_empty() {
            let some: Vec<&str> = missing.iter().take(5).map(String::as_str).collect();
            let more = if missing.len() > 5 { ", …" } else { "" };
            lacks.push(format!(
                "{} of the theme's words ({}{more}: add them in strings/{lang}.yaml)",
                missing.len(),
                some.join(", ")
            ));
        }
    }
    let sections: Vec<String> = site
        .sections
        .iter()
        .skip(1)
        .filter(|s| s.title_lang.is_some())
        .map(|s| format!("content/{}/_index.{lang}.md", s.dir))
        .collect();
    if !sections.is_empty() {
        lacks.push(format!(
            "the titles of sections with no page in it ({})",
            sections.join(", ")
        ));
    }
    let i = &site.config.inherited;
    let c = &site.config;
    let settings: Vec<&str> = [
        (i.title && !c.title.is_empty(), "title"),
        (i.description && !c.description.is_empty(), "description"),
        (i.helplines && !c.helplines.is_empty(), "helplines"),
        (i.actions && !c.actions.is_empty(), "actions"),
    ]
    .into_iter()
    .filter_map(|(inherited, key)| inherited.then_some(key))
    .collect();
    if !settings.is_empty() {
        lacks.push(format!(
            "the site's {} (add them under `languages: {lang}:` in site.yaml)",
            settings.join(", ")
        ));
    }
    if lacks.is_empty() {
        return vec![];
    }
    vec![
        Problem::new(
            "site.yaml",
            None,
            format!(
                "pages in `{lang}` show these in another language (marked with its `lang`): {}",
                lacks.join("; ")
            ),
        )
        .of_kind(Kind::Untranslated),
    ]
}

/// Images on other hosts: shown as links, with a warning each.
pub fn remote_images(site: &Site) -> Vec<Problem> {
    site.pages
        .iter()
        .flat_map(|p| {
            p.rendered.remote_images.iter().map(|r| {
                Problem::new(
                    &p.file,
                    Some(p.line_of(r.offset)),
                    format!(
                        "image {} is on another host: shown as a link, since showing it would \
                         send every reader's address there; save the file beside the article \
                         to show it",
                        r.url
                    ),
                )
                .of_kind(Kind::RemoteImage)
            })
        })
        .collect()
}

/// Links from published articles to drafts and future-dated ones, which
/// readers get as text until those are published: in a build, the links
/// to what it leaves out; in `check` (everything included), the same
/// links found by their targets, so that both say the same.
pub fn unpublished_links(site: &Site) -> Vec<Problem> {
    let mut out = vec![];
    for page in &site.pages {
        let mut found: Vec<&crate::markdown::Reference> =
            page.rendered.unpublished.iter().collect();
        if !site.unpublished_page(page) {
            found.extend(page.rendered.internal.iter().filter(|l| {
                site.link_target(&l.url)
                    .and_then(|(_, i)| i)
                    .is_some_and(|i| site.unpublished_page(&site.pages[i]))
            }));
        }
        for link in found {
            out.push(
                Problem::new(
                    &page.file,
                    Some(page.line_of(link.offset)),
                    format!(
                        "link to {}: that article is a draft or dated in the future, so readers get the link's text only until it is published",
                        link.url
                    ),
                )
                .of_kind(Kind::UnpublishedLink),
            );
        }
    }
    out
}

/// Undated articles among dated ones: published as pages of their
/// section (after its dated articles, never on the home page or in a
/// feed), which news forgotten a date should not be. A section of pages
/// only (`about`, `contact`) says nothing.
pub fn undated(site: &Site) -> Vec<Problem> {
    let mut dated = vec![false; site.sections.len()];
    for p in &site.pages {
        dated[p.section] |= p.fm.date.is_some();
    }
    site.pages
        .iter()
        .filter(|p| p.fm.date.is_none() && !p.fm.draft && dated[p.section])
        .map(|p| {
            Problem::new(
                &p.file,
                Some(1),
                "no `date:`: published as a page of its section (after its dated articles, not on the home page or in feeds); add `date: YYYY-MM-DD` if it is news, or `draft: true` while it is unfinished",
            )
            .of_kind(Kind::Undated)
        })
        .collect()
}

/// Articles without a source or an author, in every language (unless the
/// site silences it with `warn_unsourced: false`).
pub fn unsourced(site: &Site) -> Vec<Problem> {
    if !site.config.warn_unsourced {
        return vec![];
    }
    let mut out = vec![];
    for p in site.every().flat_map(|s| &s.pages) {
        let mut missing = vec![];
        if p.fm.source.is_none() {
            missing.push("`source:` (the publisher)");
        }
        if p.fm.author.is_none() {
            missing.push("`author:` (the byline)");
        }
        if !missing.is_empty() {
            out.push(
                Problem::new(
                    &p.file,
                    Some(1),
                    format!(
                        "no {}; readers should know where a clipping comes from",
                        missing.join(" and no ")
                    ),
                )
                .of_kind(Kind::Unsourced),
            );
        }
    }
    out
}

/// Articles that link their source but keep no web archive's snapshot of
/// it (`archive_url`), in every language: the sources to save before they
/// disappear.
pub fn unarchived(site: &Site) -> Vec<std::path::PathBuf> {
    site.every()
        .flat_map(|s| &s.pages)
        .filter(|p| p.fm.source_url.is_some() && p.fm.archive_url.is_none())
        .map(|p| p.file.clone())
        .collect()
}

/// Links of articles to places on the site (written `/x/` or relative to
/// the article's folder) where no page, feed or file will be.
pub fn links(theme: &Theme, renderers: &[Renderer]) -> Vec<Problem> {
    let Some(site) = renderers.first().map(Renderer::site) else {
        return vec![];
    };
    // What each host serves: the site's host every language's pages
    // (those of a language with a host of its own are in its folder, sent
    // there), that host its own language's from its folder, and each the
    // theme's and the site's files.
    let served = |host: &str| -> HashSet<String> {
        let main = host == site.config.base_url;
        let mut known: HashSet<String> = renderers
            .iter()
            .filter(|r| main || r.site().config.base_url == host)
            .flat_map(|r| {
                let root = match main {
                    true => "/".to_string(),
                    false => format!("{}/", r.site().prefix),
                };
                r.jobs().into_iter().map(move |j| {
                    let path = r.path_of(j);
                    path.strip_prefix(&root).unwrap_or(&path).to_string()
                })
            })
            .collect();
        known.extend(site.assets.iter().map(|a| slash_path(a)));
        known.extend(theme.statics.keys().cloned());
        known.extend(theme.fingerprints.values().cloned());
        known
    };
    let mut hosts: Vec<(&str, HashSet<String>)> = vec![];
    for r in renderers {
        let host = r.site().config.base_url.as_str();
        if !hosts.iter().any(|(h, _)| *h == host) {
            hosts.push((host, served(host)));
        }
    }
    let mut problems = vec![];
    for r in renderers {
        let c = &r.site().config;
        let base = c.base_path();
        let known = &hosts
            .iter()
            .find(|(h, _)| *h == c.base_url)
            .expect("listed")
            .1;
        for page in &r.site().pages {
            for (written, link) in &page.rendered.links {
                let Some(inside) = link.url.strip_prefix(base) else {
                    continue;
                };
                let path = inside.split(['?', '#']).next().unwrap_or("");
                let mut path = crate::markdown::normalise(path);
                if path.is_empty() || known.contains(&path) || known.contains(&format!("{path}/")) {
                    continue;
                }
                if inside.split(['?', '#']).next().unwrap_or("").ends_with('/') {
                    path.push('/');
                }
                let hint = match path.ends_with(".md") {
                    true => {
                        "to link to an article, write its file as @/section/article.md (from content/)"
                    }
                    false => {
                        "link to a page of the site, or put the file under content/ or static/"
                    }
                };
                problems.push(Problem::new(
                    &page.file,
                    Some(page.line_of(link.offset)),
                    format!("link to {written}: there is nothing at {base}{path}; {hint}"),
                ));
            }
        }
    }
    problems
}

/// Images that point into the site at a file that neither content/ nor the
/// theme provides.
pub fn missing_images(site: &Site, theme: &Theme) -> Vec<Problem> {
    let base = site.config.base_path();
    let assets: std::collections::HashSet<String> = site
        .assets
        .iter()
        .map(|a| crate::theme::slash_path(a))
        .collect();
    let mut problems = vec![];
    for page in &site.pages {
        for img in &page.rendered.images {
            let path = img
                .url
                .strip_prefix(base)
                .unwrap_or(&img.url)
                .split(['?', '#'])
                .next()
                .unwrap_or("");
            let path = crate::markdown::normalise(path);
            if !assets.contains(&path) && !theme.statics.contains_key(&path) {
                let line = page.line_of(img.offset);
                problems.push(Problem::new(&page.file, Some(line), format!(
                    "image {} not found; put the file under content/ (beside the article) or static/", img.url
                )));
            }
        }
    }
    problems
}

/// Images of articles without alt text.
pub fn unlabelled_images(site: &Site) -> Vec<Problem> {
    let mut problems = vec![];
    for page in &site.pages {
        for img in &page.rendered.unlabelled_images {
            problems.push(
                Problem::new(
                    &page.file,
                    Some(page.line_of(img.offset)),
                    format!(
                        "image {} has no alt text; describe it between the brackets, \
                     ![like this]({}), for readers who cannot see it",
                        img.url, img.url
                    ),
                )
                .of_kind(Kind::NoAltText),
            );
        }
    }
    problems
}

/// Images so large that readers on a phone wait for them.
pub fn large_images(site: &Site) -> Vec<Problem> {
    let mut problems = vec![];
    let content = site.root.join(crate::load::CONTENT);
    for rel in &site.assets {
        let size = std::fs::metadata(content.join(rel)).map_or(0, |m| m.len());
        if crate::images::Kind::of(&crate::theme::slash_path(rel)).is_some()
            && size > crate::images::HUGE_BYTES
        {
            problems.push(
                Problem::new(
                    std::path::Path::new(crate::load::CONTENT).join(rel),
                    None,
                    format!(
                        "image of {} MB; over {} MB is slow to build and to read: make it smaller",
                        size / (1024 * 1024),
                        crate::images::HUGE_BYTES / (1024 * 1024)
                    ),
                )
                .of_kind(Kind::LargeImage),
            );
        }
    }
    problems
}

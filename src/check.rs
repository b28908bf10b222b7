//! check: every validation a build makes, and a few more, with nothing
//! written: front matter, dates, URLs, tags, related articles, internal
//! links, templates (every page is rendered and thrown away), missing
//! images; warnings for articles without a source or an author.

use std::path::Path;

use crate::config::Config;
use crate::error::{Problem, Problems};
use crate::load::{LoadOptions, Site};
use crate::output::{CardCache, Renderer};
use crate::theme::Theme;
use crate::write::Discard;

/// What a check found.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub articles: usize,
    pub pages: usize,
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

/// Checks everything in the site at `root`, drafts and future-dated
/// articles included.
pub fn check(root: &Path) -> CheckReport {
    let mut report = CheckReport::default();
    let opts = LoadOptions {
        drafts: true,
        future: true,
        now: crate::date::now(),
    };
    let loaded = Config::load(root).and_then(|config| {
        let theme = Theme::load(root, &config.theme)?;
        let (site, problems) = Site::load_all(root, config, opts)?;
        Ok((site, problems, theme))
    });
    let (mut site, theme) = match loaded {
        Ok((site, problems, theme)) => {
            report.errors.extend(problems);
            (site, theme)
        }
        Err(Problems(errors)) => {
            report.errors = errors;
            return report;
        }
    };
    match crate::images::measure(crate::image_sources(&site, &theme)) {
        Ok(images) => site.images = images,
        Err(Problems(errors)) => report.errors.extend(errors),
    }
    crate::render_markdown(&mut site);
    report.errors.extend(site.check_links());
    report.errors.extend(missing_images(&site, &theme));
    site.warnings.extend(image_warnings(&site));
    site.warnings.extend(crate::config::missing(root));
    match Renderer::new(&site, &theme, false, &mut CardCache::default()) {
        Ok(renderer) => match renderer.render_all(&Discard) {
            Ok(pages) => report.pages = pages,
            Err(Problems(errors)) => report.errors.extend(errors),
        },
        Err(Problems(errors)) => report.errors.extend(errors),
    }
    report.warnings = std::mem::take(&mut site.warnings);
    for p in &site.pages {
        let mut missing = vec![];
        if p.fm.source.is_none() {
            missing.push("`source:` (the publisher)");
        }
        if p.fm.author.is_none() {
            missing.push("`author:` (the byline)");
        }
        if !missing.is_empty() {
            report.warnings.push(Problem::new(
                &p.file,
                Some(1),
                format!(
                    "no {}; readers should know where a clipping comes from",
                    missing.join(" and no ")
                ),
            ));
        }
    }
    report.articles = site.pages.len();
    let sort = |v: &mut Vec<Problem>| v.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    sort(&mut report.errors);
    sort(&mut report.warnings);
    report
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

/// Warnings about the site's images: without alt text, or so large that
/// readers on a phone wait for them.
pub fn image_warnings(site: &Site) -> Vec<Problem> {
    let mut problems = vec![];
    for page in &site.pages {
        for img in &page.rendered.unlabelled_images {
            problems.push(Problem::new(
                &page.file,
                Some(page.line_of(img.offset)),
                format!(
                    "image {} has no alt text; describe it between the brackets, \
                     ![like this]({}), for readers who cannot see it",
                    img.url, img.url
                ),
            ));
        }
    }
    let content = site.root.join(crate::load::CONTENT);
    for rel in &site.assets {
        let size = std::fs::metadata(content.join(rel)).map_or(0, |m| m.len());
        if crate::images::Kind::of(&crate::theme::slash_path(rel)).is_some()
            && size > crate::images::HUGE_BYTES
        {
            problems.push(Problem::new(
                std::path::Path::new(crate::load::CONTENT).join(rel),
                None,
                format!(
                    "image of {} MB; over {} MB is slow to build and to read: make it smaller",
                    size / (1024 * 1024),
                    crate::images::HUGE_BYTES / (1024 * 1024)
                ),
            ));
        }
    }
    problems
}

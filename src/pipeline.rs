//! The pipeline: the stages of every command, in order and timed, so that
//! build, check and serve cannot disagree about a site.
//!
//! ```text
//! load ─▶ images ─▶ markdown ─▶ render ─▶ files ─▶ swap
//! ```
//!
//! [`prepare`] runs load, images and markdown, and checks what they made
//! (internal links, images); [`render`] renders every output and checks
//! the links between them. A site with problems goes on as far as it can,
//! with nothing written: images are measured rather than encoded and pages
//! rendered and thrown away, so that every problem of every file is listed
//! at once. `check` is the pipeline without writing; `build` writes into a
//! fresh folder swapped in at the end; `serve` into its temporary folder.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Problem, Problems};
use crate::load::{LoadOptions, Site};
use crate::output::{CardCache, Renderer};
use crate::theme::Theme;
use crate::write::{self, Discard, Output, Sink};
use crate::{date, images, load, markdown, theme};

/// What to make of a site: which articles, at which address, and whether
/// its images are encoded for publishing or only read for their sizes.
#[derive(Clone, Debug)]
pub struct Plan {
    pub root: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Include articles dated in the future.
    pub future: bool,
    /// Encode the images (build, serve) rather than only measure them
    /// (check).
    pub encode: bool,
    /// Name fingerprinted copies of stylesheets and scripts (build).
    pub fingerprint: bool,
}

/// The stages' times, in order.
pub struct Clock {
    pub stages: Vec<(&'static str, Duration)>,
    lap: Instant,
}

impl Clock {
    pub fn start() -> Clock {
        Clock {
            stages: vec![],
            lap: Instant::now(),
        }
    }

    pub fn lap(&mut self, stage: &'static str) {
        self.stages.push((stage, self.lap.elapsed()));
        self.lap = Instant::now();
    }
}

/// A site through load, images and markdown: ready to render, with every
/// problem found so far (none when it may be written).
pub struct Prepared {
    pub site: Site,
    pub theme: Theme,
    pub problems: Vec<Problem>,
    pub clock: Clock,
}

/// Load, images, markdown, and the checks of what they made. Fails only
/// when there is no site to check: settings or theme unreadable, no
/// content folder.
pub fn prepare(plan: &Plan) -> Result<Prepared, Problems> {
    let mut clock = Clock::start();
    let root = &plan.root;
    let mut config = Config::load(root)?;
    if let Some(url) = &plan.base_url {
        config
            .set_base_url(url)
            .map_err(|e| Problem::new("--base-url", None, format!("{e:#}")))?;
    }
    let mut theme = Theme::load(root, &config.theme)?;
    if plan.fingerprint {
        theme.fingerprint().map_err(|e| {
            Problem::new(
                "static",
                None,
                format!("cannot read the theme's static files: {e}"),
            )
        })?;
    }
    let opts = LoadOptions {
        drafts: plan.drafts,
        future: plan.future,
        now: date::now(),
    };
    let (mut site, mut problems) = Site::load_all(root, config, opts)?;
    site.warnings.extend(crate::config::missing(root));
    clock.lap("load");
    // Encoding is for a site that will be written.
    let made = match plan.encode && problems.is_empty() {
        true => encode_images(&site, &theme),
        false => images::measure(image_sources(&site, &theme)),
    };
    match made {
        Ok(images) => site.images = images,
        Err(Problems(errors)) => problems.extend(errors),
    }
    clock.lap("images");
    // Every language of the site: the same stages, the same images.
    let images = std::mem::take(&mut site.images);
    let mut translations = std::mem::take(&mut site.translations);
    let mut warnings = vec![];
    for s in std::iter::once(&mut site).chain(&mut translations) {
        render_markdown(s, &images);
        problems.extend(verify(s, &theme));
        warnings.append(&mut s.warnings);
        warnings.extend(alt_text_warnings(s));
    }
    (site.images, site.translations, site.warnings) = (images, translations, warnings);
    site.warnings.extend(large_image_warnings(&site));
    clock.lap("markdown");
    Ok(Prepared {
        site,
        theme,
        problems,
        clock,
    })
}

/// What the markdown stage made that points at nothing: `@/` links to no
/// article or heading, images that no file provides. Serve runs it again
/// after each edit.
pub fn verify(site: &Site, theme: &Theme) -> Vec<Problem> {
    let mut problems = site.check_links();
    problems.extend(missing_images(site, theme));
    problems
}

/// The render stage: the renderer, and every output rendered into the
/// sink `open` gives (opened only when there is nothing wrong). With
/// problems, or when a page fails, every output is rendered and thrown
/// away instead and every problem returned.
pub fn render<'s, S: Sink>(
    site: &'s Site,
    theme: &Theme,
    mut problems: Vec<Problem>,
    minify: bool,
    cards: &mut CardCache,
    open: impl FnOnce() -> Result<S>,
) -> Result<(Renderer<'s>, S, usize), Problems> {
    let renderers = match renderers_of(site, theme, minify, cards) {
        Ok(r) => r,
        Err(Problems(errors)) => {
            problems.extend(errors);
            return Err(Problems(problems));
        }
    };
    problems.extend(broken_links(theme, &renderers));
    if !problems.is_empty() {
        for r in &renderers {
            if let Err(Problems(errors)) = r.render_all(&Discard) {
                problems.extend(errors);
            }
        }
        return Err(Problems(problems));
    }
    let out = open().map_err(|e| Problem::new("output", None, format!("{e:#}")))?;
    let mut pages = 0;
    for r in &renderers {
        match r.render_all(&out) {
            Ok(n) => pages += n,
            Err(errors) if minify => {
                // Template errors name lines of the minified templates:
                // find them again in the templates as written.
                drop(out);
                for plain in renderers_of(site, theme, false, cards)? {
                    plain.render_all(&Discard)?;
                }
                return Err(errors);
            }
            Err(errors) => return Err(errors),
        }
    }
    let main = renderers
        .into_iter()
        .next()
        .expect("the site's own language");
    Ok((main, out, pages))
}

/// A renderer for the site in each of its languages, its own first.
fn renderers_of<'s>(
    site: &'s Site,
    theme: &Theme,
    minify: bool,
    cards: &mut CardCache,
) -> Result<Vec<Renderer<'s>>, Problems> {
    let mut all = vec![Renderer::new(site, theme, minify, cards)?];
    let mut problems = vec![];
    for t in &site.translations {
        match Renderer::new(t, theme, minify, cards) {
            Ok(r) => all.push(r),
            Err(Problems(errors)) => problems.extend(errors),
        }
    }
    Problems(problems).into_result()?;
    Ok(all)
}

/// Links of articles to places on the site (written `/x/` or relative to
/// the article's folder) where no page, feed or file will be.
pub fn broken_links(theme: &Theme, renderers: &[Renderer]) -> Vec<Problem> {
    let Some(site) = renderers.first().map(Renderer::site) else {
        return vec![];
    };
    let base = site.config.base_path();
    let mut known: HashSet<String> = renderers
        .iter()
        .flat_map(|r| {
            r.jobs()
                .into_iter()
                .map(|j| r.path_of(j).trim_start_matches('/').to_string())
        })
        .collect();
    known.extend(site.assets.iter().map(|a| theme::slash_path(a)));
    known.extend(theme.statics.keys().cloned());
    known.extend(theme.fingerprints.values().cloned());
    let mut problems = vec![];
    for page in renderers.iter().flat_map(|r| &r.site().pages) {
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
                false => "link to a page of the site, or put the file under content/ or static/",
            };
            problems.push(Problem::new(
                &page.file,
                Some(page.line_of(link.offset)),
                format!("link to {written}: there is nothing at {base}{path}; {hint}"),
            ));
        }
    }
    problems
}

/// What `placard build` was asked to do.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `ROOT/public`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Include articles dated in the future.
    pub future: bool,
    pub no_minify: bool,
    /// Build into an output folder that holds files placard did not write,
    /// keeping each of them where it is.
    pub force_output: bool,
}

/// What a finished build reports.
#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub articles: usize,
    pub sections: usize,
    pub tags: usize,
    pub html_pages: usize,
    pub warnings: Vec<Problem>,
    /// Future-dated articles left out (without `--future`).
    pub future_left_out: usize,
    /// What the output folder holds that placard did not write, kept where
    /// it is (top-level names).
    pub kept: Vec<String>,
    pub stages: Vec<(&'static str, Duration)>,
}

/// Builds the site at `opts.root` into its output folder. On any problem
/// the previous output is left untouched and every problem is returned.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    let target = opts
        .output
        .clone()
        .unwrap_or_else(|| opts.root.join("public"));
    let plan = Plan {
        root: opts.root.clone(),
        base_url: opts.base_url.clone(),
        drafts: opts.drafts,
        future: opts.future,
        encode: true,
        fingerprint: true,
    };
    // Opening the output folder (reading what the previous build left in
    // it) goes on while the site loads and renders. Should the build fail
    // first, the scope still waits for it, and the folder is closed as a
    // failed build leaves it.
    std::thread::scope(|scope| {
        let others = match opts.force_output {
            true => write::Others::Keep,
            false => write::Others::Refuse,
        };
        let root = &opts.root;
        let opening = scope.spawn(move || Output::create(root, &target, others));
        let open = || {
            opening
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        };
        let Prepared {
            site,
            theme,
            problems,
            mut clock,
        } = prepare(&plan)?;
        let minify = site.config.minify && !opts.no_minify;
        let mut cards = CardCache::default();
        let (renderer, out, html_pages) =
            render(&site, &theme, problems, minify, &mut cards, open)?;
        drop(renderer);
        clock.lap("render");
        copy_files(&site, &theme, &out)?;
        clock.lap("files");
        let kept = out.kept();
        let output = out.commit()?;
        clock.lap("swap");
        Ok(BuildReport {
            output,
            articles: site.every().map(|s| s.pages.len()).sum(),
            sections: site.every().map(|s| s.sections.len() - 1).sum(),
            tags: site.every().map(|s| s.tags.len()).sum(),
            html_pages,
            warnings: site.warnings,
            future_left_out: site.future_left_out,
            kept,
            stages: clock.stages,
        })
    })
}

/// Every image the build publishes (the site's and the theme's), cleaned
/// of its metadata, with smaller copies of the site's; from the cache under
/// the site where it can.
fn encode_images(site: &Site, theme: &Theme) -> Result<images::Images, Problems> {
    images::prepare(&site.root, image_sources(site, theme))
}

/// The images a build publishes, where each comes from.
pub fn image_sources(site: &Site, theme: &Theme) -> Vec<images::Source> {
    let mut sources: Vec<images::Source> = theme
        .statics
        .iter()
        .filter(|(rel, _)| images::Kind::of(rel).is_some())
        .map(|(rel, origin)| images::Source {
            rel: rel.clone(),
            shown: PathBuf::from("static").join(rel),
            origin: origin.clone(),
            copies: false,
        })
        .collect();
    let content = site.root.join(load::CONTENT);
    for rel in &site.assets {
        let rel_str = theme::slash_path(rel);
        if images::Kind::of(&rel_str).is_some() {
            sources.push(images::Source {
                shown: PathBuf::from(load::CONTENT).join(rel),
                origin: theme::Origin::File(content.join(rel)),
                rel: rel_str,
                copies: true,
            });
        }
    }
    sources
}

/// The markdown stage: every article and section body, in parallel.
fn render_markdown(site: &mut Site, images: &images::Images) {
    let config = &site.config;
    site.pages
        .par_iter_mut()
        .for_each(|p| p.render(config, images));
    for s in &mut site.sections {
        s.rendered = markdown::render(&s.body, config.allow_html, config.base_path());
    }
    let remote: Vec<Problem> = site
        .pages
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
                .of_kind("images on other hosts")
            })
        })
        .collect();
    site.warnings.extend(remote);
}

/// Theme and site static files, then the files kept beside articles.
pub fn copy_files(site: &Site, theme: &Theme, out: &Output) -> Result<()> {
    theme.statics.par_iter().try_for_each(|(rel, origin)| {
        if write_image(&site.images, rel, out)? {
            return Ok(());
        }
        let bytes = origin
            .read()
            .with_context(|| format!("cannot read static file {rel}"))?;
        out.write(rel, &bytes)?;
        match theme.fingerprints.get(rel) {
            Some(copy) => out.write(copy, &bytes),
            None => Ok(()),
        }
    })?;
    let content = site.root.join(load::CONTENT);
    site.assets.par_iter().try_for_each(|rel| {
        let rel_str = theme::slash_path(rel);
        if write_image(&site.images, &rel_str, out)? {
            return Ok(());
        }
        let bytes = std::fs::read(content.join(rel))
            .with_context(|| format!("cannot read content/{rel_str}"))?;
        out.write(&rel_str, &bytes)
    })
}

/// Writes what the images stage made of `rel` (the cleaned image and its
/// copies); false when `rel` is no image. The original is never copied.
pub fn write_image(images: &images::Images, rel: &str, out: &impl write::Sink) -> Result<bool> {
    if let Some(svg) = images.svgs.get(rel) {
        out.put(rel, svg, false)?;
        return Ok(true);
    }
    let Some(img) = images.by_path.get(rel) else {
        if images::Kind::of(rel).is_some() {
            // Never the original: it may hold where it was taken.
            anyhow::bail!("{rel}: this image was not cleaned, so it is not published");
        }
        return Ok(false);
    };
    let read = |p: &std::path::Path| {
        std::fs::read(p).with_context(|| format!("cannot read {}", p.display()))
    };
    out.put(rel, &read(&img.full)?, false)?;
    for (path, _, file) in &img.copies {
        out.put(path, &read(file)?, false)?;
    }
    Ok(true)
}

/// Images that point into the site at a file that neither content/ nor the
/// theme provides.
fn missing_images(site: &Site, theme: &Theme) -> Vec<Problem> {
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
fn alt_text_warnings(site: &Site) -> Vec<Problem> {
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
                .of_kind("images without alt text"),
            );
        }
    }
    problems
}

/// Images so large that readers on a phone wait for them.
fn large_image_warnings(site: &Site) -> Vec<Problem> {
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
                .of_kind("large images"),
            );
        }
    }
    problems
}

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

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Result;
use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Problem, Problems};
use crate::load::{LoadOptions, Site};
use crate::output::{CardCache, Renderer};
use crate::theme::Theme;
use crate::write::{self, Discard, Output, Sink};
use crate::{checks, date, images, load, markdown, theme};

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
    /// Every language under `base_url`, at `/CODE/`, even one with an
    /// address of its own (serve: one address for the whole site).
    pub one_address: bool,
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
    if plan.one_address {
        config.one_address();
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
    // The site's own files are told apart as they are listed; the theme's
    // and static/'s here.
    problems.extend(theme.statics.values().filter_map(|origin| match origin {
        theme::Origin::File(file) => {
            images::Kind::disguised(file, file.strip_prefix(root).unwrap_or(file))
        }
        theme::Origin::Embedded(_) => None,
    }));
    site.warnings.extend(crate::config::missing(root));
    clock.lap("load");
    // Encoding is for a site that will be written.
    let made = match plan.encode && problems.is_empty() {
        true => encode_images(&site, &theme),
        false => images::measure(image_sources(&site, &theme)),
    };
    match made {
        Ok(mut images) => {
            site.warnings.append(&mut images.warnings);
            site.images = images;
        }
        Err(Problems(errors)) => problems.extend(errors),
    }
    clock.lap("images");
    // Every language of the site: the same stages, the same images.
    let images = std::mem::take(&mut site.images);
    let mut translations = std::mem::take(&mut site.translations);
    let mut warnings = vec![];
    // A build's and the dev server's code blocks are highlighted once and
    // kept for the next build (check keeps nothing, as with images).
    let round = plan.encode.then(|| crate::highlight::open(root));
    for s in std::iter::once(&mut site).chain(&mut translations) {
        render_markdown(s, &images);
        problems.extend(checks::made(s, &theme));
        warnings.append(&mut s.warnings);
        warnings.extend(checks::remote_images(s));
        warnings.extend(checks::unpublished_links(s));
        warnings.extend(checks::undated(s));
        warnings.extend(checks::unlabelled_images(s));
        warnings.extend(checks::untranslated(s, &theme));
    }
    if let Some(round) = round
        && let Err(e) = crate::highlight::keep(root, round)
    {
        warnings.push(Problem::new(
            crate::highlight::CACHE,
            None,
            format!("cannot keep the highlighted code for the next build: {e:#}"),
        ));
    }
    (site.images, site.translations, site.warnings) = (images, translations, warnings);
    site.warnings.extend(checks::large_images(&site));
    clock.lap("markdown");
    Ok(Prepared {
        site,
        theme,
        problems,
        clock,
    })
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
    problems.extend(checks::links(theme, &renderers));
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
    problems.extend(crate::output::clashes::clashes(&all, theme));
    Problems(problems).into_result()?;
    Ok(all)
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
        one_address: false,
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
        // A language with a host of its own serves its folder: the same
        // files are there.
        let folders: Vec<String> = (site.translations.iter())
            .filter(|t| t.own_host)
            .map(|t| format!("{}/", t.prefix.trim_start_matches('/')))
            .collect();
        let out_and_folders = write::Also(&folders, &out);
        write::copy::copy_files(&site, &theme, &site.assets, &out_and_folders)?;
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
    let left_out = &site.left_out;
    site.pages
        .par_iter_mut()
        .for_each(|p| p.render(config, images, left_out));
    for s in &mut site.sections {
        s.rendered = markdown::render(&s.body, config.allow_html, config.base_path());
    }
}

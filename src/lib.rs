//! placard: a static site generator for advocacy sites. The pipeline reads
//! like its description: [`load`] the site, render its [`markdown`],
//! [`render`] the pages through the [`theme`], add the [`feed`]s, and
//! [`write`] it all into a fresh output folder swapped in at the end.

pub mod check;
pub mod config;
pub mod date;
pub mod error;
pub mod frontmatter;
pub mod images;
pub mod import;
pub mod load;
pub mod markdown;
pub mod minify;
pub mod new;
pub mod output;
pub mod serve;
pub mod slug;
pub mod text;
pub mod theme;
pub mod write;
pub mod yaml;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::config::Config;
use crate::error::Problem;
use crate::load::{LoadOptions, Site};
use crate::theme::Theme;
use crate::write::Output;

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
    // Opening the output folder (reading what the previous build left in
    // it) goes on while the site loads and renders. Should the build fail
    // first, the scope still waits for it, and the folder is closed as a
    // failed build leaves it.
    std::thread::scope(|scope| {
        let others = match opts.force_output {
            true => write::Others::Keep,
            false => write::Others::Refuse,
        };
        let opening = scope.spawn(move || Output::create(&opts.root, &target, others));
        build_into(opts, || {
            opening
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    })
}

fn build_into(opts: &BuildOptions, open: impl FnOnce() -> Result<Output>) -> Result<BuildReport> {
    let mut stages = vec![];
    let mut clock = Instant::now();
    let mut lap = |name, stages: &mut Vec<_>| {
        stages.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    let root = &opts.root;
    let mut config = Config::load(root)?;
    if let Some(url) = &opts.base_url {
        config.set_base_url(url).context("--base-url")?;
    }
    let minify = config.minify && !opts.no_minify;
    let mut theme = Theme::load(root, &config.theme)?;
    theme
        .fingerprint()
        .context("cannot read the theme's static files")?;
    let mut site = Site::load(
        root,
        config,
        LoadOptions {
            drafts: opts.drafts,
            future: opts.future,
            now: date::now(),
        },
    )?;
    site.warnings.extend(config::missing(root));
    lap("load", &mut stages);
    site.images = prepare_images(&site, &theme)?;
    lap("images", &mut stages);
    render_markdown(&mut site);
    error::Problems(site.check_links()).into_result()?;
    site.warnings.extend(check::missing_images(&site, &theme));
    site.warnings.extend(check::image_warnings(&site));
    lap("markdown", &mut stages);
    let mut cards = output::CardCache::default();
    let renderer = output::Renderer::new(&site, &theme, minify, &mut cards)?;
    let out = open()?;
    let html_pages = match renderer.render_all(&out) {
        Err(problems) if minify => {
            // Template errors name lines of the minified templates: find
            // them again in the templates as written.
            drop(out);
            let plain = output::Renderer::new(&site, &theme, false, &mut cards)?;
            plain.render_all(&write::Discard)?;
            return Err(problems.into());
        }
        pages => pages?,
    };
    lap("render", &mut stages);
    copy_files(&site, &theme, &out)?;
    lap("files", &mut stages);
    let kept = out.kept();
    let output = out.commit()?;
    lap("swap", &mut stages);
    Ok(BuildReport {
        output,
        articles: site.pages.len(),
        sections: site.sections.len() - 1,
        tags: site.tags.len(),
        html_pages,
        warnings: site.warnings,
        future_left_out: site.future_left_out,
        kept,
        stages,
    })
}

/// The images stage: every image the build publishes (the site's and the
/// theme's), cleaned of its metadata, with smaller copies of the site's;
/// from the cache under the site where it can.
pub fn prepare_images(site: &Site, theme: &Theme) -> Result<images::Images, error::Problems> {
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
pub fn render_markdown(site: &mut Site) {
    let (config, images) = (&site.config, &site.images);
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

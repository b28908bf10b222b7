//! The files a site publishes besides its pages: the theme's and the
//! site's static files, and the files beside articles, each image as the
//! images stage cleaned it (never the original). Build and serve copy them
//! the same way, into whatever [`Sink`] they write.

use std::path::PathBuf;

use anyhow::{Context, Result};
use rayon::prelude::*;

use super::Sink;
use crate::images::Images;
use crate::load::{CONTENT, Site};
use crate::theme::{Theme, slash_path};

/// The rules file of Netlify and Cloudflare Pages: a site's own is written
/// into the one placard makes (see `output`), never copied over it.
pub const REDIRECTS: &str = "_redirects";

/// Theme and site static files, then the files kept beside articles.
pub fn copy_files(site: &Site, theme: &Theme, assets: &[PathBuf], out: &impl Sink) -> Result<()> {
    let statics = theme
        .statics
        .par_iter()
        .filter(|(rel, _)| *rel != REDIRECTS);
    statics.try_for_each(|(rel, origin)| {
        if write_image(&site.images, rel, out)? {
            return Ok(());
        }
        let bytes = origin
            .read()
            .with_context(|| format!("cannot read static file {rel}"))?;
        out.put(rel, &bytes, false)?;
        match theme.fingerprints.get(rel) {
            Some(copy) => out.put(copy, &bytes, false),
            None => Ok(()),
        }
    })?;
    let content = site.root.join(CONTENT);
    assets.par_iter().try_for_each(|rel| {
        let rel_str = slash_path(rel);
        if write_image(&site.images, &rel_str, out)? {
            return Ok(());
        }
        let bytes = std::fs::read(content.join(rel))
            .with_context(|| format!("cannot read content/{rel_str}"))?;
        out.put(&rel_str, &bytes, false)
    })
}

/// Writes what the images stage made of `rel` (the cleaned image and its
/// copies); false when `rel` is no image. The original is never copied.
pub fn write_image(images: &Images, rel: &str, out: &impl Sink) -> Result<bool> {
    if images.left_out.contains(rel) {
        // A static image that cannot be read: never the original.
        return Ok(true);
    }
    if let Some(svg) = images.svgs.get(rel) {
        out.put(rel, svg, false)?;
        return Ok(true);
    }
    let Some(img) = images.by_path.get(rel) else {
        if crate::images::Kind::of(rel).is_some() {
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

//! images: every raster image a build publishes is decoded and written
//! anew, so that nothing of what the camera or an editor stored in it
//! (EXIF with the GPS position and the camera's serial number, XMP, IPTC,
//! maker notes, comments, thumbnails) reaches the site; its orientation is
//! applied first. Article images also get smaller copies in WebP for
//! `srcset`. SVG files are cleaned of scripts and outside references.
//! What was made is kept in a cache under the site, keyed by the image's
//! bytes and these settings, so that a rebuild encodes nothing again.

pub(crate) mod svg;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, anyhow};
use image::{DynamicImage, ImageDecoder, ImageReader, imageops::FilterType};
use rayon::prelude::*;

use crate::error::{Problem, Problems};

/// The widths of the smaller copies (never wider than the original).
pub const WIDTHS: [u32; 3] = [480, 960, 1600];
/// The site's cache of processed images (git-ignored).
pub const CACHE: &str = ".placard-cache/images";
/// Bumped whenever what is made from an image changes: old entries are
/// then not used.
const VERSION: u32 = 2;
const JPEG_QUALITY: u8 = 85;
const WEBP_QUALITY: f32 = 78.0;
/// An image larger than this is reported by `check`.
pub const HUGE_BYTES: u64 = 15 * 1024 * 1024;

/// What a build publishes of one raster image.
#[derive(Clone, Debug)]
pub struct Image {
    /// After its orientation is applied.
    pub width: u32,
    pub height: u32,
    /// The cleaned image at full size, published at the original's path.
    pub full: PathBuf,
    /// Smaller copies in WebP: output path (beside the original), width,
    /// file in the cache. Empty for the theme's images.
    pub copies: Vec<(String, u32, PathBuf)>,
}

/// The processed images of a site, by output path (`news/photo.jpg`).
#[derive(Default)]
pub struct Images {
    pub by_path: HashMap<String, Image>,
    /// Cleaned SVG files, by output path.
    pub svgs: HashMap<String, Vec<u8>>,
    /// Static images that cannot be read, so are not published (an
    /// article's image that cannot be read is an error instead).
    pub left_out: std::collections::HashSet<String>,
    /// What was left out and why, one warning each.
    pub warnings: Vec<Problem>,
}

impl Images {
    /// A problem with an image: an error when an article shows it (its
    /// file is under content/), a warning when it is a static file, which
    /// is then left out.
    fn failed(&mut self, s: &Source, problem: Problem, errors: &mut Vec<Problem>) {
        if s.copies {
            errors.push(problem);
            return;
        }
        self.left_out.insert(s.rel.clone());
        self.warnings.push(
            Problem {
                message: format!("{}; it is left out of the site", problem.message),
                ..problem
            }
            .of_kind(crate::error::Kind::UnreadableImage),
        );
    }
}

/// The kind of a file by its name, when it is an image placard cleans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Jpeg,
    Png,
    Gif,
    Webp,
    Svg,
    /// A photo format placard cannot clean (HEIC, AVIF, TIFF, camera raw
    /// files…): it may hold where and by whom it was taken, so it is
    /// refused, never published as it is.
    Unclean,
}

impl Kind {
    pub fn of(path: &str) -> Option<Kind> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "jpg" | "jpeg" | "jpe" | "jfif" => Kind::Jpeg,
            "png" => Kind::Png,
            "gif" => Kind::Gif,
            "webp" => Kind::Webp,
            "svg" => Kind::Svg,
            "heic" | "heif" | "avif" | "tif" | "tiff" | "jxl" | "jp2" | "bmp" | "psd" | "dng"
            | "cr2" | "cr3" | "nef" | "arw" | "orf" | "rw2" | "raf" | "srw" | "pef" => {
                Kind::Unclean
            }
            _ => return None,
        })
    }

    /// The raster format that `bytes` begin with, by its signature.
    fn signature(bytes: &[u8]) -> Option<&'static str> {
        let at = |i: usize, sig: &[u8]| bytes.get(i..i + sig.len()) == Some(sig);
        Some(if at(0, b"\xFF\xD8\xFF") {
            "JPEG"
        } else if at(0, b"\x89PNG") {
            "PNG"
        } else if at(0, b"GIF8") {
            "GIF"
        } else if at(0, b"RIFF") && at(8, b"WEBP") {
            "WebP"
        } else if at(0, b"II*\0") || at(0, b"MM\0*") {
            "TIFF"
        } else if at(4, b"ftyp")
            && [
                "heic", "heix", "hevc", "heim", "heis", "mif1", "msf1", "avif", "avis",
            ]
            .iter()
            .any(|b| at(8, b.as_bytes()))
        {
            "HEIC or AVIF"
        } else {
            return None;
        })
    }

    /// The problem with a file whose name does not say it is an image but
    /// whose first bytes do (`photo.bin`): published as it is, it would
    /// carry where and by whom it was taken. Only its first bytes are read.
    pub fn disguised(file: &Path, shown: &Path) -> Option<Problem> {
        if Kind::of(&file.to_string_lossy()).is_some() {
            return None;
        }
        let mut head = [0u8; 16];
        let n = std::io::Read::read(&mut std::fs::File::open(file).ok()?, &mut head).ok()?;
        let format = Kind::signature(&head[..n])?;
        Some(Problem::new(
            shown,
            None,
            format!(
                "a {format} image under a name that does not say so; it is not published as it is, since it may hold where and by whom it was taken: name it for its format (.jpg, .png, .gif, .webp) so that it is cleaned"
            ),
        ))
    }

    /// The kind a `data:` URL's type names (`image/png`).
    pub fn of_mime(mime: &str) -> Option<Kind> {
        Some(match mime.trim().to_ascii_lowercase().as_str() {
            "image/png" => Kind::Png,
            "image/jpeg" | "image/jpg" => Kind::Jpeg,
            "image/gif" => Kind::Gif,
            "image/webp" => Kind::Webp,
            _ => return None,
        })
    }

    fn mime(self) -> &'static str {
        match self {
            Kind::Png => "image/png",
            Kind::Gif => "image/gif",
            Kind::Webp => "image/webp",
            Kind::Jpeg => "image/jpeg",
            Kind::Svg => "image/svg+xml",
            Kind::Unclean => unreachable!("never made"),
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Kind::Jpeg => "jpg",
            Kind::Png => "png",
            Kind::Gif => "gif",
            Kind::Webp => "webp",
            Kind::Svg => "svg",
            Kind::Unclean => unreachable!("never made"),
        }
    }
}

/// One image to prepare: where it is published, where its bytes come from,
/// and whether it gets smaller copies.
pub struct Source {
    pub rel: String,
    /// How the user knows the file, for errors.
    pub shown: PathBuf,
    pub origin: crate::theme::Origin,
    pub copies: bool,
}

/// How wide an article's image is shown: the theme's column, or the
/// screen's width when that is narrower.
const SIZES: &str = "(min-width: 46rem) 46rem, 100vw";

/// The markup of an article's image: a `<picture>` offering the WebP
/// copies, with the cleaned original as the fallback and its size given,
/// so that the page does not jump while it loads. Images below the first
/// are fetched only when the reader comes near them.
pub fn markup(
    img: &Image,
    src: &str,
    alt: &str,
    title: Option<&str>,
    first: bool,
    base_path: &str,
) -> String {
    let mut out = String::with_capacity(256);
    if !img.copies.is_empty() {
        out.push_str("<picture><source type=\"image/webp\" srcset=\"");
        for (i, (path, w, _)) in img.copies.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&attr(&format!("{base_path}{path}")));
            out.push_str(&format!(" {w}w"));
        }
        out.push_str(&format!("\" sizes=\"{SIZES}\">"));
    }
    out.push_str(&format!(
        "<img src=\"{}\" alt=\"{}\" width=\"{}\" height=\"{}\"",
        attr(src),
        attr(alt),
        img.width,
        img.height
    ));
    if let Some(t) = title.filter(|t| !t.is_empty()) {
        out.push_str(&format!(" title=\"{}\"", attr(t)));
    }
    if !first {
        out.push_str(" loading=\"lazy\" decoding=\"async\"");
    }
    out.push('>');
    if !img.copies.is_empty() {
        out.push_str("</picture>");
    }
    out
}

/// Text for an attribute value in double quotes.
fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// Cleans (and resizes) every image of `sources`, using and filling the
/// cache under `root`. Every image that cannot be read is a problem.
pub fn prepare(root: &Path, sources: Vec<Source>) -> Result<Images, Problems> {
    let cache = root.join(CACHE);
    let locks = EntryLocks::default();
    let progress = crate::progress::Progress::new("images", sources.len());
    let done: Vec<(Source, Result<Prepared, Problem>)> = sources
        .into_par_iter()
        .map(|s| {
            let kind = Kind::of(&s.rel).expect("only images are given");
            let made = s
                .origin
                .read()
                .with_context(|| "cannot read it".to_string())
                .and_then(|bytes| match kind {
                    Kind::Unclean => Err(unclean(&s.rel)),
                    Kind::Svg => svg::clean(&bytes).map(Prepared::Svg),
                    _ => cached(&cache, &locks, &s, &bytes, kind).map(Prepared::Raster),
                })
                .map_err(|e| Problem::new(&s.shown, None, format!("{e:#}")));
            progress.inc();
            (s, made)
        })
        .collect();
    progress.finish();
    let mut images = Images::default();
    let mut problems = vec![];
    for (s, d) in done {
        match d {
            Ok(Prepared::Raster(img)) => {
                images.by_path.insert(s.rel, img);
            }
            Ok(Prepared::Svg(bytes)) => {
                images.svgs.insert(s.rel, bytes);
            }
            Err(p) => images.failed(&s, p, &mut problems),
        }
    }
    Problems(problems).into_result()?;
    Ok(images)
}

enum Prepared {
    Raster(Image),
    Svg(Vec<u8>),
}

/// A lock for each entry of the cache: the same picture at two addresses
/// (an upload kept twice) is made once and then read from its entry, never
/// by two threads at once, one of which would take the other's new entry
/// for a broken one and remove it.
#[derive(Default)]
struct EntryLocks(std::sync::Mutex<HashMap<String, Arc<std::sync::Mutex<()>>>>);

impl EntryLocks {
    fn of(&self, key: &str) -> Arc<std::sync::Mutex<()>> {
        let mut all = self.0.lock().unwrap_or_else(|e| e.into_inner());
        all.entry(key.to_string()).or_default().clone()
    }
}

/// The image from the cache, or made and put there.
fn cached(cache: &Path, locks: &EntryLocks, s: &Source, bytes: &[u8], kind: Kind) -> Result<Image> {
    // A fast hash: the key only tells a site's own images apart.
    let mut h = rustc_hash::FxHasher::default();
    (
        VERSION,
        s.copies,
        JPEG_QUALITY,
        WIDTHS,
        kind.extension(),
        bytes,
    )
        .hash(&mut h);
    let key = format!("{:016x}{:08x}", h.finish(), bytes.len());
    let lock = locks.of(&key);
    let _only_this_thread = lock.lock().unwrap_or_else(|e| e.into_inner());
    let dir = cache.join(&key[..2]).join(&key);
    let stem = s.rel.rsplit_once('.').map_or(s.rel.as_str(), |(a, _)| a);
    if let Some(img) = read_entry(&dir, kind, stem) {
        return Ok(img);
    }
    // An entry that cannot be used (half gone, a link planted in it) is
    // made anew.
    if dir.symlink_metadata().is_ok() {
        let _ = std::fs::remove_dir_all(&dir).or_else(|_| std::fs::remove_file(&dir));
    }
    let made = process(bytes, kind, s.copies)?;
    // Written beside, then renamed into place: a build stopped half-way
    // leaves no half entry.
    let parent = dir.parent().expect("in the cache");
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let tmp = tempfile::tempdir_in(parent)
        .with_context(|| format!("cannot write in {}", parent.display()))?;
    let put = |name: String, bytes: &[u8]| -> Result<String> {
        let path = tmp.path().join(name);
        std::fs::write(&path, bytes)?;
        stamp(&path).ok_or_else(|| anyhow!("cannot read {}", path.display()))
    };
    let full = put(format!("full.{}", kind.extension()), &made.full)?;
    let mut info = format!("{} {} {full}", made.width, made.height);
    for (w, bytes) in &made.copies {
        info.push_str(&format!(" {w}:{}", put(format!("{w}.webp"), bytes)?));
    }
    std::fs::write(tmp.path().join("info"), info)?;
    let tmp = tmp.keep();
    if std::fs::rename(&tmp, &dir).is_err() {
        // Another build made the same entry meanwhile.
        let _ = std::fs::remove_dir_all(&tmp);
    }
    read_entry(&dir, kind, stem).ok_or_else(|| anyhow!("cannot read {}", dir.display()))
}

/// A plain file's length and modification time, as the entry's `info`
/// keeps them (`None` for a link or a folder): a file changed since placard
/// made it, by hand or by a program, has another.
fn stamp(file: &Path) -> Option<String> {
    let meta = file.symlink_metadata().ok().filter(|m| m.is_file())?;
    let time = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!("{}-{}", meta.len(), time.as_nanos()))
}

/// An entry of the cache: `info` holds the size, and the stamp of the full
/// image and of each copy (with its width). An entry whose files are not
/// what placard made (edited by hand: a photo with its GPS position put
/// back), or are links planted there (which would publish whatever they
/// point at under the image's name), is not used.
fn read_entry(dir: &Path, kind: Kind, stem: &str) -> Option<Image> {
    let info = std::fs::read_to_string(dir.join("info")).ok()?;
    let mut fields = info.split(' ');
    let mut number = || fields.next()?.parse::<u32>().ok();
    let (width, height) = (number()?, number()?);
    let full_stamp = fields.next()?;
    let tag = dir.file_name()?.to_str()?.get(..8)?;
    let mut stamps = vec![];
    let copies = fields
        .map(|field| {
            let (w, copy_stamp) = field.split_once(':')?;
            let w = w.parse::<u32>().ok()?;
            stamps.push(copy_stamp);
            Some((
                format!("{stem}.{w}w.{tag}.webp"),
                w,
                dir.join(format!("{w}.webp")),
            ))
        })
        .collect::<Option<Vec<_>>>()?;
    let full = dir.join(format!("full.{}", kind.extension()));
    let folder = |d: &Path| d.symlink_metadata().is_ok_and(|m| m.is_dir());
    let made = |file: &Path, expected: &str| stamp(file).is_some_and(|s| s == expected);
    if !folder(dir)
        || !folder(dir.parent()?)
        || !made(&full, full_stamp)
        || !copies.iter().zip(&stamps).all(|((_, _, f), s)| made(f, s))
    {
        return None;
    }
    Some(Image {
        width,
        height,
        full,
        copies,
    })
}

/// What an image becomes: its cleaned bytes at full size, and the copies.
struct Made {
    width: u32,
    height: u32,
    full: Vec<u8>,
    copies: Vec<(u32, Vec<u8>)>,
}

/// The most pixels an image may have (a 50-megapixel phone photo is
/// 8160×6120); a picture larger, or a side over [`MAX_SIDE`], is refused
/// from its header, before anything is decoded: a small file claiming a
/// huge picture (an image bomb) cannot take the machine's memory.
pub const MAX_PIXELS: u64 = 50_000_000;
pub const MAX_SIDE: u32 = 30_000;
/// The most memory one image's decoding may take (an animation's frames
/// together).
const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;

/// The error for a photo in a format placard cannot clean.
fn unclean(rel: &str) -> anyhow::Error {
    let ext = rel
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_uppercase();
    anyhow!(
        "a {ext} image may hold where and by whom it was taken, and placard cannot clean that format, so it is not published: save it as JPEG, PNG or WebP"
    )
}

fn unreadable(e: image::ImageError) -> anyhow::Error {
    anyhow!("cannot read this image: {e}")
}

/// Refuses a picture larger than [`MAX_PIXELS`] or [`MAX_SIDE`].
fn within_limits(width: u32, height: u32) -> Result<()> {
    let pixels = width as u64 * height as u64;
    if pixels > MAX_PIXELS || width > MAX_SIDE || height > MAX_SIDE {
        anyhow::bail!(
            "the image says it is {width}×{height} pixels ({} megapixels), over placard's limit of {} megapixels and {MAX_SIDE} pixels a side: make it smaller",
            pixels / 1_000_000,
            MAX_PIXELS / 1_000_000
        );
    }
    Ok(())
}

/// The one way an image is opened: its format found from its bytes, its
/// size checked from its header before it is decoded, its decoding
/// limited in memory.
fn decoder(bytes: &[u8]) -> Result<impl ImageDecoder + '_> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| anyhow!("cannot read this image: {e}"))?;
    // Headers only: the size is told in placard's words before the
    // decoder's own limits apply.
    reader.no_limits();
    let mut decoder = reader.into_decoder().map_err(unreadable)?;
    let (w, h) = decoder.dimensions();
    within_limits(w, h)?;
    decoder.set_limits(limits()).map_err(unreadable)?;
    Ok(decoder)
}

fn limits() -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits
}

fn process(bytes: &[u8], kind: Kind, copies: bool) -> Result<Made> {
    if kind == Kind::Gif {
        return gif(bytes, copies);
    }
    let mut decoder = decoder(bytes)?;
    let orientation = decoder.orientation().map_err(unreadable)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(unreadable)?;
    img.apply_orientation(orientation);
    let mut full = Cursor::new(vec![]);
    match kind {
        Kind::Jpeg => {
            let mut jpeg =
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut full, JPEG_QUALITY);
            match &img {
                DynamicImage::ImageRgb8(rgb) => jpeg.encode_image(rgb),
                _ => jpeg.encode_image(&img.to_rgb8()),
            }
            .map_err(|e| anyhow!("cannot write the cleaned image: {e}"))?;
        }
        Kind::Png => img
            .write_with_encoder(image::codecs::png::PngEncoder::new(&mut full))
            .map_err(|e| anyhow!("cannot write the cleaned image: {e}"))?,
        Kind::Webp => img
            .to_rgba8()
            .write_with_encoder(image::codecs::webp::WebPEncoder::new_lossless(&mut full))
            .map_err(|e| anyhow!("cannot write the cleaned image: {e}"))?,
        Kind::Gif | Kind::Svg | Kind::Unclean => unreachable!("handled apart"),
    }
    Ok(Made {
        width: img.width(),
        height: img.height(),
        full: full.into_inner(),
        copies: if copies { resized(&img) } else { vec![] },
    })
}

/// A GIF written anew frame by frame: its animation kept, its comments and
/// application data gone.
fn gif(bytes: &[u8], copies: bool) -> Result<Made> {
    use image::AnimationDecoder;
    use image::codecs::gif::{GifDecoder, GifEncoder, Repeat};
    let mut decoder = GifDecoder::new(Cursor::new(bytes)).map_err(unreadable)?;
    let (w, h) = decoder.dimensions();
    within_limits(w, h)?;
    decoder.set_limits(limits()).map_err(unreadable)?;
    // Each frame is decoded at the picture's full size: a long animation
    // is refused once its frames together pass the limit.
    let frame_bytes = w as u64 * h as u64 * 4;
    let mut frames = vec![];
    for frame in decoder.into_frames() {
        if (frames.len() as u64 + 1) * frame_bytes > MAX_DECODE_BYTES {
            anyhow::bail!(
                "this animation has more than {} frames of {w}×{h} pixels, over placard's limit of {} MB decoded: make it shorter or smaller",
                frames.len(),
                MAX_DECODE_BYTES / (1024 * 1024)
            );
        }
        frames.push(frame.map_err(unreadable)?);
    }
    let first = frames
        .first()
        .ok_or_else(|| anyhow!("this GIF has no picture"))?;
    let img = DynamicImage::ImageRgba8(first.buffer().clone());
    let animated = frames.len() > 1;
    let mut full = vec![];
    {
        let mut enc = GifEncoder::new(&mut full);
        if animated {
            enc.set_repeat(Repeat::Infinite)
                .map_err(|e| anyhow!("cannot write the cleaned image: {e}"))?;
        }
        enc.encode_frames(frames)
            .map_err(|e| anyhow!("cannot write the cleaned image: {e}"))?;
    }
    Ok(Made {
        width: img.width(),
        height: img.height(),
        full,
        // An animation is shown as it is: a still copy would stop it.
        copies: if copies && !animated {
            resized(&img)
        } else {
            vec![]
        },
    })
}

/// WebP copies at each of [`WIDTHS`] narrower than the image, and at the
/// image's own width when that is below the widest.
fn resized(img: &DynamicImage) -> Vec<(u32, Vec<u8>)> {
    let mut widths: Vec<u32> = WIDTHS
        .iter()
        .copied()
        .filter(|&w| w <= img.width())
        .collect();
    if img.width() < WIDTHS[WIDTHS.len() - 1] && !widths.contains(&img.width()) {
        widths.push(img.width());
    }
    let alpha = img.color().has_alpha();
    // Widest first, each made from the one before: less work than each
    // from the original.
    let mut made: Option<DynamicImage> = None;
    let mut out = vec![];
    for &w in widths.iter().rev() {
        let h = ((img.height() as u64 * w as u64) / img.width() as u64).max(1) as u32;
        let last = made.as_ref().unwrap_or(img);
        if w != last.width() {
            made = Some(last.resize_exact(w, h, FilterType::CatmullRom));
        }
        let from = made.as_ref().unwrap_or(img);
        let bytes = if alpha {
            let rgba = from.to_rgba8();
            webp::Encoder::from_rgba(rgba.as_raw(), w, h)
                .encode(WEBP_QUALITY)
                .to_vec()
        } else {
            let rgb = from.to_rgb8();
            webp::Encoder::from_rgb(rgb.as_raw(), w, h)
                .encode(WEBP_QUALITY)
                .to_vec()
        };
        out.push((w, bytes));
    }
    out.reverse();
    out
}

/// One image measured (an SVG cleaned): None for an SVG.
fn measure_one(s: &Source) -> Result<Option<Image>, Problem> {
    let problem = |why: String| Problem::new(&s.shown, None, why);
    let bytes = s
        .origin
        .read()
        .map_err(|e| problem(format!("cannot read it: {e}")))?;
    match Kind::of(&s.rel) {
        Some(Kind::Svg) => {
            return svg::clean(&bytes)
                .map(|_| None)
                .map_err(|e| problem(format!("{e:#}")));
        }
        Some(Kind::Unclean) => return Err(problem(unclean(&s.rel).to_string())),
        _ => {}
    }
    let (width, height) = dimensions(&bytes).map_err(|e| problem(format!("{e:#}")))?;
    Ok(Some(Image {
        width,
        height,
        full: PathBuf::new(),
        copies: vec![],
    }))
}

/// The images of `sources` measured, not made: what `check` needs to
/// render the pages and to report an image that cannot be read.
pub fn measure(sources: Vec<Source>) -> Result<Images, Problems> {
    let done: Vec<(Source, Result<Option<Image>, Problem>)> = sources
        .into_par_iter()
        .map(|s| {
            let measured = measure_one(&s);
            (s, measured)
        })
        .collect();
    let mut images = Images::default();
    let mut problems = vec![];
    for (s, d) in done {
        match d {
            Ok(Some(img)) => {
                images.by_path.insert(s.rel, img);
            }
            Ok(None) => {}
            Err(p) => images.failed(&s, p, &mut problems),
        }
    }
    Problems(problems).into_result()?;
    Ok(images)
}

/// Width and height from the file's header (no decoding), after its
/// orientation: what `check` needs; an error for a picture over the
/// limits, as the build would give.
pub fn dimensions(bytes: &[u8]) -> Result<(u32, u32)> {
    let mut decoder = decoder(bytes)?;
    let (w, h) = decoder.dimensions();
    let turned = matches!(
        decoder.orientation().map_err(unreadable)?,
        image::metadata::Orientation::Rotate90
            | image::metadata::Orientation::Rotate270
            | image::metadata::Orientation::Rotate90FlipH
            | image::metadata::Orientation::Rotate270FlipH
    );
    Ok(if turned { (h, w) } else { (w, h) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn photo(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
        });
        let mut out = Cursor::new(vec![]);
        DynamicImage::ImageRgb8(img)
            .write_to(&mut out, image::ImageFormat::Jpeg)
            .unwrap();
        out.into_inner()
    }

    #[test]
    fn copies_are_never_wider_than_the_original() {
        let made = process(&photo(1000, 500), Kind::Jpeg, true).unwrap();
        let widths: Vec<u32> = made.copies.iter().map(|c| c.0).collect();
        assert_eq!(widths, [480, 960, 1000]);
        // A photo as wide as a copy gets that copy, once.
        let made = process(&photo(1600, 1067), Kind::Jpeg, true).unwrap();
        assert_eq!(
            made.copies.iter().map(|c| c.0).collect::<Vec<_>>(),
            [480, 960, 1600]
        );
        let made = process(&photo(960, 640), Kind::Jpeg, true).unwrap();
        assert_eq!(
            made.copies.iter().map(|c| c.0).collect::<Vec<_>>(),
            [480, 960]
        );
        let made = process(&photo(300, 200), Kind::Jpeg, true).unwrap();
        assert_eq!(made.copies.iter().map(|c| c.0).collect::<Vec<_>>(), [300]);
        let made = process(&photo(2000, 100), Kind::Jpeg, true).unwrap();
        assert_eq!(
            made.copies.iter().map(|c| c.0).collect::<Vec<_>>(),
            [480, 960, 1600]
        );
        for (w, bytes) in &made.copies {
            let img = image::load_from_memory(bytes).unwrap();
            assert_eq!(img.width(), *w);
        }
    }

    #[test]
    fn the_cache_is_used_the_second_time() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.jpg");
        std::fs::write(&file, photo(600, 400)).unwrap();
        let source = || Source {
            rel: "news/p.jpg".into(),
            shown: "content/news/p.jpg".into(),
            origin: crate::theme::Origin::File(file.clone()),
            copies: true,
        };
        let first = prepare(dir.path(), vec![source()]).unwrap();
        let img = &first.by_path["news/p.jpg"];
        let made = std::fs::metadata(&img.full).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let second = prepare(dir.path(), vec![source()]).unwrap();
        let again = &second.by_path["news/p.jpg"];
        assert_eq!(again.full, img.full);
        assert_eq!(
            std::fs::metadata(&again.full).unwrap().modified().unwrap(),
            made
        );
        assert_eq!((again.width, again.height), (600, 400));
        // An entry edited by hand (the original, GPS and all, put in the
        // place of what was made) is made again, never published.
        let clean = std::fs::read(&img.full).unwrap();
        let copy = std::fs::read(&img.copies[0].2).unwrap();
        std::fs::write(&img.full, b"the original photo, with its GPS position").unwrap();
        std::fs::write(&img.copies[0].2, b"another picture").unwrap();
        let third = prepare(dir.path(), vec![source()]).unwrap();
        let mended = &third.by_path["news/p.jpg"];
        assert_eq!(std::fs::read(&mended.full).unwrap(), clean);
        assert_eq!(std::fs::read(&mended.copies[0].2).unwrap(), copy);
    }

    #[test]
    fn an_unreadable_image_is_a_problem_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let err = prepare(
            dir.path(),
            vec![Source {
                rel: "a.png".into(),
                shown: "content/a.png".into(),
                origin: crate::theme::Origin::Embedded(b"not a png"),
                copies: true,
            }],
        )
        .err()
        .unwrap();
        assert!(
            err.to_string()
                .starts_with("content/a.png: cannot read this image"),
            "{err}"
        );
    }
}

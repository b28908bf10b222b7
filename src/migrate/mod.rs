//! `placard migrate`: an existing site brought across. A Hugo or Jekyll
//! site (its folder), a WordPress export (WXR) or an RSS/Atom feed (a file)
//! becomes articles and sections in content/, with their files, their old
//! addresses as aliases, drafts kept as drafts, and bodies in Markdown
//! with nothing shown as markup and nothing loaded from another host. No
//! article that exists is ever replaced. The report says what was brought
//! across, what was adjusted (by file) and what needs a person.

mod feed;
mod fields;
mod hugo;
mod jekyll;
mod links;
mod matter;
mod post;
mod source;
mod wordpress;
mod write;
pub(crate) mod xml;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

pub use post::Post;
pub use source::{Body, Document, Found, Settings, Source, Targets};

/// The kinds of site placard reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    Hugo,
    Jekyll,
    Wordpress,
    Feed,
}

#[derive(Clone, Debug)]
pub struct MigrateOptions {
    pub source: PathBuf,
    pub root: PathBuf,
    /// Detected from the source when not given.
    pub from: Option<Kind>,
    pub dry_run: bool,
}

/// What a migration did.
#[derive(Debug, Default)]
pub struct MigrateReport {
    pub kind: Option<Kind>,
    pub created_site: bool,
    pub articles: Vec<PathBuf>,
    pub drafts: usize,
    pub aliases: usize,
    pub files: usize,
    /// Articles that exist already with other content: kept as they are.
    pub kept: Vec<PathBuf>,
    pub unchanged: usize,
    pub adjusted: Vec<(String, String)>,
    pub needs: Vec<(String, String)>,
    pub left: Vec<String>,
    /// With --dry-run: each article's path and text.
    pub previews: Vec<(PathBuf, String)>,
    /// What `placard check` finds in the site written (nothing with
    /// --dry-run): what still stops a build, and how many warnings.
    pub checked: Option<crate::check::CheckReport>,
}

/// What the source at `path` is, from what it holds.
pub fn detect(path: &Path) -> Result<Kind> {
    if path.is_dir() {
        let any = |names: &[&str]| names.iter().any(|n| path.join(n).is_file());
        if any(&["hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json"])
            || (any(&["config.toml", "config.yaml", "config.yml", "config.json"])
                && path.join("content").is_dir())
            || path.join("config/_default").is_dir()
        {
            return Ok(Kind::Hugo);
        }
        if any(&["_config.yml", "_config.yaml", "_config.toml"]) || path.join("_posts").is_dir() {
            return Ok(Kind::Jekyll);
        }
        bail!(
            "{} is neither a Hugo site (hugo.toml, or config.toml with content/) nor a Jekyll site (_config.yml or _posts/); give --from",
            path.display()
        );
    }
    let head = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let head = String::from_utf8_lossy(&head[..head.len().min(8192)]).to_string();
    if head.contains("xmlns:wp=") || head.contains("<wp:wxr_version") {
        return Ok(Kind::Wordpress);
    }
    if head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:RDF") {
        return Ok(Kind::Feed);
    }
    bail!(
        "{} is not a WordPress export (WXR) or an RSS/Atom feed; give --from",
        path.display()
    )
}

/// Brings the site at `opts.source` into the site at `opts.root`.
pub fn migrate(opts: &MigrateOptions) -> Result<MigrateReport> {
    let kind = match opts.from {
        Some(k) => k,
        None => detect(&opts.source)?,
    };
    let mut source: Box<dyn Source> = match kind {
        Kind::Hugo => Box::new(hugo::Hugo::open(&opts.source)?),
        Kind::Jekyll => Box::new(jekyll::Jekyll::open(&opts.source)?),
        Kind::Wordpress => Box::new(wordpress::Wxr::open(&opts.source)?),
        Kind::Feed => Box::new(feed::Feed::open(&opts.source)?),
    };
    let mut settings = source.settings();
    let Found {
        mut documents,
        sections,
        translated_sections,
        mut left,
    } = source.documents()?;
    let statics = source.statics(&mut left);
    // A local preview's address (`http://localhost:4000`) is not the
    // site's: no link may lead there.
    if let Some(local) = settings.base_url.take_if(|u| is_local(u)) {
        left.push(format!(
            "the address {local} in the old site's settings is a local preview's, not the site's: set base_url in site.yaml"
        ));
    }
    // Named as the site spells its URLs (`slugs:`), once, before any link
    // to them is made.
    let existing = crate::config::Config::load(&opts.root).ok();
    let slugs = existing.as_ref().map_or(Default::default(), |c| c.slugs);
    // A post in the site's own language says nothing of it.
    let own = existing.as_ref().map_or_else(
        || settings.language.clone().unwrap_or_else(|| "en".into()),
        |c| c.language.clone(),
    );
    for d in &mut documents {
        d.post
            .written_in
            .take_if(|l| l.eq_ignore_ascii_case(&own) || d.post.lang.is_some());
    }
    for d in &mut documents {
        if d.post.file.is_none() {
            d.post.file = d.keys.first().cloned();
        }
    }
    post::name(documents.iter_mut().map(|d| &mut d.post), slugs);
    let targets = targets(&documents);
    let mut posts = vec![];
    let progress = crate::progress::Progress::new("posts", documents.len());
    for d in &documents {
        progress.inc();
        let body = source.convert(d, &targets);
        let mut p = d.post.clone();
        p.body = body.markdown;
        p.notes.extend(body.notes);
        p.needs.extend(body.needs);
        p.files.extend(body.files);
        posts.push(p);
    }
    progress.finish();
    let mut sections = post::sections(posts.iter(), sections);
    // An old site's own search, tags or safety page (a section without
    // posts) is placard's page at that address now.
    let mut replaced = vec![];
    sections.retain(|dir, _| {
        let own = links::OWN_FOLDERS.contains(&dir.as_str());
        let used = posts
            .iter()
            .any(|p| p.section == *dir || p.section.starts_with(&format!("{dir}/")));
        if own && !used {
            replaced.push(dir.clone());
        }
        !own || used
    });
    let mut translated_sections = translated_sections;
    translated_sections.retain(|(dir, _), _| !replaced.contains(dir));
    // Titles the old site wrote with markup it showed as such (`Our
    // community is <br/> our best asset`), as the text a reader saw.
    let shown = |title: &mut String| {
        if title.contains("<br") || title.contains("</") {
            *title = crate::convert::html_text(title);
        }
    };
    sections.values_mut().for_each(shown);
    translated_sections.values_mut().for_each(shown);
    posts.iter_mut().for_each(|p| shown(&mut p.title));
    links::unique_aliases(&mut posts, &sections);
    links::relink(
        &mut posts,
        &statics,
        &targets,
        &sections,
        settings.base_url.as_deref(),
        &settings.taxonomies,
        slugs,
    );
    links::anchors(&mut posts);
    let mut report = MigrateReport {
        kind: Some(kind),
        left,
        ..MigrateReport::default()
    };
    for dir in replaced {
        report.adjusted.push((
            format!("content/{dir}/"),
            format!("the old site's page at /{dir}/ is placard's own {dir} page now"),
        ));
    }
    let mut init_settings = settings.for_init();
    // Tags that transliterated addresses would spell alike (软分叉 and
    // 軟分叉 are both `ruan-fen-cha`) would stop the build: a new site keeps
    // letters in its addresses instead, unless site.yaml chose otherwise.
    let chosen = existing.as_ref().is_some_and(|c| c.slugs_chosen);
    if slugs == crate::slug::Slugs::Ascii
        && !chosen
        && let Some((a, b)) = clashing_tags(&posts, slugs)
    {
        init_settings.slugs = Some("unicode".into());
        report.adjusted.push((
            crate::config::FILE.into(),
            format!(
                "`slugs: unicode`: the tags \"{a}\" and \"{b}\" would share one address transliterated, so addresses keep their letters"
            ),
        ));
    }
    let plan = write::Plan {
        settings: init_settings,
        statics: &statics,
        sections: &sections,
        translated_sections: &translated_sections,
        posts: &posts,
    };
    write::write(&plan, &opts.root, opts.dry_run, &mut report)?;
    // The site checked as a build would check it: what is left to mend.
    if !opts.dry_run {
        report.checked = Some(crate::check::check(&opts.root));
    }
    Ok(report)
}

/// Two of the posts' tags that `style` spells alike in addresses though
/// their letters differ, as the build would find them.
fn clashing_tags(posts: &[post::Post], style: crate::slug::Slugs) -> Option<(String, String)> {
    use crate::slug::{Slugs, slugify_as};
    let mut seen: std::collections::HashMap<String, (String, &str)> = Default::default();
    for tag in posts.iter().flat_map(|p| &p.tags) {
        let slug = slugify_as(tag, style);
        if slug.is_empty() {
            continue;
        }
        let letters = slugify_as(tag, Slugs::Unicode);
        match seen.get(&slug) {
            Some((first, name)) if *first != letters => {
                return Some((name.trim().to_string(), tag.trim().to_string()));
            }
            Some(_) => {}
            None => {
                seen.insert(slug, (letters, tag));
            }
        }
    }
    None
}

/// An address on this machine, not on the web.
fn is_local(url: &str) -> bool {
    let host = url
        .split("://")
        .nth(1)
        .unwrap_or(url)
        .split(['/', ':'])
        .next()
        .unwrap_or("");
    matches!(host, "localhost" | "127.0.0.1" | "0.0.0.0" | "[") || host.ends_with(".localhost")
}

/// Where each document goes, by each name other documents use for it:
/// its keys, then its slug (the first to claim a slug keeps it).
fn targets(documents: &[Document]) -> Targets {
    let mut targets = Targets::new();
    // A translation answers to its own names only where no original does.
    for d in documents.iter().filter(|d| d.post.lang.is_none()) {
        for k in &d.keys {
            targets.insert(k.clone(), d.post.article());
        }
    }
    for d in documents.iter().filter(|d| d.post.lang.is_some()) {
        for k in &d.keys {
            targets.entry(k.clone()).or_insert_with(|| d.post.article());
        }
    }
    for d in documents {
        targets
            .entry(d.post.slug.clone())
            .or_insert_with(|| d.post.article());
    }
    targets
}

/// The files under `dir` (a folder of the old site at `base`) that `keep`
/// accepts, with their paths inside it; no link followed, nothing hidden.
/// A folder that is a link or leads out of the site is told in `left`.
pub(crate) fn static_files(
    base: &Path,
    dir: &Path,
    keep: fn(&str) -> bool,
    left: &mut Vec<String>,
) -> Vec<(PathBuf, String)> {
    let walk = match crate::paths::walk(base, dir) {
        Ok(walk) => walk,
        Err(why) => {
            left.push(why);
            return vec![];
        }
    };
    walk.into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = crate::theme::slash_path(e.path().strip_prefix(dir).ok()?);
            (keep(&rel) && !rel.split('/').any(|p| p.starts_with('.')))
                .then(|| (e.into_path(), rel))
        })
        .collect()
}

/// Images, documents and media: what a site's pages link to.
pub(crate) fn is_media(rel: &str) -> bool {
    let ext = rel
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    matches!(
        ext.as_str(),
        "png"
            | "jpg"
            | "jpeg"
            | "gif"
            | "webp"
            | "svg"
            | "pdf"
            | "doc"
            | "docx"
            | "odt"
            | "rtf"
            | "txt"
            | "csv"
            | "xls"
            | "xlsx"
            | "ods"
            | "ppt"
            | "pptx"
            | "mp3"
            | "ogg"
            | "mp4"
            | "webm"
            | "zip"
            | "epub"
    )
}

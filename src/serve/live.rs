//! The dev server's site: built once into a temporary folder, then kept in
//! step with every saved file. An edited article re-renders only the
//! outputs whose fingerprint changed (the article, the lists, feeds and tag
//! pages that show it); a template, section or settings change rebuilds all.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use tokio::sync::broadcast;

use super::LiveEvent;
use crate::error::{Problem, Problems};
use crate::load::{CONTENT, Site};
use crate::output::{CardCache, Renderer};
use crate::pipeline::{self, Plan, Prepared};
use crate::theme::Theme;
use crate::write::{Others, Output, Sink, inject};

/// The served site and what is needed to update it.
pub struct Live {
    root: PathBuf,
    base_url: String,
    drafts: bool,
    snippet: String,
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    state: Option<(Site, Theme)>,
    cards: CardCache,
    /// Output file → fingerprint of what it shows, as written.
    written: HashMap<String, u64>,
    /// Articles that failed to load, with their problems.
    broken: BTreeMap<PathBuf, Vec<Problem>>,
}

/// What a change needs.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Everything,
    Articles,
    Statics,
    Assets,
}

impl Live {
    pub fn new(root: PathBuf, base_url: String, drafts: bool, snippet: String) -> Result<Live> {
        let mut builder = tempfile::Builder::new();
        builder.prefix("placard-serve-");
        // Drafts are in it: for this user's eyes only.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
        let tmp = builder
            .tempdir()
            .context("cannot create a temporary folder")?;
        let dir = tmp.path().join("site");
        Ok(Live {
            root,
            base_url,
            drafts,
            snippet,
            _tmp: tmp,
            dir,
            state: None,
            cards: CardCache::default(),
            written: HashMap::default(),
            broken: BTreeMap::new(),
        })
    }

    /// The folder being served.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Builds everything into a fresh folder swapped in at the end; on
    /// failure the previous site stays served.
    pub fn full_build(&mut self) -> Result<String, Problems> {
        let start = Instant::now();
        // Previewing shows what is not published yet: drafts and
        // future-dated articles alike.
        let plan = Plan {
            root: self.root.clone(),
            base_url: Some(self.base_url.clone()),
            drafts: self.drafts,
            future: self.drafts,
            encode: true,
            fingerprint: false,
            one_address: true,
        };
        let Prepared {
            site,
            theme,
            problems,
            ..
        } = pipeline::prepare(&plan)?;
        let mut cards = CardCache::default();
        let (tmp, dir, snippet) = (self._tmp.path(), &self.dir, self.snippet.clone());
        let (renderer, out, pages) =
            pipeline::render(&site, &theme, problems, false, &mut cards, || {
                Ok(Output::create(tmp, dir, Others::Ours)?.with_injection(snippet))
            })?;
        let fail = |e: anyhow::Error| Problems(vec![Problem::new("serve", None, format!("{e:#}"))]);
        crate::write::copy::copy_files(&site, &theme, &site.assets, &out).map_err(fail)?;
        out.commit().map_err(fail)?;
        self.written = renderer
            .jobs()
            .par_iter()
            .map(|&j| (renderer.file_of(j), renderer.fingerprint(j)))
            .collect();
        drop(renderer);
        for w in &site.warnings {
            eprintln!("warning: {w}");
        }
        let summary = format!(
            "{} articles, {pages} pages, built in {} ms",
            site.every().map(|s| s.pages.len()).sum::<usize>(),
            start.elapsed().as_millis()
        );
        self.cards = cards;
        self.broken.clear();
        self.state = Some((site, theme));
        Ok(summary)
    }

    /// Brings the served site up to date with the changed `paths`; returns
    /// what the browser should do and a line for the terminal.
    pub fn update(&mut self, paths: &[PathBuf]) -> Result<(LiveEvent, String), Problems> {
        let rel: Vec<PathBuf> = paths
            .iter()
            .filter_map(|p| p.strip_prefix(&self.root).ok().map(Path::to_path_buf))
            .collect();
        let kind = rel.iter().map(|p| classify(p)).max_by_key(|k| match k {
            Kind::Everything => 3,
            Kind::Articles => 2,
            Kind::Statics => 1,
            Kind::Assets => 0,
        });
        let Some(kind) = kind else {
            return Ok((LiveEvent::Reload, String::new()));
        };
        // An image's size is in the pages that show it: all are made again.
        let image = rel.iter().any(|p| {
            crate::images::Kind::of(&p.to_string_lossy()).is_some() && classify(p) != Kind::Articles
        });
        // A site in several languages is built whole after each edit.
        let languages = self
            .state
            .as_ref()
            .is_some_and(|(site, _)| !site.translations.is_empty());
        if self.state.is_none() || kind == Kind::Everything || image || languages {
            return self.full_build().map(|s| (LiveEvent::Reload, s));
        }
        let start = Instant::now();
        let event = match kind {
            Kind::Articles => {
                let articles: Vec<PathBuf> = rel
                    .iter()
                    .filter(|p| classify(p) == Kind::Articles)
                    .cloned()
                    .collect();
                let n = self.update_articles(&articles)?;
                format!("{n} files")
            }
            Kind::Statics => {
                let (site, theme) = self.state.as_mut().expect("built");
                *theme = Theme::load(&self.root, &site.config.theme)?;
                self.copy_assets().map_err(io_problem)?;
                let only_css = rel
                    .iter()
                    .all(|p| p.extension().is_some_and(|e| e == "css"));
                let line = format!("static files in {} ms", start.elapsed().as_millis());
                return Ok((
                    if only_css {
                        LiveEvent::Css
                    } else {
                        LiveEvent::Reload
                    },
                    line,
                ));
            }
            _ => {
                self.copy_assets().map_err(io_problem)?;
                "files".to_string()
            }
        };
        Ok((
            LiveEvent::Reload,
            format!("{event} in {} ms", start.elapsed().as_millis()),
        ))
    }

    /// Re-reads the articles, re-renders the outputs whose fingerprint
    /// changed, and removes outputs that no longer exist.
    fn update_articles(&mut self, files: &[PathBuf]) -> Result<usize, Problems> {
        let (site, theme) = self.state.as_mut().expect("built");
        let updated = site.update_articles(files);
        for f in files {
            self.broken.remove(f);
        }
        for p in updated.file_problems {
            self.broken.entry(p.path.clone()).or_default().push(p);
        }
        let mut problems: Vec<Problem> = self.broken.values().flatten().cloned().collect();
        problems.extend(updated.site_problems);
        problems.extend(crate::checks::made(site, theme));
        let renderer = match Renderer::new(site, theme, false, &mut self.cards) {
            Ok(renderer) => renderer,
            Err(Problems(errors)) => return Err(Problems([problems, errors].concat())),
        };
        problems.extend(crate::output::clashes::clashes(
            std::slice::from_ref(&renderer),
            theme,
        ));
        problems.extend(crate::checks::links(theme, std::slice::from_ref(&renderer)));
        Problems(problems).into_result()?;
        let now: HashMap<String, (crate::output::Job, u64)> = renderer
            .jobs()
            .par_iter()
            .map(|&j| (renderer.file_of(j), (j, renderer.fingerprint(j))))
            .collect();
        let stale: Vec<_> = now
            .iter()
            .filter(|(f, (_, fp))| self.written.get(*f) != Some(fp))
            .map(|(_, (j, _))| *j)
            .collect();
        let rendered = renderer.render_some(&stale)?;
        let out = LiveDir {
            dir: &self.dir,
            snippet: &self.snippet,
        };
        for (file, bytes, html) in &rendered {
            out.put(file, bytes, *html).map_err(io_problem)?;
        }
        for gone in self.written.keys().filter(|f| !now.contains_key(*f)) {
            let _ = fs::remove_file(self.dir.join(gone));
        }
        self.written = now.into_iter().map(|(f, (_, fp))| (f, fp)).collect();
        Ok(rendered.len())
    }

    fn copy_assets(&self) -> Result<()> {
        let (site, theme) = self.state.as_ref().expect("built");
        // The same files a build copies, found afresh: one may be new.
        let assets = crate::load::asset_files(&self.root.join(CONTENT));
        let out = LiveDir {
            dir: &self.dir,
            snippet: &self.snippet,
        };
        crate::write::copy::copy_files(site, theme, &assets, &out)
    }
}

fn io_problem(e: anyhow::Error) -> Problems {
    Problems(vec![Problem::new("serve", None, format!("{e:#}"))])
}

/// What a changed file (relative to the site root) requires.
fn classify(rel: &Path) -> Kind {
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .unwrap_or_default();
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let is_md = rel.extension().is_some_and(|e| e == "md");
    match first.as_str() {
        CONTENT if name == "_index.md" => Kind::Everything,
        CONTENT if is_md => Kind::Articles,
        CONTENT => Kind::Assets,
        "static" => Kind::Statics,
        "themes"
            if rel
                .components()
                .nth(2)
                .is_some_and(|c| c.as_os_str() == "static") =>
        {
            Kind::Statics
        }
        _ => Kind::Everything,
    }
}

/// Whether a changed path can matter: editors' swap and backup files do not.
fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    if name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
    {
        return false;
    }

    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .unwrap_or_default();
    matches!(
        first.as_str(),
        CONTENT | "templates" | "static" | "strings" | "data" | "themes"
    ) || rel == Path::new(crate::config::FILE)
}

/// Writes files in place in the served folder, each atomically.
struct LiveDir<'a> {
    dir: &'a Path,
    snippet: &'a str,
}

impl Sink for LiveDir<'_> {
    fn put(&self, rel: &str, bytes: &[u8], html: bool) -> Result<()> {
        let path = self.dir.join(rel.trim_start_matches('/'));
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        let tmp = path.with_extension("placard-tmp");
        if html {
            fs::write(&tmp, inject(&String::from_utf8_lossy(bytes), self.snippet))?;
        } else {
            fs::write(&tmp, bytes)?;
        }
        fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))
    }
}

/// How long a file must stay quiet before its change counts: editors save
/// several files at once, or one file in steps, and one rebuild should take
/// them all.
const SETTLE: Duration = Duration::from_millis(40);

/// What keeps the watching going: dropped, it stops.
pub type Watching = Debouncer<RecommendedWatcher, RecommendedCache>;

/// Watches the site's sources and rebuilds on every change, debounced by
/// notify-debouncer-full. Only creations, modifications and removals
/// count: the rebuild's own reads must not start another rebuild.
pub fn watch(
    mut live: Live,
    events: broadcast::Sender<LiveEvent>,
    problem: Arc<Mutex<Option<String>>>,
) -> Result<Watching> {
    let root = live.root.clone();
    let (tx, rx) = std::sync::mpsc::channel::<Vec<PathBuf>>();
    let filter_root = root.clone();
    let mut watcher = new_debouncer(SETTLE, None, move |res: DebounceEventResult| {
        let Ok(events) = res else { return };
        let paths: Vec<PathBuf> = events
            .into_iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
                )
            })
            .flat_map(|e| e.event.paths)
            .filter(|p| relevant(&filter_root, p))
            .collect();
        if !paths.is_empty() {
            let _ = tx.send(paths);
        }
    })
    .context("cannot watch the site's files")?;
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .with_context(|| format!("cannot watch {}", root.display()))?;
    for dir in [CONTENT, "templates", "static", "strings", "data", "themes"] {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .with_context(|| format!("cannot watch {}", path.display()))?;
        }
    }
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            // What arrived during the last rebuild goes into this one.
            let mut changed: HashSet<PathBuf> = first.into_iter().collect();
            while let Ok(more) = rx.try_recv() {
                changed.extend(more);
            }
            // Tools that write through a temporary file (sed -i, some
            // editors) leave names without an extension that are gone now.
            let mut paths: Vec<PathBuf> = changed
                .into_iter()
                .filter(|p| p.extension().is_some() || p.exists())
                .collect();
            if paths.is_empty() {
                continue;
            }
            paths.sort();
            let names: Vec<String> = paths
                .iter()
                .map(|p| p.strip_prefix(&root).unwrap_or(p).display().to_string())
                .collect();
            match live.update(&paths) {
                Ok((event, line)) => {
                    println!("changed {}: rebuilt {line}", names.join(", "));
                    *problem.lock().expect("lock") = None;
                    let _ = events.send(event);
                }
                Err(problems) => {
                    eprintln!("changed {}: error\n{problems}", names.join(", "));
                    let text = problems.to_string();
                    *problem.lock().expect("lock") = Some(text.clone());
                    let _ = events.send(LiveEvent::Problem(text));
                }
            }
        }
    });
    Ok(watcher)
}

//! write: the build goes into a staging folder beside the output and is
//! swapped in only when complete, so a failed build leaves the previous
//! output as it was. Nothing is written outside those two folders.
//!
//! After the swap the staging folder holds the previous output, and stays:
//! the next build rewrites it in place, leaving alone every file whose
//! bytes have not changed and removing the files it no longer makes. On a
//! large site that is most of the cost of a rebuild saved: the file system
//! creates and deletes nothing it need not.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result, bail};

pub mod copy;
mod owned;
pub use owned::{MANIFEST, Others};

/// Where rendered outputs go: a build's staging folder, or the dev
/// server's live folder.
pub trait Sink: Sync {
    /// Writes `bytes` at `rel`, a `/`-separated path inside the output.
    fn put(&self, rel: &str, bytes: &[u8], html: bool) -> Result<()>;
}

/// A sink writing each file at its place and again in each of some
/// folders (`fr/`): the theme's and the site's files, read once, beside
/// the pages of the languages with a host of their own too.
pub struct Also<'a, S: Sink>(pub &'a [String], pub &'a S);

impl<S: Sink> Sink for Also<'_, S> {
    fn put(&self, rel: &str, bytes: &[u8], html: bool) -> Result<()> {
        self.1.put(rel, bytes, html)?;
        for folder in self.0 {
            self.1.put(&format!("{folder}{rel}"), bytes, html)?;
        }
        Ok(())
    }
}

/// A build's output folder while it is being written.
pub struct Output {
    staging: PathBuf,
    target: PathBuf,
    /// Markup added before `</body>` of every page (the dev server's
    /// live-reload script).
    inject: Option<String>,
    /// True when the staging folder is an earlier output being rewritten.
    reused: bool,
    /// The earlier output's files (relative paths), when reused.
    found: Vec<String>,
    /// What this build has written (relative paths): its manifest.
    written: Mutex<HashSet<String>>,
    /// What the current output holds that placard did not write: carried
    /// into the new output, so that it stays where it was.
    others: Vec<owned::Other>,
    /// The files the current output's manifest lists (none when it has
    /// none), to tell what arrives in it while the build runs; `None` for
    /// the dev server's private folder.
    listed: Option<HashSet<String>>,
    /// Held until the build is done: one build at a time writes here.
    _lock: Option<fs::File>,
    done: bool,
}

impl Sink for Output {
    fn put(&self, rel: &str, bytes: &[u8], html: bool) -> Result<()> {
        match &self.inject {
            // Rendered pages are UTF-8 already; only the dev server's
            // script needs them as text.
            Some(snippet) if html => self.write(
                rel,
                inject(&String::from_utf8_lossy(bytes), snippet).as_bytes(),
            ),
            _ => self.write(rel, bytes),
        }
    }
}

/// A sink that keeps nothing: rendering only to find errors.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _rel: &str, _bytes: &[u8], _html: bool) -> Result<()> {
        Ok(())
    }
}

/// `html` with `snippet` just before its `</body>` (or at its end).
pub fn inject(html: &str, snippet: &str) -> String {
    let at = html.rfind("</body>").unwrap_or(html.len());
    format!("{}{snippet}{}", &html[..at], &html[at..])
}

impl Output {
    /// Checks `target` is a safe place to build into and opens the staging
    /// folder beside it: the one the previous build left, or a new one.
    /// `others` says what to do with files in `target` placard did not write.
    pub fn create(root: &Path, target: &Path, others: Others) -> Result<Output> {
        let target = check_target(root, target)?;
        let lock = lock(&target)?;
        let staging = beside(&target, STAGING);
        let old = beside(&target, ASIDE);
        if !target.exists() && old.is_dir() {
            // A build was stopped between moving the previous output aside
            // and moving the new one in: put the previous one back.
            fs::rename(&old, &target).with_context(|| {
                format!("cannot restore the previous output from {}", old.display())
            })?;
        }
        let (listed, others) = match others {
            Others::Ours => (None, vec![]),
            mode => {
                let listed = owned::read_manifest(&target)?;
                let listed_was_none = listed.is_none();
                let ours = listed.unwrap_or_default();
                let found = match target.is_dir() {
                    true => owned::others(&target, &ours)
                        .with_context(|| format!("cannot read {}", target.display()))?,
                    false => vec![],
                };
                if mode == Others::Refuse && listed_was_none {
                    owned::refuse_others(&target, &found)?;
                }
                (Some(ours), found)
            }
        };
        let found = match fs::symlink_metadata(&staging) {
            Ok(m) if m.is_dir() => Some(open_kept(&staging, &target)?),
            Ok(_) => bail!(
                "refusing to touch {}: placard did not make it (it is not a folder); \
                 move it away, then build again",
                staging.display()
            ),
            Err(_) => None,
        };
        let reused = found.is_some();
        if !reused {
            fs::create_dir_all(&staging)
                .with_context(|| format!("cannot create {}", staging.display()))?;
            mark(&staging)?;
        }
        Ok(Output {
            staging,
            target,
            inject: None,
            reused,
            found: found.unwrap_or_default(),
            written: Mutex::new(HashSet::new()),
            others,
            listed,
            _lock: lock,
            done: false,
        })
    }

    /// Adds `snippet` before `</body>` of every page written.
    pub fn with_injection(mut self, snippet: String) -> Output {
        self.inject = Some(snippet);
        self
    }

    /// The top-level names of what the output holds that placard did not
    /// write (kept where they are).
    pub fn kept(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .others
            .iter()
            .filter_map(|o| o.rel.components().next())
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        names.dedup();
        names
    }

    /// Writes `bytes` at `rel` (a `/`-separated path) inside the output.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let (rel, path) = self.path_of(rel)?;
        if !self.reused {
            write_new(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        } else {
            rewrite(&path, bytes)
                .or_else(|_| {
                    // Something else stands in the way (a folder where the
                    // file goes, a file where a folder goes): it was an old
                    // output.
                    self.clear_way(&path)?;
                    write_new(&path, bytes)
                })
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        self.written
            .lock()
            .expect("no panics")
            .insert(rel.to_owned());
        Ok(())
    }

    /// Removes what stands where `path` or its folders go.
    fn clear_way(&self, path: &Path) -> io::Result<()> {
        let rel = path.strip_prefix(&self.staging).expect("inside staging");
        let mut at = self.staging.clone();
        for c in rel.components() {
            at.push(c);
            match fs::symlink_metadata(&at) {
                Ok(m) if at == path && m.is_dir() => fs::remove_dir_all(&at)?,
                Ok(m) if at != path && !m.is_dir() => fs::remove_file(&at)?,
                _ => {}
            }
        }
        Ok(())
    }

    /// Removes the files of the earlier output this build did not write,
    /// and the folders that leaves empty.
    fn remove_stale(&self) -> Result<()> {
        let written = self.written.lock().expect("no panics");
        let mut emptied = vec![];
        for rel in self.found.iter().filter(|f| !written.contains(*f)) {
            let file = self.staging.join(rel);
            if let Err(e) = fs::remove_file(&file) {
                // Gone already, or a folder this build made in its place.
                if fs::symlink_metadata(&file).is_ok_and(|m| !m.is_dir()) {
                    return Err(e).with_context(|| format!("cannot remove {}", file.display()));
                }
            }
            emptied.extend(file.parent().map(Path::to_path_buf));
        }
        owned::remove_emptied(&self.staging, emptied);
        Ok(())
    }

    /// `rel` without a leading `/`, and where it goes in the staging folder.
    fn path_of<'a>(&self, rel: &'a str) -> Result<(&'a str, PathBuf)> {
        let rel = rel.trim_start_matches('/');
        let path = Path::new(rel);
        if rel == owned::MANIFEST
            || rel == owned::MANIFEST_NEW
            || path
                .components()
                .any(|c| !matches!(c, Component::Normal(_)))
        {
            bail!("refusing to write {rel}: it would leave the output folder");
        }
        Ok((rel, self.staging.join(path)))
    }

    /// Swaps the finished build in place of the previous output: in one
    /// atomic step where the system allows (Linux), so that at every moment
    /// the output is either the old site or the new one, whole. What the
    /// previous output held that placard did not write is in the new one
    /// too, before the swap. The previous output is kept as the staging
    /// folder of the next build.
    pub fn commit(mut self) -> Result<PathBuf> {
        self.remove_stale()?;
        owned::carry(&self.target, &self.staging, &self.others)?;
        owned::write_manifest(
            &self.staging,
            self.written.get_mut().expect("no panics").iter(),
        )?;
        if let Ok(meta) = fs::metadata(&self.target) {
            // The folder keeps its own permissions: a private Documents/
            // stays private.
            fs::set_permissions(&self.staging, meta.permissions()).with_context(|| {
                format!("cannot set the permissions of {}", self.staging.display())
            })?;
        }
        let shell_inside = std::env::current_dir().is_ok_and(|d| d.starts_with(&self.target));
        let old = beside(&self.target, ASIDE);
        if old.exists() {
            fs::remove_dir_all(&old).with_context(|| format!("cannot remove {}", old.display()))?;
        }
        let kept = match self.target.exists() && exchange(&self.staging, &self.target) {
            true => true,
            false => {
                if self.target.exists() {
                    fs::rename(&self.target, &old).with_context(|| {
                        format!("cannot move the previous {} aside", self.target.display())
                    })?;
                }
                if let Err(e) = fs::rename(&self.staging, &self.target) {
                    // Put the previous output back before reporting.
                    let _ = fs::rename(&old, &self.target);
                    return Err(e).with_context(|| {
                        format!("cannot move the new build to {}", self.target.display())
                    });
                }
                fs::rename(&old, &self.staging).is_ok()
            }
        };
        self.done = true;
        if kept {
            owned::drop_carried(&self.staging, &self.others);
            if let Some(listed) = &self.listed {
                let written = self.written.get_mut().expect("no panics");
                owned::bring_in(&self.staging, &self.target, listed, written)?;
            }
        }
        if shell_inside {
            eprintln!(
                "note: a shell that was inside {0} is now in the previous output; \
                 `cd {0}` again to see the new one",
                self.target.display()
            );
        }
        Ok(self.target.clone())
    }
}

/// Opens the staging folder an earlier build left: its files, after
/// removing what is neither a file nor a folder (a symbolic link could lead
/// a write out) and what its manifest does not list (a duplicate of a file
/// kept in the output). A folder without a manifest is placard's only if
/// all it holds are such duplicates; otherwise it is never touched.
fn open_kept(staging: &Path, target: &Path) -> Result<Vec<String>> {
    let read = |e: io::Error| {
        anyhow::Error::new(e).context(format!(
            "cannot read the previous build's {}",
            staging.display()
        ))
    };
    if let Some(listed) = owned::read_manifest(staging)? {
        return clean(staging, &listed).map_err(read);
    }
    if !owned::only_links_into(staging, target).map_err(read)? {
        bail!(
            "refusing to touch {}: placard did not make it (it has no {}); \
             move it away, then build again",
            staging.display(),
            owned::MANIFEST
        );
    }
    clean(staging, &HashSet::new()).map_err(read)?;
    mark(staging)?;
    Ok(vec![])
}

/// Marks a staging folder as placard's: a manifest listing nothing yet, so
/// that a build killed before its swap leaves a folder the next build
/// knows it may clear.
fn mark(staging: &Path) -> Result<()> {
    owned::write_manifest(staging, std::iter::empty())
}

/// The staging folder, kept between builds: `.public.placard-next`.
const STAGING: &str = "placard-next";
/// Where the previous output waits during a swap in two steps (systems
/// without an atomic exchange): `.public.placard-old`.
const ASIDE: &str = "placard-old";

/// The hidden folder named after `target` with `suffix`, beside it.
fn beside(target: &Path, suffix: &str) -> PathBuf {
    let name = target
        .file_name()
        .expect("checked: not /")
        .to_string_lossy();
    target.with_file_name(format!(".{name}.{suffix}"))
}

/// Writes a file the folder does not hold yet, creating its folders.
fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    match fs::write(path, bytes) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(path.parent().expect("inside staging"))?;
            fs::write(path, bytes)
        }
        r => r,
    }
}

/// Rewrites a file of an earlier output in place: nothing at all when its
/// bytes are the same, so that the file keeps its modification time.
/// Creates it when it is not there.
fn rewrite(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::{Read, Seek, Write};
    let mut open = fs::OpenOptions::new();
    open.read(true).write(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut open, libc::O_NOFOLLOW);
    let mut file = open.open(path)?;
    let meta = file.metadata()?;
    #[cfg(unix)]
    if std::os::unix::fs::MetadataExt::nlink(&meta) > 1 {
        // The same file has another name (someone's hard link to it, a
        // backup made with `cp -al`): write a new file, never through it.
        drop(file);
        fs::remove_file(path)?;
        return write_new(path, bytes);
    }
    let len = meta.len();
    if len == bytes.len() as u64 {
        // Read into spare capacity: zeroing a buffer first cost as much as
        // the comparison.
        let mut old = Vec::with_capacity(bytes.len());
        let read = (&mut file).take(len).read_to_end(&mut old);
        if read.is_ok() && old == bytes {
            return Ok(());
        }
        file.seek(io::SeekFrom::Start(0))?;
    }
    file.write_all(bytes)?;
    if len > bytes.len() as u64 {
        file.set_len(bytes.len() as u64)?;
    }
    Ok(())
}

/// The files of an earlier output that `listed` names; everything else in
/// it but folders and the manifest is removed.
fn clean(dir: &Path, listed: &HashSet<String>) -> io::Result<Vec<String>> {
    let (mut files, mut emptied) = (vec![], vec![]);
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = owned::slashed(entry.path().strip_prefix(dir).expect("below dir"));
        match rel {
            Some(rel) if entry.file_type().is_file() && listed.contains(&rel) => files.push(rel),
            Some(rel) if rel == owned::MANIFEST => {}
            _ => {
                fs::remove_file(entry.path())?;
                emptied.extend(entry.path().parent().map(Path::to_path_buf));
            }
        }
    }
    owned::remove_emptied(dir, emptied);
    Ok(files)
}

/// Waits for any other build writing to `target` to finish, then holds a
/// lock (on the folder that holds it) until dropped.
#[cfg(unix)]
fn lock(target: &Path) -> Result<Option<fs::File>> {
    use std::os::fd::AsRawFd;
    let parent = target.parent().expect("checked: not /");
    let Ok(dir) = fs::File::open(parent) else {
        // Not there yet: nothing else can be building into it.
        return Ok(None);
    };
    // SAFETY: flock takes the descriptor of a file this function holds open.
    if unsafe { libc::flock(dir.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
        eprintln!(
            "waiting for another placard build writing to {} to finish",
            target.display()
        );
        // SAFETY: as above.
        if unsafe { libc::flock(dir.as_raw_fd(), libc::LOCK_EX) } != 0 {
            return Err(io::Error::last_os_error())
                .with_context(|| format!("cannot lock {}", parent.display()));
        }
    }
    Ok(Some(dir))
}

#[cfg(not(unix))]
fn lock(_: &Path) -> Result<Option<fs::File>> {
    Ok(None)
}

/// Swaps two folders atomically (Linux `renameat2` with `RENAME_EXCHANGE`);
/// false where that is not available, and the caller renames twice.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let (Ok(a), Ok(b)) = (
        std::ffi::CString::new(a.as_os_str().as_bytes()),
        std::ffi::CString::new(b.as_os_str().as_bytes()),
    ) else {
        return false;
    };
    // SAFETY: both are valid NUL-terminated paths; renameat2 reads them only.
    unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        ) == 0
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

impl Drop for Output {
    fn drop(&mut self) {
        // A failed build's new folder goes; an earlier output being
        // rewritten stays for the next build.
        if !self.done && !self.reused {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// Resolves `target` and refuses folders a build must never replace: `/`,
/// the site root or any folder holding it, a folder holding content/ or
/// themes/, and anything inside the site's sources.
pub fn check_target(root: &Path, target: &Path) -> Result<PathBuf> {
    let root = root
        .canonicalize()
        .map_err(|_| anyhow::anyhow!("{}: {}", root.display(), crate::load::no_site(root)))?;
    let mut target = resolve(&std::path::absolute(target)?);
    if let Some(output) = output_of_staging(&target) {
        eprintln!(
            "note: {} is the folder placard keeps for the next build of {}, which is where a \
             shell left inside the output by the last build now is; building into {}",
            target.display(),
            output.display(),
            output.display()
        );
        target = output;
    }
    let refuse = |why: &str| -> Result<PathBuf> {
        bail!(
            "refusing to build into {}: {why}; choose an output folder such as public/",
            target.display()
        )
    };
    if target.parent().is_none() || target.file_name().is_none() {
        return refuse("it is the file system root");
    }
    if root.starts_with(&target) {
        return refuse("it holds the site itself");
    }
    for source in ["content", "themes", "templates", "static"] {
        if target.starts_with(root.join(source)) {
            return refuse(&format!("it is inside the site's {source}/"));
        }
    }
    for source in ["content", "themes"] {
        if target.join(source).exists() {
            return refuse(&format!(
                "it holds a {source}/ folder, so it looks like a site"
            ));
        }
    }
    if target.exists() && !target.is_dir() {
        return refuse("it is a file, not a folder");
    }
    Ok(target)
}

/// The output folder `dir` is the staging folder of (`.NAME.placard-next`,
/// or `.NAME.placard-old` mid-swap), when it is one placard made.
fn output_of_staging(dir: &Path) -> Option<PathBuf> {
    let name = dir.file_name()?.to_str()?.strip_prefix('.')?;
    let output = [STAGING, ASIDE]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix)?.strip_suffix('.'))
        .filter(|output| !output.is_empty())?;
    let output = dir.with_file_name(output);
    let ours = dir.join(owned::MANIFEST).is_file() || output.join(owned::MANIFEST).is_file();
    ours.then_some(output)
}

/// Removes `.` and `..` lexically, then canonicalises the longest existing
/// prefix, so that neither `..` nor symbolic links can disguise where the
/// output really is.
fn resolve(path: &Path) -> PathBuf {
    let mut lexical = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut existing = lexical.clone();
    let mut rest = vec![];
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    out.extend(rest.iter().rev());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_targets() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_target(root, Path::new("/")).is_err());
        assert!(check_target(root, root).is_err());
        assert!(check_target(root, root.parent().unwrap()).is_err());
        assert!(check_target(root, &root.join("content/x")).is_err());
        assert!(check_target(root, &root.join("public/../content")).is_err());
        assert!(check_target(root, &root.join("public")).is_ok());
    }

    #[test]
    fn unfinished_builds_leave_nothing() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        let out = Output::create(root, &root.join("public"), Others::Refuse).unwrap();
        out.write("a/index.html", b"x").unwrap();
        assert!(out.write("../escape.html", b"x").is_err());
        drop(out);
        let left: Vec<_> = fs::read_dir(root).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn a_file_saved_into_the_output_during_a_build_stays_there() {
        let site = tempfile::tempdir().unwrap();
        let (root, public) = (site.path(), site.path().join("public"));
        let build = |writes: &[&str], saved: &[&str]| {
            let out = Output::create(root, &public, Others::Keep).unwrap();
            for rel in writes {
                out.write(rel, b"placard's")?;
            }
            for rel in saved {
                let path = public.join(rel);
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(path, format!("saved {rel}")).unwrap();
            }
            out.commit().map(drop)
        };
        let read = |rel: &str| fs::read_to_string(public.join(rel)).unwrap();
        build(&["index.html", "news/a/index.html"], &[]).unwrap();
        build(&["index.html"], &["notes/minutes.txt", "news/b.txt"]).unwrap();
        // Saved where this build writes a new file of its own: the saved
        // one wins and is no longer counted as placard's.
        build(&["index.html", "news/c/index.html"], &["news/c/index.html"]).unwrap();
        for rel in ["notes/minutes.txt", "news/b.txt", "news/c/index.html"] {
            assert_eq!(read(rel), format!("saved {rel}"));
        }
        assert!(!public.join("news/a").exists());
        let listed = owned::read_manifest(&public).unwrap().unwrap();
        assert!(!listed.contains("news/c/index.html"), "{listed:?}");
        // The next build keeps them all, and stops at the clash.
        build(&["index.html"], &[]).unwrap();
        let err = build(&["index.html", "news/c/index.html"], &[]).unwrap_err();
        assert!(
            format!("{err:#}").contains("was not written by placard"),
            "{err:#}"
        );
        for rel in ["notes/minutes.txt", "news/b.txt", "news/c/index.html"] {
            assert_eq!(read(rel), format!("saved {rel}"));
        }
    }
}

//! write: the build goes into a fresh staging folder beside the output and
//! is swapped in only when complete, so a failed build leaves the previous
//! output as it was. Nothing is written outside those two folders.

use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

/// Where rendered outputs go: a build's staging folder, or the dev
/// server's live folder.
pub trait Sink: Sync {
    /// Writes `bytes` at `rel`, a `/`-separated path inside the output.
    fn put(&self, rel: &str, bytes: &[u8], html: bool) -> Result<()>;
}

/// A build's output folder while it is being written.
pub struct Output {
    staging: PathBuf,
    target: PathBuf,
    /// Markup added before `</body>` of every page (the dev server's
    /// live-reload script).
    inject: Option<String>,
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
    /// Checks `target` is a safe place to build into and opens a fresh
    /// staging folder beside it.
    pub fn create(root: &Path, target: &Path) -> Result<Output> {
        let target = check_target(root, target)?;
        let name = target
            .file_name()
            .expect("checked: not /")
            .to_string_lossy();
        let staging = target.with_file_name(format!(".{name}.placard-new"));
        let old = target.with_file_name(format!(".{name}.placard-old"));
        if !target.exists() && old.is_dir() {
            // A build was stopped between moving the previous output aside
            // and moving the new one in: put the previous one back.
            fs::rename(&old, &target).with_context(|| {
                format!("cannot restore the previous output from {}", old.display())
            })?;
        }
        if staging.exists() {
            // Left by a build that was killed; it is ours by name.
            fs::remove_dir_all(&staging).with_context(|| {
                format!("cannot remove the unfinished build {}", staging.display())
            })?;
        }
        fs::create_dir_all(&staging)
            .with_context(|| format!("cannot create {}", staging.display()))?;
        Ok(Output {
            staging,
            target,
            inject: None,
            done: false,
        })
    }

    /// Adds `snippet` before `</body>` of every page written.
    pub fn with_injection(mut self, snippet: String) -> Output {
        self.inject = Some(snippet);
        self
    }

    /// Writes `bytes` at `rel` (a `/`-separated path) inside the output.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.path_of(rel)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))
    }

    fn path_of(&self, rel: &str) -> Result<PathBuf> {
        let rel = Path::new(rel.trim_start_matches('/'));
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            bail!(
                "refusing to write {}: it would leave the output folder",
                rel.display()
            );
        }
        Ok(self.staging.join(rel))
    }

    /// Swaps the finished build in place of the previous output: in one
    /// atomic step where the system allows (Linux), so that at every moment
    /// the output is either the old site or the new one, whole.
    pub fn commit(mut self) -> Result<PathBuf> {
        let name = self.target.file_name().expect("checked").to_string_lossy();
        let old = self.target.with_file_name(format!(".{name}.placard-old"));
        if old.exists() {
            fs::remove_dir_all(&old).with_context(|| format!("cannot remove {}", old.display()))?;
        }
        if self.target.exists() && exchange(&self.staging, &self.target) {
            // The staging folder now holds the previous output.
            self.done = true;
            let _ = fs::remove_dir_all(&self.staging);
            return Ok(self.target.clone());
        }
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
        self.done = true;
        let _ = fs::remove_dir_all(&old);
        Ok(self.target.clone())
    }
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
        if !self.done {
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
        .with_context(|| format!("cannot open the site folder {}", root.display()))?;
    let target = resolve(&std::path::absolute(target)?);
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
        let out = Output::create(root, &root.join("public")).unwrap();
        out.write("a/index.html", b"x").unwrap();
        assert!(out.write("../escape.html", b"x").is_err());
        drop(out);
        let left: Vec<_> = fs::read_dir(root).unwrap().collect();
        assert!(left.is_empty(), "{left:?}");
    }
}

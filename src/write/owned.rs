//! write::owned: which files of an output folder are placard's. Every output
//! holds a manifest, `.placard-output`, that lists the files the build wrote.
//! Anything else in the folder (a `.git`, a `CNAME`, a letter that was there
//! before) belongs to someone else: placard never moves, replaces or deletes
//! it, and carries it into each new output so that it stays where it was.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The manifest's file name, at the top of an output folder.
pub const MANIFEST: &str = ".placard-output";

const HEADER: &str = "# placard output: `placard build` wrote the files listed below and may \
                      rewrite or remove them; it leaves everything else in this folder alone.";

/// What to do with the files of an existing output folder that placard did
/// not write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Others {
    /// Refuse to build into a folder that holds any (the default).
    Refuse,
    /// Build beside them and keep each where it is (`--force-output`).
    Keep,
    /// Everything in the folder is placard's: the dev server's private copy.
    Ours,
}

/// An entry of an output folder that placard did not write: a file (or a
/// link, or anything that is not a folder), or a folder with nothing in it.
#[derive(Clone, Debug)]
pub struct Other {
    pub rel: PathBuf,
    pub empty_dir: bool,
}

/// Where a manifest is written first, then renamed into place: a build
/// killed while writing it leaves the old manifest whole.
pub const MANIFEST_NEW: &str = ".placard-output.new";

/// The line after the header: the manifest's own checksum, so that an
/// edited manifest is noticed rather than trusted.
const CHECK: &str = "# check ";

/// The files listed in `dir`'s manifest; `None` when it has none. A
/// manifest changed since placard wrote it is an error: trusting it could
/// make placard replace or delete a file it did not write.
pub fn read_manifest(dir: &Path) -> Result<Option<HashSet<String>>> {
    let path = dir.join(MANIFEST);
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.kind() == io::ErrorKind::InvalidData => return Ok(None),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let Some(rest) = text.strip_prefix(HEADER).and_then(|t| t.strip_prefix('\n')) else {
        return Ok(None);
    };
    // Manifests written before the checksum have none.
    let body = match rest.strip_prefix(CHECK) {
        None => rest,
        Some(checked) => {
            let (sum, body) = checked.split_once('\n').unwrap_or((checked, ""));
            if sum != checksum(body) {
                bail!(
                    "{} has been changed since placard wrote it, so placard can no longer tell \
                     which files in {} are its own; put back what it said (or empty the folder \
                     yourself), then build again",
                    path.display(),
                    dir.display()
                );
            }
            body
        }
    };
    Ok(Some(body.lines().map(unescape).collect()))
}

/// Writes the manifest of an output made of `written` (`/`-separated
/// paths) into `dir`, in one step.
pub fn write_manifest<'a>(dir: &Path, written: impl Iterator<Item = &'a String>) -> Result<()> {
    let mut paths: Vec<&String> = written.collect();
    paths.sort_unstable();
    let mut body = String::with_capacity(40 * paths.len());
    for p in paths {
        body.push_str(&escape(p));
        body.push('\n');
    }
    let text = format!("{HEADER}\n{CHECK}{}\n{body}", checksum(&body));
    let (new, path) = (dir.join(MANIFEST_NEW), dir.join(MANIFEST));
    fs::write(&new, text)
        .and_then(|()| fs::rename(&new, &path))
        .with_context(|| format!("cannot write {}", path.display()))
}

fn checksum(body: &str) -> String {
    use std::hash::Hasher;
    let mut h = crate::text::Fnv1a::default();
    h.write(body.as_bytes());
    format!("{:016x}", h.finish())
}

/// A path on one line: `%`, control characters and line breaks as `%XX`.
fn escape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c == '%' || c.is_control() && (c as u32) < 0x80 {
            out.push_str(&format!("%{:02X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn unescape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        match rest
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            Some(b) if b < 0x80 => {
                out.push(b as char);
                rest = &rest[i + 3..];
            }
            _ => {
                out.push('%');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `rel` as the manifest writes it: `/`-separated, `None` when it is not
/// UTF-8 (placard writes no such name).
pub fn slashed(rel: &Path) -> Option<String> {
    let mut out = String::new();
    for c in rel.components() {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(c.as_os_str().to_str()?);
    }
    Some(out)
}

/// The entries of `dir` not listed in `ours`, each folder before what it
/// holds. Files are listed one by one; a folder only when it is empty and
/// none of placard's files was in it.
pub fn others(dir: &Path, ours: &HashSet<String>) -> io::Result<Vec<Other>> {
    let mut our_dirs: HashSet<&str> = HashSet::new();
    for p in ours {
        let mut at = p.as_str();
        while let Some(i) = at.rfind('/') {
            at = &at[..i];
            if !our_dirs.insert(at) {
                break;
            }
        }
    }
    let mut found = vec![];
    // walkdir lists a folder before its entries: the order carrying needs.
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry?;
        let rel = entry.path().strip_prefix(dir).expect("below dir");
        let name = slashed(rel);
        let is_ours = |set: &HashSet<&str>| name.as_deref().is_some_and(|n| set.contains(n));
        if entry.depth() == 1 && (rel.as_os_str() == MANIFEST || rel.as_os_str() == MANIFEST_NEW) {
            continue;
        }
        if entry.file_type().is_dir() {
            if is_ours(&our_dirs) {
                continue;
            }
            if fs::read_dir(entry.path())?.next().is_none() {
                found.push(Other {
                    rel: rel.to_path_buf(),
                    empty_dir: true,
                });
            }
        } else if !name.as_ref().is_some_and(|n| ours.contains(n)) {
            found.push(Other {
                rel: rel.to_path_buf(),
                empty_dir: false,
            });
        }
    }
    Ok(found)
}

/// Refuses `target` when it holds files placard did not write and the
/// user has not said to build beside them.
pub fn refuse_others(target: &Path, others: &[Other]) -> Result<()> {
    if others.is_empty() {
        return Ok(());
    }
    let mut names: Vec<String> = others
        .iter()
        .filter_map(|o| o.rel.components().next())
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    names.dedup();
    let shown: Vec<&str> = names.iter().take(4).map(String::as_str).collect();
    let more = if names.len() > shown.len() {
        ", …"
    } else {
        ""
    };
    bail!(
        "refusing to build into {}: it holds files placard did not write ({}{more}: {} in all).\n\
         Choose a new or empty folder with --output, or empty this one yourself, or add \
         --force-output to build beside them (placard never replaces, moves or deletes a file \
         it did not write).",
        target.display(),
        shown.join(", "),
        others.len(),
    )
}

/// Puts each of `others`, found in `from`, at the same place in `to` (a
/// hard link: the same file, not a copy, where the file system allows).
/// A file the build wrote at the same place is a clash, never an overwrite.
pub fn carry(from: &Path, to: &Path, others: &[Other]) -> Result<()> {
    let clash = |rel: &Path| -> anyhow::Error {
        anyhow::anyhow!(
            "{} was not written by placard, and this build writes its own file there; \
             move or rename yours (placard never replaces a file it did not write)",
            from.join(rel).display(),
        )
    };
    for other in others {
        let (source, dest) = (from.join(&other.rel), to.join(&other.rel));
        make_dirs_like(from, to, other.rel.parent()).map_err(|_| clash(&other.rel))?;
        if other.empty_dir {
            match fs::symlink_metadata(&dest) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => return Err(clash(&other.rel)),
                Err(_) => make_dirs_like(from, to, Some(&other.rel))
                    .with_context(|| format!("cannot create {}", dest.display()))?,
            }
            continue;
        }
        if fs::symlink_metadata(&dest).is_ok() {
            return Err(clash(&other.rel));
        }
        // std's hard_link does not follow a symbolic link: it links the link.
        if fs::hard_link(&source, &dest).is_err() {
            copy_one(&source, &dest)
                .with_context(|| format!("cannot keep {} in the new output", source.display()))?;
        }
    }
    Ok(())
}

/// Creates the folders of `rel` in `to` that are missing, each with the
/// permissions of the same folder in `from`: a private folder of someone's
/// stays private.
fn make_dirs_like(from: &Path, to: &Path, rel: Option<&Path>) -> io::Result<()> {
    let mut at = PathBuf::new();
    for c in rel.into_iter().flat_map(Path::components) {
        at.push(c);
        let dest = to.join(&at);
        if fs::symlink_metadata(&dest).is_ok() {
            continue;
        }
        fs::create_dir(&dest)?;
        if let Ok(meta) = fs::symlink_metadata(from.join(&at)) {
            fs::set_permissions(&dest, meta.permissions())?;
        }
    }
    Ok(())
}

/// Moves into `target` what arrived in its previous output, now `kept`,
/// while the build ran (a file someone saved into public/ meanwhile):
/// every entry the previous manifest, `listed`, does not name; the carried
/// ones are gone from `kept` already. A file where the build wrote one of
/// its own takes that file's place and leaves the manifest, `written`, so
/// that the next build names the clash instead of replacing it.
pub fn bring_in(
    kept: &Path,
    target: &Path,
    listed: &HashSet<String>,
    written: &mut HashSet<String>,
) -> Result<()> {
    let arrived =
        others(kept, listed).with_context(|| format!("cannot read {}", kept.display()))?;
    let mut replaced = false;
    let mut emptied = vec![];
    for other in arrived {
        let (from, to) = (kept.join(&other.rel), target.join(&other.rel));
        let ours = slashed(&other.rel).filter(|n| written.contains(n));
        let there = fs::symlink_metadata(&to);
        let fits = match &there {
            Err(_) => true,
            Ok(m) => !other.empty_dir && !m.is_dir() && ours.is_some(),
        };
        let moved = fits
            && make_dirs_like(kept, target, other.rel.parent()).is_ok()
            && fs::rename(&from, &to).is_ok();
        if moved {
            emptied.extend(from.parent().map(Path::to_path_buf));
        }
        match (moved, there.is_ok(), ours) {
            (true, true, Some(name)) => {
                written.remove(&name);
                replaced = true;
                eprintln!(
                    "warning: {} was put there while the build ran; it is kept in place of \
                     the file placard wrote there, and the next build will stop at it: move \
                     or rename it",
                    to.display()
                );
            }
            (true, ..) => {}
            _ if other.empty_dir && there.is_ok_and(|m| m.is_dir()) => {
                let _ = fs::remove_dir(&from);
            }
            _ => eprintln!(
                "warning: {} was put into {} while the build ran, where the build made \
                 something else; it is at {} until the next build: move it now",
                other.rel.display(),
                target.display(),
                from.display()
            ),
        }
    }
    remove_emptied(kept, emptied);
    if replaced {
        write_manifest(target, written.iter())?;
    }
    Ok(())
}

/// A copy where a hard link cannot be made (another file system).
fn copy_one(source: &Path, dest: &Path) -> io::Result<()> {
    let meta = fs::symlink_metadata(source)?;
    #[cfg(unix)]
    if meta.file_type().is_symlink() {
        return std::os::unix::fs::symlink(fs::read_link(source)?, dest);
    }
    if !meta.is_file() {
        return Err(io::Error::other("neither a file nor a folder"));
    }
    fs::copy(source, dest).map(drop)
}

/// Removes from `dir` (the previous output, now kept beside the new one)
/// the entries carried into the new output, and the folders that leaves
/// empty.
pub fn drop_carried(dir: &Path, others: &[Other]) {
    let mut emptied = vec![];
    for other in others.iter().rev() {
        let path = dir.join(&other.rel);
        let _ = if other.empty_dir {
            fs::remove_dir(&path)
        } else {
            fs::remove_file(&path)
        };
        emptied.extend(path.parent().map(Path::to_path_buf));
    }
    remove_emptied(dir, emptied);
}

/// Removes each of `folders` (inside `root`) and its parents up to `root`,
/// while they are empty; deepest first.
pub fn remove_emptied(root: &Path, folders: Vec<PathBuf>) {
    let mut folders = folders;
    folders.sort_unstable_by_key(|d| std::cmp::Reverse(d.components().count()));
    folders.dedup();
    for mut dir in folders {
        while dir != root && dir.starts_with(root) && fs::remove_dir(&dir).is_ok() {
            dir.pop();
        }
    }
}

/// True when every file in `kept` is the very file (a hard link) found at
/// the same place in `target`: what a build stopped right after its swap
/// leaves of a folder that was not placard's. Removing it loses nothing.
pub fn only_links_into(kept: &Path, target: &Path) -> io::Result<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        for entry in walkdir::WalkDir::new(kept).min_depth(1) {
            let entry = entry?;
            if entry.file_type().is_dir() {
                continue;
            }
            let rel = entry.path().strip_prefix(kept).expect("below kept");
            if rel.as_os_str() == MANIFEST_NEW {
                continue;
            }
            let here = entry.metadata()?;
            match fs::symlink_metadata(target.join(rel)) {
                Ok(there) if (there.dev(), there.ino()) == (here.dev(), here.ino()) => {}
                _ => return Ok(false),
            }
        }
        Ok(true)
    }
    #[cfg(not(unix))]
    {
        let _ = (kept, target);
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_lines_round_trip() {
        let paths: Vec<String> = ["b/index.html", "a%20b/x.png", "odd\nname.txt", "é/ü.html"]
            .map(String::from)
            .to_vec();
        let dir = tempfile::tempdir().unwrap();
        write_manifest(dir.path(), paths.iter()).unwrap();
        let read = read_manifest(dir.path()).unwrap().unwrap();
        assert_eq!(read, paths.iter().cloned().collect::<HashSet<_>>());
        assert!(!dir.path().join(MANIFEST_NEW).exists());
        fs::write(dir.path().join(MANIFEST), "index.html\n").unwrap();
        assert!(read_manifest(dir.path()).unwrap().is_none(), "no header");
        // What placard wrote before manifests had a checksum.
        fs::write(dir.path().join(MANIFEST), format!("{HEADER}\na.html\n")).unwrap();
        assert_eq!(read_manifest(dir.path()).unwrap().unwrap().len(), 1);
    }

    #[test]
    fn an_edited_manifest_is_an_error_not_a_list() {
        let dir = tempfile::tempdir().unwrap();
        let paths = ["index.html".to_owned()];
        write_manifest(dir.path(), paths.iter()).unwrap();
        let path = dir.path().join(MANIFEST);
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, format!("{text}letter.txt\n")).unwrap();
        let err = read_manifest(dir.path()).unwrap_err().to_string();
        assert!(err.contains(".placard-output has been changed"), "{err}");
    }

    #[test]
    fn others_are_what_the_manifest_does_not_list() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        for f in [
            "index.html",
            "news/a/index.html",
            "CNAME",
            ".git/HEAD",
            "news/notes.txt",
        ] {
            fs::create_dir_all(d.join(f).parent().unwrap()).unwrap();
            fs::write(d.join(f), f).unwrap();
        }
        fs::create_dir_all(d.join("empty")).unwrap();
        fs::create_dir_all(d.join("news/b")).unwrap();
        let ours: HashSet<String> = ["index.html", "news/a/index.html", "news/b/index.html"]
            .map(String::from)
            .into();
        let mut found: Vec<String> = others(d, &ours)
            .unwrap()
            .iter()
            .map(|o| slashed(&o.rel).unwrap())
            .collect();
        found.sort();
        // news/b was placard's (emptied since): not someone else's folder.
        assert_eq!(found, [".git/HEAD", "CNAME", "empty", "news/notes.txt"]);
    }
}

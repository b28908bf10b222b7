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

/// The files listed in `dir`'s manifest; `None` when it has none.
pub fn read_manifest(dir: &Path) -> io::Result<Option<HashSet<String>>> {
    let text = match fs::read_to_string(dir.join(MANIFEST)) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut lines = text.lines();
    if lines.next() != Some(HEADER) {
        return Ok(None);
    }
    Ok(Some(lines.map(unescape).collect()))
}

/// The manifest of an output made of `written` (`/`-separated paths).
pub fn manifest<'a>(written: impl Iterator<Item = &'a String>) -> String {
    let mut paths: Vec<&String> = written.collect();
    paths.sort_unstable();
    let mut text = String::with_capacity(HEADER.len() + 40 * paths.len());
    text.push_str(HEADER);
    text.push('\n');
    for p in paths {
        text.push_str(&escape(p));
        text.push('\n');
    }
    text
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
        if entry.depth() == 1 && rel.as_os_str() == MANIFEST {
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
        if let Some(parent) = dest.parent() {
            fs::create_dir_all(parent).map_err(|_| clash(&other.rel))?;
        }
        if other.empty_dir {
            match fs::symlink_metadata(&dest) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => return Err(clash(&other.rel)),
                Err(_) => fs::create_dir(&dest)
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
        fs::write(dir.path().join(MANIFEST), manifest(paths.iter())).unwrap();
        let read = read_manifest(dir.path()).unwrap().unwrap();
        assert_eq!(read, paths.iter().cloned().collect::<HashSet<_>>());
        fs::write(dir.path().join(MANIFEST), "index.html\n").unwrap();
        assert!(read_manifest(dir.path()).unwrap().is_none(), "no header");
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

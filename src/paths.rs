//! Paths that inputs name, kept inside the folder they belong to. A link
//! in a post, a setting of an old site, an image beside a saved page, a
//! folder a theme or a site keeps: each is read only when, every symbolic
//! link resolved, it is inside its folder. Import, migrate, the theme and
//! the build all ask here, so that no way in reads (and then publishes) a
//! file of the machine: `/etc/passwd`, a private key, `/proc/self/environ`.

use std::path::{Path, PathBuf};

/// `rel` as a plain relative path: None when it has a root, a drive or a
/// `..` (`/etc/passwd`, `C:\x`, `a/../../b`); `.` and doubled slashes are
/// dropped.
pub fn plain(rel: &str) -> Option<PathBuf> {
    if rel.starts_with(['/', '\\']) {
        return None;
    }
    let mut out = PathBuf::new();
    for part in rel.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => return None,
            p if p.contains(':') || p.contains('\0') => return None,
            p => out.push(p),
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

/// Whether `path`, every link resolved, is inside `base` (resolved too).
/// False for what does not exist.
pub fn within(base: &Path, path: &Path) -> bool {
    match (base.canonicalize(), path.canonicalize()) {
        (Ok(base), Ok(path)) => path.starts_with(base),
        _ => false,
    }
}

/// The regular file that `rel` names under `base`, when it is one and is
/// inside `base` with every link resolved.
pub fn file(base: &Path, rel: &str) -> Option<PathBuf> {
    let path = base.join(plain(rel)?);
    (path.is_file() && within(base, &path)).then_some(path)
}

/// A walk of the folder `dir` of `base`, by file name, that follows no
/// symbolic link (so yields links as links, never what they point at).
/// An error saying why when `dir` is itself a link or leads out of `base`;
/// a folder that does not exist walks as nothing.
pub fn walk(base: &Path, dir: &Path) -> Result<walkdir::WalkDir, String> {
    let shown = dir.strip_prefix(base).unwrap_or(dir).display();
    match dir.symlink_metadata() {
        Err(_) => {}
        Ok(m) if m.file_type().is_symlink() => {
            return Err(format!(
                "{shown} is a symbolic link, not followed: copy the folder in instead"
            ));
        }
        Ok(_) if !within(base, dir) => {
            return Err(format!(
                "{shown} leads outside {}, not read",
                base.display()
            ));
        }
        Ok(_) => {}
    }
    Ok(walkdir::WalkDir::new(dir)
        .follow_links(false)
        .follow_root_links(false)
        .sort_by_file_name())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_pass() {
        assert_eq!(plain("2013/03/a.jpg"), Some(PathBuf::from("2013/03/a.jpg")));
        assert_eq!(plain("./a//b"), Some(PathBuf::from("a/b")));
        for bad in [
            "/etc/passwd",
            "//etc/passwd",
            "a/../../b",
            "..",
            "C:\\Windows\\x",
            "\\\\host\\share",
            "",
            "a\0b",
        ] {
            assert_eq!(plain(bad), None, "{bad:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_folder_are_never_files_of_it() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("id_rsa"), b"key").unwrap();
        let base = tempfile::tempdir().unwrap();
        std::fs::write(base.path().join("a.jpg"), b"x").unwrap();
        std::os::unix::fs::symlink(outside.path().join("id_rsa"), base.path().join("b.jpg"))
            .unwrap();
        std::os::unix::fs::symlink(outside.path(), base.path().join("linked")).unwrap();
        assert!(file(base.path(), "a.jpg").is_some());
        assert_eq!(file(base.path(), "b.jpg"), None);
        assert_eq!(file(base.path(), "linked/id_rsa"), None);
        assert!(walk(base.path(), &base.path().join("linked")).is_err());
        let found: Vec<_> = walk(base.path(), base.path())
            .unwrap()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(found, ["a.jpg"]);
    }
}

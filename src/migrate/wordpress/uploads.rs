//! Uploads of a WordPress export: the files its posts show, found where
//! the export's folder keeps them (`wp-content/uploads/`, `uploads/`),
//! never outside it, and copied beside the articles that show them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::convert::links::rewrite;

/// `https://x.org/wp-content/uploads/2013/03/a-300x200.jpg` →
/// `2013/03/a.jpg`: an upload's path, without WordPress's size suffix.
pub fn upload_key(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let path = match path.find("/uploads/").or_else(|| path.find("/files/")) {
        Some(i) => path[i..]
            .split_once('/')
            .map_or("", |(_, r)| r)
            .split_once('/')
            .map_or("", |(_, r)| r),
        None => host_path(path),
    };
    let (stem, ext) = path.rsplit_once('.').unwrap_or((path, ""));
    let stem = match stem.rsplit_once('-') {
        Some((s, size))
            if size.split_once('x').is_some_and(|(w, h)| {
                !w.is_empty()
                    && !h.is_empty()
                    && w.bytes().all(|b| b.is_ascii_digit())
                    && h.bytes().all(|b| b.is_ascii_digit())
            }) =>
        {
            s
        }
        _ => stem,
    };
    format!("{stem}.{ext}")
}

fn host_path(url: &str) -> &str {
    match url.split_once("://") {
        Some((_, r)) => r.find('/').map_or("", |i| &r[i + 1..]),
        None => url.trim_start_matches('/'),
    }
}

/// Where an export's uploads may be saved beside it, listed once: its
/// `wp-content/uploads/`, `uploads/`, a multisite's `files/` (each site's
/// `wp-content/blogs.dir/N/files/` or `wp-content/uploads/sites/N/`).
pub struct Uploads {
    beside: PathBuf,
    folders: Vec<PathBuf>,
}

impl Uploads {
    pub fn beside(dir: &Path) -> Uploads {
        let mut folders = vec![
            dir.join("wp-content/uploads"),
            dir.join("uploads"),
            dir.join("files"),
        ];
        for (sites, files) in [
            ("wp-content/uploads/sites", ""),
            ("wp-content/blogs.dir", "files"),
            ("blogs.dir", "files"),
        ] {
            let mut ids: Vec<PathBuf> = std::fs::read_dir(dir.join(sites))
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path().join(files))
                .collect();
            ids.sort();
            folders.extend(ids);
        }
        Uploads {
            beside: dir.to_path_buf(),
            folders,
        }
    }

    /// The file an upload URL names, in one of the folders; never outside
    /// them (no `..`, no absolute path, no link out), whatever the URL says.
    pub fn find(&self, url: &str) -> Option<PathBuf> {
        let key = upload_key(url);
        // Uploads saved straight beside the export, in WordPress's own
        // year and month folders (`2013/03/a.jpg`): nothing else there.
        let dated = key.split('/').collect::<Vec<_>>();
        let beside = matches!(dated[..], [y, m, _] if y.len() == 4 && m.len() == 2
            && y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()))
            && crate::migrate::is_media(&key);
        self.folders
            .iter()
            .chain(beside.then_some(&self.beside))
            .find_map(|f| crate::paths::file(f, &key))
            .filter(|p| crate::paths::within(&self.beside, p))
    }
}

/// The body with the images and links to uploads found beside the export
/// pointing at copies beside the article; the copies to make; how many
/// images stay on another host.
pub fn local_images(
    md: &str,
    local: &HashMap<String, PathBuf>,
    uploads: &Uploads,
    slug: &str,
) -> (String, Vec<(PathBuf, String)>, usize) {
    let mut files: Vec<(PathBuf, String)> = vec![];
    let mut remote = 0;
    let out = rewrite(md, |l| {
        let (url, image) = (l.url, l.image);
        // An attachment of the export, or any upload saved beside it.
        // Its path says so (not its query: `…/passwd?/uploads/`).
        let path = url.split(['?', '#']).next().unwrap_or("");
        let upload = path.contains("/uploads/")
            || path.contains("/files/")
            || path.contains(".files.wordpress.com/");
        let found = local
            .get(&upload_key(url))
            .cloned()
            .or_else(|| upload.then(|| uploads.find(url)).flatten())
            .filter(|_| url.starts_with("http") || url.starts_with('/'));
        let Some(file) = found else {
            remote += usize::from(image && url.starts_with("http"));
            return None;
        };
        let name = format!(
            "{slug}-{}",
            file.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        if !files.iter().any(|(_, n)| n == &name) {
            files.push((file, name.clone()));
        }
        Some(name)
    });
    (out, files, remote)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_multisite_upload_is_found_in_its_sites_folder() {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("wp-content/blogs.dir/3/files/2012/05");
        std::fs::create_dir_all(&at).unwrap();
        std::fs::write(at.join("a.jpg"), b"x").unwrap();
        let uploads = super::Uploads::beside(dir.path());
        let found = uploads.find("https://blog.example/files/2012/05/a-150x150.jpg");
        assert_eq!(found, Some(at.join("a.jpg")));
        assert_eq!(
            uploads.find("https://blog.example/files/2012/05/b.jpg"),
            None
        );
        assert_eq!(
            uploads.find("https://blog.example/files/../../etc/passwd"),
            None
        );
        // Saved beside the export in its year folders: found; what else
        // is beside it: never.
        std::fs::create_dir_all(dir.path().join("2014/02")).unwrap();
        std::fs::write(dir.path().join("2014/02/b.png"), b"x").unwrap();
        std::fs::create_dir_all(dir.path().join(".ssh")).unwrap();
        std::fs::write(dir.path().join(".ssh/id_rsa"), b"key").unwrap();
        assert_eq!(
            uploads.find("https://blog.files.wordpress.com/2014/02/b-300x200.png"),
            Some(dir.path().join("2014/02/b.png"))
        );
        assert_eq!(
            uploads.find("https://blog.example/.ssh/id_rsa?/uploads/"),
            None
        );
        assert_eq!(uploads.find("https://blog.example/files/.ssh/id_rsa"), None);
    }

    #[test]
    fn upload_keys_drop_the_size() {
        assert_eq!(
            super::upload_key("https://x.files.wordpress.com/2013/03/a-300x200.jpg?w=300"),
            "2013/03/a.jpg"
        );
        assert_eq!(
            super::upload_key("https://x.org/wp-content/uploads/2013/03/b.png"),
            "2013/03/b.png"
        );
    }
}

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

/// The file an upload URL names, beside the export: under
/// `wp-content/uploads/`, `uploads/`, a multisite's `files/` (its
/// `wp-content/blogs.dir/N/files/` or `wp-content/uploads/sites/N/`), or
/// the URL's own path.
pub fn find_upload(url: &str, beside: &Path) -> Option<PathBuf> {
    let key = upload_key(url);
    let path = host_path(url.split(['?', '#']).next().unwrap_or(""));
    // Never a file outside the export's folder.
    if key.contains("..") || path.contains("..") {
        return None;
    }
    let mut places = vec![
        beside.join("wp-content/uploads").join(&key),
        beside.join("uploads").join(&key),
        beside.join("files").join(&key),
    ];
    for sites in [
        "wp-content/uploads/sites",
        "wp-content/blogs.dir",
        "blogs.dir",
    ] {
        let files = if sites.ends_with("sites") {
            ""
        } else {
            "files"
        };
        let mut ids: Vec<PathBuf> = std::fs::read_dir(beside.join(sites))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path().join(files).join(&key))
            .collect();
        ids.sort();
        places.extend(ids);
    }
    places.push(beside.join(path));
    places.into_iter().find(|p| p.is_file())
}

/// The body with the images and links to uploads found beside the export
/// pointing at copies beside the article; the copies to make; how many
/// images stay on another host.
pub fn local_images(
    md: &str,
    local: &HashMap<String, PathBuf>,
    beside: &Path,
    slug: &str,
) -> (String, Vec<(PathBuf, String)>, usize) {
    let mut files: Vec<(PathBuf, String)> = vec![];
    let mut remote = 0;
    let out = rewrite(md, |l| {
        let (url, image) = (l.url, l.image);
        // An attachment of the export, or any upload saved beside it.
        let upload = url.contains("/uploads/")
            || url.contains("/files/")
            || url.contains(".files.wordpress.com/");
        let found = local
            .get(&upload_key(url))
            .cloned()
            .or_else(|| upload.then(|| find_upload(url, beside)).flatten())
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
        let dir = std::env::temp_dir().join(format!("placard-ms-{}", std::process::id()));
        let at = dir.join("wp-content/blogs.dir/3/files/2012/05");
        std::fs::create_dir_all(&at).unwrap();
        std::fs::write(at.join("a.jpg"), b"x").unwrap();
        let found = super::find_upload("https://blog.example/files/2012/05/a-150x150.jpg", &dir);
        assert_eq!(found, Some(at.join("a.jpg")));
        assert_eq!(
            super::find_upload("https://blog.example/files/2012/05/b.jpg", &dir),
            None
        );
        std::fs::remove_dir_all(&dir).unwrap();
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

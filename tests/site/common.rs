//! Helpers shared by the whole-site tests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/sites").join(name)
}

/// Runs `placard ARGS` and returns what it printed and its status.
pub fn placard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_placard"))
        .args(args)
        .output()
        .expect("run placard")
}

/// Builds `root` into `out`, asserting success.
pub fn build(root: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let o = placard(&args);
    assert!(
        o.status.success(),
        "build of {} failed:\n{}",
        root.display(),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Copies a folder tree (a fixture site) into `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, by `/`-separated relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let key = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            (key, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Files of `dir` whose names end with `suffix`.
pub fn files_ending(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file() && e.file_name().to_string_lossy().ends_with(suffix))
        .map(|e| e.into_path())
        .collect()
}

/// A tool the test command installs; its absence is a failure, not a skip.
pub fn tool(var: &str) -> String {
    std::env::var(var).unwrap_or_else(|_| {
        panic!("{var} is not set: run the tests with scripts/test, which installs the validators")
    })
}

/// Every `href` and `src` value in an HTML document, quoted or not (the
/// minifier drops quotes where it may).
pub fn links(html: &str) -> Vec<String> {
    let mut out = vec![];
    let bytes = html.as_bytes();
    for attr in [" href=", " src="] {
        let mut from = 0;
        while let Some(i) = html[from..].find(attr) {
            let start = from + i + attr.len();
            let (value, end) = match bytes.get(start) {
                Some(q @ (b'"' | b'\'')) => {
                    let close = html[start + 1..]
                        .find(*q as char)
                        .map_or(html.len(), |n| start + 1 + n);
                    (&html[start + 1..close], close)
                }
                _ => {
                    let close = html[start..]
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .map_or(html.len(), |n| start + n);
                    (&html[start..close], close)
                }
            };
            out.push(value.replace("&amp;", "&"));
            from = end;
        }
    }
    out
}

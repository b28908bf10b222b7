//! Golden tests: the small fixture site and its whole expected output tree,
//! and each migration fixture and the whole site it writes.
//! `PLACARD_BLESS=1 cargo test golden` rewrites tests/golden/small/ and
//! tests/golden/migrate/.

use crate::common::*;

#[test]
fn small_site_builds_exactly_the_golden_tree() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&fixture("small"), &out, &[]);
    same_tree(&out, &repo().join("tests/golden/small"));
}

/// Each migration fixture (a Hugo and a Jekyll site, a WordPress export, a
/// feed) writes exactly the site under tests/golden/migrate/NAME/: every
/// article, section page, setting and file.
#[test]
fn each_migration_writes_exactly_its_golden_site() {
    let fixtures = repo().join("tests/fixtures/migrate");
    for (name, source) in [
        ("hugo", fixtures.join("hugo")),
        ("jekyll", fixtures.join("jekyll")),
        ("wordpress", fixtures.join("wordpress/theme-unit-test.xml")),
        ("feed", repo().join("tests/golden/small/rss.xml")),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let copy = tmp.path().join("source");
        let from = match source.is_dir() {
            true => {
                copy_tree(&source, &copy);
                copy.clone()
            }
            false => {
                std::fs::create_dir_all(&copy).unwrap();
                let file = copy.join(source.file_name().unwrap());
                std::fs::copy(&source, &file).unwrap();
                file
            }
        };
        // A post without a date takes its file's: the same on every clone.
        let day = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_577_880_000);
        for f in files_ending(&copy, "") {
            let file = std::fs::File::options().write(true).open(&f).unwrap();
            file.set_modified(day).unwrap();
        }
        let site = tmp.path().join("site");
        let o = placard(&[
            "migrate",
            from.to_str().unwrap(),
            "--root",
            site.to_str().unwrap(),
        ]);
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        same_tree(&site, &repo().join("tests/golden/migrate").join(name));
    }
}

/// `got` holds exactly the files of `golden`, byte for byte (with
/// PLACARD_BLESS=1, `golden` is rewritten from `got` instead).
fn same_tree(got_dir: &std::path::Path, golden_dir: &std::path::Path) {
    let got = tree(got_dir);
    if std::env::var_os("PLACARD_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(golden_dir);
        copy_tree(got_dir, golden_dir);
        return;
    }
    let want = tree(golden_dir);
    let got_names: Vec<_> = got.keys().collect();
    let want_names: Vec<_> = want.keys().collect();
    assert_eq!(
        got_names,
        want_names,
        "the files differ from {} (PLACARD_BLESS=1 rewrites it)",
        golden_dir.display()
    );
    for (name, bytes) in &want {
        let got = String::from_utf8_lossy(&got[name]);
        let want = String::from_utf8_lossy(bytes);
        if got != want {
            let line = got
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "{name} differs from {} at line {}:\n got: {}\nwant: {}\n(PLACARD_BLESS=1 rewrites it)",
                golden_dir.display(),
                line + 1,
                got.lines().nth(line).unwrap_or(""),
                want.lines().nth(line).unwrap_or("")
            );
        }
    }
}

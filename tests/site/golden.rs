//! Golden test: the small fixture site and its whole expected output tree.
//! `PLACARD_BLESS=1 cargo test golden` rewrites tests/golden/small/.

use crate::common::*;

#[test]
fn small_site_builds_exactly_the_golden_tree() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&fixture("small"), &out, &[]);
    let got = tree(&out);
    let golden_dir = repo().join("tests/golden/small");
    if std::env::var_os("PLACARD_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&golden_dir);
        copy_tree(&out, &golden_dir);
        return;
    }
    let want = tree(&golden_dir);
    let got_names: Vec<_> = got.keys().collect();
    let want_names: Vec<_> = want.keys().collect();
    assert_eq!(
        got_names, want_names,
        "the output files differ from tests/golden/small (PLACARD_BLESS=1 rewrites it)"
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
                "{name} differs from the golden copy at line {}:\n got: {}\nwant: {}\n(PLACARD_BLESS=1 rewrites it)",
                line + 1,
                got.lines().nth(line).unwrap_or(""),
                want.lines().nth(line).unwrap_or("")
            );
        }
    }
}

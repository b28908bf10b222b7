//! The output folder: placard moves, replaces or deletes only what it wrote
//! itself, whatever else the folder holds, and even when a build is killed.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::*;

/// Someone's files: a letter, a folder of notes, an empty folder.
fn users_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::create_dir_all(dir.join("notes/2024")).unwrap();
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    std::fs::write(dir.join("letter.txt"), "Dear all,\nthe minutes.\n").unwrap();
    std::fs::write(dir.join("notes/2024/march.md"), "# March\n").unwrap();
    tree(dir)
}

/// True when every one of `files` is in `dir`, byte for byte.
fn holds(dir: &Path, files: &BTreeMap<String, Vec<u8>>) -> bool {
    let now = tree(dir);
    files.iter().all(|(k, v)| now.get(k) == Some(v))
}

fn build_args<'a>(site: &'a Path, out: &'a Path, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "build",
        "--no-minify",
        "--root",
        site.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    args
}

/// A site big enough for a kill to land in the middle of its build.
fn many_articles(site: &Path, n: usize) {
    for i in 0..n {
        std::fs::write(
            site.join(format!("content/news/many-{i}.md")),
            format!("---\ntitle: Article {i}\ndate: 2020-01-01\n---\nText {i}.\n"),
        )
        .unwrap();
    }
}

#[test]
fn a_folder_holding_someone_elses_files_is_refused_and_left_as_it_was() {
    let (tmp, site) = site_copy("small");
    let docs = tmp.path().join("Documents");
    let before = users_files(&docs);
    let o = placard(&build_args(&site, &docs, &[]));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("refusing to build into {}", docs.display()))
            && err.contains("letter.txt")
            && err.contains("--force-output"),
        "{err}"
    );
    assert_eq!(tree(&docs), before);
    assert!(docs.join("empty").is_dir());
    let beside: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        beside.iter().all(|n| n == "site" || n == "Documents"),
        "{beside:?}"
    );
}

#[test]
fn force_output_keeps_every_file_where_it_was_through_builds_killed_at_any_moment() {
    let (tmp, site) = site_copy("small");
    many_articles(&site, 1500);
    let docs = tmp.path().join("Documents");
    let mine = users_files(&docs);
    let args = build_args(&site, &docs, &["--force-output"]);
    for round in 0..2 {
        for delay in [40, 200, 500, 900, 1400] {
            let mut child = Command::new(env!("CARGO_BIN_EXE_placard"))
                .args(&args)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_millis(delay));
            let _ = child.kill(); // SIGKILL
            let _ = child.wait();
            assert!(
                holds(&docs, &mine) && docs.join("empty").is_dir(),
                "round {round}, killed after {delay} ms: a file of the user's moved or changed"
            );
        }
        let o = placard(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let said = String::from_utf8_lossy(&o.stdout);
        assert!(
            said.contains("Kept what") && said.contains("letter.txt"),
            "{said}"
        );
        assert!(holds(&docs, &mine) && docs.join("empty").is_dir());
        assert!(docs.join("news/many-7/index.html").is_file());
        std::fs::write(
            site.join("content/news/many-7.md"),
            format!("---\ntitle: Changed {round}\ndate: 2020-01-01\n---\nNew.\n"),
        )
        .unwrap();
    }
    // The second build rewrote placard's own files and nothing else.
    assert!(
        String::from_utf8_lossy(&std::fs::read(docs.join("news/many-7/index.html")).unwrap())
            .contains("Changed 0")
    );
    // No copy of the user's files is left in the folder placard keeps.
    let kept = tmp.path().join(".Documents.placard-next");
    assert!(!kept.join("letter.txt").exists());
}

#[test]
fn a_git_folder_and_a_cname_in_placards_own_output_survive_rebuilds() {
    let (tmp, site) = site_copy("small");
    let out = tmp.path().join("public");
    build(&site, &out, &[]);
    std::fs::create_dir_all(out.join(".git/objects/ab")).unwrap();
    std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(out.join(".git/objects/ab/cdef"), [0u8, 1, 2, 3]).unwrap();
    std::fs::write(out.join("CNAME"), "campaign.example.org\n").unwrap();
    std::fs::write(out.join("news/notes.txt"), "mine\n").unwrap();
    let theirs: BTreeMap<_, _> = tree(&out)
        .into_iter()
        .filter(|(k, _)| k.starts_with(".git/") || k == "CNAME" || k == "news/notes.txt")
        .collect();
    assert_eq!(theirs.len(), 4);
    for i in 0..3 {
        std::fs::write(
            site.join("content/news/added.md"),
            format!("---\ntitle: Added {i}\ndate: 2021-01-01\n---\nText.\n"),
        )
        .unwrap();
        build(&site, &out, &[]);
        assert!(holds(&out, &theirs), "rebuild {i} lost a file");
    }
    // Apart from those, the output is what a fresh build makes.
    let fresh = tmp.path().join("fresh");
    build(&site, &fresh, &[]);
    let mut rebuilt = tree(&out);
    rebuilt.retain(|k, _| !theirs.contains_key(k));
    assert!(rebuilt == tree(&fresh), "the rebuilt output differs");
    // An article that would land on a file of theirs is an error, and
    // changes nothing.
    std::fs::create_dir_all(out.join("news/mine")).unwrap();
    std::fs::write(out.join("news/mine/index.html"), "my page").unwrap();
    let before = tree(&out);
    std::fs::write(
        site.join("content/news/mine.md"),
        "---\ntitle: Mine\ndate: 2021-01-01\n---\nText.\n",
    )
    .unwrap();
    let o = placard(&build_args(&site, &out, &[]));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&out.join("news/mine/index.html").display().to_string())
            && err.contains("was not written by placard"),
        "{err}"
    );
    assert!(tree(&out) == before, "a failed build changed the output");
}

#[test]
fn a_kept_folder_placard_did_not_make_is_never_touched() {
    let (tmp, site) = site_copy("small");
    let kept = tmp.path().join(".public.placard-next");
    let mine = users_files(&kept);
    let o = placard(&build_args(&site, &tmp.path().join("public"), &[]));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("refusing to touch {}", kept.display())),
        "{err}"
    );
    assert_eq!(tree(&kept), mine);
}

#[test]
fn a_hard_link_to_an_output_file_is_never_written_through() {
    let (tmp, site) = site_copy("small");
    let out = tmp.path().join("public");
    build(&site, &out, &[]);
    build(&site, &out, &[]);
    // A backup made with hard links (`cp -al`) of the copy placard keeps.
    let kept = tmp.path().join(".public.placard-next");
    let backup = tmp.path().join("backup.html");
    std::fs::hard_link(kept.join("index.html"), &backup).unwrap();
    let before = std::fs::read(&backup).unwrap();
    std::fs::write(
        site.join("content/news/added.md"),
        "---\ntitle: A new headline\ndate: 2024-01-01\n---\nText.\n",
    )
    .unwrap();
    build(&site, &out, &[]);
    assert!(
        String::from_utf8_lossy(&std::fs::read(out.join("index.html")).unwrap())
            .contains("A new headline")
    );
    assert_eq!(std::fs::read(&backup).unwrap(), before);
}

#[test]
fn two_builds_into_one_folder_take_turns() {
    let (tmp, site) = site_copy("small");
    many_articles(&site, 1500);
    let out = tmp.path().join("public");
    let args = build_args(&site, &out, &[]);
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_placard"))
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let first = spawn();
    std::thread::sleep(Duration::from_millis(100));
    let second = spawn().wait_with_output().unwrap();
    let first = first.wait_with_output().unwrap();
    assert!(first.status.success() && second.status.success());
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("waiting for another placard build"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    let fresh = tmp.path().join("fresh");
    build(&site, &fresh, &["--no-minify"]);
    assert!(tree(&out) == tree(&fresh));
}

#[cfg(unix)]
#[test]
fn a_private_folder_built_into_stays_private_and_so_do_its_folders() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, site) = site_copy("small");
    let docs = tmp.path().join("Documents");
    let mine = users_files(&docs);
    let private = std::fs::Permissions::from_mode(0o700);
    std::fs::set_permissions(&docs, private.clone()).unwrap();
    std::fs::set_permissions(docs.join("notes"), private.clone()).unwrap();
    std::fs::set_permissions(docs.join("empty"), private).unwrap();
    for _ in 0..2 {
        build(&site, &docs, &["--force-output"]);
        assert!(holds(&docs, &mine));
        for dir in ["", "notes", "empty"] {
            let mode = std::fs::metadata(docs.join(dir))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o700, "Documents/{dir} is {:o}", mode & 0o777);
        }
    }
}

#[test]
fn an_edited_manifest_is_refused_and_the_file_it_names_is_kept() {
    let (tmp, site) = site_copy("small");
    let out = tmp.path().join("public");
    build(&site, &out, &[]);
    std::fs::write(out.join("letter.txt"), "Dear all,\n").unwrap();
    let manifest = out.join(placard::write::MANIFEST);
    let listed = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, format!("{listed}letter.txt\n")).unwrap();
    let before = tree(&out);
    for extra in [&[][..], &["--force-output"][..]] {
        let o = placard(&build_args(&site, &out, extra));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(
            err.contains(".placard-output has been changed since placard wrote it"),
            "{err}"
        );
        assert_eq!(tree(&out), before);
    }
}

#[test]
fn building_into_the_current_folder_twice_rebuilds_that_folder() {
    let (tmp, site) = site_copy("small");
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    for round in 0..3 {
        // The build swaps folders: a shell inside out/ is left in the
        // previous output, which is placard's staging folder until the
        // next build swaps it back.
        let shell = match round % 2 {
            0 => out.clone(),
            _ => tmp.path().join(".out.placard-next"),
        };
        let o = Command::new(env!("CARGO_BIN_EXE_placard"))
            .args(["build", "--root", site.to_str().unwrap(), "--output", "."])
            .current_dir(&shell)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "round {round}: {err}");
        assert!(out.join("index.html").is_file(), "round {round}");
        assert_eq!(err.contains("building into"), round == 1, "{err}");
        assert_eq!(err.contains("`cd "), round != 1, "{err}");
        let names: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names
                .iter()
                .all(|n| ["site", "out", ".out.placard-next"].contains(&n.as_str())),
            "round {round}: {names:?}"
        );
    }
}

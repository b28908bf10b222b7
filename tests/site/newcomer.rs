//! A newcomer's first hour: a wrong folder, a mistyped key, a new site's
//! settings, `new` on a site with one section, shell completions, the
//! version, and progress on long work.

use std::path::Path;

use crate::common::*;

fn text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn init(dir: &Path) {
    let o = placard(&["init", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn a_folder_that_does_not_exist_is_named_as_such_by_every_command() {
    let tmp = tempfile::tempdir().unwrap();
    let gone = tmp.path().join("no-such-site");
    let gone = gone.to_str().unwrap();
    for args in [
        vec!["build", "--root", gone],
        vec!["check", "--root", gone],
        vec!["serve", "--root", gone, "--port", "0"],
        vec!["import", "--root", gone, "clipping.txt"],
        vec!["new", "A headline", "--root", gone],
    ] {
        let o = placard(&args);
        assert!(!o.status.success(), "{args:?}");
        let shown = text(&o);
        assert!(
            shown.contains(&format!("{gone}: no such folder")) && shown.contains("placard init"),
            "{args:?}: {shown}"
        );
    }
    // A folder that is there but is no site says that instead.
    let o = placard(&["build", "--root", tmp.path().to_str().unwrap()]);
    assert!(text(&o).contains("no content/ folder here"), "{}", text(&o));
}

#[test]
fn a_misspelt_title_is_pointed_at_where_it_stands() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    init(&site);
    std::fs::write(
        site.join("content/news/misspelt.md"),
        "---\ndate: 2024-01-02\ntitel: Hello\n---\nBody\n",
    )
    .unwrap();
    let o = build_output(&site, &tmp.path().join("public"));
    assert!(!o.status.success());
    assert!(
        text(&o).contains(
            "content/news/misspelt.md:3: missing `title:`; did you mean `title` for `titel`?"
        ),
        "{}",
        text(&o)
    );
}

/// A new site's site.yaml names every key: with each one after a `#`
/// taken in (and what is nested under it), the site builds and checks
/// without a warning about a key.
#[test]
fn a_new_sites_settings_name_every_key_and_each_is_real() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    init(&site);
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(
        !yaml.contains("README"),
        "names a file the site does not have"
    );
    let mut taken = String::new();
    let mut open = false;
    let mut keys = vec![];
    for line in yaml.lines() {
        let key = line.strip_prefix("# ").filter(|l| {
            l.split_once(':').is_some_and(|(k, _)| {
                !k.is_empty() && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            })
        });
        if let Some(l) = key {
            keys.push(l.split_once(':').unwrap().0.to_string());
            taken.push_str(l);
            open = true;
        } else if let (true, Some(l)) = (open, line.strip_prefix("#  ")) {
            taken.push_str(l);
        } else {
            taken.push_str(line);
            open = false;
        }
        taken.push('\n');
    }
    // Every key site.yaml takes: set, or after a #.
    for key in placard::config::KEYS {
        let given = yaml.lines().any(|l| l.starts_with(&format!("{key}:")));
        assert!(
            given || keys.iter().any(|k| k == key),
            "{key} is not named: {yaml}"
        );
    }
    std::fs::write(site.join("site.yaml"), &taken).unwrap();
    let o = build_output(&site, &tmp.path().join("public"));
    assert!(o.status.success(), "{taken}\n{}", text(&o));
    assert!(!text(&o).contains("site.yaml"), "{taken}\n{}", text(&o));
    // The languages taken in are built.
    assert!(tmp.path().join("public/ru").is_dir(), "{taken}");
}

#[test]
fn new_takes_the_one_section_and_says_how_to_make_another() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    init(&site);
    let root = site.to_str().unwrap();
    let o = placard(&["new", "Shelter opens", "--root", root]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(site.join("content/news/shelter-opens.md").is_file());
    let o = placard(&["new", "A report", "--section", "reports", "--root", root]);
    assert!(!o.status.success());
    assert!(
        text(&o).contains("create content/reports/_index.md holding its `title:`"),
        "{}",
        text(&o)
    );
    // Made as it says, the section takes the article.
    std::fs::create_dir_all(site.join("content/reports")).unwrap();
    std::fs::write(
        site.join("content/reports/_index.md"),
        "---\ntitle: Reports\n---\n",
    )
    .unwrap();
    let o = placard(&["new", "A report", "--section", "reports", "--root", root]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(site.join("content/reports/a-report.md").is_file());
}

#[test]
fn completions_are_scripts_each_shell_reads() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let o = placard(&["completions", shell]);
        assert!(o.status.success(), "{shell}: {}", text(&o));
        let script = String::from_utf8(o.stdout).unwrap();
        for command in ["build", "serve", "import", "migrate", "check"] {
            assert!(script.contains(command), "{shell}: no {command}");
        }
    }
    // bash itself reads the script, and completes `placard bu` to build.
    let o = placard(&["completions", "bash"]);
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("placard.bash");
    std::fs::write(&file, &o.stdout).unwrap();
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source {}; COMP_WORDS=(placard bu); COMP_CWORD=1; _placard placard bu placard; echo \"${{COMPREPLY[@]}}\"",
            file.display()
        ))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "build");
}

#[test]
fn the_version_is_told() {
    let o = placard(&["--version"]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        format!("placard {}", env!("CARGO_PKG_VERSION"))
    );
}

/// Progress in a log (standard error not a terminal) is plain lines; with
/// `--quiet` there is none. `PLACARD_PROGRESS=always` shows it however
/// short the work, as it shows after two seconds otherwise.
#[test]
fn progress_is_plain_lines_in_a_log_and_nothing_when_quiet() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    init(&site);
    let img = image::RgbImage::from_pixel(64, 48, image::Rgb([120, 30, 30]));
    for i in 0..3 {
        img.save(site.join(format!("content/news/photo-{i}.png")))
            .unwrap();
    }
    let run = |quiet: bool| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_placard"));
        c.env("PLACARD_PROGRESS", "always").args([
            "build",
            "--root",
            site.to_str().unwrap(),
            "--output",
            tmp.path().join("public").to_str().unwrap(),
        ]);
        if quiet {
            c.arg("--quiet");
        }
        let o = c.output().unwrap();
        assert!(o.status.success(), "{}", text(&o));
        (
            String::from_utf8_lossy(&o.stderr).to_string(),
            String::from_utf8_lossy(&o.stdout).to_string(),
        )
    };
    let (err, out) = run(false);
    // The three photos and the theme's favicon.
    assert!(
        err.lines()
            .any(|l| l.starts_with("images: ") && l.ends_with(" of 4")),
        "{err}"
    );
    assert!(
        err.lines().any(|l| l.starts_with("images: 4 of 4 in ")),
        "{err}"
    );
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
    assert!(out.contains("Built 1 article"), "{out}");
    let (err, out) = run(true);
    assert!(!err.contains("images:") && !err.contains("files:"), "{err}");
    assert!(
        out.contains("Built 1 article"),
        "quiet keeps the report: {out}"
    );
}

//! One pipeline: build, check and serve find the same problems in the same
//! site.

use std::collections::BTreeSet;
use std::path::Path;

use placard::serve::Live;

use crate::common::*;

/// The problems of a report, one `file:line: message` per line.
fn problem_lines(report: &str) -> BTreeSet<String> {
    report
        .lines()
        .map(|l| l.trim_start_matches("error: "))
        .filter(|l| l.starts_with("content/"))
        .map(str::to_string)
        .collect()
}

fn break_site(site: &Path) {
    let file = site.join("content/news/first-report.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let text = text
        .replace("related: [second-report]", "related: [no-such-report]")
        .replace(
            "Text with a footnote.",
            "Text with ![a photo](photo.jpg), a [link](../essays/nowhere/) and a footnote.",
        );
    std::fs::write(&file, text).unwrap();
}

#[test]
fn build_check_and_serve_give_the_same_verdict_on_a_broken_site() {
    let (_tmp, site) = site_copy("small");
    break_site(&site);
    let root = site.to_str().unwrap();

    let built = placard(&["build", "--root", root]);
    assert_eq!(built.status.code(), Some(1));
    assert!(
        !site.join("public").exists(),
        "a failed build wrote public/"
    );
    let build = problem_lines(&String::from_utf8_lossy(&built.stderr));

    let checked = placard(&["check", "--root", root]);
    assert_eq!(checked.status.code(), Some(1));
    let check = problem_lines(&String::from_utf8_lossy(&checked.stderr));

    let mut live = Live::new(
        site.clone(),
        "http://127.0.0.1:1111/".into(),
        true,
        String::new(),
    )
    .unwrap();
    let served = live.full_build().unwrap_err().to_string();
    let serve = problem_lines(&served);

    for (what, needle) in [
        (
            "bad related",
            "content/news/first-report.md:11: related \"no-such-report\"",
        ),
        ("missing image", "image /news/photo.jpg not found"),
        (
            "broken relative link",
            "link to ../essays/nowhere/: there is nothing at /essays/nowhere/",
        ),
    ] {
        assert!(
            build.iter().any(|l| l.contains(needle)),
            "build misses the {what}: {build:?}"
        );
    }
    assert_eq!(build.len(), 3, "{build:?}");
    assert_eq!(check, build, "check and build disagree");
    assert_eq!(serve, build, "serve and build disagree");
}

#[test]
fn serve_finds_the_same_problems_when_an_edit_brings_them() {
    let (_tmp, site) = site_copy("small");
    let mut live = Live::new(
        site.clone(),
        "https://example.org/".into(),
        true,
        String::new(),
    )
    .unwrap();
    live.full_build().unwrap();
    break_site(&site);
    let updated = live
        .update(&[site.join("content/news/first-report.md")])
        .unwrap_err()
        .to_string();
    let built = placard(&["build", "--root", site.to_str().unwrap()]);
    assert_eq!(
        problem_lines(&updated),
        problem_lines(&String::from_utf8_lossy(&built.stderr))
    );
}

#[test]
fn a_link_to_a_draft_or_a_future_article_is_one_warning_in_build_and_check() {
    let (tmp, site) = site_copy("small");
    let file = site.join("content/news/second-report.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        format!("{text}\nSee [the unfinished one](@/news/unfinished.md) and [the scheduled one](@/news/scheduled.md#top), and write to <press@example.org>.\n"),
    )
    .unwrap();
    let root = site.to_str().unwrap();
    let out = tmp.path().join("public");
    let built = placard(&["build", "--root", root, "--output", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&built.stderr).to_string();
    assert!(built.status.success(), "{stderr}");
    let checked = placard(&["check", "--root", root]);
    let report = String::from_utf8_lossy(&checked.stdout).to_string()
        + &String::from_utf8_lossy(&checked.stderr);
    assert!(checked.status.success(), "{report}");
    let warning = |all: &str| -> BTreeSet<String> {
        all.lines()
            .filter(|l| l.contains("draft or dated in the future"))
            .map(|l| l.trim_start_matches("warning: ").to_string())
            .collect()
    };
    let from_build = warning(&stderr);
    assert_eq!(from_build.len(), 2, "{stderr}");
    assert_eq!(from_build, warning(&report), "build and check disagree");
    assert!(
        from_build
            .iter()
            .all(|w| w.starts_with("content/news/second-report.md:"))
    );
    // Readers get the text, and the e-mail address to write to.
    let page = std::fs::read_to_string(out.join("news/second-report/index.html")).unwrap();
    assert!(
        page.contains("See the unfinished one and the scheduled one"),
        "{page}"
    );
    assert!(page.contains("href=\"mailto:press@example.org\""), "{page}");
}

#[test]
fn an_old_address_written_with_percent_escapes_answers_where_a_host_looks() {
    let (tmp, site) = site_copy("small");
    let file = site.join("content/news/second-report.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let text = text.replacen(
        "---\n",
        "---\naliases: [\"/2019/a%E2%80%91b/\", \"/x/%2e%2e/y/\"]\n",
        1,
    );
    std::fs::write(&file, text).unwrap();
    let out = tmp.path().join("public");
    build(&site, &out, &[]);
    // A static host decodes the request's path and looks for that folder.
    assert!(out.join("2019/a\u{2011}b/index.html").is_file());
    // An escaped `..` stays escaped: nothing is written outside its place.
    assert!(out.join("x/%2e%2e/y/index.html").is_file());
    let redirects = std::fs::read_to_string(out.join("_redirects")).unwrap();
    assert!(redirects.contains("/2019/a%E2%80%91b/ "), "{redirects}");
}

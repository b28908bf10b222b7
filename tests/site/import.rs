//! `placard import`: every clipping shape in tests/fixtures/clippings/
//! against its expected article (tests/golden/import/, rewritten with
//! PLACARD_BLESS=1), the seed into exactly the articles in content/, and
//! the rules that keep anything from being lost.

use std::path::{Path, PathBuf};

use crate::common::*;

/// A site with the repository's settings and sections but no articles.
pub(crate) fn empty_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::copy(repo().join("site.yaml"), site.join("site.yaml")).unwrap();
    for e in walkdir::WalkDir::new(repo().join("content"))
        .into_iter()
        .map(Result::unwrap)
    {
        if e.file_name() == "_index.md" {
            let target = site.join(e.path().strip_prefix(repo()).unwrap());
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(e.path(), target).unwrap();
        }
    }
    (tmp, site)
}

fn clipping(name: &str) -> String {
    repo()
        .join("tests/fixtures/clippings")
        .join(name)
        .to_string_lossy()
        .to_string()
}

pub(crate) fn import(site: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["import", "--root", site.to_str().unwrap()];
    all.extend_from_slice(args);
    let o = placard(&all);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into(),
        String::from_utf8_lossy(&o.stderr).into(),
    )
}

/// The articles under content/, by path (without the _index.md files).
fn articles(site: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    tree(&site.join("content"))
        .into_iter()
        .filter(|(k, _)| !k.ends_with("_index.md"))
        .collect()
}

#[test]
fn every_clipping_shape_imports_to_its_expected_article() {
    let (_tmp, site) = empty_site();
    let dir = repo().join("tests/fixtures/clippings");
    let (code, out, err) = import(&site, &[dir.to_str().unwrap()]);
    // no-story.txt is the one clipping that must fail, alone.
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("no-story.txt: holds no story"), "{err}");
    assert!(err.contains("error: 1 file could not be imported"), "{err}");
    let got = articles(&site);
    assert_eq!(got.len(), 10, "{:?}", got.keys());
    let golden = repo().join("tests/golden/import");
    if std::env::var_os("PLACARD_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&golden);
        copy_tree(&site.join("content"), &golden);
        for e in walkdir::WalkDir::new(&golden)
            .into_iter()
            .map(Result::unwrap)
        {
            if e.file_name() == "_index.md" {
                std::fs::remove_file(e.path()).unwrap();
            }
        }
        return;
    }
    let want = tree(&golden);
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "articles differ from tests/golden/import"
    );
    for (name, bytes) in &want {
        assert_eq!(
            String::from_utf8_lossy(&got[name]),
            String::from_utf8_lossy(bytes),
            "{name} differs (PLACARD_BLESS=1 rewrites)"
        );
    }
    // The table names each file, its article, section, date and warnings.
    assert!(out.contains("kosovo-nato-sex-trade.txt  content/sex-trade/sex-trafficking/kosovo-nato-force-feeds-kosovo-sex-trade.md"), "{out}");
    assert!(out.contains("none: draft"), "{out}");
    assert!(
        err.contains("\"A report without a date\": no date was found; written as a draft"),
        "{err}"
    );
}

#[test]
fn the_seed_imports_into_exactly_the_articles_in_content() {
    let (_tmp, site) = empty_site();
    let (code, out, err) = import(&site, &[&clipping("kosovo-nato-sex-trade.txt")]);
    assert_eq!(code, 0, "{out}{err}");
    let mine: std::collections::BTreeMap<String, Vec<u8>> = articles(&repo());
    assert_eq!(
        articles(&site),
        mine,
        "the seed's import differs from content/"
    );
}

#[test]
fn reimporting_changes_nothing_and_says_unchanged() {
    let (_tmp, site) = empty_site();
    import(
        &site,
        &[
            &clipping("kosovo-nato-sex-trade.txt"),
            &clipping("saved-page.html"),
        ],
    );
    let before = articles(&site);
    let (code, out, _) = import(
        &site,
        &[
            &clipping("kosovo-nato-sex-trade.txt"),
            &clipping("saved-page.html"),
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(
        out.lines().filter(|l| l.ends_with(" unchanged")).count(),
        3,
        "{out}"
    );
    assert!(out.contains("0 written, 3 unchanged"), "{out}");
    assert!(articles(&site) == before);
}

#[test]
fn an_edited_article_is_never_overwritten_without_overwrite() {
    let (_tmp, site) = empty_site();
    import(&site, &[&clipping("demand-crlf.txt")]);
    let file = site.join("content/tackling-demand/men-buying-sex-face-new-law.md");
    let edited = std::fs::read_to_string(&file)
        .unwrap()
        .replace("Campaigners said", "Campaigners (edited by hand) said");
    std::fs::write(&file, &edited).unwrap();
    let (code, out, err) = import(&site, &[&clipping("demand-crlf.txt")]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("kept (differs)"), "{out}");
    assert!(
        err.contains("men-buying-sex-face-new-law.md: exists with other content")
            && err.contains("--overwrite"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);
    let (_, dry, _) = import(
        &site,
        &[&clipping("demand-crlf.txt"), "--overwrite", "--dry-run"],
    );
    assert!(dry.contains("would overwrite"), "{dry}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        edited,
        "a dry run wrote"
    );
    let (_, out, _) = import(&site, &[&clipping("demand-crlf.txt"), "--overwrite"]);
    assert!(out.contains("overwritten"), "{out}");
    assert!(
        !std::fs::read_to_string(&file)
            .unwrap()
            .contains("edited by hand")
    );
}

#[test]
fn a_different_story_with_a_taken_slug_gets_another_slug() {
    let (_tmp, site) = empty_site();
    import(&site, &[&clipping("demand-crlf.txt")]);
    let other = site.join("other.txt");
    std::fs::write(&other, "Men buying sex face new law\n\nSource: Another Paper\nDate: 8 September 2010\n\nSex buyers and punters face fines under the Nordic model.\n").unwrap();
    let (code, out, _) = import(&site, &[other.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        out.contains("content/tackling-demand/men-buying-sex-face-new-law-2.md"),
        "{out}"
    );
    assert_eq!(articles(&site).len(), 2);
}

#[test]
fn a_dry_run_shows_the_articles_and_writes_nothing() {
    let (_tmp, site) = empty_site();
    let (code, out, _) = import(
        &site,
        &[&clipping("kosovo-nato-sex-trade.txt"), "--dry-run"],
    );
    assert_eq!(code, 0);
    assert!(out.contains("=== content/sex-trade/sex-trafficking/kosovo-un-troops-fuel-sex-trade.md ===\n---\ntitle: "), "{out}");
    assert!(
        out.contains("would write") && out.contains("dry run: nothing written"),
        "{out}"
    );
    assert!(articles(&site).is_empty());
}

#[test]
fn section_override_and_unknown_sections() {
    let (_tmp, site) = empty_site();
    let (code, out, _) = import(
        &site,
        &[
            &clipping("demand-crlf.txt"),
            "--section",
            "men-speaking-out",
        ],
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("content/men-speaking-out/men-buying-sex-face-new-law.md"),
        "{out}"
    );
    let (code, _, err) = import(
        &site,
        &[&clipping("demand-crlf.txt"), "--section", "nowhere"],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("--section nowhere: there is no such section; the sections are ")
            && err.contains("sex-trade/sex-trafficking"),
        "{err}"
    );
}

#[test]
fn hostile_text_builds_into_a_page_that_shows_it_as_text() {
    let (tmp, site) = empty_site();
    let (code, _, err) = import(&site, &[&clipping("hostile.txt")]);
    assert_eq!(code, 0, "{err}");
    let out = tmp.path().join("public");
    build(&site, &out, &["--no-minify"]);
    let page = files_ending(&out.join("sex-trade/prostitution"), "index.html")
        .into_iter()
        .find(|p| p.to_string_lossy().contains("the-script-alert"))
        .expect("the hostile article's page");
    let html = std::fs::read_to_string(page).unwrap();
    assert!(
        !html.contains("<script>alert")
            && !html.contains("<img src=x")
            && !html.contains("href=\"javascript:"),
        "markup got through"
    );
    assert!(
        !html.contains("<b>Source</b>") && !html.contains("<em>"),
        "markup got through"
    );
    for shown in [
        "&lt;script&gt;alert(",
        "{{ site.title }}",
        "{% if x %}",
        "# Not a heading",
        "&lt;img src=x onerror=alert(1)&gt;",
        "[a link](javascript:alert(1))",
        "_item_",
        "`code`",
        "{{ x }}",
        "1. not a numbered list",
        "*stars*",
    ] {
        assert!(
            html.contains(shown),
            "the page does not show {shown:?} as text"
        );
    }
}

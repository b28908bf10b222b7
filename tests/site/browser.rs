//! A real browser (headless Chromium, driven by playwright-core) left open
//! on a page served by `placard serve`.

use crate::common::*;

#[test]
fn a_page_left_open_follows_edits_and_shows_build_errors() {
    let (_tmp, site) = site_copy("small");
    // The site's own stylesheet, overriding the theme's, to edit live.
    let css = site.join("static/css/style.css");
    std::fs::create_dir_all(css.parent().unwrap()).unwrap();
    std::fs::copy(repo().join("themes/default/static/css/style.css"), &css).unwrap();
    let server = Server::start(&site, &[]);
    let url = format!("http://{}/news/first-report/", server.addr);
    let (passed, report) = browser_script(
        "live_reload.mjs",
        &[&url, &site.join("content/news/first-report.md"), &css],
    );
    assert!(passed, "browser test failed:\n{report}");
    assert_eq!(report.matches("ok: ").count(), 4, "{report}");
}

#[test]
fn the_theme_is_accessible_private_and_safe_in_a_real_browser() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&repo(), &out, &[]);
    let shots = repo().join("target/screenshots");
    let config = placard::config::Config::load(&repo()).unwrap();
    let (passed, report) = browser_script("theme.mjs", &[&out, &config.exit.url, &shots]);
    assert!(passed, "theme test failed:\n{report}");
    // Seven page kinds, search on its page and from the header, two ways
    // out, screenshots.
    assert_eq!(report.matches("ok: ").count(), 13, "{report}");
    for shot in ["article-phone.png", "article-desktop.png"] {
        assert!(
            std::fs::metadata(shots.join(shot)).unwrap().len() > 10_000,
            "{shot} is missing or blank"
        );
    }
    eprintln!("screenshots of the article page: {}", shots.display());
}

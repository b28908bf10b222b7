//! A real browser (headless Chromium, driven by playwright-core) left open
//! on a page served by `placard serve`.

use std::process::Command;

use crate::common::*;

#[test]
fn a_page_left_open_follows_edits_and_shows_build_errors() {
    let (_tmp, site) = site_copy("small");
    let server = Server::start(&site, &[]);
    let url = format!("http://{}/news/first-report/", server.addr);
    let out = Command::new("node")
        .arg(repo().join("tests/browser/live_reload.mjs"))
        .arg(&url)
        .arg(site.join("content/news/first-report.md"))
        .env("PLACARD_NODE_MODULES", tool("PLACARD_NODE_MODULES"))
        .env("PLACARD_CHROMIUM", tool("PLACARD_CHROMIUM"))
        .output()
        .expect("run node");
    let report =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "browser test failed:\n{report}");
    assert_eq!(report.matches("ok: ").count(), 3, "{report}");
}

//! The seed site (the repository's own content/) checked by real tools:
//! every page through the Nu HTML checker (and the minified pages holding
//! what the plain ones hold), every feed through feedparser,
//! every link and asset resolved, the sitemap complete, a subpath build
//! that never escapes its subpath.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use crate::common::*;

/// Runs the Nu HTML checker over every page in `dir`; 0 errors allowed.
fn assert_valid_html(dir: &Path, at_least: usize) {
    let pages = files_ending(dir, ".html");
    assert!(
        pages.len() >= at_least,
        "expected the whole site, found {} pages",
        pages.len()
    );
    assert_valid_pages(&pages);
}

/// Runs the Nu HTML checker over `pages`; 0 errors allowed.
pub fn assert_valid_pages(pages: &[std::path::PathBuf]) {
    let out = Command::new("java")
        .arg("-jar")
        .arg(tool("PLACARD_VNU_JAR"))
        .args(["--errors-only", "--format", "gnu"])
        .args(pages)
        .output()
        .expect("run java -jar vnu.jar");
    let report =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && report.trim().is_empty(),
        "Nu HTML checker errors:\n{report}"
    );
}

#[test]
fn every_page_passes_the_nu_html_checker_minified_and_not() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, flags) in [("minified", &[][..]), ("plain", &["--no-minify"][..])] {
        let out = tmp.path().join(name);
        build(&repo(), &out, flags);
        assert_valid_html(&out, 20);
    }
    // The fixture site has what the seed has not: drafts, tables, footnotes,
    // redirect pages for aliases, pagination.
    let out = tmp.path().join("fixture");
    build(&fixture("small"), &out, &["--drafts", "--future"]);
    assert_valid_html(&out, 18);
    // Minifying changed how the pages are written, not what they hold.
    let o = Command::new(tool("PLACARD_PYTHON"))
        .arg(repo().join("tests/tools/same_pages.py"))
        .args([tmp.path().join("plain"), tmp.path().join("minified")])
        .output()
        .expect("run same_pages.py");
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success() && said.contains("pages the same"),
        "{said}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let compared: usize = said.split_whitespace().next().unwrap().parse().unwrap();
    assert!(compared >= 20, "{said}");
    // The two builds really differ: the check saw minified HTML.
    let home = |n: &str| {
        std::fs::read(tmp.path().join(n).join("index.html"))
            .unwrap()
            .len()
    };
    assert!(
        home("minified") < home("plain"),
        "minified home page is not smaller"
    );
}

#[test]
fn every_feed_parses_in_feedparser() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&repo(), &out, &[]);
    let mut feeds = files_ending(&out, "rss.xml");
    // Home, ten sections, and one per tag.
    assert!(feeds.len() >= 11 + 3, "only {} feeds", feeds.len());
    let atom = files_ending(&out, "atom.xml");
    assert_eq!(atom.len(), feeds.len(), "an Atom feed beside each RSS feed");
    feeds.extend(atom);
    let o = Command::new(tool("PLACARD_PYTHON"))
        .arg(repo().join("tests/tools/check_feeds.py"))
        .args(&feeds)
        .output()
        .expect("run feedparser");
    let report = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "feedparser:\n{report}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // The site feed carries both seed stories with full content.
    assert!(report.lines().any(|l| l == "rss.xml: 2 items"), "{report}");
    assert!(report.lines().any(|l| l == "atom.xml: 2 items"), "{report}");
}

/// Checks that every link and asset in every page resolves to a file, and
/// that links never leave `base_path`.
pub fn assert_links_resolve(out: &Path, base_path: &str, origin: &str) -> usize {
    let mut checked = 0;
    for page in files_ending(out, ".html") {
        let html = std::fs::read_to_string(&page).unwrap();
        for link in links(&html) {
            let local = match link.strip_prefix(origin) {
                Some(rest) => rest.to_string(),
                None if link.starts_with('/') && !link.starts_with("//") => link.clone(),
                None => continue, // external, fragment-only or relative
            };
            let path = local.split(['#', '?']).next().unwrap();
            // As a server reads it: percent-encoded letters are letters.
            let path = &*percent_encoding::percent_decode_str(path).decode_utf8_lossy();
            let inside = path.strip_prefix(base_path).unwrap_or_else(|| {
                panic!(
                    "{}: link {link} escapes the base path {base_path}",
                    page.display()
                )
            });
            let mut file = out.join(inside);
            if path.ends_with('/') {
                file = file.join("index.html");
            }
            assert!(
                file.is_file(),
                "{}: link {link} points at nothing ({})",
                page.display(),
                file.display()
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn every_link_and_asset_resolves_and_the_sitemap_lists_every_page() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&repo(), &out, &[]);
    let checked = assert_links_resolve(&out, "/", "https://placard.example.org");
    assert!(checked > 200, "only {checked} links checked");

    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let listed: BTreeSet<String> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap().to_string())
        .collect();
    let pages: BTreeSet<String> = files_ending(&out, "index.html")
        .iter()
        .map(|p| {
            let rel = p
                .parent()
                .unwrap()
                .strip_prefix(&out)
                .unwrap()
                .to_string_lossy()
                .to_string();
            let rel = if rel.is_empty() {
                rel
            } else {
                format!("{rel}/")
            };
            format!("https://placard.example.org/{rel}")
        })
        .collect();
    assert_eq!(listed, pages, "sitemap and pages differ");
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(
        robots.contains("Sitemap: https://placard.example.org/sitemap.xml"),
        "{robots}"
    );
}

#[test]
fn a_subpath_base_url_keeps_every_link_inside_the_subpath() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(
        &repo(),
        &out,
        &["--base-url", "https://example.org/campaign/"],
    );
    let checked = assert_links_resolve(&out, "/campaign/", "https://example.org");
    assert!(checked > 200, "only {checked} links checked");
    for feed in files_ending(&out, ".xml") {
        let xml = std::fs::read_to_string(&feed).unwrap();
        for (i, _) in xml.match_indices("https://example.org") {
            assert!(
                xml[i..].starts_with("https://example.org/campaign/"),
                "{}: an absolute URL escapes the subpath: {}",
                feed.display(),
                &xml[i..(i + 60).min(xml.len())]
            );
        }
    }
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    // Minified: the attribute may have no quotes.
    assert!(
        page.contains("/campaign/assets/css/style."),
        "stylesheet not under the subpath"
    );
}

/// Every URL a page or stylesheet makes the browser fetch (not the links a
/// reader may follow): `src`, `srcset`, `href` of stylesheets, icons and
/// preloads, CSS `url()` and `@import`.
fn fetched_urls(text: &str, css: bool) -> Vec<String> {
    let mut urls = vec![];
    if css {
        for (i, _) in text.match_indices("url(") {
            let rest = text[i + 4..].trim_start_matches(['"', '\'']);
            urls.push(
                rest.split(['"', '\'', ')'])
                    .next()
                    .unwrap_or("")
                    .to_string(),
            );
        }
        for (i, _) in text.match_indices("@import") {
            let rest = text[i + 7..]
                .trim_start()
                .trim_start_matches("url(")
                .trim_start_matches(['"', '\'']);
            urls.push(
                rest.split(['"', '\'', ')', ';', ' '])
                    .next()
                    .unwrap_or("")
                    .to_string(),
            );
        }
        // `@import url(…)` is seen twice.
        urls.sort();
        urls.dedup();
        return urls;
    }
    for tag in text.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or("");
        let name = tag
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        for value in attr_values(tag, "src")
            .into_iter()
            .chain(attr_values(tag, "srcset"))
        {
            urls.extend(
                value
                    .split(',')
                    .map(|s| s.split_whitespace().next().unwrap_or("").to_string()),
            );
        }
        if name == "link" {
            let rel = attr_values(tag, "rel").join(" ").to_ascii_lowercase();
            if [
                "stylesheet",
                "icon",
                "preload",
                "modulepreload",
                "prefetch",
                "manifest",
            ]
            .iter()
            .any(|r| rel.contains(r))
            {
                urls.extend(attr_values(tag, "href"));
            }
        }
        if let Some(style) = attr_values(tag, "style").first() {
            urls.extend(fetched_urls(style, true));
        }
    }
    urls
}

/// The values of attribute `name` in a tag's text, quoted or not.
fn attr_values(tag: &str, name: &str) -> Vec<String> {
    let mut out = vec![];
    let lower = tag.to_ascii_lowercase();
    for (i, _) in lower.match_indices(&format!("{name}=")) {
        if i > 0 && !lower.as_bytes()[i - 1].is_ascii_whitespace() {
            continue;
        }
        let rest = &tag[i + name.len() + 1..];
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
            _ => rest
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        };
        out.push(value.to_string());
    }
    out
}

#[test]
fn nothing_is_fetched_from_another_host() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, root) in [("seed", repo()), ("fixture", fixture("small"))] {
        let out = tmp.path().join(name);
        build(&root, &out, &[]);
        let mut checked = 0;
        for file in files_ending(&out, ".html")
            .into_iter()
            .chain(files_ending(&out, ".css"))
        {
            let text = std::fs::read_to_string(&file).unwrap();
            let css = file.extension().is_some_and(|e| e == "css");
            for url in fetched_urls(&text, css) {
                checked += 1;
                let third_party = url.starts_with("//")
                    || (url.contains("://")
                        && !url.starts_with("https://placard.example.org/")
                        && !url.starts_with("https://example.org/"));
                assert!(
                    !third_party,
                    "{} fetches {url} from another host",
                    file.display()
                );
            }
        }
        assert!(checked > 50, "{name}: only {checked} fetched URLs seen");
    }
    // The check itself catches what it is for.
    let page = "<link rel=stylesheet href=https://fonts.example.com/x.css><img srcset=\"//cdn.example.com/a.png 2x\"><div style=\"background:url('https://t.example.net/p.gif')\">";
    let urls = fetched_urls(page, false);
    assert_eq!(
        urls,
        [
            "https://fonts.example.com/x.css",
            "//cdn.example.com/a.png",
            "https://t.example.net/p.gif"
        ]
    );
    assert_eq!(
        fetched_urls(
            "@import url(\"https://x.example/a.css\"); a { background: url(/i.png) }",
            true
        ),
        ["/i.png", "https://x.example/a.css"]
    );
}

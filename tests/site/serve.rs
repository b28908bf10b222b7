//! `placard serve`: incremental rebuilds equal full builds, and the real
//! server answers over HTTP as a browser needs, refuses to leave the site,
//! survives bursts of saves and concurrent requests, and stops on Ctrl-C.

use std::path::Path;

use placard::serve::Live;

use crate::common::*;

const BASE: &str = "http://127.0.0.1:9/";
const SNIPPET: &str = "<script src=\"/__placard/live.js\" defer></script>";

fn fresh_build(site: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut live = Live::new(site.to_path_buf(), BASE.into(), true, SNIPPET.into()).unwrap();
    live.full_build().unwrap();
    served(live.dir())
}

/// The served files, less the search index (an edit does not rebuild it
/// while serving: it takes the whole site; full builds do) and the list of
/// the files a full build wrote (bookkeeping of the output folder, not
/// part of the site).
fn served(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = tree(dir);
    files.retain(|k, _| {
        !(k.starts_with("search/") && k.ends_with(".json")) && k != placard::write::MANIFEST
    });
    files
}

fn edit(site: &Path, file: &str, from: &str, to: &str) {
    let path = site.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} lacks {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn incremental_rebuilds_give_exactly_what_a_full_build_gives() {
    let (_tmp, site) = site_copy("small");
    let mut live = Live::new(site.clone(), BASE.into(), true, SNIPPET.into()).unwrap();
    live.full_build().unwrap();
    const FIRST: &str = "content/news/first-report.md";
    const SECOND: &str = "content/news/second-report.md";
    const TOWN: &str = "content/news/local/town-hall.md";
    type Step = (&'static str, Box<dyn Fn(&Path)>, &'static str);
    let steps: Vec<Step> = vec![
        (
            "body edit",
            Box::new(|s| {
                edit(
                    s,
                    FIRST,
                    "Text with a footnote.",
                    "Text, edited, with a footnote.",
                )
            }),
            FIRST,
        ),
        (
            "title edit",
            Box::new(|s| {
                edit(
                    s,
                    SECOND,
                    "title: Second report",
                    "title: Second report, renamed",
                )
            }),
            SECOND,
        ),
        (
            "date moves it first",
            Box::new(|s| edit(s, TOWN, "date: 2010-09-07", "date: 2012-01-01")),
            TOWN,
        ),
        (
            "tag added",
            Box::new(|s| edit(s, TOWN, "tags: [UN]", "tags: [UN, Demand]")),
            TOWN,
        ),
        (
            "tag spelling",
            Box::new(|s| edit(s, SECOND, "tags: [kosovo,", "tags: [KOSOVO,")),
            SECOND,
        ),
        (
            "new article",
            Box::new(|s| {
                std::fs::write(
                    s.join("content/news/third.md"),
                    "---\ntitle: Third\ndate: 2020-02-02\ntags: [Demand]\n---\nNew.\n",
                )
                .unwrap()
            }),
            "content/news/third.md",
        ),
        (
            "draft published",
            Box::new(|s| {
                edit(
                    s,
                    "content/news/unfinished.md",
                    "draft: true",
                    "date: 2001-01-01",
                )
            }),
            "content/news/unfinished.md",
        ),
        (
            "article deleted",
            Box::new(|s| std::fs::remove_file(s.join("content/news/third.md")).unwrap()),
            "content/news/third.md",
        ),
    ];
    for (name, change, file) in steps {
        change(&site);
        let result = live.update(&[site.join(file)]);
        assert!(
            result.is_ok(),
            "{name}: {:?}",
            result.err().map(|p| p.to_string())
        );
        let got = served(live.dir());
        let want = fresh_build(&site);
        let differ: Vec<_> = want
            .keys()
            .chain(got.keys())
            .filter(|k| got.get(*k) != want.get(*k))
            .collect();
        assert!(
            differ.is_empty(),
            "{name}: incremental output differs from a full build in {differ:?}"
        );
    }
}

#[test]
fn a_broken_article_keeps_the_last_good_site_until_fixed() {
    let (_tmp, site) = site_copy("small");
    let mut live = Live::new(site.clone(), BASE.into(), true, SNIPPET.into()).unwrap();
    live.full_build().unwrap();
    let before = tree(live.dir());
    let file = "content/news/first-report.md";
    edit(&site, file, "date: 2004-05-07", "date: 2004-13-07");
    let problems = live.update(&[site.join(file)]).unwrap_err().to_string();
    assert!(
        problems.contains("content/news/first-report.md:3: date \"2004-13-07\" does not exist"),
        "{problems}"
    );
    assert!(
        tree(live.dir()) == before,
        "a failed rebuild changed the served site"
    );
    // Another file saved meanwhile does not hide the first problem.
    edit(
        &site,
        "content/news/second-report.md",
        "Peacekeepers and the trade.",
        "Peacekeepers.",
    );
    let problems = live
        .update(&[site.join("content/news/second-report.md")])
        .unwrap_err()
        .to_string();
    assert!(problems.contains("first-report.md:3"), "{problems}");
    edit(&site, file, "date: 2004-13-07", "date: 2004-05-08");
    live.update(&[site.join(file)]).unwrap();
    assert!(
        served(live.dir()) == fresh_build(&site),
        "the fixed site differs from a full build"
    );
}

#[test]
fn serves_pages_assets_feeds_and_404_over_http() {
    let (_tmp, site) = site_copy("small");
    let server = Server::start(&site, &[]);
    let (status, head, body) = server.get("/");
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/html"), "{head}");
    assert!(
        body.contains("<h1>Small Site</h1>") && body.contains(SNIPPET),
        "{body}"
    );
    assert!(
        body.contains(&format!("href=\"http://{}/\"", server.addr)),
        "canonical URL is not the serving address"
    );
    for (path, kind) in [
        ("/css/style.css", "text/css"),
        ("/js/placard.js", "javascript"),
        ("/rss.xml", "xml"),
        ("/news/images/chart.svg", "image/svg+xml"),
        ("/__placard/live.js", "javascript"),
    ] {
        let (status, head, _) = server.get(path);
        assert_eq!(status, 200, "{path}");
        assert!(head.contains(kind), "{path}: {head}");
    }
    let (status, _, body) = server.get("/news/first-report/");
    assert_eq!(status, 200);
    assert!(body.contains("First report"));
    let (status, _, body) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"));
    // Drafts are shown, with a badge.
    let (status, _, body) = server.get("/news/unfinished/");
    assert_eq!(status, 200);
    assert!(body.contains("class=\"badge\">draft<"), "no draft badge");
}

#[test]
fn paths_outside_the_site_are_refused() {
    let (tmp, site) = site_copy("small");
    std::fs::write(tmp.path().join("secret.txt"), "SECRET-OUTSIDE").unwrap();
    // A link inside the site is not followed (one out of it is refused
    // outright; see hardening.rs).
    #[cfg(unix)]
    std::os::unix::fs::symlink(site.join("site.yaml"), site.join("content/news/link.txt")).unwrap();
    let server = Server::start(&site, &[]);
    for path in [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/news/..%2f..%2fsecret.txt",
        "/news/%2e%2e%5c%2e%2e%5csecret.txt",
        "/..\\secret.txt",
        "//etc/passwd",
        "/news/link.txt",
    ] {
        let (status, _, body) = server.get(path);
        assert!((400..500).contains(&status), "{path}: status {status}");
        assert!(
            !body.contains("SECRET-OUTSIDE") && !body.contains("root:"),
            "{path} leaked a file"
        );
    }
}

#[test]
fn leaves_drafts_out_when_asked() {
    let (_tmp, site) = site_copy("small");
    let server = Server::start(&site, &["--no-drafts"]);
    assert_eq!(server.get("/news/unfinished/").0, 404);
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let (_tmp, site) = site_copy("small");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let o = placard(&["serve", "--root", site.to_str().unwrap(), "--port", &port]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot listen on 127.0.0.1:{port}")) && stderr.contains("--port"),
        "{stderr}"
    );
}

#[test]
fn survives_a_burst_of_saves_and_200_concurrent_requests() {
    let (_tmp, site) = site_copy("small");
    let mut server = Server::start(&site, &[]);
    // An editor saving several files at once.
    for i in 0..8 {
        std::fs::write(
            site.join(format!("content/news/burst-{i}.md")),
            format!(
                "---\ntitle: Burst {i}\ndate: 2021-01-0{}\n---\nBurst.\n",
                i + 1
            ),
        )
        .unwrap();
    }
    edit(
        &site,
        "content/news/first-report.md",
        "The lead paragraph",
        "The burst lead paragraph",
    );
    for i in 0..8 {
        assert!(
            server.wait_for(&format!("/news/burst-{i}/"), &format!("Burst {i}"), 30),
            "burst-{i} was never served"
        );
    }
    assert!(
        server.wait_for("/news/", "Burst 7", 30),
        "the newest of the burst is not on the section page"
    );
    assert!(server.wait_for("/news/first-report/", "The burst lead paragraph", 30));
    let addr = server.addr.clone();
    let workers: Vec<_> = (0..200)
        .map(|i| {
            let addr = addr.clone();
            std::thread::spawn(move || {
                let path = ["/", "/news/", "/tags/", "/rss.xml", "/news/first-report/"][i % 5];
                http_get(&addr, path).0
            })
        })
        .collect();
    let statuses: Vec<u16> = workers.into_iter().map(|w| w.join().unwrap()).collect();
    assert!(
        statuses.iter().all(|&s| s == 200),
        "non-200 answers: {statuses:?}"
    );
    let status = server.interrupt();
    assert!(
        status.success(),
        "Ctrl-C did not stop the server cleanly: {status:?}"
    );
}

#[test]
fn slow_clients_do_not_stall_the_preview_with_256_open_files() {
    use std::io::Read;
    let (_tmp, site) = site_copy("small");
    let server = Server::start_with_open_files(&site, &[], 256);
    assert_eq!(server.get("/").0, 200);
    // 400 clients that connect and send nothing: each holds a file of the
    // server's until its wait for headers (10 s) is over.
    let idle: Vec<std::net::TcpStream> = (0..400)
        .map(|_| std::net::TcpStream::connect(&server.addr).expect("connect"))
        .collect();
    // All are still open: the server has closed none of them.
    for s in &idle[..5] {
        s.set_read_timeout(Some(std::time::Duration::from_millis(200)))
            .unwrap();
        let got = (&*s).read(&mut [0u8; 1]);
        assert!(
            got.is_err(),
            "the server closed an idle connection: {got:?}"
        );
    }
    // A reader's request is answered while they wait: before the server
    // raised its limit, it waited for their time to run out.
    let (tx, rx) = std::sync::mpsc::channel();
    let addr = server.addr.clone();
    std::thread::spawn(move || tx.send(http_get(&addr, "/news/first-report/")));
    let (status, _, body) = rx
        .recv_timeout(std::time::Duration::from_secs(5))
        .expect("no answer within 5 s while slow clients held connections");
    assert_eq!(status, 200);
    assert!(body.contains("First report"));
    drop(idle);
}

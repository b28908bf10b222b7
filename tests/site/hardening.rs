//! Hostile input, faults and load: nothing lost, nothing executed, nothing
//! leaked. (Fuzzing runs in scripts/fuzz.)

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::*;

/// Articles built to break things: markup, script URLs, template syntax in
/// every field, an enormous line, deep nesting, a 10 MB body, invisible and
/// right-to-left characters, NUL bytes.
fn hostile(site: &Path) {
    let dir = site.join("content/news");
    let fields = "author: \"<script>alert(1)</script> {{ site.title }}\"\nsource: \"{% raw %}x<img src=x onerror=alert(1)>\"\nsource_url: \"https://example.org/?q=<script>\"\ndateline: \"\\u202eevil\\u202c\"\ncopyright: \"© <b>bold</b>\"\ntags: [\"<i>t</i>\", \"{{ x }}\"]\nwarnings: [\"<script>w</script>\"]\n";
    let body = "<script>alert('body')</script> <img src=x onerror=alert(2)> <a href=\"javascript:alert(3)\">x</a>\n\n\
                [click](javascript:alert(4)) [data](data:text/html,<script>alert(5)</script>) ![img](data:image/svg+xml,<svg onload=alert(6)>)\n\n\
                {{ site.title }} {% for x in y %} zero\u{200b}width and \u{202e}reversed\u{202c}, NUL: \u{0}.\n";
    let page = |title: &str, extra: &str| {
        format!("---\ntitle: \"{title}\"\ndate: 2020-01-01\n{fields}---\n{body}\n{extra}\n")
    };
    std::fs::write(
        dir.join("h-markup.md"),
        page(
            "<script>alert(0)</script> {{ site.title }} \u{202e}title",
            "",
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("h-long-line.md"),
        page("Long line", &"word ".repeat(400_000)),
    )
    .unwrap();
    std::fs::write(
        dir.join("h-nested-quotes.md"),
        page("Nested quotes", &format!("{} deep", ">".repeat(20_000))),
    )
    .unwrap();
    std::fs::write(
        dir.join("h-nested-lists.md"),
        page("Nested lists", &format!("{}deep", "- ".repeat(10_000))),
    )
    .unwrap();
    std::fs::write(
        dir.join("h-big.md"),
        page(
            "Big",
            &"A paragraph of text for the big article.\n\n".repeat(250_000),
        ),
    )
    .unwrap();
}

#[test]
fn hostile_articles_build_as_inert_text_in_bounded_time() {
    let (tmp, site) = site_copy("small");
    hostile(&site);
    let out = tmp.path().join("out");
    let before: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let start = Instant::now();
    let o = build_output(&site, &out);
    assert!(
        start.elapsed() < Duration::from_secs(120),
        "took {:?}",
        start.elapsed()
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut after: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    after.retain(|n| n != "out");
    assert_eq!(after, before, "the build wrote beside its output");
    let mut pages = 0;
    for file in files_ending(&out, ".html") {
        let html = std::fs::read_to_string(&file).unwrap().to_ascii_lowercase();
        let shown = file.display();
        for (i, _) in html.match_indices("<script") {
            let tag = &html[i..html[i..].find('>').map_or(html.len(), |e| i + e)];
            assert!(
                tag.contains(" src=") || tag.contains("application/ld+json"),
                "{shown}: inline script {tag}"
            );
        }
        // Real tags only: escaped text (`&lt;a href=…`) is inert.
        let tags: Vec<&str> = html
            .split('<')
            .skip(1)
            .map(|t| t.split('>').next().unwrap_or(""))
            .collect();
        for scheme in ["javascript:", "vbscript:", "data:"] {
            for attr in ["href=", "href=\"", "src=", "src=\""] {
                let bad = format!("{attr}{scheme}");
                assert!(
                    !tags.iter().any(|t| t.contains(&bad)),
                    "{shown}: a tag holds {bad}"
                );
            }
        }
        for bad in ["<img src=x", "<b>bold", "<i>t</i>"] {
            assert!(!html.contains(bad), "{shown} holds {bad}");
        }
        let attrs = tags.iter().flat_map(|t| attribute_names(t));
        for a in attrs {
            assert!(
                !(a.starts_with("on") && a.contains('=')),
                "{shown}: event handler {a}"
            );
        }
        pages += 1;
    }
    assert!(pages > 20);
    let article = std::fs::read_to_string(out.join("news/h-markup/index.html")).unwrap();
    for text in [
        "&lt;script&gt;alert(0)&lt;/script&gt;",
        "{{ site.title }}",
        "{% for x in y %}",
        "{% raw %}",
        "\u{202e}title",
    ] {
        assert!(
            article.contains(text),
            "the page does not show {text:?} as text"
        );
    }
    // A script address where a web address belongs is refused, with its line.
    std::fs::write(
        site.join("content/news/h-source.md"),
        "---\ntitle: S\ndate: 2020-01-01\nsource_url: \"javascript:alert(1)\"\n---\nx\n",
    )
    .unwrap();
    let o = build_output(&site, &out);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "content/news/h-source.md:4: `source_url` \"javascript:alert(1)\" is not a web address"
        ),
        "{err}"
    );
}

/// The attribute names of a tag's text (`a href="x" onclick=y` → href,
/// onclick=): quoted values are skipped, so text inside them never counts.
fn attribute_names(tag: &str) -> Vec<String> {
    let mut outside = String::new();
    let mut quote = None;
    for c in tag.chars() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, c) => outside.push(c),
            _ => {}
        }
    }
    outside
        .split_whitespace()
        .skip(1)
        .map(str::to_string)
        .collect()
}

#[test]
fn symbolic_links_out_of_the_site_are_refused() {
    let (tmp, site) = site_copy("small");
    std::fs::write(tmp.path().join("secret.txt"), "SECRET").unwrap();
    std::os::unix::fs::symlink(
        tmp.path().join("secret.txt"),
        site.join("content/news/secret.txt"),
    )
    .unwrap();
    let o = placard(&["build", "--root", site.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/news/secret.txt: symbolic link to a file outside the site, refused"),
        "{err}"
    );
    std::fs::remove_file(site.join("content/news/secret.txt")).unwrap();
    std::fs::create_dir_all(site.join("templates")).unwrap();
    std::os::unix::fs::symlink(
        tmp.path().join("secret.txt"),
        site.join("templates/page.html"),
    )
    .unwrap();
    let o = placard(&["build", "--root", site.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("templates/page.html: symbolic link not followed")
    );
    assert!(!site.join("public").exists());
}

/// A tmpfs of `size` mounted at `dir` (root only), unmounted on drop.
struct Mount(std::path::PathBuf);

impl Mount {
    fn tmpfs(dir: &Path, options: &str) -> Mount {
        std::fs::create_dir_all(dir).unwrap();
        let o = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "mount tmpfs: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        Mount(dir.to_path_buf())
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_keeps_the_previous_output_and_the_next_run_recovers() {
    let (tmp, site) = site_copy("small");
    let disk = tmp.path().join("disk");
    let _mount = Mount::tmpfs(&disk, "size=6m");
    let out = disk.join("public");
    build(&site, &out, &[]);
    let before = tree(&out);
    // An article too big for what is left on the disk.
    std::fs::write(
        site.join("content/news/huge.md"),
        format!(
            "---\ntitle: Huge\ndate: 2020-01-01\n---\n{}",
            "Text that fills the disk.\n\n".repeat(200_000)
        ),
    )
    .unwrap();
    let o = build_output(&site, &out);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("No space left on device") && err.contains(&disk.display().to_string()),
        "{err}"
    );
    assert!(tree(&out) == before, "the previous output changed");
    let left: Vec<_> = std::fs::read_dir(&disk)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["public"], "the failed build left files behind");
    std::fs::remove_file(site.join("content/news/huge.md")).unwrap();
    std::fs::write(
        site.join("content/news/small.md"),
        "---\ntitle: Small\ndate: 2020-01-01\n---\nFits.\n",
    )
    .unwrap();
    build(&site, &out, &[]);
    assert!(out.join("news/small/index.html").is_file());
}

#[test]
fn a_read_only_output_is_a_clear_error() {
    let (tmp, site) = site_copy("small");
    let disk = tmp.path().join("ro");
    let _mount = Mount::tmpfs(&disk, "ro,size=1m");
    let o = build_output(&site, &disk.join("public"));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("Read-only file system") && err.contains("placard-next"),
        "{err}"
    );
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_site() {
    let (tmp, site) = site_copy("small");
    for i in 0..1500 {
        std::fs::write(
            site.join(format!("content/news/many-{i}.md")),
            format!(
                "---\ntitle: Article {i}\ndate: 2020-01-01\ntags: [t{}]\n---\nText {i}.\n",
                i % 40
            ),
        )
        .unwrap();
    }
    let out = tmp.path().join("public");
    build(&site, &out, &["--no-minify"]);
    let old = tree(&out);
    std::fs::write(
        site.join("content/news/many-0.md"),
        "---\ntitle: Article zero, changed\ndate: 2020-01-02\n---\nNew.\n",
    )
    .unwrap();
    let mut new = None;
    for delay in [30, 120, 300, 600, 900, 1500] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_placard"))
            .args([
                "build",
                "--no-minify",
                "--root",
                site.to_str().unwrap(),
                "--output",
                out.to_str().unwrap(),
            ])
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = tree(&out);
        let whole_old = now == old;
        let whole_new = now
            .get("news/many-0/index.html")
            .is_some_and(|p| String::from_utf8_lossy(p).contains("Article zero, changed"))
            && now.len() >= old.len();
        assert!(
            whole_old || whole_new,
            "killed after {delay} ms: the output is neither the old site nor the new one"
        );
        if whole_new {
            new.get_or_insert(now);
        }
    }
    // The next run recovers: a whole new site, and beside it nothing but
    // the previous output, kept for the next build to rewrite.
    build(&site, &out, &["--no-minify"]);
    let done = tree(&out);
    if let Some(new) = new {
        assert!(done == new, "a completed build differs from the next one");
    }
    let beside: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        beside
            .iter()
            .all(|n| n == "site" || n == "public" || n == ".public.placard-next"),
        "left behind: {beside:?}"
    );
}

/// Resident memory of a process, in KiB.
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap()
}

#[test]
fn the_dev_server_keeps_answering_under_load_while_files_change() {
    let (_tmp, site) = site_copy("small");
    let server = Server::start(&site, &[]);
    let url = format!("http://{}/news/first-report/", server.addr);
    // Warm up, then measure memory around the load.
    for _ in 0..50 {
        server.get("/news/first-report/");
    }
    let rss_before = rss_kib(server.child.id());
    let wrk = Command::new(tool("PLACARD_WRK"))
        .args(["-t2", "-c32", "-d8s", "--timeout", "5s", &url])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run wrk");
    let file = site.join("content/news/first-report.md");
    let text = std::fs::read_to_string(&file).unwrap();
    for i in 0..40 {
        std::fs::write(
            &file,
            text.replace(
                "The lead paragraph",
                &format!("Edit {i}: the lead paragraph"),
            ),
        )
        .unwrap();
        std::thread::sleep(Duration::from_millis(150));
    }
    let report = String::from_utf8_lossy(&wrk.wait_with_output().unwrap().stdout).to_string();
    assert!(
        !report.contains("Non-2xx") && !report.contains("Socket errors"),
        "errors under load:\n{report}"
    );
    let requests: u64 = report
        .lines()
        .find(|l| l.contains("requests in"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    // What matters is that every request was answered; how many depends on
    // what else the machine is doing (the test suite runs in parallel).
    assert!(
        requests > 300,
        "only {requests} requests answered:\n{report}"
    );
    assert!(
        server.wait_for("/news/first-report/", "Edit 39:", 30),
        "the last edit was never served"
    );
    let rss_after = rss_kib(server.child.id());
    assert!(
        rss_after < rss_before + 64 * 1024,
        "memory grew from {rss_before} to {rss_after} KiB"
    );
}

#[test]
fn a_rebuild_rewrites_the_previous_output_in_place_and_equals_a_fresh_build() {
    use std::os::unix::fs::MetadataExt;
    let (tmp, site) = site_copy("small");
    let out = tmp.path().join("public");
    let spare = tmp.path().join(".public.placard-next");
    build(&site, &out, &[]);
    let first = std::fs::metadata(out.join("favicon.svg")).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    build(&site, &out, &[]);
    // The first output now waits beside the second, to be rewritten.
    assert!(spare.join("favicon.svg").is_file());

    // What an earlier output may hold that the next build must not trust:
    // a symbolic link leading out, a folder where a file goes, a file where
    // a folder goes, and files no longer made.
    let outside = tmp.path().join("outside.txt");
    std::fs::write(&outside, "not placard's").unwrap();
    std::fs::remove_file(spare.join("index.html")).unwrap();
    std::os::unix::fs::symlink(&outside, spare.join("index.html")).unwrap();
    std::fs::remove_file(spare.join("rss.xml")).unwrap();
    std::fs::create_dir_all(spare.join("rss.xml/inner")).unwrap();
    std::fs::remove_dir_all(spare.join("essays")).unwrap();
    std::fs::write(spare.join("essays"), "a file").unwrap();
    std::fs::create_dir_all(spare.join("gone/deeper")).unwrap();
    std::fs::write(spare.join("gone/deeper/index.html"), "stale").unwrap();

    // And the site changes: an article edited, one deleted, one added.
    let news = site.join("content/news");
    let first_report = std::fs::read_to_string(news.join("first-report.md")).unwrap();
    std::fs::write(
        news.join("first-report.md"),
        first_report
            .replace("related: [second-report]\n", "")
            .replace("---\nThe lead", "---\nEdited. The lead"),
    )
    .unwrap();
    std::fs::remove_file(news.join("second-report.md")).unwrap();
    std::fs::write(
        news.join("third-report.md"),
        "---\ntitle: Third report\ndate: 2021-03-04\ntags: [new tag]\n---\nNew.\n",
    )
    .unwrap();
    build(&site, &out, &[]);
    let fresh = tmp.path().join("fresh");
    build(&site, &fresh, &[]);
    assert!(
        tree(&out) == tree(&fresh),
        "the rewritten output differs from a fresh build"
    );
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "not placard's");
    assert!(!out.join("gone").exists(), "emptied folders stay");
    assert!(
        !std::fs::symlink_metadata(out.join("index.html"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // Rewritten in place: an unchanged file is the first build's own file,
    // untouched since.
    let now = std::fs::metadata(out.join("favicon.svg")).unwrap();
    assert_eq!(
        (now.ino(), now.mtime_nsec()),
        (first.ino(), first.mtime_nsec())
    );
}

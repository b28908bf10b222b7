//! Hardening, round two: what an attacker or a careless volunteer could do
//! through headings, images, aliases, huge inputs, the dev server, clashing
//! outputs and stray files. Each test failed before its fix.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

fn article(site: &Path, name: &str, text: &str) {
    let path = site.join("content/news").join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Builds `site` into `out`; the exit code and what it printed on stderr.
fn try_build(site: &Path, out: &Path) -> (i32, String) {
    let o = build_output(site, out);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn heading_attributes_keep_only_a_safe_id_and_class() {
    let (tmp, site) = site_copy("small");
    article(
        &site,
        "attrs.md",
        "---\ntitle: Attrs\ndate: 2030-01-01\n---\n\
         ## Focus {onfocus=alert(1) autofocus tabindex=0}\n\n\
         Text.\n\n\
         ## Named {#good-id .note onclick=alert(2) style=color:red}\n\n\
         ## Bad id {#x\"onmouseover=alert(3) .\"y}\n",
    );
    let out = tmp.path().join("out");
    build(&site, &out, &["--future"]);
    for file in [
        "news/attrs/index.html",
        "news/index.html",
        "rss.xml",
        "news/rss.xml",
    ] {
        let text = read(&out.join(file)).to_ascii_lowercase();
        for bad in [
            "onfocus",
            "autofocus",
            "tabindex=\"0\"",
            "onclick",
            "style=",
            "onmouseover",
        ] {
            assert!(!text.contains(bad), "{file} holds {bad}");
        }
    }
    let page = read(&out.join("news/attrs/index.html"));
    assert!(
        page.contains("id=\"good-id\"") || page.contains("id=good-id"),
        "{page}"
    );
    assert!(page.contains("class=\"note\"") || page.contains("class=note"));
}

#[test]
fn images_on_other_hosts_become_links_and_are_reported() {
    let (tmp, site) = site_copy("small");
    article(
        &site,
        "tracked.md",
        "---\ntitle: Tracked\ndate: 2021-01-01\n---\nFirst.\n\n\
         ![pixel](https://tracker.example/p.gif) ![other](//host.example/p.gif)\n\n\
         ![slashes](\\\\\\\\host.example/x.gif) [![inner](https://x.example/i.png)](https://example.org/)\n",
    );
    let out = tmp.path().join("out");
    let (code, err) = try_build(&site, &out);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "content/news/tracked.md:7: image https://tracker.example/p.gif is on another host"
        ),
        "{err}"
    );
    assert_eq!(err.matches("is on another host").count(), 4, "{err}");
    for file in ["news/tracked/index.html", "rss.xml", "news/index.html"] {
        let text = read(&out.join(file));
        for host in ["tracker.example", "host.example", "x.example"] {
            assert!(
                !text
                    .split("<img")
                    .skip(1)
                    .any(|t| t.split('>').next().unwrap().contains(host)),
                "{file}: an image from {host}"
            );
        }
    }
    let page = read(&out.join("news/tracked/index.html"));
    assert!(
        page.contains("href=\"https://tracker.example/p.gif\""),
        "{page}"
    );
    // check says the same.
    let o = placard(&["check", "--root", site.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&o.stderr);
    assert_eq!(said.matches("is on another host").count(), 4, "{said}");
}

#[test]
fn aliases_and_folder_names_cannot_write_redirect_rules() {
    let (tmp, site) = site_copy("small");
    let out = tmp.path().join("out");
    for alias in [
        "/x/\\t/*\\t/y/\\t200!",
        "/x/\\n/* /y/ 200!",
        "/a/:splat/",
        "/*",
    ] {
        article(
            &site,
            "evil.md",
            &format!("---\ntitle: Evil\ndate: 2021-01-01\naliases: [\"{alias}\"]\n---\nText.\n"),
        );
        let (code, err) = try_build(&site, &out);
        assert_eq!(code, 1, "{alias}: {err}");
        assert!(
            err.contains("content/news/evil.md:4: alias") && err.contains("is not a plain path"),
            "{alias}: {err}"
        );
    }
    std::fs::remove_file(site.join("content/news/evil.md")).unwrap();
    // A folder name with a space and a star still gives one rule a line,
    // three fields each.
    let odd = site.join("content/old news*");
    std::fs::create_dir_all(&odd).unwrap();
    std::fs::write(
        odd.join("moved.md"),
        "---\ntitle: Moved\ndate: 2021-01-01\naliases: [/2004/05/moved/]\n---\nText.\n",
    )
    .unwrap();
    build(&site, &out, &[]);
    let rules = read(&out.join("_redirects"));
    let rules: Vec<&str> = rules.lines().filter(|l| !l.starts_with('#')).collect();
    assert!(!rules.is_empty());
    for rule in rules {
        let fields: Vec<&str> = rule.split_whitespace().collect();
        assert_eq!(fields.len(), 3, "{rule:?}");
        assert!(!rule.contains('*'), "{rule:?}");
    }
}

#[test]
fn huge_inputs_are_bounded() {
    // Twenty thousand identical headings: numbered in one pass.
    let (tmp, site) = site_copy("small");
    article(
        &site,
        "same.md",
        &format!(
            "---\ntitle: Same\ndate: 2021-01-01\n---\n{}",
            "## Same\n\n".repeat(20_000)
        ),
    );
    let out = tmp.path().join("out");
    let start = Instant::now();
    build(&site, &out, &[]);
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "{:?}",
        start.elapsed()
    );
    let page = read(&out.join("news/same/index.html"));
    assert!(page.contains("same-19999"));
    std::fs::remove_file(site.join("content/news/same.md")).unwrap();

    // Ten thousand tags: a clear error, at once.
    let tags: Vec<String> = (0..10_000).map(|i| format!("t{i}")).collect();
    article(
        &site,
        "tags.md",
        &format!(
            "---\ntitle: Tags\ndate: 2021-01-01\ntags: [{}]\n---\nText.\n",
            tags.join(", ")
        ),
    );
    let start = Instant::now();
    let (code, err) = try_build(&site, &out);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("content/news/tags.md:4: 10000 tags; an article may have 50 at most"),
        "{err}"
    );
    assert!(start.elapsed() < Duration::from_secs(10));
    // A tag too long for a folder name: check and build agree.
    article(
        &site,
        "tags.md",
        &format!(
            "---\ntitle: Tags\ndate: 2021-01-01\ntags: [{}]\n---\nText.\n",
            "x".repeat(400)
        ),
    );
    let (code, err) = try_build(&site, &out);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("content/news/tags.md:4: tag \"xxx"), "{err}");
    let o = placard(&["check", "--root", site.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("content/news/tags.md:4: tag \"xxx"));
    std::fs::remove_file(site.join("content/news/tags.md")).unwrap();

    // YAML nested 100,000 deep: refused before it is parsed.
    for deep in [
        format!("tags: {}", "[".repeat(100_000)),
        format!(
            "extra:\n{}",
            (0..100_000)
                .map(|i| format!("{}k:\n", " ".repeat(i % 50 + 1)))
                .collect::<String>()
        ),
        format!("tags: {}x", "- ".repeat(100_000)),
    ] {
        article(
            &site,
            "deep.md",
            &format!("---\ntitle: Deep\ndate: 2021-01-01\n{deep}\n---\nText.\n"),
        );
        let start = Instant::now();
        let (code, err) = try_build(&site, &out);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("content/news/deep.md:"), "{err}");
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{:?}",
            start.elapsed()
        );
    }
}

#[test]
fn the_stories_of_one_clipping_are_linked_in_a_chain_beyond_a_few() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(&fixture("small"), &site);
    let mut clipping = String::new();
    for i in 0..3_000 {
        if i > 0 {
            clipping.push_str("Further story:\n\n");
        }
        clipping.push_str(&format!(
            "Story number {i} about the courts\n\nPublish Date: 07 May 2004\n\nSource: The Paper\n\n\
             A paragraph of story {i}, long enough to be the body of an article.\n\n"
        ));
    }
    let file = tmp.path().join("digest.txt");
    std::fs::write(&file, clipping).unwrap();
    let start = Instant::now();
    let o = placard(&[
        "import",
        "--root",
        site.to_str().unwrap(),
        "--section",
        "news",
        file.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "{:?}",
        start.elapsed()
    );
    let written = files_ending(&site.join("content/news"), ".md");
    assert!(written.len() > 3_000, "{}", written.len());
    let mut bytes = 0;
    for f in &written {
        let text = read(f);
        bytes += text.len();
        if let Some(line) = text.lines().find(|l| l.starts_with("related:")) {
            let n = line.matches(',').count() + 1;
            assert!(n <= 3, "{}: {n} related", f.display());
        }
    }
    assert!(bytes < 5_000_000, "{bytes} bytes written");
}

#[test]
fn outputs_that_would_replace_each_other_are_errors_naming_both() {
    let cases: [(&str, &str, &str); 5] = [
        (
            "content/news/a.md",
            "---\ntitle: A\ndate: 2021-01-01\naliases: [/safety/]\n---\nText.\n",
            "the alias /safety/ of content/news/a.md would be written at /safety/index.html, where the safety page is",
        ),
        (
            "content/robots.txt",
            "User-agent: *\nDisallow: /\n",
            "the file content/robots.txt would be written at /robots.txt, where robots.txt is",
        ),
        (
            "content/js/placard.js",
            "alert(1)",
            "the file content/js/placard.js would be written at /js/placard.js, where the theme's static file js/placard.js is",
        ),
        (
            "content/search/_index.md",
            "---\ntitle: Search\n---\n",
            "the section content/search/ would be written at /search/index.html, where the search page is",
        ),
        (
            "content/news/b.md",
            "---\ntitle: B\ndate: 2021-01-01\naliases: [/404.html]\n---\nText.\n",
            "the alias /404.html of content/news/b.md would be written at /404.html, where the 404 page is",
        ),
    ];
    for (file, text, message) in cases {
        let (tmp, site) = site_copy("small");
        let path = site.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        let out = tmp.path().join("out");
        let (code, err) = try_build(&site, &out);
        assert_eq!(code, 1, "{file}: {err}");
        assert!(err.contains(message), "{file}: {err}");
        assert!(!out.exists());
        let o = placard(&["check", "--root", site.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "check {file}");
        assert!(String::from_utf8_lossy(&o.stderr).contains(message));
    }
}

#[test]
fn editor_and_temporary_files_are_never_published() {
    let (tmp, site) = site_copy("small");
    let draft = "---\ntitle: Secret draft\ndate: 2021-01-01\n---\nNot for readers.\n";
    for name in [
        "#first-report.md#",
        "first-report.md~",
        "first-report.md.bak",
        "first-report.md.swp",
        "first-report.md.placard-tmp",
        ".first-report.md.swp",
        "notes.markdown",
    ] {
        article(&site, name, draft);
    }
    let out = tmp.path().join("out");
    let (code, err) = try_build(&site, &out);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("content/news/notes.markdown: not built and not published"),
        "{err}"
    );
    for (file, bytes) in tree(&out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("Not for readers"),
            "{file} publishes a draft"
        );
    }

    // An import that replaces an article writes a file of its own, never
    // through a link planted where an older version put its temporary file.
    let outside = tmp.path().join("outside.txt");
    std::fs::write(&outside, "mine").unwrap();
    let clipping = repo().join("tests/fixtures/clippings/kosovo-nato-sex-trade.txt");
    let import = |extra: &[&str]| {
        let mut args = vec![
            "import",
            "--root",
            site.to_str().unwrap(),
            "--section",
            "news",
        ];
        args.extend_from_slice(extra);
        args.push(clipping.to_str().unwrap());
        placard(&args)
    };
    assert!(import(&[]).status.success());
    let md: Vec<_> = std::fs::read_dir(site.join("content/news"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.to_string_lossy().contains("kosovo") && p.extension().is_some_and(|e| e == "md")
        })
        .collect();
    assert!(!md.is_empty());
    for m in &md {
        std::fs::write(m, format!("{}\nEdited by hand.\n", read(m))).unwrap();
        std::os::unix::fs::symlink(&outside, m.with_extension("md.placard-tmp")).unwrap();
    }
    let o = import(&["--overwrite"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(read(&outside), "mine");
    assert!(md.iter().all(|m| !read(m).contains("Edited by hand")));
}

#[test]
fn smaller_ones_theme_paths_nul_bytes_and_the_import_table() {
    // A theme is a folder under themes/, never a path.
    let (tmp, site) = site_copy("small");
    let yaml = read(&site.join("site.yaml"));
    std::fs::write(site.join("site.yaml"), format!("{yaml}\ntheme: /etc\n")).unwrap();
    let out = tmp.path().join("out");
    let (code, err) = try_build(&site, &out);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("site.yaml:") && err.contains("`theme` \"/etc\" is not a folder name"),
        "{err}"
    );
    std::fs::write(site.join("site.yaml"), &yaml).unwrap();

    // NUL and other control bytes in front matter never reach a page.
    article(
        &site,
        "nul.md",
        "---\ntitle: \"Null\\0 byte\\x1b[2J\"\nauthor: \"A\\0B\"\ndate: 2021-01-01\n---\nText.\n",
    );
    build(&site, &out, &[]);
    for (file, bytes) in tree(&out) {
        assert!(!bytes.contains(&0), "{file} holds a NUL byte");
        assert!(!bytes.contains(&0x1b), "{file} holds an escape byte");
    }
    assert!(read(&out.join("news/nul/index.html")).contains("Null byte[2J"));

    // The import table shows a file name's control characters as text.
    let name = "evil\u{1b}[31mred.txt";
    let clipping = tmp.path().join(name);
    std::fs::copy(
        repo().join("tests/fixtures/clippings/kosovo-nato-sex-trade.txt"),
        &clipping,
    )
    .unwrap();
    let o = placard(&[
        "import",
        "--root",
        site.to_str().unwrap(),
        "--section",
        "news",
        "--dry-run",
        clipping.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let table = String::from_utf8_lossy(&o.stdout);
    let table = table.split("=== ").last().unwrap();
    assert!(!table.contains('\u{1b}'), "{table}");
    assert!(table.contains("evil\\u{1b}[31mred.txt"), "{table}");
}

/// A running `placard serve` with a temporary folder of its own.
fn serve(site: &Path, tmpdir: &Path) -> (std::process::Child, String) {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_placard"))
        .args(["serve", "--root", site.to_str().unwrap(), "--port", "0"])
        .env("TMPDIR", tmpdir)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let addr = first
        .split("http://")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    std::thread::spawn(move || lines.for_each(drop));
    (child, addr)
}

fn get_with_host(addr: &str, host: &str, path: &str) -> u16 {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = vec![];
    s.read_to_end(&mut raw).unwrap();
    String::from_utf8_lossy(&raw)
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

#[test]
fn the_dev_server_answers_only_this_machine_and_cleans_up() {
    use std::os::unix::fs::PermissionsExt;
    let (tmp, site) = site_copy("small");
    let tmpdir = tmp.path().join("tmp");
    std::fs::create_dir_all(&tmpdir).unwrap();
    let (mut child, addr) = serve(&site, &tmpdir);
    let port = addr.rsplit(':').next().unwrap();
    // DNS rebinding: a name that is not this machine's is refused.
    assert_eq!(
        get_with_host(
            &addr,
            &format!("attacker.example:{port}"),
            "/news/unfinished/"
        ),
        403
    );
    assert_eq!(get_with_host(&addr, "attacker.example", "/"), 403);
    for host in [
        format!("localhost:{port}"),
        addr.clone(),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(
            get_with_host(&addr, &host, "/news/unfinished/"),
            200,
            "{host}"
        );
    }
    // Its copy of the site, drafts included, is for this user alone.
    let copies: Vec<_> = std::fs::read_dir(&tmpdir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(copies.len(), 1, "{copies:?}");
    let mode = std::fs::metadata(&copies[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "{mode:o}");
    // A connection that sends nothing is closed, not kept for ever.
    {
        use std::io::Read;
        let mut idle = std::net::TcpStream::connect(&addr).unwrap();
        idle.set_read_timeout(Some(Duration::from_secs(40)))
            .unwrap();
        let start = Instant::now();
        let mut buf = [0u8; 16];
        let n = idle.read(&mut buf).unwrap_or(0);
        assert!(n == 0 || start.elapsed() < Duration::from_secs(30));
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{:?}",
            start.elapsed()
        );
    }
    // A closed terminal (SIGHUP) stops it and removes the copy.
    Command::new("kill")
        .args(["-HUP", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    assert_eq!(std::fs::read_dir(&tmpdir).unwrap().count(), 0);

    // Open to the network: a warning, and drafts hidden unless asked for.
    let mut child = Command::new(env!("CARGO_BIN_EXE_placard"))
        .args([
            "serve",
            "--root",
            site.to_str().unwrap(),
            "--port",
            "0",
            "--bind",
            "0.0.0.0",
        ])
        .env("TMPDIR", &tmpdir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::BufRead;
    let mut err_lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let warning = err_lines.next().unwrap().unwrap();
    assert!(
        warning.contains("anyone on the network can read the site")
            && warning.contains("drafts and future-dated articles are hidden"),
        "{warning}"
    );
    let mut out_lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let first = out_lines.next().unwrap().unwrap();
    let addr = first
        .split("http://")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(http_get(&addr, "/news/unfinished/").0, 404);
    assert_eq!(http_get(&addr, "/news/first-report/").0, 200);
    let _ = child.kill();
    let _ = child.wait();
}

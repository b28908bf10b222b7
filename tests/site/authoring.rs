//! Authoring: `placard new`, `placard check`, internal links, aliases,
//! future-dated articles, and errors a volunteer can act on.

use std::process::Command;

use crate::common::*;

#[test]
fn new_writes_a_template_article_and_never_overwrites() {
    let (_tmp, site) = site_copy("small");
    let root = site.to_str().unwrap();
    // A blank list for each of the site's taxonomies too.
    append_file(&site, "site.yaml", "\ntaxonomies: {countries: Countries}\n");
    let o = placard(&[
        "new",
        "Men's march: 5,000 walk",
        "--section",
        "news",
        "--root",
        root,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        "content/news/mens-march-5-000-walk.md"
    );
    let file = site.join("content/news/mens-march-5-000-walk.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let today = placard::date::Date::today().iso();
    let fm = front_matter(&text);
    assert_eq!(
        fm.title.as_deref(),
        Some("Men's march: 5,000 walk"),
        "{text}"
    );
    assert_eq!(fm.date.unwrap().iso(), today);
    // Blanks to fill in.
    assert!(
        text.contains("\nauthor: ''\nsource: ''\n")
            && text.contains("\ntags: []\n")
            && text.contains("\ncountries: []\n"),
        "{text}"
    );
    // The new article builds as it is.
    build(&site, &site.join("public"), &[]);
    assert!(
        site.join("public/news/mens-march-5-000-walk/index.html")
            .is_file()
    );

    std::fs::write(&file, "edited").unwrap();
    let o = placard(&[
        "new",
        "Men's march: 5,000 walk",
        "--section",
        "news",
        "--root",
        root,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("content/news/mens-march-5-000-walk.md exists already")
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "edited");
}

#[test]
fn new_lists_the_sections_when_it_needs_one() {
    let (_tmp, site) = site_copy("small");
    let root = site.to_str().unwrap();
    let o = placard(&["new", "X", "--section", "nowhere", "--root", root]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("there is no section nowhere; the sections are essays, news, news/local")
    );
    // Not on a terminal: --section is needed.
    let o = placard(&["new", "X", "--root", root]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("no --section given; the sections are essays, news, news/local")
    );
    assert!(!site.join("content/news/x.md").exists());
}

#[test]
fn new_asks_for_the_section_on_a_terminal() {
    let (_tmp, site) = site_copy("small");
    // `script` gives the command a real terminal; "3" answers the prompt.
    let cmd = format!(
        "{} new 'Asked for' --root {}",
        env!("CARGO_BIN_EXE_placard"),
        site.display()
    );
    let mut child = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run script (util-linux)");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"3\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{shown}");
    assert!(
        shown.contains("Which section?") && shown.contains("  3. Local News (news/local)"),
        "{shown}"
    );
    assert!(
        site.join("content/news/local/asked-for.md").is_file(),
        "{shown}"
    );
}

#[test]
fn check_reports_every_problem_and_writes_nothing() {
    let (tmp, site) = site_copy("small");
    let root = site.to_str().unwrap();
    let before = tree(tmp.path());
    let o = placard(&["check", "--root", root]);
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert!(o.status.success(), "{err}");
    assert!(
        out.contains("checked 6 articles and 23 pages: 0 errors, 5 warnings"),
        "{out}"
    );
    assert!(
        err.contains("warning: content/news/second-report.md:1: no `author:` (the byline)"),
        "{err}"
    );
    assert!(
        tree(tmp.path()) == before,
        "a clean check wrote or changed files"
    );

    let bad = [
        (
            "content/news/a.md",
            "---\ntitle: A\ndate: 2004-02-30\n---\nx\n",
        ),
        (
            "content/news/b.md",
            "---\ntitle: B\ndate: 2004-01-01\nrelated: [no-such-article]\n---\nx\n",
        ),
        (
            "content/news/c.md",
            "---\ntitle: C\ndate: 2004-01-01\n---\nIntro.\n\nSee [gone](@/news/gone.md),\n[here](@/news/first-report.md#nope)\nand ![a chart](images/missing.png).\n",
        ),
        (
            "templates/tags.html",
            "{% extends \"base.html\" %}\n{% block main %}\n{{ tags.first.nonexistent }}\n{% endblock main %}\n",
        ),
    ];
    for (file, text) in bad {
        std::fs::create_dir_all(site.join(file).parent().unwrap()).unwrap();
        std::fs::write(site.join(file), text).unwrap();
    }
    let before = tree(tmp.path());
    let o = placard(&["check", "--root", root]);
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert_eq!(o.status.code(), Some(1), "{out}{err}");
    // Load errors stop the check before links and templates: fix those first.
    assert!(
        err.contains("error: content/news/a.md:3: date \"2004-02-30\" does not exist"),
        "{err}"
    );
    assert!(
        err.contains(
            "error: content/news/b.md:4: related \"no-such-article\" is not the slug of any article"
        ),
        "{err}"
    );
    std::fs::remove_file(site.join("content/news/a.md")).unwrap();
    std::fs::remove_file(site.join("content/news/b.md")).unwrap();
    let o = placard(&["check", "--root", root]);
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert_eq!(o.status.code(), Some(1), "{out}{err}");
    for want in [
        "error: content/news/c.md:7: link to @/news/gone.md: there is no such article or section",
        "error: content/news/c.md:8: link to @/news/first-report.md#nope: content/news/first-report.md has no heading #nope; its headings are #background, #background-1",
        "error: content/news/c.md:9: image /news/images/missing.png not found",
        "error: templates/tags.html:3:",
    ] {
        assert!(err.contains(want), "stderr lacks {want:?}:\n{err}");
    }
    assert!(out.contains(": 4 errors,"), "{out}");
    let mut after = tree(tmp.path());
    after.retain(|k, _| !k.ends_with("/a.md") && !k.ends_with("/b.md"));
    let mut before = before;
    before.retain(|k, _| !k.ends_with("/a.md") && !k.ends_with("/b.md"));
    assert!(after == before, "check wrote or changed files");
}

#[test]
fn internal_links_aliases_and_future_articles_build() {
    let (tmp, site) = site_copy("small");
    let out = tmp.path().join("out");
    let o = build_output(&site, &out);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success());
    assert!(
        stdout.contains("1 future-dated article left out; --future includes it"),
        "{stdout}"
    );
    assert!(!out.join("news/scheduled").exists());
    let essay = std::fs::read_to_string(out.join("essays/why-i-speak/index.html")).unwrap();
    assert!(
        essay.contains("href=\"/news/first-report/#background\"")
            && essay.contains("href=\"/news/\""),
        "@/ links not resolved"
    );
    assert!(!essay.contains("@/"));
    let redirect = std::fs::read_to_string(out.join("2004/05/kosovo-report/index.html")).unwrap();
    assert!(
        redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=/news/first-report/\">"),
        "{redirect}"
    );
    assert!(
        redirect
            .contains("<link rel=\"canonical\" href=\"https://example.org/news/first-report/\">")
    );
    assert!(out.join("old/report.html").is_file());
    let redirects = std::fs::read_to_string(out.join("_redirects")).unwrap();
    assert!(redirects.contains("/2004/05/kosovo-report/ /news/first-report/ 301\n/old/report.html /news/first-report/ 301"), "{redirects}");
    build(
        &site,
        &out,
        &["--future", "--base-url", "https://example.org/campaign/"],
    );
    assert!(out.join("news/scheduled/index.html").is_file());
    let redirects = std::fs::read_to_string(out.join("_redirects")).unwrap();
    assert!(
        redirects.contains("/campaign/2004/05/kosovo-report/ /campaign/news/first-report/ 301"),
        "{redirects}"
    );
}

#[test]
fn aliases_that_clash_or_leave_the_site_are_errors() {
    let (_tmp, site) = site_copy("small");
    let file = site.join("content/news/second-report.md");
    let text = std::fs::read_to_string(&file).unwrap().replace(
        "related: [first-report]",
        "related: [first-report]\naliases: [/news/first-report/, ../etc/x]",
    );
    std::fs::write(&file, text).unwrap();
    let o = placard(&["build", "--root", site.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1));
    assert!(err.contains("content/news/second-report.md:7: alias /news/first-report/ is already the URL of content/news/first-report.md"), "{err}");
    assert!(
        err.contains("content/news/second-report.md:7: alias \"../etc/x\" must start with /"),
        "{err}"
    );
}

#[test]
fn the_readme_example_article_builds_as_described() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let (_, after) = readme
        .split_once("`content/tackling-demand/buyers-fined.md`:\n\n```markdown\n")
        .expect("the example in README.md");
    let example = after.split_once("\n```").unwrap().0;
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::copy(repo().join("site.yaml"), site.join("site.yaml")).unwrap();
    copy_tree(&repo().join("content"), &site.join("content"));
    std::fs::write(
        site.join("content/tackling-demand/buyers-fined.md"),
        format!("{example}\n"),
    )
    .unwrap();
    image::RgbImage::from_pixel(64, 32, image::Rgb([20, 80, 160]))
        .save(site.join("content/tackling-demand/timeline.png"))
        .unwrap();
    let o = placard(&["check", "--root", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = tmp.path().join("out");
    build(&site, &out, &["--no-minify"]);
    let page =
        std::fs::read_to_string(out.join("tackling-demand/buyers-fined/index.html")).unwrap();
    for want in [
        "href=\"/sex-trade/sex-trafficking/kosovo-un-troops-fuel-sex-trade/#trading-houses\"",
        "src=\"/tackling-demand/timeline.png\"",
        "<h2 id=\"what-the-law-does\">What the law does</h2>",
        "<blockquote>",
    ] {
        assert!(page.contains(want), "the example's page lacks {want}");
    }
    assert!(out.join("tackling-demand/timeline.png").is_file());
    assert!(
        out.join("news/2010/buyers-fined/index.html").is_file(),
        "alias page"
    );
    let list = std::fs::read_to_string(out.join("tackling-demand/index.html")).unwrap();
    assert!(
        list.contains("which targets demand rather than the women selling sex.")
            && !list.contains("What the law does"),
        "the summary is the text before <!-- more -->"
    );
}

#[test]
fn warnings_are_counted_by_kind_and_the_unsourced_warning_can_be_silenced() {
    let (_tmp, site) = site_copy("small");
    for i in 0..7 {
        std::fs::write(
            site.join(format!("content/news/remote-{i}.md")),
            format!("---\ntitle: Remote {i}\ndate: 2001-01-0{}\n---\n![a photo](https://elsewhere.example/{i}.jpg)\n", i + 1),
        )
        .unwrap();
    }
    let root = site.to_str().unwrap();
    let o = placard(&["build", "--root", root]);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.matches("is on another host").count(), 5, "{err}");
    assert!(err.contains("… and 2 more like these"), "{err}");
    assert!(err.contains("warnings: 7 images on other hosts"), "{err}");
    // check lists every one, and the articles without source or author.
    let o = placard(&["check", "--root", root]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.matches("is on another host").count(), 7, "{err}");
    assert!(err.contains("where a clipping comes from"), "{err}");
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    std::fs::write(
        site.join("site.yaml"),
        format!("{yaml}\nwarn_unsourced: false\n"),
    )
    .unwrap();
    let o = placard(&["check", "--root", root]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("where a clipping comes from"), "{err}");
    assert_eq!(err.matches("is on another host").count(), 7, "{err}");
}

#[test]
fn an_undated_article_is_a_page_of_its_section_never_news() {
    let (tmp, site) = site_copy("small");
    let write = |rel: &str, text: &str| {
        let p = site.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write("content/about/_index.md", "---\ntitle: About\n---\n");
    write(
        "content/about/who-we-are.md",
        "---\ntitle: Who we are\n---\nA small campaign.\n",
    );
    write(
        "content/news/forgotten.md",
        "---\ntitle: Forgotten date\nsource: X\nauthor: Y\n---\nNews.\n",
    );
    let out = tmp.path().join("public");
    let o = build_output(&site, &out);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    // News that forgot its date is pointed out; a section of pages is not.
    assert!(
        err.contains("content/news/forgotten.md:1: no `date:`"),
        "{err}"
    );
    assert!(!err.contains("who-we-are.md:1: no `date:`"), "{err}");
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
    assert!(read("about/who-we-are/index.html").contains("A small campaign."));
    assert!(read("about/index.html").contains("Who we are"));
    let home = read("index.html");
    assert!(
        !home.contains("Who we are") && !home.contains("Forgotten date"),
        "{home}"
    );
    assert!(!read("rss.xml").contains("Who we are"));
    // `check` says the same.
    let c = placard(&["check", "--root", site.to_str().unwrap()]);
    let report =
        String::from_utf8_lossy(&c.stdout).to_string() + &String::from_utf8_lossy(&c.stderr);
    assert!(
        c.status.success() && report.contains("content/news/forgotten.md:1: no `date:`"),
        "{report}"
    );
}

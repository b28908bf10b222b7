//! `placard init` and `placard migrate`: a new site, and existing Hugo,
//! Jekyll, WordPress and feed archives brought across.

use std::path::{Path, PathBuf};

use crate::common::*;

#[test]
fn init_makes_a_site_that_builds_and_checks_clean_and_never_writes_into_a_used_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("Survivors Voice");
    let o = placard(&["init", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in [
        "site.yaml",
        "content/news/_index.md",
        "content/news/welcome.md",
        ".gitignore",
        "netlify.toml",
    ] {
        assert!(site.join(f).is_file(), "{f} missing");
    }
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(yaml.contains("title: Survivors Voice\n"), "{yaml}");
    assert!(
        yaml.lines().filter(|l| l.starts_with('#')).count() >= 5,
        "settings are explained"
    );
    let checked = placard(&["check", "--root", site.to_str().unwrap()]);
    let report = String::from_utf8_lossy(&checked.stdout);
    assert!(
        checked.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    assert!(report.contains("0 errors, 0 warnings"), "{report}");
    build(&site, &site.join("public"), &[]);
    let page = std::fs::read_to_string(site.join("public/news/welcome/index.html")).unwrap();
    assert!(page.contains("Welcome to the archive"));
    assert!(
        std::fs::read_to_string(site.join(".gitignore"))
            .unwrap()
            .contains("/public")
    );

    // A folder with anything in it is refused, and left as it was.
    let used = tmp.path().join("used");
    std::fs::create_dir(&used).unwrap();
    std::fs::write(used.join("notes.txt"), "mine").unwrap();
    let o = placard(&["init", used.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not empty"));
    assert_eq!(std::fs::read_dir(&used).unwrap().count(), 1);
    assert_eq!(
        std::fs::read_to_string(used.join("notes.txt")).unwrap(),
        "mine"
    );
}

/// The articles a migration wrote (not the sections' `_index.md`).
fn articles(site: &Path) -> Vec<PathBuf> {
    files_ending(&site.join("content"), ".md")
        .into_iter()
        .filter(|p| !p.ends_with("_index.md"))
        .collect()
}

/// HTML without what it shows as code: markup there is meant to be seen.
fn outside_code(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<pre") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find("</pre>").map_or("", |e| &rest[i + e..]);
    }
    out.push_str(rest);
    let mut plain = String::new();
    let mut rest = out.as_str();
    while let Some(i) = rest.find("<code") {
        plain.push_str(&rest[..i]);
        rest = rest[i..].find("</code>").map_or("", |e| &rest[i + e..]);
    }
    plain.push_str(rest);
    plain
}

/// Migrates `source` into a new site and checks what a reader would:
/// at least `expected` articles (99 % of them at the least), a build that
/// passes, every old address answering, drafts unpublished, no markup or
/// shortcode shown as text, nothing loaded from another host. Returns the
/// site and the migration's report.
fn migrate_and_check(source: &Path, expected: usize) -> (tempfile::TempDir, PathBuf, String) {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let report = migrate_into(source, &site);
    let written = articles(&site);
    assert!(
        written.len() * 100 >= expected * 99,
        "{} of {expected} posts became articles:\n{report}",
        written.len()
    );
    let out = site.join("public");
    build(&site, &out, &[]);
    let mut old_addresses = 0;
    for file in &written {
        let text = std::fs::read_to_string(file).unwrap();
        let rel = file.strip_prefix(site.join("content")).unwrap();
        let page = out.join(rel.with_extension("")).join("index.html");
        let fm = front_matter(&text);
        let draft = fm.draft;
        let future = fm
            .date
            .is_some_and(|d| d.iso() > placard::date::Date::today().iso());
        if draft || future {
            assert!(!page.exists(), "{}: a draft was published", rel.display());
            continue;
        }
        assert!(
            page.is_file(),
            "{}: no page at {}",
            rel.display(),
            page.display()
        );
        {
            for a in fm.aliases {
                let path = a.trim_start_matches('/');
                let served = if path.ends_with('/') {
                    out.join(path).join("index.html")
                } else {
                    out.join(path)
                };
                assert!(
                    served.is_file(),
                    "{}: the old address {a} does not answer",
                    rel.display()
                );
                old_addresses += 1;
            }
        }
    }
    assert!(old_addresses > 0, "no old address was kept");
    for html in files_ending(&out, ".html") {
        let text = std::fs::read_to_string(&html).unwrap();
        let shown = outside_code(&text);
        for markup in [
            "{{<",
            "{{%",
            "{%",
            "[caption",
            "[gallery",
            "[embed",
            "&lt;!-- wp:",
            "<!-- wp:",
            "&lt;p&gt;",
            "&lt;p ",
            "&lt;div",
            "&lt;img",
            "&lt;a ",
            "&lt;iframe",
            "&lt;br",
            "&lt;span",
            "&lt;strong",
            "&lt;table",
            "&lt;figure",
        ] {
            assert!(
                !shown.contains(markup),
                "{} shows {markup:?} as text",
                html.display()
            );
        }
        for tag in [
            "<iframe",
            "<embed",
            "<object",
            "<video",
            "<audio",
            "<script src=\"http",
            "<script src=\"//",
        ] {
            assert!(
                !text.contains(tag),
                "{} loads {tag} from elsewhere",
                html.display()
            );
        }
        for attr in [
            "src=\"http",
            "src=\"//",
            "srcset=\"http",
            "poster=\"http",
            "data=\"http",
        ] {
            assert!(
                !text.contains(attr),
                "{}: {attr} requests another host",
                html.display()
            );
        }
    }
    (tmp, site, report)
}

fn fixture_source(name: &str) -> PathBuf {
    repo().join("tests/fixtures/migrate").join(name)
}

#[test]
fn a_hugo_site_comes_across_with_its_bundles_permalinks_aliases_and_shortcodes() {
    let source = fixture_source("hugo");
    let posts = std::fs::read_dir(source.join("content/post"))
        .unwrap()
        .count()
        - 1; // _index.md
    let (_tmp, site, report) = migrate_and_check(&source, posts);
    let read = |f: &str| std::fs::read_to_string(site.join(f)).unwrap();
    // Permalinks: `/:year/:month/:slug/`, and relative aliases from there.
    let guide = front_matter(&read("content/post/markdown-syntax.md"));
    assert_eq!(
        guide.aliases,
        ["/2019/03/markdown-syntax/", "/2019/03/migrate-from-jekyl/"]
    );
    assert_eq!(
        guide.tags,
        [
            "markdown",
            "css",
            "html",
            "themes",
            "syntax",
            "Themes Guide"
        ],
        "categories and series kept as tags"
    );
    // A page bundle: its file beside the article, renamed after it.
    let bundle = read("content/post/bundled.md");
    assert!(bundle.contains("date: 2020-02-01T09:30:00+01:00"));
    assert!(
        bundle.contains("![The diagram](bundled-diagram.svg)"),
        "{bundle}"
    );
    assert!(
        bundle.contains("[syntax guide](@/post/markdown-syntax.md)"),
        "{bundle}"
    );
    assert!(site.join("content/post/bundled-diagram.svg").is_file());
    assert!(site.join("public/post/bundled/index.html").is_file());
    // Embeds are links; the summary divider is placard's.
    let rich = read("content/post/rich-content.md");
    assert!(
        rich.contains("(https://www.youtube.com/watch?v=ZJthWmvUzzc)"),
        "{rich}"
    );
    assert!(
        rich.contains("(https://x.com/designreviewed/status/1085870671291310081)"),
        "{rich}"
    );
    assert!(rich.contains("(https://vimeo.com/48912912)"), "{rich}");
    assert!(rich.contains("<!-- more -->"), "{rich}");
    assert!(front_matter(&read("content/post/unfinished.md")).draft);
    assert!(
        report.contains("adjusted: content/post/rich-content.md: a YouTube player became a link"),
        "{report}"
    );
    let yaml = read("site.yaml");
    assert!(
        yaml.contains("title: Hugo Themes\n"),
        "the site is named after the old one"
    );
}

#[test]
fn a_jekyll_site_comes_across_with_dates_from_file_names_liquid_and_redirects() {
    let source = fixture_source("jekyll");
    let posts = std::fs::read_dir(source.join("_posts")).unwrap().count() + 1; // and a draft
    let (_tmp, site, report) = migrate_and_check(&source, posts);
    let read = |f: &str| std::fs::read_to_string(site.join(f)).unwrap();
    // The posts' own folder name, from `/news/:year/:month/:day/:title/`.
    let post = read("content/news/jekyll-1-0-1-released.md");
    let fm = front_matter(&post);
    assert_eq!(fm.aliases, ["/news/2013/05/08/jekyll-1-0-1-released/"]);
    assert!(post.contains("date: 2013-05-08"), "{post}");
    // `{{ site.repository }}` is the setting's value.
    assert!(
        read("content/news/jekyll-1-0-4-released.md")
            .contains("https://github.com/jekyll/jekyll/issues/1349")
    );
    // The draft and the unpublished post stay drafts; the duplicate key's
    // last value wins, with a note.
    let kept = front_matter(&read("content/news/kept-back.md"));
    assert_eq!(kept.title.as_deref(), Some("A post held back"));
    assert!(kept.draft);
    assert!(
        kept.aliases.iter().any(|a| a == "/2024/held-back.html"),
        "redirect_from kept: {:?}",
        kept.aliases
    );
    assert!(front_matter(&read("content/news/next-release-notes.md")).draft);
    assert!(
        report.contains("`title` was given twice: the last one kept"),
        "{report}"
    );
    // A collection's page keeps its permalink and redirect_from.
    let deployment = front_matter(&read("content/docs/deployment.md"));
    assert!(
        deployment
            .aliases
            .iter()
            .any(|a| a == "/docs/deployment-methods/index.html"),
        "{:?}",
        deployment.aliases
    );
    assert!(
        site.join("public/docs/deployment-methods/index.html")
            .is_file()
    );
}

#[test]
fn a_wordpress_export_comes_across_with_its_drafts_pages_and_permalinks() {
    let source = fixture_source("wordpress/theme-unit-test.xml");
    let text = std::fs::read_to_string(&source).unwrap();
    let posts = ["post", "page"]
        .iter()
        .map(|k| {
            text.matches(&format!("<wp:post_type><![CDATA[{k}]]>"))
                .count()
                + text
                    .matches(&format!("<wp:post_type>{k}</wp:post_type>"))
                    .count()
        })
        .sum::<usize>();
    assert!(posts >= 30, "{posts}");
    let (_tmp, site, report) = migrate_and_check(&source, posts);
    let read = |f: &str| std::fs::read_to_string(site.join(f)).unwrap();
    let tags = read("content/posts/markup-html-tags-and-formatting.md");
    assert_eq!(
        front_matter(&tags).aliases,
        ["/2013/01/11/markup-html-tags-and-formatting/"]
    );
    // The GMT date (the permalink has the blog's own day, the 11th).
    assert!(
        tags.contains("date: 2013-01-12T03:22:19Z"),
        "GMT date: {tags}"
    );
    // Nested pages keep their path as the old address.
    assert_eq!(
        front_matter(&read("content/pages/level-3.md")).aliases,
        ["/level-1/level-2/level-3/"]
    );
    // Drafts, a scheduled post and a password-protected one.
    assert!(front_matter(&read("content/posts/draft.md")).draft);
    assert!(front_matter(&read("content/posts/template-password-protected.md")).draft);
    assert!(
        report.contains("protected by a password on WordPress"),
        "{report}"
    );
    assert!(
        !site.join("public/posts/scheduled/index.html").exists(),
        "scheduled for later"
    );
    // A caption is an image with its caption; the YouTube embed a link.
    let caption = read("content/posts/post-format-image-caption.md");
    assert!(!caption.contains("[caption"), "{caption}");
    assert!(
        caption.contains("![Bell on Wharf](") && caption.contains("Bell on wharf in San Francisco"),
        "{caption}"
    );
    let video = read("content/posts/post-format-video-youtube.md");
    assert!(
        video.contains("https://www.youtube.com/watch?v="),
        "{video}"
    );
    assert!(
        report.contains("not brought across: 2 items of type `nav_menu_item`"),
        "{report}"
    );
}

#[test]
fn a_feed_comes_across_and_a_second_migration_changes_nothing() {
    for feed in ["rss.xml", "atom.xml"] {
        let source = repo().join("tests/golden/small").join(feed);
        let text = std::fs::read_to_string(&source).unwrap();
        let items = text.matches("<item>").count() + text.matches("<entry>").count();
        let (_tmp, site, _) = migrate_and_check(&source, items);
        let town = std::fs::read_to_string(site.join("content/posts/town-hall.md")).unwrap();
        let fm = front_matter(&town);
        assert_eq!(fm.aliases, ["/news/local/town-hall/"]);
        assert_eq!(fm.author.as_deref(), Some("Priya Natarajan and Tom Reyes"));
        // Again: nothing is written twice, and an edited article is kept.
        let edited = site.join("content/posts/why-i-speak.md");
        std::fs::write(
            &edited,
            "---\ntitle: Mine\ndate: 2009-06-21\n---\nEdited.\n",
        )
        .unwrap();
        let o = placard(&[
            "migrate",
            source.to_str().unwrap(),
            "--root",
            site.to_str().unwrap(),
        ]);
        let report = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success(), "{report}");
        assert!(report.contains("1 unchanged, 1 kept"), "{report}");
        assert!(
            std::fs::read_to_string(&edited)
                .unwrap()
                .contains("Edited.")
        );
        // A dry run writes nothing.
        let fresh = tempfile::tempdir().unwrap();
        let o = placard(&[
            "migrate",
            source.to_str().unwrap(),
            "--root",
            fresh.path().join("s").to_str().unwrap(),
            "--dry-run",
        ]);
        assert!(o.status.success());
        assert!(String::from_utf8_lossy(&o.stdout).contains("=== content/posts/town-hall.md ==="));
        assert!(!fresh.path().join("s").exists());
    }
}

#[test]
fn wordpress_uploads_saved_beside_the_export_come_across_with_their_posts() {
    let tmp = tempfile::tempdir().unwrap();
    let export = tmp.path().join("export.xml");
    std::fs::copy(fixture_source("wordpress/theme-unit-test.xml"), &export).unwrap();
    let upload = tmp.path().join("wp-content/uploads/2008/06/100_5478.jpg");
    std::fs::create_dir_all(upload.parent().unwrap()).unwrap();
    image::RgbImage::from_pixel(8, 6, image::Rgb([40, 90, 160]))
        .save(&upload)
        .unwrap();
    let site = tmp.path().join("site");
    let o = placard(&[
        "migrate",
        export.to_str().unwrap(),
        "--root",
        site.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let article =
        std::fs::read_to_string(site.join("content/posts/post-format-image-caption.md")).unwrap();
    assert!(
        article.contains("![Bell on Wharf](post-format-image-caption-100_5478.jpg)"),
        "{article}"
    );
    assert!(
        site.join("content/posts/post-format-image-caption-100_5478.jpg")
            .is_file()
    );
    build(&site, &site.join("public"), &[]);
    let page =
        std::fs::read_to_string(site.join("public/posts/post-format-image-caption/index.html"))
            .unwrap();
    assert!(
        page.contains("src=\"/posts/post-format-image-caption-100_5478.jpg\""),
        "{page}"
    );
    assert!(
        site.join("public/posts/post-format-image-caption-100_5478.jpg")
            .is_file()
    );
}

#[test]
fn a_migrated_site_builds_the_first_time_what_it_needs_mended_mechanically() {
    // An old Hugo site with what real ones hold: an image of no file, an
    // address with a slash before its scheme, an e-mail autolink, its own
    // Netlify redirects, a broken picture among its static files.
    let tmp = tempfile::tempdir().unwrap();
    let old = tmp.path().join("old");
    let write = |rel: &str, text: &[u8]| write_file(&old, rel, text);
    write(
        "hugo.toml",
        b"title = \"Old campaign\"\nbaseURL = \"https://old.example/\"\n",
    );
    write(
        "content/news/a.md",
        b"---\ntitle: A\ndate: 2020-01-01\n---\nSee ![](/) and [the law](/https://example.org/law) or write to <press@example.org>.\n",
    );
    write("static/_redirects", b"/old-news/* /news/:splat 301\n");
    write(
        "static/img/broken.png",
        b"\x89PNG\r\n\x1a\nnot a whole picture",
    );
    let site = tmp.path().join("site");
    let report = migrate_into(&old, &site);
    assert!(report.contains("The site builds"), "{report}");
    let article = std::fs::read_to_string(site.join("content/news/a.md")).unwrap();
    assert!(
        article.contains(
            "See  and [the law](https://example.org/law) or write to <press@example.org>."
        ),
        "{article}"
    );
    let out = site.join("public");
    let built = placard(&["build", "--root", site.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&built.stderr);
    assert!(built.status.success(), "{err}");
    assert!(
        err.contains("static/img/broken.png: cannot read this image") && err.contains("left out"),
        "{err}"
    );
    assert!(!out.join("img/broken.png").exists());
    // The old site's own rules come first in the file placard writes.
    let rules = std::fs::read_to_string(out.join("_redirects")).unwrap();
    assert!(
        rules.starts_with("/old-news/* /news/:splat 301\n"),
        "{rules}"
    );
}

#[test]
fn a_feed_without_a_link_of_its_own_takes_its_address_from_where_it_is() {
    let tmp = tempfile::tempdir().unwrap();
    let feed = tmp.path().join("feed.atom");
    std::fs::write(
        &feed,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Research</title><link rel=\"self\" href=\"http://research.example/feed.atom\"/>\
         <entry><title>Logs</title><link rel=\"alternate\" href=\"http://research.example/tlog\"/><published>2019-03-01T00:00:00Z</published>\
         <content type=\"html\">&lt;p&gt;A tree: &lt;img src=\"tlog-16.png\" alt=\"a tree\"&gt;&lt;/p&gt;</content></entry></feed>",
    )
    .unwrap();
    let site = tmp.path().join("site");
    let o = placard(&[
        "migrate",
        feed.to_str().unwrap(),
        "--root",
        site.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    let text = std::fs::read_to_string(site.join("content/posts/tlog.md")).unwrap();
    let fm = front_matter(&text);
    assert_eq!(fm.aliases, ["/tlog/"]);
    // The image is the old site's (shown as a link to it by the build).
    assert!(
        text.contains("![a tree](http://research.example/tlog-16.png)"),
        "{text}"
    );
    build(&site, &site.join("public"), &[]);
}

#[test]
fn a_hugo_site_in_two_languages_becomes_a_site_in_two_languages() {
    let tmp = tempfile::tempdir().unwrap();
    let old = tmp.path().join("old");
    let write = |rel: &str, text: &str| write_file(&old, rel, text);
    write(
        "config/_default/hugo.toml",
        "baseURL = \"https://campaign.example/\"\ndefaultContentLanguage = \"en\"\n",
    );
    write(
        "config/_default/languages.en.toml",
        "title = \"The campaign\"\ncontentDir = \"content/en\"\n[params]\ndescription = \"Against <b>trafficking</b>\"\n",
    );
    write(
        "config/_default/languages.fr.toml",
        "title = \"La campagne\"\ncontentDir = \"content/fr\"\nlanguageName = \"Français\"\n",
    );
    write("content/en/post/_index.md", "---\ntitle: Posts\n---\n");
    write("content/fr/post/_index.md", "---\ntitle: Articles\n---\n");
    // Pictures kept in a folder mounted into content/, which the theme's
    // shortcode finds under a shorter path; links to the French home page
    // and to a tag's page.
    write(
        "config/_default/module.toml",
        "[[mounts]]\nsource = \"uploads\"\ntarget = \"content/uploads\"\n[[mounts]]\nsource = \"../secrets\"\ntarget = \"static\"\n",
    );
    let pic = old.join("uploads/posts/pic.png");
    std::fs::create_dir_all(pic.parent().unwrap()).unwrap();
    image::RgbImage::from_pixel(8, 6, image::Rgb([40, 90, 160]))
        .save(&pic)
        .unwrap();
    std::fs::create_dir_all(tmp.path().join("secrets")).unwrap();
    std::fs::write(tmp.path().join("secrets/key.txt"), "private").unwrap();
    write(
        "content/en/post/freed.md",
        "---\ntitle: Women freed\ndate: 2021-03-04\n---\nSix women were freed.\n\n{{< figure src=\"/posts/pic.png\" alt=\"The court\" >}}\n\nIn [French](/fr/) and [on trafficking](/fr/tags/traite/).\n",
    );
    write(
        "content/fr/post/freed.md",
        "---\ntitle: Des femmes libérées\ndate: 2021-03-04\ntags: [traite]\n---\nSix femmes ont été libérées.\n",
    );
    write(
        "content/fr/post/only.md",
        "---\ntitle: En français seulement\ndate: 2021-03-05\n---\nTexte.\n",
    );
    write(
        "content/en/about.md",
        "---\ntitle: About us\n---\nWho we are.\n",
    );
    write(
        "content/uz/post/never.md",
        "---\ntitle: Never built\ndate: 2021-03-06\n---\nX.\n",
    );
    let site = tmp.path().join("site");
    let report = migrate_into(&old, &site);
    assert!(report.contains("The site builds"), "{report}");
    assert!(
        report.contains("content/uz: the content of a language the old site does not build"),
        "{report}"
    );
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    let config = placard::config::Config::load(&site).unwrap();
    assert_eq!(config.title, "The campaign", "{yaml}");
    assert_eq!(config.languages.len(), 1, "{yaml}");
    assert_eq!(config.languages[0].code, "fr");
    assert_eq!(config.languages[0].title.as_deref(), Some("La campagne"));
    assert!(
        yaml.contains("description: Against trafficking\n"),
        "{yaml}"
    );
    for f in [
        "post/freed.md",
        "post/freed.fr.md",
        "post/only.fr.md",
        "post/_index.fr.md",
        "pages/about.md",
    ] {
        assert!(
            site.join("content").join(f).is_file(),
            "{f} missing:\n{report}"
        );
    }
    assert!(
        !files_ending(&site.join("content"), ".md")
            .iter()
            .any(|p| p.to_string_lossy().contains("never"))
    );
    // Undated, the page is no news.
    assert!(
        front_matter(&std::fs::read_to_string(site.join("content/pages/about.md")).unwrap())
            .date
            .is_none()
    );
    let out = site.join("public");
    build(&site, &out, &[]);
    let fr = std::fs::read_to_string(out.join("fr/post/freed/index.html")).unwrap();
    assert!(
        fr.contains("<html lang=\"fr\"") && fr.contains("Six femmes"),
        "{}",
        &fr[..300]
    );
    assert!(out.join("fr/post/only/index.html").is_file());
    assert!(!out.join("uz").exists());
    let en = std::fs::read_to_string(out.join("post/freed/index.html")).unwrap();
    assert!(en.contains("src=\"/uploads/posts/pic.png\""), "{en}");
    assert!(out.join("uploads/posts/pic.png").is_file());
    assert!(
        en.contains("href=\"/fr/\"") && en.contains("href=\"/fr/tags/traite/\""),
        "{en}"
    );
    // A mount from outside the old site is never read.
    assert!(!out.join("key.txt").exists());
}

#[test]
fn what_a_jekyll_theme_showed_from_front_matter_comes_across() {
    // Bylines by id (`_data/authors.yml`), a lead image under the site's
    // assets, a video by its YouTube id, speakers as the theme listed them.
    let tmp = tempfile::tempdir().unwrap();
    let old = tmp.path().join("old");
    let write = |rel: &str, text: &[u8]| write_file(&old, rel, text);
    write("_config.yml", b"title: Old campaign\n");
    write(
        "_data/authors.yml",
        b"ana:\n  name: Ana Lima\nbo:\n  name: Bo Berg\n",
    );
    write(
        "_posts/2021-03-04-panel.md",
        b"---\ntitle: Panel\nauthor: [ana, bo]\nheader:\n  image: assets/panel.png\nvideo: z3C7R_r75JI\nspeakers:\n  - name: Jane Doe\n  - name: John Roe\n---\nWhat was said.\n",
    );
    // A folder's index page is the page at the folder's address.
    write(
        "about/index.md",
        b"---\ntitle: About us\n---\nWho we are.\n",
    );
    let png = old.join("assets/panel.png");
    std::fs::create_dir_all(png.parent().unwrap()).unwrap();
    image::RgbImage::from_pixel(8, 6, image::Rgb([40, 90, 160]))
        .save(&png)
        .unwrap();
    let site = tmp.path().join("site");
    migrate_into(&old, &site);
    let article = std::fs::read_to_string(site.join("content/posts/panel.md")).unwrap();
    assert!(article.contains("author: Ana Lima, Bo Berg"), "{article}");
    let out = site.join("public");
    build(&site, &out, &[]);
    let page = std::fs::read_to_string(out.join("posts/panel/index.html")).unwrap();
    let text = outside_code(&page);
    assert!(text.contains("Ana Lima, Bo Berg"), "{page}");
    assert!(page.contains("panel.png"), "{page}");
    assert!(
        page.contains("href=\"https://www.youtube.com/watch?v=z3C7R_r75JI\""),
        "{page}"
    );
    assert!(text.contains("Speakers: Jane Doe, John Roe"), "{page}");
    // The lead image above the body's first words.
    assert!(
        page.find("panel.png").unwrap() < page.find("What was said.").unwrap(),
        "{page}"
    );
    let about = std::fs::read_to_string(site.join("content/pages/about.md")).unwrap();
    assert!(about.contains("- /about/\n"), "{about}");
    assert!(out.join("about/index.html").is_file());
}

/// What stopped the build of real sites after migrating, each mended by
/// migrate itself: posts in other languages (`lang: zh_CN`) whose tags
/// transliterate alike (软分叉 and 軟分叉), a feed whose addresses are
/// relative to its own, an old page where placard puts its search page, a
/// translation linking its original that is a draft, and a link to
/// another language's translation.
#[test]
fn what_stopped_real_migrated_sites_from_building_is_mended() {
    let tmp = tempfile::tempdir().unwrap();
    let builds = |old: &Path, name: &str| -> PathBuf {
        let site = tmp.path().join(name);
        let report = migrate_into(old, &site);
        assert!(report.contains("The site builds"), "{name}: {report}");
        build(&site, &site.join("public"), &[]);
        site
    };

    // A Jekyll site with posts in two kinds of Chinese.
    let jekyll = tmp.path().join("jekyll");
    write_file(&jekyll, "_config.yml", "title: Node news\n");
    write_file(
        &jekyll,
        "_posts/zh_CN/2016-06-21-soft-fork.md",
        "---\nlang: zh_CN\ntitle: 软分叉指引\ntags: [软分叉, mining]\n---\n矿工升级。\n",
    );
    write_file(
        &jekyll,
        "_posts/zh_TW/2016-06-22-soft-fork-tw.md",
        "---\nlang: zh_TW\ntitle: 軟分叉指引\ntags: [軟分叉]\n---\n礦工升級。\n",
    );
    write_file(
        &jekyll,
        "_posts/2016-06-23-release.md",
        "---\nlang: en\ntitle: A release\ntags: [mining]\n---\nOut now.\n",
    );
    let site = builds(&jekyll, "from-jekyll");
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(yaml.contains("\nslugs: unicode\n"), "{yaml}");
    let zh = std::fs::read_to_string(site.join("content/posts/soft-fork.md")).unwrap();
    let lang = |text: &str| {
        let fm = front_matter(text);
        fm.extra
            .get("lang")
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    assert_eq!(lang(&zh).as_deref(), Some("zh-CN"), "{zh}");
    let en = std::fs::read_to_string(site.join("content/posts/release.md")).unwrap();
    assert_eq!(lang(&en), None, "{en}");
    let page = std::fs::read_to_string(site.join("public/posts/soft-fork/index.html")).unwrap();
    assert!(page.contains("<html lang=\"zh-CN\""), "{}", &page[..200]);
    for tag in ["软分叉", "軟分叉"] {
        assert!(
            site.join("public/tags")
                .join(tag)
                .join("index.html")
                .is_file(),
            "{tag}"
        );
    }

    // An Atom feed whose links are relative to the feed's own address.
    let feed = tmp.path().join("index.atom");
    std::fs::write(
        &feed,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Sam's blog</title>\
         <link rel=\"self\" href=\"http://blog.example/blog/index.atom\"/><link href=\"/blog/\"/>\
         <entry><title>Changing the TAG</title><link href=\"/blog/2012/12/13/Changing-the-TAG\"/>\
         <published>2012-12-13T10:00:00Z</published><content type=\"html\">&lt;p&gt;See &lt;a href=\"/blog/2012/04/02/Hacked\"&gt;this&lt;/a&gt;.&lt;/p&gt;</content></entry>\
         <entry xml:base=\"http://blog.example/notes/\"><title>A note</title><link href=\"a-note\"/>\
         <published>2012-12-14T10:00:00Z</published><content type=\"text\">Short.</content></entry></feed>",
    )
    .unwrap();
    let site = builds(&feed, "from-feed");
    let tag = std::fs::read_to_string(site.join("content/posts/changing-the-tag.md")).unwrap();
    let fm = front_matter(&tag);
    assert_eq!(fm.aliases, ["/blog/2012/12/13/Changing-the-TAG/"], "{tag}");
    assert_eq!(fm.source_url, None, "{tag}");
    assert!(
        tag.contains("(http://blog.example/blog/2012/04/02/Hacked)"),
        "{tag}"
    );
    let note = std::fs::read_to_string(site.join("content/posts/a-note.md")).unwrap();
    assert_eq!(front_matter(&note).aliases, ["/notes/a-note/"], "{note}");

    // A WordPress blog moved to another domain: its posts' links are on
    // the one it was exported from, and are still its old addresses.
    let wxr = tmp.path().join("export.xml");
    std::fs::write(
        &wxr,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:wp=\"http://wordpress.org/export/1.2/\">\
         <channel><title>Moved</title><link>https://new.example</link>\
         <wp:base_site_url>http://old.example</wp:base_site_url><wp:wxr_version>1.2</wp:wxr_version>\
         <item><title>Hello</title><link>http://www.old.example/hello/</link>\
         <content:encoded><![CDATA[<p>Hi.</p>]]></content:encoded><wp:post_id>1</wp:post_id>\
         <wp:post_date>2020-01-05 10:00:00</wp:post_date><wp:post_name>hello</wp:post_name>\
         <wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item></channel></rss>",
    )
    .unwrap();
    let site = builds(&wxr, "from-wordpress");
    let hello = std::fs::read_to_string(site.join("content/posts/hello.md")).unwrap();
    let fm = front_matter(&hello);
    assert_eq!(
        (fm.aliases, fm.source_url),
        (vec!["/hello/".to_string()], None),
        "{hello}"
    );

    // A Hugo site in two languages: the old French search page and tags
    // page, a French
    // page linking an English draft, and an English page linking a French
    // translation; build and check agree.
    let hugo = tmp.path().join("hugo");
    let write = |rel: &str, text: &str| write_file(&hugo, rel, text);
    write(
        "hugo.toml",
        "baseURL = \"https://campaign.example/\"\ndefaultContentLanguage = \"en\"\n\
         [languages.en]\ncontentDir = \"content/en\"\n[languages.fr]\ncontentDir = \"content/fr\"\n",
    );
    write("content/en/search.md", "---\ntitle: Search\n---\nFind.\n");
    write("content/en/tags/_index.md", "---\ntitle: Tags\n---\n");
    write(
        "content/en/community/_index.md",
        "---\ntitle: Our community is <br/> our best asset\n---\n",
    );
    write(
        "content/en/community/join.md",
        "---\ntitle: Join\n---\nWelcome.\n",
    );
    write(
        "content/fr/search.md",
        "---\ntitle: Recherche\n---\nChercher.\n",
    );
    write(
        "content/en/faq.md",
        "---\ntitle: FAQ\ndraft: true\n---\nNot yet.\n",
    );
    write(
        "content/fr/other.md",
        "---\ntitle: Autre\n---\nVoir [la FAQ]({{< ref \"/faq.md\" >}}) et [traduire](/fr/translate/).\n",
    );
    write(
        "content/en/guide.md",
        "---\ntitle: Guide\n---\nIn [French](/fr/translate/).\n",
    );
    write(
        "content/fr/translate.md",
        "---\ntitle: Traduire\n---\nComment.\n",
    );
    let site = builds(&hugo, "from-hugo");
    let check = placard(&["check", "--root", site.to_str().unwrap()]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let out = site.join("public");
    let guide = std::fs::read_to_string(out.join("pages/guide/index.html")).unwrap();
    assert!(guide.contains("href=\"/fr/pages/translate/\""), "{guide}");
    assert!(out.join("fr/search/index.html").is_file());
    // A title the old site wrote with markup, as its readers saw it.
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("Our community is our best asset") && !home.contains("&lt;br"),
        "{home}"
    );
    // The draft is not published: the link to it is its text.
    let other = std::fs::read_to_string(out.join("fr/pages/other/index.html")).unwrap();
    assert!(
        other.contains("la FAQ") && !other.contains("/pages/faq/"),
        "{other}"
    );
}

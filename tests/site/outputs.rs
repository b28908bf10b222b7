//! The built-in outputs (feeds, sitemap, robots.txt, alias pages) are
//! templates: a site or a theme replaces them file by file, and a theme
//! that brings none still has them.

use crate::common::*;

#[test]
fn a_site_overrides_a_built_in_output_with_its_own_template() {
    let (_tmp, site) = site_copy("small");
    let templates = site.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("robots.txt"),
        "User-agent: *\nDisallow: /drafts/\n\nSitemap: {{ sitemap_url }}\n",
    )
    .unwrap();
    std::fs::write(
        templates.join("rss.xml"),
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>{{ feed.title }} (ours)</title>\
         {% for item in items %}<item><title>{{ item.title }}</title></item>{% endfor %}</channel></rss>\n",
    )
    .unwrap();
    let out = site.join("public");
    build(&site, &out, &[]);
    assert_eq!(
        std::fs::read_to_string(out.join("robots.txt")).unwrap(),
        "User-agent: *\nDisallow: /drafts/\n\nSitemap: https://example.org/sitemap.xml\n"
    );
    let rss = std::fs::read_to_string(out.join("news/rss.xml")).unwrap();
    assert!(
        rss.contains("<title>News – Small Site (ours)</title>"),
        "{rss}"
    );
    // Titles are escaped in XML templates as in pages.
    assert!(
        rss.contains("<item><title>First report: a &quot;quoted&quot; headline</title></item>"),
        "{rss}"
    );
    // The outputs not overridden are the built-in ones.
    let atom = std::fs::read_to_string(out.join("news/atom.xml")).unwrap();
    assert!(
        atom.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""),
        "{atom}"
    );
}

#[test]
fn a_theme_without_feed_templates_still_has_feeds_sitemap_and_aliases() {
    let (_tmp, site) = site_copy("small");
    let theme = site.join("themes/plain/templates");
    std::fs::create_dir_all(&theme).unwrap();
    for name in [
        "index.html",
        "section.html",
        "page.html",
        "tags.html",
        "tag.html",
        "404.html",
        "search.html",
        "safety.html",
    ] {
        std::fs::write(
            theme.join(name),
            "<!doctype html><html lang=\"en\"><title>{{ site.title }}</title><p>plain</p></html>\n",
        )
        .unwrap();
    }
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    std::fs::write(site.join("site.yaml"), format!("{yaml}\ntheme: plain\n")).unwrap();
    let out = site.join("public");
    build(&site, &out, &[]);
    for file in [
        "rss.xml",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "old/report.html",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let alias = std::fs::read_to_string(out.join("old/report.html")).unwrap();
    assert!(alias.contains("http-equiv=\"refresh\""), "{alias}");
}

#[test]
fn the_home_page_leads_to_older_articles_and_the_tag_index_is_paginated() {
    let (_tmp, site) = site_copy("small");
    // Five articles of 50 tags each (the most an article may have).
    for a in 0..5 {
        let tags: Vec<String> = (1..=50).map(|i| format!("topic {a}-{i:02}")).collect();
        std::fs::write(
            site.join(format!("content/news/many-tags-{a}.md")),
            format!(
                "---\ntitle: Many tags {a}\ndate: 200{a}-01-01\nsource: Test\nauthor: Test\ntags: [{}]\n---\nText.\n",
                tags.join(", ")
            ),
        )
        .unwrap();
    }
    let out = site.join("public");
    build(&site, &out, &[]);
    let read = |f: &str| std::fs::read_to_string(out.join(f)).unwrap();
    // per_page is 2: the home shows the newest two and links on.
    let home = read("index.html");
    assert!(
        home.contains("<a rel=\"next\" href=\"/page/2/\">Older</a>"),
        "{home}"
    );
    assert!(
        out.join("page/5/index.html").is_file(),
        "ten articles, two a page"
    );
    assert!(!out.join("page/6/index.html").exists());
    let oldest = read("page/5/index.html");
    assert!(
        oldest.contains("Many tags 0"),
        "the oldest article is on the last page"
    );
    assert!(
        oldest.contains("<a rel=\"prev\" href=\"/page/4/\">Newer</a>"),
        "{oldest}"
    );
    assert!(!home.contains("Many tags 0"));
    // 250 tags and the site's 5, 200 a page.
    let index = read("tags/index.html");
    assert_eq!(index.matches("class=\"count\"").count(), 200);
    assert!(index.contains("<a rel=\"next\" href=\"/tags/page/2/\">Older</a>"));
    let second = read("tags/page/2/index.html");
    assert_eq!(second.matches("class=\"count\"").count(), 55);
    assert!(second.contains("Page 2 of 2"));
}

//! What users of other generators expect: data files templates read, in
//! every language, rebuilt by the dev server.

use placard::serve::Live;

use crate::common::*;

/// Saves `text` as `rel` while the dev server runs, and checks that its
/// rebuild serves what a full build serves in each of `outputs`; returns
/// the server's site for more.
fn edit_while_serving(site: &std::path::Path, rel: &str, text: &str, outputs: &[&str]) -> Live {
    let base = "http://127.0.0.1:9/";
    let mut live = Live::new(site.to_path_buf(), base.into(), true, String::new()).unwrap();
    live.full_build().unwrap();
    write_file(site, rel, text);
    live.update(&[site.join(rel)]).unwrap();
    let mut fresh = Live::new(site.to_path_buf(), base.into(), true, String::new()).unwrap();
    fresh.full_build().unwrap();
    for out in outputs {
        assert_eq!(
            std::fs::read_to_string(live.dir().join(out)).ok(),
            std::fs::read_to_string(fresh.dir().join(out)).ok(),
            "{out}"
        );
        assert!(fresh.dir().join(out).is_file(), "{out}");
    }
    live
}

/// Each of `paths` of the site in `out`, in Chromium under the CSP:
/// axe-core finds nothing (WCAG 2.x A and AA, best practice), its language
/// and direction are its own, and its language switcher's links answer.
fn axe(out: &std::path::Path, paths: &[&str]) {
    let pages: Vec<_> = paths
        .iter()
        .map(|p| {
            let lang = if p.starts_with("/ru/") { "ru" } else { "en" };
            serde_json::json!({"path": p, "lang": lang, "dir": "ltr"})
        })
        .collect();
    let spec = serde_json::json!({"pages": pages, "searches": [], "marks": [], "shots": []});
    let shots = out.join("../shots");
    let (passed, report) = browser_script("languages.mjs", &[&out, &shots, &spec.to_string()]);
    assert!(passed, "in Chromium:\n{report}");
    assert_eq!(report.matches("ok: ").count(), paths.len(), "{report}");
}

/// What the home page adds to the theme's: `data.helplines` and a
/// value from a file in a folder.
const DATA: &str = r#"<ul id="data-helplines">{% for h in data.helplines %}<li>{{ h.name }}: {{ h.phone }}</li>{% endfor %}</ul>
<p id="data-country">{{ data.countries.uk.name }}</p>
"#;

#[test]
fn templates_read_data_files_in_each_language() {
    let (tmp, site) = site_copy("small");
    append_file(
        &site,
        "site.yaml",
        "\nlanguages:\n  ru:\n    name: Русский\n    title: Вырезки\n    description: Вырезки из прессы.\n",
    );
    let theme_index =
        std::fs::read_to_string(repo().join("themes/default/templates/index.html")).unwrap();
    write_file(
        &site,
        "templates/index.html",
        theme_index.replacen(
            "{% endblock main %}",
            &format!("{DATA}{{% endblock main %}}"),
            1,
        ),
    );
    write_file(
        &site,
        "data/helplines.yaml",
        "- name: Rape Crisis 24/7 Support Line\n  phone: 0808 500 2222\n- name: Women's Aid\n  phone: 0808 2000 247\n",
    );
    write_file(
        &site,
        "data/helplines.ru.yaml",
        "- name: Горячая линия для женщин\n  phone: 8 800 7000 600\n",
    );
    write_file(
        &site,
        "data/countries/uk.json",
        "{\"name\": \"United Kingdom\"}",
    );
    let out = tmp.path().join("public");
    build(&site, &out, &[]);
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        home.contains("<li>Rape Crisis 24/7 Support Line: 0808 500 2222<li>Women's Aid: 0808 2000 247</ul>")
            || home.contains("<li>Rape Crisis 24/7 Support Line: 0808 500 2222</li><li>Women's Aid: 0808 2000 247</li></ul>"),
        "{home}"
    );
    assert!(home.contains("United Kingdom"), "{home}");
    let ru = std::fs::read_to_string(out.join("ru/index.html")).unwrap();
    assert!(
        ru.contains("Горячая линия для женщин: 8 800 7000 600") && !ru.contains("Rape Crisis"),
        "{ru}"
    );
    assert!(
        ru.contains("United Kingdom"),
        "the file of no language is every language's"
    );

    // A data file that cannot be read names its file and line, in build
    // and in check.
    write_file(
        &site,
        "data/helplines.yaml",
        "- name: Rape Crisis\n  phone: [0808\n",
    );
    build_and_check_fail_naming(&site, &out, &["data/helplines.yaml:"]);
    write_file(
        &site,
        "data/helplines.yaml",
        "- name: Rape Crisis 24/7 Support Line\n  phone: 0808 500 2222\n",
    );

    // The dev server rebuilds when a data file changes.
    let live = edit_while_serving(
        &site,
        "data/helplines.yaml",
        "- name: Victim Support\n  phone: 0808 168 9111\n",
        &["index.html", "ru/index.html"],
    );
    let served = std::fs::read_to_string(live.dir().join("index.html")).unwrap();
    assert!(served.contains("Victim Support: 0808 168 9111"), "{served}");
}

/// A section of reports with its own list and article templates (a
/// theme's, both replaced by the site), an essay with a template of the
/// theme's own, and a translated section that keeps its original's.
#[test]
fn sections_and_articles_choose_their_templates() {
    let (tmp, site) = site_copy("small");
    append_file(
        &site,
        "site.yaml",
        "\ntheme: campaign\nlanguages:\n  ru:\n    name: Русский\n    title: Вырезки\n    description: Вырезки из прессы.\n",
    );
    // The theme: the default theme's files, and two templates of its own.
    let theme = site.join("themes/campaign/templates");
    copy_tree(
        &repo().join("themes/default"),
        &site.join("themes/campaign"),
    );
    write_file(
        &site,
        "themes/campaign/templates/reports-list.html",
        "{% extends \"section.html\" %}{% block main %}<p id=\"theme-list\">Reports, from the theme</p>{{ super() }}{% endblock main %}",
    );
    write_file(
        &site,
        "themes/campaign/templates/report.html",
        "{% extends \"page.html\" %}{% block main %}<p id=\"theme-report\">A report, from the theme</p>{{ super() }}{% endblock main %}",
    );
    // The site replaces both of the theme's.
    write_file(
        &site,
        "templates/reports-list.html",
        "{% extends \"section.html\" %}{% block main %}<p id=\"site-list\">Reports, from the site</p>{{ super() }}{% endblock main %}",
    );
    write_file(
        &site,
        "templates/report.html",
        "{% extends \"page.html\" %}{% block main %}<p id=\"site-report\">A report: {{ page.title }}</p>{{ super() }}{% endblock main %}",
    );
    write_file(
        &site,
        "themes/campaign/templates/essay.html",
        "{% extends \"page.html\" %}{% block main %}<p id=\"essay\">An essay, from the theme</p>{{ super() }}{% endblock main %}",
    );
    assert!(theme.is_dir());
    write_file(
        &site,
        "content/reports/_index.md",
        "---\ntitle: Reports\ntemplate: reports-list.html\npage_template: report.html\n---\n",
    );
    write_file(
        &site,
        "content/reports/annual/_index.md",
        "---\ntitle: Annual reports\n---\n",
    );
    write_file(
        &site,
        "content/reports/annual/2020.md",
        "---\ntitle: Annual report 2020\ndate: 2021-01-05\n---\nWhat the year held.\n",
    );
    write_file(
        &site,
        "content/reports/annual/2020.ru.md",
        "---\ntitle: Годовой отчёт 2020\ndate: 2021-01-05\n---\nЧто было за год.\n",
    );
    write_file(
        &site,
        "content/reports/_index.ru.md",
        "---\ntitle: Отчёты\n---\n",
    );
    write_file(
        &site,
        "content/reports/essay.md",
        "---\ntitle: Why I stopped\ndate: 2021-02-01\ntemplate: essay.html\n---\nA man on changing his own behaviour.\n",
    );
    let out = tmp.path().join("public");
    build(&site, &out, &[]);
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
    let list = read("reports/index.html");
    assert!(
        list.contains("id=\"site-list\"")
            && !list.contains("theme-list")
            && list.contains("Annual report 2020"),
        "{list}"
    );
    // The subsection takes its parent's article template, the site's copy.
    let report = read("reports/annual/2020/index.html");
    assert!(
        report.contains("<p id=\"site-report\">A report: Annual report 2020</p>")
            && !report.contains("theme-report")
            && report.contains("What the year held."),
        "{report}"
    );
    // Its own list page is the ordinary one.
    assert!(!read("reports/annual/index.html").contains("site-list"));
    let essay = read("reports/essay/index.html");
    assert!(
        essay.contains("id=\"essay\"") && !essay.contains("site-report"),
        "{essay}"
    );
    // The Russian section keeps its original's templates.
    assert!(read("ru/reports/index.html").contains("id=\"site-list\""));
    assert!(read("ru/reports/annual/2020/index.html").contains("A report: Годовой отчёт 2020"));
    // Other sections are as they were.
    assert!(!read("news/index.html").contains("site-list"));

    // A template that is nowhere is an error at its line, in build and check.
    write_file(
        &site,
        "content/reports/essay.md",
        "---\ntitle: Why I stopped\ndate: 2021-02-01\ntemplate: essays.html\n---\nText.\n",
    );
    build_and_check_fail_naming(
        &site,
        &out,
        &[
            "content/reports/essay.md:4: `template`: there is no template essays.html; did you mean essay.html?",
        ],
    );
    // One error for one mistake: the page is not also rendered with a
    // template that is not there.
    let o = build_output(&site, &out);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("error: 1 error; nothing was written"), "{err}");
    write_file(
        &site,
        "content/reports/essay.md",
        "---\ntitle: Why I stopped\ndate: 2021-02-01\ntemplate: ../essay.html\n---\nText.\n",
    );
    build_and_check_fail_naming(
        &site,
        &out,
        &["content/reports/essay.md:4: `template` \"../essay.html\" must name a template"],
    );
}

/// `/2009/` and `/2009/06/`: each year's and month's articles, newest
/// first, paginated, in each language, in the sitemap; a section that
/// has the address keeps it.
#[test]
fn archives_list_each_year_and_month() {
    let (tmp, site) = site_copy("small");
    append_file(
        &site,
        "site.yaml",
        "\narchives: true\nlanguages:\n  ru:\n    name: Русский\n    title: Вырезки\n    description: Вырезки из прессы.\n",
    );
    for (slug, date) in [
        ("june-a", "2009-06-03"),
        ("june-b", "2009-06-20"),
        ("june-c", "2009-06-28"),
        ("march", "2009-03-01"),
    ] {
        write_file(
            &site,
            &format!("content/news/{slug}.md"),
            format!("---\ntitle: Story {slug}\ndate: {date}\n---\nText of {slug}.\n"),
        );
    }
    write_file(
        &site,
        "content/news/june-a.ru.md",
        "---\ntitle: Статья в июне\ndate: 2009-06-03\n---\nТекст.\n",
    );
    // A section named as a year keeps its address.
    write_file(
        &site,
        "content/2010/_index.md",
        "---\ntitle: The 2010 campaign\n---\n",
    );
    write_file(
        &site,
        "content/2010/launch.md",
        "---\ntitle: Launch\ndate: 2010-02-02\n---\nThe launch.\n",
    );
    let out = tmp.path().join("public");
    build(&site, &out, &[]);
    let read =
        |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    // per_page is 2: June's four stories (three new, one of the fixture's
    // essays) take two pages, newest first.
    let june = read("2009/06/index.html");
    assert!(
        june.contains("<h1>June 2009 <span class=\"count\">(4)</span></h1>"),
        "{june}"
    );
    let (c, essay) = (
        june.find("Story june-c").unwrap(),
        june.find("Why I speak").unwrap(),
    );
    assert!(c < essay && !june.contains("Story june-b"), "{june}");
    let second = read("2009/06/page/2/index.html");
    assert!(
        second.find("Story june-b").unwrap() < second.find("Story june-a").unwrap(),
        "{second}"
    );
    let year = read("2009/index.html");
    assert!(
        year.contains("<h1>2009 <span class=\"count\">(5)</span></h1>"),
        "{year}"
    );
    assert!(
        year.contains("<a href=\"/2009/06/\">June 2009</a>")
            && year.contains("<a href=\"/2009/03/\">March 2009</a>"),
        "{year}"
    );
    assert!(read("2009/03/index.html").contains("Story march"));
    // Every page's footer leads to each year.
    assert!(read("index.html").contains("<a href=\"/2009/\">2009</a>"));
    // The section keeps /2010/; that year has no archive.
    assert!(read("2010/index.html").contains("The 2010 campaign"));
    assert!(!out.join("2010/02").exists());
    // Russian: its own article, the month named as it stands alone.
    let ru = read("ru/2009/06/index.html");
    assert!(
        ru.contains("июнь 2009") && ru.contains("Статья в июне"),
        "{ru}"
    );
    // A month's and a year's pages in each language are each other's
    // versions (switcher and hreflang); a month only English has is in no
    // other language.
    let alternates = crate::languages::alternates;
    for (page, other) in [
        (&ru, "https://example.org/2009/06/"),
        (&june, "https://example.org/ru/2009/06/"),
        (&year, "https://example.org/ru/2009/"),
    ] {
        assert!(
            alternates(page).iter().any(|(_, url)| url == other),
            "{other}: {:?}",
            alternates(page)
        );
    }
    let march = read("2009/03/index.html");
    assert!(alternates(&march).is_empty(), "{:?}", alternates(&march));
    // A list's later page is no other language's page: no alternates, and
    // its switcher leads to the list's first page in each language.
    assert!(alternates(&second).is_empty(), "{:?}", alternates(&second));
    assert!(
        second.contains("href=\"/ru/2009/06/\"") && !second.contains("href=\"/ru/\""),
        "{second}"
    );
    assert!(ru.contains("href=\"/2009/06/\""), "{ru}");
    // Valid HTML, and every link on them leads somewhere.
    crate::validate::assert_valid_pages(
        &[
            "2009/index.html",
            "2009/06/index.html",
            "2009/06/page/2/index.html",
            "ru/2009/06/index.html",
        ]
        .map(|p| out.join(p)),
    );
    crate::validate::assert_links_resolve(&out, "/", "https://example.org");
    axe(&out, &["/2009/", "/2009/06/", "/ru/2009/06/"]);
    let sitemap = read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/2009/06/</loc>"),
        "{sitemap}"
    );
    let sitemap = read("ru/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/ru/2009/</loc>"),
        "{sitemap}"
    );

    // The dev server's incremental rebuild gives what a full build gives
    // when a story moves to another month.
    let live = edit_while_serving(
        &site,
        "content/news/march.md",
        "---\ntitle: Story march\ndate: 2009-07-01\n---\nText of march.\n",
        &[
            "2009/index.html",
            "2009/07/index.html",
            "2009/06/index.html",
        ],
    );
    assert!(
        !live.dir().join("2009/03/index.html").exists(),
        "an emptied month stays"
    );
}

/// Code blocks in Rust, YAML, shell and HTML highlighted at build time:
/// classes the stylesheet colours, no inline style, no script; valid HTML
/// that passes axe in the light and dark colour schemes, under the CSP.
#[test]
fn code_blocks_are_highlighted_with_classes_only() {
    let (tmp, site) = site_copy("small");
    write_file(
        &site,
        "content/news/snippets.md",
        "---\ntitle: Snippets\ndate: 2022-02-02\n---\nSettings and commands for the campaign site.\n\n```rust\nfn main() {\n    let count = 3; // how many\n    println!(\"{count} <stories>\");\n}\n```\n\n```yaml\ntitle: Campaign\nhelplines: [\"0808 500 2222\"]\n```\n\n```sh\n# build it\nplacard build --base-url \"$URL\"\n```\n\n```html\n<p class=\"note\">Hello &amp; welcome</p>\n```\n\n```text\nplain words\n```\n",
    );
    let out = tmp.path().join("public");
    build(&site, &out, &[]);
    let html = std::fs::read_to_string(out.join("news/snippets/index.html")).unwrap();
    for (lang, token) in [
        (
            "rust",
            "<span class=\"hl-storage hl-type hl-function hl-rust\">fn</span>",
        ),
        ("yaml", "hl-yaml"),
        ("sh", "hl-comment"),
        ("html", "hl-tag"),
    ] {
        assert!(
            html.contains(&format!(
                "<pre class=\"highlight\"><code class=\"language-{lang}\">"
            )),
            "{lang}: {html}"
        );
        assert!(html.contains(token), "{lang}: {token}: {html}");
    }
    // The code's own markup is text.
    assert!(
        html.contains("&lt;stories&gt;")
            && !html.contains("<p class=\"note\">")
            && html.contains("&amp;</span>amp"),
        "{html}"
    );
    // A block in no language placard knows is as it was.
    assert!(
        html.contains("<pre><code class=\"language-text\">plain words"),
        "{html}"
    );
    let body = &html[html.find("<main").unwrap()..];
    assert!(
        !body.contains("style=") && !body.contains("<script"),
        "{body}"
    );
    let css = std::fs::read_to_string(out.join("css/style.css")).unwrap();
    assert!(
        css.contains(".hl-keyword") && css.contains(".hl-comment"),
        "{css}"
    );
    // What was highlighted is kept for the next build; a site with no code
    // left keeps nothing.
    let kept = site.join(".placard-cache/highlight.json");
    let cache = std::fs::read_to_string(&kept).unwrap();
    let blocks: Vec<(String, String)> =
        serde_json::from_str(cache.split_once('\n').unwrap().1).unwrap();
    let langs: Vec<&str> = blocks
        .iter()
        .map(|(k, _)| k.lines().next().unwrap())
        .collect();
    assert_eq!(langs, ["html", "rust", "sh", "yaml"], "{cache}");
    // The next build shows the same page from it, and leaves the file as
    // it is.
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
    let file = std::fs::File::options().write(true).open(&kept).unwrap();
    file.set_modified(old).unwrap();
    drop(file);
    let rebuilt = tmp.path().join("again");
    build(&site, &rebuilt, &[]);
    assert_eq!(
        std::fs::read(rebuilt.join("news/snippets/index.html")).unwrap(),
        html.as_bytes()
    );
    assert_eq!(std::fs::metadata(&kept).unwrap().modified().unwrap(), old);
    let plain = tmp.path().join("plain");
    std::fs::copy(site.join("content/news/snippets.md"), &plain).unwrap();
    std::fs::remove_file(site.join("content/news/snippets.md")).unwrap();
    build(&site, &rebuilt, &[]);
    assert!(!kept.exists());
    std::fs::copy(&plain, site.join("content/news/snippets.md")).unwrap();
    crate::validate::assert_valid_pages(&[out.join("news/snippets/index.html")]);
    let spec = serde_json::json!({
        "pages": [
            {"path": "/news/snippets/", "lang": "en", "dir": "ltr"},
            {"path": "/news/snippets/", "lang": "en", "dir": "ltr", "dark": true},
        ],
        "searches": [],
        "marks": [],
        "shots": ["/news/snippets/"],
    });
    let shots = repo().join("target/screenshots/code");
    let (passed, report) = browser_script("languages.mjs", &[&out, &shots, &spec.to_string()]);
    assert!(passed, "in Chromium:\n{report}");
    assert_eq!(report.matches("ok: ").count(), 2, "{report}");
}

/// A site browsed by country and organisation as well as by tag: term
/// pages, the taxonomy's index, feeds, pagination, translations, the
/// article's own list of its terms, and the dev server's rebuild.
#[test]
fn taxonomies_have_term_pages_indexes_feeds_and_translations() {
    let (tmp, site) = site_copy("small");
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    append_file(
        &site,
        "site.yaml",
        "\ntaxonomies:\n  countries: Countries\n  organisations: Organisations\nlanguages:\n  ru:\n    name: Русский\n    title: Вырезки\n    description: Вырезки из прессы.\n    taxonomies:\n      countries: Страны\n",
    );
    for (slug, date, countries) in [
        (
            "peacekeepers",
            "2004-05-06",
            "[Kosovo, Bosnia and Herzegovina]",
        ),
        ("trial", "2005-01-02", "[kosovo]"),
        ("shelter", "2006-03-04", "[Kosovo]"),
    ] {
        write_file(
            &site,
            &format!("content/news/{slug}.md"),
            format!(
                "---\ntitle: Story {slug}\ndate: {date}\ncountries: {countries}\norganisations: [UN]\n---\nText of {slug}.\n"
            ),
        );
    }
    write_file(
        &site,
        "content/news/peacekeepers.ru.md",
        "---\ntitle: Миротворцы\ndate: 2004-05-06\ncountries: [Косово]\n---\nТекст.\n",
    );
    let out = tmp.path().join("public");
    build(&site, &out, &[]);
    let read =
        |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let index = read("countries/index.html");
    assert!(
        index.contains("<h1>Countries</h1>")
            && index.contains("<a href=\"/countries/kosovo/\">Kosovo</a> <span class=\"count\">(3)</span>")
            && index.contains("<a href=\"/countries/bosnia-and-herzegovina/\">Bosnia and Herzegovina</a> <span class=\"count\">(1)</span>"),
        "{index}"
    );
    // per_page is 2: Kosovo's three stories, newest first, on two pages.
    let kosovo = read("countries/kosovo/index.html");
    assert!(
        kosovo.contains("<h1>Countries: Kosovo <span class=\"count\">(3)</span></h1>"),
        "{kosovo}"
    );
    assert!(
        kosovo.find("Story shelter").unwrap() < kosovo.find("Story trial").unwrap()
            && !kosovo.contains("Story peacekeepers"),
        "{kosovo}"
    );
    assert!(read("countries/kosovo/page/2/index.html").contains("Story peacekeepers"));
    assert!(read("organisations/un/index.html").contains("Organisations: UN"));
    let article = read("news/peacekeepers/index.html");
    assert!(
        article.contains("<p class=\"tags\"><a href=\"/countries/\">Countries</a>: <a href=\"/countries/kosovo/\">Kosovo</a>, <a href=\"/countries/bosnia-and-herzegovina/\">Bosnia and Herzegovina</a></p>"),
        "{article}"
    );
    // Every page's footer leads to each taxonomy's index.
    let home = read("index.html");
    assert!(
        home.contains("<a href=\"/countries/\">Countries</a>")
            && home.contains("<a href=\"/organisations/\">Organisations</a>"),
        "{home}"
    );
    // Feeds of a term, read by a real feed parser.
    let feed = out.join("countries/kosovo/atom.xml");
    let parsed = std::process::Command::new(tool("PLACARD_PYTHON"))
        .args([
            "-c",
            "import feedparser, sys; f = feedparser.parse(sys.argv[1]); assert not f.bozo, f.bozo_exception; print(len(f.entries), f.feed.title)",
        ])
        .arg(&feed)
        .output()
        .unwrap();
    assert!(
        parsed.status.success(),
        "{}",
        String::from_utf8_lossy(&parsed.stderr)
    );
    assert!(
        String::from_utf8_lossy(&parsed.stdout).starts_with("2 Kosovo"),
        "{}",
        String::from_utf8_lossy(&parsed.stdout)
    );
    assert!(out.join("countries/kosovo/rss.xml").is_file());
    // Russian: its own terms, the taxonomy in its own title.
    let ru = read("ru/countries/index.html");
    assert!(
        ru.contains("<h1>Страны</h1>") && ru.contains("Косово") && !ru.contains("Bosnia"),
        "{ru}"
    );
    // Each language's index of a taxonomy is the others' version of it.
    assert!(
        crate::languages::alternates(&ru)
            .iter()
            .any(|(lang, url)| lang == "en" && url == "https://example.org/countries/"),
        "{:?}",
        crate::languages::alternates(&ru)
    );
    assert!(read("ru/countries/kosovo/index.html").contains("Миротворцы"));
    assert!(read("sitemap.xml").contains("<loc>https://example.org/countries/kosovo/</loc>"));
    crate::validate::assert_valid_pages(
        &[
            "countries/index.html",
            "countries/kosovo/index.html",
            "news/peacekeepers/index.html",
            "ru/countries/index.html",
        ]
        .map(|p| out.join(p)),
    );
    crate::validate::assert_links_resolve(&out, "/", "https://example.org");
    axe(
        &out,
        &[
            "/countries/",
            "/countries/kosovo/",
            "/news/peacekeepers/",
            "/ru/countries/",
        ],
    );

    // The dev server: a country added to an article gives what a full
    // build gives.
    edit_while_serving(
        &site,
        "content/news/trial.md",
        "---\ntitle: Story trial\ndate: 2005-01-02\ncountries: [Kosovo, Serbia]\norganisations: [UN]\n---\nText of trial.\n",
        &[
            "countries/index.html",
            "countries/serbia/index.html",
            "news/trial/index.html",
            "countries/kosovo/index.html",
        ],
    );

    // A taxonomy named as placard's own folder, or as one of the site's
    // languages, is refused at its line.
    for (taxonomies, said) in [
        (
            "taxonomies: [tags]\n",
            "site.yaml:11: `tags` cannot be a taxonomy",
        ),
        (
            "taxonomies: [ru]\nlanguages:\n  ru:\n    name: Русский\n",
            "site.yaml:11: `ru` cannot be a taxonomy: it is the code of one of the site's languages",
        ),
    ] {
        write_file(&site, "site.yaml", format!("{yaml}\n{taxonomies}"));
        let o = build_output(&site, &out);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success() && err.contains(said), "{said}: {err}");
    }
}

//! A site in several languages and scripts (tests/fixtures/sites/languages:
//! English with Thai and Greek articles, Russian and Arabic translations):
//! each language has its home, sections, tags, feeds, search and sitemap,
//! pages say their language and direction, translations link to each other
//! both ways, and nothing untranslated is invented.

use std::path::Path;
use std::process::Command;

use crate::common::*;
use crate::validate::{assert_links_resolve, assert_valid_pages};

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The opening `<html …>` tag of a page, as minified.
fn html_tag(page: &str) -> &str {
    let start = page.find("<html").expect("an html element");
    &page[start..start + page[start..].find('>').unwrap() + 1]
}

/// The hreflang alternates a page's head lists but x-default: (language,
/// address).
pub fn alternates(page: &str) -> Vec<(String, String)> {
    page.split("<link ")
        .skip(1)
        .filter_map(|l| {
            let l = &l[..l.find('>')?];
            // Minified (`rel=alternate`) or as written (`rel="alternate"`).
            let l = l.replace('"', "");
            if !l.contains("rel=alternate") || !l.contains("hreflang") {
                return None;
            }
            let value = |name: &str| {
                let at = l.find(&format!("{name}="))? + name.len() + 1;
                let end = l[at..].find(' ').map_or(l.len(), |e| at + e);
                Some(l[at..end].to_string())
            };
            Some((value("hreflang")?, value("href")?))
        })
        // x-default repeats the site's own language's: checked apart.
        .filter(|(lang, _)| lang != "x-default")
        .collect()
}

#[test]
fn every_language_has_its_pages_and_they_link_to_each_other() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&fixture("languages"), &out, &[]);

    // Each language's pages, and nothing it does not have.
    for rel in [
        "index.html",
        "ru/index.html",
        "ar/index.html",
        "ru/news/index.html",
        "ar/news/index.html",
        "ru/news/moldova/index.html",
        "ru/news/ukraine/index.html",
        "ar/news/gulf/index.html",
        "ru/rss.xml",
        "ru/atom.xml",
        "ar/rss.xml",
        "ru/search/index.html",
        "ar/safety/index.html",
        "ru/tags/index.html",
        "ru/sitemap.xml",
        "world/thailand/index.html",
    ] {
        assert!(out.join(rel).is_file(), "{rel} is missing");
    }
    for rel in [
        "news/ukraine", // in Russian only
        "ru/news/gulf", // not translated into Russian
        "ru/world",     // a section with nothing in Russian
        "ar/world",
        "ar/robots.txt", // one for every language
    ] {
        assert!(!out.join(rel).exists(), "{rel} was invented");
    }

    // lang and dir on every page of every kind.
    for page in files_ending(&out, ".html") {
        let rel = page
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let text = std::fs::read_to_string(&page).unwrap();
        let tag = html_tag(&text);
        let want = match rel.split('/').next().unwrap() {
            "ar" => "<html lang=\"ar\" dir=\"rtl\">",
            "ru" => "<html lang=\"ru\">",
            _ if rel == "world/thailand/index.html" => "<html lang=\"th\">",
            _ if rel == "world/greece/index.html" => "<html lang=\"el\">",
            _ => "<html lang=\"en\">",
        };
        assert_eq!(tag, want, "{rel}");
    }
    // The Thai article's page: its own language, the site's parts in English.
    let thai = read(&out, "world/thailand/index.html");
    assert!(
        thai.contains("class=site-header lang=\"en\"")
            || thai.contains("lang=\"en\" class=site-header"),
        "{thai}"
    );
    // What the page says about the article is in Thai, where the theme has
    // Thai words; the Greek article's, with none, in the site's English,
    // marked as English.
    assert!(
        thai.contains("<dt>เผยแพร่</dt>") && thai.contains("1 มิถุนายน 2020"),
        "{thai}"
    );
    assert!(
        read(&out, "world/greece/index.html")
            .contains("<dt><span lang=\"en\">Published</span></dt>")
    );
    // On the English list, the Thai card says its language and its date.
    let world = read(&out, "world/index.html");
    assert!(
        world.contains("<article class=card lang=\"th\">"),
        "{world}"
    );
    assert!(world.contains("1 มิถุนายน 2020"), "{world}");

    // Translations link to each other both ways; an article without any
    // lists none.
    let versions = [
        (
            "en",
            "news/moldova/index.html",
            "https://example.org/news/moldova/",
        ),
        (
            "ru",
            "ru/news/moldova/index.html",
            "https://example.org/ru/news/moldova/",
        ),
        (
            "ar",
            "ar/news/moldova/index.html",
            "https://example.org/ar/news/moldova/",
        ),
    ];
    for (_, rel, _) in versions {
        let listed = alternates(&read(&out, rel));
        let want: Vec<(String, String)> = versions
            .iter()
            .map(|(l, _, u)| (l.to_string(), u.to_string()))
            .collect();
        assert_eq!(listed, want, "{rel}");
    }
    // An address that is not there gets its language's 404 page: on
    // Netlify by a rule each (Cloudflare Pages finds the nearest 404.html).
    let ru404 = read(&out, "ru/404.html");
    assert!(html_tag(&ru404).contains("lang=\"ru\"") && ru404.contains("Страница не найдена"));
    assert!(html_tag(&read(&out, "ar/404.html")).contains("dir=\"rtl\""));
    let rules = read(&out, "_redirects");
    assert!(
        rules.contains("\n/ru/* /ru/404.html 404\n")
            && rules.contains("\n/ar/* /ar/404.html 404\n"),
        "{rules}"
    );
    // Readers of any other language are sent to the site's own; social
    // sites are told the page's locale and the others'.
    let moldova = read(&out, "ru/news/moldova/index.html");
    for want in [
        "<link href=\"https://example.org/news/moldova/\" hreflang=x-default rel=alternate>",
        "<meta content=\"ru_RU\" property=og:locale>",
        "<meta content=\"en_US\" property=og:locale:alternate>",
        "<meta content=\"ar_EG\" property=og:locale:alternate>",
    ] {
        assert!(moldova.contains(want), "{want}");
    }
    assert!(!moldova.contains("<meta content=\"ru_RU\" property=og:locale:alternate>"));
    assert_eq!(
        alternates(&read(&out, "ru/news/ukraine/index.html")),
        vec![]
    );
    let gulf = alternates(&read(&out, "ar/news/gulf/index.html"));
    assert_eq!(gulf.len(), 2, "{gulf:?}");
    // Homes and sections too.
    assert_eq!(alternates(&read(&out, "ru/index.html")).len(), 3);
    assert_eq!(alternates(&read(&out, "ar/news/index.html")).len(), 3);
    // The switcher of a page without a translation leads to the other
    // languages' homes.
    let ukraine = read(&out, "ru/news/ukraine/index.html");
    let switcher = &ukraine[ukraine.find("class=languages").unwrap()..];
    let switcher = &switcher[..switcher.find("</nav>").unwrap()];
    assert!(switcher.contains("href=\"/\""), "{switcher}");
    assert!(switcher.contains("href=\"/ar/\""), "{switcher}");
    assert!(switcher.contains("aria-current=\"true\""), "{switcher}");

    // Each language's words and settings.
    let ru = read(&out, "ru/news/moldova/index.html");
    for words in [
        "Покинуть страницу",
        "Опубликовано",
        "Предупреждение о содержании",
        "1 марта 2021",
        "Горячая линия «Анна»",
    ] {
        assert!(ru.contains(words), "ru page lacks {words}");
    }
    let ar = read(&out, "ar/news/moldova/index.html");
    for words in [
        "اخرج من هذه الصفحة",
        "https://www.bbc.com/arabic",
        "المصدر",
        "ضد الاتجار بالبشر",
    ] {
        assert!(ar.contains(words), "ar page lacks {words}");
    }
    // `@/` links lead to the translation, or to the original without one.
    assert!(ru.contains("href=\"/news/gulf/\""), "{ru}");
    assert!(ar.contains("href=\"/ar/news/gulf/\""), "{ar}");

    // Tag pages in four scripts, named as written.
    for (rel, name) in [
        ("ru/tags/torgovlia-liudmi/index.html", "торговля людьми"),
        // Arabic keeps its letters in addresses (transliterated, it would
        // lose its vowels: `ltjr-blbshr`).
        ("ar/tags/الاتجار-بالبشر/index.html", "الاتجار بالبشر"),
        ("tags/kaarkh-aamnusy/index.html", "การค้ามนุษย์"),
        ("tags/ellada/index.html", "Ελλάδα"),
    ] {
        assert!(read(&out, rel).contains(name), "{rel} does not name {name}");
    }

    // Lists are joined as each language joins them (an Arabic comma).
    let ar = read(&out, "ar/news/moldova/index.html");
    let tags = &ar[ar.find("class=tags>").expect("tags")..];
    let tags = &tags[..tags.find("</p>").unwrap()];
    assert!(
        tags.contains("</a>، <a") && !tags.contains("</a>, <a"),
        "{tags}"
    );
    // Key combinations read in the order they are pressed on a
    // right-to-left page.
    assert!(read(&out, "ar/safety/index.html").contains("<bdi><kbd>Ctrl</kbd>+<kbd>H</kbd></bdi>"));
    // The reading time in the form its number takes (one minute: دقيقة واحدة).
    assert!(ar.contains("<dd>دقيقة واحدة</dd>"), "Arabic reading time");
    assert!(read(&out, "ru/news/moldova/index.html").contains("<dd>1 минута</dd>"));

    // Feeds of each language, read by feedparser.
    let mut feeds = files_ending(&out.join("ru"), ".xml");
    feeds.retain(|f| !f.ends_with("sitemap.xml"));
    feeds.extend(files_ending(&out.join("ar"), "rss.xml"));
    feeds.push(out.join("atom.xml"));
    feeds.push(out.join("rss.xml"));
    let o = Command::new(tool("PLACARD_PYTHON"))
        .arg(repo().join("tests/tools/check_feeds.py"))
        .arg("--entries")
        .args(&feeds)
        .output()
        .expect("run feedparser");
    let report = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "feedparser:\n{report}");
    assert!(
        report.lines().any(|l| l.ends_with("ru/rss.xml: 2 items")),
        "{report}"
    );
    assert!(read(&out, "ru/rss.xml").contains("<language>ru</language>"));
    // Search engines are told the article's language too.
    assert!(
        read(&out, "world/thailand/index.html").contains("\"inLanguage\":\"th\""),
        "JSON-LD of the Thai article"
    );
    // Each item as a feed reader shows it: its warning first, in its own
    // language, and the article's language where it is not the feed's.
    for want in [
        "entry Вывезенные из Молдовы | lang=ru | <p><strong>Предупреждение о содержании: </strong>В этой статье описывается: сексуальное насилие.</p>",
        "entry Trafficked from Moldova | lang=en | <p><strong>Content warning: </strong>This article describes sexual violence.</p>",
        "entry การค้ามนุษย์ในประเทศไทย | lang=th | <p>",
    ] {
        assert!(
            report.matches(want).count() >= 2,
            "{want} not in both feeds:\n{report}"
        );
    }

    // One sitemap per language, all in robots.txt, with the alternates.
    let robots = read(&out, "robots.txt");
    for lang in ["", "ru/", "ar/"] {
        assert!(
            robots.contains(&format!("Sitemap: https://example.org/{lang}sitemap.xml\n")),
            "{robots}"
        );
    }
    let sitemap = read(&out, "ru/sitemap.xml");
    assert!(sitemap.contains("<url><loc>https://example.org/ru/news/moldova/</loc><lastmod>2021-03-01</lastmod><xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/news/moldova/\"/><xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/news/moldova/\"/>"), "{sitemap}");
    assert!(
        !sitemap.contains("<loc>https://example.org/news/"),
        "only Russian pages: {sitemap}"
    );

    // Valid pages, links that lead somewhere.
    assert_valid_pages(&files_ending(&out, ".html"));
    assert!(assert_links_resolve(&out, "/", "https://example.org") > 100);

    // In Chromium: direction, layout, axe in both directions, search in
    // four scripts on each language's own search page, screenshots.
    let shots = repo().join("target/screenshots");
    let spec = serde_json::json!({
        "pages": [
            {"path": "/", "lang": "en", "dir": "ltr"},
            {"path": "/world/thailand/", "lang": "th", "dir": "ltr"},
            {"path": "/ru/news/moldova/", "lang": "ru", "dir": "ltr"},
            {"path": "/ar/", "lang": "ar", "dir": "rtl"},
            {"path": "/ar/news/", "lang": "ar", "dir": "rtl"},
            {"path": "/ar/news/moldova/", "lang": "ar", "dir": "rtl"},
            {"path": "/ar/tags/", "lang": "ar", "dir": "rtl"},
            {"path": "/ar/tags/الاتجار-بالبشر/", "lang": "ar", "dir": "rtl"},
            {"path": "/ar/search/", "lang": "ar", "dir": "rtl"},
            {"path": "/ar/safety/", "lang": "ar", "dir": "rtl"},
        ],
        "searches": [
            {"page": "/ru/search/", "word": "Вербовщики", "title": "Беженки из Украины и вербовщики"},
            // A result shows its content warning, in its language.
            {"page": "/ru/search/", "word": "Молдовы", "title": "Вывезенные из Молдовы",
             "warning": "Предупреждение о содержании: В этой статье описывается: сексуальное насилие."},
            {"page": "/search/", "word": "Moldova", "title": "Trafficked from Moldova",
             "warning": "Content warning: This article describes sexual violence.", "lang": ""},
            {"page": "/ar/search/", "word": "الخليج", "title": "عاملات المنازل في الخليج"},
            {"page": "/search/", "word": "ประมง", "title": "การค้ามนุษย์ในประเทศไทย", "lang": "th", "warning": ""},
            {"page": "/search/", "word": "ΑΘΉΝΑ", "title": "Εμπορία ανθρώπων στην Ελλάδα"},
            // Typed without the accent, or with the vowels.
            {"page": "/search/", "word": "αθηνα", "title": "Εμπορία ανθρώπων στην Ελλάδα"},
            {"page": "/ar/search/", "word": "الخَلِيج", "title": "عاملات المنازل في الخليج"},
            // Another ending, the article, ة written ه, digits either way.
            {"page": "/ru/search/", "word": "беженка", "title": "Беженки из Украины и вербовщики"},
            {"page": "/ar/search/", "word": "منازل", "title": "عاملات المنازل في الخليج"},
            {"page": "/ar/search/", "word": "مصادره", "title": "عاملات المنازل في الخليج"},
            {"page": "/ar/search/", "word": "312", "title": "عاملات المنازل في الخليج"},
        ],
        "shots": ["/ar/news/moldova/"],
    });
    let (passed, report) = browser_script("languages.mjs", &[&out, &shots, &spec.to_string()]);
    assert!(passed, "in Chromium:\n{report}");
    assert_eq!(report.matches("ok: ").count(), 22, "{report}");
    // Search is per language: the Russian index has no English words.
    let ru_words: String = files_ending(&out.join("ru/search"), ".json")
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    assert!(ru_words.contains("\"вербовщики\""));
    assert!(
        !ru_words.contains("\"recruiters\""),
        "English words in the Russian index"
    );
}

#[test]
fn a_site_overrides_the_words_of_a_language_and_is_told_of_mistakes() {
    let (_tmp, site) = site_copy("languages");
    std::fs::create_dir_all(site.join("strings")).unwrap();
    std::fs::write(site.join("strings/ru.yaml"), "exit: Уйти отсюда\n").unwrap();
    let out = site.join("public");
    build(&site, &out, &[]);
    let ru = read(&out, "ru/index.html");
    assert!(ru.contains("Уйти отсюда"), "the site's words");
    assert!(
        ru.contains("Поиск по сайту"),
        "the theme's words for the rest"
    );
    assert!(
        read(&out, "index.html").contains("Exit this page"),
        "English untouched"
    );

    // A mistyped key names the file and line, and nothing is written.
    std::fs::write(site.join("strings/ru.yaml"), "exit: Уйти\nexti_hint: или\n").unwrap();
    let o = build_output(&site, &site.join("second"));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(err.contains("strings/ru.yaml:2"), "{err}");
    assert!(err.contains("exit_hint"), "suggests the key: {err}");
    assert!(!site.join("second").exists());
}

#[test]
fn mistakes_in_languages_are_named_with_their_line() {
    let (_tmp, site) = site_copy("languages");
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    // Each named at its own line: the language's, its key's, or (for a
    // field it does not take) `languages:`'s, lines below that.
    for (bad, says, below) in [
        (
            "languages:\n  en:\n    title: Again\n",
            "is the site's own `language`",
            1,
        ),
        (
            "languages:\n  ru:\n    titel: Против\n",
            "unknown field `titel`",
            0,
        ),
        (
            "languages:\n  ru:\n    exit:\n      url: ftp://x\n",
            "must start with https://",
            2,
        ),
    ] {
        let text = yaml[..yaml.find("languages:").unwrap()].to_string() + bad;
        std::fs::write(site.join("site.yaml"), &text).unwrap();
        let o = placard(&["build", "--root", site.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr);
        let line = text.lines().position(|l| l == "languages:").unwrap() + 1 + below;
        assert!(!o.status.success(), "{bad}");
        assert!(err.contains(&format!("site.yaml:{line}")), "{bad}: {err}");
        assert!(err.contains(says), "{bad}: {err}");
    }
    // A translation into a language the site does not have is left out,
    // with a warning; an article with a dot in its name is not taken for one.
    std::fs::write(site.join("site.yaml"), &yaml).unwrap();
    std::fs::write(
        site.join("content/news/_index.de.md"),
        "---\ntitle: Nachrichten\n---\n",
    )
    .unwrap();
    std::fs::write(
        site.join("content/news/report.v2.md"),
        "---\ntitle: Report v2\ndate: 2020-01-01\nsource: S\nauthor: A\n---\nText.\n",
    )
    .unwrap();
    // An article in a language the site does not have is published as
    // one of its own, and the build says so.
    std::fs::write(
        site.join("content/news/minutes.de.md"),
        "---\ntitle: Protokoll\ndate: 2020-01-01\nsource: S\nauthor: A\n---\nText.\n",
    )
    .unwrap();
    let o = placard(&["build", "--root", site.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let said = String::from_utf8_lossy(&o.stderr).to_string() + &String::from_utf8_lossy(&o.stdout);
    assert!(
        said.contains("_index.de.md") && said.contains("`de` is not one of the site's languages"),
        "{said}"
    );
    assert!(site.join("public/news/report-v2/index.html").is_file());
    assert!(
        said.contains("minutes.de.md: published as an article of its own"),
        "{said}"
    );
    assert!(!said.contains("report.v2.md: published"), "{said}");
}

#[test]
fn the_dev_server_serves_every_language_and_follows_edits_of_translations() {
    let (_tmp, site) = site_copy("languages");
    let server = Server::start(&site, &[]);
    let (status, _, body) = server.get("/ru/news/moldova/");
    assert_eq!(status, 200);
    assert!(body.contains("Вывезенные из Молдовы"));
    let (status, _, body) = server.get("/ar/");
    assert_eq!(status, 200);
    assert!(body.contains("dir=\"rtl\""), "{body}");
    // A missing page answers in its language's words.
    let (status, _, body) = server.get("/ru/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Страница не найдена"), "{body}");
    let (status, _, body) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"), "{body}");
    // A new translation appears in its language and links back.
    std::fs::write(
        site.join("content/news/gulf.ru.md"),
        "---\ntitle: Домашние работницы в странах Залива\ndate: 2021-02-01\nsource: Тест\nauthor: Тест\n---\nПаспорта отбирают.\n",
    )
    .unwrap();
    assert!(
        server.wait_for("/ru/news/gulf/", "Паспорта отбирают", 30),
        "the new translation is not served"
    );
    assert!(
        server.wait_for("/news/gulf/", "hreflang=\"ru\"", 30),
        "the original does not link to it"
    );
}

#[test]
fn a_translated_subsection_keeps_its_place_and_no_untranslated_text_is_shown() {
    let (_tmp, site) = site_copy("languages");
    let content = site.join("content/world");
    std::fs::write(
        content.join("_index.md"),
        "---\ntitle: Around the world\n---\nReports from every continent.\n",
    )
    .unwrap();
    std::fs::create_dir_all(content.join("asia")).unwrap();
    std::fs::write(content.join("asia/_index.md"), "---\ntitle: Asia\n---\n").unwrap();
    std::fs::write(
        content.join("asia/_index.ru.md"),
        "---\ntitle: Азия\n---\nМатериалы об Азии.\n",
    )
    .unwrap();
    let out = site.join("public");
    build(&site, &out, &[]);
    // Asia is under the world section in Russian too, as in English.
    let asia = read(&out, "ru/world/asia/index.html");
    assert!(asia.contains("href=\"/ru/world/\""), "{asia}");
    assert!(asia.contains("Материалы об Азии."));
    // The world section's page in Russian has its settings, not its English text.
    let world = read(&out, "ru/world/index.html");
    assert!(!world.contains("Reports from every continent"), "{world}");
}

#[test]
fn two_tags_that_share_only_their_transliteration_are_an_error_naming_both() {
    let (tmp, site) = site_copy("languages");
    let edit = |file: &str, from: &str, to: &str| {
        let path = site.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    // عالم ("world") and علم ("science") are both `lm` in ASCII.
    let yaml = site.join("site.yaml");
    let settings = std::fs::read_to_string(&yaml).unwrap();
    std::fs::write(&yaml, format!("slugs: ascii\n{settings}")).unwrap();
    edit(
        "content/news/gulf.ar.md",
        "tags: [الاتجار بالبشر]",
        "tags: [الاتجار بالبشر, عالم]",
    );
    edit(
        "content/news/moldova.ar.md",
        "tags: [الاتجار بالبشر, مولدوفا]",
        "tags: [الاتجار بالبشر, مولدوفا, علم]",
    );
    build_and_check_fail_naming(
        &site,
        &tmp.path().join("out"),
        &[
            "content/news/gulf.ar.md:6: tag \"عالم\" would share its address /ar/tags/lm/ with the tag \"علم\" of content/news/moldova.ar.md",
        ],
    );
    // With their letters kept, as Arabic has them unless the site says
    // otherwise, they are two tags.
    std::fs::write(&yaml, settings).unwrap();
    let out = tmp.path().join("out");
    let o = build_output(&site, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for (dir, title) in [
        ("عالم", "عاملات المنازل في الخليج"),
        ("علم", "مُتاجَر بهنّ من مولدوفا"),
    ] {
        let page = std::fs::read_to_string(out.join("ar/tags").join(dir).join("index.html"))
            .unwrap_or_else(|e| panic!("{dir}: {e}"));
        assert!(page.contains(title), "{dir} lists {title}");
    }
}

#[test]
fn translated_sections_keep_the_originals_place_and_visibility_in_the_menu() {
    let (tmp, site) = site_copy("languages");
    let write = |rel: &str, text: &str| {
        let path = site.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    // Zebra first by its weight, which only the English page gives; the
    // hidden section is hidden by the English page alone.
    write(
        "content/zebra/_index.md",
        "---\ntitle: Zebra reports\nweight: -5\n---\n",
    );
    write("content/zebra/_index.ru.md", "---\ntitle: Ящик\n---\n");
    write(
        "content/hidden/_index.md",
        "---\ntitle: Hidden\nin_menu: false\n---\n",
    );
    write(
        "content/hidden/_index.ru.md",
        "---\ntitle: Скрытый раздел\n---\n",
    );
    let out = tmp.path().join("out");
    let o = build_output(&site, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let menu = |page: &str| {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        let start = html.find("class=topics>").unwrap();
        let end = start + html[start..].find("</nav>").unwrap();
        html[start..end].to_string()
    };
    let en = menu("index.html");
    let ru = menu("ru/index.html");
    assert!(
        en.find("Zebra reports").unwrap() < en.find("News").unwrap(),
        "{en}"
    );
    assert!(
        ru.find("Ящик").unwrap() < ru.find("Новости").unwrap(),
        "Russian menu out of order: {ru}"
    );
    assert!(
        !en.contains("Hidden") && !ru.contains("Скрытый раздел"),
        "{ru}"
    );
    // A translation's own setting still wins.
    write(
        "content/hidden/_index.ru.md",
        "---\ntitle: Скрытый раздел\nin_menu: true\n---\n",
    );
    let o = build_output(&site, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(menu("ru/index.html").contains("Скрытый раздел"));
}

#[test]
fn a_translation_may_spell_its_slug_in_its_own_letters() {
    let (tmp, site) = site_copy("languages");
    let file = site.join("content/news/ukraine.ru.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("---\n", "---\nslug: беженки\n", 1)).unwrap();
    let out = tmp.path().join("out");
    let o = build_output(&site, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = read(&out, "ru/news/беженки/index.html");
    assert!(page.contains("Беженки из Украины и вербовщики"));
    assert!(assert_links_resolve(&out, "/", "https://example.org") > 50);
    // Capitals are not a slug; the error says what would be.
    std::fs::write(&file, text.replacen("---\n", "---\nslug: Беженки\n", 1)).unwrap();
    let o = build_output(&site, &out);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success() && err.contains("try \"беженки\""),
        "{err}"
    );
}

#[test]
fn text_shown_in_another_language_is_marked_with_it_and_check_lists_it() {
    let (tmp, site) = site_copy("languages");
    // A Russian article in a section with no Russian page: the Russian
    // site shows the section's English title. Arabic has no helplines of
    // its own: its pages show the English ones.
    std::fs::write(
        site.join("content/world/greece.ru.md"),
        "---\ntitle: Торговля людьми в Греции\ndate: 2020-05-01\nsource: Тестовая пресса\nauthor: А. Репортёр\n---\nТекст.\n",
    )
    .unwrap();
    // A Swahili article, in a language the site gives only some words of:
    // the rest of what its page says is in English, each word marked.
    write_file(
        &site,
        "content/world/kenya.md",
        "---\ntitle: Biashara haramu ya binadamu nchini Kenya\ndate: 2019-05-01\nlang: sw\nsource: Test Press\n---\nMaandishi.\n",
    );
    write_file(
        &site,
        "strings/sw.yaml",
        "published: Imechapishwa\nmonths: [Januari, Februari, Machi, Aprili, Mei, Juni, Julai, Agosti, Septemba, Oktoba, Novemba, Desemba]\n",
    );
    let o = placard(&["check", "--root", site.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    for want in [
        "site.yaml: pages in `ru` show these in another language (marked with its `lang`): the titles of sections with no page in it (content/world/_index.ru.md)",
        "site.yaml: pages in `ar` show these in another language (marked with its `lang`): the site's helplines (add them under `languages: ar:` in site.yaml)",
    ] {
        assert!(err.contains(want), "{want}\n{err}");
    }
    let out = tmp.path().join("out");
    let o = build_output(&site, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("pages in `ru` show these"));
    let spec = serde_json::json!({
        "pages": [
            {"path": "/ru/world/", "lang": "ru", "dir": "ltr"},
            {"path": "/ar/", "lang": "ar", "dir": "rtl"},
        ],
        "searches": [],
        "marks": [
            {"page": "/ru/world/", "text": "Around the world", "lang": "en"},
            {"page": "/ru/", "text": "Around the world", "lang": "en"},
            {"page": "/ru/world/greece/", "text": "Around the world", "lang": "en"},
            {"page": "/ru/world/", "text": "Новости", "lang": "ru"},
            {"page": "/ar/", "text": "Modern Slavery Helpline", "lang": "en"},
            {"page": "/ru/", "text": "Горячая линия «Анна»", "lang": "ru"},
            // A Greek article, where the theme has no Greek: what its page
            // and card say of it is in the site's English, and marked so;
            // the title of the Thai article after it is marked Thai.
            {"page": "/world/greece/", "text": "Published", "lang": "en"},
            {"page": "/world/greece/", "text": "1 May 2020", "lang": "en"},
            {"page": "/world/greece/", "text": "1 min", "lang": "en"},
            {"page": "/world/greece/", "text": "การค้ามนุษย์ในประเทศไทย", "lang": "th"},
            {"page": "/world/", "text": "1 May 2020", "lang": "en"},
            // Swahili, with a few words: those are Swahili, the rest
            // English, word by word.
            {"page": "/world/kenya/", "text": "Imechapishwa", "lang": "sw"},
            {"page": "/world/kenya/", "text": "1 Mei 2019", "lang": "sw"},
            {"page": "/world/kenya/", "text": "Reading time", "lang": "en"},
            {"page": "/world/kenya/", "text": "1 min", "lang": "en"},
        ],
        "shots": [],
    });
    let shots = tmp.path().join("shots");
    let (passed, report) = browser_script("languages.mjs", &[&out, &shots, &spec.to_string()]);
    assert!(passed, "in Chromium:\n{report}");
    assert_eq!(report.matches("ok: ").count(), 17, "{report}");
}

#[test]
fn hebrew_and_chinese_pages_pass_axe_read_their_direction_and_mark_other_words() {
    let (tmp, site) = site_copy("languages");
    let write = |rel: &str, text: &str| std::fs::write(site.join(rel), text).unwrap();
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    write(
        "site.yaml",
        &format!(
            "{yaml}  he:\n    title: נגד סחר בבני אדם\n    description: ארכיון כתבות על סחר בבני אדם ועל מי ששרדו אותו.\n  zh:\n    title: 反对人口贩运\n    description: 关于人口贩运及其幸存者的报道档案。\n"
        ),
    );
    write(
        "content/_index.he.md",
        "---\ntitle: דף הבית\n---\nכתבות בעברית.\n",
    );
    write(
        "content/_index.zh.md",
        "---\ntitle: 首页\n---\n中文报道。\n",
    );
    write("content/news/_index.he.md", "---\ntitle: חדשות\n---\n");
    write("content/news/_index.zh.md", "---\ntitle: 新闻\n---\n");
    write(
        "content/news/moldova.he.md",
        "---\ntitle: נסחרו ממולדובה\ndate: 2021-03-01\nsource: עיתונות לדוגמה\nauthor: כתב\ntags: [סחר בבני אדם]\nwarnings: [אלימות מינית]\n---\nנשים ממולדובה הכפרית מספרות איך מגייסים הבטיחו להן עבודה בחו״ל.\n",
    );
    write(
        "content/news/moldova.zh.md",
        "---\ntitle: 从摩尔多瓦被贩卖\ndate: 2021-03-01\nsource: 测试新闻\nauthor: 记者\ntags: [人口贩运]\nwarnings: [性暴力]\n---\n摩尔多瓦农村的妇女讲述招募者如何许诺给她们国外的工作。\n",
    );
    let out = tmp.path().join("out");
    let o = build_output(&site, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The warning in each language's own words.
    let zh = read(&out, "zh/news/moldova/index.html");
    assert!(
        zh.contains("内容警告") && zh.contains("本文涉及性暴力。"),
        "Chinese warning"
    );
    assert!(read(&out, "he/news/moldova/index.html").contains("אזהרת תוכן"));
    assert_valid_pages(&files_ending(&out.join("he"), ".html"));
    assert_valid_pages(&files_ending(&out.join("zh"), ".html"));
    let spec = serde_json::json!({
        "pages": [
            {"path": "/he/", "lang": "he", "dir": "rtl"},
            {"path": "/he/news/moldova/", "lang": "he", "dir": "rtl"},
            {"path": "/he/safety/", "lang": "he", "dir": "rtl"},
            {"path": "/he/search/", "lang": "he", "dir": "rtl"},
            {"path": "/zh/", "lang": "zh", "dir": "ltr"},
            {"path": "/zh/news/moldova/", "lang": "zh", "dir": "ltr"},
            {"path": "/zh/safety/", "lang": "zh", "dir": "ltr"},
        ],
        "searches": [
            {"page": "/he/search/", "word": "מולדובה", "title": "נסחרו ממולדובה",
             "warning": "אזהרת תוכן: המאמר הזה מתאר: אלימות מינית."},
            {"page": "/zh/search/", "word": "摩尔多瓦", "title": "从摩尔多瓦被贩卖",
             "warning": "内容警告：本文涉及性暴力。"},
        ],
        "marks": [
            {"page": "/he/", "text": "Modern Slavery Helpline", "lang": "en"},
            {"page": "/zh/news/moldova/", "text": "Modern Slavery Helpline", "lang": "en"},
            {"page": "/he/news/moldova/", "text": "חדשות", "lang": "he"},
        ],
        "shots": ["/he/news/moldova/"],
    });
    let shots = tmp.path().join("shots");
    let (passed, report) = browser_script("languages.mjs", &[&out, &shots, &spec.to_string()]);
    assert!(passed, "in Chromium:\n{report}");
    assert_eq!(report.matches("ok: ").count(), 7 + 2 + 3, "{report}");
}

/// A translation that says nothing of warnings or of where it comes from
/// keeps its original's: the warnings (and check says so), the link to the
/// source and to its snapshot.
#[test]
fn a_translation_without_warnings_keeps_its_originals_and_check_says_so() {
    let (tmp, site) = site_copy("languages");
    let file = site.join("content/news/moldova.ru.md");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("warnings: [сексуальное насилие]\n"));
    let text = text.replace("warnings: [сексуальное насилие]\n", "");
    assert!(text.contains("author: А. Репортёр\n"));
    std::fs::write(&file, text.replace("author: А. Репортёр\n", "")).unwrap();
    let original = site.join("content/news/moldova.md");
    let text = std::fs::read_to_string(&original).unwrap();
    let links = "source_url: https://press.example/moldova\narchive_url: https://web.archive.org/web/20210301000000/https://press.example/moldova\n";
    std::fs::write(
        &original,
        text.replacen(
            "source: Test Press\n",
            &format!("source: Test Press\n{links}"),
            1,
        ),
    )
    .unwrap();
    let o = placard(&["check", "--root", site.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("content/news/moldova.ru.md:1: no `warnings:`, though its original content/news/moldova.md warns of sexual violence"),
        "{err}"
    );
    let out = tmp.path().join("out");
    assert!(build_output(&site, &out).status.success());
    let page = read(&out, "ru/news/moldova/index.html");
    assert!(
        page.contains("content-warning") && page.contains("sexual violence"),
        "the Russian page shows no warning"
    );
    assert!(
        page.contains(
            r#"<a href="https://press.example/moldova" rel=noreferrer>Тестовая пресса</a>"#
        ) && page.contains(
            r#"href="https://web.archive.org/web/20210301000000/https://press.example/moldova""#
        ),
        "the Russian page does not link the original's source and snapshot"
    );
    assert!(
        page.contains("A. Reporter"),
        "the Russian page names no writer"
    );
}

/// The words the search script shows in a site language whose strings
/// leave some out: those it gives in that language, the rest in English
/// marked as English (WCAG 3.1.2), as the words the pages show are.
#[test]
fn search_words_a_language_lacks_are_english_and_marked_so() {
    let (tmp, site) = site_copy("small");
    append_file(
        &site,
        "site.yaml",
        "\nlanguages:\n  sw:\n    name: Kiswahili\n    title: Vipande\n    description: Vipande vya habari.\n",
    );
    write_file(
        &site,
        "strings/sw.yaml",
        "search: Tafuta\nsearch_many: \"Makala {count} zinalingana na “{query}”.\"\n",
    );
    for (slug, title) in [
        ("kenya", "Biashara haramu nchini Kenya"),
        ("tanzania", "Biashara haramu nchini Tanzania"),
    ] {
        write_file(
            &site,
            &format!("content/news/{slug}.sw.md"),
            format!(
                "---\ntitle: {title}\ndate: 2019-05-01\n---\nMaandishi ya binadamu na {slug}.\n"
            ),
        );
    }
    let out = tmp.path().join("out");
    build(&site, &out, &[]);
    let spec = serde_json::json!({
        "pages": [],
        "searches": [
            // One result: "1 article matches", in English.
            {"page": "/sw/search/", "word": "kenya", "title": "Biashara haramu nchini Kenya", "status_lang": "en"},
            // Two: the Swahili words the strings give.
            {"page": "/sw/search/", "word": "binadamu", "title": "Biashara haramu nchini Tanzania", "status_lang": "sw"},
        ],
        "marks": [],
        "shots": [],
    });
    let shots = tmp.path().join("shots");
    let (passed, report) = browser_script("languages.mjs", &[&out, &shots, &spec.to_string()]);
    assert!(passed, "in Chromium:\n{report}");
    assert_eq!(report.matches("ok: ").count(), 4, "{report}");
}

#[test]
fn a_language_with_an_address_of_its_own_is_published_whole_in_its_folder() {
    let (tmp, site) = site_copy("languages");
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    write_file(
        &site,
        "site.yaml",
        yaml.replace("  ar:\n", "  ar:\n    base_url: https://example.ar\n"),
    );
    // An old address of the Arabic article, and a link to an article
    // Arabic does not have.
    let gulf = std::fs::read_to_string(site.join("content/news/gulf.ar.md")).unwrap();
    write_file(
        &site,
        "content/news/gulf.ar.md",
        gulf.replacen("---\n", "---\naliases: [/qadim/]\n", 1) + "\n[اليونان](@/world/greece.md)\n",
    );
    let out = tmp.path().join("public");
    build(&site, &out, &[]);

    // The Arabic folder is that host's whole site: its pages, the theme's
    // files, its sitemap, robots.txt and old addresses.
    for rel in [
        "ar/index.html",
        "ar/news/gulf/index.html",
        "ar/search/index.html",
        "ar/favicon.svg",
        "ar/404.html",
        "ar/qadim/index.html",
    ] {
        assert!(out.join(rel).is_file(), "{rel} is missing");
    }
    let ar_robots = read(&out, "ar/robots.txt");
    assert!(
        ar_robots.contains("Sitemap: https://example.ar/sitemap.xml"),
        "{ar_robots}"
    );
    let robots = read(&out, "robots.txt");
    assert!(
        robots.contains("https://example.org/ru/sitemap.xml") && !robots.contains("example.ar"),
        "{robots}"
    );
    let sitemap = read(&out, "ar/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.ar/news/gulf/</loc>"),
        "{sitemap}"
    );
    let redirects = read(&out, "_redirects");
    assert!(
        redirects.contains("/ar/* https://example.ar/:splat 301!"),
        "{redirects}"
    );
    assert!(!redirects.contains("qadim"), "{redirects}");
    // The old address's page, in Arabic.
    let moved = read(&out, "ar/qadim/index.html");
    assert!(
        moved.contains("نُقلت هذه الصفحة إلى")
            && html_tag(&moved).contains("lang=\"ar\" dir=\"rtl\""),
        "{moved}"
    );
    let ar_redirects = read(&out, "ar/_redirects");
    assert!(
        ar_redirects.contains("/qadim/ /news/gulf/ 301"),
        "{ar_redirects}"
    );

    // Each page names the other language's version at its own address.
    let versions = vec![
        (
            "en".to_string(),
            "https://example.org/news/gulf/".to_string(),
        ),
        (
            "ar".to_string(),
            "https://example.ar/news/gulf/".to_string(),
        ),
    ];
    for rel in ["news/gulf/index.html", "ar/news/gulf/index.html"] {
        assert_eq!(alternates(&read(&out, rel)), versions, "{rel}");
    }
    let ar = read(&out, "ar/news/gulf/index.html");
    assert!(
        ar.contains("href=https://example.org/world/greece/")
            || ar.contains("href=\"https://example.org/world/greece/\""),
        "the link to an article Arabic lacks: {ar}"
    );
    let feed = read(&out, "ar/rss.xml");
    assert!(
        feed.contains("<link>https://example.ar/news/gulf/</link>"),
        "{feed}"
    );
    for file in files_ending(&out, "") {
        if let Ok(text) = std::fs::read_to_string(&file) {
            assert!(
                !text.contains("example.org/ar/"),
                "{} links the Arabic pages on the site's own host",
                file.display()
            );
        }
    }

    // In Chromium, each host served from its folder: the Arabic pages,
    // styled and searchable there, and every language link answering.
    let shots = repo().join("target/screenshots");
    let spec = serde_json::json!({
        "hosts": {"https://example.ar": "ar"},
        "pages": [
            {"path": "https://example.ar/", "lang": "ar", "dir": "rtl"},
            {"path": "https://example.ar/news/gulf/", "lang": "ar", "dir": "rtl"},
            {"path": "/news/gulf/", "lang": "en", "dir": "ltr"},
        ],
        "searches": [
            {"page": "https://example.ar/search/", "word": "الخليج", "title": "عاملات المنازل في الخليج"},
        ],
        "shots": [],
    });
    let (passed, report) = browser_script("languages.mjs", &[&out, &shots, &spec.to_string()]);
    assert!(passed, "in Chromium:\n{report}");
    assert_eq!(report.matches("ok: ").count(), 4, "{report}");

    // Every link of each host's pages resolves in the folder that host
    // serves; no page of the site's host leads into the Arabic folder.
    let ar_host = tmp.path().join("ar-host");
    std::fs::rename(out.join("ar"), &ar_host).unwrap();
    assert!(assert_links_resolve(&ar_host, "/", "https://example.ar") > 20);
    assert!(assert_links_resolve(&out, "/", "https://example.org") > 50);
    assert_valid_pages(&files_ending(&ar_host, ".html"));

    // Another address for the site's own language (a deploy preview)
    // keeps the Arabic one's.
    let preview = tmp.path().join("preview");
    build(
        &site,
        &preview,
        &["--base-url", "https://preview.example.net/"],
    );
    assert_eq!(
        alternates(&read(&preview, "news/gulf/index.html")),
        vec![
            (
                "en".to_string(),
                "https://preview.example.net/news/gulf/".to_string()
            ),
            (
                "ar".to_string(),
                "https://example.ar/news/gulf/".to_string()
            ),
        ]
    );
    // The dev server has every language at its one address.
    let server = Server::start(&site, &[]);
    let (status, _, body) = server.get("/ar/news/gulf/");
    assert_eq!(status, 200);
    assert!(
        body.contains("عاملات المنازل في الخليج") && !body.contains("example.ar"),
        "{body}"
    );
    let (status, _, body) = server.get("/news/gulf/");
    assert_eq!(status, 200);
    assert!(
        body.contains("/ar/news/gulf/") && !body.contains("example.ar"),
        "{body}"
    );
}

//! Articles in any script: tags, file names and titles in Cyrillic, Greek,
//! Arabic, Thai or Chinese build, with transliterated URLs, and their words
//! are in the search index as a reader types them.

use crate::common::*;

#[test]
fn tags_file_names_and_titles_in_any_script_build_and_are_searchable() {
    let (_tmp, site) = site_copy("small");
    let news = site.join("content/news");
    std::fs::write(
        news.join("торговля-людьми.md"),
        "---\ntitle: \"Торговля людьми в Молдове\"\ndate: 2020-03-01\nsource: Test\nauthor: Test\ntags: [торговля людьми, Ελλάδα, الاتجار بالبشر]\n---\nЖертвы торговли людьми рассказывают свои истории.\n",
    )
    .unwrap();
    std::fs::write(
        news.join("arabic.md"),
        "---\ntitle: \"الاتجار بالبشر في الخليج\"\ndate: 2020-03-03\nsource: Test\nauthor: Test\n---\nتقرير عن الضحايا والمهربين.\n",
    )
    .unwrap();
    std::fs::write(
        news.join("greek.md"),
        "---\ntitle: \"Εμπορία ανθρώπων στην Ελλάδα\"\ndate: 2020-03-04\nsource: Test\nauthor: Test\n---\nΟι μαρτυρίες των θυμάτων.\n",
    )
    .unwrap();
    std::fs::write(
        news.join("thai.md"),
        "---\ntitle: \"การค้ามนุษย์\"\ndate: 2020-03-02\nsource: Test\nauthor: Test\ntags: [人口贩卖]\n---\nข่าว\n",
    )
    .unwrap();
    let out = site.join("public");
    build(&site, &out, &[]);
    // Transliterated URLs; Latin ones as they always were.
    assert!(out.join("news/torgovlia-liudmi/index.html").is_file());
    assert!(out.join("tags/torgovlia-liudmi/index.html").is_file());
    assert!(out.join("tags/ellada/index.html").is_file());
    assert!(out.join("tags/ren-kou-fan-mai/index.html").is_file());
    assert!(out.join("news/first-report/index.html").is_file());
    let tag = std::fs::read_to_string(out.join("tags/ellada/index.html")).unwrap();
    assert!(tag.contains("Ελλάδα"), "the tag keeps its name");
    // The search index holds the Russian word as typed, in the bucket the
    // search script computes from its first two characters.
    let word = "жертвы";
    let c: Vec<u32> = word.chars().map(|c| c as u32).collect();
    let bucket = (c[0] * 31 + c[1]) % 256;
    let words = std::fs::read_to_string(out.join(format!("search/words-{bucket}.json"))).unwrap();
    assert!(words.contains(&format!("\"{word}\"")), "{words}");

    // In Chromium, as a reader types them.
    let (passed, report) = browser_script(
        "search_scripts.mjs",
        &[
            &out,
            &"Жертвы=Торговля людьми в Молдове",
            &"молдове=Торговля людьми в Молдове",
            &"الضحايا=الاتجار بالبشر في الخليج",
            &"ΜΑΡΤΥΡΊΕΣ=Εμπορία ανθρώπων στην Ελλάδα",
            &"Kosovo=First report: a \"quoted\" headline",
        ],
    );
    assert!(passed, "search in Chromium:\n{report}");
    assert_eq!(report.matches("ok: ").count(), 5, "{report}");

    // `placard new` takes a headline in any script.
    let o = placard(&[
        "new",
        "Ελλάδα: μια έκθεση",
        "--section",
        "news",
        "--root",
        site.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        "content/news/ellada-mia-ekthese.md"
    );
}

#[test]
fn unicode_slugs_keep_other_scripts_in_urls_and_latin_ones_as_ever() {
    let (_tmp, site) = site_copy("small");
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    std::fs::write(site.join("site.yaml"), yaml + "slugs: unicode\n").unwrap();
    std::fs::write(
        site.join("content/news/торговля-людьми.md"),
        "---\ntitle: \"Торговля людьми в Молдове\"\ndate: 2020-03-01\nsource: Test\nauthor: Test\ntags: [торговля людьми, Ελλάδα, การค้ามนุษย์, Kosovo]\n---\nЖертвы рассказывают.\n",
    )
    .unwrap();
    let out = site.join("public");
    build(&site, &out, &[]);
    for rel in [
        "news/торговля-людьми/index.html",
        "tags/торговля-людьми/index.html",
        "tags/ελλάδα/index.html",
        "tags/การค้ามนุษย์/index.html",
        "tags/торговля-людьми/rss.xml",
        // Latin URLs are spelt as they always were.
        "tags/kosovo/index.html",
        "tags/amnesty-international/index.html",
        "news/first-report/index.html",
    ] {
        assert!(out.join(rel).is_file(), "{rel} is missing");
    }
    // Pages link to them as written; feeds and the sitemap percent-encoded.
    let page = std::fs::read_to_string(out.join("news/торговля-людьми/index.html")).unwrap();
    assert!(page.contains("href=\"/tags/ελλάδα/\""), "{page}");
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap
            .contains("<loc>https://example.org/tags/%CE%B5%CE%BB%CE%BB%CE%AC%CE%B4%CE%B1/</loc>"),
        "{sitemap}"
    );
    assert!(crate::validate::assert_links_resolve(&out, "/", "https://example.org") > 20);
    crate::validate::assert_valid_pages(&files_ending(&out.join("tags"), ".html"));
    // `placard new` names the file the same way.
    let o = placard(&[
        "new",
        "Ελλάδα: μια έκθεση",
        "--section",
        "news",
        "--root",
        site.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        "content/news/ελλάδα-μια-έκθεση.md"
    );
}

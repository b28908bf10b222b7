//! One way from HTML to an article: the same HTML fragments (code in every
//! form, tables, captions, nested lists, Markdown inside `<details>`,
//! curly-quoted attributes, entities) come out as the same Markdown
//! through `import` and through `migrate` (a feed and a WordPress export),
//! and a reader sees no tag or entity on the pages made of them.

use std::path::{Path, PathBuf};

use crate::common::*;
use crate::import::{empty_site, import};

fn fragments() -> Vec<(String, String)> {
    let dir = repo().join("tests/fixtures/convert");
    let mut out: Vec<(String, String)> = files_ending(&dir, ".html")
        .into_iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().to_string();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    assert!(out.len() >= 6, "{out:?}");
    out
}

/// The body of an article file (what follows its front matter).
fn body(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let split = placard::frontmatter::split(&text).unwrap();
    split.body.to_string()
}

fn migrate(source: &Path, site: &Path) {
    let o = placard(&[
        "migrate",
        source.to_str().unwrap(),
        "--root",
        site.to_str().unwrap(),
    ]);
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A feed of one item per fragment.
fn feed(fragments: &[(String, String)]) -> String {
    let items: String = fragments
        .iter()
        .map(|(name, html)| {
            format!(
                "<item><title>Fragment {name}</title><link>https://old.example/posts/{name}/</link>\
                 <pubDate>Sun, 21 Jun 2009 10:00:00 +0000</pubDate>\
                 <content:encoded><![CDATA[{html}]]></content:encoded></item>\n"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\
         <channel><title>Old campaign</title><link>https://old.example/</link>\n{items}</channel></rss>\n"
    )
}

/// A WordPress export of one post per fragment.
fn wxr(fragments: &[(String, String)]) -> String {
    let items: String = fragments
        .iter()
        .enumerate()
        .map(|(i, (name, html))| {
            format!(
                "<item><title>Fragment {name}</title><link>https://old.example/2009/06/21/{name}/</link>\
                 <dc:creator>editor</dc:creator><content:encoded><![CDATA[{html}]]></content:encoded>\
                 <wp:post_id>{i}</wp:post_id><wp:post_date_gmt>2009-06-21 10:00:00</wp:post_date_gmt>\
                 <wp:post_name>{name}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>\n"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:wp=\"http://wordpress.org/export/1.2/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
         <channel><title>Old campaign</title><link>https://old.example</link><wp:wxr_version>1.2</wp:wxr_version>\n{items}</channel></rss>\n"
    )
}

/// Each fragment imported as a clipping (front matter, then the HTML):
/// its article's path, by fragment.
fn imported(fragments: &[(String, String)], site: &Path, dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for (name, html) in fragments {
        let clip = dir.join(format!("{name}.txt"));
        std::fs::write(
            &clip,
            format!(
                "---\ntitle: Fragment {name}\ndate: 2009-06-21\nsource: The Herald\n---\n{html}"
            ),
        )
        .unwrap();
        let (code, out_text, err) = import(
            site,
            &[clip.to_str().unwrap(), "--section", "tackling-demand"],
        );
        assert_eq!(code, 0, "{out_text}{err}");
        out.push(site.join(format!("content/tackling-demand/fragment-{name}.md")));
    }
    out
}

#[test]
fn the_same_html_is_the_same_markdown_through_import_and_migrate() {
    let fragments = fragments();
    let tmp = tempfile::tempdir().unwrap();
    let (_site_tmp, site) = empty_site();
    let from_import = imported(&fragments, &site, tmp.path());
    let feed_file = tmp.path().join("feed.xml");
    std::fs::write(&feed_file, feed(&fragments)).unwrap();
    let from_feed = tmp.path().join("from-feed");
    migrate(&feed_file, &from_feed);
    let wxr_file = tmp.path().join("export.xml");
    std::fs::write(&wxr_file, wxr(&fragments)).unwrap();
    let from_wxr = tmp.path().join("from-wxr");
    migrate(&wxr_file, &from_wxr);
    for ((name, _), imported) in fragments.iter().zip(&from_import) {
        let a = body(imported);
        let b = body(&from_feed.join(format!("content/posts/{name}.md")));
        let c = body(&from_wxr.join(format!("content/posts/{name}.md")));
        assert_eq!(a, b, "{name}: import and a feed differ");
        assert_eq!(a, c, "{name}: import and a WordPress export differ");
    }
    // What the fragments say, said in Markdown.
    let md =
        |name: &str| body(&from_import[fragments.iter().position(|(n, _)| n == name).unwrap()]);
    let code = md("code");
    for want in [
        "```\n# list what the page loads\ncurl -s https://example.org/ | grep -o 'src=\"[^\"]*\"'\n```",
        "```yaml\nexit:\n  url: https://www.bbc.co.uk/weather   # a neutral site\n",
        "```php\n<?php echo \"<b>not bold</b>\"; ?>\n```",
        "```\n[caption]not a shortcode[/caption] and [a link](not-a-link)\n    indented line\n```",
        "`<script>`",
        "`` `ticks` ``",
    ] {
        assert!(code.contains(want), "{want}\n---\n{code}");
    }
    let table = md("table");
    assert!(
        table.contains("| Year | Convictions | Notes \\| caveats |\n| --- | --- | --- |\n| 2009 | 12 | *first* year of the law |"),
        "{table}"
    );
    assert!(table.contains("| 2011 | 40 |  |"), "{table}");
    let lists = md("lists");
    assert!(
        lists.contains("- Support for survivors:\n  - housing\n  - legal aid, with [a list of lawyers](https://example.org/legal)"),
        "{lists}"
    );
    assert!(lists.contains("3. Third recommendation"), "{lists}");
    let figure = md("figure");
    assert!(
        figure.contains("> Men must be held responsible for the demand.\n\n*— A campaigner, speaking in Edinburgh*"),
        "{figure}"
    );
    assert!(
        figure.contains("**Nordic model**\n\nA law that penalises"),
        "{figure}"
    );
    let details = md("details");
    assert!(details.contains("**Content warning: rape**"), "{details}");
    assert!(
        details.contains("like \\[a link\\](https://example.org/) or \\*stars\\*, is text."),
        "{details}"
    );
    assert!(details.contains("a break\\\nin it."), "{details}");
    let curly = md("curly");
    assert!(
        curly.contains("[a curly link](https://example.org/curly)")
            && curly.contains("[a single one](https://example.org/single)"),
        "{curly}"
    );
    assert!(
        curly.contains("Café & bar – “sold” for £1,000 each — 5 \\> 3 ©"),
        "{curly}"
    );
    assert!(
        curly.contains("a script link and [the press office](mailto:press@example.org)"),
        "{curly}"
    );
    // Footnotes as Hugo, Pandoc and kramdown render them are footnotes:
    // each reference a `[^n]`, each note a definition, the links back gone.
    let notes = md("footnotes");
    assert!(
        notes.contains("passed in 1999[^1] and reviewed ten years later[^2].")
            && notes.contains("[^1]: Ibid.\n")
            && notes.contains(
                "[^2]: See [the review](https://example.org/review), page 4.\n\n    A second paragraph of the note."
            )
            && !notes.contains('↩')
            && !notes.contains("fnref"),
        "{notes}"
    );
    let escaped = md("escaped");
    assert!(
        escaped.contains("says \\<b\\>, \\&amp; and \\{\\{ site.title \\}\\},"),
        "{escaped}"
    );
}

#[test]
fn a_text_clipping_whose_body_is_html_imports_as_clean_markdown() {
    let (tmp, site) = empty_site();
    let clip = repo().join("tests/fixtures/convert/scraped-clipping.txt");
    let (code, out, err) = import(
        &site,
        &[
            clip.to_str().unwrap(),
            "--section",
            "sex-trade/sex-trafficking",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let file = site.join("content/sex-trade/sex-trafficking/trafficking-ring-jailed-after-women-freed-from-brothels.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let fm = front_matter(&text);
    assert_eq!(fm.author.as_deref(), Some("Staff reporter"));
    assert_eq!(fm.source.as_deref(), Some("The Evening News"));
    let md = body(&file);
    assert_eq!(
        md,
        "Four men were jailed on Friday for trafficking women into brothels across the city’s north.\n\n\
         The court heard that the women were “bought and sold” for £2,000 each. Police freed **eleven** women in raids last year.\n\n\
         A spokeswoman for the support charity said: *“These women need housing and safety, not prosecution.”*\n\n\
         Read [the report on the raids](https://news.example/2009/05/raids.html).\n"
    );
    // And a reader sees the story, not its markup.
    let public = tmp.path().join("public");
    build(&site, &public, &[]);
    let path =
        "/sex-trade/sex-trafficking/trafficking-ring-jailed-after-women-freed-from-brothels/";
    let paths = serde_json::to_string(&[path]).unwrap();
    let (passed, report) = browser_script("shown_text.mjs", &[&public, &paths]);
    assert!(passed, "{report}");
    assert_eq!(report.matches("ok: ").count(), 1, "{report}");
}

#[test]
fn pages_made_of_every_fragment_show_no_markup_in_a_browser() {
    // All but the one that shows markup as text on purpose (`&lt;b&gt;`).
    let mut fragments = fragments();
    fragments.retain(|(name, _)| name != "escaped");
    let tmp = tempfile::tempdir().unwrap();
    let feed_file = tmp.path().join("feed.xml");
    std::fs::write(&feed_file, feed(&fragments)).unwrap();
    let site = tmp.path().join("site");
    migrate(&feed_file, &site);
    let public = tmp.path().join("public");
    build(&site, &public, &[]);
    let paths: Vec<String> = fragments
        .iter()
        .map(|(name, _)| format!("/posts/{name}/"))
        .chain(["/".to_string(), "/posts/".to_string()])
        .collect();
    let (passed, report) = browser_script(
        "shown_text.mjs",
        &[&public, &serde_json::to_string(&paths).unwrap()],
    );
    assert!(passed, "{report}");
    assert_eq!(report.matches("ok: ").count(), paths.len(), "{report}");
    assert!(
        report.contains("ok: /posts/code/ (4 code blocks)"),
        "{report}"
    );
}

#[test]
fn every_way_in_writes_articles_that_read_back_and_check_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("Campaign: 2024");
    let root = site.to_str().unwrap();
    assert!(placard(&["init", root]).status.success());
    let o = placard(&[
        "new",
        "Men's march: \"5,000\" walk #1",
        "--section",
        "news",
        "--root",
        root,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let clip = tmp.path().join("clip.txt");
    std::fs::write(
        &clip,
        "---\ntitle: \"Kosovo: 'yes' & no {{ x }}\"\ndate: 2004-05-07\nauthor: \"O'Brien: the \\\"writer\\\"\"\nsource: \"@news\"\n---\n<p>News of the day, in <em>HTML</em>.</p><p>Second paragraph.</p>\n",
    )
    .unwrap();
    let (code, out, err) = import(&site, &[clip.to_str().unwrap(), "--section", "news"]);
    assert_eq!(code, 0, "{out}{err}");
    let feed_file = tmp.path().join("feed.xml");
    std::fs::write(&feed_file, feed(&fragments())).unwrap();
    migrate(&feed_file, &site);
    // Every article reads back with no unknown key and the site checks clean.
    let articles: Vec<PathBuf> = files_ending(&site.join("content"), ".md")
        .into_iter()
        .filter(|p| !p.ends_with("_index.md"))
        .collect();
    assert!(articles.len() >= 9, "{articles:?}");
    for a in &articles {
        let text = std::fs::read_to_string(a).unwrap();
        let split = placard::frontmatter::split(&text).unwrap();
        let mut warnings = vec![];
        let fm = placard::frontmatter::parse_article(&split, &mut warnings).unwrap();
        assert!(warnings.is_empty(), "{}: {warnings:?}", a.display());
        assert!(fm.title.is_some_and(|t| !t.is_empty()), "{}", a.display());
    }
    let imported = front_matter(
        &std::fs::read_to_string(site.join("content/news/kosovo-yes-no-x.md")).unwrap(),
    );
    assert_eq!(
        imported.title.as_deref(),
        Some("Kosovo: 'yes' & no {{ x }}")
    );
    assert_eq!(imported.author.as_deref(), Some("O'Brien: the \"writer\""));
    assert_eq!(imported.source.as_deref(), Some("@news"));
    let written = front_matter(
        &std::fs::read_to_string(site.join("content/news/mens-march-5-000-walk-1.md")).unwrap(),
    );
    assert_eq!(
        written.title.as_deref(),
        Some("Men's march: \"5,000\" walk #1")
    );
    let checked = placard(&["check", "--root", root]);
    let report = String::from_utf8_lossy(&checked.stdout);
    assert!(
        checked.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    assert!(report.contains(" 0 errors"), "{report}");
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    assert!(yaml.contains("title: 'Campaign: 2024'\n"), "{yaml}");
}

#[test]
fn import_names_files_as_the_site_spells_its_urls() {
    let (tmp, site) = empty_site();
    let yaml = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    std::fs::write(site.join("site.yaml"), format!("{yaml}\nslugs: unicode\n")).unwrap();
    let clip = tmp.path().join("ru.txt");
    std::fs::write(
        &clip,
        "Торговля людьми в Молдове\n\nDate: 3 March 2021\n\nПолиция освободила шесть женщин.\n",
    )
    .unwrap();
    let (code, out, err) = import(
        &site,
        &[
            clip.to_str().unwrap(),
            "--section",
            "sex-trade/sex-trafficking",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let file = site.join("content/sex-trade/sex-trafficking/торговля-людьми-в-молдове.md");
    assert!(file.is_file(), "{out}");
    // Imported again, it is the same article.
    let (code, out, _) = import(
        &site,
        &[
            clip.to_str().unwrap(),
            "--section",
            "sex-trade/sex-trafficking",
        ],
    );
    assert!(code == 0 && out.contains("unchanged"), "{out}");
}

#[test]
fn a_source_file_that_is_not_utf8_is_read_and_the_migration_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("old");
    std::fs::create_dir_all(source.join("_posts")).unwrap();
    std::fs::write(source.join("_config.yml"), "title: Old blog\n").unwrap();
    // Windows-1252, as an old editor saved it: é, “ ” and €.
    std::fs::write(
        source.join("_posts/2010-05-01-caf.md"),
        b"---\ntitle: Caf\xe9 owners jailed\n---\nThey sold women for \x93a few hundred\x94 \x80.\n".as_slice(),
    )
    .unwrap();
    std::fs::write(
        source.join("_posts/2010-05-02-other.md"),
        "---\ntitle: Another post\n---\nText.\n",
    )
    .unwrap();
    let site = tmp.path().join("site");
    migrate(&source, &site);
    let text = std::fs::read_to_string(site.join("content/posts/caf.md")).unwrap();
    assert_eq!(
        front_matter(&text).title.as_deref(),
        Some("Café owners jailed")
    );
    assert!(
        text.contains("They sold women for “a few hundred” €."),
        "{text}"
    );
    assert!(site.join("content/posts/other.md").is_file());
}

#[test]
fn a_story_whose_headline_is_spaced_out_imports_once() {
    // Found by fuzzing: the article's title is written on one line, and a
    // second import must know the story for the same.
    let (tmp, site) = empty_site();
    let clip = tmp.path().join("spaced.txt");
    std::fs::copy(
        repo().join("tests/fixtures/fuzz/clipping-spaced-title.bin"),
        &clip,
    )
    .unwrap();
    let args = [
        clip.to_str().unwrap(),
        "--section",
        "sex-trade/prostitution",
    ];
    let (code, out, err) = import(&site, &args);
    assert_eq!(code, 0, "{out}{err}");
    let (code, again, err) = import(&site, &args);
    assert!(
        code == 0 && again.contains("unchanged") && !again.contains("-2.md"),
        "{again}{err}"
    );
}

#[test]
fn footnotes_come_across_as_footnotes_from_wordpress_and_from_markdown_with_html() {
    let tmp = tempfile::tempdir().unwrap();
    // WordPress's block editor keeps a post's notes in its `footnotes`
    // field; the content has only the references and the block.
    let content = "<!-- wp:paragraph -->\n<p>Demand drives trafficking<sup data-fn=\"6f1c-aa\" class=\"fn\">\
        <a href=\"#6f1c-aa\" id=\"6f1c-aa-link\">1</a></sup>, a review found<sup data-fn=\"9b2e-bb\" class=\"fn\">\
        <a href=\"#9b2e-bb\" id=\"9b2e-bb-link\">2</a></sup>.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:footnotes /-->";
    let notes = r#"[{"content":"Firstword report, 2019, page 12.","id":"6f1c-aa"},{"content":"See <a href=\"https://example.org/review\">the review</a>.","id":"9b2e-bb"}]"#;
    let export = wxr(&[("noted".to_string(), content.to_string())]).replace(
        "<wp:post_type>post</wp:post_type>",
        &format!("<wp:post_type>post</wp:post_type><wp:postmeta><wp:meta_key>footnotes</wp:meta_key><wp:meta_value><![CDATA[{notes}]]></wp:meta_value></wp:postmeta>"),
    );
    let file = tmp.path().join("export.xml");
    std::fs::write(&file, export).unwrap();
    let site = tmp.path().join("from-wxr");
    migrate_into(&file, &site);
    let md = body(&site.join("content/posts/noted.md"));
    assert_eq!(
        md.trim(),
        "Demand drives trafficking[^1], a review found[^2].\n\n\
         [^1]: Firstword report, 2019, page 12.\n\n\
         [^2]: See [the review](https://example.org/review).",
    );
    // A Markdown post whose paragraph holds HTML keeps its reference.
    let jekyll = tmp.path().join("jekyll");
    std::fs::create_dir_all(jekyll.join("_posts")).unwrap();
    std::fs::write(jekyll.join("_config.yml"), "title: Old\n").unwrap();
    std::fs::write(
        jekyll.join("_posts/2020-01-02-noted.md"),
        "---\ntitle: Noted\n---\nA claim<sup>*</sup> with a note.[^src] And <em>more</em>.\n\n[^src]: The source.\n",
    )
    .unwrap();
    let site2 = tmp.path().join("from-jekyll");
    migrate_into(&jekyll, &site2);
    let md = body(&site2.join("content/posts/noted.md"));
    assert!(
        md.contains("with a note.[^src] And *more*.") && md.contains("[^src]: The source."),
        "{md}"
    );
    // Readers see notes, not brackets.
    for (site, page, note) in [
        (
            &site,
            "posts/noted/index.html",
            "Firstword report, 2019, page 12.",
        ),
        (&site2, "posts/noted/index.html", "The source."),
    ] {
        let out = tmp.path().join(format!(
            "public-{}",
            site.file_name().unwrap().to_string_lossy()
        ));
        assert!(build_output(site, &out).status.success());
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(
            html.contains("class=\"footnote-reference\"")
                && html.contains(note)
                && !html.contains("[^"),
            "{html}"
        );
    }
}

//! `placard import` on the shapes clippings really come in: saved pages
//! whose metadata is JSON-LD, OpenGraph, `<meta>` or byline elements, with
//! menus, share bars and scripts around the story; text with front matter,
//! digests of several stories; and a story that fits no section.

use std::path::Path;

use super::import::{empty_site, import};
use crate::common::*;

/// The story's paragraphs, about a campaign, in our own words.
const BODY: &str = "<p>Campaigners gathered outside the city hall on Monday to demand that the council fund the only shelter for women leaving prostitution, which faces closure in the spring.</p>\
<p>The shelter has housed more than four hundred women since it opened, and its workers say that most arrive with nowhere else to go and debts to the men who sold them.</p>\
<h2>What the council said</h2>\
<p>A spokesperson said the council would review every grant in the new year and could not promise money to any one service before that review was done.</p>\
<ul><li>Four hundred women housed</li><li>Twelve beds left</li></ul>\
<p>Read <a href=\"/reports/shelter-2021\">the shelter's report</a> for the figures.</p>";

/// The parts of a news site's page that are not the story.
const CHROME_TOP: &str = "<header><nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li><li><a href='/sport'>Sport</a></li></ul></nav>\
<div class='cookie-banner'>We use cookies. <button>Accept</button></div></header>\
<script>for (var i = 0; i < 3; i++) { if (a<b) document.write('<p>not text</p>'); }</script>";
const CHROME_END: &str = "<div class='share'>Share this article: <a href='https://facebook.com/x'>Facebook</a> <a href='https://twitter.com/x'>Twitter</a></div>\
<aside><h3>Related stories</h3><ul><li><a href='/a'>Another story about the weather</a></li><li><a href='/b'>Football results</a></li></ul></aside>\
<footer><p>Subscribe to our newsletter</p><p>© 2021 The Evening Courier</p></footer>";

fn page(head: &str, article_top: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{head}</head><body>{CHROME_TOP}\
         <main><article>{article_top}{BODY}</article></main>{CHROME_END}</body></html>"
    )
}

/// Five ways pages state headline, date, author and publisher.
fn pages() -> Vec<(&'static str, String)> {
    let title = "Shelter for women leaving prostitution faces closure";
    vec![
        (
            "json-ld.html",
            page(
                &format!(
                    "<title>{title} | The Evening Courier</title><script type='application/ld+json'>{{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":\"{title}\",\"datePublished\":\"2021-11-15T09:30:00+01:00\",\"author\":{{\"@type\":\"Person\",\"name\":\"Maria Lopez\"}},\"publisher\":{{\"@type\":\"Organization\",\"name\":\"The Evening Courier\"}}}}</script><link rel='canonical' href='https://courier.example/news/shelter'>"
                ),
                &format!("<h1>{title}</h1>"),
            ),
        ),
        (
            "opengraph.html",
            page(
                &format!(
                    "<title>{title} - The Evening Courier</title><meta property='og:title' content='{title}'><meta property='og:site_name' content='The Evening Courier'><meta property='article:published_time' content='2021-11-15T09:30:00Z'><meta name='author' content='Maria Lopez'><meta property='og:url' content='https://courier.example/news/shelter'>"
                ),
                &format!("<h1>{title}</h1>"),
            ),
        ),
        (
            "byline-element.html",
            page(
                &format!(
                    "<title>{title} | The Evening Courier</title><meta property='og:site_name' content='The Evening Courier'>"
                ),
                &format!(
                    "<h1>{title}</h1><p class='byline'>By <a rel='author' href='/people/maria'>Maria Lopez</a></p><time datetime='2021-11-15T09:30:00Z'>15 November 2021</time>"
                ),
            ),
        ),
        (
            "itemprop.html",
            page(
                &format!(
                    "<title>{title}</title><meta property='og:site_name' content='The Evening Courier'>"
                ),
                &format!(
                    "<h1 itemprop='headline'>{title}</h1><span itemprop='author'>Maria Lopez</span><meta itemprop='datePublished' content='2021-11-15'>"
                ),
            ),
        ),
        (
            "text-lines.html",
            page(
                &format!("<title>{title} | The Evening Courier</title>"),
                &format!("<h1>{title}</h1><p>By Maria Lopez</p><p>Published: 15 November 2021</p>"),
            ),
        ),
    ]
}

fn field<'a>(md: &'a str, key: &str) -> Option<&'a str> {
    md.lines()
        .skip(1)
        .take_while(|l| *l != "---")
        .find_map(|l| l.strip_prefix(&format!("{key}: ")))
        .map(|v| v.trim_matches('"'))
}

#[test]
fn saved_pages_give_their_metadata_and_only_the_story() {
    let (tmp, site) = empty_site();
    let dir = tmp.path().join("pages");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, html) in pages() {
        std::fs::write(dir.join(name), html).unwrap();
    }
    let (code, out, err) = import(&site, &[dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let got = tree(&site.join("content"));
    let mut right = 0;
    for (name, _) in pages() {
        let row = out
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name}: {out}"));
        let article = row.split_whitespace().nth(1).unwrap();
        let md = String::from_utf8(got[article.strip_prefix("content/").unwrap()].clone()).unwrap();
        let fields = [
            field(&md, "title") == Some("Shelter for women leaving prostitution faces closure"),
            field(&md, "date") == Some("2021-11-15"),
            field(&md, "author") == Some("Maria Lopez"),
            field(&md, "source") == Some("The Evening Courier"),
        ];
        right += fields.iter().filter(|f| **f).count();
        assert!(
            fields[0] && fields[1],
            "{name}: headline and date must be read\n{md}"
        );
        // The story, whole, and nothing of the site around it.
        let body = md.splitn(3, "---\n").nth(2).unwrap();
        for want in [
            "Campaigners gathered outside the city hall",
            "## What the council said",
            "- Twelve beds left",
            "could not promise money",
        ] {
            assert!(body.contains(want), "{name}: lost {want:?}\n{md}");
        }
        for junk in [
            "cookies",
            "Share this",
            "Subscribe",
            "Football results",
            "Sport",
            "not text",
            "Accept",
        ] {
            assert!(!body.contains(junk), "{name}: kept {junk:?}\n{md}");
        }
        // A page's own link, made absolute where the page says where it was.
        if md.contains("source_url: \"https://courier.example/news/shelter\"") {
            assert!(
                body.contains(
                    "[the shelter's report](<https://courier.example/reports/shelter-2021>)"
                ),
                "{name}\n{md}"
            );
        }
        assert!(
            md.contains("section") || article.starts_with("content/sex-trade/prostitution/"),
            "{name}: {article}"
        );
    }
    // At least 9 in 10 of the fields a page states are read.
    assert!(
        right * 10 >= 9 * 4 * pages().len(),
        "{right} of {} fields right",
        4 * pages().len()
    );
}

#[test]
fn text_clippings_of_every_common_shape() {
    let (tmp, site) = empty_site();
    let dir = tmp.path().join("clips");
    std::fs::create_dir_all(&dir).unwrap();
    let files = [
        (
            "front-matter.txt",
            "---\ntitle: Brothel keepers jailed for trafficking women\ndate: 2023-11-08\nauthor: Sam Reporter\nsource: The Herald\n---\nTwo brothel keepers who trafficked women from Romania were jailed for eight years.\n\nThe women had been forced into prostitution.\n",
        ),
        (
            "digest.txt",
            "Brothel keepers jailed for trafficking\n\n3 June 2005\nSource: The Times\n\nTwo men who trafficked women into prostitution were jailed.\n\nMen who buy sex to be fined\n\n4 June 2005\nSource: BBC News\n\nThe government will fine men who buy sex, to tackle demand for prostitution.\n",
        ),
        (
            "lead-paragraph.txt",
            "Police freed six women held in a brothel in the city centre on Tuesday, after watching the building for months. Two men were charged with trafficking.\n\nThe women are being looked after by a charity.\n",
        ),
        (
            "split-byline.txt",
            "Trafficked women freed\n=====================\n\nBy\nArthur Martin\n\nNovember 8, 2023 at 4:56 p.m.\n\nSix trafficked women were freed from a brothel.\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let (code, out, err) = import(&site, &[dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let got = articles_text(&site);
    let by_title = |t: &str| {
        got.iter()
            .find(|(_, md)| front_matter(md).title.as_deref() == Some(t))
            .unwrap_or_else(|| panic!("no article {t:?}: {:?}", got.keys()))
            .1
            .clone()
    };
    let fm = by_title("Brothel keepers jailed for trafficking women");
    assert!(
        fm.contains("date: 2023-11-08")
            && fm.contains("author: Sam Reporter")
            && fm.contains("source: The Herald"),
        "{fm}"
    );
    assert!(
        fm.contains("Two brothel keepers who trafficked") && !fm.contains("draft"),
        "{fm}"
    );
    let a = by_title("Brothel keepers jailed for trafficking");
    let b = by_title("Men who buy sex to be fined");
    assert!(
        a.contains("date: 2005-06-03") && a.contains("The Times") && !a.contains("fine men"),
        "{a}"
    );
    assert!(
        b.contains("date: 2005-06-04") && b.contains("BBC News") && b.contains("related:"),
        "{b}"
    );
    let lead = by_title("Police freed six women held in a brothel in the city centre…");
    assert!(
        lead.contains("draft: true") && lead.contains("watching the building for months"),
        "{lead}"
    );
    assert!(err.contains("no headline was found"), "{err}");
    let split = by_title("Trafficked women freed");
    assert!(
        split.contains("author: Arthur Martin") && split.contains("date: 2023-11-08"),
        "{split}"
    );
}

#[test]
fn a_story_that_fits_no_section_waits_as_a_draft_in_unsorted() {
    let (tmp, site) = empty_site();
    let clip = tmp.path().join("weather.txt");
    std::fs::write(&clip, "Storms close the coast road\n\nDate: 2 February 2022\n\nHeavy rain and wind closed the coast road for a day, and ferries stayed in port.\n").unwrap();
    let (code, out, err) = import(&site, &[clip.to_str().unwrap()]);
    assert_eq!(code, 0, "never refused: {out}{err}");
    assert!(out.contains("1 article from 1 file: 1 written"), "{out}");
    let md = std::fs::read_to_string(site.join("content/unsorted/storms-close-the-coast-road.md"))
        .unwrap();
    assert!(
        md.contains("date: 2022-02-02") && md.contains("draft: true"),
        "{md}"
    );
    assert!(
        err.contains("content/unsorted/") && err.contains("remove `draft: true`"),
        "{err}"
    );
    // The site builds; the unsorted section is not in the menu and its
    // draft is not published.
    let public = tmp.path().join("public");
    build(&site, &public, &[]);
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(
        !home.contains("/unsorted/"),
        "unsorted is in the menu: {}",
        &home[home.find("/unsorted/").unwrap_or(0).saturating_sub(300)..]
    );
    assert!(
        !public.join("unsorted").exists(),
        "the holding section is published"
    );
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/unsorted/"), "{sitemap}");
    // With --drafts it is there to review.
    let drafts = tmp.path().join("drafts");
    build(&site, &drafts, &["--drafts"]);
    assert!(
        drafts
            .join("unsorted/storms-close-the-coast-road/index.html")
            .exists()
    );
}

#[test]
fn a_new_site_from_init_takes_a_clipping_into_its_one_section() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let made = placard(&["init", site.to_str().unwrap()]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let clip = tmp.path().join("weather.txt");
    std::fs::write(&clip, "Storms close the coast road\n\nDate: 2 February 2022\n\nHeavy rain and wind closed the coast road for a day, and ferries stayed in port.\n").unwrap();
    let (code, out, err) = import(&site, &[clip.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let md = std::fs::read_to_string(site.join("content/news/storms-close-the-coast-road.md"))
        .unwrap_or_else(|e| panic!("not in news/ ({e}): {out}{err}"));
    assert!(!md.contains("draft:"), "{md}");
    assert!(!site.join("content/unsorted").exists(), "{out}{err}");
    let public = tmp.path().join("public");
    build(&site, &public, &[]);
    assert!(
        public
            .join("news/storms-close-the-coast-road/index.html")
            .exists()
    );
}

fn articles_text(site: &Path) -> std::collections::BTreeMap<String, String> {
    tree(&site.join("content"))
        .into_iter()
        .filter(|(k, _)| !k.ends_with("_index.md"))
        .map(|(k, v)| (k, String::from_utf8(v).unwrap()))
        .collect()
}

#[test]
fn the_section_is_learned_from_the_articles_already_on_the_site() {
    let (tmp, site) = empty_site();
    let men = [
        "Young men join a pledge to challenge sexist jokes at football clubs and in their workplaces",
        "A group of men in the town meet every month to talk about respect, jealousy and control",
        "Coaches ask boys and young men to speak up when their friends harass girls on the street",
        "Men's group walks through the city to ask other men to take the pledge on respect",
    ];
    let rape = [
        "The court heard the rape survivor give evidence for two days before the jury retired",
        "Police recorded more reports of rape this year but prosecutions fell again, figures show",
        "A judge jailed the rapist for twelve years after the jury found him guilty of rape",
        "Survivors of rape say the trial process retraumatises them and delays justice for years",
    ];
    for (dir, texts) in [("men-speaking-out", men), ("related-issues/rape", rape)] {
        for (i, t) in texts.iter().enumerate() {
            let body = format!("{t}. {t}, campaigners said.");
            std::fs::write(
                site.join("content").join(dir).join(format!("a{i}.md")),
                format!(
                    "---\ntitle: \"{}\"\ndate: 2020-01-0{}\n---\n{body}\n",
                    &t[..40],
                    i + 1
                ),
            )
            .unwrap();
        }
    }
    let clip = tmp.path().join("pledge.txt");
    let text = "Young men take the pledge\n\nDate: 3 March 2021\n\nA group of young men in the town took the pledge on respect at the football club, and asked other men and boys to speak up when friends harass girls. The group will raise money for the local rape crisis centre, and meets every month to talk about respect.\n";
    std::fs::write(&clip, text).unwrap();
    let (code, out, err) = import(&site, &[clip.to_str().unwrap(), "--dry-run"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("content/men-speaking-out/young-men-take-the-pledge.md"),
        "{out}{err}"
    );
    assert!(
        err.contains("chosen from the articles already there"),
        "{err}"
    );
    // With no articles to learn from, the keywords alone choose (here the
    // rape section, which is why the site's own articles matter).
    let (_tmp2, bare) = empty_site();
    let (_, out, _) = import(&bare, &[clip.to_str().unwrap(), "--dry-run"]);
    assert!(out.contains("content/related-issues/rape/"), "{out}");
}

#[test]
fn a_page_saved_complete_brings_its_own_images_and_no_remote_ones() {
    let (tmp, site) = empty_site();
    let dir = tmp.path().join("saved");
    std::fs::create_dir_all(dir.join("Shelter_files")).unwrap();
    image::RgbaImage::from_fn(400, 200, |x, _| image::Rgba([0, (x % 256) as u8, 90, 255]))
        .save(dir.join("Shelter_files/march%20photo.png"))
        .unwrap();
    std::fs::rename(
        dir.join("Shelter_files/march%20photo.png"),
        dir.join("Shelter_files/march photo.png"),
    )
    .unwrap();
    let figure = "<figure><img src='Shelter_files/march%20photo.png' alt='Campaigners outside the city hall'><figcaption>Campaigners outside the city hall on Monday.</figcaption></figure>\
        <p><img src='https://tracker.example/pixel.gif' alt=''></p>";
    let html = page(
        "<title>Shelter for women leaving prostitution faces closure</title>",
        &format!(
            "<h1>Shelter for women leaving prostitution faces closure</h1><p>Published: 15 November 2021</p>{figure}"
        ),
    );
    std::fs::write(dir.join("Shelter.html"), html).unwrap();
    let (code, out, err) = import(&site, &[dir.join("Shelter.html").to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    let slug = "shelter-for-women-leaving-prostitution-faces-closure";
    let article = site.join(format!("content/sex-trade/prostitution/{slug}.md"));
    let md = std::fs::read_to_string(&article).unwrap();
    assert!(
        md.contains(&format!(
            "![Campaigners outside the city hall]({slug}-1.png)"
        )),
        "{md}"
    );
    assert!(!md.contains("tracker.example"), "{md}");
    let copied = article.with_file_name(format!("{slug}-1.png"));
    assert_eq!(
        std::fs::read(&copied).unwrap(),
        std::fs::read(dir.join("Shelter_files/march photo.png")).unwrap()
    );
    // Importing again changes nothing, the image included.
    let (code, out, _) = import(&site, &[dir.join("Shelter.html").to_str().unwrap()]);
    assert!(code == 0 && out.contains("unchanged"), "{out}");
    // The site builds and publishes the image (cleaned and resized).
    let public = tmp.path().join("public");
    build(&site, &public, &[]);
    let page =
        std::fs::read_to_string(public.join(format!("sex-trade/prostitution/{slug}/index.html")))
            .unwrap();
    assert!(
        page.contains("Campaigners outside the city hall") && page.contains(".png"),
        "{page}"
    );
    assert!(!page.contains("tracker.example"));
}

#[test]
fn a_story_in_another_language_says_so_and_its_page_does_too() {
    let (tmp, site) = empty_site();
    let clip = tmp.path().join("ru.txt");
    std::fs::write(&clip, "Женщин освободили из борделя\n\nDate: 3 March 2021\n\nПолиция освободила шесть женщин, которых продали владельцам борделя в центре города. Двое мужчин арестованы за торговлю людьми.\n").unwrap();
    let (code, out, err) = import(
        &site,
        &[
            clip.to_str().unwrap(),
            "--section",
            "sex-trade/sex-trafficking",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let row = out.lines().find(|l| l.contains("ru.txt")).unwrap();
    let article = row.split_whitespace().nth(1).unwrap();
    let md = std::fs::read_to_string(site.join(article)).unwrap();
    assert!(md.contains("lang: ru"), "{md}");
    let public = tmp.path().join("public");
    build(&site, &public, &[]);
    let dir = article
        .trim_start_matches("content/")
        .trim_end_matches(".md");
    let html = std::fs::read_to_string(public.join(dir).join("index.html")).unwrap();
    assert!(html.contains("<html lang=\"ru\">"), "{}", &html[..200]);
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(home.contains("<html lang=\"en\">"));
}

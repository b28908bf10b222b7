//! Source snapshots (`archive_url`): read from a page saved from a web
//! archive and from a clipping's lines, kept by migrate, shown beside the
//! source on the page and in JSON-LD, and the articles without one named
//! by check.

use crate::common::*;
use crate::import::{empty_site, import};

fn clipping(name: &str) -> String {
    repo()
        .join("tests/fixtures/snapshots")
        .join(name)
        .to_string_lossy()
        .to_string()
}

const SNAPSHOT: &str =
    "https://web.archive.org/web/20130412093015/http://www.example-gazette.org/news/shelter-2013";

#[test]
fn a_page_saved_from_the_wayback_machine_keeps_its_source_and_its_snapshot() {
    let (tmp, site) = empty_site();
    let (code, out, err) = import(&site, &[&clipping("wayback-snapshot.html")]);
    assert_eq!(code, 0, "{out}{err}");
    let file = tree(&site.join("content"))
        .into_iter()
        .find(|(k, _)| k.ends_with("shelter-for-trafficked-women-opens-its-doors.md"))
        .unwrap_or_else(|| panic!("no article: {out}{err}"));
    let md = String::from_utf8(file.1).unwrap();
    let fm = front_matter(&md);
    assert_eq!(
        fm.source_url.as_deref(),
        Some("http://www.example-gazette.org/news/shelter-2013"),
        "{md}"
    );
    assert_eq!(fm.archive_url.as_deref(), Some(SNAPSHOT), "{md}");
    assert_eq!(fm.source.as_deref(), Some("Example Gazette"), "{md}");
    assert_eq!(
        fm.date.map(|d| d.iso()).as_deref(),
        Some("2013-04-11"),
        "{md}"
    );
    // The archive's toolbar is no part of the article; the article's
    // links lead to the archive's copies of what they named.
    for toolbar in ["captures", "Wayback Machine", "Close", "Timespan"] {
        assert!(!md.contains(toolbar), "{toolbar}: {md}");
    }
    assert!(
        md.contains("](https://web.archive.org/web/20130412093015/http://www.example-gazette.org/docs/shelter-report.pdf)"),
        "{md}"
    );
    assert!(md.contains("a door that locks from the inside"), "{md}");

    // The page shows both, JSON-LD names the snapshot, and check no
    // longer lists the article among those without one.
    let public = tmp.path().join("public");
    build(&site, &public, &[]);
    let html = tree(&public)
        .into_iter()
        .find(|(k, _)| k.ends_with("shelter-for-trafficked-women-opens-its-doors/index.html"))
        .map(|(_, v)| String::from_utf8(v).unwrap())
        .expect("the article's page");
    assert!(
        html.contains(&format!("<dd><a href=\"http://www.example-gazette.org/news/shelter-2013\" rel=noreferrer>Example Gazette</a> · <a href=\"{SNAPSHOT}\" rel=noreferrer>Archived copy</a></dd>")),
        "{}",
        &html[html.find("class=source").unwrap_or(0)..][..600.min(html.len())]
    );
    assert!(
        html.contains(&format!("\"archivedAt\":\"{SNAPSHOT}\"")),
        "{html}"
    );
    let page = files_ending(&public, ".html")
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("shelter-for-trafficked-women"))
        .collect::<Vec<_>>();
    crate::validate::assert_valid_pages(&page);
    let o = placard(&["check", "--root", site.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("shelter-for-trafficked-women"), "{err}");
}

#[test]
fn check_names_the_sources_without_a_snapshot() {
    let (tmp, site) = empty_site();
    let clip = tmp.path().join("two.txt");
    std::fs::write(
        &clip,
        "Brothel raid frees six women\n\nDate: 3 March 2021\nSource: The Courier\nURL: https://courier.example/raid\n\nPolice freed six women held in a brothel above a shop, and arrested two men on suspicion of trafficking.\n",
    )
    .unwrap();
    let saved = tmp.path().join("saved.txt");
    std::fs::write(
        &saved,
        "Council funds a second shelter\n\nDate: 4 March 2021\nSource: The Courier\nURL: https://web.archive.org/web/20210305000000/https://courier.example/shelter\n\nThe council will pay for a second shelter for women leaving prostitution, with ten beds and a helpline.\n",
    )
    .unwrap();
    let (code, out, err) = import(
        &site,
        &[
            clip.to_str().unwrap(),
            saved.to_str().unwrap(),
            "--section",
            "sex-trade",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let raid =
        std::fs::read_to_string(site.join("content/sex-trade/brothel-raid-frees-six-women.md"))
            .unwrap();
    assert!(!raid.contains("archive_url"), "{raid}");
    let shelter =
        std::fs::read_to_string(site.join("content/sex-trade/council-funds-a-second-shelter.md"))
            .unwrap();
    let fm = front_matter(&shelter);
    assert_eq!(
        fm.source_url.as_deref(),
        Some("https://courier.example/shelter")
    );
    assert_eq!(
        fm.archive_url.as_deref(),
        Some("https://web.archive.org/web/20210305000000/https://courier.example/shelter")
    );
    let o = placard(&["check", "--root", site.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    let listed: Vec<&str> = err
        .lines()
        .skip_while(|l| !l.starts_with("note: 1 article links its source with no archived copy"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert_eq!(
        listed,
        ["  content/sex-trade/brothel-raid-frees-six-women.md"],
        "{err}"
    );
    // Not a warning: the summary counts none for it.
    assert!(String::from_utf8_lossy(&o.stdout).contains("0 errors"));

    // An article with a snapshot and no address of the original shows
    // the snapshot alone; one with only an address names it "Original".
    std::fs::write(
        site.join("content/sex-trade/only-snapshot.md"),
        "---\ntitle: Only a snapshot\ndate: 2021-03-05\narchive_url: https://archive.ph/2021.03.05-101010/https://courier.example/gone\n---\nText.\n",
    )
    .unwrap();
    std::fs::write(
        site.join("content/sex-trade/only-address.md"),
        "---\ntitle: Only an address\ndate: 2021-03-05\nsource_url: https://courier.example/here\n---\nText.\n",
    )
    .unwrap();
    let public = tmp.path().join("public");
    build(&site, &public, &[]);
    let only = std::fs::read_to_string(public.join("sex-trade/only-snapshot/index.html")).unwrap();
    assert!(
        only.contains("<dd><a href=\"https://archive.ph/2021.03.05-101010/https://courier.example/gone\" rel=noreferrer>Archived copy</a></dd>"),
        "{only}"
    );
    let address =
        std::fs::read_to_string(public.join("sex-trade/only-address/index.html")).unwrap();
    assert!(
        address.contains(
            "<dd><a href=\"https://courier.example/here\" rel=noreferrer>Original</a></dd>"
        ),
        "{address}"
    );
    // A snapshot that is not a web address is refused with its line.
    std::fs::write(
        site.join("content/sex-trade/only-address.md"),
        "---\ntitle: Only an address\ndate: 2021-03-05\narchive_url: web.archive.org/x\n---\nText.\n",
    )
    .unwrap();
    let o = build_output(&site, &public);
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("content/sex-trade/only-address.md:4: `archive_url` \"web.archive.org/x\" is not a web address"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn migrate_keeps_a_posts_source_and_snapshot() {
    let tmp = tempfile::tempdir().unwrap();
    let old = tmp.path().join("old");
    std::fs::create_dir_all(old.join("_posts")).unwrap();
    std::fs::write(old.join("_config.yml"), "title: Clippings\n").unwrap();
    std::fs::write(
        old.join("_posts/2012-05-01-raid.md"),
        "---\ntitle: Raid\nsource: The Courier\nsource_url: https://courier.example/raid\narchive_url: https://web.archive.org/web/20120502000000/https://courier.example/raid\n---\nPolice freed six women.\n",
    )
    .unwrap();
    std::fs::write(
        old.join("_posts/2012-05-02-shelter.md"),
        "---\ntitle: Shelter\nsource_url: http://web.archive.org/web/20120503000000/http://courier.example/shelter\n---\nA shelter opened.\n",
    )
    .unwrap();
    let site = tmp.path().join("site");
    migrate_into(&old, &site);
    let text = |name: &str| {
        let found = tree(&site.join("content"))
            .into_iter()
            .find(|(k, _)| k.ends_with(name))
            .unwrap_or_else(|| panic!("no {name}"));
        String::from_utf8(found.1).unwrap()
    };
    let raid = front_matter(&text("raid.md"));
    assert_eq!(raid.source.as_deref(), Some("The Courier"));
    assert_eq!(
        raid.source_url.as_deref(),
        Some("https://courier.example/raid")
    );
    assert_eq!(
        raid.archive_url.as_deref(),
        Some("https://web.archive.org/web/20120502000000/https://courier.example/raid")
    );
    let shelter = front_matter(&text("shelter.md"));
    assert_eq!(
        shelter.source_url.as_deref(),
        Some("http://courier.example/shelter")
    );
    assert_eq!(
        shelter.archive_url.as_deref(),
        Some("http://web.archive.org/web/20120503000000/http://courier.example/shelter")
    );
}

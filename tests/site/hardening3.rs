//! Hardening, round three: what the newer ways in (migrate, saved pages,
//! images, themes, languages) could let through. Each test failed before
//! its fix, on the inputs the probe used.

use std::path::Path;

use crate::common::*;

const KEY: &str = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n";

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[cfg(unix)]
fn link(to: &Path, at: &Path) {
    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(to, at).unwrap();
}

/// Every file under `dir` whose bytes hold `needle`.
fn holding(dir: &Path, needle: &str) -> Vec<String> {
    tree(dir)
        .into_iter()
        .filter(|(_, bytes)| String::from_utf8_lossy(bytes).contains(needle))
        .map(|(path, _)| path)
        .collect()
}

/// Migrates `source` into a new site under `tmp` and builds it; the
/// report and the output.
fn migrate_and_build(source: &Path, tmp: &Path) -> (String, std::path::PathBuf) {
    let site = tmp.join("site");
    let report = migrate_into(source, &site);
    let out = tmp.join("out");
    let b = build_output(&site, &out);
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    (report, out)
}

fn wxr(items: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old campaign</title><link>https://old.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
{items}
</channel></rss>"#
    )
}

#[cfg(unix)]
#[test]
fn a_wordpress_export_brings_in_no_file_from_outside_its_uploads() {
    let tmp = tempfile::tempdir().unwrap();
    // The export saved in a home folder, beside a private key; a secret
    // elsewhere on the machine, linked from the uploads folder.
    let home = tmp.path().join("home");
    write(&home.join(".ssh/id_rsa"), KEY);
    let elsewhere = tmp.path().join("elsewhere");
    write(&elsewhere.join("secret.jpg"), "TOKEN=elsewhere-secret");
    write(&elsewhere.join("ids/id_rsa"), KEY);
    let uploads = home.join("wp-content/uploads");
    write(&uploads.join("2020/01/march.png"), chart());
    link(
        &elsewhere.join("secret.jpg"),
        &uploads.join("2020/01/linked.jpg"),
    );
    link(&elsewhere.join("ids"), &uploads.join("2020/02"));
    link(&elsewhere, &home.join("wp-content/uploads/sites/7"));
    let body = "<p>The march.</p>\
        <p><a href=\"https://old.example//etc/passwd?/uploads/\">one</a> \
        <a href=\"https://old.example/.ssh/id_rsa?/uploads/\">two</a> \
        <a href=\"https://old.example/wp-content/uploads/../../.ssh/id_rsa\">three</a> \
        <a href=\"https://old.example/wp-content/uploads/2020/02/id_rsa\">four</a> \
        <a href=\"https://old.example/files/secret.jpg\">five</a> \
        <a href=\"https://old.example//proc/self/environ?/uploads/\">six</a></p>\
        <p><img src=\"https://old.example/wp-content/uploads/2020/01/linked.jpg\" alt=\"x\"></p>\
        <p><img src=\"https://old.example/wp-content/uploads/2020/01/march.png\" alt=\"The march\"></p>";
    let items = format!(
        "<item><title>The march</title><link>https://old.example/2020/01/march/</link>\
         <dc:creator>ed</dc:creator><content:encoded><![CDATA[{body}]]></content:encoded>\
         <wp:post_id>1</wp:post_id><wp:post_date>2020-01-05 10:00:00</wp:post_date>\
         <wp:post_name>march</wp:post_name><wp:status>publish</wp:status>\
         <wp:post_type>post</wp:post_type></item>\
         <item><title>key</title><wp:post_id>2</wp:post_id><wp:post_type>attachment</wp:post_type>\
         <wp:attachment_url>https://old.example//home/{}/.ssh/id_rsa</wp:attachment_url></item>",
        home.display()
    );
    write(&home.join("export.xml"), wxr(&items));
    let (report, out) = migrate_and_build(&home.join("export.xml"), tmp.path());
    for secret in ["PRIVATE KEY", "elsewhere-secret", "root:", "PATH="] {
        assert_eq!(
            holding(&out, secret),
            Vec::<String>::new(),
            "{secret}\n{report}"
        );
        assert_eq!(
            holding(&tmp.path().join("site/content"), secret),
            Vec::<String>::new(),
            "{secret}\n{report}"
        );
    }
    // The upload that is really there still comes across.
    assert!(
        files_ending(&out, "march.png").len() == 1,
        "{report}\n{:?}",
        tree(&out).keys().collect::<Vec<_>>()
    );
}

/// A small PNG chart.
fn chart() -> Vec<u8> {
    let img = image::RgbaImage::from_fn(64, 32, |x, _| image::Rgba([0, x as u8 * 4, 90, 255]));
    let mut bytes = std::io::Cursor::new(vec![]);
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut bytes, image::ImageFormat::Png)
        .unwrap();
    bytes.into_inner()
}

#[cfg(unix)]
#[test]
fn hugo_and_jekyll_folders_that_are_links_out_are_not_read() {
    let tmp = tempfile::tempdir().unwrap();
    let elsewhere = tmp.path().join("elsewhere");
    write(&elsewhere.join("id_rsa.txt"), KEY);
    write(
        &elsewhere.join("stolen.md"),
        format!("---\ntitle: Stolen\ndate: 2020-01-01\n---\n{KEY}"),
    );
    let hugo = tmp.path().join("hugo");
    write(
        &hugo.join("hugo.toml"),
        "title = \"Old\"\nbaseURL = \"https://old.example/\"\n",
    );
    write(
        &hugo.join("content/posts/a.md"),
        "---\ntitle: A\ndate: 2020-01-01\n---\nText.\n",
    );
    link(&elsewhere, &hugo.join("static"));
    link(&elsewhere, &hugo.join("content/linked"));
    let (report, out) = migrate_and_build(&hugo, &tmp.path().join("h"));
    assert_eq!(
        holding(&out, "PRIVATE KEY"),
        Vec::<String>::new(),
        "{report}"
    );
    assert!(report.contains("static is a symbolic link"), "{report}");

    let jekyll = tmp.path().join("jekyll");
    write(&jekyll.join("_config.yml"), "title: Old\n");
    write(
        &jekyll.join("_posts/2020-01-01-a.md"),
        "---\ntitle: A\n---\nText.\n",
    );
    link(&elsewhere, &jekyll.join("_drafts"));
    link(&elsewhere, &jekyll.join("assets"));
    let (report, out) = migrate_and_build(&jekyll, &tmp.path().join("j"));
    assert_eq!(
        holding(&out, "PRIVATE KEY"),
        Vec::<String>::new(),
        "{report}"
    );
    assert_eq!(
        holding(&tmp.path().join("j/site"), "PRIVATE KEY"),
        Vec::<String>::new(),
        "{report}"
    );
    assert!(report.contains("_drafts is a symbolic link"), "{report}");
    // The old site itself may be given by a link: what it holds is read.
    let given = tmp.path().join("given");
    link(&jekyll, &given);
    let report = migrate_into(&given, &tmp.path().join("g/site"));
    assert!(report.contains("1 article"), "{report}");
}

#[cfg(unix)]
#[test]
fn a_theme_or_static_folder_linked_from_elsewhere_is_refused() {
    for linked in ["themes/plain", "static"] {
        let (tmp, site) = site_copy("small");
        let elsewhere = tmp.path().join("elsewhere");
        write(&elsewhere.join("static/id_rsa"), KEY);
        write(&elsewhere.join("id_rsa"), KEY);
        if linked == "static" {
            let _ = std::fs::remove_dir_all(site.join("static"));
            link(&elsewhere, &site.join("static"));
        } else {
            link(&elsewhere, &site.join(linked));
            let config = std::fs::read_to_string(site.join("site.yaml")).unwrap();
            write(&site.join("site.yaml"), format!("{config}\ntheme: plain\n"));
        }
        let out = tmp.path().join("out");
        let o = build_output(&site, &out);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{linked}: built");
        assert!(err.contains(linked), "{linked}: {err}");
        assert!(!out.exists() || holding(&out, "PRIVATE KEY").is_empty());
    }
}

#[cfg(unix)]
#[test]
fn a_saved_page_takes_no_image_through_a_linked_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let elsewhere = tmp.path().join("elsewhere");
    write(&elsewhere.join("photo.jpg"), "TOKEN=elsewhere-secret");
    let saved = tmp.path().join("saved");
    let paragraphs: String = (0..8)
        .map(|i| {
            format!(
                "<p>Paragraph {i}: the court ruled on Tuesday that the law applies to \
                 every case brought since the act was passed, campaigners said.</p>\n"
            )
        })
        .collect();
    write(
        &saved.join("page.html"),
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
             <title>Court rules on the case</title></head><body><article>\
             <h1>Court rules on the case</h1><p>By Ann Lee, 3 March 2021</p>\n{paragraphs}\
             <figure><img src=\"page_files/photo.jpg\" alt=\"The court\"></figure>\n\
             {paragraphs}</article></body></html>"
        ),
    );
    link(&elsewhere, &saved.join("page_files"));
    let (_t, site) = site_copy("small");
    let o = placard(&[
        "import",
        saved.join("page.html").to_str().unwrap(),
        "--root",
        site.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        holding(&site.join("content"), "elsewhere-secret"),
        Vec::<String>::new()
    );
}

#[cfg(unix)]
#[test]
fn migrate_writes_nothing_through_a_link_planted_in_the_site() {
    let tmp = tempfile::tempdir().unwrap();
    let (_t, site) = site_copy("small");
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    link(&elsewhere, &site.join("content/posts"));
    let jekyll = tmp.path().join("jekyll");
    write(&jekyll.join("_config.yml"), "title: Old\n");
    write(
        &jekyll.join("_posts/2020-01-01-a.md"),
        "---\ntitle: A\n---\nText.\n",
    );
    let o = placard(&[
        "migrate",
        jekyll.to_str().unwrap(),
        "--root",
        site.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "migrated through the link");
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}

/// `bytes` with its big-endian u16 at `at` set to `value`.
fn patched(mut bytes: Vec<u8>, at: usize, value: u16) -> Vec<u8> {
    bytes[at..at + 2].copy_from_slice(&value.to_be_bytes());
    bytes
}

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(w, h, image::Rgb([120, 30, 30]));
    let mut bytes = std::io::Cursor::new(vec![]);
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut bytes, image::ImageFormat::Jpeg)
        .unwrap();
    bytes.into_inner()
}

/// The CRC-32 of PNG chunks.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Image bombs: small files whose headers claim huge pictures.
fn bombs() -> Vec<(&'static str, Vec<u8>)> {
    // A JPEG's frame header (FF C0) says its height, then its width.
    let small = jpeg(16, 16);
    let sof = small.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    let jpeg_bomb = patched(patched(small, sof + 5, 60_000), sof + 7, 60_000);
    // A PNG's IHDR: width and height as u32 after the signature, length
    // and type, then the chunk's CRC made anew.
    let mut png_bomb = chart();
    png_bomb[16..20].copy_from_slice(&29_000u32.to_be_bytes());
    png_bomb[20..24].copy_from_slice(&29_000u32.to_be_bytes());
    let crc = crc32(&png_bomb[12..29]);
    png_bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    // A GIF whose screen is 65535×65535, with one 1×1 frame.
    let mut gif_bomb = b"GIF89a\xff\xff\xff\xff\x00\x00\x00".to_vec();
    gif_bomb.extend_from_slice(b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;");
    vec![
        ("bomb.jpg", jpeg_bomb),
        ("bomb.png", png_bomb),
        ("bomb.gif", gif_bomb),
    ]
}

/// `placard ARGS` with its address space limited to `mb` megabytes.
#[cfg(unix)]
fn placard_within(mb: u64, args: &[&str]) -> std::process::Output {
    let mut sh = vec![
        "-c".to_string(),
        format!("ulimit -v {}; exec \"$0\" \"$@\"", mb * 1024),
        env!("CARGO_BIN_EXE_placard").to_string(),
    ];
    sh.extend(args.iter().map(|a| a.to_string()));
    std::process::Command::new("sh").args(&sh).output().unwrap()
}

#[cfg(unix)]
#[test]
fn image_bombs_are_refused_within_512_mb_and_named() {
    for (name, bytes) in bombs() {
        for place in ["content/news", "static"] {
            let (tmp, site) = site_copy("small");
            write(&site.join(place).join(name), &bytes);
            if place == "content/news" {
                write(
                    &site.join("content/news/shown.md"),
                    format!("---\ntitle: Shown\ndate: 2020-01-01\n---\n![A picture]({name})\n"),
                );
            }
            let out = tmp.path().join("out");
            let root = site.to_str().unwrap();
            for args in [
                vec!["build", "--root", root, "--output", out.to_str().unwrap()],
                vec!["check", "--root", root],
            ] {
                let o = placard_within(512, &args);
                let err = String::from_utf8_lossy(&o.stderr);
                assert!(
                    err.contains(name) && err.contains("megapixels"),
                    "{place}/{name} {}: {err}",
                    args[0]
                );
                // An article's image that cannot be published stops the
                // build; a static one is left out with a warning.
                assert_eq!(
                    o.status.success(),
                    place == "static",
                    "{place}/{name} {}: {err}",
                    args[0]
                );
            }
            if out.exists() {
                assert!(!out.join(name).exists());
            }
        }
    }
}

#[test]
fn photos_placard_cannot_clean_are_refused_not_published() {
    // The start of a HEIC file (ISO base media, brand heic) and of a TIFF
    // with its GPS tag: published byte for byte before.
    let heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heicGPSLatitude=52.5".to_vec();
    let tiff = b"II*\x00\x08\x00\x00\x00GPSLatitude=52.5".to_vec();
    for (name, bytes, place) in [
        ("photo.heic", heic.clone(), "static"),
        ("photo.avif", heic.clone(), "content/news"),
        ("scan.tiff", tiff.clone(), "static"),
        // An image whose name does not say so.
        ("photo.bin", jpeg(40, 30), "content/news"),
        ("photo.jpg.txt", heic.clone(), "static"),
    ] {
        let (tmp, site) = site_copy("small");
        write(&site.join(place).join(name), &bytes);
        let out = tmp.path().join("out");
        let o = build_output(&site, &out);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(name), "{name}: {err}");
        assert!(
            err.contains("where and by whom it was taken"),
            "{name}: {err}"
        );
        if out.exists() {
            assert!(
                holding(&out, "GPSLatitude").is_empty() && !out.join(name).exists(),
                "{name} published"
            );
        }
        // `check` says what `build` says.
        let c = placard(&["check", "--root", site.to_str().unwrap()]);
        let said = String::from_utf8_lossy(&c.stderr);
        assert!(said.contains(name), "check: {name}: {said}");
        assert_eq!(
            c.status.success(),
            o.status.success(),
            "check: {name}: {said}"
        );
    }
}

#[test]
fn no_svg_in_the_output_holds_a_script_a_handler_or_another_host() {
    let probes = [
        r#"<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:script>alert(1)</svg:script><svg:rect width="1" height="1"/></svg:svg>"#,
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml"><h:script>alert(2)</h:script><foreignObject><h:iframe src="javascript:alert(3)"/></foreignObject></svg>"#,
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml"><foreignobject><h:img src="https://evil.example/a.png"/></foreignobject><h:img src="https://evil.example/b.png"/></svg>"#,
        r#"<svg xmlns="http://www.w3.org/2000/svg"><style>rect { fill: ur<!-- -->l(https://evil.example/c) }</style><style>@im&#x70;ort "https://evil.example/d.css";</style></svg>"#,
        r#"<svg xmlns="http://www.w3.org/2000/svg"><style>a { b: \75 rl(https://evil.example/e) } c { fill: image-set("https://evil.example/f.png" 1x) }</style><rect style="fill: u&#114;l(https://evil.example/g)" onmouseover="alert(4)"/></svg>"#,
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="adobe:ns:meta/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:i="http://ns.adobe.com/AdobeIllustrator/10.0/"><x:xmpmeta><dc:creator>Sam Smith</dc:creator></x:xmpmeta><i:pgf>PrivateData</i:pgf><a href="javascript:alert(5)"><circle r="3"/></a><set attributeName="href" to="javascript:alert(6)"/></svg>"#,
    ];
    let (tmp, site) = site_copy("small");
    for (i, svg) in probes.iter().enumerate() {
        write(&site.join(format!("static/probe{i}.svg")), svg);
        write(&site.join(format!("content/news/probe{i}.svg")), svg);
    }
    let out = tmp.path().join("out");
    let o = build_output(&site, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let svgs: Vec<_> = tree(&out)
        .into_iter()
        .filter(|(p, _)| p.contains("probe") && p.ends_with(".svg"))
        .collect();
    assert_eq!(svgs.len(), 2 * probes.len());
    for (path, bytes) in svgs {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        let without_ns = text.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        for bad in [
            "script",
            "alert",
            "javascript",
            "onmouse",
            "evil.example",
            "http",
            "sam smith",
            "privatedata",
            "iframe",
            "img",
        ] {
            assert!(!without_ns.contains(bad), "{path} holds {bad}: {text}");
        }
    }
}

#[test]
fn a_folder_named_as_a_language_is_an_error_not_a_lost_section() {
    let (tmp, site) = site_copy("languages");
    write(
        &site.join("content/ru/_index.md"),
        "---\ntitle: Russia news\n---\n",
    );
    write(
        &site.join("content/ru/visit.md"),
        "---\ntitle: A visit\ndate: 2020-01-01\n---\nText.\n",
    );
    write(&site.join("content/ar.md"), "---\ntitle: AR\n---\nText.\n");
    build_and_check_fail_naming(
        &site,
        &tmp.path().join("out"),
        &["content/ru:", "content/ar.md:", "`ru`", "`ar`"],
    );
}

#[test]
fn an_alias_over_another_languages_page_is_an_error_naming_both() {
    let (tmp, site) = site_copy("languages");
    // English aliases at the Russian section page and a Russian article.
    write(
        &site.join("content/news/old.md"),
        "---\ntitle: Old\ndate: 2020-01-01\naliases:\n- /ru/news/\n- /ru/news/ukraine/\n---\nText.\n",
    );
    build_and_check_fail_naming(
        &site,
        &tmp.path().join("out"),
        &[
            "content/news/_index.ru.md",
            "/ru/news/index.html, where the alias /ru/news/ of content/news/old.md",
            "content/news/ukraine.ru.md",
            "the alias /ru/news/ukraine/ of content/news/old.md",
        ],
    );
    assert!(
        !tmp.path().join("out").exists(),
        "a build with errors wrote its output"
    );
}

#[cfg(unix)]
#[test]
fn leftovers_host_settings_and_planted_cache_entries_are_not_published() {
    let (tmp, site) = site_copy("small");
    let leftovers = [
        "draft.md.save",
        "draft.md.kate-swp",
        ".draft.md.swn",
        "draft.md.swn",
        "draft.md.txt",
        "upload.crswap",
        "~$report.docx",
        "Thumbs.db",
        "draft.md.autosave",
    ];
    for name in leftovers {
        write(&site.join("content/news").join(name), "SECRET DRAFT TEXT");
    }
    for name in ["_headers", "_worker.js", "_routes.json", "CNAME"] {
        write(&site.join("content").join(name), "HOST SETTINGS");
    }
    // A photo built once, then its cache entry replaced by a link.
    write(&site.join("content/news/photo.jpg"), jpeg(64, 48));
    write(
        &site.join("content/news/photo.md"),
        "---\ntitle: Photo\ndate: 2020-01-01\n---\n![The march](photo.jpg)\n",
    );
    let out = tmp.path().join("out");
    let o = build_output(&site, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let err = String::from_utf8_lossy(&o.stderr);
    for name in ["_headers", "_worker.js", "_routes.json", "CNAME"] {
        assert!(err.contains(&format!("content/{name}")), "{name}: {err}");
    }
    assert_eq!(holding(&out, "SECRET DRAFT"), Vec::<String>::new());
    assert_eq!(holding(&out, "HOST SETTINGS"), Vec::<String>::new());
    let secret = tmp.path().join("secret.txt");
    write(&secret, "TOKEN=elsewhere-secret");
    let full = files_ending(&site.join(".placard-cache/images"), "full.jpg");
    assert_eq!(full.len(), 1);
    std::fs::remove_file(&full[0]).unwrap();
    link(&secret, &full[0]);
    let o = build_output(&site, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(holding(&out, "elsewhere-secret"), Vec::<String>::new());
    assert!(image::open(out.join("news/photo.jpg")).is_ok());
}

#[test]
fn deeply_nested_pages_and_exports_are_told_not_crashed() {
    let tmp = tempfile::tempdir().unwrap();
    let (_t, site) = site_copy("small");
    let page = tmp.path().join("deep.html");
    write(
        &page,
        format!(
            "<!DOCTYPE html><html><head><title>Deep</title></head><body>{}Text{}</body></html>",
            "<span>".repeat(100_000),
            "</span>".repeat(100_000)
        ),
    );
    let divs = tmp.path().join("divs.html");
    write(
        &divs,
        format!(
            "<!DOCTYPE html><html><body>{}Text{}</body></html>",
            "<div>".repeat(4_000),
            "</div>".repeat(4_000)
        ),
    );
    let start = std::time::Instant::now();
    for file in [&page, &divs] {
        let o = placard(&[
            "import",
            "--root",
            site.to_str().unwrap(),
            file.to_str().unwrap(),
        ]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.code().is_some(), "crashed: {err}");
        assert!(err.contains("nest more than"), "{err}");
    }
    assert!(start.elapsed() < std::time::Duration::from_secs(60));
    // An export nested without end, and a post whose body is.
    let deep = format!("{}{}", "<x>".repeat(200_000), "</x>".repeat(200_000));
    write(&tmp.path().join("deep.xml"), wxr(&deep));
    let o = placard(&[
        "migrate",
        tmp.path().join("deep.xml").to_str().unwrap(),
        "--root",
        tmp.path().join("s1").to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && o.status.code().is_some(), "{err}");
    assert!(err.contains("nested more than"), "{err}");
    let body = format!(
        "{}Deep text{}",
        "<span>".repeat(5_000),
        "</span>".repeat(5_000)
    );
    let item = format!(
        "<item><title>Deep</title><link>https://old.example/deep/</link>\
         <content:encoded><![CDATA[{body}]]></content:encoded><wp:post_id>1</wp:post_id>\
         <wp:post_date>2020-01-05 10:00:00</wp:post_date><wp:post_name>deep</wp:post_name>\
         <wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>"
    );
    write(&tmp.path().join("post.xml"), wxr(&item));
    let (report, _) = migrate_and_build(&tmp.path().join("post.xml"), &tmp.path().join("s2"));
    assert!(report.contains("plain text"), "{report}");
}

#[test]
fn yaml_nested_and_closed_on_one_line_is_refused_everywhere_it_is_read() {
    let (tmp, site) = site_copy("small");
    let deep = format!("{}1{}", "[".repeat(100), "]".repeat(100));
    write(
        &site.join("content/news/deep.md"),
        format!("---\ntitle: Deep\ndate: 2020-01-01\ntags: {deep}\n---\nText.\n"),
    );
    let o = placard(&["check", "--root", site.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(
        err.contains("content/news/deep.md:4: YAML nested more than"),
        "{err}"
    );
    // A Jekyll site's settings and a Hugo site's, and front matter of either.
    let jekyll = tmp.path().join("jekyll");
    write(
        &jekyll.join("_config.yml"),
        format!("title: Old\nx: {deep}\n"),
    );
    write(
        &jekyll.join("_posts/2020-01-01-a.md"),
        "---\ntitle: A\n---\nText.\n",
    );
    let hugo = tmp.path().join("hugo");
    write(
        &hugo.join("hugo.toml"),
        format!("title = 'Old'\nx = {deep}\n"),
    );
    write(
        &hugo.join("content/posts/a.md"),
        "---\ntitle: A\n---\nText.\n",
    );
    for (source, at) in [(&jekyll, "_config.yml"), (&hugo, "hugo.toml:2")] {
        let o = placard(&[
            "migrate",
            source.to_str().unwrap(),
            "--root",
            tmp.path().join("new").to_str().unwrap(),
        ]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(
            err.contains(at) && err.contains("nested more than"),
            "{err}"
        );
    }
    let post = format!("---\ntitle: B\nx: {deep}\n---\nText.\n");
    write(&jekyll.join("_config.yml"), "title: Old\n");
    write(&jekyll.join("_posts/2020-01-02-b.md"), &post);
    let o = placard(&[
        "migrate",
        jekyll.to_str().unwrap(),
        "--root",
        tmp.path().join("new").to_str().unwrap(),
    ]);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.status.code().is_some(), "{said}");
    assert!(said.contains("nested more than"), "{said}");
}

#[test]
fn atom_content_of_every_type_comes_across() {
    let tmp = tempfile::tempdir().unwrap();
    let feed = tmp.path().join("feed.atom");
    let entry = |n: u32, content: &str| {
        format!(
            "<entry><title type=\"text\">Entry {n}</title>\
             <link rel=\"alternate\" href=\"https://research.example/{n}/\"/>\
             <published>2020-01-0{n}T10:00:00Z</published>{content}</entry>"
        )
    };
    write(
        &feed,
        format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Research</title>\
             <link href=\"https://research.example/\"/>{}{}{}</feed>",
            entry(
                1,
                "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">\
                 <p>Markup <em>as written</em> in the feed.</p></div></content>"
            ),
            entry(
                2,
                "<content type=\"text\">Plain &lt;text&gt; with a bracket.</content>"
            ),
            entry(
                3,
                "<content type=\"html\">&lt;p&gt;Escaped markup.&lt;/p&gt;</content>"
            ),
        ),
    );
    let (_, out) = migrate_and_build(&feed, tmp.path());
    let page = |n: u32| {
        let found: Vec<_> = files_ending(&out, "index.html")
            .into_iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .filter(|html| html.contains(&format!("<h1>Entry {n}</h1>")))
            .collect();
        found.into_iter().next().unwrap_or_default()
    };
    assert!(page(1).contains("Markup <em>as written</em> in the feed."));
    assert!(page(2).contains("Plain &lt;text&gt; with a bracket."));
    assert!(page(3).contains("Escaped markup."));
}

#[test]
fn an_address_part_too_long_for_a_file_system_is_one_error_in_check_and_build() {
    let (tmp, site) = site_copy("small");
    let settings = std::fs::read_to_string(site.join("site.yaml")).unwrap();
    std::fs::write(
        site.join("site.yaml"),
        format!("{settings}slugs: unicode\n"),
    )
    .unwrap();
    // 78 letters of four bytes each: 312 bytes, one folder name.
    let tag = "𠀀".repeat(78);
    let old = "a".repeat(300);
    write(
        &site.join("content/news/long.md"),
        format!(
            "---\ntitle: Long\ndate: 2020-01-01\nsource: X\nauthor: Y\ntags: [\"{tag}\"]\n\
             aliases: [/{old}/]\n---\nText.\n"
        ),
    );
    let out = tmp.path().join("out");
    for args in [
        vec!["check", "--root", site.to_str().unwrap()],
        vec![
            "build",
            "--root",
            site.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ],
    ] {
        let o = placard(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{}: {err}", args[0]);
        assert_eq!(
            err.matches("more than a file system can hold").count(),
            2,
            "{err}"
        );
        assert!(err.contains("content/news/long.md"), "{err}");
        assert!(!err.contains("os error"), "{err}");
    }
    assert!(!out.exists());
}
